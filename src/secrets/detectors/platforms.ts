/**
 * Cloud providers beyond AWS and Google API keys (Azure, Google Cloud service accounts, Alibaba,
 * Tencent, Yandex, DigitalOcean, Cloudflare, Scaleway), hosting and infrastructure platforms
 * (Heroku, Fly.io, Netlify, Render, Databricks, Supabase, PlanetScale, Tailscale, Terraform Cloud,
 * Pulumi, Infracost, Atlassian) and secret stores (HashiCorp Vault, Doppler, 1Password, age).
 *
 * Almost all of these are provider formats: a public prefix, a fixed structure and a random body.
 * The few that have no prefix of their own (an Azure storage key, a legacy Vault token, a Scaleway
 * secret key) are matched only where their connection-string field or variable names them.
 */
import { characterClasses, hasBothCases, hasDigit, hasLower, hasUpper, shannonEntropy } from '../entropy.js';
import { decodeBase64, isWordCode, patternDetector, type SecretDetector } from '../detector.js';

/** Random base62 of 20+ characters mixes upper case, lower case and digits all but always. */
const mixedCase = (s: string): boolean => hasBothCases(s) && hasDigit(s);

// ---------------------------------------------------------------------------------------------
// Azure
// ---------------------------------------------------------------------------------------------

/**
 * Storage (and Cosmos DB) account keys: 64 random bytes, 88 base64 characters ending `==`, in a
 * connection string (`…;AccountKey=<key>;…`) or on an `az` command line (`--account-key <key>`).
 * The local emulators' keys are published in Microsoft's documentation (Azurite's
 * `devstoreaccount1`, the Cosmos DB emulator's); they are reported low, so the generic
 * `AccountKey=` assignment does not claim them higher.
 */
