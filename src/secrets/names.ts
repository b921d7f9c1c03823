/**
 * Does a variable, key or flag name denote a secret? `DB_PASSWORD`, `githubToken`, `--api-key`,
 * `spring.datasource.password` do; `PASSWORD_MIN_LENGTH`, `TOKEN_URL`, `SECRET_NAME`, `GPG_KEY`,
 * `PWD` and `MAX_TOKENS` do not.
 *
 * A name is split into lowercase words (`_`, `-`, `.`, camelCase and letter–digit boundaries). The
 * last secret noun decides: words after it must only qualify the value (`_VALUE`, `_B64`, `_PROD`);
 * any other trailing word means the name configures something about the secret (`_LENGTH`, `_FILE`,
 * `_URL`, `_TTL`), so it is not the secret. A bare `key` needs a qualifier (`API_KEY`, `APP_KEY`,
 * `ENCRYPTION_KEY`), because most keys in Dockerfiles are public GPG fingerprints. A name with the word
 * `public` or `publishable` (`MAPBOX_PUBLIC_TOKEN`, `STRIPE_PUBLISHABLE_KEY`, `NEXT_PUBLIC_*`) holds
 * something meant to be seen.
 */

/** What kind of secret a name denotes. */
export type SecretNameKind = 'password' | 'token' | 'secret' | 'key' | 'credentials';

/** The result of {@link classifySecretName}. */
export interface SecretName {
  kind: SecretNameKind;
  /** The noun that decided, as a lowercase word (`password`, `token`, `key`). */
  noun: string;
}

const NOUN_KIND: ReadonlyMap<string, SecretNameKind> = new Map([
  ['password', 'password'], ['passwords', 'password'], ['passwd', 'password'], ['pass', 'password'],
  ['pwd', 'password'], ['passphrase', 'password'], ['passcode', 'password'],
  ['token', 'token'], ['tokens', 'token'],
  ['secret', 'secret'], ['secrets', 'secret'],
  ['key', 'key'], ['keys', 'key'],
  ['credential', 'credentials'], ['credentials', 'credentials'], ['creds', 'credentials'],
  // Redis's password directives (`requirepass`, and `masterauth` for replicas), one word each.
  ['requirepass', 'password'], ['masterauth', 'password'],
]);

// Nouns whose meaning is clear whatever is glued in front (`rootpassword`, `authtoken`).
const UNAMBIGUOUS_SUFFIXES = ['password', 'passwd', 'passphrase', 'token', 'secret', 'credentials'];
// Short nouns that end many ordinary words (`bypass`, `compass`, `oldpwd`, `monkey`): glued forms
// only count behind these prefixes.
const GLUE_PREFIXES = new Set([
  'root', 'admin', 'db', 'user', 'ldap', 'mysql', 'pg', 'postgres', 'smtp', 'mail', 'ftp', 'redis', 'auth', 'my',
  'app', 'api', 'sa', 'sys', 'master', 'web', 'http', 'proxy', 'vnc', 'rpc', 'access', 'secret', 'private',
  'client', 'bot', 'session', 'service', 'account', 'login', 'keystore', 'truststore', 'store', 'encryption',
  'signing', 'license', 'storage', 'sas', 'ssh', 'deploy', 'jwt', 'hmac', 'bind', 'rcon', 'server',
]);
const GLUED_SHORT_NOUNS = ['pass', 'pwd', 'key', 'keys', 'creds'];

// What makes `*_KEY` a secret key. Provider names cover `STRIPE_KEY`, `OPENAI_KEY` and kin.
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'priv', 'encryption', 'encrypt', 'crypt', 'crypto', 'cipher', 'aes',
  'hmac', 'master', 'app', 'application', 'license', 'licence', 'session', 'client', 'auth', 'account', 'storage',
  'shared', 'jwt', 'cookie', 'service', 'admin', 'deploy', 'ssh', 'write', 'server', 'sas', 'webhook',
  'integration', 'ingest', 'ingestion', 'subscription', 'stripe', 'openai', 'anthropic', 'sendgrid', 'mailgun',
  'twilio', 'algolia', 'newrelic', 'segment', 'pusher', 'github', 'gitlab', 'slack', 'heroku', 'digitalocean',
  'cloudflare', 'vercel', 'netlify', 'npm', 'pypi', 'docker', 'hf', 'huggingface', 'cohere', 'mistral', 'groq',
  'replicate', 'pinecone', 'brevo', 'postmark', 'mailjet', 'mandrill', 'sentry', 'bugsnag', 'rollbar',
  'honeycomb', 'datadog', 'dd',
]);

