/**
 * Key material: PEM/OpenSSH/PGP private keys with a real body, and JSON Web Tokens.
 */
import { shannonEntropy } from '../entropy.js';
import { decodeBase64, patternDetector, type DetectorHit, type SecretDetector } from '../detector.js';
import type { Confidence } from '../types.js';

const MAX_KEY_BODY = 64 * 1024;
const PEM_HEADER = /-----BEGIN (?<label>(?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----/y;
// RFC 1421 / RFC 4880 armor headers: `Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`, `Version: …`, `Comment: …`.
const ARMOR_HEADER = /[A-Za-z][A-Za-z0-9-]{0,30}:[ \t][^\r\n\\]{0,200}(?:\r?\n|\\r\\n|\\n)/y;

function isBase64Code(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61;
}

/** Skips one line break, real or escaped (`\n` inside a JSON or shell string). */
function skipBreak(text: string, i: number): number {
  if (text.startsWith('\r\n', i)) return i + 2;
  if (text[i] === '\n') return i + 1;
  if (text.startsWith('\\r\\n', i)) return i + 4;
  if (text.startsWith('\\n', i)) return i + 2;
  return i;
}

/**
 * Reads a private key from its `-----BEGIN … PRIVATE KEY-----` header: armor headers, then a body of
 * base64 lines (real or escaped line breaks, or string quotes between lines), then the matching
 * footer. The header alone, found in every TLS library, is not a key: the body must hold at least 64
 * base64 characters in long random lines. The scan stops at the first character that cannot be in
 * a body, so successive headers never rescan the same text.
 */
export function matchPrivateKey(text: string, start: number): DetectorHit | undefined {
  PEM_HEADER.lastIndex = start;
  const header = PEM_HEADER.exec(text);
  if (!header) return undefined;
  const label = header.groups!['label']!;
  const headerEnd = start + header[0].length;
  const limit = Math.min(text.length, headerEnd + MAX_KEY_BODY);
  let i = skipBreak(text, headerEnd);
  let encrypted = label.startsWith('ENCRYPTED');
  for (let n = 0; n < 8; n++) {
    ARMOR_HEADER.lastIndex = i;
    const armor = ARMOR_HEADER.exec(text);
    if (!armor) break;
    if (/^Proc-Type:[ \t]*4,ENCRYPTED/i.test(armor[0])) encrypted = true;
    i = ARMOR_HEADER.lastIndex;
  }
  let b64 = '';
  let run = 0;
  let longestRun = 0;
  let bodyEnd = i;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (isBase64Code(c)) {
      b64 += text[i];
      run++;
      if (run > longestRun) longestRun = run;
      i++;
      bodyEnd = i;
      continue;
    }
    run = 0;
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 34 || c === 39) i++;
    else if (c === 92 && (text[i + 1] === 'n' || text[i + 1] === 'r')) i += 2;
    else break;
  }
  const footer = `-----END ${label}-----`;
  const terminated = text.startsWith(footer, i);
  const minBody = terminated ? 64 : 200;
  if (b64.length < minBody || longestRun < 40 || shannonEntropy(b64) < 4.0) return undefined;
  if (label === 'OPENSSH PRIVATE KEY') {
    const cipher = openSshCipher(b64);
    if (cipher === undefined) return undefined;
    if (cipher !== 'none') encrypted = true;
  }
  const confidence: Confidence = encrypted || !terminated ? 'medium' : 'high';
  return { start, end: terminated ? i + footer.length : bodyEnd, confidence, publicPrefix: header[0] };
}

/** The cipher name of an `openssh-key-v1` blob, or undefined when the body is not one. */
function openSshCipher(b64: string): string | undefined {
  const head = decodeBase64(b64.slice(0, 64).replace(/=+$/, ''));
  if (!head?.startsWith('openssh-key-v1\0')) return undefined;
  const at = 'openssh-key-v1\0'.length;
  const len = (head.charCodeAt(at) << 24) | (head.charCodeAt(at + 1) << 16) | (head.charCodeAt(at + 2) << 8) | head.charCodeAt(at + 3);
  if (len <= 0 || len > 32) return undefined;
  return head.slice(at + 4, at + 4 + len);
}

