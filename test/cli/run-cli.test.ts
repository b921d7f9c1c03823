import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { CliError, formatErrorLine, fsError } from '../../src/cli/errors.js';
import type { CliIo } from '../../src/cli/io.js';
import { exitCodeFor, useColor } from '../../src/cli/lint-run.js';
import { decodeText } from '../../src/cli/read-input.js';
import { protectStdinArgs, restoreStdinArg } from '../../src/cli/stdin-arg.js';
import type { Finding } from '../../src/engine/finding.js';
import { CLEAN_DOCKERFILE, makeTempDir, removeTempDir } from './helpers.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** An in-memory CliIo; `failStdout` makes writing the report throw, to reach the internal-error path. */
function memoryIo(cwd: string, options: { env?: Record<string, string>; stdin?: string; failStdout?: Error } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    cwd,
    env: options.env ?? {},
    stdin: Readable.from([Buffer.from(options.stdin ?? '')]),
    stdoutIsTTY: false,
    writeStdout: async (text) => {
      if (options.failStdout) throw options.failStdout;
      out.push(text);
    },
    writeStderr: (text) => {
      err.push(text);
    },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
  // Exactly one finding: the unterminated heredoc's syntax-error.
  await writeFile(join(dir, 'Dockerfile'), `${CLEAN_DOCKERFILE}RUN <<EOF\n`);
});
afterEach(async () => {
  await removeTempDir(dir);
});

describe('runCli in-process', () => {
  it('returns the exit code instead of exiting', async () => {
    const mem = memoryIo(dir);
    expect(await runCli(['lint', '--format', 'json'], mem.io)).toBe(1);
    expect(JSON.parse(mem.stdout()).findings).toHaveLength(1);
  });

  it('an unexpected error becomes one line and exit 2', async () => {
    const mem = memoryIo(dir, { failStdout: new TypeError('boom') });
    expect(await runCli(['lint'], mem.io)).toBe(2);
    expect(mem.stderr()).toBe('drydock: internal error: TypeError: boom (set DRYDOCK_DEBUG=1 for a stack trace)\n');
  });

  it('DRYDOCK_DEBUG=1 adds the stack trace', async () => {
    const mem = memoryIo(dir, { failStdout: new TypeError('boom'), env: { DRYDOCK_DEBUG: '1' } });
    expect(await runCli(['lint'], mem.io)).toBe(2);
    const [first, ...rest] = mem.stderr().trimEnd().split('\n');
    expect(first).toMatch(/^drydock: internal error: TypeError: boom/);
    expect(rest.join('\n')).toMatch(/TypeError: boom\n\s+at /);
  });

  it('reads stdin through the io, not the process', async () => {
    const mem = memoryIo(dir, { stdin: CLEAN_DOCKERFILE });
    expect(await runCli(['lint', '-'], mem.io)).toBe(0);
    expect(mem.stdout()).toBe('');
    expect(mem.stderr()).toBe('');
  });
});

describe('error lines', () => {
  it('name the subject and the problem, with an optional hint', () => {
    expect(formatErrorLine(new CliError('no such file', 'a/Dockerfile'))).toBe('drydock: a/Dockerfile: no such file');
    expect(formatErrorLine(new CliError('bad\n  thing', undefined, 'try this'))).toBe('drydock: bad; thing (try this)');
  });

  it('word errno codes plainly', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT' });
    expect(fsError(enoent, 'x').message).toBe('no such file');
    const odd = Object.assign(new Error("EROFS: read-only file system, open 'x'"), { code: 'EROFS' });
    expect(fsError(odd, 'x').message).toBe('read-only file system');
  });
});

describe('exit codes and colour', () => {
  const finding = (severity: Finding['severity']): Finding => ({
    ruleId: 'r',
    severity,
    message: 'm',
    location: { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 2 },
    fingerprint: 'f1',
  });

  it.each([
    ['note', 'warning', 0],
    ['warning', 'warning', 1],
    ['error', 'warning', 1],
    ['note', 'note', 1],
    ['warning', 'error', 0],
    ['error', 'none', 0],
  ] as const)('a %s finding with --fail-on %s exits %i', (severity, failOn, code) => {
    expect(exitCodeFor([finding(severity)], failOn)).toBe(code);
  });

  it('no findings exit 0 at any threshold', () => {
    expect(exitCodeFor([], 'note')).toBe(0);
  });

  it('colour follows the flag, then NO_COLOR, FORCE_COLOR and the terminal', () => {
    const tty = { env: {}, stdoutIsTTY: true };
    expect(useColor(undefined, tty, false)).toBe(true);
    expect(useColor(undefined, tty, true)).toBe(false);
    expect(useColor(undefined, { env: { NO_COLOR: '1' }, stdoutIsTTY: true }, false)).toBe(false);
    expect(useColor(undefined, { env: { TERM: 'dumb' }, stdoutIsTTY: true }, false)).toBe(false);
    expect(useColor(undefined, { env: { FORCE_COLOR: '0' }, stdoutIsTTY: true }, false)).toBe(false);
    expect(useColor(undefined, { env: { FORCE_COLOR: '1' }, stdoutIsTTY: false }, false)).toBe(true);
    expect(useColor(false, tty, false)).toBe(false);
    expect(useColor(true, { env: { NO_COLOR: '1' }, stdoutIsTTY: false }, true)).toBe(true);
  });
});

describe('input decoding', () => {
  it('keeps a byte-order mark for the parser to record', () => {
    expect(decodeText(Buffer.from('\uFEFFFROM x\n'), 'f')).toBe('\uFEFFFROM x\n');
  });

  it('rejects NUL bytes within the first 8 KiB and invalid UTF-8', () => {
    expect(() => decodeText(Buffer.from('FROM x\0'), 'f')).toThrow('not a text file (binary data)');
    expect(() => decodeText(Buffer.from([0x46, 0xc3, 0x28]), 'f')).toThrow('not a text file (invalid UTF-8)');
  });

  it('accepts multi-byte UTF-8', () => {
    expect(decodeText(Buffer.from('LABEL name="café ☕ 日本"\n'), 'f')).toBe('LABEL name="café ☕ 日本"\n');
  });
});

describe('stdin argument protection', () => {
  it('replaces bare dashes before -- and restores them', () => {
    const protectedArgs = protectStdinArgs(['lint', '-', 'a', '--', '-']);
    expect(protectedArgs[1]).not.toBe('-');
    expect(protectedArgs[4]).toBe('-');
    expect(protectedArgs.map(restoreStdinArg)).toEqual(['lint', '-', 'a', '--', '-']);
  });
});
