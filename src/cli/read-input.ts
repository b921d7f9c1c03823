import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CliError, fsError } from './errors.js';

/** Larger than any real Dockerfile by far; past it the input is a mistake, and parsing it would crawl. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Git's heuristic: a NUL byte early in the file means binary. */
const BINARY_SNIFF_BYTES = 8 * 1024;

const CHUNK_BYTES = 256 * 1024;

/**
 * Reads a file as UTF-8 text. Rejects folders, special files other than pipes, files over
 * {@link MAX_INPUT_BYTES}, and binary data. Pipes are read to the end (`<(cmd)` works), so their size
 * is checked while reading.
 *
 * Synchronous on purpose: lint reads one file after another and is CPU-bound, and a handful of
 * awaited calls per file cost more than the read itself over a thousand small Dockerfiles.
 */
export async function readTextFile(path: string, displayName: string = path): Promise<string> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw fsError(error, displayName);
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw new CliError('is a directory', displayName);
    if (!info.isFile() && !info.isFIFO() && !info.isCharacterDevice()) {
      throw new CliError('not a regular file', displayName);
    }
    if (info.size > MAX_INPUT_BYTES) throw tooLarge(displayName);
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file is read in one call sized from fstat (one byte more to notice growth); pipes
    // and devices in chunks.
    const chunkBytes = info.isFile() ? info.size + 1 : CHUNK_BYTES;
    for (;;) {
      const buffer = Buffer.allocUnsafe(chunkBytes);
      const bytesRead = readSync(fd, buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      // Checked as soon as the sniff window is in, so `lint /dev/zero` fails at once, not at 16 MiB.
      if (total - bytesRead < BINARY_SNIFF_BYTES) assertNoNul(chunks, displayName);
      if (total > MAX_INPUT_BYTES) throw tooLarge(displayName);
      // A short read of a regular file is its end: no second call just to be told so.
      if (info.isFile() && bytesRead < chunkBytes) break;
    }
    return decodeText(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), displayName);
  } catch (error) {
    throw fsError(error, displayName);
  } finally {
    closeSync(fd);
  }
}

/** Reads all of stdin as UTF-8 text, with the same checks as files. */
export async function readTextStream(stream: AsyncIterable<Buffer | string>, displayName: string): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    chunks.push(buffer);
    total += buffer.length;
    if (total > MAX_INPUT_BYTES) throw tooLarge(displayName);
  }
  return decodeText(Buffer.concat(chunks, total), displayName);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes UTF-8 strictly. A byte-order mark is kept, because the parser records that the file had one.
 */
export function decodeText(bytes: Uint8Array, displayName: string): string {
  assertNoNul([bytes], displayName);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new CliError('not a text file (invalid UTF-8)', displayName);
  }
}

function assertNoNul(chunks: readonly Uint8Array[], displayName: string): void {
  let remaining = BINARY_SNIFF_BYTES;
  for (const chunk of chunks) {
    const head = chunk.subarray(0, remaining);
    if (head.includes(0)) throw new CliError('not a text file (binary data)', displayName);
    remaining -= head.length;
    if (remaining <= 0) return;
  }
}

function tooLarge(displayName: string): CliError {
  return new CliError(`file too large (over ${MAX_INPUT_BYTES / (1024 * 1024)} MiB)`, displayName);
}
