/**
 * Streams the entries of one layer tar to a visitor, normalized to `LayerEntry`, without ever
 * holding a whole entry or layer in memory.
 *
 * Parsing is tar-stream's, with one graft: PAX extended headers are decoded here, on bytes, because
 * tar-stream turns every PAX value into a UTF-8 string and so mangles binary xattrs such as
 * `security.capability`. See `RawPaxExtract`.
 *
 * Where tar readers disagree, this one sides with Go's archive/tar, which is what Docker and
 * containerd unpack layers with: a scanner that reads a layer differently from the runtime can be
 * shown one filesystem while the container gets another.
 */
import { Readable } from 'node:stream';
import { extract as createExtract, type Extract, type Header } from 'tar-stream';
import { ImageError, type EntryType, type LayerEntry } from './types.js';

export interface ReadLayerOptions {
  /** Names the layer in errors, e.g. "layer 3 (sha256:ab12…)". */
  subject: string;
}

export interface LayerTarStats {
  /** Entries handed to the visitor. */
  entries: number;
  /** Entries of types a layer has no use for (GNU sparse files, volume labels…), passed over. */
  skipped: number;
}

export type LayerVisitor = (entry: LayerEntry, content: Readable) => void | Promise<void>;

/**
 * Reads a layer tar and calls `visit` once per entry, in tar order, waiting for each call to settle
 * before reading on. The visitor may read `content`, part of it, or none: whatever it leaves is
 * skipped once its promise resolves, and it must not touch `content` after that.
 *
 * Fails with `ImageError` on broken or hostile input (truncated data, bytes that are not a tar, an
 * entry escaping the root); a visitor's own error is passed through as is. On failure `source` is
 * destroyed, since nothing else will read it.
 */
export async function readLayerTar(
  source: NodeJS.ReadableStream | Readable,
  visit: LayerVisitor,
  options: ReadLayerOptions,
): Promise<LayerTarStats> {
  assertExtractHooks();
  const input = source instanceof Readable ? source : new Readable().wrap(source);
  return new LayerReader(input, visit, options.subject).run();
}

// --- tar-stream internals ------------------------------------------------------------------------
//
// tar-stream 3.x exports only a factory, and its Extract decodes PAX records with
// `buf.toString()`: binary values (xattrs) come out as replacement characters. Its class has two
// internal hooks that we override (see node_modules/tar-stream/extract.js):
//   - `_decodeLongHeader(buf)` gets the whole body of each GNU long-name or PAX header, with the
//     header itself in `this._header`;
//   - `_applyLongHeaders()` runs just before an entry is emitted, to fold those into `this._header`.
// We keep PAX records as raw bytes and hand tar-stream only the string fields it acts on; the
// second hook, which runs before tar-stream looks at the entry's size, is also where header-only
// types get a size of 0 and a bad PAX size is refused. A
// tar-stream upgrade that renames or stops calling these hooks makes `assertExtractHooks` or
// the missing-records check in `LayerReader.onEntry` fail loudly; test/image/tar.test.ts
// ("PAX xattrs keep their exact bytes") fails too.

/** The type names tar-stream gives, long-header ones included; null for flags it does not know. */
type TarStreamType = Header['type'] | 'pax-header' | 'pax-global-header' | 'gnu-long-path' | 'gnu-long-link-path' | null;

/** tar-stream's header object, as it really is at run time. */
interface ExtractHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  type: TarStreamType;
  linkname: string | null;
  pax?: unknown;
}

interface ExtractInternals extends Extract {
  _header: ExtractHeader | null;
  _pax: Record<string, string> | null;
  _decodeLongHeader(buf: Buffer): void;
  _applyLongHeaders(): void;
}

type ExtractClass = new (options?: object) => ExtractInternals;

/** tar-stream does not export its class; an instance leads to it. */
const ExtractBase = createExtract().constructor as ExtractClass;

function assertExtractHooks(): void {
  const proto = ExtractBase.prototype as Partial<ExtractInternals>;
  if (typeof proto._decodeLongHeader !== 'function' || typeof proto._applyLongHeaders !== 'function') {
    throw new Error('tar-stream internals changed: Extract#_decodeLongHeader/_applyLongHeaders are gone (see src/image/tar.ts)');
  }
}

