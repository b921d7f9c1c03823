import type { IToken } from 'chevrotain';
import type {
  Comment,
  Directive,
  DockerfileAst,
  Flag,
  Heredoc,
  Instruction,
  Range,
  SourceSegment,
  Span,
  SyntaxProblem,
  Word,
} from './ast.js';
import { parseTokens, type RawInstruction } from './grammar.js';
import { getLexer, type HeredocBodyPayload, type HeredocPayload } from './lexer.js';
import { LineIndex, logicalToFile } from './positions.js';
import { fallbackOffset, LazySpan, subSpan } from './span.js';
import { editDistance, nextWord, scanExecForm, splitWords, type WordSlice } from './words.js';

type FlagKind = 'string' | 'bool';

interface InstructionSpec {
  flags: Record<string, FlagKind>;
  /** Accepts the JSON exec form. */
  exec?: boolean;
}

const S: FlagKind = 'string';
const B: FlagKind = 'bool';

/**
 * What each instruction accepts. Flags follow BuildKit's stable and labs frontends: a flag that
 * exists in any released frontend is accepted, since the `# syntax=` line may select it.
 */
export const INSTRUCTIONS: Record<string, InstructionSpec> = {
  ADD: { flags: { chown: S, chmod: S, link: B, checksum: S, 'keep-git-dir': B, exclude: S, unpack: B, parents: B }, exec: true },
  ARG: { flags: {} },
  CMD: { flags: {}, exec: true },
  COPY: { flags: { from: S, chown: S, chmod: S, link: B, parents: B, exclude: S }, exec: true },
  ENTRYPOINT: { flags: {}, exec: true },
  ENV: { flags: {} },
  EXPOSE: { flags: {} },
  FROM: { flags: { platform: S } },
  HEALTHCHECK: { flags: { interval: S, timeout: S, 'start-period': S, 'start-interval': S, retries: S }, exec: true },
  LABEL: { flags: {} },
  MAINTAINER: { flags: {} },
  ONBUILD: { flags: {} },
  RUN: { flags: { mount: S, network: S, security: S, device: S }, exec: true },
  SHELL: { flags: {}, exec: true },
  STOPSIGNAL: { flags: {} },
  USER: { flags: {} },
  VOLUME: { flags: {}, exec: true },
  WORKDIR: { flags: {} },
};

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const DIRECTIVE_LINE = /^[ \t]*#[ \t]*([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;
const STAGE_NAME = /^[a-z][a-z0-9._-]*$/i;

/**
 * Parses Dockerfile text into an AST with exact ranges. Never throws: anything malformed becomes a
 * {@link SyntaxProblem} with its range, and parsing goes on with the next line.
 */
export function parseDockerfile(input: string): DockerfileAst {
  const hadBom = input.charCodeAt(0) === 0xfeff;
  const text = hadBom ? input.slice(1) : input;
  const lines = new LineIndex(text);
  const problems: SyntaxProblem[] = [];
  const { directives, escapeChar, directiveOffsets } = readDirectives(text, lines, problems);

  const lexer = getLexer(escapeChar);
  const lexed = lexer.tokenize(text);
  for (const e of lexed.errors) {
    problems.push({ code: 'lexical-error', message: e.message, range: lines.range(e.offset, e.offset + e.length) });
  }
  const raw = parseTokens(lexer, lexed.tokens);

  const comments: Comment[] = [];
  for (const tok of raw.comments) {
    if (directiveOffsets.has(tok.startOffset)) continue;
    comments.push({ text: tok.image.slice(1), range: lines.range(tok.startOffset, tok.startOffset + tok.image.length) });
  }

  const builder = new InstructionBuilder(text, lines, escapeChar, problems, comments);
  const instructions = raw.instructions.map((r, i) => builder.build(r, i));
  comments.sort((a, b) => a.range.start.offset - b.range.start.offset);

  if (instructions.length === 0) {
    problems.push({
      code: 'no-instructions',
      message: 'file has no instructions (Docker refuses to build it)',
      range: lines.range(0, 0),
    });
  }
  problems.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { text, hadBom, escapeChar, directives, comments, instructions, problems };
}

