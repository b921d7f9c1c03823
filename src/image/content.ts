/**
 * What the scanner keeps of a file's content while a layer streams past: the secrets found in it,
 * and the text of the few files rules parse (passwd, shadow, group). Nothing else of the content is
 * kept, so memory stays bounded by the limits below, not by the image.
 */
import type { Readable } from 'node:stream';
import type { SecretMatch } from '../secrets/index.js';
import micromatch from 'micromatch';
import type { ScanMode, ScanSession, SecretScanner } from './secret-scan.js';
import type { LayerEntry } from './types.js';

/** Files rules read as text, with the most of each that is kept. */
export const TEXT_FILES: ReadonlyMap<string, number> = new Map([
  ['etc/passwd', 1 << 20],
  ['etc/shadow', 1 << 20],
  ['etc/group', 1 << 20],
  // Which files the distribution's packages installed (see ImageModel.packageOwned).
  ['lib/apk/db/installed', 16 << 20],
]);

/** The limit for keeping a file's text, or undefined when only its secrets are kept. */
export function textLimit(path: string): number | undefined {
  const fixed = TEXT_FILES.get(path);
  if (fixed !== undefined) return fixed;
  return DPKG_LIST.test(path) ? 4 << 20 : undefined;
}

/** dpkg's list of the files each package installed. */
export const DPKG_LIST = /^var\/lib\/dpkg\/info\/[^/]+\.list$/;

/**
 * Trees that only a distribution's packages fill: documentation, headers, language runtimes'
 * standard libraries, toolchains, package databases. Secrets there would be package-owned and are
 * not reported anyway (ImageModel.packageOwned), so their contents are not read; on a Debian
 * toolchain image that is nine tenths of the text. Application folders (`/usr/local`, Python's
 * `site-packages`/`dist-packages`, `/opt`, `/srv`, `/home`, `/root`, `/etc`, `/var/www`) are scanned.
 */
export const SKIPPED_TREES =
  /^(?:usr\/share\/(?:doc|man|info|locale|i18n|zoneinfo|perl5?|cmake-[^/]+|mime|common-licenses|bash-completion)\/|usr\/include\/|usr\/lib\/(?:gcc|llvm-[^/]+|x86_64-linux-gnu|aarch64-linux-gnu)\/|usr\/lib\/python3(?:\.\d+)?\/(?!(?:site|dist)-packages\/)|var\/lib\/(?:dpkg|apt)\/(?!info\/[^/]+\.list$)|var\/cache\/|var\/log\/)/;

/** Files whose printable strings are scanned although they are binary: compiled Python and Java. */
export const STRINGS_FILES = /\.(?:pyc|pyo|class)$/;

/** What of an image's file contents is scanned for secrets (`secrets:` in .drydock.yaml). */
export interface ContentPolicy {
  /** Larger files are not scanned. */
  maxFileSize: number;
  /** True for paths (no leading `/`) whose content is not scanned. */
  skip(path: string): boolean;
}

/** The default size limit: larger text is data (dumps, logs, bundles), not configuration. */
export const DEFAULT_MAX_SECRET_FILE_BYTES = 32 << 20;

/**
 * Skipped by default besides {@link SKIPPED_TREES}: the tests, examples and documentation that
 * packages from npm carry, which are full of sample tokens.
 */
export const DEFAULT_SKIP_GLOBS: readonly string[] = [
  '**/node_modules/**/{test,tests,__tests__,__mocks__,example,examples,docs,doc}/**',
  '**/node_modules/**/*.{md,markdown}',
];

/** The policy `drydock scan` uses when .drydock.yaml says nothing. */
export const DEFAULT_CONTENT_POLICY: ContentPolicy = contentPolicy({});

/** Builds a policy: defaults, plus `skipPaths` globs; `defaultSkips: false` scans the skipped trees too. */
export function contentPolicy(options: { maxFileSize?: number; skipPaths?: readonly string[]; defaultSkips?: boolean }): ContentPolicy {
  const defaults = options.defaultSkips !== false;
  const globs = [...(defaults ? DEFAULT_SKIP_GLOBS : []), ...(options.skipPaths ?? [])].map((g) => g.replace(/^\/+/, ''));
  const matches = globs.length === 0 ? () => false : micromatch.matcher(globs.length === 1 ? globs[0]! : `{${globs.join(',')}}`, { dot: true });
  return {
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_SECRET_FILE_BYTES,
    skip: (path) => (defaults && SKIPPED_TREES.test(path)) || matches(path),
  };
}

/** Git's heuristic: a NUL byte early on means binary. */
const BINARY_SNIFF_BYTES = 8 << 10;

