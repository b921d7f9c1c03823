import type { CommandModule } from 'yargs';
import { CliError } from '../errors.js';

/**
 * A command that is listed in --help but not built yet. It accepts any arguments, so users learn the
 * command is missing rather than that they typed it wrong.
 */
export function notImplementedCommand(command: string, describe: string): CommandModule {
  const name = command.split(' ')[0]!;
  return {
    command,
    describe: `${describe} [not implemented yet]`,
    builder: (yargs) => yargs.strict(false),
    handler: () => {
      throw new CliError(`'${name}' is not implemented yet (coming in a later release)`);
    },
  };
}
