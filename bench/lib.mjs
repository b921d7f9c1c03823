// Helpers shared by the benchmarks: timing a child process, order statistics, markdown tables.
// Benchmarks are run by hand (`npm run bench`), never as timed tests.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const drydockBin = join(repoRoot, 'dist', 'drydock.js');

/** Stops the benchmark with a message on stderr and exit code 2. */
export function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/** Stops with one line on stderr when the bundle is missing. */
export function requireBuild() {
  if (!existsSync(drydockBin)) {
    console.error(`bench: ${drydockBin} is missing; run \`npm run build\` first (or \`npm run bench\`)`);
    process.exit(2);
  }
}

/**
 * Parses `--name value` and `--name=value` flags into an object of strings; `defaults` lists the
 * accepted names. Anything else is a usage error.
 */
/** Reads `--name value` / `--name=value` flags with Node's own parser; every flag takes a string. */
export function parseFlags(argv, defaults, usage) {
  const options = Object.fromEntries(Object.keys(defaults).map((name) => [name, { type: 'string' }]));
  options.help = { type: 'boolean', short: 'h' };
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error(`bench: ${error.message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  delete values.help;
  return { ...defaults, ...values };
}

export function positiveInt(value, name) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: --${name} must be a positive integer, got '${value}'`);
    process.exit(2);
  }
  return n;
}

/**
 * Runs a command once and returns its wall time in milliseconds, measured around spawnSync (so it
 * includes process creation, as a user sees it). stdout goes to `stdoutPath` (default /dev/null).
 * A status outside `okStatus` stops the benchmark: timing a failing run would be meaningless.
 */
export function timeRun(command, args, { cwd = repoRoot, stdoutPath = '/dev/null', okStatus = [0] } = {}) {
  const out = openSync(stdoutPath, 'w');
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      cwd,
      stdio: ['ignore', out, 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.error) throw result.error;
    const accepted = typeof okStatus === 'function' ? okStatus(result.status) : okStatus.includes(result.status);
    if (!accepted) {
      const shown = [command, ...args.slice(0, 4), args.length > 4 ? `… (${args.length} args)` : '']
        .filter(Boolean)
        .join(' ');
      const stderr = String(result.stderr).trim().split('\n').slice(0, 5).join('\n');
      fail(`\`${shown}\` exited with ${result.status ?? result.signal}\n${stderr}`);
    }
    return ms;
  } finally {
    closeSync(out);
  }
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Median; for an even count, the mean of the two middle values. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function markdownTable(header, rows) {
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

/** One line describing the machine, so numbers in a note can be compared later. */
export function environmentLine() {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpu}`;
}
