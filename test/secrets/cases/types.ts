import type { Confidence } from '../../../src/secrets/index.js';

/**
 * A text, the secret it holds, and the expected confidence. The secret's span is its first
 * occurrence at or after `from` (default 0). `path` scans the text as that file's content (for
 * file-format detectors and path allowlists).
 */
export type Sample = [text: string, secret: string, confidence: Confidence, from?: number, path?: string];

/** A look-alike: a text, or a text scanned as the content of the file at `path`. */
export type LookAlike = string | [text: string, path: string];

export interface DetectorCases {
  valid: Sample[];
  /** Look-alikes: nothing may be found in them, by any detector. */
  invalid: LookAlike[];
}
