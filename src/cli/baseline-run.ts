import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BaselineError, baselineOf, newFindings, parseBaseline, serializeBaseline, type Baseline } from '../engine/baseline.js';
import type { Finding } from '../engine/finding.js';
import { CliError, UsageError, fsError } from './errors.js';
import type { CliIo } from './io.js';
import { writeReport } from './lint-run.js';

export interface BaselineOptions {
  baseline: string | undefined;
  writeBaseline: boolean;
}

/**
 * Reads `--baseline FILE` before any work, so a wrong path or a broken file fails at once; with
 * `--write-baseline` nothing is read (the file is about to be replaced).
 */
export async function loadBaseline(options: BaselineOptions, io: CliIo): Promise<Baseline | undefined> {
  if (options.writeBaseline && options.baseline === undefined) throw new UsageError('--write-baseline needs --baseline FILE: the file to write');
  if (options.baseline === undefined || options.writeBaseline) return undefined;
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, options.baseline), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError('no such baseline file', options.baseline, 'record one with --write-baseline');
    throw fsError(error, options.baseline);
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    if (error instanceof BaselineError) throw new CliError(error.message, options.baseline);
    throw error;
  }
}

/**
 * With `--write-baseline`: records the findings and says so on stderr; the caller then ends with
 * exit 0 and no report. With a baseline: the findings it does not hold. Otherwise: all of them.
 */
export async function applyBaseline<T extends Finding>(
  findings: T[],
  baseline: Baseline | undefined,
  options: BaselineOptions,
  io: CliIo,
): Promise<{ findings: T[]; written: boolean }> {
  if (options.writeBaseline && options.baseline !== undefined) {
    await writeReport(resolve(io.cwd, options.baseline), options.baseline, serializeBaseline(baselineOf(findings)), 'the baseline');
    io.writeStderr(`drydock: recorded ${findings.length} ${findings.length === 1 ? 'finding' : 'findings'} in the baseline ${options.baseline}\n`);
    return { findings, written: true };
  }
  if (!baseline) return { findings, written: false };
  const { fresh, known } = newFindings(findings, baseline);
  if (known > 0) {
    io.writeStderr(`drydock: ${known} ${known === 1 ? 'finding' : 'findings'} already in the baseline ${options.baseline} not reported\n`);
  }
  return { findings: fresh, written: false };
}
