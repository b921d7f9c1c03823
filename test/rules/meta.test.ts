import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metaProblems } from '../../src/engine/rule.js';
import { RULES } from '../../src/rules/index.js';
import { renderRulesMarkdown } from '../../scripts/rules-md.js';
import { withDetectorTables } from '../../scripts/secrets-md.js';
import { listDetectors } from '../../src/secrets/index.js';
import { REPO } from '../cli/helpers.js';
import { testDocExamples } from './harness.js';

/** Files in src/rules/ that are not rules. */
const NOT_RULES = new Set(['index.ts']);
const isHelper = (name: string): boolean => NOT_RULES.has(name) || name.endsWith('-helpers.ts');

describe('rule registry', () => {
  it('registers every rule file, sorted by id, with unique ids', () => {
    const files = readdirSync(join(REPO, 'src/rules')).filter((f) => f.endsWith('.ts') && !isHelper(f));
    expect(RULES.map((r) => `${r.meta.id}.ts`).sort()).toEqual(files.sort());
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s has well-formed metadata, examples and tests', (id, rule) => {
    expect(metaProblems(rule.meta)).toEqual([]);
    expect(rule.meta.docs.incorrect.length).toBeGreaterThan(0);
    expect(rule.meta.docs.correct.length).toBeGreaterThan(0);
    expect(existsSync(join(REPO, 'test/rules', `${id}.test.ts`)), `test/rules/${id}.test.ts`).toBe(true);
  });

  it('rules.md is up to date (run `npm run docs:rules`)', () => {
    expect(readFileSync(join(REPO, 'rules.md'), 'utf8')).toBe(renderRulesMarkdown(RULES));
  });

  it("docs/secrets.md's detector tables are up to date (run `npm run docs:rules`)", () => {
    const doc = readFileSync(join(REPO, 'docs', 'secrets.md'), 'utf8');
    expect(doc).toBe(withDetectorTables(doc, listDetectors()));
  });
});

for (const rule of RULES) testDocExamples(rule);
