// The pre-commit hooks in .pre-commit-hooks.yaml, for real: a temporary git repository, files staged
// with `git add`, the files pre-commit would select for the hook (./pre-commit.ts follows its rules),
// and the hook's entry run as declared, with the built CLI as `drydock`. pre-commit itself is not
// needed. The container hook (drydock-lint-docker) needs an image nobody publishes yet; only its
// declaration is checked.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDockerfileName } from '../../src/engine/discover.js';
import { CLEAN_DOCKERFILE, REPO, ensureBuilt, makeTempDir, parseJsonReport, removeTempDir, runDrydock, writeFiles } from '../cli/helpers.js';
import {
  MANIFEST_KEYS,
  REQUIRED_KEYS,
  filterFiles,
  git,
  hook,
  loadHooks,
  pythonRegex,
  runNodeHook,
  selectStaged,
  shlexSplit,
  stagedFiles,
} from './pre-commit.js';

/** `FROM node:latest` and `USER root`: base-image-latest and root-user (warnings), so exit 1. */
const BAD_DOCKERFILE = 'FROM node:latest\nUSER root\nCMD ["node", "server.js"]\n';

/** Files that must never reach the hook: if one did, drydock would report it (syntax errors). */
const NOT_DOCKERFILES: Record<string, string> = {
  'README.md': '# app\n\n```dockerfile\nFROM node:latest\nUSER root\n```\n',
  'docker-compose.yml': 'services:\n  web:\n    build: { context: ., dockerfile: app/Dockerfile }\n    image: node:latest\n',
  '.dockerignore': 'node_modules\n.git\n',
  'Dockerfile.dockerignore': 'node_modules\n*.log\n',
  'app/api.Dockerfile.dockerignore': 'secrets/\n',
  'docs/dockerfile-tips.md': 'Pin base images by digest.\n',
  'Dockerfile.d/notes.txt': 'not a Dockerfile, though its folder is named like one\n',
};

const tempDirs: string[] = [];

// git makes the repositories, and python3 reads the patterns as pre-commit does. Without them the
// tests that need them skip, except under CI=true (CI clones with git, and .ci/run installs
// python3-minimal), where they fail instead.
const inCi = process.env.CI === 'true';
const hasGit = spawnSync('git', ['--version']).status === 0;
const hasPython = spawnSync('python3', ['-c', 'import re, json']).status === 0;

/** A fresh git repository holding `files`, all of them staged. */
async function stagedRepo(files: Record<string, string>): Promise<string> {
  const dir = await makeTempDir();
  tempDirs.push(dir);
  git(dir, ['-c', 'init.defaultBranch=main', 'init', '-q']);
  await writeFiles(dir, files);
  git(dir, ['add', '-A']);
  return dir;
}

beforeAll(() => {
  ensureBuilt();
});

