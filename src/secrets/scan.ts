/**
 * `findSecrets`: one pass finds every detector keyword (exact-case provider prefixes and
 * case-insensitive names, see keywords.ts), then each keyword's detectors try a sticky match at
 * that place. Overlapping claims are settled in favour of the most specific detector.
 */
import type { Found, ScanContext, SecretDetector } from './detector.js';
import { DETECTORS } from './detectors/index.js';
import { KeywordMatcher } from './keywords.js';
import { mask } from './mask.js';
import { CONFIDENCE_RANK, type Confidence, type DetectorKind, type SecretMatch } from './types.js';

/** Options for {@link findSecrets}. */
export interface FindSecretsOptions {
  /** Drop matches below this confidence. Default `low`: keep everything. */
  minConfidence?: Confidence;
  /** Run only these detector ids. */
  only?: readonly string[];
  /** Skip these detector ids. */
  exclude?: readonly string[];
  /**
   * The path of the file the text comes from (relative, no leading `/`). File-format detectors run
   * only on their files, and path allowlists apply.
   */
  path?: string;
}

interface Registry {
  /** Finds the keywords: exact-case ones first, then case-insensitive ones. */
  matcher: KeywordMatcher;
  /** Per keyword index of the matcher: the detectors it wakes. */
  owners: readonly (readonly number[])[];
  detectors: readonly SecretDetector[];
}

/**
 * Keywords are cut to this many characters for the automaton: a detector's own pattern checks the
 * rest at the hit, and every character beyond adds states to a table whose size is the walk's cost.
 */
const MAX_KEYWORD_CHARS = 8;

/**
 * The keywords of one case mode and the detectors each wakes. A keyword that extends another
 * (`sk-ant-` after `sk-`) is folded into the shorter one, whose hit wakes both keywords' detectors:
 * so no keyword is a prefix of another, and at most one keyword of a mode starts at any place.
 */
function keywordOwners(detectors: readonly SecretDetector[], caseSensitive: boolean): Map<string, number[]> {
  const owners = new Map<string, Set<number>>();
  detectors.forEach((d, index) => {
    if (Boolean(d.caseSensitive) !== caseSensitive) return;
    for (const k of d.keywords) {
      const key = (caseSensitive ? k : k.toLowerCase()).slice(0, MAX_KEYWORD_CHARS);
      if (!owners.has(key)) owners.set(key, new Set());
      owners.get(key)!.add(index);
    }
  });
  const byKeyword = new Map<string, number[]>();
  const sorted = [...owners.keys()].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  for (const keyword of sorted) {
    // The shortest base that starts this keyword (bases are shorter, so they come first).
    let base = keyword;
    for (let length = 1; length < keyword.length; length++) {
      if (byKeyword.has(keyword.slice(0, length))) {
        base = keyword.slice(0, length);
        break;
      }
    }
    const list = byKeyword.get(base) ?? [];
    for (const index of owners.get(keyword)!) if (!list.includes(index)) list.push(index);
    byKeyword.set(base, list);
  }
  return byKeyword;
}

/**
 * Provider prefixes are exact-case (`AKIA`, `SK`, `ghp_`), which skips the ordinary words that
 * contain them in other cases (`task`, `Asia`); names and headers (`password`, `Authorization`) are
 * matched in any case.
 */
function buildRegistry(detectors: readonly SecretDetector[]): Registry {
  const exact = keywordOwners(detectors, true);
  const folded = keywordOwners(detectors, false);
  return {
    matcher: new KeywordMatcher([...exact.keys()], [...folded.keys()]),
    owners: [...exact.values(), ...folded.values()],
    detectors,
  };
}

const defaultRegistry = buildRegistry(DETECTORS);
const registryCache = new Map<string, Registry>();

function registryFor(options: FindSecretsOptions): Registry {
  if (!options.only && !options.exclude) return defaultRegistry;
  const key = `${options.only?.join(',') ?? '*'}|${options.exclude?.join(',') ?? ''}`;
  let registry = registryCache.get(key);
  if (!registry) {
    const only = options.only ? new Set(options.only) : undefined;
    const exclude = new Set(options.exclude ?? []);
    registry = buildRegistry(DETECTORS.filter((d) => (!only || only.has(d.id)) && !exclude.has(d.id)));
    if (registryCache.size > 64) registryCache.clear();
    registryCache.set(key, registry);
  }
  return registry;
}

const KIND_RANK: Readonly<Record<DetectorKind, number>> = { generic: 1, context: 2, provider: 3 };

