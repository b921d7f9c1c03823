/**
 * AI providers: OpenAI, Anthropic, Hugging Face (more in dev.ts).
 */
import { characterClasses } from '../entropy.js';
import { patternDetector } from '../detector.js';

/**
 * OpenAI keys: project (`sk-proj-`), service-account (`sk-svcacct-`) and legacy `sk-` keys. Most
 * carry the marker `T3BlbkFJ` (base64 of "OpenAI") mid-body. A bare `sk-` with 32+ alphanumerics and
 * no marker is the shape many OpenAI-compatible providers copy: medium. Admin keys (`sk-admin-`,
 * openai-admin-key), Anthropic (`sk-ant-`) and OpenRouter (`sk-or-v1-`) keys have detectors of
 * their own and are left to them, so each key is reported once.
 */
export const openaiApiKey = patternDetector({
  id: 'openai-api-key',
  description: 'OpenAI API key',
  family: 'ai',
  keywords: ['sk-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])sk-(?!ant-|admin-|or-v1-)(?:(?<kind>proj|svcacct)-)?(?<body>[A-Za-z0-9_-]{20,250})(?![A-Za-z0-9_-])/,
  maxLength: 270,
  confidence: 'high',
  prefix: /^sk-(?:(?:proj|svcacct)-)?/,
  minEntropy: 3.5,
  verify: ({ body, groups }) => {
    if (body.includes('T3BlbkFJ')) return 'high';
    if (groups['kind']) return body.length >= 40 ? 'high' : undefined;
    return /^[A-Za-z0-9]{32,}$/.test(body) && characterClasses(body) >= 2 ? 'medium' : undefined;
  },
});

/**
 * Anthropic keys: `sk-ant-<type><version>-` (`api03`) and a long base64url body. Admin keys
 * (`sk-ant-admin01-`) are anthropic-admin-key's.
 */
export const anthropicApiKey = patternDetector({
  id: 'anthropic-api-key',
  description: 'Anthropic API key',
  family: 'ai',
  keywords: ['sk-ant-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])sk-ant-(?!admin)[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{32,200}(?![A-Za-z0-9_-])/,
  maxLength: 220,
  confidence: 'high',
  prefix: /^sk-ant-[a-z]{2,8}[0-9]{2}-/,
  minEntropy: 3.5,
});

/** Hugging Face user access tokens: `hf_` + 34 letters (mixed case). */
export const huggingFaceToken = patternDetector({
  id: 'huggingface-token',
  description: 'Hugging Face access token',
  family: 'ai',
  keywords: ['hf_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34,40}(?![A-Za-z0-9_])/,
  maxLength: 43,
  confidence: 'high',
  prefix: /^hf_/,
  minEntropy: 3.5,
  verify: ({ body }) => (/[a-z]/.test(body) && /[A-Z]/.test(body) ? 'high' : undefined),
});

export const aiDetectors = [openaiApiKey, anthropicApiKey, huggingFaceToken];