export const azureStorageAccountKey = patternDetector({
  id: 'azure-storage-account-key',
  description: 'Azure storage account key',
  family: 'cloud',
  keywords: ['AccountKey=', '--account-key'],
  caseSensitive: true,
  pattern:
    /(?:(?<![A-Za-z0-9_])AccountKey=|(?<![A-Za-z0-9_-])--account-key(?:=|[ \t]{1,4})["']?)(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/,
  maxLength: 106,
  confidence: 'high',
  minEntropy: 4.5,
  verify: ({ secret, text, matchStart }) => {
    if (/^(?:Eby8vdM02xNOcqFlqUwJPLlm|C2y6yDjf5\/R\+ob0N8A7Cgv30)/.test(secret)) return 'low';
    const lineStart = text.lastIndexOf('\n', matchStart) + 1;
    const line = text.slice(lineStart, matchStart);
    return /AccountName=devstoreaccount1|UseDevelopmentStorage=true/.test(line) ? 'low' : 'high';
  },
});

/**
 * Service Bus, Event Hubs, Relay and IoT Hub shared access keys: 32 random bytes, 44 base64
 * characters ending `=`, in a connection string after `SharedAccessKeyName=…;`.
 */
export const azureSharedAccessKey = patternDetector({
  id: 'azure-shared-access-key',
  description: 'Azure shared access key (Service Bus, Event Hubs, IoT Hub)',
  family: 'cloud',
  keywords: ['SharedAccessKey='],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/,
  maxLength: 60,
  confidence: 'high',
  minEntropy: 4.0,
});

/** `[A-Za-z0-9_~.-]`: the alphabet of Entra ID client secrets. */
function isEntraSecretCode(c: number): boolean {
  return isWordCode(c) || c === 126 || c === 46 || c === 45;
}

/**
 * Microsoft Entra ID (Azure AD) application client secrets: 3 random characters, a digit, `Q~`,
 * then 31–34 random characters of `[A-Za-z0-9_~.-]` (40 in all today). The keyword is the digit
 * and `Q~`; the match starts three characters before it.
 */
export const azureAdClientSecret = patternDetector({
  id: 'azure-ad-client-secret',
  description: 'Microsoft Entra ID (Azure AD) client secret',
  family: 'cloud',
  keywords: ['0Q~', '1Q~', '2Q~', '3Q~', '4Q~', '5Q~', '6Q~', '7Q~', '8Q~', '9Q~'],
  caseSensitive: true,
  stepBack: { chars: isEntraSecretCode, max: 3 },
  pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~(?<random>[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/,
  maxLength: 40,
  confidence: 'high',
  minEntropy: 3.5,
  verify: ({ groups }) => {
    const random = groups['random'] ?? '';
    return hasUpper(random) && hasLower(random) && shannonEntropy(random) >= 3.5 ? 'high' : undefined;
  },
});

const SAS_TOKEN_END = /[\s"'<>`]/;
const SAS_VERSION = /(?:^|[?&;=])sv=20[0-9]{2}-[0-9]{2}-[0-9]{2}(?![0-9])/;
const SAS_EXPIRY = /(?:^|[?&;=])se=20[0-9]{2}-[0-9]{2}-[0-9]{2}/;

/**
 * Shared access signatures: the `sig=` of a SAS query, an HMAC-SHA256 in base64 (43 characters and
 * `=`, possibly percent-encoded), in a query that also carries a service version (`sv=`) and an
 * expiry (`se=`), in any order. Other signed URLs do not spell both. AWS's DataSync documentation
 * example (shipped with botocore) is not reported.
 */
export const azureSasToken = patternDetector({
  id: 'azure-sas-token',
  description: 'Azure shared access signature',
  family: 'cloud',
  keywords: ['&sig=', '?sig=', ';sig='],
  caseSensitive: true,
  pattern: /[&?;]sig=(?<secret>(?:[A-Za-z0-9+/]|%2[BbFf]){43}(?:=|%3[Dd]))(?![A-Za-z0-9%+/=])/,
  maxLength: 140,
  confidence: 'high',
  minEntropy: 3.5,
  allow: { secrets: [/^aBBKDWQvyuVcTPH9EBp/] },
  verify: ({ text, matchStart, matchEnd }) => {
    // The URL or query string the match sits in: up to the nearest blank or quote on each side.
    let from = matchStart;
    const floor = Math.max(0, matchStart - 1024);
    while (from > floor && !SAS_TOKEN_END.test(text[from - 1]!)) from--;
    let to = matchEnd;
    const ceiling = Math.min(text.length, matchEnd + 1024);
    while (to < ceiling && !SAS_TOKEN_END.test(text[to]!)) to++;
    const query = text.slice(from, to);
    return SAS_VERSION.test(query) && SAS_EXPIRY.test(query) ? 'high' : undefined;
  },
});

// ---------------------------------------------------------------------------------------------
// Google Cloud, Alibaba Cloud, Tencent Cloud, Yandex Cloud
// ---------------------------------------------------------------------------------------------

/**
 * Base64 of a service-account key file as it starts when `gcloud`, the console, `json.dumps` or
 * `jq -c` wrote it (`{"type": "service_account", …`): the first whole 3-byte groups, encoded.
 */
const SERVICE_ACCOUNT_BASE64 = [
  'ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIs',
  'ewogICAgInR5cGUiOiAic2VydmljZV9hY2NvdW50',
  'eyJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIs',
  'eyJ0eXBlIjoic2VydmljZV9hY2NvdW50',
];

/**
 * A Google Cloud service-account key file passed base64-encoded (`GOOGLE_CREDENTIALS=…`, a
 * Kubernetes Secret's `data:`, a CI variable), where the private-key detector cannot see the PEM
 * inside. The decoded document must hold a private key. (A key file in plain JSON is reported by
 * the private-key detector.)
 */
export const gcpServiceAccountKey = patternDetector({
  id: 'gcp-service-account-key',
  description: 'Google Cloud service account key (base64-encoded key file)',
  family: 'cloud',
  keywords: SERVICE_ACCOUNT_BASE64,
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9+/_-])(?:ewogICJ0eXBl|ewogICAgInR5cGUi|eyJ0eXBlIj)[A-Za-z0-9+/]{800,6000}={0,2}(?![A-Za-z0-9+/=_-])/,
  maxLength: 6020,
  confidence: 'high',
  minEntropy: 4.5,
  verify: ({ secret }) => {
    const json = decodeBase64(secret);
    if (json === undefined || !/"type"\s{0,8}:\s{0,8}"service_account"/.test(json)) return undefined;
    return /"private_key"\s{0,8}:\s{0,8}"-----BEGIN (?:RSA )?PRIVATE KEY-----/.test(json) ? 'high' : undefined;
  },
});

/**
 * `LTAI` and 12–20 alphanumerics (24 characters in all for current keys). An AccessKey ID names a
 * key whose secret travels with it, so a match is medium. `*` ends no match: the console shows
 * ids half-starred.
 */
export const alibabaAccessKeyId = patternDetector({
  id: 'alibaba-access-key-id',
  description: 'Alibaba Cloud AccessKey ID',
  family: 'cloud',
  keywords: ['LTAI'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9_*])/,
  maxLength: 24,
  confidence: 'medium',
  prefix: /^LTAI/,
  minEntropy: 3.0,
  verify: ({ body }) => (hasDigit(body) && (hasUpper(body) || hasLower(body)) ? 'medium' : undefined),
});

/** Tencent Cloud API SecretId: `AKID` and 32 alphanumerics; it names a SecretKey, so medium. */
export const tencentCloudSecretId = patternDetector({
  id: 'tencent-cloud-secret-id',
  description: 'Tencent Cloud SecretId',
  family: 'cloud',
  keywords: ['AKID'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])AKID[A-Za-z0-9]{32}(?![A-Za-z0-9_*])/,
  maxLength: 36,
  confidence: 'medium',
  prefix: /^AKID/,
  minEntropy: 3.5,
  verify: ({ body }) => (mixedCase(body) ? 'medium' : undefined),
});

/** Yandex Cloud API keys: `AQVN` and 35–38 base64url characters. */
export const yandexCloudApiKey = patternDetector({
  id: 'yandex-cloud-api-key',
  description: 'Yandex Cloud API key',
  family: 'cloud',
  keywords: ['AQVN'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_+/-])AQVN[A-Za-z0-9_-]{35,38}(?![A-Za-z0-9_+/=*-])/,
  maxLength: 42,
  confidence: 'high',
  prefix: /^AQVN/,
  minEntropy: 3.5,
  verify: ({ body }) => (mixedCase(body) ? 'high' : undefined),
});

