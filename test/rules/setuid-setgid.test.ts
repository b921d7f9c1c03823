import { describe, expect, it } from 'vitest';
import rule, { maySetSpecialBits } from '../../src/rules/setuid-setgid.js';
import { modeEffect } from '../../src/rules/shell-helpers.js';
import { findingsOf, testDocExamples, testPrefilter, testRule, type RuleCases } from './harness.js';

const at = (line: number, column: number, endColumn: number, message?: string | RegExp) => ({ line, column, endLine: line, endColumn, message });

const cases: RuleCases = {
  valid: [
    'FROM debian:12\nRUN chmod 755 /usr/local/bin/tool\n',
    'FROM debian:12\nRUN chmod +x /usr/local/bin/gosu && chmod 0755 /entrypoint.sh\n',
    'FROM debian:12\nRUN chmod a-s /usr/bin/passwd && chmod u-s,g-s /usr/bin/chsh && chmod -s /usr/bin/newgrp\n',
    'FROM debian:12\nRUN chmod 1777 /tmp && chmod 0644 /etc/app.conf && chmod o+s /x\n',
    { name: 'hardening: strip every setuid/setgid bit', code: 'FROM debian:12\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} \\; || true\n' },
    { name: 'a mode copied from a reference file', code: 'FROM debian:12\nRUN chmod --reference=/bin/ls /usr/local/bin/tool\n' },
    { name: 'a dynamic mode', code: 'FROM debian:12\nARG MODE\nRUN chmod "$MODE" /usr/local/bin/tool\n' },
    { name: 'install and mkdir without special bits', code: 'FROM debian:12\nRUN install -Dm755 tool /usr/local/bin/tool && mkdir -m 0750 /data && install -d -m 0700 /run/app\n' },
    { name: 'mode-like words that are not modes', code: 'FROM debian:12\nRUN echo chmod 4755 /x && grep -r "chmod u+s" /etc\n' },
    { name: 'a comment line inside a continuation', code: 'FROM debian:12\nRUN apt-get update \\\n# chmod u+s /bin/ping\n && apt-get install -y iputils-ping\n' },
    { name: 'removed again in the same RUN', code: 'FROM debian:12\nRUN tmp="$(mktemp -d)" && cp tool "$tmp/" && chmod 4755 "$tmp/tool" && "$tmp/tool" --selftest && rm -rf "$tmp"\n' },
    'FROM debian:12\nCOPY --chmod=755 tool /usr/local/bin/tool\nADD --chmod=0644 app.conf /etc/app.conf\n',
    { name: 'an unknown ARG in --chmod', code: 'FROM debian:12\nARG MODE\nCOPY --chmod=${MODE} tool /usr/local/bin/tool\n' },
    { name: 'a PowerShell stage is not read as sh', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN chmod 4755 C:/tool\n' },
  ],
  invalid: [
    { code: 'FROM debian:12\nRUN chmod u+s /usr/bin/tool\n', errors: [at(2, 11, 14, /^`chmod u\+s` gives \/usr\/bin\/tool the setuid bit: .*its owner/)] },
    { code: 'FROM debian:12\nRUN chmod 4755 /usr/bin/a /usr/bin/b\n', errors: [at(2, 11, 15, /gives \/usr\/bin\/a, \/usr\/bin\/b the setuid bit/)] },
    {
      name: 'leading zero and a second command',
      code: 'FROM debian:12\nRUN chmod 06755 /usr/bin/a && chmod 2755 /usr/bin/b\n',
      errors: [at(2, 11, 16, /the setuid and setgid bits: .*its owner and group/), at(2, 37, 41, /the setgid bit: .*its group/)],
    },
    { name: 'lowercase RUN, +s', code: 'FROM debian:12\nrun chmod +s /usr/local/bin/nnp\n', errors: [at(2, 11, 13, /setuid and setgid bits/)] },
    { name: 'recursive', code: 'FROM debian:12\nRUN chmod -R ug+s /opt/app/bin\n', errors: [at(2, 14, 18, /^`chmod -R ug\+s` gives \/opt\/app\/bin/)] },
    { name: 'several clauses', code: 'FROM debian:12\nRUN chmod a+s,o-w /x\n', errors: [at(2, 11, 18)] },
    { name: 'install -m', code: 'FROM debian:12\nRUN install -m 4755 tool /usr/local/bin/tool\n', errors: [at(2, 16, 20, /^`install -m 4755` gives \/usr\/local\/bin\/tool/)] },
    { name: 'install -Dm4755: the mode inside the cluster', code: 'FROM debian:12\nRUN install -Dm4755 tool /usr/local/bin/tool\n', errors: [at(2, 16, 20)] },
    { name: 'install --mode=', code: 'FROM debian:12\nRUN install --mode=2755 -o root -g games tool /usr/games/tool\n', errors: [at(2, 20, 24, /\/usr\/games\/tool the setgid bit/)] },
    { name: 'mkdir -m makes a setgid directory', code: 'FROM debian:12\nRUN mkdir -p -m 2775 /srv/shared\n', errors: [at(2, 17, 21, /sets the setgid bit on directory \/srv\/shared: files created there inherit the group/)] },
    { name: 'chmod g+s on a folder mkdir made', code: 'FROM debian:12\nRUN mkdir -p /srv/shared && chmod g+s /srv/shared\n', errors: [at(2, 35, 38, /on directory \/srv\/shared: .*shared folders/)] },
    { name: 'a trailing slash names a directory', code: 'FROM debian:12\nRUN chmod g+s /srv/shared/\n', errors: [at(2, 11, 14, /on directory \/srv\/shared\//)] },
    { name: 'setgid on a program', code: 'FROM debian:12\nRUN chmod g+s /usr/bin/wall\n', errors: [at(2, 11, 14, /gives \/usr\/bin\/wall the setgid bit/)] },
    { name: 'find -exec on directories', code: 'FROM debian:12\nRUN find /srv -type d -exec chmod g+s {} +\n', errors: [at(2, 35, 38, /on the directories that find selects/)] },
    { name: 'through xargs and sudo', code: 'FROM debian:12\nRUN ls /usr/local/bin/* | xargs sudo chmod u+s\n', errors: [at(2, 44, 47, /gives the files it is given the setuid bit/)] },
    {
      name: 'continuation lines with a comment between them',
      code: 'FROM debian:12\nRUN apt-get update \\\n# make ping usable\n && chmod \\\n    u+s /bin/ping\n',
      errors: [at(5, 5, 8, /\/bin\/ping/)],
    },
    { name: 'heredoc', code: 'FROM debian:12\nRUN <<EOF\nset -e\nchmod 4755 /usr/bin/tool\nEOF\n', errors: [at(4, 7, 11)] },
    { name: 'exec form', code: 'FROM debian:12\nRUN ["chmod", "4755", "/usr/bin/tool"]\n', errors: [at(2, 16, 20)] },
    { name: 'sh -c string', code: 'FROM debian:12\nRUN sh -c "chmod u+s /usr/bin/tool"\n', errors: [at(2, 18, 21)] },
    { name: 'ONBUILD trigger', code: 'FROM debian:12\nONBUILD RUN chmod u+s /usr/bin/tool\n', errors: [at(2, 19, 22)] },
    { name: 'COPY --chmod', code: 'FROM debian:12\nCOPY --chmod=4755 tool /usr/local/bin/tool\n', errors: [at(2, 6, 18, /^`COPY --chmod=4755` gives the copied files the setuid bit/)] },
    {
      name: 'ADD --chmod from an ARG inherited through FROM <stage>, --platform',
      code: 'FROM --platform=linux/amd64 debian:12 AS build\nARG MODE=2755\nFROM build\nADD --chown=root:games --chmod=${MODE} tool /usr/games/tool\n',
      errors: [at(4, 24, 39, /^`ADD --chmod=2755` gives the added files the setgid bit/)],
    },
    { name: 'ONBUILD COPY and lowercase copy', code: 'FROM debian:12\nONBUILD COPY --chmod=4755 a /b\ncopy --chmod=6755 a /c\n', errors: [at(2, 14, 26), at(3, 6, 18, /setuid and setgid bits/)] },
    { name: 'symbolic COPY --chmod', code: 'FROM debian:12\nCOPY --chmod=u+s,a+rx tool /usr/local/bin/tool\n', errors: [at(2, 6, 22)] },
    { name: 'install -m with a symbolic mode in the cluster', code: 'FROM debian:12\nRUN install -mu+s tool /usr/local/bin/tool\n', errors: [at(2, 15, 18)] },
    { name: 'several operations in a clause', code: 'FROM debian:12\nRUN chmod u+s-x /usr/local/bin/tool\n', errors: [at(2, 11, 16)] },
    { name: 'five octal digits', code: 'FROM debian:12\nRUN chmod 14755 /usr/local/bin/tool\n', errors: [at(2, 11, 16)] },
    { name: 'a mode after --', code: 'FROM debian:12\nRUN chmod -- -w+s /usr/local/bin/tool\n', errors: [at(2, 14, 18, /setuid and setgid bits/)] },
  ],
};

testRule(rule, cases);
testPrefilter(rule, maySetSpecialBits, cases, [
  'FROM debian:12\nRUN chmod +x /entrypoint.sh && chmod 0755 /usr/local/bin/tool && install -Dm755 tool /usr/local/bin/tool && mkdir -p -m 0750 /data\n',
  'FROM debian:12\nRUN chmod a-s /usr/bin/passwd && chmod 1777 /tmp && apt-get install -y postgresql && echo "port = 5432" >> /etc/pg.conf\n',
]);

testDocExamples(rule);

describe('modeEffect', () => {
  it.each([
    ['4755', { setuid: 'set', setgid: 'cleared', sticky: 'cleared', otherWrite: 'cleared' }],
    ['06777', { setuid: 'set', setgid: 'set', sticky: 'cleared', otherWrite: 'set' }],
    ['1777', { setuid: 'cleared', setgid: 'cleared', sticky: 'set', otherWrite: 'set' }],
    ['+s', { setuid: 'set', setgid: 'set', sticky: 'unchanged', otherWrite: 'unchanged' }],
    ['g+s', { setuid: 'unchanged', setgid: 'set', sticky: 'unchanged', otherWrite: 'unchanged' }],
    ['u+s,u-s', { setuid: 'cleared', setgid: 'unchanged', sticky: 'unchanged', otherWrite: 'unchanged' }],
    ['a=rwx', { setuid: 'cleared', setgid: 'cleared', sticky: 'cleared', otherWrite: 'set' }],
    ['ugo+rwx,o+t', { setuid: 'unchanged', setgid: 'unchanged', sticky: 'set', otherWrite: 'set' }],
    ['+w', { setuid: 'unchanged', setgid: 'unchanged', sticky: 'unchanged', otherWrite: 'unchanged' }],
    ['go=u', { setuid: 'unchanged', setgid: 'unchanged', sticky: 'unchanged', otherWrite: 'unchanged' }],
  ])('%s', (mode, effect) => {
    expect(modeEffect(mode)).toEqual(effect);
  });

  it('rejects what is not a mode', () => {
    expect(modeEffect('/usr/bin/x')).toBeUndefined();
    expect(modeEffect('u+q')).toBeUndefined();
    expect(modeEffect('99')).toBeUndefined();
  });
});

it('names the mode and files in the fingerprint subject, not the line', async () => {
  const [a] = await findingsOf(rule, 'FROM debian:12\nRUN chmod u+s /usr/bin/tool\n');
  const [b] = await findingsOf(rule, 'FROM debian:12\nRUN apt-get update\nRUN chmod u+s /usr/bin/tool\n');
  expect(a!.fingerprint).toBe(b!.fingerprint);
});
