/**
 * Scanning text that arrives in pieces (a file streaming out of a layer) without holding all of it.
 *
 * Each scan covers the text kept from before plus the new piece. A detector's match never spans more
 * than its `maxLength`, so a match that starts more than the largest `maxLength` before the end of
 * what has arrived is complete: it is judged now. Matches starting later are left for the next scan,
 * which sees them again with the text that follows. A little text before the judged boundary is kept
 * too, so look-behinds and `stepBack` see what precedes a match. Every match is reported once.
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { DETECTORS } from './detectors/index.js';
import { findSecrets, type FindSecretsOptions } from './scan.js';
import type { SecretMatch } from './types.js';

/** The longest match of any detector: how much text must stay in view past a judged boundary. */
export const MAX_MATCH_LENGTH = DETECTORS.reduce((max, d) => Math.max(max, d.maxLength), 0);
/** Context kept before the boundary, for look-behinds and names stepped back over. */
const BACK_CONTEXT = 256;
/** Text gathered before a scan: large enough that rescanning the kept overlap costs little. */
const DEFAULT_SCAN_CHARS = 1 << 20;

export interface SecretStreamOptions extends FindSecretsOptions {
  /** Characters gathered before each scan (default 1 Mi). Smaller values are for tests. */
  scanChars?: number;
}

/** Finds secrets in text given piece by piece; offsets are into the whole text. */
export class SecretStream {
  private text = '';
  /** Offset in the whole text of `text[0]`. */
  private base = 0;
  /** Matches starting before this offset have been judged. */
  private judgedUntil = 0;
  private readonly found: SecretMatch[] = [];
  private readonly scanChars: number;
  private readonly overlap: number;

  constructor(private readonly options: SecretStreamOptions = {}) {
    this.overlap = MAX_MATCH_LENGTH + 1;
    this.scanChars = Math.max(options.scanChars ?? DEFAULT_SCAN_CHARS, 1);
  }

  write(piece: string): void {
    this.text += piece;
    if (this.text.length >= this.scanChars + this.overlap + BACK_CONTEXT) this.scan(false);
  }

  /** Scans what is left and returns every match, in text order. */
  end(): SecretMatch[] {
    this.scan(true);
    this.text = '';
    return this.found;
  }

  private scan(final: boolean): void {
    const boundary = final ? Infinity : this.base + this.text.length - this.overlap;
    for (const m of findSecrets(this.text, this.options)) {
      const start = this.base + m.start;
      if (start < this.judgedUntil || start >= boundary) continue;
      this.found.push({ ...m, start, end: this.base + m.end });
    }
    if (final) return;
    this.judgedUntil = boundary;
    const keepFrom = this.text.length - this.overlap - BACK_CONTEXT;
    this.text = this.text.slice(keepFrom);
    this.base += keepFrom;
  }
}

/** A {@link SecretStream} fed with UTF-8 bytes; characters split between chunks are kept whole. */
export class SecretByteStream {
  private readonly decoder = new StringDecoder('utf8');
  private readonly stream: SecretStream;
  /** The decoder may hold the start of a character cut by the last chunk. */
  private pending = false;

  constructor(options: SecretStreamOptions = {}) {
    this.stream = new SecretStream(options);
  }

  write(bytes: Buffer): void {
    // Most text is ASCII, which latin1 decodes as UTF-8 would, without the decoder's bookkeeping.
    if (!this.pending && isAscii(bytes)) this.stream.write(bytes.toString('latin1'));
    else {
      this.stream.write(this.decoder.write(bytes));
      // A chunk ending inside a multi-byte character leaves part of it in the decoder.
      this.pending = !isAscii(bytes.subarray(Math.max(0, bytes.length - 4)));
    }
  }

  end(): SecretMatch[] {
    this.stream.write(this.decoder.end());
    return this.stream.end();
  }
}

/** Runs of at least this many printable characters count as strings of a binary. */
export const MIN_STRING_LENGTH = 6;
/** A run longer than this is handed on before it ends, so that memory stays bounded. */
const MAX_CARRY = 64 << 10;

/**
 * The printable strings of binary data, like `strings(1)`: runs of at least
 * {@link MIN_STRING_LENGTH} printable ASCII characters (tab included), one per line. A run cut by a
 * chunk boundary is carried to the next chunk.
 */
export class PrintableStrings {
  private carry = '';
  /** Part of the current run was already handed on: it is long enough whatever follows. */
  private handedOn = false;

  /** The strings completed in `bytes`, each followed by a newline. */
  write(bytes: Buffer): string {
    let out = '';
    let runStart = -1;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i]!;
      if ((c >= 0x20 && c <= 0x7e) || c === 0x09) {
        if (runStart < 0) runStart = i;
        continue;
      }
      const run = runStart >= 0 ? this.carry + bytes.toString('latin1', runStart, i) : this.carry;
      if (this.handedOn || run.length >= MIN_STRING_LENGTH) out += run + '\n';
      this.carry = '';
      this.handedOn = false;
      runStart = -1;
    }
    if (runStart >= 0) this.carry += bytes.toString('latin1', runStart, bytes.length);
    if (this.carry.length > MAX_CARRY) {
      out += this.carry;
      this.carry = '';
      this.handedOn = true;
    }
    return out;
  }

  end(): string {
    const last = this.handedOn || this.carry.length >= MIN_STRING_LENGTH ? this.carry + '\n' : '';
    this.carry = '';
    this.handedOn = false;
    return last;
  }
}
