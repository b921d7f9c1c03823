import rule, { maySetCapabilities } from '../../src/rules/file-capabilities.js';
import { testDocExamples, testPrefilter, testRule, type RuleCases } from './harness.js';

const at = (line: number, column: number, endLine: number, endColumn: number, message?: string | RegExp) => ({ line, column, endLine, endColumn, message });

const cases: RuleCases = {
  valid: [
    { name: 'removing capabilities', code: 'FROM debian:12\nRUN setcap -r /usr/bin/mpd\n' },
    { name: 'verifying only', code: 'FROM debian:12\nRUN setcap -v cap_net_raw+ep /usr/bin/ping\n' },
    { name: 'reading capabilities', code: 'FROM debian:12\nRUN getcap -r / 2>/dev/null && getcap /usr/bin/ping\n' },
    { name: 'installing libcap', code: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends libcap2-bin && command -v setcap\n' },
    { name: 'the word in text', code: 'FROM debian:12\nRUN echo "setcap cap_net_raw+ep /usr/bin/ping" > /notes\n' },
    { name: 'a comment line inside a continuation', code: 'FROM debian:12\nRUN apt-get update \\\n# setcap cap_net_raw+ep /usr/bin/ping\n && apt-get install -y iputils-ping\n' },
    { name: 'help', code: 'FROM debian:12\nRUN setcap -h || true\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN setcap cap_net_bind_service=+ep /usr/bin/node\n',
      errors: [at(2, 5, 2, 50, /^`setcap` gives cap_net_bind_service=\+ep to \/usr\/bin\/node: whoever runs the file/)],
    },
    {
      name: 'lowercase, quoted capability list',
      code: "FROM debian:12\nrun setcap 'cap_net_raw,cap_net_admin+eip' /usr/bin/python3.9\n",
      errors: [at(2, 5, 2, 62, /cap_net_raw,cap_net_admin\+eip to \/usr\/bin\/python3.9/)],
    },
    {
      name: 'several pairs, one of them a removal',
      code: 'FROM debian:12\nRUN setcap -q cap_net_raw+ep /usr/bin/ping -r /usr/bin/mtr cap_net_admin+ep /usr/sbin/tool\n',
      errors: [at(2, 5, 2, 91, /gives cap_net_raw\+ep to \/usr\/bin\/ping and cap_net_admin\+ep to \/usr\/sbin\/tool:/)],
    },
    {
      name: 'sudo, `|| true`, continuation lines with a comment between them: the range starts at setcap',
      code: 'FROM debian:12\nRUN apt-get install -y libcap2-bin \\\n# let node bind port 80\n && sudo setcap \\\n    cap_net_bind_service=+ep /usr/local/bin/node || true\n',
      errors: [at(4, 10, 5, 49)],
    },
    { name: 'heredoc', code: 'FROM debian:12\nRUN <<EOF\nset -e\nsetcap cap_net_raw+ep /usr/bin/nmap\nEOF\n', errors: [at(4, 1, 4, 36)] },
    { name: 'exec form', code: 'FROM debian:12\nRUN ["setcap", "cap_net_raw+ep", "/usr/bin/nmap"]\n', errors: [at(2, 7, 2, 48)] },
    { name: 'ONBUILD trigger', code: 'FROM debian:12\nONBUILD RUN setcap cap_net_raw+ep /usr/bin/nmap\n', errors: [at(2, 13, 2, 48)] },
    { name: 'sh -c string', code: 'FROM debian:12\nRUN sh -c "setcap cap_net_raw+ep /usr/bin/nmap"\n', errors: [at(2, 12, 2, 47)] },
    {
      name: 'find -exec',
      code: 'FROM debian:12\nRUN find /opt/bin -type f -exec setcap cap_net_raw+ep {} \\;\n',
      errors: [at(2, 33, 2, 57, /cap_net_raw\+ep to the files that find selects/)],
    },
  ],
};

testRule(rule, cases);
testPrefilter(rule, maySetCapabilities, cases, [
  'FROM debian:12\nRUN apt-get install -y libcap2-bin && getcap /usr/bin/ping\n',
]);

testDocExamples(rule);
