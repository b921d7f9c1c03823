import rule, { mayRunDownload } from '../../src/rules/pipe-to-shell.js';
import { testDocExamples, testPrefilter, testRule, type RuleCases } from './harness.js';

const at = (line: number, column: number, endLine: number, endColumn: number, message?: string | RegExp) => ({ line, column, endLine, endColumn, message });
const one = (line: number, column: number, endColumn: number, message?: string | RegExp) => at(line, column, line, endColumn, message);

const cases: RuleCases = {
  valid: [
    { name: 'into tar', code: 'FROM debian:12\nRUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n' },
    { name: 'into data tools', code: 'FROM debian:12\nRUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg && curl -s https://api.example.com | jq -r .version\n' },
    { name: 'into python -c reading data', code: 'FROM debian:12\nRUN curl -s https://api.example.com/v | python3 -c "import sys, json; print(json.load(sys.stdin)[\'v\'])"\n' },
    { name: 'into python -m', code: 'FROM debian:12\nRUN curl -s https://api.example.com/v | python3 -m json.tool\n' },
    { name: 'into sh -c that writes a file', code: "FROM debian:12\nRUN curl -fsSL https://example.com/i.sh | sh -c 'cat > /tmp/i.sh'\n" },
    { name: 'into a shell running a file', code: 'FROM debian:12\nRUN curl -fsSL https://example.com/answers | sh /opt/configure.sh\n' },
    {
      name: 'download, verify, then run',
      code: 'FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://example.com/i.sh \\\n && echo "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  /tmp/i.sh" | sha256sum -c - \\\n && sh /tmp/i.sh\n',
    },
    { name: 'curl -O and wget without -O-', code: 'FROM debian:12\nRUN curl -fsSLO https://example.com/i.sh | cat && wget https://example.com/i.sh | cat && wget -O /tmp/i.sh https://x | sh\n' },
    { name: 'stdout redirected to a file', code: 'FROM debian:12\nRUN curl -fsSL https://example.com/i.sh > /tmp/i.sh | sh\n' },
    { name: 'output assigned, not run', code: 'FROM debian:12\nRUN VERSION="$(curl -fsSL https://example.com/latest)" && echo "$(curl -s https://example.com/motd)" && bash -c "echo $(curl -s https://x/v)"\n' },
    { name: 'a process substitution that is not a script', code: 'FROM debian:12\nRUN diff <(curl -s https://a/x) <(curl -s https://b/x) || true\n' },
    { name: 'a comment line inside a continuation', code: 'FROM debian:12\nRUN apt-get update \\\n# curl https://get.example.com | sh\n && apt-get install -y curl\n' },
    { name: 'a comment in a heredoc script', code: 'FROM debian:12\nRUN <<EOF\n# curl https://get.example.com | sh\necho ok\nEOF\n' },
    { name: 'text in echo', code: 'FROM debian:12\nRUN echo "curl https://get.example.com | sh" > /README\n' },
    { name: 'into xargs sh: the list becomes arguments', code: 'FROM debian:12\nRUN curl -fsSL https://x/scripts.txt | xargs -n1 sh\n' },
    { name: 'separate pipelines in one list', code: 'FROM debian:12\nRUN wget -qO- https://x/a.tgz | tar xz && cat /opt/run.sh | sh\n' },
    { name: 'an earlier pipeline next to a redirected one', code: 'FROM debian:12\nRUN curl -fsSL https://x/a.tgz | tar xz && ls /opt 2>/dev/null | sh\n' },
    { name: 'a PowerShell stage is not read as sh', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN curl https://x | sh\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -\n',
      errors: [one(2, 5, 62, /^`curl https:\/\/deb.nodesource.com\/setup_22.x` output is piped into `bash`: .*sha256sum -c/)],
    },
    { name: 'lowercase, wget -qO-', code: 'FROM debian:12\nrun wget -qO- https://get.example.com | sh\n', errors: [one(2, 5, 43, /^`wget https:\/\/get.example.com` output is piped into `sh`/)] },
    { name: 'sudo bash -s --', code: 'FROM debian:12\nRUN wget -O - https://get.example.com | sudo bash -s -- --yes\n', errors: [one(2, 5, 62, /into `bash`/)] },
    { name: 'python3', code: 'FROM debian:12\nRUN curl -sSL https://bootstrap.pypa.io/get-pip.py | python3\n', errors: [one(2, 5, 61, /into `python3`/)] },
    {
      name: 'php --',
      code: 'FROM debian:12\nRUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer\n',
      errors: [one(2, 5, 105, /into `php`/)],
    },
    { name: 'node', code: 'FROM debian:12\nRUN curl -sSL https://example.com/install.js | node\n', errors: [one(2, 5, 52, /into `node`/)] },
    {
      name: 'perl and ruby',
      code: 'FROM debian:12\nRUN curl -sSL https://example.com/i.pl | perl && curl -sSL https://example.com/i.rb | ruby\n',
      errors: [one(2, 5, 46, /into `perl`/), one(2, 50, 91, /into `ruby`/)],
    },
    { name: 'through tee', code: 'FROM debian:12\nRUN curl -fsSL https://example.com/i.sh | tee /tmp/install.log | sh\n', errors: [one(2, 5, 68)] },
    { name: 'through gunzip, sh -s', code: 'FROM debian:12\nRUN curl -fsSL https://example.com/i.sh.gz | gunzip | sh -s\n', errors: [one(2, 5, 60)] },
    { name: 'into a subshell', code: 'FROM debian:12\nRUN curl -fsSL https://example.com/i.sh | (cd /opt && sh)\n', errors: [one(2, 5, 57)] },
    { name: 'bash /dev/stdin', code: 'FROM debian:12\nRUN curl -fsSL https://example.com/i.sh | bash /dev/stdin --prefix=/opt\n', errors: [one(2, 5, 72)] },
    {
      name: 'continuation lines with a comment between them',
      code: 'FROM debian:12\nRUN apt-get update \\\n# install node\n && curl -fsSL https://deb.nodesource.com/setup_22.x \\\n    | bash -\n',
      errors: [at(4, 5, 5, 13)],
    },
    { name: 'heredoc', code: 'FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://get.example.com | sh\nEOF\n', errors: [one(4, 1, 40)] },
    { name: 'exec form with bash -c', code: 'FROM debian:12\nRUN ["/bin/bash", "-c", "curl -fsSL https://get.example.com | sh"]\n', errors: [one(2, 26, 65)] },
    { name: 'ONBUILD trigger', code: 'FROM debian:12\nONBUILD RUN curl -fsSL https://get.example.com | sh\n', errors: [one(2, 13, 52)] },
    { name: 'bash <(curl …)', code: 'FROM debian:12\nRUN bash <(curl -fsSL https://get.example.com)\n', errors: [one(2, 5, 47, /^`curl https:\/\/get.example.com` output is run by `bash`/)] },
    {
      name: 'sh -c "$(curl …)"',
      code: 'FROM debian:12\nRUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"\n',
      errors: [one(2, 5, 100, /run by `sh`/)],
    },
    { name: 'python3 -c "$(wget …)"', code: 'FROM debian:12\nRUN python3 -c "$(wget -qO- https://example.com/bootstrap.py)"\n', errors: [one(2, 5, 63, /^`wget https:\/\/example.com\/bootstrap.py` output is run by `python3`/)] },
    { name: 'eval', code: 'FROM debian:12\nRUN eval "$(curl -fsSL https://example.com/env.sh)"\n', errors: [one(2, 5, 52, /run by `eval`/)] },
    {
      name: 'source and . of a process substitution',
      code: 'FROM debian:12\nRUN source <(curl -fsSL https://example.com/env.sh) && . <(wget -qO- https://example.com/env2.sh)\n',
      errors: [one(2, 5, 52, /run by `source`/), one(2, 56, 98, /run by `\.`/)],
    },
    { name: 'a substitution run as a command', code: 'FROM debian:12\nRUN $(curl -fsSL https://example.com/cmd)\n', errors: [one(2, 5, 42, /run by the shell as a command/)] },
    {
      name: 'a redirected stage after other commands',
      code: 'FROM debian:12\nRUN set -eux; apt-get update 2>/dev/null; curl -fsSL https://x/i.sh 2>/dev/null | sh\n',
      errors: [one(2, 43, 85)],
    },
    { name: 'busybox', code: 'FROM debian:12\nRUN busybox wget -qO- https://x/i.sh | busybox sh\n', errors: [one(2, 5, 50, /^`wget https:\/\/x\/i.sh` output is piped into `sh`/)] },
    {
      name: 'curl writing to stdout explicitly',
      code: 'FROM debian:12\nRUN curl --output - https://x/i.sh | sh && curl -o- https://x/j.sh | sh\n',
      errors: [one(2, 5, 40), one(2, 44, 72)],
    },
    { name: 'a quoted interpreter', code: 'FROM debian:12\nRUN curl -fsSL https://x/i.sh | "bash"\n', errors: [one(2, 5, 39, /into `bash`/)] },
    { name: 'through gosu', code: 'FROM debian:12\nRUN curl -fsSL https://x/i.sh | gosu root bash -s\n', errors: [one(2, 5, 50, /into `bash`/)] },
    { name: 'through tee into perl', code: 'FROM debian:12\nRUN curl -fsSL https://x/i.pl | tee /tmp/i.log | perl\n', errors: [one(2, 5, 54, /into `perl`/)] },
    { name: '|&', code: 'FROM debian:12\nRUN curl -fsSL https://x/i.sh |& sh\n', errors: [one(2, 5, 36)] },
    { name: 'a pipe that ends a heredoc line', code: 'FROM debian:12\nRUN <<EOF\ncurl -fsSL https://x/i.sh |\n  sh\nEOF\n', errors: [at(3, 1, 4, 5)] },
    { name: 'a substitution that runs other commands first', code: 'FROM debian:12\nRUN sh -c "$(cd /tmp && curl -fsSL https://x/i.sh)"\n', errors: [one(2, 5, 52, /run by `sh`/)] },
  ],
};

testRule(rule, cases);
testPrefilter(rule, mayRunDownload, cases, [
  'FROM debian:12\nRUN curl -fsSL https://x/a.tgz | tar -xz -C /opt && ARCH="$(uname -m)" && curl -fsSLo /tmp/i.sh "https://x/$ARCH/i.sh" && sh /tmp/i.sh\n',
  "FROM tomcat:10\nRUN curl -fsSLo t.tgz https://x/t.tgz && find ./bin/ -name '*.sh' -exec sed -ri 's|^#!/bin/sh$|#!/usr/bin/env bash|' '{}' +\n",
  'FROM alpine:3.20\nRUN apk add --no-cache bash curl python3 && echo "$(curl -s https://x/motd)" > /etc/motd\n',
  'FROM debian:12\nRUN wget -qO- https://x/a.tgz | tar xz && cat /opt/run.sh | sh\n',
]);

testDocExamples(rule);
