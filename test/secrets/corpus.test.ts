/**
 * A small labelled corpus: realistic files with planted secrets (each must be found, by the right
 * detector, at the right place) and files full of look-alikes (nothing may be found). Issue 5 grows
 * this into the recall/precision report per family.
 */
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../src/secrets/index.js';
import { BASE62, HEX, bcryptHash, make, npmIntegrity, pem, random } from './samples.js';

interface Planted {
  detectorId: string;
  secret: string;
}

const pw = make.password(200);
const urlPw = make.urlPassword(201);
const djangoKey = random(BASE62 + '!@#%^*-_=+', 50, 202);

const labelled: Array<{ file: string; text: string; planted: Planted[] }> = [
  {
    file: 'Dockerfile',
    text: `# syntax=docker/dockerfile:1
FROM node:20-bookworm@sha256:${make.sha256(203)} AS build
ARG NPM_TOKEN
ENV NODE_ENV=production PASSWORD_MIN_LENGTH=12 API_URL=https://api.internal
WORKDIR /app
RUN echo "//registry.npmjs.org/:_authToken=${make.npm(204)}" > .npmrc \\
 && npm ci --omit=dev \\
 && rm .npmrc
ENV GITHUB_TOKEN=${make.github('ghp_', 205)}
RUN curl -fsSL \\
      -u deploy:${pw} https://nexus.internal/repository/raw/tool.tgz -o /tmp/tool.tgz \\
 && echo "${make.sha256(206)}  /tmp/tool.tgz" | sha256sum -c -
RUN --mount=type=secret,id=aws AWS_SHARED_CREDENTIALS_FILE=/run/secrets/aws aws s3 cp s3://bucket/x /x
COPY <<CONFIG /etc/app/config.yml
database:
  url: postgres://app:${urlPw}@db.internal:5432/app
  pool: 10
CONFIG
USER node
`,
    planted: [
      { detectorId: 'npm-access-token', secret: make.npm(204) },
      { detectorId: 'github-pat', secret: make.github('ghp_', 205) },
      { detectorId: 'curl-user-password', secret: pw },
      { detectorId: 'url-password', secret: urlPw },
    ],
  },
  {
    file: '.env',
    text: `APP_ENV=production
DEBUG=false
DATABASE_URL=postgres://app:\${DB_PASSWORD}@db:5432/app
STRIPE_SECRET_KEY=${make.stripe('sk_live_', 207)}
STRIPE_PUBLISHABLE_KEY=${make.stripe('pk_live_', 208)}
SENDGRID_API_KEY=${make.sendgrid(209)}
SESSION_SECRET=${random(BASE62, 48, 210)}
TOKEN_TTL=3600
`,
    planted: [
      { detectorId: 'stripe-secret-key', secret: make.stripe('sk_live_', 207) },
      { detectorId: 'sendgrid-api-key', secret: make.sendgrid(209) },
      { detectorId: 'secret-assignment', secret: random(BASE62, 48, 210) },
    ],
  },
  {
    file: 'docker-compose.yml',
    text: `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
      POSTGRES_USER: app
  worker:
    image: acme/worker:1.4.2
    environment:
      SLACK_BOT_TOKEN: ${make.slackBot(211)}
      OPENAI_API_KEY: "${make.openaiProject(212)}"
      HF_TOKEN: \${HF_TOKEN}
secrets:
  db_password:
    file: ./secrets/db_password.txt
`,
    planted: [
      { detectorId: 'slack-token', secret: make.slackBot(211) },
      { detectorId: 'openai-api-key', secret: make.openaiProject(212) },
    ],
  },
  {
    file: 'service-account.json',
    text: JSON.stringify(
      {
        type: 'service_account',
        project_id: 'acme-prod',
        private_key_id: random(HEX, 40, 213),
        private_key: pem.rsaPkcs8,
        client_email: 'deployer@acme-prod.iam.gserviceaccount.com',
        client_id: random('0123456789', 21, 214),
      },
      null,
      2,
    ),
    planted: [{ detectorId: 'private-key', secret: JSON.stringify(pem.rsaPkcs8.trimEnd()).slice(1, -1) }],
  },
  {
    file: 'settings.py',
    text: `import os
SECRET_KEY = '${djangoKey}'
DEBUG = os.environ.get("DEBUG") == "1"
AWS_ACCESS_KEY_ID = "${make.awsKeyId(215)}"
AWS_SECRET_ACCESS_KEY = "${make.awsSecret(216)}"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
`,
    planted: [
      { detectorId: 'secret-assignment', secret: djangoKey },
      { detectorId: 'aws-access-key-id', secret: make.awsKeyId(215) },
      { detectorId: 'aws-secret-access-key', secret: make.awsSecret(216) },
    ],
  },
  {
    file: 'deploy.sh',
    text: `#!/bin/sh
set -eu
export ANTHROPIC_API_KEY=${make.anthropic(217)}
echo "${make.dockerHub(218)}" | docker login -u acme --password-stdin
curl -sS -H "Authorization: Bearer ${make.jwt({ sub: 'deployer', scope: 'releases' }, 'HS256', 219)}" https://releases.internal/api
git push https://oauth2:${make.gitlab('glpat-', 220)}@gitlab.com/acme/app.git
`,
    planted: [
      { detectorId: 'anthropic-api-key', secret: make.anthropic(217) },
      { detectorId: 'docker-hub-token', secret: make.dockerHub(218) },
      { detectorId: 'jwt', secret: make.jwt({ sub: 'deployer', scope: 'releases' }, 'HS256', 219) },
      { detectorId: 'gitlab-pat', secret: make.gitlab('glpat-', 220) },
    ],
  },
  {
    file: '.pypirc',
    text: `[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ${make.pypi(221)}\n`,
    planted: [{ detectorId: 'pypi-api-token', secret: make.pypi(221) }],
  },
];

