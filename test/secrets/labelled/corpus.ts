/**
 * The labelled secret corpus: realistic files with planted secrets (every detector, three or more
 * samples each, in files of different formats) and files of look-alikes that no detector may report.
 * `test/secrets/labelled.test.ts` measures recall per family and false positives on it, and
 * `npm run secrets:report` prints the same numbers as tables.
 *
 * Nothing here is a literal secret: every token is built at run time from split provider prefixes
 * and seeded random bodies (seeds 5000–9999, distinct from the unit tests'), so the repository holds
 * nothing a push-protection scanner would take for a live credential, and every run builds the same
 * corpus.
 */
import { createHmac } from 'node:crypto';
import { CONFIDENCE_RANK, findSecrets, listDetectors, type Confidence, type SecretMatch } from '../../../src/secrets/index.js';
import { BASE32, BASE62, BASE64, BASE64URL, DIGITS, HEX, LOWER, UPPER, openSshKey, pgpPrivateKey, random } from '../samples.js';

export interface PlantedSecret {
  detectorId: string;
  family: string;
  /** The exact text the detector reports: its first occurrence in the file is the expected span. */
  secret: string;
}

export interface PlantedFile {
  path: string;
  /** The file's format (`env`, `yaml`, `shell`, …): each detector is planted in several. */
  format: string;
  text: string;
  secrets: PlantedSecret[];
}

export interface LookAlikeFile {
  category: LookAlikeCategory;
  path: string;
  text: string;
}

export interface Corpus {
  planted: PlantedFile[];
  lookAlikes: LookAlikeFile[];
}

export const LOOK_ALIKE_CATEGORIES = [
  'ids-and-digests',
  'npm-integrity',
  'public-keys-and-certificates',
  'pem-headers-without-body',
  'placeholders',
  'references',
  'i18n-and-docs',
  'password-hashes',
  'minified-js',
  'test-data',
  'public-by-design',
] as const;
export type LookAlikeCategory = (typeof LOOK_ALIKE_CATEGORIES)[number];

/**
 * Planted secrets a detector misses although the text is a real-world shape of its secret. Each is
 * a detector problem (reported, not worked around here): the test asserts that it is still missed,
 * so a fix makes the test fail until the entry is removed. Recall is reported with and without them.
 */
export interface KnownMiss {
  path: string;
  detectorId: string;
  /** Text on the secret's line before it, telling it from the file's other secrets of the detector. */
  before: string;
  reason: string;
}
// The 14 misses this corpus found first (long STS tokens, aligned `=`, `define()`, `$name = '…'`,
// XML key/value attributes, `requirepass`, `xxx` inside random values, `%d` in .pypirc passwords,
// Podman's auth.json, nginx `proxy_set_header Authorization`, quoted `-p` in exec form) are fixed;
// test/secrets/regressions-*.test.ts keep them fixed.
export const KNOWN_MISSES: readonly KnownMiss[] = [];

/**
 * Look-alike files a detector reports although they hold no secret (detector problems, as above):
 * `detectorId` is what fires.
 */
export interface KnownFalsePositive {
  path: string;
  detectorId: string;
  reason: string;
}
// The 4 false positives found first (jwt.io's sample in an Authorization header, a Vault path under
// a secret name, a public Mapbox token, anonymous FTP in .netrc) are fixed, likewise.
export const KNOWN_FALSE_POSITIVES: readonly KnownFalsePositive[] = [];

/**
 * Detectors that report at `low` by design (identifiers that travel with a secret, not secrets):
 * their samples are counted as found at `low`, the others at `medium`.
 */
export const LOW_BY_DESIGN: Readonly<Record<string, string>> = {
  'twilio-account-sid': 'an account SID identifies the account whose auth token is the secret; always reported low',
};

// ---------------------------------------------------------------------------------------------
// Seeded material
// ---------------------------------------------------------------------------------------------

// Each section of the corpus draws from its own range of seeds, so that editing one section leaves
// the others' samples unchanged. Each random part takes three seeds (builders use seed + 1, + 2).
let nextSeed = 0;
let lastSeed = -1;
let section = '';
/** Added to every seed: the same corpus with other random values (see `buildCorpus`). */
let seedOffset = 0;

/** The next seed; each random part of the corpus takes its own. */
function seed(): number {
  const s = nextSeed;
  nextSeed += 3;
  if (s > lastSeed) throw new Error(`the corpus section ${section} ran out of seeds (widen its range in buildCorpus)`);
  return s + seedOffset;
}

/** Builds one section of the corpus from the seeds first..last. */
function inSection<T>(name: string, first: number, last: number, build: () => T[]): T[] {
  section = name;
  nextSeed = first;
  lastSeed = last;
  return build();
}

/** A random string over `alphabet` from the next seed. */
const r = (alphabet: string, length: number): string => random(alphabet, length, seed());

const UPPER_HEX = '0123456789ABCDEF';
const LOWER_DIGITS = LOWER + DIGITS;
const UPPER_DIGITS = UPPER + DIGITS;
const ENTRA = BASE62 + '_~.-';
const BECH32 = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';
const CRYPT64 = './' + DIGITS + UPPER + LOWER;
const b64 = (data: string | Buffer): string => Buffer.from(data).toString('base64');
const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');
const wrap = (text: string, width = 64): string => text.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\n');
const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);

const uuid = (): string => {
  const h = r(HEX, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20)}`;
};
const sha1 = (): string => r(HEX, 40);
const sha256 = (): string => r(HEX, 64);

/** A generated password that is safe unquoted in URLs, shells and config files (first character alphanumeric). */
const pw = (): string => r(BASE62, 1) + r(BASE62 + '-_.~', 19);
/** A generated password with punctuation that needs quoting in a shell. */
const punctPw = (): string => r(BASE62, 1) + r(BASE62 + '!#%*+-.=?@^_~', 21);
/** A password a person chose: words, digits, a symbol. */
const humanPw = (): string => {
  const words = ['Copper', 'Lantern', 'Harbor', 'Falcon', 'Meadow', 'Granite', 'Orchid', 'Tundra', 'Saffron', 'Quartz', 'Willow', 'Ember'];
  const pick = () => words[Math.floor(parseInt(r(HEX, 4), 16) / 65536 * words.length)]!;
  return `${pick()}-${pick()}-${r(DIGITS, 4)}${r('!#%+', 1)}`;
};

/** Provider tokens, each built from split prefixes and seeded bodies. */
const tok = {
  // Cloud
  awsKeyId: () => 'AK' + 'IA' + r(BASE32, 16),
  awsStsKeyId: () => 'AS' + 'IA' + r(BASE32, 16),
  awsSecret: () => r(BASE64, 40),
  awsSessionToken: () => 'IQoJb3JpZ2luX2Vj' + r(BASE64, 624),
  googleApiKey: () => 'AI' + 'za' + r(BASE64URL, 35),
  googleOauthSecret: () => 'GOC' + 'SPX-' + r(BASE64URL, 28),
  googleClientId: () => `${r(DIGITS, 12)}-${r(LOWER_DIGITS, 32)}.apps.googleusercontent.com`,
  azureStorageKey: () => r(BASE64, 86) + '==',
  azureSharedKey: () => r(BASE64, 43) + '=',
  entra: () => r(BASE62, 3) + r(DIGITS, 1) + 'Q' + '~' + r(ENTRA, 34),
  sasSig: () => r(BASE64, 43).replace(/\+/g, '%2B').replace(/\//g, '%2F') + '%3D',
  alibaba: () => 'LT' + 'AI5t' + r(BASE62, 18),
  tencent: () => 'AK' + 'ID' + r(BASE62, 32),
  yandex: () => 'AQ' + 'VN' + r(BASE64URL, 36),
  digitalOcean: (kind: 'p' | 'o' | 'r') => 'do' + kind + '_v1_' + r(HEX, 64),
  cloudflareCa: () => 'v1' + '.0-' + r(HEX, 24) + '-' + r(HEX, 146),
  // Platforms and secret stores
  vault: () => 'hv' + 's.' + 'CAESI' + r(BASE64URL, 86),
  vaultShort: () => 'hv' + 's.' + r(BASE62, 24),
  vaultBatch: () => 'hv' + 'b.' + 'AAAAAQ' + r(BASE64URL, 150),
  vaultRecovery: () => 'hv' + 'r.' + r(BASE62, 24),
  vaultLegacy: () => 's' + '.' + r(BASE62, 24),
  terraform: () => r(BASE62, 14) + '.atlas' + 'v1.' + r(BASE62, 67),
  heroku: () => 'HR' + 'KU-AA' + r(BASE64URL, 58),
  herokuUuid: () => 'HR' + 'KU-' + uuid(),
  doppler: (kind: string) => 'dp' + '.' + kind + '.' + r(BASE62, 43),
  databricks: () => 'da' + 'pi' + r(HEX, 32),
  flyio: () => 'fo' + '1_' + r(BASE64URL, 43),
  flyMacaroon: () => 'fm' + '2_' + 'lJPE' + r(BASE64, 296) + '==',
  pulumi: () => 'pu' + 'l-' + r(HEX, 40),
  supabase: () => 'sb' + 'p_' + r(HEX, 40),
  planetScale: (kind: 'tkn' | 'pw' | 'oauth') => 'pscale' + '_' + kind + '_' + r(BASE62, 43),
  tailscale: () => 'ts' + 'key-auth-k' + r(BASE62, 8) + 'CNTRL-' + r(BASE62, 33),
  netlify: () => 'nf' + 'p_' + r(BASE62, 36),
  render: () => 'rn' + 'd_' + r(BASE62, 32),
  atlassian: () => 'ATA' + 'TT3xFfGF0' + r(BASE64URL, 171) + '=' + r(UPPER_HEX, 8),
  infracost: () => 'ic' + 'o-' + r(BASE62, 32),
  onePasswordSecretKey: () => 'A' + '3-' + [6, 6, 5, 5, 5, 5].map((n) => r(UPPER_DIGITS, n)).join('-'),
  onePasswordToken: () => {
    const doc = {
      signInAddress: 'acme.1password.com',
      userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: r(BASE64URL, 22) },
      email: r(LOWER_DIGITS, 13) + '@1passwordserviceaccounts.com',
      srpX: r(HEX, 64),
      muk: { alg: 'A256GCM', ext: true, k: r(BASE64URL, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
      secretKey: 'A' + '3-' + r(UPPER_DIGITS, 6) + '-' + r(UPPER_DIGITS, 6),
      throttleSecret: { seed: r(HEX, 64), uuid: uuid() },
      deviceUuid: r(LOWER_DIGITS, 26),
    };
    return 'op' + 's_' + b64(JSON.stringify(doc)).replace(/=+$/, '');
  },
  age: () => 'AGE-SECRET' + '-KEY-1' + r(BECH32, 58),
  agePublic: () => 'age1' + r(BECH32.toLowerCase(), 58),
  // Code forges
  github: (prefix: 'ghp_' | 'gho_' | 'ghu_' | 'ghs_' | 'ghr_') => prefix + r(BASE62, 36),
  githubFineGrained: () => 'github' + '_pat_' + r(BASE62, 22) + '_' + r(BASE62, 59),
  gitlab: (prefix: string, length = 20) => prefix + r(BASE64URL, length),
  bitbucket: () => 'AT' + 'BB' + r(BASE62, 32),
  // Chat
  slackBot: () => 'xo' + 'xb-' + r(DIGITS, 12) + '-' + r(DIGITS, 13) + '-' + r(BASE62, 24),
  slackUser: () => 'xo' + 'xp-' + r(DIGITS, 12) + '-' + r(DIGITS, 12) + '-' + r(DIGITS, 13) + '-' + r(HEX, 32),
  slackApp: () => 'xa' + 'pp-1-A' + r(UPPER_DIGITS, 10) + '-' + r(DIGITS, 13) + '-' + r(HEX, 64),
  slackWebhook: () => 'hooks.' + 'slack.com/services/T' + r(UPPER_DIGITS, 8) + '/B' + r(UPPER_DIGITS, 10) + '/' + r(BASE62, 24),
  discordBot: () => b64url('1' + r(DIGITS, 18)) + '.' + r(BASE64URL, 6) + '.' + r(BASE64URL, 38),
  discordWebhook: (host = 'discord.com') => `${host}/api/webhooks/1${r(DIGITS, 18)}/${r(BASE64URL, 68)}`,
  telegram: () => '7' + r(DIGITS, 9) + ':' + 'AA' + r(BASE64URL, 33),
  teamsWebhook: (tenant: string) =>
    `${tenant}.webhook.office.com/webhookb2/${uuid()}@${uuid()}/Incoming${'Webhook'}/${r(HEX, 32)}/${uuid()}/V2${r(BASE64URL, 46)}`,
  zapier: () => `hooks.${'zapier'}.com/hooks/catch/${r(DIGITS, 8)}/${r(LOWER_DIGITS, 7)}`,
  twilioKeySid: () => 'S' + 'K' + r(HEX, 32),
  twilioAccountSid: () => 'A' + 'C' + r(HEX, 32),
  // Payments
  stripe: (mode: 'sk_live_' | 'rk_live_') => mode + r(BASE62, 99),
  stripeWebhook: () => 'wh' + 'sec_' + r(BASE64, 32),
  braintree: () => 'access_' + 'token$production$' + r(LOWER_DIGITS, 16) + '$' + r(HEX, 32),
  shopify: (kind: 'at' | 'ca' | 'pa' | 'ss') => 'shp' + kind + '_' + r(HEX, 32),
  squareEaaa: () => 'EA' + 'AA' + r(BASE64URL, 60),
  squareAtp: () => 'sq0' + 'atp-' + r(BASE64URL, 22),
  squareCsp: () => 'sq0' + 'csp-' + r(BASE64URL, 43),
  flutterwave: () => 'FLW' + 'SECK-' + r(HEX, 32) + '-X',
  plaid: (env: 'production' | 'development') => 'access-' + env + '-' + uuid(),
  duffel: () => 'duffel_' + 'live_' + r(BASE64URL, 43),
  shippo: () => 'shippo_' + 'live_' + r(HEX, 40),
  easypost: () => 'EZ' + 'AK' + r(BASE62, 54),
  // E-mail
  sendgrid: () => 'S' + 'G.' + r(BASE64URL, 22) + '.' + r(BASE64URL, 43),
  mailgun: () => 'key' + '-' + r(HEX, 32),
  mailchimp: (dc: string) => r(HEX, 32) + '-' + dc,
  brevo: (prefix: 'xkeysib-' | 'xsmtpsib-') => prefix + r(HEX, 64) + '-' + r(BASE62, 16),
  // Monitoring
  sentryOrg: () =>
    'sntry' + 's_' + b64(JSON.stringify({ iat: 1_714_000_000 + parseInt(r(DIGITS, 6), 10), url: 'https://sentry.io', region_url: 'https://de.sentry.io', org: 'acme' })) + '_' + r(BASE64, 43),
  sentryUser: () => 'sntry' + 'u_' + r(HEX, 64),
  newRelicUser: () => 'NR' + 'AK-' + r(UPPER_DIGITS, 27),
  newRelicInsert: () => 'NR' + 'II-' + r(BASE64URL, 32),
  newRelicLicense: (eu = false) => (eu ? 'eu01xx' + r(HEX, 26) : r(HEX, 32)) + 'FFFF' + 'NRAL',
  grafanaCloud: () => 'gl' + 'c_' + b64(JSON.stringify({ o: '9' + r(DIGITS, 5), n: 'stack-' + r(DIGITS, 6) + '-logs-write', k: r(BASE62, 40), m: { r: 'prod-eu-west-2' } })),
  grafanaSa: () => 'gl' + 'sa_' + r(BASE62, 32) + '_' + r(HEX, 8),
  grafanaLegacy: () => b64(JSON.stringify({ k: r(BASE62, 32), n: 'release-annotations', id: 1 })),
  dynatrace: (kind = 'c01') => 'dt0' + kind + '.' + r(UPPER_DIGITS, 24) + '.' + r(UPPER_DIGITS, 64),
  // Other SaaS
  linear: () => 'lin_' + 'api_' + r(BASE62, 40),
  notion: () => 'ntn_' + r(DIGITS, 11) + r(BASE62, 35),
  notionLegacy: () => 'secret_' + r(BASE62, 43),
  figma: () => 'fig' + 'd_' + r(BASE64URL, 40),
  postman: () => 'PM' + 'AK-' + r(HEX, 24) + '-' + r(HEX, 34),
  hubspot: (region = 'na1') => 'pat-' + region + '-' + uuid(),
  typeform: () => 'tf' + 'p_' + r(BASE62, 44) + '_' + r(BASE62, 14),
  contentful: () => 'CF' + 'PAT-' + r(BASE64URL, 43),
  mapbox: () => 'sk' + '.' + b64url(JSON.stringify({ u: 'acme-maps', a: r(LOWER_DIGITS, 25) })) + '.' + r(BASE64URL, 22),
  mapboxPublic: () => 'pk' + '.' + b64url(JSON.stringify({ u: 'acme-maps', a: r(LOWER_DIGITS, 25) })) + '.' + r(BASE64URL, 22),
  readme: () => 'rd' + 'me_' + r(LOWER_DIGITS, 70),
  prefect: () => 'pn' + 'u_' + r(BASE62, 36),
  frameio: () => 'fio-' + 'u-' + r(BASE64URL, 64),
  // AI
  openaiProject: () => 's' + 'k-proj-' + r(BASE64URL, 74) + 'T3Bl' + 'bkFJ' + r(BASE64URL, 74),
  openaiSvcAcct: () => 's' + 'k-svcacct-' + r(BASE64URL, 74) + 'T3Bl' + 'bkFJ' + r(BASE64URL, 74),
  openaiLegacy: () => 's' + 'k-' + r(BASE62, 20) + 'T3Bl' + 'bkFJ' + r(BASE62, 20),
  openaiCompatible: () => 's' + 'k-' + r(BASE62, 48),
  openaiAdmin: () => 's' + 'k-admin-' + r(BASE64URL, 58) + 'T3Bl' + 'bkFJ' + r(BASE64URL, 58),
  anthropic: () => 's' + 'k-ant-api03-' + r(BASE64URL, 93) + 'AA',
  anthropicAdmin: () => 's' + 'k-ant-admin01-' + r(BASE64URL, 93) + 'AA',
  groq: () => 'gs' + 'k_' + r(BASE62, 52),
  replicate: () => 'r8' + '_' + r(BASE62, 37),
  perplexity: () => 'pp' + 'lx-' + r(BASE62, 48),
  xai: () => 'xa' + 'i-' + r(BASE62, 80),
  openrouter: () => 's' + 'k-or-v1-' + r(HEX, 64),
  huggingFace: () => 'h' + 'f_' + r(UPPER + LOWER, 34),
  huggingFaceOrg: () => 'api_' + 'org_' + r(UPPER + LOWER, 34),
  langsmith: (kind: 'pt' | 'sk') => 'lsv2_' + kind + '_' + r(HEX, 32) + '_' + r(HEX, 10),
  pinecone: () => 'pc' + 'sk_' + r(BASE62, 5) + '_' + r(BASE62, 63),
  // Package registries
  npm: () => 'np' + 'm_' + r(BASE62, 36),
  pypi: () => 'py' + 'pi-AgEIcHlwaS5vcmc' + r(BASE64URL, 160),
  dockerHub: (kind: 'pat' | 'oat') => 'dc' + `kr_${kind}_` + r(BASE64URL, 27),
  rubygems: () => 'ruby' + 'gems_' + r(HEX, 48),
  nuget: () => 'oy' + '2' + r(LOWER_DIGITS, 43),
  artifactoryKey: () => 'AK' + 'Cp' + r(BASE62, 69),
  artifactoryReference: () => b64('reft' + 'kn:01:' + (1_900_000_000 + parseInt(r(DIGITS, 7), 10)) + ':' + r(BASE62, 27)),
  clojars: () => 'CLO' + 'JARS_' + r(HEX, 60),
  crates: () => 'ci' + 'o' + r(BASE62, 32),
  adoPat: () => r(LOWER + '234567', 52),
};

// JSON Web Tokens, signed with a random key (HS256) or carrying a random RSA signature (RS256).
function jwt(payload: object, alg: 'HS256' | 'RS256' = 'HS256'): string {
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const signature =
    alg === 'HS256' ? createHmac('sha256', r(BASE62, 32)).update(`${head}.${body}`).digest('base64url') : r(BASE64URL, 342);
  return `${head}.${body}.${signature}`;
}

/** A PEM private key whose body starts like real DER of its kind and continues with random base64. */
function pemKey(label: string, der: string, length: number, armor = ''): string {
  return `-----BEGIN ${label}-----\n${armor}${wrap(der + r(BASE64, length - der.length))}\n-----END ${label}-----\n`;
}
const keys = {
  rsa: () => pemKey('RSA PRIVATE KEY', 'MIIEpAIBAAKCAQEA', 1592),
  pkcs8: () => pemKey('PRIVATE KEY', 'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ', 1624),
  ec: () => pemKey('EC PRIVATE KEY', 'MHcCAQEEI', 164),
  ed25519: () => pemKey('PRIVATE KEY', 'MC4CAQAwBQYDK2VwBCIEI', 64),
  rsaEncrypted: () => pemKey('RSA PRIVATE KEY', '', 1640, `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,${r(UPPER_HEX, 32)}\n\n`),
  openssh: (cipher = 'none') => openSshKey(cipher, seed()),
  pgp: () => pgpPrivateKey(seed()),
};
/** A certificate-shaped PEM block (public material). */
const certificate = (): string => `-----BEGIN CERTIFICATE-----\n${wrap('MIIDazCCAlOgAwIBAgIU' + r(BASE64, 1176))}\n-----END CERTIFICATE-----\n`;
/** A PEM key without its trailing newline: what private-key reports. */
const strip = (block: string): string => block.trimEnd();

/** A PuTTY key file (format 2 or 3); random bodies, real layout. */
function ppk(options: { version?: 2 | 3; encrypted?: boolean; comment: string }): string {
  const { version = 3, encrypted = false, comment } = options;
  const pub = wrap('AAAAC3NzaC1lZDI1NTE5AAAAI' + r(BASE64, 43) + '=');
  const priv = wrap(r(BASE64, encrypted ? 64 : 48));
  const kdf =
    version === 3 && encrypted
      ? `Key-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 21\nArgon2-Parallelism: 1\nArgon2-Salt: ${r(HEX, 32)}\n`
      : '';
  return (
    `PuTTY-User-Key-File-${version}: ssh-ed25519\nEncryption: ${encrypted ? 'aes256-cbc' : 'none'}\nComment: ${comment}\n` +
    `Public-Lines: ${pub.split('\n').length}\n${pub}\n${kdf}Private-Lines: ${priv.split('\n').length}\n${priv}\n` +
    `Private-MAC: ${r(HEX, version === 3 ? 64 : 40)}`
  );
}

/** A Google Cloud service-account key file, as `gcloud iam service-accounts keys create` writes it. */
function serviceAccountJson(project: string, indentBy = 2): string {
  return JSON.stringify(
    {
      type: 'service_account',
      project_id: project,
      private_key_id: r(HEX, 40),
      private_key: keys.pkcs8(),
      client_email: `deployer@${project}.iam.gserviceaccount.com`,
      client_id: r(DIGITS, 21),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/deployer%40${project}.iam.gserviceaccount.com`,
      universe_domain: 'googleapis.com',
    },
    null,
    indentBy,
  );
}

