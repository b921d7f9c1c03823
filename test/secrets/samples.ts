/**
 * Test secrets, built at run time from a seeded generator so the repository holds nothing that
 * looks like a live credential to a scanner, and every run sees the same values.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const BASE62 = UPPER + LOWER + DIGITS;
export const BASE64URL = BASE62 + '-_';
export const BASE64 = BASE62 + '+/';
export const HEX = '0123456789abcdef';
export const BASE32 = UPPER + '234567';

/** mulberry32: small, fast, good enough to make realistic token bodies. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random string over `alphabet`; the same seed always gives the same string. */
export function random(alphabet: string, length: number, seed: number): string {
  const next = seeded(seed);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** Builders of realistic secrets, one per format; `seed` varies the body. */
export const make = {
  awsKeyId: (seed = 1, prefix = 'AKIA') => prefix + random(BASE32, 16, seed),
  awsSecret: (seed = 2) => random(BASE64, 40, seed),
  googleApiKey: (seed = 3) => 'AI' + 'za' + random(BASE64URL, 35, seed),
  googleOauthSecret: (seed = 4) => 'GOC' + 'SPX-' + random(BASE64URL, 28, seed),
  github: (prefix = 'ghp_', seed = 5) => prefix + random(BASE62, 36, seed),
  githubFineGrained: (seed = 6) => 'github' + '_pat_' + random(BASE62, 22, seed) + '_' + random(BASE62, 59, seed + 1),
  gitlab: (prefix = 'glpat-', seed = 7) => prefix + random(BASE64URL, 20, seed),
  slackBot: (seed = 8) => 'xo' + 'xb-' + random(DIGITS, 12, seed) + '-' + random(DIGITS, 13, seed + 1) + '-' + random(BASE62, 24, seed + 2),
  slackUser: (seed = 9) =>
    'xo' + 'xp-' + random(DIGITS, 12, seed) + '-' + random(DIGITS, 12, seed + 1) + '-' + random(DIGITS, 13, seed + 2) + '-' + random(HEX, 32, seed + 3),
  slackApp: (seed = 10) => 'xa' + 'pp-1-A' + random(UPPER + DIGITS, 10, seed) + '-' + random(DIGITS, 13, seed + 1) + '-' + random(HEX, 64, seed + 2),
  slackWebhook: (seed = 11) =>
    'https://hooks.' + 'slack.com/services/T' + random(UPPER + DIGITS, 8, seed) + '/B' + random(UPPER + DIGITS, 10, seed + 1) + '/' + random(BASE62, 24, seed + 2),
  stripe: (mode = 'sk_live_', seed = 12) => mode + random(BASE62, 99, seed),
  stripeWebhook: (seed = 13) => 'wh' + 'sec_' + random(BASE64, 32, seed),
  twilioKeySid: (seed = 14) => 'S' + 'K' + random(HEX, 32, seed),
  twilioAccountSid: (seed = 15) => 'A' + 'C' + random(HEX, 32, seed),
  sendgrid: (seed = 16) => 'S' + 'G.' + random(BASE64URL, 22, seed) + '.' + random(BASE64URL, 43, seed + 1),
  npm: (seed = 17) => 'np' + 'm_' + random(BASE62, 36, seed),
  pypi: (seed = 18) => 'py' + 'pi-AgEIcHlwaS5vcmc' + random(BASE64URL, 160, seed),
  dockerHub: (seed = 19, kind = 'pat') => 'dc' + `kr_${kind}_` + random(BASE64URL, 27, seed),
  openaiProject: (seed = 20) => 's' + 'k-proj-' + random(BASE64URL, 74, seed) + 'T3Bl' + 'bkFJ' + random(BASE64URL, 74, seed + 1),
  openaiLegacy: (seed = 21) => 's' + 'k-' + random(BASE62, 20, seed) + 'T3Bl' + 'bkFJ' + random(BASE62, 20, seed + 1),
  openaiCompatible: (seed = 22) => 's' + 'k-' + random(BASE62, 48, seed),
  anthropic: (seed = 23) => 's' + 'k-ant-api03-' + random(BASE64URL, 93, seed) + 'AA',
  huggingFace: (seed = 24) => 'h' + 'f_' + random(UPPER + LOWER, 34, seed),
  jwt: (payload: object = { sub: 'svc-deploy', iat: 1_700_000_000, role: 'service' }, alg = 'HS256', seed = 25) => {
    const head = b64url(JSON.stringify({ alg, typ: 'JWT' }));
    const body = b64url(JSON.stringify(payload));
    if (alg === 'none') return `${head}.${body}.`;
    const sig = createHmac('sha256', random(BASE62, 32, seed)).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  },
  uuid: (seed = 26) => {
    const h = random(HEX, 32, seed);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  },
  gitSha: (seed = 27) => random(HEX, 40, seed),
  sha256: (seed = 28) => random(HEX, 64, seed),
  /** A generated password with shell- and config-safe punctuation. */
  password: (seed = 29) => random(BASE62 + '!#%*+-.:=?@^_~', 20, seed),
  /** A generated password that needs no percent-encoding in a URL's user info. */
  urlPassword: (seed = 37) => random(BASE62 + '-._~', 20, seed),
};

/** Real keys from node:crypto, so PEM bodies are genuine DER. Generated once per test run. */
export const pem = (() => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = generateKeyPairSync('ed25519');
  return {
    rsaPkcs1: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    rsaPkcs8: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    rsaPkcs8Encrypted: rsa.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: random(BASE62, 16, 30) })
      .toString(),
    rsaPkcs1Encrypted: rsa.privateKey
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: random(BASE62, 16, 31) })
      .toString(),
    ecSec1: ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
    ed25519: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    rsaPublic: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    rsaPublicPkcs1: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    sshPublic: 'ssh-ed25519 ' + ed.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64') + ' ci@example',
  };
})();

function sshString(value: Buffer | string): Buffer {
  const data = Buffer.from(value);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

/** An `openssh-key-v1` private key with a random (not usable) key section. */
export function openSshKey(cipher = 'none', seed = 32): string {
  const next = seeded(seed);
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  const blob = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString(cipher),
    sshString(cipher === 'none' ? 'none' : 'bcrypt'),
    sshString(cipher === 'none' ? '' : randomBytes(24)),
    Buffer.from([0, 0, 0, 1]),
    sshString(Buffer.concat([sshString('ssh-ed25519'), sshString(randomBytes(32))])),
    sshString(randomBytes(144)),
  ]);
  const lines = blob.toString('base64').match(/.{1,70}/g)!.join('\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** An ASCII-armored PGP private key block with a random body. */
export function pgpPrivateKey(seed = 33): string {
  const body = random(BASE64, 640, seed).match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\nComment: build key\n\n${body}\n=${random(BASE64, 4, seed + 1)}\n-----END PGP PRIVATE KEY BLOCK-----\n`;
}

/** A certificate-shaped PEM block (random body): public material, never a secret. */
export function certificateBlock(seed = 34): string {
  const body = random(BASE64, 800, seed).match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** A bcrypt hash (`$2b$`), shaped like the real thing. */
export const bcryptHash = (seed = 35) => '$2b$12$' + random(BASE62 + './', 53, seed);
/** An npm lockfile integrity value. */
export const npmIntegrity = (seed = 36) => 'sha512-' + random(BASE64, 86, seed) + '==';
