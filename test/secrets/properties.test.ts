import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAssignment, findSecrets, mask } from '../../src/secrets/index.js';
import { BASE62, random } from './samples.js';

/** Text made of the pieces secrets and their look-alikes are built from. */
const pieces = fc.constantFrom(
  'ENV ', 'RUN ', 'PASSWORD', 'token', '_KEY', 'secret', '=', ':', ' ', '\n', '"', "'", '${', '}', '$(', ')', '://',
  '@', 'curl -u ', 'mysql -p', '| chpasswd', 'Authorization: Bearer ', '_authToken=', 'ghp_', 'sk-', 'AKIA', 'eyJ',
  '-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----', 'MIIE', 'QUJD', 'xoxb-', '1234', 'aB3', '\\',
);
const hostileText = fc.oneof(fc.string({ maxLength: 300 }), fc.array(pieces, { maxLength: 80 }).map((p) => p.join('')));

describe('findSecrets invariants', () => {
  it('returns sorted, non-overlapping, in-bounds spans and masks that hide the secret', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const matches = findSecrets(text);
        let previousEnd = 0;
        for (const m of matches) {
          expect(m.start).toBeGreaterThanOrEqual(previousEnd);
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(text.length);
          previousEnd = m.end;
          const secret = text.slice(m.start, m.end);
          if (secret.length >= 12) expect(m.masked).not.toContain(secret);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a token wherever it is put between separators', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: 1e6 }), (before, after, seed) => {
        const token = 'gh' + 'p_' + random(BASE62, 36, seed);
        const text = `${before} ${token} ${after}`;
        const at = before.length + 1;
        expect(findSecrets(text).some((m) => m.detectorId === 'github-pat' && m.start === at && m.end === at + 40)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('classifyAssignment never throws and keeps offsets inside the value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), hostileText, (name, value) => {
        const verdict = classifyAssignment(name, value);
        if (verdict) {
          expect(verdict.start).toBeGreaterThanOrEqual(0);
          expect(verdict.end).toBeLessThanOrEqual(value.length);
          expect(verdict.end).toBeGreaterThan(verdict.start);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('mask', () => {
  it('reveals at most 6 characters of any secret and keeps its length', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 200 }), (secret) => {
        const masked = mask(secret);
        const shown = masked.slice(0, masked.indexOf('\u2026'));
        expect(shown.length).toBeLessThanOrEqual(6);
        expect(secret.startsWith(shown)).toBe(true);
        expect(masked.endsWith(`(${Array.from(secret).length} chars)`)).toBe(true);
      }),
    );
  });
});
