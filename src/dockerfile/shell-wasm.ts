/**
 * The WebAssembly behind shell analysis, started as early as a process knows it will lint.
 *
 * The bash grammar is 1.3 MB of WASM. Compiling it takes V8's background threads tens of
 * milliseconds, so the CLI starts it before it even loads yargs (see `src/cli/preload.ts`), and
 * the compile overlaps the ~100 ms of module loading that follows instead of coming after it.
 *
 * This module imports no tree-sitter JavaScript, so starting it costs a file read and two
 * `WebAssembly.compile` calls.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { WASM_FLAGS } from './wasm-flags.js';

// The parts of the WebAssembly global used here: TypeScript declares it only in its DOM library.
/** A compiled module. */
export type WasmModule = object;
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: object) => object;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Instantiates a compiled module synchronously (cheap once it is compiled). */
export function instantiate(module: WasmModule, imports: object): object {
  return new wasmApi.Instance(module, imports);
}

export interface ShellWasm {
  /** web-tree-sitter's runtime. */
  readonly runtime: Promise<WasmModule>;
  /** The tree-sitter-bash grammar, a side module the runtime links. */
  readonly bash: Promise<WasmModule>;
  /**
   * The runtime's linear memory, made here rather than by emscripten: 32 MiB of it counts as
   * external memory, and V8 answers with a full mark-compact. Made at start-up, that collection
   * walks a heap of a few MB; made after the lint modules load, it walked ~10 MB and cost ~10 ms.
   */
  readonly memory: WasmMemory;
}

// The runtime module imports its memory with this minimum (512 pages = emscripten's 32 MiB
// INITIAL_MEMORY) and maximum; a smaller memory fails to link.
const INITIAL_PAGES = 512;
const MAXIMUM_PAGES = 32768;

let started: ShellWasm | undefined;

/** Starts reading and compiling both modules, once per process; later calls return the same. */
export function startShellWasm(): ShellWasm {
  if (started) return started;
  // The built CLI's boot has set these already; setting them again changes nothing. Run from the
  // sources (tests), this is where they are set.
  for (const flag of WASM_FLAGS) setFlagsFromString(flag);
  started = {
    runtime: compile('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'),
    bash: compile('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'),
    memory: new wasmApi.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES }),
  };
  // Nobody may be waiting yet; a failure is reported by whoever awaits the promise, not as an
  // unhandled rejection here.
  started.runtime.catch(() => undefined);
  started.bash.catch(() => undefined);
  return started;
}

function compile(file: string, packagePath: string): Promise<WasmModule> {
  try {
    return wasmApi.compile(readFileSync(locateWasm(file, packagePath)));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The build copies the WASM files next to the bundle; the TS sources (vitest) find them in node_modules. */
function locateWasm(file: string, packagePath: string): string {
  const beside = fileURLToPath(new URL(`./${file}`, import.meta.url));
  if (existsSync(beside)) return beside;
  try {
    return createRequire(import.meta.url).resolve(packagePath);
  } catch {
    throw new Error(`cannot find ${file}: looked next to ${fileURLToPath(import.meta.url)} and for ${packagePath}`);
  }
}
