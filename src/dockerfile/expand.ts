/**
 * Docker's build-time variable expansion (BuildKit's shell lexer), evaluated over variables whose
 * values may be only partly known when linting.
 *
 * Semantics follow BuildKit's `ProcessWord` / `ProcessWords`: `$NAME`, `${NAME}`, the modifiers
 * `-  :-  +  :+  ?  :?  #  ##  %  %%  /  //`, nested expansion inside modifier words, the escape
 * character (`\` or the `# escape=` backtick) outside quotes, single quotes suppressing expansion,
 * double quotes allowing it, and quote removal. Everything else (`${#X}`, `${X:=y}`, `${X:1}`) is a
 * syntax error, as it is for Docker.
 */

/**
 * How certain a variable's value is at a point in the Dockerfile.
 * - `fixed`: the value is certain (an ENV of known text, a global ARG consumed in FROM is never fixed).
 * - `overridable`: `value` is what a plain `docker build` uses, but `--build-arg` may replace it (an
 *   ARG), or the base image may define it (an undeclared name in a stage built on an image).
 *   `value: undefined` means unset unless overridden.
 * - `opaque`: set by the builder to something we cannot know (TARGETARCH, BUILDPLATFORM, …).
 */
export type VarCertainty = 'fixed' | 'overridable' | 'opaque';

/** One variable as expansion sees it. */
export interface VarBinding {
  /** Value used by a plain build; undefined when unset. For `opaque`, an optional placeholder. */
  value: string | undefined;
  certainty: VarCertainty;
}

export interface ExpandOptions {
  /** The `# escape=` character. */
  escapeChar?: '\\' | '`';
  /**
   * What a name missing from the map means. Default: unset for certain (BuildKit expands it to the
   * empty string). Stages built on an external image pass `{ value: undefined, certainty:
   * 'overridable' }`, because the image's own ENV may define it.
   */
  undeclared?: VarBinding;
  /** Quotes are ordinary characters (BuildKit does this for COPY/ADD heredoc bodies). */
  skipQuotes?: boolean;
}

/** A `$NAME` or `${…}` occurrence, by UTF-16 offsets into the expanded input. */
export interface VarReference {
  name: string;
  start: number;
  end: number;
}

export interface ExpansionError {
  message: string;
  /** UTF-16 offset in the input where the problem was found. */
  offset: number;
}

/**
 * The result of expanding one word.
 *
 * `value` is what a plain `docker build` (no `--build-arg`) most likely produces: fixed variables
 * give their value; overridable ones give their default (an unset default behaves as unset, so
 * `${X:-root}` gives `root`); opaque ones appear as written in the source, e.g. `$TARGETARCH` or
 * `${TARGETOS:-linux}`, so messages stay readable and the placeholder is visible.
 */
export interface Expansion {
  value: string;
  /** True when `value` is certain: no overridable or opaque variable could change it. */
  known: boolean;
  /** Overridable or opaque variables that can change `value`, unique, in evaluation order. */
  unknownVars: string[];
  /** Names referenced but not declared in scope (BuildKit's UndefinedVar), unique, in evaluation order. */
  undefinedVars: string[];
  /** `value` split into words after expansion, as `ProcessWords` does (EXPOSE uses this). */
  words: string[];
  /** Every reference in evaluation order: those inside a modifier word come before their `${…}`. */
  references: VarReference[];
  /**
   * A certain build failure: bad substitution, unterminated quote, `${X:?}` on a certainly unset X.
   * Then `value` is the input unchanged and `known` is false.
   */
  error: ExpansionError | undefined;
}

const CERTAINLY_UNSET: VarBinding = { value: undefined, certainty: 'fixed' };

/** Expands `text` the way BuildKit's `ProcessWord` does, tracking what is known. */
export function expandWord(
  text: string,
  vars: ReadonlyMap<string, VarBinding>,
  options: ExpandOptions = {},
): Expansion {
  const lexer = new WordLexer(text, vars, options);
  try {
    const { piece, words } = lexer.processTop();
    return {
      value: piece.text,
      known: piece.known,
      unknownVars: unique(lexer.unknown),
      undefinedVars: unique(lexer.undefined),
      words,
      references: lexer.references,
      error: undefined,
    };
  } catch (e) {
    if (!(e instanceof ExpandFailure)) throw e;
    return {
      value: text,
      known: false,
      unknownVars: unique(lexer.unknown),
      undefinedVars: unique(lexer.undefined),
      words: [],
      references: lexer.references,
      error: { message: e.message, offset: e.offset },
    };
  }
}

