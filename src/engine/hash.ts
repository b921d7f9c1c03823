/**
 * A 128-bit non-cryptographic hash for fingerprints, in plain JavaScript. Fingerprints are
 * identities, not secrets, and `node:crypto` costs about 9 ms to load, a twentieth of a one-file
 * `drydock lint`, which otherwise never needs it.
 *
 * Four 32-bit lanes, each an FNV-1a-style multiply-xor over the UTF-16 code units with its own
 * offset and prime, are mixed into each other at the end with murmur3's finalizer, so every output
 * bit depends on every input unit. Collisions among the findings of one project are, at 2^-128 per
 * pair, not a concern.
 */
export function hash128(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  let c = 0x1b873593;
  let d = 0xcc9e2d51;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x85ebca6b);
    c = Math.imul(c ^ unit, 0xc2b2ae35);
    d = Math.imul(d ^ unit, 0x27d4eb2f);
  }
  // Length and cross-lane mixing, then the finalizer on each lane.
  a ^= text.length;
  b ^= a;
  c ^= b;
  d ^= c;
  a ^= d;
  return hex(fmix(a)) + hex(fmix(b)) + hex(fmix(c)) + hex(fmix(d));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
