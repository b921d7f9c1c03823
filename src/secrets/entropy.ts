/**
 * Cheap statistics that tell random key material from words, counters and placeholders.
 */

/** Shannon entropy in bits per character (0 for an empty string). */
export function shannonEntropy(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export const hasUpper = (text: string): boolean => /[A-Z]/.test(text);
export const hasLower = (text: string): boolean => /[a-z]/.test(text);
export const hasDigit = (text: string): boolean => /[0-9]/.test(text);
/** Both letter cases: random base62 of 20+ characters has them; words in CONSTANT_CASE or lowercase do not. */
export const hasBothCases = (text: string): boolean => hasLower(text) && hasUpper(text);

/** How many of lower, upper, digit and other characters `text` mixes (0–4). */
export function characterClasses(text: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

// Words that only documentation and templates put inside a token-shaped string. Random base62 of
// realistic length contains one of these by chance with probability well under 1e-4.
const FABRICATED_WORDS = /example|sample|dummy|placeholder|redacted|your[_-]?(?:token|key|secret)|changeme|insert|replace/i;
// `xxxx` in one case: random base62 has four x's of mixed case (`xXXx`) several times as often.
const FABRICATED_X_RUN = /xxxx|XXXX/;

/**
 * True when a token body is visibly made up: a run of 6 equal characters (`XXXXXX`, `000000`), an
 * ascending or descending run of 6 (`abcdef`, `123456`), or a documentation word (`EXAMPLE`). Real
 * random bodies of the lengths we check hit these with negligible probability.
 */
export function looksFabricated(body: string): boolean {
  if (FABRICATED_WORDS.test(body) || FABRICATED_X_RUN.test(body)) return true;
  let same = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < body.length; i++) {
    const d = body.charCodeAt(i) - body.charCodeAt(i - 1);
    same = d === 0 ? same + 1 : 1;
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (same >= 6 || up >= 6 || down >= 6) return true;
  }
  return false;
}

/**
 * True when a literal looks random enough to be generated key material rather than a word or a
 * human-chosen value: long enough, mixed, and with high entropy.
 */
export function looksRandom(value: string, minLength = 16, minEntropy = 3.5): boolean {
  return value.length >= minLength && characterClasses(value) >= 2 && shannonEntropy(value) >= minEntropy &&
    !looksFabricated(value);
}
