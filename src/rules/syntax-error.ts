import { defineRule } from '../engine/rule.js';

/** Findings come from the parser (see engine/lint.ts); this file holds what users see of them. */
export default defineRule({
  meta: {
    id: 'syntax-error',
    title: 'Dockerfile syntax error',
    severity: 'error',
    securitySeverity: 0,
    tags: ['correctness'],
    sources: [],
    fixable: false,
    docs: {
      description:
        'Reports what Docker would refuse to build: unknown instructions, unknown or valueless flags, COPY/ADD without a destination, malformed FROM, ENV, LABEL, SHELL, HEALTHCHECK and ONBUILD, unterminated heredocs, bad parser directives, and files with no instructions. Each problem points at the exact flag, word or marker, and the rest of the file is still linted.',
      rationale:
        'A build that fails late wastes a CI run; a broken line can also hide what follows it from other linters, which stop at the first parse error. drydock reports the problem and keeps going.',
      incorrect: [
        { code: 'FROM alpine:3.20\nRUNN apk add --no-cache curl\n', note: 'A misspelled instruction.' },
        { code: 'FROM alpine:3.20\nCOPY --chmod 755 entrypoint.sh /usr/local/bin/\n', note: 'A flag without `=value`.' },
      ],
      correct: [{ code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCOPY --chmod=755 entrypoint.sh /usr/local/bin/\n' }],
    },
    messages: {},
  },
});
