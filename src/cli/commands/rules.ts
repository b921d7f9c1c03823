import type { Argv, CommandModule } from 'yargs';
import type { CliContext } from '../io.js';

export interface RulesOptions {
  format: 'stylish' | 'json';
  output: string | undefined;
}

export function rulesCommand(context: CliContext): CommandModule<object, RulesOptions> {
  return {
    command: 'rules',
    describe: 'List every rule with its severity, tags, sources and description',
    builder: (yargs: Argv) =>
      yargs
        .option('format', {
          alias: 'f',
          choices: ['stylish', 'json'] as const,
          default: 'stylish' as const,
          describe: 'stylish: a table for people; json: every field of every rule, docs included',
        })
        .option('output', {
          alias: 'o',
          type: 'string',
          requiresArg: true,
          describe: 'Write the list to FILE instead of stdout',
        })
        .example('$0 rules', 'the rule table')
        .example('$0 rules -f json', 'machine-readable metadata') as unknown as Argv<RulesOptions>,
    handler: async (argv) => {
      const { runRules } = await import('../rules-run.js');
      context.exitCode = await runRules({ format: argv.format, output: argv.output }, context.io);
    },
  };
}
