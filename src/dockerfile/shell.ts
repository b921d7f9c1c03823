/**
 * Shell analysis of RUN: parses POSIX/bash scripts with tree-sitter-bash into flat, position-exact
 * commands that rules can query ("is `curl` piped into `sh`?", "does `apt-get install` lack
 * `--no-install-recommends`?").
 *
 * Heredocs are found by our own scanner and hidden from tree-sitter (the operator becomes a plain
 * `<` redirect and the body blanks): tree-sitter-bash 0.25 mis-parses a heredoc followed by `;`, two
 * heredocs on one line, and nests whatever follows the marker inside the redirect node.
 */
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { Heredoc, Instruction, Range, SourceSegment, Word } from './ast.js';
import type { LineIndex } from './positions.js';
import { instantiate, startShellWasm } from './shell-wasm.js';

// ---------------------------------------------------------------------------------------------
// Public types

/** A word of a shell command. Offsets are 0-based UTF-16 indices, `end` exclusive. */
export interface ShellWord {
  /**
   * The word as written, quotes kept. For commands found inside a `sh -c` string or a heredoc fed
   * to a shell, this is the text of that inner script (the string with its outer quotes removed).
   */
  text: string;
  /**
   * The literal value with quotes and escapes removed, when the word is fully static (no `$x`,
   * `$(…)`, `` `…` ``, `$((…))`). Globs and a leading `~` are kept literally. Undefined otherwise.
   */
  value: string | undefined;
  start: number;
  end: number;
}

/** A `NAME=value` prefix (`FOO=bar cmd`), a bare assignment, or an `export`/`declare` argument. */
export interface ShellAssignment {
  name: string;
  /** The value word; empty (`start === end`) for `NAME=`. */
  value: ShellWord;
  start: number;
  end: number;
}

/** A here-document attached to a `<<`/`<<-` redirect. */
export interface ShellHeredoc {
  /** Delimiter with quotes removed. */
  delimiter: string;
  /** The delimiter was quoted, so the body is not expanded. */
  quoted: boolean;
  /** `<<-`: leading tabs are stripped from body lines. */
  stripTabs: boolean;
  /** Body as the command reads it (tabs stripped for `<<-`), terminator excluded. */
  body: string;
  /** Where the body is written, terminator excluded (tabs included). */
  bodyStart: number;
  bodyEnd: number;
  /** False when the script ended before the terminator line. */
  terminated: boolean;
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `&>`, `&>>`, `>&`, `<&`, `>|`, `>&-`, `<&-`, `<<`, `<<-` or `<<<`. */
  operator: string;
  /** Explicit descriptor (`2>`), or undefined. */
  fd: number | undefined;
  /** The file, the descriptor for `>&1`, the delimiter for heredocs, the string for `<<<`. */
  target: ShellWord | undefined;
  heredoc: ShellHeredoc | undefined;
  /** The redirect as written on the command line (heredoc bodies excluded). */
  start: number;
  end: number;
}

/** What a command is nested in. Listed outermost first in {@link ShellCommand.context}. */
export type ShellContext =
  | 'subshell'
  | 'group'
  | 'substitution'
  | 'process-substitution'
  | 'function'
  | 'if'
  | 'loop'
  | 'case'
  /** The `-c` string of `sh -c`, `bash -c`, `su -c`, … */
  | 'shell-string'
  /** A heredoc or here-string fed to a shell's stdin (`bash <<EOF`). */
  | 'shell-stdin';

/** `&&`, `||`, `;` (a newline counts as `;`) or `&`. */
export type ListOperator = '&&' | '||' | ';' | '&';

export interface ShellCommand {
  /** Position in {@link ShellScript.commands}. */
  index: number;
  /** The command word as written (a wrapper such as `sudo` stays here; see {@link effectiveCommand}). Undefined for bare assignments. */
  name: ShellWord | undefined;
  args: ShellWord[];
  /**
   * `FOO=bar` prefixes, or the assignments of a bare `FOO=bar`. For `export`, `declare`, `local`,
   * `readonly` and `typeset`, their `NAME=value` arguments are listed here as well as in `args`.
   */
  assignments: ShellAssignment[];
  /** Redirects, including those of an enclosing `{ …; } > f` or `while …; done < f`. */
  redirects: ShellRedirect[];
  /** From the first assignment/word/redirect to the last (heredoc bodies excluded). */
  start: number;
  end: number;
  context: ShellContext[];
  /** Runs only if something before it failed: right of `||`, here or in an enclosing list. */
  conditional: boolean;
  /** Under `!`. */
  negated: boolean;
  /** Operator joining the command (or the pipeline it is part of) to what precedes it in its list. */
  operatorBefore: ListOperator | undefined;
  /** Operator following the command (or its pipeline): `'||'` for `cmd || true`, `'&'` when backgrounded. */
  operatorAfter: ListOperator | undefined;
  /**
   * Index of the command writing into this one's stdin through `|`. When the neighbouring stage is
   * compound (`(a; b) | c`), its last command writes and its first command reads.
   */
  pipeFrom: number | undefined;
  /** Index of the command this one's stdout is piped into. */
  pipeTo: number | undefined;
}

export interface ShellScript {
  /** Every command found, including nested ones, ordered by start offset (outer before inner). */
  commands: ShellCommand[];
  /**
   * Each pipeline of two or more commands, in stage order. A compound stage (`curl … | (cd x && sh)`)
   * contributes all its commands, so "is X piped into Y" is "does Y come after X".
   */
  pipelines: ShellCommand[][];
  /**
   * The script (or a nested `-c` string or heredoc) had a syntax error or an unterminated heredoc,
   * or nested too deeply to walk; `commands` then holds what could be recovered.
   */
  hasErrors: boolean;
}

/** A command with its wrappers (`sudo`, `env`, `xargs`, …) peeled off. */
export interface EffectiveCommand {
  name: ShellWord | undefined;
  /** Last path segment of the static name (`/usr/bin/curl` → `curl`); undefined when dynamic. */
  program: string | undefined;
  args: ShellWord[];
  /** The wrapper words that were removed, outermost first. */
  wrappers: ShellWord[];
}

// ---------------------------------------------------------------------------------------------
// Parser lifecycle

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads tree-sitter and the bash grammar. Call once before {@link parseShell}; concurrent and
 * repeated calls share one load.
 */
