/** Shared --help trailer: the exit codes are the contract scripts and CI depend on. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  no findings at or above --fail-on',
  '  1  findings at or above --fail-on (verify: a check failed)',
  '  2  usage, input or internal error, reported as one line on stderr',
  '     (set DRYDOCK_DEBUG=1 to see stack traces)',
].join('\n');