export interface ContentFacts {
  /** Secrets in the file's text, masked, with offsets into it. */
  secrets: readonly SecretMatch[];
  /** The file's text, for the files in {@link TEXT_FILES}. */
  text: string | undefined;
}

/**
 * Reads what is worth keeping of one regular file, and has it scanned for secrets by `scanner`
 * (possibly on another thread) as it streams. Text files are scanned whole, chunk by chunk. Binaries
 * (a NUL in the first 8 KiB) are skipped, except compiled Python and Java classes, whose printable
 * strings are scanned: the PEM header strings inside libgnutls and libssh2 are not secrets, and
 * native binaries are most of an image's bytes. Resolves once the content is read; `facts` once it
 * is scanned.
 */
export async function inspectContent(
  entry: LayerEntry,
  content: Readable,
  scanner: SecretScanner,
  policy: ContentPolicy = DEFAULT_CONTENT_POLICY,
): Promise<{ facts: Promise<ContentFacts | undefined> } | undefined> {
  if (entry.type !== 'file' || entry.size === 0) return undefined;
  const keepText = textLimit(entry.path);
  if (keepText !== undefined) {
    const bytes = await readText(content, keepText);
    if (!bytes) return undefined;
    const text = bytes.toString('utf8');
    // Package databases are lists of paths: nothing to find in them, and most of an image's text.
    if (keepText > 1 << 20) return { facts: Promise.resolve({ secrets: [], text }) };
    await scanner.ready();
    const session = scanner.open(entry.path, 'text');
    session.write(bytes);
    return { facts: session.end().then((secrets) => ({ secrets, text })) };
  }
  if (entry.size > policy.maxFileSize || policy.skip(entry.path)) return undefined;
  const mode = STRINGS_FILES.test(entry.path) ? 'strings' : 'text';
  await scanner.ready();
  const session = await streamTo(content, scanner, entry.path, mode);
  if (!session) return undefined;
  return { facts: session.end().then((secrets) => (secrets.length === 0 ? undefined : { secrets, text: undefined })) };
}

/**
 * Streams a file into a scan session. In text mode the first 8 KiB are gathered before the session
 * opens, and a NUL among them ends the read there (undefined): what is left unread is the layer
 * reader's to skip. While the scanner is saturated the file is paused.
 */
function streamTo(content: Readable, scanner: SecretScanner, path: string, mode: ScanMode): Promise<ScanSession | undefined> {
  return new Promise((resolve, reject) => {
    let session: ScanSession | undefined = mode === 'strings' ? scanner.open(path, mode) : undefined;
    let head: Buffer[] = [];
    let headBytes = 0;
    const cleanup = (): void => {
      content.off('data', onData);
      content.off('end', onEnd);
      content.off('error', onError);
    };
    const openText = (): void => {
      session = scanner.open(path, 'text');
      for (const chunk of head) session.write(chunk);
      head = [];
    };
    const onData = (chunk: Buffer): void => {
      if (!session) {
        if (chunk.subarray(0, BINARY_SNIFF_BYTES - headBytes).includes(0)) {
          cleanup();
          content.pause();
          resolve(undefined);
          return;
        }
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < BINARY_SNIFF_BYTES) return;
        openText();
      } else {
        session.write(chunk);
      }
      if (scanner.saturated()) {
        content.pause();
        scanner.ready().then(
          () => content.resume(),
          (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))),
        );
      }
    };
    const onEnd = (): void => {
      cleanup();
      if (!session) openText();
      resolve(session);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    content.on('data', onData);
    content.once('end', onEnd);
    content.once('error', onError);
  });
}

/**
 * The first `limit` bytes of a file, or undefined as soon as it shows itself binary. What is left
 * unread is the layer reader's to skip.
 */
function readText(content: Readable, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (value: Buffer | undefined): void => {
      content.off('data', onData);
      content.off('end', onEnd);
      content.off('error', onError);
      content.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      if (total < BINARY_SNIFF_BYTES && chunk.subarray(0, BINARY_SNIFF_BYTES - total).includes(0)) return finish(undefined);
      const keep = chunk.subarray(0, limit - total);
      chunks.push(keep);
      total += keep.length;
      if (total >= limit) finish(Buffer.concat(chunks, total));
    };
    const onEnd = (): void => finish(Buffer.concat(chunks, total));
    const onError = (error: Error): void => {
      content.off('data', onData);
      content.off('end', onEnd);
      reject(error);
    };
    content.on('data', onData);
    content.once('end', onEnd);
    content.once('error', onError);
  });
}
