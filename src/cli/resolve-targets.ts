import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  DOCKERFILE_NAME_PATTERNS,
  DiscoveryError,
  expandGlob,
  findDockerfiles,
  isGlobPattern,
} from '../engine/discover.js';
import { CliError, UsageError, fsError } from './errors.js';

/** One input to lint. `name` is how reports and errors spell it. */
export type LintTarget = { kind: 'file'; path: string; name: string } | { kind: 'stdin'; name: string };

const LOOKED_FOR = `looked for ${DOCKERFILE_NAME_PATTERNS.join(', ')}`;

/**
 * Turns command-line arguments into files: plain files as given, folders searched for Dockerfiles,
 * globs expanded, `-` for stdin, nothing for the current folder. A file reached twice is linted once.
 * Every argument must yield something; otherwise it is an input error naming the argument.
 */
export async function resolveLintTargets(args: readonly string[], cwd: string, stdinName: string): Promise<LintTarget[]> {
  if (args.length === 0) return discoverIn('.', cwd);

  if (args.filter((a) => a === '-').length > 1) throw new UsageError("'-' (stdin) can be given only once", "run 'drydock lint --help' for usage");
  const targets: LintTarget[] = [];
  const seen = new Set<string>();
  const add = (list: LintTarget[]) => {
    for (const target of list) {
      const key = target.kind === 'stdin' ? '-' : target.path;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push(target);
    }
  };

  for (const arg of args) {
    if (arg === '-') {
      add([{ kind: 'stdin', name: stdinName }]);
      continue;
    }
    if (arg === '') throw new UsageError('empty path argument', "run 'drydock lint --help' for usage");
    const abs = resolve(cwd, arg);
    let info;
    try {
      info = statSync(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A name that does not exist may be a pattern; a name that exists is never treated as one.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && isGlobPattern(arg)) {
        add(await expandPattern(arg, cwd));
        continue;
      }
      throw fsError(error, arg);
    }
    if (info.isDirectory()) add(await discoverIn(arg, cwd));
    else if (info.isFile() || info.isFIFO() || info.isCharacterDevice()) add([{ kind: 'file', path: abs, name: arg }]);
    // Sockets and block devices: opening them would fail oddly or hang.
    else throw new CliError('not a regular file', arg);
  }
  return targets;
}

async function discoverIn(dir: string, cwd: string): Promise<LintTarget[]> {
  const abs = resolve(cwd, dir);
  let found;
  try {
    found = await findDockerfiles(abs);
  } catch (error) {
    throw walkError(error, dir, (path) => join(dir, relative(abs, path)));
  }
  if (found.length === 0) throw new CliError(`no Dockerfiles found in ${dir} (${LOOKED_FOR})`);
  return found.map((rel) => ({ kind: 'file', path: join(abs, rel), name: join(dir, rel) }));
}

async function expandPattern(pattern: string, cwd: string): Promise<LintTarget[]> {
  let found;
  try {
    found = await expandGlob(pattern, cwd);
  } catch (error) {
    throw walkError(error, pattern, (path) => (isAbsolute(pattern) ? path : relative(cwd, path)));
  }
  if (found.length === 0) throw new CliError(`no files match the pattern '${pattern}'`);
  return found.map((name) => ({ kind: 'file', path: resolve(cwd, name), name }));
}

/** Names the folder that failed, spelled the way the user spelled the argument that led there. */
function walkError(error: unknown, arg: string, spell: (absPath: string) => string): CliError {
  if (!(error instanceof DiscoveryError)) return fsError(error, arg);
  return fsError(error.cause, spell(error.path));
}
