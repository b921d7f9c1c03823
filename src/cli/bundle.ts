/**
 * The bundle's entry (dist/drydock.bundle.cjs, started by src/boot/boot.ts): one start function per
 * kind of process. Each reaches its modules through import(), which the bundler turns into lazy
 * initialisation, so a process evaluates only the modules of what it runs (`--help` never evaluates
 * the parser, a lint never the image reader).
 */
export function cli(): Promise<unknown> {
  return import('./main.js');
}

export function lintWorker(): Promise<unknown> {
  return import('./lint-worker.js');
}

export function secretWorker(): Promise<unknown> {
  return import('../image/secret-worker.js');
}
