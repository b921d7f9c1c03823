import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../engine/finding.js';
import { CliError } from './errors.js';
import type { FileOutcome } from './lint-file.js';
import type { WorkerJob, WorkerReply } from './lint-worker.js';

/** Below this many files a worker's start-up (~40 ms) costs more than it saves. */
export const PARALLEL_MIN_FILES = 48;
/** Files per message: enough to keep workers busy, small enough to balance the load. */
const BATCH = 16;

/**
 * How many workers to use for `fileCount` files; 0 means lint in this thread. Opt-in through
 * `DRYDOCK_JOBS=N`: on the 2-core machines we measure on, two workers were no faster than one
 * thread (about 1.4 s either way over the 1,324-file corpus): each repeats the JIT warm-up the single
 * thread pays once, and V8's own compiler and GC threads already use the second core.
 */
export function workerCount(fileCount: number, env: Readonly<Record<string, string | undefined>>): number {
  const requested = Number(env.DRYDOCK_JOBS);
  if (!Number.isInteger(requested) || requested < 2 || fileCount < PARALLEL_MIN_FILES) return 0;
  return Math.min(requested, availableParallelism() * 2, 16, Math.ceil(fileCount / BATCH));
}

/**
 * Lints files on worker threads and returns their outcomes in input order, so reports do not depend
 * on which worker finished first. Each worker starts from dist/lint-worker.js (src/boot/lint-worker.ts).
 */
export async function lintInWorkers(
  files: { path: string; name: string }[],
  workers: number,
  options: { explicitConfig: string | undefined; cwd: string },
): Promise<FileOutcome[]> {
  const outcomes: (FileOutcome | undefined)[] = new Array(files.length);
  let next = 0;
  const url = new URL('./lint-worker.js', import.meta.url);
  const runOne = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(url, { workerData: options });
      const send = (): void => {
        if (next >= files.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const job: WorkerJob = { files: [] };
        for (; next < files.length && job.files.length < BATCH; next++) job.files.push({ index: next, ...files[next]! });
        worker.postMessage(job);
      };
      worker.on('message', (replies: WorkerReply[]) => {
        for (const reply of replies) {
          if ('internalError' in reply) {
            void worker.terminate();
            const { message, subject } = reply.internalError;
            reject(new CliError(message, subject, 'set DRYDOCK_DEBUG=1 for a stack trace'));
            return;
          }
          outcomes[reply.index] =
            'findings' in reply
              ? { findings: reply.findings as Finding[] }
              : { inputError: new CliError(reply.inputError.message, reply.inputError.subject, reply.inputError.hint) };
        }
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0 && next < files.length) reject(new Error(`lint worker exited with code ${code}`));
      });
      send();
    });
  await Promise.all(Array.from({ length: workers }, runOne));
  return outcomes.map((o) => o!);
}