export function initShellParser(): Promise<void> {
  loading ??= loadParser().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function loadParser(): Promise<void> {
  const wasm = startShellWasm();
  // Awaited before init: emscripten's instantiateWasm hook has no way to report a failed compile.
  const runtime = await wasm.runtime;
  await Parser.init({
    wasmMemory: wasm.memory,
    // Instantiating the module compiled at start-up keeps emscripten from fetching, or guessing paths
    // inside the bundle, and from compiling it a second time.
    instantiateWasm(imports: object, done: (instance: object, module: object) => void) {
      done(instantiate(runtime, imports), runtime);
      return {};
    },
  } as never);
  const language = Language.loadSync(await wasm.bash);
  const instance = new Parser();
  instance.setLanguage(language);
  parser = instance;
}

/**
 * Parses a shell script. Never throws on malformed input (see {@link ShellScript.hasErrors});
 * throws only if {@link initShellParser} has not completed.
 */
export function parseShell(script: string): ShellScript {
  return finalize(parseFragment(script, 0));
}

// ---------------------------------------------------------------------------------------------
// Helpers for rules

const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh', 'busybox-sh']);

/** True for `sh`, `bash`, `dash`, `ash`, `ksh`, `mksh`, `zsh` (a program name, not a path). */
export function isPosixShell(program: string | undefined): boolean {
  return program !== undefined && POSIX_SHELLS.has(program);
}

interface WrapperSpec {
  /** Short options taking a value. */
  valueShort: string;
  /** Long options taking a value when written without `=`. */
  valueLong: readonly string[];
  /** Operands before the wrapped command (`timeout 10 cmd`, `gosu user cmd`). */
  operands: number;
  /** `NAME=value` words may precede the command. */
  assignments: boolean;
  /** Short options that mean the wrapper does not run the command (`command -v x`). */
  noRun: string;
}

function wrapper(spec: Partial<WrapperSpec>): WrapperSpec {
  return { valueShort: '', valueLong: [], operands: 0, assignments: false, noRun: '', ...spec };
}

const WRAPPERS = new Map<string, WrapperSpec>([
  [
    'sudo',
    wrapper({
      valueShort: 'ughprtCDTU',
      valueLong: ['--user', '--group', '--host', '--prompt', '--role', '--type', '--close-from', '--chdir', '--command-timeout', '--other-user'],
      assignments: true,
      noRun: 'lLvVkK',
    }),
  ],
  ['doas', wrapper({ valueShort: 'uC' })],
  ['env', wrapper({ valueShort: 'uCS', valueLong: ['--unset', '--chdir', '--split-string'], assignments: true })],
  ['exec', wrapper({ valueShort: 'a' })],
  ['nohup', wrapper({})],
  ['time', wrapper({ valueShort: 'fo', valueLong: ['--format', '--output'] })],
  [
    'xargs',
    wrapper({
      valueShort: 'adEILnPs',
      valueLong: ['--arg-file', '--delimiter', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'],
    }),
  ],
  ['nice', wrapper({ valueShort: 'n', valueLong: ['--adjustment'] })],
  ['ionice', wrapper({ valueShort: 'cnp', valueLong: ['--class', '--classdata', '--pid'] })],
  ['timeout', wrapper({ valueShort: 'ks', valueLong: ['--kill-after', '--signal'], operands: 1 })],
  ['stdbuf', wrapper({ valueShort: 'ioe', valueLong: ['--input', '--output', '--error'] })],
  ['chroot', wrapper({ valueLong: ['--userspec', '--groups'], operands: 1 })],
  ['gosu', wrapper({ operands: 1 })],
  ['su-exec', wrapper({ operands: 1 })],
  ['runuser', wrapper({ valueShort: 'ugG', valueLong: ['--user', '--group', '--supp-group'] })],
  ['command', wrapper({ noRun: 'vV' })],
  ['builtin', wrapper({})],
  ['busybox', wrapper({})],
]);

/**
 * Unwraps `sudo`, `doas`, `env`, `exec`, `nohup`, `time`, `xargs`, `nice`, `ionice`, `timeout`,
 * `stdbuf`, `chroot`, `gosu`, `su-exec`, `runuser -u`, `command`, `builtin` and `busybox`, with their
 * options, so `sudo -E apt-get install x` gives program `apt-get`, args `install x`, wrapper `sudo`.
 */
export function effectiveCommand(command: Pick<ShellCommand, 'name' | 'args'>): EffectiveCommand {
  let words = command.name ? [command.name, ...command.args] : [...command.args];
  const wrappers: ShellWord[] = [];
  for (let depth = 0; depth < 8 && words.length > 0; depth++) {
    const head = words[0]!;
    const spec = WRAPPERS.get(programName(head) ?? '');
    if (!spec) break;
    const rest = skipWrapperOptions(words, spec);
    if (!rest || rest.length === 0 || rest[0]!.value?.startsWith('-') === true) break;
    wrappers.push(head);
    words = rest;
  }
  const name = words[0];
  return { name, program: name && programName(name), args: words.slice(1), wrappers };
}

function skipWrapperOptions(words: ShellWord[], spec: WrapperSpec): ShellWord[] | undefined {
  let i = 1;
  while (i < words.length) {
    const v = words[i]!.value;
    if (v === undefined) break;
    if (v === '--') {
      i++;
      break;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      if (eq < 0 && spec.valueLong.includes(v)) i++;
      i++;
      continue;
    }
    if (v.length > 1 && v.startsWith('-')) {
      for (let k = 1; k < v.length; k++) {
        const ch = v[k]!;
        if (spec.noRun.includes(ch)) return undefined;
        if (spec.valueShort.includes(ch)) {
          if (k === v.length - 1) i++;
          break;
        }
      }
      i++;
      continue;
    }
    if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
      i++;
      continue;
    }
    break;
  }
  return words.slice(Math.min(i + spec.operands, words.length));
}

function programName(word: ShellWord): string | undefined {
  const v = word.value;
  if (v === undefined || v === '') return undefined;
  return v.slice(v.lastIndexOf('/') + 1);
}

/** How a shell invocation gets its script: a `-c` operand, stdin, or a script file. */
type ShellInput = { kind: 'string'; word: ShellWord } | { kind: 'stdin' } | { kind: 'file' };

function shellInput(effective: EffectiveCommand): ShellInput | undefined {
  let { program, args } = effective;
  if (program === 'busybox' && args[0] && isPosixShell(programName(args[0]))) {
    program = programName(args[0]);
    args = args.slice(1);
  }
  if (program === 'su' || program === 'runuser') {
    const at = args.findIndex((w) => w.value === '-c' || w.value === '--command');
    const word = at >= 0 ? args[at + 1] : undefined;
    return word ? { kind: 'string', word } : undefined;
  }
  if (!isPosixShell(program)) return undefined;
  let sawC = false;
  let readsStdin = false;
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === undefined) break;
    if (v === '--' || v === '-') {
      i++;
      break;
    }
    if (v.startsWith('--')) {
      if (v === '--rcfile' || v === '--init-file') i++;
      continue;
    }
    if (!/^[-+][A-Za-z]+$/.test(v)) break;
    if (v.startsWith('-') && v.includes('c')) sawC = true;
    if (v.startsWith('-') && v.includes('s')) readsStdin = true;
    // `-o pipefail` and clusters such as `-euxo pipefail` take the next word.
    for (const ch of v) if (ch === 'o' || ch === 'O') i++;
  }
  if (sawC) {
    const word = args[i];
    return word ? { kind: 'string', word } : undefined;
  }
  return i < args.length && !readsStdin ? { kind: 'file' } : { kind: 'stdin' };
}

// ---------------------------------------------------------------------------------------------
// Dockerfile RUN

/** A RUN instruction's shell analysis in Dockerfile coordinates. */
export interface RunAnalysis {
  /**
   * `shell`: the shell-form line (heredoc bodies included as its heredoc data);
   * `heredoc`: `RUN <<EOF`, the body is the script; `exec`: JSON form.
   */
  form: 'shell' | 'heredoc' | 'exec';
  script: ShellScript;
  /** The text that `script` offsets index into. */
  text: string;
  /**
   * Set when a `RUN <<EOF` body starts with a `#!` line naming a non-shell interpreter (BuildKit runs
   * the body as a file then); `script` has no commands in that case.
   */
  interpreter: string | undefined;
  /** File offsets of the text slice [start, end). */
  toFileOffsets(start: number, end: number): [number, number];
  /** Dockerfile range of the text slice [start, end). */
  toRange(start: number, end: number): Range;
}

/**
 * Parses a RUN instruction's shell script with BuildKit semantics and maps positions back to the
 * Dockerfile. Call it only when the stage's SHELL is a POSIX shell (the default); PowerShell or
 * `cmd` scripts would be misread. Requires {@link initShellParser}.
 */
