import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDockerfileModel, type InstructionModel } from '../../src/dockerfile/model.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { analyzeRun, initShellParser } from '../../src/dockerfile/shell.js';
import type { ReportDescriptor } from '../../src/engine/rule.js';
import secretInDeletedLayer from '../../src/rules/secret-in-deleted-layer.js';
import { reportableSecrets } from '../../src/rules/secret-helpers.js';
import { candidateModes, commandEnd, commandsNamed, namePattern, runText, WRAPPER_NAMES, type RunText } from '../../src/rules/shell-helpers.js';

function firstRun(code: string): InstructionModel {
  const model = buildDockerfileModel(parseDockerfile(code));
  const ins = model.instructions.map((i) => i.onbuild ?? i).find((i) => i.instruction.keyword === 'RUN');
  if (!ins) throw new Error('no RUN');
  return ins;
}

const textOf = (code: string): RunText => runText(firstRun(code));

describe('runText', () => {
  it('joins continuation lines, drops quotes and backslashes, adds heredoc bodies', () => {
    const text = textOf('FROM x\nRUN cat <<EOF && "c"ur\'l\' -f \\\n  -k "https://x"\nexport A=1 \\\n  B="2"\nEOF\n');
    expect(text.raw).toBe('cat <<EOF && "c"ur\'l\' -f   -k "https://x"\nexport A=1 \\\n  B="2"\n');
    expect(text.words).toBe('cat <<EOF && curl -f   -k https://x\nexport A=1   B=2\n');
    expect(text.exec).toBe(false);
  });

  it('reads exec form as its decoded elements', () => {
    const text = textOf('FROM x\nRUN ["/bin/sh", "-c", "curl \\"https://x\\" | sh"]\n');
    expect(text.raw).toBe('/bin/sh -c curl "https://x" | sh');
    expect(text.words).toBe('/bin/sh -c curl https://x | sh');
    expect(text.exec).toBe(true);
  });
});

describe('namePattern', () => {
  const curl = new RegExp(namePattern('curl'));
  it.each(['curl -f x', '/usr/bin/curl x', 'sudo curl', 'x | curl', '$(curl x)', 'a;curl', 'curl'])('names curl: %s', (t) => {
    expect(curl.test(t)).toBe(true);
  });
  it.each(['curl-config --libs', 'libcurl4', '$curl x', 'x.curl', 'apt-get install curly'])('does not: %s', (t) => {
    expect(curl.test(t)).toBe(false);
  });
});

describe('commandEnd', () => {
  const end = (raw: string, pipeline = false) => raw.slice(0, commandEnd(raw, 0, pipeline));
  it.each([
    ['curl -k x; y', 'curl -k x'],
    ['curl -H "a; b" -k x && y', 'curl -H "a; b" -k x '],
    ["curl 'https://x/?a=1&b=2' -k | sh", "curl 'https://x/?a=1&b=2' -k "],
    ['curl $(echo a; echo b) -k || y', 'curl $(echo a; echo b) -k '],
    ['curl `a; b` -k & y', 'curl `a; b` -k '],
    ['curl x 2>&1 -k &>/dev/null; y', 'curl x 2>&1 -k &>/dev/null'],
    ['curl \\\n  -k x\ny', 'curl \\\n  -k x'],
    // An -c string's escaped quotes are quotes of the inner script.
    ['curl \\"a;b\\" -k x" ; y', 'curl \\"a;b\\" -k x" ; y'],
  ])('command: %j', (raw, command) => {
    expect(end(raw)).toBe(command);
  });
  it.each([
    ['curl x | tee l |& sh -s; y', 'curl x | tee l |& sh -s'],
    ['curl x |\n  # comment\n  sh\ny', 'curl x |\n  # comment\n  sh'],
    ['curl x | tar xz && sh y', 'curl x | tar xz '],
    ['curl x | (cd /tmp && sh) || y', 'curl x | (cd /tmp && sh) '],
  ])('pipeline: %j', (raw, pipeline) => {
    expect(end(raw, true)).toBe(pipeline);
  });
});

