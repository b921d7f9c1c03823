import type { Comment, DockerfileAst, Range } from '../dockerfile/ast.js';
import type { LineIndex } from '../dockerfile/positions.js';

/**
 * Inline ignores, read from comments:
 * - `# drydock ignore=rule-a,rule-b -- reason`: the next instruction (or the one a comment inside a
 *   continuation belongs to);
 * - `# drydock stage ignore=…` directly above a FROM: that whole stage;
 * - `# drydock global ignore=…`: the whole file;
 * - hadolint's `# hadolint ignore=DL3008` and `# hadolint global ignore=…`, through rules' sources.
 * Rule names may be drydock ids or hadolint codes in every form.
 */
export interface IgnoreEntry {
  /** The id as written (a drydock id or a hadolint code). */
  written: string;
  /** The rules it names: one for a drydock id, any number for a hadolint code. */
  ruleIds: string[];
  /** The id's own range inside the comment, for precise unused-ignore findings. */
  range: Range;
  /** Offsets [start, end) of the text it covers. */
  scope: [number, number];
  scopeKind: 'instruction' | 'stage' | 'file';
  /** A hadolint code for which no drydock rule exists yet: never reported as unused. */
  unmapped: boolean;
  used: boolean;
}

export interface IgnoreProblem {
  message: string;
  range: Range;
}

const PRAGMA = /^\s*(drydock|hadolint)\s+(?:(global|stage)\s+)?ignore\s*=\s*(.*)$/i;
const HADOLINT_CODE = /^(?:DL|SC)\d{4}$/i;

export interface RuleLookup {
  /** Known drydock rule ids. */
  ids: ReadonlySet<string>;
  /** `DL3008` → drydock rule ids whose sources name `hadolint:DL3008`. */
  hadolint: ReadonlyMap<string, string[]>;
}

export function readIgnores(
  ast: DockerfileAst,
  lines: LineIndex,
  rules: RuleLookup,
): { entries: IgnoreEntry[]; problems: IgnoreProblem[] } {
  const entries: IgnoreEntry[] = [];
  const problems: IgnoreProblem[] = [];
  for (const comment of ast.comments) {
    // Most comments are prose: a pragma starts with `d` or `h`, which one character code tells.
    const first = comment.text.trimStart().charCodeAt(0) | 0x20;
    if (first !== 0x64 && first !== 0x68) continue;
    const m = PRAGMA.exec(comment.text);
    if (!m) continue;
    const tool = m[1]!.toLowerCase();
    const kind = m[2]?.toLowerCase();
    const listAndReason = m[3]!;
    // Everything after ` -- ` is the reason; ids are separated by commas and/or blanks.
    const reasonAt = listAndReason.search(/(?:^|\s)--(?:\s|$)/);
    const list = reasonAt === -1 ? listAndReason : listAndReason.slice(0, reasonAt);
    const listStart = comment.range.start.offset + 1 + comment.text.length - listAndReason.length;
    const scope = scopeFor(comment, kind, ast);
    if (!scope) {
      problems.push({
        message: `'${tool} stage ignore' must stand directly above a FROM: it applies to that stage`,
        range: comment.range,
      });
      continue;
    }
    const idRe = /[^\s,]+/g;
    for (let id = idRe.exec(list); id; id = idRe.exec(list)) {
      const written = id[0];
      const start = listStart + id.index;
      const range = lines.range(start, start + written.length);
      const isHadolint = HADOLINT_CODE.test(written);
      const ruleIds = isHadolint
        ? (rules.hadolint.get(written.toUpperCase()) ?? [])
        : rules.ids.has(written)
          ? [written]
          : [];
      if (ruleIds.length === 0 && !isHadolint) {
        problems.push({ message: `'${written}' is not a drydock rule id: this ignore suppresses nothing`, range });
        continue;
      }
      entries.push({
        written,
        ruleIds,
        range,
        scope: scope.offsets,
        scopeKind: scope.kind,
        unmapped: ruleIds.length === 0,
        used: false,
      });
    }
  }
  return { entries, problems };
}

function scopeFor(
  comment: Comment,
  kind: string | undefined,
  ast: DockerfileAst,
): { kind: IgnoreEntry['scopeKind']; offsets: [number, number] } | undefined {
  if (kind === 'global') return { kind: 'file', offsets: [0, ast.text.length] };
  const at = comment.range.end.offset;
  const instructions = ast.instructions;
  // The instruction that contains the comment (a comment line inside a continuation) or the next one.
  const index = instructions.findIndex((i) => i.range.end.offset >= at);
  const target = instructions[index];
  if (kind === 'stage') {
    if (!target || target.keyword !== 'FROM' || target.range.start.offset < at) return undefined;
    const next = instructions.slice(index + 1).find((i) => i.keyword === 'FROM');
    return { kind: 'stage', offsets: [target.range.start.offset, next ? next.range.start.offset : ast.text.length] };
  }
  if (!target) return { kind: 'instruction', offsets: [at, at] };
  return { kind: 'instruction', offsets: [target.range.start.offset, target.range.end.offset] };
}

/** Marks and returns whether an entry suppresses a finding of `ruleId` starting at `offset`. */
export function isSuppressed(entries: IgnoreEntry[], ruleId: string, offset: number): boolean {
  let suppressed = false;
  for (const e of entries) {
    if (offset < e.scope[0] || offset > e.scope[1] || !e.ruleIds.includes(ruleId)) continue;
    e.used = true;
    suppressed = true;
  }
  return suppressed;
}