export function analyzeRun(instruction: Instruction, lineIndex: LineIndex): RunAnalysis {
  const file = lineIndex.text;
  if (instruction.form === 'exec' && instruction.exec) return analyzeExec(instruction, file, lineIndex);
  const args = instruction.args;
  const heredocs = instruction.heredocs;
  if (heredocs.length === 0) {
    const map = CharMap.fromSegments(args.value.length, args.segments);
    return runResult('shell', args.value, parseShell(args.value), map, lineIndex, undefined);
  }
  const first = heredocs[0]!;
  // BuildKit runs the body itself when the command line is nothing but one heredoc marker.
  if (heredocs.length === 1 && SINGLE_HEREDOC.test(args.value.trim())) {
    const { text, map } = heredocBodyText(first, file);
    const shebang = /^#!([^\n]*)/.exec(text);
    const interpreter = shebang ? shebang[1]!.trim() : undefined;
    if (interpreter !== undefined && !shebangIsShell(interpreter)) {
      return runResult('heredoc', text, { commands: [], pipelines: [], hasErrors: false }, map, lineIndex, interpreter);
    }
    return runResult('heredoc', text, parseShell(text), map, lineIndex, interpreter);
  }
  // Otherwise BuildKit hands the shell `line\nbody…DELIM` per heredoc, bodies unstripped.
  const parts = [args.value];
  const map = CharMap.fromSegments(args.value.length, args.segments);
  for (const doc of heredocs) {
    const lineEnd = map.length > 0 ? map.ends[map.length - 1]! : doc.bodyOffset;
    parts.push('\n');
    map.push(lineEnd, lineEnd);
    const raw = rawHeredocLines(doc, file);
    parts.push(raw.text, doc.delimiter);
    map.append(raw.map);
    for (let k = 0; k < doc.delimiter.length; k++) map.push(raw.after + k, raw.after + k + 1);
  }
  parts.push('\n');
  map.push(map.ends[map.length - 1] ?? 0, map.ends[map.length - 1] ?? 0);
  const text = parts.join('');
  return runResult('shell', text, parseShell(text), map, lineIndex, undefined);
}

