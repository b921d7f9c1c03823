/**
 * Regressions of the generic `secret-assignment` detector found by the labelled corpus
 * (test/secrets/labelled/corpus.ts): each realistic text that was missed is found with its exact
 * span, the look-alikes next to each change stay silent, and the new forms keep the scan linear.
 *
 * Secrets are built at run time from seeds 11000 and up (no literal secret-shaped strings).
 */
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_RANK, classifySecretName, findSecrets, valueKind } from '../../src/secrets/index.js';
import { looksFabricated } from '../../src/secrets/entropy.js';
import { BASE62, BASE64, BASE64URL, DIGITS, LOWER, random } from './samples.js';

const GENERIC = 'secret-assignment';

/** A generated password that is safe unquoted (first character alphanumeric). */
const pw = (seed: number): string => random(BASE62, 1, seed) + random(BASE62 + '-_.~', 19, seed + 1);
const b64 = (data: string): string => Buffer.from(data).toString('base64');
const b64url = (data: string): string => Buffer.from(data).toString('base64url');

/** `secret` is reported (by the generic detector unless told) with its exact span, at medium or above. */
function expectFound(text: string, secret: string, detectorId = GENERIC, path?: string): void {
  const at = text.indexOf(secret);
  expect(at, 'the secret is in the text').toBeGreaterThanOrEqual(0);
  const matches = findSecrets(text, { path });
  const match = matches.find((m) => m.start === at && m.end === at + secret.length);
  expect(match, `found: ${matches.map((m) => `${m.detectorId} ${m.masked} [${m.start}, ${m.end})`).join('; ')}`).toBeDefined();
  expect(match!.detectorId).toBe(detectorId);
  expect(CONFIDENCE_RANK[match!.confidence]).toBeGreaterThanOrEqual(CONFIDENCE_RANK.medium);
}

/** No detector reports anything, at any confidence. */
function expectSilent(text: string): void {
  expect(findSecrets(text).map((m) => `${m.detectorId}: ${m.masked}`)).toEqual([]);
}

describe('long unquoted values (STS session tokens)', () => {
  const session = 'IQoJb3JpZ2luX2Vj' + random(BASE64, 624, 11000);

  it('finds a 640-character session token in ~/.aws/credentials', () => {
    const text = `[ci-deployer]\naws_access_key_id=AS${'IA'}${random('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 11003)}\naws_session_token=${session}\n`;
    expectFound(text, session);
  });

  it('finds it with blanks around `=`, with base64 padding, and quoted in JSON', () => {
    const padded = random(BASE64, 718, 11006) + '==';
    expectFound(`[default]\naws_session_token = ${padded}\n`, padded);
    expectFound(`{\n  "Credentials": {\n    "SessionToken": "${session}",\n    "Expiration": "2024-05-01T12:00:00Z"\n  }\n}`, session);
  });

  it('still ignores values past 2048 characters, values with an inner `=`, and encoded documents', () => {
    expectSilent(`aws_session_token=${random(BASE64, 2100, 11009)}\n`);
    expectSilent(`api_token=${random(BASE64, 100, 11012)}=${random(BASE64, 100, 11015)}\n`);
    expectSilent(`api_token=${random(BASE64, 100, 11018)}:${random(BASE64, 100, 11021)}\n`);
    // A base64 document (JSON, PEM) under a secret name: the format's own detectors judge those.
    const doc = b64(JSON.stringify({ kind: 'settings', note: 'nothing secret here', items: Array.from({ length: 12 }, (_, i) => `item-${i}`) }));
    expect(doc.length).toBeGreaterThan(128);
    expectSilent(`ENV APP_CREDENTIALS=${doc}\n`);
  });
});

describe('aligned separators (terraform fmt)', () => {
  it('finds a value behind 12 blanks and `=`', () => {
    const token = random(BASE62 + '_-', 40, 11030);
    const text = `provider "cloudflare" {\n  email                = "ops@acme.dev"\n  api_token            = "${token}"\n}\n`;
    expectFound(text, token);
  });

  it('finds a value behind 38 blanks', () => {
    const token = random(BASE62, 40, 11033);
    expectFound(`  api_token${' '.repeat(38)}= "${token}"\n`, token);
  });

  it('ignores aligned references to variables and data sources', () => {
    expectSilent('provider "cloudflare" {\n  api_token            = var.cloudflare_api_token\n}\n');
    expectSilent('  api_token         = data.vault_generic_secret.web.data["token"]\n');
  });
});

