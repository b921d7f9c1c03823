/**
 * What kind of thing a value is, judged from its text alone: a reference to a secret kept
 * elsewhere, a path, a setting (boolean, number, duration, size), a URL, a placeholder, prose, or a
 * literal that could be a secret. Secret-denoting names only count when the value is a literal.
 */

/** The kinds {@link valueKind} tells apart. Only `literal` can be a secret. */
export type ValueKind =
  | 'empty'
  | 'reference'
  | 'path'
  | 'boolean'
  | 'number'
  | 'version'
  | 'duration'
  | 'size'
  | 'url'
  | 'placeholder'
  | 'prose'
  | 'literal';

// `$VAR`, `${VAR}`, `$(cmd)`, `$1`, backticks: expanded by Docker or the shell, not literal.
const SHELL_REFERENCE = /\$[{(A-Za-z_0-9]|`/;
// Template and format syntax of the tools that fill values in later.
const TEMPLATE_REFERENCE = /\{\{|\{%|<%|#\{|%\(|%\{|\(\([^()]*\)\)|^%[A-Za-z_][A-Za-z0-9_]*%$|^@[A-Za-z_][A-Za-z0-9_]*@$|^__[A-Z][A-Z0-9_]*__$|%[sdv](?![A-Za-z0-9])/;
// Pointers into secret stores: sops, Ansible Vault, HashiCorp Vault, 1Password, AWS, Azure, GCP, Kubernetes.
const STORE_REFERENCE = /^ENC\[|^!vault|^(?:vault|op|awssm|ssm|secretsmanager|gcpsm|azkv|keyvault|sops|k8s|kubernetes|env):|^arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):|@Microsoft\.KeyVault\(|^projects\/[^/]+\/secrets\/|secretKeyRef|valueFrom|\/run\/secrets\//i;

// Reading a variable in code: `process.env.API_KEY`, `os.environ`, `settings.SECRET_KEY`, `this.token`.
const CODE_REFERENCE = /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|(?:this|self|cls|process|os|config|cfg|conf|settings|env|ctx|context|opts|options|args|argv|params|props|secrets|vars|values|app|request|req)\.[A-Za-z_$])/;
const BOOLEAN = /^(?:true|false|yes|no|on|off|y|n|enabled?|disabled?)$/i;
const NUMBER = /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[-+]?\d+)?$|^0x[0-9a-f]{1,16}$/i;
const VERSION = /^v?\d+(?:\.\d+)+(?:[-+~][0-9A-Za-z.+~-]*)?$/;
const DURATION = /^(?:\d+(?:\.\d+)?\s?(?:ns|us|µs|ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|years?))+$/i;
const SIZE = /^\d+(?:\.\d+)?\s?(?:[kmgtpe]i?b?|b|bytes?)$/i;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;

const ABSOLUTE_PATH = /^(?:\/|\.{1,2}\/|~\/|~$|[A-Za-z]:[\\/]|\\\\)/;
const PATH_SHAPE = /^[\w.@%+~:,-]*(?:[/\\][\w.@%+~:,-]*)+$/;
const RELATIVE_PATH = /^[\w.-]+(?:\/[\w.@-]+)+\/?$/;
const FILE_EXTENSION = /\.[A-Za-z0-9]{1,5}$/;
// Secret-store paths, with an optional field: `secret/data/web:token` (a hashi_vault lookup term),
// `kv/app/db`. Lowercase words only: generated secrets mix cases and digits.
const STORE_PATH = /^[a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)+(?::[a-z][a-z0-9_-]*)?$/;
const COMMON_DIRECTORY = /^(?:assets|config|conf|etc|secrets?|certs?|keys?|ssl|tls|run|var|home|opt|usr|tmp|data|app|src|lib|bin|build|dist|resources|credentials)\//;

// Whole values that stand in for a secret. Compared after lowercasing and dropping `-`, `_`, space.
const PLACEHOLDER_WORDS = new Set([
  'changeme', 'changeit', 'changethis', 'replaceme', 'replacethis', 'todo', 'tbd', 'fixme', 'dummy', 'example',
  'sample', 'placeholder', 'fake', 'foo', 'bar', 'foobar', 'baz', 'none', 'null', 'nil', 'undefined', 'unset',
  'notset', 'empty', 'blank', 'redacted', 'hidden', 'masked', 'secret', 'secrets', 'password', 'passwd', 'pass',
  'pwd', 'passphrase', 'token', 'apitoken', 'authtoken', 'accesstoken', 'apikey', 'key', 'accesskey', 'secretkey',
  'privatekey', 'credential', 'credentials', 'creds', 'mysecret', 'mypassword', 'mypass', 'mytoken', 'mykey',
  'myapikey', 'value', 'string', 'str', 'text', 'required', 'optional', 'na', 'n/a', 'tobedefined', 'tobeset',
  'setme', 'fillme', 'generated', 'random', 'auto', 'default',
]);
// `xxxx` counts in one case only: random tokens contain `XXx` or `xXXf` by chance (about 1 in 900 of
// 36 characters), a run of four in one case hardly ever. Angle brackets hold words (`<your-token>`):
// generated passwords and WordPress salts often hold `<;a(…>`.
const PLACEHOLDER_SUBSTRING = /change[-_ ]?me|changeit|replace[-_ ]?(?:me|with|this)|placeholder|example|dummy|redacted|\.\.\.|\u2026|(?:^|[^a-z])your[-_ ]?[a-z]|<[A-Za-z0-9][\w .:@/-]{0,63}>|[-_ ]here$|^(?:insert|enter|put|add|set|fill)[-_ ]/i;
const PLACEHOLDER_X_RUN = /xxxx|XXXX/;
const WRAPPED = /^(?:<[^<>]*>|\[[^[\]]*\]|\{[^{}]*\}|\*+[^*]*\*+)$/;

// Literal but well known: first guesses, vendor defaults and service names. Worth a note, not an alarm.
const WEAK_DEFAULTS = new Set([
  'admin', 'administrator', 'root', 'toor', 'guest', 'test', 'testing', 'tester', 'demo', 'user', 'users',
  'postgres', 'postgresql', 'mysql', 'mariadb', 'mongo', 'mongodb', 'redis', 'rabbitmq', 'oracle', 'sa', 'sql',
  'docker', 'dev', 'development', 'local', 'localhost', 'qwerty', 'letmein', 'welcome', 'abc123', '1234', '12345',
  '123456', '1234567', '12345678', '123456789', '1234567890', 'password1', 'password123', 'pass123', 'passw0rd',
  'p@ssw0rd', 'p@ssword', 'secret123', 'supersecret', 'admin123', 'root123', 'test123', 'qwerty123', 'master',
  'pw', 'jenkins', 'gitlab', 'elastic', 'kibana', 'airflow', 'superset', 'keycloak', 'grafana', 'minio',
  'minioadmin', 'minio123', 'pass', 'secret', 'password', 'changeme123', 'welcome1', 'hunter2',
]);

/** Strips one pair of matching outer quotes; returns the inner text and where it starts. */
export function unquote(value: string): { text: string; offset: number } {
  if (value.length >= 2) {
    const q = value[0];
    if ((q === '"' || q === "'") && value[value.length - 1] === q) return { text: value.slice(1, -1), offset: 1 };
  }
  return { text: value, offset: 0 };
}

/** True when `value` refers to something defined elsewhere instead of being a literal. */
export function isReference(value: string): boolean {
  return SHELL_REFERENCE.test(value) || TEMPLATE_REFERENCE.test(value) || STORE_REFERENCE.test(value) || CODE_REFERENCE.test(value);
}

/** True for values that stand in for a secret: `changeme`, `<your-token>`, `xxxx`, `REPLACE_ME`, `password`. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^(.)\1*$/s.test(v) || /(.)\1{5}/s.test(v)) return true;
  if (WRAPPED.test(v)) return true;
  if (PLACEHOLDER_WORDS.has(v.toLowerCase().replace(/[-_ ]/g, ''))) return true;
  return PLACEHOLDER_SUBSTRING.test(v) || PLACEHOLDER_X_RUN.test(v) || mostlyX(v) || mostlySequential(v);
}

/** At least half the letters and digits are `x` or `X` (`xxx-xxx`, `sk-xxx`, `xXx123`). */
function mostlyX(v: string): boolean {
  let x = 0;
  let alnum = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) | 32;
    if (c === 120) x++;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) alnum++;
  }
  return x > 0 && x * 2 >= alnum;
}

/** At least half the value is runs like `abcdef`, `654321` or `aaaaaa` (runs of 4 or more count). */
function mostlySequential(v: string): boolean {
  let covered = 0;
  let run = 1;
  let step = NaN;
  for (let i = 1; i <= v.length; i++) {
    const d = i < v.length ? v.charCodeAt(i) - v.charCodeAt(i - 1) : NaN;
    if (Math.abs(d) <= 1 && (run === 1 || d === step)) {
      step = d;
      run++;
    } else {
      if (run >= 4) covered += run;
      run = 1;
      step = NaN;
      if (Math.abs(d) <= 1) {
        step = d;
        run = 2;
      }
    }
  }
  return covered * 2 >= v.length;
}

// Tokens public by design, shipped to browsers: Mapbox public tokens (`pk.eyJ…`; secret ones are
// `sk.`) and Stripe publishable keys.
const PUBLIC_BY_DESIGN = /^(?:pk\.[A-Za-z0-9_-]|pk_(?:live|test)_)/;

/** True for tokens meant to be public (`pk.…` of Mapbox, `pk_live_…` of Stripe): never secrets. */
export function isPublicByDesign(value: string): boolean {
  return PUBLIC_BY_DESIGN.test(value);
}

/** True for literal values everyone tries first (`admin`, `root`, `postgres`, `123456`). */
export function isWeakDefault(value: string): boolean {
  return WEAK_DEFAULTS.has(value.toLowerCase());
}

function isPath(v: string): boolean {
  if (/\s/.test(v)) return false;
  if (ABSOLUTE_PATH.test(v)) {
    if (!PATH_SHAPE.test(v) && !/^~$/.test(v)) return false;
    const slashes = v.split(/[/\\]/).length - 1;
    return slashes >= 2 || FILE_EXTENSION.test(v) || /^[/\\][a-z0-9_.-]*$/.test(v) || /^\.{1,2}\//.test(v);
  }
  return (RELATIVE_PATH.test(v) && (FILE_EXTENSION.test(v) || COMMON_DIRECTORY.test(v))) || STORE_PATH.test(v);
}

/**
 * Classifies a value (outer quotes already removed). Checks run from most to least specific, so a
 * reference inside a path is a reference and `0` is a boolean.
 */
export function valueKind(value: string): ValueKind {
  const v = value.trim();
  if (v.length === 0) return 'empty';
  if (isReference(v)) return 'reference';
  if (/^file:/i.test(v) || isPath(v)) return 'path';
  if (URL.test(v)) return 'url';
  if (BOOLEAN.test(v)) return 'boolean';
  if (NUMBER.test(v)) return 'number';
  if (VERSION.test(v)) return 'version';
  if (DURATION.test(v)) return 'duration';
  if (SIZE.test(v)) return 'size';
  if (isPlaceholder(v)) return 'placeholder';
  if (isProse(v)) return 'prose';
  return 'literal';
}

/** Three or more words of letters: a sentence, a label, a description. */
function isProse(v: string): boolean {
  const words = v.split(/\s+/).filter((w) => /^[A-Za-z][A-Za-z'’,.:;!?()-]*$/.test(w));
  return words.length >= 3;
}

/**
 * True for a value that reads like a name in code: a member access (`config.db.password`) or
 * an identifier made of words without digits (`receivedDiff`, `NonSharedBuffer`,
 * `"?InterpolationInTemplate"`).
 * Random strings split into short pieces at their frequent case and digit changes; identifiers into
 * words (mean piece length 3.5 or more).
 */
export function looksLikeIdentifier(value: string, quoted = false): boolean {
  const core = value.replace(/^[^A-Za-z0-9_$]+|[^A-Za-z0-9_$]+$/g, '');
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(core)) return false;
  // Unquoted, a member chain is code (`passphrase = _ffi.NULL`, `token = self.token`). Quoted, it is a
  // string: a dotted path of words (`"settings.SECRET_KEY"`) names something, a random password with
  // a dot in it (`'MBMcbYpbk._ByAfyzMNC'`) does not.
  if (core.includes('.')) return !quoted || core.split('.').every((segment) => madeOfWords(segment));
  // Human passwords are often words and digits (`Summer2024`); identifiers seldom carry digits.
  if (/\d/.test(core)) return false;
  return madeOfWords(core);
}

/** Its camelCase and snake_case pieces average 3.5 letters or more, as words do. */
function madeOfWords(name: string): boolean {
  const pieces = name
    .split(/[_$]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])/)
    .filter((p) => p.length > 0);
  const letters = pieces.reduce((n, p) => n + p.length, 0);
  return pieces.length > 0 && letters / pieces.length >= 3.5;
}
