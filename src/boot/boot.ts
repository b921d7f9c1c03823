/**
 * How every drydock process starts: the CLI and its worker threads alike.
 *
 * The build puts all of drydock into one CommonJS bundle, dist/drydock.bundle.cjs, and, beside it, a
 * V8 code cache made by running that bundle once on a lint (`scripts/build.mjs`). Compiling the bundle
 * with the cache skips parsing it and compiling the functions a lint uses, which was about a third of
 * a one-file lint's cold start (236 → 173 ms, A/B medians of 21 runs). The cache is read-only at run
 * time: a Node whose V8 differs from the build's (another version, other flags) rejects it, and the
 * bundle is then compiled as usual, only slower.
 *
 * This file is bundled into each of the small entry files (dist/drydock.js, dist/lint-worker.js,
 * dist/secret-worker.js), so it imports nothing of drydock's but the V8 flags.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { WASM_FLAGS } from '../dockerfile/wasm-flags.js';

/** What the bundle exports: one start function per kind of process (src/cli/bundle.ts). */
export type BundleEntry = 'cli' | 'lintWorker' | 'secretWorker';

/** The bundle and its code cache, next to the entry files. */
export const BUNDLE_FILE = 'drydock.bundle.cjs';
/**
 * Named by the bundle's content and by V8 version and architecture. V8 checks only a cache's
 * length against the source, so a cache must never meet another build's bundle; and a Node that
 * could never accept a cache does not read one.
 */
export function codeCacheFile(bundleId: string, v8: string = process.versions.v8, arch: string = process.arch): string {
  return join('code-cache', `${bundleId}-v8-${v8}-${arch}.bin`);
}

declare const __DRYDOCK_BUNDLE_ID__: string;

/**
 * The environment variable with which the build's training run asks for the code cache: the path
 * to write it to, when the process exits (after the lint, so the functions the lint compiled are in it).
 */
export const TRAINING_VARIABLE = 'DRYDOCK_BUILD_CODE_CACHE';

// The bundle runs as a CommonJS module would; the wrapper stays on its first line so line numbers in
// stack traces match the file.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_TAIL = '\n})';

export function boot(entry: BundleEntry, dir: string): void {
  // Before the bundle is compiled: a code cache holds a hash of the flags, and the training run had
  // these set when it made the cache. V8's flags are per process: a worker thread finds them set by
  // the main thread, which started it.
  if (entry === 'cli') for (const flag of WASM_FLAGS) setFlagsFromString(flag);
  const bundlePath = join(dir, BUNDLE_FILE);
  let source: string;
  try {
    source = readFileSync(bundlePath, 'utf8');
  } catch (error) {
    fail(`cannot read ${bundlePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (rebuild with \`npm run build\`)`);
  }
  const training = process.env[TRAINING_VARIABLE];
  const cachePath = join(dir, codeCacheFile(__DRYDOCK_BUNDLE_ID__));
  const cachedData = training ? undefined : readOptional(cachePath);
  // The bundle's bare name, not its path: V8 11 (Node 20) takes a cached script's name from the cache,
  // so a path would be the build's, wherever the CLI runs. The same name everywhere keeps stack traces
  // alike with and without a cache.
  let script: Script;
  try {
    script = new Script(WRAPPER_HEAD + source + WRAPPER_TAIL, { filename: BUNDLE_FILE, cachedData });
  } catch (error) {
    // A bundle cut short (a full disk during the build, a partial copy) does not parse.
    fail(`cannot load ${bundlePath}: ${error instanceof Error ? error.message : String(error)} (rebuild with \`npm run build\`)`, error);
  }
  if (process.env.DRYDOCK_DEBUG_CODE_CACHE) {
    const state = cachedData === undefined ? `none at ${cachePath}` : script.cachedDataRejected ? 'rejected by V8' : 'used';
    process.stderr.write(`drydock: code cache: ${state}\n`);
  }
  if (training && entry === 'cli') {
    process.once('exit', () => writeFileSync(training, script.createCachedData()));
  }
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as Partial<Record<BundleEntry, () => Promise<unknown>>> };
  run.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dir);
  const start = module.exports[entry];
  if (typeof start !== 'function') fail(`${bundlePath} has no entry '${entry}' (rebuild with \`npm run build\`)`);
  start().catch((error: unknown) => {
    fail(`cannot start: ${error instanceof Error ? error.message : String(error)}`, error);
  });
}

function readOptional(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** DRYDOCK_DEBUG as the CLI reads it (errors.ts), for errors before the CLI has loaded. */
function debug(): boolean {
  const value = process.env.DRYDOCK_DEBUG;
  return value !== undefined && value !== '' && value !== '0';
}

function fail(message: string, error?: unknown): never {
  process.stderr.write(`drydock: ${message}\n`);
  if (debug() && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}