afterAll(async () => {
  for (const dir of tempDirs) await removeTempDir(dir);
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = loadHooks();

  it('declares drydock-lint and drydock-lint-docker with the keys pre-commit needs, and no others', () => {
    expect(hooks.map((h) => h.id)).toEqual(['drydock-lint', 'drydock-lint-docker']);
    for (const h of hooks) {
      for (const key of REQUIRED_KEYS) expect(typeof h[key], `${h.id}: ${key}`).toBe('string');
      for (const key of Object.keys(h)) expect(MANIFEST_KEYS as readonly string[], `${h.id}: unknown key ${key}`).toContain(key);
      expect(h.description, h.id).toMatch(/\S/);
      expect(h.pass_filenames, h.id).toBe(true);
      expect(h.require_serial, h.id).toBe(false);
      expect(h.types, h.id).toEqual(['file']);
      expect(typeof h.files, h.id).toBe('string');
      expect(typeof h.exclude, h.id).toBe('string');
    }
    const [lint, docker] = hooks;
    expect(lint).toMatchObject({ language: 'node', entry: 'drydock lint' });
    expect(docker).toMatchObject({ language: 'docker_image' });
    // `<image> lint`: the image's entrypoint is drydock, and the hook runs its lint command.
    expect(shlexSplit(docker!.entry)).toHaveLength(2);
    expect(shlexSplit(docker!.entry)[1]).toBe('lint');
    // Both hooks pick the same files.
    expect(docker!.files).toBe(lint!.files);
    expect(docker!.exclude).toBe(lint!.exclude);
  });

  it("names a bin of this package in drydock-lint's entry, so pre-commit's node environment has it", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin[shlexSplit(hook('drydock-lint').entry)[0]!]).toBe('dist/drydock.js');
  });

  it("selects exactly the names drydock's own folder search treats as Dockerfiles, ignoring case", () => {
    const names = [
      'Dockerfile',
      'dockerfile',
      'DOCKERFILE',
      'Dockerfile.prod',
      'dockerfile.dev',
      'Dockerfile.api.v2',
      'api.Dockerfile',
      'api.dockerfile',
      'web.DOCKERFILE',
      'Containerfile',
      'containerfile',
      'Containerfile.build',
      'app.Containerfile',
      'app.containerfile',
      'Dockerfile.dockerignore',
      'api.Dockerfile.dockerignore',
      'Containerfile.dockerignore',
      '.dockerignore',
      '.Dockerfile',
      'Dockerfile.',
      'Dockerfiles',
      'MyDockerfile',
      'Dockerfile-dev',
      'dockerfile-tips.md',
      'docker-compose.yml',
      'compose.yaml',
      'README.md',
      'Containerfiles',
    ];
    const { files, exclude } = hook('drydock-lint');
    const include = pythonRegex(files!);
    const skip = pythonRegex(exclude!);
    for (const name of names) {
      for (const path of [name, `svc/${name}`, `deploy/web app/${name}`, `Dockerfile.d/${name}`]) {
        expect(include.test(path) && !skip.test(path), path).toBe(isDockerfileName(basename(path)));
      }
    }
  });

  // The patterns are Python regular expressions: check that Python reads them as the translation does.
  it.skipIf(!hasPython && !inCi)('reads the same under Python re.search as under the JavaScript translation', () => {
    const { files, exclude } = hook('drydock-lint');
    const paths = [
      'Dockerfile',
      'a/b/api.dockerfile',
      'x/Containerfile.prod',
      'Dockerfile.dockerignore',
      'README.md',
      'docker-compose.yml',
      'Dockerfile.d/notes.txt',
      'deploy/web app/DOCKERFILE',
      '.Dockerfile',
      'Dockerfile.',
    ];
    const script =
      'import json, re, sys\n' +
      'd = json.load(sys.stdin)\n' +
      'print(json.dumps([bool(re.search(d["files"], p)) and not re.search(d["exclude"], p) for p in d["paths"]]))\n';
    const result = spawnSync('python3', ['-c', script], { input: JSON.stringify({ files, exclude, paths }), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const js = paths.map((p) => pythonRegex(files!).test(p) && !pythonRegex(exclude!).test(p));
    expect(JSON.parse(result.stdout)).toEqual(js);
  });
});

