/**
 * Secret scanning for the secret rules, shared per linted file. secret-in-history, secret-in-file and
 * secret-in-deleted-layer all read the same RUN text (and secret-in-file's `secretWrites` twice more
 * through the other two), so each text is scanned once per file and the matches are shared.
 */
import type { DockerfileContext } from '../engine/rule.js';
import { findSecrets, type SecretMatch } from '../secrets/index.js';

/** Scans per file (the AST is one object per lint of a file), by text. */
const scans = new WeakMap<object, Map<string, readonly SecretMatch[]>>();

/**
 * Secrets worth reporting in `text`. Low-confidence matches (test-mode keys, weak defaults such as
 * `admin`, public-by-design tokens) are left out: precision first. The result is shared: read only.
 */
export function reportableSecrets(ctx: Pick<DockerfileContext, 'ast'>, text: string): readonly SecretMatch[] {
  let byText = scans.get(ctx.ast);
  if (!byText) scans.set(ctx.ast, (byText = new Map()));
  let found = byText.get(text);
  if (!found) byText.set(text, (found = Object.freeze(findSecrets(text, { minConfidence: 'medium' }))));
  return found;
}
