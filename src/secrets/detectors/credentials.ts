/**
 * Credentials in context: passwords in URLs, `.npmrc` auth fields, HTTP `Authorization` headers, and
 * the command lines that take one (`curl -u`, `mysql -p`, `sshpass -p`, `docker login -p`,
 * `echo user:… | chpasswd`). Each reports the secret part only, and never a reference (`$PASS`,
 * `${TOKEN}`) or a placeholder (`<password>`, `changeme`).
 */
import { looksRandom, shannonEntropy } from '../entropy.js';
import { decodeBase64, patternDetector, type DetectorHit, type ScanContext, type SecretDetector } from '../detector.js';
import { isPlaceholder, isReference, isWeakDefault } from '../values.js';
import { judgeJwt } from './keys.js';
import type { Confidence } from '../types.js';

function isSchemeCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46;
}

const DOC_HOST = /(?:^|\.)example\.(?:com|org|net)$|^(?:host|hostname|your[-_.]?host.*|myhost|server|domain\.com|<.*)$/i;

/**
 * Judges a literal password: undefined for references and placeholders, low for weak defaults.
 * `reference` tells references apart where a format has its own syntax for them.
 */
export function judgePassword(password: string, user = '', reference: (value: string) => boolean = isReference): Confidence | undefined {
  if (reference(password)) return undefined;
  // `123456` is a weak password, not a placeholder, however sequential.
  if (/^\d+$/.test(password) && isWeakDefault(password)) return 'low';
  if (isPlaceholder(password)) return undefined;
  if (isWeakDefault(password) || password === user) return 'low';
  return looksRandom(password, 12, 3.0) ? 'high' : 'medium';
}

/** Git's credential store (`git credential-store`), which git-credentials-password reads. */
export const GIT_CREDENTIALS_PATH = /(?:^|\/)(?:\.git-credentials|git\/credentials)$/;

