import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chmod, mkdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CLEAN_DOCKERFILE,
  CLI,
  canDropPrivileges,
  ensureBuilt,
  makeTempDir,
  parseJsonReport,
  removeTempDir,
  runDrydock,
  type RunOptions,
} from './helpers.js';

let dir: string;
beforeAll(() => ensureBuilt());
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(dir);
});

/** Every input error is exactly one line on stderr, exit 2, no report and no stack trace. */
function expectInputError(r: { code: number | null; stdout: string; stderr: string }, line: string | RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (typeof line === 'string') expect(r.stderr).toBe(`${line}\n`);
  else expect(r.stderr).toMatch(line);
}

describe('drydock lint: bad input', () => {
  it('an empty file is linted, not rejected: one no-instructions finding at 1:1, exit 1', async () => {
    await writeFile(join(dir, 'Dockerfile'), '');
    const r = await runDrydock(['lint', '-f', 'json', 'Dockerfile'], { cwd: dir });
    expect(r.stderr).toBe('');
    const findings = parseJsonReport(r.stdout).findings;
    expect(findings.map((f) => [f.ruleId, f.severity, f.location.line, f.location.column])).toEqual([
      ['syntax-error', 'error', 1, 1],
    ]);
    expect(findings[0]!.message).toContain('no instructions');
    expect(r.code).toBe(1);
  });

  it('one unreadable file among several: its error line, the others still reported, exit 2', async () => {
    await writeFile(join(dir, 'a.Dockerfile'), `${CLEAN_DOCKERFILE}RUNN x\n`);
    await writeFile(join(dir, 'b.Dockerfile'), Buffer.from([0x46, 0, 0, 1]));
    const r = await runDrydock(['lint', '-f', 'json', 'a.Dockerfile', 'b.Dockerfile'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('drydock: b.Dockerfile: not a text file (binary data)\n');
    const findings = parseJsonReport(r.stdout).findings;
    expect(findings.map((f) => [f.location.file, f.location.line, f.ruleId])).toEqual([['a.Dockerfile', 5, 'syntax-error']]);
  });

  it('64 KiB of binary garbage: not a text file', async () => {
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251; // includes NUL bytes
    await writeFile(join(dir, 'Dockerfile'), garbage);
    expectInputError(await runDrydock(['lint', 'Dockerfile'], { cwd: dir }), 'drydock: Dockerfile: not a text file (binary data)');
  });

  it('invalid UTF-8 without NUL bytes: not a text file', async () => {
    await writeFile(join(dir, 'Dockerfile'), Buffer.from('FROM alpine\n# caf\xe9\n', 'latin1'));
    expectInputError(await runDrydock(['lint', 'Dockerfile'], { cwd: dir }), 'drydock: Dockerfile: not a text file (invalid UTF-8)');
  });

  it('binary data on stdin is named by --stdin-filename', async () => {
    const r = await runDrydock(['lint', '-', '--stdin-filename', 'piped.Dockerfile'], { input: Buffer.from([0x46, 0, 0, 1]) });
    expectInputError(r, 'drydock: piped.Dockerfile: not a text file (binary data)');
  });

  it('a 2 MB single line works, and quickly', async () => {
    const text = `${CLEAN_DOCKERFILE}RUN echo ${'x'.repeat(2 * 1024 * 1024)}`;
    await writeFile(join(dir, 'Dockerfile'), text);
    const r = await runDrydock(['lint', '-f', 'json', 'Dockerfile'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(parseJsonReport(r.stdout).findings).toEqual([]);
    // Generous for a loaded CI machine; a quadratic parser or reader would take far longer.
    expect(r.ms).toBeLessThan(5000);
  });

  it('an unterminated heredoc is a finding, not a crash: exit 1', async () => {
    await writeFile(join(dir, 'Dockerfile'), `${CLEAN_DOCKERFILE}RUN <<EOF\necho never closed\n`);
    const r = await runDrydock(['lint', '-f', 'json', 'Dockerfile'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const findings = parseJsonReport(r.stdout).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'syntax-error', severity: 'error', location: { file: 'Dockerfile', line: 5 } });
  });

  it('a missing file: no such file', async () => {
    expectInputError(await runDrydock(['lint', 'nope/Dockerfile'], { cwd: dir }), 'drydock: nope/Dockerfile: no such file');
  });

  it('a missing file stops the run even when other files are fine', async () => {
    await writeFile(join(dir, 'Dockerfile'), CLEAN_DOCKERFILE);
    expectInputError(await runDrydock(['lint', 'Dockerfile', 'gone.Dockerfile'], { cwd: dir }), 'drydock: gone.Dockerfile: no such file');
  });

  it('a folder without Dockerfiles: says so', async () => {
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'empty', 'README.md'), 'nothing here\n');
    expectInputError(await runDrydock(['lint', 'empty'], { cwd: dir }), /^drydock: no Dockerfiles found in empty \(looked for Dockerfile, /);
    expectInputError(await runDrydock(['lint'], { cwd: join(dir, 'empty') }), /^drydock: no Dockerfiles found in \. /);
  });

  it('a glob that matches nothing: says so', async () => {
    expectInputError(await runDrydock(['lint', 'services/**/Dockerfile'], { cwd: dir }), "drydock: no files match the pattern 'services/**/Dockerfile'");
  });

  it('a file over 16 MiB: file too large, without reading it all', async () => {
    await writeFile(join(dir, 'Dockerfile'), '');
    await truncate(join(dir, 'Dockerfile'), 17 * 1024 * 1024);
    expectInputError(await runDrydock(['lint', 'Dockerfile'], { cwd: dir }), 'drydock: Dockerfile: file too large (over 16 MiB)');
  });

  it('a socket: not a regular file', async () => {
    const socketPath = join(dir, 'docker.sock');
    // Exiting without close() leaves the socket file behind.
    execFileSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.exit(0))`]);
    expectInputError(await runDrydock(['lint', 'docker.sock'], { cwd: dir }), 'drydock: docker.sock: not a regular file');
  });

  it('a path through a file: no such file', async () => {
    expectInputError(await runDrydock(['lint', '/dev/null/Dockerfile']), 'drydock: /dev/null/Dockerfile: no such file');
  });

  it('an unwritable stdout: one line, exit 2', async () => {
    await writeFile(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nRUN <<EOF\n');
    // stdout opened read-only: every write fails with EBADF.
    const readOnly = openSync('/dev/null', 'r');
    const result = spawnSync(process.execPath, [CLI, 'lint', 'Dockerfile'], {
      cwd: dir,
      stdio: ['ignore', readOnly, 'pipe'],
      encoding: 'utf8',
    });
    closeSync(readOnly);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('drydock: stdout: bad file descriptor\n');
  });

  it('/dev/zero (endless NUL bytes) fails fast as binary', async () => {
    const r = await runDrydock(['lint', '/dev/zero']);
    expectInputError(r, 'drydock: /dev/zero: not a text file (binary data)');
    expect(r.ms).toBeLessThan(5000);
  });

  it('--output naming a folder: is a directory', async () => {
    await writeFile(join(dir, 'Dockerfile'), 'FROM alpine:3.20\n');
    await mkdir(join(dir, 'out'));
    expectInputError(await runDrydock(['lint', '-o', 'out', 'Dockerfile'], { cwd: dir }), 'drydock: out: is a directory');
  });

  describe('permissions (as an unprivileged user)', () => {
    // Root ignores mode bits, so as root the CLI runs under setpriv as nobody (65534); a non-root user
    // gets the same errors directly.
    const dropped = canDropPrivileges();
    const runnable = dropped || process.getuid?.() !== 0;
    const as: RunOptions = dropped ? { asUid: 65534 } : {};

    it.runIf(runnable)('an unreadable file: permission denied', async () => {
      await writeFile(join(dir, 'Dockerfile'), 'FROM alpine:3.20\n');
      await chmod(join(dir, 'Dockerfile'), 0o000);
      expectInputError(await runDrydock(['lint', 'Dockerfile'], { ...as, cwd: dir }), 'drydock: Dockerfile: permission denied');
    });

    it.runIf(runnable)('an unreadable folder given as an argument: permission denied', async () => {
      await mkdir(join(dir, 'locked'));
      await writeFile(join(dir, 'locked', 'Dockerfile'), 'FROM alpine:3.20\n');
      await chmod(join(dir, 'locked'), 0o000);
      expectInputError(await runDrydock(['lint', 'locked'], { ...as, cwd: dir }), 'drydock: locked: permission denied');
      expectInputError(await runDrydock(['lint', 'locked/Dockerfile'], { ...as, cwd: dir }), 'drydock: locked/Dockerfile: permission denied');
    });

    it.runIf(runnable)('an unreadable folder met while discovering: permission denied, naming it', async () => {
      await writeFile(join(dir, 'Dockerfile'), 'FROM alpine:3.20\n');
      await mkdir(join(dir, 'svc', 'locked'), { recursive: true });
      await chmod(join(dir, 'svc', 'locked'), 0o000);
      expectInputError(await runDrydock(['lint'], { ...as, cwd: dir }), 'drydock: svc/locked: permission denied');
    });

    it.runIf(runnable)('a report file that cannot be written: permission denied', async () => {
      await writeFile(join(dir, 'Dockerfile'), 'FROM alpine:3.20\n');
      await writeFile(join(dir, 'report.txt'), '');
      await chmod(join(dir, 'report.txt'), 0o444);
      expectInputError(await runDrydock(['lint', '-o', 'report.txt', 'Dockerfile'], { ...as, cwd: dir }), 'drydock: report.txt: permission denied');
    });
  });
});