interface Candidate {
  detector: SecretDetector;
  start: number;
  end: number;
  confidence: Confidence;
  publicPrefix: string | undefined;
  description: string;
}

/** Specific detectors first, then confidence, then the longer span. */
function better(a: Candidate, b: Candidate): number {
  return (
    KIND_RANK[b.detector.kind] - KIND_RANK[a.detector.kind] ||
    CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start
  );
}

/** Keeps, in each cluster of overlapping candidates, the best ones that do not overlap each other. */
function settleOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  const flush = (): void => {
    if (cluster.length === 1) kept.push(cluster[0]!);
    else if (cluster.length > 1) {
      const chosen: Candidate[] = [];
      for (const c of cluster.sort(better)) {
        if (chosen.every((k) => c.end <= k.start || c.start >= k.end)) chosen.push(c);
      }
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
    cluster = [];
  };
  for (const c of candidates) {
    if (c.start >= clusterEnd) {
      flush();
      clusterEnd = c.end;
    } else {
      clusterEnd = Math.max(clusterEnd, c.end);
    }
    cluster.push(c);
  }
  flush();
  return kept;
}

interface Memo {
  from: number;
  found: Found<unknown> | undefined;
}

function newScanContext(path: string | undefined): ScanContext {
  const memos = new Map<object, Memo>();
  return {
    path,
    firstFrom<T>(key: object, from: number, search: (from: number) => Found<T> | undefined): Found<T> | undefined {
      const memo = memos.get(key);
      if (memo && from >= memo.from && (memo.found === undefined || from <= memo.found.at)) {
        return memo.found as Found<T> | undefined;
      }
      const found = search(from);
      memos.set(key, { from, found });
      return found;
    },
  };
}

/**
 * Finds secrets in `text`, sorted by offset, non-overlapping. Each match's span is the secret itself;
 * `masked` is the only form of it that may be printed.
 */
export function findSecrets(text: string, options: FindSecretsOptions = {}): SecretMatch[] {
  const registry = registryFor(options);
  const { detectors } = registry;
  const scan = newScanContext(options.path);
  const path = options.path;
  // Per detector, its last start: keywords of one name (`API_TOKEN_SECRET`) step back to one start.
  const lastStart = new Array<number>(detectors.length).fill(-1);
  // Per detector, the end of its last match: hits inside a secret it already found are skipped.
  const coveredUntil = new Array<number>(detectors.length).fill(0);
  const candidates: Candidate[] = [];
  // Hits come in text order, so each detector sees its own hits in order.
  const hits = registry.matcher.find(text);
  for (let h = 0; h < hits.length; h += 2) {
    const at = hits[h]!;
    for (const index of registry.owners[hits[h + 1]!]!) {
      const detector = detectors[index]!;
      if (at < coveredUntil[index]!) continue;
      if (detector.paths && (path === undefined || !detector.paths.test(path))) continue;
      let start = at;
      const back = detector.stepBack;
      if (back) {
        const floor = Math.max(0, at - back.max);
        while (start > floor && back.chars(text.charCodeAt(start - 1))) start--;
        if (start === lastStart[index]) continue;
        lastStart[index] = start;
      }
      const found = detector.match(text, start, scan);
      if (found && found.end > found.start) {
        coveredUntil[index] = found.end;
        candidates.push({
          detector,
          start: found.start,
          end: found.end,
          confidence: found.confidence,
          publicPrefix: found.publicPrefix,
          description: found.description ?? detector.description,
        });
      }
    }
  }
  const floor = CONFIDENCE_RANK[options.minConfidence ?? 'low'];
  return settleOverlaps(candidates)
    .filter((c) => CONFIDENCE_RANK[c.confidence] >= floor)
    .map((c) => ({
      detectorId: c.detector.id,
      description: c.description,
      start: c.start,
      end: c.end,
      confidence: c.confidence,
      masked: mask(text.slice(c.start, c.end), { publicPrefix: c.publicPrefix }),
    }));
}

/** Metadata of the detectors, sorted by id (for `drydock rules`, docs and config validation). */
export function listDetectors(): ReadonlyArray<
  Pick<SecretDetector, 'id' | 'description' | 'family' | 'kind' | 'keywords' | 'caseSensitive' | 'maxLength'>
> {
  return DETECTORS.map(({ id, description, family, kind, keywords, caseSensitive, maxLength }) => ({
    id,
    description,
    family,
    kind,
    keywords,
    caseSensitive,
    maxLength,
  }));
}