/** A variable map where every value is certain. */
export function fixedVars(values: Record<string, string>): Map<string, VarBinding> {
  return new Map(Object.entries(values).map(([k, v]) => [k, { value: v, certainty: 'fixed' }]));
}

interface Piece {
  text: string;
  known: boolean;
}

class ExpandFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Word accumulation of `ProcessWords`: expansion results split on spaces, quoted text does not. */
class WordSplitter {
  readonly words: string[] = [];
  private buf = '';
  private inWord = false;

  addChar(ch: string): void {
    if (isGoSpace(ch)) {
      if (this.inWord && this.buf.length > 0) this.flush();
    } else {
      this.addRaw(ch);
    }
  }

  /** Adds unquoted text: white space in it ends words. */
  addString(s: string): void {
    if (!HAS_GO_SPACE.test(s)) {
      if (s.length > 0) this.addRaw(s);
      return;
    }
    GO_SPACES.lastIndex = 0;
    let last = 0;
    for (let m = GO_SPACES.exec(s); m; m = GO_SPACES.exec(s)) {
      if (m.index > last) this.addRaw(s.slice(last, m.index));
      if (this.inWord && this.buf.length > 0) this.flush();
      last = m.index + m[0].length;
    }
    if (last < s.length) this.addRaw(s.slice(last));
  }

  addRaw(s: string): void {
    this.buf += s;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.buf.length > 0) this.flush();
    return this.words;
  }

  private flush(): void {
    this.words.push(this.buf);
    this.buf = '';
    this.inWord = false;
  }
}

const MODIFIER_CHARS = new Set(['-', '+', '?', '#', '%']);

/** A recursive-descent reading of one word; mirrors the structure of BuildKit's lexer. */
class WordLexer {
  pos = 0;
  readonly unknown: string[] = [];
  readonly undefined: string[] = [];
  readonly references: VarReference[] = [];
  private readonly escape: string;
  private readonly undeclared: VarBinding;
  private readonly skipQuotes: boolean;

  constructor(
    private readonly text: string,
    private readonly vars: ReadonlyMap<string, VarBinding>,
    options: ExpandOptions,
  ) {
    this.escape = options.escapeChar ?? '\\';
    this.undeclared = options.undeclared ?? CERTAINLY_UNSET;
    this.skipQuotes = options.skipQuotes ?? false;
  }

  processTop(): { piece: Piece; words: string[] } {
    const words = new WordSplitter();
    const piece = this.processUntil(undefined, false, words);
    return { piece, words: words.finish() };
  }

  /**
   * Reads until `stop` (consumed) or the end of input. `rawEscapes` keeps escape characters in the
   * output, as BuildKit does for pattern words so `\*` can reach the pattern compiler.
   */
  private processUntil(stop: string | undefined, rawEscapes: boolean, words?: WordSplitter): Piece {
    let out = '';
    let known = true;
    const plain = this.plainRun(stop);
    while (this.pos < this.text.length) {
      // Runs of ordinary characters are taken whole: character by character was most of the time
      // this lexer took on real files.
      plain.lastIndex = this.pos;
      const run = plain.exec(this.text);
      if (run) {
        out += run[0];
        words?.addString(run[0]);
        this.pos += run[0].length;
        continue;
      }
      const ch = this.peek();
      if (stop !== undefined && ch === stop) {
        this.pos += ch.length;
        return { text: out, known };
      }
      if (ch === '$') {
        const p = this.processDollar();
        out += p.text;
        known &&= p.known;
        words?.addString(p.text);
      } else if (ch === '<') {
        const s = this.processPossibleHeredoc();
        out += s;
        words?.addRaw(s);
      } else if (!this.skipQuotes && (ch === "'" || ch === '"')) {
        const p = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote(rawEscapes);
        out += p.text;
        known &&= p.known;
        words?.addRaw(p.text);
      } else {
        this.pos += ch.length;
        if (ch === this.escape) {
          if (rawEscapes) {
            out += ch;
            words?.addRaw(ch);
          }
          if (this.pos >= this.text.length) break; // a trailing escape is dropped
          const next = this.peek();
          this.pos += next.length;
          out += next;
          words?.addRaw(next);
        } else {
          out += ch;
          words?.addChar(ch);
        }
      }
    }
    if (stop !== undefined) {
      throw new ExpandFailure(`unexpected end of statement while looking for matching ${stop}`, this.pos);
    }
    return { text: out, known };
  }

