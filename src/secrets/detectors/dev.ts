/**
 * Developer tooling: package registries and their credential files, code forges, AI providers,
 * key files (kubeconfig, PuTTY) and database connection strings.
 *
 * Provider tokens are matched by their documented prefix and body. Credential files (`.pypirc`,
 * `.netrc`, `.git-credentials`, Docker's `config.json`, Maven's `settings.xml`, htpasswd) are
 * matched only in files of that name (`paths`), where a literal is a stored credential by format.
 */
import { characterClasses, hasBothCases, hasDigit, looksRandom, shannonEntropy } from '../entropy.js';
import {
  decodeBase64,
  patternDetector,
  type DetectorHit,
  type PatternSpec,
  type ScanContext,
  type SecretDetector,
} from '../detector.js';
import type { Confidence, DetectorFamily } from '../types.js';
import { isPlaceholder, isReference } from '../values.js';
import { gitlabToken } from './code-forges.js';
import { GIT_CREDENTIALS_PATH, judgePassword } from './credentials.js';
import { matchPrivateKey } from './keys.js';

interface TokenSpec {
  id: string;
  description: string;
  family: DetectorFamily;
  /** The literal prefix, also the keyword. */
  prefix: string;
  /** Regex source of the body after the prefix; every quantifier bounded. */
  body: string;
  /** Longest body. */
  maxBody: number;
  confidence?: Confidence;
  minEntropy?: number;
  /** Characters that may not touch the token on either side (the body's alphabet and more). */
  edge?: string;
  /** Characters that may not follow it, when more than `edge` (base64 padding `=`). */
  edgeAfter?: string;
  verify?: PatternSpec['verify'];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A provider token: an exact-case prefix and a random body, not glued to a longer word. */
function prefixedToken(spec: TokenSpec): SecretDetector {
  const edge = spec.edge ?? 'A-Za-z0-9_';
  const prefix = escapeRegExp(spec.prefix);
  return patternDetector({
    id: spec.id,
    description: spec.description,
    family: spec.family,
    keywords: [spec.prefix],
    caseSensitive: true,
    pattern: new RegExp(`(?<![${edge}])${prefix}(?:${spec.body})(?![${spec.edgeAfter ?? edge}])`),
    maxLength: spec.prefix.length + spec.maxBody,
    confidence: spec.confidence ?? 'high',
    prefix: new RegExp(`^${prefix}`),
    minEntropy: spec.minEntropy ?? 3.5,
    verify: spec.verify,
  });
}


// ---------------------------------------------------------------------------------------------
// Package registries
// ---------------------------------------------------------------------------------------------

/** RubyGems API keys (since 2021): `rubygems_` + 48 hex. */
export const rubygemsApiKey = prefixedToken({
  id: 'rubygems-api-key',
  description: 'RubyGems API key',
  family: 'package-registry',
  prefix: 'rubygems_',
  body: '[a-f0-9]{48}',
  maxBody: 48,
  minEntropy: 3.0,
});

/** NuGet.org API keys: `oy2` + 43 lowercase letters and digits (46 in all). */
export const nugetApiKey = prefixedToken({
  id: 'nuget-api-key',
  description: 'NuGet API key',
  family: 'package-registry',
  prefix: 'oy2',
  body: '[a-z0-9]{43}',
  maxBody: 43,
  verify: ({ body }) => (hasDigit(body) && /[a-z]/.test(body) ? 'high' : undefined),
});

/** JFrog Artifactory API keys (deprecated, still honoured): `AKCp` + 69 base62. */
export const artifactoryApiKey = prefixedToken({
  id: 'artifactory-api-key',
  description: 'JFrog Artifactory API key',
  family: 'package-registry',
  prefix: 'AKCp',
  body: '[A-Za-z0-9]{69}',
  maxBody: 69,
  minEntropy: 4.0,
});

/**
 * JFrog reference tokens: 64 base64 characters of `reftkn:<version>:<expiry>:<random>`, so they
 * start `cmVmdGtu` ("reftkn"). The decoded text is checked.
 */
export const artifactoryReferenceToken = prefixedToken({
  id: 'artifactory-reference-token',
  description: 'JFrog Artifactory reference token',
  family: 'package-registry',
  prefix: 'cmVmdGtu',
  body: '[A-Za-z0-9]{56}',
  maxBody: 56,
  edge: 'A-Za-z0-9_+/-',
  edgeAfter: 'A-Za-z0-9_+/=-',
  verify: ({ secret }) => (/^reftkn:[0-9]{2}:[\x21-\x7e]+$/.test(decodeBase64(secret) ?? '') ? 'high' : undefined),
});

/** Clojars deploy tokens: `CLOJARS_` + 60 lowercase hex (30 random bytes). */
export const clojarsDeployToken = prefixedToken({
  id: 'clojars-deploy-token',
  description: 'Clojars deploy token',
  family: 'package-registry',
  prefix: 'CLOJARS_',
  body: '[a-f0-9]{60}',
  maxBody: 60,
  minEntropy: 3.0,
});

/**
 * crates.io API tokens: `cio` + 32 base62. The prefix is short and common in words, so the body
 * must mix upper, lower and digits, and the token may not touch base64 (`+`, `/`, `=`): medium.
 */
export const cratesIoApiToken = prefixedToken({
  id: 'crates-io-api-token',
  description: 'crates.io API token',
  family: 'package-registry',
  prefix: 'cio',
  body: '[A-Za-z0-9]{32}',
  maxBody: 32,
  confidence: 'medium',
  edge: 'A-Za-z0-9_+/-',
  edgeAfter: 'A-Za-z0-9_+/=-',
  verify: ({ body }) => (hasBothCases(body) && hasDigit(body) ? 'medium' : undefined),
});

const PYPIRC_PATH = /(?:^|\/)\.pypirc$/;

/** `.pypirc`: `password = <password or token>` under an index section; the rest of the line, trimmed. */
export const pypircPassword = patternDetector({
  id: 'pypirc-password',
  description: 'package index password in .pypirc',
  family: 'package-registry',
  kind: 'context',
  keywords: ['password'],
  paths: PYPIRC_PATH,
  pattern: /(?<=(?:^|\n)[ \t]{0,8})password[ \t]{0,8}[=:][ \t]{0,8}(?<secret>[^\s#;](?:[^\r\n]{0,254}\S)?)[ \t]{0,8}(?=\r?\n|$)/i,
  maxLength: 300,
  confidence: 'medium',
  allowRegularBody: true,
  verify: ({ secret }) => judgePassword(secret, '', isPypircReference),
});

// ConfigParser interpolation (`%(here)s`), a Windows variable (`%PYPI_TOKEN%`) or a lone format
// placeholder (`%s`) stands for a value kept elsewhere; `%d` inside a generated password does not.
const PYPIRC_REFERENCE = /%\([A-Za-z0-9_.-]{1,64}\)s|^%[A-Za-z_][A-Za-z0-9_]*%$|^%[sdv]$/;

/**
 * A reference in `.pypirc`: its interpolation syntax, or any other reference syntax ({@link isReference})
 * in the value read with its `%` signs left out, which twine reads literally.
 */
function isPypircReference(value: string): boolean {
  return PYPIRC_REFERENCE.test(value) || isReference(value.replace(/%/g, '\0'));
}

/**
 * Where Docker, Podman, Buildah and Skopeo keep registry logins: `~/.docker/config.json`,
 * `.dockercfg`, and `containers/auth.json` under `$XDG_RUNTIME_DIR` (`run/user/<uid>/`), in
 * `~/.config/` and `/etc/`, or in `run/containers/<uid>/` (root, without `XDG_RUNTIME_DIR`).
 */
const DOCKER_CONFIG_PATH =
  /(?:^|\/)(?:\.docker\/config\.json|\.dockercfg|containers\/auth\.json|run\/containers\/[0-9]{1,10}\/auth\.json)$/;

/**
 * Docker and Podman registry credentials: `"auth": "<base64 of user:password>"` and
 * `"identitytoken": "<token>"` in `~/.docker/config.json`, `.dockercfg` or `containers/auth.json`.
 * `docker login` writes them after a successful login, so a literal is a live credential.
 */
export const dockerConfigAuth = patternDetector({
  id: 'docker-config-auth',
  description: 'registry credentials in a Docker config.json',
  family: 'package-registry',
  kind: 'context',
  keywords: ['"auth"', '"identitytoken"'],
  caseSensitive: true,
  paths: DOCKER_CONFIG_PATH,
  pattern: /"(?<field>auth|identitytoken)"[ \t\r\n]{0,16}:[ \t\r\n]{0,16}"(?<secret>[^"\\\s]{4,4096})"/,
  maxLength: 4150,
  confidence: 'high',
  allowRegularBody: true,
  verify: ({ secret, groups }) => {
    if (groups['field'] === 'identitytoken') {
      return !isReference(secret) && !isPlaceholder(secret) && looksRandom(secret, 16, 3.0) ? 'high' : undefined;
    }
    const decoded = decodeBase64(secret);
    if (!decoded || !/^[\x20-\x7e]+$/.test(decoded)) return undefined;
    const colon = decoded.indexOf(':');
    if (colon <= 0 || colon === decoded.length - 1) return undefined;
    const confidence = judgePassword(decoded.slice(colon + 1), decoded.slice(0, colon));
    return confidence === 'low' ? 'low' : confidence && 'high';
  },
});

const NETRC_PATH = /(?:^|\/)[._]netrc$/;
// Where a .netrc entry starts: the `machine` or `default` token.
const NETRC_ENTRY = /(?<![^\s])(?:machine|default)(?![^\s])/g;
const NETRC_LOGIN = /(?<![^\s])login[ \t\r\n]{1,16}"?(?<login>[^\s"]{1,256})/;
const NETRC_WINDOW = 512;
// The anonymous-FTP convention: the login `anonymous` or `ftp`, an e-mail address (or part of one) as password.
const ANONYMOUS_LOGIN = /^(?:anonymous|ftp)$/i;
const EMAIL_LIKE = /^[A-Za-z0-9._%+-]{0,64}@(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8})?$/;