function readDirectives(
  text: string,
  lines: LineIndex,
  problems: SyntaxProblem[],
): { directives: Directive[]; escapeChar: '\\' | '`'; directiveOffsets: Set<number> } {
  const directives: Directive[] = [];
  const directiveOffsets = new Set<number>();
  let escapeChar: '\\' | '`' = '\\';
  let lineStart = 0;
  while (lineStart < text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(lineStart, text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
    const m = DIRECTIVE_LINE.exec(line);
    if (!m) break;
    const name = m[1]!.toLowerCase();
    // An unknown `# key=value` is an ordinary comment, and ends the directive block (Docker's rule).
    if (!KNOWN_DIRECTIVES.has(name)) break;
    const value = m[2]!;
    const valueStart = lineStart + line.lastIndexOf(value, line.length - (line.length - line.trimEnd().length));
    const directive: Directive = {
      name,
      value,
      range: lines.range(lineStart + line.indexOf('#'), lineStart + line.trimEnd().length),
      valueRange: lines.range(valueStart, valueStart + value.length),
    };
    if (directives.some((d) => d.name === name)) {
      problems.push({
        code: 'duplicate-directive',
        message: `only one '${name}' parser directive may be used`,
        range: directive.range,
      });
    } else if (name === 'escape') {
      if (value === '\\' || value === '`') escapeChar = value;
      else {
        problems.push({
          code: 'invalid-escape',
          message: `invalid escape character '${value}': it must be \\ or \``,
          range: directive.valueRange,
        });
      }
    }
    directives.push(directive);
    directiveOffsets.add(lineStart + line.indexOf('#'));
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  return { directives, escapeChar, directiveOffsets };
}

class InstructionBuilder {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly escapeChar: '\\' | '`',
    private readonly problems: SyntaxProblem[],
    private readonly comments: Comment[],
  ) {}

  build(raw: RawInstruction, index: number): Instruction {
    const kw = raw.keyword;
    const kwStart = kw.startOffset;
    const kwEnd = kwStart + kw.image.length;
    const keywordRange = this.lines.range(kwStart, kwEnd);

    const segments: SourceSegment[] = [];
    let logical = '';
    const markers: IToken[] = [];
    for (const tok of raw.args) {
      const name = tok.tokenType.name;
      if (name === 'Continuation') {
        this.collectContinuationComments(tok);
        continue;
      }
      if (name === 'HeredocMarker') markers.push(tok);
      const last = segments[segments.length - 1];
      if (last && last.fileStart + last.length === tok.startOffset) last.length += tok.image.length;
      else segments.push({ logicalStart: logical.length, fileStart: tok.startOffset, length: tok.image.length });
      logical += tok.image;
    }
    // Blanks around the arguments are not part of them.
    const trimStart = logical.length - logical.trimStart().length;
    const trimEnd = logical.trimEnd().length;
    const argsSpan =
      trimEnd > trimStart
        ? new LazySpan(logical.slice(trimStart, trimEnd), segments, trimStart, trimEnd, this.lines, kwEnd)
        : new LazySpan('', [], 0, 0, this.lines, kwEnd);
    const lastContentEnd = trimEnd > trimStart ? logicalToFile(segments, trimEnd - 1) + 1 : kwEnd;
    const heredocs = this.heredocs(markers, raw.bodies);
    let end = lastContentEnd;
    const lastBody = raw.bodies[raw.bodies.length - 1];
    if (lastBody) end = Math.max(end, trimLineBreak(this.text, lastBody.startOffset + lastBody.image.length));
    const range = this.lines.range(kwStart, end);

    return this.instruction(kw.image, keywordRange, argsSpan, heredocs, range, index, false);
  }

  private instruction(
    keywordText: string,
    keywordRange: Range,
    all: Span,
    heredocs: Heredoc[],
    range: Range,
    index: number,
    nested: boolean,
  ): Instruction {
    const keyword = keywordText.toUpperCase();
    const spec = INSTRUCTIONS[keyword];
    // Leading `--name[=value]` words are flags (BuildKit extracts them for every instruction). Only
    // those words are split here: the rest of a long RUN is split on demand, if ever.
    const flags: Flag[] = [];
    let argsStart = all.value.length;
    for (let word = nextWord(all.value, this.escapeChar, 0); word; word = nextWord(all.value, this.escapeChar, word.end)) {
      if (!all.value.startsWith('--', word.start)) {
        argsStart = word.start;
        break;
      }
      if (word.end - word.start === 2) {
        argsStart = nextWord(all.value, this.escapeChar, word.end)?.start ?? all.value.length;
        break;
      }
      const eq = all.value.indexOf('=', word.start);
      const nameEnd = eq !== -1 && eq < word.end ? eq : word.end;
      const name = all.value.slice(word.start + 2, nameEnd).toLowerCase();
      flags.push({
        name,
        value: nameEnd < word.end ? this.sub(all, nameEnd + 1, word.end) : undefined,
        nameRange: this.subRange(all, word.start, nameEnd),
        range: this.subRange(all, word.start, word.end),
      });
    }
    const args = argsStart === 0 ? all : this.sub(all, argsStart, all.value.length);
    const argWords = (): Word[] => this.words(args, 0);

    const node = new InstructionNode(keyword, keywordRange, range, flags, args, heredocs, index);

    if (!spec) {
      this.unknownInstruction(keywordText, keywordRange);
      node.wordsOnDemand(argWords);
      return node;
    }
    this.checkFlags(keyword, spec, flags);

    let commandStart = 0;
    if (keyword === 'HEALTHCHECK') commandStart = this.healthcheckCommandStart(args, keywordRange);
    const execElements = spec.exec ? scanExecForm(args.value.slice(commandStart)) : undefined;
    if (execElements) {
      node.form = 'exec';
      node.exec = execElements.map((e) => e.value);
      node.words = [
        ...this.words(this.sub(args, 0, commandStart), 0),
        ...execElements.map((e) => this.sub(args, commandStart + e.start, commandStart + e.end)),
      ];
    } else {
      node.wordsOnDemand(argWords);
    }

    if (args.value.length === 0 && heredocs.length === 0) {
      this.problems.push({
        code: 'missing-arguments',
        message: `${keyword} requires at least one argument`,
        range: keywordRange,
      });
    } else {
      this.checkShape(node, nested);
    }
    return node;
  }

  /**
   * Checks the argument shape Docker insists on. It reads word slices, not {@link Instruction.words},
   * so that the word spans stay unbuilt unless a problem needs a range or a rule asks for them.
   */
  private checkShape(node: Instruction, nested: boolean): void {
    const { keyword, args } = node;
    const exec = node.form === 'exec';
    switch (keyword) {
      case 'FROM': {
        const words = splitWords(args.value, this.escapeChar);
        const text = (i: number): string => args.value.slice(words[i]!.start, words[i]!.end);
        if (words.length === 1) break;
        if (words.length !== 3 || text(1).toUpperCase() !== 'AS') {
          this.problems.push({
            code: 'invalid-from',
            message: 'FROM takes an image and optionally `AS <name>`: FROM <image> [AS <name>]',
            range: args.range,
          });
        } else if (!STAGE_NAME.test(text(2)) && !text(2).includes('$')) {
          this.problems.push({
            code: 'invalid-stage-name',
            message: `invalid stage name '${text(2)}': use a letter followed by letters, digits, '.', '_' or '-'`,
            range: this.subRange(args, words[2]!.start, words[2]!.end),
          });
        }
        break;
      }
      case 'ENV':
      case 'LABEL':
        this.checkPairs(node);
        break;
      case 'COPY':
      case 'ADD': {
        const count = exec ? node.exec!.length : wordCount(args.value, this.escapeChar, 2);
        if (count < 2) {
          this.problems.push({
            code: 'missing-destination',
            message: `${keyword} needs a source and a destination: ${keyword} <src>... <dest>`,
            range: args.range,
          });
        }
        break;
      }
      case 'SHELL':
        if (!exec) {
          this.problems.push({
            code: 'shell-not-json',
            message: 'SHELL requires the JSON form, e.g. SHELL ["/bin/bash", "-c"]',
            range: args.range,
          });
        }
        break;
      case 'ONBUILD':
        this.onbuild(node, nested);
        break;
      default:
        break;
    }
  }

  /** ENV/LABEL: either `key value…` (one pair, legacy) or `k=v k2=v2` where every word has `=`. */
  private checkPairs(node: Instruction): void {
    const { args, keyword } = node;
    const words = splitWords(args.value, this.escapeChar);
    const first = words[0];
    if (!first) return;
    const text = (w: WordSlice): string => args.value.slice(w.start, w.end);
    if (!firstUnquotedEquals(text(first), this.escapeChar)) {
      if (words.length < 2) {
        this.problems.push({
          code: 'missing-value',
          message: `${keyword} ${text(first)} has no value: use ${keyword} ${text(first)}=<value>`,
          range: this.subRange(args, first.start, first.end),
        });
      }
      return;
    }
    for (const w of words) {
      if (!firstUnquotedEquals(text(w), this.escapeChar)) {
        this.problems.push({
          code: 'missing-equals',
          message: `'${text(w)}' is not of the form name=value (mixing 'k=v' and 'k v' forms is not allowed)`,
          range: this.subRange(args, w.start, w.end),
        });
      }
    }
  }

  private onbuild(node: Instruction, nested: boolean): void {
    const inner = nextWord(node.args.value, this.escapeChar, 0);
    if (!inner) return;
    const keywordText = node.args.value.slice(inner.start, inner.end);
    const upper = keywordText.toUpperCase();
    const innerKeywordRange = this.subRange(node.args, inner.start, inner.end);
    if (nested || upper === 'ONBUILD' || upper === 'FROM' || upper === 'MAINTAINER') {
      this.problems.push({
        code: 'invalid-onbuild',
        message: `${upper} is not allowed as an ONBUILD trigger`,
        range: innerKeywordRange,
      });
      return;
    }
    let restStart = inner.end;
    while (restStart < node.args.value.length && /\s/.test(node.args.value[restStart]!)) restStart++;
    const rest = this.sub(node.args, restStart, node.args.value.length);
    if (rest.value.length === 0) rest.range = { start: innerKeywordRange.end, end: innerKeywordRange.end };
    const innerRange = { start: innerKeywordRange.start, end: node.range.end };
    node.onbuild = this.instruction(keywordText, innerKeywordRange, rest, node.heredocs, innerRange, node.index, true);
    // The heredocs belong to the wrapped instruction; keeping them on both would double-count them.
    node.heredocs = [];
  }

  private healthcheckCommandStart(args: Span, keywordRange: Range): number {
    const first = nextWord(args.value, this.escapeChar, 0);
    if (!first) return 0;
    const word = args.value.slice(first.start, first.end).toUpperCase();
    if (word === 'NONE') {
      if (args.value.slice(first.end).trim().length > 0) {
        this.problems.push({
          code: 'invalid-healthcheck',
          message: 'HEALTHCHECK NONE takes no arguments',
          range: this.subRange(args, first.end, args.value.length),
        });
      }
      return args.value.length;
    }
    if (word !== 'CMD') {
      this.problems.push({
        code: 'invalid-healthcheck',
        message: `HEALTHCHECK expects CMD or NONE, found '${args.value.slice(first.start, first.end)}'`,
        range: this.subRange(args, first.start, first.end),
      });
      void keywordRange;
      return 0;
    }
    let i = first.end;
    while (i < args.value.length && /\s/.test(args.value[i]!)) i++;
    return i;
  }

  private checkFlags(keyword: string, spec: InstructionSpec, flags: Flag[]): void {
    for (const flag of flags) {
      const kind = spec.flags[flag.name];
      if (!kind) {
        const known = Object.keys(spec.flags);
        this.problems.push({
          code: 'unknown-flag',
          message:
            known.length === 0
              ? `${keyword} takes no flags, found '--${flag.name}'`
              : `unknown flag '--${flag.name}' for ${keyword} (known: ${known.map((k) => `--${k}`).join(', ')})`,
          range: flag.range,
        });
      } else if (kind === 'string' && (flag.value === undefined || flag.value.value.length === 0)) {
        this.problems.push({
          code: 'missing-flag-value',
          message: `flag '--${flag.name}' needs a value: --${flag.name}=<value>`,
          range: flag.range,
        });
      }
    }
  }

  private unknownInstruction(keywordText: string, range: Range): void {
    let best: string | undefined;
    let bestDistance = 3;
    for (const k of Object.keys(INSTRUCTIONS)) {
      const d = editDistance(keywordText, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    const shown = keywordText.length > 40 ? `${keywordText.slice(0, 40)}…` : keywordText;
    this.problems.push({
      code: 'unknown-instruction',
      message: `unknown instruction '${shown}'${best ? ` (did you mean ${best}?)` : ''}`,
      range,
    });
  }

  private heredocs(markers: IToken[], bodies: IToken[]): Heredoc[] {
    return markers.map((marker, i) => {
      const payload = marker.payload as HeredocPayload;
      const body = bodies[i];
      const markerRange = this.lines.range(marker.startOffset, marker.startOffset + marker.image.length);
      if (!body) {
        this.problems.push({
          code: 'unterminated-heredoc',
          message: `heredoc <<${payload.delimiter} is never terminated: add a line '${payload.delimiter}' after its body`,
          range: markerRange,
        });
        const at = this.text.length;
        return { ...payload, markerRange, body: '', bodyRange: this.lines.range(at, at), bodyOffset: at, terminated: false };
      }
      const bp = body.payload as HeredocBodyPayload;
      const bodyEnd = bp.terminated ? body.startOffset + bp.terminatorStart : body.startOffset + body.image.length;
      if (!bp.terminated) {
        this.problems.push({
          code: 'unterminated-heredoc',
          message: `heredoc <<${payload.delimiter} is never terminated: add a line '${payload.delimiter}' after its body`,
          range: markerRange,
        });
      }
      let text = this.text.slice(body.startOffset, bodyEnd);
      if (payload.stripTabs) text = text.replace(/^\t+/gm, '');
      return {
        ...payload,
        markerRange,
        body: text,
        bodyRange: this.lines.range(body.startOffset, bodyEnd),
        bodyOffset: body.startOffset,
        terminated: bp.terminated,
      };
    });
  }

  private collectContinuationComments(tok: IToken): void {
    const re = /^[ \t]*#([^\r\n]*)/gm;
    for (let m = re.exec(tok.image); m; m = re.exec(tok.image)) {
      // The first line of the token is the escape itself; comments only appear on later lines.
      if (m.index === 0) continue;
      const start = tok.startOffset + m.index + m[0].indexOf('#');
      this.comments.push({ text: m[1]!, range: this.lines.range(start, tok.startOffset + m.index + m[0].length) });
    }
  }

  private words(span: Span, from: number): Word[] {
    return splitWords(span.value, this.escapeChar, from).map((w) => this.sub(span, w.start, w.end));
  }

  private sub(span: Span, start: number, end: number): Span {
    return subSpan(span, start, end, this.lines);
  }

  private subRange(span: Span, start: number, end: number): Range {
    if (span.segments.length === 0) {
      const at = fallbackOffset(span, start);
      return this.lines.range(at, at);
    }
    const s = logicalToFile(span.segments, start);
    return this.lines.range(s, end > start ? logicalToFile(span.segments, end - 1) + 1 : s);
  }
}

/** An instruction whose shell-form words are split on first use (see {@link Instruction.words}). */
class InstructionNode implements Instruction {
  form: Instruction['form'];
  exec: string[] | undefined = undefined;
  onbuild: Instruction | undefined = undefined;
  #words: Word[] | undefined = [];
  #build: (() => Word[]) | undefined;

  constructor(
    public keyword: string,
    public keywordRange: Range,
    public range: Range,
    public flags: Flag[],
    public args: Span,
    public heredocs: Heredoc[],
    public index: number,
  ) {
    this.form = args.value.length === 0 ? 'none' : 'shell';
  }

  /**
   * RUN lines have many words and rules read them through the shell analysis instead, so their word
   * spans are built only when something asks.
   */
  wordsOnDemand(build: () => Word[]): void {
    this.#words = undefined;
    this.#build = build;
  }

  get words(): Word[] {
    if (!this.#words) {
      this.#words = this.#build ? this.#build() : [];
      this.#build = undefined;
    }
    return this.#words;
  }

  set words(words: Word[]) {
    this.#words = words;
    this.#build = undefined;
  }
}

/** How many words `text` has, counting no further than `limit`. */
function wordCount(text: string, escapeChar: string, limit: number): number {
  let n = 0;
  for (let w = nextWord(text, escapeChar, 0); w && n < limit; w = nextWord(text, escapeChar, w.end)) n++;
  return n;
}

function firstUnquotedEquals(word: string, escapeChar: string): boolean {
  let quote = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === escapeChar && quote === '"') i++;
    } else if (ch === escapeChar) i++;
    else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '=') return true;
  }
  return false;
}

function trimLineBreak(text: string, end: number): number {
  if (text[end - 1] === '\n') end--;
  if (text[end - 1] === '\r') end--;
  return end;
}
