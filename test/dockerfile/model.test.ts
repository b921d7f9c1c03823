import { describe, expect, it } from 'vitest';
import type { Range } from '../../src/dockerfile/ast.js';
import {
  buildDockerfileModel,
  parseImageReference,
  rootBase,
  stagesNeededBy,
  type DockerfileModel,
  type InstructionModel,
  type StageModel,
} from '../../src/dockerfile/model.js';
import {
  parseArgPairs,
  parseNameValuePairs,
  splitCsvFields,
  splitOnBlanks,
  unquoteFlagValue,
} from '../../src/dockerfile/pairs.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';

function model(text: string): DockerfileModel {
  const ast = parseDockerfile(text);
  expect(ast.problems).toEqual([]);
  return buildDockerfileModel(ast);
}

function loc(r: Range): string {
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

/** The model of the n-th instruction with this keyword. */
function nth(m: DockerfileModel, keyword: string, n = 0): InstructionModel {
  const found = m.instructions.filter((i) => i.instruction.keyword === keyword)[n];
  if (!found) throw new Error(`no ${keyword} #${n}`);
  return found;
}

function stage(m: DockerfileModel, index: number): StageModel {
  return m.stages[index]!;
}

/** `NAME=value (certainty, origin)` for every variable in a scope. */
function scopeOf(i: { scope: ReadonlyMap<string, { value: string | undefined; certainty: string; origin: string }> }): string[] {
  return [...i.scope.entries()].map(([k, v]) => `${k}=${v.value ?? '<unset>'} (${v.certainty}, ${v.origin})`);
}

describe('stages', () => {
  it('reads lowercase instructions and lower-cases stage names', () => {
    const m = model('from alpine:3.20 as Build\nuser app\n');
    expect(m.stages).toHaveLength(1);
    expect(stage(m, 0)).toMatchObject({ index: 0, name: 'build', usedByFinal: true });
    expect(loc(stage(m, 0).nameSpan!.range)).toBe('1:21-1:26');
    expect(stage(m, 0).end.user?.value).toMatchObject({ value: 'app', known: true });
    expect(m.finalStage).toBe(stage(m, 0));
  });

  it('expands FROM with global ARGs, keeping the default and marking it overridable', () => {
    const m = model('ARG TAG=3.19\nFROM alpine:${TAG}\n');
    const base = stage(m, 0).base;
    expect(base.kind).toBe('image');
    if (base.kind !== 'image') return;
    expect(base.text.raw.value).toBe('alpine:${TAG}');
    expect(base.text.expansion).toMatchObject({ value: 'alpine:3.19', known: false, unknownVars: ['TAG'] });
    expect(base.image).toMatchObject({ repository: 'alpine', tag: '3.19', path: 'library/alpine', domain: 'docker.io' });
    expect(m.globalArgs.map((a) => a.instruction.index)).toEqual([0]);
    expect(m.globalScope.get('TAG')).toMatchObject({ value: '3.19', certainty: 'overridable', origin: 'arg' });
  });

  it('does not let stages see global ARGs until they re-declare them', () => {
    const m = model('ARG TAG=3.19\nFROM alpine\nLABEL before=$TAG\nARG TAG\nLABEL after=$TAG\n');
    const before = nth(m, 'LABEL', 0).pairs[0]!.value!.expansion;
    // Undeclared in a stage built on an image: the image's ENV might define it, so not certain.
    expect(before).toMatchObject({ value: '', known: false, undefinedVars: ['TAG'] });
    const after = nth(m, 'LABEL', 1).pairs[0]!.value!.expansion;
    expect(after).toMatchObject({ value: '3.19', known: false, undefinedVars: [], unknownVars: ['TAG'] });
    expect(nth(m, 'ARG', 1).pairs[0]!.binding).toMatchObject({ value: '3.19', certainty: 'overridable', origin: 'arg' });
  });

  it('expands FROM --platform against the builtin platform ARGs, which stay unknown', () => {
    const m = model('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n');
    expect(stage(m, 0).platform?.expansion).toMatchObject({
      value: '$BUILDPLATFORM',
      known: false,
      unknownVars: ['BUILDPLATFORM'],
    });
    expect(stage(m, 0).platform?.flag.name).toBe('platform');
  });

  it('keeps an image made of unknown parts visibly unknown', () => {
    const m = model('FROM golang:1.22-${TARGETARCH}\n');
    const base = stage(m, 0).base;
    if (base.kind !== 'image') throw new Error(base.kind);
    expect(base.text.expansion).toMatchObject({ value: 'golang:1.22-${TARGETARCH}', known: false });
    expect(base.image).toMatchObject({ tag: '1.22-${TARGETARCH}', valid: false });
  });

  it('marks FROM with an ARG that has no default as invalid in a plain build', () => {
    const m = model('ARG IMAGE\nFROM $IMAGE\n');
    const base = stage(m, 0).base;
    expect(base.kind).toBe('invalid');
    if (base.kind === 'invalid') expect(base.text?.expansion).toMatchObject({ value: '', known: false });
  });

  it('recognises scratch and earlier stages (by their lower-cased name)', () => {
    const m = model('FROM scratch AS Base\nFROM base\nFROM Base\n');
    expect(m.stages.map((s) => s.base.kind)).toEqual(['scratch', 'stage', 'image']);
    expect(stage(m, 1).parent).toBe(stage(m, 0));
    expect(rootBase(stage(m, 1)).kind).toBe('scratch');
  });

  it('resolves a stage base named through an ARG default', () => {
    const m = model('ARG BASE=builder\nFROM alpine AS builder\nFROM $BASE\n');
    const base = stage(m, 1).base;
    expect(base.kind).toBe('stage');
    if (base.kind === 'stage') expect(base.text.expansion.known).toBe(false);
  });
});

describe('image references', () => {
  it.each([
    ['alpine', undefined, 'alpine', undefined, undefined, 'docker.io', 'library/alpine'],
    ['library/alpine:3.20', undefined, 'library/alpine', '3.20', undefined, 'docker.io', 'library/alpine'],
    ['host:5000/app', 'host:5000', 'app', undefined, undefined, 'host:5000', 'app'],
    ['host:5000/team/app:1.2', 'host:5000', 'team/app', '1.2', undefined, 'host:5000', 'team/app'],
    ['app@sha256:' + 'a'.repeat(64), undefined, 'app', undefined, 'sha256:' + 'a'.repeat(64), 'docker.io', 'library/app'],
    ['host:5000/app:1.2@sha256:' + 'b'.repeat(64), 'host:5000', 'app', '1.2', 'sha256:' + 'b'.repeat(64), 'host:5000', 'app'],
    ['localhost/app:dev', 'localhost', 'app', 'dev', undefined, 'localhost', 'app'],
    ['ghcr.io/org/app:v1', 'ghcr.io', 'org/app', 'v1', undefined, 'ghcr.io', 'org/app'],
    ['index.docker.io/nginx', 'index.docker.io', 'nginx', undefined, undefined, 'docker.io', 'library/nginx'],
    ['Registry/app', 'Registry', 'app', undefined, undefined, 'Registry', 'app'],
  ])('%s', (text, registry, repository, tag, digest, domain, path) => {
    expect(parseImageReference(text)).toEqual({ text, registry, repository, tag, digest, domain, path, valid: true });
  });

  it.each(['Alpine', 'alpine:', 'app@sha256:short', 'a//b'])('%s is not a valid reference', (text) => {
    expect(parseImageReference(text).valid).toBe(false);
  });
});

describe('variables', () => {
  it('resolves ${X:-root} to the default while X may still be passed', () => {
    const m = model('FROM alpine\nARG APPUSER\nUSER ${APPUSER:-root}\n');
    expect(stage(m, 0).end.user?.value).toMatchObject({ value: 'root', known: false, unknownVars: ['APPUSER'] });
  });

  it('lets an ENV override an ARG of the same name, with a certain value', () => {
    const m = model('FROM alpine\nARG V=1\nENV V=2\nUSER $V\n');
    expect(nth(m, 'USER').args[0]!.expansion).toMatchObject({ value: '2', known: true });
    expect(stage(m, 0).end.scope.get('V')).toMatchObject({ value: '2', certainty: 'fixed', origin: 'env' });
  });

  it('lets a later bare ARG make an ENV value overridable (BuildKit: the latest wins)', () => {
    const m = model('FROM alpine\nENV V=2\nARG V\nUSER $V\n');
    expect(nth(m, 'USER').args[0]!.expansion).toMatchObject({ value: '2', known: false, unknownVars: ['V'] });
  });

  it('expands every ENV pair against the scope before the instruction', () => {
    const m = model('FROM scratch\nENV A=1\nENV A=2 B=$A\n');
    expect(nth(m, 'ENV', 1).pairs.map((p) => [p.key.expansion.value, p.value?.expansion.value])).toEqual([
      ['A', '2'],
      ['B', '1'],
    ]);
  });

  it('applies ARG pairs one after the other', () => {
    const m = model('FROM scratch\nARG A=1 B=${A}2\n');
    expect(scopeOf(stage(m, 0).end)).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin (fixed, builtin)',
      'A=1 (overridable, arg)',
      'B=12 (overridable, arg)',
    ]);
  });

  it('reads the legacy ENV form as one pair whose value is the rest of the line', () => {
    const m = model('FROM scratch\nENV GREETING hello   "big" world\n');
    const pair = nth(m, 'ENV').pairs[0]!;
    expect(pair.key.expansion.value).toBe('GREETING');
    expect(pair.value?.raw.value).toBe('hello   "big" world');
    expect(pair.value?.expansion.value).toBe('hello   big world');
  });

  it('removes quotes and keeps ranges for ENV and LABEL pairs across continuations', () => {
    const m = model('FROM scratch\nENV a=b c="d e" \\\n  f=g\nLABEL "org.label"="v 1"\n');
    const env = nth(m, 'ENV');
    expect(env.pairs.map((p) => [p.key.expansion.value, p.value?.expansion.value])).toEqual([
      ['a', 'b'],
      ['c', 'd e'],
      ['f', 'g'],
    ]);
    expect(env.pairs.map((p) => `${loc(p.key.raw.range)} ${loc(p.value!.raw.range)}`)).toEqual([
      '2:5-2:6 2:7-2:8',
      '2:9-2:10 2:11-2:16',
      '3:3-3:4 3:5-3:6',
    ]);
    const label = nth(m, 'LABEL').pairs[0]!;
    expect([label.key.expansion.value, label.value?.expansion.value, label.binding]).toEqual(['org.label', 'v 1', undefined]);
  });

  it('makes predefined ARGs usable in a stage only after ARG, and keeps them unknown', () => {
    const m = model('FROM alpine\nLABEL a=$TARGETARCH\nARG TARGETARCH HTTP_PROXY\nLABEL b=$TARGETARCH c=$HTTP_PROXY\n');
    expect(nth(m, 'LABEL', 0).pairs[0]!.value!.expansion).toMatchObject({ value: '', undefinedVars: ['TARGETARCH'] });
    const after = nth(m, 'LABEL', 1).pairs.map((p) => p.value!.expansion);
    expect(after[0]).toMatchObject({ value: '$TARGETARCH', known: false, undefinedVars: [] });
    expect(after[1]).toMatchObject({ value: '', known: false, unknownVars: ['HTTP_PROXY'], undefinedVars: [] });
    expect(scopeOf(stage(m, 0).end)).toEqual(['TARGETARCH=<unset> (opaque, arg)', 'HTTP_PROXY=<unset> (overridable, arg)']);
  });

  it('treats undeclared names in a scratch stage as certainly empty', () => {
    const m = model('FROM scratch\nUSER $NOPE\n');
    expect(stage(m, 0).end.user?.value).toMatchObject({ value: '', known: true, undefinedVars: ['NOPE'] });
  });

  it('maps variable references back to the file, across continuations', () => {
    const m = model('FROM scratch\nENV A=1 \\\n    B=x${A}y$A\n');
    const b = nth(m, 'ENV').pairs[1]!.value!;
    expect(b.expansion.references.map((r) => r.name)).toEqual(['A', 'A']);
    expect(b.referenceRanges?.map(loc)).toEqual(['3:8-3:12', '3:13-3:15']);
  });

  it('expands global ARG defaults with the builtins and earlier global ARGs', () => {
    const m = model('ARG OS=linux PLATFORM=$OS/${TARGETARCH}\nARG OS\nFROM --platform=$PLATFORM alpine\n');
    expect(m.globalScope.get('PLATFORM')).toMatchObject({ value: 'linux/${TARGETARCH}', certainty: 'overridable' });
    expect(m.globalScope.get('OS')).toMatchObject({ value: 'linux', certainty: 'overridable', origin: 'arg' });
    expect(stage(m, 0).platform?.expansion).toMatchObject({ value: 'linux/${TARGETARCH}', unknownVars: ['PLATFORM'] });
  });

  it('honours the backtick escape directive', () => {
    const m = model('# escape=`\nFROM scratch\nENV X=a\nWORKDIR C:\\`$X\\$X\n');
    expect(nth(m, 'WORKDIR').args[0]!.expansion.value).toBe('C:\\$X\\a');
  });
});

