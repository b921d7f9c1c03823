/**
 * Judging a literal under a secret-denoting name. Shared by `classifyAssignment` (exact names from
 * ENV/ARG/LABEL) and the generic assignment detector (names found in free text).
 */
import { DOCUMENTED_EXAMPLES } from './detector.js';
import { characterClasses, looksRandom, shannonEntropy } from './entropy.js';
import type { SecretName, SecretNameKind } from './names.js';
import { isPublicByDesign, isWeakDefault, looksLikeIdentifier, valueKind } from './values.js';
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
 * not a literal (reference, path, setting, URL, placeholder, prose) or is public by design (`pk.…`,
 * `pk_live_…`).
 *
 * `strict` is for names found in free text (`password: …` in YAML, `--token …` on a command line),
 * where prose, examples and code abound: there identifiers and text with spaces are rejected, a
 * password must mix character classes and be 6+ long, and other secrets must look random. Exact assignments accept any literal, rating weak defaults low.
 */
export function judgeNamedValue(name: SecretName, value: string, strict: boolean, quoted = false): Confidence | undefined {
  const v = value.trim();
  const kind = valueKind(v);
  if (kind === 'number') {
    // A numeric password (`MYSQL_ROOT_PASSWORD=123456`) is still a password; counts, ports and TTLs are not.
    return !strict && name.kind === 'password' && /^\d{6,}$/.test(v) ? 'low' : undefined;
  }
  if (kind !== 'literal') return undefined;
  if (isCodeValue(name, v) || isPublicByDesign(v) || DOCUMENTED_EXAMPLES.some((example) => example.test(v))) return undefined;
  if (isWeakDefault(v)) return strict ? undefined : 'low';
  if (strict) {
    // Lowercase words joined by `-`, `_`, `.` name something (`proxy-secret`, `db_password`); code
    // assigns identifiers (`pass = receivedDiff`, `password: BinaryLike`); prose has spaces;
    // translations have non-ASCII letters (`"password": "Contraseña"`).
    if (/^[a-z]+(?:[-_.][a-z0-9]+)*$/.test(v) || looksLikeIdentifier(v, quoted) || /[\s\u0080-\uffff]/.test(v)) return undefined;
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

/** Words that a secret-named label or key is followed by in code, never a secret's value. */
const CODE_WORDS = new Set(['for', 'if', 'else', 'while', 'do', 'return', 'new', 'this', 'self', 'null', 'nil', 'none', 'undefined', 'true', 'false', 'void', 'function', 'def', 'var', 'let', 'const', 'my', 'local', 'our']);

/**
 * Values that are code, not secrets, whatever the context: a keyword (`PASSWD: for (;;)`, a Perl
 * label), the name's own noun again in any case or inside an identifier (`_M_token =
 * _S_token_ord_char`, `ERRORTOKEN = token.ERRORTOKEN`, `{pass} ? "PASS"`), and a CONSTANT_CASE
 * identifier of words (`PRIVATE_KEY: NLA_EXACT_LEN`, an enum). Stock distributions ship such lines
 * by the thousand in headers and standard libraries.
 */
function isCodeValue(name: SecretName, v: string): boolean {
  const lower = v.toLowerCase();
  if (CODE_WORDS.has(lower)) return true;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(v) && lower.includes(name.noun)) return true;
  return /^[A-Z]+(?:_[A-Z]+)+$/.test(v);
}