// Password hashes.
const apr1 = (): string => '$apr1$' + r(CRYPT64, 8) + '$' + r(CRYPT64, 22);
const bcrypt = (prefix = '$2y$', cost = '10'): string => prefix + cost + '$' + r(CRYPT64, 53);
const shaHtpasswd = (): string => '{SHA}' + r(BASE64, 27) + '=';
const sha512crypt = (): string => '$6$' + r(CRYPT64, 16) + '$' + r(CRYPT64, 86);
const argon2 = (): string => `$argon2id$v=19$m=65536,t=3,p=4$${r(BASE64, 22)}$${r(BASE64, 43)}`;

// ---------------------------------------------------------------------------------------------
// File builders
// ---------------------------------------------------------------------------------------------

const FAMILY = new Map(listDetectors().map((d) => [d.id, d.family as string]));

/** Plants `secret` for `detectorId` and returns it, for use inside a file's template. */
type Plant = (detectorId: string, secret: string) => string;

function file(path: string, format: string, build: (s: Plant) => string): PlantedFile {
  const secrets: PlantedSecret[] = [];
  const s: Plant = (detectorId, secret) => {
    const family = FAMILY.get(detectorId);
    if (!family) throw new Error(`unknown detector id ${detectorId} in ${path}`);
    secrets.push({ detectorId, family, secret });
    return secret;
  };
  const text = build(s);
  return { path, format, text, secrets };
}

// ---------------------------------------------------------------------------------------------
// Planted: cloud providers
// ---------------------------------------------------------------------------------------------

function cloudFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('infra/ingest/.env.production', 'env', (s) => `# Ingest service, production. Managed by ops; see RUNBOOK.md#rotating-credentials
NODE_ENV=production
LOG_LEVEL=info
PORT=8080

# --- AWS (uploads bucket)
AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID=${s('aws-access-key-id', tok.awsKeyId())}
AWS_SECRET_ACCESS_KEY=${s('aws-secret-access-key', tok.awsSecret())}
S3_BUCKET=acme-ingest-prod
S3_PREFIX=raw/

# --- Google
GOOGLE_MAPS_API_KEY=${s('google-api-key', tok.googleApiKey())}
GOOGLE_OAUTH_CLIENT_ID=${tok.googleClientId()}
GOOGLE_OAUTH_CLIENT_SECRET=${s('google-oauth-client-secret', tok.googleOauthSecret())}
GOOGLE_CREDENTIALS=${s('gcp-service-account-key', b64(serviceAccountJson('acme-ingest-prod') + '\n'))}

# --- Azure
AZURE_TENANT_ID=${uuid()}
AZURE_CLIENT_ID=${uuid()}
AZURE_CLIENT_SECRET=${s('azure-ad-client-secret', tok.entra())}
AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=acmeingest;AccountKey=${s('azure-storage-account-key', tok.azureStorageKey())};EndpointSuffix=core.windows.net"
SERVICEBUS_CONNECTION="Endpoint=sb://acme-prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s('azure-shared-access-key', tok.azureSharedKey())}"
EXPORT_SAS_URL="https://acmeingest.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2026-01-31T00:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig=${s('azure-sas-token', tok.sasSig())}"

# --- China regions
ALIBABA_CLOUD_ACCESS_KEY_ID=${s('alibaba-access-key-id', tok.alibaba())}
ALIBABA_CLOUD_ACCESS_KEY_SECRET=${s('secret-assignment', r(BASE62, 30))}
ALIBABA_CLOUD_REGION_ID=cn-hangzhou
TENCENTCLOUD_SECRET_ID=${s('tencent-cloud-secret-id', tok.tencent())}
TENCENTCLOUD_SECRET_KEY=${s('secret-assignment', r(BASE62, 32))}
TENCENTCLOUD_REGION=ap-guangzhou

# --- Others
YC_FOLDER_ID=b1g${r(LOWER_DIGITS, 17)}
YC_API_KEY=${s('yandex-cloud-api-key', tok.yandex())}
DIGITALOCEAN_ACCESS_TOKEN=${s('digitalocean-pat', tok.digitalOcean('p'))}
DO_OAUTH_REFRESH_TOKEN=${s('digitalocean-refresh-token', tok.digitalOcean('r'))}
CF_ZONE_ID=${r(HEX, 32)}
CF_ORIGIN_CA_KEY=${s('cloudflare-origin-ca-key', tok.cloudflareCa())}
SCW_DEFAULT_ORGANIZATION_ID=${uuid()}
SCW_DEFAULT_REGION=fr-par
SCW_SECRET_KEY=${s('scaleway-secret-key', uuid())}
`),
  );
  files.push(
    file('root/.aws/credentials', 'ini', (s) => `[default]
aws_access_key_id = ${s('aws-access-key-id', tok.awsKeyId())}
aws_secret_access_key = ${s('aws-secret-access-key', tok.awsSecret())}

[ci-deployer]
aws_access_key_id=${s('aws-access-key-id', tok.awsStsKeyId())}
aws_secret_access_key=${s('aws-secret-access-key', tok.awsSecret())}
aws_session_token=${s('secret-assignment', tok.awsSessionToken())}
`),
  );
  files.push(
    file('infra/terraform/providers.tf', 'hcl', (s) => `terraform {
  required_version = ">= 1.6.0"
  required_providers {
    aws          = { source = "hashicorp/aws", version = "~> 5.40" }
    google       = { source = "hashicorp/google", version = "~> 5.20" }
    azurerm      = { source = "hashicorp/azurerm", version = "~> 3.100" }
    alicloud     = { source = "aliyun/alicloud", version = "~> 1.220" }
    tencentcloud = { source = "tencentcloudstack/tencentcloud", version = "~> 1.81" }
    digitalocean = { source = "digitalocean/digitalocean", version = "~> 2.36" }
    cloudflare   = { source = "cloudflare/cloudflare", version = "~> 4.30" }
  }
}

provider "aws" {
  region     = "eu-central-1"
  access_key = "${s('aws-access-key-id', tok.awsKeyId())}"
  secret_key = "${s('aws-secret-access-key', tok.awsSecret())}"
}

provider "google" {
  project     = "acme-analytics-372910"
  region      = "europe-west3"
  credentials = base64decode("${s('gcp-service-account-key', b64(serviceAccountJson('acme-analytics-372910')))}")
}

provider "azurerm" {
  features {}
  subscription_id = "${uuid()}"
  tenant_id       = "${uuid()}"
  client_id       = "${uuid()}"
  client_secret   = "${s('azure-ad-client-secret', tok.entra())}"
}

provider "alicloud" {
  access_key = "${s('alibaba-access-key-id', tok.alibaba())}"
  secret_key = "${s('secret-assignment', r(BASE62, 30))}"
  region     = "cn-shanghai"
}

provider "tencentcloud" {
  secret_id  = "${s('tencent-cloud-secret-id', tok.tencent())}"
  secret_key = "${s('secret-assignment', r(BASE62, 32))}"
  region     = "ap-singapore"
}

provider "digitalocean" {
  token = "${s('digitalocean-pat', tok.digitalOcean('p'))}"
}

provider "cloudflare" {
  api_token            = "${s('secret-assignment', r(BASE62 + '_-', 40))}"
  api_user_service_key = "${s('cloudflare-origin-ca-key', tok.cloudflareCa())}"
}
`),
  );
  files.push(
    file('deploy/k8s/ingest/cloud-credentials.yaml', 'yaml', (s) => `apiVersion: v1
kind: Secret
metadata:
  name: cloud-credentials
  namespace: ingest
  labels:
    app.kubernetes.io/name: ingest
    app.kubernetes.io/part-of: acme-data
  annotations:
    reloader.stakater.com/match: "true"
type: Opaque
stringData:
  AWS_ACCESS_KEY_ID: ${s('aws-access-key-id', tok.awsKeyId())}
  AWS_SECRET_ACCESS_KEY: "${s('aws-secret-access-key', tok.awsSecret())}"
  GOOGLE_API_KEY: ${s('google-api-key', tok.googleApiKey())}
  GOOGLE_CLIENT_SECRET: ${s('google-oauth-client-secret', tok.googleOauthSecret())}
  AZURE_STORAGE_CONNECTION_STRING: DefaultEndpointsProtocol=https;AccountName=acmedata;AccountKey=${s('azure-storage-account-key', tok.azureStorageKey())};EndpointSuffix=core.windows.net
  EVENTHUB_CONNECTION_STRING: "Endpoint=sb://acme-telemetry.servicebus.windows.net/;SharedAccessKeyName=send-only;SharedAccessKey=${s('azure-shared-access-key', tok.azureSharedKey())};EntityPath=telemetry"
  ALIBABA_CLOUD_ACCESS_KEY_ID: ${s('alibaba-access-key-id', tok.alibaba())}
  TENCENTCLOUD_SECRET_ID: '${s('tencent-cloud-secret-id', tok.tencent())}'
  YC_API_KEY: ${s('yandex-cloud-api-key', tok.yandex())}
  DIGITALOCEAN_OAUTH_TOKEN: ${s('digitalocean-oauth-token', tok.digitalOcean('o'))}
  SCW_SECRET_KEY: ${s('scaleway-secret-key', uuid())}
  SCW_DEFAULT_PROJECT_ID: ${uuid()}
  CF_ORIGIN_CA_KEY: "${s('cloudflare-origin-ca-key', tok.cloudflareCa())}"
---
apiVersion: v1
kind: Secret
metadata:
  name: gcp-service-account
  namespace: ingest
type: Opaque
data:
  key.json: ${s('gcp-service-account-key', b64(serviceAccountJson('acme-ingest-prod', 0)))}
`),
  );
  files.push(
    file('services/exporter/exporter/clients.py', 'python', (s) => `"""Cloud clients for the export worker. Credentials are read once at import time."""
import boto3
import googlemaps
from aliyunsdkcore.client import AcsClient
from azure.identity import ClientSecretCredential
from azure.servicebus import ServiceBusClient
from azure.storage.blob import BlobClient, BlobServiceClient
from tencentcloud.common import credential

S3 = boto3.client(
    "s3",
    region_name="eu-west-1",
    aws_access_key_id="${s('aws-access-key-id', tok.awsKeyId())}",
    aws_secret_access_key="${s('aws-secret-access-key', tok.awsSecret())}",
)

BLOB_SERVICE = BlobServiceClient.from_connection_string(
    "DefaultEndpointsProtocol=https;AccountName=acmeexports;"
    "AccountKey=${s('azure-storage-account-key', tok.azureStorageKey())};EndpointSuffix=core.windows.net"
)
BUS = ServiceBusClient.from_connection_string(
    "Endpoint=sb://acme-jobs.servicebus.windows.net/;SharedAccessKeyName=worker;SharedAccessKey=${s('azure-shared-access-key', tok.azureSharedKey())}"
)
CREDENTIAL = ClientSecretCredential(
    tenant_id="${uuid()}",
    client_id="${uuid()}",
    client_secret="${s('azure-ad-client-secret', tok.entra())}",
)
REPORT_BLOB = BlobClient.from_blob_url(
    "https://acmeexports.blob.core.windows.net/reports/daily.csv?sp=r&st=2025-03-01T09:00:00Z&se=2025-09-01T17:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${s('azure-sas-token', tok.sasSig())}"
)

GMAPS = googlemaps.Client(key="${s('google-api-key', tok.googleApiKey())}", timeout=10)
OAUTH_CLIENT_CONFIG = {
    "web": {
        "client_id": "${tok.googleClientId()}",
        "client_secret": "${s('google-oauth-client-secret', tok.googleOauthSecret())}",
        "redirect_uris": ["https://exports.acme.dev/oauth2/callback"],
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
}

ALIYUN = AcsClient(ak="${s('alibaba-access-key-id', tok.alibaba())}", secret="${s('secret-assignment', r(BASE62, 30))}", region_id="cn-shanghai")
TENCENT = credential.Credential(secret_id="${s('tencent-cloud-secret-id', tok.tencent())}", secret_key="${s('secret-assignment', r(BASE62, 32))}")

YANDEX_HEADERS = {"Authorization": "Api-Key ${s('yandex-cloud-api-key', tok.yandex())}", "x-folder-id": "b1g${r(LOWER_DIGITS, 17)}"}
DIGITALOCEAN_OAUTH = {"refresh_token": "${s('digitalocean-refresh-token', tok.digitalOcean('r'))}", "token_type": "bearer"}
`),
  );
  files.push(
    file('scripts/publish-assets.sh', 'shell', (s) => `#!/usr/bin/env bash
# Publishes the static bundle to every origin we still serve from.
set -euo pipefail

VERSION="$(git describe --tags --always)"
DIST="\${DIST:-dist}"

export AWS_ACCESS_KEY_ID=${s('aws-access-key-id', tok.awsKeyId())}
export AWS_DEFAULT_REGION=us-east-1
aws configure set aws_secret_access_key ${s('aws-secret-access-key', tok.awsSecret())} --profile publisher
aws s3 sync "$DIST/" "s3://acme-static/$VERSION/" --profile publisher --delete

az storage blob upload-batch \\
  --account-name acmestatic \\
  --account-key ${s('azure-storage-account-key', tok.azureStorageKey())} \\
  --destination releases \\
  --source "$DIST/"

azcopy copy "$DIST/*" "https://acmestatic.blob.core.windows.net/releases?sv=2023-01-03&ss=b&srt=sco&sp=rwlc&se=2025-12-31T23:59:59Z&st=2025-01-01T00:00:00Z&spr=https&sig=${s('azure-sas-token', tok.sasSig())}" --recursive

doctl auth init --access-token ${s('digitalocean-pat', tok.digitalOcean('p'))}
curl -fsS -X DELETE "https://api.digitalocean.com/v2/cdn/endpoints/19f06b6a-3ace-4315-b086-499a0e521b76/cache" \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer ${s('digitalocean-oauth-token', tok.digitalOcean('o'))}" \\
  -d '{"files": ["*"]}'

export TF_VAR_scw_secret_key="${s('scaleway-secret-key', uuid())}"
terraform -chdir=infra/scaleway apply -auto-approve -var "release=$VERSION"
`),
  );
  files.push(
    file('src/Orders.Api/appsettings.Production.json', 'json', (s) => `{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }
  },
  "AllowedHosts": "*",
  "AzureAd": {
    "Instance": "https://login.microsoftonline.com/",
    "Domain": "acme.onmicrosoft.com",
    "TenantId": "${uuid()}",
    "ClientId": "${uuid()}",
    "ClientSecret": "${s('azure-ad-client-secret', tok.entra())}",
    "CallbackPath": "/signin-oidc"
  },
  "ConnectionStrings": {
    "Orders": "Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=${s('connection-string-password', pw())};Encrypt=True;Connection Timeout=30;",
    "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeorders;AccountKey=${s('azure-storage-account-key', tok.azureStorageKey())};EndpointSuffix=core.windows.net",
    "ServiceBus": "Endpoint=sb://acme-orders.servicebus.windows.net/;SharedAccessKeyName=orders-api;SharedAccessKey=${s('azure-shared-access-key', tok.azureSharedKey())}"
  },
  "Google": {
    "MapsApiKey": "${s('google-api-key', tok.googleApiKey())}",
    "ClientId": "${tok.googleClientId()}",
    "ClientSecret": "${s('google-oauth-client-secret', tok.googleOauthSecret())}"
  },
  "FeatureManagement": { "NewCheckout": true }
}
`),
  );
  files.push(
    file('root/.config/doctl/config.yaml', 'yaml', (s) => `access-token: ${s('digitalocean-pat', tok.digitalOcean('p'))}
context: default
auth-contexts:
  staging: ${s('digitalocean-pat', tok.digitalOcean('p'))}
output: text
`),
  );
  files.push(
    file('ops/digitalocean/oauth-token.json', 'json', (s) =>
      JSON.stringify(
        {
          access_token: s('digitalocean-oauth-token', tok.digitalOcean('o')),
          token_type: 'bearer',
          expires_in: 2592000,
          refresh_token: s('digitalocean-refresh-token', tok.digitalOcean('r')),
          scope: 'read write',
          info: { name: 'Release Bot', email: 'release-bot@acme.dev', uuid: uuid() },
        },
        null,
        2,
      ) + '\n',
    ),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: hosting platforms and secret stores
// ---------------------------------------------------------------------------------------------

function platformFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('platform/.env', 'env', (s) => `# Deploy tooling for acme-web. Rotated quarterly (RUNBOOK.md#tokens).
HEROKU_APP=acme-web-prod
HEROKU_API_KEY=${s('heroku-api-key', tok.heroku())}
DOPPLER_PROJECT=web
DOPPLER_CONFIG=prd
DOPPLER_TOKEN=${s('doppler-token', 'dp' + '.st.prd.' + r(BASE62, 40))}
DATABRICKS_HOST=https://adb-4417021593.12.azuredatabricks.net
DATABRICKS_TOKEN=${s('databricks-pat', tok.databricks())}
FLY_ORG=acme
FLY_API_TOKEN="FlyV1 ${s('flyio-macaroon-token', `${tok.flyMacaroon()},${tok.flyMacaroon()}`)}"
FLY_ACCESS_TOKEN=${s('flyio-access-token', tok.flyio())}
NETLIFY_SITE_ID=${uuid()}
NETLIFY_AUTH_TOKEN=${s('netlify-pat', tok.netlify())}
RENDER_SERVICE_ID=srv-${r(LOWER_DIGITS, 20)}
RENDER_API_KEY=${s('render-api-key', tok.render())}
SUPABASE_PROJECT_REF=${r(LOWER, 20)}
SUPABASE_ACCESS_TOKEN=${s('supabase-pat', tok.supabase())}
PLANETSCALE_ORG=acme
PLANETSCALE_SERVICE_TOKEN_ID=${r(LOWER_DIGITS, 12)}
PLANETSCALE_SERVICE_TOKEN=${s('planetscale-api-token', tok.planetScale('tkn'))}
DATABASE_URL=mysql://${r(LOWER_DIGITS, 12)}:${s('planetscale-password', tok.planetScale('pw'))}@aws.connect.psdb.cloud/acme-web?sslaccept=strict
PULUMI_ACCESS_TOKEN=${s('pulumi-access-token', tok.pulumi())}
PULUMI_BACKEND_URL=https://api.pulumi.com
TS_AUTHKEY=${s('tailscale-key', tok.tailscale())}
INFRACOST_API_KEY=${s('infracost-api-key', tok.infracost())}
JIRA_BASE_URL=https://acme.atlassian.net
JIRA_USER_EMAIL=release-bot@acme.dev
JIRA_API_TOKEN=${s('atlassian-api-token', tok.atlassian())}
OP_SERVICE_ACCOUNT_TOKEN=${s('1password-service-account-token', tok.onePasswordToken())}
OP_SECRET_KEY=${s('1password-secret-key', tok.onePasswordSecretKey())}
VAULT_ADDR=https://vault.acme.internal:8200
VAULT_NAMESPACE=admin/web
VAULT_TOKEN=${s('vault-service-token', tok.vault())}
VAULT_RECOVERY_TOKEN=${s('vault-recovery-token', tok.vaultRecovery())}
TF_TOKEN_app_terraform_io=${s('terraform-cloud-api-token', tok.terraform())}
SOPS_AGE_KEY=${s('age-secret-key', tok.age())}
`),
  );
  files.push(
    file('.github/workflows/deploy.yml', 'yaml', (s) => `name: deploy
on:
  push:
    branches: [main]
  workflow_dispatch: {}

permissions:
  contents: read
  id-token: write

concurrency:
  group: deploy-\${{ github.ref }}
  cancel-in-progress: false

env:
  FLY_API_TOKEN: "FlyV1 ${s('flyio-macaroon-token', tok.flyMacaroon())}"
  NETLIFY_AUTH_TOKEN: ${s('netlify-pat', tok.netlify())}
  PULUMI_ACCESS_TOKEN: ${s('pulumi-access-token', tok.pulumi())}
  VAULT_ADDR: https://vault.acme.internal:8200
  VAULT_TOKEN: ${s('vault-service-token', tok.vaultShort())}
  DATABRICKS_HOST: https://acme-analytics.cloud.databricks.com
  DATABRICKS_TOKEN: ${s('databricks-pat', tok.databricks() + '-3')}
  OP_SERVICE_ACCOUNT_TOKEN: ${s('1password-service-account-token', tok.onePasswordToken())}
  SUPABASE_ACCESS_TOKEN: ${s('supabase-pat', tok.supabase())}

jobs:
  deploy:
    runs-on: ubuntu-24.04
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@${sha1()} # v4.2.2
      - uses: superfly/flyctl-actions/setup-flyctl@${sha1()} # v1.5
      - name: Connect to the tailnet
        uses: tailscale/github-action@v2
        with:
          authkey: ${s('tailscale-key', tok.tailscale())}
          tags: tag:ci
      - name: Deploy API
        run: flyctl deploy --remote-only --config fly.api.toml --access-token ${s('flyio-access-token', tok.flyio())}
      - name: Schema deploy request
        run: |
          pscale deploy-request create acme-web main --org acme \\
            --service-token-id ci-deployer \\
            --service-token ${s('planetscale-api-token', tok.planetScale('tkn'))}
      - name: Cost estimate
        run: infracost configure set api_key ${s('infracost-api-key', tok.infracost())} && infracost breakdown --path infra/
`),
  );
  files.push(
    file('ci/release.sh', 'shell', (s) => `#!/bin/sh
# Release pipeline for acme-web: build, push, migrate, announce.
set -eu

export VAULT_ADDR=https://vault.acme.internal:8200
export VAULT_TOKEN=${s('vault-batch-token', tok.vaultBatch())}
DB_CREDS=$(curl -fsS -H "X-Vault-Token: ${s('vault-legacy-token', tok.vaultLegacy())}" "$VAULT_ADDR/v1/database/creds/web-migrate")
VAULT_TOKEN=${s('vault-recovery-token', tok.vaultRecovery())} vault read -format=json sys/raw/core/cluster/local/info > /tmp/cluster.json

HEROKU_API_KEY=${s('heroku-api-key', tok.heroku())} heroku container:release web --app acme-web-prod
fly deploy --app acme-api -t "FlyV1 ${s('flyio-macaroon-token', tok.flyMacaroon())}"
FLY_API_TOKEN=${s('flyio-access-token', tok.flyio())} flyctl scale count 3 --app acme-worker
netlify deploy --prod --dir dist --auth ${s('netlify-pat', tok.netlify())}
curl -fsS -X POST "https://api.render.com/v1/services/srv-${r(LOWER_DIGITS, 20)}/deploys" \\
  -H "Authorization: Bearer ${s('render-api-key', tok.render())}" \\
  -H "Accept: application/json"
supabase login --token ${s('supabase-pat', tok.supabase())} && supabase db push
doppler run --token ${s('doppler-token', tok.doppler('pt'))} -- ./bin/migrate
pscale branch list acme-web --org acme --service-token-id ci --service-token ${s('planetscale-api-token', tok.planetScale('tkn'))}
curl -fsS -H "Authorization: Bearer ${s('planetscale-oauth-token', tok.planetScale('oauth'))}" https://api.planetscale.com/v1/organizations/acme/databases
INFRACOST_API_KEY=${s('infracost-api-key', tok.infracost())} infracost breakdown --path infra/ --format json --out-file /tmp/cost.json
tailscale up --authkey=${s('tailscale-key', tok.tailscale())} --hostname=release-runner --ssh=false

curl -fsS -u release-bot@acme.dev:${s('atlassian-api-token', tok.atlassian())} \\
  -H "Content-Type: application/json" \\
  -X POST "https://acme.atlassian.net/rest/api/3/version" \\
  -d "{\\"name\\": \\"web-$(date +%Y.%m.%d)\\", \\"projectId\\": 10042}"
`),
  );
  files.push(
    file('root/.terraformrc', 'hcl', (s) => `plugin_cache_dir   = "$HOME/.terraform.d/plugin-cache"
disable_checkpoint = true

credentials "app.terraform.io" {
  token = "${s('terraform-cloud-api-token', tok.terraform())}"
}

credentials "tfe.acme.internal" {
  token = "${s('terraform-cloud-api-token', tok.terraform())}"
}

provider_installation {
  network_mirror {
    url = "https://terraform-mirror.acme.internal/providers/"
  }
}
`),
  );
  files.push(
    file('root/.terraform.d/credentials.tfrc.json', 'json', (s) =>
      JSON.stringify({ credentials: { 'app.terraform.io': { token: s('terraform-cloud-api-token', tok.terraform()) } } }, null, 2) + '\n',
    ),
  );
  files.push(
    file('tools/secrets/vault_client.py', 'python', (s) => `"""Thin wrappers around the Vault clusters the tools talk to."""
import os

import hvac
import MySQLdb

VAULT_URL = "https://vault.acme.internal:8200"
client = hvac.Client(url=VAULT_URL, token="${s('vault-service-token', tok.vault())}", namespace="admin/tools")
batch_client = hvac.Client(url=VAULT_URL, token="${s('vault-batch-token', tok.vaultBatch())}")

# The legacy cluster (Vault 1.8) still serves the billing mount.
legacy_client = hvac.Client(url="https://vault-legacy.acme.internal:8200")
vault_token = "${s('vault-legacy-token', tok.vaultLegacy())}"
legacy_client.token = vault_token

os.environ.setdefault("OP_SERVICE_ACCOUNT_TOKEN", "${s('1password-service-account-token', tok.onePasswordToken())}")

def analytics_db():
    return MySQLdb.connect(
        host="aws.connect.psdb.cloud",
        user="${r(LOWER_DIGITS, 12)}",
        passwd="${s('planetscale-password', tok.planetScale('pw'))}",
        db="analytics",
        ssl_mode="VERIFY_IDENTITY",
    )
`),
  );
  files.push(
    file('config/platform.json', 'json', (s) => `{
  "vault": {
    "address": "https://vault.acme.internal:8200",
    "auth": {
      "client_token": "${s('vault-batch-token', tok.vaultBatch())}",
      "accessor": "${r(BASE62, 24)}",
      "policies": ["default", "deploy"],
      "lease_duration": 3600,
      "renewable": false
    }
  },
  "doppler": { "project": "api", "config": "prd", "token": "${s('doppler-token', tok.doppler('sa'))}" },
  "planetscale": {
    "organization": "acme",
    "access_token": "${s('planetscale-oauth-token', tok.planetScale('oauth'))}",
    "token_type": "Bearer",
    "expires_in": 7200
  },
  "jira": {
    "site": "acme.atlassian.net",
    "email": "release-bot@acme.dev",
    "apiToken": "${s('atlassian-api-token', tok.atlassian())}",
    "project": "WEB"
  }
}
`),
  );
  files.push(
    file('root/.databrickscfg', 'ini', (s) => `[DEFAULT]
host  = https://adb-4417021593.12.azuredatabricks.net
token = ${s('databricks-pat', tok.databricks())}

[staging]
host  = https://acme-staging.cloud.databricks.com
token = ${s('databricks-pat', tok.databricks() + '-2')}
jobs-api-version = 2.1
`),
  );
  files.push(
    file('root/.pulumi/credentials.json', 'json', (s) => {
      const token = s('pulumi-access-token', tok.pulumi());
      return `{
    "current": "https://api.pulumi.com",
    "accessTokens": {
        "https://api.pulumi.com": "${token}"
    },
    "accounts": {
        "https://api.pulumi.com": {
            "accessToken": "${token}",
            "username": "acme-ci",
            "organizations": ["acme"],
            "lastValidatedAt": "2025-04-14T08:12:44.512Z"
        }
    }
}
`;
    }),
  );
  files.push(
    file('docs/onboarding/release-bot-emergency-kit.txt', 'text', (s) => `1Password Emergency Kit
Created for release-bot@acme.dev on May 2, 2025.

Sign-in address:  https://acme.1password.com
Email address:    release-bot@acme.dev
Secret Key:       ${s('1password-secret-key', tok.onePasswordSecretKey())}
Master password:  (written on the paper copy in the safe, never here)

Keep this document somewhere safe: you need it to sign in on a new device.
`),
  );
  files.push(
    file('ansible/group_vars/all/platform.yml', 'yaml', (s) => `---
# Decrypted for the migration to 1Password; re-encrypt with ansible-vault before merging.
op_account: acme.1password.com
op_secret_key: "${s('1password-secret-key', tok.onePasswordSecretKey())}"
vault_addr: https://vault-legacy.acme.internal:8200
vault_token: ${s('vault-legacy-token', tok.vaultLegacy() + '.' + r(BASE62, 5))}
vault_recovery_token: ${s('vault-recovery-token', tok.vaultRecovery())}
render_api_key: ${s('render-api-key', tok.render())}
planetscale_oauth_token: ${s('planetscale-oauth-token', tok.planetScale('oauth'))}
analytics_database_url: "mysql://${r(LOWER_DIGITS, 12)}:${s('planetscale-password', tok.planetScale('pw'))}@aws.connect.psdb.cloud/analytics?ssl-mode=VERIFY_IDENTITY"
heroku_netrc_machine: api.heroku.com
infracost_api_key: ${s('infracost-api-key', tok.infracost())}
atlassian_site: acme.atlassian.net
`),
  );
  files.push(
    file('root/.config/sops/age/keys.txt', 'text', (s) => `# created: 2025-02-03T10:41:09+01:00
# public key: ${tok.agePublic()}
${s('age-secret-key', tok.age())}
# created: 2025-06-11T16:02:51+02:00
# public key: ${tok.agePublic()}
${s('age-secret-key', tok.age())}
`),
  );
  files.push(
    file('clusters/prod/flux-system/sops-age.yaml', 'yaml', (s) => `apiVersion: v1
kind: Secret
metadata:
  name: sops-age
  namespace: flux-system
type: Opaque
stringData:
  age.agekey: |
    # public key: ${tok.agePublic()}
    ${s('age-secret-key', tok.age())}
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: code forges
// ---------------------------------------------------------------------------------------------

function codeForgeFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('tools/release/.env.local', 'env', (s) => `# Local overrides for the release tooling (gitignored... it was not)
GITHUB_OWNER=acme
GITHUB_TOKEN=${s('github-pat', tok.github('ghp_'))}
GH_TOKEN=${s('github-fine-grained-pat', tok.githubFineGrained())}
GITHUB_OAUTH_TOKEN=${s('github-oauth-token', tok.github('gho_'))}
GITHUB_APP_ID=412907
GITHUB_APP_REFRESH_TOKEN=${s('github-refresh-token', tok.github('ghr_'))}
GITLAB_URL=https://gitlab.com
GITLAB_TOKEN=${s('gitlab-pat', tok.gitlab('glpat-'))}
GITLAB_FEED_TOKEN=${s('gitlab-feed-token', tok.gitlab('glft-'))}
GITLAB_SCIM_TOKEN=${s('gitlab-scim-token', tok.gitlab('glsoat-'))}
GITLAB_OAUTH_APP_ID=${r(HEX, 64)}
GITLAB_OAUTH_APP_SECRET=${s('gitlab-oauth-app-secret', tok.gitlab('gloas-', 64))}
GITLAB_INCOMING_EMAIL_TOKEN=${s('gitlab-incoming-mail-token', tok.gitlab('glimt-', 25))}
GITLAB_AGENT_TOKEN=${s('gitlab-agent-token', tok.gitlab('glagent-', 50))}
CI_DEPLOY_USER=gitlab+deploy-token-118
CI_DEPLOY_PASSWORD=${s('gitlab-deploy-token', tok.gitlab('gldt-'))}
CI_JOB_TOKEN=${s('gitlab-cicd-job-token', tok.gitlab('glcbt-'))}
RUNNER_REGISTRATION_TOKEN=${s('gitlab-runner-registration-token', tok.gitlab('GR1348941'))}
UNLEASH_URL=https://gitlab.com/api/v4/feature_flags/unleash/4821
UNLEASH_INSTANCE_ID=${s('gitlab-feature-flag-client-token', tok.gitlab('glffct-'))}
BITBUCKET_USERNAME=acme-ci
BITBUCKET_APP_PASSWORD=${s('bitbucket-app-password', tok.bitbucket())}
`),
  );
  files.push(
    file('.gitlab-ci.yml', 'yaml', (s) => `stages: [build, test, release, deploy]

variables:
  DOCKER_DRIVER: overlay2
  DOCKER_TLS_CERTDIR: "/certs"
  GITLAB_TOKEN: ${s('gitlab-pat', tok.gitlab('glpat-'))}

build:
  stage: build
  image: docker:27.3
  services: [docker:27.3-dind]
  script:
    - docker login -u gitlab+deploy-token-118 -p ${s('gitlab-deploy-token', tok.gitlab('gldt-'))} registry.gitlab.com
    - docker build -t registry.gitlab.com/acme/web:$CI_COMMIT_SHORT_SHA .
    - docker push registry.gitlab.com/acme/web:$CI_COMMIT_SHORT_SHA

trigger-docs:
  stage: release
  image: curlimages/curl:8.10.1
  script:
    - curl -X POST --fail -F token=${s('gitlab-pipeline-trigger-token', tok.gitlab('glptt-'))} -F ref=main https://gitlab.com/api/v4/projects/4821/trigger/pipeline

fetch-artifact:
  stage: test
  script:
    - 'curl --location --header "JOB-TOKEN: ${s('gitlab-cicd-job-token', tok.gitlab('glcbt-'))}" "https://gitlab.com/api/v4/projects/4821/jobs/artifacts/main/download?job=build" -o artifacts.zip'

register-runner:
  stage: deploy
  when: manual
  script:
    - gitlab-runner register --non-interactive --url https://gitlab.com/ --registration-token ${s('gitlab-runner-registration-token', tok.gitlab('GR1348941'))} --executor docker --docker-image alpine:3.20
`),
  );
  files.push(
    file('etc/gitlab-runner/config.toml', 'toml', (s) => `concurrent = 4
check_interval = 0
shutdown_timeout = 0

[session_server]
  session_timeout = 1800

[[runners]]
  name = "build-01"
  url = "https://gitlab.com"
  id = 31874211
  token = "${s('gitlab-runner-token', tok.gitlab('glrt-'))}"
  token_obtained_at = 2025-02-11T09:14:03Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "docker"
  [runners.cache]
    MaxUploadedArchiveSize = 0
  [runners.docker]
    tls_verify = false
    image = "alpine:3.20"
    privileged = true
    disable_cache = false
    volumes = ["/certs/client", "/cache"]
    shm_size = 0
`),
  );
  files.push(
    file('deploy/helm/gitlab-agent/values.yaml', 'yaml', (s) => `image:
  repository: registry.gitlab.com/gitlab-org/cluster-integration/gitlab-agent/agentk
  tag: v17.6.1
config:
  kasAddress: wss://kas.gitlab.com
  token: ${s('gitlab-agent-token', tok.gitlab('glagent-', 50))}
rbac:
  create: true
serviceAccount:
  create: true
---
# gitlab-runner chart values
gitlabUrl: https://gitlab.com/
runnerToken: "${s('gitlab-runner-token', tok.gitlab('glrt-'))}"
concurrent: 10
rbac:
  create: true
`),
  );
  files.push(
    file('scripts/mirror-repos.sh', 'shell', (s) => `#!/usr/bin/env bash
# Nightly mirror of the platform repositories between forges.
set -euo pipefail
WORK=$(mktemp -d)
cd "$WORK"

git clone --mirror https://x-access-token:${s('github-server-to-server-token', tok.github('ghs_'))}@github.com/acme/platform.git
curl -fsSL -H "Authorization: token ${s('github-pat', tok.github('ghp_'))}" \\
  -H "Accept: application/vnd.github+json" \\
  "https://api.github.com/orgs/acme/repos?per_page=100" > repos.json
git -C platform.git push --mirror https://oauth2:${s('gitlab-pat', tok.gitlab('glpat-'))}@gitlab.com/acme-mirror/platform.git
git clone --mirror https://acme-ci:${s('bitbucket-app-password', tok.bitbucket())}@bitbucket.org/acme/legacy-billing.git

gitlab-runner register --non-interactive --url https://gitlab.acme.internal/ --token ${s('gitlab-runner-token', tok.gitlab('glrt-'))} --executor shell
gitlab-runner register --non-interactive --url https://gitlab.acme.internal/ --registration-token ${s('gitlab-runner-registration-token', tok.gitlab('GR1348941'))} --executor shell
curl -fsS "https://gitlab.com/dashboard/projects.atom?feed_token=${s('gitlab-feed-token', tok.gitlab('glft-'))}" -o activity.atom
curl -sf --header "JOB-TOKEN: ${s('gitlab-cicd-job-token', tok.gitlab('glcbt-'))}" "https://gitlab.com/api/v4/projects/4821/packages/generic/tools/1.2.0/tools.tgz" -o tools.tgz
curl -X POST -F token=${s('gitlab-pipeline-trigger-token', tok.gitlab('glptt-'))} -F "ref=main" https://gitlab.acme.internal/api/v4/projects/12/trigger/pipeline
curl -fsS -H "Authorization: Bearer ${s('gitlab-scim-token', tok.gitlab('glsoat-'))}" https://gitlab.com/api/scim/v2/groups/acme/Users > scim-users.json
helm upgrade --install gitlab-agent gitlab/gitlab-agent --namespace gitlab-agent --create-namespace \\
  --set config.token=${s('gitlab-agent-token', tok.gitlab('glagent-', 50))} \\
  --set config.kasAddress=wss://kas.gitlab.com
`),
  );
  files.push(
    file('root/.config/gh/hosts.yml', 'yaml', (s) => {
      const token = s('github-oauth-token', tok.github('gho_'));
      return `github.com:
    users:
        acme-release:
            oauth_token: ${token}
    git_protocol: https
    oauth_token: ${token}
    user: acme-release
`;
    }),
  );
  files.push(
    file('services/review_bot/github_auth.py', 'python', (s) => `"""GitHub and GitLab credentials of the review bot."""
import gitlab
import requests

INSTALLATION_TOKEN = "${s('github-server-to-server-token', tok.github('ghs_'))}"
OAUTH_TOKEN = "${s('github-oauth-token', tok.github('gho_'))}"

# OAuth user-to-server token of the bot account (expires after 8 hours; refreshed below).
USER_TOKEN = {
    "access_token": "${s('github-user-to-server-token', tok.github('ghu_'))}",
    "expires_in": 28800,
    "refresh_token": "${s('github-refresh-token', tok.github('ghr_'))}",
    "refresh_token_expires_in": 15811200,
    "token_type": "bearer",
    "scope": "",
}

gl = gitlab.Gitlab("https://gitlab.com", private_token="${s('gitlab-pat', tok.gitlab('glpat-'))}")
DEPLOY_AUTH = ("gitlab+deploy-token-118", "${s('gitlab-deploy-token', tok.gitlab('gldt-'))}")


def trigger_docs_pipeline() -> None:
    requests.post(
        "https://gitlab.com/api/v4/projects/4821/trigger/pipeline",
        data={"token": "${s('gitlab-pipeline-trigger-token', tok.gitlab('glptt-'))}", "ref": "main"},
        timeout=30,
    ).raise_for_status()
`),
  );
  files.push(
    file('web/src/lib/github.ts', 'typescript', (s) => `import { Octokit } from '@octokit/rest';

export const octokit = new Octokit({
  auth: '${s('github-fine-grained-pat', tok.githubFineGrained())}',
  userAgent: 'acme-changelog/1.4.0',
  baseUrl: 'https://api.github.com',
});

// Session of the changelog bot's GitHub App user (see docs/github-app.md).
export const botSession = {
  token: '${s('github-user-to-server-token', tok.github('ghu_'))}',
  refreshToken: '${s('github-refresh-token', tok.github('ghr_'))}',
  expiresAt: '2025-06-01T12:00:00Z',
};
`),
  );
  files.push(
    file('root/.config/github-copilot/apps.json', 'json', (s) =>
      JSON.stringify({ 'github.com:Iv1.b507a08c87ecfe98': { user: 'acme-dev', oauth_token: s('github-user-to-server-token', tok.github('ghu_')), githubAppId: 'Iv1.b507a08c87ecfe98' } }),
    ),
  );
  files.push(
    file('etc/gitlab/gitlab.rb', 'ruby', (s) => `external_url 'https://gitlab.acme.internal'
gitlab_rails['time_zone'] = 'Europe/Berlin'
gitlab_rails['gitlab_email_from'] = 'gitlab@acme.internal'

gitlab_rails['incoming_email_enabled'] = true
gitlab_rails['incoming_email_address'] = "incoming+%{key}@incoming.gitlab.acme.internal"
gitlab_rails['incoming_email_token'] = '${s('gitlab-incoming-mail-token', tok.gitlab('glimt-', 25))}'

gitlab_rails['omniauth_allow_single_sign_on'] = ['gitlab']
gitlab_rails['omniauth_providers'] = [
  {
    name: "gitlab",
    label: "GitLab.com",
    app_id: "${r(HEX, 64)}",
    app_secret: "${s('gitlab-oauth-app-secret', tok.gitlab('gloas-', 64))}",
    args: { scope: "read_user" }
  }
]
`),
  );
  files.push(
    file('web/src/flags.js', 'javascript', (s) => `import { initialize } from 'unleash-client';

export const unleash = initialize({
  url: 'https://gitlab.com/api/v4/feature_flags/unleash/4821',
  appName: process.env.NODE_ENV === 'production' ? 'production' : 'staging',
  instanceId: '${s('gitlab-feature-flag-client-token', tok.gitlab('glffct-'))}',
  refreshInterval: 15000,
  metricsInterval: 60000,
});
`),
  );
  files.push(
    file('ops/scim/okta-gitlab.json', 'json', (s) => `{
  "application": "GitLab.com (acme)",
  "baseUrl": "https://gitlab.com/api/scim/v2/groups/acme",
  "authMode": "HTTP_HEADER",
  "token": "${s('gitlab-scim-token', tok.gitlab('glsoat-'))}",
  "pushNewUsers": true,
  "pushProfileUpdates": true
}
`),
  );
  files.push(
    file('argocd/repositories/platform.yaml', 'yaml', (s) => `apiVersion: v1
kind: Secret
metadata:
  name: repo-platform
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: repository
stringData:
  type: git
  url: https://github.com/acme/platform.git
  username: acme-argocd
  password: ${s('github-fine-grained-pat', tok.githubFineGrained())}
`),
  );
  files.push(
    file('bitbucket-pipelines.yml', 'yaml', (s) => `image: atlassian/default-image:4

pipelines:
  default:
    - step:
        name: Mirror to GitHub
        script:
          - git push --mirror https://x-access-token:${s('github-server-to-server-token', tok.github('ghs_'))}@github.com/acme/legacy-billing.git
  custom:
    sync-wiki:
      - step:
          name: Sync the wiki
          script:
            - export BITBUCKET_APP_PASSWORD=${s('bitbucket-app-password', tok.bitbucket())}
            - ./scripts/sync-wiki.sh --user acme-ci
`),
  );
  files.push(
    file('tools/gitlab-integrations.yml', 'yaml', (s) => `gitlab:
  url: https://gitlab.com
  oauth:
    application_id: ${r(HEX, 64)}
    secret: ${s('gitlab-oauth-app-secret', tok.gitlab('gloas-', 64))}
    callback: https://tools.acme.dev/auth/gitlab/callback
  feeds:
    activity: https://gitlab.com/dashboard/projects.atom?feed_token=${s('gitlab-feed-token', tok.gitlab('glft-'))}
  incoming_email_token: ${s('gitlab-incoming-mail-token', tok.gitlab('glimt-', 25))}
  feature_flags:
    url: https://gitlab.com/api/v4/feature_flags/unleash/4821
    instance_id: ${s('gitlab-feature-flag-client-token', tok.gitlab('glffct-'))}
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: chat and notifications
// ---------------------------------------------------------------------------------------------

function chatFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('bots/notifier/.env', 'env', (s) => `# notifier bot
SLACK_BOT_TOKEN=${s('slack-token', tok.slackBot())}
SLACK_APP_TOKEN=${s('slack-app-token', tok.slackApp())}
SLACK_SIGNING_SECRET=${s('secret-assignment', r(HEX, 32))}
SLACK_WEBHOOK_URL=https://${s('slack-webhook-url', tok.slackWebhook())}
SLACK_CHANNEL=#deploys
DISCORD_BOT_TOKEN=${s('discord-bot-token', tok.discordBot())}
DISCORD_WEBHOOK_URL=https://${s('discord-webhook-url', tok.discordWebhook())}
TELEGRAM_BOT_TOKEN=${s('telegram-bot-token', tok.telegram())}
TELEGRAM_CHAT_ID=-100${r(DIGITS, 10)}
TEAMS_WEBHOOK_URL=https://${s('teams-webhook-url', tok.teamsWebhook('acme'))}
TWILIO_ACCOUNT_SID=${s('twilio-account-sid', tok.twilioAccountSid())}
TWILIO_API_KEY=${s('twilio-api-key-sid', tok.twilioKeySid())}
TWILIO_API_SECRET=${s('secret-assignment', r(BASE62, 32))}
TWILIO_FROM_NUMBER=+1415${r(DIGITS, 7)}
ZAPIER_CATCH_HOOK=https://${s('zapier-webhook-url', tok.zapier())}/
`),
  );
  files.push(
    file('monitoring/alertmanager/alertmanager.yml', 'yaml', (s) => `global:
  resolve_timeout: 5m
  slack_api_url: 'https://${s('slack-webhook-url', tok.slackWebhook())}'

route:
  receiver: ops-slack
  group_by: [alertname, cluster]
  group_wait: 30s
  repeat_interval: 4h
  routes:
    - matchers: [severity="critical"]
      receiver: ops-pager
      continue: true

receivers:
  - name: ops-slack
    slack_configs:
      - channel: '#alerts'
        send_resolved: true
        title: '{{ .CommonLabels.alertname }}'
  - name: ops-pager
    msteams_configs:
      - webhook_url: https://${s('teams-webhook-url', tok.teamsWebhook('acmecorp'))}
    telegram_configs:
      - bot_token: '${s('telegram-bot-token', tok.telegram())}'
        chat_id: -100${r(DIGITS, 10)}
        parse_mode: HTML
    discord_configs:
      - webhook_url: https://${s('discord-webhook-url', tok.discordWebhook('discordapp.com'))}
`),
  );
  files.push(
    file('bots/notifier/notifier/main.py', 'python', (s) => `import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from telegram.ext import Application
from twilio.rest import Client

log = logging.getLogger(__name__)

SLACK_USER_TOKEN = "${s('slack-token', tok.slackUser())}"
DISCORD_TOKEN = "${s('discord-bot-token', tok.discordBot())}"
TEAMS_HOOK = "https://${s('teams-webhook-url', tok.teamsWebhook('acme'))}"

app = App(token=SLACK_USER_TOKEN)
telegram = Application.builder().token("${s('telegram-bot-token', tok.telegram())}").build()
sms = Client(
    username="${s('twilio-api-key-sid', tok.twilioKeySid())}",
    password="${s('secret-assignment', r(BASE62, 32))}",
    account_sid="${s('twilio-account-sid', tok.twilioAccountSid())}",
)

if __name__ == "__main__":
    SocketModeHandler(app, "${s('slack-app-token', tok.slackApp())}").start()
`),
  );
  files.push(
    file('scripts/notify-release.sh', 'shell', (s) => `#!/usr/bin/env bash
set -euo pipefail
VERSION=\${1:?usage: notify-release.sh VERSION}
MSG="acme-web $VERSION is live"

curl -fsS -X POST -H 'Content-type: application/json' --data "{\\"text\\": \\"$MSG\\"}" \\
  https://${s('slack-webhook-url', tok.slackWebhook())}
curl -fsS -H "Content-Type: application/json" -d "{\\"content\\": \\"$MSG\\"}" \\
  "https://${s('discord-webhook-url', tok.discordWebhook('canary.discord.com'))}"
curl -fsS "https://api.telegram.org/bot${s('telegram-bot-token', tok.telegram())}/sendMessage" \\
  -d chat_id=-100${r(DIGITS, 10)} -d text="$MSG"
curl -fsS -X POST "https://${s('zapier-webhook-url', tok.zapier())}/" -d "version=$VERSION"
`),
  );
  files.push(
    file('config/notifications.json', 'json', (s) => `{
  "slack": {
    "botToken": "${s('slack-token', tok.slackBot())}",
    "webhook": "https://${s('slack-webhook-url', tok.slackWebhook())}",
    "channel": "C04${r(UPPER_DIGITS, 8)}"
  },
  "discord": {
    "discordBotToken": "${s('discord-bot-token', tok.discordBot())}",
    "guildId": "1${r(DIGITS, 18)}"
  },
  "twilio": {
    "accountSid": "${s('twilio-account-sid', tok.twilioAccountSid())}",
    "apiKeySid": "${s('twilio-api-key-sid', tok.twilioKeySid())}",
    "messagingServiceSid": "MG${r(HEX, 32)}"
  },
  "zapier": { "hook": "https://${s('zapier-webhook-url', tok.zapier())}/" }
}
`),
  );
  files.push(
    file('web/src/server/notify.ts', 'typescript', (s) => `import { App } from '@slack/bolt';

export const slack = new App({
  token: process.env.SLACK_BOT_TOKEN,
  appToken: '${s('slack-app-token', tok.slackApp())}',
  socketMode: true,
});

export async function notifyZap(event: string, payload: Record<string, unknown>): Promise<void> {
  await fetch('https://${s('zapier-webhook-url', tok.zapier())}/silent/', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event, ...payload }),
  });
}
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: payments
// ---------------------------------------------------------------------------------------------

function paymentFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('services/checkout/.env', 'env', (s) => `# checkout service, production
STRIPE_PUBLISHABLE_KEY=pk_live_${r(BASE62, 99)}
STRIPE_SECRET_KEY=${s('stripe-secret-key', tok.stripe('sk_live_'))}
STRIPE_RESTRICTED_KEY=${s('stripe-restricted-key', tok.stripe('rk_live_'))}
STRIPE_WEBHOOK_SECRET=${s('stripe-webhook-secret', tok.stripeWebhook())}
BRAINTREE_ACCESS_TOKEN='${s('braintree-access-token', tok.braintree())}'
SHOPIFY_SHOP=acme-store.myshopify.com
SHOPIFY_ACCESS_TOKEN=${s('shopify-access-token', tok.shopify('at'))}
SHOPIFY_API_SECRET=${s('shopify-shared-secret', tok.shopify('ss'))}
SQUARE_ENVIRONMENT=production
SQUARE_ACCESS_TOKEN=${s('square-access-token', tok.squareEaaa())}
SQUARE_APPLICATION_SECRET=${s('square-oauth-secret', tok.squareCsp())}
FLW_PUBLIC_KEY=FLWPUBK-${r(HEX, 32)}-X
FLW_SECRET_KEY=${s('flutterwave-secret-key', tok.flutterwave())}
PLAID_CLIENT_ID=${r(HEX, 24)}
PLAID_SECRET=${s('secret-assignment', r(HEX, 30))}
PLAID_ACCESS_TOKEN=${s('plaid-access-token', tok.plaid('production'))}
DUFFEL_ACCESS_TOKEN=${s('duffel-api-token', tok.duffel())}
SHIPPO_API_TOKEN=${s('shippo-api-token', tok.shippo())}
EASYPOST_API_KEY=${s('easypost-api-key', tok.easypost())}
`),
  );
  files.push(
    file('services/checkout/config/payments.yml', 'yaml', (s) => `production:
  stripe:
    secret_key: ${s('stripe-secret-key', tok.stripe('sk_live_'))}
    restricted_key: ${s('stripe-restricted-key', tok.stripe('rk_live_'))}
    webhook_secret: "${s('stripe-webhook-secret', tok.stripeWebhook())}"
    api_version: "2024-06-20"
  braintree:
    access_token: ${s('braintree-access-token', tok.braintree())}
    merchant_account_id: acme_eur
  square:
    application_id: sq0idp-${r(BASE64URL, 22)}
    application_secret: ${s('square-oauth-secret', tok.squareCsp())}
  shopify:
    shop: acme-store.myshopify.com
    admin_token: ${s('shopify-access-token', tok.shopify('ca'))}
  flutterwave:
    secret_key: ${s('flutterwave-secret-key', tok.flutterwave())}
    encryption_key: ${s('secret-assignment', 'FLWSECK' + r(HEX, 12))}
  duffel:
    access_token: ${s('duffel-api-token', tok.duffel())}
  shippo:
    api_token: ${s('shippo-api-token', tok.shippo())}
    carrier_accounts: [usps, dhl_express]
`),
  );
  files.push(
    file('services/checkout/checkout/gateway.py', 'python', (s) => `import easypost
import plaid
import requests
import shippo
import stripe
from duffel_api import Duffel
from plaid.api import plaid_api
from square.client import Client as SquareClient

stripe.api_key = "${s('stripe-restricted-key', tok.stripe('rk_live_'))}"
square = SquareClient(access_token="${s('square-access-token', tok.squareAtp())}", environment="production")
SQUARE_OAUTH = {"client_id": "sq0idp-${r(BASE64URL, 22)}", "client_secret": "${s('square-oauth-secret', tok.squareCsp())}"}
duffel = Duffel(access_token="${s('duffel-api-token', tok.duffel())}")
shippo.config.api_key = "${s('shippo-api-token', tok.shippo())}"
easypost_client = easypost.EasyPostClient("${s('easypost-api-key', tok.easypost())}")
PLAID_ITEMS = {"acme-bank": "${s('plaid-access-token', tok.plaid('production'))}"}


def shopify_orders(shop: str) -> list[dict]:
    response = requests.get(
        f"https://{shop}/admin/api/2024-07/orders.json",
        headers={"X-Shopify-Access-Token": "${s('shopify-access-token', tok.shopify('pa'))}"},
        timeout=20,
    )
    response.raise_for_status()
    return response.json()["orders"]
`),
  );
  files.push(
    file('web/server/payments.js', 'javascript', (s) => `'use strict';
const stripe = require('stripe')('${s('stripe-secret-key', tok.stripe('sk_live_'))}', { apiVersion: '2024-06-20' });
const Flutterwave = require('flutterwave-node-v3');

const endpointSecret = '${s('stripe-webhook-secret', tok.stripeWebhook())}';
const flw = new Flutterwave(process.env.FLW_PUBLIC_KEY, '${s('flutterwave-secret-key', tok.flutterwave())}');

module.exports = function webhook(req, res) {
  const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], endpointSecret);
  res.json({ received: event.id });
};
module.exports.flw = flw;
`),
  );
  files.push(
    file('config/initializers/payments.rb', 'ruby', (s) => `# frozen_string_literal: true

BRAINTREE = Braintree::Gateway.new(access_token: "${s('braintree-access-token', tok.braintree())}")

ShopifyAPI::Context.setup(
  api_key: ENV.fetch("SHOPIFY_API_KEY"),
  api_secret_key: "${s('shopify-shared-secret', tok.shopify('ss'))}",
  host: "https://admin.acme.dev",
  scope: "read_orders,write_fulfillments",
  is_embedded: false,
  api_version: "2024-07",
  is_private: false,
)
`),
  );
  files.push(
    file('config/shop.json', 'json', (s) => `{
  "shopify": { "shop": "acme-store.myshopify.com", "sharedSecret": "${s('shopify-shared-secret', tok.shopify('ss'))}" },
  "square": { "locationId": "L${r(UPPER_DIGITS, 12)}", "accessToken": "${s('square-access-token', tok.squareAtp())}" },
  "plaid": { "env": "development", "access_token": "${s('plaid-access-token', tok.plaid('development'))}", "item_id": "${r(BASE62, 37)}" },
  "easypost": { "apiKey": "${s('easypost-api-key', tok.easypost())}", "mode": "production" }
}
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: e-mail
// ---------------------------------------------------------------------------------------------

function emailFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('services/mailer/.env', 'env', (s) => `MAIL_FROM="Acme <no-reply@acme.dev>"
SENDGRID_API_KEY=${s('sendgrid-api-key', tok.sendgrid())}
MAILGUN_DOMAIN=mg.acme.dev
MAILGUN_API_KEY=${s('mailgun-api-key', tok.mailgun())}
MAILCHIMP_API_KEY=${s('mailchimp-api-key', tok.mailchimp('us21'))}
MAILCHIMP_AUDIENCE_ID=${r(HEX, 10)}
BREVO_API_KEY=${s('brevo-api-key', tok.brevo('xkeysib-'))}
SMTP_HOST=smtp-relay.brevo.com
SMTP_PORT=587
SMTP_USER=${r(HEX, 6)}@smtp-brevo.com
SMTP_PASS=${s('brevo-smtp-key', tok.brevo('xsmtpsib-'))}
`),
  );
  files.push(
    file('services/mailer/config/mail.yml', 'yaml', (s) => `default: &default
  from: no-reply@acme.dev
  reply_to: support@acme.dev

production:
  <<: *default
  sendgrid:
    api_key: ${s('sendgrid-api-key', tok.sendgrid())}
  mailgun:
    domain: mg.acme.dev
    region: eu
    api_key: ${s('mailgun-api-key', tok.mailgun())}
  smtp:
    address: smtp-relay.brevo.com
    port: 587
    user_name: ${r(HEX, 6)}@smtp-brevo.com
    password: ${s('brevo-smtp-key', tok.brevo('xsmtpsib-'))}
    authentication: login
`),
  );
  files.push(
    file('services/mailer/mailer/send.py', 'python', (s) => `import mailchimp_marketing
import requests
from sendgrid import SendGridAPIClient

MAILGUN_URL = "https://api.eu.mailgun.net/v3/mg.acme.dev/messages"
sendgrid = SendGridAPIClient("${s('sendgrid-api-key', tok.sendgrid())}")
marketing = mailchimp_marketing.Client()
marketing.set_config({"api_key": "${s('mailchimp-api-key', tok.mailchimp('us6'))}", "server": "us6"})


def send_receipt(to: str, html: str) -> None:
    requests.post(
        MAILGUN_URL,
        auth=("api", "${s('mailgun-api-key', tok.mailgun())}"),
        data={"from": "Acme <receipts@mg.acme.dev>", "to": [to], "subject": "Your receipt", "html": html},
        timeout=15,
    ).raise_for_status()
`),
  );
  files.push(
    file('web/src/mailer.js', 'javascript', (s) => `import sgMail from '@sendgrid/mail';
import mailchimp from '@mailchimp/mailchimp_marketing';
import * as Brevo from '@getbrevo/brevo';

sgMail.setApiKey('${s('sendgrid-api-key', tok.sendgrid())}');
mailchimp.setConfig({ apiKey: '${s('mailchimp-api-key', tok.mailchimp('us14'))}', server: 'us14' });

const brevo = new Brevo.TransactionalEmailsApi();
brevo.setApiKey(Brevo.TransactionalEmailsApiApiKeys.apiKey, '${s('brevo-api-key', tok.brevo('xkeysib-'))}');
export { sgMail, mailchimp, brevo };
`),
  );
  files.push(
    file('public/contact.php', 'php', (s) => `<?php
require __DIR__ . '/../vendor/autoload.php';

use PHPMailer\\PHPMailer\\PHPMailer;

$config = Brevo\\Client\\Configuration::getDefaultConfiguration()->setApiKey('api-key', '${s('brevo-api-key', tok.brevo('xkeysib-'))}');

$mail = new PHPMailer(true);
$mail->isSMTP();
$mail->Host = 'smtp-relay.brevo.com';
$mail->SMTPAuth = true;
$mail->Username = '${r(HEX, 6)}@smtp-brevo.com';
$mail->Password = '${s('brevo-smtp-key', tok.brevo('xsmtpsib-'))}';
$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
$mail->Port = 587;
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: monitoring
// ---------------------------------------------------------------------------------------------

function monitoringFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('observability/.env', 'env', (s) => `DD_SITE=datadoghq.eu
DD_API_KEY=${s('datadog-api-key', r(HEX, 32))}
DD_APP_KEY=${s('datadog-app-key', r(HEX, 40))}
DD_ENV=production
SENTRY_DSN=https://${r(HEX, 32)}@o${r(DIGITS, 6)}.ingest.de.sentry.io/${r(DIGITS, 7)}
SENTRY_AUTH_TOKEN=${s('sentry-org-token', tok.sentryOrg())}
SENTRY_USER_TOKEN=${s('sentry-user-token', tok.sentryUser())}
NEW_RELIC_APP_NAME=acme-web
NEW_RELIC_LICENSE_KEY=${s('new-relic-license-key', tok.newRelicLicense())}
NEW_RELIC_API_KEY=${s('new-relic-user-api-key', tok.newRelicUser())}
NEW_RELIC_INSERT_KEY=${s('new-relic-insert-key', tok.newRelicInsert())}
GRAFANA_URL=https://acme.grafana.net
GRAFANA_CLOUD_TOKEN=${s('grafana-cloud-token', tok.grafanaCloud())}
GRAFANA_SA_TOKEN=${s('grafana-service-account-token', tok.grafanaSa())}
GRAFANA_API_KEY=${s('grafana-api-key', tok.grafanaLegacy())}
DT_TENANT=abc${r(DIGITS, 5)}
DT_API_TOKEN=${s('dynatrace-token', tok.dynatrace())}
`),
  );
  files.push(
    file('observability/agents/docker-compose.yml', 'yaml', (s) => `services:
  datadog:
    image: gcr.io/datadoghq/agent:7.57.2
    restart: unless-stopped
    environment:
      DD_API_KEY: ${s('datadog-api-key', r(HEX, 32))}
      DD_SITE: datadoghq.eu
      DD_LOGS_ENABLED: "true"
      DD_APM_NON_LOCAL_TRAFFIC: "true"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - /proc/:/host/proc/:ro
  newrelic-infra:
    image: newrelic/infrastructure:1.57.1
    cap_add: [SYS_PTRACE]
    network_mode: host
    pid: host
    environment:
      NRIA_LICENSE_KEY: "${s('new-relic-license-key', tok.newRelicLicense(true))}"
      NRIA_DISPLAY_NAME: edge-01
`),
  );
  files.push(
    file('observability/promtail/config.yml', 'yaml', (s) => `server:
  http_listen_port: 9080
  grpc_listen_port: 0
positions:
  filename: /var/lib/promtail/positions.yaml
clients:
  - url: https://logs-prod-012.grafana.net/loki/api/v1/push
    basic_auth:
      username: "${r(DIGITS, 6)}"
      password: ${s('grafana-cloud-token', tok.grafanaCloud())}
scrape_configs:
  - job_name: system
    static_configs:
      - targets: [localhost]
        labels:
          job: varlogs
          __path__: /var/log/*.log
`),
  );
  files.push(
    file('observability/scripts/annotate-release.sh', 'shell', (s) => `#!/usr/bin/env bash
set -euo pipefail
VERSION=$1
NOW=$(date +%s)

curl -fsS -X POST "https://api.datadoghq.eu/api/v1/events" \\
  -H "Content-Type: application/json" \\
  -H "DD-API-KEY: ${s('datadog-api-key', r(HEX, 32))}" \\
  -H "DD-APPLICATION-KEY: ${s('datadog-app-key', r(HEX, 40))}" \\
  -d "{\\"title\\": \\"deploy $VERSION\\", \\"tags\\": [\\"service:web\\"]}"

curl -fsS -X POST https://acme.grafana.net/api/annotations \\
  -H "Authorization: Bearer ${s('grafana-service-account-token', tok.grafanaSa())}" \\
  -H "Content-Type: application/json" \\
  -d "{\\"time\\": \${NOW}000, \\"tags\\": [\\"deploy\\"], \\"text\\": \\"$VERSION\\"}"
curl -fsS -H "Authorization: Bearer ${s('grafana-api-key', tok.grafanaLegacy())}" http://grafana.acme.internal:3000/api/dashboards/uid/web-overview > /dev/null

sentry-cli --auth-token ${s('sentry-user-token', tok.sentryUser())} releases new -p web "$VERSION"
curl -fsS -H "X-Insert-Key: ${s('new-relic-insert-key', tok.newRelicInsert())}" -H "Content-Type: application/json" \\
  -X POST https://insights-collector.eu01.nr-data.net/v1/accounts/${r(DIGITS, 7)}/events \\
  -d "[{\\"eventType\\": \\"Deployment\\", \\"version\\": \\"$VERSION\\"}]"
curl -fsS https://api.eu.newrelic.com/graphql -H "Content-Type: application/json" \\
  -H "API-Key: ${s('new-relic-user-api-key', tok.newRelicUser())}" \\
  -d '{"query": "{ actor { user { name } } }"}'
curl -fsS -X POST "https://abc12345.live.dynatrace.com/api/v2/events/ingest" \\
  -H "Authorization: Api-Token ${s('dynatrace-token', tok.dynatrace())}" \\
  -H "Content-Type: application/json" \\
  -d "{\\"eventType\\": \\"CUSTOM_DEPLOYMENT\\", \\"title\\": \\"$VERSION\\"}"
`),
  );
  files.push(
    file('root/.sentryclirc', 'ini', (s) => `[auth]
token=${s('sentry-user-token', tok.sentryUser())}

[defaults]
url=https://sentry.io/
`),
  );
  files.push(
    file('web/.sentryclirc', 'ini', (s) => `[defaults]
org=acme
project=web

[auth]
token=${s('sentry-org-token', tok.sentryOrg())}
`),
  );
  files.push(
    file('observability/terraform/terraform.tfvars', 'hcl', (s) => `datadog_api_key = "${s('datadog-api-key', r(HEX, 32))}"
datadog_app_key = "${s('datadog-app-key', r(HEX, 40))}"
datadog_api_url = "https://api.datadoghq.eu/"

newrelic_account_id = ${r(DIGITS, 7)}
newrelic_region     = "EU"

grafana_url  = "https://acme.grafana.net/"
grafana_auth = "${s('grafana-service-account-token', tok.grafanaSa())}"
`),
  );
  files.push(
    file('observability/terraform/providers.tf', 'hcl', (s) => `provider "newrelic" {
  account_id = var.newrelic_account_id
  api_key    = "${s('new-relic-user-api-key', tok.newRelicUser())}"
  region     = var.newrelic_region
}

provider "grafana" {
  url  = var.grafana_url
  auth = var.grafana_auth
}
`),
  );
  files.push(
    file('web/newrelic.js', 'javascript', (s) => `'use strict';
exports.config = {
  app_name: ['acme-web'],
  license_key: '${s('new-relic-license-key', tok.newRelicLicense(true))}',
  distributed_tracing: { enabled: true },
  logging: { level: 'info' },
  allow_all_headers: true,
  attributes: { exclude: ['request.headers.cookie', 'request.headers.authorization'] },
};
`),
  );
  files.push(
    file('observability/k8s/dynakube-secret.yaml', 'yaml', (s) => `apiVersion: v1
kind: Secret
metadata:
  name: dynakube
  namespace: dynatrace
type: Opaque
stringData:
  apiToken: ${s('dynatrace-token', tok.dynatrace())}
  dataIngestToken: ${s('dynatrace-token', tok.dynatrace())}
`),
  );
  files.push(
    file('observability/alloy/config.alloy', 'alloy', (s) => `prometheus.remote_write "grafana_cloud" {
  endpoint {
    url = "https://prometheus-prod-24-prod-eu-west-2.grafana.net/api/prom/push"

    basic_auth {
      username = "${r(DIGITS, 7)}"
      password = "${s('grafana-cloud-token', tok.grafanaCloud())}"
    }
  }
}

prometheus.scrape "node" {
  targets    = [{"__address__" = "localhost:9100"}]
  forward_to = [prometheus.remote_write.grafana_cloud.receiver]
}
`),
  );
  files.push(
    file('.github/workflows/release-monitoring.yml', 'yaml', (s) => `name: release-monitoring
on:
  release:
    types: [published]
jobs:
  annotate:
    runs-on: ubuntu-24.04
    env:
      SENTRY_ORG: acme
      SENTRY_PROJECT: web
      SENTRY_AUTH_TOKEN: ${s('sentry-org-token', tok.sentryOrg())}
      GRAFANA_API_KEY: ${s('grafana-api-key', tok.grafanaLegacy())}
      NEW_RELIC_INSERT_KEY: ${s('new-relic-insert-key', tok.newRelicInsert())}
    steps:
      - uses: actions/checkout@${sha1()} # v4
      - uses: getsentry/action-release@${sha1()} # v1
        with:
          environment: production
          version: \${{ github.ref_name }}
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: other SaaS
// ---------------------------------------------------------------------------------------------

function saasFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('apps/workspace/.env', 'env', (s) => `LINEAR_API_KEY=${s('linear-api-key', tok.linear())}
LINEAR_TEAM=ENG
NOTION_TOKEN=${s('notion-token', tok.notion())}
NOTION_DATABASE_ID=${r(HEX, 32)}
FIGMA_TOKEN=${s('figma-pat', tok.figma())}
FIGMA_FILE_KEY=${r(BASE62, 22)}
POSTMAN_API_KEY=${s('postman-api-key', tok.postman())}
HUBSPOT_ACCESS_TOKEN=${s('hubspot-private-app-token', tok.hubspot())}
HUBSPOT_PORTAL_ID=${r(DIGITS, 8)}
TYPEFORM_TOKEN=${s('typeform-pat', tok.typeform())}
CONTENTFUL_SPACE_ID=${r(LOWER_DIGITS, 12)}
CONTENTFUL_MANAGEMENT_TOKEN=${s('contentful-pat', tok.contentful())}
MAPBOX_DOWNLOADS_TOKEN=${s('mapbox-secret-token', tok.mapbox())}
README_API_KEY=${s('readme-api-key', tok.readme())}
PREFECT_API_URL=https://api.prefect.cloud/api/accounts/${uuid()}/workspaces/${uuid()}
PREFECT_API_KEY=${s('prefect-api-key', tok.prefect())}
FRAMEIO_TOKEN=${s('frameio-token', tok.frameio())}
`),
  );
  files.push(
    file('apps/workspace/src/clients.ts', 'typescript', (s) => `import { LinearClient } from '@linear/sdk';
import { Client as NotionClient } from '@notionhq/client';
import { createClient } from 'contentful-management';
import { createClient as createTypeform } from '@typeform/api-client';
import { Client as HubSpot } from '@hubspot/api-client';

export const linear = new LinearClient({ apiKey: '${s('linear-api-key', tok.linear())}' });
// Integration created before September 2024: legacy token format.
export const notion = new NotionClient({ auth: '${s('notion-token', tok.notionLegacy())}' });
export const contentful = createClient({ accessToken: '${s('contentful-pat', tok.contentful())}' });
export const typeform = createTypeform({ token: '${s('typeform-pat', tok.typeform())}' });
export const hubspot = new HubSpot({ accessToken: '${s('hubspot-private-app-token', tok.hubspot('eu1'))}' });

export async function figmaFile(key: string): Promise<unknown> {
  const res = await fetch(\`https://api.figma.com/v1/files/\${key}\`, {
    headers: { 'X-Figma-Token': '${s('figma-pat', tok.figma())}' },
  });
  return res.json();
}

export const frameio = { baseUrl: 'https://api.frame.io/v2', token: '${s('frameio-token', tok.frameio())}' };
`),
  );
  files.push(
    file('apps/workspace/sync.py', 'python', (s) => `"""Nightly sync between the workspace tools."""
import requests
from prefect.client.cloud import get_cloud_client

LINEAR_KEY = "${s('linear-api-key', tok.linear())}"
NOTION_TOKEN = "${s('notion-token', tok.notion())}"
HUBSPOT_TOKEN = "${s('hubspot-private-app-token', tok.hubspot())}"
POSTMAN = requests.Session()
POSTMAN.headers["X-Api-Key"] = "${s('postman-api-key', tok.postman())}"
README_KEY = "${s('readme-api-key', tok.readme())}"
FRAMEIO_HEADERS = {"Authorization": "Bearer ${s('frameio-token', tok.frameio())}"}
PREFECT_CLIENT = get_cloud_client(api_key="${s('prefect-api-key', tok.prefect())}")
`),
  );
  files.push(
    file('android/gradle.properties', 'properties', (s) => `org.gradle.jvmargs=-Xmx4g -Dfile.encoding=UTF-8
android.useAndroidX=true
android.nonTransitiveRClass=true
kotlin.code.style=official
MAPBOX_DOWNLOADS_TOKEN=${s('mapbox-secret-token', tok.mapbox())}
`),
  );
  files.push(
    file('.github/workflows/docs.yml', 'yaml', (s) => `name: docs
on:
  push:
    branches: [main]
    paths: ['openapi/**', 'docs/**']
jobs:
  publish:
    runs-on: ubuntu-24.04
    env:
      CONTENTFUL_MANAGEMENT_TOKEN: ${s('contentful-pat', tok.contentful())}
      TYPEFORM_TOKEN: ${s('typeform-pat', tok.typeform())}
    steps:
      - uses: actions/checkout@${sha1()} # v4
      - run: npx rdme@9 openapi openapi/spec.yaml --key=${s('readme-api-key', tok.readme())} --id=${r(HEX, 24)}
      - run: npx newman run "https://api.getpostman.com/collections/${uuid()}?apikey=${s('postman-api-key', tok.postman())}"
`),
  );
  files.push(
    file('scripts/export-designs.sh', 'shell', (s) => `#!/usr/bin/env bash
set -euo pipefail
FILE_KEY=${r(BASE62, 22)}
curl -fsS -H "X-Figma-Token: ${s('figma-pat', tok.figma())}" \\
  "https://api.figma.com/v1/images/$FILE_KEY?ids=1:2&format=svg" -o images.json
prefect cloud login --key ${s('prefect-api-key', tok.prefect())} --workspace acme/design-ops
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: AI providers
// ---------------------------------------------------------------------------------------------

function aiFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('apps/assistant/.env', 'env', (s) => `# assistant: model providers
LLM_PROVIDER=openai
LLM_MODEL=gpt-4o-2024-08-06
LLM_TEMPERATURE=0.2
OPENAI_API_KEY=${s('openai-api-key', tok.openaiProject())}
ANTHROPIC_API_KEY=${s('anthropic-api-key', tok.anthropic())}
GROQ_API_KEY=${s('groq-api-key', tok.groq())}
REPLICATE_API_TOKEN=${s('replicate-api-token', tok.replicate())}
PERPLEXITY_API_KEY=${s('perplexity-api-key', tok.perplexity())}
XAI_API_KEY=${s('xai-api-key', tok.xai())}
OPENROUTER_API_KEY=${s('openrouter-api-key', tok.openrouter())}
HF_TOKEN=${s('huggingface-token', tok.huggingFace())}
HF_HOME=/data/hf-cache
LANGCHAIN_TRACING_V2=true
LANGCHAIN_ENDPOINT=https://api.smith.langchain.com
LANGSMITH_API_KEY=${s('langsmith-api-key', tok.langsmith('pt'))}
PINECONE_API_KEY=${s('pinecone-api-key', tok.pinecone())}
PINECONE_INDEX=docs-prod
`),
  );
  files.push(
    file('apps/assistant/assistant/providers.py', 'python', (s) => `from anthropic import Anthropic
from groq import Groq
from huggingface_hub import login
from openai import OpenAI
from pinecone import Pinecone
import replicate

openai_client = OpenAI(api_key="${s('openai-api-key', tok.openaiLegacy())}")
anthropic_client = Anthropic(api_key="${s('anthropic-api-key', tok.anthropic())}")
groq_client = Groq(api_key="${s('groq-api-key', tok.groq())}")
perplexity = OpenAI(api_key="${s('perplexity-api-key', tok.perplexity())}", base_url="https://api.perplexity.ai")
grok = OpenAI(api_key="${s('xai-api-key', tok.xai())}", base_url="https://api.x.ai/v1")
router = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="${s('openrouter-api-key', tok.openrouter())}")
replicate_client = replicate.Client(api_token="${s('replicate-api-token', tok.replicate())}")
pc = Pinecone(api_key="${s('pinecone-api-key', tok.pinecone())}")
login(token="${s('huggingface-token', tok.huggingFace())}")
DATASET_TOKEN = "${s('huggingface-org-token', tok.huggingFaceOrg())}"
LANGSMITH = {"api_key": "${s('langsmith-api-key', tok.langsmith('sk'))}", "project": "assistant-prod"}
`),
  );
  files.push(
    file('deploy/k8s/assistant/llm-secrets.yaml', 'yaml', (s) => `apiVersion: v1
kind: Secret
metadata:
  name: llm-admin
  namespace: assistant
type: Opaque
stringData:
  OPENAI_ADMIN_KEY: ${s('openai-admin-key', tok.openaiAdmin())}
  ANTHROPIC_ADMIN_KEY: ${s('anthropic-admin-key', tok.anthropicAdmin())}
  HF_ORG_TOKEN: ${s('huggingface-org-token', tok.huggingFaceOrg())}
  GROQ_API_KEY: "${s('groq-api-key', tok.groq())}"
  LANGSMITH_API_KEY: ${s('langsmith-api-key', tok.langsmith('pt'))}
  HUGGING_FACE_HUB_TOKEN: ${s('huggingface-token', tok.huggingFace())}
`),
  );
  files.push(
    file('scripts/ai-usage-report.sh', 'shell', (s) => `#!/usr/bin/env bash
# Monthly usage report across the model providers.
set -euo pipefail
START=$(date -d "$(date +%Y-%m-01)" +%s)

curl -fsS "https://api.openai.com/v1/organization/usage/completions?start_time=$START" \\
  -H "Authorization: Bearer ${s('openai-admin-key', tok.openaiAdmin())}" > openai.json
curl -fsS "https://api.anthropic.com/v1/organizations/usage_report/messages?starting_at=$(date -I -d @$START)" \\
  -H "anthropic-version: 2023-06-01" \\
  -H "x-api-key: ${s('anthropic-admin-key', tok.anthropicAdmin())}" > anthropic.json
curl -fsS https://api.x.ai/v1/api-key -H "Authorization: Bearer ${s('xai-api-key', tok.xai())}" > xai.json
curl -fsS https://api.replicate.com/v1/account -H "Authorization: Bearer ${s('replicate-api-token', tok.replicate())}" > replicate.json
`),
  );
  files.push(
    file('apps/chat/src/config.ts', 'typescript', (s) => `export const providers = {
  openai: { apiKey: '${s('openai-api-key', tok.openaiSvcAcct())}', model: 'gpt-4o-mini' },
  // Self-hosted OpenAI-compatible gateway (vLLM behind LiteLLM).
  gateway: { baseURL: 'https://llm.acme.internal/v1', apiKey: '${s('openai-api-key', tok.openaiCompatible())}' },
  anthropic: { apiKey: '${s('anthropic-api-key', tok.anthropic())}', model: 'claude-3-5-sonnet-latest' },
  admin: { openai: '${s('openai-admin-key', tok.openaiAdmin())}', anthropic: '${s('anthropic-admin-key', tok.anthropicAdmin())}' },
  perplexity: { apiKey: '${s('perplexity-api-key', tok.perplexity())}' },
  openrouter: { apiKey: '${s('openrouter-api-key', tok.openrouter())}', referer: 'https://chat.acme.dev' },
  pinecone: { apiKey: '${s('pinecone-api-key', tok.pinecone())}', index: 'chat-memory' },
  huggingface: { orgToken: '${s('huggingface-org-token', tok.huggingFaceOrg())}' },
} as const;
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: package registries and their credential files
// ---------------------------------------------------------------------------------------------

function registryFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('root/.npmrc', 'npmrc', (s) => `registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=${s('npm-access-token', tok.npm())}
@acme:registry=https://npm.pkg.github.com/
//npm.pkg.github.com/:_authToken=${s('github-pat', tok.github('ghp_'))}
@acme-internal:registry=https://nexus.acme.internal/repository/npm-private/
//nexus.acme.internal/repository/npm-private/:_authToken=${s('npmrc-auth-token', 'NpmToken.' + uuid())}
fund=false
audit-level=high
`),
  );
  files.push(
    file('web/.npmrc', 'npmrc', (s) => {
      const password = s('npmrc-auth', b64(tok.adoPat()));
      return `registry=https://pkgs.dev.azure.com/acme/_packaging/acme-feed/npm/registry/
always-auth=true
; begin auth token
//pkgs.dev.azure.com/acme/_packaging/acme-feed/npm/registry/:username=acme
//pkgs.dev.azure.com/acme/_packaging/acme-feed/npm/registry/:_password=${password}
//pkgs.dev.azure.com/acme/_packaging/acme-feed/npm/registry/:email=npm requires email to be set but doesn't use the value
//pkgs.dev.azure.com/acme/_packaging/acme-feed/npm/:username=acme
//pkgs.dev.azure.com/acme/_packaging/acme-feed/npm/:_password=${password}
//pkgs.dev.azure.com/acme/_packaging/acme-feed/npm/:email=npm requires email to be set but doesn't use the value
; end auth token
`;
    }),
  );
  files.push(
    file('tools/.npmrc', 'npmrc', (s) => `registry=https://artifactory.acme.internal/artifactory/api/npm/npm-virtual/
_auth=${s('npmrc-auth', b64(`ci-npm:${pw()}`))}
email=ci-npm@acme.dev
always-auth=true
//artifactory.acme.internal/artifactory/api/npm/npm-release/:_authToken=${s('artifactory-reference-token', tok.artifactoryReference())}
`),
  );
  files.push(
    file('images/web/Dockerfile', 'dockerfile', (s) => `# syntax=docker/dockerfile:1.7
FROM node:20.15-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN echo "//registry.npmjs.org/:_authToken=${s('npm-access-token', tok.npm())}" > .npmrc \\
 && echo "_auth=${s('npmrc-auth', b64(`deploy:${pw()}`))}" >> .npmrc \\
 && npm config set "//npm.acme.internal/:_authToken=${s('npmrc-auth-token', uuid())}" \\
 && npm ci --omit=dev \\
 && rm -f .npmrc
RUN git clone --depth 1 https://${s('github-pat', tok.github('ghp_'))}@github.com/acme/ui-kit.git /opt/ui-kit

FROM node:20.15-bookworm-slim
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
CMD ["node", "server.js"]
`),
  );
  files.push(
    file('ci/publish-packages.sh', 'shell', (s) => `#!/usr/bin/env bash
# Publishes every package of the monorepo to its registry.
set -euo pipefail
VERSION=$(jq -r .version package.json)

npm config set //npm.acme.internal/:_authToken=${s('npmrc-auth-token', r(HEX, 40))}
echo "_auth=${s('npmrc-auth', b64(`publisher:${pw()}`))}" >> ~/.npmrc
npm publish --registry https://npm.acme.internal/

dotnet nuget push "artifacts/Acme.Client.$VERSION.nupkg" --api-key ${s('nuget-api-key', tok.nuget())} --source https://api.nuget.org/v3/index.json
curl -fsS -H "X-JFrog-Art-Api:${s('artifactory-api-key', tok.artifactoryKey())}" -T "dist/acme-cli-$VERSION.tgz" \\
  "https://artifactory.acme.internal/artifactory/generic-release/acme-cli/$VERSION/"
curl -fsS -H "Authorization: Bearer ${s('artifactory-reference-token', tok.artifactoryReference())}" \\
  https://artifactory.acme.internal/artifactory/api/repositories > /dev/null
echo ${s('docker-hub-token', tok.dockerHub('pat'))} | docker login -u acmebot --password-stdin
GEM_HOST_API_KEY=${s('rubygems-api-key', tok.rubygems())} gem push "pkg/acme-$VERSION.gem"
CLOJARS_USERNAME=acme CLOJARS_PASSWORD=${s('clojars-deploy-token', tok.clojars())} lein deploy clojars
cargo publish --token ${s('crates-io-api-token', tok.crates())} --manifest-path crates/acme/Cargo.toml
`),
  );
  files.push(
    file('.github/workflows/publish.yml', 'yaml', (s) => `name: publish
on:
  release:
    types: [published]
jobs:
  publish:
    runs-on: ubuntu-24.04
    env:
      NODE_AUTH_TOKEN: ${s('npm-access-token', tok.npm())}
      NUGET_API_KEY: ${s('nuget-api-key', tok.nuget())}
      TWINE_USERNAME: __token__
      TWINE_PASSWORD: ${s('pypi-api-token', tok.pypi())}
      DOCKERHUB_TOKEN: ${s('docker-hub-token', tok.dockerHub('oat'))}
      CARGO_REGISTRY_TOKEN: ${s('crates-io-api-token', tok.crates())}
      CLOJARS_PASSWORD: ${s('clojars-deploy-token', tok.clojars())}
      ARTIFACTORY_API_KEY: ${s('artifactory-api-key', tok.artifactoryKey())}
    steps:
      - uses: actions/checkout@${sha1()} # v4
      - uses: actions/setup-node@${sha1()} # v4
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm publish --provenance --access public
`),
  );
  files.push(
    file('ci/.env.publish', 'env', (s) => `DOCKERHUB_USERNAME=acmebot
DOCKERHUB_TOKEN=${s('docker-hub-token', tok.dockerHub('pat'))}
NPM_TOKEN=${s('npm-access-token', tok.npm())}
GEM_HOST_API_KEY=${s('rubygems-api-key', tok.rubygems())}
NUGET_API_KEY=${s('nuget-api-key', tok.nuget())}
TWINE_USERNAME=__token__
TWINE_PASSWORD=${s('pypi-api-token', tok.pypi())}
`),
  );
  files.push(file('root/.gem/credentials', 'yaml', (s) => `---\n:rubygems_api_key: ${s('rubygems-api-key', tok.rubygems())}\n`));
  files.push(
    file('root/.cargo/credentials.toml', 'toml', (s) => `[registry]
token = "${s('crates-io-api-token', tok.crates())}"
`),
  );
  files.push(
    file('root/.lein/profiles.clj', 'clojure', (s) => `{:user {:plugins [[lein-ancient "1.0.0-RC3"]]}
 :auth {:repository-auth {#"clojars" {:username "acme"
                                      :password "${s('clojars-deploy-token', tok.clojars())}"}}}}
`),
  );
  files.push(
    file('android/sdk/gradle.properties', 'properties', (s) => `org.gradle.parallel=true
artifactory_contextUrl=https://artifactory.acme.internal/artifactory
artifactory_user=ci-gradle
artifactory_password=${s('artifactory-api-key', tok.artifactoryKey())}
`),
  );
  files.push(
    file('root/.jfrog/jfrog-cli.conf.v6', 'json', (s) => `{
  "servers": [
    {
      "url": "https://artifactory.acme.internal/",
      "artifactoryUrl": "https://artifactory.acme.internal/artifactory/",
      "user": "ci-jfrog",
      "accessToken": "${s('artifactory-reference-token', tok.artifactoryReference())}",
      "serverId": "acme",
      "isDefault": true
    }
  ],
  "version": "6"
}
`),
  );
  files.push(
    file('src/NuGet.Config', 'xml', (s) => `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <apikeys>
    <add key="https://www.nuget.org/api/v2/package" value="${s('nuget-api-key', tok.nuget())}" />
  </apikeys>
  <packageSourceCredentials>
    <acme-internal>
      <add key="Username" value="ci-nuget" />
      <add key="ClearTextPassword" value="${s('secret-assignment', pw())}" />
    </acme-internal>
  </packageSourceCredentials>
</configuration>
`),
  );
  // .pypirc: a PyPI token (provider format) and index passwords (the file's own format).
  files.push(
    file('root/.pypirc', 'ini', (s) => `[distutils]
index-servers =
    pypi
    nexus

[pypi]
username = __token__
password = ${s('pypi-api-token', tok.pypi())}

[nexus]
repository = https://nexus.acme.internal/repository/pypi-internal/
username = deploy
password = ${s('pypirc-password', pw())}
`),
  );
  files.push(
    file('home/ci/.pypirc', 'ini', (s) => `[distutils]
index-servers = gitlab

[gitlab]
repository = https://gitlab.acme.internal/api/v4/projects/88/packages/pypi
username: ci-publisher
password: ${s('pypirc-password', `${r(BASE62, 11)}%d.${r(BASE62 + '-_', 8)}`)}
`),
  );
  files.push(
    file('srv/build/.pypirc', 'ini', (s) => `[distutils]
index-servers =
  devpi

[devpi]
repository: https://devpi.acme.internal/acme/prod/
username: builder
password: ${s('pypirc-password', humanPw())}
`),
  );
  // Docker and Podman credential stores.
  files.push(
    file('root/.docker/config.json', 'docker-config', (s) => `{
\t"auths": {
\t\t"https://index.docker.io/v1/": {
\t\t\t"auth": "${s('docker-config-auth', b64(`acmebot:${pw()}`))}"
\t\t},
\t\t"registry.acme.internal:5000": {
\t\t\t"auth": "${s('docker-config-auth', b64(`ci:${punctPw()}`))}"
\t\t}
\t},
\t"credHelpers": {
\t\t"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"
\t}
}`),
  );
  files.push(
    file('home/runner/.docker/config.json', 'docker-config', (s) =>
      JSON.stringify({
        auths: {
          'acme.azurecr.io': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: s('docker-config-auth', r(BASE64URL, 160)) },
          'ghcr.io': { auth: s('docker-config-auth', b64(`acme-bot:${tok.github('ghp_')}`)) },
        },
      }),
    ),
  );
  files.push(
    file('run/containers/0/auth.json', 'docker-config', (s) => `{
  "auths": {
    "quay.io": {
      "auth": "${s('docker-config-auth', b64(`acme+builder:${r(UPPER_DIGITS, 64)}`))}"
    }
  }
}
`),
  );
  files.push(
    file('home/builder/.config/containers/auth.json', 'docker-config', (s) => `{
	"auths": {
		"registry.redhat.io": {
			"auth": "${s('docker-config-auth', b64(`${r(DIGITS, 8)}|acme-builder:${jwt({ sub: uuid(), iss: 'registry.redhat.io' }, 'RS256')}`))}"
		}
	}
}`),
  );
  files.push(
    file('root/.dockercfg', 'docker-config', (s) => `{"registry.acme.internal": {"auth": "${s('docker-config-auth', b64(`legacy:${humanPw()}`))}", "email": "ops@acme.dev"}}`),
  );
  // Maven settings.
  files.push(
    file('root/.m2/settings.xml', 'maven-settings', (s) => `<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deploy</username>
      <password>${s('maven-settings-password', pw())}</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>deploy</username>
      <password>
        ${s('maven-settings-password', punctPw())}
      </password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.acme.internal/repository/maven-public/</url>
    </mirror>
  </mirrors>
</settings>
`),
  );
  files.push(
    file('usr/share/maven/conf/settings.xml', 'maven-settings', (s) => `<settings>
  <!--
    <server>
      <id>deploymentRepo</id>
      <username>repouser</username>
      <password>repopwd</password>
    </server>
  -->
  <servers>
    <server>
      <id>central-portal</id>
      <username>${r(LOWER_DIGITS, 8)}</username>
      <password>${s('maven-settings-password', r(BASE62, 44))}</password>
    </server>
  </servers>
</settings>
`),
  );
  files.push(
    file('ci/maven/settings-release.xml', 'maven-settings', (s) => `<settings>
  <servers>
    <server>
      <id>gpg.passphrase</id>
      <passphrase>${s('maven-settings-password', humanPw())}</passphrase>
    </server>
  </servers>
  <profiles>
    <profile>
      <id>release</id>
      <properties>
        <gpg.keyname>${r(UPPER_HEX, 16)}</gpg.keyname>
      </properties>
    </profile>
  </profiles>
</settings>
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: private keys and tokens
// ---------------------------------------------------------------------------------------------

function keyFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(file('root/.ssh/id_ed25519', 'pem', (s) => s('private-key', strip(keys.openssh())) + '\n'));
  files.push(file('etc/nginx/certs/api.acme.internal.key', 'pem', (s) => s('private-key', strip(keys.pkcs8())) + '\n'));
  files.push(file('etc/ssl/private/legacy-billing.key', 'pem', (s) => s('private-key', strip(keys.rsaEncrypted())) + '\n'));
  files.push(file('release/signing-key.asc', 'pgp', (s) => s('private-key', strip(keys.pgp())) + '\n'));
  files.push(
    file('deploy/k8s/api/tls.yaml', 'yaml', (s) => {
      const key = strip(keys.ec());
      return `apiVersion: v1
kind: Secret
metadata:
  name: api-tls
  namespace: api
type: kubernetes.io/tls
stringData:
  tls.crt: |
    ${indent(strip(certificate()), '    ')}
  tls.key: |
    ${s('private-key', indent(key, '    '))}
`;
    }),
  );
  files.push(
    file('config/gcp/deployer-service-account.json', 'json', (s) => {
      const text = serviceAccountJson('acme-deploy-204117');
      s('private-key', JSON.stringify(strip((JSON.parse(text) as { private_key: string }).private_key)).slice(1, -1));
      return text + '\n';
    }),
  );
  files.push(
    file('services/sso/sso/keys.py', 'python', (s) => `"""Signing keys of the SSO service."""
from cryptography.hazmat.primitives import serialization

SIGNING_KEY_PEM = b"""${s('private-key', strip(keys.rsa()))}
"""

SIGNING_KEY = serialization.load_pem_private_key(SIGNING_KEY_PEM, password=None)
`),
  );
  files.push(
    file('images/bastion/Dockerfile', 'dockerfile', (s) => {
      const key = strip(keys.openssh());
      const putty = ppk({ version: 2, comment: 'ops@bastion' });
      return `FROM alpine:3.20
RUN apk add --no-cache openssh-client putty rsync
COPY <<EOF /root/.ssh/id_ed25519
${s('private-key', key)}
EOF
COPY <<EOF /root/.putty/ops.ppk
${s('putty-private-key', putty)}
EOF
RUN chmod 600 /root/.ssh/id_ed25519 /root/.putty/ops.ppk
`;
    }),
  );
  files.push(
    file('services/sso/.env', 'env', (s) => {
      const key = strip(keys.ed25519()).replace(/\n/g, '\\n');
      return `SSO_ISSUER=https://sso.acme.dev
JWT_PRIVATE_KEY="${s('private-key', key)}"
DEPLOY_KEY_B64=${s('base64-private-key', b64(keys.openssh()))}
`;
    }),
  );
  // kubeconfig client keys.
  const kubeconfig = (keyData: string, cluster: string): string => `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${b64(certificate())}
    server: https://${cluster}.k8s.acme.internal:6443
  name: ${cluster}
contexts:
- context:
    cluster: ${cluster}
    user: ${cluster}-admin
  name: ${cluster}
current-context: ${cluster}
preferences: {}
users:
- name: ${cluster}-admin
  user:
    client-certificate-data: ${b64(certificate())}
    client-key-data: ${keyData}
`;
  files.push(file('root/.kube/config', 'yaml', (s) => kubeconfig(s('kubeconfig-client-key', b64(keys.rsa())), 'prod-eu')));
  files.push(
    file('ci/kubeconfig.json', 'json', (s) =>
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'staging', cluster: { server: 'https://staging.k8s.acme.internal:6443', 'certificate-authority-data': b64(certificate()) } }],
          users: [{ name: 'ci', user: { 'client-certificate-data': b64(certificate()), 'client-key-data': s('kubeconfig-client-key', b64(keys.ec())) } }],
          contexts: [{ name: 'staging', context: { cluster: 'staging', user: 'ci' } }],
          'current-context': 'staging',
        },
        null,
        2,
      ),
    ),
  );
  files.push(
    file('scripts/ci-kubeconfig.sh', 'shell', (s) => `#!/usr/bin/env bash
set -euo pipefail
mkdir -p "$HOME/.kube"
cat > "$HOME/.kube/config" <<EOF
${kubeconfig(s('kubeconfig-client-key', b64(keys.pkcs8())), 'build')}EOF
chmod 600 "$HOME/.kube/config"
kubectl get nodes
`),
  );
  // Base64-encoded PEM keys.
  files.push(
    file('deploy/k8s/ingress/wildcard-tls.yaml', 'yaml', (s) => `apiVersion: v1
kind: Secret
metadata:
  name: wildcard-acme-dev
  namespace: ingress-nginx
type: kubernetes.io/tls
data:
  tls.crt: ${b64(certificate())}
  tls.key: ${s('base64-private-key', b64(keys.pkcs8()))}
`),
  );
  files.push(
    file('infra/terraform/bastion.auto.tfvars', 'hcl', (s) => `bastion_instance_type = "t3.small"
bastion_allowed_cidrs = ["10.20.0.0/16"]
bastion_host_key_b64  = "${s('base64-private-key', b64(keys.ed25519()))}"
`),
  );
  // PuTTY keys.
  files.push(file('Users/ops/keys/deploy.ppk', 'ppk', (s) => s('putty-private-key', ppk({ comment: 'deploy@ci' })) + '\n'));
  files.push(
    file('scripts/windows-bootstrap.sh', 'shell', (s) => `#!/bin/sh
# Writes the backup operator's key for pscp/plink on the Windows build hosts.
cat > /mnt/c/Users/backup/backup.ppk <<'EOF'
${s('putty-private-key', ppk({ encrypted: true, comment: 'backup@win-build' }))}
EOF
`),
  );
  // JSON Web Tokens.
  const now = 1_735_700_000;
  files.push(
    file('apps/portal/.env', 'env', (s) => `NEXT_PUBLIC_SUPABASE_URL=https://${r(LOWER, 20)}.supabase.co
SUPABASE_SERVICE_ROLE_KEY=${s('jwt', jwt({ iss: 'supabase', ref: r(LOWER, 20), role: 'service_role', iat: now, exp: now + 315_360_000 }))}
INTERNAL_API_URL=https://internal-api.acme.dev
`),
  );
  files.push(
    file('apps/portal/requests/billing.http', 'http', (s) => `### List invoices
GET https://internal-api.acme.dev/v2/invoices?limit=20
Accept: application/json
Authorization: Bearer ${s('jwt', jwt({ sub: 'svc-portal', aud: 'internal-api', scope: 'invoices:read', iat: now, exp: now + 31_536_000 }, 'RS256'))}

### Retry a payment
POST https://internal-api.acme.dev/v2/payments/retry
Content-Type: application/json
Authorization: Bearer ${s('http-authorization-header', r(BASE62, 40))}

{"invoice": "in_${r(BASE62, 24)}"}
`),
  );
  files.push(
    file('apps/portal/src/lib/api.js', 'javascript', (s) => `const SERVICE_TOKEN = '${s('jwt', jwt({ sub: 'svc-portal-ssr', aud: 'internal-api', iss: 'https://sso.acme.dev', iat: now }))}';

export async function api(path, init = {}) {
  return fetch(\`https://internal-api.acme.dev\${path}\`, {
    ...init,
    headers: { ...init.headers, Authorization: \`Bearer \${SERVICE_TOKEN}\` },
  });
}
`),
  );
  files.push(
    file('deploy/k8s/portal/secrets.yaml', 'yaml', (s) => `apiVersion: v1
kind: Secret
metadata:
  name: portal
type: Opaque
stringData:
  INTERNAL_API_JWT: ${s('jwt', jwt({ sub: 'svc-portal-worker', aud: 'internal-api', iss: 'https://sso.acme.dev', scope: 'jobs:run', iat: now }))}
  SESSION_SECRET: "${s('secret-assignment', r(BASE62, 48))}"
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: credentials in context (URLs, headers, command lines, connection strings, files)
// ---------------------------------------------------------------------------------------------

function credentialFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('images/legacy-app/Dockerfile', 'dockerfile', (s) => `FROM ubuntu:22.04
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \\
 && apt-get install -y --no-install-recommends openssh-server default-mysql-client curl ca-certificates \\
 && rm -rf /var/lib/apt/lists/*
RUN useradd -m -s /bin/bash deploy && echo "deploy:${s('chpasswd-password', pw())}" | chpasswd
RUN curl -fsSL -u ci-reader:${s('curl-user-password', pw())} https://nexus.acme.internal/repository/raw/tools/acme-cli-2.4.1.tgz -o /tmp/acme-cli.tgz \\
 && tar -xzf /tmp/acme-cli.tgz -C /usr/local/bin \\
 && rm /tmp/acme-cli.tgz
RUN mysql -h db.acme.internal -u migrator -p${s('mysql-password-flag', pw())} -e "CREATE DATABASE IF NOT EXISTS legacy"
ENV DATABASE_URL=postgres://legacy:${s('url-password', pw())}@db.acme.internal:5432/legacy \\
    PASSWORD_MIN_LENGTH=12 \\
    TOKEN_TTL=3600
EXPOSE 22 8080
CMD ["/usr/sbin/sshd", "-D"]
`),
  );
  files.push(
    file('scripts/backup-db.sh', 'shell', (s) => `#!/usr/bin/env bash
# Nightly backup: dump, copy off-site, publish a checksum.
set -euo pipefail
STAMP=$(date +%Y%m%d-%H%M)
OUT=/var/backups/acme-$STAMP.sql.gz

mysqldump --single-transaction --routines -h db.acme.internal -u backup -p'${s('mysql-password-flag', punctPw())}' acme | gzip > "$OUT"
sshpass -p '${s('sshpass-password', punctPw())}' scp -o StrictHostKeyChecking=no "$OUT" backup@vault01.acme.internal:/srv/backups/
curl -fsS --user 'backup:${s('curl-user-password', punctPw())}' -T "$OUT.sha256" https://nexus.acme.internal/repository/backups/
docker login -u backup-bot -p ${s('docker-login-password', pw())} registry.acme.internal
docker push registry.acme.internal/backups/acme:$STAMP
curl -fsS -X POST https://status.acme.internal/api/v1/events \\
  -H "Authorization: Basic ${s('http-authorization-header', b64(`status-bot:${pw()}`))}" \\
  -d "backup $STAMP done"
echo "ops:${s('chpasswd-password', pw())}" | sudo chpasswd
`),
  );
  files.push(
    file('.github/workflows/legacy-deploy.yml', 'yaml', (s) => `name: legacy-deploy
on:
  workflow_dispatch:
    inputs:
      version:
        required: true
jobs:
  deploy:
    runs-on: [self-hosted, legacy]
    steps:
      - name: Copy the bundle
        run: sshpass -p ${s('sshpass-password', pw())} scp dist/app.tgz deploy@legacy01.acme.internal:/opt/app/
      - name: Registry login
        run: docker login registry.acme.internal --username deploy --password=${s('docker-login-password', pw())}
      - name: Fetch config
        run: curl -fsSL --user deploy:${s('curl-user-password', pw())} https://nexus.acme.internal/repository/raw/legacy/app.env -o app.env
      - name: Migrate
        run: mysql -h legacy-db.acme.internal -u deploy -p${s('mysql-password-flag', pw())} legacy < migrations/latest.sql
`),
  );
  files.push(
    file('Makefile', 'makefile', (s) => `.PHONY: deploy login seed fetch-fixtures

REGISTRY ?= registry.acme.internal
HOST ?= staging01.acme.internal

deploy:
\tsshpass -p ${s('sshpass-password', pw())} rsync -az dist/ deploy@$(HOST):/opt/app/

login:
\tdocker login $(REGISTRY) -u ci -p ${s('docker-login-password', pw())}

seed:
\tmysql -u root -p${s('mysql-password-flag', pw())} -h 127.0.0.1 app < fixtures/seed.sql

fetch-fixtures:
\tcurl -fsSL --user fixtures:${s('curl-user-password', pw())} https://nexus.acme.internal/repository/raw/fixtures.tgz | tar -xz
`),
  );
  files.push(
    file('etc/nginx/conf.d/legacy-upstream.conf', 'nginx', (s) => `upstream legacy_billing {
    server billing01.acme.internal:8443;
    keepalive 16;
}

server {
    listen 443 ssl;
    server_name billing.acme.dev;

    location / {
        proxy_pass https://legacy_billing;
        proxy_set_header Host $host;
        proxy_set_header Authorization "Basic ${s('http-authorization-header', b64(`gateway:${pw()}`))}";
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
}
`),
  );
  files.push(
    file('deploy/compose/mysql.yml', 'yaml', (s) => `services:
  mysql:
    image: mysql:8.4
    environment:
      MYSQL_ROOT_PASSWORD: ${s('secret-assignment', pw())}
      MYSQL_DATABASE: legacy
    healthcheck:
      test: ["CMD", "mysqladmin", "ping", "-h", "127.0.0.1", "-uroot", "-p${s('mysql-password-flag', pw())}"]
      interval: 10s
      retries: 5
`),
  );
  files.push(
    file('cloud-init/user-data.yaml', 'yaml', (s) => `#cloud-config
hostname: edge-01
users:
  - default
  - name: ops
    groups: [sudo]
    shell: /bin/bash
chpasswd:
  expire: false
  users:
    - name: ubuntu
      password: ${s('secret-assignment', pw())}
      type: text
runcmd:
  - [systemctl, enable, --now, ssh]
  - echo 'ops:${s('chpasswd-password', pw())}' | chpasswd
`),
  );
  files.push(
    file('Vagrantfile', 'ruby', (s) => `Vagrant.configure("2") do |config|
  config.vm.box = "bento/ubuntu-22.04"
  config.vm.network "private_network", ip: "192.168.56.10"
  config.vm.provision "shell", inline: <<-SHELL
    apt-get update -qq
    useradd -m -s /bin/bash qa || true
    echo "qa:${s('chpasswd-password', pw())}" | chpasswd
  SHELL
end
`),
  );
  files.push(
    file('apps/portal/requests/status.http', 'http', (s) => `### Service health
GET https://status.acme.internal/api/v1/health
Authorization: Basic ${s('http-authorization-header', b64(`monitor:${pw()}`))}

### Incidents
GET https://status.acme.internal/api/v1/incidents
Authorization: Bearer ${s('http-authorization-header', r(LOWER_DIGITS, 32))}
`),
  );
  files.push(
    file('services/reports/reports/clients.py', 'python', (s) => `import pyodbc
import requests

SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://reports:${s('url-password', pw())}@reports-db.acme.internal:5432/reports"
WAREHOUSE = pyodbc.connect(
    "DRIVER={ODBC Driver 18 for SQL Server};SERVER=tcp:warehouse.acme.internal,1433;DATABASE=dw;UID=reports;PWD=${s('connection-string-password', pw())};Encrypt=yes"
)
BILLING_API = requests.Session()
BILLING_API.headers.update({"Authorization": "Bearer ${s('http-authorization-header', r(BASE62, 40))}", "Accept": "application/json"})
`),
  );
  files.push(
    file('web/src/server/db.js', 'javascript', (s) => `import mongoose from 'mongoose';

await mongoose.connect('mongodb+srv://web:${s('url-password', pw())}@cluster0.x1y2z.mongodb.net/web?retryWrites=true&w=majority');

export const legacyApi = (path) =>
  fetch(\`https://legacy.acme.internal\${path}\`, {
    headers: { Authorization: 'Basic ${s('http-authorization-header', b64(`web:${pw()}`))}' },
  });
`),
  );
  files.push(
    file('config/application.properties', 'properties', (s) => `spring.application.name=billing
server.port=8080
spring.datasource.url=jdbc:postgresql://billing-db.acme.internal:5432/billing?user=billing&password=${s('jdbc-password', pw())}&sslmode=require
spring.datasource.hikari.maximum-pool-size=20
spring.jpa.open-in-view=false
spring.mail.password=${s('secret-assignment', pw())}
`),
  );
  files.push(
    file('config/application.yml', 'yaml', (s) => `spring:
  application:
    name: ledger
  datasource:
    url: jdbc:sqlserver://ledger-db.acme.internal:1433;databaseName=ledger;user=ledger;password=${s('jdbc-password', pw())};encrypt=true;trustServerCertificate=false
    hikari:
      maximum-pool-size: 10
  rabbitmq:
    addresses: amqps://ledger:${s('url-password', pw())}@mq.acme.internal:5671/ledger
`),
  );
  files.push(
    file('src/main/resources/META-INF/persistence.xml', 'xml', (s) => `<?xml version="1.0" encoding="UTF-8"?>
<persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
  <persistence-unit name="inventory" transaction-type="RESOURCE_LOCAL">
    <properties>
      <property name="jakarta.persistence.jdbc.driver" value="com.mysql.cj.jdbc.Driver"/>
      <property name="jakarta.persistence.jdbc.url" value="jdbc:mysql://inventory-db.acme.internal:3306/inventory?user=inventory&amp;password=${s('jdbc-password', pw())}&amp;useSSL=true"/>
      <property name="hibernate.hbm2ddl.auto" value="validate"/>
    </properties>
  </persistence-unit>
</persistence>
`),
  );
  files.push(
    file('src/Shop.Web/Web.config', 'xml', (s) => `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="ShopDb" connectionString="Data Source=sql01.acme.internal;Initial Catalog=Shop;User ID=shop_web;Password=${s('connection-string-password', pw())};MultipleActiveResultSets=True" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="webpages:Version" value="3.0.0.0" />
  </appSettings>
</configuration>
`),
  );
  files.push(
    file('services/reports/.env', 'env', (s) => `ConnectionStrings__Reports="Server=reports-sql.acme.internal;Database=reports;User Id=reports;Password=${s('connection-string-password', punctPw())};TrustServerCertificate=True"
DATABASE_URL=postgres://reports:${s('url-password', pw())}@reports-db.acme.internal:5432/reports
REDIS_URL=redis://:${s('url-password', pw())}@cache.acme.internal:6379/0
ORACLE_URL=jdbc:oracle:thin:reports/${s('jdbc-password', pw())}@//oracle.acme.internal:1521/REPORTS
`),
  );
  files.push(
    file('etc/pip.conf', 'ini', (s) => `[global]
index-url = https://ci:${s('url-password', pw())}@nexus.acme.internal/repository/pypi-group/simple
trusted-host = nexus.acme.internal
timeout = 60
`),
  );
  // Credential files, each at its real path.
  files.push(
    file('root/.netrc', 'netrc', (s) => {
      const heroku = s('heroku-api-key', tok.herokuUuid());
      return `machine api.heroku.com
  login release-bot@acme.dev
  password ${heroku}
machine git.heroku.com
  login release-bot@acme.dev
  password ${heroku}
machine nexus.acme.internal login deploy password ${s('netrc-password', pw())}
machine api.mapbox.com
  login mapbox
  password ${s('mapbox-secret-token', tok.mapbox())}
`;
    }),
  );
  files.push(
    file('home/ci/.netrc', 'netrc', (s) => `# CI mirror credentials
machine artifacts.acme.internal
login ci-artifacts
password ${s('netrc-password', punctPw())}
`),
  );
  files.push(
    file('Users/ops/_netrc', 'netrc', (s) => `machine ftp.partner.example.net login acme-ops password "${s('netrc-password', `${humanPw()} ${r(DIGITS, 2)}`)}"
`),
  );
  files.push(
    file('root/.git-credentials', 'git-credentials', (s) => `https://ci:${s('git-credentials-password', pw())}@git.acme.internal
`),
  );
  files.push(
    file('home/dev/.config/git/credentials', 'git-credentials', (s) => `https://dev:${s('git-credentials-password', punctPw().replace(/[@#?]/g, '_'))}@gitea.acme.internal%3a3000
https://oauth2:${s('gitlab-pat', tok.gitlab('glpat-'))}@gitlab.com
`),
  );
  files.push(
    file('home/runner/.git-credentials', 'git-credentials', (s) => `https://acme-bot:${s('git-credentials-password', r(BASE62, 32))}@bitbucket.acme.internal
https://x-access-token:${s('github-server-to-server-token', tok.github('ghs_'))}@github.com
`),
  );
  files.push(
    file('etc/nginx/.htpasswd', 'htpasswd', (s) => `admin:${s('htpasswd-hash', apr1())}
metrics:${s('htpasswd-hash', bcrypt())}
`),
  );
  files.push(file('auth/htpasswd', 'htpasswd', (s) => `registry-ci:${s('htpasswd-hash', bcrypt('$2y$', '05'))}\n`));
  files.push(
    file('etc/apache2/.htpasswd-admin', 'htpasswd', (s) => `ops:${s('htpasswd-hash', shaHtpasswd())}
audit:${s('htpasswd-hash', sha512crypt())}
`),
  );
  return files;
}

// ---------------------------------------------------------------------------------------------
// Planted: generic secret-named assignments, and the same secrets in more languages
// ---------------------------------------------------------------------------------------------

function genericFiles(): PlantedFile[] {
  const files: PlantedFile[] = [];
  files.push(
    file('web/acme/settings/production.py', 'python', (s) => `from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["acme.dev", "www.acme.dev"]
SECRET_KEY = "${s('secret-assignment', r(BASE62 + '!#%^*-_=+', 50))}"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "acme",
        "USER": "acme_web",
        "PASSWORD": "${s('secret-assignment', punctPw())}",
        "HOST": "db.acme.internal",
        "PORT": "5432",
    }
}
EMAIL_HOST_PASSWORD = "${s('secret-assignment', humanPw())}"
SESSION_COOKIE_AGE = 1209600
`),
  );
  files.push(
    file('config/secrets.yml', 'yaml', (s) => `production:
  secret_key_base: ${s('secret-assignment', r(HEX, 128))}
  otp_secret_encryption_key: "${s('secret-assignment', r(HEX, 64))}"
`),
  );
  files.push(
    file('docker-compose.yml', 'yaml', (s) => `services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_USER: acme
      POSTGRES_PASSWORD: ${s('secret-assignment', pw())}
      POSTGRES_DB: acme
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U acme"]
      interval: 10s
  cache:
    image: redis:7.4
    command: redis-server --requirepass ${s('secret-assignment', r(BASE62, 32))} --appendonly yes
  app:
    image: registry.acme.internal/acme/web:2.14.0
    depends_on: [db, cache]
    environment:
      JWT_SECRET: ${s('secret-assignment', r(BASE64, 44))}
      ENCRYPTION_KEY: "${s('secret-assignment', r(HEX, 64))}"
`),
  );
  files.push(
    file('scripts/bootstrap-app.sh', 'shell', (s) => `#!/usr/bin/env bash
set -euo pipefail
./bin/acme init --db-host db.acme.internal --db-user acme --db-password ${s('secret-assignment', pw())} --yes
./bin/acme users create admin --admin-password='${s('secret-assignment', punctPw())}'
export API_TOKEN=${s('secret-assignment', r(BASE62, 40))}
`),
  );
  files.push(
    file('config/oauth-clients.json', 'json', (s) => `{
  "clients": [
    {
      "client_id": "acme-portal",
      "client_secret": "${s('secret-assignment', r(BASE62, 40))}",
      "redirect_uris": ["https://portal.acme.dev/callback"],
      "grant_types": ["authorization_code", "refresh_token"]
    }
  ]
}
`),
  );
  files.push(
    file('services/ledger/internal/config/defaults.go', 'go', (s) => `package config

// Defaults for local runs against the shared staging services.
const (
	defaultStripeKey   = "${s('stripe-secret-key', tok.stripe('sk_live_'))}"
	defaultGitHubToken = "${s('github-pat', tok.github('ghp_'))}"
	defaultSendGridKey = "${s('sendgrid-api-key', tok.sendgrid())}"
	defaultListenAddr  = ":8080"
)

var dbPassword = "${s('secret-assignment', `${r(BASE62, 9)}XXx${r(BASE62 + '-._~', 8)}`)}"
`),
  );
  files.push(
    file('services/billing/src/main/java/com/acme/billing/Secrets.java', 'java', (s) => `package com.acme.billing;

final class Secrets {
    static final String TWILIO_API_KEY = "${s('twilio-api-key-sid', tok.twilioKeySid())}";
    static final String SLACK_TOKEN = "${s('slack-token', tok.slackBot())}";
    static final String DB_URL = "jdbc:postgresql://billing-db.acme.internal:5432/billing?user=billing&password=${s('jdbc-password', pw())}";
    static final String AWS_ACCESS_KEY_ID = "${s('aws-access-key-id', tok.awsKeyId())}";

    private Secrets() {}
}
`),
  );
  // WordPress keys and salts: 64 characters from WordPress's generator alphabet (quotes and `$` aside).
  const wpSalt = (): string => r(BASE62 + '!@#%^&*()-_[]{}<>~+=,.;:/?|', 64);
  files.push(
    // All eight keys and salts are secrets, found by wordpress-auth-key.
    // WordPress keys baked into an image at build time: an entrypoint that writes them, a Dockerfile
    // that appends one.
    file('docker/wordpress/docker-entrypoint.d/10-keys.sh', 'shell', (s) => `#!/bin/sh
set -eu
# Keys are fixed so that sessions survive a redeploy.
cat >> /var/www/html/wp-config.php <<'PHP'
define('LOGGED_IN_KEY', '${s('wordpress-auth-key', wpSalt())}');
define('NONCE_SALT', '${s('wordpress-auth-key', wpSalt())}');
PHP
exec "$@"
`),
    file('docker/wordpress/Dockerfile', 'dockerfile', (s) => `FROM wordpress:6.5-php8.3-apache
COPY wp-config.php /var/www/html/wp-config.php
RUN echo "define( 'SECURE_AUTH_SALT', '${s('wordpress-auth-key', wpSalt())}' );" >> /var/www/html/wp-config.php \\
 && chown www-data:www-data /var/www/html/wp-config.php
USER www-data
`),
    file('public/wp-config.php', 'php', (s) => `<?php
/** The base configuration for WordPress */
define( 'DB_NAME', 'acme_blog' );
define( 'DB_USER', 'acme_blog' );
define( 'DB_PASSWORD', '${s('secret-assignment', pw())}' );
define( 'DB_HOST', 'blog-db.acme.internal' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'AUTH_KEY',         '${s('wordpress-auth-key', wpSalt())}' );
define( 'SECURE_AUTH_KEY',  '${s('wordpress-auth-key', wpSalt())}' );
define( 'LOGGED_IN_KEY',    '${s('wordpress-auth-key', wpSalt())}' );
define( 'NONCE_KEY',        '${s('wordpress-auth-key', wpSalt())}' );
define( 'AUTH_SALT',        '${s('wordpress-auth-key', wpSalt())}' );
define( 'SECURE_AUTH_SALT', '${s('wordpress-auth-key', wpSalt())}' );
define( 'LOGGED_IN_SALT',   '${s('wordpress-auth-key', wpSalt())}' );
define( 'NONCE_SALT',       '${s('wordpress-auth-key', wpSalt())}' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`),
  );
  files.push(
    file('legacy-shop/includes/config.inc.php', 'php', (s) => `<?php
// Legacy shop database settings.
$db_host = 'shop-db.acme.internal';
$db_name = 'shop';
$db_user = 'shop_app';
$db_password = '${s('secret-assignment', pw())}';
$mysqli = new mysqli($db_host, $db_user, $db_password, $db_name);
`),
  );
  files.push(
    file('scripts/Deploy-Site.ps1', 'powershell', (s) => `#Requires -Version 7
param([string]$Environment = 'staging')
$ErrorActionPreference = 'Stop'

$env:GITHUB_TOKEN = "${s('github-pat', tok.github('ghp_'))}"
$DeployPassword = '${s('secret-assignment', pw())}'
$credential = New-Object System.Management.Automation.PSCredential('deploy', (ConvertTo-SecureString $DeployPassword -AsPlainText -Force))
Invoke-Command -ComputerName "web01.$Environment.acme.internal" -Credential $credential -ScriptBlock { iisreset /restart }
`),
  );
  // Files written on Windows: CRLF line ends.
  files.push(
    file('windows/ci.env', 'env', (s) =>
      `# CI variables exported from the Windows runner
GITLAB_TOKEN=${s('gitlab-pat', tok.gitlab('glpat-'))}
NUGET_API_KEY=${s('nuget-api-key', tok.nuget())}
SQL_SA_PASSWORD=${s('secret-assignment', pw())}
BUILD_CONFIGURATION=Release
`.replace(/\n/g, '\r\n'),
    ),
  );
  files.push(file('Users/ci/certs/build-agent.key', 'pem', (s) => s('private-key', strip(keys.rsa()).replace(/\n/g, '\r\n')) + '\r\n'));
  return files;
}

// ---------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------

/** Builds the corpus; every call returns the same files. */
/**
 * Builds the corpus. `seedOffset` gives the same files with other random values: recall that holds
 * for one draw of random bodies may not for another (a body that happens to contain `XXXX`), and the
 * report can draw several (`npm run secrets:report -- --draws N`).
 */
export function buildCorpus(options: { seedOffset?: number } = {}): Corpus {
  seedOffset = options.seedOffset ?? 0;
  const planted = [
    ...inSection('cloud', 5000, 5509, cloudFiles),
    ...inSection('platform', 5510, 6109, platformFiles),
    ...inSection('code-forge', 6110, 6409, codeForgeFiles),
    ...inSection('chat', 6410, 6799, chatFiles),
    ...inSection('payments', 6800, 7039, paymentFiles),
    ...inSection('email', 7040, 7189, emailFiles),
    ...inSection('monitoring', 7190, 7459, monitoringFiles),
    ...inSection('saas', 7460, 7699, saasFiles),
    ...inSection('ai', 7700, 7939, aiFiles),
    ...inSection('registries', 7940, 8299, registryFiles),
    ...inSection('keys', 8300, 8509, keyFiles),
    ...inSection('credentials', 8510, 8959, credentialFiles),
    ...inSection('generic', 8960, 9139, genericFiles),
  ];
  const lookAlikes = inSection('look-alikes', 9140, 9999, lookAlikeFiles);
  return { planted, lookAlikes };
}


// ---------------------------------------------------------------------------------------------
// Look-alikes: nothing in these files is a secret, and no detector may report anything
// ---------------------------------------------------------------------------------------------

function la(category: LookAlikeCategory, path: string, text: string): LookAlikeFile {
  return { category, path, text };
}

/** An npm package entry of a lockfile. */
const lockEntry = (name: string, version: string): { resolved: string; integrity: string } => ({
  resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`,
  integrity: 'sha512-' + r(BASE64, 86) + '==',
});
const sshRsaPublic = (): string => 'AAAAB3NzaC1yc2EAAAADAQABAAABgQ' + r(BASE64, 514) + '=';
const sshEd25519Public = (): string => 'AAAAC3NzaC1lZDI1NTE5AAAAI' + r(BASE64, 43);
const sshEcdsaPublic = (): string => 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB' + r(BASE64, 87) + '=';
const gpgFingerprint = (): string => r(UPPER_HEX, 40);
const pngBase64 = (length: number): string => 'iVBORw0KGgoAAAANSUhEUgAA' + r(BASE64, length) + '==';

function idsAndDigests(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'ids-and-digests';
  return [
    la(c, 'deploy/releases/2025-05-02.lock.json', JSON.stringify(
      {
        release: '2025.05.2',
        buildId: uuid(),
        commit: sha1(),
        requestId: uuid(),
        images: {
          web: `registry.acme.internal/acme/web@sha256:${sha256()}`,
          worker: `registry.acme.internal/acme/worker@sha256:${sha256()}`,
          migrate: `registry.acme.internal/acme/migrate@sha256:${sha256()}`,
        },
        sbom: { digest: `sha256:${sha256()}`, mediaType: 'application/spdx+json' },
        approvals: [{ by: 'ops-lead', id: uuid(), at: '2025-05-02T09:31:12Z' }],
      },
      null,
      2,
    )),
    la(c, '.github/workflows/ci.yml', `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-24.04
    container:
      image: node:20.15-bookworm@sha256:${sha256()}
    steps:
      - uses: actions/checkout@${sha1()} # v4.2.2
      - uses: actions/setup-node@${sha1()} # v4.1.0
      - uses: actions/cache@${sha1()} # v4.1.2
        with:
          path: ~/.npm
          key: \${{ runner.os }}-node-\${{ hashFiles('**/package-lock.json') }}
          restore-keys: |
            \${{ runner.os }}-node-
      - run: npm ci && npm test
      - uses: actions/upload-artifact@${sha1()} # v4.4.3
        with:
          name: coverage-\${{ github.sha }}
          path: coverage/
`),
    la(c, 'go.sum', [
      ['github.com/aws/aws-sdk-go-v2', 'v1.30.3'],
      ['github.com/google/uuid', 'v1.6.0'],
      ['github.com/hashicorp/vault/api', 'v1.14.0'],
      ['golang.org/x/crypto', 'v0.25.0'],
      ['golang.org/x/oauth2', 'v0.21.0'],
      ['github.com/stripe/stripe-go/v79', 'v79.4.0'],
    ].map(([mod, v]) => `${mod} ${v} h1:${r(BASE64, 43)}=\n${mod} ${v}/go.mod h1:${r(BASE64, 43)}=`).join('\n') + '\n'),
    la(c, 'Cargo.lock', `# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 3
${['ring 0.17.8', 'rustls 0.23.12', 'tokio 1.39.2', 'serde 1.0.204', 'base64 0.22.1', 'jsonwebtoken 9.3.0']
  .map((p) => {
    const [name, version] = p.split(' ');
    return `\n[[package]]\nname = "${name}"\nversion = "${version}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${sha256()}"`;
  })
  .join('\n')}
`),
    la(c, 'images/api/Dockerfile', `FROM golang:1.22.5-bookworm@sha256:${sha256()} AS build
ARG GIT_SHA=${sha1()}
ARG BUILD_ID=${uuid()}
WORKDIR /src
COPY . .
RUN curl -fsSLo /tmp/migrate.tgz https://github.com/golang-migrate/migrate/releases/download/v4.17.1/migrate.linux-amd64.tar.gz \\
 && echo "${sha256()}  /tmp/migrate.tgz" | sha256sum -c - \\
 && go build -trimpath -ldflags "-X main.commit=\${GIT_SHA} -X main.build=\${BUILD_ID}" -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12@sha256:${sha256()}
LABEL org.opencontainers.image.revision=${sha1()} \\
      org.opencontainers.image.source=https://github.com/acme/api
COPY --from=build /out/api /api
ENTRYPOINT ["/api"]
`),
    la(c, 'ops/k8s/events.yaml', `apiVersion: v1
kind: Event
metadata:
  name: web-7d9f8c6b5d-x2k4p.17c3f0a9e2b1d4c8
  namespace: web
  uid: ${uuid()}
  resourceVersion: "${r(DIGITS, 9)}"
involvedObject:
  kind: Pod
  name: web-7d9f8c6b5d-x2k4p
  uid: ${uuid()}
  fieldPath: spec.containers{web}
reason: Pulled
message: 'Successfully pulled image "registry.acme.internal/acme/web@sha256:${sha256()}" in 1.204s'
source:
  component: kubelet
  host: node-${r(LOWER_DIGITS, 5)}
`),
    la(c, 'CHANGELOG.md', `# Changelog

## 2.14.0 (2025-04-30)

- Rotate session keys without downtime ([${sha1().slice(0, 7)}](https://github.com/acme/web/commit/${sha1()}))
- Token refresh no longer races the logout handler (#4821, ${sha1()})
- Bump golang.org/x/crypto to v0.25.0 (${sha1()})

Release image: \`registry.acme.internal/acme/web@sha256:${sha256()}\`
Trace id of the failed canary: ${r(HEX, 32)}
`),
  ];
}

function npmIntegrity(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'npm-integrity';
  const packages: Array<[string, string]> = [
    ['jsonwebtoken', '9.0.2'],
    ['passport-http-bearer', '1.0.1'],
    ['@aws-sdk/credential-providers', '3.614.0'],
    ['bcryptjs', '2.4.3'],
    ['dotenv', '16.4.5'],
    ['keytar', '7.9.0'],
    ['secure-password', '4.0.0'],
    ['@octokit/auth-token', '5.1.1'],
  ];
  const lock = {
    name: 'acme-web',
    version: '2.14.0',
    lockfileVersion: 3,
    requires: true,
    packages: Object.fromEntries([
      ['', { name: 'acme-web', version: '2.14.0', dependencies: Object.fromEntries(packages.map(([n, v]) => [n, `^${v}`])) }],
      ...packages.map(([n, v]) => [`node_modules/${n}`, { version: v, ...lockEntry(n, v), license: 'MIT' }]),
    ]),
  };
  return [
    la(c, 'web/package-lock.json', JSON.stringify(lock, null, 2) + '\n'),
    la(c, 'web/yarn.lock', `# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1

${packages
  .map(([n, v]) => {
    const e = lockEntry(n, v);
    return `"${n}@^${v}":\n  version "${v}"\n  resolved "${e.resolved}#${sha1()}"\n  integrity ${e.integrity}`;
  })
  .join('\n\n')}
`),
    la(c, 'web/pnpm-lock.yaml', `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

packages:

${packages.map(([n, v]) => `  '${n}@${v}':\n    resolution: {integrity: ${lockEntry(n, v).integrity}}\n    engines: {node: '>=14'}`).join('\n\n')}
`),
    la(c, 'legacy/npm-shrinkwrap.json', JSON.stringify(
      {
        name: 'legacy-admin',
        version: '0.9.3',
        lockfileVersion: 1,
        dependencies: Object.fromEntries(
          packages.slice(0, 4).map(([n, v]) => [n, { version: v, resolved: lockEntry(n, v).resolved, integrity: 'sha1-' + r(BASE64, 27) + '=' }]),
        ),
      },
      null,
      2,
    )),
  ];
}

function publicKeysAndCertificates(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'public-keys-and-certificates';
  const publicKey = `-----BEGIN PUBLIC KEY-----\n${wrap('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + r(BASE64, 348) + 'IDAQAB')}\n-----END PUBLIC KEY-----\n`;
  const rsaPublicKey = `-----BEGIN RSA PUBLIC KEY-----\n${wrap('MIIBCgKCAQEA' + r(BASE64, 348) + 'IDAQAB')}\n-----END RSA PUBLIC KEY-----\n`;
  return [
    la(c, 'root/.ssh/authorized_keys', `ssh-ed25519 ${sshEd25519Public()} alice@laptop
ssh-rsa ${sshRsaPublic()} deploy@ci
from="10.20.0.0/16",no-agent-forwarding,no-pty ecdsa-sha2-nistp256 ${sshEcdsaPublic()} backup@vault01
`),
    la(c, 'root/.ssh/known_hosts', `github.com ssh-ed25519 ${sshEd25519Public()}
gitlab.com ecdsa-sha2-nistp256 ${sshEcdsaPublic()}
|1|${r(BASE64, 27)}=|${r(BASE64, 27)}= ssh-ed25519 ${sshEd25519Public()}
|1|${r(BASE64, 27)}=|${r(BASE64, 27)}= ssh-rsa ${sshRsaPublic()}
[bastion.acme.internal]:2222 ssh-ed25519 ${sshEd25519Public()}
`),
    la(c, 'etc/ssl/certs/acme-internal-ca.pem', `# Acme Internal Root CA G2
${certificate()}# Acme Internal Issuing CA 01
${certificate()}`),
    la(c, 'config/jwt/public.pem', publicKey + rsaPublicKey),
    la(c, 'web/public/.well-known/jwks.json', JSON.stringify(
      {
        keys: [
          { kty: 'RSA', use: 'sig', alg: 'RS256', kid: r(BASE64URL, 43), n: r(BASE64URL, 342), e: 'AQAB' },
          { kty: 'EC', use: 'sig', alg: 'ES256', kid: r(BASE64URL, 43), crv: 'P-256', x: r(BASE64URL, 43), y: r(BASE64URL, 43) },
          { kty: 'OKP', use: 'sig', alg: 'EdDSA', kid: r(HEX, 16), crv: 'Ed25519', x: r(BASE64URL, 43) },
        ],
      },
      null,
      2,
    )),
    la(c, 'release/signing-key.pub.asc', `-----BEGIN PGP PUBLIC KEY BLOCK-----
Comment: Acme Release Signing Key <release@acme.dev>

${wrap(r(BASE64, 1300))}
=${r(BASE64, 4)}
-----END PGP PUBLIC KEY BLOCK-----
`),
    la(c, 'deploy/k8s/ingress/ca-bundle.yaml', `apiVersion: v1
kind: Secret
metadata:
  name: upstream-ca
  namespace: ingress-nginx
type: Opaque
data:
  ca.crt: ${b64(certificate())}
  tls.crt: ${b64(certificate() + certificate())}
  jwt-public.pem: ${b64(publicKey)}
`),
    la(c, 'home/dev/.ssh/id_ed25519.pub', `ssh-ed25519 ${sshEd25519Public()} dev@workstation\n`),
  ];
}

function pemHeadersWithoutBody(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'pem-headers-without-body';
  return [
    la(c, 'vendor/minitls/src/pem.c', `#include <string.h>
#include "pem.h"

/* Armor labels we accept, most common first. */
static const char *const pem_private_headers[] = {
    "-----BEGIN PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----",
    "-----BEGIN EC PRIVATE KEY-----",
    "-----BEGIN ENCRYPTED PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    NULL,
};
static const char pem_footer_fmt[] = "-----END %s-----";

int pem_is_private(const char *buf, size_t len) {
    for (const char *const *h = pem_private_headers; *h != NULL; h++) {
        if (len >= strlen(*h) && memcmp(buf, *h, strlen(*h)) == 0) return 1;
    }
    return 0;
}
`),
    la(c, 'internal/keys/detect.go', `package keys

import "strings"

const (
	pkcs1Header   = "-----BEGIN RSA PRIVATE KEY-----"
	pkcs8Header   = "-----BEGIN PRIVATE KEY-----"
	opensshHeader = "-----BEGIN OPENSSH PRIVATE KEY-----"
)

// Kind tells which private key format data holds, from its armor header.
func Kind(data string) string {
	switch {
	case strings.HasPrefix(data, pkcs1Header):
		return "pkcs1"
	case strings.HasPrefix(data, pkcs8Header):
		return "pkcs8"
	case strings.HasPrefix(data, opensshHeader):
		return "openssh"
	}
	return ""
}
`),
    la(c, 'tools/keycheck.py', `import sys

HEADERS = (b"-----BEGIN RSA PRIVATE KEY-----", b"-----BEGIN EC PRIVATE KEY-----", b"-----BEGIN PRIVATE KEY-----")


def main(path: str) -> int:
    data = open(path, "rb").read()
    if data.startswith(b"-----BEGIN OPENSSH PRIVATE KEY-----"):
        print("openssh key: convert it with ssh-keygen -p -m PEM -f", path)
        return 1
    return 0 if data.startswith(HEADERS) else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
`),
    la(c, 'analysis/strings-libcrypto.so.3.txt', [
      'PEM_read_bio_PrivateKey',
      'PEM_write_bio_PKCS8PrivateKey',
      '-----BEGIN RSA PRIVATE KEY-----',
      '-----BEGIN DSA PRIVATE KEY-----',
      '-----BEGIN EC PRIVATE KEY-----',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----',
      'ANY PRIVATE KEY',
      '-----BEGIN %s-----',
      '-----END %s-----',
      'Proc-Type: 4,ENCRYPTED',
      'DEK-Info: ',
      'crypto/pem/pem_lib.c',
      'bad end line',
      'OPENSSL_3.0.0',
    ].join('\n') + '\n'),
    la(c, 'docs/tls.md', `# TLS for local development

Put the key of your development certificate in \`certs/dev.key\`. It looks like this:

\`\`\`
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA...
(the rest of your key, 64 characters per line)
-----END RSA PRIVATE KEY-----
\`\`\`

Never commit it: \`.gitignore\` already excludes \`certs/*.key\`.
`),
    la(c, 'scripts/check-keys.sh', `#!/usr/bin/env bash
# Refuses to build when a private key slipped into the context.
set -euo pipefail
if grep -rIl -e '-----BEGIN RSA PRIVATE KEY-----' -e 'BEGIN OPENSSH PRIVATE KEY' --exclude-dir=.git .; then
  echo "private key found in the build context" >&2
  exit 1
fi
openssl genpkey -algorithm ed25519 -out /tmp/throwaway.pem && head -1 /tmp/throwaway.pem
`),
    la(c, 'deploy/helm/api/templates/tls-secret.yaml', `apiVersion: v1
kind: Secret
metadata:
  name: {{ include "api.fullname" . }}-tls
type: kubernetes.io/tls
stringData:
  tls.key: |
    -----BEGIN PRIVATE KEY-----
    {{ .Values.tls.keyBody | nindent 4 }}
    -----END PRIVATE KEY-----
  tls.crt: |
{{ .Values.tls.certificate | indent 4 }}
`),
  ];
}

function placeholders(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'placeholders';
  // Documented example values, kept split so the repository holds none of them whole.
  const awsExampleId = 'AKIA' + 'IOSFODNN7' + 'EXAMPLE';
  const awsExampleSecret = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
  const telegramExample = '110201543:' + 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const jwtIoSample =
    b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' + b64url(JSON.stringify({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })) + '.' + 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV' + '_adQssw5c';
  return [
    la(c, '.env.example', `# Copy to .env and fill in. Never commit the real file.
NODE_ENV=development
DATABASE_URL=postgres://user:password@localhost:5432/acme_dev
REDIS_URL=redis://localhost:6379/0
OPENAI_API_KEY=sk-...
ANTHROPIC_API_KEY=sk-ant-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
GITHUB_TOKEN=<your-token>
GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx
STRIPE_SECRET_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
STRIPE_WEBHOOK_SECRET=whsec_...
AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX
AWS_SECRET_ACCESS_KEY=REPLACE_ME
SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
SENDGRID_API_KEY=your-api-key-here
SESSION_SECRET=changeme
JWT_SECRET=\${JWT_SECRET}
DB_PASSWORD=
ADMIN_PASSWORD=<set me>
`),
    la(c, 'deploy/helm/web/values.yaml', `replicaCount: 2
image:
  repository: registry.acme.internal/acme/web
  tag: ""
auth:
  # Leave empty to generate a random password on install.
  password: ""
  existingSecret: ""
  existingSecretPasswordKey: password
smtp:
  host: smtp.example.com
  user: ""
  password: changeme
stripe:
  secretKey: "<your-stripe-secret-key>"
  webhookSecret: whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
sentry:
  # token: xxxx
  dsn: ""
`),
    la(c, 'docs/configuration.md', `# Configuration

Every provider key below is an example from the provider's documentation; none of them works.

| Variable | Example |
| --- | --- |
| \`AWS_ACCESS_KEY_ID\` | \`${awsExampleId}\` |
| \`AWS_SECRET_ACCESS_KEY\` | \`${awsExampleSecret}\` |
| \`TELEGRAM_BOT_TOKEN\` | \`${telegramExample}\` |
| \`GITHUB_TOKEN\` | \`ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\` |
| \`DATABASE_URL\` | \`postgres://user:password@host:5432/db\` |

A session token looks like this (the jwt.io sample):

    Authorization: Bearer ${jwtIoSample}

\`\`\`bash
export AWS_ACCESS_KEY_ID=${awsExampleId}
export AWS_SECRET_ACCESS_KEY=${awsExampleSecret}
curl -H "Authorization: Bearer <token>" https://api.acme.dev/v1/me
mysql -u root -p -h 127.0.0.1 acme
\`\`\`
`),
    la(c, 'docker-compose.override.example.yml', `services:
  db:
    environment:
      POSTGRES_PASSWORD: example
      POSTGRES_USER: postgres
  cache:
    command: redis-server --requirepass \${REDIS_PASSWORD:-changeme}
  app:
    environment:
      API_KEY: "YOUR_API_KEY"
      SECRET_KEY: "replace-with-a-long-random-string"
      ACCESS_TOKEN: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
`),
    la(c, 'infra/terraform/variables.tf', `variable "db_password" {
  description = "Password of the application database user"
  type        = string
  sensitive   = true
  default     = "CHANGE_ME"
}

variable "api_key" {
  description = "Your API key (see docs/keys.md)"
  type        = string
  sensitive   = true
}

variable "datadog_api_key" {
  type    = string
  default = "00000000000000000000000000000000"
}
`),
    la(c, 'config/settings.example.toml', `[server]
listen = "0.0.0.0:8080"

[auth]
api_key = "YOUR_API_KEY"
token = "xxxxxxxxxxxxxxxx"
password = "********"
client_secret = "<client-secret>"

[database]
url = "postgres://app:<password>@db:5432/app"
`),
    la(c, 'deploy/k8s/templates/db-secret.example.yaml', `apiVersion: v1
kind: Secret
metadata:
  name: db
type: Opaque
data:
  username: <base64-encoded-username>
  password: <base64-encoded-password>
stringData:
  DATABASE_URL: postgres://app:REPLACE_ME@db:5432/app
`),
  ];
}

function references(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'references';
  return [
    la(c, 'deploy/k8s/web/deployment.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: registry.acme.internal/acme/web:2.14.0
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: web-db
                  key: password
            - name: STRIPE_SECRET_KEY
              valueFrom:
                secretKeyRef: { name: stripe, key: secret-key }
            - name: GOOGLE_APPLICATION_CREDENTIALS
              value: /var/run/secrets/gcp/key.json
          envFrom:
            - secretRef:
                name: web-env
          volumeMounts:
            - name: gcp
              mountPath: /var/run/secrets/gcp
              readOnly: true
      volumes:
        - name: gcp
          secret:
            secretName: gcp-service-account
`),
    la(c, 'docker-compose.prod.yml', `services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
      POSTGRES_USER: acme
    secrets: [db_password]
  app:
    image: registry.acme.internal/acme/web:2.14.0
    environment:
      DATABASE_PASSWORD_FILE: /run/secrets/db_password
      API_TOKEN: \${API_TOKEN}
      SENTRY_AUTH_TOKEN: \${SENTRY_AUTH_TOKEN:?set SENTRY_AUTH_TOKEN}
      REDIS_URL: redis://:\${REDIS_PASSWORD}@cache:6379/0
    secrets: [db_password, stripe_key]
secrets:
  db_password:
    file: ./secrets/db_password.txt
  stripe_key:
    external: true
`),
    la(c, 'web/acme/settings/base.py', `import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "PASSWORD": os.getenv("DB_PASSWORD", ""),
        "HOST": os.getenv("DB_HOST", "localhost"),
    }
}
STRIPE_API_KEY = os.environ.get("STRIPE_API_KEY")
AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]
EMAIL_HOST_PASSWORD = settings_from_vault("smtp/password")
`),
    la(c, 'web/src/config.ts', `export const config = {
  stripeSecretKey: process.env.STRIPE_SECRET_KEY!,
  githubToken: process.env.GITHUB_TOKEN ?? '',
  apiKey: import.meta.env.VITE_API_KEY,
  password: process.env.DB_PASSWORD,
  sessionSecret: options.sessionSecret,
  token: req.headers['x-api-token'],
};
`),
    la(c, 'deploy/helm/web/templates/secret.yaml', `apiVersion: v1
kind: Secret
metadata:
  name: {{ include "web.fullname" . }}
type: Opaque
data:
  password: {{ .Values.auth.password | b64enc | quote }}
  api-key: {{ .Values.secrets.apiKey | b64enc | quote }}
stringData:
  DATABASE_URL: postgres://{{ .Values.db.user }}:{{ .Values.db.password }}@{{ .Values.db.host }}:5432/web
  SMTP_PASSWORD: "{{ .Values.smtp.password }}"
`),
    la(c, '.github/workflows/release.yml', `name: release
on:
  push:
    tags: ['v*']
jobs:
  publish:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
      - run: echo "\${{ secrets.REGISTRY_PASSWORD }}" | docker login -u acme --password-stdin registry.acme.internal
      - run: curl -H "Authorization: Bearer \${{ secrets.DEPLOY_TOKEN }}" https://deploy.acme.internal/hooks/web
      - run: |
          mysql -uroot -p"$MYSQL_ROOT_PASSWORD" -e "SELECT 1"
          sshpass -p "$SSH_PASS" ssh deploy@legacy01.acme.internal true
`),
    la(c, 'deploy/secrets/app.enc.yaml', `db_password: ENC[AES256_GCM,data:${r(BASE64, 24)}=,iv:${r(BASE64, 43)}=,tag:${r(BASE64, 22)}==,type:str]
stripe_secret_key: ENC[AES256_GCM,data:${r(BASE64, 140)},iv:${r(BASE64, 43)}=,tag:${r(BASE64, 22)}==,type:str]
sops:
  age:
    - recipient: ${tok.agePublic()}
      enc: |
        -----BEGIN AGE ENCRYPTED FILE-----
        ${indent(wrap(r(BASE64, 320)), '        ')}
        -----END AGE ENCRYPTED FILE-----
  lastmodified: "2025-04-30T08:12:41Z"
  mac: ENC[AES256_GCM,data:${r(BASE64, 88)},iv:${r(BASE64, 43)}=,tag:${r(BASE64, 22)}==,type:str]
  version: 3.9.0
`),
    la(c, 'deploy/external-secrets/web.yaml', `apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: web
spec:
  secretStoreRef:
    name: vault-backend
    kind: ClusterSecretStore
  target:
    name: web-env
  data:
    - secretKey: DB_PASSWORD
      remoteRef:
        key: secret/data/web/db
        property: password
    - secretKey: STRIPE_SECRET_KEY
      remoteRef:
        key: arn:aws:secretsmanager:eu-west-1:123456789012:secret:web/stripe-AbCdEf
`),
    la(c, 'ansible/roles/web/defaults/main.yml', `web_db_password: "{{ vault_web_db_password }}"
web_api_token: "{{ lookup('community.hashi_vault.hashi_vault', 'secret=secret/data/web:token') }}"
web_secret_key: "{{ lookup('env', 'WEB_SECRET_KEY') }}"
web_op_token: op://Infrastructure/web/credential
`),
    la(c, 'infra/terraform/db.tf', `resource "aws_db_instance" "web" {
  identifier     = "web-prod"
  engine         = "postgres"
  username       = "web"
  password       = var.db_password
  instance_class = "db.t4g.medium"
}

data "aws_secretsmanager_secret_version" "stripe" {
  secret_id = "web/stripe"
}

locals {
  stripe_secret_key = jsondecode(data.aws_secretsmanager_secret_version.stripe.secret_string)["secret_key"]
  api_token         = data.vault_generic_secret.web.data["token"]
}
`),
    la(c, 'images/web/Dockerfile.secrets', `# syntax=docker/dockerfile:1.7
FROM node:20.15-bookworm-slim
ARG NPM_TOKEN
ENV NPM_CONFIG_USERCONFIG=/tmp/.npmrc
RUN --mount=type=secret,id=npmrc,target=/tmp/.npmrc npm ci --omit=dev
RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN git clone https://x-access-token:$GITHUB_TOKEN@github.com/acme/ui-kit.git
RUN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
ENV SPRING_DATASOURCE_PASSWORD=\${DB_PASSWORD}
`),
    la(c, 'config/application-prod.properties', `spring.datasource.url=jdbc:postgresql://db:5432/billing?user=billing&password=\${DB_PASSWORD}
spring.datasource.password=\${DB_PASSWORD}
spring.mail.password=\${vault.smtp.password}
app.jwt.secret=\${JWT_SECRET:}
`),
  ];
}

function i18nAndDocs(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'i18n-and-docs';
  return [
    la(c, 'web/locales/es.json', `{
  "login": {
    "email": "Correo electrónico",
    "password": "Contraseña",
    "password_confirmation": "Confirmar contraseña",
    "forgot_password": "¿Olvidaste tu contraseña?",
    "token_expired": "Tu sesión ha caducado. Inicia sesión de nuevo.",
    "api_key": "Clave de API",
    "secret": "Secreto"
  }
}
`),
    la(c, 'web/locales/de.json', `{
  "login": {
    "password": "Passwort",
    "passwordHint": "Mindestens 12 Zeichen",
    "token": "Zugangstoken",
    "apiKey": "API-Schlüssel",
    "secretKey": "Geheimer Schlüssel",
    "resetPassword": "Passwort zurücksetzen"
  }
}
`),
    la(c, 'web/locales/fr.json', `{"password": "Mot de passe", "new_password": "Nouveau mot de passe", "token": "Jeton d'accès", "api_key": "Clé d'API", "client_secret": "Secret client"}
`),
    la(c, 'web/locales/ja.json', `{"password": "パスワード", "token": "アクセストークン", "api_key": "APIキー", "secret": "シークレット"}
`),
    la(c, 'config/locales/en.yml', `en:
  activerecord:
    attributes:
      user:
        password: "Password"
        password_confirmation: "Password confirmation"
        reset_password_token: "Reset password token"
  devise:
    passwords:
      send_instructions: "You will receive an email with instructions on how to reset your password in a few minutes."
    failure:
      invalid_token: "Invalid authentication token."
`),
    la(c, 'web/locale/fr/LC_MESSAGES/django.po', `msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: accounts/forms.py:42
msgid "Password"
msgstr "Mot de passe"

#: accounts/forms.py:57
msgid "API token"
msgstr "Jeton d'API"

#: accounts/forms.py:63
msgid "Your password must contain at least 12 characters."
msgstr "Votre mot de passe doit contenir au moins 12 caractères."
`),
    la(c, 'README.md', `# acme-web

## Setup

1. Copy \`.env.example\` to \`.env\`.
2. Set \`GITHUB_TOKEN\` to a personal access token with the \`repo\` scope
   (Settings → Developer settings → Tokens). It starts with \`ghp_\`.
3. Set \`DATABASE_URL\`, for example \`postgres://user:password@localhost:5432/acme_dev\`.
4. Export your OpenAI key: \`export OPENAI_API_KEY=<your key>\`.

Passwords must be at least 12 characters; tokens expire after 30 days.
The \`--password\` flag of \`acme login\` reads the password from stdin when given \`-\`.

\`\`\`
acme login --user alice --password -
acme token create --name ci --scope deploy
\`\`\`
`),
    la(c, 'docs/cli.txt', `USAGE
  acme login [--user USER] [--password PASSWORD | --password-stdin]
  acme token create --name NAME [--expires DURATION]

OPTIONS
  --password PASSWORD    Password for the registry (or set ACME_PASSWORD).
  --password-stdin       Read the password from standard input.
  --token TOKEN          Use this API token instead of logging in.
  --api-key KEY          Deprecated alias of --token.

ENVIRONMENT
  ACME_TOKEN             API token; see "acme token create".
  ACME_PASSWORD_FILE     File holding the password.
`),
  ];
}

