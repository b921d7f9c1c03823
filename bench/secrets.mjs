#!/usr/bin/env node
// Throughput of the secret engine on real text, next to grep over the same bytes.
//
//   node bench/secrets.mjs [--runs N] [--max-mib M]
//
// The text: every text file (no NUL in its first 8 KiB) of the shared Dockerfile corpus and of this
// project's node_modules (JavaScript, TypeScript, JSON, Markdown, YAML: what application images hold),
// concatenated in path order into one file under $TMPDIR, up to --max-mib MiB (default 128).
//
// Timed, each as a fresh process, interleaved, median of --runs (default 5):
// - drydock: the engine's streaming scanner (SecretByteStream, 1 MiB reads, one thread, medium
//   confidence and up, as `drydock scan` uses it), bundled from src/ by esbuild;
// - `grep -c -i -F -f keywords` with every detector keyword (the same prefilter work, in C);
// - `grep -c password` (a plain one-word grep).
//
// Target (issue 5): drydock within 3× grep.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { environmentLine, fail, markdownTable, median, parseFlags, positiveInt, repoRoot, timeRun } from './lib.mjs';

const usage = 'usage: node bench/secrets.mjs [--runs N] [--max-mib M]';
const flags = parseFlags(process.argv.slice(2), { runs: '5', 'max-mib': '128' }, usage);
const runs = positiveInt(flags.runs, 'runs');
const maxBytes = positiveInt(flags['max-mib'], 'max-mib') * 2 ** 20;
for (const tool of ['grep']) {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch {
    fail(`${tool} is not installed`);
  }
}

const work = join(tmpdir(), 'drydock-bench-secrets');
mkdirSync(work, { recursive: true });
const textFile = join(work, 'text.txt');
const keywordsFile = join(work, 'keywords.txt');
const runner = join(work, 'scan.mjs');

// 1. The text
const TEXT_EXT = /\.(?:js|mjs|cjs|ts|mts|cts|json|md|markdown|ya?ml|txt|Dockerfile)$|(?:^|\/)Dockerfile[^/]*$/;
const sources = [join(repoRoot, '..', 'shared', 'corpus', 'dockerfiles'), join(repoRoot, 'node_modules')].filter(existsSync);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) walk(path);
    else if (st.isFile() && st.size > 0 && TEXT_EXT.test(path)) files.push(path);
  }
};
for (const dir of sources) walk(dir);
const out = openSync(textFile, 'w');
let total = 0;
let used = 0;
for (const path of files) {
  if (total >= maxBytes) break;
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 8192).includes(0)) continue;
  const take = bytes.subarray(0, maxBytes - total);
  writeSync(out, take);
  writeSync(out, '\n');
  total += take.length + 1;
  used++;
}
closeSync(out);

// 2. The scanner, bundled from the sources, and the keywords for grep
await build({
  stdin: {
    contents: `
      import { openSync, readSync } from 'node:fs';
      import { SecretByteStream } from './src/secrets/stream.ts';
      import { listDetectors } from './src/secrets/index.ts';
      if (process.argv[2] === '--keywords') {
        const words = new Set(listDetectors().flatMap((d) => d.keywords.map((k) => k.toLowerCase())));
        console.log([...words].sort().join('\\n'));
      } else {
        const fd = openSync(process.argv[2], 'r');
        const stream = new SecretByteStream({ minConfidence: 'medium' });
        for (;;) {
          const chunk = Buffer.allocUnsafe(1 << 20);
          const n = readSync(fd, chunk);
          if (n === 0) break;
          stream.write(chunk.subarray(0, n));
        }
        console.log(stream.end().length);
      }
    `,
    resolveDir: repoRoot,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: runner,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
writeFileSync(keywordsFile, execFileSync(process.execPath, [runner, '--keywords'], { encoding: 'utf8' }));
const keywordCount = readFileSync(keywordsFile, 'utf8').trim().split('\n').length;

// 3. Timing
const grepOk = (status) => status === 0 || status === 1; // 1: no line matched
const cases = [
  { label: 'drydock secret engine (1 thread)', command: process.execPath, args: [runner, textFile], ok: [0] },
  { label: `\`grep -c -i -F -f keywords\` (${keywordCount} keywords)`, command: 'grep', args: ['-c', '-i', '-F', '-f', keywordsFile, textFile], ok: grepOk },
  { label: '`grep -c password`', command: 'grep', args: ['-c', 'password', textFile], ok: grepOk },
];
// GNU grep stops at the first match when its output is /dev/null, so every command writes a file.
const sink = join(work, 'out.txt');
const time = (c) => timeRun(c.command, c.args, { okStatus: c.ok, stdoutPath: sink });
for (const c of cases) {
  time(c);
  c.times = [];
}
for (let r = 0; r < runs; r++) for (const c of cases) c.times.push(time(c));

const mib = total / 2 ** 20;
const rows = cases.map((c) => {
  c.median = median(c.times);
  return [c.label, `${c.median.toFixed(0)} ms`, `${(mib / (c.median / 1000)).toFixed(0)} MiB/s`];
});
console.log(environmentLine(runs));
console.log('');
console.log(`Text: ${mib.toFixed(1)} MiB from ${used} files (${sources.map((s) => relative(repoRoot, s)).join(', ')}), in ${textFile}.`);
console.log('');
console.log(markdownTable(['command', 'median wall', 'throughput'], rows));
console.log('');
const [engine, keywords, plain] = cases.map((c) => c.median);
const verdict = (ratio) => (ratio <= 3 ? 'MET' : 'MISSED');
console.log(`drydock / keyword grep: ${(engine / keywords).toFixed(2)}× (target ≤ 3×: ${verdict(engine / keywords)})`);
console.log(`drydock / plain grep:   ${(engine / plain).toFixed(2)}× (target ≤ 3×: ${verdict(engine / plain)})`);
