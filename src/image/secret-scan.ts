/**
 * Secret scanning of file contents, on a worker thread when one is available. Reading a layer
 * (decompressing, hashing, parsing the tar) keeps the main thread busy, and the secret detectors'
 * keyword passes were as much work again: on a worker they run on the second core. Under the TS
 * sources (tests) there is no built worker, and scanning stays on this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { findSecrets, type SecretMatch } from '../secrets/index.js';

export interface SecretScanner {
  /** Scans UTF-8 bytes; the scanner may take the buffer over, so the caller must not reuse it. */
  scan(bytes: Buffer): Promise<readonly SecretMatch[]>;
  /** Resolves when the scanner can take more work (bounds the bytes waiting for it). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Bytes that may wait for the worker before readers are held back. */
const MAX_QUEUED_BYTES = 32 << 20;

export function scanText(bytes: Buffer): readonly SecretMatch[] {
  return findSecrets(bytes.toString('utf8'), { minConfidence: 'medium' });
}

/** Scans on this thread. */
export function inThreadScanner(): SecretScanner {
  return {
    scan: async (bytes) => scanText(bytes),
    ready: async () => undefined,
    close: async () => undefined,
  };
}

/** A worker-thread scanner when the bundle's worker is beside this file, else an in-thread one. */
export function newSecretScanner(): SecretScanner {
  const url = new URL('./secret-worker.js', import.meta.url);
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return inThreadScanner();
  return new WorkerScanner(url);
}

interface Job {
  resolve(secrets: readonly SecretMatch[]): void;
  reject(error: Error): void;
  bytes: number;
}

class WorkerScanner implements SecretScanner {
  private readonly worker: Worker;
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private queued = 0;
  private waiting: (() => void)[] = [];
  private failure: Error | undefined;

  constructor(url: URL) {
    this.worker = new Worker(url);
    this.worker.unref();
    this.worker.on('message', ({ id, secrets }: { id: number; secrets: SecretMatch[] }) => {
      const job = this.jobs.get(id);
      if (!job) return;
      this.jobs.delete(id);
      this.queued -= job.bytes;
      job.resolve(secrets);
      if (this.queued <= MAX_QUEUED_BYTES) this.release();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.jobs.size > 0) this.fail(new Error(`the secret-scanning worker stopped (exit code ${code})`));
    });
  }

  scan(bytes: Buffer): Promise<readonly SecretMatch[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const promise = new Promise<readonly SecretMatch[]>((resolve, reject) => this.jobs.set(id, { resolve, reject, bytes: bytes.length }));
    this.queued += bytes.length;
    // A buffer of its own is handed over without a copy; a slice of Node's shared pool is copied.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    this.worker.postMessage({ id, bytes }, own ? [bytes.buffer as ArrayBuffer] : []);
    return promise;
  }

  ready(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.queued <= MAX_QUEUED_BYTES) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async close(): Promise<void> {
    // Work still queued belongs to a read that failed; its promises are already abandoned.
    this.failure ??= new Error('the secret scanner was closed');
    await this.worker.terminate();
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