function passwordHashes(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'password-hashes';
  return [
    la(c, 'etc/shadow', `root:${sha512crypt()}:19841:0:99999:7:::
daemon:*:19841:0:99999:7:::
www-data:*:19841:0:99999:7:::
deploy:$y$j9T$${r(CRYPT64, 22)}$${r(CRYPT64, 43)}:19912:0:99999:7:::
backup:!:19841:0:99999:7:::
`),
    la(c, 'web/fixtures/users.json', JSON.stringify(
      [
        { model: 'auth.user', pk: 1, fields: { username: 'admin', password: `pbkdf2_sha256$720000$${r(BASE62, 22)}$${r(BASE64, 43)}=`, is_superuser: true } },
        { model: 'auth.user', pk: 2, fields: { username: 'support', password: `argon2$argon2id$v=19$m=102400,t=2,p=8$${r(BASE64, 22)}$${r(BASE64, 43)}`, is_superuser: false } },
      ],
      null,
      2,
    )),
    la(c, 'config/authelia/users_database.yml', `users:
  alice:
    displayname: "Alice Martin"
    password: "${argon2()}"
    email: alice@acme.dev
    groups: [admins]
  bob:
    displayname: "Bob Chen"
    password: "${bcrypt('$2b$', '12')}"
    email: bob@acme.dev
`),
    la(c, 'docker-compose.traefik.yml', `services:
  traefik:
    image: traefik:v3.1
    labels:
      - "traefik.http.middlewares.dashboard-auth.basicauth.users=admin:${apr1().replace(/\$/g, '$$$$')}"
      - "traefik.http.routers.dashboard.middlewares=dashboard-auth"
`),
    la(c, 'db/seeds/001_users.sql', `INSERT INTO users (id, email, password_hash, created_at) VALUES
  (1, 'admin@acme.dev', '${bcrypt('$2a$', '10')}', now()),
  (2, 'ops@acme.dev', '${bcrypt('$2a$', '10')}', now());
`),
    la(c, 'config/application-security.yml', `spring:
  security:
    user:
      name: actuator
      password: "{bcrypt}${bcrypt('$2a$', '10')}"
app:
  admin-password-hash: '${argon2()}'
`),
    la(c, 'deploy/k8s/ingress/basic-auth.yaml', `apiVersion: v1
kind: Secret
metadata:
  name: dashboard-basic-auth
  namespace: monitoring
type: Opaque
stringData:
  auth: |
    admin:${apr1()}
    viewer:${bcrypt()}
`),
    la(c, 'services/sso/.env.hashes', `ADMIN_PASSWORD_HASH=${argon2()}
SUPPORT_PASSWORD_HASH='${bcrypt('$2b$', '12')}'
`),
  ];
}

