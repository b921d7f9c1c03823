/**
 * The ImageModel rules see: config, history, layers (each tied to the history step that made it),
 * the stacked filesystem with every version each layer wrote, and what the scan found in contents.
 */
import { DPKG_LIST, type ContentFacts } from './content.js';
import { parseImageConfig, type HistoryEntry, type ImageConfig } from './config.js';
import type { ImageLayout, ReadImage } from './archive.js';
import { LayeredFilesystem, type FileVersion } from './layers.js';
import type { Compression } from './decompress.js';

export interface ImageLayer {
  index: number;
  /** Digest of the blob as stored. */
  digest: string;
  /** `rootfs.diff_ids[index]` from the config: the uncompressed layer's digest. */
  diffId: string | undefined;
  /** Bytes as stored. */
  size: number;
  compression: Compression;
  /** The history step that made the layer, when history and layers line up. */
  history: HistoryEntry | undefined;
  historyIndex: number | undefined;
  entryCount: number;
}

export interface ImageModel {
  /** How the user named it: a tag from the archive, or the path they gave. */
  name: string;
  /** The path or reference the user gave. */
  source: string;
  layout: ImageLayout | 'rootfs';
  tags: string[];
  configDigest: string;
  /** False for a root filesystem folder: no User, Env or healthcheck to check. */
  hasConfig: boolean;
  config: ImageConfig;
  history: HistoryEntry[];
  layers: ImageLayer[];
  fs: LayeredFilesystem;
  /** What the scan found in a version's content (secrets, text of passwd/shadow/group). */
  contentOf(version: FileVersion): ContentFacts | undefined;
  /** The final text of a file the scan keeps as text (see content.ts TEXT_FILES). */
  textOf(path: string): string | undefined;
  /**
   * Whether the distribution's package manager installed `path` (dpkg's `*.list` files, apk's
   * installed database). Such files are the distribution's own, scanned by its maintainers.
   */
  packageOwned(path: string): boolean;
  notes: string[];
}

export function buildImageModel(read: ReadImage, source: string): ImageModel {
  const { config, history } = parseImageConfig(read.configText, `${source}: config`);
  const fs = new LayeredFilesystem();
  for (const { scan } of read.layers) fs.addLayer(scan.changes);
  // Non-empty history steps made the layers, in order. Images squashed or assembled by other tools
  // may not line up; then layers keep no history rather than a wrong one.
  const makers = history.map((h, i) => ({ h, i })).filter(({ h }) => !h.emptyLayer);
  const aligned = makers.length === read.layers.length;
  const layers: ImageLayer[] = read.layers.map(({ scan }, index) => ({
    index,
    digest: scan.digest,
    diffId: config.diffIds[index],
    size: scan.size,
    compression: scan.compression,
    history: aligned ? makers[index]!.h : undefined,
    historyIndex: aligned ? makers[index]!.i : undefined,
    entryCount: scan.entryCount,
  }));
  const notes = [...read.notes];
  if (!aligned && history.length > 0) {
    notes.push(`the history has ${makers.length} layer steps for ${read.layers.length} layers; findings name layers without their steps`);
  }
  let owned: Set<string> | undefined;
  const contentOf = (version: FileVersion): ContentFacts | undefined =>
    read.layers[version.layer]?.scan.contents.get(version.entry.path);
  return {
    name: read.tags[0] ?? source,
    source,
    layout: read.layout,
    tags: read.tags,
    configDigest: read.configDigest,
    hasConfig: true,
    config,
    history,
    layers,
    fs,
    contentOf,
    textOf: (path) => {
      const version = fs.get(path);
      return version ? contentOf(version)?.text : undefined;
    },
    packageOwned: (path) => {
      owned ??= packageFiles(fs, contentOf);
      return owned.has(path);
    },
    notes,
  };
}

/** Every path a package manager of the final filesystem says it installed. */
function packageFiles(fs: LayeredFilesystem, contentOf: (v: FileVersion) => ContentFacts | undefined): Set<string> {
  const out = new Set<string>();
  for (const v of fs.final()) {
    if (!DPKG_LIST.test(v.entry.path)) continue;
    for (const line of contentOf(v)?.text?.split('\n') ?? []) if (line.startsWith('/')) out.add(line.slice(1));
  }
  const apk = fs.get('lib/apk/db/installed');
  if (apk) {
    let dir = '';
    for (const line of contentOf(apk)?.text?.split('\n') ?? []) {
      if (line.startsWith('F:')) dir = line.slice(2);
      else if (line.startsWith('R:')) out.add(dir === '' ? line.slice(2) : `${dir}/${line.slice(2)}`);
    }
  }
  return out;
}
