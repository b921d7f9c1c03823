import { describe, expect, it } from 'vitest';
import { findSecrets, mask } from '../../src/secrets/index.js';
import { make, pem } from './samples.js';

describe('mask', () => {
  it.each([
    ['', '…(0 chars)'],
    ['hunter2', '…(7 chars)'],
    ['12345678901', '…(11 chars)'],
    ['Xk9#mQ2vL8pz', 'Xk…(12 chars)'],
    ['Xk9#mQ2vL8pzXk9#mQ2v', 'Xk9…(20 chars)'],
    ['Xk9#mQ2vL8pzXk9#mQ2vL8pzXk9#mQ2vL8pz', 'Xk9#mQ…(36 chars)'],
  ])('%j -> %s', (secret, masked) => {
    expect(mask(secret)).toBe(masked);
  });

  it('shows a public prefix in full and at most 4 characters after it', () => {
    const token = make.github();
    expect(mask(token, { publicPrefix: 'ghp_' })).toBe(`${token.slice(0, 8)}…(40 chars)`);
    expect(mask('ghp_short', { publicPrefix: 'ghp_' })).toBe('ghp_…(9 chars)');
  });

  it('ignores a prefix the secret does not start with, or that would reveal everything', () => {
    expect(mask('abcdefghijklmnop', { publicPrefix: 'xyz' })).toBe('ab…(16 chars)');
    expect(mask('ghp_', { publicPrefix: 'ghp_' })).toBe('…(4 chars)');
  });

  it('never reveals whitespace, escapes or half a surrogate pair', () => {
    expect(mask('ab\ncdefghijklmnopq')).toBe('ab…(18 chars)');
    expect(mask('a😀bcdefghijklmnopq')).toBe('a…(18 chars)');
  });

  it('masks a private key as its header and length', () => {
    const [match] = findSecrets(pem.rsaPkcs1);
    expect(match?.masked).toMatch(/^-----BEGIN RSA PRIVATE KEY-----…\(\d+ chars\)$/);
  });
});
