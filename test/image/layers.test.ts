import { describe, expect, it } from 'vitest';
import { LayeredFilesystem, layerChanges } from '../../src/image/layers.js';
import type { EntryType, LayerEntry } from '../../src/image/types.js';

function entry(path: string, type: EntryType = 'file', mode = 0o644): LayerEntry {
  return { path, type, mode, uid: 0, gid: 0, size: type === 'file' ? 1 : 0, linkTarget: undefined, xattrs: new Map() };
}

/** A layer from a list like ['etc/', 'etc/passwd', 'etc/.wh.shadow'] (a trailing / makes a folder). */
function layer(...paths: string[]): ReturnType<typeof layerChanges> {
  return layerChanges(paths.map((p) => (p.endsWith('/') ? entry(p.slice(0, -1), 'directory', 0o755) : entry(p))));
}

function finalPaths(fs: LayeredFilesystem): string[] {
  return [...fs.final()].map((v) => `${v.entry.path}@${v.layer}`);
}

function hiddenPaths(fs: LayeredFilesystem): string[] {
  return fs.hidden().map((v) => `${v.entry.path}@${v.layer}:${v.removedBy!.kind}@${v.removedBy!.layer}`);
}

describe('layered filesystem', () => {
  it('splits whiteout markers from entries', () => {
    const c = layer('etc/', 'etc/.wh.shadow', 'opt/.wh..wh..opq', '.wh.root-file', 'etc/passwd');
    expect(c.entries.map((e) => e.path)).toEqual(['etc', 'etc/passwd']);
    expect(c.whiteouts).toEqual(['etc/shadow', 'root-file']);
    expect(c.opaque).toEqual(['opt']);
  });

  it('a whiteout deletes a file of a lower layer and keeps the version as hidden', () => {
    const fs = new LayeredFilesystem();
    fs.addLayer(layer('app/', 'app/token.txt', 'app/main'));
    fs.addLayer(layer('app/', 'app/.wh.token.txt'));
    expect(finalPaths(fs)).toEqual(['app@1', 'app/main@0']);
    expect(hiddenPaths(fs)).toEqual(['app@0:overwritten@1', 'app/token.txt@0:deleted@1']);
  });

  it('a folder whiteout deletes everything under it', () => {
    const fs = new LayeredFilesystem();
    fs.addLayer(layer('d/', 'd/a', 'd/sub/', 'd/sub/b'));
    fs.addLayer(layer('.wh.d'));
    expect(finalPaths(fs)).toEqual([]);
    expect(hiddenPaths(fs).sort()).toEqual(['d/a@0:deleted@1', 'd/sub/b@0:deleted@1', 'd/sub@0:deleted@1', 'd@0:deleted@1']);
  });

  it('an opaque folder hides the lower contents but keeps the same layer’s, whatever their tar order', () => {
    const fs = new LayeredFilesystem();
    fs.addLayer(layer('cache/', 'cache/secret', 'cache/old'));
    // The new file comes BEFORE the marker in the tar: it must survive.
    fs.addLayer(layer('cache/', 'cache/new', 'cache/.wh..wh..opq'));
    expect(finalPaths(fs)).toEqual(['cache@1', 'cache/new@1']);
    expect(hiddenPaths(fs)).toEqual(['cache@0:overwritten@1', 'cache/secret@0:opaque@1', 'cache/old@0:opaque@1']);
  });

  it('whiteouts apply to lower layers only: a file recreated in the same layer stays', () => {
    const fs = new LayeredFilesystem();
    fs.addLayer(layer('f'));
    fs.addLayer(layer('f', '.wh.f'));
    expect(finalPaths(fs)).toEqual(['f@1']);
    expect(hiddenPaths(fs)).toEqual(['f@0:deleted@1']);
  });

  it('an overwritten file keeps its old version as hidden', () => {
    const fs = new LayeredFilesystem();
    fs.addLayer(layer('etc/', 'etc/conf'));
    fs.addLayer(layer('etc/', 'etc/conf'));
    expect(fs.get('etc/conf')?.layer).toBe(1);
    expect(hiddenPaths(fs)).toEqual(['etc@0:overwritten@1', 'etc/conf@0:overwritten@1']);
  });

  it('a file replacing a folder hides what was under it', () => {
    const fs = new LayeredFilesystem();
    fs.addLayer(layer('x/', 'x/inside'));
    fs.addLayer(layer('x'));
    expect(finalPaths(fs)).toEqual(['x@1']);
    expect(hiddenPaths(fs)).toEqual(['x@0:overwritten@1', 'x/inside@0:overwritten@1']);
  });

  it('a whiteout of a path that never existed changes nothing', () => {
    const fs = new LayeredFilesystem();
    fs.addLayer(layer('a'));
    fs.addLayer(layer('.wh.b', 'nope/.wh..wh..opq'));
    expect(finalPaths(fs)).toEqual(['a@0']);
    expect(fs.hidden()).toEqual([]);
  });

  it('lists the final filesystem in path order', () => {
    const fs = new LayeredFilesystem();
    fs.addLayer(layer('b', 'a/', 'a/z', 'a/c'));
    expect(finalPaths(fs)).toEqual(['a@0', 'a/c@0', 'a/z@0', 'b@0']);
  });
});