describe.skipIf(!hasGit && !inCi)('the drydock-lint hook on staged files', () => {
  const lint = hook('drydock-lint');

  it('fails with the bad Dockerfile\'s findings, and passes no README, compose or ignore file', async () => {
    const repo = await stagedRepo({
      ...NOT_DOCKERFILES,
      Dockerfile: CLEAN_DOCKERFILE,
      'app/Dockerfile': BAD_DOCKERFILE,
      Containerfile: CLEAN_DOCKERFILE,
      'services/web api/api.Dockerfile': CLEAN_DOCKERFILE,
    });
    expect(stagedFiles(repo)).toContain('README.md');
    const files = selectStaged(repo, lint);
    expect([...files].sort()).toEqual(['Containerfile', 'Dockerfile', 'app/Dockerfile', 'services/web api/api.Dockerfile']);

    const run = await runNodeHook(repo, lint, files);
    expect(run!.argv.slice(0, 1)).toEqual(['lint']);
    expect(run!.stderr).toBe('');
    expect(run!.code).toBe(1);
    // stylish: one block for the one file with findings.
    expect(run!.stdout).toMatch(/^app\/Dockerfile$/m);
    expect(run!.stdout).toContain('base-image-latest');
    expect(run!.stdout).toContain('root-user');
    for (const name of ['README.md', 'docker-compose.yml', 'Containerfile', 'services/web api/api.Dockerfile']) {
      expect(run!.stdout).not.toContain(name);
    }

    // The same run with `args: [--format, json]` in the user's config: entry, args, then the files.
    const json = await runNodeHook(repo, lint, files, ['--format', 'json']);
    expect(json!.code).toBe(1);
    const report = parseJsonReport(json!.stdout);
    expect(new Set(report.findings.map((f) => f.location.file))).toEqual(new Set(['app/Dockerfile']));
    const rules = report.findings.map((f) => f.ruleId);
    expect(rules).toContain('base-image-latest');
    expect(rules).toContain('root-user');
    expect(report.findings.find((f) => f.ruleId === 'root-user')!.location.line).toBe(2);
  });

  it('passes when only good Dockerfiles are staged, names with spaces included', async () => {
    const repo = await stagedRepo({
      ...NOT_DOCKERFILES,
      Dockerfile: CLEAN_DOCKERFILE,
      Containerfile: CLEAN_DOCKERFILE,
      'deploy/web app/Dockerfile.prod': CLEAN_DOCKERFILE,
      'tools/build.containerfile': CLEAN_DOCKERFILE,
    });
    const files = selectStaged(repo, lint);
    expect([...files].sort()).toEqual(['Containerfile', 'Dockerfile', 'deploy/web app/Dockerfile.prod', 'tools/build.containerfile']);
    const run = await runNodeHook(repo, lint, files);
    expect(run!.stderr).toBe('');
    expect(run!.code).toBe(0);
    expect(run!.stdout).toBe('');
  });

  it('reports a bad Dockerfile whose path has spaces under that path', async () => {
    const repo = await stagedRepo({
      'my app/Dockerfile.prod': BAD_DOCKERFILE,
      'other dir/good one.Dockerfile': CLEAN_DOCKERFILE,
      'README.md': NOT_DOCKERFILES['README.md']!,
    });
    const files = selectStaged(repo, lint);
    expect([...files].sort()).toEqual(['my app/Dockerfile.prod', 'other dir/good one.Dockerfile']);
    const run = await runNodeHook(repo, lint, files);
    expect(run!.code).toBe(1);
    expect(run!.stdout).toMatch(/^my app\/Dockerfile\.prod$/m);
    const json = await runNodeHook(repo, lint, files, ['--format', 'json']);
    expect(new Set(parseJsonReport(json!.stdout).findings.map((f) => f.location.file))).toEqual(new Set(['my app/Dockerfile.prod']));
  });

  it('sees only what is staged: not committed, untracked or deleted Dockerfiles', async () => {
    const repo = await stagedRepo({ 'legacy/Dockerfile': BAD_DOCKERFILE, 'old/Dockerfile': BAD_DOCKERFILE, 'README.md': '# app\n' });
    git(repo, ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '--no-verify', '-m', 'initial']);
    await writeFiles(repo, {
      'README.md': '# app, changed\n',
      Containerfile: CLEAN_DOCKERFILE,
      'untracked/Dockerfile': BAD_DOCKERFILE,
    });
    git(repo, ['add', 'README.md', 'Containerfile']);
    git(repo, ['rm', '-q', 'old/Dockerfile']);
    expect([...stagedFiles(repo)].sort()).toEqual(['Containerfile', 'README.md']);
    const files = selectStaged(repo, lint);
    expect(files).toEqual(['Containerfile']);
    const run = await runNodeHook(repo, lint, files);
    expect(run!.code).toBe(0);
    expect(run!.stdout).toBe('');
  });

  it('with `args: [--baseline, FILE]`, fails only on findings the baseline does not hold (docs/ci.md)', async () => {
    const repo = await stagedRepo({ 'legacy/Dockerfile': BAD_DOCKERFILE });
    // Recorded from the repository root, as docs/ci.md says, then committed.
    const write = await runDrydock(['lint', '--baseline', '.drydock-baseline.json', '--write-baseline'], { cwd: repo });
    expect(write.code, write.stderr).toBe(0);
    git(repo, ['add', '.drydock-baseline.json']);
    git(repo, ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '--no-verify', '-m', 'baseline']);
    const args = ['--baseline', '.drydock-baseline.json'];

    // An edit elsewhere in the old file: its recorded findings keep their fingerprints.
    await writeFiles(repo, { 'legacy/Dockerfile': `${BAD_DOCKERFILE}EXPOSE 3000\n` });
    git(repo, ['add', 'legacy/Dockerfile']);
    const old = await runNodeHook(repo, lint, selectStaged(repo, lint), args);
    expect(old!.argv).toEqual(['lint', ...args, 'legacy/Dockerfile']);
    expect(old!.code, old!.stdout + old!.stderr).toBe(0);

    // A new bad Dockerfile is reported, and only it.
    await writeFiles(repo, { 'new/Dockerfile': BAD_DOCKERFILE });
    git(repo, ['add', 'new/Dockerfile']);
    expect(selectStaged(repo, lint).sort()).toEqual(['legacy/Dockerfile', 'new/Dockerfile']);
    const json = await runNodeHook(repo, lint, selectStaged(repo, lint), [...args, '--format', 'json']);
    expect(json!.code).toBe(1);
    expect(new Set(parseJsonReport(json!.stdout).findings.map((f) => f.location.file))).toEqual(new Set(['new/Dockerfile']));
  });

  it('is skipped, as pre-commit skips it, when no Dockerfile is staged', async () => {
    const repo = await stagedRepo({ 'README.md': '# app\n', 'docker-compose.yml': NOT_DOCKERFILES['docker-compose.yml']! });
    expect(selectStaged(repo, lint)).toEqual([]);
    expect(await runNodeHook(repo, lint, [])).toBeUndefined();
  });

  it('passes regular files only (types: [file]), not symlinks to them', async () => {
    const repo = await stagedRepo({ 'real/Dockerfile': CLEAN_DOCKERFILE });
    spawnSync('ln', ['-s', '../real/Dockerfile', join(repo, 'link.Dockerfile')]);
    git(repo, ['add', 'link.Dockerfile']);
    expect([...stagedFiles(repo)].sort()).toEqual(['link.Dockerfile', 'real/Dockerfile']);
    expect(filterFiles(repo, lint, stagedFiles(repo))).toEqual(['real/Dockerfile']);
  });
});
