/**
 * Undoes a layer blob's compression, recognized from its first bytes rather than from what the
 * manifest claims (media types lie, and `docker save` writes whatever the layer was).
 *
 * Nothing is written anywhere: every decoder streams, the zstd CLI through pipes.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import * as zlib from 'node:zlib';
import { Decompress as FzstdDecompress } from 'fzstd';
import { ImageError } from './types.js';

export type Compression = 'gzip' | 'zstd' | 'none';

/** `node`: zlib's own (Node >= 22.15); `cli`: the `zstd` program; `js`: fzstd; `auto`: the first available of these. */
export type ZstdDecoderChoice = 'auto' | 'node' | 'cli' | 'js';
export type ZstdDecoder = Exclude<ZstdDecoderChoice, 'auto'>;

export interface DecompressOptions {
  /** Which zstd decoder to use; overrides the `DRYDOCK_ZSTD` environment variable. */
  zstd?: ZstdDecoderChoice;
  /** Bomb guard: the ratio of output to input bytes past which to give up. */
  maxRatio?: number;
  /** Bomb guard: output size below which any ratio is fine. */
  ratioAfterBytes?: number;
}

/** Output bytes per input byte past which a layer is taken for a decompression bomb. */
export const MAX_DECOMPRESSION_RATIO = 2000;
/**
 * Output size below which the ratio is not checked: small layers of zeros or of one repeated file
 * legitimately reach ratios in the thousands, and a gigabyte costs nothing to stream past.
 */
export const RATIO_CHECK_AFTER_BYTES = 1 << 30;

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
/** zlib's default output chunk is 16 KiB; 1 MiB chunks made whole-layer reads 1.65× faster. */
const GZIP_CHUNK_SIZE = 1 << 20;
const ZSTD_DECODERS: readonly ZstdDecoder[] = ['node', 'cli', 'js'];

/**
 * Sniffs `source`'s compression and returns a stream of its decompressed bytes. For `none` that is
 * `source` itself, its first bytes put back. Decoder failures surface on the returned stream as
 * `ImageError`s naming `subject`; `source`'s own errors pass through unchanged. Destroying the
 * returned stream destroys `source` and stops the decoder.
 */
export async function decompressed(
  source: Readable,
  subject: string,
  options: DecompressOptions = {},
): Promise<{ compression: Compression; stream: Readable }> {
  const { head, stream } = await sniff(source, ZSTD_MAGIC.length);
  const limits = {
    maxRatio: options.maxRatio ?? MAX_DECOMPRESSION_RATIO,
    ratioAfterBytes: options.ratioAfterBytes ?? RATIO_CHECK_AFTER_BYTES,
  };
  if (startsWith(head, GZIP_MAGIC)) {
    return { compression: 'gzip', stream: connect(stream, gzipDecoder(), subject, limits) };
  }
  if (startsWith(head, ZSTD_MAGIC)) {
    const decoder = zstdDecoder(pickZstdDecoder(options.zstd));
    return { compression: 'zstd', stream: connect(stream, decoder, subject, limits) };
  }
  return { compression: 'none', stream };
}

function startsWith(head: Buffer, magic: Buffer): boolean {
  return head.length >= magic.length && head.subarray(0, magic.length).equals(magic);
}

// --- Sniffing --------------------------------------------------------------------------------------

/**
 * Reads at least `want` bytes (fewer if the source ends first) and puts them back in front, so the
 * stream returned reads from the very first byte. A source already at its end cannot take bytes
 * back; a fresh stream replays them instead.
 */
function sniff(source: Readable, want: number): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = (): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      length += bytes.length;
      if (length < want) return;
      cleanup();
      source.pause();
      const head = Buffer.concat(chunks, length);
      source.unshift(head);
      resolve({ head, stream: source });
    };
    const onEnd = (): void => {
      cleanup();
      const head = Buffer.concat(chunks, length);
      resolve({ head, stream: Readable.from(length > 0 ? [head] : [], { objectMode: false }) });
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
  });
}

// --- Decoders --------------------------------------------------------------------------------------

/** One decompressor, whatever it is made of. */
interface Decoder {
  input: Writable;
  output: Readable;
  /** Names a failure of this decoder for the user. */
  describe(error: unknown): string;
  /** Resolves once the decoder is known to have succeeded, after its output ended; rejects if it failed. */
  verdict?: () => Promise<void>;
  /** Stops the decoder early (the consumer went away, or something failed). */
  stop(): void;
}

