import type { InstructionModel } from '../dockerfile/model.js';
import { logicalRangeToFile } from '../dockerfile/positions.js';
import { defineRule, type ImageContext, type DockerfileContext, type DockerfileVisitors } from '../engine/rule.js';
import { CONFIDENCE_RANK, classifyAssignment, findSecrets } from '../secrets/index.js';
import { describeStep } from '../image/steps.js';
import { historyBuildArgs, layerOfHistory } from './image-helpers.js';
import { NAMED_SECRET_ID, type SecretMatch } from '../secrets/index.js';
import { finalImageStages, secretWrites } from './secret-in-file.js';
import { reportableSecrets } from './secret-helpers.js';

/** Instructions that configure the container rather than build the image. */
const RUNTIME = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

const messages = {
  imageStep: (step: string, what: string, masked: string) =>
    `the image history holds a secret (${what}: ${masked}) in the step '${step}': 'docker history' shows it to anyone who can pull the image. Pass it with 'RUN --mount=type=secret,id=…' instead of a build argument or literal, rebuild, and rotate it`,
  found: (keyword: string, what: string, masked: string) =>
    `${keyword} contains a literal secret (${what}: ${masked}): instruction text is recorded in the image history and config, where 'docker history' and 'docker inspect' show it to anyone who can pull the image, and it sits in the Dockerfile for anyone with the source. ${
      RUNTIME.has(keyword)
        ? 'Give it to the container at run time (an orchestrator secret, a mounted file or an environment variable set at deploy time)'
        : "Pass it with 'RUN --mount=type=secret,id=…' (read /run/secrets/<id>, or env=<NAME>)"
    }, and rotate this one`,
};

/** ENV, ARG and LABEL belong to secret-in-env; ONBUILD triggers are visited under their own keyword. */
const KEYWORDS = ['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'COPY', 'ADD', 'SHELL', 'WORKDIR', 'USER', 'VOLUME', 'EXPOSE', 'STOPSIGNAL', 'MAINTAINER', 'FROM'];

interface Found {
  match: SecretMatch;
  offsets: [number, number];
}

/**
 * Secrets in the instruction's own text and its heredoc bodies, by file offsets. COPY/ADD heredocs
 * become files: secret-in-file reports those of shipped stages, so only a builder's count here.
 */
function secretsIn(ctx: DockerfileContext, ins: InstructionModel, ships: boolean): Found[] {
  const { instruction } = ins;
  const found = instruction.exec ? secretsInExec(ctx, ins) : [];
  for (const match of reportableSecrets(ctx, instruction.args.value)) {
    const offsets = logicalRangeToFile(instruction.args.segments, match.start, match.end);
    if (!found.some((f) => f.offsets[0] < offsets[1] && offsets[0] < f.offsets[1])) found.push({ match, offsets });
  }
  const keyword = instruction.keyword;
  if (keyword !== 'RUN' && (ships || (keyword !== 'COPY' && keyword !== 'ADD'))) return found;
  for (const h of instruction.heredocs) {
    const start = h.bodyRange.start.offset;
    for (const match of reportableSecrets(ctx, ctx.ast.text.slice(start, h.bodyRange.end.offset))) {
      found.push({ match, offsets: [start + match.start, start + match.end] });
    }
  }
  return found;
}

/**
 * Exec form as Docker records it: the decoded elements joined by spaces (`curl -u ci:pw …`), which
 * detectors read like a command line. Elements written without JSON escapes map back exactly.
 */
function secretsInExec(ctx: DockerfileContext, ins: InstructionModel): Found[] {
  const { exec, words } = ins.instruction;
  if (!exec) return [];
  const starts: number[] = [];
  let text = '';
  exec.forEach((element, i) => {
    if (i > 0) text += ' ';
    starts.push(text.length);
    text += element;
  });
  const found: Found[] = [];
  for (const match of reportableSecrets(ctx, text)) {
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > match.start) i--;
    const word = words[i];
    if (!word || match.end > starts[i]! + exec[i]!.length) continue;
    const exact = word.value === JSON.stringify(exec[i]) && word.segments.length === 1;
    const first = word.range.start.offset + 1;
    const offsets: [number, number] = exact
      ? [first + match.start - starts[i]!, first + match.end - starts[i]!]
      : [word.range.start.offset, word.range.end.offset];
    found.push({ match, offsets });
  }
  return found;
}

const ASSIGNING_BUILTINS = new Set(['export', 'declare', 'local', 'readonly', 'typeset']);

/**
 * `RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic`: a value that only exists for one
 * command and does not look random is a stand-in the build step needs, not a credential. Matched
 * by name alone at medium confidence; random-looking values (high) are still reported.
 */
function buildDummies(ctx: DockerfileContext, ins: InstructionModel, found: Found[]): [number, number][] {
  if (!found.some((f) => isNamedGuess(f.match))) return [];
  const analysis = ctx.shell(ins);
  if (!analysis) return [];
  const spans: [number, number][] = [];
  for (const command of analysis.script.commands) {
    if (!command.name || ASSIGNING_BUILTINS.has(command.name.value ?? '')) continue;
    for (const a of command.assignments) spans.push(analysis.toFileOffsets(a.value.start, a.value.end));
  }
  return spans;
}

function isNamedGuess(match: SecretMatch): boolean {
  return match.detectorId === NAMED_SECRET_ID && match.confidence === 'medium';
}

