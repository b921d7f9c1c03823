/**
 * Credentials in context: passwords in URLs, `.npmrc` auth fields, HTTP `Authorization` headers and
 * `curl -u user:password`. Each reports the secret part only, and never a reference (`$PASS`,
 * `${TOKEN}`) or a placeholder (`<password>`, `changeme`).
 */
import { looksRandom, shannonEntropy } from '../entropy.js';
import { decodeBase64, patternDetector, type DetectorHit, type ScanContext, type SecretDetector } from '../detector.js';
import { isPlaceholder, isReference, isWeakDefault } from '../values.js';
import type { Confidence } from '../types.js';

function isSchemeCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46;
}

const DOC_HOST = /(?:^|\.)example\.(?:com|org|net)$|^(?:host|hostname|your[-_.]?host.*|myhost|server|domain\.com|<.*)$/i;

/** Judges a literal password: undefined for references and placeholders, low for weak defaults. */
function judgePassword(password: string, user = ''): Confidence | undefined {
  if (isReference(password) || isPlaceholder(password)) return undefined;
  if (isWeakDefault(password) || password === user) return 'low';
  return looksRandom(password, 12, 3.0) ? 'high' : 'medium';
}

/**
 * `scheme://user:password@host`: database URLs, registry mirrors, proxies, git remotes. The user
 * may be empty (`redis://:pw@host`); the password may not.
 */
