import rule, { mayEmptyPassword } from '../../src/rules/empty-password.js';
import { testDocExamples, testPrefilter, testRule, type RuleCases } from './harness.js';

const at = (line: number, column: number, endLine: number, endColumn: number, message?: string | RegExp) => ({ line, column, endLine, endColumn, message });

const cases: RuleCases = {
  valid: [
    { name: 'disabled (locked) passwords', code: 'FROM debian:12\nRUN adduser --disabled-password --gecos "" app && adduser -D app2 && useradd -r app3\n' },
    { name: 'locking', code: 'FROM alpine:3.20\nRUN passwd -l root && usermod -L app && passwd -u app\n' },
    { name: 'a real password', code: "FROM debian:12\nRUN echo 'test:test' | chpasswd && printf 'a:b\\n' | chpasswd\n" },
    { name: 'a password from a variable', code: 'FROM debian:12\nRUN echo "root:${ROOT_PASSWORD}" | chpasswd && echo "app:$(cat /run/secrets/pw)" | chpasswd\n' },
    { name: 'a locked hash', code: "FROM debian:12\nRUN useradd -p '*' svc && usermod -p '!' svc2 && useradd --password='$6$abc$def' svc3\n" },
    { name: 'a password from a file', code: 'FROM debian:12\nRUN chpasswd < /run/secrets/passwords\n' },
    { name: 'options that only look alike', code: 'FROM debian:12\nRUN passwd -S root && useradd -d /home/app app && usermod -d /srv/app app\n' },
    { name: 'text that mentions it', code: 'FROM debian:12\nRUN echo "run passwd -d root to clear it" > /README\n' },
    {
      name: 'account files written with a password or a lock',
      code: "FROM debian:12\nRUN echo 'app:x:1000:1000::/app:/bin/sh' >> /etc/passwd && sed -i 's/^root::/root:!:/' /etc/shadow && echo 'a::b' > /etc/hosts.allow\n",
    },
    { name: 'sed on another file', code: "FROM debian:12\nRUN sed -i 's/:x:/::/' /etc/group\n" },
    { name: 'a comment line inside a continuation', code: 'FROM debian:12\nRUN useradd app \\\n# passwd -d app\n && echo done\n' },
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nRUN passwd -d root\n', errors: [at(2, 5, 2, 19, /^`passwd -d` leaves root with an empty password: .*`passwd -l`/)] },
    { name: 'lowercase, --delete', code: 'FROM alpine:3.20\nrun adduser -D app && passwd --delete app\n', errors: [at(2, 23, 2, 42, /account 'app'/)] },
    { name: 'no account named', code: 'FROM debian:12\nRUN passwd -d\n', errors: [at(2, 5, 2, 14, /leaves the account running the step with an empty password/)] },
    { name: 'echo into chpasswd', code: "FROM debian:12\nRUN echo 'root:' | chpasswd\n", errors: [at(2, 10, 2, 17, /^`chpasswd` leaves root with an empty password/)] },
    { name: 'double quotes, sudo, -e', code: 'FROM debian:12\nRUN echo "tester:" | sudo chpasswd -e\n', errors: [at(2, 10, 2, 19, /account 'tester'/)] },
    { name: 'printf with several lines', code: "FROM debian:12\nRUN printf 'app:secret\\nguest:\\n' | chpasswd\n", errors: [at(2, 12, 2, 34, /account 'guest'/)] },
    { name: 'a here-string', code: "FROM debian:12\nRUN chpasswd <<< 'guest:'\n", errors: [at(2, 18, 2, 26)] },
    { name: 'a heredoc into chpasswd', code: 'FROM debian:12\nRUN chpasswd <<EOF\nguest:\nEOF\n', errors: [at(2, 14, 2, 19, /account 'guest'/)] },
    { name: "useradd -p ''", code: "FROM debian:12\nRUN useradd -m -p '' guest\n", errors: [at(2, 19, 2, 21, /^`useradd -p ''` leaves account 'guest'/)] },
    {
      name: 'usermod --password= and -p ""',
      code: 'FROM debian:12\nRUN usermod --password= guest && usermod -p "" -s /bin/bash guest2\n',
      errors: [at(2, 13, 2, 24, /^`usermod --password ''` leaves account 'guest'/), at(2, 45, 2, 47, /account 'guest2'/)],
    },
    {
      name: 'continuation lines with a comment between them',
      code: 'FROM debian:12\nRUN useradd -m guest \\\n# no password for the demo\n && passwd \\\n    -d guest\n',
      errors: [at(4, 5, 5, 13)],
    },
    { name: 'heredoc script', code: 'FROM debian:12\nRUN <<EOF\nuseradd -m guest\npasswd -d guest\nEOF\n', errors: [at(4, 1, 4, 16)] },
    { name: 'exec form', code: 'FROM debian:12\nRUN ["passwd", "-d", "root"]\n', errors: [at(2, 7, 2, 27)] },
    { name: 'ONBUILD trigger', code: 'FROM debian:12\nONBUILD RUN passwd -d root\n', errors: [at(2, 13, 2, 27)] },
    {
      name: 'sed emptying the password field',
      code: "FROM debian:12\nRUN sed -i 's/^root:[^:]*:/root::/' /etc/shadow && sed -i -e 's/^\\(guest\\):x:/\\1::/' /etc/passwd\n",
      errors: [at(2, 12, 2, 36, /^\/etc\/shadow is written with an empty password field for root:/), at(2, 62, 2, 85, /^\/etc\/passwd .* for the matched account/)],
    },
    {
      name: 'an entry appended to /etc/passwd',
      code: "FROM debian:12\nRUN echo 'guest::1001:1001::/home/guest:/bin/sh' >> /etc/passwd\n",
      errors: [at(2, 10, 2, 49, /^\/etc\/passwd is written with an empty password field for account 'guest'/)],
    },
    {
      name: 'a heredoc appended to /etc/shadow',
      code: 'FROM debian:12\nRUN cat >> /etc/shadow <<EOF\nguest::19000:0:99999:7:::\nEOF\n',
      errors: [at(2, 24, 2, 29)],
    },
    { name: 'sh -c string', code: "FROM debian:12\nRUN sh -c \"echo 'root:' | chpasswd\"\n", errors: [at(2, 17, 2, 24)] },
    { name: 'passwd -d on a continuation line of a heredoc', code: 'FROM debian:12\nRUN <<EOF\npasswd \\\n  -d app\nEOF\n', errors: [at(3, 1, 4, 9)] },
    { name: 'an empty exec-form element', code: 'FROM debian:12\nRUN ["useradd", "-p", "", "tester"]\n', errors: [at(2, 20, 2, 20)] },
  ],
};

testRule(rule, cases);
testPrefilter(rule, mayEmptyPassword, cases, [
  "FROM debian:12\nRUN useradd -m -d /home/app -s /bin/bash app && mkdir -p /x && echo 'root:secret' | chpasswd && chmod g+w /etc/passwd\n",
  'FROM debian:12\nRUN groupadd --gid 999 --system mongodb && useradd --uid 999 --system --gid mongodb --home-dir /data/db mongodb && mkdir -p /data/db\n',
]);

testDocExamples(rule);
