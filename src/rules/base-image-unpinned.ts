import type { ImageReference, InstructionModel, ResolvedText } from '../dockerfile/model.js';
import { defineRule } from '../engine/rule.js';

/** A FROM image as a plain `docker build` (no `--build-arg`) resolves it. */
export interface ResolvedBaseImage {
  /** The image word as written, with its range. */
  text: ResolvedText;
  image: ImageReference;
  /** Global ARGs whose defaults the reference was resolved with; empty for a literal. */
  viaArgs: string[];
  /**
   * What ARGs without a default leave open: only `--build-arg` decides them, so we cannot judge.
   * `tag`: one may carry the tag (`FROM node${VERSION}`); `digest`: one ends the reference and may
   * carry a digest (`FROM alpine:3.20${PIN}`, `FROM ${IMAGE}`).
   */
  undecided: { tag: boolean; digest: boolean };
}

/**
 * The external image a FROM pulls, or undefined for stages, scratch, and references Docker rejects
 * anyway (those are a build error, not a pinning problem). Shared with `base-image-latest`.
 */
export function resolveBaseImage(from: InstructionModel): ResolvedBaseImage | undefined {
  const stage = from.stage;
  if (from.deferred || stage?.from !== from.instruction || stage.base.kind !== 'image') return undefined;
  const { text, image } = stage.base;
  // An invalid reference fails the build (not a pinning problem), unless a builder-set variable such
  // as $TARGETARCH is only shown as a placeholder.
  const opaque = text.expansion.unknownVars.some((name) => from.scope.get(name)?.certainty === 'opaque');
  if (!image.valid && !opaque) return undefined;
  const viaArgs = text.expansion.unknownVars.filter((name) => from.scope.get(name)?.origin === 'arg');
  return { text, image, viaArgs, undecided: undecidedParts(text, from) };
}

/**
 * Finds plain `$X`/`${X}` references to ARGs with no default and decides what they could supply. A
 * reference before any literal text of the last path component is a prefix (a registry or
 * namespace, as in `${REGISTRY}alpine:3.20`); one after literal text may carry the tag unless a
 * literal `:` already does; one with only references after it may carry the digest.
 */
function undecidedParts(text: ResolvedText, from: InstructionModel): { tag: boolean; digest: boolean } {
  const raw = text.raw.value;
  const refs = text.expansion.references;
  const literal = (i: number): boolean => !refs.some((r) => i >= r.start && i < r.end);
  const literalIn = (start: number, end: number, pred: (ch: string) => boolean): boolean => {
    for (let i = start; i < end; i++) if (literal(i) && pred(raw[i]!)) return true;
    return false;
  };
  let lastSlash = -1;
  for (let i = 0; i < raw.length; i++) if (raw[i] === '/' && literal(i)) lastSlash = i;
  const open = refs.filter((r) => {
    const binding = from.scope.get(r.name);
    const plain = /^\$(?:\{\w+\}|\w+)$/.test(raw.slice(r.start, r.end));
    return plain && r.start > lastSlash && binding?.certainty === 'overridable' && binding.value === undefined;
  });
  const tagWritten = literalIn(lastSlash + 1, raw.length, (ch) => ch === ':');
  return {
    tag: !tagWritten && open.some((r) => literalIn(lastSlash + 1, r.start, () => true)),
    digest: open.some((r) => !literalIn(r.end, raw.length, () => true)),
  };
}

/** How a message names the image: as written, plus what it resolves to when ARGs are involved. */
export function describeImage(base: ResolvedBaseImage): string {
  const written = base.text.raw.value;
  if (base.viaArgs.length === 0 || written === base.text.expansion.value) return `'${written}'`;
  const args = base.viaArgs.join(', ');
  return `'${written}' (resolves to '${base.text.expansion.value}' by default through ARG ${args})`;
}

/** The fingerprint subject: the repository, free of tags and digests. */
export function repositoryOf(image: ImageReference): string {
  return `${image.domain}/${image.path}`;
}

