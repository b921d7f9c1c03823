import rule, { mayDisableVerification } from '../../src/rules/tls-verification-disabled.js';
import { testDocExamples, testPrefilter, testRule, type RuleCases } from './harness.js';

const at = (line: number, column: number, endColumn: number, message?: string | RegExp) => ({ line, column, endLine: line, endColumn, message });
const TLS = /turns off TLS certificate verification/;
const SIGNATURES = /turns off package signature verification/;

const cases: RuleCases = {
  valid: [
    { name: 'wget -k is --convert-links', code: 'FROM debian:12\nRUN wget -k -r -np https://example.com/docs/ && wget -nv -kK https://example.com/\n' },
    {
      name: 'curl look-alikes: -K config, a -k in a URL, an option value, an output name',
      code: 'FROM debian:12\nRUN curl -K /etc/curl.conf https://x/-k/file && curl -H "X-k: 1" -o out-k https://x && curl -uk:pw https://x && curl -fsSL https://x -o -k\n',
    },
    { name: 'other programs with -k', code: 'FROM debian:12\nRUN sort -k 2 list.txt && ssh-keygen -k -f krl && tar -xkf a.tar\n' },
    { name: 'settings that keep verification on', code: 'FROM debian:12\nRUN npm config set strict-ssl true && git config --global http.sslVerify true && git config --global http.sslCAInfo /etc/ssl/certs/ca.pem\n' },
    { name: 'values that keep verification on', code: 'FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1 NPM_CONFIG_STRICT_SSL=true PIP_TRUSTED_HOST=\nARG GIT_SSL_NO_VERIFY\n' },
    { name: 'a global ARG only reaches FROM lines', code: 'ARG NODE_TLS_REJECT_UNAUTHORIZED=0\nFROM node:22\nRUN npm ci\n' },
    { name: 'unsetting', code: 'FROM debian:12\nRUN unset GIT_SSL_NO_VERIFY && export NODE_TLS_REJECT_UNAUTHORIZED=1\n' },
    { name: 'apk index of locally built packages', code: 'FROM alpine:3.20\nRUN curl -fsSLO https://x/src.tgz && apk index --allow-untrusted -o /pkgs/APKINDEX.tar.gz /pkgs/*.apk\n' },
    { name: 'apk add of local packages nothing in the RUN downloads', code: 'FROM alpine:3.20\nRUN --mount=type=bind,from=builder,source=/pkgs,target=/pkgs apk add --no-cache --allow-untrusted /pkgs/nginx-module-*.apk\n' },
    { name: 'a local apt repository', code: 'FROM debian:12\nRUN echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list\n' },
    { name: 'a signed apt repository', code: 'FROM debian:12\nRUN echo "deb [signed-by=/usr/share/keyrings/x.gpg] https://repo.example.com stable main" > /etc/apt/sources.list.d/x.list\n' },
    { name: 'gpgcheck on, or off for a local yum repository', code: "FROM fedora:40\nRUN echo 'gpgcheck=1' >> /etc/yum.conf && printf '[local]\\nbaseurl=file:///repo\\ngpgcheck=0\\n' > /etc/yum.repos.d/local.repo\n" },
    { name: 'other yum options', code: 'FROM fedora:40\nRUN yum --setopt=tsflags=nodocs install -y x && dnf --setopt=install_weak_deps=False install -y y\n' },
    { name: 'other apt options', code: 'FROM debian:12\nRUN apt-get -o Acquire::Check-Valid-Until=false update && apt-get -o Acquire::https::Verify-Peer=true update && apt-get -o Dpkg::Options::=--force-confold install -y x\n' },
    { name: 'explicitly verifying', code: 'FROM debian:12\nRUN kubectl --insecure-skip-tls-verify=false get pods && skopeo copy --tls-verify=true a b\n' },
    { name: 'insecure in an unrelated file', code: 'FROM debian:12\nRUN echo insecure > /tmp/notes && echo "--insecure" >> /tmp/flags\n' },
    { name: 'flags as data', code: 'FROM debian:12\nRUN grep -- --insecure /etc/app.conf || echo "use curl -k only for testing"\n' },
    { name: 'a comment line inside a continuation', code: 'FROM debian:12\nRUN apt-get update \\\n# curl -k https://x\n && curl -fsSL https://x -o y\n' },
    { name: 'a PowerShell stage is not read as sh', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN curl -k https://x\n' },
  ],
  invalid: [
    { code: 'FROM debian:12\nRUN curl -k https://x -o /tmp/x\n', errors: [at(2, 10, 12, /^`curl -k` turns off TLS certificate verification: .*--cacert/)] },
    {
      name: 'lowercase; k inside a cluster; --insecure',
      code: 'FROM debian:12\nrun curl -fsSLk https://x -o /tmp/x && curl --insecure https://y | tar xz\n',
      errors: [at(2, 15, 16, TLS), at(2, 45, 55, /^`curl --insecure`/)],
    },
    { name: 'curl --proxy-insecure', code: 'FROM debian:12\nRUN curl -sS --proxy-insecure -x http://proxy https://x\n', errors: [at(2, 14, 30)] },
    {
      name: 'wget',
      code: 'FROM debian:12\nRUN wget --no-check-certificate https://x && wget --check-certificate=off https://y\n',
      errors: [at(2, 10, 32, /^`wget --no-check-certificate` .*--ca-certificate/), at(2, 51, 74)],
    },
    {
      name: 'pip --trusted-host',
      code: 'FROM debian:12\nRUN pip install --trusted-host pypi.org --trusted-host files.pythonhosted.org requests\n',
      errors: [at(2, 17, 40, /^`pip --trusted-host`/), at(2, 41, 78)],
    },
    { name: 'python3 -m pip --trusted-host=', code: 'FROM debian:12\nRUN python3 -m pip install --trusted-host=pypi.internal -r requirements.txt\n', errors: [at(2, 28, 56, /^`pip --trusted-host`/)] },
    { name: 'pip config', code: 'FROM debian:12\nRUN pip config set global.trusted-host "pypi.org files.pythonhosted.org"\n', errors: [at(2, 20, 73, /^`pip config set global.trusted-host/)] },
    {
      name: 'npm and yarn strict-ssl',
      code: 'FROM debian:12\nRUN npm config set strict-ssl false && yarn config set strict-ssl false -g && npm set strict-ssl=false\n',
      errors: [at(2, 20, 36, /^`npm config set strict-ssl false`.*cafile/), at(2, 56, 72, /^`yarn config set strict-ssl false`/), at(2, 87, 103)],
    },
    { name: 'npm flags', code: 'FROM debian:12\nRUN npm install --no-strict-ssl && pnpm install --strict-ssl=false\n', errors: [at(2, 17, 32), at(2, 49, 67)] },
    {
      name: 'git config and git -c',
      code: 'FROM debian:12\nRUN git config --global http.sslVerify false && git -c http.sslVerify=false clone https://x\n',
      errors: [at(2, 25, 45, /^`git config http.sslVerify false`.*sslCAInfo/), at(2, 56, 76, /^`git -c http.sslVerify=false`/)],
    },
    { name: 'git config for one URL', code: 'FROM debian:12\nRUN git config --global http.https://git.corp/.sslverify "false"\n', errors: [at(2, 25, 65)] },
    {
      name: 'variables in RUN: export, prefix, env',
      code: 'FROM debian:12\nRUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && GIT_SSL_NO_VERIFY=true git clone https://x && env PYTHONHTTPSVERIFY=0 python3 app.py\n',
      errors: [at(2, 12, 42, /NODE_EXTRA_CA_CERTS/), at(2, 46, 68, /even to 0, false or nothing/), at(2, 96, 115)],
    },
    { name: 'apk --allow-untrusted of a download', code: 'FROM alpine:3.20\nRUN wget https://x/pkg.apk && apk add --allow-untrusted pkg.apk\n', errors: [at(2, 39, 56, SIGNATURES)] },
    {
      name: 'dnf, yum and microdnf',
      code: 'FROM fedora:40\nRUN dnf install -y --nogpgcheck x && yum --setopt=sslverify=false install -y y && microdnf --setopt=gpgcheck=0 install z\n',
      errors: [at(2, 20, 32, SIGNATURES), at(2, 42, 66, TLS), at(2, 92, 111, SIGNATURES)],
    },
    {
      name: 'dnf config-manager and rpm',
      code: 'FROM fedora:40\nRUN dnf config-manager --save --setopt=*.gpgcheck=0 && rpm -ivh --nosignature x.rpm && rpm -U --nodigest y.rpm\n',
      errors: [at(2, 31, 52), at(2, 65, 78, /^`rpm --nosignature`.*rpm --import/), at(2, 95, 105)],
    },
    { name: 'zypper', code: 'FROM opensuse/leap:15.6\nRUN zypper --no-gpg-checks install -y x && zypper ar -G https://x repo\n', errors: [at(2, 12, 27), at(2, 54, 56)] },
    {
      name: 'apt-get flags',
      code: 'FROM debian:12\nRUN apt-get install -y --allow-unauthenticated x && apt-get --force-yes install y\n',
      errors: [at(2, 24, 47, /signed-by/), at(2, 61, 72)],
    },
    {
      name: 'apt-get -o settings',
      code: 'FROM debian:12\nRUN apt-get -o Acquire::AllowInsecureRepositories=true update && apt-get -o "APT::Get::AllowUnauthenticated=true" install x\n',
      errors: [at(2, 13, 55, SIGNATURES), at(2, 74, 114, SIGNATURES)],
    },
    { name: 'apt-get -oVerify-Peer', code: 'FROM debian:12\nRUN apt-get -oAcquire::https::Verify-Peer=false update\n', errors: [at(2, 13, 48, TLS)] },
    {
      name: 'composer',
      code: 'FROM php:8.3-cli\nRUN composer config -g disable-tls true && composer config --global secure-http false\n',
      errors: [at(2, 24, 40), at(2, 69, 86)],
    },
    {
      name: 'conda',
      code: 'FROM continuumio/miniconda3:24.7.1-0\nRUN conda config --set ssl_verify false && conda config --system --set ssl_verify no\n',
      errors: [at(2, 24, 40), at(2, 72, 85)],
    },
    { name: 'bundler', code: 'FROM ruby:3.3\nRUN bundle config set --global ssl_verify_mode 0\n', errors: [at(2, 32, 49)] },
    {
      name: 'flags any tool takes',
      code: 'FROM debian:12\nRUN helm repo add x https://x --insecure-skip-tls-verify && skopeo copy --tls-verify=false a b && aws s3 cp --no-verify-ssl s3://x y\n',
      errors: [at(2, 31, 57), at(2, 73, 91), at(2, 109, 124)],
    },
    {
      name: 'an apt source with [trusted=yes]',
      code: 'FROM debian:12\nRUN echo "deb [trusted=yes] http://repo.example.com/ ./" > /etc/apt/sources.list.d/x.list\n',
      errors: [at(2, 15, 28, /^`\[trusted=yes\]` turns off package signature verification/)],
    },
    {
      name: 'apt.conf Verify-Peer',
      code: "FROM debian:12\nRUN echo 'Acquire::https::Verify-Peer \"false\";' > /etc/apt/apt.conf.d/99insecure\n",
      errors: [at(2, 11, 46, /^`Acquire::https::Verify-Peer "false"`/)],
    },
    { name: 'apt.conf AllowUnauthenticated', code: "FROM debian:12\nRUN echo 'APT::Get::AllowUnauthenticated \"true\";' >> /etc/apt/apt.conf.d/99x\n", errors: [at(2, 11, 48, SIGNATURES)] },
    {
      name: '.curlrc and wgetrc',
      code: 'FROM debian:12\nRUN echo insecure >> ~/.curlrc && echo "check_certificate = off" >> /etc/wgetrc\n',
      errors: [at(2, 10, 18), at(2, 41, 64)],
    },
    { name: 'a yum repository written by printf', code: "FROM fedora:40\nRUN printf '[r]\\nbaseurl=https://x\\ngpgcheck=0\\n' > /etc/yum.repos.d/r.repo\n", errors: [at(2, 12, 50, /^`gpgcheck=0`/)] },
    { name: 'pip.conf in a nested heredoc', code: 'FROM debian:12\nRUN <<EOF\ncat > /etc/pip.conf <<X\n[global]\ntrusted-host = pypi.org\nX\nEOF\n', errors: [at(5, 1, 24)] },
    { name: 'a repo file from a heredoc', code: 'FROM fedora:40\nRUN cat > /etc/yum.repos.d/x.repo <<EOF\n[x]\nbaseurl=https://x\ngpgcheck=0\nEOF\n', errors: [at(5, 1, 11)] },
    {
      name: 'continuation lines with a comment between them',
      code: 'FROM debian:12\nRUN curl -fsSL https://x -o y \\\n# corporate proxy\n && curl \\\n    -k https://z\n',
      errors: [at(5, 5, 7)],
    },
    { name: 'exec form', code: 'FROM debian:12\nRUN ["curl", "-k", "https://x"]\n', errors: [at(2, 15, 17)] },
    { name: 'ONBUILD trigger', code: 'FROM debian:12\nONBUILD RUN curl -k https://x\n', errors: [at(2, 18, 20)] },
    { name: 'sh -c string', code: 'FROM debian:12\nRUN sh -c "curl -k https://x"\n', errors: [at(2, 17, 19)] },
    { name: 'ENV', code: 'FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n', errors: [at(2, 5, 35, /^`NODE_TLS_REJECT_UNAUTHORIZED=0` turns off TLS/)] },
    { name: 'legacy ENV form', code: 'FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED 0\n', errors: [at(2, 5, 35)] },
    {
      name: 'ARG defaults; GIT_SSL_NO_VERIFY set to nothing',
      code: 'FROM node:22\nARG NODE_TLS_REJECT_UNAUTHORIZED=0\nARG PYTHONHTTPSVERIFY=0\nENV GIT_SSL_NO_VERIFY=""\n',
      errors: [at(2, 5, 35), at(3, 5, 24), at(4, 5, 25, /^`GIT_SSL_NO_VERIFY=` .*even to 0, false or nothing/)],
    },
    {
      name: 'lowercase env, several variables',
      code: 'FROM node:22\nenv PIP_TRUSTED_HOST=pypi.org NPM_CONFIG_STRICT_SSL=false GOINSECURE=*.corp GOFLAGS="-mod=mod -insecure"\n',
      errors: [at(2, 5, 30), at(2, 31, 58), at(2, 59, 76), at(2, 77, 105)],
    },
    { name: 'ENV from an ARG', code: 'FROM node:22\nARG VERIFY=0\nENV NODE_TLS_REJECT_UNAUTHORIZED=${VERIFY}\n', errors: [at(3, 5, 43, /^`NODE_TLS_REJECT_UNAUTHORIZED=0`/)] },
    {
      name: 'a global ARG declared again in the stage',
      code: 'ARG NODE_TLS_REJECT_UNAUTHORIZED=0\nFROM node:22\nARG NODE_TLS_REJECT_UNAUTHORIZED\nRUN npm ci\n',
      errors: [at(3, 5, 33, /^`NODE_TLS_REJECT_UNAUTHORIZED=0`/)],
    },
    { name: 'ONBUILD ENV', code: 'FROM node:22\nONBUILD ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n', errors: [at(2, 13, 43)] },
    { name: 'dnf --setopt=gpgcheck=off', code: 'FROM fedora:40\nRUN dnf install -y --setopt=gpgcheck=off x\n', errors: [at(2, 20, 41, SIGNATURES)] },
    { name: '--ssl-no-verify', code: 'FROM debian:12\nRUN aws s3 cp --ssl-no-verify s3://b/k /tmp/k\n', errors: [at(2, 15, 30, TLS)] },
    { name: 'curl -k on a continuation line of a heredoc', code: 'FROM debian:12\nRUN <<EOF\ncurl -fsSL \\\n  -k https://x -o /tmp/x\nEOF\n', errors: [at(4, 3, 5, TLS)] },
    { name: 'curl -k after a quoted URL with &', code: 'FROM debian:12\nRUN curl -fsSL "https://x/?a=1&b=2" -k -o /tmp/x\n', errors: [at(2, 37, 39, TLS)] },
    { name: 'curl -k after a quoted header with ;', code: 'FROM debian:12\nRUN curl -H "Accept: text/plain; q=1" -k https://x\n', errors: [at(2, 39, 41, TLS)] },
  ],
};

testRule(rule, cases);
testPrefilter(rule, mayDisableVerification, cases, [
  'FROM nginx:1.27-alpine\nRUN curl -fsSLO https://x/src.tgz && abuild-sign -k /tmp/key.rsa /tmp/packages/APKINDEX.tar.gz\n',
  'FROM alpine:3.20\nRUN apk index --allow-untrusted -o /pkgs/APKINDEX.tar.gz /pkgs/*.apk\n',
  'FROM debian:12\nRUN echo "deb [ trusted=yes ] file:///repo ./" > /etc/apt/sources.list.d/local.list\n',
  'FROM debian:12\nRUN sort -k 2 list.txt && curl -fsSL https://x -o y && dpkg-buildpackage -rfakeroot\n',
  'FROM golang:1.22\nRUN GOFLAGS="-mod=vendor" go build ./...\n',
]);

testDocExamples(rule);