/** BuildKit's test for a command line that is one heredoc marker: `<<` and a single word. */
const SINGLE_HEREDOC = /^\d*<<-?\s*(?:[^\s'"<]|'[^']*'|"[^"]*")+$/;

function runResult(
  form: RunAnalysis['form'],
  text: string,
  script: ShellScript,
  map: CharMap,
  lineIndex: LineIndex,
  interpreter: string | undefined,
): RunAnalysis {
  const toFileOffsets = (start: number, end: number) => map.toFile(start, end);
  return {
    form,
    script,
    text,
    interpreter,
    toFileOffsets,
    toRange: (start, end) => {
      const [s, e] = map.toFile(start, end);
      return lineIndex.range(s, e);
    },
  };
}

function shebangIsShell(interpreter: string): boolean {
  const parts = interpreter.split(/\s+/).filter(Boolean);
  let program = parts[0]?.slice(parts[0].lastIndexOf('/') + 1);
  if (program === 'env') program = parts.slice(1).find((p) => !p.startsWith('-'));
  return isPosixShell(program);
}

/**
 * The stripped body as the script, each character mapped to where it is written. CRs before line
 * ends are dropped: a CRLF Dockerfile would otherwise end every last argument with `\r`.
 */
function heredocBodyText(doc: Heredoc, file: string): { text: string; map: CharMap } {
  const text = doc.body.replace(/\r\n/g, '\n');
  const map = new CharMap();
  let p = doc.bodyOffset;
  let lineStart = 0;
  while (lineStart < text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const fileLineEnd = lineEndAt(file, p);
    let q = p;
    if (doc.stripTabs) while (q < fileLineEnd && file[q] === '\t') q++;
    for (let k = lineStart; k < lineEnd; k++) {
      const at = Math.min(q + (k - lineStart), fileLineEnd);
      map.push(at, Math.min(at + 1, fileLineEnd));
    }
    if (nl >= 0) map.push(fileLineEnd, fileLineEnd + 1);
    lineStart = lineEnd + 1;
    p = nextLineStart(file, p);
  }
  return { text, map };
}

/** The body lines as written (tabs kept, CR dropped), for the shell to process itself. */
function rawHeredocLines(doc: Heredoc, file: string): { text: string; map: CharMap; after: number } {
  const lines = doc.body === '' ? 0 : doc.body.split('\n').length - (doc.body.endsWith('\n') ? 1 : 0);
  const map = new CharMap();
  const out: string[] = [];
  let p = doc.bodyOffset;
  for (let i = 0; i < lines && p < file.length; i++) {
    const end = lineEndAt(file, p);
    out.push(file.slice(p, end), '\n');
    for (let k = p; k < end; k++) map.push(k, k + 1);
    map.push(end, end + 1);
    p = nextLineStart(file, p);
  }
  let after = p;
  if (doc.stripTabs) while (file[after] === '\t') after++;
  return { text: out.join(''), map, after };
}

/** End of the line starting at or containing `p`, before any CR. */
function lineEndAt(file: string, p: number): number {
  let nl = file.indexOf('\n', p);
  if (nl < 0) nl = file.length;
  return nl > p && file[nl - 1] === '\r' ? nl - 1 : nl;
}

function nextLineStart(file: string, p: number): number {
  const nl = file.indexOf('\n', p);
  return nl < 0 ? file.length : nl + 1;
}

function analyzeExec(instruction: Instruction, file: string, lineIndex: LineIndex): RunAnalysis {
  const elements = instruction.exec ?? [];
  const map = new CharMap();
  const words: ShellWord[] = [];
  const elementMaps: CharMap[] = [];
  let text = '';
  elements.forEach((value, k) => {
    const elementMap = jsonElementMap(instruction.words[k], value, file);
    if (k > 0) {
      const at = map.length > 0 ? map.ends[map.length - 1]! : 0;
      text += ' ';
      map.push(at, at);
    }
    words.push({ text: value, value, start: text.length, end: text.length + value.length });
    text += value;
    map.append(elementMap);
    elementMaps.push(elementMap);
  });
  const effective = effectiveCommand({ name: words[0], args: words.slice(1) });
  const input = shellInput(effective);
  if (input?.kind === 'string') {
    const k = words.indexOf(input.word);
    const source = input.word.value ?? '';
    return runResult('exec', source, parseShell(source), elementMaps[k]!, lineIndex, undefined);
  }
  const command: ShellCommand = {
    index: 0,
    name: words[0],
    args: words.slice(1),
    assignments: [],
    redirects: [],
    start: 0,
    end: text.length,
    context: [],
    conditional: false,
    negated: false,
    operatorBefore: undefined,
    operatorAfter: undefined,
    pipeFrom: undefined,
    pipeTo: undefined,
  };
  const script = { commands: words.length > 0 ? [command] : [], pipelines: [], hasErrors: false };
  return runResult('exec', text, script, map, lineIndex, undefined);
}

/** Re-decodes a JSON string from the file so `\"` and `\u00e9` map to every character they span. */
function jsonElementMap(word: Word | undefined, value: string, file: string): CharMap {
  const map = new CharMap();
  if (!word) {
    for (let k = 0; k < value.length; k++) map.push(0, 0);
    return map;
  }
  let p = word.range.start.offset;
  if (file[p] === '"') p++;
  else if (file[p - 1] !== '"') return CharMap.fromSegments(value.length, word.segments);
  let decoded = '';
  while (p < file.length && file[p] !== '"') {
    if (file[p] === '\\') {
      const esc = file[p + 1];
      const width = esc === 'u' ? 6 : 2;
      decoded += esc === 'u' ? String.fromCharCode(parseInt(file.slice(p + 2, p + 6), 16)) : (JSON_ESCAPES[esc ?? ''] ?? esc ?? '');
      map.push(p, p + width);
      p += width;
    } else {
      decoded += file[p];
      map.push(p, p + 1);
      p++;
    }
  }
  return decoded === value ? map : CharMap.fromSegments(value.length, word.segments);
}

const JSON_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

/** For each character of a derived text, the source span [start, end) it came from. */
class CharMap {
  starts: number[] = [];
  ends: number[] = [];

  static fromSegments(length: number, segments: readonly SourceSegment[]): CharMap {
    const map = new CharMap();
    let next = segments[0]?.fileStart ?? 0;
    for (const seg of segments) {
      // Segments are sorted and contiguous; a gap (none expected) maps to where the text left off.
      while (map.length < Math.min(seg.logicalStart, length)) map.push(next, next + 1);
      for (let k = 0; k < seg.length && map.length < length; k++) map.push(seg.fileStart + k, seg.fileStart + k + 1);
      next = seg.fileStart + seg.length;
    }
    while (map.length < length) map.push(next, next + 1);
    return map;
  }

  get length(): number {
    return this.starts.length;
  }

  push(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
  }

  append(other: CharMap): void {
    for (let i = 0; i < other.length; i++) this.push(other.starts[i]!, other.ends[i]!);
  }

  toFile(start: number, end: number): [number, number] {
    const n = this.starts.length;
    if (n === 0) return [0, 0];
    const s = start < n ? this.starts[Math.max(start, 0)]! : this.ends[n - 1]!;
    if (end <= start) return [s, s];
    return [s, this.ends[Math.min(end, n) - 1]!];
  }
}

// ---------------------------------------------------------------------------------------------
// Heredoc scanning

interface HeredocScan {
  /** Offset of `<<`. */
  opStart: number;
  stripTabs: boolean;
  delimStart: number;
  delimEnd: number;
  delimiter: string;
  quoted: boolean;
  bodyStart: number;
  bodyEnd: number;
  /** End of the terminator line (before its newline), or the script end. */
  blockEnd: number;
  terminated: boolean;
}

type ScanFrame = { kind: 'dq' | 'paren' | 'backtick' | 'brace' } | { kind: 'arith'; depth: number };

const WORD_BREAK = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

/**
 * Finds heredocs the way the shell does: `<<` outside quotes and comments, bodies starting after the
 * next unquoted newline. `case` patterns inside `$(…)` can confuse the paren tracking; that only
 * matters if a `<<` follows on the same line.
 */
function scanHeredocs(s: string): HeredocScan[] {
  const found: HeredocScan[] = [];
  if (!s.includes('<<')) return found;
  const stack: ScanFrame[] = [];
  let pending: HeredocScan[] = [];
  let wordStart = true;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    const top = stack[stack.length - 1];
    if (top?.kind === 'dq' || top?.kind === 'brace') {
      if (c === '\\') i += 2;
      else if (top.kind === 'dq' && c === '"') (stack.pop(), i++);
      else if (top.kind === 'brace' && c === '}') (stack.pop(), i++);
      else if (top.kind === 'brace' && c === "'") i = skipPast(s, i + 1, "'");
      else if (top.kind === 'brace' && c === '"') (stack.push({ kind: 'dq' }), i++);
      else if (c === '`') (stack.push({ kind: 'backtick' }), i++);
      else if (c === '$' && s[i + 1] === '(') i = pushParen(s, i + 1, stack);
      else if (c === '$' && s[i + 1] === '{') (stack.push({ kind: 'brace' }), (i += 2));
      else i++;
      continue;
    }
    if (top?.kind === 'arith') {
      if (c === '(') top.depth++;
      else if (c === ')') {
        if (top.depth > 0) top.depth--;
        else {
          stack.pop();
          if (s[i + 1] === ')') i++;
        }
      }
      i++;
      continue;
    }
    const atWordStart = wordStart;
    wordStart = WORD_BREAK.has(c);
    if (c === '\\') i += 2;
    else if (c === "'") i = skipPast(s, i + 1, "'");
    else if (c === '"') (stack.push({ kind: 'dq' }), i++);
    else if (c === '`') {
      if (top?.kind === 'backtick') stack.pop();
      else stack.push({ kind: 'backtick' });
      i++;
    } else if (c === '$' && s[i + 1] === "'") i = skipAnsiC(s, i + 2);
    else if (c === '$' && s[i + 1] === '(') i = pushParen(s, i + 1, stack);
    else if (c === '$' && s[i + 1] === '{') (stack.push({ kind: 'brace' }), (i += 2));
    else if (c === '(') {
      if (atWordStart && s[i + 1] === '(') (stack.push({ kind: 'arith', depth: 0 }), (i += 2));
      else (stack.push({ kind: 'paren' }), i++);
    } else if (c === ')') {
      if (top?.kind === 'paren') stack.pop();
      i++;
    } else if (c === '#' && atWordStart) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === '<' && s[i + 1] === '<' && s[i + 2] !== '<') {
      const scan = readHeredocMarker(s, i);
      if (scan) pending.push(scan);
      i = scan ? scan.delimEnd : i + 2;
      wordStart = true;
    } else if (c === '<' && s[i + 1] === '<') i += 3;
    else if (c === '\n' && pending.length > 0) {
      let p = i + 1;
      for (const scan of pending) p = readHeredocBody(s, p, scan);
      found.push(...pending);
      pending = [];
      i = p;
      wordStart = true;
    } else i++;
  }
  for (const scan of pending) {
    scan.bodyStart = scan.bodyEnd = scan.blockEnd = n;
    found.push(scan);
  }
  return found;
}

function pushParen(s: string, open: number, stack: ScanFrame[]): number {
  if (s[open + 1] === '(') {
    stack.push({ kind: 'arith', depth: 0 });
    return open + 2;
  }
  stack.push({ kind: 'paren' });
  return open + 1;
}

function skipPast(s: string, from: number, quote: string): number {
  const at = s.indexOf(quote, from);
  return at < 0 ? s.length : at + 1;
}

function skipAnsiC(s: string, from: number): number {
  let i = from;
  while (i < s.length && s[i] !== "'") i += s[i] === '\\' ? 2 : 1;
  return i + 1;
}

function readHeredocMarker(s: string, opStart: number): HeredocScan | undefined {
  let j = opStart + 2;
  const stripTabs = s[j] === '-';
  if (stripTabs) j++;
  while (s[j] === ' ' || s[j] === '\t') j++;
  const delimStart = j;
  let delimiter = '';
  let quoted = false;
  while (j < s.length && !WORD_BREAK.has(s[j]!)) {
    const c = s[j]!;
    if (c === "'" || c === '"') {
      quoted = true;
      const close = s.indexOf(c, j + 1);
      const end = close < 0 ? s.length : close;
      delimiter += s.slice(j + 1, end);
      j = end + 1;
    } else if (c === '\\') {
      quoted = true;
      delimiter += s[j + 1] ?? '';
      j += 2;
    } else {
      delimiter += c;
      j++;
    }
  }
  if (j === delimStart) return undefined;
  return {
    opStart,
    stripTabs,
    delimStart,
    delimEnd: Math.min(j, s.length),
    delimiter,
    quoted,
    bodyStart: 0,
    bodyEnd: 0,
    blockEnd: 0,
    terminated: false,
  };
}

