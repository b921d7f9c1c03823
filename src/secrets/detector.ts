/**
 * The detector contract and the factory for the common case: a sticky regex tried where a keyword
 * occurs, with entropy and placeholder checks on the secret's body.
 *
 * The engine finds every keyword in one pass, then asks only the detectors of the keywords found to
 * match at that place. A detector never scans the whole text itself, so adding detectors costs
 * nothing on text without their keywords, and every regex runs from a known start with bounded
 * quantifiers (no catastrophic backtracking).
 */
import { looksFabricated, shannonEntropy } from './entropy.js';
import type { Confidence, DetectorFamily, DetectorKind } from './types.js';

/** A detector's answer for one place: the secret's span and how sure it is. */
export interface DetectorHit {
  start: number;
  end: number;
  confidence: Confidence;
  /** The leading part of the secret that is format, not secret; shown unmasked. */
  publicPrefix?: string;
  /** Overrides the detector's description for this match (a generic detector naming what it saw). */
  description?: string;
}

/** How far before a keyword a match may start, for patterns whose keyword is not their first character. */
export interface StepBack {
  /** Characters the match may start with before the keyword (`[A-Za-z0-9_.-]` for names). */
  chars: (code: number) => boolean;
  /** At most this many characters. */
  max: number;
}

/** A found position and what was found there. */
export interface Found<T> {
  at: number;
  value: T;
}

/**
 * Per-scan state shared by a detector's calls during one `findSecrets`. `firstFrom` memoizes a
 * forward search ("the first X at or after `from`"): asked again from a later position that the
 * previous answer still covers, it returns that answer without searching. Detectors whose matches
 * can be long use it so that many keyword hits in one long token do not rescan it.
 */
export interface ScanContext {
  firstFrom<T>(key: object, from: number, search: (from: number) => Found<T> | undefined): Found<T> | undefined;
  /** The scanned file's path (`etc/app/.pypirc`, no leading `/`), when the text is a file's. */
  readonly path: string | undefined;
}

/**
 * What a detector lets pass although its pattern matched: gitleaks' allowlists. Each regex is tested
 * unanchored unless it anchors itself.
 */
export interface Allowlist {
  /** Matched against the secret (public prefix included). */
  secrets?: readonly RegExp[];
  /** Matched against the whole line the secret sits on (from the previous newline to the next). */
  lines?: readonly RegExp[];
  /** Matched against the file path, when the text is a file's; the detector stays silent there. */
  paths?: readonly RegExp[];
  /** Lowercase words that, inside the secret, mark it as made up (`example`, `dummy`). */
  stopwords?: readonly string[];
}

/** One kind of secret. */
export interface SecretDetector {
  /** Stable kebab-case id, used in findings and config. */
  readonly id: string;
  /** Short noun phrase for messages: "GitHub personal access token". */
  readonly description: string;
  readonly family: DetectorFamily;
  readonly kind: DetectorKind;
  /**
   * Literals the detector is asked to match at; every true match contains one. Lowercase and
   * matched case-insensitively, unless `caseSensitive`.
   */
  readonly keywords: readonly string[];
  /** Keywords are exact-case provider prefixes (`AKIA`, `ghp_`): fewer hits on ordinary words. */
  readonly caseSensitive?: boolean;
  /** Set when matches start before the keyword (a name before `password`, a scheme before `://`). */
  readonly stepBack?: StepBack;
  /** Longest text a match can span, from its start; sizes the overlap of chunked scans. */
  readonly maxLength: number;
  /**
   * File formats only (`.htpasswd`, `.pypirc`): the detector runs only on files whose path matches,
   * and never on text that is not a file's (instruction text, config values).
   */
  readonly paths?: RegExp;
  /**
   * Tries a match starting exactly at `start` (the keyword, or `stepBack` characters before it).
   * Offsets are absolute in `text`.
   */
  match(text: string, start: number, scan: ScanContext): DetectorHit | undefined;
}

/** What a pattern detector's `verify` sees. */
export interface PatternCandidate {
  /** The whole text being scanned. */
  text: string;
  /** The secret (the `secret` group, or the whole match). */
  secret: string;
  /** The secret without its public prefix. */
  body: string;
  /** Named groups of the match. */
  groups: Readonly<Record<string, string | undefined>>;
  /** Offsets of the whole match. */
  matchStart: number;
  matchEnd: number;
}

