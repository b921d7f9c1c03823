/**
 * Code forges: GitHub and GitLab tokens. Both vendors use distinctive prefixes so scanners can find
 * leaked tokens; the body is random base62 (GitHub) or base64url (GitLab).
 */
import { patternDetector, type SecretDetector } from '../detector.js';

/** `gh?_` tokens: 36 base62 characters today; GitHub reserves growth up to 255 in total. */
function githubToken(id: string, prefix: string, description: string): SecretDetector {
  return patternDetector({
    id,
    description,
    family: 'code-forge',
    keywords: [prefix],
    caseSensitive: true,
    pattern: new RegExp(`(?<![A-Za-z0-9_])${prefix}[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])`),
    maxLength: 255,
    confidence: 'high',
    prefix: new RegExp(`^${prefix}`),
    minEntropy: 3.5,
  });
}

/** Fine-grained PATs: `github_pat_`, 22 base62, `_`, 59 base62. Ranges leave room for growth. */
export const githubFineGrainedPat = patternDetector({
  id: 'github-fine-grained-pat',
  description: 'GitHub fine-grained personal access token',
  family: 'code-forge',
  keywords: ['github_pat_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22,40}_[A-Za-z0-9]{50,120}(?![A-Za-z0-9_])/,
  maxLength: 172,
  confidence: 'high',
  prefix: /^github_pat_/,
  minEntropy: 3.5,
});

/**
 * GitLab tokens: a prefix per token type, base64url characters (20 for most types, more for some:
 * `minBody`), optionally routable-token segments.
 */
export function gitlabToken(id: string, prefix: string, description: string, minBody = 20): SecretDetector {
  return patternDetector({
    id,
    description,
    family: 'code-forge',
    keywords: [prefix],
    caseSensitive: true,
    pattern: new RegExp(`(?<![A-Za-z0-9_-])${prefix}[A-Za-z0-9_-]{${minBody},64}(?:\\.[A-Za-z0-9_-]{2,16}){0,2}(?![A-Za-z0-9_-])`),
    maxLength: prefix.length + 64 + 34,
    confidence: 'high',
    prefix: new RegExp(`^${prefix}`),
    minEntropy: 3.2,
  });
}

export const codeForgeDetectors = [
  githubToken('github-pat', 'ghp_', 'GitHub personal access token'),
  githubToken('github-oauth-token', 'gho_', 'GitHub OAuth access token'),
  githubToken('github-user-to-server-token', 'ghu_', 'GitHub App user-to-server token'),
  githubToken('github-server-to-server-token', 'ghs_', 'GitHub App installation token'),
  githubToken('github-refresh-token', 'ghr_', 'GitHub refresh token'),
  githubFineGrainedPat,
  gitlabToken('gitlab-pat', 'glpat-', 'GitLab personal access token'),
  gitlabToken('gitlab-deploy-token', 'gldt-', 'GitLab deploy token'),
  gitlabToken('gitlab-runner-token', 'glrt-', 'GitLab runner authentication token'),
  gitlabToken('gitlab-pipeline-trigger-token', 'glptt-', 'GitLab pipeline trigger token'),
];
