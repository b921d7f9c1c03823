/**
 * Masking: the only form in which a secret may leave the engine.
 */

/** Options for {@link mask}. */
export interface MaskOptions {
  /**
   * A leading part of the secret that is format, not secret (`ghp_`, `sk_live_`, a PEM header). It
   * is shown in full and does not count against the characters revealed. Ignored unless `secret`
   * starts with it.
   */
  publicPrefix?: string;
}

const ELLIPSIS = '\u2026';

/**
 * Masks a secret as `<prefix>…(<length> chars)`, for example `ghp_aB3x…(40 chars)`.
 *
 * Characters revealed from the secret itself: none below 12 characters, then one per 6 characters,
 * at most 6 (at most 4 after a public prefix). Only printable ASCII is ever revealed, so a mask
 * never carries a newline, an escape sequence or half of a surrogate pair. The length counts code
 * points.
 */
export function mask(secret: string, options: MaskOptions = {}): string {
  const chars = Array.from(secret);
  let shown = '';
  let body = chars;
  let cap = 6;
  const prefix = options.publicPrefix;
  if (prefix && prefix.length <= 64 && prefix.length < secret.length && secret.startsWith(prefix) && /^[\x20-\x7e]+$/.test(prefix)) {
    shown = prefix;
    body = Array.from(secret.slice(prefix.length));
    cap = 4;
  }
  const reveal = body.length < 12 ? 0 : Math.min(cap, Math.floor(body.length / 6));
  for (let i = 0; i < reveal; i++) {
    const ch = body[i]!;
    if (!/^[\x21-\x7e]$/.test(ch)) break;
    shown += ch;
  }
  return `${shown}${ELLIPSIS}(${chars.length} chars)`;
}
