import rule, { mayMakeWorldWritable } from '../../src/rules/world-writable.js';
import { testDocExamples, testPrefilter, testRule, type RuleCases } from './harness.js';

const at = (line: number, column: number, endColumn: number, message?: string | RegExp) => ({ line, column, endLine: line, endColumn, message });

const cases: RuleCases = {
  valid: [
    'FROM debian:12\nRUN chmod 755 /app && chmod 644 /app/config.yml && chmod +x /entrypoint.sh\n',
    { name: 'group-writable is not world-writable', code: 'FROM debian:12\nRUN chmod -R 775 /app && chmod g+w /etc/passwd && chmod -R g=u /app\n' },
    { name: 'the sticky bit', code: 'FROM debian:12\nRUN chmod 1777 /var/www/html && chmod -R 1777 logs && chmod ugo+rwx,o+t /run/mariadb\n' },
    { name: 'sticky bit added by a later command', code: 'FROM debian:12\nRUN mkdir /drop && chmod 777 /drop && chmod +t /drop\n' },
    { name: '+w and =rwx follow the umask (022)', code: 'FROM debian:12\nRUN chmod +w /app/data && chmod -R =rwx /app/cache\n' },
    { name: 'removing write permission', code: 'FROM debian:12\nRUN chmod o-w /etc/shadow && chmod -R a-w /usr/share/app && chmod go-rwx /root\n' },
    { name: '/tmp keeps its sticky bit with a symbolic mode', code: 'FROM debian:12\nRUN chmod a+rwx /tmp\n' },
    { name: 'a temporary folder removed in the same RUN', code: 'FROM debian:12\nRUN tempDir="$(mktemp -d)" && chmod 777 "$tempDir" && build "$tempDir" && rm -rf "${tempDir}"\n' },
    { name: 'device files belong to the build container', code: 'FROM debian:12\nRUN chmod 666 /dev/null /dev/fuse\n' },
    { name: 'mode-like text in echo', code: 'FROM debian:12\nRUN echo "chmod 777 /app" >> /notes.txt\n' },
    { name: 'a dynamic mode', code: 'FROM debian:12\nRUN chmod "$PERMS" /app\n' },
    { name: 'a comment line inside a continuation', code: 'FROM debian:12\nRUN apt-get update \\\n# chmod 777 /var/www\n && apt-get install -y nginx\n' },
    'FROM debian:12\nCOPY --chmod=755 app /app\nADD --chmod=1777 drop /drop\n',
    { name: 'install and mkdir with safe modes', code: 'FROM debian:12\nRUN install -d -m 0755 /run/app && mkdir -m 1777 /shared\n' },
  ],
  invalid: [
    { code: 'FROM debian:12\nRUN chmod 777 /app\n', errors: [at(2, 11, 14, /^`chmod 777` makes \/app writable by every user in the container: .*1777/)] },
    { code: 'FROM debian:12\nRUN chmod 0666 /etc/app.conf /etc/app.env\n', errors: [at(2, 11, 15, /makes \/etc\/app.conf, \/etc\/app.env writable/)] },
    { name: 'recursive a+w', code: 'FROM debian:12\nRUN chmod -R a+w /opt/cache\n', errors: [at(2, 14, 17, /^`chmod -R a\+w` makes \/opt\/cache and everything under it writable/)] },
    {
      name: 'several recursive targets',
      code: 'FROM rust:1-slim\nRUN chmod -R a+w $RUSTUP_HOME $CARGO_HOME\n',
      errors: [at(2, 14, 17, /\$RUSTUP_HOME, \$CARGO_HOME and everything under them/)],
    },
    { name: 'lowercase, o+w', code: 'FROM debian:12\nrun chmod o+w /var/log/app.log\n', errors: [at(2, 11, 14)] },
    { name: 'a+rwX', code: 'FROM debian:12\nRUN chmod -R a+rwX "$PLEX_HOME"\n', errors: [at(2, 14, 19, /"\$PLEX_HOME"/)] },
    { name: 'a=rwx', code: 'FROM debian:12\nRUN chmod a=rwx /srv/data\n', errors: [at(2, 11, 16)] },
    { name: 'setgid but no sticky bit', code: 'FROM debian:12\nRUN chmod 2777 /srv/drop\n', errors: [at(2, 11, 15)] },
    { name: '777 drops the sticky bit of /tmp', code: 'FROM debian:12\nRUN chmod 777 /tmp\n', errors: [at(2, 11, 14)] },
    {
      name: 'mkdir -m and install -m',
      code: 'FROM debian:12\nRUN mkdir -m 777 /data && install -m 666 /dev/null /var/log/app.log\n',
      errors: [at(2, 14, 17, /^`mkdir -m 777` makes \/data/), at(2, 38, 41, /^`install -m 666` makes \/var\/log\/app.log/)],
    },
    { name: 'find -exec', code: 'FROM debian:12\nRUN find /app -type d -exec chmod o+w {} +\n', errors: [at(2, 35, 38, /the directories that find selects/)] },
    { name: 'through sudo', code: 'FROM debian:12\nRUN sudo chmod 777 /var/run/docker.sock\n', errors: [at(2, 16, 19)] },
    {
      name: 'continuation lines with a comment between them',
      code: 'FROM debian:12\nRUN apt-get update \\\n# loosen permissions\n && chmod \\\n    777 /var/www\n',
      errors: [at(5, 5, 8)],
    },
    { name: 'heredoc', code: 'FROM debian:12\nRUN <<EOF\nchmod 777 /var/www\nEOF\n', errors: [at(3, 7, 10)] },
    { name: 'exec form', code: 'FROM debian:12\nRUN ["chmod", "-R", "777", "/var/www"]\n', errors: [at(2, 22, 25, /^`chmod -R 777`/)] },
    { name: 'ONBUILD trigger', code: 'FROM debian:12\nONBUILD RUN chmod 666 /app/settings.json\n', errors: [at(2, 19, 22)] },
    { name: 'COPY --chmod', code: 'FROM debian:12\nCOPY --chmod=777 app /app\n', errors: [at(2, 6, 17, /^`COPY --chmod=777` makes the copied files writable/)] },
    { name: 'ONBUILD ADD', code: 'FROM debian:12\nONBUILD ADD --chmod=777 a /b\n', errors: [at(2, 13, 24)] },
    { name: 'ADD --chmod from an ARG', code: 'FROM debian:12\nARG MODE=0666\nADD --chmod=$MODE settings.ini /etc/app/\n', errors: [at(3, 5, 18, /^`ADD --chmod=0666` makes the added files/)] },
    { name: 'mkdir -m777', code: 'FROM debian:12\nRUN mkdir -m777 /data\n', errors: [at(2, 13, 16)] },
    { name: 'two octal digits', code: 'FROM debian:12\nRUN chmod 77 /data\n', errors: [at(2, 11, 13)] },
    { name: 'w after another operation', code: 'FROM debian:12\nRUN chmod o-x+w /data\n', errors: [at(2, 11, 16)] },
  ],
};

testRule(rule, cases);
testPrefilter(rule, mayMakeWorldWritable, cases, [
  'FROM debian:12\nRUN chmod 1777 /tmp && chmod ugo+rwx,o+t /run/x && chmod -R g+w /app && chmod +w /app/data && chmod 755 /app\n',
  'FROM debian:12\nRUN mkdir -p /x && make -j 2 install 2>&1 && tar --strip 2 -xf a.tar\n',
]);

testDocExamples(rule);
