import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLEAN_DOCKERFILE, REPO, ensureBuilt, makeTempDir, parseJsonReport, removeTempDir, runDrydock, writeFiles } from './helpers.js';

const CLEAN = CLEAN_DOCKERFILE;
// The clean file plus an unterminated heredoc at line 5: exactly one finding, an error-level
// syntax-error, and nothing else.
const BROKEN = `${CLEAN_DOCKERFILE}RUN <<EOF\necho never closed\n`;
const BROKEN_LINE = 5;

let dir: string;
beforeAll(() => ensureBuilt());
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(dir);
});

function put(files: Record<string, string>): Promise<void> {
  return writeFiles(dir, files);
}

describe('drydock lint: inputs', () => {
  it('a clean file: exit 0 and no output', async () => {
    await put({ Dockerfile: CLEAN });
    const r = await runDrydock(['lint', 'Dockerfile'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('with no path, finds every Dockerfile name under the current folder, honouring .gitignore', async () => {
    await put({
      Dockerfile: BROKEN,
      'api.Dockerfile': BROKEN,
      'Dockerfile.dev': BROKEN,
      'svc/Containerfile': BROKEN,
      'svc/Containerfile.prod': BROKEN,
      'svc/web.Containerfile': BROKEN,
      'Dockerfile.dockerignore': 'node_modules\n',
      'README.md': BROKEN,
      'node_modules/pkg/Dockerfile': BROKEN,
      'build/Dockerfile': BROKEN,
      'svc/tmp/Dockerfile': BROKEN,
      '.gitignore': 'build/\n',
      'svc/.gitignore': 'tmp\n',
    });
    const r = await runDrydock(['lint', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const files = [...new Set(parseJsonReport(r.stdout).findings.map((f) => f.location.file))];
    expect(files).toEqual([
      'Dockerfile',
      'Dockerfile.dev',
      'api.Dockerfile',
      'svc/Containerfile',
      'svc/Containerfile.prod',
      'svc/web.Containerfile',
    ]);
  });

  it('a folder argument is searched, and paths are reported from the folder as typed', async () => {
    await put({ 'deploy/a/Dockerfile': BROKEN, 'deploy/b.Dockerfile': BROKEN });
    const r = await runDrydock(['lint', '-f', 'json', 'deploy'], { cwd: dir });
    expect(r.code).toBe(1);
    const files = parseJsonReport(r.stdout).findings.map((f) => f.location.file);
    expect(files).toEqual(['deploy/b.Dockerfile', 'deploy/a/Dockerfile']);
  });

  it('a glob is expanded (any file name it matches), relative to the current folder', async () => {
    await put({ 'docker/one.df': BROKEN, 'docker/sub/two.df': BROKEN, 'docker/skip.txt': BROKEN });
    const r = await runDrydock(['lint', '-f', 'json', 'docker/**/*.df'], { cwd: dir });
    expect(r.code).toBe(1);
    const files = parseJsonReport(r.stdout).findings.map((f) => f.location.file);
    expect(files).toEqual(['docker/one.df', 'docker/sub/two.df']);
  });

  it('a file reached twice is linted once', async () => {
    await put({ Dockerfile: BROKEN });
    const r = await runDrydock(['lint', '-f', 'json', 'Dockerfile', '.', './Dockerfile', '*'], { cwd: dir });
    expect(parseJsonReport(r.stdout).findings).toHaveLength(1);
  });

  it('- reads all of stdin; --stdin-filename names it', async () => {
    const big = `${CLEAN_DOCKERFILE}${'RUN echo some padding to make the input span many pipe buffers\n'.repeat(5000)}RUN <<EOF\n`;
    const r = await runDrydock(['lint', '-f', 'json', '-', '--stdin-filename', 'build/Dockerfile'], { input: big });
    expect(r.stderr).toBe('');
    const findings = parseJsonReport(r.stdout).findings;
    expect(findings.map((f) => f.location.file)).toEqual(['build/Dockerfile']);
    // The finding sits on the last line (4 clean lines + 5000 padding lines + 1), so stdin was read to the end.
    expect(findings[0]!.location.line).toBe(5005);
    const unnamed = await runDrydock(['lint', '-f', 'json', '-'], { input: BROKEN });
    expect(parseJsonReport(unnamed.stdout).findings[0]!.location.file).toBe('<stdin>');
  });

  it('paths after -- may start with a dash', async () => {
    await put({ '-odd.Dockerfile': BROKEN });
    const r = await runDrydock(['lint', '-f', 'json', '--', '-odd.Dockerfile'], { cwd: dir });
    expect(parseJsonReport(r.stdout).findings[0]!.location.file).toBe('-odd.Dockerfile');
  });

  it('file names that look like numbers stay file names', async () => {
    await put({ '0x10': BROKEN });
    const r = await runDrydock(['lint', '-f', 'json', '0x10'], { cwd: dir });
    expect(parseJsonReport(r.stdout).findings[0]!.location.file).toBe('0x10');
  });
});

describe('drydock lint: reports and exit codes', () => {
  it('stylish groups findings under the file and ends with a summary', async () => {
    await put({ Dockerfile: BROKEN });
    const r = await runDrydock(['lint', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\nDockerfile\n {2}5:\d+ {2}error {2}.+ {2}syntax-error\n\n✖ 1 problem \(1 error, 0 warnings, 0 notes\)\n$/);
  });

  it('json is one document with version, tool and findings', async () => {
    await put({ Dockerfile: BROKEN });
    const r = await runDrydock(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir });
    const report = parseJsonReport(r.stdout);
    expect(report.version).toBe(1);
    expect(report.tool.name).toBe('drydock');
    expect(report.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'syntax-error',
      severity: 'error',
      location: { file: 'Dockerfile', line: BROKEN_LINE },
    });
    expect(report.findings).toHaveLength(1);
    expect(Object.keys(report.findings[0]!.location)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn']);
  });

  it.each([
    ['error', 1],
    ['warning', 1],
    ['note', 1],
    ['none', 0],
  ])('--fail-on %s with an error finding exits %i', async (failOn, code) => {
    await put({ Dockerfile: BROKEN });
    const r = await runDrydock(['lint', '--fail-on', failOn, 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(code);
    expect(r.stdout).toContain('syntax-error');
  });

  it('--output writes the report there and creates nothing else', async () => {
    await put({ Dockerfile: BROKEN });
    const r = await runDrydock(['lint', '-f', 'json', '--output', 'report.json', 'Dockerfile'], { cwd: dir });
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(parseJsonReport(await readFile(join(dir, 'report.json'), 'utf8')).findings).toHaveLength(1);
    expect((await readdir(dir)).sort()).toEqual(['Dockerfile', 'report.json']);
  });

  it('--output into a missing folder: exit 2, nothing created', async () => {
    await put({ Dockerfile: CLEAN });
    const r = await runDrydock(['lint', '-o', 'out/report.txt', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('drydock: out/report.txt: cannot write the report: its folder does not exist\n');
    expect(await readdir(dir)).toEqual(['Dockerfile']);
  });

  it('--config must exist (config behaviour: config.test.ts)', async () => {
    await put({ Dockerfile: CLEAN, '.drydock.yaml': 'rules: {}\n' });
    expect((await runDrydock(['lint', '--config', '.drydock.yaml'], { cwd: dir })).code).toBe(0);
    const missing = await runDrydock(['lint', '--config', 'nope.yaml'], { cwd: dir });
    expect(missing).toMatchObject({ code: 2, stderr: 'drydock: nope.yaml: no such file\n' });
  });

  it('colour: off when piped, on with --color or FORCE_COLOR, off with --no-color or NO_COLOR', async () => {
    await put({ Dockerfile: BROKEN });
    const ansi = /\u001b\[/;
    const run = (args: string[], env: Record<string, string> = {}) =>
      runDrydock(['lint', 'Dockerfile', ...args], { cwd: dir, env }).then((r) => r.stdout);
    expect(await run([])).not.toMatch(ansi);
    expect(await run(['--color'])).toMatch(ansi);
    expect(await run([], { FORCE_COLOR: '1' })).toMatch(ansi);
    expect(await run(['--no-color'], { FORCE_COLOR: '1' })).not.toMatch(ansi);
    expect(await run([], { NO_COLOR: '1', FORCE_COLOR: '1' })).not.toMatch(ansi);
    expect(await run(['--color'], { NO_COLOR: '1' })).toMatch(ansi);
  });

  it('lints the bundled example', async () => {
    const r = await runDrydock(['lint', 'examples/Dockerfile'], { cwd: REPO });
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
  });
});
