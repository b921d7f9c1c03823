import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../src/engine/lint.js';
import { defineRule } from '../../src/engine/rule.js';
import unusedIgnore from '../../src/rules/unused-ignore.js';

/** A stand-in rule that fires on every RUN word `danger`, so ignores have something to suppress. */
const danger = defineRule({
  meta: {
    id: 'test-danger',
    title: 'Test rule',
    severity: 'warning',
    securitySeverity: 5,
    tags: ['test'],
    sources: ['hadolint:DL9999'],
    fixable: false,
    docs: { description: 'd', rationale: 'r', incorrect: [], correct: [] },
    messages: {},
  },
  dockerfile: (ctx) => ({
    RUN(ins) {
      for (const w of ins.instruction.words) if (w.value === 'danger') ctx.report({ range: w.range, message: 'danger' });
    },
  }),
});

async function lint(code: string, disabled: string[] = []): Promise<string[]> {
  const findings = await lintDockerfile(code, 'Dockerfile', {
    rules: [danger, unusedIgnore],
    config: {
      ruleSetting: (id) => ({ enabled: !disabled.includes(id), severity: undefined, options: {} }),
      trustedRegistries: [],
    },
  });
  return findings.map((f) => `${f.ruleId}@${f.location.line}:${f.location.column}-${f.location.endLine}:${f.location.endColumn}`);
}

describe('inline ignores', () => {
  it('an ignore applies to the next instruction only', async () => {
    const code = 'FROM a\n# drydock ignore=test-danger -- vetted\nRUN danger\nRUN danger\n';
    expect(await lint(code)).toEqual(['test-danger@4:5-4:11']);
  });

  it('other comments and blank lines may stand between the ignore and its instruction', async () => {
    const code = 'FROM a\n# drydock ignore=test-danger\n\n# why: vendor script\nRUN danger\n';
    expect(await lint(code)).toEqual([]);
  });

  it('an ignore on a comment line inside a continuation applies to that instruction', async () => {
    const code = 'FROM a\nRUN echo hi \\\n  # drydock ignore=test-danger\n  && danger\n';
    expect(await lint(code)).toEqual([]);
  });

  it('global ignores cover the file; stage ignores cover their stage only', async () => {
    expect(await lint('# drydock global ignore=test-danger\nFROM a\nRUN danger\nFROM b\nRUN danger\n')).toEqual([]);
    const stage = '# drydock stage ignore=test-danger\nFROM a AS build\nRUN danger\nFROM b\nRUN danger\n';
    expect(await lint(stage)).toEqual(['test-danger@5:5-5:11']);
  });

  it('a stage ignore that is not above a FROM is reported', async () => {
    expect(await lint('FROM a\n# drydock stage ignore=test-danger\nRUN danger\n')).toEqual([
      'unused-ignore@2:1-2:35',
      'test-danger@3:5-3:11',
    ]);
  });

  it('hadolint pragmas work through sources, in both forms', async () => {
    expect(await lint('FROM a\n# hadolint ignore=DL9999\nRUN danger\n')).toEqual([]);
    expect(await lint('# hadolint global ignore=DL3008,DL9999\nFROM a\nRUN danger\n')).toEqual([]);
    expect(await lint('FROM a\n# drydock ignore=DL9999\nRUN danger\n')).toEqual([]);
  });

  it('reports each unused id at its own range, and unknown ids', async () => {
    const code = 'FROM a\n# drydock ignore=test-danger, nope -- x\nRUN echo\n';
    expect(await lint(code)).toEqual(['unused-ignore@2:18-2:29', 'unused-ignore@2:31-2:35']);
  });

  it('does not judge hadolint codes no rule covers, nor ignores of disabled rules', async () => {
    expect(await lint('FROM a\n# hadolint ignore=DL3008\nRUN echo\n')).toEqual([]);
    expect(await lint('FROM a\n# drydock ignore=test-danger\nRUN echo\n', ['test-danger'])).toEqual([]);
  });

  it('an unused-ignore finding can itself be ignored globally', async () => {
    expect(await lint('# drydock global ignore=unused-ignore\nFROM a\n# drydock ignore=test-danger\nRUN echo\n')).toEqual([]);
  });

  it('keeps fingerprints when the finding moves down the file, and makes repeats unique', async () => {
    const run = async (code: string): Promise<string[]> =>
      (await lintDockerfile(code, 'Dockerfile', { rules: [danger] })).map((f) => f.fingerprint);
    const before = await run('FROM a\nRUN danger\n');
    const after = await run('FROM a\n\n\n# moved\nENV X=1\nRUN danger\n');
    expect(after).toEqual(before);
    const twice = await run('FROM a\nRUN danger\nRUN danger\n');
    expect(new Set(twice).size).toBe(2);
    expect(twice[0]).toBe(before[0]);
  });
});
