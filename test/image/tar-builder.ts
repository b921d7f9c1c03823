/**
 * Builds tar archives in memory, byte by byte, for tests: headers are written here rather than by a
 * tar library so that tests can produce exactly what a hostile or odd layer contains (binary xattrs,
 * `../` names, absolute paths, sizes that lie, file-type bits in the mode field as Docker writes
 * them, GNU and PAX long names).
 *
 *   buildTar([
 *     { name: 'usr/', type: 'directory' },
 *     { name: 'usr/bin/ping', content: elf, mode: 0o104755, xattrs: { 'security.capability': capBytes } },
 *     { name: 'etc/passwd', type: 'link', linkname: 'etc/group' },
 *   ])
 *
 * Names are written as given (no `/` added to folders, nothing normalized). A name over 100 bytes
 * goes into a GNU `L` record with `format: 'gnu'`; with `ustar` it is split into the prefix field if
 * it can be, else carried by a PAX `path` record. Long link names likewise (`K`, or PAX `linkpath`).
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo';

export interface TarEntrySpec {
  name: string;
  /** Default 'file'. */
  type?: TarEntryType;
  /** The raw typeflag character, overriding `type`: e.g. 'S' (GNU sparse) or 'V' (volume label). */
  typeflag?: string;
  /** Written as is, file-type bits included (e.g. 0o104755). Default 0o644, folders 0o755, symlinks 0o777. */
  mode?: number;
  uid?: number;
  gid?: number;
  content?: string | Buffer;
  linkname?: string;
  /** Each becomes a PAX `SCHILY.xattr.<name>` record with these exact bytes. */
  xattrs?: Record<string, Buffer>;
  /** Extra records for this entry's PAX header ('x'), e.g. `{ path: '…', size: '12' }`. */
  pax?: Record<string, string | Buffer>;
  /** Records for a PAX global header ('g') written just before this entry. */
  globalPax?: Record<string, string | Buffer>;
  /** The size the header claims, when it must differ from the content's (which is still written in full). */
  size?: number;
  devmajor?: number;
  devminor?: number;
  /** Seconds since the epoch. Default 0. */
  mtime?: number;
}

export interface BuildTarOptions {
  /** 'ustar' (POSIX, the default) or 'gnu' (magic "ustar  ", GNU long-name records). */
  format?: 'ustar' | 'gnu';
  /** Append the end-of-archive marker, two zero blocks. Default true. */
  end?: boolean;
}

export const BLOCK = 512;

const TYPEFLAGS: Record<TarEntryType, string> = {
  file: '0',
  link: '1',
  symlink: '2',
  'character-device': '3',
  'block-device': '4',
  directory: '5',
  fifo: '6',
};

export function buildTar(entries: TarEntrySpec[], options: BuildTarOptions = {}): Buffer {
  const format = options.format ?? 'ustar';
  const blocks: Buffer[] = [];
  for (const spec of entries) blocks.push(...entryBlocks(spec, format));
  if (options.end ?? true) blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

/** The header block(s) and padded content of one entry, long-name and PAX records included. */
export function entryBlocks(spec: TarEntrySpec, format: 'ustar' | 'gnu' = 'ustar'): Buffer[] {
  const blocks: Buffer[] = [];
  if (spec.globalPax) blocks.push(...recordEntry('pax_global_header', 'g', paxRecords(spec.globalPax), format));

  const pax: Record<string, string | Buffer> = { ...spec.pax };
  for (const [key, value] of Object.entries(spec.xattrs ?? {})) pax[`SCHILY.xattr.${key}`] = value;

  let name = spec.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    if (format === 'gnu') {
      blocks.push(...recordEntry('././@LongLink', 'L', Buffer.from(`${name}\0`), format));
      name = name.slice(0, 100);
    } else {
      const split = splitUstarName(name);
      if (split) ({ name, prefix } = split);
      else {
        pax.path ??= name;
        name = name.slice(0, 100);
      }
    }
  }
  let linkname = spec.linkname ?? '';
  if (Buffer.byteLength(linkname) > 100) {
    if (format === 'gnu') blocks.push(...recordEntry('././@LongLink', 'K', Buffer.from(`${linkname}\0`), format));
    else pax.linkpath ??= linkname;
    linkname = linkname.slice(0, 100);
  }
  if (Object.keys(pax).length > 0) {
    blocks.push(...recordEntry(`PaxHeaders/${baseName(spec.name)}`.slice(0, 100), 'x', paxRecords(pax), format));
  }

  const content = typeof spec.content === 'string' ? Buffer.from(spec.content) : (spec.content ?? Buffer.alloc(0));
  const type = spec.type ?? 'file';
  blocks.push(
    header(
      {
        name,
        prefix,
        mode: spec.mode ?? defaultMode(type),
        uid: spec.uid ?? 0,
        gid: spec.gid ?? 0,
        size: spec.size ?? content.length,
        mtime: spec.mtime ?? 0,
        typeflag: spec.typeflag ?? TYPEFLAGS[type],
        linkname,
        devmajor: spec.devmajor ?? 0,
        devminor: spec.devminor ?? 0,
      },
      format,
    ),
  );
  if (content.length > 0) blocks.push(padded(content));
  return blocks;
}

