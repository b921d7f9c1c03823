import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import micromatch from 'micromatch';

/** How the names {@link isDockerfileName} accepts are described to users. */
export const DOCKERFILE_NAME_PATTERNS = [
  'Dockerfile',
  'Dockerfile.*',
  '*.Dockerfile',
  'Containerfile',
  'Containerfile.*',
  '*.Containerfile',
] as const;

/** Folders never worth walking into: nobody keeps their own Dockerfiles there. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/**
 * Whether a file name looks like a Dockerfile. Case-insensitive, because BuildKit also accepts
 * `dockerfile` and editors use `*.dockerfile`. `Dockerfile.dockerignore` (BuildKit's per-Dockerfile
 * ignore file) is not a Dockerfile.
 */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  for (const stem of ['dockerfile', 'containerfile']) {
    if (lower === stem) return true;
    if (lower.startsWith(`${stem}.`) && lower.length > stem.length + 1) return true;
    if (lower.endsWith(`.${stem}`) && lower.length > stem.length + 1) return true;
  }
  return false;
}

/** A walk failed on a path (unreadable folder, bad .gitignore read). `path` is absolute. */
export class DiscoveryError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DiscoveryError';
  }
}

interface IgnoreLayer {
  /** Absolute folder the patterns are relative to. */
  dir: string;
  rules: Ignore;
}

export interface WalkOptions {
  /** Honour .gitignore files (nested ones, and those above `root` up to the repository root). Default true. */
  gitignore?: boolean;
}

/**
 * Finds Dockerfiles under `root` by name. Returns POSIX paths relative to `root`, sorted, so callers
 * can join them onto however the user spelled the folder.
 */
export async function findDockerfiles(root: string, options: WalkOptions = {}): Promise<string[]> {
  return walkFiles(root, (_relPath, name) => isDockerfileName(name), options);
}

/** Whether a command-line argument is a glob pattern rather than a plain path. */
export function isGlobPattern(arg: string): boolean {
  return micromatch.scan(arg).isGlob;
}

/**
 * Expands a glob against the file system. The walk starts at the pattern's literal base folder
 * (`docker/**` walks `docker/`), honours .gitignore and skips node_modules/.git like discovery does.
 * Returns paths spelled from the pattern's base (`docker/a/Dockerfile`), sorted.
 */
export async function expandGlob(pattern: string, cwd: string, options: WalkOptions = {}): Promise<string[]> {
  const { base, glob } = micromatch.scan(pattern);
  const start = resolve(cwd, base || '.');
  let isDir = false;
  try {
    isDir = (await stat(start)).isDirectory();
  } catch {
    // A pattern whose base does not exist matches nothing; the caller reports that.
  }
  if (!isDir) return [];
  const matcher = micromatch.matcher(glob);
  const matches = await walkFiles(start, (relPath) => matcher(relPath), options);
  return matches.map((rel) => (base ? posix.join(base, rel) : rel));
}

/**
 * Walks `root` with fs.readdir, keeping files `accept` says yes to. Symlinked folders are not followed
 * (no cycles, no escaping the tree); symlinked files are kept when they point at a file.
 */
export async function walkFiles(
  root: string,
  accept: (relPath: string, name: string) => boolean,
  options: WalkOptions = {},
): Promise<string[]> {
  const absRoot = resolve(root);
  const useGitignore = options.gitignore !== false;
  const layers = useGitignore ? await ancestorIgnoreLayers(absRoot) : [];
  const found: string[] = [];

  const visit = async (dir: string, relDir: string, inherited: IgnoreLayer[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      // Deleted while we walked: nothing to find there.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new DiscoveryError(dir, error);
    }
    let active = inherited;
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const layer = await readIgnoreLayer(dir);
      if (layer) active = [...inherited, layer];
    }
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(active, abs, true)) continue;
        subdirs.push(visit(abs, rel, active));
        continue;
      }
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        if (ALWAYS_SKIPPED.has(entry.name) || !accept(rel, entry.name)) continue;
        isFile = await stat(abs).then(
          (s) => s.isFile(),
          () => false,
        );
      }
      if (!isFile || !accept(rel, entry.name) || isIgnored(active, abs, false)) continue;
      found.push(rel);
    }
    await Promise.all(subdirs);
  };

  await visit(absRoot, '', layers);
  return found.sort(comparePaths);
}

/** Orders paths folder by folder, so `a/Dockerfile` sorts before `a.b/Dockerfile` and `a/b/Dockerfile`. */
function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    // Files in a folder come before its subfolders.
    const xIsLast = i === pa.length - 1;
    const yIsLast = i === pb.length - 1;
    if (xIsLast !== yIsLast) return xIsLast ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * .gitignore files above `root`, up to the repository root (the nearest folder holding `.git`), plus
 * `.git/info/exclude`. Without a repository only the files at and below `root` count. If those rules
 * ignore `root` itself they are dropped: a folder the user names is always searched.
 */
async function ancestorIgnoreLayers(root: string): Promise<IgnoreLayer[]> {
  const chain: string[] = [];
  let repoRoot: string | undefined;
  for (let dir = root; ; dir = dirname(dir)) {
    chain.push(dir);
    if (await exists(join(dir, '.git'))) {
      repoRoot = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  if (repoRoot === undefined) return [];
  const layers: IgnoreLayer[] = [];
  const exclude = await readIgnoreFile(join(repoRoot, '.git', 'info', 'exclude'));
  if (exclude !== undefined) layers.push({ dir: repoRoot, rules: ignore().add(exclude) });
  // `chain` runs from root upwards; the root's own .gitignore is read by the walk itself.
  for (const dir of chain.slice(1).reverse()) {
    const layer = await readIgnoreLayer(dir);
    if (layer) layers.push(layer);
  }
  return isIgnored(layers, root, true) ? [] : layers;
}

async function readIgnoreLayer(dir: string): Promise<IgnoreLayer | undefined> {
  const text = await readIgnoreFile(join(dir, '.gitignore'));
  return text === undefined ? undefined : { dir, rules: ignore().add(text) };
}

async function readIgnoreFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw new DiscoveryError(path, error);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Git's precedence: deeper .gitignore files override shallower ones; within one file the last rule wins. */
function isIgnored(layers: readonly IgnoreLayer[], absPath: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = relative(layer.dir, absPath);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) continue;
    const posixRel = sep === '/' ? rel : rel.split(sep).join('/');
    const result = layer.rules.test(isDir ? `${posixRel}/` : posixRel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