/** Reads one body starting at `p`; returns where the next body (or the script) continues. */
function readHeredocBody(s: string, p: number, scan: HeredocScan): number {
  scan.bodyStart = p;
  while (p < s.length) {
    const nl = s.indexOf('\n', p);
    const lineEnd = nl < 0 ? s.length : nl;
    let line = s.slice(p, lineEnd);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (scan.stripTabs) line = line.replace(/^\t+/, '');
    if (line === scan.delimiter) {
      scan.bodyEnd = p;
      scan.blockEnd = lineEnd;
      scan.terminated = true;
      return nl < 0 ? s.length : nl + 1;
    }
    p = nl < 0 ? s.length : nl + 1;
  }
  scan.bodyEnd = scan.blockEnd = s.length;
  return s.length;
}

/** Same-length text in which each heredoc is a `< DELIM` redirect and its body is blank. */
function maskHeredocs(s: string, scans: readonly HeredocScan[]): string {
  if (scans.length === 0) return s;
  const chars = s.split('');
  for (const scan of scans) {
    chars[scan.opStart + 1] = ' ';
    for (let k = scan.bodyStart; k < scan.blockEnd; k++) if (chars[k] !== '\n') chars[k] = ' ';
  }
  return chars.join('');
}

// ---------------------------------------------------------------------------------------------
// Tree walking

/** A command while the script is built: pipe links are object references until {@link finalize}. */
interface Draft extends Omit<ShellCommand, 'index' | 'pipeFrom' | 'pipeTo'> {
  pipeFromRef: Draft | undefined;
  pipeToRef: Draft | undefined;
}

interface Fragment {
  commands: Draft[];
  pipelines: Draft[][];
  hasErrors: boolean;
}

interface Walk {
  context: readonly ShellContext[];
  conditional: boolean;
  negated: boolean;
  /** Collectors for the commands of enclosing pipeline stages and redirected compounds. */
  sinks: readonly Draft[][];
}

interface Joins {
  before: ListOperator | undefined;
  after: ListOperator | undefined;
}

const NO_JOINS: Joins = { before: undefined, after: undefined };
const MAX_NESTING = 6;

const LITERALS = new Set([
  'word',
  'string',
  'raw_string',
  'ansi_c_string',
  'translated_string',
  'concatenation',
  'number',
  'simple_expansion',
  'expansion',
  'command_substitution',
  'process_substitution',
  'arithmetic_expansion',
  'brace_expression',
  'test_operator',
  'regex',
  'extglob_pattern',
  'variable_name',
]);

/** Leaves that cannot hold a `$(…)`. */
const NO_SUBSTITUTIONS = new Set(['word', 'number', 'raw_string', 'ansi_c_string', 'variable_name', 'test_operator', 'regex', 'extglob_pattern', 'simple_expansion', 'file_descriptor']);

const REDIRECTS = new Set(['file_redirect', 'herestring_redirect', 'heredoc_redirect']);

