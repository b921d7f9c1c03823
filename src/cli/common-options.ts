import type { Argv } from 'yargs';
import { REPORT_FORMATS, type ReportFormat } from '../report/formats.js';
import { restoreStdinArg } from './stdin-arg.js';

export const FAIL_ON_LEVELS = ['error', 'warning', 'note', 'none'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

export interface CommonOptions {
  format: ReportFormat;
  output: string | undefined;
  failOn: FailOn;
  config: string | undefined;
  color: boolean | undefined;
  sarifCategory: string | undefined;
  baseline: string | undefined;
  writeBaseline: boolean;
}

/** The flags every reporting command shares (architecture: "Common flags"). */
export function withCommonOptions<T>(yargs: Argv<T>): Argv<T & CommonOptions> {
  return yargs
    .option('format', {
      alias: 'f',
      choices: REPORT_FORMATS,
      default: 'stylish' as ReportFormat,
      describe: 'Report format',
      group: 'Report:',
    })
    .option('output', {
      alias: 'o',
      type: 'string',
      requiresArg: true,
      describe: 'Write the report to FILE instead of stdout',
      group: 'Report:',
    })
    .option('fail-on', {
      choices: FAIL_ON_LEVELS,
      default: 'warning' as FailOn,
      describe: 'Lowest severity that makes the exit code 1',
      group: 'Report:',
    })
    .option('config', {
      alias: 'c',
      type: 'string',
      requiresArg: true,
      describe: 'Use this config file for every input instead of the nearest .drydock.yaml (see docs/configuration.md)',
      group: 'Report:',
    })
    .option('color', {
      type: 'boolean',
      describe: 'Force colours on (--color) or off (--no-color); default: on for a terminal unless NO_COLOR is set',
      group: 'Report:',
    })
    .option('sarif-category', {
      type: 'string',
      requiresArg: true,
      describe: 'With --format sarif: a category for GitHub code scanning (automationDetails.id), to tell several uploads for one commit apart, e.g. lint and scan',
      group: 'Report:',
    })
    .option('baseline', {
      type: 'string',
      requiresArg: true,
      describe: 'Report only findings that this baseline file does not hold (record one with --write-baseline)',
      group: 'Baseline:',
    })
    .option('write-baseline', {
      type: 'boolean',
      default: false,
      describe: 'Record every current finding in the --baseline file and exit 0, printing no report',
      group: 'Baseline:',
    }) as unknown as Argv<T & CommonOptions>;
}

/** The common options as a command's handler passes them on, each `-` given back (see stdin-arg.ts). */
export function commonOptionsFrom(argv: CommonOptions): CommonOptions {
  return {
    format: argv.format,
    output: optional(argv.output),
    failOn: argv.failOn,
    config: optional(argv.config),
    color: argv.color,
    sarifCategory: argv.sarifCategory,
    baseline: optional(argv.baseline),
    writeBaseline: argv.writeBaseline === true,
  };
}

function optional(value: string | undefined): string | undefined {
  return value === undefined ? undefined : restoreStdinArg(value);
}