describe('define() and environment calls', () => {
  // WordPress's key generator alphabet, without quotes and `$`.
  const salt = random(BASE62 + '!@#%^&*()-_[]{}~+=,.;:/?|', 64, 11040);

  it("finds WordPress's DB_PASSWORD (and AUTH_KEY, which wordpress-auth-key reports)", () => {
    const password = pw(11043);
    const text = `<?php\ndefine( 'DB_NAME', 'acme_blog' );\ndefine( 'DB_PASSWORD', '${password}' );\n\ndefine( 'AUTH_KEY',         '${salt}' );\n`;
    expectFound(text, password);
    expectFound(text, salt, 'wordpress-auth-key');
    // Without the WordPress detector the generic one reads define() itself.
    expect(findSecrets(text, { exclude: ['wordpress-auth-key'] }).map((m) => [m.detectorId, m.start])).toContainEqual([GENERIC, text.indexOf(salt)]);
  });

  it('finds putenv, setenv and setdefault calls', () => {
    const a = random(BASE62, 40, 11046);
    const b = pw(11049);
    const c = random(BASE62, 32, 11052);
    expectFound(`os.environ.setdefault('API_TOKEN', '${a}')\n`, a);
    expectFound(`  setenv("DB_PASSWORD", "${b}", 1);\n`, b);
    expectFound(`putenv("GITLAB_TOKEN", "${c}");\n`, c);
  });

  it('ignores constants that are not secrets, placeholders, calls and other functions', () => {
    expectSilent("define('DEBUG', true);\ndefine( 'WP_DEBUG', false );\ndefine('TOKEN_TTL', '3600');\n");
    expectSilent("define( 'DB_PASSWORD', 'password_here' );\ndefine( 'AUTH_KEY', 'put your unique phrase here' );\n");
    expectSilent("define('DB_PASSWORD', getenv('DB_PASSWORD'));\ndefine( 'DB_PASSWORD', '' );\n");
    expectSilent(`logger.info('token', '${random(BASE62, 32, 11055)}');\nt('password', 'Passwort');\n`);
    expectSilent(`os.environ.setdefault('API_TOKEN', os.environ['CI_TOKEN'])\n`);
  });
});

describe('$-variables of PHP, Perl and PowerShell', () => {
  it('finds PHP, PowerShell and Perl assignments of quoted literals', () => {
    const php = pw(11060);
    const ps = pw(11063);
    const perl = random(BASE62, 40, 11066);
    const env = random(BASE62, 36, 11069);
    expectFound(`<?php\n$db_host = 'shop-db.acme.internal';\n$db_password = '${php}';\n`, php);
    expectFound(`$ErrorActionPreference = 'Stop'\n$DeployPassword = '${ps}'\n`, ps);
    expectFound(`use strict;\nmy $api_token = "${perl}";\n`, perl);
    expectFound(`$env:API_TOKEN = "${env}"\n`, env);
  });

  it('keeps shell references references', () => {
    expectSilent('curl -H "X-Token: $TOKEN" https://api.acme.dev\necho ${TOKEN}\nexport API_TOKEN=$API_TOKEN\n');
    expectSilent('TOKEN=$(cat /run/secrets/token)\npassword="${DB_PASSWORD}"\n');
    expectSilent('$password = "$(Get-Content /run/secrets/pw)"\n$api_token = "${env:API_TOKEN}"\n');
  });

  it('ignores comparisons, pairs, matches, empty values and values that are code', () => {
    expectSilent("if ($password == '') { return; }\nif ($password === 'x') {}\n");
    expectSilent("$config = ['db_password' => $password, 'api_token' => getenv('API_TOKEN')];\nforeach ($tokens as $token => $secret) {}\n");
    expectSilent("if ($password =~ /^\\w+$/) {}\n$api_token = '';\nmy $password = 'changeme';\n$token = $_GET['token'];\n");
  });
});