describe('per-instruction state', () => {
  it('tracks USER, WORKDIR and SHELL as in effect before each instruction', () => {
    const m = model(
      'FROM alpine\nRUN a\nUSER app\nWORKDIR /srv\nWORKDIR data/../www\nSHELL ["/bin/bash", "-c"]\nRUN b\n',
    );
    const first = nth(m, 'RUN', 0);
    expect(first.user).toBeUndefined();
    expect(first.workdir).toEqual({ path: '/', known: false, instruction: undefined });
    expect(first.shell).toEqual({ command: ['/bin/sh', '-c'], instruction: undefined });
    const last = nth(m, 'RUN', 1);
    expect(last.user?.value.value).toBe('app');
    expect(last.user?.instruction.index).toBe(2);
    expect(last.workdir).toMatchObject({ path: '/srv/www', known: true });
    expect(last.workdir.instruction?.index).toBe(4);
    expect(last.shell.command).toEqual(['/bin/bash', '-c']);
    expect(nth(m, 'USER').user).toBeUndefined();
  });

  it('knows a relative WORKDIR only on a base whose WORKDIR is known', () => {
    const image = model('FROM alpine\nWORKDIR app\n');
    expect(image.stages[0]!.end.workdir).toMatchObject({ path: '/app', known: false });
    const scratch = model('FROM scratch\nWORKDIR app\n');
    expect(scratch.stages[0]!.end.workdir).toMatchObject({ path: '/app', known: true });
  });

  it('inherits ENV, ARGs, USER, WORKDIR and SHELL from a parent stage', () => {
    const m = model(
      [
        'FROM alpine AS builder',
        'ARG VERSION=1.0',
        'ENV HOME=/home/app',
        'USER app',
        'WORKDIR /src',
        'SHELL ["/bin/ash", "-c"]',
        'FROM builder AS final',
        'RUN make',
        '',
      ].join('\n'),
    );
    const final = stage(m, 1);
    expect(final.parent).toBe(stage(m, 0));
    const run = nth(m, 'RUN');
    expect(run.stage).toBe(final);
    expect(run.user?.value.value).toBe('app');
    expect(run.user?.stage).toBe(stage(m, 0));
    expect(run.workdir.path).toBe('/src');
    expect(run.shell.command).toEqual(['/bin/ash', '-c']);
    expect(scopeOf(run)).toEqual(['VERSION=1.0 (overridable, arg)', 'HOME=/home/app (fixed, env)']);
  });

  it('expands COPY/ADD words and flags, but not --from', () => {
    const m = model('FROM scratch\nENV U=app D=/dst\nCOPY --chown=$U:$U --chmod=0644 a "b" $D/\nADD --checksum=sha256:$U x y\n');
    const copy = nth(m, 'COPY');
    expect(copy.flags.map((f) => [f.flag.name, f.expansion.value])).toEqual([
      ['chown', 'app:app'],
      ['chmod', '0644'],
    ]);
    expect(copy.args.map((a) => [a.raw.value, a.expansion.value])).toEqual([
      ['a', 'a'],
      ['"b"', 'b'],
      ['$D/', '/dst/'],
    ]);
    expect(nth(m, 'ADD').flags.map((f) => f.expansion.value)).toEqual(['sha256:app']);
  });

  it('expands COPY heredoc bodies unless the delimiter is quoted', () => {
    const m = model("FROM scratch\nENV U=app\nCOPY <<EOF <<'RAW' /dst/\nuser=\"$U\"\nEOF\nuser=$U\nRAW\n");
    const copy = nth(m, 'COPY');
    expect(copy.heredocs.map((h) => h?.value)).toEqual(['user="app"\n', undefined]);
    expect(copy.args.map((a) => a.raw.value)).toEqual(['<<EOF', "<<'RAW'", '/dst/']);
  });

  it('splits COPY words before expansion, as BuildKit does', () => {
    const m = model('FROM scratch\nARG FILES="a b"\nCOPY $FILES /dst/\n');
    expect(nth(m, 'COPY').args.map((a) => a.expansion.value)).toEqual(['a b', '/dst/']);
  });

  it('expands JSON-form elements of COPY and VOLUME', () => {
    const m = model('FROM scratch\nENV D=/data\nVOLUME ["$D", "/logs"]\nCOPY ["a b", "$D/"]\n');
    expect(nth(m, 'VOLUME').args.map((a) => a.expansion.value)).toEqual(['/data', '/logs']);
    expect(nth(m, 'COPY').args.map((a) => [a.raw.value, a.expansion.value])).toEqual([
      ['"a b"', 'a b'],
      ['"$D/"', '/data/'],
    ]);
  });

  it('splits EXPOSE ports after expansion', () => {
    const m = model('FROM scratch\nARG PORTS="80 443"\nEXPOSE $PORTS 8080/tcp\n');
    expect(nth(m, 'EXPOSE').args.map((a) => a.expansion.words)).toEqual([['80', '443'], ['8080/tcp']]);
  });

  it('does not expand RUN, CMD or ENTRYPOINT', () => {
    const m = model('FROM scratch\nENV X=1\nRUN echo $X\nCMD echo $X\nENTRYPOINT ["$X"]\n');
    expect(['RUN', 'CMD', 'ENTRYPOINT'].map((k) => nth(m, k).args)).toEqual([[], [], []]);
  });

  it('keeps ONBUILD triggers reachable without running them', () => {
    const m = model('FROM alpine\nUSER app\nONBUILD USER root\nONBUILD ENV X=1\n');
    const onbuild = nth(m, 'ONBUILD');
    expect(onbuild.onbuild).toMatchObject({ deferred: true });
    expect(onbuild.onbuild?.instruction.keyword).toBe('USER');
    expect(onbuild.onbuild?.args[0]!.expansion.value).toBe('root');
    expect(stage(m, 0).end.user?.value.value).toBe('app');
    expect(stage(m, 0).end.scope.has('X')).toBe(false);
    expect(stage(m, 0).instructions.map((i) => i.instruction.keyword)).toEqual(['USER', 'ONBUILD', 'ONBUILD']);
  });
});

