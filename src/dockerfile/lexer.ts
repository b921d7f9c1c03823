import { createToken, Lexer, type CustomPatternMatcherReturn, type IToken, type TokenType } from 'chevrotain';

/**
 * Dockerfile lexer. Two modes mirror how Docker reads a file: at the start of a line we expect a
 * comment, a blank line, a heredoc body owed by the previous instruction, or a keyword; after a
 * keyword we are inside the instruction's arguments until an unescaped newline.
 *
 * Heredoc bodies cannot be described by a regular pattern (the terminator is chosen by the marker),
 * so the marker and body tokens are custom matchers sharing per-run state: the marker queues the
 * delimiter, the body at the next line start consumes up to it. Chevrotain takes the first pattern
 * that matches, so a custom matcher that returns a match is always the one used: its side effects
 * are safe.
 */

export interface HeredocPayload {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

export interface HeredocBodyPayload extends HeredocPayload {
  /** Offset of the terminator line inside the token image, or -1 when unterminated. */
  terminatorStart: number;
  terminated: boolean;
}

/** Instructions whose arguments may hold heredoc markers (BuildKit's heredocDirectives). */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** Matches a heredoc word: optional fd digits, `<<`, optional `-`, then the delimiter word. */
const HEREDOC_WORD = /^(\d*)<<(-?)([^<]+)$/;

export interface DockerfileLexer {
  tokenize(text: string): { tokens: IToken[]; errors: { offset: number; length: number; message: string }[] };
  tokens: {
    Newline: TokenType;
    ArgsNewline: TokenType;
    Comment: TokenType;
    Keyword: TokenType;
    Text: TokenType;
    Continuation: TokenType;
    HeredocMarker: TokenType;
    HeredocBody: TokenType;
    Angle: TokenType;
  };
}

const cache = new Map<string, DockerfileLexer>();

export function getLexer(escapeChar: '\\' | '`'): DockerfileLexer {
  let lexer = cache.get(escapeChar);
  if (!lexer) {
    lexer = createLexer(escapeChar);
    cache.set(escapeChar, lexer);
  }
  return lexer;
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function createLexer(escapeChar: '\\' | '`'): DockerfileLexer {
  const E = escapeRegExp(escapeChar);
  const pending: HeredocPayload[] = [];

  const Newline = createToken({ name: 'Newline', pattern: /\r?\n/, line_breaks: true });
  const ArgsNewline = createToken({
    name: 'ArgsNewline',
    pattern: /\r?\n/,
    line_breaks: true,
    pop_mode: true,
    categories: [Newline],
  });
  // Any whitespace but the line break itself (a lone CR, NBSP and friends included), so that no
  // character can fail to lex.
  const LineWhitespace = createToken({ name: 'LineWhitespace', pattern: /(?:[^\S\r\n]|\r(?!\n))+/, group: Lexer.SKIPPED });
  const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/ });

  // A word at line start is the keyword; it must stop before an escape that ends the line.
  const Keyword = createToken({
    name: 'Keyword',
    pattern: new RegExp(`(?:[^\\s${E}]|${E}(?![ \\t]*(?:\\r?\\n|$)))+`),
    push_mode: 'args',
  });

  // escape + trailing blanks + newline, then any blank or comment-only lines, which Docker drops
  // from inside a continued instruction.
  const continuationRe = new RegExp(`${E}[ \\t]*(?:\\r?\\n(?:[ \\t]*(?:#[^\\r\\n]*)?\\r?\\n)*|$)`, 'y');
  const matchContinuation = (text: string, offset: number): CustomPatternMatcherReturn | null => {
    continuationRe.lastIndex = offset;
    const m = continuationRe.exec(text);
    if (!m || m[0].length === 0) return null;
    // A trailing comment line not followed by a newline (file end) belongs to the continuation too.
    let image = m[0];
    if (image.endsWith('\n')) {
      const rest = /[ \t]*#[^\r\n]*$/y;
      rest.lastIndex = offset + image.length;
      const tail = rest.exec(text);
      if (tail && offset + image.length + tail[0].length === text.length) image += tail[0];
    }
    return [image];
  };
  const Continuation = createToken({
    name: 'Continuation',
    pattern: { exec: matchContinuation },
    start_chars_hint: [escapeChar],
    line_breaks: true,
  });

