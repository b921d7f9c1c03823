import type { StageModel } from '../dockerfile/model.js';
import { defineRule, type ImageContext } from '../engine/rule.js';

export const messages = {
  imageMissing: () =>
    `the image config defines no healthcheck: Docker and Swarm cannot tell a hung service from a healthy one, so it is never restarted or taken out of rotation. Add 'HEALTHCHECK CMD <probe>' to its Dockerfile, or 'HEALTHCHECK NONE' if it is not a long-running service`,
  missing: (chain: string) =>
    `the final image defines no HEALTHCHECK${chain}: Docker and Swarm cannot tell a hung service from a healthy one, so it is never restarted or taken out of rotation. Add 'HEALTHCHECK CMD <probe>' (e.g. a request to a health endpoint), or 'HEALTHCHECK NONE' if the image is not a long-running service`,
};

/** Whether the stage or one of its `FROM <stage>` ancestors has a HEALTHCHECK (ONBUILD triggers don't count). */
function hasHealthcheck(stage: StageModel): boolean {
  const seen = new Set<StageModel>();
  for (let s: StageModel | undefined = stage; s && !seen.has(s); s = s.parent) {
    seen.add(s);
    if (s.instructions.some((m) => m.instruction.keyword === 'HEALTHCHECK')) return true;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'missing-healthcheck',
    title: 'Final image has no HEALTHCHECK',
    severity: 'note',
    securitySeverity: 1.0,
    tags: ['availability', 'cis'],
    sources: ['hadolint:DL3057', 'trivy:DS-0026', 'dockle:CIS-DI-0006', 'cis-docker:4.6', 'checkov:CKV_DOCKER_2'],
    fixable: false,
    docs: {
      description:
        'Reports when the final stage has no HEALTHCHECK, neither itself nor in the earlier stages it is built `FROM`. `HEALTHCHECK NONE` counts as a deliberate choice and is accepted: it documents that no probe is wanted and turns off any inherited one. A HEALTHCHECK inside an ONBUILD trigger does not count, since it applies to a later image. The base image may define its own HEALTHCHECK, which this rule cannot see; a note-level finding keeps that uncertainty visible without failing builds.',
      rationale:
        'Without a health check, Docker only knows whether the main process is alive, not whether it still serves. A deadlocked or wedged service keeps running and keeps receiving traffic. A HEALTHCHECK lets Docker, Swarm and Compose (`depends_on: condition: service_healthy`) see the real state. Kubernetes ignores HEALTHCHECK in favour of its own probes; if that is your only runtime, declare `HEALTHCHECK NONE` or turn the rule off.',
      incorrect: [{ code: 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n' }],
      correct: [
        {
          code: 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nHEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1\n',
        },
        {
          code: 'FROM alpine:3.20 AS base\nHEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1\nFROM base AS final\nCOPY app /usr/local/bin/app\nCMD ["app"]\n',
          note: 'Inherited from the FROM stage.',
        },
        { code: 'FROM alpine:3.20\nCOPY backup.sh /usr/local/bin/\nHEALTHCHECK NONE\nCMD ["backup.sh"]\n', note: 'A batch job opts out explicitly.' },
      ],
      image:
        'In a scanned image: the config has no healthcheck. `HEALTHCHECK NONE` is a decision and is not reported.',
    },
    messages,
  },
  dockerfile(ctx) {
    return {
      fileEnd() {
        const final = ctx.model.finalStage;
        // A fragment without FROM has no image to speak of.
        if (!final?.from || hasHealthcheck(final)) return;
        const range = ctx.model.instructions[final.from.index]?.args[0]?.raw.range ?? final.from.args.range;
        const chain = final.parent ? ` (nor do the stages it is built from)` : '';
        ctx.report({ range, message: messages.missing(chain), subject: 'no HEALTHCHECK' });
      },
    };
  },
  image: checkImage,
});

/** No healthcheck in the config. `HEALTHCHECK NONE` (test `["NONE"]`) is a decision, not an omission. */
function checkImage(ctx: ImageContext): void {
  if (!ctx.image.hasConfig) return;
  if (ctx.image.config.healthcheck) return;
  ctx.report({ message: messages.imageMissing(), subject: 'healthcheck', config: { field: 'healthcheck' } });
}
