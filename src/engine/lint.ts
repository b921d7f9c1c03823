import type { Range } from '../dockerfile/ast.js';
import { buildDockerfileModel, type InstructionModel, type StageModel } from '../dockerfile/model.js';
import { parseDockerfile } from '../dockerfile/parse.js';
import { analyzeRun, initShellParser, isPosixShell, type RunAnalysis } from '../dockerfile/shell.js';
import { RULES, RULE_LOOKUP, ruleLookup } from '../rules/index.js';
import type { DockerfileFinding, Severity } from './finding.js';
import { fingerprintFinding } from './fingerprint.js';
import { isSuppressed, readIgnores } from './ignores.js';
import type { DockerfileContext, DockerfileVisitors, ReportDescriptor, Rule } from './rule.js';

/** The slice of a resolved configuration that linting needs (see `engine/config.ts`). */
export interface LintConfig {
  ruleSetting(
    ruleId: string,
    file: string,
  ): { enabled: boolean; severity?: Severity | undefined; options: Readonly<Record<string, unknown>> };
  trustedRegistries: readonly string[];
}

export interface LintOptions {
  config?: LintConfig | undefined;
  /** Only these rules (tests and doc examples); default: every registered rule. */
  rules?: readonly Rule[];
}

/** Rules whose findings the engine makes itself, not through a check. */
export const SYNTAX_RULE = 'syntax-error';
export const UNUSED_IGNORE_RULE = 'unused-ignore';

const DEFAULT_SETTING = { enabled: true, severity: undefined, options: {} };

/** A rule's setting for `file`: the config's, or enabled at its default severity without one. */
export function ruleSettingFor(config: LintConfig | undefined, ruleId: string, file: string): ReturnType<LintConfig['ruleSetting']> {
  return config?.ruleSetting(ruleId, file) ?? DEFAULT_SETTING;
}

interface Pending {
  rule: Rule;
  severity: Severity;
  descriptor: ReportDescriptor;
}

/**
 * Lints one Dockerfile: parse, resolve, run every enabled rule, then apply inline ignores and add
 * fingerprints. Findings come sorted by position.
 */
export async function lintDockerfile(text: string, file: string, options: LintOptions = {}): Promise<DockerfileFinding[]> {
  const ast = parseDockerfile(text);
  const model = buildDockerfileModel(ast);
  const config = options.config;
  const rules = options.rules ?? RULES;
  const enabled = rules
    .map((rule) => ({ rule, setting: ruleSettingFor(config, rule.meta.id, file) }))
    .filter((r) => r.setting.enabled);
  const enabledIds = new Set(enabled.map((r) => r.rule.meta.id));

  const pending: Pending[] = [];
  const needsShell = enabled.some((r) => r.rule.dockerfile) && ast.instructions.some(hasRun);
  if (needsShell) await initShellParser();
  const shellCache = new Map<InstructionModel, RunAnalysis | undefined>();
  const shell = (ins: InstructionModel): RunAnalysis | undefined => {
    if (ins.instruction.keyword !== 'RUN') return undefined;
    if (!shellCache.has(ins)) {
      const posix = ins.instruction.form === 'exec' || isPosixShell(programName(ins.shell.command[0]));
      shellCache.set(ins, posix ? analyzeRun(ins.instruction, model.lines) : undefined);
    }
    return shellCache.get(ins);
  };

  const visitors: { rule: Rule; visitors: DockerfileVisitors }[] = [];
  for (const { rule, setting } of enabled) {
    if (!rule.dockerfile) continue;
    const severity = setting.severity ?? rule.meta.severity;
    const context: DockerfileContext = {
      file,
      ast,
      model,
      options: setting.options,
      trustedRegistries: config?.trustedRegistries ?? [],
      report: (descriptor) => {
        // rules.md's fix column and `drydock fix` trust the metadata.
        if (descriptor.fix && rule.meta.fixable !== 'safe') {
          throw new Error(`rule ${rule.meta.id} gave a fix, but its metadata says fixable: ${String(rule.meta.fixable)}`);
        }
        pending.push({ rule, severity, descriptor });
      },
      shell,
    };
    visitors.push({ rule, visitors: rule.dockerfile(context) });
  }
  walk(model.instructions, visitors, file);

  const findings: DockerfileFinding[] = [];
  const toFinding = (ruleId: string, severity: Severity, d: ReportDescriptor): DockerfileFinding => ({
    ruleId,
    severity,
    message: d.message,
    location: location(file, d.range),
    fingerprint: fingerprintFinding(ruleId, file, ast, d.range, d.subject),
    ...(d.properties ? { properties: d.properties } : {}),
    ...(d.fix ? { fix: { description: d.fix.description, edits: d.fix.edits.map(({ range, text }) => ({ ...position(range), text })) } } : {}),
  });

  const syntax = enabled.find((r) => r.rule.meta.id === SYNTAX_RULE);
  if (syntax) {
    const severity = syntax.setting.severity ?? syntax.rule.meta.severity;
    for (const p of ast.problems) {
      pending.push({ rule: syntax.rule, severity, descriptor: { range: p.range, message: p.message, properties: { code: p.code } } });
    }
  }

  // Rules passed in (tests, doc examples) are known to ignores as well as the registered ones.
  const lookup = options.rules ? ruleLookup([...RULES, ...options.rules]) : RULE_LOOKUP;
  const ignores = readIgnores(ast, model.lines, lookup);
  for (const p of pending) {
    if (isSuppressed(ignores.entries, p.rule.meta.id, p.descriptor.range.start.offset)) continue;
    findings.push(toFinding(p.rule.meta.id, p.severity, p.descriptor));
  }

  const unused = enabled.find((r) => r.rule.meta.id === UNUSED_IGNORE_RULE);
  if (unused) {
    const severity = unused.setting.severity ?? unused.rule.meta.severity;
    const stale: ReportDescriptor[] = ignores.problems.map((p) => ({ range: p.range, message: p.message }));
    for (const e of ignores.entries) {
      // Unknown hadolint codes and ignores of rules the config turned off can't be judged.
      if (e.used || e.unmapped || !e.ruleIds.some((id) => enabledIds.has(id))) continue;
      stale.push({
        range: e.range,
        message: unused.rule.meta.messages.unused!(e.written, e.scopeKind),
        subject: e.written,
      });
    }
    for (const d of stale) {
      if (isSuppressed(ignores.entries, UNUSED_IGNORE_RULE, d.range.start.offset)) continue;
      findings.push(toFinding(UNUSED_IGNORE_RULE, severity, d));
    }
  }

  return disambiguate(findings.sort(byPosition));
}

