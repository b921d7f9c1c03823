/**
 * The generic detector: a secret-denoting name assigned a literal in free text: shell
 * (`DB_PASSWORD=…`, `export API_TOKEN=…`, `--password=…`), YAML and JSON (`password: …`,
 * `"apiKey": "…"`), properties (`spring.datasource.password=…`) and `.env` files; and a few forms
 * whose name is not followed by an operator: PHP, Perl and PowerShell variables (`$db_password =
 * '…'`), constant and environment calls (`define( 'DB_PASSWORD', '…' )`, `setenv("TOKEN", "…")`),
 * XML key/value attributes (`<add key="ClearTextPassword" value="…" />`) and redis.conf
 * (`requirepass …`).
 *
 * The name is judged before any value is read, and the end of an unquoted value comes from a
 * memoized search, so a long run of keywords costs linear time.
 */
import { decodeBase64, isNameCode, type DetectorHit, type ScanContext, type SecretDetector } from '../detector.js';
import { classifySecretName, type SecretName } from '../names.js';
import { judgeNamedValue, NAMED_SECRET_ID, namedSecretDescription } from '../named-values.js';

// Name-based secrets are passwords and tokens: a quoted value of any text up to MAX_VALUE, an
// unquoted one up to MAX_UNQUOTED_VALUE. Longer values count only as one base64 token (an STS session
// token, a SAS): quoted or not, up to MAX_TOKEN_VALUE, without an inner `=` or `:`, so no other
// assignment starts inside one, and no text is judged twice (judging a long value per keyword hit
// in it would cost quadratic time on adversarial input).
const MAX_VALUE = 512;
const MAX_UNQUOTED_VALUE = 128;
const MAX_TOKEN_VALUE = 2048;
const LONG_TOKEN = /^[A-Za-z0-9+/_.-]+={0,2}$/;
const TOKEN_BREAK = /[^A-Za-z0-9+/_.-]/g;
// The name must not continue a word, a `$NAME`/`${NAME`/`$(NAME` reference, or a URL's user info.
// `terraform fmt` aligns `=` with many blanks.
const NAME_AND_SEPARATOR =
  /(?<![A-Za-z0-9_.$/@:-])(?<!\$\{)(?<!\$\()(?<name>[A-Za-z0-9_.-]{1,128})(?<q>["']?)(?<sep>[ \t]{0,40}(?:=>|:=|=|:)[ \t]{0,40}|[ \t]{1,40})/y;
// A `$`-variable of PHP, Perl or PowerShell assigned a quoted literal. A shell reference (`$TOKEN`) is
// never followed by ` = '…'`; `==`, `=>` and `=~` are comparisons, pairs and matches.
const DOLLAR_ASSIGNMENT = /(?<name>[A-Za-z_][A-Za-z0-9_]{0,127})[ \t]{0,40}=(?![=>~])[ \t]{0,40}(?=["'])/y;
// `define( 'NAME', '…' )` and kin: a quoted name, a comma, a quoted literal.
const CALL_BEFORE = /\b(?:define|putenv|setenv|setdefault)[ \t]*\([ \t]*(["'])$/;
const CALL_ARGUMENTS = /(?<name>[A-Za-z0-9_.-]{1,128})(?<q>["'])[ \t]{0,40},[ \t]{0,40}(?=["'])/y;
// `<add key="NAME" value="…" />` (NuGet.Config, .NET appSettings); `Smtp:Password` names are read whole.
const KEY_ATTRIBUTE_BEFORE = /(?<![A-Za-z0-9_.:-])key[ \t]*=[ \t]*$/i;
const VALUE_ATTRIBUTE = /(?<name>[A-Za-z0-9_.-]{1,128})(?<q>["'])[ \t\r\n]{1,40}value[ \t]*=[ \t]*(?=["'])/iy;
// redis.conf directives take their value after a blank: `requirepass <password>`.
const BLANK_SEPARATED_DIRECTIVES = new Set(['requirepass', 'masterauth']);
// Where an unquoted value ends. Inside a quoted string (an `echo "NAME=…"` argument) `&`, `;`, `|`
// are literal, so only blanks and quotes end it.
const VALUE_STOP = /[\s"'`;&|<>(){}[\],]/g;
const VALUE_STOP_IN_STRING = /[\s"'`]/g;
const endOfValueKey = {};
const endOfValueInStringKey = {};
const tokenBreakKey = {};
const LEGACY_ENV = /(?:^|\s)ENV[ \t]+$/i;

const nameCache = new Map<string, SecretName | null>();
function classifyCached(name: string): SecretName | undefined {
  let info = nameCache.get(name);
  if (info === undefined) {
    if (nameCache.size > 4096) nameCache.clear();
    info = classifySecretName(name) ?? null;
    nameCache.set(name, info);
  }
  return info ?? undefined;
}

/**
 * What may follow a name for it to be assigned: an operator, a quote before one (or before the comma
 * of `define('NAME', …)`), or a blank (a flag's value, a legacy `ENV NAME value`). Most keyword hits
 * are words in prose or code (`keyboard`, `tokens.push(`): this rules them out before the full
 * pattern runs.
 */
function mayBeAssigned(text: string, start: number): boolean {
  let i = start;
  const limit = Math.min(text.length, start + 128);
  while (i < limit && isNameCode(text.charCodeAt(i))) i++;
  if (i === limit) return false;
  let c = text.charCodeAt(i);
  if (c === 34 || c === 39) {
    c = text.charCodeAt(i + 1); // "name": / 'name' =
    if (c === 44) return true; // 'NAME', '…'
  }
  // = : space tab
  return c === 61 || c === 58 || c === 32 || c === 9;
}

/** A name, where its value starts, and how it was assigned. */
interface Assignment {
  name: string;
  valueStart: number;
  /** An operator (or an equivalent: a call's comma, a `value=` attribute) assigns the value. */
  assigned: boolean;
  /** The value must be quoted (the `$name`, call and attribute forms). */
  quotedOnly: boolean;
  /** The name was quoted (`"password": …`). */
  quotedName: boolean;
  /** Judge as free text (strict), whatever the name's case. */
  strict: boolean;
}

/** Reads the name and separator at `start` in any of the forms the detector knows. */
function readAssignment(text: string, start: number): Assignment | undefined {
  const before = text.charCodeAt(start - 1);
  if (before === 36 || (before === 58 && /\$env:$/i.test(text.slice(Math.max(0, start - 5), start)))) {
    // $name = '…', PowerShell's $env:NAME = '…'
    DOLLAR_ASSIGNMENT.lastIndex = start;
    const m = DOLLAR_ASSIGNMENT.exec(text);
    if (!m) return undefined;
    return { name: m.groups!['name']!, valueStart: DOLLAR_ASSIGNMENT.lastIndex, assigned: true, quotedOnly: true, quotedName: false, strict: true };
  }
  if ((before === 34 || before === 39) && charBeforeBlanks(text, start - 1) === '(') {
    const call = CALL_BEFORE.exec(text.slice(Math.max(0, start - 40), start));
    if (call) {
      CALL_ARGUMENTS.lastIndex = start;
      const m = CALL_ARGUMENTS.exec(text);
      if (m && m.groups!['q'] === call[1]) {
        return { name: m.groups!['name']!, valueStart: CALL_ARGUMENTS.lastIndex, assigned: true, quotedOnly: true, quotedName: true, strict: true };
      }
    }
  }
  if (before === 34 || before === 39 || before === 58) {
    const attribute = keyAttributeBefore(text, start);
    if (attribute) {
      VALUE_ATTRIBUTE.lastIndex = start;
      const m = VALUE_ATTRIBUTE.exec(text);
      if (m && m.groups!['q'] === attribute.quote) {
        const name = attribute.prefix + m.groups!['name']!;
        return { name, valueStart: VALUE_ATTRIBUTE.lastIndex, assigned: true, quotedOnly: true, quotedName: true, strict: true };
      }
    }
  }
  NAME_AND_SEPARATOR.lastIndex = start;
  const m = NAME_AND_SEPARATOR.exec(text);
  if (!m) return undefined;
  const name = m.groups!['name']!;
  const assigned = /[=:]/.test(m.groups!['sep']!);
  // A bare blank separates a flag from its value (`--password x`), a name from its value in
  // Dockerfile's legacy `ENV NAME value` form, and a redis.conf directive from its value at the start
  // of a line (`requirepass …`); nothing else.
  if (
    !assigned &&
    !name.startsWith('--') &&
    !LEGACY_ENV.test(text.slice(Math.max(0, start - 12), start)) &&
    !(BLANK_SEPARATED_DIRECTIVES.has(name.toLowerCase()) && atLineStart(text, start))
  ) {
    return undefined;
  }
  return { name, valueStart: NAME_AND_SEPARATOR.lastIndex, assigned, quotedOnly: false, quotedName: m.groups!['q'] !== '', strict: false };
}

/**
 * The `key="` of a key/value attribute pair ending at `start`, with the name's segments before the
 * one at `start` (`Smtp:` of `key="Smtp:Password"`); at most three segments are stepped back over.
 */
function keyAttributeBefore(text: string, start: number): { quote: string; prefix: string } | undefined {
  let i = start - 1;
  let colons = 0;
  while (text[i] === ':') {
    if (++colons > 3) return undefined;
    const floor = Math.max(0, i - 64);
    i--;
    while (i >= floor && isNameCode(text.charCodeAt(i))) i--;
  }
  const quote = text[i];
  if (quote !== '"' && quote !== "'") return undefined;
  if (charBeforeBlanks(text, i) !== '=' || !KEY_ATTRIBUTE_BEFORE.test(text.slice(Math.max(0, i - 16), i))) return undefined;
  return { quote, prefix: text.slice(i + 1, start) };
}

/** The character before `at`, blanks skipped (at most 40). */
function charBeforeBlanks(text: string, at: number): string | undefined {
  let i = at - 1;
  const floor = Math.max(0, at - 41);
  while (i >= floor && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i];
}

/** Only blanks precede `at` on its line. */
function atLineStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n' || text[i] === '\r';
}

function matchAssignment(text: string, start: number, scan: ScanContext): DetectorHit | undefined {
  if (!mayBeAssigned(text, start)) return undefined;
  const found = readAssignment(text, start);
  if (!found) return undefined;
  const { name, assigned } = found;
  const info = classifyCached(name);
  if (!info) return undefined;
  // `cond ? "PASS" : "FAIL"`: a ternary's branches, not a key and its value.
  if (/\?[ \t]*["']?$/.test(text.slice(Math.max(0, start - 4), start))) return undefined;
  let valueStart = found.valueStart;
  let valueEnd: number;
  const open = text[valueStart];
  const before = text[start - 1];
  const inString = !found.quotedName && (before === '"' || before === "'");
  if (open === '"' || open === "'") {
    // `read -p "Password: " pw`: the name sits inside a string and the "value" starts at its closing quote.
    if (inString) return undefined;
    let j = valueStart + 1;
    const limit = Math.min(text.length, j + MAX_TOKEN_VALUE);
    while (j < limit && text[j] !== open && text[j] !== '\n') j += open === '"' && text[j] === '\\' ? 2 : 1;
    if (text[j] !== open) return undefined;
    valueStart++;
    valueEnd = j;
    // Quoted values do not overlap (each ends at the next quote), so the long ones are tested whole.
    if (valueEnd - valueStart > MAX_VALUE && !LONG_TOKEN.test(text.slice(valueStart, valueEnd))) return undefined;
  } else {
    if (found.quotedOnly || open === undefined || open === '=' || (open === '-' && !assigned)) return undefined;
    const stops = inString ? VALUE_STOP_IN_STRING : VALUE_STOP;
    const stop = scan.firstFrom(inString ? endOfValueInStringKey : endOfValueKey, valueStart, (from) => {
      stops.lastIndex = from;
      const s = stops.exec(text);
      return { at: s ? s.index : text.length, value: null };
    })!.at;
    valueEnd = stop;
    // Glued to `{`, `(`, `[` or a backtick: half of a reference or a call (`sk-${KEY}`).
    if (/[{([`]/.test(text[valueEnd] ?? '')) return undefined;
    if (valueEnd - valueStart > MAX_UNQUOTED_VALUE && !isLongToken(text, valueStart, valueEnd, scan)) return undefined;
  }
  const value = text.slice(valueStart, valueEnd);
  if (value.length > MAX_UNQUOTED_VALUE && encodesText(value)) return undefined;
  const envStyle = !found.strict && assigned && /^[A-Z][A-Z0-9_]*$/.test(name);
  const quoted = open === '"' || open === "'";
  const confidence = judgeNamedValue(info, value, !envStyle, quoted);
  if (!confidence) return undefined;
  return { start: valueStart, end: valueEnd, confidence, description: namedSecretDescription(info) };
}

/**
 * A long base64 value that decodes to text is an encoded document (a service-account JSON, a PEM
 * certificate or key), which the detectors of those formats judge; a token decodes to bytes.
 */
function encodesText(value: string): boolean {
  if (!LONG_TOKEN.test(value)) return false;
  const decoded = decodeBase64(value);
  if (decoded === undefined || decoded.length === 0) return false;
  let printable = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable >= decoded.length * 0.9;
}

/**
 * An unquoted value longer than MAX_UNQUOTED_VALUE is judged only when it is one base64 token, with
 * `=` only as its padding. The first break in the token comes from a memoized search, so keyword hits
 * inside a long run cost constant time each.
 */
function isLongToken(text: string, from: number, to: number, scan: ScanContext): boolean {
  if (to - from > MAX_TOKEN_VALUE) return false;
  const breakAt = scan.firstFrom(tokenBreakKey, from, (at) => {
    TOKEN_BREAK.lastIndex = at;
    const b = TOKEN_BREAK.exec(text);
    return { at: b ? b.index : text.length, value: null };
  })!.at;
  if (breakAt >= to) return true;
  if (to - breakAt > 2) return false;
  for (let i = breakAt; i < to; i++) if (text[i] !== '=') return false;
  return true;
}

export const secretAssignment: SecretDetector = {
  id: NAMED_SECRET_ID,
  description: 'hard-coded secret assigned to a secret-named variable',
  family: 'generic',
  kind: 'generic',
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'cred', 'masterauth'],
  stepBack: { chars: isNameCode, max: 64 },
  // A name, up to 40 blanks on each side of the operator, a quoted token.
  maxLength: 2400,
  match: matchAssignment,
};
