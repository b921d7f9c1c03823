import { describe, expect, it } from 'vitest';
import rule, { credentialFile } from '../../src/rules/secret-in-file.js';
import { testDocExamples, testRule } from './harness.js';

// Made-up values in real formats.
const GHP = 'ghp_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo'; // 40 chars
const NPM = 'npm_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo'; // 40 chars

describe('credentialFile', () => {
  const yes = [
    'id_rsa', '/root/.ssh/id_ed25519', 'keys/id_ecdsa', 'id_rsa_github', 'ssh_host_ed25519_key', 'deploy_key',
    'server.key', 'tls/privkey.pem', 'ca-key.pem', 'private.pem', 'key.pem', 'master.key', 'client.p12', 'cert.pfx',
    'release.keystore', 'app-keystore.jks', 'putty.ppk', '.env', './.env', '/app/.env', '.env.production', '.env.local',
    '.npmrc', '.pypirc', '.netrc', '.git-credentials', '.pgpass', '.htpasswd', 'credentials.json',
    'application_default_credentials.json', '/root/.aws/credentials', 'home/.docker/config.json', '.kube/config',
    'ipsec.secrets', 'chap-secrets', '.vault-token', 'https://files.acme.dev/keys/id_rsa',
  ];
  const no = [
    'id_rsa.pub', 'id_ed25519-cert.pub', 'known_hosts', 'authorized_keys', 'ssh_config', 'cert.pem', 'ca.pem',
    'fullchain.pem', 'server.crt', 'public.pem', 'pubkey.pem', 'public_key.pem', 'Release.key', 'nodesource-repo.gpg.key',
    'apt.key', 'truststore.p12', 'truststore.jks', 'cacerts', '.env.example', '.env.sample', '.env.template', '.env.test',
    '.envrc', '.environment', '.npmrc.template', 'credentials.json.example', 'config.json', 'credentials', 'key',
    'passwd.lst', '.dockerignore', '.env*', '*.pem', 'keys/', 'secrets/', '.ssh', 'docker/.docker/nginx.conf',
  ];
  for (const path of yes) it(`credential: ${path}`, () => expect(credentialFile(path)).toBeDefined());
  for (const path of no) it(`not a credential: ${path}`, () => expect(credentialFile(path)).toBeUndefined());
  it('folders count only as what is copied', () => {
    expect(credentialFile('.ssh', { asSource: true })?.folder).toBe(true);
    expect(credentialFile('config/.aws/', { asSource: true })?.folder).toBe(true);
    expect(credentialFile('/root/.ssh')).toBeUndefined();
  });
});