// ---------------------------------------------------------------------------------------------
// DigitalOcean, Cloudflare, Scaleway
// ---------------------------------------------------------------------------------------------

/** DigitalOcean tokens: `do?_v1_` and 64 hex characters. */
function digitalOceanToken(id: string, kind: 'p' | 'o' | 'r', description: string): SecretDetector {
  const prefix = `do${kind}_v1_`;
  return patternDetector({
    id,
    description,
    family: 'cloud',
    keywords: [prefix],
    caseSensitive: true,
    pattern: new RegExp(`(?<![A-Za-z0-9_])${prefix}[a-f0-9]{64}(?![A-Za-z0-9_])`),
    maxLength: prefix.length + 64,
    confidence: 'high',
    prefix: new RegExp(`^${prefix}`),
    minEntropy: 3.0,
  });
}

/** Cloudflare Origin CA keys: `v1.0-`, a 24-hex id, `-`, and 146 hex characters. */
export const cloudflareOriginCaKey = patternDetector({
  id: 'cloudflare-origin-ca-key',
  description: 'Cloudflare Origin CA key',
  family: 'cloud',
  keywords: ['v1.0-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_.-])v1\.0-[a-f0-9]{24}-[a-f0-9]{146}(?![A-Za-z0-9_-])/,
  maxLength: 176,
  confidence: 'high',
  prefix: /^v1\.0-/,
  minEntropy: 3.0,
});

/**
 * Scaleway secret keys are bare UUIDs; only the SDKs' and CLI's own variable (`SCW_SECRET_KEY`,
 * also behind `TF_VAR_`) makes one recognisable.
 */
export const scalewaySecretKey = patternDetector({
  id: 'scaleway-secret-key',
  description: 'Scaleway secret key',
  family: 'cloud',
  kind: 'context',
  keywords: ['scw_secret_key'],
  pattern:
    /(?<![A-Za-z0-9])[Ss][Cc][Ww]_[Ss][Ee][Cc][Rr][Ee][Tt]_[Kk][Ee][Yy]["']?(?:[ \t]{0,40}(?:=>|:=|=|:)[ \t]{0,40}|[ \t]{1,40})["']?(?<secret>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![A-Za-z0-9_-])/,
  maxLength: 140,
  confidence: 'high',
  minEntropy: 3.0,
});

// ---------------------------------------------------------------------------------------------
// HashiCorp: Vault, Terraform Cloud
// ---------------------------------------------------------------------------------------------

/**
 * Vault 1.10+ tokens: `hvs.` (service), `hvb.` (batch), `hvr.` (recovery) and a base64url body: 24
 * characters for tokens without server-side consistency, about 90 with it; batch tokens are longer
 * encrypted blobs.
 */
function vaultToken(id: string, kind: 's' | 'b' | 'r', description: string, min: number, max: number): SecretDetector {
  const prefix = `hv${kind}.`;
  return patternDetector({
    id,
    description,
    family: 'platform',
    keywords: [prefix],
    caseSensitive: true,
    pattern: new RegExp(`(?<![A-Za-z0-9_.-])hv${kind}\\.[A-Za-z0-9_-]{${min},${max}}(?![A-Za-z0-9_-])`),
    maxLength: prefix.length + max,
    confidence: 'high',
    prefix: new RegExp(`^hv${kind}\\.`),
    minEntropy: 3.5,
    verify: ({ body }) => (mixedCase(body) ? 'high' : undefined),
  });
}

/**
 * Tokens of Vault before 1.10 (`s.` and 24 alphanumerics, `.` and a namespace id in Enterprise)
 * have no distinctive prefix; they are recognised where Vault's own names hold them:
 * `VAULT_TOKEN=…`, `X-Vault-Token: …`, `vault_token = "…"`.
 */
export const vaultLegacyToken = patternDetector({
  id: 'vault-legacy-token',
  description: 'HashiCorp Vault token (legacy format)',
  family: 'platform',
  kind: 'context',
  keywords: ['vault_token', 'vault-token', 'vaulttoken'],
  pattern:
    /(?<![A-Za-z0-9])[Vv][Aa][Uu][Ll][Tt][_-]?[Tt][Oo][Kk][Ee][Nn]["']?(?:[ \t]{0,40}(?:=>|:=|=|:)[ \t]{0,40}|[ \t]{1,40})["']?(?<secret>s\.[A-Za-z0-9]{24}(?:\.[A-Za-z0-9]{4,6})?)(?![A-Za-z0-9_.-])/,
  maxLength: 135,
  confidence: 'high',
  prefix: /^s\./,
  minEntropy: 3.5,
  verify: ({ body }) => {
    const random = body.slice(0, 24);
    return characterClasses(random) >= 2 && hasDigit(random) ? 'high' : undefined;
  },
});

const isAlnumCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Terraform Cloud / Enterprise API tokens: a 14-character id, `.atlasv1.`, 60–70 random characters. */
export const terraformCloudApiToken = patternDetector({
  id: 'terraform-cloud-api-token',
  description: 'Terraform Cloud API token',
  family: 'platform',
  keywords: ['.atlasv1.'],
  caseSensitive: true,
  stepBack: { chars: isAlnumCode, max: 14 },
  pattern: /(?<![A-Za-z0-9_.-])[A-Za-z0-9]{14}\.atlasv1\.(?<random>[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])/,
  maxLength: 93,
  confidence: 'high',
  minEntropy: 3.5,
  verify: ({ groups }) => (shannonEntropy(groups['random'] ?? '') >= 4.0 ? 'high' : undefined),
});

// ---------------------------------------------------------------------------------------------
// Hosting and data platforms
// ---------------------------------------------------------------------------------------------

/**
 * Heroku API and OAuth tokens in their prefixed forms: `HRKU-AA` and 58 base64url characters
 * (since 2025), or `HRKU-` and a UUID. Unprefixed UUID keys need context and are left to the
 * name-based detector. The changelog's two examples are not reported.
 */
export const herokuApiKey = patternDetector({
  id: 'heroku-api-key',
  description: 'Heroku API key',
  family: 'platform',
  keywords: ['HRKU-'],
  caseSensitive: true,
  pattern:
    /(?<![A-Za-z0-9_-])HRKU-(?:AA[A-Za-z0-9_-]{58}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9_-])/,
  maxLength: 65,
  confidence: 'high',
  prefix: /^HRKU-(?:AA)?/,
  minEntropy: 3.0,
  allow: { secrets: [/^HRKU-57dce771-afad-/, /^HRKU-AALJCYR7SRzPkj9_/] },
});

/**
 * Doppler tokens: `dp.` and a type (`pt` personal, `st` service, optionally followed by the
 * config's slug, `ct` CLI, `sa` service account, `scim`, `audit`), `.`, and 40–44 alphanumerics.
 */
export const dopplerToken = patternDetector({
  id: 'doppler-token',
  description: 'Doppler access token',
  family: 'platform',
  keywords: ['dp.pt.', 'dp.st.', 'dp.ct.', 'dp.sa.', 'dp.scim.', 'dp.audit.'],
  caseSensitive: true,
  pattern:
    /(?<![A-Za-z0-9_.-])dp\.(?:pt|ct|sa|scim|audit|st(?:\.[a-z0-9_-]{2,35})?)\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9_.-])/,
  maxLength: 86,
  confidence: 'high',
  prefix: /^dp\.[a-z]{2,5}\.(?:[a-z0-9_-]{2,35}\.)?/,
  minEntropy: 3.5,
  verify: ({ body }) => (mixedCase(body) ? 'high' : undefined),
});

