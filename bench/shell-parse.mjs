#!/usr/bin/env node
// Shell analysis of RUN instructions: time to load tree-sitter, time per typical RUN line, and the
// total over every RUN of a corpus (after a warm-up pass, so JIT compilation is not what we measure).
//
//   node bench/shell-parse.mjs [--corpus DIR] [--runs N]
//
// The parser and shell modules are bundled with esbuild into a temporary folder with the two .wasm
// files beside them, the way dist/ ships them, so the bundled WASM lookup is what gets exercised.
import { build } from 'esbuild';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, median, parseFlags, positiveInt, repoRoot } from './lib.mjs';

const usage = 'usage: node bench/shell-parse.mjs [--corpus DIR] [--runs N]';
const flags = parseFlags(process.argv.slice(2), { corpus: '/work/shared/corpus/dockerfiles', runs: '5' }, usage);
const runs = positiveInt(flags.runs, 'runs');

const work = mkdtempSync(join(tmpdir(), 'drydock-shell-bench-'));
try {
  const entry = join(work, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { parseDockerfile } from ${JSON.stringify(join(repoRoot, 'src/dockerfile/parse.ts'))};`,
      `export { LineIndex } from ${JSON.stringify(join(repoRoot, 'src/dockerfile/positions.ts'))};`,
      `export { initShellParser, parseShell, analyzeRun } from ${JSON.stringify(join(repoRoot, 'src/dockerfile/shell.ts'))};`,
    ].join('\n'),
  );
  await build({
    entryPoints: [entry],
    outfile: join(work, 'shell-bench.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    absWorkingDir: repoRoot,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  for (const file of ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'node_modules/tree-sitter-bash/tree-sitter-bash.wasm']) {
    copyFileSync(join(repoRoot, file), join(work, file.slice(file.lastIndexOf('/') + 1)));
  }
  const shell = await import(pathToFileURL(join(work, 'shell-bench.js')).href);

  let start = performance.now();
  await shell.initShellParser();
  const initMs = performance.now() - start;

  const typical =
    'apt-get update && apt-get install -y --no-install-recommends ca-certificates curl gnupg ' +
    '&& curl -fsSL https://example.com/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg ' +
    '&& rm -rf /var/lib/apt/lists/*';
  for (let i = 0; i < 2000; i++) shell.parseShell(typical);
  const lineTimes = [];
  for (let r = 0; r < 20; r++) {
    start = performance.now();
    for (let i = 0; i < 1000; i++) shell.parseShell(typical);
    lineTimes.push((performance.now() - start) / 1000);
  }

  const files = readdirSync(flags.corpus).filter((name) => /Dockerfile|Containerfile/.test(name));
  if (files.length === 0) fail(`no Dockerfiles in ${flags.corpus}`);
  const runInstructions = [];
  let chars = 0;
  for (const name of files) {
    const ast = shell.parseDockerfile(readFileSync(join(flags.corpus, name), 'utf8'));
    const lines = new shell.LineIndex(ast.text);
    for (const ins of ast.instructions) {
      const run = ins.keyword === 'RUN' ? ins : ins.onbuild?.keyword === 'RUN' ? ins.onbuild : undefined;
      if (run) runInstructions.push([run, lines]);
    }
  }
  const passTimes = [];
  let commands = 0;
  let withErrors = 0;
  for (let r = 0; r <= runs; r++) {
    start = performance.now();
    commands = 0;
    withErrors = 0;
    chars = 0;
    for (const [ins, lines] of runInstructions) {
      const analysis = shell.analyzeRun(ins, lines);
      commands += analysis.script.commands.length;
      chars += analysis.text.length;
      if (analysis.script.hasErrors) withErrors++;
    }
    if (r > 0) passTimes.push(performance.now() - start);
  }
  const total = median(passTimes);
  console.log(`## Shell analysis (web-tree-sitter + tree-sitter-bash)\n`);
  console.log(`| measure | value |\n| --- | --- |`);
  console.log(`| init (load both WASM files) | ${initMs.toFixed(1)} ms |`);
  console.log(`| typical RUN line (${typical.length} chars) | ${(median(lineTimes) * 1000).toFixed(1)} µs |`);
  console.log(`| corpus: files / RUN instructions / chars | ${files.length} / ${runInstructions.length} / ${chars} |`);
  console.log(`| corpus: commands found / RUNs with syntax errors | ${commands} / ${withErrors} |`);
  console.log(`| corpus: analyzeRun over every RUN (median of ${runs}) | ${total.toFixed(0)} ms (${((total * 1000) / runInstructions.length).toFixed(0)} µs per RUN) |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
