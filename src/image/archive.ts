/**
 * Image readers. The layout is read from content, never from the file name:
 *
 * - a tar with `manifest.json` (`docker save`: Docker ≤ 24's `<id>/layer.tar` layout, Docker ≥ 25's
 *   OCI layout inside the tar, skopeo's `docker-archive:` whose `layer.tar` entries are symlinks);
 * - a tar with `index.json` and no `manifest.json` (an OCI archive);
 * - a folder with `index.json` (an OCI layout);
 * - the same tar streamed from the Docker engine.
 *
 * A tar is read in ONE pass, in the order its entries come: `docker save` puts the manifest last, so
 * every blob is handled as it arrives. Small blobs (configs, manifests) are kept in memory; large
 * ones are read as layers on the spot, keeping only metadata and content facts. Which blobs the
 * manifest really names is settled at the end.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { arch as hostArch } from 'node:os';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import { isObject, objectAt, parseJsonObject, stringAt } from './config.js';
import { bufferStream, readSmallBlob, scanLayer, type LayerScan } from './scan-layer.js';
import type { ContentPolicy } from './content.js';
import type { SecretScanner } from './secret-scan.js';
import { ImageError } from './types.js';

/** Blobs up to this size are kept in memory until the manifest says what they are. */
export const SMALL_BLOB_BYTES = 4 << 20;
/** Longest symlink chain followed inside an archive. */
const MAX_SYMLINK_HOPS = 8;

export type ImageLayout = 'docker-archive' | 'oci-archive' | 'oci-layout';

/** What the readers hand to the model builder. */
export interface ReadImage {
  layout: ImageLayout;
  /** Tags from the manifest (`RepoTags`, `org.opencontainers.image.ref.name`), when any. */
  tags: string[];
  configText: string;
  configDigest: string;
  layers: { scan: LayerScan; descriptor: LayerDescriptor }[];
  /** Things worth telling the user that did not stop the scan (e.g. other images in the archive). */
  notes: string[];
}

export interface LayerDescriptor {
  /** The blob's name in the archive or layout (`blobs/sha256/…`, `<id>/layer.tar`). */
  name: string;
  /** The digest the manifest gives, when it gives one. */
  digest: string | undefined;
  mediaType: string | undefined;
}

export interface ReadOptions {
  /** `os/arch[/variant]`; default: this machine's. */
  platform?: string;
  /** Where file contents are scanned for secrets; default: this thread. */
  scanner?: SecretScanner;
  /** Which file contents are scanned; default: content.ts DEFAULT_CONTENT_POLICY. */
  content?: ContentPolicy;
  onBytes?: (bytes: number) => void;
}

/** Reads an image tar (docker save, OCI archive) from a stream, in one pass. `subject` names it in errors. */
export async function readImageTar(source: Readable, subject: string, options: ReadOptions = {}): Promise<ReadImage> {
  const small = new Map<string, Buffer>();
  const smallDigests = new Map<string, string>();
  const layers = new Map<string, LayerScan>();
  const symlinks = new Map<string, string>();
  let readBefore = 0;
  const extract = tarStream.extract();

  const consume = async (): Promise<void> => {
    for await (const entry of extract) {
      const header = entry.header;
      const name = archiveName(header.name);
      if (header.type === 'symlink' && header.linkname !== undefined && header.linkname !== null) {
        symlinks.set(name, header.linkname);
        (entry as unknown as Readable).resume();
        continue;
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        (entry as unknown as Readable).resume();
        continue;
      }
      const size = header.size ?? 0;
      const base = readBefore;
      const onBytes = options.onBytes ? (n: number): void => options.onBytes!(base + n) : undefined;
      if (size <= SMALL_BLOB_BYTES) {
        const { bytes, digest } = await readSmallBlob(entry as unknown as Readable, SMALL_BLOB_BYTES, `${subject}: ${name}`);
        small.set(name, bytes);
        smallDigests.set(name, digest);
        onBytes?.(bytes.length);
      } else {
        layers.set(name, await scanLayer(entry as unknown as Readable, { subject: `${subject}: ${name}`, onBytes, scanner: options.scanner, content: options.content }));
      }
      readBefore += size;
    }
  };
  try {
    await Promise.all([pipeline(source, extract), consume()]);
  } catch (error) {
    source.destroy();
    if (error instanceof ImageError) throw error;
    if (/invalid tar header|unexpected end of data/i.test(describe(error))) {
      throw new ImageError('not an image archive: it is not a tar file, or it is cut short', subject, { cause: error });
    }
    throw new ImageError(`cannot read the image tar (${describe(error)})`, subject, { cause: error });
  }

  const blobs: BlobStore = {
    json: (name, what) => {
      const bytes = small.get(resolveLink(name, symlinks, subject));
      if (!bytes) throw new ImageError(`the archive has no ${what} '${name}'`, subject);
      return bytes.toString('utf8');
    },
    layer: async (name) => {
      const real = resolveLink(name, symlinks, subject);
      const scanned = layers.get(real);
      if (scanned) return scanned;
      const bytes = small.get(real);
      if (!bytes) throw new ImageError(`the manifest names layer '${name}', which is not in the archive`, subject);
      return scanLayer(bufferStream(bytes), { subject: `${subject}: ${name}`, scanner: options.scanner, content: options.content });
    },
    digestOf: (name) => {
      const real = resolveLink(name, symlinks, subject);
      return layers.get(real)?.digest ?? smallDigests.get(real);
    },
  };
  if (small.has('manifest.json')) return readDockerManifest(blobs, subject);
  if (small.has('index.json')) return readOciIndex(blobs, subject, 'oci-archive', options);
  // `docker save` writes its manifest last, so an archive cut short at an entry boundary (tar needs
  // no end marker to read cleanly) looks like this too.
  const cut = layers.size > 0 || small.size > 0 ? ' (if it is an image archive, it may be cut short)' : '';
  throw new ImageError(`not an image archive: it has neither manifest.json (docker save) nor index.json (OCI)${cut}`, subject);
}

