/**
 * Public shapes of the secret engine. Offsets are 0-based UTF-16 indices into the scanned text,
 * `end` exclusive, and always cover the secret itself (a URL's password, a header's token), never
 * the surrounding name or syntax.
 */

/**
 * How sure a detector is that a match is a live credential.
 * - `high`: a provider format with a distinctive prefix and structure, or a secret-denoting name
 *   with a random-looking literal.
 * - `medium`: a real secret shape that is less distinctive, or a literal under a secret name.
 * - `low`: secret-shaped but probably harmless: test-mode keys, identifiers that travel with a
 *   secret, weak defaults (`admin`, `root`), public-by-design tokens.
 */
export type Confidence = 'high' | 'medium' | 'low';

/** Orders confidences for filtering: `CONFIDENCE_RANK[a] >= CONFIDENCE_RANK[b]`. */
export const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 1, medium: 2, high: 3 };

/** Groups detectors for reporting recall and precision per family. */
export type DetectorFamily =
  | 'cloud'
  | 'platform'
  | 'code-forge'
  | 'chat'
  | 'payments'
  | 'email'
  | 'package-registry'
  | 'ai'
  | 'monitoring'
  | 'saas'
  | 'private-key'
  | 'token'
  | 'credential'
  | 'generic';

/**
 * How specific a detector is; breaks ties when two detectors claim overlapping text:
 * a provider format beats a context pattern (a token in an `Authorization` header), which beats a
 * generic `NAME=value` assignment.
 */
export type DetectorKind = 'provider' | 'context' | 'generic';

/** One secret found in a text. The raw secret is never part of a match: read it from the text. */
export interface SecretMatch {
  /** Stable kebab-case detector id, e.g. `github-pat`. */
  detectorId: string;
  /** What was found, for messages: "GitHub personal access token". */
  description: string;
  /** Offset of the secret's first character in the scanned text. */
  start: number;
  /** Offset just past the secret's last character. */
  end: number;
  confidence: Confidence;
  /** Safe to print: a public prefix, at most a few characters and the length (see `mask`). */
  masked: string;
}

/** Why `classifyAssignment` judged a value to be a secret. */
export type VerdictBasis =
  /** The value has a provider format (or a secret shape for its context) under any name. */
  | 'value'
  /** The name denotes a secret and the value is a literal that could be one. */
  | 'name';

/** The verdict on a `NAME=value` pair. Offsets index the value string passed in. */
export interface SecretVerdict {
  detectorId: string;
  description: string;
  confidence: Confidence;
  basis: VerdictBasis;
  /** Secret span within the value (quotes around the value are excluded). */
  start: number;
  end: number;
  masked: string;
}
