import yargs from 'yargs';
import { fixCommand } from './commands/fix.js';
import { hardenCommand } from './commands/harden.js';
import { lintCommand } from './commands/lint.js';
import { rulesCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';
import { verifyCommand } from './commands/verify.js';
import { debugEnabled, formatErrorLine } from './errors.js';
import { EXIT_CODES_HELP } from './help.js';
import type { CliContext, CliIo } from './io.js';
import { protectStdinArgs } from './stdin-arg.js';
import { usageErrorFrom } from './usage-errors.js';
import { DRYDOCK_VERSION } from './version.js';

const COMMAND_NAMES = ['lint', 'scan', 'fix', 'harden', 'verify', 'rules'];

/** Parses `args` (argv without node and the script) and runs the command. Resolves to the exit code. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const context: CliContext = { io, exitCode: 0 };
  const cli = yargs(protectStdinArgs(args), io.cwd)
    .scriptName('drydock')
    .usage('Usage: $0 <command> [options]\n\nSecurity linter and scanner for container builds.')
    .command(lintCommand(context))
    .command(scanCommand(context))
    .command(fixCommand)
    .command(hardenCommand)
    .command(verifyCommand)
    .command(rulesCommand(context))
    .demandCommand(1, `missing command (one of: ${COMMAND_NAMES.join(', ')})`)
    .strict()
    .version(DRYDOCK_VERSION)
    .alias('version', 'v')
    .help()
    .alias('help', 'h')
    .example('$0 lint', 'lint every Dockerfile under the current folder')
    .example('$0 lint examples/Dockerfile --format json', 'lint one file, JSON report')
    .epilogue(EXIT_CODES_HELP)
    // File names such as `0x10` or `1e3` must stay strings.
    .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false })
    .exitProcess(false)
    // Locale files are not shipped in the bundle; messages stay English and predictable for scripts.
    .locale('en')
    // Without a handler yargs prints the whole help text before the error; one line is easier to read.
    .fail((message, error, instance) => {
      // yargs signals some usage problems (a flag missing its value) by throwing a YError.
      if (error && error.name !== 'YError') throw error;
      // The third argument is yargs' usage helper; its descriptions are keyed by every option the
      // command knows, which tells an unknown flag from a known one.
      const known = Object.keys((instance as unknown as { getDescriptions?(): Record<string, unknown> }).getDescriptions?.() ?? {});
      throw usageErrorFrom(message ?? error?.message ?? 'invalid command line', args, COMMAND_NAMES, known);
    });
  // yargs lays out the help text on every command run (to cache it), and wrapping is most of that cost;
  // only wrap when the help will actually be shown.
  const wantsHelp = args.some((a) => a === '--help' || a === '-h');
  cli.wrap(wantsHelp ? Math.min(100, cli.terminalWidth() || 100) : null);

  try {
    await cli.parseAsync();
  } catch (error) {
    io.writeStderr(`${formatErrorLine(error)}\n`);
    if (debugEnabled(io.env)) io.writeStderr(`${stackOf(error)}\n`);
    return 2;
  }
  return context.exitCode;
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e !== undefined && parts.length < 5; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
    if (!(e instanceof Error)) break;
  }
  return parts.join('\nCaused by: ');
}