/** Databricks personal access tokens: `dapi`, 32 hex characters, optionally `-<digit>`. */
export const databricksPat = patternDetector({
  id: 'databricks-pat',
  description: 'Databricks personal access token',
  family: 'platform',
  keywords: ['dapi'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])dapi[a-f0-9]{32}(?:-[0-9])?(?![A-Za-z0-9_-])/,
  maxLength: 38,
  confidence: 'high',
  prefix: /^dapi/,
  minEntropy: 3.0,
});

/** Fly.io organization/deploy tokens of the first generation: `fo1_` and 43 base64url characters. */
export const flyioAccessToken = patternDetector({
  id: 'flyio-access-token',
  description: 'Fly.io access token',
  family: 'platform',
  keywords: ['fo1_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])fo1_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
  maxLength: 47,
  confidence: 'high',
  prefix: /^fo1_/,
  minEntropy: 3.5,
});

/**
 * Fly.io macaroon tokens (`FlyV1 fm2_…`, older `fm1a_`/`fm1r_`): base64 of a msgpack structure,
 * several comma-separated macaroons in one token. Their msgpack header encodes as `lJP`; a body
 * without it is reported medium.
 */
export const flyioMacaroonToken = patternDetector({
  id: 'flyio-macaroon-token',
  description: 'Fly.io macaroon token',
  family: 'platform',
  keywords: ['fm1a_', 'fm1r_', 'fm2_'],
  caseSensitive: true,
  pattern:
    /(?<![A-Za-z0-9_+/-])fm(?:1[ar]|2)_[A-Za-z0-9+/]{64,1200}={0,3}(?:,fm(?:1[ar]|2)_[A-Za-z0-9+/]{64,1200}={0,3}){0,3}(?![A-Za-z0-9_+/=-])/,
  maxLength: 4840,
  confidence: 'high',
  prefix: /^fm(?:1[ar]|2)_/,
  minEntropy: 4.0,
  verify: ({ body }) => (body.startsWith('lJP') ? 'high' : 'medium'),
});

/** Pulumi access tokens: `pul-` and 40 hex characters. */
export const pulumiAccessToken = patternDetector({
  id: 'pulumi-access-token',
  description: 'Pulumi access token',
  family: 'platform',
  keywords: ['pul-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_.-])pul-[a-f0-9]{40}(?![A-Za-z0-9_-])/,
  maxLength: 44,
  confidence: 'high',
  prefix: /^pul-/,
  minEntropy: 3.0,
});

/** Supabase personal access tokens (management API): `sbp_` and 40 hex characters. */
export const supabasePat = patternDetector({
  id: 'supabase-pat',
  description: 'Supabase personal access token',
  family: 'platform',
  keywords: ['sbp_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])sbp_[a-f0-9]{40}(?![A-Za-z0-9_])/,
  maxLength: 44,
  confidence: 'high',
  prefix: /^sbp_/,
  minEntropy: 3.0,
});

/**
 * PlanetScale tokens and passwords: `pscale_<kind>_` and 32–64 characters of `[A-Za-z0-9_.=-]`. A
 * single `.` after the body ends a sentence, not the token.
 */
function planetScaleToken(id: string, kind: 'tkn' | 'pw' | 'oauth', description: string): SecretDetector {
  const prefix = `pscale_${kind}_`;
  return patternDetector({
    id,
    description,
    family: 'platform',
    keywords: [prefix],
    caseSensitive: true,
    pattern: new RegExp(
      `(?<![A-Za-z0-9_])${prefix}[A-Za-z0-9_.=-]{31,63}[A-Za-z0-9_=-](?![A-Za-z0-9_=-]|\\.[A-Za-z0-9_=-])`,
    ),
    maxLength: prefix.length + 64,
    confidence: 'high',
    prefix: new RegExp(`^${prefix}`),
    minEntropy: 3.5,
    verify: ({ body }) => (hasDigit(body) && (hasUpper(body) || hasLower(body)) ? 'high' : undefined),
  });
}

/**
 * Tailscale keys: `tskey-<type>-<key id>-<secret>`, the type one of `api`, `auth`, `client`,
 * `scim`, `webhook` (absent in early keys). Key ids of the control plane end in `CNTRL`; a key id
 * without it is reported medium.
 */
export const tailscaleKey = patternDetector({
  id: 'tailscale-key',
  description: 'Tailscale API, auth or OAuth client key',
  family: 'platform',
  keywords: ['tskey-'],
  caseSensitive: true,
  pattern:
    /(?<![A-Za-z0-9_-])tskey-(?:(?:api|auth|client|scim|webhook)-)?(?<keyId>[A-Za-z0-9]{4,24})-(?<random>[A-Za-z0-9_]{20,80})(?![A-Za-z0-9_-])/,
  maxLength: 120,
  confidence: 'high',
  prefix: /^tskey-(?:[a-z]{3,7}-)?/,
  verify: ({ groups }) => {
    const random = groups['random'] ?? '';
    if (shannonEntropy(random) < 3.5 || !hasDigit(random) || !(hasUpper(random) || hasLower(random))) return undefined;
    return (groups['keyId'] ?? '').endsWith('CNTRL') ? 'high' : 'medium';
  },
});

/** Netlify personal access tokens: `nfp_` and 36 alphanumerics. */
export const netlifyPat = patternDetector({
  id: 'netlify-pat',
  description: 'Netlify personal access token',
  family: 'platform',
  keywords: ['nfp_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])nfp_[A-Za-z0-9_]{36}(?![A-Za-z0-9_])/,
  maxLength: 40,
  confidence: 'high',
  prefix: /^nfp_/,
  minEntropy: 3.5,
  verify: ({ body }) => (hasDigit(body) && (hasUpper(body) || hasLower(body)) ? 'high' : undefined),
});

/**
 * Render API keys: `rnd_` and a base62 body. Render documents the prefix but not the length, and
 * `rnd_` also starts identifiers in code, so a match needs all three character classes and is
 * medium.
 */
export const renderApiKey = patternDetector({
  id: 'render-api-key',
  description: 'Render API key',
  family: 'platform',
  keywords: ['rnd_'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])rnd_[A-Za-z0-9]{24,48}(?![A-Za-z0-9_])/,
  maxLength: 52,
  confidence: 'medium',
  prefix: /^rnd_/,
  minEntropy: 3.5,
  verify: ({ body }) => (mixedCase(body) ? 'medium' : undefined),
});

/**
 * Atlassian Cloud API tokens: `ATATT3`, a base64url body, `=` and an 8-hex checksum (192
 * characters in all today).
 */
export const atlassianApiToken = patternDetector({
  id: 'atlassian-api-token',
  description: 'Atlassian API token',
  family: 'platform',
  keywords: ['ATATT3'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])ATATT3[A-Za-z0-9_-]{160,210}=[A-Fa-f0-9]{8}(?![A-Za-z0-9_=-])/,
  maxLength: 225,
  confidence: 'high',
  prefix: /^ATATT3/,
  minEntropy: 4.0,
});

/** Infracost API keys: `ico-` and 32 alphanumerics (asset names like `favicon.ico-<hash>` are excluded). */
export const infracostApiKey = patternDetector({
  id: 'infracost-api-key',
  description: 'Infracost API key',
  family: 'platform',
  keywords: ['ico-'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_.-])ico-[A-Za-z0-9]{32}(?![A-Za-z0-9_-])/,
  maxLength: 36,
  confidence: 'high',
  prefix: /^ico-/,
  minEntropy: 3.5,
  verify: ({ body }) => (mixedCase(body) ? 'high' : undefined),
});

// ---------------------------------------------------------------------------------------------
// Secret stores and encryption tools
// ---------------------------------------------------------------------------------------------

/**
 * 1Password service account tokens: `ops_` and base64 of a JSON document that carries the
 * account's sign-in address and secret key.
 */
export const onePasswordServiceAccountToken = patternDetector({
  id: '1password-service-account-token',
  description: '1Password service account token',
  family: 'platform',
  keywords: ['ops_eyJ'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_])ops_eyJ[A-Za-z0-9+/_-]{200,3000}={0,2}(?![A-Za-z0-9+/_=-])/,
  maxLength: 3010,
  confidence: 'high',
  prefix: /^ops_/,
  minEntropy: 4.0,
  verify: ({ body }) => {
    const json = decodeBase64(body.replace(/=+$/, ''));
    return json !== undefined && /"(?:signInAddress|secretKey|srpX|muk)"/.test(json) ? 'high' : undefined;
  },
});

