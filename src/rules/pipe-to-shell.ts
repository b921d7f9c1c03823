import type { InstructionModel } from '../dockerfile/model.js';
import { effectiveCommand, isPosixShell, type ShellCommand, type ShellWord } from '../dockerfile/shell.js';
import { defineRule, type DockerfileContext } from '../engine/rule.js';
import { COMMAND_START, commandPattern, commandsNamed, CURL_OPTIONS, namePattern, readArgs, runText, wordsEnd, type OptionSpec, type RunText } from './shell-helpers.js';

// Prefilter (see shell-helpers): the check reports a downloader writing to stdout whose pipeline
// runs on into an interpreter reading stdin, or a download inside `$(…)`, backticks or `<(…)` that
// a runner's command holds, or that is run as a command itself.

const DOWNLOADERS = namePattern('curl|wget|fetch|https?|xh');
const DOWNLOADER = new RegExp(DOWNLOADERS, 'g');
/** The names alone: a faster first test. */
const ANY_DOWNLOADER = /curl|wget|fetch|http|xh/;
/** Interpreters that can read a script on stdin (see interpreterInput). */
const INTERPRETERS = 'sh|bash|dash|zsh|ksh|ash|mksh|busybox-sh|fish|csh|tcsh|python[\\d.]*|pypy3?|perl|ruby|node(?:js)?|php[\\d.]*';
/**
 * A pipe (not `||`; `|&` too) into an interpreter, maybe behind `NAME=value`, wrappers and a path,
 * or into a subshell or brace group, which the check follows into.
 */
const PIPED = new RegExp(`(?<!\\|)\\|(?!\\|)&?\\s*(?:\\((?!\\))|\\{(?=\\s)|${commandPattern(INTERPRETERS)})`);
const OPENER = '(?:\\$\\(|`|<\\()';
/** Commands that run a substitution in their arguments: `sh -c "$(curl …)"`, `bash <(curl …)`, `eval`, `su -c`. */
const RUNNER = new RegExp(namePattern(`${INTERPRETERS}|eval|su|runuser`), 'g');
const SUBSTITUTED = new RegExp(`${OPENER}[\\s\\S]*?${DOWNLOADERS}`, 'g');
/**
 * A substitution run as the command (`$(curl …)`), or `source <(curl …)`, `. <(curl …)`: the opener
 * found first, what stands before it checked after (the other way round is ten times slower).
 */
const RUN_OR_SOURCED = new RegExp(`${OPENER}(?<=(?:${COMMAND_START}(?:\\w+=\\S*\\s+)*|${namePattern('source|\\.')}\\s+)${OPENER})[\\s\\S]*?${DOWNLOADERS}`);

/** Whether the RUN may pipe or substitute a download into something that runs it. */
export function mayRunDownload(text: RunText): boolean {
  const { words } = text;
  // Each structural test runs only if its shape is in the text at all.
  if (!ANY_DOWNLOADER.test(words)) return false;
  if (PIPED.test(words) && commandsNamed(text, DOWNLOADER, true).some((pipeline) => PIPED.test(pipeline))) return true;
  let next = substitutedFrom(words, 0);
  if (!next) return false;
  if (RUN_OR_SOURCED.test(words)) return true;
  // A runner's command must hold a substitution with a download in it. The first such after the
  // runner decides: a later opener has no earlier download.
  for (const m of words.matchAll(RUNNER)) {
    const after = m.index + m[0].length;
    if (next.index < after) next = substitutedFrom(words, after);
    if (!next) return false;
    if (next.index + next[0].length <= wordsEnd(text, after)) return true;
  }
  return false;
}

/** The first opener (`$(`, backtick, `<(`) with a download after it, from `from` on. */
function substitutedFrom(words: string, from: number): RegExpExecArray | null {
  SUBSTITUTED.lastIndex = from;
  return SUBSTITUTED.exec(words);
}

const messages = {
  piped: (downloader: string, interpreter: string) =>
    `\`${downloader}\` output is piped into \`${interpreter}\`: whatever the server (or anyone on the way) sends runs at once, unreviewed and unverified, and a dropped connection can run half a script. Download to a file, check it against a pinned SHA-256 (\`echo "<sha256>  install.sh" | sha256sum -c\`), then run it; or install from a package manager or a pinned release.`,
  substituted: (downloader: string, interpreter: string) =>
    `\`${downloader}\` output is run by ${interpreter}: whatever the server (or anyone on the way) sends runs at once, unreviewed and unverified. Download to a file, check it against a pinned SHA-256 (\`sha256sum -c\`), then run it; or install from a package manager or a pinned release.`,
};