const PAX_RECORDS = Symbol('drydock.paxRecords');

/** PAX records that apply to one entry: the global ones in force, and its own. */
interface EntryPax {
  global: ReadonlyMap<string, Buffer>;
  own: ReadonlyMap<string, Buffer>;
}

type HeaderWithPax = ExtractHeader & { [PAX_RECORDS]?: EntryPax };

const NO_RECORDS: ReadonlyMap<string, Buffer> = new Map();

/**
 * Types that carry no data in Go's archive/tar whatever their size field says. tar-stream only
 * knows this for folders; for a symlink "of 1024 bytes" it would swallow the next two blocks as its
 * content, where Docker reads them as headers, and the two would then see different files.
 */
const HEADER_ONLY = new Set<TarStreamType>(['link', 'symlink', 'character-device', 'block-device', 'directory', 'fifo']);

class RawPaxExtract extends ExtractBase {
  /** Replaced, never changed in place, so that entries can share it. */
  private globalRecords: ReadonlyMap<string, Buffer> = NO_RECORDS;
  private ownRecords: Map<string, Buffer> | undefined;
  /** Whether any header at all was decoded: tells "not a tar" from "corrupt tar". */
  sawHeader = false;
  /** Why the last entry's PAX fields were refused; reported in place of tar-stream's "Invalid header". */
  headerError: unknown;

  constructor(private readonly subject: string) {
    super();
  }

  /** A PAX header was read whose entry never came. */
  get danglingExtendedHeader(): boolean {
    return this.ownRecords !== undefined;
  }

  override _decodeLongHeader(buf: Buffer): void {
    this.sawHeader = true;
    switch (this._header?.type) {
      case 'pax-global-header':
        this.globalRecords = new Map([...this.globalRecords, ...parsePaxRecords(buf, this.subject)]);
        return;
      case 'pax-header':
        this.ownRecords = parsePaxRecords(buf, this.subject);
        return;
      default:
        super._decodeLongHeader(buf);
    }
  }

  override _applyLongHeaders(): void {
    this.sawHeader = true;
    const own = this.ownRecords ?? NO_RECORDS;
    this.ownRecords = undefined;
    let fields: Record<string, string> | null = null;
    try {
      fields = own.size > 0 ? structuralFields(own, this.subject) : null;
    } catch (error) {
      // tar-stream does not expect this hook to throw; a size it cannot use makes it fail cleanly.
      this.headerError = error;
    }
    this._pax = fields;
    super._applyLongHeaders();
    const header = this._header as HeaderWithPax | null;
    if (header === null) return;
    if (this.headerError !== undefined) header.size = Number.NaN;
    else if (HEADER_ONLY.has(header.type)) header.size = 0;
    header[PAX_RECORDS] = { global: this.globalRecords, own };
  }
}

/**
 * The PAX fields tar-stream applies itself (path, linkpath, size), as strings. Only an entry's own
 * header counts for them: Go's archive/tar ignores global headers for later entries, so a global
 * `path` or `size` would make us read a different archive from the one Docker unpacks.
 */
function structuralFields(records: ReadonlyMap<string, Buffer>, subject: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of ['path', 'linkpath', 'size'] as const) {
    const value = records.get(key);
    if (value !== undefined) fields[key] = value.toString('utf8');
  }
  if (fields.size !== undefined && !/^[0-9]+$/.test(fields.size)) {
    throw new ImageError(`corrupt tar: PAX size '${fields.size}' is not a number`, subject);
  }
  return fields;
}

const SPACE = 0x20;
const EQUALS = 0x3d;
const NEWLINE = 0x0a;

/**
 * Parses PAX records, `"<len> <key>=<value>\n"` where `len` counts the whole record in bytes, keeping
 * each value as the exact bytes written. Later records override earlier ones with the same key.
 */
