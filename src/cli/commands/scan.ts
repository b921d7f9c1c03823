import type { Argv, CommandModule } from 'yargs';
import { commonOptionsFrom, withCommonOptions, type CommonOptions } from '../common-options.js';
import { EXIT_CODES_HELP } from '../help.js';
import type { CliContext } from '../io.js';
import { restoreStdinArg } from '../stdin-arg.js';

export interface ScanOptions extends CommonOptions {
  target: string;
  platform: string | undefined;
  dockerfile: string | undefined;
}

export function scanCommand(context: CliContext): CommandModule<object, ScanOptions> {
  return {
    command: 'scan <target>',
    describe: 'Scan a built image, every layer of it: setuid files, capabilities, secrets (deleted ones too), root user',
    builder: (yargs: Argv) =>
      withCommonOptions(
        yargs
          .positional('target', {
            describe:
              'A `docker save` tar, an OCI archive, an OCI layout folder, a root filesystem folder, ' +
              'or docker:<ref> for an image in the local Docker engine. The kind is read from the content.',
            type: 'string',
            demandOption: true,
          })
          .option('dockerfile', {
            type: 'string',
            requiresArg: true,
            describe: 'The Dockerfile the image was built from: each finding also points at the instruction that caused it',
          })
          .option('platform', {
            type: 'string',
            requiresArg: true,
            describe: 'For multi-platform images: os/arch[/variant] to scan (default: this machine\'s)',
          }),
      )
        .example('$0 scan app.tar', 'scan a `docker save -o app.tar app:1.2` archive')
        .example('$0 scan docker:app:1.2', 'scan an image from the local Docker engine')
        .example('$0 scan app.tar --dockerfile Dockerfile', 'also point each finding at the Dockerfile line that caused it')
        .example('$0 scan oci-dir --platform linux/arm64', 'scan one platform of an OCI layout')
        .example('$0 scan rootfs/ -f json', 'scan an unpacked root filesystem, JSON report')
        .epilogue(EXIT_CODES_HELP) as unknown as Argv<ScanOptions>,
    handler: async (argv) => {
      const { runScan } = await import('../scan-run.js');
      context.exitCode = await runScan(
        {
          target: restoreStdinArg(argv.target),
          platform: argv.platform,
          dockerfile: argv.dockerfile === undefined ? undefined : restoreStdinArg(argv.dockerfile),
          ...commonOptionsFrom(argv),
        },
        context.io,
      );
    },
  };
}
