import { parentPort } from 'node:worker_threads';
import { FileSecretScan, type WorkerReply, type WorkerRequest } from './secret-scan.js';

/** The secret-scanning worker (see secret-scan.ts): a file's chunks in, its masked matches out. */
const open = new Map<number, FileSecretScan>();

parentPort!.on('message', (request: WorkerRequest) => {
  try {
    switch (request.op) {
      case 'file': {
        // A whole (small) file in one message: scanned and answered at once.
        const scan = new FileSecretScan(request.path, request.mode, request.options);
        const { bytes } = request;
        if (bytes) scan.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        reply({ id: request.id, secrets: scan.end() });
        return;
      }
      case 'open':
        open.set(request.id, new FileSecretScan(request.path, request.mode, request.options));
        return;
      case 'write': {
        const { bytes } = request;
        open.get(request.id)?.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        reply({ id: request.id, consumed: bytes.byteLength });
        return;
      }
      case 'end': {
        const scan = open.get(request.id);
        open.delete(request.id);
        reply({ id: request.id, secrets: scan ? scan.end() : [] });
        return;
      }
    }
  } catch (error) {
    open.delete(request.id);
    reply({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});

function reply(message: WorkerReply): void {
  parentPort!.postMessage(message);
}