function minifiedJs(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'minified-js';
  const chunk = (): string => `!function(e,t){"use strict";var n=function(e){return e&&e.apiKey?{Authorization:"Bearer "+e.token,"x-api-key":e.apiKey}:{}},r={token:t.token,secret:t.secret,password:t.password,apiKey:t.apiKey,clientSecret:t.clientSecret};function o(e){var t=e.password,n=e.passwordConfirmation;return t===n&&t.length>=12}function a(e,t){return fetch(e,{method:"POST",headers:Object.assign({"content-type":"application/json"},n(t)),body:JSON.stringify({token:t.token,refresh_token:t.refreshToken})})}e.auth={headers:n,creds:r,validPassword:o,refresh:a,passwordMinLength:12,tokenStorageKey:"acme.auth.token",secretKeyName:"acme.secret"}}(window,window.__ACME_CONFIG__||{});`;
  return [
    la(c, 'web/public/assets/app.3f9a1c7e.js', `${chunk()}var s="${r(BASE64, 120)}",l={id:"${uuid()}",build:"${r(HEX, 40)}"};window.__BUILD__=l;\n//# sourceMappingURL=app.3f9a1c7e.js.map\n`),
    la(c, 'web/public/assets/vendor.8b2d4e1f.js', `(self.webpackChunkacme=self.webpackChunkacme||[]).push([[736],{${Array.from({ length: 6 }, (_, i) => `${4000 + i * 17}:function(e,t,n){var r=n(${1000 + i}),o=r.token||r.apiKey,a={password:r.password,secret:o};e.exports={hash:"${r(HEX, 20)}",key:r.key,headers:{Authorization:"Basic "+btoa(r.user+":"+r.password)}}}`).join(',')}}]);\n`),
    la(c, 'web/public/assets/app.3f9a1c7e.js.map', JSON.stringify({
      version: 3,
      file: 'app.3f9a1c7e.js',
      sources: ['../src/auth.ts', '../src/api.ts'],
      names: ['token', 'apiKey', 'password', 'secret', 'Authorization'],
      mappings: Array.from({ length: 40 }, () => r('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 6)).join(';AAAA,'),
    })),
    la(c, 'web/public/assets/app.7c1e2b.css', `.btn{padding:.5rem 1rem}.icon-lock{background:url(data:image/png;base64,${pngBase64(600)}) no-repeat}.password-meter{height:4px}.token-chip{font-family:monospace}\n`),
  ];
}

function testData(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'test-data';
  return [
    la(c, 'web/templates/email/receipt.html', `<!doctype html>
<html><body>
<img alt="Acme" width="120" height="32" src="data:image/png;base64,${pngBase64(1200)}">
<p>Thanks for your order!</p>
<script src="https://cdn.acme.dev/widget.js" integrity="sha384-${r(BASE64, 64)}" crossorigin="anonymous"></script>
</body></html>
`),
    la(c, 'build/BUILD_INFO', `BUILD_ID=${r(HEX, 32)}
GIT_COMMIT=${sha1()}
BUILD_NUMBER=${r(DIGITS, 5)}
BUILD_HOST=runner-${r(LOWER_DIGITS, 8)}
TRACE_ID=${r(HEX, 32)}
Build ID: ${sha1()}
`),
    la(c, 'images/nginx/Dockerfile', `FROM debian:bookworm-slim
ENV NGINX_VERSION=1.27.0
ENV GPG_KEYS 573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62 8540A6F18833A80E9C1653A42FD21310B49F6B46 ${gpgFingerprint()}
RUN set -eux; \\
    for key in $GPG_KEYS; do gpg --batch --keyserver hkps://keyserver.ubuntu.com --recv-keys "$key"; done; \\
    gpg --batch --verify nginx.tar.gz.asc nginx.tar.gz
RUN echo "deb [signed-by=/usr/share/keyrings/acme-archive-keyring.gpg] https://apt.acme.internal bookworm main" > /etc/apt/sources.list.d/acme.list \\
 && gpg --show-keys --with-fingerprint /usr/share/keyrings/acme-archive-keyring.gpg | grep -q ${gpgFingerprint()}
`),
    la(c, 'ops/images/digests.txt', `REPOSITORY                          TAG       DIGEST                                                                    IMAGE ID       CREATED        SIZE
registry.acme.internal/acme/web     2.14.0    sha256:${sha256()}   ${r(HEX, 12)}   2 days ago     187MB
registry.acme.internal/acme/worker  2.14.0    sha256:${sha256()}   ${r(HEX, 12)}   2 days ago     192MB
`),
    la(c, 'oci/index.json', JSON.stringify(
      {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256()}`, size: 1611, platform: { architecture: 'amd64', os: 'linux' } },
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256()}`, size: 1611, platform: { architecture: 'arm64', os: 'linux' } },
        ],
        annotations: { 'org.opencontainers.image.revision': sha1() },
      },
      null,
      2,
    )),
    la(c, 'infra/terraform/terraform.tfstate', JSON.stringify(
      {
        version: 4,
        terraform_version: '1.8.5',
        serial: 42,
        lineage: uuid(),
        outputs: { vpc_id: { value: `vpc-${r(HEX, 17)}`, type: 'string' } },
        resources: [
          {
            mode: 'managed',
            type: 'aws_instance',
            name: 'bastion',
            provider: 'provider["registry.terraform.io/hashicorp/aws"]',
            instances: [
              {
                schema_version: 1,
                attributes: {
                  id: `i-${r(HEX, 17)}`,
                  ami: `ami-${r(HEX, 17)}`,
                  arn: `arn:aws:ec2:eu-west-1:123456789012:instance/i-${r(HEX, 17)}`,
                  key_name: 'bastion-2024',
                  private_ip: '10.20.1.17',
                  subnet_id: `subnet-${r(HEX, 17)}`,
                  vpc_security_group_ids: [`sg-${r(HEX, 17)}`],
                  tags: { Name: 'bastion' },
                },
                private: b64(JSON.stringify({ 'e2bfb730-ecaa-11e6-8f88-34363bc7c4c0': { create: 600000000000 }, schema_version: '1' })),
              },
            ],
          },
        ],
      },
      null,
      2,
    )),
    la(c, 'infra/terraform/.terraform.lock.hcl', `# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.58.0"
  constraints = "~> 5.40"
  hashes = [
    "h1:${r(BASE64, 43)}=",
    "zh:${sha256()}",
    "zh:${sha256()}",
  ]
}
`),
    la(c, 'test/fixtures/webhook-events.json', JSON.stringify(
      [
        { id: `evt_${r(BASE62, 24)}`, type: 'invoice.paid', created: 1714000000, data: { object: { id: `in_${r(BASE62, 24)}`, customer: `cus_${r(BASE62, 14)}` } } },
        { id: uuid(), type: 'push', payload: b64(JSON.stringify({ ref: 'refs/heads/main', after: sha1() })), signature: `sha256=${sha256()}` },
      ],
      null,
      2,
    )),
  ];
}

