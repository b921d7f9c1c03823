import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLEAN_DOCKERFILE, ensureBuilt, makeTempDir, parseJsonReport, removeTempDir, runDrydock, writeFiles } from './helpers.js';

// The rule-specific behaviour of settings is the engine's; these tests use the engine's own
// `syntax-error` rule, which exists whatever rules are registered. CLEAN draws no finding at all
// and BROKEN exactly one, an error-level syntax-error, so exit codes depend on that rule alone.
const CLEAN = CLEAN_DOCKERFILE;
const BROKEN = `${CLEAN_DOCKERFILE}RUNN echo hello\n`;

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

/** The files and severities of a JSON report's findings, which must all be syntax-error. */
async function lintJson(args: string[], options: { input?: string } = {}) {
  const r = await runDrydock(['lint', '--format', 'json', ...args], { cwd: dir, ...options });
  expect(r.stderr).toBe('');
  const findings = parseJsonReport(r.stdout).findings;
  expect(findings.filter((f) => f.ruleId !== 'syntax-error')).toEqual([]);
  return { code: r.code, found: findings.map((f) => `${f.location.file} ${f.severity}`) };
}

describe('drydock lint with .drydock.yaml', () => {
  it('a bad config: one line naming file, position and key; exit 2; no report, no stack trace', async () => {
    await put({ Dockerfile: BROKEN, '.drydock.yaml': 'rules:\n  syntax-eror: off\n' });
    const r = await runDrydock(['lint'], { cwd: dir });
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'drydock: .drydock.yaml:2:3: rules.syntax-eror: unknown rule (did you mean syntax-error?)\n',
    });
  });

  it('a YAML syntax error gives the parser line and column', async () => {
    await put({ Dockerfile: CLEAN, '.drydock.yaml': 'rules:\n  syntax-error: off\n bad: [1\n' });
    const r = await runDrydock(['lint'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^drydock: \.drydock\.yaml:3:1: YAML syntax error: [^\n]+\n$/);
  });

  it('an unknown key, a wrong type and an unknown severity are errors too', async () => {
    const cases: Record<string, string> = {
      'ignores: []\n': 'drydock: .drydock.yaml:1:1: ignores: unknown key (did you mean ignore?)\n',
      'ignore: vendor\n': "drydock: .drydock.yaml:1:9: ignore: expected a list, got 'vendor'\n",
      'rules: { syntax-error: warn }\n': "drydock: .drydock.yaml:1:24: rules.syntax-error: unknown severity 'warn' (expected off, error, warning or note)\n",
    };
    await put({ Dockerfile: CLEAN });
    for (const [yaml, stderr] of Object.entries(cases)) {
      await writeFile(join(dir, '.drydock.yaml'), yaml);
      expect(await runDrydock(['lint', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stdout: '', stderr });
    }
  });

  it('a bad config further down the tree stops the whole run, even with good files elsewhere', async () => {
    await put({ Dockerfile: BROKEN, 'svc/Dockerfile': CLEAN, 'svc/.drydock.yml': 'rules: [\n' });
    const r = await runDrydock(['lint'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^drydock: svc\/\.drydock\.yml:2:1: YAML syntax error: /);
  });

  it('DRYDOCK_DEBUG=1 adds the stack trace', async () => {
    await put({ Dockerfile: CLEAN, '.drydock.yaml': 'nope: 1\n' });
    const r = await runDrydock(['lint'], { cwd: dir, env: { DRYDOCK_DEBUG: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^drydock: \.drydock\.yaml:1:1: nope: unknown key/);
    expect(r.stderr).toContain('ConfigError');
  });

  it('rule settings apply; the nearest config wins for each file', async () => {
    await put({
      Dockerfile: BROKEN,
      'a/Dockerfile': BROKEN,
      'b/c/Dockerfile': BROKEN,
      '.drydock.yaml': 'rules:\n  syntax-error: note\n',
      'a/.drydock.yaml': 'rules:\n  syntax-error: off\n',
      'b/.drydock.yml': '# defaults\n',
    });
    expect(await lintJson([])).toEqual({ code: 1, found: ['Dockerfile note', 'b/c/Dockerfile error'] });
  });

  it('a severity from config decides the exit code with --fail-on', async () => {
    await put({ Dockerfile: BROKEN, '.drydock.yaml': 'rules: { syntax-error: note }\n' });
    expect((await runDrydock(['lint', 'Dockerfile'], { cwd: dir })).code).toBe(0);
    expect((await runDrydock(['lint', 'Dockerfile', '--fail-on', 'note'], { cwd: dir })).code).toBe(1);
  });

  it('overrides match globs relative to the config file, later ones winning', async () => {
    await put({
      'repo/Dockerfile': BROKEN,
      'repo/test/Dockerfile': BROKEN,
      'repo/legacy/old.Dockerfile': BROKEN,
      'repo/.drydock.yaml': [
        'overrides:',
        '  - files: ["**/test/**", "legacy/*.Dockerfile"]',
        '    rules: { syntax-error: off }',
        '  - files: ["legacy/**"]',
        '    rules: { syntax-error: warning }',
      ].join('\n'),
    });
    expect(await lintJson(['repo'])).toEqual({
      code: 1,
      found: ['repo/Dockerfile error', 'repo/legacy/old.Dockerfile warning'],
    });
  });

  it('ignored files are skipped quietly, whether found, matched by a glob or named', async () => {
    await put({
      Dockerfile: CLEAN,
      'vendor/Dockerfile': BROKEN,
      'vendor/x/api.Dockerfile': BROKEN,
      '.drydock.yaml': 'ignore: ["vendor/**"]\n',
    });
    expect(await lintJson([])).toEqual({ code: 0, found: [] });
    expect(await lintJson(['vendor/**/*Dockerfile'])).toEqual({ code: 0, found: [] });
    const named = await runDrydock(['lint', 'vendor/Dockerfile'], { cwd: dir });
    expect(named).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('--config replaces discovery; its patterns are relative to its own folder', async () => {
    await put({
      'svc/Dockerfile': BROKEN,
      'svc/.drydock.yaml': 'rules: { syntax-error: off }\n',
      'ci/drydock.yaml': 'overrides:\n  - files: ["../svc/**"]\n    rules: { syntax-error: note }\n',
    });
    expect(await lintJson(['svc'])).toEqual({ code: 0, found: [] });
    expect(await lintJson(['svc', '--config', 'ci/drydock.yaml'])).toEqual({ code: 0, found: ['svc/Dockerfile note'] });
  });

  it('a bad --config is reported before anything else', async () => {
    await put({ 'bad.yaml': 'rules: {nope: off}\n' });
    const r = await runDrydock(['lint', '--config', 'bad.yaml', 'missing-file'], { cwd: dir });
    expect(r).toMatchObject({
      code: 2,
      stderr: "drydock: bad.yaml:1:9: rules.nope: unknown rule (see 'drydock rules' for the list)\n",
    });
    const folder = await runDrydock(['lint', '--config', '.'], { cwd: dir });
    expect(folder).toMatchObject({ code: 2, stderr: 'drydock: .: is a directory, expected a config file\n' });
  });

  it('stdin: the config is found from the --stdin-filename folder, and its patterns match that name', async () => {
    await put({
      '.drydock.yaml': 'rules: { syntax-error: note }\n',
      'svc/.drydock.yaml': 'ignore: ["gen/**"]\noverrides:\n  - files: ["*.Dockerfile"]\n    rules: { syntax-error: warning }\n',
    });
    expect(await lintJson(['-'], { input: BROKEN })).toEqual({ code: 0, found: ['<stdin> note'] });
    expect(await lintJson(['-', '--stdin-filename', 'svc/api.Dockerfile'], { input: BROKEN })).toEqual({
      code: 1,
      found: ['svc/api.Dockerfile warning'],
    });
    expect(await lintJson(['-', '--stdin-filename', 'svc/gen/api.Dockerfile'], { input: BROKEN })).toEqual({ code: 0, found: [] });
  });
});