export default defineRule({
  meta: {
    id: 'pipe-to-shell',
    title: 'Downloaded script piped into a shell or interpreter',
    severity: 'warning',
    securitySeverity: 7,
    tags: ['security', 'supply-chain'],
    sources: [],
    fixable: false,
    docs: {
      description:
        'Reports RUN commands that run what `curl`, `wget`, `fetch` or HTTPie download without saving it first: piped into `sh`, `bash`, `zsh`, `python`, `perl`, `ruby`, `node` or `php` reading the program from stdin (also through `sudo`, `tee` or `gunzip` in between, and as `bash -s --`, `sh -`, `python3 -`), or run through `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(curl …)"` and `source <(curl …)`. Continuation lines, heredocs, `sh -c` strings, exec form and ONBUILD are all read. Piping into a program that reads data (`tar`, `jq`, `python3 -c \'…\'`) or downloading to a file and running it later is not reported.',
      rationale:
        'A piped script runs as soon as its bytes arrive, as root in most builds. Nothing checks that it is the script you reviewed: a compromised or hijacked server, a changed "latest" installer or a mis-issued certificate changes what your image contains, and the build log shows nothing. A download cut short can even run a truncated script. Save the file, verify it against a checksum or signature pinned in the Dockerfile, then run it; better, use a package or a pinned release artifact.',
      incorrect: [
        { code: 'FROM debian:12\nRUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -\n' },
        { code: 'FROM python:3.12-slim\nRUN python3 -c "$(wget -qO- https://example.com/bootstrap.py)"\n', note: 'A command substitution fed to an interpreter.' },
      ],
      correct: [
        {
          code: 'FROM debian:12\nARG INSTALL_SHA256=0d2f7a9b9e5f3c1a4b6d8e0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo "${INSTALL_SHA256}  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh && rm /tmp/install.sh\n',
          note: 'Download, verify, then run.',
        },
        { code: 'FROM alpine:3.20\nRUN wget -qO- https://example.com/tool-1.2.3.tar.gz | tar -xz -C /usr/local/bin\n', note: 'Piping into tar unpacks data; it runs nothing.' },
      ],
    },
    messages,
  },
  dockerfile: (ctx) => ({
    RUN: (ins) => {
      if (mayRunDownload(runText(ins))) check(ctx, ins);
    },
  }),
});

function check(ctx: DockerfileContext, ins: InstructionModel): void {
  const analysis = ctx.shell(ins);
  if (!analysis) return;
  const { commands, pipelines } = analysis.script;
  const done = new Set<ShellCommand>();
  for (const pipeline of pipelines) {
    const from = pipeline.findIndex((c) => downloaderToStdout(c) !== undefined);
    if (from < 0) continue;
    const to = pipeline.findIndex((c, i) => i > from && interpreterInput(c)?.kind === 'stdin');
    if (to < 0 || !connected(pipeline.slice(from, to + 1))) continue;
    const [downloader, interpreter] = [pipeline[from]!, pipeline[to]!];
    done.add(downloader);
    ctx.report({
      range: analysis.toRange(downloader.start, interpreter.end),
      message: messages.piped(describeDownload(downloader), programName(interpreter)),
      subject: `${programName(downloader)} | ${programName(interpreter)}`,
    });
  }
  for (const downloader of commands) {
    if (done.has(downloader) || !downloader.context.some((c) => c === 'substitution' || c === 'process-substitution')) continue;
    if (downloaderToStdout(downloader) === undefined) continue;
    const runner = runnerOf(commands, downloader);
    if (!runner) continue;
    const label = runner.name?.value === undefined ? 'the shell as a command' : `\`${programName(runner)}\``;
    ctx.report({
      range: analysis.toRange(runner.start, runner.end),
      message: messages.substituted(describeDownload(downloader), label),
      subject: `${programName(runner)} $(${programName(downloader)})`,
    });
  }
}

/**
 * Whether each stage feeds the next through a pipe. `pipelines` may also hold the commands of an
 * `&&` list left of a redirected stage (`a && curl u 2>/dev/null | sh` lists `a`), so a member
 * counts only if the pipe reaches it, directly or inside a compound stage (`curl | (cd x && sh)`).
 */
