/**
 * A problem the CLI reports as one line on stderr with exit code 2. With a `subject` (a file, folder or
 * pattern) the line reads `drydock: <subject>: <problem>`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly subject?: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** A bad command line: unknown command or option, bad value, missing argument. */
export class UsageError extends CliError {
  constructor(message: string, hint = "run 'drydock --help' for usage") {
    super(message, undefined, hint);
    this.name = 'UsageError';
  }
}

const ERRNO_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  ENXIO: 'not a regular file',
  EBADF: 'bad file descriptor',
};

/** Turns a Node fs error into a CliError about `subject`, worded without errno jargon. */
export function fsError(error: unknown, subject: string): CliError {
  if (error instanceof CliError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && ERRNO_PROBLEMS[code]) return new CliError(ERRNO_PROBLEMS[code], subject);
  // Node's messages read `CODE: description, syscall 'path'`; the path is already the subject.
  const raw = error instanceof Error ? error.message : String(error);
  const problem = raw.replace(/^[A-Z0-9_]+: /, '').replace(/, \w+ '.*'$/, '');
  return new CliError(problem || 'cannot read', subject);
}

/** The single stderr line for an error; internal errors point at DRYDOCK_DEBUG for the stack. */
export function formatErrorLine(error: unknown): string {
  if (error instanceof CliError) {
    const message = oneLine(error.message);
    const base = error.subject === undefined ? message : `${error.subject}: ${message}`;
    return `drydock: ${base}${error.hint ? ` (${error.hint})` : ''}`;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `drydock: internal error: ${oneLine(message)} (set DRYDOCK_DEBUG=1 for a stack trace)`;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ').replace(/\s+/g, ' ').trim();
}

/** DRYDOCK_DEBUG=1 (any value but empty or 0) adds stack traces to error lines. */
export function debugEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.DRYDOCK_DEBUG;
  return value !== undefined && value !== '' && value !== '0';
}
