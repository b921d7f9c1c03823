import { describe, expect, it } from 'vitest';
import stringWidth from '../../src/cli/string-width.js';

describe('string-width stand-in', () => {
  it.each([
    ['', 0],
    ['lint Dockerfiles', 16],
    ['\u001b[31merror\u001b[39m', 5],
    ['\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007', 4],
    ['café', 4],
    ['cafe\u0301', 4],
    ['日本語', 6],
    ['✖ 2 problems', 12],
    ['tab\there', 7],
  ])('%j is %i columns', (text, width) => {
    expect(stringWidth(text)).toBe(width);
  });
});