  /** Matches a run of characters with no meaning here: no `$`, `<`, escape, quote or `stop`. */
  private plainRun(stop: string | undefined): RegExp {
    const key = `${this.escape}${this.skipQuotes ? 'q' : ''}${stop ?? ''}`;
    let re = PLAIN_RUNS.get(key);
    if (!re) {
      const special = ['$', '<', this.escape, ...(this.skipQuotes ? [] : ["'", '"']), ...(stop ? [stop] : [])];
      re = new RegExp(`[^${special.map((c) => `\\${c}`).join('')}]+`, 'y');
      PLAIN_RUNS.set(key, re);
    }
    return re;
  }

  private processSingleQuote(): Piece {
    const start = this.pos;
    this.pos++;
    const close = this.text.indexOf("'", this.pos);
    if (close === -1) {
      throw new ExpandFailure('unexpected end of statement while looking for matching single-quote', start);
    }
    const text = this.text.slice(this.pos, close);
    this.pos = close + 1;
    return { text, known: true };
  }

  private processDoubleQuote(rawEscapes: boolean): Piece {
    const start = this.pos;
    this.pos++;
    let out = '';
    let known = true;
    for (;;) {
      if (this.pos >= this.text.length) {
        throw new ExpandFailure('unexpected end of statement while looking for matching double-quote', start);
      }
      const ch = this.peek();
      if (ch === '"') {
        this.pos++;
        return { text: out, known };
      }
      if (ch === '$') {
        const p = this.processDollar();
        out += p.text;
        known &&= p.known;
        continue;
      }
      this.pos += ch.length;
      if (ch !== this.escape) {
        out += ch;
        continue;
      }
      if (rawEscapes) out += ch;
      if (this.pos >= this.text.length) continue; // the loop then reports the missing quote
      const next = this.peek();
      // Inside double quotes the escape only protects `"`, `$` and itself; otherwise it stays.
      if (next === '"' || next === '$' || next === this.escape) {
        this.pos += next.length;
        out += next;
      } else {
        out += ch;
      }
    }
  }

  /** `<<` plus following blanks stays one word (a heredoc marker), as in BuildKit. */
  private processPossibleHeredoc(): string {
    this.pos++;
    if (this.text[this.pos] !== '<') return '<';
    this.pos++;
    let s = '<<';
    while (this.pos < this.text.length && /[\t\r ]/.test(this.text[this.pos]!)) s += this.text[this.pos++];
    return s;
  }

  private processDollar(): Piece {
    const start = this.pos;
    this.pos++;
    if (this.text[this.pos] !== '{') {
      const name = this.processName();
      if (name === '') return { text: '$', known: true };
      this.references.push({ name, start, end: this.pos });
      return this.plain(name, this.lookup(name), start);
    }
    this.pos++;
    const first = this.text[this.pos];
    if (first === undefined) throw new ExpandFailure("syntax error: missing '}'", this.pos);
    if (first === '{' || first === '}' || first === ':') {
      throw new ExpandFailure('syntax error: bad substitution', this.pos);
    }
    const name = this.processName();
    return this.processBraced(name, start);
  }