function publicByDesign(): LookAlikeFile[] {
  const c: LookAlikeCategory = 'public-by-design';
  return [
    la(c, 'apps/maps/.env', `MAPBOX_PUBLIC_TOKEN=${tok.mapboxPublic()}
STRIPE_PUBLISHABLE_KEY=pk_live_${r(BASE62, 99)}
SENTRY_DSN=https://${r(HEX, 32)}@o${r(DIGITS, 6)}.ingest.sentry.io/${r(DIGITS, 7)}
GOOGLE_OAUTH_CLIENT_ID=${tok.googleClientId()}
ALGOLIA_APP_ID=${r(UPPER_DIGITS, 10)}
`),
    la(c, 'home/ftp/.netrc', `machine mirror.acme.internal
login anonymous
password ftp@acme.dev
`),
  ];
}

function lookAlikeFiles(): LookAlikeFile[] {
  return [
    ...idsAndDigests(),
    ...npmIntegrity(),
    ...publicKeysAndCertificates(),
    ...pemHeadersWithoutBody(),
    ...placeholders(),
    ...references(),
    ...i18nAndDocs(),
    ...passwordHashes(),
    ...minifiedJs(),
    ...testData(),
    ...publicByDesign(),
  ];
}

// ---------------------------------------------------------------------------------------------
// Scoring, shared by labelled.test.ts and `npm run secrets:report`
// ---------------------------------------------------------------------------------------------