function gzipDecoder(): Decoder {
  const gunzip = zlib.createGunzip({ chunkSize: GZIP_CHUNK_SIZE });
  return {
    input: gunzip,
    output: gunzip,
    describe: (error) => (zlibCode(error) === 'Z_BUF_ERROR' ? 'truncated gzip data' : `corrupt gzip data: ${messageOf(error)}`),
    stop: () => gunzip.destroy(),
  };
}

function zstdDecoder(kind: ZstdDecoder): Decoder {
  switch (kind) {
    case 'node':
      return nodeZstdDecoder();
    case 'cli':
      return cliZstdDecoder();
    case 'js':
      return jsZstdDecoder();
  }
}

/** zlib as typed by a newer @types/node: `createZstdDecompress` arrived in Node 22.15. */
type ZlibWithZstd = typeof zlib & { createZstdDecompress?: (options?: zlib.ZlibOptions) => Transform };

function nodeZstd(): ((options?: zlib.ZlibOptions) => Transform) | undefined {
  return (zlib as ZlibWithZstd).createZstdDecompress;
}

function nodeZstdDecoder(): Decoder {
  const create = nodeZstd();
  if (create === undefined) throw new Error(unavailable('node'));
  const decoder = create.call(zlib, { chunkSize: GZIP_CHUNK_SIZE });
  return {
    input: decoder,
    output: decoder,
    describe: (error) => (zlibCode(error) === 'Z_BUF_ERROR' || /unexpected end/i.test(messageOf(error)) ? 'truncated zstd data' : `corrupt zstd data: ${messageOf(error)}`),
    stop: () => decoder.destroy(),
  };
}

/**
 * fzstd, pure JS: always there, slowest. Its streaming class fails only by throwing from `push`;
 * a stream that stops mid-frame is caught by the final `push`.
 */
function jsZstdDecoder(): Decoder {
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pushTo(decompress, chunk, false, callback);
    },
    flush(callback) {
      pushTo(decompress, new Uint8Array(0), true, callback);
    },
  });
  // fzstd 0.1.1 allocates a fresh array for every block it emits, so a view needs no copy.
  const decompress = new FzstdDecompress((data) => {
    if (data.length > 0) transform.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  return {
    input: transform,
    output: transform,
    describe: (error) => (fzstdCode(error) === FZSTD_UNEXPECTED_EOF ? 'truncated zstd data' : `corrupt zstd data: ${messageOf(error)}`),
    stop: () => transform.destroy(),
  };
}

const FZSTD_UNEXPECTED_EOF = 5;

function pushTo(decompress: FzstdDecompress, chunk: Uint8Array, final: boolean, callback: TransformCallback): void {
  try {
    decompress.push(chunk, final);
  } catch (error) {
    callback(toError(error));
    return;
  }
  callback();
}

function fzstdCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

/** How much of the zstd CLI's complaints to keep for the error message. */
const MAX_STDERR = 4096;

/**
 * The `zstd` program, through pipes: native speed on Node versions without zlib zstd. It is killed
 * when the consumer stops early, and its exit status decides whether the output was whole.
 */
function cliZstdDecoder(): Decoder {
  const program = zstdOnPath() ?? 'zstd';
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(program, ['-dcq'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
  });
  // The exit status says what went wrong; a write to a zstd that already quit only says EPIPE.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject); // could not start
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ZstdCliError(code, signal, stderr));
    });
  });
  exited.catch(() => undefined); // judged by `verdict`, or not at all if the consumer left early
  return {
    input: child.stdin,
    output: child.stdout,
    describe: (error) => describeCliFailure(error),
    verdict: () => exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      child.stdin.destroy();
      child.stdout.destroy();
    },
  };
}

class ZstdCliError extends Error {
  constructor(
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    super(`zstd exited with ${code === null ? `signal ${signal ?? '?'}` : `code ${code}`}`);
  }
}

