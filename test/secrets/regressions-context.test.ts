/**
 * Regressions of the context and file-format detectors found by the labelled corpus
 * (test/secrets/labelled/corpus.ts): the realistic text each missed is found with its exact span
 * and confidence, and the look-alikes next to each fix stay silent. Secrets are built at run time.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSecrets, type Confidence } from '../../src/secrets/index.js';
import { BASE32, BASE62, BASE64, DIGITS, HEX, UPPER, random } from './samples.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const b64url = (s: string): string => Buffer.from(s).toString('base64url');
/** A generated password, safe unquoted in shells, configs and URLs. */
const pw = (seed: number): string => random(BASE62, 1, seed) + random(BASE62 + '-_.~', 19, seed + 1);
const akia = (seed: number): string => 'AK' + 'IA' + random(BASE32, 16, seed);
const awsSecret = (seed: number): string => random(BASE64, 40, seed);
const jwt = (payload: object, seed: number, alg = 'HS256'): string => {
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  if (alg === 'none') return `${head}.${body}.`;
  return `${head}.${body}.${createHmac('sha256', random(BASE62, 32, seed)).update(`${head}.${body}`).digest('base64url')}`;
};

/** The matches of `detectorId` in `text`, as `[secret, confidence]`. */
function found(detectorId: string, text: string, path?: string): Array<[string, Confidence]> {
  return findSecrets(text, { path })
    .filter((m) => m.detectorId === detectorId)
    .map((m) => [text.slice(m.start, m.end), m.confidence]);
}

/** `detectorId` reports exactly `secret` (its first occurrence in `text`) at `confidence`. */
function expectFound(detectorId: string, text: string, secret: string, confidence: Confidence, path?: string): void {
  const start = text.indexOf(secret);
  expect(start, 'the secret is in the text').toBeGreaterThanOrEqual(0);
  const matches = findSecrets(text, { path }).filter((m) => m.detectorId === detectorId);
  expect(matches.map((m) => [m.start, m.end, m.confidence])).toEqual([[start, start + secret.length, confidence]]);
}

describe('pypirc-password: only ConfigParser interpolation and whole placeholders are references', () => {
  const path = 'home/ci/.pypirc';

  it('finds a generated password that contains %d, %s or %v', () => {
    for (const [i, format] of ['%d', '%s', '%v'].entries()) {
      const secret = `${random(BASE62, 11, 12000 + i)}${format}.${random(BASE62 + '-_', 8, 12010 + i)}`;
      const text = `[distutils]\nindex-servers = internal\n\n[internal]\nrepository: https://nexus.acme.internal/repository/pypi/\nusername: ci\npassword: ${secret}\n`;
      expectFound('pypirc-password', text, secret, 'high', path);
    }
  });

  it('stays silent on interpolation, lone format placeholders and other references', () => {
    for (const value of ['%(pypi_password)s', '%(here)s', '%(here)s/../token', '%s', '%PYPI_TOKEN%', '${PYPI_TOKEN}', '{{ pypi_token }}']) {
      expect(found('pypirc-password', `[pypi]\nusername = __token__\npassword = ${value}\n`, path), value).toEqual([]);
    }
  });
});

describe('docker-config-auth: Podman, Buildah and Skopeo auth files', () => {
  const secret = b64(`acme+builder:${random(UPPER + DIGITS, 64, 12020)}`);
  const text = `{\n  "auths": {\n    "quay.io": {\n      "auth": "${secret}"\n    }\n  }\n}\n`;

  it.each([
    'run/containers/0/auth.json',
    'run/containers/1000/auth.json',
    'run/user/1000/containers/auth.json',
    'home/builder/.config/containers/auth.json',
    'etc/containers/auth.json',
    'root/.docker/config.json',
  ])('finds the registry login in %s', (path) => {
    expectFound('docker-config-auth', text, secret, 'high', path);
  });

  it.each(['run/containers/storage/auth.json', 'srv/app/auth.json', 'run/containers/0/notes/auth.json', 'app/test/fixtures/auth.json'])(
    'stays silent in %s',
    (path) => {
      expect(found('docker-config-auth', text, path)).toEqual([]);
    },
  );
});

