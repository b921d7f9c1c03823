/**
 * Secret scanning of file contents, on a worker thread when one is available. Reading a layer
 * (decompressing, hashing, parsing the tar) keeps the main thread busy, and the secret detectors'
 * keyword passes were as much work again: on a worker they run on the second core. Under the TS
 * sources (tests) there is no built worker, and scanning stays on this thread.
 *
 * A file is scanned as it streams: a session takes its chunks and keeps only the overlap a match may
 * span (see secrets/stream.ts), so no file is ever held whole.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PrintableStrings, SecretByteStream, SecretStream } from '../secrets/stream.js';
import type { Confidence, SecretMatch } from '../secrets/index.js';

/**
 * How a file's bytes are read: as UTF-8 text, or as a binary whose printable strings are scanned
 * (compiled Python and Java classes keep their string constants verbatim).
 */
export type ScanMode = 'text' | 'strings';

/** One file being scanned. */
export interface ScanSession {
  /** The scanner may take the buffer over: the caller must not reuse it. */
  write(bytes: Buffer): void;
  /** Every secret found, masked; offsets are into the file's text (or its strings). */
  end(): Promise<readonly SecretMatch[]>;
}

export interface SecretScanner {
  open(path: string, mode: ScanMode): ScanSession;
  /** Resolves when the scanner can take more work (bounds the bytes waiting for it). */
  ready(): Promise<void>;
  /** True while more bytes wait for the scanner than it takes: readers should pause. */
  saturated(): boolean;
  close(): Promise<void>;
}

export interface ScannerOptions {
  /** Matches below this confidence are dropped (default `medium`). */
  minConfidence?: Confidence;
}

/** Bytes that may wait for the worker before readers are held back. */
const MAX_QUEUED_BYTES = 32 << 20;
/** A file's bytes are sent to the worker in pieces of about this size. */
const MESSAGE_BYTES = 1 << 20;

/** The scanning itself, wherever it runs: one stream per file. */
export class FileSecretScan {
  private readonly text: SecretByteStream | undefined;
  private readonly strings: { extract: PrintableStrings; stream: SecretStream } | undefined;

  constructor(path: string, mode: ScanMode, options: ScannerOptions) {
    const streamOptions = { path, minConfidence: options.minConfidence ?? 'medium' };
    if (mode === 'text') this.text = new SecretByteStream(streamOptions);
    else this.strings = { extract: new PrintableStrings(), stream: new SecretStream(streamOptions) };
  }

  write(bytes: Buffer): void {
    if (this.text) this.text.write(bytes);
    else this.strings!.stream.write(this.strings!.extract.write(bytes));
  }

  end(): SecretMatch[] {
    if (this.text) return this.text.end();
    this.strings!.stream.write(this.strings!.extract.end());
    return this.strings!.stream.end();
  }
}

/** Scans on this thread. */
export function inThreadScanner(options: ScannerOptions = {}): SecretScanner {
  return {
    open(path, mode) {
      const scan = new FileSecretScan(path, mode, options);
      return { write: (bytes) => scan.write(bytes), end: async () => scan.end() };
    },
    ready: async () => undefined,
    saturated: () => false,
    close: async () => undefined,
  };
}

/** A worker-thread scanner when the bundle's worker is beside this file, else an in-thread one. */
export function newSecretScanner(options: ScannerOptions = {}): SecretScanner {
  const url = new URL('./secret-worker.js', import.meta.url);
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return inThreadScanner(options);
  return new WorkerScanner(url, options);
}

/** Messages to the worker. */
export type WorkerRequest =
  | { op: 'file'; id: number; path: string; mode: ScanMode; options: ScannerOptions; bytes: Uint8Array | undefined }
  | { op: 'open'; id: number; path: string; mode: ScanMode; options: ScannerOptions }
  | { op: 'write'; id: number; bytes: Uint8Array }
  | { op: 'end'; id: number };

/**
 * Replies from the worker: bytes of a file it has scanned (so readers can go on while a large file
 * is still open), the file's secrets, or why it could not be scanned.
 */
export type WorkerReply = { id: number; consumed: number } | { id: number; secrets: SecretMatch[] } | { id: number; error: string };

interface Job {
  resolve(secrets: readonly SecretMatch[]): void;
  reject(error: Error): void;
  /** Bytes written to the worker and not yet answered for. */
  bytes: number;
}

class WorkerScanner implements SecretScanner {
  private readonly worker: Worker;
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private queued = 0;
  private waiting: (() => void)[] = [];
  private failure: Error | undefined;

  constructor(
    url: URL,
    private readonly options: ScannerOptions,
  ) {
    this.worker = new Worker(url);
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const job = this.jobs.get(reply.id);
      if (!job) return;
      if ('consumed' in reply) {
        job.bytes -= reply.consumed;
        this.queued -= reply.consumed;
      } else {
        this.jobs.delete(reply.id);
        this.queued -= job.bytes;
        if ('error' in reply) job.reject(new Error(reply.error));
        else job.resolve(reply.secrets);
      }
      if (this.queued <= MAX_QUEUED_BYTES) this.release();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.jobs.size > 0) this.fail(new Error(`the secret-scanning worker stopped (exit code ${code})`));
    });
  }

  open(path: string, mode: ScanMode): ScanSession {
    const id = this.nextId++;
    let job: Job | undefined;
    const result = new Promise<readonly SecretMatch[]>((resolve, reject) => {
      job = { resolve, reject, bytes: 0 };
    });
    result.catch(() => undefined); // a session abandoned by a failed read is not awaited
    this.jobs.set(id, job!);
    // Chunks are gathered into one buffer of the session's own, which moves to the worker without a
    // copy: a message per tar chunk cost more than the scanning (most files are a single message).
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let opened = false;
    const take = (): Buffer | undefined => {
      if (pendingBytes === 0) return undefined;
      const own = Buffer.allocUnsafeSlow(pendingBytes);
      let at = 0;
      for (const chunk of pending) at += chunk.copy(own, at);
      pending = [];
      job!.bytes += pendingBytes;
      this.queued += pendingBytes;
      pendingBytes = 0;
      return own;
    };
    const flush = (): void => {
      const bytes = take();
      if (!opened) {
        opened = true;
        this.post({ op: 'open', id, path, mode, options: this.options });
      }
      if (bytes) this.post({ op: 'write', id, bytes }, [bytes.buffer as ArrayBuffer]);
    };
    return {
      write: (bytes) => {
        if (this.failure) return;
        pending.push(bytes);
        pendingBytes += bytes.length;
        if (pendingBytes >= MESSAGE_BYTES) flush();
      },
      end: () => {
        if (this.failure) return Promise.reject(this.failure);
        if (opened) {
          flush();
          this.post({ op: 'end', id });
        } else {
          const bytes = take();
          this.post({ op: 'file', id, path, mode, options: this.options, bytes }, bytes ? [bytes.buffer as ArrayBuffer] : []);
        }
        return result;
      },
    };
  }

  ready(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.queued <= MAX_QUEUED_BYTES) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  saturated(): boolean {
    return this.queued > MAX_QUEUED_BYTES;
  }

  async close(): Promise<void> {
    // Work still queued belongs to a read that failed; its promises are already abandoned.
    this.failure ??= new Error('the secret scanner was closed');
    await this.worker.terminate();
  }

  private post(message: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const job of this.jobs.values()) job.reject(error);
    this.jobs.clear();
    this.release();
  }
}
