/**
 * The generic detector: a secret-denoting name assigned a literal in free text: shell
 * (`DB_PASSWORD=…`, `export API_TOKEN=…`, `--password=…`), YAML and JSON (`password: …`,
 * `"apiKey": "…"`), properties (`spring.datasource.password=…`) and `.env` files.
 *
 * The name is judged before any value is read, and the end of an unquoted value comes from a
 * memoized search, so a long run of keywords costs linear time.
 */
import { isNameCode, type DetectorHit, type ScanContext, type SecretDetector } from '../detector.js';
import { classifySecretName, type SecretName } from '../names.js';
import { judgeNamedValue, NAMED_SECRET_ID, namedSecretDescription } from '../named-values.js';

const MAX_VALUE = 512;
// Name-based secrets are passwords and tokens; longer unquoted runs are data (and judging them per
// keyword hit would cost quadratic time on adversarial input).
const MAX_UNQUOTED_VALUE = 128;
// The name must not continue a word, a `$NAME`/`${NAME`/`$(NAME` reference, or a URL's user info.
const NAME_AND_SEPARATOR =
  /(?<![A-Za-z0-9_.$/@:-])(?<!\$\{)(?<!\$\()(?<name>[A-Za-z0-9_.-]{1,128})(?<q>["']?)(?<sep>[ \t]{0,8}(?:=>|:=|=|:)[ \t]{0,8}|[ \t]{1,8})/y;
// Where an unquoted value ends. Inside a quoted string (an `echo "NAME=…"` argument) `&`, `;`, `|`
// are literal, so only blanks and quotes end it.
const VALUE_STOP = /[\s"'`;&|<>(){}[\],]/g;
const VALUE_STOP_IN_STRING = /[\s"'`]/g;
const endOfValueKey = {};
const LEGACY_ENV = /(?:^|\s)ENV[ \t]+$/i;
const endOfValueInStringKey = {};

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
 * What may follow a name for it to be assigned: an operator, a quote before one, or a blank (a flag's
 * value, a legacy `ENV NAME value`). Most keyword hits are words in prose or code (`keyboard`,
 * `tokens.push(`): this rules them out before the full pattern runs.
 */
function mayBeAssigned(text: string, start: number): boolean {
  let i = start;
  const limit = Math.min(text.length, start + 128);
  while (i < limit && isNameCode(text.charCodeAt(i))) i++;
  if (i === limit) return false;
  let c = text.charCodeAt(i);
  if (c === 34 || c === 39) c = text.charCodeAt(i + 1); // "name": / 'name' =
  // = : space tab
  return c === 61 || c === 58 || c === 32 || c === 9;
}

function matchAssignment(text: string, start: number, scan: ScanContext): DetectorHit | undefined {
  if (!mayBeAssigned(text, start)) return undefined;
  NAME_AND_SEPARATOR.lastIndex = start;
  const m = NAME_AND_SEPARATOR.exec(text);
  if (!m) return undefined;
  const name = m.groups!['name']!;
  const sep = m.groups!['sep']!;
  const assigned = /[=:]/.test(sep);
  // A bare space separates a flag from its value (`--password x`), and a name from its value in
  // Dockerfile's legacy `ENV NAME value` form; nothing else.
  if (!assigned && !name.startsWith('--') && !LEGACY_ENV.test(text.slice(Math.max(0, start - 12), start))) return undefined;
  const info = classifyCached(name);
  if (!info) return undefined;
  // `cond ? "PASS" : "FAIL"`: a ternary's branches, not a key and its value.
  if (/\?[ \t]*["']?$/.test(text.slice(Math.max(0, start - 4), start))) return undefined;
  let valueStart = NAME_AND_SEPARATOR.lastIndex;
  let valueEnd: number;
  const open = text[valueStart];
  const before = text[start - 1];
  const inString = !m.groups!['q'] && (before === '"' || before === "'");
  if (open === '"' || open === "'") {
    // `read -p "Password: " pw`: the name sits inside a string and the "value" starts at its closing quote.
    if (inString) return undefined;
    let j = valueStart + 1;
    const limit = Math.min(text.length, j + MAX_VALUE);
    while (j < limit && text[j] !== open && text[j] !== '\n') j += open === '"' && text[j] === '\\' ? 2 : 1;
    if (text[j] !== open) return undefined;
    valueStart++;
    valueEnd = j;
  } else {
    if (open === undefined || open === '=' || (open === '-' && !assigned)) return undefined;
    const stops = inString ? VALUE_STOP_IN_STRING : VALUE_STOP;
    const stop = scan.firstFrom(inString ? endOfValueInStringKey : endOfValueKey, valueStart, (from) => {
      stops.lastIndex = from;
      const s = stops.exec(text);
      return { at: s ? s.index : text.length, value: null };
    })!.at;
    valueEnd = stop;
    // Glued to `{`, `(`, `[` or a backtick: half of a reference or a call (`sk-${KEY}`).
    if (valueEnd - valueStart > MAX_UNQUOTED_VALUE || /[{([`]/.test(text[valueEnd] ?? '')) return undefined;
  }
  const value = text.slice(valueStart, valueEnd);
  const envStyle = assigned && /^[A-Z][A-Z0-9_]*$/.test(name);
  const confidence = judgeNamedValue(info, value, !envStyle);
  if (!confidence) return undefined;
  return { start: valueStart, end: valueEnd, confidence, description: namedSecretDescription(info) };
}

export const secretAssignment: SecretDetector = {
  id: NAMED_SECRET_ID,
  description: 'hard-coded secret assigned to a secret-named variable',
  family: 'generic',
  kind: 'generic',
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'cred'],
  stepBack: { chars: isNameCode, max: 64 },
  maxLength: 1200,
  match: matchAssignment,
};
