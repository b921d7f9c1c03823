/**
 * Scanning text piece by piece finds exactly what scanning it whole finds, wherever the pieces are
 * cut, and keeps only a bounded tail of the text.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../src/secrets/index.js';
import { MAX_MATCH_LENGTH, MIN_STRING_LENGTH, PrintableStrings, SecretByteStream, SecretStream } from '../../src/secrets/stream.js';
import { BASE62, make, pem, random } from './samples.js';

/** Real text (this test file and the secret engine's sources) with secrets planted throughout. */
function plantedText(): string {
  const filler = readFileSync(new URL('../../src/secrets/scan.ts', import.meta.url), 'utf8');
  const secrets = [
    `GITHUB_TOKEN=${make.github()}`,
    `aws_access_key_id = ${make.awsKeyId(41)}\naws_secret_access_key = ${make.awsSecret(42)}`,
    pem.rsaPkcs8,
    `DATABASE_URL=postgres://app:${make.urlPassword(43)}@db.internal:5432/app`,
    `export API_TOKEN="${random(BASE62, 40, 44)}"`,
    `slack: ${make.slackBot(45)}`,
    `stripe = "${make.stripe('sk_live_', 46)}"`,
  ];
  let text = '';
  for (let i = 0; i < 12; i++) text += filler.slice(0, 1500 + i * 97) + '\n' + secrets[i % secrets.length] + '\n';
  return text;
}

function inPieces(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const c of at) {
    pieces.push(text.slice(from, c));
    from = c;
  }
  pieces.push(text.slice(from));
  return pieces;
}

describe('SecretStream', () => {
  const text = plantedText();
  const whole = findSecrets(text);

  it('has something to find', () => {
    expect(whole.map((m) => m.detectorId)).toEqual(
      expect.arrayContaining(['github-pat', 'aws-access-key-id', 'aws-secret-access-key', 'private-key', 'url-password', 'slack-token', 'stripe-secret-key']),
    );
    // 12 planted lines: the AWS one holds two secrets and comes twice.
    expect(whole).toHaveLength(14);
  });

  it('finds what a whole scan finds, for any cuts and scan sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 5000 }), (cuts, scanChars) => {
        const stream = new SecretStream({ scanChars });
        for (const piece of inPieces(text, cuts)) stream.write(piece);
        expect(stream.end()).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('finds a secret that straddles the boundary of every scan', () => {
    const token = make.github('ghp_', 47);
    const filler = 'x '.repeat(3000);
    const doc = `${filler}\nTOKEN=${token}\n${filler}`;
    const at = doc.indexOf(token);
    for (const scanChars of [1, at - MAX_MATCH_LENGTH + 3, at + 5]) {
      const stream = new SecretStream({ scanChars: Math.max(1, scanChars) });
      for (let i = 0; i < doc.length; i += 7) stream.write(doc.slice(i, i + 7));
      expect(stream.end().map((m) => [m.detectorId, m.start, m.end])).toEqual([['github-pat', at, at + token.length]]);
    }
  });

  it('keeps a bounded tail, not the text', () => {
    const stream = new SecretStream({ scanChars: 4096 });
    const line = `noise ${'y'.repeat(90)}\n`;
    for (let i = 0; i < 5000; i++) stream.write(line);
    const kept = (stream as unknown as { text: string }).text.length;
    expect(kept).toBeLessThan(4096 + MAX_MATCH_LENGTH + 512 + line.length);
    expect(stream.end()).toEqual([]);
  });
});

describe('SecretByteStream', () => {
  it('keeps multi-byte characters whole across chunks', () => {
    const token = make.github('ghp_', 48);
    const bytes = Buffer.from(`Пароль — ключ: ${'é'.repeat(50)} GH_TOKEN=${token} ✓\n`);
    const whole = findSecrets(bytes.toString('utf8'));
    for (let size = 1; size <= 7; size++) {
      const stream = new SecretByteStream({ scanChars: 16 });
      for (let i = 0; i < bytes.length; i += size) stream.write(bytes.subarray(i, i + size));
      expect(stream.end()).toEqual(whole);
    }
    expect(whole.map((m) => m.detectorId)).toEqual(['github-pat']);
  });
});

describe('PrintableStrings', () => {
  const binary = Buffer.concat([
    Buffer.from([0, 1, 2]),
    Buffer.from('short\0'),
    Buffer.from('a longer string\0\0'),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('tab\there too'),
    Buffer.from([0x80]),
    Buffer.from('tail run'),
  ]);
  const expected = 'a longer string\ntab\there too\ntail run\n';

  it('keeps runs of printable ASCII, as strings(1) does', () => {
    const s = new PrintableStrings();
    expect(s.write(binary) + s.end()).toBe(expected);
    expect(MIN_STRING_LENGTH).toBe(6);
  });

  it('gives the same strings however the bytes are cut', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), (cuts) => {
        const at = [...new Set(cuts.map((c) => c % (binary.length + 1)))].sort((a, b) => a - b);
        const s = new PrintableStrings();
        let out = '';
        let from = 0;
        for (const c of [...at, binary.length]) {
          out += s.write(binary.subarray(from, c));
          from = c;
        }
        expect(out + s.end()).toBe(expected);
      }),
    );
  });

  it('agrees with strings(1) on a real binary', (context) => {
    let reference: string;
    try {
      reference = execFileSync('strings', ['-a', '-n', String(MIN_STRING_LENGTH), process.execPath], { maxBuffer: 1 << 30, encoding: 'latin1' });
    } catch {
      if (process.env.CI === 'true') throw new Error('strings(1) (binutils) is required under CI');
      context.skip('strings(1) is not installed (apt-get install binutils)');
      return;
    }
    const bytes = readFileSync(process.execPath);
    const s = new PrintableStrings();
    let out = '';
    for (let i = 0; i < bytes.length; i += 65536) out += s.write(bytes.subarray(i, i + 65536));
    out += s.end();
    expect(out.length).toBe(reference.length);
    expect(out === reference).toBe(true);
  });
});
