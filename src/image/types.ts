/**
 * The image side's shared vocabulary: one layer's tar entries as the readers hand them to the
 * analyzer, and the problems hostile or broken input raises.
 */

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char-device' | 'block-device' | 'fifo';

/** One entry of a layer tar, normalized. */
export interface LayerEntry {
  /**
   * Path inside the image: no leading `/` or `./`, no trailing `/`, no `.` or empty segments, never
   * `..` (entries that would leave the root are rejected by the reader). The root folder itself is `''`.
   * Whiteout markers keep their names here (`etc/.wh.shadow`, `opt/.wh..wh..opq`); the analyzer reads them.
   */
  path: string;
  type: EntryType;
  /** Permission bits only: `mode & 0o7777` (Docker's ustar layers carry file-type bits in the field). */
  mode: number;
  uid: number;
  gid: number;
  /** Content size in bytes (0 for hardlinks, folders and the like). */
  size: number;
  /** Symlink target as written; for hardlinks, the normalized path of the target. */
  linkTarget: string | undefined;
  /** Extended attributes from PAX `SCHILY.xattr.<name>` records, as raw bytes. */
  xattrs: ReadonlyMap<string, Buffer>;
}

/**
 * Broken or hostile image input: a truncated stream, a digest mismatch, an entry that escapes the
 * root. The CLI prints it as one line naming `subject` (the archive, blob or layer) and exits 2.
 */
export class ImageError extends Error {
  constructor(
    message: string,
    readonly subject: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImageError';
  }
}