/** The login of the .netrc entry around `at`..`end` (its tokens within 512 characters either side), if any. */
function netrcLogin(text: string, at: number, end: number): string | undefined {
  const from = Math.max(0, at - NETRC_WINDOW);
  const around = text.slice(from, Math.min(text.length, end + NETRC_WINDOW));
  let entryStart = 0;
  let entryEnd = around.length;
  for (const m of around.matchAll(NETRC_ENTRY)) {
    if (m.index < at - from) entryStart = m.index;
    else if (m.index >= end - from) {
      entryEnd = m.index;
      break;
    }
  }
  return NETRC_LOGIN.exec(around.slice(entryStart, entryEnd))?.groups?.['login'];
}

/**
 * `.netrc` / `_netrc`: `machine host login user password secret` (tokens on one line or several).
 * Anonymous FTP logins (`login anonymous password ftp@acme.dev`) hold no secret and are skipped.
 */
export const netrcPassword = patternDetector({
  id: 'netrc-password',
  description: 'password in a .netrc file',
  family: 'credential',
  kind: 'context',
  keywords: ['password'],
  paths: NETRC_PATH,
  pattern: /(?<![^\s])password[ \t\r\n]{1,16}(?<q>"?)(?<secret>[^"\r\n]{1,256}?)\k<q>(?![^\s])/,
  maxLength: 290,
  confidence: 'medium',
  allowRegularBody: true,
  verify: ({ text, secret, groups, matchStart, matchEnd }) => {
    if (!groups['q'] && /\s/.test(secret)) return undefined;
    // `# password for the mirror`: a comment.
    const before = text.slice(Math.max(0, matchStart - 256), matchStart);
    if (before.slice(before.lastIndexOf('\n') + 1).includes('#')) return undefined;
    if (EMAIL_LIKE.test(secret) && ANONYMOUS_LOGIN.test(netrcLogin(text, matchStart, matchEnd) ?? '')) return undefined;
    return judgePassword(secret);
  },
});

function isSchemeCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46;
}

/**
 * `~/.git-credentials` (git's credential store): one `https://user:password@host` per line. Git
 * stores only credentials that worked, so any literal password there is a live one: high.
 */
export const gitCredentialsPassword = patternDetector({
  id: 'git-credentials-password',
  description: 'password in git credential store (.git-credentials)',
  family: 'credential',
  kind: 'context',
  keywords: ['://'],
  stepBack: { chars: isSchemeCode, max: 32 },
  paths: GIT_CREDENTIALS_PATH,
  pattern: /(?<![^\n])[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/(?<user>[^\s:/@]{0,256}):(?<secret>[^\s/@]{1,256})@[^\s/?#@]{1,256}/,
  maxLength: 810,
  confidence: 'high',
  allowRegularBody: true,
  verify: ({ secret, groups }) => {
    const confidence = judgePassword(secret, groups['user']);
    return confidence === 'low' ? 'low' : confidence && 'high';
  },
});

const MAVEN_SETTINGS_PATH = /(?:^|\/)settings(?:-[A-Za-z0-9._-]{1,32})?\.xml$/;
const commentOpenKey = {};
const commentCloseKey = {};

/** True when `at` sits inside an XML comment (`<!-- … -->`): the next `-->` comes before any `<!--`. */
function insideXmlComment(text: string, at: number, scan: ScanContext): boolean {
  const next = (needle: string) => (from: number) => {
    const i = text.indexOf(needle, from);
    return i < 0 ? undefined : { at: i, value: null };
  };
  const close = scan.firstFrom(commentCloseKey, at, next('-->'));
  if (!close) return false;
  const open = scan.firstFrom(commentOpenKey, at, next('<!--'));
  return !open || close.at < open.at;
}

const mavenSettingsPattern = patternDetector({
  id: 'maven-settings-password',
  description: 'server password in Maven settings.xml',
  family: 'package-registry',
  kind: 'context',
  keywords: ['<password>', '<passphrase>'],
  caseSensitive: true,
  paths: MAVEN_SETTINGS_PATH,
  pattern: /<(?<tag>password|passphrase)>[ \t\r\n]{0,16}(?<secret>[^<\s](?:[^<\r\n]{0,254}[^<\s])?)[ \t\r\n]{0,16}<\/\k<tag>>/,
  maxLength: 320,
  confidence: 'medium',
  allowRegularBody: true,
  verify: ({ secret }) => {
    // `{COQLCE6DU6GtcS5P=}`: encrypted with the master password of settings-security.xml.
    if (/^\{[A-Za-z0-9+/]{8,}={0,2}\}$/.test(secret)) return 'low';
    return judgePassword(secret);
  },
});

/**
 * Maven `settings.xml`: `<server>` `<password>` and key `<passphrase>`. Passwords Maven encrypted
 * (`{…}`) are low: the master key usually sits next to them. Commented-out examples (the stock file
 * has some) are skipped.
 */
export const mavenSettingsPassword: SecretDetector = {
  ...mavenSettingsPattern,
  match(text, start, scan) {
    const hit = mavenSettingsPattern.match(text, start, scan);
    return hit && !insideXmlComment(text, start, scan) ? hit : undefined;
  },
};

const HTPASSWD_PATH = /(?:^|\/)(?:\.?htpasswd(?:[._-][A-Za-z0-9._-]{0,64})?|[^/]{1,128}\.htpasswd)$/;

function isNotBlank(c: number): boolean {
  return c !== 32 && c !== 9 && c !== 10 && c !== 13;
}

/**
 * htpasswd files (Apache, nginx, Docker registry): `user:hash`. A hash there is a crackable
 * credential: unsalted SHA-1 (`{SHA}`) and APR1-MD5 (`$apr1$`) fall to a GPU quickly (high);
 * bcrypt and SHA-crypt (`$2y$`, `$5$`, `$6$`) resist longer (medium). Elsewhere such hashes are not
 * reported. DES crypt (13 characters with no marker) has no keyword to find it by and is skipped.
 */
export const htpasswdHash = patternDetector({
  id: 'htpasswd-hash',
  description: 'password hash in an htpasswd file',
  family: 'credential',
  kind: 'context',
  keywords: ['$apr1$', '{SHA}', '$2y$', '$2a$', '$2b$', '$5$', '$6$'],
  caseSensitive: true,
  stepBack: { chars: isNotBlank, max: 128 },
  paths: HTPASSWD_PATH,
  pattern:
    /(?<![^\n])[^:\s]{1,127}:(?<secret>\$apr1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}|\{SHA\}[A-Za-z0-9+/]{27}=|\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}|\$[56]\$(?:rounds=[0-9]{1,9}\$)?[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{43,86})(?=$|[\r\n:])/,
  maxLength: 260,
  confidence: 'medium',
  prefix: /^(?:\$apr1\$|\{SHA\}|\$2[aby]\$[0-9]{2}\$|\$[56]\$)/,
  verify: ({ secret }) => (secret.startsWith('$apr1$') || secret.startsWith('{SHA}') ? 'high' : 'medium'),
});

// ---------------------------------------------------------------------------------------------
// Code forges
// ---------------------------------------------------------------------------------------------

/** Bitbucket app passwords: `ATBB` + 32 base62. */
export const bitbucketAppPassword = prefixedToken({
  id: 'bitbucket-app-password',
  description: 'Bitbucket app password',
  family: 'code-forge',
  prefix: 'ATBB',
  body: '[A-Za-z0-9]{32}',
  maxBody: 32,
});

const gitlabDetectors = [
  gitlabToken('gitlab-cicd-job-token', 'glcbt-', 'GitLab CI/CD job token'),
  gitlabToken('gitlab-oauth-app-secret', 'gloas-', 'GitLab OAuth application secret', 64),
  gitlabToken('gitlab-feed-token', 'glft-', 'GitLab feed token'),
  gitlabToken('gitlab-incoming-mail-token', 'glimt-', 'GitLab incoming email token', 25),
  gitlabToken('gitlab-scim-token', 'glsoat-', 'GitLab SCIM token'),
  gitlabToken('gitlab-agent-token', 'glagent-', 'GitLab agent for Kubernetes token', 50),
  gitlabToken('gitlab-feature-flag-client-token', 'glffct-', 'GitLab feature flags client token'),
  gitlabToken('gitlab-runner-registration-token', 'GR1348941', 'GitLab runner registration token (deprecated)'),
];

// ---------------------------------------------------------------------------------------------
// AI providers
// ---------------------------------------------------------------------------------------------

/** OpenAI admin keys (organization administration API): `sk-admin-` and a `T3BlbkFJ`-marked body. */
export const openaiAdminKey = prefixedToken({
  id: 'openai-admin-key',
  description: 'OpenAI admin API key',
  family: 'ai',
  prefix: 'sk-admin-',
  body: '[A-Za-z0-9_-]{40,250}',
  maxBody: 250,
  edge: 'A-Za-z0-9_-',
  verify: ({ body }) => (body.includes('T3BlbkFJ') ? 'high' : 'medium'),
});

/** Anthropic Admin API keys: `sk-ant-admin01-` and a base64url body. */
export const anthropicAdminKey = patternDetector({
  id: 'anthropic-admin-key',
  description: 'Anthropic admin API key',
  family: 'ai',
  keywords: ['sk-ant-admin'],
  caseSensitive: true,
  pattern: /(?<![A-Za-z0-9_-])sk-ant-admin[0-9]{2}-[A-Za-z0-9_-]{32,200}(?![A-Za-z0-9_-])/,
  maxLength: 218,
  confidence: 'high',
  prefix: /^sk-ant-admin[0-9]{2}-/,
  minEntropy: 3.5,
});

const aiDetectors = [
  openaiAdminKey,
  anthropicAdminKey,
  prefixedToken({ id: 'groq-api-key', description: 'Groq API key', family: 'ai', prefix: 'gsk_', body: '[A-Za-z0-9]{52}', maxBody: 52 }),
  prefixedToken({
    id: 'replicate-api-token',
    description: 'Replicate API token',
    family: 'ai',
    prefix: 'r8_',
    body: '[A-Za-z0-9]{37}',
    maxBody: 37,
    edge: 'A-Za-z0-9_-',
    verify: ({ body }) => (characterClasses(body) >= 2 ? 'high' : undefined),
  }),
  prefixedToken({
    id: 'perplexity-api-key',
    description: 'Perplexity API key',
    family: 'ai',
    prefix: 'pplx-',
    body: '[A-Za-z0-9]{48}',
    maxBody: 48,
    edge: 'A-Za-z0-9_-',
  }),
  prefixedToken({
    id: 'xai-api-key',
    description: 'xAI (Grok) API key',
    family: 'ai',
    prefix: 'xai-',
    body: '[A-Za-z0-9]{80}',
    maxBody: 80,
    edge: 'A-Za-z0-9_-',
    minEntropy: 4.0,
  }),
  prefixedToken({
    id: 'openrouter-api-key',
    description: 'OpenRouter API key',
    family: 'ai',
    prefix: 'sk-or-v1-',
    body: '[a-f0-9]{64}',
    maxBody: 64,
    edge: 'A-Za-z0-9_-',
    minEntropy: 3.0,
  }),
  prefixedToken({
    id: 'huggingface-org-token',
    description: 'Hugging Face organization API token',
    family: 'ai',
    prefix: 'api_org_',
    body: '[A-Za-z]{34}',
    maxBody: 34,
    verify: ({ body }) => (hasBothCases(body) ? 'high' : undefined),
  }),
  patternDetector({
    id: 'langsmith-api-key',
    description: 'LangSmith API key',
    family: 'ai',
    keywords: ['lsv2_pt_', 'lsv2_sk_'],
    caseSensitive: true,
    pattern: /(?<![A-Za-z0-9_])lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}(?![A-Za-z0-9_])/,
    maxLength: 51,
    confidence: 'high',
    prefix: /^lsv2_(?:pt|sk)_/,
    minEntropy: 3.0,
  }),
  prefixedToken({
    id: 'pinecone-api-key',
    description: 'Pinecone API key',
    family: 'ai',
    prefix: 'pcsk_',
    body: '[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}',
    maxBody: 70,
    minEntropy: 4.0,
  }),
];

