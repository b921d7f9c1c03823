import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, ensureBuilt, runDrydock } from './helpers.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };

beforeAll(() => ensureBuilt());

describe('drydock (top level)', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await runDrydock([flag]);
      expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });

  it('--help lists every command with a description, the exit codes and examples', async () => {
    const r = await runDrydock(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const command of ['lint', 'scan', 'fix', 'harden', 'verify', 'rules']) {
      expect(r.stdout).toMatch(new RegExp(`^  drydock ${command}\\b.*\\S`, 'm'));
    }
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toMatch(/^\s+0\s+no findings at or above --fail-on/m);
    expect(r.stdout).toMatch(/^\s+1\s+findings at or above --fail-on/m);
    expect(r.stdout).toMatch(/^\s+2\s+usage, input or internal error/m);
    expect(r.stdout).toContain('Examples:');
  });

  it('lint --help documents its flags and where the config comes from', async () => {
    const r = await runDrydock(['lint', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--format', '--output', '--fail-on', '--config', '--color', '--stdin-filename']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(/"stylish", "json"/);
    expect(r.stdout).toMatch(/instead of the nearest\s+\.drydock\.yaml/);
    expect(r.stdout).toContain('Exit codes:');
  });

  it.each(['fix', 'harden', 'verify'])('%s is listed but not implemented: exit 2, one line', async (command) => {
    const r = await runDrydock([command, 'some-arg', '--some-flag']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`drydock: '${command}' is not implemented yet (coming in a later release)\n`);
  });

  it.each([
    [[], /^drydock: missing command \(one of: lint, scan, fix, harden, verify, rules\) \(run 'drydock --help' for usage\)\n$/],
    [['scan'], /^drydock: missing the image to scan \(a tar, a folder, or docker:<ref>\) \(run 'drydock scan --help' for usage\)\n$/],
    [['scan', 'a.tar', '--format', 'xml'], /^drydock: invalid value 'xml' for --format/],
    // There is no way to print secrets unmasked; an unknown flag before the image is named as such.
    [['scan', '--show-secrets', 'a.tar'], /^drydock: unknown option '--show-secrets' \(run 'drydock scan --help' for usage\)\n$/],
    [['scan', 'a.tar', '--show-secrets'], /^drydock: unknown option '--show-secrets' /],
    [['lint', '--show-secrets', 'Dockerfile'], /^drydock: unknown option '--show-secrets' \(run 'drydock lint --help' for usage\)\n$/],
    [['scan', '--no-color'], /^drydock: missing the image to scan /],
    [['lnt'], /^drydock: unknown command 'lnt' \(did you mean 'lint'\?\) \(run 'drydock --help' for usage\)\n$/],
    [['frobnicate'], /^drydock: unknown command 'frobnicate' \(run 'drydock --help' for usage\)\n$/],
    [['--versoin'], /^drydock: unknown option '--versoin'/],
    [['lint', '--bogus'], /^drydock: unknown option '--bogus' \(run 'drydock lint --help' for usage\)\n$/],
    [['lint', '--bogus-flag=1'], /^drydock: unknown option '--bogus-flag' /],
    [['lint', '-x'], /^drydock: unknown option '-x' /],
    [['lint', '--format', 'xml'], /^drydock: invalid value 'xml' for --format \(choose stylish, json, sarif, github or codequality\)/],
    [['lint', '--fail-on', 'fatal'], /^drydock: invalid value 'fatal' for --fail-on \(choose error, warning, note or none\)/],
    [['lint', '--output'], /^drydock: option '--output' needs a value/],
    [['lint', '-', '-'], /^drydock: '-' \(stdin\) can be given only once/],
  ])('usage error %j: exit 2, one line, no help dump', async (args, expected) => {
    const r = await runDrydock(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(expected);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('the bin is executable, and what every start evaluates holds no parser', async () => {
    const text = readFileSync(CLI, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    for (const wasm of ['web-tree-sitter.wasm', 'tree-sitter-bash.wasm']) {
      expect(statSync(join(dirname(CLI), wasm)).size).toBeGreaterThan(1000);
    }
    // In the bundle, a module reached through import() is initialised when that import runs; the
    // ones main.ts reaches through static imports alone are initialised at every start (--help too).
    const { build } = await import('esbuild');
    const result = await build({
      absWorkingDir: REPO,
      entryPoints: ['src/cli/bundle.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = result.metafile.inputs;
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const entry of inputs[file]?.imports ?? []) {
        if (entry.kind !== 'dynamic-import' && !entry.external) visit(entry.path);
      }
    };
    visit('src/cli/main.ts');
    expect([...seen].some((file) => file.includes('node_modules/yargs/'))).toBe(true);
    expect([...seen].filter((file) => /chevrotain|tree-sitter|lodash|src\/dockerfile\/(grammar|lexer|shell)\.ts|src\/rules\//.test(file))).toEqual([]);
  });

  it('a one-file lint loads none of crypto, zlib and child_process (each costs start-up time)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drydock-modules-'));
    try {
      // A preload that records, at exit, every built-in module the process loaded.
      writeFileSync(join(dir, 'record.cjs'), "process.on('exit', () => require('fs').writeFileSync(process.env.RECORD, process.moduleLoadList.join('\\n')));\n");
      writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER app\n');
      const record = join(dir, 'modules.txt');
      const r = spawnSync(process.execPath, ['--require', join(dir, 'record.cjs'), CLI, 'lint', 'Dockerfile', '--format', 'json'], {
        cwd: dir,
        env: Object.fromEntries(Object.entries({ ...process.env, RECORD: record }).filter(([key]) => key !== 'DRYDOCK_JOBS')),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect([0, 1]).toContain(r.status);
      expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
      const loaded = readFileSync(record, 'utf8').split('\n');
      // crypto (~9 ms to load) only for image digests; zlib only for layers and huge SARIF.
      // (worker_threads is not checked: Node 22 itself loads it during this run.)
      for (const module of ['NativeModule crypto', 'NativeModule zlib', 'NativeModule child_process']) {
        expect(loaded, module).not.toContain(module);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
