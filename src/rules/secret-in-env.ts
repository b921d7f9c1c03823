import type { InstructionModel, ResolvedPair, ResolvedText } from '../dockerfile/model.js';
import { logicalRangeToFile } from '../dockerfile/positions.js';
import { defineRule, type ImageContext, type DockerfileContext } from '../engine/rule.js';
import { CONFIDENCE_RANK, classifyAssignment, isSecretName, valueKind } from '../secrets/index.js';
import { finalImageStages } from './secret-in-file.js';

const WHERE: Record<string, string> = {
  ENV: 'ENV values are stored in the image config (docker inspect shows them) and in every container environment',
  LABEL: 'LABEL values are stored in the image config (docker inspect shows them)',
  ARG: 'ARG values are recorded in the image history (docker history) of the RUN steps that follow',
};

const messages = {
  imageEnv: (kind: string, name: string, what: string, masked: string) =>
    `the image config's ${kind} sets ${name} to a secret (${what}: ${masked}): the config travels with the image, so 'docker inspect' shows it to anyone who can pull it${kind === 'Env' ? ', and every container gets it in its environment' : ''}. Rebuild without it (use 'RUN --mount=type=secret,id=…' for build steps), give it to containers at run time, and rotate it`,
  literal: (keyword: string, name: string, what: string, masked: string) =>
    `${keyword} ${name} holds a secret (${what}: ${masked}): ${WHERE[keyword]}, readable by anyone who can pull the image. Remove it; use 'RUN --mount=type=secret,id=…' for build steps and give it to containers at run time`,
  buildArg: (name: string) =>
    `ARG ${name} is meant for a secret: a value passed with --build-arg ${name}=… is recorded in the image history (docker history) of the RUN steps that follow. Use 'RUN --mount=type=secret,id=${secretId(name)},env=${name}' in the steps that need it instead`,
  copiesArg: (keyword: string, name: string, arg: string, secretArg = true) =>
    `${keyword} ${name} copies build argument ${arg}${secretArg ? ', a secret,' : ''} into the image: ${WHERE[keyword]}. Use 'RUN --mount=type=secret,id=${secretId(arg)},env=${arg}' for build steps and give the secret to containers at run time`,
};

/** A secret id BuildKit accepts, from a variable name. */
function secretId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/** Values that cannot be the secret a name suggests: `/run/secrets/x` (a reference), `12`, `true`, `1.2.3`. */
const NOT_SECRET_KINDS = new Set(['reference', 'path', 'boolean', 'number', 'version', 'duration', 'size', 'url', 'prose']);

/**
 * The build argument a value copies into the image: a reference to an ARG when the ARG or the
 * variable being set is named for a secret, unless the ARG's default shows it holds no secret
 * (`ARG TOKEN_FILE=/run/secrets/token` then `ENV TOKEN=$TOKEN_FILE`).
 */
function copiedSecretArg(ins: InstructionModel, name: string, value: ResolvedText): { arg: string; secretArg: boolean } | undefined {
  for (const ref of value.expansion.references) {
    const binding = ins.scope.get(ref.name);
    if (binding?.origin !== 'arg') continue;
    const secretArg = isSecretName(ref.name);
    if (!secretArg && !isSecretName(name)) continue;
    if (binding.value !== undefined && NOT_SECRET_KINDS.has(valueKind(binding.value))) continue;
    return { arg: ref.name, secretArg };
  }
  return undefined;
}

function checkPair(ctx: DockerfileContext, ins: InstructionModel, pair: ResolvedPair, ships: boolean): void {
  const keyword = ins.instruction.keyword;
  const name = pair.key.expansion.value;
  const value = pair.value;
  if (value) {
    const verdict = classifyAssignment(name, value.raw.value);
    if (verdict && CONFIDENCE_RANK[verdict.confidence] >= CONFIDENCE_RANK.medium) {
      const [s, e] = logicalRangeToFile(value.raw.segments, verdict.start, verdict.end);
      const range = ctx.model.lines.range(s, e);
      ctx.report({ range, message: messages.literal(keyword, name, verdict.description, verdict.masked), subject: `${keyword} ${name}`, properties: { detector: verdict.detectorId, confidence: verdict.confidence } });
      return;
    }
  }
  // What follows is about values that arrive at build time: only layers that ship matter.
  if (!ships) return;
  if (keyword === 'ARG') {
    if (!isSecretName(name)) return;
    if (value && NOT_SECRET_KINDS.has(valueKind(value.expansion.value))) return;
    ctx.report({ range: pair.key.raw.range, message: messages.buildArg(name), subject: `ARG ${name}` });
    return;
  }
  const copied = value && copiedSecretArg(ins, name, value);
  if (!copied) return;
  const message = messages.copiesArg(keyword, name, copied.arg, copied.secretArg);
  ctx.report({ range: value.raw.range, message, subject: `${keyword} ${name}=$${copied.arg}` });
}

