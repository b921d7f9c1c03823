import { parentPort } from 'node:worker_threads';
import { scanText } from './secret-scan.js';

/** The secret-scanning worker (see secret-scan.ts): text in, masked matches out. */
parentPort!.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  const secrets = scanText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  parentPort!.postMessage({ id, secrets });
});
