/**
 * What the scanner keeps of a file's content while a layer streams past: the secrets found in it,
 * and the text of the few files rules parse (passwd, shadow, group). Nothing else of the content is
 * kept, so memory stays bounded by the limits below, not by the image.
 */
import type { Readable } from 'node:stream';
import type { SecretMatch } from '../secrets/index.js';
import type { SecretScanner } from './secret-scan.js';
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

/** Larger files are not scanned for secrets (issue 5 streams them in chunks). */
export const MAX_SECRET_SCAN_BYTES = 4 << 20;
/** Git's heuristic: a NUL byte early on means binary. */
const BINARY_SNIFF_BYTES = 8 << 10;

export interface ContentFacts {
  /** Secrets in the file's text, masked, with offsets into it. */
  secrets: readonly SecretMatch[];
  /** The file's text, for the files in {@link TEXT_FILES}. */
  text: string | undefined;
}

/**
 * Reads what is worth keeping of one regular file, and has its text scanned for secrets by
 * `scanner` (possibly on another thread). Binaries (a NUL in the first 8 KiB) are skipped: the PEM
 * header strings inside libgnutls and libssh2 are not secrets, and real keys in binaries are left to
 * the secret engine of issue 5. Resolves once the content is read; `facts` once it is scanned.
 */
export async function inspectContent(
  entry: LayerEntry,
  content: Readable,
  scanner: SecretScanner,
): Promise<{ facts: Promise<ContentFacts | undefined> } | undefined> {
  if (entry.type !== 'file' || entry.size === 0) return undefined;
  const keepText = textLimit(entry.path);
  if (keepText === undefined && (entry.size > MAX_SECRET_SCAN_BYTES || SKIPPED_TREES.test(entry.path))) return undefined;
  const bytes = await readText(content, keepText ?? MAX_SECRET_SCAN_BYTES);
  if (!bytes) return undefined;
  const text = keepText === undefined ? undefined : bytes.toString('utf8');
  // Package databases are lists of paths: nothing to find in them, and most of an image's text.
  if (keepText !== undefined && keepText > 1 << 20) return { facts: Promise.resolve({ secrets: [], text }) };
  await scanner.ready();
  const facts = scanner.scan(bytes).then((secrets) => (secrets.length === 0 && text === undefined ? undefined : { secrets, text }));
  return { facts };
}

/**
 * The first `limit` bytes of a file, or undefined as soon as it shows itself binary. What is left
 * unread is the layer reader's to skip; stopping early matters, since most bytes of an image are
 * binaries.
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
