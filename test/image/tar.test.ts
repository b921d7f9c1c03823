import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decompressed } from '../../src/image/decompress.js';
import { normalizeTarPath, parsePaxRecords, readLayerTar, type LayerVisitor } from '../../src/image/tar.js';
import { ImageError, type LayerEntry } from '../../src/image/types.js';
import { BLOCK, buildTar, entryBlocks, header, padded, paxRecords, type TarEntrySpec } from './tar-builder.js';
import { CI, tool } from './tools.js';

const SUBJECT = 'layer 1 (sha256:test)';

/** A tool on PATH (or in the sbin folders root's PATH may lack); outside CI a missing one skips its tests. */
interface Read {
  entry: LayerEntry;
  content: Buffer;
}

/** Reads a whole tar, each entry's content included. */
async function readAll(tar: Buffer | Readable, chunkSize?: number): Promise<Read[]> {
  const out: Read[] = [];
  await readLayerTar(
    sourceOf(tar, chunkSize),
    async (entry, content) => {
      const chunks: Buffer[] = [];
      for await (const chunk of content) chunks.push(chunk as Buffer);
      out.push({ entry, content: Buffer.concat(chunks) });
    },
    { subject: SUBJECT },
  );
  return out;
}

function sourceOf(tar: Buffer | Readable, chunkSize?: number): Readable {
  if (tar instanceof Readable) return tar;
  if (chunkSize === undefined) return Readable.from([tar]);
  const chunks: Buffer[] = [];
  for (let i = 0; i < tar.length; i += chunkSize) chunks.push(tar.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

async function entriesOf(specs: TarEntrySpec[], options?: Parameters<typeof buildTar>[1]): Promise<LayerEntry[]> {
  return (await readAll(buildTar(specs, options))).map((r) => r.entry);
}

async function failureOf(tar: Buffer | Readable, visit: LayerVisitor = () => undefined): Promise<unknown> {
  try {
    await readLayerTar(sourceOf(tar), visit, { subject: SUBJECT });
  } catch (error) {
    return error;
  }
  throw new Error('expected readLayerTar to fail');
}

async function imageErrorOf(tar: Buffer | Readable, visit?: LayerVisitor): Promise<ImageError> {
  const error = await failureOf(tar, visit);
  expect(error).toBeInstanceOf(ImageError);
  expect((error as ImageError).subject).toBe(SUBJECT);
  return error as ImageError;
}

/** Every byte value, so that a UTF-8 round trip anywhere would show. */
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** `setcap cap_net_raw=ep`, as the kernel stores it (vfs_cap_data v2). */
const CAP_NET_RAW_EP = Buffer.from('0100000200200000000000000000000000000000', 'hex');

describe('readLayerTar: entries', () => {
  it('reports each type with its fields', async () => {
    const entries = await entriesOf([
      { name: 'etc/', type: 'directory', mode: 0o755, uid: 0, gid: 0 },
      { name: 'etc/hostname', content: 'box\n', mode: 0o644, uid: 1000, gid: 1001 },
      { name: 'etc/hostname2', type: 'link', linkname: 'etc/hostname' },
      { name: 'etc/localtime', type: 'symlink', linkname: '/usr/share/zoneinfo/UTC' },
      { name: 'dev/null', type: 'character-device', mode: 0o666, devmajor: 1, devminor: 3 },
      { name: 'dev/sda', type: 'block-device', mode: 0o660, devmajor: 8 },
      { name: 'run/pipe', type: 'fifo', mode: 0o600 },
    ]);
    expect(entries).toEqual([
      { path: 'etc', type: 'directory', mode: 0o755, uid: 0, gid: 0, size: 0, linkTarget: undefined, xattrs: new Map() },
      { path: 'etc/hostname', type: 'file', mode: 0o644, uid: 1000, gid: 1001, size: 4, linkTarget: undefined, xattrs: new Map() },
      { path: 'etc/hostname2', type: 'hardlink', mode: 0o644, uid: 0, gid: 0, size: 0, linkTarget: 'etc/hostname', xattrs: new Map() },
      { path: 'etc/localtime', type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, linkTarget: '/usr/share/zoneinfo/UTC', xattrs: new Map() },
      { path: 'dev/null', type: 'char-device', mode: 0o666, uid: 0, gid: 0, size: 0, linkTarget: undefined, xattrs: new Map() },
      { path: 'dev/sda', type: 'block-device', mode: 0o660, uid: 0, gid: 0, size: 0, linkTarget: undefined, xattrs: new Map() },
      { path: 'run/pipe', type: 'fifo', mode: 0o600, uid: 0, gid: 0, size: 0, linkTarget: undefined, xattrs: new Map() },
    ]);
  });

  it('keeps permission bits only, setuid/setgid/sticky included (Docker writes file-type bits in the mode field)', async () => {
    const entries = await entriesOf([
      { name: 'usr/bin/passwd', mode: 0o104755, content: 'x' },
      { name: 'usr/bin/wall', mode: 0o102755, content: 'x' },
      { name: 'tmp/', type: 'directory', mode: 0o41777 },
      { name: 'plain', mode: 0o644 },
    ]);
    expect(entries.map((e) => e.mode)).toEqual([0o4755, 0o2755, 0o1777, 0o644]);
  });

  it("treats 'contiguous-file' (typeflag 7) as a file", async () => {
    const [read] = await readAll(buildTar([{ name: 'c', typeflag: '7', content: 'data' }]));
    expect(read?.entry.type).toBe('file');
    expect(read?.content.toString()).toBe('data');
  });

  it('skips types a layer has no use for, draining their content, and counts them', async () => {
    const tar = buildTar([
      { name: 'sparse', typeflag: 'S', content: Buffer.alloc(3000, 1) },
      { name: 'label', typeflag: 'V' },
      { name: 'after', content: 'still read' },
    ]);
    const seen: string[] = [];
    const stats = await readLayerTar(Readable.from([tar]), (e) => void seen.push(e.path), { subject: SUBJECT });
    expect(seen).toEqual(['after']);
    expect(stats).toEqual({ entries: 1, skipped: 2 });
  });

  it('gives header-only types no content whatever their size field says, as Go (Docker) reads them', async () => {
    // A symlink claiming 512 bytes: Go's archive/tar reads the next block as a header, so must we.
    const tar = Buffer.concat([
      ...entryBlocks({ name: 'link', type: 'symlink', linkname: 'target', size: BLOCK }),
      ...entryBlocks({ name: 'hidden', content: 'seen by Docker' }),
      Buffer.alloc(2 * BLOCK),
    ]);
    const read = await readAll(tar);
    expect(read.map((r) => [r.entry.path, r.entry.size, r.content.toString()])).toEqual([
      ['link', 0, ''],
      ['hidden', 14, 'seen by Docker'],
    ]);
  });

  it('reports zero entries for an empty stream and for a bare end-of-archive marker', async () => {
    expect(await readLayerTar(Readable.from([]), () => undefined, { subject: SUBJECT })).toEqual({ entries: 0, skipped: 0 });
    expect(await readLayerTar(Readable.from([Buffer.alloc(10240)]), () => undefined, { subject: SUBJECT })).toEqual({ entries: 0, skipped: 0 });
  });

  it('ignores zero padding after the end-of-archive marker (tar pads to its blocking factor)', async () => {
    const tar = Buffer.concat([buildTar([{ name: 'a', content: 'a' }]), Buffer.alloc(20 * BLOCK)]);
    expect((await readAll(tar)).map((r) => r.entry.path)).toEqual(['a']);
  });

  it('accepts a tar that stops cleanly after a whole entry, without the end-of-archive marker', async () => {
    const tar = buildTar([{ name: 'a', content: 'abc' }, { name: 'b' }], { end: false });
    expect((await readAll(tar)).map((r) => r.entry.path)).toEqual(['a', 'b']);
  });

  it('reads the same from one chunk as from 1-byte and odd-sized chunks', async () => {
    const tar = buildTar([
      { name: 'a'.repeat(150), content: 'long', xattrs: { 'user.x': ALL_BYTES } },
      { name: 'b', content: Buffer.alloc(1500, 9) },
      { name: 'c/', type: 'directory' },
    ]);
    const whole = await readAll(tar);
    expect(await readAll(tar, 1)).toEqual(whole);
    expect(await readAll(tar, 777)).toEqual(whole);
  });

  it('accepts an old-style stream that is not a Readable', async () => {
    const legacy = new LegacyStream();
    const paths: string[] = [];
    const reading = readLayerTar(legacy as unknown as NodeJS.ReadableStream, (e) => void paths.push(e.path), { subject: SUBJECT });
    legacy.send(buildTar([{ name: 'x', content: 'y' }]));
    await reading;
    expect(paths).toEqual(['x']);
  });
});

/** A pre-streams2 stream: an emitter of 'data' and 'end' with pause/resume, as `Readable#wrap` takes. */
class LegacyStream extends EventEmitter {
  readable = true;
  pause(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  send(data: Buffer): void {
    setImmediate(() => {
      this.emit('data', data);
      this.emit('end');
    });
  }
}

describe('readLayerTar: paths', () => {
  it('normalizes ./ prefixes, the root entry, trailing and doubled slashes and . segments', async () => {
    const entries = await entriesOf([
      { name: './', type: 'directory' },
      { name: './etc/', type: 'directory' },
      { name: './etc//ssh/./sshd_config', content: 'x' },
      { name: 'usr/lib/../bin/', type: 'directory' },
      { name: '.', type: 'directory' },
    ]);
    expect(entries.map((e) => e.path)).toEqual(['', 'etc', 'etc/ssh/sshd_config', 'usr/bin', '']);
  });

  it('strips a leading / from absolute names, as Docker does', async () => {
    const entries = await entriesOf([
      { name: '/etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
      { name: '//usr/bin/', type: 'directory' },
      { name: '/bin/sh', type: 'link', linkname: '/usr/bin/dash' },
    ]);
    expect(entries.map((e) => [e.path, e.linkTarget])).toEqual([
      ['etc/passwd', undefined],
      ['usr/bin', undefined],
      ['bin/sh', 'usr/bin/dash'],
    ]);
  });

  it('passes whiteout names through unchanged', async () => {
    const entries = await entriesOf([
      { name: 'etc/.wh.shadow' },
      { name: 'opt/app/.wh..wh..opq' },
      { name: './var/.wh.cache' },
    ]);
    expect(entries.map((e) => e.path)).toEqual(['etc/.wh.shadow', 'opt/app/.wh..wh..opq', 'var/.wh.cache']);
  });

  it.each(['../x', '../../etc/passwd', 'a/../../x', './..', '/../etc/shadow', 'a/b/../../../c'])("rejects '%s', which leaves the root", async (name) => {
    const error = await imageErrorOf(buildTar([{ name: 'ok', content: 'fine' }, { name, content: 'evil' }]));
    expect(error.message).toBe(`entry '${name}' leaves the image root`);
  });

  it('rejects a hardlink whose target leaves the root, and keeps symlink targets as written', async () => {
    const error = await imageErrorOf(buildTar([{ name: 'etc/shadow2', type: 'link', linkname: '../../etc/shadow' }]));
    expect(error.message).toBe("entry 'etc/shadow2' links to '../../etc/shadow', which leaves the image root");
    const [symlink] = await entriesOf([{ name: 'x', type: 'symlink', linkname: '../../../../etc/shadow' }]);
    expect(symlink?.linkTarget).toBe('../../../../etc/shadow');
  });

  it('rejects a hardlink without a target', async () => {
    const error = await imageErrorOf(buildTar([{ name: 'etc/x', type: 'link', linkname: './' }]));
    expect(error.message).toBe("hardlink 'etc/x' has no target");
  });

  it('resolves .. that stays inside the root, lexically (like filepath.Clean)', () => {
    expect(normalizeTarPath('a/b/../c')).toBe('a/c');
    expect(normalizeTarPath('a/..')).toBe('');
    expect(normalizeTarPath('..')).toBeUndefined();
  });

  it('reads GNU long names and long link targets (L and K records)', async () => {
    const name = `usr/share/${'deep/'.repeat(40)}file.txt`;
    const target = `opt/${'x'.repeat(180)}`;
    const read = await readAll(
      buildTar(
        [
          { name, content: 'long' },
          { name: 'short-link', type: 'link', linkname: target },
          { name: `${name}.sym`, type: 'symlink', linkname: `/${target}` },
        ],
        { format: 'gnu' },
      ),
    );
    expect(read.map((r) => [r.entry.path, r.entry.linkTarget, r.content.toString()])).toEqual([
      [name, undefined, 'long'],
      ['short-link', target, ''],
      [`${name}.sym`, `/${target}`, ''],
    ]);
  });

  it('reads PAX path and linkpath records, and ustar prefix-split names', async () => {
    const unsplittable = `${'n'.repeat(120)}/${'m'.repeat(110)}`;
    const splittable = `${'dir/'.repeat(30)}file`;
    const read = await readAll(
      buildTar([
        { name: unsplittable, content: 'pax path' },
        { name: splittable, content: 'prefix' },
        { name: 'short', type: 'symlink', linkname: `/${'t'.repeat(200)}` },
        { name: 'ignored-name', pax: { path: './from/pax/record' }, content: 'renamed' },
      ]),
    );
    expect(read.map((r) => [r.entry.path, r.entry.linkTarget, r.content.toString()])).toEqual([
      [unsplittable, undefined, 'pax path'],
      [splittable, undefined, 'prefix'],
      ['short', `/${'t'.repeat(200)}`, ''],
      ['from/pax/record', undefined, 'renamed'],
    ]);
  });
});

describe('readLayerTar: PAX records and xattrs', () => {
  // These go through our override of tar-stream's internal _decodeLongHeader/_applyLongHeaders (see
  // src/image/tar.ts). If a tar-stream upgrade stops calling them, the values below come out
  // mangled (U+FFFD) or missing and these tests fail.
  it('PAX xattrs keep their exact bytes (NUL, bytes over 0x7f, "\\n" and "=" included)', async () => {
    const tricky = Buffer.from([0x00, 0x0a, 0x3d, 0x20, 0x31, 0x30, 0x20, 0xff, 0xfe, 0x80, 0x00]);
    const [entry] = await entriesOf([
      {
        name: 'usr/bin/ping',
        content: 'ELF',
        xattrs: { 'security.capability': CAP_NET_RAW_EP, 'user.all-bytes': ALL_BYTES, 'user.tricky': tricky, 'user.empty': Buffer.alloc(0) },
      },
    ]);
    expect(entry?.xattrs.get('security.capability')?.equals(CAP_NET_RAW_EP)).toBe(true);
    expect(entry?.xattrs.get('user.all-bytes')?.equals(ALL_BYTES)).toBe(true);
    expect(entry?.xattrs.get('user.tricky')?.equals(tricky)).toBe(true);
    expect(entry?.xattrs.get('user.empty')?.length).toBe(0);
    expect([...(entry?.xattrs.keys() ?? [])].sort()).toEqual(['security.capability', 'user.all-bytes', 'user.empty', 'user.tricky']);
  });

  it('applies a PAX header to its own entry only', async () => {
    const entries = await entriesOf([
      { name: 'a', content: 'a', xattrs: { 'user.a': Buffer.from([0xff]) } },
      { name: 'b', content: 'b' },
    ]);
    expect(entries.map((e) => [...e.xattrs.keys()])).toEqual([['user.a'], []]);
  });

  it('applies global PAX xattrs to every later entry, with per-entry records overriding them', async () => {
    const entries = await entriesOf([
      { name: 'before', content: '0' },
      { name: 'one', content: '1', globalPax: { 'SCHILY.xattr.user.g': Buffer.from([0x01, 0xff]), 'SCHILY.xattr.user.o': Buffer.from('global') } },
      { name: 'two', content: '2', xattrs: { 'user.o': Buffer.from([0x00, 0x80]) } },
      { name: 'three', content: '3', globalPax: { 'SCHILY.xattr.user.g': Buffer.from('second') } },
    ]);
    const xattrs = entries.map((e) => Object.fromEntries([...e.xattrs].map(([k, v]) => [k, v.toString('hex')])));
    expect(xattrs).toEqual([
      {},
      { 'user.g': '01ff', 'user.o': Buffer.from('global').toString('hex') },
      { 'user.g': '01ff', 'user.o': '0080' },
      { 'user.g': Buffer.from('second').toString('hex'), 'user.o': Buffer.from('global').toString('hex') },
    ]);
  });

  it('does not let a global PAX header rename or resize later entries (Go, hence Docker, ignores it)', async () => {
    const read = await readAll(buildTar([{ name: 'real', content: 'abc', globalPax: { path: 'fake', size: '0' } }]));
    expect(read.map((r) => [r.entry.path, r.content.toString()])).toEqual([['real', 'abc']]);
  });

  it('takes PAX size, uid and gid over the header fields', async () => {
    const tar = Buffer.concat([
      ...entryBlocks({ name: 'big-ids', content: 'abcdef', size: 2, pax: { size: '6', uid: '4294967294', gid: '3000000' } }),
      Buffer.alloc(2 * BLOCK),
    ]);
    const [read] = await readAll(tar);
    expect(read?.entry).toMatchObject({ path: 'big-ids', size: 6, uid: 4294967294, gid: 3000000 });
    expect(read?.content.toString()).toBe('abcdef');
  });

  it('parses PAX records on bytes, lengths counting the whole record', () => {
    const records = parsePaxRecords(paxRecords({ path: 'é/ü', 'SCHILY.xattr.user.bin': Buffer.from([0, 10, 61, 255]) }), SUBJECT);
    expect(records.get('path')?.toString()).toBe('é/ü');
    expect(records.get('SCHILY.xattr.user.bin')).toEqual(Buffer.from([0, 10, 61, 255]));
    expect(parsePaxRecords(Buffer.from('10 a=bcde\n\0\0\0'), SUBJECT).get('a')?.toString()).toBe('bcde');
  });

  it.each([
    ['a length that overruns', '99 path=x\n'],
    ['a record not ending in a newline', '10 path=xy'],
    ['a record without "="', '9 pathxy\n'],
    ['a length that is not a number', 'x path=y\n'],
  ])('rejects a PAX header with %s', async (_, records) => {
    const tar = Buffer.concat([header(paxHeaderFields(records.length)), padded(Buffer.from(records)), ...entryBlocks({ name: 'f' }), Buffer.alloc(1024)]);
    const error = await imageErrorOf(tar);
    expect(error.message).toMatch(/^corrupt tar: (malformed PAX record|PAX record .* has no '=')/);
  });

  it('rejects a PAX size that is not a number', async () => {
    const error = await imageErrorOf(buildTar([{ name: 'f', content: 'x', pax: { size: '-5' } }]));
    expect(error.message).toBe("corrupt tar: PAX size '-5' is not a number");
  });

  it('reports an extended header with no entry after it as truncated', async () => {
    const tar = Buffer.concat([...entryBlocks({ name: 'a', content: 'a' }), header(paxHeaderFields(16)), padded(Buffer.from('16 path=abcdef\n\n'.slice(0, 16)))]);
    const error = await imageErrorOf(tar);
    expect(error.message).toBe("truncated tar: data ends after an extended header after entry 'a', before its entry");
  });
});

function paxHeaderFields(size: number): Parameters<typeof header>[0] {
  return { name: 'PaxHeaders/f', prefix: '', mode: 0o644, uid: 0, gid: 0, size, mtime: 0, typeflag: 'x', linkname: '', devmajor: 0, devminor: 0 };
}

describe('readLayerTar: visitors and content', () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 17, 0x5a);
  const specs: TarEntrySpec[] = [
    { name: 'big', content: big },
    { name: 'small', content: 'small' },
    { name: 'empty' },
    { name: 'dir/', type: 'directory' },
    { name: 'last', content: 'the end' },
  ];

  it('moves on when the visitor ignores the content', async () => {
    const paths: string[] = [];
    const stats = await readLayerTar(Readable.from([buildTar(specs)]), (e) => void paths.push(e.path), { subject: SUBJECT });
    expect(paths).toEqual(['big', 'small', 'empty', 'dir', 'last']);
    expect(stats).toEqual({ entries: 5, skipped: 0 });
  });

  it('moves on when an async visitor ignores the content', async () => {
    const paths: string[] = [];
    await readLayerTar(
      sourceOf(buildTar(specs), 64 * 1024),
      async (e) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        paths.push(e.path);
      },
      { subject: SUBJECT },
    );
    expect(paths).toEqual(['big', 'small', 'empty', 'dir', 'last']);
  });

  it('gives the visitor every byte when it reads', async () => {
    const read = await readAll(buildTar(specs), 100_000);
    expect(read.map((r) => r.content.length)).toEqual([big.length, 5, 0, 0, 7]);
    expect(read[0]?.content.equals(big)).toBe(true);
    expect(read[4]?.content.toString()).toBe('the end');
  });

  it('skips what a visitor leaves after reading part of the content, or after destroying it', async () => {
    const seen: string[] = [];
    await readLayerTar(
      Readable.from([buildTar(specs)]),
      async (entry, content) => {
        if (entry.path === 'big') {
          const first = await new Promise<Buffer>((resolve) => content.once('data', resolve));
          content.pause();
          seen.push(first.subarray(0, 2).toString());
        } else if (entry.path === 'small') {
          for await (const chunk of content) {
            seen.push((chunk as Buffer).toString());
            break; // destroys the stream
          }
        } else {
          seen.push(entry.path);
        }
      },
      { subject: SUBJECT },
    );
    expect(seen).toEqual(['ZZ', 'small', 'empty', 'dir', 'last']);
  });

  it("passes the source's own error through, and releases a visitor waiting for content", async () => {
    const source = new PassThrough();
    const failure = new Error('disk on fire');
    let visitorDone = false;
    const reading = readLayerTar(
      source,
      async (_, content) => {
        try {
          for await (const _chunk of content) void _chunk;
        } finally {
          visitorDone = true;
        }
      },
      { subject: SUBJECT },
    );
    source.write(buildTar([{ name: 'big', content: Buffer.alloc(100_000) }]).subarray(0, 20_000));
    setTimeout(() => source.destroy(failure), 20);
    await expect(reading).rejects.toBe(failure);
    await sleep(20);
    expect(visitorDone).toBe(true);
  });

  it("passes a visitor's own error through, and destroys the source", async () => {
    const source = Readable.from([buildTar(specs)]);
    const oops = new TypeError('visitor bug');
    const error = await failureOf(source, (entry) => {
      if (entry.path === 'small') throw oops;
    });
    expect(error).toBe(oops);
    expect(source.destroyed).toBe(true);
  });

  it('fails cleanly when an entry breaks while a visitor that never reads it is still busy', async () => {
    // Small enough that all of it is buffered, so the break is found while the visitor still sleeps.
    const tar = buildTar([{ name: 'usr/bin/x', content: Buffer.alloc(10_000, 1) }]).subarray(0, BLOCK + 5000);
    const error = await imageErrorOf(tar, () => sleep(50));
    expect(error.message).toBe("truncated tar: data ends inside entry 'usr/bin/x'");
  });

  it('fails with an ImageError naming the entry when its content is cut short while the visitor reads it', async () => {
    const tar = buildTar([{ name: 'usr/bin/x', content: Buffer.alloc(100_000, 1) }]).subarray(0, 50_000);
    let readBytes = 0;
    const error = await imageErrorOf(sourceOf(tar, 4096), async (_, content) => {
      for await (const chunk of content) readBytes += (chunk as Buffer).length;
    });
    expect(error.message).toBe("truncated tar: data ends inside entry 'usr/bin/x'");
    expect(readBytes).toBeLessThan(50_000);
  });
});

describe('readLayerTar: broken and hostile input', () => {
  it("fails with the decompressor's error when a compressed layer is cut short", async () => {
    const layer = gzipSync(buildTar([{ name: 'a', content: randomBytes(200_000) }, { name: 'b', content: 'b' }]));
    const { stream } = await decompressed(sourceOf(layer.subarray(0, layer.length - 5000), 4096), SUBJECT);
    const error = await imageErrorOf(stream);
    expect(error.message).toBe('truncated gzip data');
  });

  const tar = buildTar([
    { name: 'etc/', type: 'directory' },
    { name: 'usr/bin/x', content: Buffer.alloc(5000, 3) },
    { name: 'z', content: 'z' },
  ]);

  it('fails on data ending inside an entry', async () => {
    const error = await imageErrorOf(tar.subarray(0, 3 * BLOCK));
    expect(error.message).toBe("truncated tar: data ends inside entry 'usr/bin/x'");
  });

  it('fails on data ending inside a header', async () => {
    const error = await imageErrorOf(tar.subarray(0, BLOCK + 100));
    expect(error.message).toBe("truncated tar: data ends after entry 'etc/', before the end-of-archive marker");
  });

  it('fails on data ending inside the padding after an entry', async () => {
    const error = await imageErrorOf(tar.subarray(0, 2 * BLOCK + 5000 + 10));
    expect(error.message).toBe("truncated tar: data ends after entry 'usr/bin/x', before the end-of-archive marker");
  });

  it('fails on bytes that are not a tar', async () => {
    expect((await imageErrorOf(Buffer.from('{"schemaVersion": 2}\n'.repeat(100)))).message).toBe('not a tar archive: its first block is not a tar header');
    expect((await imageErrorOf(Buffer.from('hello'))).message).toBe('not a tar archive: 5 bytes, less than one tar header');
    expect((await imageErrorOf(gzipSync(tar))).message).toBe('not a tar archive: 156 bytes, less than one tar header (it looks gzip-compressed)');
    const noise = gzipSync(randomBytes(4096));
    expect((await imageErrorOf(noise)).message).toBe('not a tar archive: its first block is not a tar header (it looks gzip-compressed)');
  });

  it('fails on a corrupt header after good entries', async () => {
    // etc/ header, usr/bin/x header, its 10 content blocks, then garbage where "z"'s header was
    const corrupt = Buffer.concat([tar.subarray(0, 12 * BLOCK), Buffer.alloc(BLOCK, 0x41)]);
    const error = await imageErrorOf(corrupt);
    expect(error.message).toBe("corrupt tar: invalid header after entry 'usr/bin/x'");
  });

  it('fails fast, without allocating, on a header claiming 10 GB followed by little data', async () => {
    const claim = 10 * 1024 ** 3;
    const hostile = Buffer.concat([...entryBlocks({ name: 'usr/bin/x', size: claim }), Buffer.alloc(1024 * 1024, 7)]);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    let seenSize = 0;
    const error = await imageErrorOf(hostile, async (entry, content) => {
      seenSize = entry.size;
      for await (const _ of content) void _;
    });
    expect(seenSize).toBe(claim);
    expect(error.message).toBe("truncated tar: data ends inside entry 'usr/bin/x'");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('streams a 512 MiB entry in bounded memory, whether the visitor reads it or not', async () => {
    const size = 512 * 1024 * 1024;
    for (const reads of [false, true]) {
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      let counted = 0;
      await readLayerTar(
        largeTar(size, () => (peak = Math.max(peak, process.memoryUsage().rss))),
        async (entry, content) => {
          if (!reads || entry.path !== 'huge') return;
          for await (const chunk of content) counted += (chunk as Buffer).length;
        },
        { subject: SUBJECT },
      );
      if (reads) expect(counted).toBe(size);
      // Holding the entry would take 512 MiB; streaming it measured 15–60 MiB, depending on when GC runs.
      expect(peak - rssBefore).toBeLessThan(200 * 1024 * 1024);
    }
  });
});

/**
 * A tar of one `size`-byte entry and a small one, generated as it is read. Each chunk is fresh
 * memory, so a reader that held on to them would show in the RSS.
 */
function largeTar(size: number, onChunk: () => void): Readable {
  const chunkSize = 1024 * 1024;
  return Readable.from(
    (function* () {
      yield* entryBlocks({ name: 'huge', size });
      for (let sent = 0; sent < size; sent += chunkSize) {
        onChunk();
        yield Buffer.alloc(Math.min(chunkSize, size - sent), 0x61);
      }
      if (size % BLOCK !== 0) yield Buffer.alloc(BLOCK - (size % BLOCK));
      yield* entryBlocks({ name: 'after', content: 'x' });
      yield Buffer.alloc(2 * BLOCK);
    })(),
  );
}

describe('readLayerTar: archives written by GNU tar', () => {
  const tar = tool('tar');
  const setcap = tool('setcap');
  const isRoot = process.getuid?.() === 0;
  // Made in beforeAll, not at collection: when every test here is skipped, no hook runs to remove it.
  let work = '';
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'drydock-tar-test-'));
  });
  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  function gnuTar(args: string[]): Buffer {
    return execFileSync(tar.path ?? 'tar', args, { maxBuffer: 64 * 1024 * 1024 });
  }

  function tree(name: string): string {
    const root = join(work, name);
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    const deep = join(root, 'opt', ...Array.from({ length: 14 }, (_, i) => `directory-level-${i}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'file-with-a-name-long-enough.txt'), 'deep\n');
    writeFileSync(join(root, 'usr/bin/tool'), Buffer.alloc(70_000, 0x7f), { mode: 0o4755 });
    linkSync(join(root, 'usr/bin/tool'), join(root, 'usr/bin/tool-hardlink'));
    symlinkSync('tool', join(root, 'usr/bin/tool-symlink'));
    writeFileSync(join(root, 'usr/.wh.removed'), '');
    return root;
  }

  it.skipIf(tar.skip).each(['gnu', 'posix', 'ustar'])(`reads what tar --format=%s writes${tar.note}`, async (format) => {
    const root = tree(`fmt-${format}`);
    const names = format === 'ustar' ? ['./usr'] : ['./usr', './opt'];
    const read = await readAll(gnuTar(['-C', root, `--format=${format}`, '--sort=name', '-cf', '-', ...names]));
    const byPath = new Map(read.map((r) => [r.entry.path, r]));
    expect(byPath.get('usr')?.entry.type).toBe('directory');
    expect(byPath.get('usr/bin/tool')?.entry).toMatchObject({ type: 'file', mode: 0o4755, size: 70_000 });
    expect(byPath.get('usr/bin/tool')?.content.equals(Buffer.alloc(70_000, 0x7f))).toBe(true);
    expect(byPath.get('usr/bin/tool-hardlink')?.entry).toMatchObject({ type: 'hardlink', linkTarget: 'usr/bin/tool', size: 0 });
    expect(byPath.get('usr/bin/tool-symlink')?.entry).toMatchObject({ type: 'symlink', linkTarget: 'tool' });
    expect(byPath.has('usr/.wh.removed')).toBe(true);
    if (format !== 'ustar') {
      const deep = `opt/${Array.from({ length: 14 }, (_, i) => `directory-level-${i}`).join('/')}/file-with-a-name-long-enough.txt`;
      expect(deep.length).toBeGreaterThan(255);
      expect(byPath.get(deep)?.content.toString()).toBe('deep\n');
    }
  });

  const zstd = tool('zstd');
  it.skipIf(tar.skip || zstd.skip)(`reads a layer that tar --zstd compressed, through decompressed()${tar.note}${zstd.note}`, async () => {
    const root = tree('zstd');
    const archive = gnuTar(['-C', root, '--zstd', '--format=posix', '--sort=name', '-cf', '-', 'usr']);
    const { compression, stream } = await decompressed(sourceOf(archive, 1000), SUBJECT);
    expect(compression).toBe('zstd');
    const read = await readAll(stream);
    expect(read.find((r) => r.entry.path === 'usr/bin/tool')?.content.equals(Buffer.alloc(70_000, 0x7f))).toBe(true);
  });

  it.skipIf(tar.skip || setcap.skip || (!isRoot && !CI))(
    `keeps the exact bytes of a capability set with setcap, through tar --xattrs --format=posix and gzip${tar.note}${setcap.note}${isRoot ? '' : ' [skipped: needs root]'}`,
    async () => {
      const root = join(work, 'caps');
      mkdirSync(join(root, 'usr/bin'), { recursive: true });
      writeFileSync(join(root, 'usr/bin/ping'), 'not really ping', { mode: 0o755 });
      execFileSync(setcap.path ?? 'setcap', ['cap_net_raw=ep', join(root, 'usr/bin/ping')]);
      const archive = gnuTar(['-C', root, '--xattrs', '--xattrs-include=*', '--format=posix', '-czf', '-', 'usr']);
      const { compression, stream } = await decompressed(Readable.from([archive]), SUBJECT);
      expect(compression).toBe('gzip');
      const read = await readAll(stream);
      const ping = read.find((r) => r.entry.path === 'usr/bin/ping');
      expect(ping?.entry.xattrs.get('security.capability')?.toString('hex')).toBe(CAP_NET_RAW_EP.toString('hex'));
    },
  );
});