// ---------------------------------------------------------------------------------------------
// Key files
// ---------------------------------------------------------------------------------------------

/** base64 of `-----BEGIN` (and 4 bits of the next character). */
const BASE64_PEM = 'LS0tLS1CRUdJTi';
// Far beyond any real key (a 16384-bit RSA key is 17 Ki in base64), and within private-key's reach,
// which sizes the overlap of streamed scans.
const MAX_BASE64_KEY = 64 * 1024;

/** The confidence of a complete PEM private key encoded in `b64`, or undefined when it is none. */
function base64PrivateKey(b64: string): Confidence | undefined {
  const decoded = decodeBase64(b64);
  if (!decoded) return undefined;
  const hit = matchPrivateKey(decoded, 0);
  return hit && decoded.slice(0, hit.end).endsWith('-----') ? hit.confidence : undefined;
}

/**
 * kubeconfig `client-key-data: <base64 of a PEM private key>`: the key that authenticates a user to
 * a cluster. The value is decoded and must hold a complete private key with a real body.
 */
export const kubeconfigClientKey = patternDetector({
  id: 'kubeconfig-client-key',
  description: 'client private key in a kubeconfig (client-key-data)',
  family: 'private-key',
  kind: 'context',
  keywords: ['client-key-data'],
  caseSensitive: true,
  pattern: new RegExp(
    `client-key-data["']?[ \\t]{0,8}:[ \\t]{0,8}["']?(?<secret>${BASE64_PEM}[A-Za-z0-9+/]{60,${MAX_BASE64_KEY}}={0,2})(?![A-Za-z0-9+/=])`,
  ),
  maxLength: MAX_BASE64_KEY + 50,
  confidence: 'high',
  prefix: new RegExp(`^${BASE64_PEM}`),
  allowRegularBody: true,
  verify: ({ secret }) => base64PrivateKey(secret),
});

