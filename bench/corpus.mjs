#!/usr/bin/env node
// `drydock lint` over a whole corpus of Dockerfiles in ONE process, next to dockerfilelint (npm) on the
// same files in the same session. Reports the median wall time of N runs and files per second.
//
//   node bench/corpus.mjs [--corpus DIR] [--runs N] [--dockerfilelint PATH_TO_BIN]
//
// Both tools get the same explicit list of files as arguments (relative names, cwd = the corpus folder),
// write JSON to /dev/null, and are timed around spawnSync, so process start-up is included for both.
//
// dockerfilelint 1.8.0 takes many files in one process (`dockerfilelint -j f1 f2 …`) but not a folder,
// and it throws on some real-world files (an uncaught TypeError in is_valid_healthcheck), which aborts
// the whole run. So, before timing, every file is tried once through dockerfilelint's own library entry
// point (`require('dockerfilelint').run`) and the files it throws on are left out of its run. drydock is
// timed both on that same subset (the like-for-like row) and on the full corpus.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  drydockBin,
  environmentLine,
  fail,
  markdownTable,
  median,
  parseFlags,
  positiveInt,
  repoRoot,
  requireBuild,
  timeRun,
} from './lib.mjs';

const usage = 'usage: node bench/corpus.mjs [--corpus DIR] [--runs N] [--dockerfilelint PATH_TO_BIN]';
const flags = parseFlags(
  process.argv.slice(2),
  { corpus: join(repoRoot, '..', 'shared', 'corpus', 'dockerfiles'), runs: '5', dockerfilelint: '' },
  usage,
);
const runs = positiveInt(flags.runs, 'runs');
const corpus = resolve(repoRoot, flags.corpus);
requireBuild();

// The same names drydock's own discovery looks for.
const isDockerfileName = (name) =>
  name === 'Dockerfile' || name === 'Containerfile' || name.endsWith('.Dockerfile') || name.startsWith('Dockerfile.');

let files;
try {
  files = readdirSync(corpus)
    .filter((name) => isDockerfileName(name) && statSync(join(corpus, name)).isFile())
    .sort();
} catch (error) {
  fail(`cannot read corpus folder ${corpus}: ${error.message}`);
}
if (files.length === 0) {
  fail(`no Dockerfiles in ${corpus}`);
}

// --- dockerfilelint: where it is, and which files it can take ------------------------------------------
function locateDockerfilelint() {
  if (flags.dockerfilelint) return resolve(flags.dockerfilelint);
  try {
    const pkgJson = createRequire(join(repoRoot, 'package.json')).resolve('dockerfilelint/package.json');
    return join(dirname(pkgJson), 'bin', 'dockerfilelint');
  } catch {
    return undefined;
  }
}
const dflBin = locateDockerfilelint();
let dfl;
if (dflBin) {
  const dflRoot = join(dirname(dflBin), '..');
  const dflRequire = createRequire(join(dflRoot, 'package.json'));
  const version = dflRequire(join(dflRoot, 'package.json')).version;
  const lib = dflRequire(join(dflRoot, 'lib', 'index.js'));
  const crashes = [];
  for (const name of files) {
    try {
      lib.run(corpus, readFileSync(join(corpus, name), 'utf8'));
    } catch (error) {
      crashes.push(`${name} (${String(error?.message ?? error).split('\n')[0]})`);
    }
  }
  const crashed = new Set(crashes.map((c) => c.slice(0, c.indexOf(' '))));
  dfl = { bin: dflBin, version, crashes, files: files.filter((name) => !crashed.has(name)) };
} else {
  console.error('bench: dockerfilelint is not installed (npm install --save-dev dockerfilelint); timing drydock only');
}

// --- the commands --------------------------------------------------------------------------------------
const node = process.execPath;
const drydockArgs = (list) => [drydockBin, 'lint', '--format', 'json', '--fail-on', 'none', ...list];
// dockerfilelint exits with its issue count (mod 256), so any exit status is accepted once the warm-up
// run has shown that it produced a complete report.
const anyStatus = (status) => status !== null;

const cases = [
  { label: 'drydock lint (all files)', files, command: node, args: drydockArgs(files), ok: [0] },
  {
    label: 'drydock lint (the folder, with discovery)',
    files,
    command: node,
    args: drydockArgs(['.']),
    ok: [0],
  },
];
if (dfl) {
  cases.push(
    { label: `drydock lint (dockerfilelint's ${dfl.files.length} files)`, files: dfl.files, command: node, args: drydockArgs(dfl.files), ok: [0] },
    { label: `dockerfilelint ${dfl.version} -j`, files: dfl.files, command: node, args: [dfl.bin, '-j', ...dfl.files], ok: anyStatus, dfl: true },
  );
}

// --- warm-up: fills the page cache and checks each command's output once ------------------------------
const tmp = mkdtempSync(join(tmpdir(), 'drydock-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
for (const c of cases) {
  const out = join(tmp, 'out.json');
  timeRun(c.command, c.args, { cwd: corpus, stdoutPath: out, okStatus: c.ok });
  let report;
  try {
    report = JSON.parse(readFileSync(out, 'utf8'));
  } catch (error) {
    fail(`${c.label} did not print valid JSON: ${error.message}`);
  }
  if (c.dfl) {
    if (report.files?.length !== c.files.length) {
      fail(`dockerfilelint reported ${report.files?.length} files, expected ${c.files.length}`);
    }
  } else if (!Array.isArray(report.findings)) {
    fail(`${c.label} did not print a JSON report with a findings array`);
  }
  c.times = [];
}

// --- timed runs, interleaved so drift in the machine's load hits every tool alike -------------------
for (let run = 0; run < runs; run++) {
  for (let i = 0; i < cases.length; i++) {
    const c = cases[(i + run) % cases.length];
    c.times.push(timeRun(c.command, c.args, { cwd: corpus, okStatus: c.ok }));
  }
}

// --- report --------------------------------------------------------------------------------------------
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const rows = cases.map((c) => {
  const med = median(c.times);
  c.median = med;
  return [
    c.label,
    String(c.files.length),
    fmt(med),
    `${fmt(Math.min(...c.times))} – ${fmt(Math.max(...c.times))}`,
    Math.round(c.files.length / (med / 1000)).toLocaleString('en-US'),
  ];
});

console.log(`### Corpus: ${files.length} Dockerfiles in ${corpus}\n`);
console.log(`${environmentLine()}; median of ${runs} runs after one warm-up run each; one process per run.\n`);
console.log(markdownTable(['command', 'files', 'median wall', 'min – max', 'files/s'], rows));
if (dfl) {
  const same = cases.find((c) => c.label.startsWith("drydock lint (dockerfilelint's"));
  const theirs = cases.find((c) => c.dfl);
  const ratio = theirs.median / same.median;
  console.log(
    `\nOn the same ${dfl.files.length} files, drydock takes ${fmt(same.median)} and dockerfilelint ${fmt(theirs.median)}: ` +
      (ratio >= 1 ? `drydock is ${ratio.toFixed(2)}× faster.` : `drydock is ${(1 / ratio).toFixed(2)}× SLOWER.`),
  );
  if (dfl.crashes.length > 0) {
    console.log(`\ndockerfilelint throws on ${dfl.crashes.length} file(s), left out of its run: ${dfl.crashes.join('; ')}.`);
  }
}
