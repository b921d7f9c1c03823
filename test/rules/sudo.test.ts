import rule, { mayRunSudo } from '../../src/rules/sudo.js';
import { testDocExamples, testPrefilter, testRule, type RuleCases } from './harness.js';

const at = (line: number, column: number, endColumn: number, message?: string | RegExp) => ({ line, column, endLine: line, endColumn, message });

const cases: RuleCases = {
  valid: [
    'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'installing sudo', code: 'FROM ubuntu:24.04\nRUN apt-get install -y --no-install-recommends sudo && apk add sudo\n' },
    {
      name: 'configuring sudoers',
      code: 'FROM ubuntu:24.04\nRUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app && chmod 0440 /etc/sudoers.d/app && usermod -aG sudo app\n',
    },
    { name: 'sed on the sudoers file', code: "FROM ubuntu:24.04\nRUN sed -i.bak -e 's/^%sudo/#%sudo/' /etc/sudoers\n" },
    { name: 'looking for sudo', code: 'FROM ubuntu:24.04\nRUN command -v sudo && which sudo && type sudo\n' },
    { name: 'gosu and su-exec', code: 'FROM ubuntu:24.04\nRUN gosu app make && su-exec app make && su app -c make\n' },
    { name: 'a comment line inside a continuation', code: 'FROM ubuntu:24.04\nRUN apt-get update \\\n# sudo apt-get install x\n && apt-get install -y x\n' },
    { name: 'sudo in CMD is not a build step', code: 'FROM ubuntu:24.04\nCMD sudo nginx && sudo chown -R app /var/lib/app\n' },
    { name: 'a PowerShell stage is not read as sh', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN sudo make\n' },
  ],
  invalid: [
    {
      code: 'FROM ubuntu:24.04\nRUN sudo apt-get update && sudo apt-get install -y curl\n',
      errors: [
        at(2, 5, 9, /^`sudo apt-get` in RUN: this step already runs as the base image's user \(root unless it sets another\)/),
        at(2, 28, 32),
      ],
    },
    { name: 'lowercase, sudo options', code: 'FROM ubuntu:24.04\nrun sudo -E -u root make install\n', errors: [at(2, 5, 9, /^`sudo make`/)] },
    { name: 'through xargs', code: 'FROM ubuntu:24.04\nRUN ls *.deb | xargs sudo dpkg -i\n', errors: [at(2, 22, 26, /^`sudo dpkg`/)] },
    { name: 'through find -exec', code: 'FROM ubuntu:24.04\nRUN find /opt -name "*.sh" -exec sudo chmod +x {} +\n', errors: [at(2, 34, 38, /^`sudo chmod`/)] },
    { name: 'through env', code: 'FROM ubuntu:24.04\nRUN env DEBIAN_FRONTEND=noninteractive sudo apt-get install -y curl\n', errors: [at(2, 40, 44)] },
    {
      name: 'continuation lines with a comment between them',
      code: 'FROM ubuntu:24.04\nRUN apt-get update \\\n# needs root\n && sudo \\\n    make install\n',
      errors: [at(4, 5, 9)],
    },
    { name: 'heredoc', code: 'FROM ubuntu:24.04\nRUN <<EOF\nset -e\nsudo make install\nEOF\n', errors: [at(4, 1, 5)] },
    { name: 'exec form', code: 'FROM ubuntu:24.04\nRUN ["sudo", "make", "install"]\n', errors: [at(2, 7, 11)] },
    { name: 'bash -c string', code: 'FROM ubuntu:24.04\nRUN bash -c "sudo make install"\n', errors: [at(2, 14, 18)] },
    { name: 'ONBUILD trigger', code: 'FROM ubuntu:24.04\nONBUILD RUN sudo make install\n', errors: [at(2, 13, 17)] },
    {
      name: 'as a non-root USER',
      code: 'FROM ubuntu:24.04\nUSER app\nRUN sudo make install\n',
      errors: [at(3, 5, 9, /^`sudo make` in RUN: this step runs as app and borrows root through sudo.*`USER root`/)],
    },
    { name: 'USER inherited through FROM <stage>', code: 'FROM ubuntu:24.04 AS base\nUSER app\nFROM base\nRUN sudo -l\n', errors: [at(4, 5, 9, /^`sudo` in RUN: this step runs as app/)] },
    { name: 'USER from an ARG', code: 'ARG U=builder\nFROM ubuntu:24.04\nARG U\nUSER ${U}\nRUN sudo make install\n', errors: [at(5, 5, 9, /runs as builder/)] },
    { name: 'USER 0:0 is root', code: 'FROM ubuntu:24.04\nUSER 0:0\nRUN sudo make install\n', errors: [at(3, 5, 9, /already runs as root, so/)] },
    { name: 'after an assignment whose quoted value names a command', code: 'FROM ubuntu:24.04\nRUN A="x echo" sudo make install\n', errors: [at(2, 16, 20)] },
    { name: 'after installing it, in a heredoc', code: 'FROM ubuntu:24.04\nRUN <<EOF\napt-get install -y \\\n  sudo\nsudo make install\nEOF\n', errors: [at(5, 1, 5)] },
  ],
};

testRule(rule, cases);
testPrefilter(rule, mayRunSudo, cases, [
  'FROM ubuntu:24.04\nRUN apt-get install -y --no-install-recommends openssh-server sudo -y && usermod -aG sudo app && echo "app ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/app\n',
  "FROM ubuntu:24.04\nRUN sed -i.bak -e 's/^%sudo/#%sudo/' /etc/sudoers && DEBIAN_FRONTEND=noninteractive apt-get install -y sudo\n",
]);

testDocExamples(rule);
