/**
 * Undoes a layer blob's compression, recognized from its first bytes rather than from what the
 * manifest claims (media types lie, and `docker save` writes whatever the layer was).
 *
 * Nothing is written anywhere: every decoder streams, the zstd CLI through pipes. Hostile blobs
 * meet two limits: output far out of proportion to the input (a decompression bomb), and zstd
 * frames asking for a window over 128 MiB (memory the decoder would allocate up front).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Duplex, Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
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
  if (startsWith(head, ZSTD_MAGIC) || startsWithSkippableFrame(head)) {
    let decoder: Decoder;
    try {
      decoder = zstdDecoder(pickZstdDecoder(options.zstd));
    } catch (error) {
      stream.destroy(); // nobody will read it now
      throw error;
    }
    return { compression: 'zstd', stream: connect(stream, decoder, subject, limits) };
  }
  return { compression: 'none', stream };
}

function startsWith(head: Buffer, magic: Buffer): boolean {
  return head.length >= magic.length && head.subarray(0, magic.length).equals(magic);
}

/** zstd streams may open with a skippable frame (metadata); no tar starts with these bytes. */
function startsWithSkippableFrame(head: Buffer): boolean {
  return head.length >= 4 && (head.readUInt32LE(0) & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC;
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

/**
 * Node's own zstd (zlib.createZstdDecompress, Node >= 22.15). It decodes one frame and then ends,
 * ignoring whatever follows (measured on 22.23: a second frame, or a skippable frame before the
 * first, silently vanish), and it takes a frame cut short as complete. Layers can hold many frames
 * (zstd:chunked writes one per file, with skippable frames between), so `FramewiseZstd` finds the
 * frame boundaries itself and gives each frame a decoder of its own.
 */
function nodeZstdDecoder(): Decoder {
  const create = nodeZstd();
  if (create === undefined) throw new Error(unavailable('node'));
  const decoder = new FramewiseZstd(() => create.call(zlib, { chunkSize: GZIP_CHUNK_SIZE }));
  return {
    input: decoder,
    output: decoder,
    describe: describeZstdError,
    stop: () => decoder.destroy(),
  };
}

class TruncatedZstd extends Error {}
class CorruptZstd extends Error {}
class ZstdWindowTooLarge extends Error {}

/**
 * The largest window a frame may ask for: the default limit of the zstd CLI and of Node's decoder.
 * fzstd has none and allocates whatever a frame header claims, up to 2 GiB.
 */
export const MAX_ZSTD_WINDOW = 128 * 1024 * 1024;

function describeZstdError(error: unknown): string {
  if (error instanceof TruncatedZstd) return 'truncated zstd data';
  if (error instanceof ZstdWindowTooLarge) return `unsupported zstd data: ${error.message}`;
  return `corrupt zstd data: ${messageOf(error)}`;
}

/** Feeds each zstd frame to a fresh single-frame decoder, in order, and drops skippable frames. */
class FramewiseZstd extends Duplex {
  private readonly splitter = new ZstdFrameSplitter();
  private frame: { decoder: Transform; bytes: number } | undefined;

  constructor(private readonly createDecoder: () => Transform) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let segments: FrameSegment[];
    try {
      segments = this.splitter.split(chunk);
    } catch (error) {
      callback(toError(error));
      return;
    }
    this.decode(segments).then(
      () => callback(),
      (error: unknown) => callback(toError(error)),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.splitter.midFrame) {
      callback(new TruncatedZstd('the data ends inside a frame'));
      return;
    }
    this.push(null);
    callback();
  }

  override _read(): void {
    this.frame?.decoder.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.frame?.decoder.destroy();
    callback(error);
  }

  private async decode(segments: FrameSegment[]): Promise<void> {
    for (const { data, frameEnd } of segments) {
      const frame = this.frame ?? this.openFrame();
      frame.bytes += data.length;
      if (!frame.decoder.write(data)) await settled(frame.decoder, 'drain');
      if (frameEnd) await this.closeFrame(frame);
    }
  }

  private openFrame(): { decoder: Transform; bytes: number } {
    const decoder = this.createDecoder();
    decoder.on('data', (out: Buffer) => {
      if (!this.push(out)) decoder.pause();
    });
    decoder.on('error', (error) => this.destroy(error));
    this.frame = { decoder, bytes: 0 };
    return this.frame;
  }

  private async closeFrame(frame: { decoder: Transform; bytes: number }): Promise<void> {
    frame.decoder.end();
    await settled(frame.decoder, 'end');
    // It stops at what it takes for the frame's end; stopping short means the frame lied about its blocks.
    const consumed = (frame.decoder as Transform & { bytesWritten?: number }).bytesWritten;
    if (consumed !== undefined && consumed !== frame.bytes) {
      throw new CorruptZstd(`a frame ended after ${consumed} of its ${frame.bytes} bytes`);
    }
    this.frame = undefined;
  }
}

function windowTooLarge(window: number): string {
  return `a frame needs a ${Math.ceil(window / 2 ** 20)} MiB window, over the ${MAX_ZSTD_WINDOW / 2 ** 20} MiB limit`;
}

/** Resolves on `event`; rejects on 'error', or on 'close' before `event`. */
function settled(stream: Transform, event: 'drain' | 'end'): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown): void => {
      stream.off(event, onEvent);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onEvent = (): void => done();
    const onError = (error: Error): void => done(error);
    const onClose = (): void => done(new Error(`stream closed before '${event}'`));
    stream.on(event, onEvent);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

/** A run of bytes of one zstd frame; `frameEnd` on the run that completes it. */
interface FrameSegment {
  data: Buffer;
  frameEnd: boolean;
}

type SplitterState = 'magic' | 'descriptor' | 'header' | 'block' | 'blockBody' | 'checksum' | 'skipSize' | 'skipBody';

const ZSTD_FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;
const CONTENT_SIZE_BYTES = [0, 2, 4, 8] as const;

/**
 * Finds frame boundaries in a zstd stream by reading only frame and block headers (RFC 8878 §3.1),
 * never the compressed data. Splits each chunk into the runs that belong to zstd frames; skippable
 * frames are dropped.
 */
export class ZstdFrameSplitter {
  private state: SplitterState = 'magic';
  private descriptor = 0;
  /** The header field being gathered (up to 13 bytes: window, dictionary id, content size). */
  private readonly field = Buffer.alloc(16);
  private have = 0;
  private need = 4;
  /** Where the field began in the current chunk; -1 if in an earlier one. */
  private fieldStart = -1;
  /** Body bytes still to pass over. */
  private remaining = 0;
  private lastBlock = false;
  private checksum = false;
  private chunk: Buffer = Buffer.alloc(0);
  private runStart = -1;
  private out: FrameSegment[] = [];

  constructor(private readonly maxWindow = MAX_ZSTD_WINDOW) {}

  /** Whether the bytes so far end inside a frame. */
  get midFrame(): boolean {
    return this.state !== 'magic' || this.have > 0;
  }

  split(chunk: Buffer): FrameSegment[] {
    this.chunk = chunk;
    this.out = [];
    this.runStart = this.inZstdFrame() ? 0 : -1;
    this.fieldStart = -1;
    let pos = 0;
    while (pos < chunk.length) {
      if (this.state === 'blockBody' || this.state === 'skipBody') {
        const take = Math.min(this.remaining, chunk.length - pos);
        pos += take;
        this.remaining -= take;
        if (this.remaining === 0) this.afterBody(pos);
        continue;
      }
      if (this.have === 0) this.fieldStart = pos;
      const take = Math.min(this.need - this.have, chunk.length - pos);
      chunk.copy(this.field, this.have, pos, pos + take);
      this.have += take;
      pos += take;
      if (this.have === this.need) {
        this.have = 0;
        this.onField(pos);
      }
    }
    if (this.runStart >= 0 && this.runStart < chunk.length) this.out.push({ data: chunk.subarray(this.runStart), frameEnd: false });
    return this.out;
  }

  private inZstdFrame(): boolean {
    return this.state !== 'magic' && this.state !== 'skipSize' && this.state !== 'skipBody';
  }

  private onField(pos: number): void {
    switch (this.state) {
      case 'magic':
        return this.onMagic(pos);
      case 'descriptor':
        return this.onDescriptor();
      case 'header':
        this.checkWindow();
        return this.expect('block', 3);
      case 'block':
        return this.onBlockHeader(pos);
      case 'checksum':
        return this.endFrame(pos);
      case 'skipSize':
        this.remaining = this.field.readUInt32LE(0);
        this.state = 'skipBody';
        if (this.remaining === 0) this.afterBody(pos);
        return;
      default:
        return;
    }
  }

  private onMagic(pos: number): void {
    const magic = this.field.readUInt32LE(0);
    if (magic === ZSTD_FRAME_MAGIC) {
      // The magic belongs to the frame: start the run at it, or replay it if it began in an earlier chunk.
      if (this.fieldStart >= 0 && this.fieldStart <= pos - 4) this.runStart = pos - 4;
      else {
        this.out.push({ data: Buffer.from(this.field.subarray(0, 4)), frameEnd: false });
        this.runStart = pos;
      }
      return this.expect('descriptor', 1);
    }
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) return this.expect('skipSize', 4);
    throw new CorruptZstd(`no zstd frame where one should start (bytes ${this.field.subarray(0, 4).toString('hex')})`);
  }

  private onDescriptor(): void {
    const descriptor = this.field[0] ?? 0;
    this.descriptor = descriptor;
    if (descriptor & 0x08) throw new CorruptZstd('a frame header has its reserved bit set');
    const singleSegment = (descriptor >> 5) & 1;
    const contentSizeFlag = descriptor >> 6;
    this.checksum = ((descriptor >> 2) & 1) === 1;
    const rest =
      (singleSegment ? 0 : 1) +
      DICT_ID_BYTES[descriptor & 3]! +
      (contentSizeFlag === 0 ? singleSegment : CONTENT_SIZE_BYTES[contentSizeFlag]!);
    if (rest > 0) this.expect('header', rest);
    else this.expect('block', 3);
  }

  /** The window is the decoder's buffer: from the window descriptor, or for a single-segment frame its content size. */
  private checkWindow(): void {
    const singleSegment = (this.descriptor >> 5) & 1;
    let window: number;
    if (!singleSegment) {
      const descriptor = this.field[0] ?? 0;
      const base = 2 ** (10 + (descriptor >> 3));
      window = base + (base / 8) * (descriptor & 7);
    } else {
      const at = DICT_ID_BYTES[this.descriptor & 3]!;
      const flag = this.descriptor >> 6;
      window =
        flag === 0 ? (this.field[at] ?? 0) : flag === 3 ? Number(this.field.readBigUInt64LE(at)) : this.field.readUIntLE(at, CONTENT_SIZE_BYTES[flag]!) + (flag === 1 ? 256 : 0);
    }
    if (window > this.maxWindow) throw new ZstdWindowTooLarge(windowTooLarge(window));
  }

  private onBlockHeader(pos: number): void {
    const header = this.field.readUIntLE(0, 3);
    const type = (header >> 1) & 3;
    if (type === 3) throw new CorruptZstd('a block has the reserved type');
    this.lastBlock = (header & 1) === 1;
    this.remaining = type === 1 ? 1 : header >>> 3; // an RLE block stores its one byte
    this.state = 'blockBody';
    if (this.remaining === 0) this.afterBody(pos);
  }

  private afterBody(pos: number): void {
    if (this.state === 'skipBody') return this.expect('magic', 4);
    if (!this.lastBlock) return this.expect('block', 3);
    if (this.checksum) return this.expect('checksum', 4);
    this.endFrame(pos);
  }

  private endFrame(pos: number): void {
    this.out.push({ data: this.chunk.subarray(Math.max(this.runStart, 0), pos), frameEnd: true });
    this.runStart = -1;
    this.expect('magic', 4);
  }

  private expect(state: SplitterState, bytes: number): void {
    this.state = state;
    this.need = bytes;
    this.have = 0;
  }
}

/**
 * fzstd, pure JS: always there, slowest. Its streaming class fails only by throwing from `push`;
 * a stream that stops mid-frame is caught by the final `push`.
 */
function jsZstdDecoder(): Decoder {
  const frames = new ZstdFrameSplitter(); // only to refuse windows fzstd would allocate blindly
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        frames.split(chunk);
      } catch (error) {
        callback(toError(error));
        return;
      }
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
    describe: (error) => (fzstdCode(error) === FZSTD_UNEXPECTED_EOF ? 'truncated zstd data' : describeZstdError(error)),
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
  child.stderr.on('error', () => undefined);
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
  const window = /Window size larger than maximum : (\d+)/.exec(error.stderr);
  if (window) return `unsupported zstd data: ${windowTooLarge(Number(window[1]))}`;
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