/**
 * 1Password account Secret Keys: `A3-`, then 6, 6+5 (or 11), 5, 5 and 5 upper-case alphanumerics
 * separated by `-`. Half of a login (the account password is the other half), so medium. The
 * security white paper's example is not reported.
 */
export const onePasswordSecretKey = patternDetector({
  id: '1password-secret-key',
  description: '1Password account Secret Key',
  family: 'platform',
  keywords: ['A3-'],
  caseSensitive: true,
  pattern:
    /(?<![A-Za-z0-9_-])A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?![A-Za-z0-9_-])/,
  maxLength: 40,
  confidence: 'medium',
  prefix: /^A3-/,
  minEntropy: 3.5,
  allow: { secrets: [/^A3-ASWWYB-798JRY/] },
  verify: ({ body }) => (hasDigit(body) && hasUpper(body) ? 'medium' : undefined),
});

/** age identities: `AGE-SECRET-KEY-1` and 58 upper-case bech32 characters. */
export const ageSecretKey = patternDetector({
  id: 'age-secret-key',
  description: 'age encryption secret key',
  family: 'private-key',
  keywords: ['AGE-SECRET-KEY-1'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9_])/,
  maxLength: 74,
  confidence: 'high',
  prefix: /^AGE-SECRET-KEY-1/,
  minEntropy: 3.8,
});

