import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, ensureBuilt } from './helpers.js';

// How the built CLI starts (src/boot/boot.ts): it compiles dist/drydock.bundle.cjs with the V8 code
// cache the build trained, and must behave the same whether V8 takes that cache, rejects it, or finds
// none.

const DIST = dirname(CLI);
const EXAMPLE = join(REPO, 'examples', 'Dockerfile');
const tempDirs: string[] = [];

beforeAll(() => ensureBuilt());
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function run(cli: string, args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DRYDOCK_')));
  return spawnSync(process.execPath, [cli, ...args], { cwd: REPO, env: { ...base, NO_COLOR: '1', ...env }, encoding: 'utf8' });
}

/** The cache files in a dist folder, and the one this Node's V8 would read. */
function caches(dist: string): { all: string[]; mine: string | undefined } {
  const folder = join(dist, 'code-cache');
  const all = existsSync(folder) ? readdirSync(folder) : [];
  const mine = all.find((name) => name.endsWith(`-v8-${process.versions.v8}-${process.arch}.bin`));
  return { all, mine: mine && join(folder, mine) };
}

/** A copy of dist/ to break things in. */
function distCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drydock-boot-'));
  tempDirs.push(dir);
  cpSync(DIST, dir, { recursive: true });
  return dir;
}

const reference = () => run(CLI, ['lint', EXAMPLE, '--format', 'json']);

describe('boot: the bundle and its code cache', () => {
  it('the build leaves one cache, for the Node that built it, and a lint starts from it', (context) => {
    const { all, mine } = caches(DIST);
    if (!mine) {
      const reason = `dist/ was built by a Node with another V8 (caches: ${all.join(', ') || 'none'}); run \`npm run build\``;
      if (process.env.CI === 'true') throw new Error(`CI=true builds dist/ with this Node, but ${reason}`);
      process.stderr.write(`drydock tests: skipping "code cache accepted": ${reason}\n`);
      context.skip();
    }
    expect(all).toHaveLength(1);
    const r = run(CLI, ['lint', EXAMPLE, '--format', 'json'], { DRYDOCK_DEBUG_CODE_CACHE: '1' });
    expect(r.stderr).toBe('drydock: code cache: used\n');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
  });

  it('a cache V8 rejects (made from another script) is ignored: same findings, same exit code', () => {
    const dist = distCopy();
    const { all } = caches(dist);
    expect(all.length).toBeGreaterThan(0);
    // A real cache, of the wrong source: what a bundle and a cache from different builds would be.
    const foreign = new Script('globalThis.answer = 42;').createCachedData();
    const cacheName = all[0]!.replace(/-v8-.*$/, `-v8-${process.versions.v8}-${process.arch}.bin`);
    rmSync(join(dist, 'code-cache'), { recursive: true });
    mkdirSync(join(dist, 'code-cache'));
    writeFileSync(join(dist, 'code-cache', cacheName), foreign);
    const r = run(join(dist, 'drydock.js'), ['lint', EXAMPLE, '--format', 'json'], { DRYDOCK_DEBUG_CODE_CACHE: '1' });
    expect(r.stderr).toBe('drydock: code cache: rejected by V8\n');
    const expected = reference();
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: expected.status, stdout: expected.stdout });
  });

  it('with no cache at all, the CLI compiles the bundle and gives the same answers', () => {
    const dist = distCopy();
    rmSync(join(dist, 'code-cache'), { recursive: true });
    const r = run(join(dist, 'drydock.js'), ['lint', EXAMPLE, '--format', 'json'], { DRYDOCK_DEBUG_CODE_CACHE: '1' });
    expect(r.stderr).toMatch(/^drydock: code cache: none at .*code-cache.*\.bin\n$/);
    const expected = reference();
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: expected.status, stdout: expected.stdout });
  });

  it('a bundle cut short is one line naming the file, and exit 2', () => {
    const dist = distCopy();
    const bundle = join(dist, 'drydock.bundle.cjs');
    writeFileSync(bundle, readFileSync(bundle, 'utf8').slice(0, 100_000));
    const r = run(join(dist, 'drydock.js'), ['lint', EXAMPLE]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^drydock: cannot load .*drydock\.bundle\.cjs: .+ \(rebuild with `npm run build`\)\n$/);
  });

  it('a missing bundle is one line naming the file, and exit 2', () => {
    const dist = distCopy();
    rmSync(join(dist, 'drydock.bundle.cjs'));
    const r = run(join(dist, 'drydock.js'), ['--version']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`drydock: cannot read ${join(dist, 'drydock.bundle.cjs')}: ENOENT (rebuild with \`npm run build\`)\n`);
  });
});