export function parsePaxRecords(buf: Buffer, subject: string): Map<string, Buffer> {
  const records = new Map<string, Buffer>();
  let pos = 0;
  while (pos < buf.length) {
    if (isZeroFilled(buf, pos)) break; // some writers pad the record block with NULs
    const space = buf.indexOf(SPACE, pos);
    const lengthText = space === -1 ? '' : buf.toString('latin1', pos, space);
    const length = /^[0-9]{1,9}$/.test(lengthText) ? Number(lengthText) : 0;
    const end = pos + length;
    if (space === -1 || end <= space + 1 || end > buf.length || buf[end - 1] !== NEWLINE) {
      throw new ImageError(`corrupt tar: malformed PAX record at byte ${pos} of an extended header`, subject);
    }
    const equals = buf.indexOf(EQUALS, space + 1);
    if (equals === -1 || equals >= end) {
      throw new ImageError(`corrupt tar: PAX record at byte ${pos} of an extended header has no '='`, subject);
    }
    // Copied so that a kept value does not pin the whole input chunk it was sliced from.
    records.set(buf.toString('utf8', space + 1, equals), Buffer.from(buf.subarray(equals + 1, end - 1)));
    pos = end;
  }
  return records;
}

function isZeroFilled(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

// --- Normalizing entries ---------------------------------------------------------------------------

const ENTRY_TYPES: ReadonlyMap<TarStreamType, EntryType> = new Map<TarStreamType, EntryType>([
  ['file', 'file'],
  ['contiguous-file', 'file'],
  ['directory', 'directory'],
  ['symlink', 'symlink'],
  ['link', 'hardlink'],
  ['character-device', 'char-device'],
  ['block-device', 'block-device'],
  ['fifo', 'fifo'],
]);

const XATTR_PREFIX = 'SCHILY.xattr.';

/** A `.` or `..` segment, an empty one, or a leading or trailing slash. */
const NEEDS_CLEANING = /(?:^|\/)\.\.?(?:\/|$)|\/\/|^\/|\/$/;

/**
 * Lexically normalizes a tar path, as Docker's `filepath.Clean` does: `./`, `.` segments, repeated
 * and trailing slashes go. A leading `/` goes too, as Docker unpacks absolute names under the root
 * rather than refusing them. `..` may back out of a folder named before it, never past the root.
 * Returns undefined when it would leave the root.
 */
export function normalizeTarPath(raw: string): string | undefined {
  if (!NEEDS_CLEANING.test(raw)) return raw; // most names, and the split below costs
  const segments: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.pop() === undefined) return undefined;
      continue;
    }
    segments.push(segment);
  }
  return segments.join('/');
}

function toLayerEntry(header: ExtractHeader, type: EntryType, pax: EntryPax, subject: string): LayerEntry {
  const path = normalizeTarPath(header.name);
  if (path === undefined) throw new ImageError(`entry '${header.name}' leaves the image root`, subject);
  return {
    path,
    type,
    mode: header.mode & 0o7777,
    uid: paxId(pax.own, 'uid', header.uid, subject),
    gid: paxId(pax.own, 'gid', header.gid, subject),
    size: type === 'file' ? header.size : 0,
    linkTarget: linkTarget(header, type, subject),
    xattrs: xattrsOf(pax),
  };
}

function linkTarget(header: ExtractHeader, type: EntryType, subject: string): string | undefined {
  if (type === 'symlink') return header.linkname ?? '';
  if (type !== 'hardlink') return undefined;
  const raw = header.linkname ?? '';
  const target = normalizeTarPath(raw);
  if (target === undefined) {
    throw new ImageError(`entry '${header.name}' links to '${raw}', which leaves the image root`, subject);
  }
  if (target === '') throw new ImageError(`hardlink '${header.name}' has no target`, subject);
  return target;
}

/** PAX `uid`/`gid` override the header's octal fields, which stop at 2097151. */
function paxId(records: ReadonlyMap<string, Buffer>, key: 'uid' | 'gid', fallback: number, subject: string): number {
  const value = records.get(key)?.toString('latin1');
  if (value === undefined) return fallback;
  if (!/^[0-9]{1,15}$/.test(value)) throw new ImageError(`corrupt tar: PAX ${key} '${value}' is not a number`, subject);
  return Number(value);
}

