/**
 * Messaging, payments and e-mail services: Slack, Stripe, Twilio, SendGrid.
 */
import { shannonEntropy } from '../entropy.js';
import { patternDetector } from '../detector.js';

/**
 * Slack tokens: `xoxb-` (bot), `xoxp-` (user), `xoxa-`/`xoxr-` (app, refresh), `xoxe-` (rotating),
 * `xoxs-`/`xoxo-` (legacy): numeric ids separated by `-`, then a random part.
 */
export const slackToken = patternDetector({
  id: 'slack-token',
  description: 'Slack API token',
  family: 'chat',
  keywords: ['xox'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])xox[abeoprs]-(?:[0-9]{1,15}-){1,3}(?<random>[A-Za-z0-9]{16,250})(?![A-Za-z0-9_-])/,
  maxLength: 310,
  confidence: 'high',
  prefix: /^xox[abeoprs]-/,
  verify: ({ groups }) => (shannonEntropy(groups['random'] ?? '') >= 3.2 ? 'high' : undefined),
});

/** Slack app-level tokens: `xapp-<n>-<app id>-<number>-<random>`. */
export const slackAppToken = patternDetector({
  id: 'slack-app-token',
  description: 'Slack app-level token',
  family: 'chat',
  keywords: ['xapp-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])xapp-[0-9]{1,2}-[A-Z0-9]{8,14}-[0-9]{8,15}-(?<random>[A-Za-z0-9]{32,80})(?![A-Za-z0-9_-])/,
  maxLength: 120,
  confidence: 'high',
  prefix: /^xapp-/,
  verify: ({ groups }) => (shannonEntropy(groups['random'] ?? '') >= 3.2 ? 'high' : undefined),
});

/**
 * Incoming webhooks (`/services/T…/B…/<secret>`) and workflow triggers: the URL itself is the
 * credential. The span starts at the host; the scheme is not secret.
 */
export const slackWebhookUrl = patternDetector({
  id: 'slack-webhook-url',
  description: 'Slack webhook URL',
  family: 'chat',
  keywords: ['hooks.slack.com/'],
  caseSensitive: true,
  pattern:
    /(?<![A-Za-z0-9.-])hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_-]{6,24}\/[A-Za-z0-9_-]{6,24}(?:\/[A-Za-z0-9_-]{6,24})?\/(?<random>[A-Za-z0-9_-]{16,64})(?![A-Za-z0-9_-])/,
  maxLength: 190,
  confidence: 'high',
  prefix: /^hooks\.slack\.com\/[a-z]+\//,
  verify: ({ groups }) => (shannonEntropy(groups['random'] ?? '') >= 3.2 ? 'high' : undefined),
});

/** Stripe secret (`sk_`) and restricted (`rk_`) keys; test-mode keys cannot move money, so they are low. */
function stripeKey(id: string, kind: 'sk' | 'rk', description: string) {
  return patternDetector({
    id,
    description,
    family: 'payments',
    keywords: [`${kind}_live_`, `${kind}_test_`],
    caseSensitive: true,
    pattern: new RegExp(`(?<![A-Za-z0-9_])${kind}_(?:live|test)_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])`),
    maxLength: 255,
    confidence: 'high',
    prefix: new RegExp(`^${kind}_(?:live|test)_`),
    minEntropy: 3.5,
    verify: ({ secret }) => (secret.startsWith(`${kind}_test_`) ? 'low' : 'high'),
  });
}

/** Webhook signing secrets (`whsec_`): Stripe's format, also used by Svix and others. */
export const stripeWebhookSecret = patternDetector({
  id: 'stripe-webhook-secret',
  description: 'Stripe webhook signing secret',
  family: 'payments',
  keywords: ['whsec_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/]{32,88}={0,2}(?![A-Za-z0-9_+/=])/,
  maxLength: 96,
  confidence: 'medium',
  prefix: /^whsec_/,
  minEntropy: 3.5,
});

/**
 * Twilio API key SIDs (`SK` + 32 hex) identify a key whose secret travels with them; account SIDs
 * (`AC` + 32 hex) identify an account whose auth token does. Neither is the secret itself, so both
 * are reported below high.
 */
export const twilioApiKeySid = patternDetector({
  id: 'twilio-api-key-sid',
  description: 'Twilio API key SID',
  family: 'chat',
  keywords: ['SK'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])SK[0-9a-f]{32}(?![A-Za-z0-9_])/,
  maxLength: 34,
  confidence: 'medium',
  prefix: /^SK/,
  minEntropy: 3.0,
});

export const twilioAccountSid = patternDetector({
  id: 'twilio-account-sid',
  description: 'Twilio account SID',
  family: 'chat',
  keywords: ['AC'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])AC[0-9a-f]{32}(?![A-Za-z0-9_])/,
  maxLength: 34,
  confidence: 'low',
  prefix: /^AC/,
  minEntropy: 3.0,
});

/** `SG.` + 22 + `.` + 43 base64url characters. */
export const sendgridApiKey = patternDetector({
  id: 'sendgrid-api-key',
  description: 'SendGrid API key',
  family: 'email',
  keywords: ['SG.'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
  maxLength: 69,
  confidence: 'high',
  prefix: /^SG\./,
  minEntropy: 3.5,
});

export const saasDetectors = [
  slackToken,
  slackAppToken,
  slackWebhookUrl,
  stripeKey('stripe-secret-key', 'sk', 'Stripe secret key'),
  stripeKey('stripe-restricted-key', 'rk', 'Stripe restricted key'),
  stripeWebhookSecret,
  twilioApiKeySid,
  twilioAccountSid,
  sendgridApiKey,
];
