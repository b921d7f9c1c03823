/**
 * Builds image archives in memory for fast tests: `docker save`'s legacy layout, OCI archives and
 * OCI layout folders, from layer tars. Real engine-built images are in docker-images.ts; these are
 * for exact, hand-shaped cases (hostile ones included).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';

export interface SimpleEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  mode?: number;
  uid?: number;
  gid?: number;
  content?: string | Buffer;
  linkname?: string;
}

/** A tar of the entries, as tar-stream packs it (ustar/PAX). */
export async function packTar(entries: SimpleEntry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const content = typeof e.content === 'string' ? Buffer.from(e.content) : (e.content ?? Buffer.alloc(0));
    await new Promise<void>((resolve, reject) => {
      pack.entry(
        {
          name: e.name,
          type,
          mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644),
          uid: e.uid ?? 0,
          gid: e.gid ?? 0,
          ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
          ...(type === 'file' ? { size: content.length } : {}),
        },
        type === 'file' ? content : '',
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export type Compression = 'none' | 'gzip' | 'zstd';

export function compress(bytes: Buffer, how: Compression): Buffer {
  if (how === 'none') return bytes;
  if (how === 'gzip') return gzipSync(bytes);
  const r = spawnSync('zstd', ['-q', '-c', '-3'], { input: bytes, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`zstd failed: ${r.stderr?.toString() ?? r.error?.message}`);
  return r.stdout;
}

export interface ImageSpec {
  layers: Buffer[];
  /** One per layer unless given: `created_by` of each layer's history step. */
  createdBy?: string[];
  /** Extra history steps without a layer, inserted before the layer steps' index (e.g. USER). */
  emptySteps?: { at: number; createdBy: string }[];
  config?: Record<string, unknown>;
  tags?: string[];
  /** For OCI indexes; default linux/amd64. */
  platform?: { os: string; architecture: string; variant?: string };
}

export function configJson(spec: ImageSpec): Buffer {
  const history: Record<string, unknown>[] = spec.layers.map((_, i) => ({ created_by: spec.createdBy?.[i] ?? `/bin/sh -c step ${i}` }));
  for (const e of [...(spec.emptySteps ?? [])].sort((a, b) => b.at - a.at)) history.splice(e.at, 0, { created_by: e.createdBy, empty_layer: true });
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: spec.config ?? {},
      rootfs: { type: 'layers', diff_ids: spec.layers.map((l) => `sha256:${sha256(l)}`) },
      history,
    }),
  );
}

/** `docker save` as Docker ≤ 24 writes it: `manifest.json`, `<hex>.json`, `<id>/layer.tar`. */
export async function dockerArchive(spec: ImageSpec, options: { symlinkLayers?: boolean } = {}): Promise<Buffer> {
  const config = configJson(spec);
  const configName = `${sha256(config)}.json`;
  const entries: SimpleEntry[] = [];
  const layerNames: string[] = [];
  spec.layers.forEach((layer, i) => {
    const id = sha256(`layer-id-${i}-${sha256(layer)}`);
    entries.push({ name: `${id}/`, type: 'directory' });
    if (options.symlinkLayers) {
      // skopeo's docker-archive: the layer is `<diffid>.tar`, and `<id>/layer.tar` links to it.
      entries.push({ name: `${sha256(layer)}.tar`, content: layer });
      entries.push({ name: `${id}/layer.tar`, type: 'symlink', linkname: `../${sha256(layer)}.tar` });
    } else {
      entries.push({ name: `${id}/layer.tar`, content: layer });
    }
    layerNames.push(`${id}/layer.tar`);
  });
  entries.push({ name: configName, content: config });
  entries.push({ name: 'manifest.json', content: JSON.stringify([{ Config: configName, RepoTags: spec.tags ?? null, Layers: layerNames }]) });
  return packTar(entries);
}

interface OciBlobs {
  blobs: Map<string, Buffer>;
  index: Buffer;
}

function ociBlobs(specs: ImageSpec | ImageSpec[], how: Compression): OciBlobs {
  const blobs = new Map<string, Buffer>();
  const manifests = (Array.isArray(specs) ? specs : [specs]).map((spec) => {
    const config = configJson(spec);
    blobs.set(sha256(config), config);
    const layers = spec.layers.map((l) => {
      const stored = compress(l, how);
      blobs.set(sha256(stored), stored);
      const suffix = how === 'none' ? '' : how === 'gzip' ? '+gzip' : '+zstd';
      return { mediaType: `application/vnd.oci.image.layer.v1.tar${suffix}`, digest: `sha256:${sha256(stored)}`, size: stored.length };
    });
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length },
        layers,
      }),
    );
    blobs.set(sha256(manifest), manifest);
    return {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${sha256(manifest)}`,
      size: manifest.length,
      platform: spec.platform ?? { os: 'linux', architecture: 'amd64' },
      ...(spec.tags?.[0] ? { annotations: { 'org.opencontainers.image.ref.name': spec.tags[0] } } : {}),
    };
  });
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  return { blobs, index };
}

/** An OCI archive (`skopeo copy … oci-archive:`): index.json, oci-layout, blobs/sha256/…. */
/** Several specs make a multi-platform index, one manifest per spec. */
export async function ociArchive(spec: ImageSpec | ImageSpec[], how: Compression = 'gzip'): Promise<Buffer> {
  const { blobs, index } = ociBlobs(spec, how);
  const entries: SimpleEntry[] = [
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' },
    ...[...blobs].map(([hex, bytes]) => ({ name: `blobs/sha256/${hex}`, content: bytes })),
    { name: 'index.json', content: index },
    { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
  ];
  return packTar(entries);
}

/** The same as a folder (`skopeo copy … oci:DIR`). */
export function ociLayout(dir: string, spec: ImageSpec, how: Compression = 'gzip'): void {
  const { blobs, index } = ociBlobs(spec, how);
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  for (const [hex, bytes] of blobs) writeFileSync(join(dir, 'blobs', 'sha256', hex), bytes);
  writeFileSync(join(dir, 'index.json'), index);
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
}
