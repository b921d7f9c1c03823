/**
 * What the scanner keeps of a file's content while a layer streams past: the secrets found in it,
 * and the text of the few files rules parse (passwd, shadow, group). Nothing else of the content is
 * kept, so memory stays bounded by the limits below, not by the image.
 */
import type { Readable } from 'node:stream';
import { findSecrets, type SecretMatch } from '../secrets/index.js';
import type { LayerEntry } from './types.js';

/** Files rules read as text, with the most of each that is kept. */
export const TEXT_FILES: ReadonlyMap<string, number> = new Map([
  ['etc/passwd', 1 << 20],
  ['etc/shadow', 1 << 20],
  ['etc/group', 1 << 20],
]);

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
 * Reads what is worth keeping of one regular file. Binaries (a NUL in the first 8 KiB) are skipped:
 * the PEM header strings inside libgnutls and libssh2 are not secrets, and real keys in binaries are
 * left to the secret engine of issue 5.
 */
export async function inspectContent(entry: LayerEntry, content: Readable): Promise<ContentFacts | undefined> {
  if (entry.type !== 'file' || entry.size === 0) return undefined;
  const textLimit = TEXT_FILES.get(entry.path);
  if (textLimit === undefined && entry.size > MAX_SECRET_SCAN_BYTES) return undefined;
  const limit = textLimit ?? MAX_SECRET_SCAN_BYTES;
  const chunks: Buffer[] = [];
  let total = 0;
  let binary = false;
  // Read to the end even when nothing more is kept: leaving the loop early would destroy the entry
  // stream, and with it the layer's tar stream.
  for await (const chunk of content as AsyncIterable<Buffer>) {
    if (binary || total >= limit) continue;
    const keep = chunk.subarray(0, limit - total);
    if (total < BINARY_SNIFF_BYTES && keep.subarray(0, BINARY_SNIFF_BYTES - total).includes(0)) {
      binary = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(keep);
    total += keep.length;
  }
  if (binary) return undefined;
  const text = Buffer.concat(chunks, total).toString('utf8');
  const secrets = findSecrets(text, { minConfidence: 'medium' });
  if (secrets.length === 0 && textLimit === undefined) return undefined;
  return { secrets, text: textLimit === undefined ? undefined : text };
}