describe('http-authorization-header: a blank between the header name and a scheme', () => {
  it('finds nginx proxy_set_header Authorization "Basic …"', () => {
    const secret = b64(`gateway:${pw(12030)}`);
    const text = `location /legacy/ {\n        proxy_pass http://legacy-upstream;\n        proxy_set_header Host $host;\n        proxy_set_header Authorization "Basic ${secret}";\n        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n}\n`;
    expectFound('http-authorization-header', text, secret, 'high');
  });

  it('finds the unquoted nginx form and Apache RequestHeader', () => {
    const basic = b64(`svc:${pw(12032)}`);
    expectFound('http-authorization-header', `proxy_set_header Authorization Basic ${basic};\n`, basic, 'high');
    const bearer = random(BASE62, 40, 12034);
    expectFound('http-authorization-header', `RequestHeader set Authorization "Bearer ${bearer}"\n`, bearer, 'high');
  });

  it('stays silent on prose and on headers forwarded from variables', () => {
    for (const text of [
      'The Authorization header is required for every request.',
      'Send the Authorization header with a Bearer token obtained from /oauth/token.',
      'Authorization token required: ask the platform team for one.',
      'Authorization Bearer tokens expire after an hour.',
      'proxy_set_header Authorization $http_authorization;',
      'proxy_set_header Authorization "Bearer $upstream_token";',
      'proxy_set_header Authorization "Basic <base64 of user:password>";',
      'RequestHeader set Authorization "Bearer %{TOKEN}e"',
      'RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]',
    ]) {
      expect(found('http-authorization-header', text), text).toEqual([]);
    }
  });
});

describe('http-authorization-header: a JWT is judged as the jwt detector judges it', () => {
  // jwt.io's documented sample: its payload, and a signature of the same shape.
  const sample = jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }, 12040);

  it('stays silent on the jwt.io sample token after Authorization: Bearer', () => {
    for (const text of [
      `GET /api/invoices HTTP/1.1\nHost: api.acme.dev\nAuthorization: Bearer ${sample}\n`,
      `curl -H "Authorization: Bearer ${sample}" https://api.acme.dev/v1/me`,
      `proxy_set_header Authorization "Bearer ${sample}";`,
    ]) {
      expect(findSecrets(text).map((m) => m.detectorId), text).toEqual([]);
    }
  });

  it('stays silent on a token issued by example.com', () => {
    const token = jwt({ iss: 'https://auth.example.com', sub: 'svc-portal', iat: 1_700_000_000 }, 12042);
    expect(findSecrets(`Authorization: Bearer ${token}\n`).map((m) => m.detectorId)).toEqual([]);
  });

  it('still reports a real bearer JWT (as jwt, medium) and an unsigned one (low)', () => {
    const token = jwt({ sub: 'svc-portal', aud: 'internal-api', iat: 1_700_000_000 }, 12044);
    expectFound('jwt', `Authorization: Bearer ${token}\n`, token, 'medium');
    const unsigned = jwt({ sub: 'svc-portal', aud: 'internal-api', iat: 1_700_000_000 }, 12046, 'none');
    const matches = findSecrets(`Authorization: Bearer ${unsigned}\n`);
    expect(matches.map((m) => m.confidence)).toEqual(['low']);
  });

  it('still judges opaque dotted tokens that are no JWT as before', () => {
    const opaque = `${random(BASE62, 24, 12048)}.${random(BASE62, 24, 12049)}`;
    expectFound('http-authorization-header', `Authorization: Bearer ${opaque}\n`, opaque, 'high');
  });
});

describe('mysql-password-flag: the exec form of a Compose healthcheck', () => {
  it('finds -p<password> quoted as one argument', () => {
    const secret = pw(12050);
    const text = `services:\n  db:\n    image: mysql:8.4\n    healthcheck:\n      test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-uroot", "-p${secret}"]\n      interval: 10s\n`;
    expectFound('mysql-password-flag', text, secret, 'high');
  });

  it('finds it in JSON exec forms and in single quotes', () => {
    const secret = pw(12052);
    expectFound('mysql-password-flag', `"command": ["mysql","-uroot","-p${secret}","-e","SELECT 1"]`, secret, 'high');
    const other = pw(12054);
    expectFound('mysql-password-flag', `test: ['CMD', 'mysqladmin', 'ping', '-p${other}']`, other, 'high');
  });

  it('stays silent on references, a bare -p and -p of other commands', () => {
    for (const text of [
      'test: ["CMD-SHELL", "mysqladmin ping -h localhost -uroot -p$$MYSQL_ROOT_PASSWORD"]',
      'test: ["CMD", "mysqladmin", "ping", "-uroot", "-p${MYSQL_ROOT_PASSWORD}"]',
      'test: ["CMD", "mysqladmin", "ping", "-uroot", "-p"]',
      'test: ["CMD", "mysqladmin", "ping", "-p", "-h", "db"]',
      'test: ["CMD", "mysqladmin", "ping", "-P", "3306"]',
      'test: ["CMD", "pg_isready", "-h", "localhost", "-p5432x"]',
      'command: ["mysqld", "--user=mysql", "--pid-file=/run/mysqld/mysqld.pid"]',
      'command: ["mkdir", "-p", "/var/lib/mysql-files"]',
      'RUN mysql --version && tar "-pcf" /backup.tar /var/lib/mysql',
    ]) {
      expect(found('mysql-password-flag', text), text).toEqual([]);
    }
  });
});