describe('fragments without FROM', () => {
  it('puts everything in one implicit stage with an unknown base', () => {
    const m = model('ARG U=app\nUSER $U\nRUN id\n');
    expect(m.stages).toHaveLength(1);
    expect(stage(m, 0)).toMatchObject({ index: 0, name: undefined, from: undefined, base: { kind: 'unknown' } });
    expect(m.globalArgs).toEqual([]);
    expect(stage(m, 0).end.user?.value).toMatchObject({ value: 'app', known: false });
    expect(m.finalStage).toBe(stage(m, 0));
    expect(m.instructions.map((i) => i.stage?.index)).toEqual([0, 0, 0]);
  });

  it('starts the implicit stage at the first non-ARG before a FROM', () => {
    const m = model('ARG A=1\nUSER root\nFROM alpine\n');
    expect(m.globalArgs.map((a) => a.instruction.keyword)).toEqual(['ARG']);
    expect(m.stages.map((s) => s.base.kind)).toEqual(['unknown', 'image']);
    expect(nth(m, 'USER').stage).toBe(stage(m, 0));
  });
});

describe('build graph', () => {
  const text = [
    'FROM golang:1.22 AS Builder',
    'RUN go build',
    'FROM alpine AS tools',
    'FROM node:20 AS unused',
    'FROM scratch',
    'COPY --from=0 /app /app',
    'COPY --from=BUILDER /app /app2',
    'COPY --from=nginx:1.25 /etc/nginx /etc/nginx',
    'RUN --mount=type=cache,target=/root/.cache,from=tools --mount=type=secret,id=tok true',
    '',
  ].join('\n');

  it('resolves COPY --from by index, by case-insensitive name, and as an image', () => {
    const m = model(text);
    const [byIndex, byName, image] = m.instructions.filter((i) => i.instruction.keyword === 'COPY').map((i) => i.copyFrom);
    expect(byIndex).toMatchObject({ kind: 'stage', by: 'index', text: '0' });
    expect(byName).toMatchObject({ kind: 'stage', by: 'name', text: 'BUILDER' });
    if (byIndex?.kind === 'stage' && byName?.kind === 'stage') {
      expect(byIndex.stage).toBe(stage(m, 0));
      expect(byName.stage).toBe(stage(m, 0));
    }
    expect(image).toMatchObject({ kind: 'image', image: { repository: 'nginx', tag: '1.25' } });
  });

  it('parses RUN mounts and resolves their from', () => {
    const m = model(text);
    const [cache, secret] = nth(m, 'RUN', 1).mounts;
    expect(cache).toMatchObject({ type: 'cache', valid: true, from: { kind: 'stage', by: 'name' } });
    expect(cache?.options.get('target')?.value).toBe('/root/.cache');
    expect(secret).toMatchObject({ type: 'secret', from: undefined });
    expect(secret?.options.get('id')?.value).toBe('tok');
  });

  it('knows which stages the final stage needs', () => {
    const m = model(text);
    expect(m.finalStage?.index).toBe(3);
    expect(stage(m, 3).dependencies.map((d) => `${d.kind}:${d.stage.index}@${d.instruction.index}`)).toEqual([
      'copy:0@5',
      'copy:0@6',
      'mount:1@8',
    ]);
    expect(m.stages.map((s) => s.usedByFinal)).toEqual([true, true, false, true]);
    expect(stagesNeededBy(stage(m, 3)).map((s) => s.index)).toEqual([3, 0, 1]);
  });

  it('rejects variables and bad indexes in --from, and allows later stages', () => {
    const m = model('FROM alpine AS a\nCOPY --from=$X /a /a\nCOPY --from=7 /a /a\nCOPY --from=b /a /a\nFROM alpine AS b\n');
    expect(m.instructions.filter((i) => i.copyFrom).map((i) => i.copyFrom?.kind)).toEqual(['invalid', 'invalid', 'stage']);
    expect(nth(m, 'COPY', 0).copyFrom).toEqual({ kind: 'invalid', text: '$X', reason: 'variable' });
    expect(nth(m, 'COPY', 1).copyFrom).toEqual({ kind: 'invalid', text: '7', reason: 'index-out-of-range' });
    expect(stage(m, 0).dependencies.map((d) => d.stage.index)).toEqual([1]);
  });

  it('follows a parent stage ONBUILD COPY --from into the child', () => {
    const m = model('FROM alpine AS assets\nFROM alpine AS base\nONBUILD COPY --from=assets /a /a\nFROM base\n');
    expect(stage(m, 1).dependencies).toEqual([]);
    expect(stage(m, 2).dependencies.map((d) => `${d.kind}:${d.stage.index}`)).toEqual(['from:1', 'onbuild:0']);
    expect(m.stages.map((s) => s.usedByFinal)).toEqual([true, true, true]);
  });
});