  private processBraced(name: string, start: number): Piece {
    const op = this.next();
    if (op === '}') {
      this.references.push({ name, start, end: this.pos });
      return this.plain(name, this.lookup(name), start);
    }
    if (op === '/') return this.processReplace(name, start);
    if (op === ':' || MODIFIER_CHARS.has(op ?? '')) {
      const colon = op === ':';
      const mod = colon ? this.next() : op;
      if (mod === undefined) throw new ExpandFailure("syntax error: missing '}'", this.pos);
      const patternMod = mod === '#' || mod === '%';
      if (colon && patternMod) throw new ExpandFailure(`unsupported modifier (:${mod}) in substitution`, start);
      const mark = this.unknown.length;
      const word = this.readModifierWord(patternMod);
      this.references.push({ name, start, end: this.pos });
      const binding = this.lookup(name);
      const ctx: ModifierContext = { name, binding, colon, mod, word, start, end: this.pos, mark };
      return this.applyModifier(ctx);
    }
    throw new ExpandFailure(
      op === undefined ? "syntax error: missing '}'" : `unsupported modifier (${op}) in substitution`,
      start,
    );
  }

  private readModifierWord(rawEscapes: boolean): Piece {
    try {
      return this.processUntil('}', rawEscapes);
    } catch (e) {
      if (e instanceof ExpandFailure && this.pos >= this.text.length) {
        throw new ExpandFailure("syntax error: missing '}'", this.pos);
      }
      throw e;
    }
  }

  private applyModifier(ctx: ModifierContext): Piece {
    const { binding } = ctx;
    if (binding.certainty === 'opaque') return this.opaque(ctx.name, ctx.start, ctx.end);
    const certain = binding.certainty === 'fixed';
    if (!certain) this.unknown.push(ctx.name);
    const value = binding.value;
    const empty = value === undefined || (ctx.colon && value === '');
    let piece: Piece;
    let usesWord = true;
    switch (ctx.mod) {
      case '-':
        usesWord = empty;
        piece = empty ? ctx.word : { text: value!, known: true };
        break;
      case '+':
        usesWord = !empty;
        piece = empty ? { text: '', known: true } : ctx.word;
        break;
      case '?':
        if (empty && certain) throw new ExpandFailure(requiredMessage(ctx), ctx.start);
        usesWord = false;
        piece = { text: value ?? '', known: true };
        break;
      case '#':
      case '%':
        piece = { text: trimPattern(ctx.mod, ctx.word.text, value ?? '', ctx.start), known: ctx.word.known };
        break;
      default:
        throw new ExpandFailure(`unsupported modifier (${ctx.colon ? ':' : ''}${ctx.mod}) in substitution`, ctx.start);
    }
    // With a fixed variable the unused word cannot matter; with an overridable one it may.
    if (certain && !usesWord) this.unknown.length = ctx.mark;
    return { text: piece.text, known: certain && piece.known };
  }

  private processReplace(name: string, start: number): Piece {
    const all = this.text[this.pos] === '/';
    if (all) this.pos++;
    let pattern: Piece;
    try {
      pattern = this.processUntil('/', true);
    } catch (e) {
      if (e instanceof ExpandFailure && this.pos >= this.text.length) {
        throw new ExpandFailure("syntax error: missing '/' in ${}", this.pos);
      }
      throw e;
    }
    const replacement = this.readModifierWord(true);
    this.references.push({ name, start, end: this.pos });
    const binding = this.lookup(name);
    if (binding.certainty === 'opaque') return this.opaque(name, start, this.pos);
    const certain = binding.certainty === 'fixed';
    if (!certain) this.unknown.push(name);
    const re = shellPatternToRegExp(pattern.text, true, false, start, all);
    const text = (binding.value ?? '').replace(re, () => replacement.text);
    return { text, known: certain && pattern.known && replacement.known };
  }

  /** Plain `$X` / `${X}`. */
  private plain(name: string, binding: VarBinding, start: number): Piece {
    if (binding.certainty === 'opaque') {
      this.unknown.push(name);
      return { text: binding.value ?? this.text.slice(start, this.pos), known: false };
    }
    if (binding.certainty === 'overridable') this.unknown.push(name);
    return { text: binding.value ?? '', known: binding.certainty === 'fixed' };
  }

  /** An opaque variable under a modifier: the whole expression stays as written. */
  private opaque(name: string, start: number, end: number): Piece {
    this.unknown.push(name);
    return { text: this.text.slice(start, end), known: false };
  }

  private lookup(name: string): VarBinding {
    const b = this.vars.get(name);
    if (b) return b;
    this.undefined.push(name);
    return this.undeclared;
  }

