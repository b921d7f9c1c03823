/**
 * Shared pieces of the rules that read RUN's shell commands: the text prefilters that spare the
 * shell parse (the RUN's text read as words, program names, simple commands and pipelines), a
 * getopt-style option reader, ranges of (parts of) shell words, `find -exec` commands, and
 * file-mode arithmetic for chmod-like commands and `COPY --chmod`.
 */
import type { Instruction, Range } from '../dockerfile/ast.js';
import type { InstructionModel } from '../dockerfile/model.js';
import { effectiveCommand, type RunAnalysis, type ShellCommand, type ShellWord } from '../dockerfile/shell.js';
import type { DockerfileContext } from '../engine/rule.js';

// ---------------------------------------------------------------------------------------------
// Prefilters
//
// Parsing a RUN costs 0.5–1 ms cold (tree-sitter plus the analysis), so each rule first tests the
// RUN's text and parses only when its exact check could report something. A prefilter must accept
// every RUN its check can report on: it reads the text as the shell reads words, so that quoting,
// continuation lines, heredocs, `sh -c` strings and exec form cannot hide a name or an option.

/** A RUN's script as prefilters read it. */
export interface RunText {
  /**
   * As written: the command line (exec form: the decoded elements joined by spaces, as the
   * analysis reads them), then each heredoc body on its own lines.
   */
  raw: string;
  /**
   * `raw` with line continuations joined and quotes and backslashes dropped, so names, options and
   * modes read as the words the shell makes of them: `"bash"`, `c\url`, `-"k"`, `'u+s'`, an option
   * on the continuation line of a heredoc script. Quoted text stays, unquoted: `sh -c "curl … | sh"`
   * reads `sh -c curl … | sh`.
   */
  words: string;
  /** Exec form: the elements are one command's words, whatever operators they hold. */
  exec: boolean;
}

const runTexts = new WeakMap<Instruction, RunText>();

