import syntaxError from '../../src/rules/syntax-error.js';
import { testRule } from './harness.js';

testRule(syntaxError, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    'ARG BASE=alpine\nFROM ${BASE}\nrun echo "lowercase is fine"\n',
    'RUN echo fragment without FROM\n',
  ],
  invalid: [
    {
      name: 'an unknown instruction, and the rest of the file is still read',
      code: 'FROM alpine\nRUNN echo hi\nCOPY --chmod 755 a /b\n',
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 5, message: "unknown instruction 'RUNN' (did you mean RUN?)" },
        { line: 3, column: 6, endLine: 3, endColumn: 13, message: "flag '--chmod' needs a value: --chmod=<value>" },
      ],
    },
    {
      name: 'an unterminated heredoc at its marker',
      code: 'FROM alpine\nRUN <<EOF\napk add curl\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 10, message: /never terminated/ }],
    },
    {
      name: 'an empty file',
      code: '',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 1, message: /no instructions/ }],
    },
  ],
});
