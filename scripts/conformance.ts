/**
 * Scores drydock against hadolint's own rule tests (`../shared/conformance/hadolint-cases.jsonl`).
 *
 *   npx vite-node scripts/conformance.ts [--rule src/rules/x.ts …] [--only DL3002,DL3006] [--cases FILE]
 *
 * For each case, the rules whose `meta.sources` name `hadolint:<code>` lint the Dockerfile (with the
 * newline hadolint's harness appends), and their verdict (fires or silent) is compared with
 * hadolint's. Cases that need a non-default hadolint config are skipped. Prints a markdown table per
 * hadolint rule, then every disagreement with its Dockerfile and our findings, so each can be judged:
 * some are deliberate (we resolve ARGs and judge only the final stage where hadolint does not).
 *
 * `--rule` adds rule modules (default export) that `src/rules/index.ts` does not register yet.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lintDockerfile, type LintConfig } from '../src/engine/lint.js';
import type { Rule } from '../src/engine/rule.js';
import { RULES } from '../src/rules/index.js';

interface HadolintCase {
  id: string;
  rule: string;
  dockerfile: string;
  expect: 'fires' | 'silent';
  count: number | null;
  variant: 'plain' | 'onbuild';
  config: Record<string, unknown> | null;
  test: string;
}

interface Outcome {
  c: HadolintCase;
  fired: boolean;
  messages: string[];
  error?: string;
}

interface Score {
  code: string;
  rules: string[];
  cases: number;
  agree: number;
  disagree: Outcome[];
  skipped: string[];
}

const DEFAULT_CASES = '../shared/conformance/hadolint-cases.jsonl';

function parseArgs(argv: string[]): { rules: string[]; only: Set<string> | undefined; cases: string } {
  const rules: string[] = [];
  let only: Set<string> | undefined;
  let cases = DEFAULT_CASES;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--') continue;
    else if (a === '--rule') rules.push(value());
    else if (a === '--only') only = new Set(value().split(',').map((s) => s.trim().toUpperCase()));
    else if (a === '--cases') cases = value();
    else if (a.endsWith('.ts') || a.endsWith('.js')) rules.push(a);
    else throw new Error(`unknown argument '${a}'`);
  }
  return { rules, only, cases };
}

async function loadRules(paths: string[]): Promise<Rule[]> {
  const extra: Rule[] = [];
  for (const p of paths) {
    const mod = (await import(pathToFileURL(resolve(p)).href)) as { default?: Rule };
    if (!mod.default?.meta) throw new Error(`${p} has no default-exported rule`);
    extra.push(mod.default);
  }
  // Inline ignores (`# hadolint ignore=DL3002`) see the rules passed to lintDockerfile, so the
  // pragma cases score the same before and after registration.
  const registered = new Set(RULES.map((r) => r.meta.id));
  const unregistered = extra.filter((r) => !registered.has(r.meta.id));
  return [...RULES, ...unregistered];
}

function readCases(path: string): HadolintCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as HadolintCase);
}

const CONFIG: LintConfig = {
  ruleSetting: () => ({ enabled: true, severity: undefined, options: {} }),
  trustedRegistries: [],
};

async function runCase(c: HadolintCase, rules: Rule[]): Promise<Outcome> {
  const ids = new Set(rules.map((r) => r.meta.id));
  try {
    const findings = await lintDockerfile(`${c.dockerfile}\n`, 'Dockerfile', { rules, config: CONFIG });
    const ours = findings.filter((f) => ids.has(f.ruleId));
    return { c, fired: ours.length > 0, messages: ours.map((f) => `${f.ruleId} ${f.location.line}:${f.location.column} ${f.message}`) };
  } catch (error) {
    return { c, fired: false, messages: [], error: error instanceof Error ? error.message : String(error) };
  }
}

function coveringRules(rules: readonly Rule[], code: string): Rule[] {
  return rules.filter((r) => r.meta.sources.includes(`hadolint:${code}`));
}

function render(scores: Score[], uncovered: Map<string, number>): string {
  const out: string[] = [];
  const total = scores.reduce((n, s) => n + s.cases, 0);
  const agree = scores.reduce((n, s) => n + s.agree, 0);
  out.push(`# hadolint conformance`, '', `${agree}/${total} cases agree across ${scores.length} hadolint rules covered.`, '');
  out.push('| hadolint | drydock rules | cases | agree | disagree | skipped (config) | disagreeing cases |');
  out.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const s of scores) {
    const ids = s.disagree.map((o) => o.c.id).join(', ') || '–';
    out.push(`| ${s.code} | ${s.rules.join(', ')} | ${s.cases} | ${s.agree} | ${s.disagree.length} | ${s.skipped.length} | ${ids} |`);
  }
  if (uncovered.size > 0) {
    const list = [...uncovered].map(([code, n]) => `${code} (${n})`).join(', ');
    out.push('', `Not covered by any drydock rule yet: ${list}.`);
  }
  const skipped = scores.flatMap((s) => s.skipped);
  if (skipped.length > 0) out.push('', `Skipped (need a non-default hadolint config): ${skipped.join(', ')}.`);
  const disagreements = scores.flatMap((s) => s.disagree);
  if (disagreements.length > 0) out.push('', '## Disagreements');
  for (const o of disagreements) {
    const got = o.error ? `error: ${o.error}` : o.fired ? 'fires' : 'silent';
    out.push('', `### ${o.c.id}: hadolint ${o.c.expect}, drydock ${got}`, '', `${o.c.test} (${o.c.variant})`, '', '```dockerfile', o.c.dockerfile.replace(/\n$/, ''), '```');
    for (const m of o.messages) out.push(`- ${m}`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rules = await loadRules(args.rules);
  const cases = readCases(args.cases).filter((c) => !args.only || args.only.has(c.rule.toUpperCase()));
  const scores = new Map<string, Score>();
  const uncovered = new Map<string, number>();
  for (const c of cases) {
    const covering = coveringRules(rules, c.rule);
    if (covering.length === 0) {
      uncovered.set(c.rule, (uncovered.get(c.rule) ?? 0) + 1);
      continue;
    }
    let score = scores.get(c.rule);
    if (!score) {
      score = { code: c.rule, rules: covering.map((r) => r.meta.id), cases: 0, agree: 0, disagree: [], skipped: [] };
      scores.set(c.rule, score);
    }
    if (c.config !== null) {
      score.skipped.push(c.id);
      continue;
    }
    score.cases++;
    const outcome = await runCase(c, covering);
    if (!outcome.error && outcome.fired === (c.expect === 'fires')) score.agree++;
    else score.disagree.push(outcome);
  }
  const sorted = [...scores.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  process.stdout.write(`${render(sorted, uncovered)}\n`);
}

await main();