const KUBECONFIG_KEY_BEFORE = /client-key-data["']?[ \t]*:[ \t]*["']?$/;

/**
 * A PEM private key stored base64-encoded (`LS0tLS1CRUdJTi…`), as in Kubernetes Secrets
 * (`tls.key:`), Helm values and CI variables. Decoded and checked like a PEM key; certificates and
 * public keys encode the same way and are not reported. kubeconfig fields are kubeconfig-client-key's.
 */
export const base64PrivateKeyDetector: SecretDetector = patternDetector({
  id: 'base64-private-key',
  description: 'base64-encoded private key',
  family: 'private-key',
  keywords: [BASE64_PEM],
  caseSensitive: true,
  pattern: new RegExp(`(?<![A-Za-z0-9+/])${BASE64_PEM}[A-Za-z0-9+/]{60,${MAX_BASE64_KEY}}={0,2}(?![A-Za-z0-9+/=])`),
  maxLength: MAX_BASE64_KEY + 20,
  confidence: 'high',
  prefix: new RegExp(`^${BASE64_PEM}`),
  allowRegularBody: true,
  verify: ({ text, secret, matchStart }) => {
    if (KUBECONFIG_KEY_BEFORE.test(text.slice(Math.max(0, matchStart - 40), matchStart))) return undefined;
    return base64PrivateKey(secret);
  },
});

/**
 * PuTTY private key files (`.ppk`, formats 2 and 3): header, public lines, optional Argon2 key
 * derivation lines, `Private-Lines: N` and the MAC. Unencrypted keys are high, encrypted medium.
 */
export const puttyPrivateKey = patternDetector({
  id: 'putty-private-key',
  description: 'PuTTY private key',
  family: 'private-key',
  keywords: ['PuTTY-User-Key-File-'],
  caseSensitive: true,
  pattern:
    /PuTTY-User-Key-File-[1-3]: [A-Za-z0-9@.-]{3,64}\r?\nEncryption: (?<encryption>[A-Za-z0-9-]{2,32})\r?\nComment: [^\r\n]{0,256}\r?\nPublic-Lines: [0-9]{1,3}\r?\n(?:[A-Za-z0-9+/=]{1,128}\r?\n){1,128}(?:(?:Key-Derivation|Argon2-[A-Za-z]{1,16}): [^\r\n]{1,128}\r?\n){0,8}Private-Lines: [0-9]{1,3}\r?\n(?<private>(?:[A-Za-z0-9+/=]{1,128}\r?\n){1,128})Private-(?:MAC|Hash): [0-9a-f]{40,64}(?![0-9a-f])/,
  maxLength: 35_100,
  confidence: 'high',
  prefix: /^PuTTY-User-Key-File-[1-3]: [A-Za-z0-9@.-]{3,40}/,
  allowRegularBody: true,
  verify: ({ groups }) => {
    const body = (groups['private'] ?? '').replace(/\s/g, '');
    if (body.length < 40 || shannonEntropy(body) < 4.0) return undefined;
    return groups['encryption'] === 'none' ? 'high' : 'medium';
  },
});

// ---------------------------------------------------------------------------------------------
// Connection strings
// ---------------------------------------------------------------------------------------------

const JDBC_HEADER = /jdbc:[a-z0-9]{2,20}[:/]/y;
const JDBC_ORACLE = /jdbc:oracle:(?:thin|oci8?):(?<user>[A-Za-z0-9_$#]{1,30})\/(?<secret>[^\s@"'<>/]{1,128})@/dy;
// Ends a URL: a blank, a quote, a tag, a backtick.
const JDBC_URL_END = /[\s"'<>`]/g;
const JDBC_PASSWORD = /[?&;:](?:password|Password|PASSWORD|pwd|Pwd|PWD)=/g;
const JDBC_VALUE = /[^\s&;"'<>`]{1,256}/y;
const JDBC_USER = /[?&;:](?:user|User|USER|username|userName|UID|uid)=(?<user>[^\s&;"'<>`]{1,128})/;
const JDBC_WINDOW = 512;
const jdbcUrlEndKey = {};
const jdbcPasswordKey = {};

/**
 * JDBC URLs with a password: a `password=` parameter (`jdbc:postgresql://db/app?user=a&password=…`,
 * `jdbc:sqlserver://db;user=sa;password=…`) or Oracle's `jdbc:oracle:thin:user/password@host`.
 * (`jdbc:mysql://user:password@host` is a URL password, url-password's.) The URL's end and the next
 * `password=` are memoized searches, so a run of `jdbc:` costs linear time.
 */
export const jdbcPassword: SecretDetector = {
  id: 'jdbc-password',
  description: 'password in a JDBC URL',
  family: 'credential',
  kind: 'context',
  keywords: ['jdbc:'],
  caseSensitive: true,
  maxLength: JDBC_WINDOW + 270,
  match(text, start, scan): DetectorHit | undefined {
    JDBC_HEADER.lastIndex = start;
    if (!JDBC_HEADER.test(text)) return undefined;
    let span: [number, number] | undefined;
    let user: string | undefined;
    JDBC_ORACLE.lastIndex = start;
    const oracle = JDBC_ORACLE.exec(text);
    if (oracle) {
      span = oracle.indices!.groups!['secret'];
      user = oracle.groups!['user'];
    } else {
      const urlEnd = scan.firstFrom(jdbcUrlEndKey, start, (from) => {
        JDBC_URL_END.lastIndex = from;
        const m = JDBC_URL_END.exec(text);
        return { at: m ? m.index : text.length, value: null };
      })!.at;
      const param = scan.firstFrom(jdbcPasswordKey, start, (from) => {
        JDBC_PASSWORD.lastIndex = from;
        const m = JDBC_PASSWORD.exec(text);
        return m ? { at: m.index, value: m[0].length } : undefined;
      });
      if (!param || param.at >= urlEnd || param.at - start > JDBC_WINDOW) return undefined;
      JDBC_VALUE.lastIndex = param.at + param.value;
      const value = JDBC_VALUE.exec(text);
      if (!value) return undefined;
      span = [value.index, value.index + value[0].length];
      user = JDBC_USER.exec(text.slice(start, param.at))?.groups?.['user'];
    }
    if (!span) return undefined;
    const confidence = judgePassword(text.slice(span[0], span[1]), user);
    return confidence ? { start: span[0], end: span[1], confidence } : undefined;
  },
};

const CONNECTION_KEY = /(?:password|pwd)[ \t]{0,4}=[ \t]{0,4}/iy;
const CONNECTION_VALUE = /'(?<sq>[^'\r\n]{1,128})'|"(?<dq>[^"\r\n]{1,128})"|\{(?<br>[^{}\r\n]{1,128})\}|(?<plain>[^;'"`\r\n]{1,128})/dy;
// Where the string holding a connection string ends: a quote, a newline, a tag.
const STRING_EDGE = /[\r\n"'`<>]/;
function isStringEdge(c: number): boolean {
  return c === 10 || c === 13 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62;
}
const SERVER_KEY =
  /(?:^|[;\s:=])(?:server|data ?source|host|hostname|address|addr|network ?address|dsn|driver|provider|initial ?catalog|database|dbname)[ \t]*=/i;
const USER_KEY = /(?:^|[;\s:=])(?:user ?id|uid|user ?name|user)[ \t]*=[ \t]*(?<user>[^;]{1,128})/i;
const CONNECTION_WINDOW = 256;

/**
 * ADO.NET / ODBC / OLE DB connection strings: `Server=db;Database=app;User Id=sa;Password=…;`.
 * `Password=`/`Pwd=` must be one of the `key=value;` pairs of a string that also names a server,
 * data source, driver or database.
 */
export const connectionStringPassword: SecretDetector = {
  id: 'connection-string-password',
  description: 'password in a database connection string',
  family: 'credential',
  kind: 'context',
  keywords: ['password', 'pwd'],
  maxLength: CONNECTION_WINDOW * 2 + 160,
  match(text, start): DetectorHit | undefined {
    CONNECTION_KEY.lastIndex = start;
    if (!CONNECTION_KEY.test(text)) return undefined;
    // A key of the string: after `;` or where the string starts (a quote, `=`, a line, a blank).
    let p = start - 1;
    while (p >= 0 && p > start - 16 && (text[p] === ' ' || text[p] === '\t')) p--;
    const lead = p < 0 ? '\n' : text[p]!;
    if (!/[;"'`=\n\s]/.test(lead)) return undefined;
    const valueStart = CONNECTION_KEY.lastIndex;
    CONNECTION_VALUE.lastIndex = valueStart;
    const v = CONNECTION_VALUE.exec(text);
    if (!v?.indices?.groups) return undefined;
    const group = (['sq', 'dq', 'br', 'plain'] as const).find((g) => v.groups![g] !== undefined)!;
    let [secretStart, secretEnd] = v.indices.groups[group]!;
    if (group === 'plain') while (secretEnd > secretStart && /[ \t]/.test(text[secretEnd - 1]!)) secretEnd--;
    let after = CONNECTION_VALUE.lastIndex;
    while (text[after] === ' ' || text[after] === '\t') after++;
    const next = text[after];
    if (next !== undefined && next !== ';' && !STRING_EDGE.test(next)) return undefined;
    // A `;` must separate this pair from another.
    if (lead !== ';' && next !== ';') return undefined;
    // The string around the pair, up to its quotes or line ends.
    let from = start;
    const floor = Math.max(0, start - CONNECTION_WINDOW);
    while (from > floor && !isStringEdge(text.charCodeAt(from - 1))) from--;
    let to = after;
    const ceiling = Math.min(text.length, after + CONNECTION_WINDOW);
    while (to < ceiling && !isStringEdge(text.charCodeAt(to))) to++;
    const whole = text.slice(from, to);
    if (/jdbc:/i.test(whole)) return undefined;
    if (!SERVER_KEY.test(whole)) return undefined;
    const secret = text.slice(secretStart, secretEnd);
    if (secret.length === 0) return undefined;
    const confidence = judgePassword(secret, USER_KEY.exec(whole)?.groups?.['user']?.trim());
    return confidence ? { start: secretStart, end: secretEnd, confidence } : undefined;
  },
};

export const devDetectors: SecretDetector[] = [
  rubygemsApiKey,
  nugetApiKey,
  artifactoryApiKey,
  artifactoryReferenceToken,
  clojarsDeployToken,
  cratesIoApiToken,
  pypircPassword,
  dockerConfigAuth,
  netrcPassword,
  gitCredentialsPassword,
  mavenSettingsPassword,
  htpasswdHash,
  bitbucketAppPassword,
  ...gitlabDetectors,
  ...aiDetectors,
  kubeconfigClientKey,
  base64PrivateKeyDetector,
  puttyPrivateKey,
  jdbcPassword,
  connectionStringPassword,
];
