import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../engine/config.js';
import { SEVERITY_RANK, type Finding } from '../engine/finding.js';
import { initShellParser } from '../dockerfile/shell.js';
import { formatReport, type ReportContext } from '../report/index.js';
import { RULES } from '../rules/index.js';
import type { CommonOptions, FailOn } from './common-options.js';
import { CliError, UsageError, formatErrorLine, fsError } from './errors.js';
import type { CliIo } from './io.js';
import { applyBaseline, loadBaseline } from './baseline-run.js';
import { configFor, lintFile, lintText, newConfigLoader, type FileOutcome } from './lint-file.js';
import { readTextStream } from './read-input.js';
import { resolveLintTargets, type LintTarget } from './resolve-targets.js';
import { DRYDOCK_HOMEPAGE, DRYDOCK_RULES_URI, DRYDOCK_VERSION } from './version.js';

export interface LintRunOptions extends CommonOptions {
  paths: string[];
  stdinFilename: string;
}

/** Runs `drydock lint` and returns the exit code. Input problems throw CliError (exit 2). */
export async function runLint(options: LintRunOptions, io: CliIo): Promise<number> {
  checkSarifOptions(options);
  const baseline = await loadBaseline(options, io);
  // The shell grammar's WASM compiles on V8's background threads: started now, it is ready by the
  // time the first RUN needs it instead of the first file waiting for it. A failure here is left
  // for that first real use to report.
  initShellParser().catch(() => undefined);
  const configs = newConfigLoader(options.config, io.cwd);
  // A bad --config is reported before anything else; with --config every file gets that file.
  if (options.config !== undefined) await configFor(configs, io.cwd);
  const targets = await resolveLintTargets(options.paths, io.cwd, options.stdinFilename);

  // Every config is loaded before any file is read, so a bad one stops the run with its one line
  // and no report. Files its `ignore` matches are skipped quietly, even when named explicitly.
  const planned: { target: LintTarget; config: ResolvedConfig }[] = [];
  for (const target of targets) {
    const path = configPath(target, io.cwd);
    const config = await configFor(configs, path);
    if (!config.isIgnored(path)) planned.push({ target, config });
  }

  const outcomes = await lintPlanned(planned, options, io);
  let findings: Finding[] = [];
  // One unreadable file must not hide the findings in the others (a pre-commit hook passes many
  // files): it gets its error line, the rest are linted, and the run still ends with exit 2.
  let inputErrors = 0;
  for (const outcome of outcomes) {
    if ('inputError' in outcome) {
      io.writeStderr(`${formatErrorLine(outcome.inputError)}\n`);
      inputErrors++;
    } else {
      findings.push(...outcome.findings);
    }
  }

  const applied = await applyBaseline(findings, baseline, options, io);
  if (applied.written) return inputErrors > 0 ? 2 : 0;
  findings = applied.findings;

  const toFile = options.output !== undefined;
  const report = formatReport(options.format, findings, {
    toolName: 'drydock',
    toolVersion: DRYDOCK_VERSION,
    color: useColor(options.color, io, toFile),
    ...sarifContext(options, io),
    // The rules enabled for at least one of the files.
    rules: RULES.filter((rule) => rule.dockerfile && planned.some(({ target, config }) => config.ruleSetting(rule.meta.id, configPath(target, io.cwd)).enabled)).map((r) => r.meta),
  });
  if (options.output !== undefined) await writeReport(resolve(io.cwd, options.output), options.output, report);
  else await io.writeStdout(report);

  return inputErrors > 0 ? 2 : exitCodeFor(findings, options.failOn);
}

/** Lints in this thread, or on worker threads when there are many files and cores to share them. */
async function lintPlanned(
  planned: { target: LintTarget; config: ResolvedConfig }[],
  options: LintRunOptions,
  io: CliIo,
): Promise<FileOutcome[]> {
  const files = planned.flatMap(({ target }) => (target.kind === 'file' ? [{ path: target.path, name: target.name }] : []));
  // Worker threads are opt-in (DRYDOCK_JOBS); without it, `node:worker_threads` is never loaded.
  if (io.env.DRYDOCK_JOBS !== undefined && files.length === planned.length) {
    const { lintInWorkers, workerCount } = await import('./lint-pool.js');
    const workers = workerCount(files.length, io.env);
    if (workers > 0) return lintInWorkers(files, workers, { explicitConfig: options.config, cwd: io.cwd });
  }
  const outcomes: FileOutcome[] = [];
  for (const { target, config } of planned) {
    if (target.kind === 'file') {
      outcomes.push(await lintFile(target.path, target.name, config));
      continue;
    }
    let text: string;
    try {
      text = await readTextStream(io.stdin, target.name);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      outcomes.push({ inputError: error });
      continue;
    }
    outcomes.push({ findings: await lintText(text, target.name, config) });
  }
  return outcomes;
}

/** `--sarif-category` means nothing without `--format sarif`: say so rather than ignore it. */
export function checkSarifOptions(options: Pick<LintRunOptions, 'format' | 'sarifCategory'>): void {
  if (options.sarifCategory === undefined) return;
  if (options.format !== 'sarif') throw new UsageError('--sarif-category applies only to --format sarif');
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(options.sarifCategory)) {
    throw new UsageError(`--sarif-category '${options.sarifCategory}' must be letters, digits, '.', '_', '-' and '/'`);
  }
}

/** The parts of the report context SARIF uses. */
export function sarifContext(options: Pick<LintRunOptions, 'sarifCategory'>, io: CliIo): Partial<ReportContext> {
  return {
    cwd: io.cwd,
    sarifCategory: options.sarifCategory,
    informationUri: DRYDOCK_HOMEPAGE,
    rulesUri: DRYDOCK_RULES_URI,
    warn: (message) => io.writeStderr(`drydock: warning: ${message}\n`),
  };
}

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  if (failOn === 'none') return 0;
  const threshold = SEVERITY_RANK[failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/** Explicit --color/--no-color wins; then NO_COLOR and FORCE_COLOR; then "is stdout a terminal". */
export function useColor(flag: boolean | undefined, io: Pick<CliIo, 'env' | 'stdoutIsTTY'>, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  if (toFile) return false;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return io.stdoutIsTTY && io.env.TERM !== 'dumb';
}


/**
 * Where a target sits for config purposes: its path, or for stdin its --stdin-filename (default
 * `<stdin>`) in the working folder. The engine asks `ruleSetting` with `target.name`, which resolves
 * against the same working folder to the same path.
 */
function configPath(target: LintTarget, cwd: string): string {
  return target.kind === 'file' ? target.path : resolve(cwd, target.name);
}




/** Writes a file the user named (`-o`, `--baseline`); `what` names it in the error for a missing folder. */
export async function writeReport(abs: string, name: string, report: string, what = 'the report'): Promise<void> {
  try {
    await writeFile(abs, report);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`cannot write ${what}: its folder does not exist`, name);
    throw fsError(error, name);
  }
}