export const privateKey: SecretDetector = {
  id: 'private-key',
  description: 'private key',
  family: 'private-key',
  kind: 'provider',
  keywords: ['-----BEGIN '],
  caseSensitive: true,
  maxLength: MAX_KEY_BODY + 128,
  match: matchPrivateKey,
};

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const JWT_PARTS =
  '(?<header>eyJ[A-Za-z0-9_-]{8,2000})\\.(?<payload>ey[A-Za-z0-9_-]{4,16000})\\.(?<signature>[A-Za-z0-9_-]{0,2000})';
const WHOLE_JWT = new RegExp(`^${JWT_PARTS}$`);

/**
 * The jwt detector's judgement of a token's three parts: undefined when the header is no JWS header
 * (no JSON with an `alg`), else `{ confidence }`, where an undefined confidence marks a token not
 * worth reporting (documentation samples, a malformed payload, a missing signature).
 */
function judgeJwtParts(header: string, payload: string, signature: string): { confidence: Confidence | undefined } | undefined {
  const head = parseJsonObject(decodeBase64(header));
  if (!head || typeof head['alg'] !== 'string') return undefined;
  const reject = { confidence: undefined };
  const payloadText = decodeBase64(payload);
  const body = parseJsonObject(payloadText);
  if (!body || /example\.(?:com|org|net)/i.test(payloadText ?? '')) return reject;
  if (body['name'] === 'John Doe' || body['sub'] === '1234567890') return reject;
  if (head['alg'].toLowerCase() === 'none') return { confidence: 'low' };
  if (signature.length < 16) return reject;
  if (body['role'] === 'anon') return { confidence: 'low' };
  return { confidence: 'medium' };
}

/**
 * How the jwt detector judges `token` when it is a whole JWT (`header.payload.signature`, found in
 * another detector's context such as an `Authorization: Bearer` header): undefined when it is no
 * JWT, else `{ confidence }`, with an undefined confidence for tokens jwt rejects (the jwt.io sample,
 * tokens issued by `example.com`).
 */
export function judgeJwt(token: string): { confidence: Confidence | undefined } | undefined {
  const m = WHOLE_JWT.exec(token);
  if (!m?.groups) return undefined;
  return judgeJwtParts(m.groups['header']!, m.groups['payload']!, m.groups['signature']!);
}

/**
 * JSON Web Tokens: three base64url parts, a header that decodes to JSON with an `alg`, a JSON
 * payload. Unsigned tokens (`alg: none`) and Supabase `anon` keys (public by design) are low; the
 * jwt.io sample token and tokens issued by `example.com` are documentation.
 *
 * Every signed token is reported medium whatever its algorithm: a JWT is a bearer credential until
 * it expires, signed with a shared secret (HS256/384/512) or a private key (RS, PS, ES, EdDSA)
 * alike. A shared-secret signature can also be brute-forced offline to recover a weak signing
 * secret, but the token itself is the finding. Expiry is not judged: images keep tokens with long
 * or no `exp`, and the scan's clock says nothing about when the image runs.
 */
export const jsonWebToken = patternDetector({
  id: 'jwt',
  description: 'JSON Web Token',
  family: 'token',
  keywords: ['eyJ'],
  caseSensitive: true,
  pattern: new RegExp(`(?<![A-Za-z0-9_-])${JWT_PARTS}(?![A-Za-z0-9_-])`),
  maxLength: 20004,
  confidence: 'medium',
  allowRegularBody: true,
  verify: ({ groups }) => judgeJwtParts(groups['header'] ?? '', groups['payload'] ?? '', groups['signature'] ?? '')?.confidence,
});

export const keyDetectors = [privateKey, jsonWebToken];
