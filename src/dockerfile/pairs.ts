/**
 * Docker's line-level splitting of instruction arguments, before variable expansion: whitespace
 * lists (FROM, COPY, EXPOSE…), quote-aware words (ARG), `key=value` pairs (ENV, LABEL), flag values
 * and `--mount` CSV fields. Every piece keeps its logical offsets so callers can map it to the file.
 */
import { splitWords } from './words.js';

/** A slice `[start, end)` of a logical string; `text` is that slice as written. */
export interface TextSlice {
  text: string;
  start: number;
  end: number;
}

/** One `key=value` (or legacy `key value`) pair, both sides as written (quotes kept). */
export interface RawPair {
  key: TextSlice;
  /** Undefined for a bare `ARG NAME`. */
  value: TextSlice | undefined;
}

export interface PairList {
  /** `key value` form of ENV/LABEL: one pair, the value is the rest of the line. */
  legacy: boolean;
  pairs: RawPair[];
  /** Words Docker rejects (no `=` in the `k=v` form, or a legacy form with no value). */
  invalid: TextSlice[];
}

/** Docker's `[\t\v\f\r ]+` separator for whitespace-delimited argument lists. */
const DOCKER_BLANKS = /[\t\v\f\r ]+/g;

/** Splits like BuildKit's `parseStringsWhitespaceDelimited`: on blanks only, quotes mean nothing. */
export function splitOnBlanks(text: string): TextSlice[] {
  const out: TextSlice[] = [];
  let last = 0;
  for (const m of text.matchAll(DOCKER_BLANKS)) {
    if (m.index > last) out.push(slice(text, last, m.index));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(slice(text, last, text.length));
  return out;
}

/** Quote-aware words (BuildKit's `parseWords`), quotes and escapes kept. */
export function splitQuotedWords(text: string, escapeChar: string): TextSlice[] {
  return splitWords(text, escapeChar).map((w) => slice(text, w.start, w.end));
}

/**
 * ENV and LABEL arguments (BuildKit's `parseNameVal`). If the first word has no `=`, the legacy form
 * applies: the key is the first blank-delimited word and the value is the rest of the line, spaces
 * and all. Otherwise every word must be `key=value`, split at its first `=` (even a quoted one, as
 * Docker does).
 */
export function parseNameValuePairs(text: string, escapeChar: string): PairList {
  const words = splitQuotedWords(text, escapeChar);
  const first = words[0];
  if (!first) return { legacy: false, pairs: [], invalid: [] };
  if (!first.text.includes('=')) {
    const keyEnd = first.start + (/^[^\t\v\f\r ]*/.exec(first.text)?.[0].length ?? 0);
    const rest = /[\t\v\f\r ]+/y;
    rest.lastIndex = keyEnd;
    const valueStart = rest.exec(text) ? rest.lastIndex : text.length;
    const key = slice(text, first.start, keyEnd);
    if (valueStart >= text.length) return { legacy: true, pairs: [], invalid: [key] };
    return { legacy: true, pairs: [{ key, value: slice(text, valueStart, text.length) }], invalid: [] };
  }
  const pairs: RawPair[] = [];
  const invalid: TextSlice[] = [];
  for (const w of words) {
    const eq = w.text.indexOf('=');
    if (eq === -1) invalid.push(w);
    else pairs.push(splitAtEquals(text, w, eq));
  }
  return { legacy: false, pairs, invalid };
}

/** ARG arguments (BuildKit's `parseNameOrNameVal` + `parseArg`): `NAME` or `NAME=default` words. */
export function parseArgPairs(text: string, escapeChar: string): PairList {
  const pairs: RawPair[] = [];
  const invalid: TextSlice[] = [];
  for (const w of splitQuotedWords(text, escapeChar)) {
    const eq = w.text.indexOf('=');
    if (eq === 0) invalid.push(w);
    else if (eq === -1) pairs.push({ key: w, value: undefined });
    else pairs.push(splitAtEquals(text, w, eq));
  }
  return { legacy: false, pairs, invalid };
}

/**
 * A flag value the way BuildKit's flag extractor leaves it: quotes removed and each escape character
 * dropped in favour of the character after it (inside single quotes too), before any expansion.
 */
export function unquoteFlagValue(raw: string, escapeChar: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === escapeChar) {
      if (i + 1 < raw.length) out += raw[++i];
    } else if (quote && ch === quote) quote = '';
    else if (!quote && (ch === '"' || ch === "'")) quote = ch;
    else out += ch;
  }
  return out;
}

/** A `--mount` field: `key=value` or a bare `key`; `value` is unquoted CSV content. */
export interface CsvField {
  text: string;
  start: number;
  end: number;
  /** Field content with CSV quoting removed. */
  value: string;
}

/**
 * Splits a `--mount` value into CSV fields (RFC 4180 quoting: `"a,b"`, `""` for a quote), as
 * BuildKit does. Returns undefined when the quoting is malformed (Docker rejects the mount).
 */
export function splitCsvFields(text: string): CsvField[] | undefined {
  const fields: CsvField[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      if (i < text.length && text[i] !== ',') return undefined;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      value = text.slice(i, end);
      if (value.includes('"')) return undefined;
      i = end;
    }
    fields.push({ text: text.slice(start, i), start, end: i, value });
    if (i >= text.length) return fields;
    i++; // the comma
  }
}

function splitAtEquals(text: string, w: TextSlice, eq: number): RawPair {
  return { key: slice(text, w.start, w.start + eq), value: slice(text, w.start + eq + 1, w.end) };
}

function slice(text: string, start: number, end: number): TextSlice {
  return { text: text.slice(start, end), start, end };
}