describe('context detectors: aligned separators (terraform fmt, YAML)', () => {
  const pad = (n: number): string => ' '.repeat(n);

  it('finds an AWS secret access key after a wide gap', () => {
    const secret = awsSecret(12060);
    expectFound('aws-secret-access-key', `aws_secret_access_key${pad(20)}= "${secret}"\n`, secret, 'high');
    expectFound('aws-secret-access-key', `AWS_SECRET_ACCESS_KEY:${pad(30)}${secret}\n`, secret, 'high');
  });

  it('finds a Scaleway secret key after a wide gap', () => {
    const h = random(HEX, 32, 12062);
    const secret = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    expectFound('scaleway-secret-key', `SCW_ACCESS_KEY: SCW${random(UPPER + DIGITS, 17, 12063)}\nSCW_SECRET_KEY:${pad(12)}${secret}\n`, secret, 'high');
  });

  it('finds a legacy Vault token after a wide gap', () => {
    const secret = 's.' + random(BASE62, 24, 12064);
    expectFound('vault-legacy-token', `vault_addr${pad(2)}= "https://vault.acme.internal:8200"\nvault_token${pad(16)}= "${secret}"\n`, secret, 'high');
  });

  it('finds Datadog keys after a wide gap', () => {
    const api = random(HEX, 32, 12066);
    const app = random(HEX, 40, 12068);
    const text = `datadog_api_key${pad(20)}= "${api}"\ndatadog_application_key${pad(12)}= "${app}"\n`;
    expectFound('datadog-api-key', text, api, 'high');
    expectFound('datadog-app-key', text, app, 'high');
  });

  it('stays silent when the gap holds more than blanks', () => {
    const secret = awsSecret(12070);
    expect(found('aws-secret-access-key', `aws_secret_access_key${pad(10)}# rotated yearly\n${pad(10)}= "${secret}"\n`)).toEqual([]);
  });
});

describe("aws-secret-access-key: secret_key of Terraform's AWS provider", () => {
  it('finds secret_key next to access_key in a provider "aws" block', () => {
    const secret = awsSecret(12080);
    const text = `provider "aws" {\n  region     = "eu-central-1"\n  access_key = "${akia(12081)}"\n  secret_key = "${secret}"\n}\n`;
    expectFound('aws-secret-access-key', text, secret, 'high', 'infra/terraform/providers.tf');
  });

  it('finds it before access_key, with an alias and a nested block', () => {
    const secret = awsSecret(12082);
    const text = `provider "aws" {\n  alias      = "replica"\n  secret_key = "${secret}"\n  access_key = var.replica_access_key\n\n  default_tags {\n    tags = { Team = "platform" }\n  }\n}\n`;
    expectFound('aws-secret-access-key', text, secret, 'high');
  });

  it('stays silent on secret_key outside an AWS provider block', () => {
    const secret = awsSecret(12084);
    for (const text of [
      `provider "alicloud" {\n  access_key = "LTAI${random(BASE62, 20, 12085)}"\n  secret_key = "${secret}"\n}\n`,
      `provider "aws" {\n  region     = "eu-central-1"\n  access_key = "${akia(12086)}"\n}\n\nprovider "minio" {\n  access_key = "minio"\n  secret_key = "${secret}"\n}\n`,
      `resource "minio_iam_service_account" "ci" {\n  access_key = "${akia(12087)}"\n  secret_key = "${secret}"\n}\n`,
      `secret_key = "${secret}"\n`,
      `provider "aws" {\n  region  = "eu-central-1"\n  profile = "ops"\n  secret_key = "${secret}"\n}\n`,
      `provider "aws" {\n  access_key = "${akia(12088)}"\n  assume_role {\n    secret_key = "${secret}"\n  }\n}\n`,
    ]) {
      expect(found('aws-secret-access-key', text), text).toEqual([]);
    }
  });
});

describe('netrc-password: anonymous FTP', () => {
  const path = 'home/ftp/.netrc';

  it('stays silent on login anonymous or ftp with an e-mail address as password', () => {
    for (const text of [
      'machine ftp.acme.dev login anonymous password ftp@acme.dev\n',
      'machine mirror.acme.internal\nlogin anonymous\npassword ftp@acme.dev\n',
      'machine ftp.acme.dev password guest@ login ftp\n',
      'default login anonymous password user@\n',
    ]) {
      expect(found('netrc-password', text, path), text).toEqual([]);
    }
  });

  it('still finds real passwords, for anonymous logins too', () => {
    const secret = pw(12090);
    expectFound('netrc-password', `machine ftp.acme.dev login deploy password ${secret}\n`, secret, 'high', path);
    const other = pw(12092);
    expectFound('netrc-password', `machine ftp.acme.dev login anonymous password ${other}\n`, other, 'high', path);
  });

  it('judges each entry by its own login', () => {
    const text = 'machine ftp.acme.dev login anonymous password ftp@acme.dev\nmachine ops.acme.dev login ops password ops.bot@acme.dev\n';
    expect(found('netrc-password', text, path)).toEqual([['ops.bot@acme.dev', 'high']]);
  });
});
