import { describe, expect, it } from 'vitest';
import { buildDockerfileModel, type InstructionModel } from '../../src/dockerfile/model.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import type { DockerfileFinding as Finding } from '../../src/engine/finding.js';
import { lintDockerfile } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/rule.js';
import { runText, type RunText } from '../../src/rules/shell-helpers.js';

/** An expected finding: its exact range (1-based, exclusive end column) and, optionally, its message. */
export interface ExpectedFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Exact message, or a pattern it must match. */
  message?: string | RegExp;
}

export interface RuleCases {
  /** Dockerfiles on which the rule must stay silent. */
  valid: (string | { code: string; name?: string; options?: Record<string, unknown>; trustedRegistries?: string[] })[];
  /** Dockerfiles with exactly these findings of the rule, in order. */
  invalid: {
    code: string;
    name?: string;
    options?: Record<string, unknown>;
    trustedRegistries?: string[];
    errors: ExpectedFinding[];
  }[];
}

/** Lints `code` with only `rule` enabled (or every registered rule) and returns `rule`'s findings. */
export async function findingsOf(
  rule: Rule,
  code: string,
  options: Record<string, unknown> = {},
  trustedRegistries: string[] = [],
  allRules = false,
): Promise<Finding[]> {
  const findings = await lintDockerfile(code, 'Dockerfile', {
    ...(allRules ? {} : { rules: [rule] }),
    config: {
      ruleSetting: () => ({ enabled: true, severity: undefined, options }),
      trustedRegistries,
    },
  });
  return findings.filter((f) => f.ruleId === rule.meta.id);
}

function title(code: string, name?: string): string {
  return name ?? code.replace(/\n/g, '⏎').slice(0, 80);
}

/**
 * ESLint-style accept/reject tables: valid cases yield no finding of the rule; invalid cases yield
 * exactly the listed findings with exact ranges.
 */
export function testRule(rule: Rule, cases: RuleCases): void {
  describe(rule.meta.id, () => {
    for (const c of cases.valid) {
      const v = typeof c === 'string' ? { code: c } : c;
      it(`valid: ${title(v.code, 'name' in v ? v.name : undefined)}`, async () => {
        const found = await findingsOf(rule, v.code, 'options' in v ? v.options : {}, 'trustedRegistries' in v ? v.trustedRegistries : []);
        expect(found.map((f) => `${f.location.line}:${f.location.column} ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${title(c.code, c.name)}`, async () => {
        const found = await findingsOf(rule, c.code, c.options, c.trustedRegistries);
        expect(
          found.map((f) => ({ line: f.location.line, column: f.location.column, endLine: f.location.endLine, endColumn: f.location.endColumn })),
        ).toEqual(c.errors.map((e) => ({ line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn })));
        c.errors.forEach((e, i) => {
          if (e.message === undefined) return;
          if (typeof e.message === 'string') expect(found[i]!.message).toBe(e.message);
          else expect(found[i]!.message).toMatch(e.message);
        });
      });
    }
  });
}

/**
 * Docs are tests (Biome's practice): each incorrect example yields exactly one finding of the rule,
 * each correct example none. Every registered rule runs, as for a user, but only this rule's
 * findings count.
 */
export function testDocExamples(rule: Rule): void {
  describe(`${rule.meta.id} doc examples`, () => {
    rule.meta.docs.incorrect.forEach((example, i) => {
      it(`incorrect #${i + 1} yields exactly one finding`, async () => {
        expect((await findingsOf(rule, example.code, {}, [], true)).map((f) => f.message)).toHaveLength(1);
      });
    });
    rule.meta.docs.correct.forEach((example, i) => {
      it(`correct #${i + 1} yields none`, async () => {
        expect((await findingsOf(rule, example.code, {}, [], true)).map((f) => f.message)).toEqual([]);
      });
    });
  });
}

/**
 * A rule's prefilter must accept every RUN its check reports on, or the finding is lost: for each
 * invalid case, every RUN (ONBUILD triggers included) holding an expected finding's first line
 * passes `may`. `rejects`: Dockerfiles whose RUNs it turns away, so they are never parsed.
 */
export function testPrefilter(rule: Rule, may: (text: RunText) => boolean, cases: RuleCases, rejects: string[] = []): void {
  describe(`${rule.meta.id} prefilter`, () => {
    for (const c of cases.invalid) {
      const runs = runsOf(c.code).filter((ins) => c.errors.some((e) => ins.instruction.range.start.line <= e.line && e.line <= ins.instruction.range.end.line));
      if (runs.length === 0) continue;
      it(`accepts: ${title(c.code, c.name)}`, () => {
        for (const ins of runs) expect(may(runText(ins)), ins.instruction.args.value).toBe(true);
      });
    }
    for (const code of rejects) {
      it(`rejects: ${title(code)}`, () => {
        for (const ins of runsOf(code)) expect(may(runText(ins)), ins.instruction.args.value).toBe(false);
      });
    }
  });
}

function runsOf(code: string): InstructionModel[] {
  const model = buildDockerfileModel(parseDockerfile(code));
  return model.instructions.flatMap((ins) => (ins.onbuild ? [ins, ins.onbuild] : [ins])).filter((ins) => ins.instruction.keyword === 'RUN');
}
