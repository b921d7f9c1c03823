/**
 * V8 flags for the shell parser's WebAssembly, set once per process.
 *
 * They live apart from shell-wasm.ts because the CLI's boot (src/boot/boot.ts) sets them too, before
 * it compiles the bundle: V8 accepts a code cache only when the process's flags hash the same as in
 * the process that made it, and the build's training run sets these during its lint. A flag added
 * here reaches both; one set anywhere else would make every cache be rejected (a test checks that
 * the built cache is accepted).
 */
export const WASM_FLAGS: readonly string[] = [
  // V8's optimizing WASM compiler spends ~0.5 s of CPU on the 1.3 MB bash grammar before the first
  // parse; a lint run parses a few dozen scripts at most, for which the baseline compiler is far
  // cheaper (one-file lint 0.78 s → 0.29 s, corpus 4.3 s → 3.0 s, measured under load).
  '--liftoff-only',
  // Compiled whole while the CLI loads, on a background thread, instead of function by function on
  // the main thread at the first parses: the corpus lint 1.26 s → 1.22 s (A/B medians).
  '--no-wasm-lazy-compilation',
  // One background thread, not one per core: on a 2-core machine the compile otherwise takes both
  // cores while the main thread waits on them to read the CLI's own files (one-file lint 228 → 218 ms,
  // A/B medians of 25).
  '--wasm-num-compilation-tasks=1',
];
