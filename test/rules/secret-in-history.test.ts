import rule from '../../src/rules/secret-in-history.js';
import { testDocExamples, testRule } from './harness.js';

// Made-up values in real formats.
const GHP = 'ghp_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo'; // 40 chars
const NPM = 'npm_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo'; // 40 chars
const PW = 'Xk42pLq9Zr7Tw3mV'; // 16 chars

testRule(rule, {
  valid: [
    // References, secret mounts and generated values are not literals.
    'FROM alpine:3.20\nRUN curl -fsSL -H "Authorization: Bearer $GH_TOKEN" https://api.github.com/user\n',
    'FROM alpine:3.20\nRUN --mount=type=secret,id=gh_token curl -fsSL -H "Authorization: Bearer $(cat /run/secrets/gh_token)" https://api.github.com/user\n',
    'FROM alpine:3.20\nRUN curl -fsSL -u "$CI_USER:$CI_PASSWORD" https://files.acme.dev/app.tar.gz -o /tmp/app.tgz\n',
    'FROM python:3.12-slim\nRUN pip install --index-url "https://${PYPI_USER}:${PYPI_PASSWORD}@pypi.acme.dev/simple" app\n',
    'FROM alpine:3.20\nRUN echo "SECRET_KEY = \'$(head -c 16 /dev/urandom | base64)\'" >> /app/settings.py\n',
    'FROM alpine:3.20\nRUN git clone https://github.com/acme/app.git /src\n',
    // Look-alikes: debconf answers, switches, placeholders, the AWS documentation key.
    "FROM debian:12\nRUN echo \"mysql-server mysql-server/root_password password 'unused'\" | debconf-set-selections\n",
    "FROM debian:12\nRUN adduser --disabled-password --gecos '' app && passwd -l root\n",
    'FROM alpine:3.20\nRUN VULTR_API_KEY=fake vultr-cli version\n',
    // A stand-in a single build command needs (not random-looking).
    'FROM python:3.12-slim\nRUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput\n',
    'FROM ruby:3.3\nRUN SECRET_KEY_BASE=precompile_placeholder bundle exec rails assets:precompile\n',
    'FROM alpine:3.20\nRUN aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n',
    'FROM alpine:3.20\nRUN sed -i "s/#PasswordAuthentication yes/PasswordAuthentication no/" /etc/ssh/sshd_config\n',
    'FROM jupyter/base-notebook\nCMD ["jupyter", "notebook", "--ip=0.0.0.0", "--NotebookApp.token=\'\'"]\n',
    'FROM alpine:3.20\nHEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\n',
    // Comment lines inside a continuation never reach the history.
    `FROM alpine:3.20\nRUN apk add --no-cache git \\\n# old token: ${GHP}\n && git --version\n`,
    // ENV, ARG and LABEL belong to secret-in-env.
    `FROM alpine:3.20\nENV GITHUB_TOKEN=${GHP}\nARG NPM_TOKEN=${NPM}\nLABEL token="${GHP}"\n`,
    // A COPY heredoc becomes a file (secret-in-file), not history.
    `FROM node:22-slim\nCOPY <<EOF /root/.npmrc\n//registry.npmjs.org/:_authToken=${NPM}\nEOF\n`,
    // A shipped RUN writing the secret into a file is reported once, by secret-in-file.
    `FROM alpine:3.20\nRUN echo "${GHP}" > /root/.config/gh-token\n`,
    `FROM node:22-slim\nRUN npm config set //registry.npmjs.org/:_authToken ${NPM}\n`,
    `FROM alpine:3.20\nRUN echo "${GHP}" | docker login ghcr.io -u bot --password-stdin\n`,
    `FROM python:3.12-slim\nRUN cat <<EOF > /root/.pypirc\n[pypi]\nusername = deploy\npassword = ${PW}\nEOF\n`,
    `FROM node:22-slim\nRUN <<EOF\ncat > /root/.npmrc <<'NPMRC'\n//registry.npmjs.org/:_authToken=${NPM}\nNPMRC\nEOF\n`,
    `FROM alpine:3.20\nONBUILD RUN echo "${GHP}" > /root/.token\n`,
  ],
  invalid: [
    {
      code: `FROM alpine:3.20\nRUN curl -fsSL -H "Authorization: token ${GHP}" https://api.github.com/user\n`,
      errors: [{ line: 2, column: 41, endLine: 2, endColumn: 81, message: /^RUN contains a literal secret \(GitHub personal access token: ghp_Q7Zt…\(40 chars\)\)/ }],
    },
    {
      name: 'lowercase, curl --user',
      code: `from alpine:3.20\nrun curl -fsSL -u admin:${PW} https://files.acme.dev/app.tar.gz -o /tmp/app.tgz\n`,
      errors: [{ line: 2, column: 25, endLine: 2, endColumn: 41, message: /password in curl --user/ }],
    },
    {
      name: 'the value is never printed',
      code: `FROM alpine:3.20\nRUN curl -fsSL -u admin:${PW} https://files.acme.dev/app.tar.gz\n`,
      errors: [{ line: 2, column: 25, endLine: 2, endColumn: 41, message: /^(?!.*Xk42pLq9Zr7Tw3mV)/ }],
    },
    {
      name: 'heredoc body',
      code: `FROM alpine:3.20\nRUN <<EOF\nset -e\ngit clone https://deploy:${PW}@gitlab.acme.dev/team/app.git /src\nEOF\n`,
      errors: [{ line: 4, column: 26, endLine: 4, endColumn: 42, message: /password in a URL/ }],
    },
    {
      name: 'continuation with a comment line between',
      code: `FROM alpine:3.20\nRUN set -e \\\n    # fetch the sources\n    && git clone https://deploy:${PW}@gitlab.acme.dev/team/app.git /src\n`,
      errors: [{ line: 4, column: 33, endLine: 4, endColumn: 49 }],
    },
    {
      name: 'exported into the environment of a command',
      code: `FROM alpine:3.20\nRUN export GITHUB_TOKEN=${GHP} && make release\n`,
      errors: [{ line: 2, column: 25, endLine: 2, endColumn: 65 }],
    },
    {
      name: 'a random-looking value for one command is still a secret',
      code: 'FROM ruby:3.3\nRUN RAILS_MASTER_KEY=Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE bundle exec rails assets:precompile\n',
      errors: [{ line: 2, column: 22, endLine: 2, endColumn: 54 }],
    },
    {
      name: 'two secrets in one RUN',
      code: `FROM alpine:3.20\nRUN curl -u ci:${PW} https://a.acme.dev/x && curl -H "Authorization: token ${GHP}" https://api.github.com\n`,
      errors: [
        { line: 2, column: 16, endLine: 2, endColumn: 32 },
        { line: 2, column: 87, endLine: 2, endColumn: 127 },
      ],
    },
    {
      name: 'exec-form CMD',
      code: `FROM alpine:3.20\nCMD ["/app/server", "--token", "${GHP}"]\n`,
      errors: [{ line: 2, column: 33, endLine: 2, endColumn: 73, message: /^CMD contains a literal secret/ }],
    },
    {
      name: 'shell-form ENTRYPOINT with a password flag',
      code: 'FROM alpine:3.20\nENTRYPOINT exec /app/server --db-password=Vq3rT8zLw2Xk\n',
      errors: [{ line: 2, column: 43, endLine: 2, endColumn: 55 }],
    },
    {
      name: 'HEALTHCHECK',
      code: `FROM alpine:3.20\nHEALTHCHECK --interval=30s CMD curl -fs -u monitor:${PW} http://localhost/health || exit 1\n`,
      errors: [{ line: 2, column: 52, endLine: 2, endColumn: 68 }],
    },
    {
      name: 'ADD of a URL with a password',
      code: `FROM alpine:3.20\nADD https://ci:${PW}@files.acme.dev/app.tar.gz /app/\n`,
      errors: [{ line: 2, column: 16, endLine: 2, endColumn: 32, message: /^ADD contains a literal secret/ }],
    },
    {
      name: 'ONBUILD trigger',
      code: `FROM alpine:3.20\nONBUILD RUN curl -H "Authorization: token ${GHP}" https://api.github.com/user\n`,
      errors: [{ line: 2, column: 43, endLine: 2, endColumn: 83 }],
    },
    {
      name: 'a builder stage writing a file: not shipped, but still in the Dockerfile and build history',
      code: `FROM alpine:3.20 AS build\nRUN echo "${GHP}" > /root/.token\n\nFROM alpine:3.20\nCOPY --from=build /etc/os-release /tmp/\n`,
      errors: [{ line: 2, column: 11, endLine: 2, endColumn: 51 }],
    },
    {
      name: 'a COPY heredoc in a builder stage',
      code: `FROM node:22 AS build\nCOPY <<EOF /root/.npmrc\n//registry.npmjs.org/:_authToken=${NPM}\nEOF\nRUN npm ci\n\nFROM node:22-slim\nCOPY --from=build /app /app\n`,
      errors: [{ line: 3, column: 34, endLine: 3, endColumn: 74 }],
    },
    {
      name: 'a secret piped to a command that writes no file',
      code: `FROM alpine:3.20 \nRUN echo "${GHP}" | gh auth status --with-token\n`,
      errors: [{ line: 2, column: 11, endLine: 2, endColumn: 51 }],
    },
    {
      name: 'exec-form RUN',
      code: `FROM alpine:3.20\nRUN ["curl", "-u", "ci:${PW}", "https://files.acme.dev/x"]\n`,
      errors: [{ line: 2, column: 24, endLine: 2, endColumn: 40 }],
    },
  ],
});

testDocExamples(rule);