describe('XML key/value attributes', () => {
  it('finds NuGet.Config and appSettings secrets', () => {
    const password = pw(11080);
    const apiKey = random(BASE62, 32, 11083);
    const smtp = pw(11086);
    expectFound(
      `<packageSourceCredentials>\n  <acme-internal>\n    <add key="Username" value="ci-nuget" />\n    <add key="ClearTextPassword" value="${password}" />\n  </acme-internal>\n</packageSourceCredentials>\n`,
      password,
    );
    expectFound(`<appSettings>\n  <add key="ApiKey" value="${apiKey}"/>\n</appSettings>\n`, apiKey);
    expectFound(`<appSettings>\n  <add key="Smtp:Password" value="${smtp}" />\n</appSettings>\n`, smtp);
  });

  it('ignores settings that are not secrets, references and empty values', () => {
    expectSilent('<appSettings>\n  <add key="Theme" value="dark"/>\n  <add key="TokenLifetime" value="01:00:00"/>\n</appSettings>\n');
    expectSilent('<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />\n<add key="Password" value="" />\n<add key="ApiKey" value="{{ api_key }}"/>\n');
    expectSilent('<add key="PasswordMinLength" value="12"/>\n<add key="ApiKeyHeader" value="X-Api-Key"/>\n');
  });
});

describe('redis requirepass and masterauth', () => {
  it('are password names', () => {
    for (const name of ['requirepass', '--requirepass', 'masterauth', 'REDIS_REQUIREPASS', 'redis.masterauth']) {
      expect(classifySecretName(name)?.kind, name).toBe('password');
    }
    expect(classifySecretName('requirepass_file')).toBeUndefined();
  });

  it('finds the command-line flag and the redis.conf directives', () => {
    const a = random(BASE62, 32, 11100);
    const b = pw(11103);
    const c = pw(11106);
    expectFound(`  cache:\n    image: redis:7.4\n    command: redis-server --requirepass ${a} --appendonly yes\n`, a);
    expectFound(`bind 0.0.0.0\nport 6379\nrequirepass ${b}\nmasterauth ${c}\n`, b);
    expectFound(`bind 0.0.0.0\nport 6379\nrequirepass ${b}\nmasterauth ${c}\n`, c);
  });

  it('ignores placeholders, references, comments and prose', () => {
    expectSilent('# requirepass foobared\nrequirepass foobared\n');
    expectSilent('requirepass ${REDIS_PASSWORD}\n    command: redis-server --requirepass ${REDIS_PASSWORD:-changeme}\n');
    expectSilent('redis-server --requirepass "$REDIS_PASSWORD"\nmasterauth <master-password>\n');
    expectSilent('The requirepass directive sets the password clients must send.\nrequirepass directive\n');
  });
});

describe('xxx inside random values', () => {
  it('finds generated passwords and tokens holding `XXx` or `xXXf`', () => {
    const password = `${random(BASE62, 9, 11120)}XXx${random(BASE62 + '-._~', 8, 11123)}`;
    expectFound(`var dbPassword = "${password}"\n`, password);
    const ghp = 'gh' + 'p_' + 'xXXf' + random(BASE62, 32, 11126);
    expectFound(`ENV GITHUB_TOKEN=${ghp}`, ghp, 'github-pat');
    // The same PAT as a registry password, base64 in a Docker config's `auth`.
    const auth = b64(`acme-bot:${ghp}`);
    expectFound(JSON.stringify({ auths: { 'ghcr.io': { auth } } }), auth, 'docker-config-auth', 'home/runner/.docker/config.json');
    expect(valueKind(`Qm9XXx2kLp7Z${random(BASE62, 8, 11129)}`)).toBe('literal');
    expect(looksFabricated(`xXXx${random(BASE62, 32, 11132)}`)).toBe(false);
  });

  it('keeps runs of x in one case and values mostly of x placeholders', () => {
    for (const v of ['xxxxxxxx', 'XXXX-XXXX', 'xxx-xxx-xxx', 'sk-xxx', `ab${'XXXX'}cd9`, 'xxx', 'XxXx']) {
      expect(valueKind(v), v).toBe('placeholder');
    }
    expect(looksFabricated('XXXXabcd')).toBe(true);
    expectSilent(`ENV AWS_ACCESS_KEY_ID=AK${'IA'}${'X'.repeat(16)}\nENV GITHUB_TOKEN=gh${'p_'}${'x'.repeat(36)}\nPASSWORD=xxxx${random(DIGITS, 4, 11135)}\n`);
  });
});

describe('secret-store paths', () => {
  it('ignores a hashi_vault lookup term and other lowercase store paths', () => {
    expectSilent(`web_api_token: "{{ lookup('community.hashi_vault.hashi_vault', 'secret=secret/data/web:token url=https://vault.acme.dev') }}"\n`);
    expectSilent("token: secret/data/web:token\nclient_secret: kv/app/oauth\napi_token = 'secret/data/ci'\n");
    expect(valueKind('secret/data/web:token')).toBe('path');
  });

  it('still finds random values that contain slashes', () => {
    const token = `${random(BASE62, 10, 11140)}/${random(BASE64, 30, 11143)}`;
    expectFound(`API_TOKEN=${token}\n`, token);
    const lower = `k9/${random(LOWER + DIGITS, 10, 11146)}Q${random(BASE62, 8, 11149)}`;
    expectFound(`password: ${lower}\n`, lower);
  });
});