/** Reads an OCI layout folder: `index.json`, `oci-layout` and `blobs/<alg>/<hex>`. */
export async function readOciLayout(dir: string, subject: string, options: ReadOptions = {}): Promise<ReadImage> {
  let readBefore = 0;
  const fileOf = (name: string): string => {
    const parts = name.split('/');
    if (parts.some((p) => p === '..' || p === '') || name.startsWith('/')) {
      throw new ImageError(`blob name '${name}' leaves the layout folder`, subject);
    }
    return posix.join(dir, name);
  };
  const texts = new Map<string, string>();
  const load = async (name: string, what: string): Promise<void> => {
    try {
      const stream = createReadStream(fileOf(name));
      const { bytes, digest } = await readSmallBlob(stream, SMALL_BLOB_BYTES, `${subject}: ${name}`);
      checkNamedDigest(name, digest, subject);
      texts.set(name, bytes.toString('utf8'));
    } catch (error) {
      if (error instanceof ImageError) throw error;
      throw new ImageError(`cannot read ${what} '${name}' (${describe(error)})`, subject, { cause: error });
    }
  };
  await load('index.json', 'index');
  // Manifests and configs are read on demand through this store; JSON blobs are small.
  const blobs: AsyncBlobStore = {
    json: async (name, what) => {
      if (!texts.has(name)) await load(name, what);
      return texts.get(name)!;
    },
    layer: async (name) => {
      const size = readBefore;
      const onBytes = options.onBytes ? (n: number): void => options.onBytes!(size + n) : undefined;
      let stream: Readable;
      try {
        stream = createReadStream(fileOf(name), { highWaterMark: 1 << 20 });
      } catch (error) {
        throw new ImageError(`cannot read layer '${name}' (${describe(error)})`, subject, { cause: error });
      }
      const scan = await scanLayer(stream, { subject: `${subject}: ${name}`, onBytes, scanner: options.scanner, content: options.content }).catch((error: unknown) => {
        if (error instanceof ImageError) throw error;
        throw new ImageError(`cannot read layer '${name}' (${describe(error)})`, subject, { cause: error });
      });
      readBefore += scan.size;
      return scan;
    },
  };
  return readOciIndexAsync(blobs, subject, 'oci-layout', options);
}

interface BlobStore {
  json(name: string, what: string): string;
  layer(name: string): Promise<LayerScan>;
  digestOf(name: string): string | undefined;
}

interface AsyncBlobStore {
  json(name: string, what: string): Promise<string>;
  layer(name: string): Promise<LayerScan>;
}

