// Bundles the CLI into dist/ as ESM with code splitting, so `drydock --help` loads yargs only and the
// parser, rules and reporters arrive through dynamic import() when a command actually runs.
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// Built beside dist/ and swapped in at the end: a drydock already running from dist/ (another
// terminal, a parallel test run) keeps finding its lazily loaded chunks until the last moment.
const staging = join(root, `dist.building-${process.pid}`);
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

// Files the analyzers load at run time from next to the bundle, not through import.
const wasmFiles = [
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/tree-sitter-bash/tree-sitter-bash.wasm',
];

// yargs and cliui measure help text with `string-width`, whose load-time set-up (Intl.Segmenter, Unicode
// property regexes; three copies in the tree) cost ~25 ms of every start. Ours measures plain columns.
const lightStringWidth = {
  name: 'light-string-width',
  setup(b) {
    // ESM importers only (yargs, cliui): cli-progress require()s string-width's CommonJS build, whose
    // export shape ours does not have, and it loads only for a progress bar.
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.kind === 'import-statement' ? { path: join(root, 'src/cli/string-width.ts') } : undefined,
    );
  },
};

await rm(staging, { recursive: true, force: true });
await mkdir(staging, { recursive: true });
process.on('exit', (code) => {
  // A failed build leaves dist/ as it was and no half-built staging folder behind.
  if (code !== 0) rmSync(staging, { recursive: true, force: true });
});

const result = await build({
  absWorkingDir: root,
  // The lint worker is its own entry: worker threads load a file, and it shares chunks with the CLI.
  entryPoints: { drydock: 'src/cli/main.ts', 'lint-worker': 'src/cli/lint-worker.ts', 'secret-worker': 'src/image/secret-worker.ts' },
  outdir: staging,
  // Chunks sit flat next to the entry: any dependency that finds files via import.meta.url (tree-sitter
  // and its .wasm) then resolves against dist/ whichever chunk it ended up in.
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Everything is bundled: the published package has no runtime dependencies.
  packages: 'bundle',
  // CommonJS dependencies (micromatch, ignore) call require() for Node built-ins; an ESM bundle has no
  // require, so every chunk gets one made from its own URL.
  banner: {
    js: "import { createRequire as __drydockCreateRequire } from 'node:module';\nconst require = __drydockCreateRequire(import.meta.url);",
  },
  define: {
    __DRYDOCK_VERSION__: JSON.stringify(pkg.version),
  },
  legalComments: 'none',
  sourcemap: false,
  minifySyntax: true,
  minifyWhitespace: !process.env.DRYDOCK_BUILD_READABLE,
  // Shorter names are less source for V8 to scan and compile at every start (about 4 ms of a
  // one-file lint); DRYDOCK_BUILD_READABLE=1 gives a readable bundle for debugging.
  minifyIdentifiers: !process.env.DRYDOCK_BUILD_READABLE,
  logLevel: 'warning',
  metafile: true,
  plugins: [lightStringWidth],
});

const entry = join(staging, 'drydock.js');
const entryText = await readFile(entry, 'utf8');
if (!entryText.startsWith('#!/usr/bin/env node\n')) {
  throw new Error('dist/drydock.js lost its #!/usr/bin/env node line (it must be the first line of src/cli/main.ts)');
}
await chmod(entry, 0o755);

for (const file of wasmFiles) {
  await copyFile(join(root, file), join(staging, file.slice(file.lastIndexOf('/') + 1)));
}

// A fresh folder each time, so chunks from earlier builds (their names carry hashes) never ship.
const retired = `${dist}.old-${process.pid}`;
await rename(dist, retired).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(staging, dist);
await rm(retired, { recursive: true, force: true });

if (process.env.DRYDOCK_BUILD_VERBOSE) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    console.log(`${file.replace(/^dist\.building-\d+/, 'dist')}  ${(info.bytes / 1024).toFixed(1)} KiB`);
  }
}