/** Runs visitors over instructions in file order, with stage-end and file-end hooks. */
function walk(instructions: InstructionModel[], rules: { rule: Rule; visitors: DockerfileVisitors }[], file: string): void {
  if (rules.length === 0) return;
  const fail = (rule: Rule, error: unknown, where: string): Error => {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`rule '${rule.meta.id}' failed on ${file}${where}: ${message}`, { cause: error });
  };
  // The visitors of each keyword, gathered once per file from the keys each rule returned: looking
  // every keyword up in every rule's visitors was a measurable share of linting small files.
  const byKeyword = new Map<string, { rule: Rule; fn: (ins: InstructionModel) => void }[]>();
  for (const { rule, visitors } of rules) {
    for (const key of Object.keys(visitors)) {
      const fn = visitors[key];
      if (key === 'stageEnd' || key === 'fileEnd' || typeof fn !== 'function') continue;
      let list = byKeyword.get(key);
      if (!list) byKeyword.set(key, (list = []));
      list.push({ rule, fn: fn as (ins: InstructionModel) => void });
    }
  }
  const NONE: { rule: Rule; fn: (ins: InstructionModel) => void }[] = [];
  const handlers = (keyword: string): { rule: Rule; fn: (ins: InstructionModel) => void }[] => byKeyword.get(keyword) ?? NONE;
  const visit = (ins: InstructionModel): void => {
    for (const { rule, fn } of handlers(ins.instruction.keyword)) {
      try {
        fn(ins);
      } catch (error) {
        throw fail(rule, error, `:${ins.instruction.range.start.line}`);
      }
    }
    if (ins.onbuild) visit(ins.onbuild);
  };
  const endStage = (stage: StageModel): void => {
    for (const { rule, visitors } of rules) {
      try {
        visitors.stageEnd?.(stage);
      } catch (error) {
        throw fail(rule, error, '');
      }
    }
  };
  let stage: StageModel | undefined;
  for (const ins of instructions) {
    if (ins.stage !== stage) {
      if (stage) endStage(stage);
      stage = ins.stage;
    }
    visit(ins);
  }
  if (stage) endStage(stage);
  for (const { rule, visitors } of rules) {
    try {
      visitors.fileEnd?.();
    } catch (error) {
      throw fail(rule, error, '');
    }
  }
}

function hasRun(ins: { keyword: string; onbuild: { keyword: string } | undefined }): boolean {
  return ins.keyword === 'RUN' || ins.onbuild?.keyword === 'RUN';
}

function programName(path: string | undefined): string | undefined {
  return path?.slice(path.lastIndexOf('/') + 1);
}

function location(file: string, range: Range): DockerfileFinding['location'] {
  return { file, ...position(range) };
}

function position(range: Range): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

function byPosition(a: DockerfileFinding, b: DockerfileFinding): number {
  return (
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/** Identical findings (same fingerprint) get an occurrence suffix, in file order, so each stays unique. */
export function disambiguate<T extends { fingerprint: string }>(findings: T[]): T[] {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, n + 1);
    if (n > 0) f.fingerprint = `${f.fingerprint}:${n}`;
  }
  return findings;
}
