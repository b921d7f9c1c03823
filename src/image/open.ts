/**
 * Opens a scan target and reads it into an ImageModel. What a target is comes from its content:
 * a folder with `index.json` is an OCI layout, any other folder a root filesystem; a file is read as
 * an image tar (docker save or OCI archive, told apart by their manifests); `docker:<ref>` streams
 * the image from the local Docker engine.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { isOciLayout, readImageTar, readOciLayout, type ReadImage, type ReadOptions } from './archive.js';
import { inspectContent, type ContentFacts } from './content.js';
import { newSecretScanner, type SecretScanner } from './secret-scan.js';
import type { Confidence } from '../secrets/index.js';
import { layerChanges } from './layers.js';
import { buildImageModel, type ImageModel } from './model.js';
import { ImageError, type EntryType, type LayerEntry } from './types.js';

export interface OpenOptions extends ReadOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Total bytes to expect, once known (for a progress bar). */
  onTotal?: (bytes: number | undefined) => void;
  /** Secrets in file contents below this confidence are dropped (default `medium`). */
  minConfidence?: Confidence;
}

export async function openImage(target: string, options: OpenOptions): Promise<ImageModel> {
  const scanner = options.scanner ?? newSecretScanner({ minConfidence: options.minConfidence });
  try {
    return await open(target, { ...options, scanner });
  } finally {
    if (!options.scanner) await scanner.close();
  }
}

async function open(target: string, options: OpenOptions & { scanner: SecretScanner }): Promise<ImageModel> {
  if (target === '-') throw new ImageError('an image cannot be read from standard input: save it to a file (docker save -o) or use docker:<ref>', '-');
  if (target.startsWith('docker:')) return buildImageModel(await readFromEngine(target.slice('docker:'.length), target, options), target);
  const path = resolve(options.cwd, target);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImageError(code === 'ENOENT' ? 'no such file or folder' : `cannot read it (${code ?? String(error)})`, target);
  }
  if (info.isDirectory()) {
    if (await isOciLayout(path)) return buildImageModel(await readOciLayout(path, target, options), target);
    return readRootfs(path, target, options);
  }
  if (!info.isFile()) throw new ImageError('not a file or folder', target);
  options.onTotal?.(info.size);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return buildImageModel(await readImageTar(stream, target, options), target);
}

// ---------------------------------------------------------------------------------------------
// The Docker engine

/**
 * Streams `GET /images/<ref>/get` (what `docker save` does) from the engine's Unix socket, so no
 * docker CLI is needed and nothing is written to disk. Only `unix://` hosts are used: a TCP
 * DOCKER_HOST is refused, since drydock never talks to anything but the local machine's socket.
 */
async function readFromEngine(ref: string, subject: string, options: OpenOptions): Promise<ReadImage> {
  if (ref === '') throw new ImageError("name an image after 'docker:', e.g. docker:alpine:3.20", subject);
  const host = options.env.DOCKER_HOST;
  let socketPath = '/var/run/docker.sock';
  if (host) {
    if (!host.startsWith('unix://')) throw new ImageError(`DOCKER_HOST is '${host}': only a local unix:// socket is supported`, subject);
    socketPath = host.slice('unix://'.length);
  }
  const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    const req = request({ socketPath, path: `/images/${encodeURIComponent(ref)}/get`, method: 'GET' }, resolve);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? `no Docker engine answers at ${socketPath}` : error.message;
      reject(new ImageError(why, subject));
    });
    req.end();
  });
  if (response.statusCode !== 200) {
    const body = await readAll(response, 4096);
    let message = body;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      // not JSON: keep the text
    }
    response.destroy();
    throw new ImageError(`the Docker engine answered ${response.statusCode}: ${message.trim()}`, subject);
  }
  return readImageTar(response, subject, options);
}

async function readAll(stream: Readable, limit: number): Promise<string> {
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (text.length < limit) text += chunk.toString('utf8');
  }
  return text.slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// A root filesystem folder

/**
 * Reads a root filesystem folder as a one-layer image with an empty config, like `trivy rootfs`.
 * Symlinks are recorded, never followed. Extended attributes (file capabilities) cannot be read
 * without a native call, so folders report none.
 */
async function readRootfs(root: string, subject: string, options: OpenOptions & { scanner: SecretScanner }): Promise<ImageModel> {
  const entries: LayerEntry[] = [];
  const contents = new Map<string, ContentFacts>();
  const scanned: Promise<void>[] = [];
  let bytes = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (error) {
      throw new ImageError(`cannot list ${rel || '/'} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, subject);
    }
    for (const name of names) {
      const abs = join(dir, name);
      const path = rel === '' ? name : `${rel}/${name}`;
      const st = await lstat(abs);
      const type = typeOf(st);
      if (!type) continue;
      const entry: LayerEntry = {
        path,
        type,
        mode: st.mode & 0o7777,
        uid: st.uid,
        gid: st.gid,
        size: type === 'file' ? st.size : 0,
        linkTarget: type === 'symlink' ? await readlink(abs) : undefined,
        xattrs: new Map(),
      };
      entries.push(entry);
      if (type === 'file') {
        const stream = createReadStream(abs, { highWaterMark: 1 << 20 });
        const read = await inspectContent(entry, stream, options.scanner, options.content).catch(() => undefined);
        stream.destroy();
        if (read) {
          const done = read.facts.then((facts) => {
            if (facts) contents.set(path, facts);
          });
          done.catch(() => undefined);
          scanned.push(done);
        }
        bytes += st.size;
        options.onBytes?.(bytes);
      } else if (type === 'directory') {
        await walk(abs, path);
      }
    }
  };
  await walk(root, '');
  await Promise.all(scanned);
  const read: ReadImage = {
    layout: 'docker-archive',
    tags: [],
    configText: JSON.stringify({ config: {}, rootfs: { type: 'layers', diff_ids: [] }, history: [] }),
    configDigest: '',
    layers: [{ scan: { changes: layerChanges(entries), contents, compression: 'none', digest: '', size: bytes, entryCount: entries.length }, descriptor: { name: subject, digest: undefined, mediaType: undefined } }],
    notes: ['a root filesystem folder has no image config: checks of User, Env and healthcheck do not apply'],
  };
  return { ...buildImageModel(read, subject), layout: 'rootfs', hasConfig: false };
}

function typeOf(st: import('node:fs').Stats): EntryType | undefined {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'directory';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'char-device';
  if (st.isBlockDevice()) return 'block-device';
  if (st.isFIFO()) return 'fifo';
  return undefined;
}