export default defineRule({
  meta: {
    id: 'secret-in-history',
    title: 'Literal secret in an instruction',
    severity: 'error',
    securitySeverity: 8.5,
    tags: ['security', 'secrets', 'cis'],
    sources: ['cis-docker:4.10'],
    fixable: false,
    docs: {
      description:
        'Reports literal secrets in instruction text: `RUN` command lines and heredoc bodies, `CMD`, `ENTRYPOINT`, `HEALTHCHECK`, and `COPY`/`ADD` sources (a URL with a password). It finds provider-format tokens and keys (`ghp_…`, `AKIA…`, `sk_live_…`, private key blocks), passwords in URLs and `Authorization` headers, and literals assigned to secret-named variables or flags (`--password=…`). References (`$TOKEN`, `/run/secrets/…`) and placeholders are not secrets. `ENV`, `ARG` and `LABEL` are left to secret-in-env, and a secret that a shipped `RUN` or `COPY <<EOF` writes into a file to secret-in-file, so each secret is reported once; in builder stages, whose files are not shipped, those are reported here.',
      rationale:
        'Docker records every instruction in the image history and config: `docker history --no-trunc` prints RUN command lines, heredocs included, for anyone who can pull the image, and the Dockerfile itself usually sits in a repository. A secret there must be considered leaked. Give build steps secrets through `RUN --mount=type=secret`, which never records them.',
      incorrect: [
        { code: 'FROM alpine:3.20\nRUN curl -fsSL -H "Authorization: token ghp_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo" https://api.github.com/user\n' },
        {
          code: 'FROM alpine:3.20\nRUN <<EOF\nset -e\ngit clone https://deploy:Xk42pLq9Zr7Tw3mV@gitlab.acme.dev/team/app.git /src\nEOF\n',
          note: 'A password in a clone URL inside a heredoc.',
        },
      ],
      correct: [
        {
          code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=gh_token,env=GH_TOKEN \\\n    curl -fsSL -H "Authorization: token ${GH_TOKEN}" https://api.github.com/user\n',
        },
        { code: 'FROM alpine:3.20\nRUN adduser -D --password "$(cat /run/secrets/app_password)" app\n', note: 'A reference, not a literal.' },
      ],
      image:
        "In a scanned image: secrets in the history's `created_by` steps: literal ones in commands, and build-argument values recorded as `|2 DB_PASSWORD=… /bin/sh -c …`. Printed steps have such values masked.",
    },
    messages,
  },
  dockerfile(ctx) {
    const shipped = finalImageStages(ctx.model);
    const visit = (ins: InstructionModel): void => {
      const ships = ins.stage === undefined || shipped.has(ins.stage);
      const found = secretsIn(ctx, ins, ships);
      if (found.length === 0) return;
      const isRun = ins.instruction.keyword === 'RUN';
      // secret-in-file reports secrets that a shipped RUN writes into a file; don't say it twice.
      const written = isRun && ships ? secretWrites(ctx, ins).map((w) => w.fileOffsets) : [];
      const dummies = isRun ? buildDummies(ctx, ins, found) : [];
      for (const { match, offsets } of found) {
        const [s, e] = offsets;
        if (written.some(([ws, we]) => ws < e && s < we)) continue;
        if (isNamedGuess(match) && dummies.some(([ds, de]) => ds <= s && e <= de)) continue;
        ctx.report({
          range: ctx.model.lines.range(s, e),
          message: messages.found(ins.instruction.keyword, match.description, match.masked),
          subject: `${match.detectorId} ${match.masked}`,
          properties: { detector: match.detectorId, confidence: match.confidence },
        });
      }
    };
    const visitors: DockerfileVisitors = {};
    for (const k of KEYWORDS) visitors[k] = visit;
    return visitors;
  },
  image: checkImage,
});

/** Secrets in history steps: literal ones in the command, and build-arg values (`|1 DB_PASSWORD=…`). */
function checkImage(ctx: ImageContext): void {
  // A secret that is still in the config's Env or Labels is secret-in-env's finding: the ENV step
  // that set it only repeats it.
  const configValues = [...ctx.image.config.env, ...Object.values(ctx.image.config.labels)];
  const inConfig = (secret: string): boolean => configValues.some((v) => v.includes(secret));
  ctx.image.history.forEach((h, i) => {
    const step = describeStep(h.shown);
    const layer = layerOfHistory(ctx.image, i);
    const reported: [number, number][] = [];
    const args = historyBuildArgs(h.createdBy);
    for (const { name, value } of args) {
      const verdict = classifyAssignment(name, value);
      if (!verdict || CONFIDENCE_RANK[verdict.confidence] < CONFIDENCE_RANK.medium) continue;
      const at = h.createdBy.indexOf(`${name}=${value}`);
      if (at >= 0) reported.push([at, at + name.length + 1 + value.length]);
      ctx.report({ message: messages.imageStep(step, `build argument ${name}, ${verdict.description}`, verdict.masked), layer, historyIndex: i, subject: `history ${step} ${name}`, properties: { historyIndex: i, detector: verdict.detectorId, confidence: verdict.confidence } });
    }
    for (const match of findSecrets(h.createdBy, { minConfidence: 'medium' })) {
      if (reported.some(([s, e]) => match.start < e && match.end > s)) continue;
      if (inConfig(h.createdBy.slice(match.start, match.end))) continue;
      ctx.report({ message: messages.imageStep(step, match.description, match.masked), layer, historyIndex: i, subject: `history ${step} ${match.detectorId}`, properties: { historyIndex: i, detector: match.detectorId, confidence: match.confidence } });
    }
  });
}
