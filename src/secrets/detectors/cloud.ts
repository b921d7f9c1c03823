/**
 * Cloud providers: AWS access keys and Google API keys / OAuth client secrets.
 */
import { characterClasses } from '../entropy.js';
import { isNameCode, patternDetector, type SecretDetector } from '../detector.js';

/**
 * `AKIA` (long-term) or `ASIA` (temporary, STS) followed by 16 upper-case characters. AWS key ids use
 * the base32 alphabet (A–Z, 2–7); other digits lower the confidence rather than rejecting.
 * AWS's documented example `AKIAIOSFODNN7EXAMPLE` fails the placeholder check.
 */
export const awsAccessKeyId = patternDetector({
  id: 'aws-access-key-id',
  description: 'AWS access key ID',
  family: 'cloud',
  keywords: ['AKIA', 'ASIA'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/,
  maxLength: 20,
  confidence: 'high',
  prefix: /^(?:AKIA|ASIA)/,
  minEntropy: 2.5,
  verify: ({ secret, body }) => (secret.startsWith('AKIA') && /^[A-Z2-7]+$/.test(body) ? 'high' : 'medium'),
});

const awsSecretNamed = patternDetector({
  id: 'aws-secret-access-key',
  description: 'AWS secret access key',
  family: 'cloud',
  kind: 'context',
  keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret_key', 'awssecretkey', 'aws-secret-key'],
  stepBack: { chars: isNameCode, max: 64 },
  pattern:
    /(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]{0,64}?(?:secret[_.-]?access[_.-]?key|aws[_.-]?secret[_.-]?key)["']?(?:[ \t]{0,40}(?:=>|:=|=|:)[ \t]{0,40}|[ \t]{1,40})["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
  maxLength: 220,
  confidence: 'high',
  minEntropy: 3.5,
  verify: ({ secret }) => (characterClasses(secret) >= 3 ? 'high' : undefined),
});

// Terraform's AWS provider block: `provider "aws" {`, read around its `"aws"`.
const PROVIDER_BEFORE = /(?:^|\s)provider[ \t]{1,8}$/;
const AWS_LABEL = /"aws"[ \t]{0,8}\{/y;
const AWS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])|(?<![^\s{])access_key[ \t]{0,40}=/;
const PROVIDER_WINDOW = 4096;

/** The `{` of the last `provider "aws" {` that opens in `text` between `from` and `at`, or -1. */
function lastAwsProvider(text: string, from: number, at: number): number {
  const window = text.slice(from, at);
  for (let p = window.lastIndexOf('"aws"'); p >= 0; p = p > 0 ? window.lastIndexOf('"aws"', p - 1) : -1) {
    AWS_LABEL.lastIndex = p;
    if (AWS_LABEL.test(window) && PROVIDER_BEFORE.test(window.slice(Math.max(0, p - 20), p))) return from + AWS_LABEL.lastIndex - 1;
  }
  return -1;
}

/**
 * True when `at`, the start of an attribute, is directly in a `provider "aws" { … }` block (within
 * 4 KiB either side) that also holds an access key id or an `access_key` attribute.
 */
function inAwsProviderWithKeyId(text: string, at: number): boolean {
  const open = lastAwsProvider(text, Math.max(0, at - PROVIDER_WINDOW), at);
  if (open < 0) return false;
  let depth = 0;
  for (let i = open; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return false;
  }
  if (depth !== 1) return false;
  if (AWS_KEY_ID.test(text.slice(open, at))) return true;
  const limit = Math.min(text.length, at + PROVIDER_WINDOW);
  for (let i = at; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return AWS_KEY_ID.test(text.slice(at, i));
  }
  return false;
}

const terraformSecretKey = patternDetector({
  id: 'aws-secret-access-key',
  description: 'AWS secret access key',
  family: 'cloud',
  kind: 'context',
  keywords: ['secret_key'],
  pattern: /(?<![A-Za-z0-9_.-])secret_key[ \t]{0,40}=[ \t]{0,40}"(?<secret>[A-Za-z0-9/+]{40})"/,
  maxLength: 135,
  confidence: 'high',
  minEntropy: 3.5,
  verify: ({ text, secret, matchStart }) =>
    characterClasses(secret) >= 3 && inAwsProviderWithKeyId(text, matchStart) ? 'high' : undefined,
});

/**
 * 40 base64 characters, only where a secret-access-key name introduces them
 * (`AWS_SECRET_ACCESS_KEY=…`, `aws_secret_access_key = …`, `"SecretAccessKey": "…"`), or as the
 * `secret_key` of Terraform's `provider "aws"` block next to its `access_key`: alone, the shape is
 * indistinguishable from any other base64, and `secret_key` is every provider's name.
 */
export const awsSecretAccessKey: SecretDetector = {
  ...awsSecretNamed,
  keywords: [...awsSecretNamed.keywords, ...terraformSecretKey.keywords],
  maxLength: Math.max(awsSecretNamed.maxLength, terraformSecretKey.maxLength),
  match(text, start, scan) {
    return awsSecretNamed.match(text, start, scan) ?? terraformSecretKey.match(text, start, scan);
  },
};

/**
 * `AIza` and 35 base64url characters. Browser keys (Firebase web config) are public by design and
 * restricted by referrer, so a match is medium.
 */
export const googleApiKey = patternDetector({
  id: 'google-api-key',
  description: 'Google API key',
  family: 'cloud',
  keywords: ['AIza'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/,
  maxLength: 39,
  confidence: 'medium',
  prefix: /^AIza/,
  minEntropy: 3.5,
});

/** `GOCSPX-` and 28 base64url characters. */
export const googleOauthClientSecret = patternDetector({
  id: 'google-oauth-client-secret',
  description: 'Google OAuth client secret',
  family: 'cloud',
  keywords: ['GOCSPX-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/,
  maxLength: 35,
  confidence: 'high',
  prefix: /^GOCSPX-/,
  minEntropy: 3.5,
});

export const cloudDetectors = [awsAccessKeyId, awsSecretAccessKey, googleApiKey, googleOauthClientSecret];