// Words after the noun that describe the value itself, so the name still holds the secret.
const NEUTRAL_SUFFIXES = new Set([
  'value', 'val', 'string', 'str', 'b64', 'base64', 'hex', 'raw', 'plain', 'plaintext', 'text', 'literal', 'data',
  'content', 'contents', 'prod', 'production', 'dev', 'development', 'staging', 'stage', 'stg', 'test', 'testing',
  'qa', 'uat', 'local', 'ci', 'default', 'admin', 'root', 'user', 'old', 'new', 'current', 'prev', 'previous',
  'next', 'primary', 'secondary', 'main', 'backup', 'base', 'encoded', 'override', 'pem', 'der', 'jwk', 'json',
]);

// Words before the noun that turn the name into a setting about secrets (`MAX_TOKENS`, `NO_PASSWORD`).
const NEGATORS = new Set([
  'max', 'min', 'minimum', 'maximum', 'num', 'count', 'no', 'skip', 'allow', 'enable', 'enabled', 'disable',
  'disabled', 'use', 'require', 'required',
  'has', 'is', 'show', 'hide', 'reset', 'forgot', 'empty', 'random', 'generate', 'expire', 'expired', 'rotate',
  'validate', 'verify', 'check', 'hash', 'hashed', 'encrypted', 'crypted',
]);

// Words that make any name public by design: `MAPBOX_PUBLIC_TOKEN`, `STRIPE_PUBLISHABLE_KEY`, and the
// variables bundlers expose to browsers (`NEXT_PUBLIC_*`, `VITE_PUBLIC_*`).
const PUBLIC_WORDS = new Set(['public', 'publishable']);

// Words before `key` that make it public material (GPG fingerprints, SSH host keys).
const PUBLIC_KEY_WORDS = new Set(['public', 'pub', 'gpg', 'pgp', 'gnupg', 'known', 'host', 'verify', 'verification']);

/** Splits a name into lowercase words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Splits glued words (`rootpassword`, `apikey`) into a qualifier and a noun when that is safe. */
function splitGlued(word: string): [string, string] | undefined {
  for (const noun of UNAMBIGUOUS_SUFFIXES) {
    if (word.length > noun.length && word.endsWith(noun)) return [word.slice(0, -noun.length), noun];
  }
  for (const noun of GLUED_SHORT_NOUNS) {
    if (word.length > noun.length && word.endsWith(noun)) {
      const prefix = word.slice(0, -noun.length);
      if (GLUE_PREFIXES.has(prefix) || (noun.startsWith('key') && KEY_QUALIFIERS.has(prefix))) return [prefix, noun];
    }
  }
  return undefined;
}

/**
 * Classifies a name; undefined when it does not denote a secret. Leading `-`, `$` and the like are
 * ignored, so CLI flags (`--db-password`) work.
 */
export function classifySecretName(name: string): SecretName | undefined {
  // Names repeat across files (PATH, HOME, DEBIAN_FRONTEND, every assignment the scanner meets):
  // classifying takes four regex passes, a lookup does not.
  const cached = nameCache.get(name);
  if (cached !== undefined) return cached === null ? undefined : cached;
  const found = classifyUncached(name);
  if (nameCache.size >= NAME_CACHE_LIMIT) nameCache.clear();
  nameCache.set(name, found ? Object.freeze(found) : null);
  return found;
}

const NAME_CACHE_LIMIT = 8192;
const nameCache = new Map<string, Readonly<SecretName> | null>();

function classifyUncached(name: string): SecretName | undefined {
  const words: string[] = [];
  for (const word of nameWords(name)) {
    const glued = NOUN_KIND.has(word) ? undefined : splitGlued(word);
    if (glued) words.push(...glued.filter((w) => w.length > 0));
    else words.push(word);
  }
  let i = words.length - 1;
  while (i >= 0 && !NOUN_KIND.has(words[i]!)) i--;
  if (i < 0) return undefined;
  const noun = words[i]!;
  for (let j = i + 1; j < words.length; j++) {
    const w = words[j]!;
    if (!NEUTRAL_SUFFIXES.has(w) && !/^\d+$/.test(w)) return undefined;
  }
  for (let j = 0; j < i; j++) if (NEGATORS.has(words[j]!) || PUBLIC_WORDS.has(words[j]!)) return undefined;
  const kind = NOUN_KIND.get(noun)!;
  if (kind === 'key') {
    if (!(i > 0 && KEY_QUALIFIERS.has(words[i - 1]!))) return undefined;
    for (let j = 0; j < i; j++) if (PUBLIC_KEY_WORDS.has(words[j]!)) return undefined;
  }
  // `PWD` alone is the shell's working directory; `DB_PWD` and `MYSQL_PWD` are passwords.
  if (noun === 'pwd' && i === 0) return undefined;
  return { kind, noun };
}

/** True when {@link classifySecretName} finds a secret noun in `name`. */
export function isSecretName(name: string): boolean {
  return classifySecretName(name) !== undefined;
}