/**
 * PAX records, `"<len> <key>=<value>\n"`, with `len` the byte length of the whole record (its own
 * digits included). Values are written as raw bytes, so binary values survive.
 */
export function paxRecords(records: Record<string, string | Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(records)) {
    const body = Buffer.concat([Buffer.from(` ${key}=`), typeof value === 'string' ? Buffer.from(value) : value, Buffer.from('\n')]);
    let length = body.length + 1;
    while (String(length).length + body.length !== length) length = String(length).length + body.length;
    parts.push(Buffer.from(String(length)), body);
  }
  return Buffer.concat(parts);
}

interface HeaderFields {
  name: string;
  prefix: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  devmajor: number;
  devminor: number;
}

/** One 512-byte header block with a correct checksum. */
export function header(fields: HeaderFields, format: 'ustar' | 'gnu' = 'ustar'): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(fields.name, 0, 100, 'utf8');
  writeNumber(block, 100, 8, fields.mode);
  writeNumber(block, 108, 8, fields.uid);
  writeNumber(block, 116, 8, fields.gid);
  writeNumber(block, 124, 12, fields.size);
  writeNumber(block, 136, 12, fields.mtime);
  block.write(fields.typeflag, 156, 1, 'latin1');
  block.write(fields.linkname, 157, 100, 'utf8');
  if (format === 'gnu') block.write('ustar  \0', 257, 8, 'latin1');
  else block.write('ustar\u000000', 257, 8, 'latin1');
  writeNumber(block, 329, 8, fields.devmajor);
  writeNumber(block, 337, 8, fields.devminor);
  if (fields.prefix !== '') block.write(fields.prefix, 345, 155, 'utf8');
  block.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return block;
}

/**
 * Octal, NUL-terminated, when it fits the field; otherwise base-256 (first byte 0x80), as GNU tar
 * and Go write sizes of 8 GiB and more.
 */
function writeNumber(block: Buffer, offset: number, length: number, value: number): void {
  const octal = value.toString(8);
  if (octal.length < length) {
    block.write(`${octal.padStart(length - 1, '0')}\0`, offset, length, 'latin1');
    return;
  }
  let rest = BigInt(value);
  for (let i = length - 1; i > 0; i--) {
    block[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  block[offset] = 0x80;
}

function recordEntry(name: string, typeflag: string, body: Buffer, format: 'ustar' | 'gnu'): Buffer[] {
  const fields = { name, prefix: '', mode: 0o644, uid: 0, gid: 0, size: body.length, mtime: 0, typeflag, linkname: '', devmajor: 0, devminor: 0 };
  return [header(fields, format), padded(body)];
}

/** Content padded with zeros to a whole number of blocks. */
export function padded(content: Buffer): Buffer {
  const rest = content.length % BLOCK;
  return rest === 0 ? content : Buffer.concat([content, Buffer.alloc(BLOCK - rest)]);
}

function splitUstarName(name: string): { name: string; prefix: string } | undefined {
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '') return { name: rest, prefix };
  }
  return undefined;
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || 'root';
}

function defaultMode(type: TarEntryType): number {
  if (type === 'directory') return 0o755;
  if (type === 'symlink') return 0o777;
  return 0o644;
}