const urlPasswordPattern = patternDetector({
  id: 'url-password',
  description: 'password in a URL',
  family: 'credential',
  kind: 'context',
  keywords: ['://'],
  stepBack: { chars: isSchemeCode, max: 32 },
  pattern:
    /(?<scheme>[A-Za-z][A-Za-z0-9+.-]{0,31}):\/\/(?<user>[^\s:/?#@"'`<>\\{}]{0,128}):(?<secret>[^\s/?#@"'`<>\\]{1,256})@(?<host>[^\s/?#@"'`<>\\:]{1,256})/,
  maxLength: 680,
  confidence: 'medium',
  allowRegularBody: true,
  allow: { paths: [GIT_CREDENTIALS_PATH] },
  verify: ({ secret, groups }) => {
    if (DOC_HOST.test(groups['host'] ?? '')) return undefined;
    // `cvs://:pserver:anoncvs@host`: with no user, a colon in the "password" is CVS's method syntax.
    if (groups['user'] === '' && secret.includes(':')) return undefined;
    return judgePassword(secret, groups['user']);
  },
});

// Services whose URLs carry a password often enough to name them in the message.
const URL_SERVICES: ReadonlyArray<[RegExp, string]> = [
  [/^postgres(?:ql)?$/i, 'PostgreSQL'],
  [/^(?:mysql|mysqlx|mariadb)$/i, 'MySQL'],
  [/^mongodb(?:\+srv)?$/i, 'MongoDB'],
  [/^rediss?$/i, 'Redis'],
  [/^amqps?$/i, 'AMQP'],
  [/^(?:ldaps?)$/i, 'LDAP'],
  [/^s?ftp$/i, 'FTP'],
];
const SCHEME = /[A-Za-z][A-Za-z0-9+.-]{0,31}/y;

/**
 * `scheme://user:password@host`: database URLs (postgres, mysql, mongodb+srv), brokers (redis,
 * amqp), registry mirrors, proxies, git remotes. The user may be empty (`redis://:pw@host`); the
 * password may not. The message names the service of well-known schemes. Silent in git's credential
 * store, whose lines git-credentials-password reports.
 */
export const urlPassword: SecretDetector = {
  ...urlPasswordPattern,
  match(text, start, scan) {
    const hit = urlPasswordPattern.match(text, start, scan);
    if (!hit) return undefined;
    SCHEME.lastIndex = start;
    const scheme = SCHEME.exec(text)?.[0] ?? '';
    const service = URL_SERVICES.find(([pattern]) => pattern.test(scheme))?.[1];
    return service ? { ...hit, description: `password in a URL (${service})` } : hit;
  },
};

/** `.npmrc`: `//registry/:_authToken=<token>`. Legacy npm tokens are UUIDs, so any literal counts. */
export const npmrcAuthToken = patternDetector({
  id: 'npmrc-auth-token',
  description: 'npm registry auth token (.npmrc _authToken)',
  family: 'package-registry',
  kind: 'context',
  keywords: ['_authtoken'],
  pattern: /(?<![A-Za-z0-9])_authToken[ \t]{0,8}=[ \t]{0,8}["']?(?<secret>[^\s"'#;=]{8,256}={0,2})(?![^\s"'#;])/i,
  maxLength: 290,
  confidence: 'medium',
  verify: ({ secret }) => {
    if (isReference(secret) || isPlaceholder(secret)) return undefined;
    if (!/\d/.test(secret) && secret.length < 20) return undefined;
    return looksRandom(secret, 16, 3.0) ? 'high' : 'medium';
  },
});

/** `.npmrc`: `_auth=<base64 user:password>` and `_password=<base64 password>`. */
export const npmrcAuth = patternDetector({
  id: 'npmrc-auth',
  description: 'npm registry credentials (.npmrc _auth/_password)',
  family: 'package-registry',
  kind: 'context',
  keywords: ['_auth', '_password'],
  pattern: /(?<![A-Za-z0-9])_(?<field>auth|password)[ \t]{0,8}=[ \t]{0,8}["']?(?<secret>[A-Za-z0-9+/]{4,1024}={0,2})(?![A-Za-z0-9+/=])/,
  maxLength: 1060,
  confidence: 'medium',
  allowRegularBody: true,
  verify: ({ secret, groups }) => {
    const decoded = decodeBase64(secret);
    if (!decoded || !/^[\x20-\x7e]+$/.test(decoded)) return undefined;
    if (groups['field'] === 'password') return judgePassword(decoded);
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return judgePassword(decoded.slice(colon + 1), decoded.slice(0, colon)) === undefined ? undefined : 'high';
  },
});

/**
 * `Authorization: Basic <base64 user:password>` or `Bearer`/`token` with a literal token, as sent by
 * `curl -H` or written into config files. The header name may also be followed by a blank alone
 * when a scheme comes next, quoted or not: nginx `proxy_set_header Authorization "Basic …";`,
 * Apache `RequestHeader set Authorization "Bearer …"`. A token that is a JWT is judged as the jwt
 * detector judges it, so its documentation samples stay silent here too.
 */
export const httpAuthorizationHeader = patternDetector({
  id: 'http-authorization-header',
  description: 'credentials in an HTTP Authorization header',
  family: 'credential',
  kind: 'context',
  keywords: ['authorization'],
  pattern:
    /(?<![A-Za-z0-9])authorization["']?(?:[ \t]{0,8}[:=][ \t]{0,8}|[ \t]{1,8})["']?[ \t]{0,8}(?<scheme>basic|bearer|token|apikey|api-key)[ \t]{1,8}(?<secret>[A-Za-z0-9._~+/=_-]{8,4096})(?![A-Za-z0-9._~+/=_$-])/i,
  maxLength: 4160,
  confidence: 'medium',
  allowRegularBody: true,
  verify: ({ secret, groups }) => {
    if (isPlaceholder(secret)) return undefined;
    if ((groups['scheme'] ?? '').toLowerCase() === 'basic') {
      const decoded = decodeBase64(secret);
      const colon = decoded?.indexOf(':') ?? -1;
      if (!decoded || colon < 0 || !/^[\x20-\x7e]+$/.test(decoded)) return undefined;
      return judgePassword(decoded.slice(colon + 1), decoded.slice(0, colon));
    }
    const jwt = judgeJwt(secret);
    if (jwt) return jwt.confidence;
    // Opaque tokens are random: digits appear in all but the rarest ones; words (`Bearer Authorization`) have none.
    if (!/\d/.test(secret) && !(secret.length >= 32 && shannonEntropy(secret) >= 4)) return undefined;
    if (looksRandom(secret, 20, 3.5)) return 'high';
    return secret.length >= 12 && shannonEntropy(secret) >= 3.0 ? 'medium' : undefined;
  },
});

// A command ends at a newline that is not a continuation, or at `;`, `&`, `|`.
const COMMAND_END = /(?<!\\\r?)\n|[;&|]/g;
const commandEndKey = {};
const COMMAND_WINDOW = 512;

/**
 * A command whose flag carries a password (`curl -u user:pw`, `mysql -ppw`). Command words are
 * matched in command position: after a blank, an operator, a quote, or a `/` of their own path
 * (`/usr/bin/mysql`), and never followed by `/` (`/etc/mysql/`).
 */
interface CommandFlagSpec {
  id: string;
  description: string;
  keywords: readonly string[];
  /** Sticky, at the keyword: the command word. */
  command: RegExp;
  /** Global: where a credential flag may start. */
  flag: RegExp;
  /** Sticky, at a flag: groups `secret` and optionally `user`. */
  value: RegExp;
}

/**
 * A credential given on the command line of a known command, within 512 characters of the command
 * word and in the same command (line continuations included). Each flag is judged once per scan,
 * however many command words precede it.
 */
function commandFlagDetector(spec: CommandFlagSpec): SecretDetector {
  const nextCredentialKey = {};
  const value = new RegExp(spec.value.source, 'dy');
  const match = (text: string, start: number, scan: ScanContext): DetectorHit | undefined => {
    spec.command.lastIndex = start;
    if (!spec.command.test(text)) return undefined;
    const commandEnd = scan.firstFrom(commandEndKey, start, (from) => {
      COMMAND_END.lastIndex = from;
      const m = COMMAND_END.exec(text);
      return { at: m ? m.index : text.length, value: null };
    })!.at;
    const found = scan.firstFrom(nextCredentialKey, spec.command.lastIndex, (from) => {
      spec.flag.lastIndex = from;
      for (let flag = spec.flag.exec(text); flag; flag = spec.flag.exec(text)) {
        value.lastIndex = flag.index;
        const m = value.exec(text);
        const span = m?.indices?.groups?.['secret'];
        if (m && span) {
          const confidence = judgePassword(m.groups!['secret']!, m.groups!['user']);
          if (confidence) return { at: flag.index, value: { start: span[0], end: span[1], confidence } };
        }
        spec.flag.lastIndex = flag.index + 1;
      }
      return undefined;
    });
    return found && found.at < Math.min(commandEnd, start + COMMAND_WINDOW) ? found.value : undefined;
  };
  return {
    id: spec.id,
    description: spec.description,
    family: 'credential',
    kind: 'context',
    keywords: spec.keywords,
    maxLength: COMMAND_WINDOW + 400,
    match,
  };
}

/** `curl -u user:password`, `--user user:password`, `-uuser:password`. */
export const curlUserPassword = commandFlagDetector({
  id: 'curl-user-password',
  description: 'password in curl --user',
  keywords: ['curl'],
  command: /(?<=^|[\s;&|(`'"])curl(?![A-Za-z0-9_./-])/y,
  flag: /[ \t](?:-u|--user)(?=[ \t=]|[^\s-])/g,
  value: /[ \t](?:-u[ \t]{0,8}|--user(?:[ \t]{1,8}|=))["']?(?<user>[^\s:"']{1,128}):(?<secret>[^\s"']{1,256})/,
});

/**
 * `mysql -ppassword` (and mysqldump, mysqladmin, mariadb): the password glued to `-p`, the flag
 * alone or quoted whole: `"-p<password>"`, as in the exec form of a Compose healthcheck
 * (`["CMD", "mysqladmin", "ping", "-uroot", "-p<password>"]`).
 */
export const mysqlPasswordFlag = commandFlagDetector({
  id: 'mysql-password-flag',
  description: 'password in a mysql -p flag',
  keywords: ['mysql', 'mariadb'],
  command: /(?<=^|[\s;&|(`'"/])(?:mysql|mariadb)(?:dump|admin|import|check|show|-dump|-admin)?(?![A-Za-z0-9_./-])/y,
  flag: /[ \t]-p(?=[^\s-])|(?<=[[,\s])["']-p(?=[^\s"'-])/g,
  value: /(?:[ \t]|(?<=[[,\s])(?<open>["']))-p(?<q>["']?)(?<secret>[^\s"';&|]{1,128})\k<q>\k<open>(?![^\s;&|),\]])/,
});

/** `sshpass -p password` and `docker login -p password`. */
export const sshpassPassword = commandFlagDetector({
  id: 'sshpass-password',
  description: 'password in sshpass -p',
  keywords: ['sshpass'],
  command: /(?<=^|[\s;&|(`'"/])sshpass(?![A-Za-z0-9_./-])/y,
  flag: /[ \t]-p[ \t]/g,
  value: /[ \t]-p[ \t]{1,8}(?<q>["']?)(?<secret>[^\s"']{1,128})\k<q>(?![^\s;&|)])/,
});

export const dockerLoginPassword = commandFlagDetector({
  id: 'docker-login-password',
  description: 'password in docker login -p',
  keywords: ['docker', 'podman'],
  command: /(?<=^|[\s;&|(`'"/])(?:docker|podman)[ \t]{1,8}login(?![A-Za-z0-9_./-])/y,
  flag: /[ \t](?:-p|--password)(?=[ \t=])/g,
  value: /[ \t](?:-p|--password)(?:[ \t]{1,8}|=)(?<q>["']?)(?<secret>[^\s"']{1,256})\k<q>(?![^\s;&|)])/,
});

const CHPASSWD = /(?<=^|[\s;&|(`'"/])chpasswd(?![A-Za-z0-9_./-])/y;
// Read backwards from `| chpasswd`: `echo 'user:password'` (or printf) piped straight into it.
const ECHO_INTO_PIPE =
  /(?:echo|printf)[ \t]+(?:-[ne]{1,2}[ \t]+)*(?<q>["']?)(?<user>[A-Za-z_][A-Za-z0-9_.-]{0,31}):(?<secret>[^\s"':]{1,128})\k<q>[ \t]*\|[ \t]*(?:sudo[ \t]+)?$/d;

/** `echo 'user:password' | chpasswd`: sets a literal password at build time. */
export const chpasswdPassword: SecretDetector = {
  id: 'chpasswd-password',
  description: 'password set with chpasswd',
  family: 'credential',
  kind: 'context',
  keywords: ['chpasswd'],
  maxLength: 300,
  match(text, start) {
    CHPASSWD.lastIndex = start;
    if (!CHPASSWD.test(text)) return undefined;
    const from = Math.max(0, start - 256);
    const m = ECHO_INTO_PIPE.exec(text.slice(from, start));
    const span = m?.indices?.groups?.['secret'];
    if (!m || !span) return undefined;
    const confidence = judgePassword(m.groups!['secret']!, m.groups!['user']);
    return confidence ? { start: from + span[0], end: from + span[1], confidence } : undefined;
  },
};

/**
 * WordPress's eight authentication keys and salts in wp-config.php: `define( 'AUTH_KEY', '…' )`.
 * They sign every login cookie, so whoever reads them can forge one. WordPress generates them from
 * printable ASCII without quotes or backslashes; the installer's default phrase is a placeholder.
 */
export const wordpressAuthKey = patternDetector({
  id: 'wordpress-auth-key',
  description: 'WordPress authentication key or salt',
  family: 'credential',
  kind: 'context',
  keywords: ['define'],
  pattern:
    /(?<![A-Za-z0-9_$])define[ \t]{0,8}\([ \t]{0,8}(?<q>['"])(?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)\k<q>[ \t]{0,40},[ \t]{0,40}(?<vq>['"])(?<secret>[^'"\\\n]{32,128})\k<vq>/i,
  maxLength: 260,
  confidence: 'high',
  allowRegularBody: true,
  verify: ({ body }) => (/put your unique phrase here/i.test(body) || shannonEntropy(body) < 4 ? undefined : 'high'),
});

export const credentialDetectors = [
  wordpressAuthKey,
  urlPassword,
  npmrcAuthToken,
  npmrcAuth,
  httpAuthorizationHeader,
  curlUserPassword,
  mysqlPasswordFlag,
  sshpassPassword,
  dockerLoginPassword,
  chpasswdPassword,
];
