// The entry of dist/lint-worker.js: see boot.ts.
import { boot } from './boot.js';

boot('lintWorker', __dirname);
