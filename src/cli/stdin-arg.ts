// yargs drops a bare `-` from variadic positionals (it re-parses them as `--paths -`), so `drydock lint -`
// would silently lint the current folder. A stand-in survives parsing and is turned back afterwards.
const STDIN_STAND_IN = '\u2063drydock-stdin\u2063';

/** Replaces each bare `-` before a `--` with the stand-in. */
export function protectStdinArgs(args: readonly string[]): string[] {
  const end = args.indexOf('--');
  return args.map((arg, i) => (arg === '-' && (end === -1 || i < end) ? STDIN_STAND_IN : arg));
}

/** Undoes {@link protectStdinArgs} on a parsed value. */
export function restoreStdinArg(value: string): string {
  return value === STDIN_STAND_IN ? '-' : value;
}