  /** A name: a run of digits (positional), one special parameter, or letters, digits and `_`. */
  private processName(): string {
    const first = this.peek();
    if (first === '') return '';
    if (isDigit(first)) {
      let name = '';
      while (this.pos < this.text.length && isDigit(this.peek())) name += this.next();
      return name;
    }
    if ('@*#?-$!0'.includes(first)) {
      this.pos++;
      return first;
    }
    let name = '';
    while (this.pos < this.text.length) {
      const ch = this.peek();
      if (!/^[\p{L}\p{Nd}_]$/u.test(ch)) break;
      name += ch;
      this.pos += ch.length;
    }
    return name;
  }

  /** The character (code point) at `pos`, or '' at the end. */
  private peek(): string {
    const cp = this.text.codePointAt(this.pos);
    return cp === undefined ? '' : String.fromCodePoint(cp);
  }

  private next(): string | undefined {
    const ch = this.peek();
    if (ch === '') return undefined;
    this.pos += ch.length;
    return ch;
  }
}

interface ModifierContext {
  name: string;
  binding: VarBinding;
  colon: boolean;
  mod: string;
  word: Piece;
  start: number;
  end: number;
  mark: number;
}

function requiredMessage(ctx: ModifierContext): string {
  if (ctx.word.text !== '') return `${ctx.name}: ${ctx.word.text}`;
  const unset = ctx.binding.value === undefined;
  return `${ctx.name}: ${unset ? 'is not allowed to be unset' : 'is not allowed to be empty'}`;
}

/** `${X#p}`, `${X##p}`, `${X%p}`, `${X%%p}`; a doubled operator is the greedy form. */
function trimPattern(mod: '#' | '%', word: string, value: string, offset: number): string {
  const greedy = word.startsWith(mod);
  const pattern = greedy ? word.slice(1) : word;
  if (mod === '#') return trimPrefix(pattern, value, greedy, offset);
  // A suffix trim is a prefix trim on the reversed value with the reversed pattern.
  const reversed = trimPrefix(reversePattern(pattern), reverseString(value), greedy, offset);
  return reverseString(reversed);
}

function trimPrefix(pattern: string, value: string, greedy: boolean, offset: number): string {
  const m = shellPatternToRegExp(pattern, greedy, true, offset, false).exec(value);
  return m ? value.slice(m[0].length) : value;
}

/**
 * A shell pattern (`*`, `?`, `\` escapes; no bracket expressions, as in BuildKit) as a RegExp.
 * `\}` and `\/` lose their backslash (they were escaped only to get past the `${…}` reader).
 */
function shellPatternToRegExp(
  pattern: string,
  greedy: boolean,
  anchored: boolean,
  offset: number,
  global: boolean,
): RegExp {
  let src = anchored ? '^' : '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '*') src += greedy ? '.*' : '.*?';
    else if (ch === '?') src += '.';
    else if (ch === '\\') {
      const next = chars[i + 1];
      if (next === '}' || next === '/') continue;
      if (next !== '*' && next !== '?' && next !== '\\') {
        const message = `invalid pattern (${pattern}) in substitution: invalid escape '\\${next ?? ''}'`;
        throw new ExpandFailure(message, offset);
      }
      src += '\\' + next;
      i++;
    } else if ('[]{}.+()|^$'.includes(ch)) src += '\\' + ch;
    else src += ch;
  }
  return new RegExp(src, global ? 'gu' : 'u');
}

/** Reverses a pattern by characters, keeping each `\x` escape pair in order. */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const units: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\\' && i < chars.length - 1) {
      units.push(chars[i]! + chars[i + 1]!);
      i++;
    } else {
      units.push(chars[i]!);
    }
  }
  return units.reverse().join('');
}

function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

function isDigit(ch: string): boolean {
  return /^\p{Nd}$/u.test(ch);
}

const PLAIN_RUNS = new Map<string, RegExp>();
const HAS_GO_SPACE = /\p{White_Space}/u;
const GO_SPACES = /\p{White_Space}+/gu;

/** Go's `unicode.IsSpace`: the Unicode White_Space property. */
function isGoSpace(ch: string): boolean {
  return /^\p{White_Space}$/u.test(ch);
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