describe('public by design', () => {
  const mapboxPublic = 'pk' + '.' + b64url(JSON.stringify({ u: 'acme-maps', a: random(LOWER + DIGITS, 25, 11160) })) + '.' + random(BASE64URL, 22, 11163);
  const stripePublishable = 'pk' + '_live_' + random(BASE62, 99, 11166);

  it('names with PUBLIC or PUBLISHABLE are not secret names', () => {
    for (const name of ['MAPBOX_PUBLIC_TOKEN', 'PUBLIC_TOKEN', 'STRIPE_PUBLISHABLE_KEY', 'NEXT_PUBLIC_API_KEY', 'VITE_PUBLIC_SECRET', 'publicApiToken']) {
      expect(classifySecretName(name), name).toBeUndefined();
    }
    expect(classifySecretName('MAPBOX_SECRET_TOKEN')?.kind).toBe('token');
  });

  it('ignores public and publishable names and values', () => {
    expectSilent(`MAPBOX_PUBLIC_TOKEN=${mapboxPublic}\nSTRIPE_PUBLISHABLE_KEY=${stripePublishable}\n`);
    expectSilent(`NEXT_PUBLIC_API_URL=https://api.acme.dev\nNEXT_PUBLIC_ANALYTICS_TOKEN=${random(BASE62, 32, 11169)}\n`);
    expectSilent(`VITE_PUBLIC_SENTRY_KEY=${random(BASE62, 32, 11172)}\nSSH_PUBLIC_KEY=${random(BASE64, 68, 11175)}\n`);
    expectSilent(`mapbox_token: ${mapboxPublic}\nstripe_key: "${stripePublishable}"\n`);
  });

  it('still finds the secret names next to them', () => {
    const token = random(BASE62, 40, 11178);
    expectFound(`MAPBOX_PUBLIC_TOKEN=${mapboxPublic}\nAPI_TOKEN=${token}\n`, token);
  });
});

/**
 * 1 MiB inputs built against the new forms: a judged value must not be rescanned per keyword hit in
 * it, nor a long value judged once per hit.
 */
describe('linear time on 1 MiB of the new forms', () => {
  const SIZE = 1 << 20;
  const BUDGET_MS = 1000;
  const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
  const token = random(BASE64, 2000, 11190);
  const inputs: Record<string, string> = {
    'key=key= chain': fill('key=key='),
    'a_token=AAAA chain': fill('a_token=AAAA'),
    'a_token= and 2000 base64 characters, repeated': fill(`a_token=${token} `),
    'a_token= and 2000 characters of keywords, repeated': fill(`a_token=${'tokenA'.repeat(333)} `),
    'quoted 2000-character tokens': fill(`"a_token": "${token}", `),
    'token: chain up to 2000': fill(`${'token:'.repeat(330)} `),
    'key= chains of 2000 characters': fill(`${'key='.repeat(500)} `),
    '+token: chains of 2000 characters': fill(`${'+token:'.repeat(285)} `),
    'a_token=AAAA chains of 2000 characters': fill(`${'a_token=AAAA'.repeat(166)}\n`),
    'inner = every 100 characters': fill(`api_token=${random(BASE64, 100, 11193)}=`),
    'endless token': 'aws_session_token=' + fill('QUJD'),
    'aligned names without values': fill(`api_token${' '.repeat(40)}=${' '.repeat(40)}`),
    'dollar names': fill('$token = '),
    'dollar names with quotes': fill(`$db_password = '${'a'.repeat(30)}`),
    'define calls': fill("define('TOKEN', "),
    'define with unterminated values': fill("define('AUTH_KEY', '" + 'x'.repeat(100)),
    'key attributes': fill('<add key="Password" value="'),
    'nested key attribute names': fill(':password'),
    'redis directives': fill('\nrequirepass '),
    'masterauth words': fill('masterauth'),
    'colon-separated names': fill(':token:Token:TOKEN'),
  };
  it.each(Object.entries(inputs))('%s', (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(SIZE);
    const started = performance.now();
    findSecrets(text);
    expect(performance.now() - started).toBeLessThan(BUDGET_MS);
  });
});
