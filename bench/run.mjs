#!/usr/bin/env node
// `npm run bench`: builds (in the npm script), then runs every benchmark in turn (cold start, corpus
// lint, shell parsing, secret engine throughput).
// Each benchmark is its own process, so the modules one loads never skew another's numbers.
//
//   node bench/run.mjs [--runs N] [--corpus DIR] [--file DOCKERFILE] [--scan]
//
// --runs goes to every benchmark (defaults: 20 for cold start, 5 for the others, 3 for scan), --corpus
// to corpus.mjs and shell-parse.mjs, --file to cold-start.mjs. From npm: npm run bench -- --runs 10
//
// --scan adds scan.mjs (a ~1 GB image scan). It is opt-in: the first run builds the image, which
// needs root, debootstrap, deb.debian.org and a Docker engine (see scan.mjs).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseFlags, repoRoot } from './lib.mjs';

const usage = 'usage: node bench/run.mjs [--runs N] [--corpus DIR] [--file DOCKERFILE] [--scan]';
// --scan is the one flag without a value; parseFlags takes string flags only.
const argv = process.argv.slice(2);
const withScan = argv.includes('--scan');
const flags = parseFlags(argv.filter((arg) => arg !== '--scan'), { runs: '', corpus: '', file: '' }, usage);
const pass = (name) => (flags[name] ? [`--${name}`, flags[name]] : []);

const benchmarks = [
  ['cold-start.mjs', [...pass('runs'), ...pass('file')]],
  ['corpus.mjs', [...pass('runs'), ...pass('corpus')]],
  ['shell-parse.mjs', [...pass('runs'), ...pass('corpus')]],
  ['secrets.mjs', pass('runs')],
];
if (withScan) benchmarks.push(['scan.mjs', pass('runs')]);

let failed = false;
for (const [i, [name, args]] of benchmarks.entries()) {
  if (i > 0) console.log('');
  const result = spawnSync(process.execPath, [join(repoRoot, 'bench', name), ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`bench: ${name} failed (exit ${result.status ?? result.signal})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
