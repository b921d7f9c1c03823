// The entry of dist/secret-worker.js: see boot.ts.
import { boot } from './boot.js';

boot('secretWorker', __dirname);
