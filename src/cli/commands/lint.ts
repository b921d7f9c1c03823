import type { Argv, CommandModule } from 'yargs';
import { commonOptionsFrom, withCommonOptions, type CommonOptions } from '../common-options.js';
import { EXIT_CODES_HELP } from '../help.js';
import type { CliContext } from '../io.js';
import { restoreStdinArg } from '../stdin-arg.js';

export interface LintOptions extends CommonOptions {
  paths: string[];
  stdinFilename: string;
}

export function lintCommand(context: CliContext): CommandModule<object, LintOptions> {
  return {
    command: 'lint [paths..]',
    describe: 'Lint Dockerfiles for security problems',
    builder: (yargs: Argv) =>
      withCommonOptions(
        yargs
          .positional('paths', {
            describe:
              'Files, folders (searched for Dockerfiles), glob patterns, or - for stdin. ' +
              'Default: every Dockerfile under the current folder, honouring .gitignore',
            type: 'string',
            array: true,
            default: [] as string[],
            defaultDescription: 'current folder',
          })
          .option('stdin-filename', {
            type: 'string',
            requiresArg: true,
            default: '<stdin>',
            describe: 'File name to report for input read from stdin (-)',
          }),
      )
        .example('$0 lint', 'lint every Dockerfile under the current folder')
        .example('$0 lint docker/Dockerfile.api', 'lint one file')
        .example("$0 lint 'services/**/Dockerfile*'", 'lint files matching a glob (quote it)')
        .example('$0 lint - < Dockerfile', 'lint stdin (name it with --stdin-filename)')
        .example('$0 lint -f json -o report.json', 'write a JSON report to a file')
        .example('$0 lint --fail-on error', 'exit 1 only for errors, not warnings')
        .example('$0 lint -c ci/drydock.yaml', 'use one config file instead of the nearest .drydock.yaml')
        .epilogue(EXIT_CODES_HELP) as unknown as Argv<LintOptions>,
    handler: async (argv) => {
      // Loaded here, not at the top: it pulls in the parser and reporters, which --help never needs.
      const { runLint } = await import('../lint-run.js');
      context.exitCode = await runLint(
        {
          // Arguments after `--` land in `_` after the command name: paths that start with a dash.
          paths: [...argv.paths, ...argv._.slice(1)].map((p) => restoreStdinArg(String(p))),
          stdinFilename: restoreStdinArg(argv.stdinFilename),
          ...commonOptionsFrom(argv),
        },
        context.io,
      );
    },
  };
}
