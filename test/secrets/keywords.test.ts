/** The keyword automaton finds exactly the occurrences a naive search finds, in start order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../src/secrets/keywords.js';

/** Every `[start, keyword]` by brute force: exact keywords as written, folded ones in any ASCII case. */
function naive(text: string, exact: string[], folded: string[]): number[] {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const pairs: [number, number][] = [];
  for (let start = 0; start < text.length; start++) {
    exact.forEach((k, i) => {
      if (text.startsWith(k, start)) pairs.push([start, i]);
    });
    folded.forEach((k, i) => {
      if (lower.startsWith(k.toLowerCase(), start)) pairs.push([start, exact.length + i]);
    });
  }
  return pairs.flat();
}

/** Keyword sets as the registry builds them: no keyword a prefix of another of its list. */
function prefixFree(words: string[]): string[] {
  const sorted = [...new Set(words)].sort((a, b) => a.length - b.length);
  return sorted.filter((w, i) => !sorted.slice(0, i).some((k) => w.startsWith(k)));
}

// 'ū' is U+016B, whose low byte is 'k': the matcher reads Latin-1 bytes, so it may add hits there.
const alphabet = fc.constantFrom('a', 'b', 'A', 'B', '_', '-', 'é', '\n', 'K', 'k', 'ū');
const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((cs) => cs.join('').replace(/[éū\n]/g, 'x'));

describe('KeywordMatcher', () => {
  it('agrees with a naive search on random text', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), fc.array(word, { maxLength: 6 }), fc.array(alphabet, { maxLength: 200 }), (e, f, chars) => {
        const exact = prefixFree(e);
        const folded = prefixFree(f.map((w) => w.toLowerCase()));
        const text = chars.join('');
        const found = new KeywordMatcher(exact, folded).find(text);
        // Equal starts may come in either list order; compare as sorted pairs.
        const norm = (flat: number[]) => {
          const pairs: string[] = [];
          for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]}:${flat[i + 1]}`);
          return pairs;
        };
        const expected = norm(naive(text, exact, folded));
        const got = norm(found);
        // Every real occurrence is found; an extra hit only where a character above U+00FF sits.
        expect(got).toEqual(expect.arrayContaining(expected));
        for (const extra of got.filter((p) => !expected.includes(p))) {
          const [start, k] = extra.split(':').map(Number) as [number, number];
          const length = (k < exact.length ? exact[k]! : folded[k - exact.length]!).length;
          expect(text.slice(start, start + length)).toMatch(/[\u0100-\uffff]/);
        }
        for (let i = 2; i < found.length; i += 2) expect(found[i]!).toBeGreaterThanOrEqual(found[i - 2]!);
      }),
      { numRuns: 500 },
    );
  });

  it('finds keywords that end inside longer ones, and ignores non-ASCII look-alikes', () => {
    const m = new KeywordMatcher(['AKIA', 'KIA'], ['password', 'word', 'key']);
    const text = 'AKIA x PassWord MONKEY ＫEY';
    const found = m.find(text);
    const named = [];
    for (let i = 0; i < found.length; i += 2) named.push(`${found[i]}:${['AKIA', 'KIA', 'password', 'word', 'key'][found[i + 1]!]}`);
    expect(named).toEqual(['0:AKIA', '1:KIA', '7:password', '11:word', '19:key']);
  });

  it('refuses a keyword that is not ASCII', () => {
    expect(() => new KeywordMatcher(['clé'], [])).toThrow(/not ASCII/);
  });
});