const clean: Array<{ file: string; text: string }> = [
  {
    file: 'Dockerfile (official-image style)',
    text: `FROM debian:bookworm-slim
ENV GPG_KEYS 7169605F62C751356D054A26A821E680E5FA6305 A035C8C19219BA821ECEA86B64E628F8D684696D
ENV PYTHON_VERSION 3.12.4
ENV PYTHON_SHA256 ${make.sha256(230)}
RUN set -eux; \\
	wget -O python.tar.xz "https://www.python.org/ftp/python/\${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; \\
	echo "$PYTHON_SHA256 *python.tar.xz" | sha256sum -c -; \\
	GNUPGHOME="$(mktemp -d)"; export GNUPGHOME; \\
	gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$GPG_KEYS"; \\
	adduser --disabled-password --gecos "" app; \\
	echo 'PermitEmptyPasswords no' >> /etc/ssh/sshd_config
ARG MYSQL_ROOT_PASSWORD
RUN --mount=type=secret,id=token,env=GITHUB_TOKEN ./build.sh
`,
  },
  {
    file: 'package-lock.json',
    text: JSON.stringify({
      packages: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [
          `node_modules/pkg-${i}`,
          { version: `1.${i}.0`, resolved: `https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.${i}.0.tgz`, integrity: npmIntegrity(240 + i) },
        ]),
      ),
    }),
  },
  {
    file: 'en.json',
    text: JSON.stringify({
      password: 'Password',
      password_hint: 'At least 8 characters, one digit',
      token_expired: 'Your session token has expired',
      api_key_label: 'API key',
      secret_question: 'What is your favourite colour?',
    }),
  },
  {
    file: 'README.md',
    text: `Set \`GITHUB_TOKEN=<your-token>\` and \`DATABASE_URL=postgres://user:password@localhost:5432/db\`.
Use \`AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\` and \`AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\` in the examples.
The header \`-----BEGIN RSA PRIVATE KEY-----\` marks a PEM key. Slack URLs look like https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX.
`,
  },
  {
    file: 'k8s.yaml',
    text: `env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef:
        name: db
        key: password
  - name: API_TOKEN
    value: "\${API_TOKEN}"
  - name: SECRET_NAME
    value: db-credentials
`,
  },
  { file: 'shadow', text: `root:${bcryptHash(250)}:19000:0:99999:7:::\napp:!:19000::::::\n` },
  { file: 'id_ed25519.pub', text: pem.sshPublic + '\n' + pem.rsaPublic },
];

describe('labelled files', () => {
  it.each(labelled)('$file: finds every planted secret and nothing else', ({ text, planted }) => {
    const found = findSecrets(text).map((m) => ({ detectorId: m.detectorId, secret: text.slice(m.start, m.end) }));
    const expected = planted
      .map((p) => ({ ...p, at: text.indexOf(p.secret) }))
      .sort((a, b) => a.at - b.at)
      .map(({ detectorId, secret }) => ({ detectorId, secret }));
    expect(found).toEqual(expected);
  });

  it.each(clean)('$file: finds nothing', ({ text }) => {
    expect(findSecrets(text).map((m) => `${m.detectorId}: ${m.masked}`)).toEqual([]);
  });
});