/** `docker save`'s manifest.json: `[{ Config, RepoTags, Layers }]`. */
async function readDockerManifest(blobs: BlobStore, subject: string): Promise<ReadImage> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(blobs.json('manifest.json', 'manifest'));
  } catch (error) {
    throw new ImageError(`manifest.json is not valid JSON (${describe(error)})`, subject);
  }
  if (!Array.isArray(manifest) || manifest.length === 0 || !isObject(manifest[0])) {
    throw new ImageError('manifest.json lists no image', subject);
  }
  const notes: string[] = [];
  if (manifest.length > 1) notes.push(`the archive holds ${manifest.length} images; only the first is scanned`);
  const first = manifest[0];
  const configName = stringAt(first, 'Config');
  if (!configName) throw new ImageError('manifest.json gives no Config', subject);
  const layerNames = Array.isArray(first.Layers) ? first.Layers.filter((l): l is string => typeof l === 'string') : [];
  const tags = Array.isArray(first.RepoTags) ? first.RepoTags.filter((t): t is string => typeof t === 'string') : [];
  const configText = blobs.json(archiveName(configName), 'config');
  const configDigest = blobs.digestOf(archiveName(configName)) ?? '';
  checkNamedDigest(archiveName(configName), configDigest, subject);
  const diffIds = diffIdsOf(configText, subject);
  const layers: ReadImage['layers'] = [];
  for (const [i, raw] of layerNames.entries()) {
    const name = archiveName(raw);
    const scan = await blobs.layer(name);
    checkNamedDigest(name, scan.digest, subject);
    // The legacy layout stores layers uncompressed, so each one's digest is its diff_id.
    const diffId = diffIds[i];
    if (scan.compression === 'none' && diffId && /^[0-9a-f]{64}\/layer\.tar$/.test(name) && diffId !== scan.digest) {
      throw new ImageError(`layer '${name}' has digest ${scan.digest}, but the config says ${diffId}: the archive is corrupt or was tampered with`, subject);
    }
    layers.push({ scan, descriptor: { name, digest: undefined, mediaType: undefined } });
  }
  // Docker >= 25 writes an OCI layout inside the tar, but it is still `docker save` output.
  return { layout: 'docker-archive', tags, configText, configDigest, layers, notes };
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/** An OCI index (archive): walk to the image manifest for the platform. */
async function readOciIndex(blobs: BlobStore, subject: string, layout: ImageLayout, options: ReadOptions): Promise<ReadImage> {
  const store: AsyncBlobStore = {
    json: async (name, what) => {
      const text = blobs.json(name, what);
      const digest = blobs.digestOf(name);
      if (digest) checkNamedDigest(name, digest, subject);
      return text;
    },
    layer: (name) => blobs.layer(name),
  };
  return readOciIndexAsync(store, subject, layout, options);
}

async function readOciIndexAsync(blobs: AsyncBlobStore, subject: string, layout: ImageLayout, options: ReadOptions): Promise<ReadImage> {
  const wanted = parsePlatform(options.platform) ?? hostPlatform();
  const candidates: { manifest: Record<string, unknown>; platform: Platform | undefined; tags: string[]; name: string }[] = [];
  const visit = async (name: string, what: string, depth: number, inherited: { platform: Platform | undefined; tags: string[] }): Promise<void> => {
    if (depth > 4) throw new ImageError('image indexes nest more than 4 levels deep', subject);
    const doc = parseJsonObject(await blobs.json(name, what), subject, `${what} ${name}`);
    const mediaType = stringAt(doc, 'mediaType');
    const isIndex = Array.isArray(doc.manifests) && (mediaType === undefined || INDEX_TYPES.has(mediaType));
    if (!isIndex) {
      candidates.push({ manifest: doc, platform: inherited.platform, tags: inherited.tags, name });
      return;
    }
    for (const d of doc.manifests as unknown[]) {
      if (!isObject(d)) continue;
      const digest = stringAt(d, 'digest');
      if (!digest) continue;
      const p = objectAt(d, 'platform');
      const platform = p ? { os: stringAt(p, 'os') ?? '', architecture: stringAt(p, 'architecture') ?? '', variant: stringAt(p, 'variant') } : inherited.platform;
      const ref = stringAt(objectAt(d, 'annotations') ?? {}, 'org.opencontainers.image.ref.name') ?? stringAt(objectAt(d, 'annotations') ?? {}, 'io.containerd.image.name');
      // Attestation manifests (buildx provenance) describe an image; they are not one.
      if (stringAt(objectAt(d, 'annotations') ?? {}, 'vnd.docker.reference.type') === 'attestation-manifest') continue;
      await visit(blobName(digest, subject), 'manifest', depth + 1, { platform, tags: ref ? [...inherited.tags, ref] : inherited.tags });
    }
  };
  await visit('index.json', 'index', 0, { platform: undefined, tags: [] });
  if (candidates.length === 0) throw new ImageError('the index names no image manifest', subject);
  const pick =
    candidates.find((c) => c.platform && samePlatform(c.platform, wanted)) ??
    (candidates.length === 1 || !options.platform ? candidates.find((c) => !c.platform || c.platform.os !== 'unknown') : undefined);
  if (!pick) {
    const have = candidates.map((c) => (c.platform ? formatPlatform(c.platform) : 'unknown')).join(', ');
    throw new ImageError(`no image for platform ${formatPlatform(wanted)} (the index has: ${have}); choose one with --platform`, subject);
  }
  const notes: string[] = [];
  if (candidates.length > 1) notes.push(`the index holds ${candidates.length} images; scanned ${pick.platform ? formatPlatform(pick.platform) : pick.name}`);
  const configDesc = objectAt(pick.manifest, 'config');
  const configDigestRaw = configDesc && stringAt(configDesc, 'digest');
  if (!configDigestRaw) throw new ImageError(`manifest ${pick.name} gives no config`, subject);
  const configName = blobName(configDigestRaw, subject);
  const configText = await blobs.json(configName, 'config');
  const layers: ReadImage['layers'] = [];
  const descriptors = Array.isArray(pick.manifest.layers) ? pick.manifest.layers : [];
  for (const d of descriptors) {
    if (!isObject(d)) continue;
    const digest = stringAt(d, 'digest');
    if (!digest) throw new ImageError(`manifest ${pick.name} has a layer without a digest`, subject);
    const name = blobName(digest, subject);
    const scan = await blobs.layer(name);
    if (scan.digest !== digest) {
      throw new ImageError(`blob ${name} has digest ${scan.digest}, not ${digest}: the archive is corrupt or was tampered with`, subject);
    }
    layers.push({ scan, descriptor: { name, digest, mediaType: stringAt(d, 'mediaType') } });
  }
  return { layout, tags: pick.tags, configText, configDigest: configDigestRaw, layers, notes };
}

