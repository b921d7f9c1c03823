#!/usr/bin/env node
// Cold start of the CLI next to bare Node: `node -e 0`, `drydock --version`, `drydock lint <one file>`.
// Each is a fresh process, timed around spawnSync (process creation included), stdout to /dev/null.
//
//   node bench/cold-start.mjs [--runs N] [--file DOCKERFILE]
//
// Target (issue 2): `drydock lint` on one file in under 3× the time of `node -e 0`.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  drydockBin,
  environmentLine,
  markdownTable,
  median,
  parseFlags,
  percentile,
  positiveInt,
  repoRoot,
  requireBuild,
  timeRun,
} from './lib.mjs';

const TARGET_RATIO = 3;
const usage = 'usage: node bench/cold-start.mjs [--runs N] [--file DOCKERFILE]';
const flags = parseFlags(process.argv.slice(2), { runs: '20', file: join(repoRoot, 'examples', 'Dockerfile') }, usage);
const runs = positiveInt(flags.runs, 'runs');
const file = resolve(repoRoot, flags.file);
requireBuild();
if (!existsSync(file)) {
  console.error(`bench: ${file} does not exist; pass --file DOCKERFILE`);
  process.exit(2);
}

const node = process.execPath;
const bin = relative(repoRoot, drydockBin);
const shownFile = relative(repoRoot, file);
const cases = [
  { label: 'node -e 0', args: ['-e', '0'], ok: [0] },
  { label: `node ${bin} --version`, args: [drydockBin, '--version'], ok: [0] },
  // Exit 1 only means the file has findings; 2 would be an error, and stops the benchmark.
  { label: `node ${bin} lint ${shownFile}`, args: [drydockBin, 'lint', file], ok: [0, 1] },
];

// Two untimed runs each warm the page cache and the compile cache, as a user's second run would be.
for (const c of cases) {
  for (let i = 0; i < 2; i++) timeRun(node, c.args, { okStatus: c.ok });
  c.times = [];
}
// Interleaved, so drift in the machine's load hits every command alike.
for (let run = 0; run < runs; run++) {
  for (const c of cases) c.times.push(timeRun(node, c.args, { okStatus: c.ok }));
}

const base = median(cases[0].times);
const rows = cases.map((c) => {
  c.median = median(c.times);
  return [
    `\`${c.label}\``,
    `${c.median.toFixed(1)} ms`,
    `${percentile(c.times, 90).toFixed(1)} ms`,
    `${(c.median / base).toFixed(2)}×`,
  ];
});

console.log(`### Cold start\n`);
console.log(`${environmentLine()}; ${runs} runs each after 2 warm-up runs, interleaved.\n`);
console.log(markdownTable(['command', 'median', 'p90', 'median / bare node'], rows));
const lint = cases[2];
const ratio = lint.median / base;
console.log(
  `\nTarget: lint on one file < ${TARGET_RATIO}× bare node. Measured ${ratio.toFixed(2)}× ` +
    `(${lint.median.toFixed(1)} ms vs ${base.toFixed(1)} ms): ${ratio < TARGET_RATIO ? 'met' : 'NOT met'}.`,
);