/**
 * The trusted prefix an image falls under, if any. Entries are registry hosts or path prefixes
 * (`registry.corp.example`, `ghcr.io/acme`, `docker.io/library`), or a `*.` host wildcard.
 */
function trustedPrefix(image: ImageReference, trusted: readonly string[]): string | undefined {
  const domain = image.domain.toLowerCase();
  const full = `${domain}/${image.path}`;
  return trusted.find((entry) => {
    const t = entry.replace(/\/+$/, '').toLowerCase();
    if (t.startsWith('*.')) return domain.endsWith(t.slice(1));
    return full === t || full.startsWith(`${t}/`) || domain === t;
  });
}

export const messages = {
  unpinned: (image: string, suggestion: string) =>
    `base image ${image} is not pinned by digest: its tag can be re-pointed to different content (an upstream rebuild or a compromised registry), so builds are not reproducible. Pin it as '${suggestion}@sha256:<digest>'`,
  unpinnedTrusted: (image: string, registry: string, suggestion: string) =>
    `base image ${image} is not pinned by digest: '${registry}' is a trusted registry, but its tags can still be re-pointed, so builds are not reproducible. Pin it as '${suggestion}@sha256:<digest>'`,
};

export default defineRule({
  meta: {
    id: 'base-image-unpinned',
    title: 'Base image not pinned by digest',
    severity: 'note',
    securitySeverity: 4.0,
    tags: ['security', 'supply-chain', 'reproducibility'],
    sources: [],
    fixable: false,
    docs: {
      description:
        'Reports a FROM whose image has no `@sha256:` digest, after resolving ARG defaults (`ARG BASE=node:22` then `FROM ${BASE}` is checked as `node:22`). `scratch` and `FROM <stage>` are exempt. When an ARG without a default supplies the tag or the whole image, the image is chosen at build time and the rule stays silent. Registries listed in `trustedRegistries` are still reported, with a message that says so: trust in a registry does not stop a tag from moving.',
      rationale:
        'A tag is a movable pointer: the same `FROM node:22` pulls different content after every upstream rebuild, and a compromised registry account can point it at anything. A digest names exact bytes, so builds are reproducible and a swapped image fails to pull. Keep the tag for readability (`node:22@sha256:…`) and let a bot such as Renovate or Dependabot refresh the digest.',
      incorrect: [
        { code: 'FROM node:22-alpine\nCMD ["node", "server.js"]\n' },
        {
          code: 'ARG BASE=python:3.12-slim\nFROM ${BASE}\nCMD ["python", "-m", "app"]\n',
          note: 'ARG defaults are resolved: the default build pulls an unpinned image.',
        },
      ],
      correct: [
        {
          code: 'FROM node:22-alpine@sha256:9c7e3b1f0c9a4a3e5f7d2b8c6a1e0f4d3c2b1a09f8e7d6c5b4a3928170f6e5d4\nCMD ["node", "server.js"]\n',
        },
        {
          code: 'FROM golang:1.22@sha256:3f1c5e7a9b0d2f4e6a8c0b1d3e5f7a9c1b3d5e7f9a0c2e4b6d8f0a1c3e5b7d9f AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
          note: '`scratch` and earlier stages need no digest.',
        },
      ],
    },
    messages,
  },
  dockerfile(ctx) {
    return {
      FROM(ins) {
        const base = resolveBaseImage(ins);
        if (!base || base.image.digest !== undefined || base.undecided.digest) return;
        const suggestion = base.text.expansion.value;
        const registry = trustedPrefix(base.image, ctx.trustedRegistries);
        const message = registry
          ? messages.unpinnedTrusted(describeImage(base), registry, suggestion)
          : messages.unpinned(describeImage(base), suggestion);
        ctx.report({ range: base.text.raw.range, message, subject: repositoryOf(base.image) });
      },
    };
  },
});