export interface PlantedResult {
  file: PlantedFile;
  secret: PlantedSecret;
  /** Offset of the secret's first occurrence in the file. */
  start: number;
  /** The lowest confidence that counts: `low` for LOW_BY_DESIGN detectors, `medium` for the others. */
  floor: Confidence;
  /** The expected detector's match with exactly the secret's span, at `floor` or above. */
  match: SecretMatch | undefined;
  knownMiss: KnownMiss | undefined;
}

export interface LookAlikeResult {
  file: LookAlikeFile;
  /** Every match at medium confidence or above: each is a false positive. */
  matches: SecretMatch[];
}

export interface FamilyScore {
  family: string;
  planted: number;
  found: number;
  knownMisses: number;
  /** found / planted. */
  recall: number;
  /** found / (planted − known misses): what the test holds to 0.98. */
  recallExcludingKnown: number;
  /** Matches at medium or above in look-alike files, by this family's detectors. */
  falsePositives: number;
  /** Matches at medium or above in planted files that are no labelled secret. */
  unlabelled: number;
}

export interface CorpusScore {
  planted: PlantedResult[];
  lookAlikes: LookAlikeResult[];
  unlabelled: Array<{ file: PlantedFile; match: SecretMatch }>;
  families: FamilyScore[];
  total: FamilyScore;
}

