import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from './errors.js';
import { configFor, lintFile, newConfigLoader } from './lint-file.js';

/**
 * A lint worker (see lint-pool.ts): gets batches of files, answers with each file's outcome. Config
 * is loaded here again from the same paths; the main thread has already loaded every config once,
 * so a bad one never reaches a worker.
 */
export interface WorkerJob {
  files: { index: number; path: string; name: string }[];
}

export type WorkerReply =
  | { index: number; findings: unknown[] }
  | { index: number; inputError: { message: string; subject: string | undefined; hint: string | undefined } }
  | { index: number; internalError: { message: string; subject: string } };

const { explicitConfig, cwd } = workerData as { explicitConfig: string | undefined; cwd: string };
const loader = newConfigLoader(explicitConfig, cwd);

parentPort!.on('message', async (job: WorkerJob) => {
  const replies: WorkerReply[] = [];
  for (const { index, path, name } of job.files) {
    try {
      const outcome = await lintFile(path, name, await configFor(loader, path));
      if ('inputError' in outcome) {
        const e = outcome.inputError;
        replies.push({ index, inputError: { message: e.message, subject: e.subject, hint: e.hint } });
      } else {
        replies.push({ index, findings: outcome.findings });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      replies.push({ index, internalError: { message: error instanceof CliError ? message : `internal error while linting: ${message}`, subject: name } });
    }
  }
  parentPort!.postMessage(replies);
});