function connected(stages: ShellCommand[]): boolean {
  const base = Math.min(...stages.map((c) => c.context.length));
  return stages.every((c, i) => {
    const next = stages[i + 1];
    return !next || c.pipeTo === next.index || c.context.length > base || next.context.length > base;
  });
}

// ---------------------------------------------------------------------------------------------
// Downloaders

const WGET: OptionSpec = { shortValue: 'aABDeiIlOoPQRtTUwX', longValue: ['output-document', 'output-file', 'append-output', 'execute', 'input-file', 'tries', 'timeout', 'wait', 'user-agent', 'header', 'directory-prefix'] };
const FETCH: OptionSpec = { shortValue: 'BiNoSTw', longValue: ['output'] };
const HTTPIE: OptionSpec = { shortValue: 'aAopv', longValue: ['output', 'auth', 'auth-type', 'print', 'verify', 'cert'] };

/** The downloader's name when the command writes a download to stdout (not to a file). */
function downloaderToStdout(command: ShellCommand): string | undefined {
  if (command.redirects.some((r) => /^>|^&>/.test(r.operator) && (r.fd ?? 1) === 1)) return undefined;
  const { program, args } = effectiveCommand(command);
  const output = (spec: OptionSpec, short: string, long: string) =>
    readArgs(args, spec).find((a) => (a.kind === 'short' && a.letter === short) || (a.kind === 'long' && a.name === long));
  const toStdout = (spec: OptionSpec, short: string, long: string, byDefault: boolean): boolean => {
    const o = output(spec, short, long);
    if (!o || o.kind === 'operand') return byDefault;
    return o.value?.text === '-' || o.value?.text === '/dev/stdout';
  };
  switch (program) {
    case 'curl': {
      const parsed = readArgs(args, CURL_OPTIONS);
      if (parsed.some((a) => (a.kind === 'short' && (a.letter === 'O' || a.letter === 'J')) || (a.kind === 'long' && (a.name === 'remote-name' || a.name === 'remote-name-all')))) return undefined;
      return toStdout(CURL_OPTIONS, 'o', 'output', true) ? program : undefined;
    }
    case 'wget':
      return toStdout(WGET, 'O', 'output-document', false) ? program : undefined;
    case 'fetch':
      return toStdout(FETCH, 'o', 'output', false) ? program : undefined;
    case 'http':
    case 'https':
    case 'xh':
      if (readArgs(args, HTTPIE).some((a) => (a.kind === 'short' && a.letter === 'd') || (a.kind === 'long' && a.name === 'download'))) return undefined;
      return toStdout(HTTPIE, 'o', 'output', true) ? program : undefined;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Interpreters

type Input = { kind: 'stdin' } | { kind: 'string' | 'file'; word: ShellWord };

const SHELLS = new Set(['fish', 'csh', 'tcsh']);
const PYTHON = /^(?:python[\d.]*|pypy3?)$/;
const PHP = /^php[\d.]*$/;

/** Where an interpreter reads its program from; undefined for other commands. */
function interpreterInput(command: Pick<ShellCommand, 'name' | 'args'>): Input | undefined {
  const { program, args, wrappers } = effectiveCommand(command);
  // `… | xargs sh`: xargs turns its input into arguments; the shell's stdin is not the download.
  if (!program || wrappers.some((w) => w.value?.endsWith('xargs'))) return undefined;
  if (isPosixShell(program) || SHELLS.has(program)) return scan(args, { inline: 'c', stdin: 's', value: 'oO', longValue: ['--rcfile', '--init-file'] });
  if (PYTHON.test(program)) return scan(args, { inline: 'cm', value: 'WXQ' });
  if (program === 'perl') return scan(args, { inline: 'eE', value: '' });
  if (program === 'ruby') return scan(args, { inline: 'e', value: 'rICEF' });
  if (program === 'node' || program === 'nodejs') return scan(args, { inline: 'ep', value: 'r', inlineLong: ['--eval', '--print'], longValue: ['--require', '--import', '--loader'] });
  if (PHP.test(program)) return scan(args, { inline: 'rRBE', file: 'f', value: 'cdz', dashDashIsStdin: true });
  if (program === 'source' || program === '.' || program === 'eval') return args[0] ? { kind: program === 'eval' ? 'string' : 'file', word: args[0] } : undefined;
  return undefined;
}

interface ScanSpec {
  /** Options whose value is the program text (`-c`, `-e`). */
  inline: string;
  /** Options making the interpreter read stdin whatever follows (`sh -s`). */
  stdin?: string;
  /** Options whose value is the program file (`php -f`). */
  file?: string;
  /** Other options taking a value. */
  value: string;
  inlineLong?: string[];
  longValue?: string[];
  /** `php -- args`: `--` ends options and the program still comes from stdin. */
  dashDashIsStdin?: boolean;
}

/** Reads an interpreter's options up to its program: an inline string, a file operand, or stdin. */
function scan(args: ShellWord[], spec: ScanSpec): Input | undefined {
  let readsStdin = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const v = word.value;
    if (v === undefined) return { kind: 'file', word };
    if (v === '-' || v === '/dev/stdin' || v === '/proc/self/fd/0') return { kind: 'stdin' };
    if (v === '--') {
      if (spec.dashDashIsStdin) return { kind: 'stdin' };
      const next = args[i + 1];
      return next && !readsStdin ? { kind: 'file', word: next } : { kind: 'stdin' };
    }
    if (v.startsWith('--')) {
      const name = v.split('=')[0]!;
      if (spec.inlineLong?.includes(name)) return args[i + 1] || v.includes('=') ? { kind: 'string', word: v.includes('=') ? word : args[i + 1]! } : undefined;
      if (spec.longValue?.includes(name) && !v.includes('=')) i++;
      continue;
    }
    if (!/^[-+][A-Za-z0-9]/.test(v)) return readsStdin ? { kind: 'stdin' } : { kind: 'file', word };
    if (v.startsWith('+')) continue;
    for (let k = 1; k < v.length; k++) {
      const letter = v[k]!;
      const attached = k + 1 < v.length;
      if (spec.inline.includes(letter)) {
        const text = attached ? word : args[i + 1];
        return text ? { kind: 'string', word: text } : undefined;
      }
      if (spec.file?.includes(letter)) {
        const file = attached ? word : args[i + 1];
        return file ? { kind: 'file', word: file } : undefined;
      }
      if (spec.stdin?.includes(letter)) readsStdin = true;
      if (spec.value.includes(letter)) {
        if (!attached) i++;
        break;
      }
    }
  }
  return { kind: 'stdin' };
}

/**
 * The command that runs a substituted download: `$(curl …)` as a command name, `sh -c "$(curl …)"`,
 * `python3 -c "$(curl …)"`, `eval "$(curl …)"`, `bash <(curl …)`, `source <(curl …)`. Widened to an
 * enclosing `sh -c` whose string holds it, so the finding covers the whole command.
 */
function runnerOf(commands: ShellCommand[], downloader: ShellCommand): ShellCommand | undefined {
  const inside = (w: { start: number; end: number }, c: { start: number; end: number }) => w.start <= c.start && c.end <= w.end;
  const holder = (c: ShellCommand) => [c.name, ...c.args, ...c.assignments.map((a) => a.value)].find((w) => w && inside(w, downloader));
  let container: ShellCommand | undefined;
  for (let i = downloader.index - 1; i >= 0 && !container; i--) if (holder(commands[i]!)) container = commands[i];
  if (!container) return undefined;
  const word = holder(container)!;
  const input = interpreterInput(container);
  const viaProcess = downloader.context.lastIndexOf('process-substitution') > downloader.context.lastIndexOf('substitution');
  const runs =
    word === container.name ||
    (input?.kind === 'string' && input.word === word && !viaProcess) ||
    (input?.kind === 'file' && input.word === word && viaProcess);
  if (!runs) return undefined;
  let runner = container;
  for (let i = runner.index - 1; i >= 0; i--) {
    const outer = commands[i]!;
    const outerInput = interpreterInput(outer);
    if (outerInput?.kind === 'string' && inside(outerInput.word, runner)) runner = outer;
  }
  return runner;
}

/** `curl https://get.example.com`: the downloader and the URL it fetches, when one is written. */
function describeDownload(command: ShellCommand): string {
  const url = effectiveCommand(command).args.find((w) => (w.value ?? w.text).includes('://'));
  return url ? `${programName(command)} ${url.value ?? url.text}` : programName(command);
}

function programName(command: ShellCommand): string {
  const e = effectiveCommand(command);
  return e.program ?? e.name?.text ?? command.name?.text ?? 'command';
}