  // A line holding only the escape joins nothing to nothing: Docker reads on from the next line.
  const LineContinuation = createToken({
    name: 'LineContinuation',
    pattern: { exec: matchContinuation },
    start_chars_hint: [escapeChar],
    line_breaks: true,
    group: Lexer.SKIPPED,
  });

  // Argument text is lexed in runs as long as possible (words are split later, on the joined line):
  // a run stops only at a line break, at an escape that ends the line, and at `<`, where a heredoc
  // marker may start. Fewer tokens is most of the lexer's and the grammar's speed.
  const Text = createToken({
    name: 'Text',
    pattern: new RegExp(`(?:[^\\r\\n${E}<]|\\r(?!\\n)|${E}(?![ \\t]*(?:\\r?\\n|$)))+`),
  });
  // A `<` that does not start a heredoc marker.
  const Angle = createToken({ name: 'Angle', pattern: /</ });

  const wordRe = new RegExp(`(?:[^\\s${E}]|${E}(?![ \\t]*(?:\\r?\\n|$)))+`, 'y');
  const HeredocMarker = createToken({
    name: 'HeredocMarker',
    pattern: {
      exec: (text: string, offset: number, matched: IToken[]): CustomPatternMatcherReturn | null => {
        // `<<` only: an fd prefix (`2<<EOF`) stays in the text run before it, see atWordStart.
        if (text.charCodeAt(offset) !== 60 /* < */ || text.charCodeAt(offset + 1) !== 60) return null;
        wordRe.lastIndex = offset;
        const w = wordRe.exec(text);
        if (!w) return null;
        const m = HEREDOC_WORD.exec(logicalWord(text, offset, w[0]));
        if (!m) return null;
        if (!atWordStart(matched) || !heredocAllowed(matched) || insideQuotes(matched, escapeChar)) return null;
        const raw = m[3]!;
        const quoted = /["']/.test(raw);
        const delimiter = raw.replace(/["']/g, '');
        if (delimiter.length === 0) return null;
        const payload: HeredocPayload = { delimiter, stripTabs: m[2] === '-', quoted };
        pending.push(payload);
        const result: CustomPatternMatcherReturn = [w[0]];
        (result as { payload?: unknown }).payload = payload;
        return result;
      },
    },
    start_chars_hint: ['<'],
    line_breaks: false,
  });

  /**
   * The whole word as Docker sees it on the joined line: a word can go on after a line continuation
   * (`<<EO\⏎F` is `<<EOF`). The token covers only the first piece; the delimiter uses all of it.
   */
  const logicalWord = (text: string, offset: number, first: string): string => {
    let word = first;
    let pos = offset + first.length;
    for (;;) {
      const cont = matchContinuation(text, pos);
      if (!cont) return word;
      const next = pos + cont[0].length;
      wordRe.lastIndex = next;
      const more = wordRe.exec(text);
      if (!more) return word;
      word += more[0];
      pos = next + more[0].length;
    }
  };

  const HeredocBody = createToken({
    name: 'HeredocBody',
    pattern: {
      exec: (text: string, offset: number): CustomPatternMatcherReturn | null => {
        const marker = pending.shift();
        if (!marker) return null;
        const payload = scanHeredocBody(text, offset, marker);
        const result: CustomPatternMatcherReturn = [text.slice(offset, payload.end)];
        (result as { payload?: unknown }).payload = payload.body;
        return result;
      },
    },
    line_breaks: true,
  });

  const lexer = new Lexer(
    {
      modes: {
        line: [HeredocBody, Newline, LineWhitespace, Comment, LineContinuation, Keyword],
        // The patterns of this mode never match at the same place, so the commonest goes first:
        // chevrotain tries them in order (the complement sets rule out its first-char index).
        args: [Text, ArgsNewline, Continuation, HeredocMarker, Angle],
      },
      defaultMode: 'line',
    },
    {
      positionTracking: 'onlyOffset',
      ensureOptimizations: false,
      skipValidations: true,
      safeMode: true,
    },
  );

  return {
    tokenize(text: string) {
      pending.length = 0;
      const result = lexer.tokenize(text);
      // Markers on the last line of the file never got a body: report them as unterminated.
      pending.length = 0;
      return {
        tokens: result.tokens,
        errors: result.errors.map((e) => ({ offset: e.offset, length: e.length, message: e.message })),
      };
    },
    tokens: { Newline, ArgsNewline, Comment, Keyword, Text, Continuation, HeredocMarker, HeredocBody, Angle },
  };
}

/**
 * Docker finds heredocs among the words of the joined line, so a marker must start a word there:
 * text glued to it across a line continuation (`a\⏎<<EOF`) makes one word, not a heredoc.
 */
function atWordStart(matched: IToken[]): boolean {
  for (let i = matched.length - 1; i >= 0; i--) {
    const t = matched[i]!;
    const name = t.tokenType.name;
    if (name === 'Continuation') continue;
    if (name === 'Keyword') return true;
    // A file-descriptor prefix (`2<<EOF`) belongs to the marker's word.
    return name === 'Text' && /(?:^|\s)\d*$/.test(t.image) && (/\s\d*$/.test(t.image) || precededByBoundary(matched, i));
  }
  return false;
}

/** Whether the text before token `i` ends a word (only the keyword or blanks came before). */
function precededByBoundary(matched: IToken[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const name = matched[j]!.tokenType.name;
    if (name === 'Continuation') continue;
    return name === 'Keyword' || (name === 'Text' && /\s$/.test(matched[j]!.image));
  }
  return false;
}

/**
 * Is the instruction being lexed one that allows heredocs, directly or as the trigger of an ONBUILD
 * (BuildKit's heredocCompoundDirectives)? For ONBUILD the trigger keyword is its first word that is
 * not a `--` flag.
 */
function heredocAllowed(matched: IToken[]): boolean {
  let start = matched.length;
  while (start > 0 && matched[start - 1]!.tokenType.name !== 'Keyword') start--;
  const keyword = matched[start - 1];
  if (!keyword) return false;
  const kw = keyword.image.toUpperCase();
  if (HEREDOC_KEYWORDS.has(kw)) return true;
  if (kw !== 'ONBUILD') return false;
  let line = '';
  for (let i = start; i < matched.length; i++) {
    if (matched[i]!.tokenType.name !== 'Continuation') line += matched[i]!.image;
  }
  const trigger = line.split(/\s+/).find((w) => w !== '' && !w.startsWith('--'));
  return trigger !== undefined && HEREDOC_KEYWORDS.has(trigger.toUpperCase());
}

/** Whether the arguments lexed so far leave an open quote, so `<<X` here is quoted text. */
function insideQuotes(matched: IToken[], escapeChar: string): boolean {
  let start = matched.length;
  while (start > 0 && matched[start - 1]!.tokenType.name !== 'Keyword') start--;
  let quote = '';
  for (let i = start; i < matched.length; i++) {
    const t = matched[i]!;
    if (t.tokenType.name === 'Continuation') continue;
    const s = t.image;
    for (let j = 0; j < s.length; j++) {
      const ch = s[j]!;
      if (quote === "'") {
        if (ch === "'") quote = '';
      } else if (ch === escapeChar) {
        j++;
      } else if (quote === '"') {
        if (ch === '"') quote = '';
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      }
    }
  }
  return quote !== '';
}

function scanHeredocBody(
  text: string,
  offset: number,
  marker: HeredocPayload,
): { end: number; body: HeredocBodyPayload } {
  let lineStart = offset;
  while (lineStart < text.length) {
    let nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    let line = text.slice(lineStart, lineEnd);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (marker.stripTabs) line = line.replace(/^\t+/, '');
    if (line === marker.delimiter) {
      const end = nl === -1 ? text.length : nl + 1;
      return { end, body: { ...marker, terminatorStart: lineStart - offset, terminated: true } };
    }
    if (nl === -1) break;
    lineStart = nl + 1;
    nl = -1;
  }
  return { end: text.length, body: { ...marker, terminatorStart: -1, terminated: false } };
}
