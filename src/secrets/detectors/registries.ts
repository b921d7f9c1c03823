/**
 * Package registries: npm, PyPI, Docker Hub.
 */
import { patternDetector } from '../detector.js';

/** npm access tokens (granular and classic since 2021): `npm_` + 36 base62. */
export const npmAccessToken = patternDetector({
  id: 'npm-access-token',
  description: 'npm access token',
  family: 'package-registry',
  keywords: ['npm_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
  maxLength: 40,
  confidence: 'high',
  prefix: /^npm_/,
  minEntropy: 3.5,
});

/**
 * PyPI API tokens are macaroons: `pypi-` + base64url of a binary header that always starts with
 * `AgE` (version 2, location field).
 */
export const pypiApiToken = patternDetector({
  id: 'pypi-api-token',
  description: 'PyPI API token',
  family: 'package-registry',
  keywords: ['pypi-AgE'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])pypi-AgE[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/,
  maxLength: 1008,
  confidence: 'high',
  prefix: /^pypi-/,
  minEntropy: 3.5,
});

/** Docker Hub personal (`dckr_pat_`) and organization (`dckr_oat_`) access tokens. */
export const dockerHubToken = patternDetector({
  id: 'docker-hub-token',
  description: 'Docker Hub access token',
  family: 'package-registry',
  keywords: ['dckr_pat_', 'dckr_oat_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/,
  maxLength: 73,
  confidence: 'high',
  prefix: /^dckr_(?:pat|oat)_/,
  minEntropy: 3.3,
});

export const registryDetectors = [npmAccessToken, pypiApiToken, dockerHubToken];