function parseFragment(script: string, depth: number): Fragment {
  if (!parser) throw new Error('shell parser not initialised: await initShellParser() first');
  const scans = scanHeredocs(script);
  const tree = parser.parse(maskHeredocs(script, scans));
  if (!tree) throw new Error('tree-sitter returned no tree');
  let root: SyntaxNode;
  let hasErrors: boolean;
  try {
    root = copyTree(tree);
    hasErrors = tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
  const builder = new FragmentBuilder(script, scans, depth);
  builder.hasErrors = hasErrors || scans.some((scan) => !scan.terminated);
  try {
    builder.sequence(root.children, { context: [], conditional: false, negated: false, sinks: [] });
  } catch (error) {
    // Thousands of nested `$(` or `(` exhaust the JS stack; keep what was found rather than fail the file.
    if (!(error instanceof RangeError)) throw error;
    builder.hasErrors = true;
  }
  return builder.result();
}

/** The parts of a tree-sitter node the walk reads, as plain data. */
interface SyntaxNode {
  type: string;
  isNamed: boolean;
  startIndex: number;
  endIndex: number;
  children: SyntaxNode[];
  namedChildren: SyntaxNode[];
}

/**
 * Copies the tree in one cursor pass: every web-tree-sitter node accessor marshals the node through
 * WASM memory, which made reading the tree cost twice as much as parsing it.
 */
function copyTree(tree: Tree): SyntaxNode {
  const cursor = tree.walk();
  try {
    const make = (): SyntaxNode => ({
      type: cursor.nodeType,
      isNamed: cursor.nodeIsNamed,
      startIndex: cursor.startIndex,
      endIndex: cursor.endIndex,
      children: [],
      namedChildren: [],
    });
    const root = make();
    const stack = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = make();
      const parent = stack[stack.length - 1]!;
      parent.children.push(node);
      if (node.isNamed) parent.namedChildren.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

class FragmentBuilder {
  readonly commands: Draft[] = [];
  readonly pipelines: Draft[][] = [];
  hasErrors = false;
  private readonly heredocAt = new Map<number, HeredocScan>();
  /** Nodes behind words, for re-reading a `-c` string with its character map. */
  private readonly nodeOf = new Map<ShellWord, SyntaxNode>();

  constructor(
    private readonly src: string,
    scans: readonly HeredocScan[],
    private readonly depth: number,
  ) {
    for (const scan of scans) this.heredocAt.set(scan.opStart, scan);
  }

  result(): Fragment {
    return { commands: this.commands, pipelines: this.pipelines, hasErrors: this.hasErrors };
  }

  /** Statements separated by `;`, `&`, newlines or keywords (program, bodies, clauses). */
  sequence(nodes: readonly SyntaxNode[], walk: Walk): void {
    const items: { node: SyntaxNode; before: ListOperator | undefined; after: ListOperator | undefined }[] = [];
    let previous: (typeof items)[number] | undefined;
    for (const node of nodes) {
      if (!node.isNamed) {
        const op = node.type === ';' || node.type === '&' ? node.type : node.type === ';;' ? ';' : undefined;
        if (previous && op) previous.after = op;
        else previous = undefined;
        continue;
      }
      if (node.type === 'comment') continue;
      const item = { node, before: previous ? (previous.after ?? ';') : undefined, after: undefined };
      if (previous && previous.after === undefined) previous.after = ';';
      items.push(item);
      previous = item;
    }
    for (const item of items) this.statement(item.node, walk, item, []);
  }

  statement(node: SyntaxNode, walk: Walk, joins: Joins, redirects: readonly SyntaxNode[]): void {
    switch (node.type) {
      case 'command':
        return this.command(node, walk, joins, redirects);
      case 'redirected_statement': {
        const body = node.namedChildren.find((child) => !REDIRECTS.has(child.type) && child.type !== 'comment');
        const own = node.namedChildren.filter((child) => child !== body && REDIRECTS.has(child.type));
        if (body) return this.statement(body, walk, joins, [...own, ...redirects]);
        return this.command(undefined, walk, joins, [...own, ...redirects]);
      }
      case 'pipeline':
        return this.pipeline(node, walk, joins, redirects);
      case 'list':
        return this.list(node, walk, joins, redirects);
      case 'negated_command': {
        const inner = node.namedChildren.find((child) => child.type !== 'comment');
        if (inner) this.statement(inner, { ...walk, negated: !walk.negated }, joins, redirects);
        return;
      }
      case 'test_command':
        return this.testCommand(node, walk, joins, redirects);
      case 'declaration_command':
      case 'unset_command':
        return this.declaration(node, walk, joins, redirects);
      case 'variable_assignment':
      case 'variable_assignments':
        return this.command(node, walk, joins, redirects);
      case 'subshell':
        return this.compound(node, walk, 'subshell', redirects);
      case 'compound_statement':
        return this.compound(node, walk, 'group', redirects);
      case 'if_statement':
        return this.compound(node, walk, 'if', redirects);
      case 'while_statement':
      case 'for_statement':
      case 'c_style_for_statement':
        return this.compound(node, walk, 'loop', redirects);
      case 'case_statement':
        return this.compound(node, walk, 'case', redirects);
      case 'function_definition':
        return this.compound(node, walk, 'function', redirects);
      case 'comment':
        return;
      default:
        // ERROR nodes and clauses (do_group, elif_clause, case_item, …) hold statements too.
        return this.compound(node, walk, undefined, redirects);
    }
  }

  private list(node: SyntaxNode, walk: Walk, joins: Joins, redirects: readonly SyntaxNode[]): void {
    const operands: SyntaxNode[] = [];
    const operators: ListOperator[] = [];
    // Lists nest one level per operator (`a && b && c` is ((a && b) && c)): flatten without recursion.
    const pending = [...node.children].reverse();
    while (pending.length > 0) {
      const child = pending.pop()!;
      if (child.type === 'list') for (let k = child.children.length - 1; k >= 0; k--) pending.push(child.children[k]!);
      else if (child.type === '&&' || child.type === '||') operators.push(child.type);
      else if (child.isNamed && child.type !== 'comment') operands.push(child);
    }
    operands.forEach((operand, i) => {
      const before = i === 0 ? joins.before : operators[i - 1];
      const after = i === operands.length - 1 ? joins.after : operators[i];
      const conditional = walk.conditional || before === '||';
      const last = i === operands.length - 1;
      this.statement(operand, { ...walk, conditional }, { before, after }, last ? redirects : []);
    });
  }

  private pipeline(node: SyntaxNode, walk: Walk, joins: Joins, redirects: readonly SyntaxNode[]): void {
    const stages = node.namedChildren.filter((child) => child.type !== 'comment');
    // tree-sitter-bash binds `!` to the first stage; the shell negates the whole pipeline.
    const first = stages[0];
    if (first?.type === 'negated_command') {
      const inner = first.namedChildren.find((child) => child.type !== 'comment');
      if (inner) stages[0] = inner;
      walk = { ...walk, negated: !walk.negated };
    }
    const collected: Draft[][] = [];
    stages.forEach((stage, k) => {
      const sink: Draft[] = [];
      collected.push(sink);
      const last = k === stages.length - 1;
      this.statement(stage, { ...walk, sinks: [...walk.sinks, sink] }, joins, last ? redirects : []);
    });
    for (let k = 0; k + 1 < collected.length; k++) {
      const writer = collected[k]!.at(-1);
      const reader = collected[k + 1]![0];
      if (writer && reader) {
        writer.pipeToRef = reader;
        reader.pipeFromRef = writer;
      }
    }
    // tree-sitter-bash reads `a && b 2>x | c` as `(a && b 2>x) | c`; the shell pipes only `b`. So
    // an and-or list at either end of the pipeline contributes only its operand next to the pipe.
    const firstList = listOf(stages[0]);
    if (firstList) {
      const from = firstList.namedChildren.at(-1)!.startIndex;
      collected[0] = collected[0]!.filter((d) => d.start >= from);
    }
    const lastList = stages.length > 1 ? listOf(stages.at(-1)) : undefined;
    if (lastList) {
      const to = lastList.namedChildren[0]!.endIndex;
      collected[collected.length - 1] = collected.at(-1)!.filter((d) => d.end <= to);
    }
    const members = collected.flat();
    if (members.length >= 2) this.pipelines.push(members);
  }

  private compound(node: SyntaxNode, walk: Walk, kind: ShellContext | undefined, redirects: readonly SyntaxNode[]): void {
    const inner: Walk = kind ? { ...walk, context: [...walk.context, kind] } : walk;
    const sink: Draft[] = [];
    const body: Walk = redirects.length > 0 ? { ...inner, sinks: [...inner.sinks, sink] } : inner;
    const statements: SyntaxNode[] = [];
    for (const child of node.children) {
      if (node.type === 'ERROR' && LITERALS.has(child.type)) continue;
      if (LITERALS.has(child.type)) this.substitutions(child, inner);
      // A function body is always a `{ … }` group; the function context says enough.
      else if (kind === 'function' && child.type === 'compound_statement') this.compound(child, body, undefined, []);
      else statements.push(child);
    }
    this.sequence(statements, body);
    if (node.type === 'ERROR') this.looseWords(node.children, body);
    if (redirects.length === 0) return;
    const parsed = redirects.map((r) => this.redirect(r));
    for (const command of sink) command.redirects.push(...parsed.map((p) => structuredClone(p.redirect)));
    for (const p of parsed) this.substitutionsOfWordNodes(p.targetNodes, { ...walk, sinks: [] });
  }

  /** Runs of plain words inside an ERROR node are most likely a command whose line broke. */
  private looseWords(nodes: readonly SyntaxNode[], walk: Walk): void {
    let run: SyntaxNode[] = [];
    const flush = (): void => {
      if (run.length > 0 && run[0]!.type !== 'variable_name') this.emit(run, [], [], [], walk, NO_JOINS);
      run = [];
    };
    for (const node of nodes) {
      if (node.isNamed && LITERALS.has(node.type) && node.endIndex > node.startIndex) run.push(node);
      else flush();
    }
    flush();
  }

  private command(node: SyntaxNode | undefined, walk: Walk, joins: Joins, redirects: readonly SyntaxNode[]): void {
    const words: SyntaxNode[] = [];
    const assignments: SyntaxNode[] = [];
    const redirectNodes: SyntaxNode[] = [];
    const later: SyntaxNode[] = [];
    if (node) {
      const children = node.type === 'variable_assignment' ? [node] : node.children;
      for (const child of children) {
        if (child.type === 'variable_assignment') {
          if (words.length === 0) assignments.push(child);
          else words.push(child);
        } else if (child.type === 'command_name') words.push(child.namedChildren[0] ?? child);
        else if (REDIRECTS.has(child.type)) redirectNodes.push(child);
        else if (child.type === 'subshell') later.push(child);
        else if (child.type === 'comment' || child.type === 'ERROR') continue;
        else if (child.isNamed ? LITERALS.has(child.type) : child.type === '$' || child.type === '=~' || child.type === '==') {
          words.push(child);
        }
      }
    }
    this.emit(words, assignments, [...redirectNodes, ...redirects], [], walk, joins);
    for (const sub of later) this.statement(sub, walk, NO_JOINS, []);
  }

  private testCommand(node: SyntaxNode, walk: Walk, joins: Joins, redirects: readonly SyntaxNode[]): void {
    const words: SyntaxNode[] = [];
    const collect = (n: SyntaxNode): void => {
      for (const child of n.children) {
        if (LITERALS.has(child.type) || !child.isNamed) words.push(child);
        else if (child.type !== 'comment') collect(child);
      }
    };
    collect(node);
    this.emit(words, [], redirects, [], walk, joins);
  }

  private declaration(node: SyntaxNode, walk: Walk, joins: Joins, redirects: readonly SyntaxNode[]): void {
    const words: SyntaxNode[] = [];
    const assignments: SyntaxNode[] = [];
    for (const child of node.children) {
      if (child.type === 'variable_assignment') {
        words.push(child);
        assignments.push(child);
      } else if (!child.isNamed || LITERALS.has(child.type)) words.push(child);
      else if (REDIRECTS.has(child.type)) redirects = [...redirects, child];
    }
    this.emit(words, [], redirects, assignments, walk, joins);
  }

  /**
   * Builds one command. `prefixAssignments` are `FOO=bar` before the name; `argAssignments` are
   * `export FOO=bar` arguments (already in `wordNodes`).
   */
  private emit(
    wordNodes: SyntaxNode[],
    prefixAssignments: readonly SyntaxNode[],
    redirectNodes: readonly SyntaxNode[],
    argAssignments: readonly SyntaxNode[],
    walk: Walk,
    joins: Joins,
  ): void {
    // MISSING nodes (tree-sitter's error recovery) are the only zero-width words.
    const words = wordNodes.filter((n) => n.endIndex > n.startIndex);
    const parsed = redirectNodes.map((r) => this.redirect(r));
    for (const p of parsed) words.push(...p.extraWords);
    words.sort((a, b) => a.startIndex - b.startIndex);
    const assignments = [...prefixAssignments, ...argAssignments].map((a) => this.assignment(a));
    if (words.length === 0 && assignments.length === 0 && parsed.length === 0) return;
    const shellWords = words.map((w) => this.word(w));
    const redirects = parsed.map((p) => p.redirect);
    let start = Infinity;
    let end = -Infinity;
    for (const part of [...shellWords, ...assignments, ...redirects]) {
      start = Math.min(start, part.start);
      end = Math.max(end, part.end);
    }
    const draft: Draft = {
      name: shellWords[0],
      args: shellWords.slice(1),
      assignments,
      redirects,
      start,
      end,
      context: [...walk.context],
      conditional: walk.conditional,
      negated: walk.negated,
      operatorBefore: joins.before,
      operatorAfter: joins.after,
      pipeFromRef: undefined,
      pipeToRef: undefined,
    };
    this.commands.push(draft);
    for (const sink of walk.sinks) sink.push(draft);

    const nested = this.nestedShell(draft, redirects);
    const substitutionWalk: Walk = { ...walk, sinks: [] };
    for (const w of words) if (nested?.word.start !== w.startIndex) this.substitutions(w, substitutionWalk);
    for (const a of prefixAssignments) this.substitutions(a, substitutionWalk);
    for (const p of parsed) this.substitutionsOfWordNodes(p.targetNodes, substitutionWalk);
    if (nested) this.adopt(nested.context, walk, nested.text, nested.map);
  }

  /** The script a shell invocation runs from a `-c` word or a heredoc/here-string on stdin. */
  private nestedShell(
    draft: Draft,
    redirects: readonly ShellRedirect[],
  ): { word: ShellWord; context: ShellContext; text: string; map: CharMap } | undefined {
    if (this.depth >= MAX_NESTING) return undefined;
    const input = shellInput(effectiveCommand(draft));
    if (input?.kind === 'string') return this.nestedWord(input.word, 'shell-string');
    if (input?.kind !== 'stdin') return undefined;
    const stdin = redirects.findLast((r) => (r.fd ?? 0) === 0 && r.operator.startsWith('<<'));
    if (stdin?.heredoc) {
      const { text, map } = heredocText(this.src, stdin.heredoc);
      return { word: stdin.target!, context: 'shell-stdin', text, map };
    }
    if (stdin?.operator === '<<<' && stdin.target) return this.nestedWord(stdin.target, 'shell-stdin');
    return undefined;
  }

  private nestedWord(word: ShellWord, context: ShellContext): { word: ShellWord; context: ShellContext; text: string; map: CharMap } | undefined {
    const node = this.nodeOf.get(word);
    if (!node) return undefined;
    const { text, map } = unquote(this.src, node, true);
    return { word, context, text, map: map! };
  }

  /** Parses a nested script and takes its commands over in this script's coordinates. */
  private adopt(kind: ShellContext, walk: Walk, text: string, map: CharMap): void {
    if (text.trim() === '') return;
    const inner = parseFragment(text, this.depth + 1);
    if (inner.hasErrors) this.hasErrors = true;
    const remap = (start: number, end: number): [number, number] => map.toFile(start, end);
    for (const command of inner.commands) {
      remapCommand(command, remap);
      command.context = [...walk.context, kind, ...command.context];
      command.conditional ||= walk.conditional;
      command.negated ||= walk.negated;
      this.commands.push(command);
    }
    this.pipelines.push(...inner.pipelines);
  }

  private redirect(node: SyntaxNode): { redirect: ShellRedirect; extraWords: SyntaxNode[]; targetNodes: SyntaxNode[] } {
    let fd: number | undefined;
    let op: SyntaxNode | undefined;
    const destinations: SyntaxNode[] = [];
    for (const child of node.children) {
      if (child.type === 'file_descriptor') fd = Number(this.src.slice(child.startIndex, child.endIndex));
      else if (!child.isNamed && !op) op = child;
      else if (child.isNamed && LITERALS.has(child.type) && child.endIndex > child.startIndex) destinations.push(child);
    }
    const scan = op ? this.heredocAt.get(op.startIndex) : undefined;
    if (scan) {
      const target: ShellWord = {
        text: this.src.slice(scan.delimStart, scan.delimEnd),
        value: scan.delimiter,
        start: scan.delimStart,
        end: scan.delimEnd,
      };
      const raw = this.src.slice(scan.bodyStart, scan.bodyEnd);
      const heredoc: ShellHeredoc = {
        delimiter: scan.delimiter,
        quoted: scan.quoted,
        stripTabs: scan.stripTabs,
        body: scan.stripTabs ? raw.replace(/^\t+/gm, '') : raw,
        bodyStart: scan.bodyStart,
        bodyEnd: scan.bodyEnd,
        terminated: scan.terminated,
      };
      return {
        redirect: {
          operator: scan.stripTabs ? '<<-' : '<<',
          fd,
          target,
          heredoc,
          start: node.startIndex,
          end: scan.delimEnd,
        },
        extraWords: destinations.filter((d) => d.startIndex >= scan.delimEnd),
        targetNodes: [],
      };
    }
    const [first, ...rest] = destinations;
    const target = first ? this.word(first) : undefined;
    return {
      redirect: {
        operator: op?.type ?? '',
        fd,
        target,
        heredoc: undefined,
        start: node.startIndex,
        end: Math.max(target?.end ?? 0, op?.endIndex ?? node.startIndex),
      },
      // `cmd >f arg`: tree-sitter-bash puts `arg` in the redirect; the shell gives it to `cmd`.
      extraWords: node.type === 'file_redirect' ? rest : [],
      targetNodes: first ? [first] : [],
    };
  }

  private assignment(node: SyntaxNode): ShellAssignment {
    const nameNode = node.namedChildren[0];
    const equals = node.children.findIndex((child) => child.type === '=' || child.type === '+=');
    const afterEquals = equals >= 0 ? node.children[equals + 1] : undefined;
    const valueNode = afterEquals?.isNamed ? afterEquals : undefined;
    const name = nameNode ? this.src.slice(nameNode.startIndex, nameNode.endIndex) : '';
    const value: ShellWord =
      valueNode && valueNode.endIndex > valueNode.startIndex
        ? this.word(valueNode)
        : { text: '', value: '', start: node.endIndex, end: node.endIndex };
    return { name, value, start: node.startIndex, end: node.endIndex };
  }

  private word(node: SyntaxNode): ShellWord {
    const { text, dynamic } = unquote(this.src, node, false);
    const word: ShellWord = {
      text: this.src.slice(node.startIndex, node.endIndex),
      value: dynamic ? undefined : text,
      start: node.startIndex,
      end: node.endIndex,
    };
    this.nodeOf.set(word, node);
    return word;
  }

  private substitutionsOfWordNodes(nodes: readonly SyntaxNode[], walk: Walk): void {
    for (const node of nodes) this.substitutions(node, walk);
  }

  /** Commands run by `$(…)`, backticks and `<(…)` anywhere inside `node`. */
  private substitutions(node: SyntaxNode, walk: Walk): void {
    const type = node.type;
    if (NO_SUBSTITUTIONS.has(type)) return;
    if (type === 'command_substitution' || type === 'process_substitution') {
      const kind = type === 'command_substitution' ? 'substitution' : 'process-substitution';
      this.sequence(node.children, { ...walk, context: [...walk.context, kind], sinks: [] });
      return;
    }
    for (const child of node.namedChildren) this.substitutions(child, walk);
  }
}

function remapCommand(command: Draft, remap: (start: number, end: number) => [number, number]): void {
  const word = (w: ShellWord): void => {
    [w.start, w.end] = remap(w.start, w.end);
  };
  [command.start, command.end] = remap(command.start, command.end);
  if (command.name) word(command.name);
  command.args.forEach(word);
  for (const a of command.assignments) {
    [a.start, a.end] = remap(a.start, a.end);
    word(a.value);
  }
  for (const r of command.redirects) {
    [r.start, r.end] = remap(r.start, r.end);
    if (r.target) word(r.target);
    if (r.heredoc) [r.heredoc.bodyStart, r.heredoc.bodyEnd] = remap(r.heredoc.bodyStart, r.heredoc.bodyEnd);
  }
}

function finalize(fragment: Fragment): ShellScript {
  const order = fragment.commands.map((d, i) => ({ d, i }));
  order.sort((a, b) => a.d.start - b.d.start || b.d.end - a.d.end || a.i - b.i);
  const indexOf = new Map<Draft, number>();
  order.forEach(({ d }, index) => indexOf.set(d, index));
  const resolve = (d: Draft | undefined): number | undefined => (d ? indexOf.get(d) : undefined);
  const commands: ShellCommand[] = order.map(({ d }, index) => ({
    index,
    name: d.name,
    args: d.args,
    assignments: d.assignments,
    redirects: d.redirects,
    start: d.start,
    end: d.end,
    context: d.context,
    conditional: d.conditional,
    negated: d.negated,
    operatorBefore: d.operatorBefore,
    operatorAfter: d.operatorAfter,
    pipeFrom: resolve(d.pipeFromRef),
    pipeTo: resolve(d.pipeToRef),
  }));
  const pipelines = fragment.pipelines
    .map((members) => members.map((m) => commands[indexOf.get(m)!]!))
    .sort((a, b) => a[0]!.index - b[0]!.index);
  return { commands, pipelines, hasErrors: fragment.hasErrors };
}

// ---------------------------------------------------------------------------------------------
// Word values

interface Unquoted {
  text: string;
  dynamic: boolean;
  /** Source span of each character of `text`; only built when a nested script needs it. */
  map: CharMap | undefined;
}

/**
 * A word's text with quotes and escapes removed. Expansions stay as written and mark the word
 * dynamic, so a `bash -c "… $X …"` string can still be parsed as a script.
 */
function unquote(src: string, node: SyntaxNode, withMap: boolean): Unquoted {
  const out: Unquoted = { text: '', dynamic: false, map: withMap ? new CharMap() : undefined };
  appendUnquoted(src, node, out);
  return out;
}

function appendUnquoted(src: string, node: SyntaxNode, out: Unquoted): void {
  const s = node.startIndex;
  const e = node.endIndex;
  switch (node.type) {
    case 'word':
      return appendEscaped(src, s, e, out, false);
    case 'raw_string':
      return appendRaw(src, s + 1, e - s >= 2 && src[e - 1] === "'" ? e - 1 : e, out);
    case 'string': {
      let p = src[s] === '"' ? s + 1 : s;
      const close = e - s >= 2 && src[e - 1] === '"' ? e - 1 : e;
      for (const child of node.namedChildren) {
        if (child.type === 'string_content') continue;
        appendEscaped(src, p, child.startIndex, out, true);
        out.dynamic = true;
        appendRaw(src, child.startIndex, child.endIndex, out);
        p = child.endIndex;
      }
      return appendEscaped(src, p, close, out, true);
    }
    case 'ansi_c_string':
      return appendAnsiC(src, s + 2, e - s >= 3 && src[e - 1] === "'" ? e - 1 : e, out);
    case 'translated_string':
    case 'concatenation':
    case 'variable_assignment':
      for (const child of node.children) appendUnquoted(src, child, out);
      return;
    case 'number':
    case 'test_operator':
    case 'regex':
    case 'extglob_pattern':
    case 'variable_name':
      return appendRaw(src, s, e, out);
    default:
      if (node.isNamed) out.dynamic = true;
      return appendRaw(src, s, e, out);
  }
}

function appendRaw(src: string, from: number, to: number, out: Unquoted): void {
  out.text += src.slice(from, to);
  if (out.map) for (let k = from; k < to; k++) out.map.push(k, k + 1);
}

/** Backslash removal outside quotes (`\x` → `x`) or inside double quotes (only before `$`, `` ` ``, `"`, `\`, newline). */
function appendEscaped(src: string, from: number, to: number, out: Unquoted, doubleQuoted: boolean): void {
  let k = from;
  while (k < to) {
    const c = src[k]!;
    if (c === '\\' && k + 1 < to) {
      const next = src[k + 1]!;
      if (next === '\n') {
        k += 2;
        continue;
      }
      if (!doubleQuoted || next === '$' || next === '`' || next === '"' || next === '\\') {
        out.text += next;
        out.map?.push(k, k + 2);
        k += 2;
        continue;
      }
    }
    out.text += c;
    out.map?.push(k, k + 1);
    k++;
  }
}

const ANSI_C: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

function appendAnsiC(src: string, from: number, to: number, out: Unquoted): void {
  let k = from;
  while (k < to) {
    if (src[k] !== '\\' || k + 1 >= to) {
      out.text += src[k];
      out.map?.push(k, k + 1);
      k++;
      continue;
    }
    const next = src[k + 1]!;
    const hex = next === 'x' ? /^[0-9A-Fa-f]{1,2}/.exec(src.slice(k + 2, Math.min(to, k + 4))) : null;
    const oct = /^[0-7]{1,3}/.exec(src.slice(k + 1, Math.min(to, k + 4)));
    let width = 2;
    let ch: string;
    if (hex) {
      ch = String.fromCharCode(parseInt(hex[0], 16));
      width = 2 + hex[0].length;
    } else if (oct) {
      ch = String.fromCharCode(parseInt(oct[0], 8));
      width = 1 + oct[0].length;
    } else ch = ANSI_C[next] ?? `\\${next}`;
    out.text += ch;
    for (let j = 0; j < ch.length; j++) out.map?.push(k, k + width);
    k += width;
  }
}

/** A heredoc body as a shell reads it, each character mapped to where it is written. */
function heredocText(src: string, heredoc: ShellHeredoc): { text: string; map: CharMap } {
  const map = new CharMap();
  let text = '';
  let lineStart = true;
  for (let k = heredoc.bodyStart; k < heredoc.bodyEnd; k++) {
    const c = src[k]!;
    if (lineStart && heredoc.stripTabs && c === '\t') continue;
    lineStart = c === '\n';
    if (c === '\r' && src[k + 1] === '\n') continue;
    text += c;
    map.push(k, k + 1);
  }
  return { text, map };
}

/** The and-or list a pipeline stage really is, looking through a redirect wrapper. */
function listOf(node: SyntaxNode | undefined): SyntaxNode | undefined {
  const body =
    node?.type === 'redirected_statement' ? node.namedChildren.find((c) => !c.type.endsWith('_redirect')) : node;
  return body?.type === 'list' && body.namedChildren.length > 0 ? body : undefined;
}
