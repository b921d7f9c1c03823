/**
 * Judging a literal under a secret-denoting name. Shared by `classifyAssignment` (exact names from
 * ENV/ARG/LABEL) and the generic assignment detector (names found in free text).
 */
import { characterClasses, looksRandom, shannonEntropy } from './entropy.js';
import type { SecretName, SecretNameKind } from './names.js';
import { isWeakDefault, looksLikeIdentifier, valueKind } from './values.js';
import type { Confidence } from './types.js';

/** Id of the name-based detector, in text and in verdicts. */
export const NAMED_SECRET_ID = 'secret-assignment';

const KIND_DESCRIPTION: Readonly<Record<SecretNameKind, string>> = {
  password: 'hard-coded password',
  token: 'hard-coded token',
  secret: 'hard-coded secret',
  key: 'hard-coded secret key',
  credentials: 'hard-coded credentials',
};

/** The description of a name-based finding. */
export function namedSecretDescription(name: SecretName): string {
  return KIND_DESCRIPTION[name.kind];
}

/**
 * How likely `value` (unquoted) is a real secret given the name denotes one; undefined when it is
 * not a literal (reference, path, setting, URL, placeholder, prose).
 *
 * `strict` is for names found in free text (`password: …` in YAML, `--token …` on a command line),
 * where prose, examples and code abound: there identifiers and text with spaces are rejected, a
 * password must mix character classes and be 6+ long, and other secrets must look random. Exact assignments accept any literal, rating weak defaults low.
 */
export function judgeNamedValue(name: SecretName, value: string, strict: boolean): Confidence | undefined {
  const v = value.trim();
  const kind = valueKind(v);
  if (kind === 'number') {
    // A numeric password (`MYSQL_ROOT_PASSWORD=123456`) is still a password; counts, ports and TTLs are not.
    return !strict && name.kind === 'password' && /^\d{6,}$/.test(v) ? 'low' : undefined;
  }
  if (kind !== 'literal') return undefined;
  if (isWeakDefault(v)) return strict ? undefined : 'low';
  if (strict) {
    // Lowercase words joined by `-`, `_`, `.` name something (`proxy-secret`, `db_password`); code
    // assigns identifiers (`pass = receivedDiff`, `password: BinaryLike`); prose has spaces;
    // translations have non-ASCII letters (`"password": "Contraseña"`).
    if (/^[a-z]+(?:[-_.][a-z0-9]+)*$/.test(v) || looksLikeIdentifier(v) || /[\s\u0080-\uffff]/.test(v)) return undefined;
    if (name.kind === 'password') {
      if (v.length < 6 || characterClasses(v) < 2 || shannonEntropy(v) < 2.3) return undefined;
    } else if (!looksRandom(v, 12, 3.0)) {
      return undefined;
    }
  }
  if (looksRandom(v, 16, 3.5)) return 'high';
  if (name.kind === 'password') return 'medium';
  return v.length >= 8 ? 'medium' : 'low';
}
