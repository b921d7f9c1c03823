/**
 * Chat, payments, e-mail, monitoring and other SaaS providers (Slack, Stripe, Twilio and SendGrid
 * live in saas.ts). Almost every format here has a distinctive prefix; the few that do not are
 * anchored on a rare literal (`FFFFNRAL`, `-us<n>`, `:AA`) or on a provider-named variable.
 */
import { characterClasses, hasBothCases, shannonEntropy } from '../entropy.js';
import { decodeBase64, isNameCode, isWordCode, patternDetector, type SecretDetector } from '../detector.js';
import type { Confidence } from '../types.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isLowerHexCode = (c: number): boolean => isDigitCode(c) || (c >= 97 && c <= 102);

/** Decodes base64 (or base64url) to a JSON object; undefined when it is not one. */
function decodeJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  const decoded = text === undefined ? undefined : decodeBase64(text);
  if (!decoded) return undefined;
  try {
    const value: unknown = JSON.parse(decoded);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `high` for live keys, `low` when the secret carries the provider's test-mode marker. */
const liveOrTest =
  (testMarker: string) =>
  ({ secret }: { secret: string }): Confidence =>
    secret.includes(testMarker) ? 'low' : 'high';

// ---------------------------------------------------------------------------------------------
// Chat
// ---------------------------------------------------------------------------------------------

/**
 * Discord bot tokens: base64 of the bot's numeric user id, `.`, a 6-character timestamp, `.`, an
 * HMAC (27 or 38 characters). The shape has no literal prefix, so it is matched only as
 * the value of a `discord`-named variable or key, and the first part must decode to a snowflake id.
 */
export const discordBotToken = patternDetector({
  id: 'discord-bot-token',
  description: 'Discord bot token',
  family: 'chat',
  kind: 'context',
  keywords: ['discord'],
  stepBack: { chars: isNameCode, max: 64 },
  pattern:
    /(?<![A-Za-z0-9_.$/-])[A-Za-z0-9_.-]{0,64}?discord[A-Za-z0-9_.-]{0,64}?["']?(?:[ \t]{0,8}(?:=>|:=|=|:)[ \t]{0,8}|[ \t]{1,8})["']?(?<secret>(?<id>[A-Za-z0-9_-]{23,28})\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40})(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/i,
  maxLength: 240,
  confidence: 'high',
  minEntropy: 3.5,
  verify: ({ groups, secret }) => {
    const id = decodeBase64(groups['id'] ?? '');
    return id && /^[1-9][0-9]{16,19}$/.test(id) && hasBothCases(secret) ? 'high' : undefined;
  },
});

/** `discord.com/api/webhooks/<channel webhook id>/<68-character token>`: the URL is the credential. */
export const discordWebhookUrl = patternDetector({
  id: 'discord-webhook-url',
  description: 'Discord webhook URL',
  family: 'chat',
  keywords: ['discord.com/api/', 'discordapp.com/api/'],
  caseSensitive: true,
  // `canary.` and `ptb.` hosts.
  stepBack: { chars: (c) => (c >= 97 && c <= 122) || c === 46, max: 7 },
  pattern:
    /(?<![A-Za-z0-9.-])(?:(?:canary|ptb)\.)?discord(?:app)?\.com\/api\/(?:v[0-9]{1,2}\/)?webhooks\/[0-9]{17,20}\/(?<token>[A-Za-z0-9_-]{60,80})(?![A-Za-z0-9_-])/,
  maxLength: 150,
  confidence: 'high',
  prefix: /^(?:(?:canary|ptb)\.)?discord(?:app)?\.com\/api\/(?:v[0-9]{1,2}\/)?webhooks\//,
  verify: ({ groups }) => (shannonEntropy(groups['token'] ?? '') >= 3.5 && hasBothCases(groups['token'] ?? '') ? 'high' : undefined),
});

/**
 * Telegram bot tokens: the bot's numeric id (8–10 digits), `:`, and 35 base64url characters that
 * start with `AA`. Also found after `/bot` in Bot API URLs. BotFather's documented sample (id
 * 110201543) and counting ids are examples.
 */
export const telegramBotToken = patternDetector({
  id: 'telegram-bot-token',
  description: 'Telegram bot token',
  family: 'chat',
  keywords: [':AA'],
  caseSensitive: true,
  stepBack: { chars: isDigitCode, max: 10 },
  pattern: /(?:(?<=\/bot)|(?<![A-Za-z0-9_:.+-]))[1-9][0-9]{7,9}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/,
  maxLength: 46,
  confidence: 'high',
  prefix: /^[0-9]{8,10}:/,
  minEntropy: 3.5,
  allow: { secrets: [/^(?:110201543|12345678|123456789|1234567890|987654321):/] },
  verify: ({ body }) => (hasBothCases(body.slice(2)) ? 'high' : undefined),
});

/**
 * Microsoft Teams incoming webhooks (Office 365 connectors):
 * `<tenant>.webhook.office.com/webhookb2/<group>@<tenant id>/IncomingWebhook/<32 hex>/<uuid>`, since
 * 2025 with a `/V2…` suffix; the legacy host is `outlook.office(365).com/webhook/`.
 */
export const teamsWebhookUrl = patternDetector({
  id: 'teams-webhook-url',
  description: 'Microsoft Teams incoming webhook URL',
  family: 'chat',
  keywords: ['.webhook.office.com/webhookb2/', 'outlook.office.com/webhook/', 'outlook.office365.com/webhook/'],
  caseSensitive: true,
  stepBack: { chars: (c) => isWordCode(c) || c === 45, max: 63 },
  pattern: new RegExp(
    `(?<![A-Za-z0-9.-])(?:[A-Za-z0-9-]{1,63}\\.webhook\\.office\\.com\\/webhookb2|outlook\\.office(?:365)?\\.com\\/webhook)\\/` +
      `${UUID}@${UUID}\\/IncomingWebhook\\/(?<random>[0-9a-f]{32})\\/${UUID}(?:\\/V2[A-Za-z0-9_-]{30,80})?(?![A-Za-z0-9_-])`,
  ),
  maxLength: 340,
  confidence: 'high',
  prefix: /^(?:[A-Za-z0-9-]{1,63}\.webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook)\//,
  verify: ({ groups }) => (shannonEntropy(groups['random'] ?? '') >= 3.0 ? 'high' : undefined),
});

/** Zapier "Catch Hook" trigger URLs: `hooks.zapier.com/hooks/catch/<account>/<hook>/`. Anyone holding one can trigger the Zap. */
export const zapierWebhookUrl = patternDetector({
  id: 'zapier-webhook-url',
  description: 'Zapier webhook URL',
  family: 'chat',
  keywords: ['hooks.zapier.com/hooks/catch/'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9.-])hooks\.zapier\.com\/hooks\/catch\/[0-9]{4,12}\/[a-z0-9]{5,12}(?![A-Za-z0-9_-])/,
  maxLength: 60,
  confidence: 'medium',
  prefix: /^hooks\.zapier\.com\//,
});

// ---------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------

/**
 * Square access tokens: `EAAA` + 60 base64url (current; Facebook Graph tokens also start with `EAA`
 * but are much longer, and an upper-case hex digest has one case only), or legacy `sq0atp-` + 22.
 * `sandbox-` tokens are test-mode.
 */
export const squareAccessToken = patternDetector({
  id: 'square-access-token',
  description: 'Square access token',
  family: 'payments',
  keywords: ['EAAA', 'sq0atp-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_+/]|(?<!sandbox)-)(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22,43})(?![A-Za-z0-9_+/=-])/,
  maxLength: 64,
  confidence: 'high',
  prefix: /^(?:EAAA|sq0atp-)/,
  minEntropy: 3.5,
  verify: ({ text, secret, body, matchStart }) => {
    if (!hasBothCases(body)) return undefined;
    if (text.slice(Math.max(0, matchStart - 8), matchStart) === 'sandbox-') return 'low';
    return secret.startsWith('EAAA') ? 'medium' : 'high';
  },
});

/** Square application (OAuth) secrets: `sq0csp-` + 43 base64url. Square's own sample secret is allowed. */
export const squareOAuthSecret = patternDetector({
  id: 'square-oauth-secret',
  description: 'Square OAuth application secret',
  family: 'payments',
  keywords: ['sq0csp-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_]|(?<!sandbox)-)sq0csp-[A-Za-z0-9_-]{40,50}(?![A-Za-z0-9_-])/,
  maxLength: 57,
  confidence: 'high',
  prefix: /^sq0csp-/,
  minEntropy: 3.5,
  allow: { secrets: [/^sq0csp-0p9h7g6f4s3s3s3-/] },
  verify: ({ text, matchStart }) => (text.slice(Math.max(0, matchStart - 8), matchStart) === 'sandbox-' ? 'low' : 'high'),
});

/** Braintree (PayPal) access tokens: `access_token$<environment>$<merchant id>$<32 hex>`. */
export const braintreeAccessToken = patternDetector({
  id: 'braintree-access-token',
  description: 'Braintree access token',
  family: 'payments',
  keywords: ['access_token$'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_$])access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$(?<random>[0-9a-f]{32})(?![A-Za-z0-9_$])/,
  maxLength: 73,
  confidence: 'high',
  prefix: /^access_token\$(?:production|sandbox)\$/,
  verify: ({ secret, groups }) =>
    shannonEntropy(groups['random'] ?? '') < 3.0 ? undefined : secret.includes('$sandbox$') ? 'low' : 'high',
});

/** Shopify Admin API access tokens: `shpat_` (custom/public apps), `shpca_` (custom), `shppa_` (private), + 32 hex. */
export const shopifyAccessToken = patternDetector({
  id: 'shopify-access-token',
  description: 'Shopify access token',
  family: 'payments',
  keywords: ['shpat_', 'shpca_', 'shppa_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])shp(?:at|ca|pa)_[0-9a-fA-F]{32}(?![A-Za-z0-9_])/,
  maxLength: 38,
  confidence: 'high',
  prefix: /^shp(?:at|ca|pa)_/,
  minEntropy: 3.0,
});

/** Shopify app shared secrets (`shpss_` + 32 hex), which sign webhooks and OAuth. */
export const shopifySharedSecret = patternDetector({
  id: 'shopify-shared-secret',
  description: 'Shopify app shared secret',
  family: 'payments',
  keywords: ['shpss_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])shpss_[0-9a-fA-F]{32}(?![A-Za-z0-9_])/,
  maxLength: 38,
  confidence: 'high',
  prefix: /^shpss_/,
  minEntropy: 3.0,
});

/** Flutterwave secret keys: `FLWSECK-` (live) or `FLWSECK_TEST-` (test) + 32 hex + `-X`. */
export const flutterwaveSecretKey = patternDetector({
  id: 'flutterwave-secret-key',
  description: 'Flutterwave secret key',
  family: 'payments',
  keywords: ['FLWSECK-', 'FLWSECK_TEST-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])FLWSECK(?:_TEST)?-[0-9a-fA-F]{32}-X(?![A-Za-z0-9_-])/,
  maxLength: 47,
  confidence: 'high',
  prefix: /^FLWSECK(?:_TEST)?-/,
  minEntropy: 3.0,
  verify: liveOrTest('_TEST-'),
});

/** Plaid item access tokens: `access-<environment>-<uuid>`; sandbox items hold no real data. Plaid's documented sample is allowed. */
export const plaidAccessToken = patternDetector({
  id: 'plaid-access-token',
  description: 'Plaid access token',
  family: 'payments',
  keywords: ['access-production-', 'access-development-', 'access-sandbox-'],
  caseSensitive: true,
  pattern: new RegExp(`(?<![A-Za-z0-9_-])access-(?:production|development|sandbox)-${UUID}(?![A-Za-z0-9_-])`),
  maxLength: 55,
  confidence: 'high',
  prefix: /^access-(?:production|development|sandbox)-/,
  minEntropy: 3.0,
  allow: { secrets: [/-de3ce8ef-33f8-452c-a685-8671031fc0f6$/] },
  verify: ({ secret }) => (secret.startsWith('access-production-') ? 'high' : secret.startsWith('access-development-') ? 'medium' : 'low'),
});

/** Duffel API tokens: `duffel_live_` / `duffel_test_` + 43 base64url characters. */
export const duffelApiToken = patternDetector({
  id: 'duffel-api-token',
  description: 'Duffel API token',
  family: 'payments',
  keywords: ['duffel_live_', 'duffel_test_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])duffel_(?:live|test)_[A-Za-z0-9_=-]{43}(?![A-Za-z0-9_=-])/,
  maxLength: 55,
  confidence: 'high',
  prefix: /^duffel_(?:live|test)_/,
  minEntropy: 3.5,
  verify: liveOrTest('duffel_test_'),
});

/** Shippo API tokens: `shippo_live_` / `shippo_test_` + 40 hex. */
export const shippoApiToken = patternDetector({
  id: 'shippo-api-token',
  description: 'Shippo API token',
  family: 'payments',
  keywords: ['shippo_live_', 'shippo_test_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])shippo_(?:live|test)_[0-9a-f]{40}(?![A-Za-z0-9_])/,
  maxLength: 52,
  confidence: 'high',
  prefix: /^shippo_(?:live|test)_/,
  minEntropy: 3.0,
  verify: liveOrTest('shippo_test_'),
});

/** EasyPost API keys: `EZAK` (production) or `EZTK` (test) + 54 alphanumerics. */
export const easypostApiKey = patternDetector({
  id: 'easypost-api-key',
  description: 'EasyPost API key',
  family: 'payments',
  keywords: ['EZAK', 'EZTK'],
  caseSensitive: true,
  // Not inside base64 (`…+EZAK…/…`).
  pattern: /(?<![A-Za-z0-9_+/-])EZ[AT]K[A-Za-z0-9]{54}(?![A-Za-z0-9_+/=-])/,
  maxLength: 58,
  confidence: 'high',
  prefix: /^EZ[AT]K/,
  minEntropy: 3.5,
  verify: liveOrTest('EZTK'),
});

// ---------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------

/**
 * Mailgun private API keys, legacy format: `key-` + 32 hex. Mailgun's public validation key
 * (`pubkey-`) does not match. Newer keys have no prefix and are left to name-based detection.
 */
export const mailgunApiKey = patternDetector({
  id: 'mailgun-api-key',
  description: 'Mailgun API key',
  family: 'email',
  keywords: ['key-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_.-])key-[0-9a-f]{32}(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/,
  maxLength: 36,
  confidence: 'medium',
  prefix: /^key-/,
  minEntropy: 3.2,
  verify: ({ body }) => (/[a-f]/.test(body) && /[0-9]/.test(body) ? 'medium' : undefined),
});

/** Mailchimp Marketing API keys: 32 hex, `-us`, the data center number (`…-us21`). */
export const mailchimpApiKey = patternDetector({
  id: 'mailchimp-api-key',
  description: 'Mailchimp API key',
  family: 'email',
  keywords: ['-us1', '-us2', '-us3', '-us4', '-us5', '-us6', '-us7', '-us8', '-us9'],
  caseSensitive: true,
  stepBack: { chars: isLowerHexCode, max: 32 },
  pattern: /(?<![A-Za-z0-9_.-])(?<random>[0-9a-f]{32})-us[1-9][0-9]?(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/,
  maxLength: 37,
  confidence: 'medium',
  verify: ({ groups }) => {
    const random = groups['random'] ?? '';
    return shannonEntropy(random) >= 3.2 && /[a-f]/.test(random) && /[0-9]/.test(random) ? 'medium' : undefined;
  },
});

/** Brevo (formerly Sendinblue) keys: `xkeysib-` (API) or `xsmtpsib-` (SMTP relay) + 64 hex + `-` + 16 alphanumerics. */
function brevoKey(id: string, prefix: string, description: string): SecretDetector {
  return patternDetector({
    id,
    description,
    family: 'email',
    keywords: [prefix],
    caseSensitive: true,
    pattern: new RegExp(`(?<![A-Za-z0-9_-])${prefix}[0-9a-f]{64}-[A-Za-z0-9]{16}(?![A-Za-z0-9_-])`),
    maxLength: prefix.length + 81,
    confidence: 'high',
    prefix: new RegExp(`^${prefix}`),
    minEntropy: 3.5,
  });
}

// ---------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------

/**
 * Sentry organization auth tokens: `sntrys_` + base64 of a JSON claim set (`iat`, `url`, `org`…),
 * `_`, and a 43-character secret.
 */
export const sentryOrgToken = patternDetector({
  id: 'sentry-org-token',
  description: 'Sentry organization auth token',
  family: 'monitoring',
  keywords: ['sntrys_eyJ'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])sntrys_(?<claims>eyJ[A-Za-z0-9+/]{20,400}={0,2})_(?<random>[A-Za-z0-9+/]{43})(?![A-Za-z0-9_+/=])/,
  maxLength: 460,
  confidence: 'high',
  prefix: /^sntrys_/,
  verify: ({ groups }) => {
    const claims = decodeJsonObject(groups['claims']);
    return claims && 'iat' in claims && shannonEntropy(groups['random'] ?? '') >= 3.5 ? 'high' : undefined;
  },
});

/** Sentry user auth tokens: `sntryu_` + 64 hex. */
export const sentryUserToken = patternDetector({
  id: 'sentry-user-token',
  description: 'Sentry user auth token',
  family: 'monitoring',
  keywords: ['sntryu_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])sntryu_[0-9a-f]{64}(?![A-Za-z0-9_])/,
  maxLength: 71,
  confidence: 'high',
  prefix: /^sntryu_/,
  minEntropy: 3.3,
});

/** New Relic user API keys: `NRAK-` + 27 upper-case alphanumerics. */
export const newRelicUserApiKey = patternDetector({
  id: 'new-relic-user-api-key',
  description: 'New Relic user API key',
  family: 'monitoring',
  keywords: ['NRAK-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])NRAK-[A-Z0-9]{27}(?![A-Za-z0-9_-])/,
  maxLength: 32,
  confidence: 'high',
  prefix: /^NRAK-/,
  minEntropy: 3.5,
  verify: ({ body }) => (characterClasses(body) === 2 ? 'high' : undefined),
});

/** New Relic Insights insert keys (`NRII-`): they can only write events, so medium. */
export const newRelicInsertKey = patternDetector({
  id: 'new-relic-insert-key',
  description: 'New Relic Insights insert key',
  family: 'monitoring',
  keywords: ['NRII-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])NRII-[A-Za-z0-9_-]{25,32}(?![A-Za-z0-9_-])/,
  maxLength: 37,
  confidence: 'medium',
  prefix: /^NRII-/,
  minEntropy: 3.5,
  verify: ({ body }) => (characterClasses(body) >= 3 ? 'medium' : undefined),
});

/**
 * New Relic ingest license keys: 40 characters ending in `NRAL` (`…FFFFNRAL` today); EU-region
 * keys start with `eu01xx`. They can only send data, so medium.
 */
export const newRelicLicenseKey = patternDetector({
  id: 'new-relic-license-key',
  description: 'New Relic license key',
  family: 'monitoring',
  keywords: ['NRAL'],
  caseSensitive: true,
  stepBack: { chars: (c) => isLowerHexCode(c) || (c >= 65 && c <= 70) || c === 117 || c === 120, max: 36 },
  pattern: /(?<![A-Za-z0-9_-])(?<random>[0-9a-f]{32}|eu01xx[0-9a-f]{26})[0-9A-F]{4}NRAL(?![A-Za-z0-9_-])/,
  maxLength: 40,
  confidence: 'medium',
  verify: ({ groups }) => (shannonEntropy(groups['random'] ?? '') >= 3.0 ? 'medium' : undefined),
});

/**
 * Grafana Cloud access policy tokens: `glc_` + base64 of a JSON object with the org (`o`), name
 * (`n`) and key (`k`).
 */
export const grafanaCloudToken = patternDetector({
  id: 'grafana-cloud-token',
  description: 'Grafana Cloud access policy token',
  family: 'monitoring',
  keywords: ['glc_eyJ'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])glc_(?<claims>eyJ[A-Za-z0-9+/]{40,400}={0,2})(?![A-Za-z0-9_+/=])/,
  maxLength: 410,
  confidence: 'high',
  prefix: /^glc_/,
  verify: ({ groups }) => {
    const claims = decodeJsonObject(groups['claims']);
    const key = claims?.['k'];
    return claims && 'o' in claims && typeof key === 'string' && key.length >= 16 && shannonEntropy(key) >= 3.5 ? 'high' : undefined;
  },
});

/** Grafana service account tokens: `glsa_` + 32 alphanumerics + `_` + 8 hex (a checksum). */
export const grafanaServiceAccountToken = patternDetector({
  id: 'grafana-service-account-token',
  description: 'Grafana service account token',
  family: 'monitoring',
  keywords: ['glsa_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}(?![A-Za-z0-9_])/,
  maxLength: 46,
  confidence: 'high',
  prefix: /^glsa_/,
  minEntropy: 3.5,
});

/** Legacy Grafana API keys: base64 of `{"k":"<key>","n":"<name>","id":<org>}`, so always `eyJrIjoi…`. */
export const grafanaApiKey = patternDetector({
  id: 'grafana-api-key',
  description: 'Grafana API key',
  family: 'monitoring',
  keywords: ['eyJrIjoi'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_+/-])eyJrIjoi[A-Za-z0-9+/]{40,400}={0,2}(?![A-Za-z0-9_+/=-]|\.[A-Za-z0-9_-])/,
  maxLength: 410,
  confidence: 'high',
  prefix: /^eyJrIjoi/,
  verify: ({ secret }) => {
    const claims = decodeJsonObject(secret);
    const key = claims?.['k'];
    return claims && 'n' in claims && typeof key === 'string' && key.length >= 16 && shannonEntropy(key) >= 3.5 ? 'high' : undefined;
  },
});

/**
 * Dynatrace tokens: `dt0<type><version>.` (`dt0c01` API tokens, `dt0s01` OAuth client secrets…),
 * a 24-character public identifier, `.`, a 64-character secret. The public part is shown; the
 * documentation's sample token is allowed.
 */
export const dynatraceToken = patternDetector({
  id: 'dynatrace-token',
  description: 'Dynatrace access token',
  family: 'monitoring',
  keywords: ['dt0'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_.-])dt0[a-z][0-9]{2}\.[A-Z0-9]{24}\.[A-Z0-9]{64}(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/,
  maxLength: 96,
  confidence: 'high',
  prefix: /^dt0[a-z][0-9]{2}\.[A-Z0-9]{24}\./,
  minEntropy: 3.5,
  allow: { secrets: [/^dt0[a-z][0-9]{2}\.ST2EY72KQINMH574WMNVI7YN\./] },
});

/** A Datadog key as the value of a Datadog-named variable, key or header (`DD_API_KEY=…`, `DD-API-KEY: …`). */
function datadogKey(id: string, description: string, names: string, keywords: readonly string[], hexLength: number): SecretDetector {
  return patternDetector({
    id,
    description,
    family: 'monitoring',
    kind: 'context',
    keywords,
    stepBack: { chars: isNameCode, max: 32 },
    pattern: new RegExp(
      `(?<![A-Za-z0-9_.$/-])(?:[A-Za-z0-9_.-]{0,32}?[_.-])?(?:dd|datadog)[_-]?${names}["']?(?:[ \\t]{0,40}(?:=>|:=|=|:)[ \\t]{0,40}|[ \\t]{1,40})["']?(?<secret>[0-9a-fA-F]{${hexLength}})(?![A-Za-z0-9_-])`,
      'i',
    ),
    maxLength: 32 + 30 + 90 + hexLength,
    confidence: 'high',
    minEntropy: 3.2,
    verify: ({ secret }) => (/^[0-9a-f]+$/.test(secret) && /[a-f]/.test(secret) && /[0-9]/.test(secret) ? 'high' : undefined),
  });
}

// ---------------------------------------------------------------------------------------------
// Other SaaS
// ---------------------------------------------------------------------------------------------

/** Prefix + random body: the common shape of SaaS personal tokens. */
function prefixedToken(spec: {
  id: string;
  description: string;
  prefix: string;
  body: string;
  bodyLength: number;
  /** Characters that continue the token (boundary on both sides; `=` only after it, since `NAME=` precedes values). */
  tokenChars?: string;
  minEntropy?: number;
  confidence?: Confidence;
  verify?: (body: string) => boolean;
}): SecretDetector {
  const chars = spec.tokenChars ?? 'A-Za-z0-9_';
  const escaped = spec.prefix.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const confidence = spec.confidence ?? 'high';
  const check = spec.verify;
  return patternDetector({
    id: spec.id,
    description: spec.description,
    family: 'saas',
    keywords: [spec.prefix],
    caseSensitive: true,
    pattern: new RegExp(`(?<![${chars.replace('=', '')}])${escaped}${spec.body}(?![${chars}])`),
    maxLength: spec.prefix.length + spec.bodyLength,
    confidence,
    prefix: new RegExp(`^${escaped}`),
    minEntropy: spec.minEntropy ?? 3.5,
    verify: check ? ({ body }) => (check(body) ? confidence : undefined) : undefined,
  });
}

/** Notion integration tokens: `ntn_` + 11 digits + 35 alphanumerics; before 2024 `secret_` + 43 (a commoner word, so medium). */
export const notionToken = patternDetector({
  id: 'notion-token',
  description: 'Notion integration token',
  family: 'saas',
  keywords: ['ntn_', 'secret_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9_])/,
  maxLength: 50,
  confidence: 'high',
  prefix: /^(?:ntn_|secret_)/,
  minEntropy: 3.5,
  verify: ({ secret, body }) => {
    if (secret.startsWith('ntn_')) return hasBothCases(body) ? 'high' : undefined;
    return characterClasses(body) === 3 ? 'medium' : undefined;
  },
});

/** HubSpot private app access tokens: `pat-<region>-` + a UUID. */
export const hubspotPrivateAppToken = patternDetector({
  id: 'hubspot-private-app-token',
  description: 'HubSpot private app access token',
  family: 'saas',
  keywords: ['pat-na', 'pat-eu', 'pat-ap'],
  caseSensitive: true,
  pattern: new RegExp(`(?<![A-Za-z0-9_-])pat-(?:na|eu|ap)[1-9]-${UUID}(?![A-Za-z0-9_-])`),
  maxLength: 44,
  confidence: 'high',
  prefix: /^pat-(?:na|eu|ap)[1-9]-/,
  minEntropy: 3.0,
});

/** Mapbox secret tokens: `sk.` + base64url of `{"u":"<user>","a":"<token id>"}` + `.` + 22 base64url. Public `pk.` tokens are not secrets. */
export const mapboxSecretToken = patternDetector({
  id: 'mapbox-secret-token',
  description: 'Mapbox secret access token',
  family: 'saas',
  keywords: ['sk.eyJ'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_.-])sk\.(?<claims>eyJ[A-Za-z0-9_-]{20,300})\.(?<random>[A-Za-z0-9_-]{20,32})(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/,
  maxLength: 340,
  confidence: 'high',
  prefix: /^sk\./,
  verify: ({ groups }) => {
    const claims = decodeJsonObject(groups['claims']);
    return claims && typeof claims['u'] === 'string' && shannonEntropy(groups['random'] ?? '') >= 3.5 ? 'high' : undefined;
  },
});

export const servicesDetectors: SecretDetector[] = [
  // Chat
  discordBotToken,
  discordWebhookUrl,
  telegramBotToken,
  teamsWebhookUrl,
  zapierWebhookUrl,
  // Payments
  squareAccessToken,
  squareOAuthSecret,
  braintreeAccessToken,
  shopifyAccessToken,
  shopifySharedSecret,
  flutterwaveSecretKey,
  plaidAccessToken,
  duffelApiToken,
  shippoApiToken,
  easypostApiKey,
  // E-mail
  mailgunApiKey,
  mailchimpApiKey,
  brevoKey('brevo-api-key', 'xkeysib-', 'Brevo (Sendinblue) API key'),
  brevoKey('brevo-smtp-key', 'xsmtpsib-', 'Brevo (Sendinblue) SMTP key'),
  // Monitoring
  sentryOrgToken,
  sentryUserToken,
  newRelicUserApiKey,
  newRelicInsertKey,
  newRelicLicenseKey,
  grafanaCloudToken,
  grafanaServiceAccountToken,
  grafanaApiKey,
  dynatraceToken,
  datadogKey('datadog-api-key', 'Datadog API key', 'api[_-]?key', ['dd_api_key', 'dd-api-key', 'ddapikey', 'datadog_api_key', 'datadog-api-key', 'datadogapikey'], 32),
  datadogKey(
    'datadog-app-key',
    'Datadog application key',
    'app(?:lication)?[_-]?key',
    ['dd_app_key', 'dd-app-key', 'dd_application_key', 'dd-application-key', 'datadog_app_key', 'datadog-app-key', 'datadog_application_key', 'datadog-application-key'],
    40,
  ),
  // Other SaaS
  prefixedToken({ id: 'linear-api-key', description: 'Linear API key', prefix: 'lin_api_', body: '[A-Za-z0-9]{40}', bodyLength: 40, verify: hasBothCases }),
  notionToken,
  prefixedToken({ id: 'figma-pat', description: 'Figma personal access token', prefix: 'figd_', body: '[A-Za-z0-9_-]{40,44}', bodyLength: 44, tokenChars: 'A-Za-z0-9_-', verify: hasBothCases }),
  prefixedToken({ id: 'postman-api-key', description: 'Postman API key', prefix: 'PMAK-', body: '[0-9a-f]{24}-[0-9a-f]{34}', bodyLength: 59, tokenChars: 'A-Za-z0-9_-', minEntropy: 3.2 }),
  hubspotPrivateAppToken,
  prefixedToken({ id: 'typeform-pat', description: 'Typeform personal access token', prefix: 'tfp_', body: '[A-Za-z0-9_-]{40,64}', bodyLength: 64, tokenChars: 'A-Za-z0-9_-', verify: hasBothCases }),
  prefixedToken({ id: 'contentful-pat', description: 'Contentful personal access token', prefix: 'CFPAT-', body: '[A-Za-z0-9_-]{43}', bodyLength: 43, tokenChars: 'A-Za-z0-9_-', verify: hasBothCases }),
  mapboxSecretToken,
  prefixedToken({ id: 'readme-api-key', description: 'ReadMe API key', prefix: 'rdme_', body: '[a-z0-9]{70}', bodyLength: 70, verify: (b) => /[0-9]/.test(b) }),
  prefixedToken({ id: 'prefect-api-key', description: 'Prefect API key', prefix: 'pnu_', body: '[A-Za-z0-9]{36}', bodyLength: 36, verify: hasBothCases }),
  prefixedToken({ id: 'frameio-token', description: 'Frame.io developer token', prefix: 'fio-u-', body: '[A-Za-z0-9_=-]{64}', bodyLength: 64, tokenChars: 'A-Za-z0-9_=-', verify: hasBothCases }),
];
