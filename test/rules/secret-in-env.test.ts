import rule from '../../src/rules/secret-in-env.js';
import { testDocExamples, testRule } from './harness.js';

// Made-up values in real formats (random bodies, so the detectors take them for live secrets).
const GHP = 'ghp_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo'; // 40 chars
const AKIA = 'AKIAQ7ZT4KMV9XWB2LPR'; // 20 chars
const STRIPE = 'sk_live_51HqLyjWDarjtT1zdp7dcQ7Zt4KmV9xWb2LpR8sNd3F'; // 51 chars
const GLPAT = 'glpat-Q7Zt4KmV9xWb2LpR8sNd'; // 26 chars
const NPM = 'npm_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo'; // 40 chars

testRule(rule, {
  valid: [
    // Settings, paths and switches under secret-sounding names.
    'FROM alpine:3.20\nENV PASSWORD_MIN_LENGTH=12\n',
    'FROM alpine:3.20\nARG PASSWORD_MIN_LENGTH=12\n',
    'FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password\n',
    'FROM postgres:16\nENV POSTGRES_PASSWORD=/run/secrets/postgres_password\n',
    'FROM alpine:3.20\nENV ENABLE_PASSWORD_AUTH=true MAX_TOKENS=4096 TOKEN_TTL=1h\n',
    'FROM alpine:3.20\nENV TOKEN_URL=https://auth.example.com/oauth/token SECRET_NAME=app-db-credentials\n',
    'FROM alpine:3.20\nENV PASSWD_FILE=/etc/passwd KEYSIZE=4096 NGROK_SERVER_KEY=assets/server/tls/snakeoil.key\n',
    'FROM alpine:3.20\nARG SSH_KEY_PATH=/root/.ssh/id_ed25519\nRUN echo "$SSH_KEY_PATH"\n',
    // References are not literals: the value comes from somewhere else.
    'FROM alpine:3.20\nENV API_TOKEN=${API_TOKEN}\n',
    'FROM alpine:3.20\nENV SPRING_DATASOURCE_PASSWORD=${SPRING_DATASOURCE_PASSWORD}\n',
    'FROM alpine:3.20\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n',
    'FROM alpine:3.20\nENV DB_PASSWORD="$(cat /run/secrets/db_password)"\n',
    'FROM alpine:3.20\nENV APP_SECRET={{ app_secret }}\n',
    // A reference to an ENV (not a build argument) is reported where the ENV is set, if anywhere.
    'FROM alpine:3.20\nENV BASE_DIR=/srv\nENV TOKEN_HOME=$BASE_DIR\nENV API_TOKEN=$BASE_DIR\n',
    // A build argument holding a path copied into a secret-named ENV.
    'FROM alpine:3.20\nARG TOKEN_FILE=/run/secrets/token\nENV TOKEN=$TOKEN_FILE\n',
    // Public GPG fingerprints, in both ENV forms.
    'FROM python:3.12-slim\nENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305\n',
    'FROM php:8.3\nENV GPG_KEYS 1198C0117593497A5EC5C199286AF1F9897469DC 49D9AF6BC72A80D6691719C8AA23F5BE9C7097D4\n',
    'FROM alpine:3.20\nENV RABBITMQ_PGP_KEY_ID=0x0A9AF2115F4687BD29803A206B73A36E6026DFCA\n',
    'FROM alpine:3.20\nARG GPG_KEYS=177F4010FE56CA3336300305F1656F24C74CD1D8\n',
    // Placeholders and empty values.
    'FROM alpine:3.20\nENV PASSWORD=\n',
    'FROM alpine:3.20\nENV HUBOT_SLACK_TOKEN= API_KEY=""\n',
    'FROM alpine:3.20\nENV PASSWORD XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n',
    'FROM alpine:3.20\nENV MTP_SECRET 00000000000000000000000000000000\n',
    'FROM alpine:3.20\nENV TOKEN=00000000-0000-0000-0000-000000000000\n',
    'FROM alpine:3.20\nENV PASSWORD=changeme API_KEY=<your-api-key> CLIENT_SECRET=REPLACE_ME\n',
    'FROM alpine:3.20\nENV VPN_PASSWORD=password\n',
    // The AWS documentation's example key.
    'FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n',
    // Weak defaults are low confidence: a development setup, not a leaked credential.
    'FROM mariadb:11\nENV MYSQL_ROOT_PASSWORD=root MAIL_PASS=admin\n',
    // Names that merely contain a secret word.
    'FROM alpine:3.20\nENV KEEPASSXC_VERSION=2.5.4 OAUTH2_PROXY_VERSION=v5.1.1 DOCKER_AUTH_VERSION=1.5.0\n',
    'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n',
    'FROM alpine:3.20\nLABEL com.example.token-endpoint="https://auth.example.com/token"\n',
    // A secret-named ARG in a builder stage: its history is not shipped.
    'FROM node:22 AS build\nARG NPM_TOKEN\nRUN npm ci\n\nFROM node:22-slim\nCOPY --from=build /app /app\n',
    // A global ARG reaches no image unless a stage declares it again.
    'ARG GITHUB_TOKEN\nFROM alpine:3.20\nRUN echo hi\n',
    // A URL without credentials.
    'FROM alpine:3.20\nENV REGISTRY_URL=https://registry.example.com:5000/v2/\n',
  ],
  invalid: [
    {
      code: `FROM node:22-slim\nENV GITHUB_TOKEN=${GHP}\n`,
      errors: [{ line: 2, column: 18, endLine: 2, endColumn: 58, message: /^ENV GITHUB_TOKEN holds a secret \(GitHub personal access token: ghp_Q7Zt…\(40 chars\)\)/ }],
    },
    {
      name: 'a provider-format value under any name, lowercase keyword',
      code: `from alpine:3.20\nenv SETTING_A=${AKIA}\n`,
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 35, message: /AWS access key ID/ }],
    },
    {
      name: 'quoted value: the range excludes the quotes',
      code: `FROM alpine:3.20\nENV STRIPE="${STRIPE}"\n`,
      errors: [{ line: 2, column: 13, endLine: 2, endColumn: 64 }],
    },
    {
      name: 'a password in a URL: the range is the password',
      code: 'FROM alpine:3.20\nENV DATABASE_URL=postgres://app:Vq3rT8zLw2Xk@db:5432/app\n',
      errors: [{ line: 2, column: 33, endLine: 2, endColumn: 45, message: /password in a URL/ }],
    },
    {
      name: 'a literal under a secret name',
      code: 'FROM postgres:16\nENV POSTGRES_PASSWORD=Vq3rT8zLw2Xk\n',
      errors: [{ line: 2, column: 23, endLine: 2, endColumn: 35, message: /^ENV POSTGRES_PASSWORD holds a secret \(hard-coded password: Vq…\(12 chars\)\)/ }],
    },
    {
      name: 'legacy ENV form',
      code: 'FROM alpine:3.20\nENV LICENSE_KEY lgNvGyhnUKpa5PJi\n',
      errors: [{ line: 2, column: 17, endLine: 2, endColumn: 33 }],
    },
    {
      name: 'continuation with a comment line between',
      code: 'FROM alpine:3.20\nENV APP_ENV=production \\\n# the database\n    DB_PASSWORD=Vq3rT8zLw2Xk \\\n    DB_HOST=db\n',
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 29 }],
    },
    {
      name: 'the value is never printed',
      code: 'FROM alpine:3.20\nENV LDAP_ROOTPASS=fsociety\n',
      errors: [{ line: 2, column: 19, endLine: 2, endColumn: 27, message: /^(?!.*fsociety)/ }],
    },
    {
      name: 'a secret-named ARG without a value',
      code: 'FROM node:22-slim\nARG NPM_TOKEN\nRUN npm ci\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 14, message: rule.meta.messages.buildArg!('NPM_TOKEN') }],
    },
    {
      name: 'a secret-named ARG with an empty or placeholder default',
      code: 'FROM node:22-slim\nARG NPM_TOKEN="" GH_PASSWORD=changeme\n',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 14 },
        { line: 2, column: 18, endLine: 2, endColumn: 29 },
      ],
    },
    {
      name: 'an ARG with a literal default is reported on the value',
      code: `FROM alpine:3.20\nARG GITHUB_TOKEN=${GHP}\n`,
      errors: [{ line: 2, column: 18, endLine: 2, endColumn: 58, message: /^ARG GITHUB_TOKEN holds a secret/ }],
    },
    {
      name: 'a global ARG with a literal default',
      code: `ARG GITLAB_TOKEN=${GLPAT}\nFROM alpine:3.20\n`,
      errors: [{ line: 1, column: 18, endLine: 1, endColumn: 44 }],
    },
    {
      name: 'ENV copying a secret build argument into the image',
      code: 'FROM python:3.12-slim\nARG DJANGO_SU_PASSWORD\nENV DJANGO_SU_PASSWORD=${DJANGO_SU_PASSWORD}\n',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 23 },
        {
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 45,
          message: rule.meta.messages.copiesArg!('ENV', 'DJANGO_SU_PASSWORD', 'DJANGO_SU_PASSWORD'),
        },
      ],
    },
    {
      name: 'ENV building a URL from a secret build argument',
      code: 'FROM alpine:3.20\nARG DB_PASSWORD\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 16 },
        { line: 3, column: 18, endLine: 3, endColumn: 54, message: /copies build argument DB_PASSWORD/ },
      ],
    },
    {
      name: 'ENV with a secret name copying a build argument of any name',
      code: 'FROM alpine:3.20\nARG VALUE\nENV API_TOKEN=$VALUE\n',
      errors: [{ line: 3, column: 15, endLine: 3, endColumn: 21, message: /copies build argument VALUE/ }],
    },
    {
      name: 'an ARG redeclared from a global one, in the final stage',
      code: 'ARG NPM_TOKEN\nFROM node:22-slim\nARG NPM_TOKEN\nRUN npm ci\n',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 14 }],
    },
    {
      name: 'stage inheritance: FROM <stage> ships the parent layers',
      code: 'FROM node:22 AS base\nARG NPM_TOKEN\nRUN npm ci\n\nFROM base AS final\nCMD ["node", "server.js"]\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 14 }],
    },
    {
      name: 'a literal secret in a builder stage is still in the Dockerfile',
      code: `FROM node:22 AS build\nENV NPM_TOKEN=${NPM}\nRUN npm ci\n\nFROM node:22-slim\nCOPY --from=build /app /app\n`,
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 55 }],
    },
    {
      name: 'LABEL with a token',
      code: `FROM alpine:3.20\nLABEL com.example.deploy-token="${GLPAT}"\n`,
      errors: [{ line: 2, column: 33, endLine: 2, endColumn: 59, message: /^LABEL com\.example\.deploy-token holds a secret/ }],
    },
    {
      name: 'ONBUILD trigger',
      code: `FROM alpine:3.20\nONBUILD ENV GITHUB_TOKEN=${GHP}\n`,
      errors: [{ line: 2, column: 26, endLine: 2, endColumn: 66 }],
    },
    {
      name: 'ONBUILD ARG with a secret name',
      code: 'FROM alpine:3.20\nONBUILD ARG NPM_TOKEN\n',
      errors: [{ line: 2, column: 13, endLine: 2, endColumn: 22 }],
    },
    {
      name: 'escape directive, --platform, a registry port and a digest',
      code: '# escape=`\nFROM --platform=$BUILDPLATFORM registry.acme.dev:5000/base@sha256:0f6c3a5e9b1d2c4f7a8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a\nENV APP_ENV=prod `\n    DB_PASSWORD=Vq3rT8zLw2Xk\n',
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 29 }],
    },
    {
      name: 'a fragment without FROM',
      code: 'ARG AWS_SECRET_ACCESS_KEY\nRUN aws s3 cp s3://bucket/file .\n',
      errors: [{ line: 1, column: 5, endLine: 1, endColumn: 26 }],
    },
  ],
});

testDocExamples(rule);
