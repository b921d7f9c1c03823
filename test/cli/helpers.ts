import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO, 'dist', 'drydock.js');

/**
 * A realistic Dockerfile that draws no findings from any rule: a digest-pinned base, a non-root
 * USER and a HEALTHCHECK. Tests that need one specific finding append the problem to it (after the
 * last line, so e.g. an unterminated heredoc swallows nothing); its 4 lines put that at line 5.
 * lint.test.ts checks that it really lints clean.
 */
export const CLEAN_DOCKERFILE = [
  'FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d',
  'RUN adduser -D -u 10001 app',
  'USER app',
  'HEALTHCHECK CMD wget -q --spider http://localhost:8080/healthz || exit 1',
  '',
].join('\n');

/**
 * `npm test` builds dist/ first (pretest). When vitest is run directly, build here if dist/ is missing
 * or older than src/, so the tests never exercise a stale bundle. A lock folder keeps parallel test
 * files from building at once.
 */
export function ensureBuilt(): void {
  if (isFresh()) return;
  const lock = join(tmpdir(), `drydock-build-lock-${Buffer.from(REPO).toString('hex').slice(-32)}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      if (isFresh()) return;
    }
  }
  try {
    if (isFresh()) return;
    const result = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isFresh(): boolean {
  if (!existsSync(CLI)) return false;
  const built = statSync(CLI).mtimeMs;
  return newestMtime(join(REPO, 'src')) <= built && statSync(join(REPO, 'scripts', 'build.mjs')).mtimeMs <= built;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  /** Run as this uid/gid through setpriv (the caller must be root). */
  asUid?: number;
}

/** Spawns the built CLI the way a user would. Colour-related variables are cleared unless given. */
export function runDrydock(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined };
  delete env.DRYDOCK_DEBUG;
  Object.assign(env, options.env ?? {});
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  let command = process.execPath;
  let argv = [CLI, ...args];
  if (options.asUid !== undefined) {
    command = 'setpriv';
    argv = [`--reuid=${options.asUid}`, `--regid=${options.asUid}`, '--clear-groups', process.execPath, worldReadableCli(), ...args];
  }
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: options.cwd ?? REPO, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      }),
    );
    child.stdin.on('error', () => {
      // The CLI may exit without reading stdin (a usage error); that is not the test's concern.
    });
    child.stdin.end(options.input ?? '');
  });
}

let sharedCli: string | undefined;

/**
 * The checkout may sit in a folder other users cannot enter (CI clones under /root), so a run as
 * another user gets its own copy of the self-contained bundle in a world-readable temp folder.
 */
function worldReadableCli(): string {
  if (sharedCli) return sharedCli;
  const dir = mkdtempSync(join(tmpdir(), 'drydock-dist-'));
  chmodSync(dir, 0o755);
  cpSync(dirname(CLI), dir, { recursive: true });
  spawnSync('chmod', ['-R', 'a+rX', dir]);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  sharedCli = join(dir, 'drydock.js');
  return sharedCli;
}

/** Whether this process can drop to another user for real permission tests. */
export function canDropPrivileges(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
}

/** A fresh temp folder, readable by other users so privilege-dropped runs can reach inside. */
export async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drydock-test-'));
  await chmod(dir, 0o755);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  // Tests lock folders with chmod 000; root removes them regardless, others need the mode back.
  await rm(dir, { recursive: true, force: true }).catch(async () => {
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    await rm(dir, { recursive: true, force: true });
  });
}

export function parseJsonReport(stdout: string): {
  version: number;
  tool: { name: string; version: string };
  findings: Array<{
    ruleId: string;
    severity: string;
    message: string;
    location: { file: string; line: number; column: number; endLine: number; endColumn: number };
  }>;
} {
  return JSON.parse(stdout);
}

/** Writes files (paths relative to `dir`, folders created as needed). */
export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}
