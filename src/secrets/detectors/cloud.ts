/**
 * Cloud providers: AWS access keys and Google API keys / OAuth client secrets.
 */
import { characterClasses } from '../entropy.js';
import { isNameCode, patternDetector } from '../detector.js';

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

/**
 * 40 base64 characters, only where a secret-access-key name introduces them
 * (`AWS_SECRET_ACCESS_KEY=…`, `aws_secret_access_key = …`, `"SecretAccessKey": "…"`): alone, the
 * shape is indistinguishable from any other base64.
 */
export const awsSecretAccessKey = patternDetector({
  id: 'aws-secret-access-key',
  description: 'AWS secret access key',
  family: 'cloud',
  kind: 'context',
  keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret_key', 'awssecretkey', 'aws-secret-key'],
  stepBack: { chars: isNameCode, max: 64 },
  pattern:
    /(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]{0,64}?(?:secret[_.-]?access[_.-]?key|aws[_.-]?secret[_.-]?key)["']?(?:[ \t]{0,8}(?:=>|:=|=|:)[ \t]{0,8}|[ \t]{1,8})["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
  maxLength: 160,
  confidence: 'high',
  minEntropy: 3.5,
  verify: ({ secret }) => (characterClasses(secret) >= 3 ? 'high' : undefined),
});

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