export default defineRule({
  meta: {
    id: 'secret-in-env',
    title: 'Secret in ENV, ARG or LABEL',
    severity: 'error',
    securitySeverity: 8.0,
    tags: ['security', 'secrets', 'cis'],
    sources: ['buildkit:SecretsUsedInArgOrEnv', 'dockle:CIS-DI-0010', 'trivy:DS-0031', 'cis-docker:4.10'],
    fixable: false,
    docs: {
      description:
        'Reports `ENV`, `ARG` and `LABEL` values that are secrets: provider-format tokens and keys under any name (`ghp_…`, `AKIA…`, `sk_live_…`, a URL with a password), and literal values under names that denote a secret (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `*_API_KEY`, …). In stages that end up in the final image it also reports an `ARG` named for a secret even without a value, since the value passed with `--build-arg` is recorded in the image history, and an `ENV` or `LABEL` that copies such a build argument into the image config. Names whose values cannot be the secret are left alone: settings (`PASSWORD_MIN_LENGTH=12`), paths (`/run/secrets/db_password`), booleans, references to other variables, placeholders (`changeme`), and public GPG key fingerprints (`GPG_KEY`).',
      rationale:
        'ENV and LABEL values are part of the image config and ARG values are part of its history: anyone who can pull the image can read them with `docker inspect` or `docker history`, and they stay in every copy and registry the image reaches. BuildKit secret mounts (`RUN --mount=type=secret`) give a build step the secret without recording it; containers should get theirs at run time from the orchestrator.',
      incorrect: [
        { code: 'FROM node:22-slim\nENV GITHUB_TOKEN=ghp_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo\nRUN npm ci\n' },
        {
          code: 'FROM node:22-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\n',
          note: 'The --build-arg value lands in the image history.',
        },
        { code: 'FROM postgres:16\nENV POSTGRES_PASSWORD=Vq3rT8zLw2Xk\n' },
      ],
      correct: [
        {
          code: 'FROM node:22-slim\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\n',
        },
        {
          code: 'FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password \\\n    PASSWORD_MIN_LENGTH=12\n',
          note: 'Paths and settings are not secrets.',
        },
        { code: 'FROM python:3.12-slim\nENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305\n', note: 'A public key fingerprint.' },
      ],
      image:
        "In a scanned image: secrets in the config's Env and Labels, judged like ENV and LABEL values.",
    },
    messages,
  },
  dockerfile(ctx) {
    const shipped = finalImageStages(ctx.model);
    const visit = (ins: InstructionModel): void => {
      // A global ARG reaches an image only through a stage that declares it again.
      const ships = ins.stage !== undefined && shipped.has(ins.stage);
      for (const pair of ins.pairs) checkPair(ctx, ins, pair, ships);
    };
    return { ENV: visit, ARG: visit, LABEL: visit };
  },
  image: checkImage,
});

/** Secrets in the config's Env and Labels. */
function checkImage(ctx: ImageContext): void {
  const pairs: { kind: string; name: string; value: string }[] = [];
  for (const e of ctx.image.config.env) {
    const eq = e.indexOf('=');
    if (eq > 0) pairs.push({ kind: 'Env', name: e.slice(0, eq), value: e.slice(eq + 1) });
  }
  for (const [name, value] of Object.entries(ctx.image.config.labels)) pairs.push({ kind: 'Labels', name, value });
  for (const { kind, name, value } of pairs) {
    const verdict = classifyAssignment(name, value);
    if (!verdict || CONFIDENCE_RANK[verdict.confidence] < CONFIDENCE_RANK.medium) continue;
    ctx.report({
      message: messages.imageEnv(kind, name, verdict.description, verdict.masked),
      subject: `${kind} ${name}`,
      config: { field: kind === 'Env' ? 'env' : 'label', name },
      properties: { detector: verdict.detectorId, confidence: verdict.confidence },
    });
  }
}
