// Builds dist/:
//   drydock.bundle.cjs        all of drydock in one CommonJS file (esbuild); commands load lazily;
//   code-cache/*.bin          V8's code cache for it, made by a training lint (see src/boot/boot.ts);
//   drydock.js                the bin; lint-worker.js and secret-worker.js start worker threads;
//                             each is src/boot/boot.ts plus one call;
//   package.json              {"type":"commonjs"}, so Node loads those three without its ESM loader;
//   *.wasm                    tree-sitter and the bash grammar, read at run time from beside the bundle.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// Built beside dist/ and swapped in at the end: a drydock already running from dist/ (another
// terminal, a parallel test run) keeps its files until the last moment.
const staging = join(root, `dist.building-${process.pid}`);
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const readable = Boolean(process.env.DRYDOCK_BUILD_READABLE);

// Files the analyzers load at run time from next to the bundle, not through import.
const wasmFiles = [
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/tree-sitter-bash/tree-sitter-bash.wasm',
];

// The lint the code cache is trained on: the functions it compiles are in the cache. Not the README's
// example, which the cold-start benchmark times, so the benchmark measures a file the cache never saw.
const trainingArgs = ['lint', 'scripts/training/Dockerfile'];

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

// The bundle is compiled by vm.Script (for its code cache), where import() has no loader to call:
// web-tree-sitter's `await import("module")` must become a require of the built-in.
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const dynamicBuiltins = {
  name: 'dynamic-import-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && builtins.has(args.path) ? { path: args.path, namespace: 'builtin-reexport' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-reexport' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path.startsWith('node:') ? args.path : `node:${args.path}`)};`,
      loader: 'js',
    }));
  },
};

await rm(staging, { recursive: true, force: true });
await mkdir(staging, { recursive: true });
process.on('exit', (code) => {
  // A failed build leaves dist/ as it was and no half-built staging folder behind.
  if (code !== 0) rmSync(staging, { recursive: true, force: true });
});

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Everything is bundled: the published package has no runtime dependencies.
  packages: 'bundle',
  legalComments: 'none',
  sourcemap: false,
  minifySyntax: true,
  minifyWhitespace: !readable,
  // Shorter names are less source for V8 to read at every start; DRYDOCK_BUILD_READABLE=1 gives a
  // readable bundle for debugging.
  minifyIdentifiers: !readable,
  logLevel: 'silent',
  metafile: true,
};

const bundle = await build({
  ...common,
  entryPoints: { 'drydock.bundle': 'src/cli/bundle.ts' },
  outdir: staging,
  outExtension: { '.js': '.cjs' },
  // import.meta.url finds the workers and the .wasm files beside the bundle.
  define: {
    __DRYDOCK_VERSION__: JSON.stringify(pkg.version),
    'import.meta.url': '__drydockBundleUrl',
  },
  banner: { js: 'var __drydockBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [lightStringWidth, dynamicBuiltins],
});
// The stubs carry a hash of the bundle, which names its code cache (see codeCacheFile in boot.ts).
const bundleText = await readFile(join(staging, 'drydock.bundle.cjs'));
const bundleId = createHash('sha256').update(bundleText).digest('hex').slice(0, 16);
const stubs = await build({
  ...common,
  define: { __DRYDOCK_BUNDLE_ID__: JSON.stringify(bundleId) },
  entryPoints: {
    drydock: 'src/boot/drydock.ts',
    'lint-worker': 'src/boot/lint-worker.ts',
    'secret-worker': 'src/boot/secret-worker.ts',
  },
  outdir: staging,
});
for (const result of [bundle, stubs]) {
  // import.meta, top-level await and the like do not survive the move to CommonJS: esbuild warns,
  // and a warning here is a broken CLI.
  if (result.warnings.length > 0 || result.errors.length > 0) {
    for (const message of [...result.errors, ...result.warnings]) {
      const where = message.location ? `${message.location.file}:${message.location.line}: ` : '';
      console.error(`build: ${where}${message.text}`);
    }
    process.exit(1);
  }
}
for (const [file, output] of Object.entries(bundle.metafile.outputs)) {
  const dynamic = output.imports.filter((entry) => entry.kind === 'dynamic-import' && entry.external);
  if (dynamic.length > 0) {
    console.error(`build: ${file} keeps import() of ${dynamic.map((entry) => entry.path).join(', ')}; vm.Script cannot run it`);
    process.exit(1);
  }
}

const entry = join(staging, 'drydock.js');
const entryText = await readFile(entry, 'utf8');
if (!entryText.startsWith('#!/usr/bin/env node\n')) {
  throw new Error('dist/drydock.js lost its #!/usr/bin/env node line (it must be the first line of src/boot/drydock.ts)');
}
await chmod(entry, 0o755);
await writeFile(join(staging, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
for (const file of wasmFiles) {
  await copyFile(join(root, file), join(staging, file.slice(file.lastIndexOf('/') + 1)));
}

// The training run: the CLI built above lints the example; at exit it writes V8's code cache, which
// then holds the bytecode of every function the lint ran. Same Node binary, same flags as a user's
// `drydock lint`, or V8 would reject the cache.
const { codeCacheFile, TRAINING_VARIABLE } = await loadBootConstants();
const cache = join(staging, codeCacheFile(bundleId, process.versions.v8, process.arch));
await mkdir(dirname(cache), { recursive: true });
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DRYDOCK_')));
const training = spawnSync(process.execPath, [entry, ...trainingArgs], {
  cwd: root,
  env: { ...env, [TRAINING_VARIABLE]: cache, NO_COLOR: '1' },
  encoding: 'utf8',
});
const cacheSize = await stat(cache).then((info) => info.size, () => 0);
if (training.error || (training.status !== 0 && training.status !== 1) || cacheSize === 0) {
  console.error(`build: the training run \`drydock ${trainingArgs.join(' ')}\` failed (exit ${training.status ?? training.signal}):`);
  console.error(training.error?.message ?? training.stderr);
  process.exit(1);
}

// A fresh folder each time, so files from earlier builds never ship.
const retired = `${dist}.old-${process.pid}`;
await rename(dist, retired).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(staging, dist);
await rm(retired, { recursive: true, force: true });

if (process.env.DRYDOCK_BUILD_VERBOSE) {
  for (const result of [bundle, stubs]) {
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
      console.log(`${relative(staging, join(root, file)).padEnd(28)} ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
  }
  console.log(`${relative(staging, cache).padEnd(28)} ${(cacheSize / 1024).toFixed(1)} KiB`);
}

/** The cache's file name and the training variable, from boot.ts itself, so the two cannot drift. */
async function loadBootConstants() {
  const result = await build({
    ...common,
    entryPoints: ['src/boot/boot.ts'],
    format: 'esm',
    write: false,
    metafile: false,
  });
  const url = `data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`;
  return import(url);
}