describe('argument splitting helpers', () => {
  it('splits on blanks only, like BuildKit for FROM, COPY and EXPOSE', () => {
    expect(splitOnBlanks('a  "b c"\td').map((w) => w.text)).toEqual(['a', '"b', 'c"', 'd']);
  });

  it('parses ENV pairs, including a quoted = that Docker still splits on', () => {
    expect(parseNameValuePairs('a=1 "b=2"', '\\').pairs.map((p) => [p.key.text, p.value?.text])).toEqual([
      ['a', '1'],
      ['"b', '2"'],
    ]);
    expect(parseNameValuePairs('a=1 b', '\\').invalid.map((w) => w.text)).toEqual(['b']);
    expect(parseNameValuePairs('KEY', '\\')).toMatchObject({ legacy: true, pairs: [] });
  });

  it('parses ARG names with and without defaults', () => {
    expect(parseArgPairs('A B="x y" =bad', '\\')).toMatchObject({
      pairs: [
        { key: { text: 'A' }, value: undefined },
        { key: { text: 'B', start: 2, end: 3 }, value: { text: '"x y"', start: 4, end: 9 } },
      ],
      invalid: [{ text: '=bad' }],
    });
  });

  it('unquotes flag values and splits mount CSV', () => {
    expect(unquoteFlagValue(`"a b"'c'\\d`, '\\')).toBe('a bcd');
    expect(splitCsvFields('type=bind,"source=a,b",ro')?.map((f) => f.value)).toEqual(['type=bind', 'source=a,b', 'ro']);
    expect(splitCsvFields('a="b')).toBeUndefined();
  });
});
