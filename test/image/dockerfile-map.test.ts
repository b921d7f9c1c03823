import { describe, expect, it } from 'vitest';
import { buildDockerfileModel } from '../../src/dockerfile/model.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import type { HistoryEntry } from '../../src/image/config.js';
import { classifyStep, mapHistory } from '../../src/image/dockerfile-map.js';

function history(...createdBy: string[]): HistoryEntry[] {
  return createdBy.map((c) => ({ createdBy: c, shown: c, emptyLayer: false, created: undefined, comment: undefined }));
}

function lineOf(text: string, h: HistoryEntry[]): (number | undefined)[] {
  const map = mapHistory(h, buildDockerfileModel(parseDockerfile(text)));
  return h.map((_, i) => map.get(i)?.instruction.range.start.line);
}

describe('history steps', () => {
  it.each([
    ['/bin/sh -c #(nop)  ENV A=b', 'ENV', 'A=b'],
    ['/bin/sh -c #(nop) COPY file:abc in /app/x ', 'COPY', 'file:abc in /app/x'],
    ['/bin/sh -c apt-get update', 'RUN', 'apt-get update'],
    ['|2 A=1 B=2 /bin/sh -c make', 'RUN', 'make'],
    ['RUN /bin/sh -c make install # buildkit', 'RUN', 'make install'],
    ['RUN |1 TOKEN=x /bin/sh -c make # buildkit', 'RUN', 'make'],
    ['COPY src /dst # buildkit', 'COPY', 'src /dst'],
    ['USER app', 'USER', 'app'],
    ['/bin/busybox --install -s', 'RUN', '/bin/busybox --install -s'],
  ])('%s', (createdBy, keyword, text) => {
    expect(classifyStep(createdBy)).toEqual({ keyword, text });
  });
});

describe('mapping history to the Dockerfile', () => {
  const dockerfile = [
    'FROM debian:12',
    'ENV APP=/app',
    'COPY app.tar /app/',
    'RUN tar -xf /app/app.tar \\',
    '    && rm /app/app.tar',
    'RUN useradd app',
    'USER app',
    '',
  ].join('\n');

  it('aligns the end of a legacy history; the base image’s steps stay unmapped', () => {
    const h = history(
      '/bin/sh -c #(nop) ADD file:base in / ',
      '/bin/sh -c #(nop)  CMD ["bash"]',
      '/bin/sh -c #(nop)  ENV APP=/app',
      '/bin/sh -c #(nop) COPY file:1234 in /app/ ',
      '/bin/sh -c tar -xf /app/app.tar     && rm /app/app.tar',
      '/bin/sh -c useradd app',
      '/bin/sh -c #(nop)  USER app',
    );
    expect(lineOf(dockerfile, h)).toEqual([undefined, undefined, 2, 3, 4, 6, 7]);
  });

  it('aligns BuildKit history', () => {
    const h = history(
      '/bin/sh -c #(nop) ADD file:base in / ',
      'ENV APP=/app',
      'COPY app.tar /app/ # buildkit',
      'RUN /bin/sh -c tar -xf /app/app.tar     && rm /app/app.tar # buildkit',
      'RUN /bin/sh -c useradd app # buildkit',
      'USER app',
    );
    expect(lineOf(dockerfile, h)).toEqual([undefined, 2, 3, 4, 6, 7]);
  });

  it('a step missing from the history shifts nothing', () => {
    const h = history('/bin/sh -c #(nop) ADD file:base in / ', '/bin/sh -c #(nop) COPY file:1234 in /app/ ', '/bin/sh -c useradd app', '/bin/sh -c #(nop)  USER app');
    expect(lineOf(dockerfile, h)).toEqual([undefined, 3, 6, 7]);
  });

  it('follows FROM <stage>: the parent stage’s steps come first', () => {
    const text = ['FROM alpine AS base', 'RUN apk add curl', 'FROM base', 'RUN curl --version', ''].join('\n');
    const h = history('/bin/sh -c #(nop) ADD file:a in / ', '/bin/sh -c apk add curl', '/bin/sh -c curl --version');
    expect(lineOf(text, h)).toEqual([undefined, 2, 4]);
  });
});