/** Declarative description of a regex-based detector. */
export interface PatternSpec {
  id: string;
  description: string;
  family: DetectorFamily;
  kind?: DetectorKind;
  keywords: readonly string[];
  caseSensitive?: boolean;
  stepBack?: StepBack;
  /**
   * Tried sticky at the keyword (flags other than `i`, `s`, `m` are replaced). A named group
   * `secret` marks the secret when the match includes context (a name, a header). Every quantifier
   * must be bounded or limited by a boundary the keyword cannot repeat inside.
   */
  pattern: RegExp;
  maxLength: number;
  confidence: Confidence;
  /** Leading part of the secret that is public format (`ghp_`); excluded from entropy, shown in masks. */
  prefix?: RegExp;
  /** Minimum Shannon entropy (bits per char) of the body. */
  minEntropy?: number;
  /** Skip the placeholder check on the body (for bodies that are legitimately regular, such as digits). */
  allowRegularBody?: boolean;
  /** Matches to let pass: known examples, lines that are documentation, paths of test fixtures. */
  allow?: Allowlist;
  /** See {@link SecretDetector.paths}. */
  paths?: RegExp;
  /**
   * Final say after the built-in checks: a confidence (possibly different from the default), or
   * undefined to reject.
   */
  verify?: (candidate: PatternCandidate) => Confidence | undefined;
}

/**
 * Every provider's documented example secrets (the `allow.secrets` of all pattern detectors). The
 * generic name-based detector consults them too: a sample token from a provider's documentation
 * under `token:` is no more a secret than under its provider's own detector.
 */
export const DOCUMENTED_EXAMPLES: RegExp[] = [];

/** Builds a detector from a {@link PatternSpec}. */
export function patternDetector(spec: PatternSpec): SecretDetector {
  if (spec.allow?.secrets) DOCUMENTED_EXAMPLES.push(...spec.allow.secrets);
  const flags = spec.pattern.flags.replace(/[^ims]/g, '') + 'dy';
  // Made on the first match: most detectors never see their keyword in a given run, and making all
  // of them cost start-up time on every `drydock lint`.
  let regex: RegExp | undefined;
  const hasSecretGroup = /\(\?<secret>/.test(spec.pattern.source);
  return {
    id: spec.id,
    description: spec.description,
    family: spec.family,
    kind: spec.kind ?? 'provider',
    keywords: spec.keywords,
    caseSensitive: spec.caseSensitive,
    stepBack: spec.stepBack,
    maxLength: spec.maxLength,
    paths: spec.paths,
    match(text, start, scan) {
      regex ??= new RegExp(spec.pattern.source, flags);
      regex.lastIndex = start;
      const m = regex.exec(text);
      if (!m || !m.indices) return undefined;
      const span = hasSecretGroup ? m.indices.groups?.['secret'] : m.indices[0];
      if (!span) return undefined;
      const secret = text.slice(span[0], span[1]);
      const publicPrefix = spec.prefix?.exec(secret)?.[0];
      const body = publicPrefix ? secret.slice(publicPrefix.length) : secret;
      if (spec.minEntropy !== undefined && shannonEntropy(body) < spec.minEntropy) return undefined;
      if (!spec.allowRegularBody && looksFabricated(body)) return undefined;
      if (spec.allow && allowed(spec.allow, text, secret, span[0], scan.path)) return undefined;
      let confidence: Confidence | undefined = spec.confidence;
      if (spec.verify) {
        confidence = spec.verify({
          text,
          secret,
          body,
          groups: m.groups ?? {},
          matchStart: m.index,
          matchEnd: m.index + m[0].length,
        });
        if (!confidence) return undefined;
      }
      return { start: span[0], end: span[1], confidence, publicPrefix };
    },
  };
}

/** `[A-Za-z0-9_]`: the characters that continue an identifier-like token. */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `[A-Za-z0-9_.-]`: characters of variable, key and flag names (`spring.datasource.password`, `--api-key`). */
export function isNameCode(c: number): boolean {
  return isWordCode(c) || c === 45 || c === 46;
}

/** Decodes base64 or base64url (padding optional) to a binary string; undefined when malformed. */
export function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
}

/** True when `allow` lets the secret at `at` in `text` pass. */
export function allowed(allow: Allowlist, text: string, secret: string, at: number, path: string | undefined): boolean {
  if (allow.secrets?.some((r) => r.test(secret))) return true;
  if (allow.stopwords) {
    const lower = secret.toLowerCase();
    if (allow.stopwords.some((w) => lower.includes(w))) return true;
  }
  if (path !== undefined && allow.paths?.some((r) => r.test(path))) return true;
  if (allow.lines) {
    const from = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    const line = text.slice(from, newline === -1 ? text.length : newline);
    if (allow.lines.some((r) => r.test(line))) return true;
  }
  return false;
}
