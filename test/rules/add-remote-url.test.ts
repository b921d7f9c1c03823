import rule, { messages as msg } from '../../src/rules/add-remote-url.js';
import { testDocExamples, testRule } from './harness.js';

const SUM = 'sha256:0b1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const COMMIT = '4f2c9e1b7a3d5c8e0f6b2a9d1c7e3f5a8b0d2c4e';

testRule(rule, {
  valid: [
    `FROM alpine:3.20\nADD --checksum=${SUM} https://example.com/tool.tgz /tmp/\n`,
    { name: 'checksum from an ARG', code: `FROM alpine:3.20\nARG TOOL_SHA256\nADD --checksum=sha256:\${TOOL_SHA256} https://example.com/tool.tgz /tmp/\n` },
    { name: 'checksum flag after other flags', code: `FROM alpine:3.20\nADD --chown=app:app --checksum=${SUM} --link https://example.com/tool.tgz /opt/\n` },
    { name: 'local file', code: 'FROM alpine:3.20\nADD rootfs.tar.xz /\n' },
    { name: 'local path that mentions http', code: 'FROM alpine:3.20\nADD http-config/ /etc/app/\n' },
    { name: 'upper-case scheme is a local path for BuildKit', code: 'FROM alpine:3.20\nADD HTTPS://example.com/x /x\n' },
    { name: 'URL as the destination only', code: 'FROM alpine:3.20\nADD app.conf /srv/https://example.com/\n' },
    { name: 'COPY is not ADD', code: 'FROM alpine:3.20\nCOPY https-proxy.conf /etc/\n' },
    { name: 'heredoc', code: 'FROM alpine:3.20\nADD <<EOF /etc/motd\nsee https://example.com\nEOF\n' },
    { name: 'RUN curl is another rule', code: 'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x -o /x\n' },
    { name: 'ARG without default', code: 'FROM alpine:3.20\nARG TOOL_URL\nADD ${TOOL_URL} /tmp/tool\n' },
    { name: 'git source pinned to a commit', code: `FROM alpine:3.20\nADD https://github.com/example/tools.git#${COMMIT} /src\n` },
    { name: 'git source pinned to a commit, with subdir', code: `FROM alpine:3.20\nADD git@github.com:example/tools.git#${COMMIT}:cmd /src\n` },
    { name: 'git source with --checksum', code: `FROM alpine:3.20\nADD --checksum=${COMMIT} https://github.com/example/tools.git#v1.2.0 /src\n` },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nADD https://example.com/tool.tgz /tmp/\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 33, message: msg.http("'https://example.com/tool.tgz'") }],
    },
    { name: 'plain http', code: 'FROM alpine:3.20\nADD http://example.com/a.sh /a.sh\n', errors: [{ line: 2, column: 5, endLine: 2, endColumn: 28 }] },
    { name: 'lowercase', code: 'from alpine:3.20\nadd https://example.com/a /a\n', errors: [{ line: 2, column: 5, endLine: 2, endColumn: 26 }] },
    {
      name: 'range is the URL, not the flags',
      code: 'FROM alpine:3.20\nADD --chown=10001:10001 --chmod=755 https://example.com/a /usr/local/bin/a\n',
      errors: [{ line: 2, column: 37, endLine: 2, endColumn: 58 }],
    },
    {
      name: 'exec form: range inside the quotes',
      code: 'FROM alpine:3.20\nADD ["https://example.com/a b.txt", "/data/"]\n',
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 34, message: /'https:\/\/example\.com\/a b\.txt'/ }],
    },
    {
      name: 'each URL source',
      code: 'FROM alpine:3.20\nADD https://example.com/a local.txt https://example.org/b /dst/\n',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 26 },
        { line: 2, column: 37, endLine: 2, endColumn: 58 },
      ],
    },
    {
      name: 'continuation with a comment line',
      code: 'FROM alpine:3.20\nADD \\\n# the tool\n    https://example.com/tool.tgz \\\n    /tmp/\n',
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 33 }],
    },
    {
      name: 'URL built from an ARG default',
      code: 'FROM alpine:3.20\nARG VERSION=1.2.3\nADD https://example.com/v${VERSION}/tool.tgz /tmp/\n',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 45, message: /'https:\/\/example\.com\/v1\.2\.3\/tool\.tgz' \(from 'https:\/\/example\.com\/v\$\{VERSION\}\/tool\.tgz'\)/ }],
    },
    {
      name: 'URL from an ENV',
      code: 'FROM alpine:3.20\nENV TINI_URL=https://example.com/tini\nADD $TINI_URL /tini\n',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 14 }],
    },
    {
      name: 'ONBUILD trigger',
      code: 'FROM alpine:3.20\nONBUILD ADD https://example.com/a /a\n',
      errors: [{ line: 2, column: 13, endLine: 2, endColumn: 34 }],
    },
    { name: 'empty --checksum', code: 'FROM alpine:3.20\nADD --checksum= https://example.com/a /a\n', errors: [{ line: 2, column: 17, endLine: 2, endColumn: 38 }] },
    {
      name: 'git source at a tag',
      code: 'FROM alpine:3.20\nADD https://github.com/example/tools.git#v1.4.0 /src\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 48, message: msg.git("'https://github.com/example/tools.git#v1.4.0'", "'v1.4.0'") }],
    },
    {
      name: 'git source without a ref',
      code: 'FROM alpine:3.20\nADD git@github.com:example/tools.git /src\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 37, message: /at its default branch/ }],
    },
    {
      name: 'git source with a branch and subdir',
      code: 'FROM alpine:3.20\nADD https://github.com/example/tools.git#main:cmd/tool /src\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 55, message: /at 'main'/ }],
    },
    {
      name: 'abbreviated commit is not a pin',
      code: 'FROM alpine:3.20\nADD https://github.com/example/tools.git#4f2c9e1 /src\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 49 }],
    },
    { name: 'fragment without FROM', code: 'ADD http://example.com /usr/src/app/\n', errors: [{ line: 1, column: 5, endLine: 1, endColumn: 23 }] },
  ],
});

testDocExamples(rule);
