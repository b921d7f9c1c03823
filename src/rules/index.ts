import type { Rule } from '../engine/rule.js';
import addRemoteUrl from './add-remote-url.js';
import baseImageLatest from './base-image-latest.js';
import baseImageUnpinned from './base-image-unpinned.js';
import emptyPassword from './empty-password.js';
import fileCapabilities from './file-capabilities.js';
import missingHealthcheck from './missing-healthcheck.js';
import pipeToShell from './pipe-to-shell.js';
import rootUser from './root-user.js';
import secretInDeletedLayer from './secret-in-deleted-layer.js';
import secretInEnv from './secret-in-env.js';
import secretInFile from './secret-in-file.js';
import secretInHistory from './secret-in-history.js';
import setuidSetgid from './setuid-setgid.js';
import sudo from './sudo.js';
import syntaxError from './syntax-error.js';
import tlsVerificationDisabled from './tls-verification-disabled.js';
import unusedIgnore from './unused-ignore.js';
import worldWritable from './world-writable.js';

/** Every rule, sorted by id. Add a rule here and to rules.md (`npm run docs:rules`). */
export const RULES: readonly Rule[] = [
  addRemoteUrl,
  baseImageLatest,
  baseImageUnpinned,
  emptyPassword,
  fileCapabilities,
  missingHealthcheck,
  pipeToShell,
  rootUser,
  secretInDeletedLayer,
  secretInEnv,
  secretInFile,
  secretInHistory,
  setuidSetgid,
  sudo,
  syntaxError,
  tlsVerificationDisabled,
  unusedIgnore,
  worldWritable,
].sort((a, b) =>
  a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0,
);

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));

function hadolintAliases(rules: readonly Rule[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const rule of rules) {
    for (const source of rule.meta.sources) {
      if (!source.startsWith('hadolint:')) continue;
      const code = source.slice('hadolint:'.length);
      const ids = map.get(code) ?? [];
      if (!ids.includes(rule.meta.id)) map.set(code, [...ids, rule.meta.id]);
    }
  }
  return map;
}

/** Rule ids and hadolint codes → rule ids, for inline ignores and config. */
export function ruleLookup(rules: readonly Rule[]): { ids: Set<string>; hadolint: Map<string, string[]> } {
  return { ids: new Set(rules.map((r) => r.meta.id)), hadolint: hadolintAliases(rules) };
}

export const RULE_LOOKUP = ruleLookup(RULES);