/** The RUN's {@link RunText}, made once per instruction (several rules read it). */
export function runText(ins: InstructionModel): RunText {
  const { instruction } = ins;
  let text = runTexts.get(instruction);
  if (!text) {
    const exec = instruction.form === 'exec' && instruction.exec !== undefined;
    const raw = [exec ? instruction.exec!.join(' ') : instruction.args.value, ...instruction.heredocs.map((h) => h.body)].join('\n');
    text = { raw, words: raw.replace(/\\\r?\n/g, '').replace(/["'\\]/g, ''), exec };
    runTexts.set(instruction, text);
  }
  return text;
}

/** The RUN's shell analysis, parsed only when `may` accepts its text. */
export function shellIf(ctx: DockerfileContext, ins: InstructionModel, may: (text: RunText) => boolean): RunAnalysis | undefined {
  return may(runText(ins)) ? ctx.shell(ins) : undefined;
}

/** A name starts after a blank, a shell operator or a path's `/`. */
const NAME_START = '(?<![^\\s/;&|(){}!<>`])';
/** A word ends at a blank or a shell operator. */
export const WORD_END = '(?=[\\s;&|()<>`]|$)';
/** A word of a command line, not a comment. */
const ARG_WORD = '[^\\s|;&#][^\\s|;&]*';

/**
 * Regex source for a command or program name in {@link RunText.words}: a word on its own or the last
 * part of a path (`/usr/bin/curl`), not part of a longer name (`curl-config`, `$curl`, `x.sh`).
 */
export function namePattern(names: string): string {
  return `${NAME_START}(?:${names})${WORD_END}`;
}

/**
 * The wrappers that {@link effectiveCommand} looks through (`sudo -E bash`, `timeout 60 sh`). Keep in
 * step with `WRAPPERS` in dockerfile/shell.ts (a test checks): a missing one would hide commands.
 */
export const WRAPPER_NAMES = ['sudo', 'doas', 'env', 'exec', 'nohup', 'time', 'xargs', 'nice', 'ionice', 'timeout', 'stdbuf', 'chroot', 'gosu', 'su-exec', 'runuser', 'command', 'builtin', 'busybox'];

/** Where a simple command can start: the text's start, a list or pipe operator, `(`, `{`, `!`, a keyword. */
export const COMMAND_START = `(?:^|[;&|(){}!\\n\`]|${namePattern('then|do|else|elif|if|while|until')})\\s*`;

/**
 * Regex source for a command whose program is one of `names`, from where it starts: `NAME=value`
 * prefixes, wrappers with their arguments (`sudo -u app env X=1 bash`), a path, the name.
 */
export function commandPattern(names: string): string {
  return `(?:\\w+=\\S*\\s+)*(?:${namePattern(WRAPPER_NAMES.join('|'))}(?:\\s+${ARG_WORD})*?\\s+)?(?:${ARG_WORD}/)?${namePattern(names)}`;
}

/** A mode word: what follows chmod and its options, or -m/--mode (quotes are already gone). */
const MODE_WORD = '[^\\s;&|()<>`]+';
const CHMOD_MODE = new RegExp(`${namePattern('chmod')}((?:\\s+-\\S*)*)\\s+(${MODE_WORD})`, 'g');
const MODE_OPTION = new RegExp(`(?<![^\\s])(?:-[A-Za-z]*m\\s*|--mode(?:=|\\s+))(${MODE_WORD})`, 'g');
const INSTALL_OR_MKDIR = new RegExp(namePattern('install|mkdir'));
const modesByText = new WeakMap<RunText, string[]>();

/**
 * Every word a RUN may use as a file mode, for the mode rules' prefilters: the words after `chmod` up
 * to its first operand (`chmod -- -w+s f` has mode `-w+s`), and the value of `-m`/`--mode` when the
 * RUN runs install or mkdir. A superset of the modes {@link modeSettings} reads: wrappers, `find
 * -exec` and `xargs` all leave `chmod 4755` written as such.
 */
export function candidateModes(text: RunText): string[] {
  let modes = modesByText.get(text);
  if (!modes) {
    const { words } = text;
    modes = [];
    // Literal tests first: the patterns below are slower, and most RUNs set no mode.
    if (words.includes('chmod')) {
      for (const m of words.matchAll(CHMOD_MODE)) modes.push(...m[1]!.split(/\s+/).filter(Boolean), m[2]!);
    }
    if ((words.includes('install') || words.includes('mkdir')) && INSTALL_OR_MKDIR.test(words)) {
      for (const m of words.matchAll(MODE_OPTION)) modes.push(m[1]!);
    }
    modesByText.set(text, modes);
  }
  return modes;
}

/**
 * For each place `names` (a {@link namePattern}, global) matches in `text.words`: the words from there
 * to the end of that simple command, or with `pipeline` of its whole pipeline, unquoted as `words`
 * are. An option of a program can only be there, so `curl … && abuild-sign -k` does not read as
 * `curl -k`. The end is found in `raw`, where quotes still show which operators are text (`curl -H
 * "Accept: a; q=1" -k`); see {@link commandEnd}. Exec form is one command: to the end.
 */
export function commandsNamed(text: RunText, names: RegExp, pipeline = false): string[] {
  return [...text.words.matchAll(names)].map((m) => text.words.slice(m.index, wordsEnd(text, m.index + m[0].length, pipeline)));
}

/**
 * Where, in `text.words`, the simple command (or pipeline) ends whose program name ends at `after`.
 * See {@link commandsNamed}.
 */
export function wordsEnd(text: RunText, after: number, pipeline = false): number {
  const { words } = text;
  const map = text.exec ? undefined : rawIndexes(text);
  if (!map) return words.length;
  // Scanned from the first character after the name, past any quote closing the name itself.
  const rawEnd = commandEnd(text.raw, map[after]!, pipeline);
  let end = after;
  while (end < words.length && map[end]! < rawEnd) end++;
  return end;
}

/** Where the character at `at` of `text.words` is in `text.raw`; -1 if that cannot be told. */
export function rawOffset(text: RunText, at: number): number {
  return rawIndexes(text)?.[at] ?? -1;
}

const rawIndexMaps = new WeakMap<RunText, Int32Array | undefined>();

/**
 * For each character of `words`, its index in `raw` (and `raw.length` after the last): the same
 * deletions as make `words`, done one character at a time. Undefined if they ever disagree.
 */
function rawIndexes(text: RunText): Int32Array | undefined {
  if (rawIndexMaps.has(text)) return rawIndexMaps.get(text);
  const { raw, words } = text;
  let map: Int32Array | undefined = new Int32Array(words.length + 1);
  let n = 0;
  for (let i = 0; i < raw.length && n <= words.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      if (raw[i + 1] === '\n') i++;
      else if (raw[i + 1] === '\r' && raw[i + 2] === '\n') i += 2;
      continue;
    }
    if (c !== '"' && c !== "'") map[n++] = i;
  }
  if (n !== words.length) map = undefined;
  else map[n] = raw.length;
  rawIndexMaps.set(text, map);
  return map;
}

/**
 * Where the simple command (with `pipeline`: the pipeline) going on at `from` in `raw` ends: at the
 * first `;`, `&&`, `||`, `&`, `|` (not in a pipeline) or line break outside quotes, `$(…)`, `(…)` and
 * backticks. `2>&1` and `&>` are redirections; a pipeline goes on past a line break after a pipe.
 * Errs long, never short, so that a prefilter never loses a word of the command: parentheses count
 * even inside quotes, and the text is read twice, once with backslashes escaping the next character
 * and once ignoring them (in `sh -c "…"`, a `\"` is a quote of the inner script); the later end wins.
 */
export function commandEnd(raw: string, from: number, pipeline = false): number {
  return Math.max(scanCommand(raw, from, pipeline, true), scanCommand(raw, from, pipeline, false));
}

function scanCommand(raw: string, from: number, pipeline: boolean, escapes: boolean): number {
  let quote: string | undefined;
  let depth = 0;
  let backtick = false;
  for (let i = from; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') {
      if (escapes && quote !== "'") i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '`') backtick = !backtick;
    else if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (depth > 0 || backtick) continue;
    else if (c === ';' || c === '\n') return i;
    else if (c === '|') {
      if (raw[i + 1] === '|' || !pipeline) return i;
      if (raw[i + 1] === '&') i++;
      // A pipeline goes on past line breaks and comments after a pipe.
      while (/[\s#]/.test(raw[i + 1] ?? '')) i = raw[i + 1] === '#' ? lineEnd(raw, i + 1) - 1 : i + 1;
    } else if (c === '&' && raw[i - 1] !== '>' && raw[i - 1] !== '<' && raw[i + 1] !== '>') return i;
  }
  return raw.length;
}

function lineEnd(raw: string, from: number): number {
  const nl = raw.indexOf('\n', from);
  return nl < 0 ? raw.length : nl;
}

// ---------------------------------------------------------------------------------------------
// Commands

/** A command as run, wrappers (`sudo`, `xargs`, …) peeled off; `find -exec` commands included. */
export interface Invocation {
  command: ShellCommand;
  program: string | undefined;
  name: ShellWord | undefined;
  args: ShellWord[];
  wrappers: ShellWord[];
  /** Set for a command run by `find … -exec`: whether find selects directories only (`-type d`). */
  find: { directoriesOnly: boolean } | undefined;
}

/** Every command of the script, then the commands of each `find -exec/-execdir/-ok`. */
export function invocations(analysis: RunAnalysis): Invocation[] {
  const out: Invocation[] = [];
  for (const command of analysis.script.commands) {
    const e = effectiveCommand(command);
    out.push({ command, program: e.program, name: e.name, args: e.args, wrappers: e.wrappers, find: undefined });
    if (e.program === 'find') out.push(...findExecs(command, e.args));
  }
  return out;
}

const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);

function findExecs(command: ShellCommand, args: ShellWord[]): Invocation[] {
  const out: Invocation[] = [];
  const directoriesOnly = args.some((w, i) => w.value === '-type' && args[i + 1]?.value === 'd');
  for (let i = 0; i < args.length; i++) {
    if (!FIND_EXEC.has(args[i]!.value ?? '')) continue;
    let end = i + 1;
    while (end < args.length && args[end]!.value !== ';' && !(args[end]!.value === '+' && args[end - 1]?.value === '{}')) end++;
    const words = args.slice(i + 1, end);
    if (words.length > 0) {
      const e = effectiveCommand({ name: words[0], args: words.slice(1) });
      out.push({ command, program: e.program, name: e.name, args: e.args, wrappers: e.wrappers, find: { directoriesOnly } });
    }
    i = end;
  }
  return out;
}

/** The program name of a word (`/usr/bin/curl` → `curl`), or undefined when dynamic. */
export function programOf(word: ShellWord | undefined): string | undefined {
  const v = word?.value;
  return v ? v.slice(v.lastIndexOf('/') + 1) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Options

/** How a command reads its options. */
export interface OptionSpec {
  /** Short options that take a value (`-m 755`, `-m755`, `-Dm755`). */
  shortValue?: string;
  /** Long options that take a value (`--mode 755` as well as `--mode=755`). */
  longValue?: readonly string[];
  /** Options end at the first operand (POSIX), instead of anywhere before `--` (GNU). */
  posix?: boolean;
}

/** A part of a word: the whole word, or a slice of its (unquoted, plain) text. */
export interface WordPart {
  word: ShellWord;
  text: string;
  /** Offset of `text` in `word.value`. */
  from: number;
}

export type Arg =
  | { kind: 'short'; letter: string; word: ShellWord; at: number; value: WordPart | undefined }
  | { kind: 'long'; name: string; word: ShellWord; value: WordPart | undefined }
  | { kind: 'operand'; word: ShellWord };

/**
 * Reads arguments getopt-style. Dynamic words are operands; a value-taking option swallows the rest
 * of its cluster or the next word.
 */
export function readArgs(args: readonly ShellWord[], spec: OptionSpec = {}): Arg[] {
  const out: Arg[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const v = word.value;
    if (!options || v === undefined || v === '-' || !v.startsWith('-')) {
      out.push({ kind: 'operand', word });
      if (spec.posix) options = false;
      continue;
    }
    if (v === '--') {
      options = false;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = v.slice(2, eq < 0 ? undefined : eq);
      let value: WordPart | undefined;
      if (eq >= 0) value = { word, text: v.slice(eq + 1), from: eq + 1 };
      else if (spec.longValue?.includes(name) && i + 1 < args.length) value = whole(args[++i]!);
      out.push({ kind: 'long', name, word, value });
      continue;
    }
    for (let k = 1; k < v.length; k++) {
      const letter = v[k]!;
      if (spec.shortValue?.includes(letter)) {
        let value: WordPart | undefined;
        if (k + 1 < v.length) value = { word, text: v.slice(k + 1), from: k + 1 };
        else if (i + 1 < args.length) value = whole(args[++i]!);
        out.push({ kind: 'short', letter, word, at: k, value });
        break;
      }
      out.push({ kind: 'short', letter, word, at: k, value: undefined });
    }
  }
  return out;
}

/** curl's options that take a value, so `-H "X-k: 1"` is not read as `-k`. */
export const CURL_OPTIONS: OptionSpec = {
  shortValue: 'AbcCdDeEFHKmoPQrtTuUwxXyYz',
  longValue: ['output', 'url', 'header', 'user-agent', 'data', 'request', 'user', 'proxy', 'cookie', 'referer', 'max-time', 'connect-timeout', 'retry', 'config', 'write-out', 'cacert', 'cert', 'form', 'output-dir'],
};

function whole(word: ShellWord): WordPart {
  return { word, text: word.value ?? word.text, from: 0 };
}

/** True when `args` has short option `letter` or long option `long`. */
export function hasOption(args: readonly Arg[], letter: string | undefined, long?: string): boolean {
  return args.some((a) => (a.kind === 'short' && a.letter === letter) || (a.kind === 'long' && a.name === long));
}

// ---------------------------------------------------------------------------------------------
// Ranges

/** The Dockerfile range of a word. */
export function wordRange(analysis: RunAnalysis, word: ShellWord): Range {
  return analysis.toRange(word.start, word.end);
}

/**
 * The range of part of a word (`k` in `-fsSLk`, `4755` in `-m4755`) when the word is written plainly
 * or wholly inside one pair of quotes; the whole word when escapes make character positions differ.
 */
export function partRange(analysis: RunAnalysis, word: ShellWord, from: number, to: number): Range {
  const v = word.value;
  if (v === undefined || word.end - word.start !== word.text.length) return wordRange(analysis, word);
  const offset = word.text === v ? 0 : word.text === `'${v}'` || word.text === `"${v}"` ? 1 : -1;
  return offset < 0 ? wordRange(analysis, word) : analysis.toRange(word.start + offset + from, word.start + offset + to);
}

/** The range of a word part from {@link readArgs}. */
export function valueRange(analysis: RunAnalysis, part: WordPart): Range {
  return part.from === 0 && part.text.length === (part.word.value ?? part.word.text).length
    ? wordRange(analysis, part.word)
    : partRange(analysis, part.word, part.from, part.from + part.text.length);
}

/** From a command's (unwrapped) name to its last argument: `setcap …` in `sudo setcap … || true`. */
export function invocationRange(analysis: RunAnalysis, inv: Invocation): Range {
  const first = inv.name ?? inv.command;
  const last = inv.args[inv.args.length - 1] ?? first;
  return analysis.toRange(first.start, last.end);
}

/** From the start of one range to the end of another. */
export function spanRange(first: Range, last: Range): Range {
  return { start: first.start, end: last.end };
}

// ---------------------------------------------------------------------------------------------
// File modes

/** What a mode does to the bits the security rules care about. */
export interface ModeEffect {
  setuid: BitChange;
  setgid: BitChange;
  sticky: BitChange;
  /** Write permission for others (`o+w`). */
  otherWrite: BitChange;
}

export type BitChange = 'set' | 'cleared' | 'unchanged';

const OCTAL = /^[0-7]{1,5}$/;
const CLAUSE = /^([ugoa]*)((?:[-+=](?:[rwxXst]*|[ugo]))+)$/;

/**
 * The effect of a chmod mode, octal (`4755`, `06755`) or symbolic (`u+s,g-w`, `a=rwx,o+t`).
 * Undefined when it is not a valid mode. With no `ugoa` letter, `rwx` follow the umask, which in a
 * build is 022, so `+w` never gives others write permission; `s` and `t` ignore the umask.
 */
export function modeEffect(mode: string): ModeEffect | undefined {
  if (OCTAL.test(mode)) {
    const bits = parseInt(mode, 8);
    const bit = (mask: number): BitChange => (bits & mask ? 'set' : 'cleared');
    return { setuid: bit(0o4000), setgid: bit(0o2000), sticky: bit(0o1000), otherWrite: bit(0o002) };
  }
  const effect: ModeEffect = { setuid: 'unchanged', setgid: 'unchanged', sticky: 'unchanged', otherWrite: 'unchanged' };
  for (const clause of mode.split(',')) {
    const m = CLAUSE.exec(clause);
    if (!m) return undefined;
    const who = m[1]!;
    const all = who === '' || who.includes('a');
    const u = all || who.includes('u');
    const g = all || who.includes('g');
    const o = who.includes('o') || who.includes('a');
    for (const op of m[2]!.match(/[-+=][^-+=]*/g) ?? []) {
      const perms = op.slice(1);
      if (/^[ugo]$/.test(perms)) continue; // copying another class's bits: not tracked
      const change = (has: boolean, current: BitChange): BitChange => {
        if (op[0] === '=') return has ? 'set' : 'cleared';
        if (!has) return current;
        return op[0] === '+' ? 'set' : 'cleared';
      };
      if (u) effect.setuid = change(perms.includes('s'), effect.setuid);
      if (g) effect.setgid = change(perms.includes('s'), effect.setgid);
      if (o || who === '') effect.sticky = change(perms.includes('t'), effect.sticky);
      if (o) effect.otherWrite = change(perms.includes('w'), effect.otherWrite);
      else if (who === '' && op[0] === '=') effect.otherWrite = 'cleared';
    }
  }
  return effect;
}

/** A place where a RUN command sets a file mode. */
export interface ModeSetting {
  tool: 'chmod' | 'install' | 'mkdir';
  /** The mode as written, e.g. `4755` or `u+s`. */
  mode: string;
  /** Where the mode is: a whole word, or part of one (`-m4755`, `--mode=4755`). */
  part: WordPart;
  /** The files or directories it applies to, as written. */
  targets: ShellWord[];
  recursive: boolean;
  /** The targets are certainly directories (mkdir, install -d, find -type d, a trailing `/`). */
  directories: boolean;
  invocation: Invocation;
}

const CHMOD_SPEC: OptionSpec = { longValue: [] };
const INSTALL_SPEC: OptionSpec = { shortValue: 'gmoStZ', longValue: ['group', 'mode', 'owner', 'suffix', 'target-directory', 'strip-program'] };
const MKDIR_SPEC: OptionSpec = { shortValue: 'mZ', longValue: ['mode'] };

/** Every mode set by `chmod`, `install -m` or `mkdir -m` in a RUN (through sudo, xargs, find -exec). */
export function modeSettings(analysis: RunAnalysis): ModeSetting[] {
  const out: ModeSetting[] = [];
  for (const inv of invocations(analysis)) {
    const setting =
      inv.program === 'chmod' ? chmodSetting(inv) : inv.program === 'install' || inv.program === 'mkdir' ? modeOption(inv, inv.program) : undefined;
    if (setting) out.push(setting);
  }
  return out;
}

function chmodSetting(inv: Invocation): ModeSetting | undefined {
  // Symbolic modes may start with `-` (`chmod -w f`): they only clear bits, so reading them as
  // options loses nothing these rules report.
  const args = readArgs(inv.args, CHMOD_SPEC);
  if (args.some((a) => a.kind === 'long' && a.name === 'reference')) return undefined;
  const operands = args.filter((a) => a.kind === 'operand').map((a) => a.word);
  const modeWord = operands[0];
  if (!modeWord?.value) return undefined;
  const targets = operands.slice(1);
  const recursive = hasOption(args, 'R', 'recursive');
  const directories = inv.find?.directoriesOnly === true || (targets.length > 0 && targets.every((t) => t.value?.endsWith('/') === true));
  return { tool: 'chmod', mode: modeWord.value, part: whole(modeWord), targets, recursive, directories, invocation: inv };
}

function modeOption(inv: Invocation, tool: 'install' | 'mkdir'): ModeSetting | undefined {
  const args = readArgs(inv.args, tool === 'install' ? INSTALL_SPEC : MKDIR_SPEC);
  const option = args.find((a) => (a.kind === 'short' && a.letter === 'm') || (a.kind === 'long' && a.name === 'mode'));
  const part = option && option.kind !== 'operand' ? option.value : undefined;
  if (!part || part.word.value === undefined) return undefined;
  const operands = args.filter((a) => a.kind === 'operand').map((a) => a.word);
  const targetDir = args.find((a) => (a.kind === 'short' && a.letter === 't') || (a.kind === 'long' && a.name === 'target-directory'));
  const makesDirs = tool === 'mkdir' || hasOption(args, 'd', 'directory');
  let targets = operands;
  if (!makesDirs) targets = targetDir && targetDir.kind !== 'operand' ? operands : operands.slice(-1);
  return { tool, mode: part.text, part, targets, recursive: false, directories: makesDirs, invocation: inv };
}

/**
 * Whether the mode never reaches the image: every target is deleted by a later `rm -r` of the same
 * RUN, itself or a parent folder (`tmp="$(mktemp -d)" && chmod 777 "$tmp" && … && rm -rf "$tmp"`),
 * or lies under /dev, /proc or /sys.
 */
export function removedLater(analysis: RunAnalysis, setting: ModeSetting): boolean {
  if (setting.targets.length === 0) return false;
  // /dev, /proc and /sys belong to the build container, not to the image.
  if (setting.targets.every((t) => /^\/(?:dev|proc|sys)\//.test(t.value ?? ''))) return true;
  const removed: string[] = [];
  for (const command of analysis.script.commands) {
    if (command.index <= setting.invocation.command.index) continue;
    const e = effectiveCommand(command);
    if (e.program !== 'rm') continue;
    const args = readArgs(e.args);
    if (hasOption(args, 'r', 'recursive') || hasOption(args, 'R')) for (const a of args) if (a.kind === 'operand') removed.push(pathKey(a.word));
  }
  return setting.targets.every((t) => {
    const key = pathKey(t);
    return removed.some((r) => key === r || key.startsWith(r.endsWith('/') ? r : `${r}/`));
  });
}

/** A path as written, with quotes dropped and `${x}` read as `$x`, so `"$tmp"` matches `${tmp}`. */
function pathKey(word: ShellWord): string {
  return word.text.replace(/["']/g, '').replace(/\$\{(\w+)\}/g, '$$$1').replace(/\/+$/, '') || '/';
}

/** Up to three targets for a message: `/a, /b and 2 more`. */
export function describeTargets(targets: readonly ShellWord[]): string {
  const names = targets.map((t) => t.value ?? t.text);
  if (names.length === 0) return 'the files it is given';
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/**
 * The mode of `COPY --chmod=…`/`ADD --chmod=…` with the flag's range. An ARG in it gives its
 * default, what a plain build uses.
 */
export function chmodFlag(ins: InstructionModel): { mode: string; range: Range } | undefined {
  const flag = ins.flags.find((f) => f.flag.name === 'chmod');
  if (!flag?.flag.value || flag.expansion.error) return undefined;
  return { mode: flag.expansion.value, range: flag.flag.range };
}
