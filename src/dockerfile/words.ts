/**
 * Word-level scanning of instruction arguments: shell-style words (quotes keep whitespace) and
 * Docker's JSON exec form. Both work on logical text and return logical offsets.
 */

export interface WordSlice {
  start: number;
  end: number;
}

/** Splits on unquoted whitespace. Quotes and escapes stay in the words; an open quote runs to the end. */
export function splitWords(text: string, escapeChar: string, from = 0): WordSlice[] {
  const words: WordSlice[] = [];
  for (let w = nextWord(text, escapeChar, from); w; w = nextWord(text, escapeChar, w.end)) words.push(w);
  return words;
}

/** The first word at or after `from`, or undefined when only whitespace is left. */
export function nextWord(text: string, escapeChar: string, from: number): WordSlice | undefined {
  let i = from;
  const n = text.length;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  if (i >= n) return undefined;
  const start = i;
  const esc = escapeChar.charCodeAt(0);
  let quote = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (quote === 39 /* ' */) {
      if (c === 39) quote = 0;
    } else if (c === esc) {
      i++;
    } else if (quote === 34 /* " */) {
      if (c === 34) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (isSpace(c)) {
      break;
    }
    i++;
  }
  return { start, end: Math.min(i, n) };
}

export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export interface ExecElement extends WordSlice {
  value: string;
}

/**
 * Reads `text` as a JSON array of strings, as Docker does to decide exec form. Returns undefined when
 * it is not one (Docker then falls back to shell form), else each element's literal span and value.
 */
export function scanExecForm(text: string): ExecElement[] | undefined {
  let i = 0;
  const n = text.length;
  const skip = (): void => {
    while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
  };
  skip();
  if (text[i] !== '[') return undefined;
  i++;
  const out: ExecElement[] = [];
  skip();
  if (text[i] === ']') {
    i++;
    skip();
    return i === n ? out : undefined;
  }
  for (;;) {
    skip();
    if (text[i] !== '"') return undefined;
    const start = i;
    i++;
    while (i < n && text[i] !== '"') {
      if (text[i] === '\\') i++;
      i++;
    }
    if (i >= n) return undefined;
    i++;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, i));
    } catch {
      return undefined;
    }
    out.push({ start, end: i, value: value as string });
    skip();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === ']') {
      i++;
      skip();
      return i === n ? out : undefined;
    }
    return undefined;
  }
}

function isJsonSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Case-insensitive edit distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  a = a.toUpperCase();
  b = b.toUpperCase();
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