function describeCliFailure(error: unknown): string {
  if (!(error instanceof ZstdCliError)) return `zstd could not run: ${messageOf(error)}`;
  const said = error.stderr.replace(/\/\*stdin\*\\\s*:\s*/g, '').replace(/^zstd:\s*/gm, '').trim().split('\n')[0] ?? '';
  if (/premature end|unexpected end|truncated/i.test(said)) return 'truncated zstd data';
  return `corrupt zstd data (${error.message}${said === '' ? '' : `: ${said}`})`;
}

// --- Choosing a zstd decoder ---------------------------------------------------------------------------

/** Whether a zstd decoder can run here. */
export function zstdDecoderAvailable(kind: ZstdDecoder): boolean {
  switch (kind) {
    case 'node':
      return nodeZstd() !== undefined;
    case 'cli':
      return zstdOnPath() !== undefined;
    case 'js':
      return true;
  }
}

let zstdPath: string | null | undefined;

/** The `zstd` executable on PATH, looked up once. */
function zstdOnPath(): string | undefined {
  if (zstdPath === undefined) zstdPath = findOnPath('zstd') ?? null;
  return zstdPath ?? undefined;
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function pickZstdDecoder(option: ZstdDecoderChoice | undefined): ZstdDecoder {
  const choice = option ?? envChoice();
  if (choice !== 'auto') {
    if (!zstdDecoderAvailable(choice)) throw new Error(unavailable(choice));
    return choice;
  }
  return ZSTD_DECODERS.find(zstdDecoderAvailable) ?? 'js';
}

function envChoice(): ZstdDecoderChoice {
  const value = process.env.DRYDOCK_ZSTD;
  if (value === undefined || value === '') return 'auto';
  if (value === 'auto' || value === 'node' || value === 'cli' || value === 'js') return value;
  throw new Error(`DRYDOCK_ZSTD must be one of auto, node, cli, js (it is '${value}')`);
}

function unavailable(kind: ZstdDecoder): string {
  return kind === 'node'
    ? `zstd decoder 'node' is not available: zlib.createZstdDecompress needs Node >= 22.15 (this is ${process.version})`
    : `zstd decoder 'cli' is not available: no zstd program on PATH`;
}

// --- Plumbing ------------------------------------------------------------------------------------------

interface Limits {
  maxRatio: number;
  ratioAfterBytes: number;
}

/**
 * source → decoder → guard, where the guard is what the caller reads. Errors are routed by hand
 * rather than through `pipeline` so that each can be named: the decoder's become ImageErrors, the
 * source's stay as they are. Whatever ends the guard (success, failure, the consumer destroying it)
 * tears the rest down, so no decoder or child process outlives it.
 */
function connect(source: Readable, decoder: Decoder, subject: string, limits: Limits): Readable {
  let bytesIn = 0;
  source.on('data', (chunk: Buffer) => {
    bytesIn += chunk.length;
  });
  const decoderError = (error: unknown): ImageError => new ImageError(decoder.describe(error), subject, { cause: error });
  const guard = new OutputGuard(() => bytesIn, limits, subject, async () => {
    try {
      await decoder.verdict?.();
    } catch (error) {
      throw decoderError(error);
    }
  });
  const fail = (error: Error): void => {
    if (!guard.destroyed) guard.destroy(error);
  };
  source.on('error', fail);
  decoder.input.on('error', (error) => fail(decoderError(error)));
  if ((decoder.output as unknown) !== decoder.input) decoder.output.on('error', (error) => fail(decoderError(error)));
  guard.on('close', () => {
    decoder.stop();
    source.destroy();
  });
  source.pipe(decoder.input);
  decoder.output.pipe(guard);
  return guard;
}

/**
 * Passes the decoder's output through, counting it against the input read so far, and holds the end
 * of the stream until the decoder's verdict is in.
 */
class OutputGuard extends Transform {
  private bytesOut = 0;

  constructor(
    private readonly bytesIn: () => number,
    private readonly limits: Limits,
    private readonly subject: string,
    private readonly verdict: () => Promise<void>,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytesOut += chunk.length;
    if (this.bytesOut > this.limits.ratioAfterBytes && this.bytesOut > this.limits.maxRatio * this.bytesIn()) {
      callback(
        new ImageError(
          `decompresses to over ${this.limits.maxRatio} times its size: refusing a likely decompression bomb`,
          this.subject,
        ),
      );
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.verdict().then(
      () => callback(),
      (error: unknown) => callback(toError(error)),
    );
  }
}

function zlibCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
