// What pre-commit does with a hook from .pre-commit-hooks.yaml, without pre-commit: which staged files
// it passes to the hook, and how it runs the hook's entry. pre-commit itself is not needed (nor
// installed) for the tests; this follows its behaviour:
//   - the files are `git diff --staged --name-only --no-ext-diff -z --diff-filter=ACMRTUXB` (staged,
//     not deleted), relative to the repository root with `/` separators;
//   - a file is passed when the hook's `files` pattern matches (Python's re.search) and `exclude` does
//     not, and its identify tags satisfy `types` (all of them), `types_or` (any) and `exclude_types`;
//   - the command is shlex.split(entry) + args + the file names, run from the repository root; a hook
//     with no matching files is skipped, unless `always_run`.
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO, runDrydock, type RunResult } from '../cli/helpers.js';

/** The keys pre-commit's manifest schema (MANIFEST_HOOK_DICT) knows; it warns about any other. */
export const MANIFEST_KEYS = [
  'id',
  'name',
  'entry',
  'language',
  'alias',
  'files',
  'exclude',
  'types',
  'types_or',
  'exclude_types',
  'additional_dependencies',
  'args',
  'always_run',
  'fail_fast',
  'pass_filenames',
  'description',
  'language_version',
  'log_file',
  'minimum_pre_commit_version',
  'require_serial',
  'stages',
  'verbose',
] as const;

export const REQUIRED_KEYS = ['id', 'name', 'entry', 'language'] as const;

export interface ManifestHook {
  id: string;
  name: string;
  entry: string;
  language: string;
  description?: string;
  files?: string;
  exclude?: string;
  types?: string[];
  types_or?: string[];
  exclude_types?: string[];
  args?: string[];
  always_run?: boolean;
  pass_filenames?: boolean;
  require_serial?: boolean;
  minimum_pre_commit_version?: string;
  [key: string]: unknown;
}

export const HOOKS_FILE = join(REPO, '.pre-commit-hooks.yaml');

export function loadHooks(): ManifestHook[] {
  const hooks: unknown = parse(readFileSync(HOOKS_FILE, 'utf8'));
  if (!Array.isArray(hooks)) throw new Error(`${HOOKS_FILE}: expected a list of hooks`);
  return hooks as ManifestHook[];
}

export function hook(id: string): ManifestHook {
  const found = loadHooks().find((h) => h.id === id);
  if (!found) throw new Error(`${HOOKS_FILE} has no hook '${id}'`);
  return found;
}

/**
 * A Python `re` pattern as a JavaScript RegExp, for the subset both read alike. Leading global flags
 * (`(?i)`, also `(?s)`, `(?m)`) become RegExp flags; Python-only syntax is refused rather than
 * silently misread.
 */
export function pythonRegex(pattern: string): RegExp {
  let flags = '';
  let body = pattern;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(body);
  if (leading) {
    for (const flag of leading[1]!) {
      if (flag === 'i' || flag === 's' || flag === 'm') flags += flag;
      else throw new Error(`unsupported Python regex flag (?${flag}) in ${pattern}`);
    }
    body = body.slice(leading[0].length);
  }
  for (const pythonOnly of [/\(\?P[<=]/, /\\[AZ]/, /\(\?#/, /\(\?<(?![=!])/, /\(\?[a-zA-Z]+[):]/]) {
    if (pythonOnly.test(body)) throw new Error(`Python-only regex syntax ${pythonOnly} in ${pattern}`);
  }
  return new RegExp(body, flags);
}

/** shlex.split for what entries hold: words, single and double quotes, backslash escapes. */
export function shlexSplit(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error(`no closing quotation in ${command}`);
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '\\' && j + 1 < command.length && '"\\$`'.includes(command[j + 1]!)) j++;
        text += command[j];
      }
      if (j >= command.length) throw new Error(`no closing quotation in ${command}`);
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\' && i + 1 < command.length) {
      word = (word ?? '') + command[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Runs git in `cwd`, away from the user's and the system's git configuration. */
export function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** The staged files pre-commit considers for a commit (`git diff --staged`, deletions left out). */
export function stagedFiles(repo: string): string[] {
  return git(repo, ['diff', '--staged', '--name-only', '--no-ext-diff', '-z', '--diff-filter=ACMRTUXB'])
    .split('\0')
    .filter((name) => name !== '');
}

/** identify's tags, as far as the hooks use them: `file` for a regular file (a symlink is `symlink`). */
function tagsOf(path: string): Set<string> {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return new Set(['symlink']);
  if (stat.isDirectory()) return new Set(['directory']);
  if (stat.isFile()) return new Set(['file']);
  return new Set(['socket']);
}

const KNOWN_TAGS = new Set(['file', 'symlink', 'directory']);

/** The files pre-commit passes to `hook` out of `names` (paths relative to `repo`). */
export function filterFiles(repo: string, hookDef: ManifestHook, names: string[]): string[] {
  const include = pythonRegex(hookDef.files ?? '');
  const exclude = pythonRegex(hookDef.exclude ?? '^$');
  const types = hookDef.types ?? ['file'];
  const typesOr = hookDef.types_or ?? [];
  const excludeTypes = hookDef.exclude_types ?? [];
  for (const tag of [...types, ...typesOr, ...excludeTypes]) {
    if (!KNOWN_TAGS.has(tag)) throw new Error(`the emulation does not know the identify tag '${tag}'`);
  }
  return names.filter((name) => {
    if (!include.test(name) || exclude.test(name)) return false;
    const tags = tagsOf(join(repo, name));
    if (!types.every((t) => tags.has(t))) return false;
    if (typesOr.length > 0 && !typesOr.some((t) => tags.has(t))) return false;
    return !excludeTypes.some((t) => tags.has(t));
  });
}

/** The files pre-commit would pass to `hook` for a commit of what is staged in `repo`. */
export function selectStaged(repo: string, hookDef: ManifestHook): string[] {
  return filterFiles(repo, hookDef, stagedFiles(repo));
}

/**
 * Runs a `language: node` hook's entry as pre-commit would, from the repository root: the hook's
 * environment has the package's bins on PATH, so `drydock` is this repository's built bin. `args`
 * stands for `args:` in the user's .pre-commit-config.yaml (it replaces the manifest's). Resolves to
 * undefined when pre-commit would skip the hook (no files).
 */
export async function runNodeHook(
  repo: string,
  hookDef: ManifestHook,
  files: string[],
  args?: string[],
): Promise<(RunResult & { argv: string[] }) | undefined> {
  if (hookDef.language !== 'node') throw new Error(`hook ${hookDef.id} is not a node hook`);
  if (files.length === 0 && !hookDef.always_run) return undefined;
  const [command, ...entryArgs] = shlexSplit(hookDef.entry);
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  if (command === undefined || !(command in pkg.bin)) {
    throw new Error(`the entry '${hookDef.entry}' does not start with one of the package's bins (${Object.keys(pkg.bin).join(', ')})`);
  }
  if (pkg.bin[command] !== 'dist/drydock.js') throw new Error(`bin ${command} is ${pkg.bin[command]}, not the built CLI`);
  const argv = [...entryArgs, ...(args ?? hookDef.args ?? []), ...(hookDef.pass_filenames === false ? [] : files)];
  const result = await runDrydock(argv, { cwd: repo });
  return { ...result, argv };
}
