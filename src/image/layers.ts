/**
 * The layered filesystem: stacks the entries of each layer with Docker's whiteout rules and keeps,
 * for every path, each version any layer wrote, whether it is still visible, and what hid it.
 *
 * Whiteouts follow the OCI image spec: `.wh.<name>` deletes `<name>` (and everything under it) and
 * `.wh..wh..opq` empties its folder, both in LOWER layers only. Entries of the same layer stay, in
 * whatever order the tar lists them, so each layer's markers are applied before its entries.
 */
import type { LayerEntry } from './types.js';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

/** One layer's contribution, as the analyzer read it. */
export interface LayerChanges {
  /** Entries in tar order, whiteout markers excluded. */
  entries: LayerEntry[];
  /** Paths this layer deletes from lower layers. */
  whiteouts: string[];
  /** Folders whose lower-layer contents this layer hides. */
  opaque: string[];
}

/** Splits a layer's raw entries into entries and whiteout markers. */
export function layerChanges(raw: Iterable<LayerEntry>): LayerChanges {
  const entries: LayerEntry[] = [];
  const whiteouts: string[] = [];
  const opaque: string[] = [];
  for (const entry of raw) {
    const slash = entry.path.lastIndexOf('/');
    const base = entry.path.slice(slash + 1);
    const dir = slash === -1 ? '' : entry.path.slice(0, slash);
    if (base === OPAQUE_MARKER) opaque.push(dir);
    else if (base.startsWith(WHITEOUT_PREFIX)) whiteouts.push(joinPath(dir, base.slice(WHITEOUT_PREFIX.length)));
    else entries.push(entry);
  }
  return { entries, whiteouts, opaque };
}

/** How a version stopped being visible. */
export type RemovalKind = 'deleted' | 'overwritten' | 'opaque';

/** A path as one layer wrote it. */
export interface FileVersion {
  entry: LayerEntry;
  /** Index of the layer that wrote this version. */
  layer: number;
  /** The layer that hid it, and how; undefined while it is visible in the final filesystem. */
  removedBy: { layer: number; kind: RemovalKind } | undefined;
}

interface Node {
  version: FileVersion | undefined;
  children: Map<string, Node> | undefined;
}

/** The stacked filesystem of an image. */
export class LayeredFilesystem {
  private readonly root: Node = { version: undefined, children: undefined };
  /** Every version of every path, in layer order. */
  readonly versions: FileVersion[] = [];
  private layerCount = 0;

  /** Applies the next layer on top. */
  addLayer(changes: LayerChanges): void {
    const layer = this.layerCount++;
    for (const dir of changes.opaque) {
      const node = this.find(dir);
      if (!node?.children) continue;
      for (const child of node.children.values()) hide(child, layer, 'opaque');
      node.children = undefined;
    }
    for (const path of changes.whiteouts) {
      const { parent, name } = this.parentOf(path);
      const node = parent?.children?.get(name);
      if (!node) continue;
      hide(node, layer, 'deleted');
      parent!.children!.delete(name);
    }
    for (const entry of changes.entries) {
      const node = this.ensure(entry.path);
      if (node.version) node.version.removedBy = { layer, kind: 'overwritten' };
      // A file or link replacing a folder hides what was under it.
      if (entry.type !== 'directory' && node.children) {
        for (const child of node.children.values()) hide(child, layer, 'overwritten');
        node.children = undefined;
      }
      const version: FileVersion = { entry, layer, removedBy: undefined };
      node.version = version;
      this.versions.push(version);
    }
  }

  /** The visible version of `path` in the final filesystem. */
  get(path: string): FileVersion | undefined {
    return this.find(path)?.version;
  }

  /** Every visible path of the final filesystem, in path order. */
  *final(): Generator<FileVersion> {
    // An explicit stack, not recursion: a hostile layer can nest folders thousands deep.
    const stack: Node[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node !== this.root && node.version) yield node.version;
      if (!node.children) continue;
      const names = [...node.children.keys()].sort();
      for (let i = names.length - 1; i >= 0; i--) stack.push(node.children.get(names[i]!)!);
    }
  }

  /** Versions that some later layer deleted, overwrote or hid: still in the image, not in its filesystem. */
  hidden(): FileVersion[] {
    return this.versions.filter((v) => v.removedBy !== undefined);
  }

  get layers(): number {
    return this.layerCount;
  }

  private find(path: string): Node | undefined {
    let node: Node | undefined = this.root;
    if (path === '') return node;
    for (const part of path.split('/')) {
      node = node.children?.get(part);
      if (!node) return undefined;
    }
    return node;
  }

  private parentOf(path: string): { parent: Node | undefined; name: string } {
    const slash = path.lastIndexOf('/');
    return { parent: slash === -1 ? this.root : this.find(path.slice(0, slash)), name: path.slice(slash + 1) };
  }

  private ensure(path: string): Node {
    let node = this.root;
    if (path === '') return node;
    for (const part of path.split('/')) {
      node.children ??= new Map();
      let next = node.children.get(part);
      if (!next) {
        next = { version: undefined, children: undefined };
        node.children.set(part, next);
      }
      node = next;
    }
    return node;
  }
}

/** Marks a subtree's visible versions as hidden by `layer`. */
function hide(node: Node, layer: number, kind: RemovalKind): void {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.version && !n.version.removedBy) n.version.removedBy = { layer, kind };
    if (n.children) stack.push(...n.children.values());
  }
}

function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