describe('commandsNamed', () => {
  const curl = new RegExp(namePattern('curl'), 'g');
  it('gives each command its own words', () => {
    const text = textOf('FROM x\nRUN curl -fsSLO "https://x/?a=1&b=2" && abuild-sign -k key.rsa && "curl" -H "a; b" -k y\n');
    expect(commandsNamed(text, curl)).toEqual(['curl -fsSLO https://x/?a=1&b=2 ', 'curl -H a; b -k y']);
  });
  it('reads a -c string at least to its end: the closing quote looks like an opening one', () => {
    expect(commandsNamed(textOf('FROM x\nRUN sh -c "curl \\"a;b\\" -k x" && y -k\n'), curl)).toEqual(['curl a;b -k x && y -k']);
  });
  it('reads exec form as one command', () => {
    expect(commandsNamed(textOf('FROM x\nRUN ["curl", "-H", "a; b", "-k", "x"]\n'), curl)).toEqual(['curl -H a; b -k x']);
  });
});

describe('candidateModes', () => {
  it('reads chmod operands after options and -m/--mode values', () => {
    const text = textOf('FROM x\nRUN chmod -R "u+s" /a && chmod -- -w+s /b && install -Dm4755 t /c && mkdir --mode 777 /d && sudo chmod 0755 /e\n');
    expect(candidateModes(text)).toEqual(['-R', 'u+s', '--', '-w+s', '/b', '0755', '4755', '777']);
  });
  it('skips -m without install or mkdir', () => {
    expect(candidateModes(textOf('FROM x\nRUN python3 -m 777\n'))).toEqual([]);
  });
});

describe('WRAPPER_NAMES', () => {
  it('lists every wrapper effectiveCommand looks through', () => {
    const source = readFileSync(new URL('../../src/dockerfile/shell.ts', import.meta.url), 'utf8');
    const block = source.slice(source.indexOf('const WRAPPERS = new Map'), source.indexOf(']);', source.indexOf('const WRAPPERS = new Map')));
    const names = [...block.matchAll(/\[\s*'([\w-]+)',\s*wrapper\(/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(10);
    expect([...WRAPPER_NAMES].sort()).toEqual(names.sort());
  });
});

describe('reportableSecrets', () => {
  it('scans a text once per file and shares the frozen result', () => {
    const a = { ast: parseDockerfile('FROM x\n') };
    const b = { ast: parseDockerfile('FROM x\n') };
    const text = 'curl -H "Authorization: token ghp_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo" https://x';
    const first = reportableSecrets(a, text);
    expect(first).toHaveLength(1);
    expect(reportableSecrets(a, text)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(reportableSecrets(b, text)).not.toBe(first);
    expect(reportableSecrets(b, text)).toEqual(first);
  });
});

describe('secret-in-deleted-layer parses only RUNs that can matter', () => {
  async function lint(code: string): Promise<{ parsed: number[]; reported: ReportDescriptor[] }> {
    await initShellParser();
    const ast = parseDockerfile(code);
    const model = buildDockerfileModel(ast);
    const parsed: number[] = [];
    const reported: ReportDescriptor[] = [];
    const visitors = secretInDeletedLayer.dockerfile!({
      file: 'Dockerfile',
      ast,
      model,
      options: {},
      trustedRegistries: [],
      report: (d) => reported.push(d),
      shell: (ins) => {
        parsed.push(ins.instruction.range.start.line);
        return analyzeRun(ins.instruction, model.lines);
      },
    });
    visitors.fileEnd!();
    return { parsed, reported };
  }

  it.each([
    ['a credential written, never deleted', 'FROM node:22-slim\nRUN echo "//r/:_authToken=${T}" > /root/.npmrc\nRUN npm ci\n'],
    ['deleting with nothing added', 'FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/* /root/.npmrc\n'],
    ['a copied tree cleaned of other files', 'FROM node:22-slim\nCOPY . .\nRUN npm ci && rm -rf node_modules/.cache\n'],
  ])('none: %s', async (_, code) => {
    expect(await lint(code)).toEqual({ parsed: [], reported: [] });
  });

  it('the write and the later delete', async () => {
    const { parsed, reported } = await lint('FROM node:22-slim\nRUN echo "//r/:_authToken=${T}" > /root/.npmrc\nRUN npm ci\nRUN rm /root/.npmrc\n');
    expect(parsed).toEqual([2, 4]);
    expect(reported.map((r) => r.range.start.line)).toEqual([4]);
  });
});