/** Global xattr records first, so that the entry's own override them. */
function xattrsOf(pax: EntryPax): ReadonlyMap<string, Buffer> {
  const xattrs = new Map<string, Buffer>();
  for (const records of [pax.global, pax.own]) {
    for (const [key, value] of records) {
      if (key.startsWith(XATTR_PREFIX) && key.length > XATTR_PREFIX.length) xattrs.set(key.slice(XATTR_PREFIX.length), value);
    }
  }
  return xattrs;
}

// --- Entry content -----------------------------------------------------------------------------------

/** The part of a streamx Readable (tar-stream's entry stream) that we use. */
interface EntrySource {
  on(event: 'data', listener: (chunk: unknown) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/**
 * Hands an entry's content to the visitor as a Node Readable, with backpressure, and lets us
 * skip whatever it leaves. The visitor gets its own stream rather than tar-stream's because
 * destroying tar-stream's entry stream destroys the whole extraction, and a visitor that stops
 * early (reads a file's magic bytes, say) is normal.
 */
class EntryContent {
  readonly content: Readable;
  /** Settles when tar-stream has delivered all the entry's bytes, or failed to. */
  readonly delivered: Promise<void>;
  ended = false;
  error: unknown;
  private detached = false;

  constructor(private readonly source: EntrySource) {
    this.content = new Readable({
      read: () => void source.resume(),
      destroy: (error, callback) => {
        this.detach();
        callback(error);
      },
    });
    this.delivered = new Promise<void>((resolve, reject) => {
      source.on('end', () => {
        this.ended = true;
        if (!this.detached) this.content.push(null);
        resolve();
      });
      source.on('error', (error) => {
        this.error = error;
        if (!this.detached) this.content.destroy(toError(error));
        reject(error);
      });
      source.on('close', () => {
        // Checked first: building an Error (its stack) for every entry's normal close was a third of the run time.
        if (this.ended || this.error !== undefined) return;
        // The reading stopped for another reason (the source failed): unblock a visitor still reading.
        const error = new Error('entry stream closed before its end');
        if (!this.detached) this.content.destroy(error);
        reject(error);
      });
    });
    this.delivered.catch(() => undefined); // awaited later; not an unhandled rejection meanwhile
    // The reader reports a broken entry itself; a visitor that never listened must not crash the process.
    this.content.on('error', () => undefined);
    // tar-stream pushes slices of the Buffers we write to it.
    source.on('data', (chunk) => {
      if (!this.detached && !this.content.push(chunk as Buffer)) source.pause();
    });
    source.pause();
  }

  /** Stops feeding the visitor and skips the rest of the entry. */
  skipRest(): Promise<void> {
    this.detach();
    if (!this.content.destroyed) this.content.destroy();
    return this.delivered;
  }

  private detach(): void {
    this.detached = true;
    this.source.resume();
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

// --- The reader ------------------------------------------------------------------------------------

class LayerReader {
  private readonly extract: RawPaxExtract;
  private readonly stats: LayerTarStats = { entries: 0, skipped: 0 };
  private failure: unknown;
  private rejectRun: (error: unknown) => void = () => undefined;
  private bytesIn = 0;
  /** The first bytes read, to tell a compressed blob from other non-tars. */
  private head = Buffer.alloc(0);
  /** The entry being handled, for error messages; raw name as in the tar. */
  private current: { name: string; content: EntryContent } | undefined;
  private lastName: string | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: Readable,
    private readonly visit: LayerVisitor,
    private readonly subject: string,
  ) {
    this.extract = new RawPaxExtract(subject);
  }

  run(): Promise<LayerTarStats> {
    const result = new Promise<LayerTarStats>((resolve, reject) => {
      this.rejectRun = reject;
      this.extract.on('entry', (header: ExtractHeader, stream: EntrySource, next: () => void) => {
        this.inFlight = this.onEntry(header, stream).then(next, (error: unknown) => this.fail(error));
      });
      this.extract.on('error', (error: unknown) => this.fail(this.tarError(error)));
      this.extract.on('finish', () => {
        this.finish().then(resolve, (error: unknown) => this.fail(error));
      });
    });
    this.pump().catch((error: unknown) => this.fail(error));
    return result;
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.extract.destroy();
    this.source.destroy();
    this.rejectRun(error);
  }

  /** Feeds the source to the extractor, waiting whenever it asks us to. */
  private async pump(): Promise<void> {
    for await (const chunk of this.source as AsyncIterable<Buffer | string>) {
      if (this.failure !== undefined) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (this.head.length < 4) this.head = Buffer.concat([this.head, bytes.subarray(0, 4)]);
      this.bytesIn += bytes.length;
      if (!this.extract.write(bytes)) await this.drained();
    }
    if (this.failure === undefined) this.extract.end(undefined);
  }

  private drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.extract.off('drain', done);
        this.extract.off('close', done);
        resolve();
      };
      this.extract.on('drain', done);
      this.extract.on('close', done);
    });
  }

  private async finish(): Promise<LayerTarStats> {
    await this.inFlight; // the last entry may still be with the visitor when the input ends
    if (this.failure !== undefined) throw this.failure;
    if (this.extract.danglingExtendedHeader) {
      throw new ImageError(`truncated tar: data ends after an extended header${this.after()}, before its entry`, this.subject);
    }
    return this.stats;
  }

  private async onEntry(header: ExtractHeader, stream: EntrySource): Promise<void> {
    const content = new EntryContent(stream);
    this.current = { name: header.name, content };
    const pax = (header as HeaderWithPax)[PAX_RECORDS];
    if (pax === undefined) {
      throw new Error('tar-stream internals changed: PAX records were not attached to the entry (see src/image/tar.ts)');
    }
    const type = ENTRY_TYPES.get(header.type);
    if (type === undefined) {
      this.stats.skipped++;
    } else {
      const entry = toLayerEntry(header, type, pax, this.subject);
      this.stats.entries++;
      await this.callVisitor(entry, content);
    }
    await content.skipRest().catch((error: unknown) => {
      throw this.tarError(error);
    });
    this.lastName = header.name;
    this.current = undefined;
  }

  private async callVisitor(entry: LayerEntry, content: EntryContent): Promise<void> {
    try {
      await this.visit(entry, content.content);
    } catch (error) {
      // A visitor failing because the content it read broke is the tar's failure, not the visitor's.
      throw content.error !== undefined ? this.tarError(content.error) : error;
    }
  }

  /** Turns whatever tar-stream (or the entry stream it feeds) threw into an ImageError. */
  private tarError(error: unknown): unknown {
    if (error instanceof ImageError) return error;
    if (this.extract.headerError !== undefined) return this.extract.headerError;
    const message = error instanceof Error ? error.message : String(error);
    const options = { cause: error };
    if (message === 'Unexpected end of data') return this.truncated();
    if (message.startsWith('Invalid tar header')) {
      return this.extract.sawHeader
        ? new ImageError(`corrupt tar: invalid header${this.after()}`, this.subject, options)
        : new ImageError(`not a tar archive: its first block is not a tar header${this.compressedHint()}`, this.subject, options);
    }
    if (message === 'Header exceeds max size') {
      return new ImageError(`corrupt tar: extended header${this.after()} is over 4 MiB`, this.subject, options);
    }
    if (message === 'Invalid header') {
      return new ImageError(`corrupt tar: entry '${this.current?.name ?? '?'}' has an invalid size`, this.subject, options);
    }
    return new ImageError(`unreadable tar: ${message}`, this.subject, options);
  }

  private truncated(): ImageError {
    const current = this.current;
    if (current !== undefined && !current.content.ended) {
      return new ImageError(`truncated tar: data ends inside entry '${current.name}'`, this.subject);
    }
    if (!this.extract.sawHeader) {
      return new ImageError(`not a tar archive: ${this.bytesIn} bytes, less than one tar header${this.compressedHint()}`, this.subject);
    }
    return new ImageError(`truncated tar: data ends${this.after()}, before the end-of-archive marker`, this.subject);
  }

  /** Layers reach us decompressed; one that still looks compressed was compressed twice, or mislabeled. */
  private compressedHint(): string {
    if (this.head[0] === 0x1f && this.head[1] === 0x8b) return ' (it looks gzip-compressed)';
    if (this.head.readUInt32LE(0) === 0xfd2fb528) return ' (it looks zstd-compressed)';
    return '';
  }

  private after(): string {
    const name = this.current?.name ?? this.lastName;
    return name === undefined ? '' : ` after entry '${name}'`;
  }
}
