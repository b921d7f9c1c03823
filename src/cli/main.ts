// The CLI process, run by the bundle's `cli` entry (bundle.ts). Only this file (and preload.ts, for argv)
// touches `process`; everything testable lives in cli.ts.
// First: it starts work for `lint` before the other imports are evaluated.
import './preload.js';
import { hideBin } from 'yargs/helpers';
import { runCli } from './cli.js';
import { debugEnabled, formatErrorLine, fsError } from './errors.js';
import type { CliIo } from './io.js';

function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    // A getter: touching process.stdin builds a stream, which commands that never read it need not pay for.
    get stdin() {
      return process.stdin;
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    progressStream: process.stderr.isTTY === true ? process.stderr : undefined,
    writeStdout: (text) =>
      new Promise((resolve, reject) => {
        if (text === '') return resolve();
        process.stdout.write(text, (error) => {
          if (error && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error);
          else resolve();
        });
      }),
    writeStderr: (text) => {
      process.stderr.write(text);
    },
  };
}

// A reader that quits early (`drydock lint | head`) is not an error; the exit code still reports the
// findings. Any other stdout failure gets the usual one line.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  process.stderr.write(`${formatErrorLine(fsError(error, 'stdout'))}\n`);
  if (debugEnabled(process.env)) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
});

// exitCode, not exit(): output still queued for a pipe gets flushed before Node quits.
runCli(hideBin(process.argv), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${formatErrorLine(error)}\n`);
    process.exitCode = 2;
  },
);