testRule(rule, {
  valid: [
    // The build context is not visible: `COPY . .` may or may not hold secrets (.dockerignore decides).
    'FROM node:22-slim\nWORKDIR /app\nCOPY . .\n',
    // Samples, public keys, certificates, globs.
    'FROM node:22-slim\nWORKDIR /app\nCOPY .env.example .env\nCOPY .env.sample .env.template ./\n',
    'FROM node:22-slim\nCOPY .npmrc.template /root/.npmrc\n',
    'FROM alpine:3.20\nCOPY id_rsa.pub /root/.ssh/authorized_keys\nCOPY known_hosts ssh_config /root/.ssh/\n',
    'FROM nginx:1.27\nCOPY certs/server.crt certs/fullchain.pem certs/ca.pem /etc/nginx/ssl/\n',
    'FROM debian:12\nCOPY Release.key nodesource-repo.gpg.key /etc/apt/keyrings/\n',
    'FROM eclipse-temurin:21\nCOPY truststore.p12 public_key.pem /app/\n',
    // Keys served over https are repository signing keys.
    'FROM debian:12\nADD https://download.docker.com/linux/debian/gpg /tmp/docker.key\nADD https://deb.example.org/archive.key https://deb.example.org/vendor.key /tmp/\n',
    'FROM node:22-slim\nCOPY .env* ./\nCOPY *.pem /certs/\n',
    'FROM alpine:3.20\nCOPY passwd.lst .dockerignore .envrc /root/\n',
    'FROM alpine:3.20\nCOPY ssh_config /root/.ssh/config\n',
    'FROM alpine:3.20\nCOPY keys/ /etc/keys/\n',
    // A builder stage is not shipped; copying its output is fine.
    'FROM node:22 AS build\nWORKDIR /app\nCOPY .npmrc package.json ./\nRUN npm ci\n\nFROM node:22-slim\nCOPY --from=build /app/node_modules /app/node_modules\n',
    // RUN writing references, or writing something that is not the secret.
    'FROM node:22-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc\n',
    `FROM alpine:3.20\nRUN curl -fsSL -H "Authorization: token ${GHP}" https://api.github.com/user > /tmp/user.json\n`,
    `FROM alpine:3.20\nRUN echo "${GHP}" >/dev/null 2>&1\n`,
    `FROM alpine:3.20\nRUN echo "${GHP}" 2> /tmp/err.log\n`,
    'FROM alpine:3.20\nRUN echo "password=$(cat /run/secrets/db)" > /app/db.ini\n',
    // A COPY heredoc with references only.
    'FROM node:22-slim\nCOPY <<EOF /root/.npmrc\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nEOF\n',
    // A literal in a builder stage RUN is secret-in-history's, not this rule's.
    `FROM alpine:3.20 AS build\nRUN echo "${GHP}" > /root/.token\n\nFROM alpine:3.20\nCOPY --from=build /etc/os-release /tmp/\n`,
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json .npmrc ./\nRUN npm ci\n',
      errors: [{ line: 3, column: 37, endLine: 3, endColumn: 43, message: /^COPY puts '\.npmrc' \(an npm config, which usually holds registry tokens\) into an image layer/ }],
    },
    {
      name: 'lowercase, with flags',
      code: 'from node:22-slim\ncopy --chown=node:node --chmod=600 .env ./\n',
      errors: [{ line: 2, column: 36, endLine: 2, endColumn: 40, message: /a \.env file/ }],
    },
    {
      name: 'an SSH key into a folder',
      code: 'FROM alpine:3.20\nCOPY deploy/id_ed25519 /root/.ssh/\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 23, message: /an SSH private key/ }],
    },
    {
      name: 'exec form: the range excludes the quotes',
      code: 'FROM alpine:3.20\nCOPY ["secrets/id_rsa", "/root/.ssh/id_rsa"]\n',
      errors: [{ line: 2, column: 8, endLine: 2, endColumn: 22 }],
    },
    {
      name: 'the destination names the file',
      code: 'FROM alpine:3.20\nCOPY ci/deploy.pk /root/.ssh/id_rsa\nCOPY ci/kubeconfig.yaml /root/.kube/config\n',
      errors: [
        { line: 2, column: 19, endLine: 2, endColumn: 36 },
        { line: 3, column: 25, endLine: 3, endColumn: 43, message: /kubeconfig/ },
      ],
    },
    {
      name: 'a credential folder',
      code: 'FROM alpine:3.20\nCOPY config/.aws /root/.aws\nCOPY .ssh/ /home/app/.ssh/\n',
      errors: [
        { line: 2, column: 6, endLine: 2, endColumn: 17 },
        { line: 3, column: 6, endLine: 3, endColumn: 11 },
      ],
    },
    {
      name: 'private keys but not certificates',
      code: 'FROM nginx:1.27\nCOPY tls/server.crt tls/server.key tls/privkey.pem /etc/nginx/ssl/\n',
      errors: [
        { line: 2, column: 21, endLine: 2, endColumn: 35, message: /a private key/ },
        { line: 2, column: 36, endLine: 2, endColumn: 51, message: /a PEM private key/ },
      ],
    },
    {
      name: 'ADD of a remote key, and of a PKCS#12 bundle',
      code: 'FROM alpine:3.20\nADD https://files.acme.dev/keys/id_rsa /root/.ssh/\nADD signing.p12 /app/\n',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 39 },
        { line: 3, column: 5, endLine: 3, endColumn: 16, message: /PKCS#12/ },
      ],
    },
    {
      name: 'COPY --from a builder into the final image',
      code: 'FROM node:22 AS build\nRUN npm run build\n\nFROM node:22-slim\nCOPY --from=build /app/.env .env\n',
      errors: [{ line: 5, column: 19, endLine: 5, endColumn: 28 }],
    },
    {
      name: 'more credential files',
      code: 'FROM alpine:3.20\nCOPY .git-credentials .netrc .pypirc /root/\nCOPY .docker/config.json /root/.docker/config.json\nCOPY ipsec.secrets /etc/ipsec.secrets\n',
      errors: [
        { line: 2, column: 6, endLine: 2, endColumn: 22 },
        { line: 2, column: 23, endLine: 2, endColumn: 29 },
        { line: 2, column: 30, endLine: 2, endColumn: 37 },
        { line: 3, column: 6, endLine: 3, endColumn: 25 },
        { line: 4, column: 6, endLine: 4, endColumn: 19 },
      ],
    },
    {
      name: 'continuation with a comment line between',
      code: 'FROM node:22-slim\nCOPY package.json \\\n# registry auth\n     .npmrc ./\n',
      errors: [{ line: 4, column: 6, endLine: 4, endColumn: 12 }],
    },
    {
      name: 'stage inheritance: FROM <stage> ships the parent',
      code: 'FROM node:22 AS base\nCOPY .npmrc /root/\n\nFROM base\nRUN npm ci\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 12 }],
    },
    {
      name: 'ONBUILD trigger',
      code: 'FROM node:22-slim\nONBUILD COPY .env /app/\n',
      errors: [{ line: 2, column: 14, endLine: 2, endColumn: 18 }],
    },
    {
      name: '--platform on FROM, ARG-expanded source',
      code: 'ARG KEY_DIR=keys\nFROM --platform=linux/amd64 alpine:3.20\nARG KEY_DIR\nCOPY ${KEY_DIR}/id_rsa /root/.ssh/\n',
      errors: [{ line: 4, column: 6, endLine: 4, endColumn: 23, message: /^COPY puts 'keys\/id_rsa'/ }],
    },
    {
      name: 'RUN echo into a file',
      code: `FROM alpine:3.20\nRUN mkdir -p /root/.config && echo "${GHP}" > /root/.config/gh-token\n`,
      errors: [
        {
          line: 2,
          column: 37,
          endLine: 2,
          endColumn: 77,
          message: /^RUN writes a literal secret \(GitHub personal access token: ghp_Q7Zt…\(40 chars\)\) into '\/root\/\.config\/gh-token'/,
        },
      ],
    },
    {
      name: 'RUN printf appending to .npmrc',
      code: `FROM node:22-slim\nRUN printf '//registry.npmjs.org/:_authToken=%s\\n' ${NPM} >> ~/.npmrc\n`,
      errors: [{ line: 2, column: 52, endLine: 2, endColumn: 92, message: /into '~\/\.npmrc'/ }],
    },
    {
      name: 'RUN piping into tee',
      code: `FROM alpine:3.20\nRUN echo "${GHP}" | tee /root/.gh-token >/dev/null\n`,
      errors: [{ line: 2, column: 11, endLine: 2, endColumn: 51, message: /into '\/root\/\.gh-token'/ }],
    },
    {
      name: 'RUN cat with a heredoc, inside a RUN heredoc',
      code: `FROM node:22-slim\nRUN <<EOF\ncat > /root/.npmrc <<'NPMRC'\n//registry.npmjs.org/:_authToken=${NPM}\nNPMRC\nnpm ci\nEOF\n`,
      errors: [{ line: 4, column: 34, endLine: 4, endColumn: 74 }],
    },
    {
      name: 'RUN with a shell-form heredoc',
      code: `FROM python:3.12-slim\nRUN cat <<EOF > /root/.pypirc\n[pypi]\nusername = deploy\npassword = Xk42pLq9Zr7Tw3mV\nEOF\n`,
      errors: [{ line: 5, column: 12, endLine: 5, endColumn: 28, message: /into '\/root\/\.pypirc'/ }],
    },
    {
      name: 'npm config set and docker login store what they are given',
      code: `FROM node:22-slim\nRUN npm config set //registry.npmjs.org/:_authToken ${NPM}\nRUN echo "${GHP}" | docker login ghcr.io -u bot --password-stdin\n`,
      errors: [
        { line: 2, column: 53, endLine: 2, endColumn: 93, message: /into '~\/\.npmrc'/ },
        { line: 3, column: 11, endLine: 3, endColumn: 51, message: /into '~\/\.docker\/config\.json'/ },
      ],
    },
    {
      name: 'sh -c string',
      code: `FROM alpine:3.20\nRUN sh -c 'echo ${GHP} > /tmp/token'\n`,
      errors: [{ line: 2, column: 17, endLine: 2, endColumn: 57 }],
    },
    {
      name: 'COPY heredoc with a token',
      code: `FROM node:22-slim\nCOPY <<EOF /root/.npmrc\n//registry.npmjs.org/:_authToken=${NPM}\nEOF\n`,
      errors: [{ line: 3, column: 34, endLine: 3, endColumn: 74, message: /^COPY writes a literal secret \(npm access token: npm_Q7Zt…\(40 chars\)\) into '\/root\/\.npmrc' from a heredoc/ }],
    },
  ],
});

testDocExamples(rule);
