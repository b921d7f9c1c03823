/**
 * Reads one layer blob: verifies its digest as it streams, decompresses it (gzip, zstd or none, by
 * magic bytes), reads its tar entries and keeps their metadata and content facts. Layers are read
 * one at a time and in whatever order the input delivers them; stacking them is layers.ts's job.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { inspectContent, type ContentFacts, type ContentPolicy } from './content.js';
import { inThreadScanner, type SecretScanner } from './secret-scan.js';
import { decompressed, type Compression } from './decompress.js';
import { layerChanges, type LayerChanges } from './layers.js';
import { readLayerTar } from './tar.js';
import { ImageError, type LayerEntry } from './types.js';

export interface LayerScan {
  changes: LayerChanges;
  /** Content facts by path, for the files that had any. */
  contents: Map<string, ContentFacts>;
  compression: Compression;
  /** `sha256:<hex>` of the blob as stored (compressed). */
  digest: string;
  /** Bytes of the blob as stored. */
  size: number;
  /** Entries in the tar, whiteout markers included. */
  entryCount: number;
}

export interface ScanLayerOptions {
  /** Names the layer in errors. */
  subject: string;
  /** Where file contents are scanned for secrets; default: this thread. */
  scanner?: SecretScanner;
  /** Which file contents are scanned. */
  content?: ContentPolicy;
  /** Called with the number of stored bytes read so far (for a progress bar). */
  onBytes?: (bytes: number) => void;
}

/** Reads a layer blob from `source` to its end. */
export async function scanLayer(source: Readable, options: ScanLayerOptions): Promise<LayerScan> {
  const hashing = new HashingStream(options.onBytes);
  source.on('error', (error) => hashing.destroy(error));
  const counted = source.pipe(hashing);
  const { compression, stream } = await decompressed(counted, options.subject);
  const raw: LayerEntry[] = [];
  const contents = new Map<string, ContentFacts>();
  const scanner = options.scanner ?? inThreadScanner();
  // Contents are scanned while the layer reads on; all of it is in before the layer counts as read.
  const scanned: Promise<void>[] = [];
  const stats = await readLayerTar(
    stream,
    async (entry, content) => {
      raw.push(entry);
      const read = await inspectContent(entry, content, scanner, options.content);
      if (read) {
        const done = read.facts.then((facts) => {
          if (facts) contents.set(entry.path, facts);
        });
        // Should the layer fail to read, nothing awaits these: their failure is not news then.
        done.catch(() => undefined);
        scanned.push(done);
      }
    },
    { subject: options.subject },
  );
  await Promise.all(scanned);
  // The tar may end (its end-of-archive blocks) before the blob does: read the rest so the digest
  // covers every byte.
  await drain(stream);
  await drain(counted);
  return {
    changes: layerChanges(raw),
    contents,
    compression,
    digest: hashing.digest(),
    size: hashing.bytes,
    entryCount: stats.entries,
  };
}

/** Reads a blob that is not a layer (a config or manifest) into memory, up to `limit` bytes. */
export async function readSmallBlob(source: Readable, limit: number, subject: string): Promise<{ bytes: Buffer; digest: string }> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw new ImageError(`is larger than ${limit} bytes, too large for a manifest or config`, subject);
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks, total), digest: `sha256:${hash.digest('hex')}` };
}

/** Hashes and counts what passes through. */
class HashingStream extends Transform {
  bytes = 0;
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly onBytes?: (bytes: number) => void) {
    super({ highWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    callback(null, chunk);
  }

  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

async function drain(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return;
  for await (const _ of stream) {
    // discard
  }
}

/** A Readable over bytes already in memory. */
export function bufferStream(bytes: Buffer): Readable {
  return Readable.from([bytes], { objectMode: false });
}