interface Platform {
  os: string;
  architecture: string;
  variant: string | undefined;
}

function parsePlatform(text: string | undefined): Platform | undefined {
  if (!text) return undefined;
  const [os = '', architecture = '', variant] = text.split('/');
  return { os, architecture, variant };
}

function hostPlatform(): Platform {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return { os: 'linux', architecture: map[hostArch()] ?? hostArch(), variant: undefined };
}

function samePlatform(a: Platform, b: Platform): boolean {
  return a.os === b.os && a.architecture === b.architecture && (!b.variant || a.variant === b.variant);
}

function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** `sha256:<hex>` → `blobs/sha256/<hex>`, refusing anything that is not a plain digest. */
function blobName(digest: string, subject: string): string {
  const m = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest);
  if (!m) throw new ImageError(`'${digest}' is not a valid digest`, subject);
  return `blobs/${m[1]}/${m[2]}`;
}

/** A blob stored under its own digest must hash to it. */
function checkNamedDigest(name: string, digest: string, subject: string): void {
  const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name) ?? /^([0-9a-f]{64})\.json$/.exec(name);
  if (m && digest !== `sha256:${m[1]}`) {
    throw new ImageError(`blob ${name} has digest ${digest}: the archive is corrupt or was tampered with`, subject);
  }
}

function diffIdsOf(configText: string, subject: string): string[] {
  const raw = parseJsonObject(configText, subject, 'image config');
  const ids = objectAt(raw, 'rootfs')?.diff_ids;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/** Entry names as the manifest writes them: no `./` prefix. */
function archiveName(name: string): string {
  return name.replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
}

/** Follows symlinks between archive entries (skopeo's `<id>/layer.tar` → `<diffid>.tar`). */
function resolveLink(name: string, symlinks: ReadonlyMap<string, string>, subject: string): string {
  let current = name;
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    const target = symlinks.get(current);
    if (target === undefined) return current;
    const joined = target.startsWith('/') ? target : posix.join(posix.dirname(current), target);
    const normal = posix.normalize(joined);
    if (target.startsWith('/') || normal === '..' || normal.startsWith('../')) {
      throw new ImageError(`entry '${current}' is a symlink to '${target}', outside the archive`, subject);
    }
    current = normal;
  }
  throw new ImageError(`entry '${name}' is a symlink chain more than ${MAX_SYMLINK_HOPS} links long`, subject);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether a folder is an OCI layout (it has index.json). */
export async function isOciLayout(dir: string): Promise<boolean> {
  try {
    await access(posix.join(dir, 'index.json'));
    return true;
  } catch {
    return false;
  }
}
