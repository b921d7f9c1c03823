/**
 * The process surface a command may use. main.ts builds it from `process`; nothing else in src/ sees
 * argv, the standard streams or exit codes.
 */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdin: AsyncIterable<Buffer | string>;
  /** Writes fully before resolving, so a report piped into `head` or a file is never cut short. */
  writeStdout(text: string): Promise<void>;
  writeStderr(text: string): void;
  stdoutIsTTY: boolean;
  /** stderr when it is a terminal, for progress bars; undefined otherwise (then nothing is drawn). */
  progressStream?: NodeJS.WriteStream | undefined;
}

/** Shared between main.ts and a command's handler: the handler reports its exit code here. */
export interface CliContext {
  io: CliIo;
  exitCode: number;
}
