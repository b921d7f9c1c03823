import rule, { messages as msg } from '../../src/rules/missing-healthcheck.js';
import { testDocExamples, testRule } from './harness.js';


testRule(rule, {
  valid: [
    'FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
    { name: 'exec form with options', code: 'FROM nginx:1.27\nHEALTHCHECK --interval=30s --retries=3 CMD ["curl", "-f", "http://localhost/"]\n' },
    { name: 'lowercase', code: 'from nginx:1.27\nhealthcheck cmd curl -f http://localhost/\n' },
    { name: 'HEALTHCHECK NONE is an explicit choice', code: 'FROM alpine:3.20\nHEALTHCHECK NONE\nCMD ["backup.sh"]\n' },
    { name: 'inherited from the FROM stage', code: 'FROM scratch AS base\nHEALTHCHECK CMD ["/probe"]\nFROM base\n' },
    {
      name: 'inherited through a chain of stages',
      code: 'FROM alpine:3.20 AS a\nHEALTHCHECK CMD true\nFROM a AS b\nFROM b AS c\nFROM c\nCOPY app /app\n',
    },
    { name: 'only the final stage matters', code: 'FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nHEALTHCHECK CMD wget -q --spider http://localhost:8080/\n' },
    { name: 'continuation', code: 'FROM alpine:3.20\nHEALTHCHECK --interval=5s \\\n  # probe\n  CMD wget -q --spider http://localhost/\n' },
    { name: 'fragment without FROM', code: 'RUN echo hi\n' },
  ],
  invalid: [
    { code: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 16, message: msg.missing('') }] },
    { name: 'scratch', code: 'FROM scratch\nCOPY app /app\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 13 }] },
    { name: 'lowercase', code: 'from nginx:1.27 as web\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 16 }] },
    { name: 'platform flag', code: 'FROM --platform=linux/amd64 nginx:1.27\n', errors: [{ line: 1, column: 29, endLine: 1, endColumn: 39 }] },
    {
      name: 'a HEALTHCHECK in an unrelated builder stage does not count',
      code: 'FROM alpine:3.20 AS base\nHEALTHCHECK CMD true\nFROM scratch\nCOPY --from=base /bin/true /true\n',
      errors: [{ line: 3, column: 6, endLine: 3, endColumn: 13 }],
    },
    {
      name: 'chain without any HEALTHCHECK',
      code: 'FROM alpine:3.20 AS base\nFROM base AS final\nCMD ["sh"]\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 10, message: msg.missing(' (nor do the stages it is built from)') }],
    },
    {
      name: 'branch of the stage graph without HEALTHCHECK',
      code: 'FROM scratch AS base\nFROM base AS one\nHEALTHCHECK NONE\nFROM base AS two\n',
      errors: [{ line: 4, column: 6, endLine: 4, endColumn: 10 }],
    },
    {
      name: 'ONBUILD HEALTHCHECK applies to a later image',
      code: 'FROM nginx:1.27\nONBUILD HEALTHCHECK CMD curl -f http://localhost/\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 16 }],
    },
    {
      name: 'ARG-expanded FROM points at the word as written',
      code: 'ARG BASE=nginx:1.27\nFROM ${BASE}\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 13 }],
    },
  ],
});

testDocExamples(rule);
