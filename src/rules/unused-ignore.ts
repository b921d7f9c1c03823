import { defineRule } from '../engine/rule.js';

/** Findings come from the engine's ignore handling (see engine/lint.ts and engine/ignores.ts). */
export default defineRule({
  meta: {
    id: 'unused-ignore',
    title: 'Inline ignore that suppresses nothing',
    severity: 'warning',
    securitySeverity: 0,
    tags: ['maintainability'],
    sources: [],
    fixable: false,
    docs: {
      description:
        'Reports `# drydock ignore=…` and `# hadolint ignore=…` comments whose rule found nothing where the comment applies, and ignores naming a rule id that does not exist. hadolint codes that no drydock rule covers yet are left alone.',
      rationale:
        'A stale ignore hides the next real problem of that kind on the same line. Remove it once the code it excused is gone.',
      incorrect: [
        { code: 'FROM alpine:3.20\n# drydock ignore=sudo -- installer needs it\nRUN apk add --no-cache curl\n' },
        { code: 'FROM alpine:3.20\n# drydock ignore=no-such-rule\nRUN apk add --no-cache curl\n', note: 'An unknown rule id.' },
      ],
      correct: [{ code: 'FROM alpine:3.20\n# drydock ignore=sudo -- the vendor installer calls sudo\nRUN sudo ./install.sh\n' }],
    },
    messages: {
      unused: (id: string, scope: string) =>
        `ignore of '${id}' suppresses nothing in its ${scope === 'file' ? 'file' : scope}: remove it`,
    },
  },
});