export const urlPassword = patternDetector({
  id: 'url-password',
  description: 'password in a URL',
  family: 'credential',
  kind: 'context',
  keywords: ['://'],
  stepBack: { chars: isSchemeCode, max: 32 },
  pattern:
    /(?<scheme>[A-Za-z][A-Za-z0-9+.-]{0,31}):\/\/(?<user>[^\s:/?#@"'`<>\\{}]{0,128}):(?<secret>[^\s/?#@"'`<>\\]{1,256})@(?<host>[^\s/?#@"'`<>\\:]{1,256})/,
  maxLength: 680,
  confidence: 'medium',
  allowRegularBody: true,
  verify: ({ secret, groups }) => {
    if (DOC_HOST.test(groups['host'] ?? '')) return undefined;
    return judgePassword(secret, groups['user']);
  },
});

/** `.npmrc`: `//registry/:_authToken=<token>`. Legacy npm tokens are UUIDs, so any literal counts. */
export const npmrcAuthToken = patternDetector({
  id: 'npmrc-auth-token',
  description: 'npm registry auth token (.npmrc _authToken)',
  family: 'package-registry',
  kind: 'context',
  keywords: ['_authtoken'],
  pattern: /(?<![A-Za-z0-9])_authToken[ \t]{0,8}=[ \t]{0,8}["']?(?<secret>[^\s"'#;=]{8,256}={0,2})(?![^\s"'#;])/i,
  maxLength: 290,
  confidence: 'medium',
  verify: ({ secret }) => {
    if (isReference(secret) || isPlaceholder(secret)) return undefined;
    if (!/\d/.test(secret) && secret.length < 20) return undefined;
    return looksRandom(secret, 16, 3.0) ? 'high' : 'medium';
  },
});

/** `.npmrc`: `_auth=<base64 user:password>` and `_password=<base64 password>`. */
export const npmrcAuth = patternDetector({
  id: 'npmrc-auth',
  description: 'npm registry credentials (.npmrc _auth/_password)',
  family: 'package-registry',
  kind: 'context',
  keywords: ['_auth', '_password'],
  pattern: /(?<![A-Za-z0-9])_(?<field>auth|password)[ \t]{0,8}=[ \t]{0,8}["']?(?<secret>[A-Za-z0-9+/]{4,1024}={0,2})(?![A-Za-z0-9+/=])/,
  maxLength: 1060,
  confidence: 'medium',
  allowRegularBody: true,
  verify: ({ secret, groups }) => {
    const decoded = decodeBase64(secret);
    if (!decoded || !/^[\x20-\x7e]+$/.test(decoded)) return undefined;
    if (groups['field'] === 'password') return judgePassword(decoded);
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return judgePassword(decoded.slice(colon + 1), decoded.slice(0, colon)) === undefined ? undefined : 'high';
  },
});

/**
 * `Authorization: Basic <base64 user:password>` or `Bearer`/`token` with a literal token, as sent by
 * `curl -H` or written into config files.
 */
export const httpAuthorizationHeader = patternDetector({
  id: 'http-authorization-header',
  description: 'credentials in an HTTP Authorization header',
  family: 'credential',
  kind: 'context',
  keywords: ['authorization'],
  pattern:
    /(?<![A-Za-z0-9])authorization["']?[ \t]{0,8}[:=][ \t]{0,8}["']?[ \t]{0,8}(?<scheme>basic|bearer|token|apikey|api-key)[ \t]{1,8}(?<secret>[A-Za-z0-9._~+/=_-]{8,4096})(?![A-Za-z0-9._~+/=_$-])/i,
  maxLength: 4160,
  confidence: 'medium',
  allowRegularBody: true,
  verify: ({ secret, groups }) => {
    if (isPlaceholder(secret)) return undefined;
    if ((groups['scheme'] ?? '').toLowerCase() === 'basic') {
      const decoded = decodeBase64(secret);
      const colon = decoded?.indexOf(':') ?? -1;
      if (!decoded || colon < 0 || !/^[\x20-\x7e]+$/.test(decoded)) return undefined;
      return judgePassword(decoded.slice(colon + 1), decoded.slice(0, colon));
    }
    // Opaque tokens are random: digits appear in all but the rarest ones; words (`Bearer Authorization`) have none.
    if (!/\d/.test(secret) && !(secret.length >= 32 && shannonEntropy(secret) >= 4)) return undefined;
    if (looksRandom(secret, 20, 3.5)) return 'high';
    return secret.length >= 12 && shannonEntropy(secret) >= 3.0 ? 'medium' : undefined;
  },
});

const CURL_WORD = /(?<![A-Za-z0-9_.-])curl(?![A-Za-z0-9_.-])/y;
// A command ends at a newline that is not a continuation, or at `;`, `&`, `|`.
const COMMAND_END = /(?<!\\\r?)\n|[;&|]/g;
const USER_FLAG = /[ \t](?:-u|--user)(?=[ \t=]|[^\s-])/g;
const USER_VALUE = /[ \t](?:-u[ \t]{0,8}|--user(?:[ \t]{1,8}|=))["']?(?<user>[^\s:"']{1,128}):(?<secret>[^\s"']{1,256})/dy;
const commandEndKey = {};
const nextCredentialKey = {};

/**
 * `curl -u user:password` / `--user user:password`, within 512 characters of `curl` in the same
 * command (line continuations included). Each `-u` is judged once per scan, however many `curl`
 * words precede it.
 */
function matchCurlUser(text: string, start: number, scan: ScanContext): DetectorHit | undefined {
  CURL_WORD.lastIndex = start;
  if (!CURL_WORD.test(text)) return undefined;
  const commandEnd = scan.firstFrom(commandEndKey, start, (from) => {
    COMMAND_END.lastIndex = from;
    const m = COMMAND_END.exec(text);
    return { at: m ? m.index : text.length, value: null };
  })!.at;
  const found = scan.firstFrom(nextCredentialKey, start + 4, (from) => {
    USER_FLAG.lastIndex = from;
    for (let flag = USER_FLAG.exec(text); flag; flag = USER_FLAG.exec(text)) {
      USER_VALUE.lastIndex = flag.index;
      const m = USER_VALUE.exec(text);
      const span = m?.indices?.groups?.['secret'];
      if (m && span) {
        const confidence = judgePassword(m.groups!['secret']!, m.groups!['user']);
        if (confidence) return { at: flag.index, value: { start: span[0], end: span[1], confidence } };
      }
      USER_FLAG.lastIndex = flag.index + 1;
    }
    return undefined;
  });
  return found && found.at < Math.min(commandEnd, start + 512) ? found.value : undefined;
}

export const curlUserPassword: SecretDetector = {
  id: 'curl-user-password',
  description: 'password in curl --user',
  family: 'credential',
  kind: 'context',
  keywords: ['curl'],
  maxLength: 900,
  match: matchCurlUser,
};

export const credentialDetectors = [urlPassword, npmrcAuthToken, npmrcAuth, httpAuthorizationHeader, curlUserPassword];
