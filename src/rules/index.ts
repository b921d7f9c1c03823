import type { Rule } from '../engine/rule.js';
import syntaxError from './syntax-error.js';
import unusedIgnore from './unused-ignore.js';

/** Every rule, sorted by id. Add a rule here and to rules.md (`npm run docs:rules`). */
export const RULES: readonly Rule[] = [syntaxError, unusedIgnore].sort((a, b) =>
  a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0,
);

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));

function hadolintAliases(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const rule of RULES) {
    for (const source of rule.meta.sources) {
      if (!source.startsWith('hadolint:')) continue;
      const code = source.slice('hadolint:'.length);
      map.set(code, [...(map.get(code) ?? []), rule.meta.id]);
    }
  }
  return map;
}

/** Rule ids and hadolint codes → rule ids, for inline ignores and config. */
export const RULE_LOOKUP = { ids: new Set(RULES.map((r) => r.meta.id)), hadolint: hadolintAliases() };