/** The text on the line of `at`, before it. */
function lineBefore(text: string, at: number): string {
  return text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
}

export function knownMissOf(file: PlantedFile, secret: PlantedSecret, start: number): KnownMiss | undefined {
  return KNOWN_MISSES.find((k) => k.path === file.path && k.detectorId === secret.detectorId && lineBefore(file.text, start).includes(k.before));
}

/** Scans every file of the corpus and scores recall and false positives per family. */
export function scoreCorpus(corpus: Corpus = buildCorpus()): CorpusScore {
  const planted: PlantedResult[] = [];
  const unlabelled: CorpusScore['unlabelled'] = [];
  for (const file of corpus.planted) {
    const matches = findSecrets(file.text, { path: file.path });
    for (const secret of file.secrets) {
      const start = file.text.indexOf(secret.secret);
      const floor: Confidence = LOW_BY_DESIGN[secret.detectorId] ? 'low' : 'medium';
      const match = matches.find(
        (m) =>
          m.detectorId === secret.detectorId &&
          m.start === start &&
          m.end === start + secret.secret.length &&
          CONFIDENCE_RANK[m.confidence] >= CONFIDENCE_RANK[floor],
      );
      planted.push({ file, secret, start, floor, match, knownMiss: knownMissOf(file, secret, start) });
    }
    for (const match of matches) {
      if (CONFIDENCE_RANK[match.confidence] < CONFIDENCE_RANK.medium) continue;
      const text = file.text.slice(match.start, match.end);
      if (!file.secrets.some((s) => s.detectorId === match.detectorId && s.secret === text)) unlabelled.push({ file, match });
    }
  }
  const lookAlikes = corpus.lookAlikes.map((file) => ({ file, matches: findSecrets(file.text, { path: file.path, minConfidence: 'medium' }) }));

  const score = (family: string, inFamily: (detectorId: string) => boolean): FamilyScore => {
    const mine = planted.filter((p) => inFamily(p.secret.detectorId));
    const found = mine.filter((p) => p.match).length;
    const knownMisses = mine.filter((p) => !p.match && p.knownMiss).length;
    return {
      family,
      planted: mine.length,
      found,
      knownMisses,
      recall: mine.length ? found / mine.length : 1,
      recallExcludingKnown: mine.length - knownMisses ? found / (mine.length - knownMisses) : 1,
      falsePositives: lookAlikes.flatMap((l) => l.matches).filter((m) => inFamily(m.detectorId)).length,
      unlabelled: unlabelled.filter((u) => inFamily(u.match.detectorId)).length,
    };
  };
  const families = [...new Set(listDetectors().map((d) => d.family as string))]
    .sort()
    .map((family) => score(family, (id) => FAMILY.get(id) === family));
  return { planted, lookAlikes, unlabelled, families, total: score('total', () => true) };
}