export const platformsDetectors: SecretDetector[] = [
  azureStorageAccountKey,
  azureSharedAccessKey,
  azureAdClientSecret,
  azureSasToken,
  gcpServiceAccountKey,
  alibabaAccessKeyId,
  tencentCloudSecretId,
  yandexCloudApiKey,
  digitalOceanToken('digitalocean-pat', 'p', 'DigitalOcean personal access token'),
  digitalOceanToken('digitalocean-oauth-token', 'o', 'DigitalOcean OAuth access token'),
  digitalOceanToken('digitalocean-refresh-token', 'r', 'DigitalOcean OAuth refresh token'),
  cloudflareOriginCaKey,
  scalewaySecretKey,
  vaultToken('vault-service-token', 's', 'HashiCorp Vault service token', 24, 180),
  vaultToken('vault-batch-token', 'b', 'HashiCorp Vault batch token', 60, 320),
  vaultToken('vault-recovery-token', 'r', 'HashiCorp Vault recovery token', 24, 180),
  vaultLegacyToken,
  terraformCloudApiToken,
  herokuApiKey,
  dopplerToken,
  databricksPat,
  flyioAccessToken,
  flyioMacaroonToken,
  pulumiAccessToken,
  supabasePat,
  planetScaleToken('planetscale-api-token', 'tkn', 'PlanetScale service token'),
  planetScaleToken('planetscale-password', 'pw', 'PlanetScale database password'),
  planetScaleToken('planetscale-oauth-token', 'oauth', 'PlanetScale OAuth token'),
  tailscaleKey,
  netlifyPat,
  renderApiKey,
  atlassianApiToken,
  infracostApiKey,
  onePasswordServiceAccountToken,
  onePasswordSecretKey,
  ageSecretKey,
];
