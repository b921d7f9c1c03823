// main.ts imports this first, so it runs before yargs and the rest of the bundle are evaluated:
// ES modules run their imports in order. A `lint` starts compiling the shell parser's WASM here, and
// the compile runs on V8's background threads while ~100 ms of JavaScript loads on the main one.
// A lint that turns out to need no shell analysis wastes only background work.
import { startShellWasm } from '../dockerfile/shell-wasm.js';

if (process.argv[2] === 'lint') startShellWasm();
