import { defineRule } from '../engine/rule.js';
import { describeImage, repositoryOf, resolveBaseImage } from './base-image-unpinned.js';

export const messages = {
  noTag: (image: string, repository: string) =>
    `base image ${image} has no tag, so Docker pulls ':latest', which moves with every upstream release: builds change or break without any change here. Name a version, e.g. '${repository}:<version>', ideally pinned by digest`,
  latest: (image: string, repository: string) =>
    `base image ${image} uses ':latest', which moves with every upstream release: builds change or break without any change here. Name a version instead, e.g. '${repository}:<version>', ideally pinned by digest`,
};

export default defineRule({
  meta: {
    id: 'base-image-latest',
    title: 'Base image with no tag or the latest tag',
    severity: 'warning',
    securitySeverity: 5.0,
    tags: ['security', 'supply-chain', 'reproducibility'],
    sources: ['hadolint:DL3006', 'hadolint:DL3007', 'trivy:DS-0001', 'dockle:DKL-DI-0006', 'checkov:CKV_DOCKER_7'],
    fixable: false,
    docs: {
      description:
        "Reports a FROM whose image has no tag or the tag `latest`, after resolving ARG defaults. A registry port is not a tag (`registry:5000/app` has none), and a digest pins the image whatever the tag says (`app@sha256:…` and `app:latest@sha256:…` are fine). `scratch` and `FROM <stage>` are exempt, and so is a reference whose tag comes from an ARG with no default: it is chosen at build time.",
      rationale:
        "`latest` is not a version: it is whatever the publisher pushed last. A build that worked yesterday can pull a new major version today, with a different OS, libraries or defaults, and nothing in the repository records which one was used. Name the version you tested with (`python:3.12-slim`), and pin its digest for full reproducibility (see `base-image-unpinned`).",
      incorrect: [
        { code: 'FROM ubuntu\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n' },
        { code: 'FROM registry.example.com:5000/team/api:latest\nCMD ["/api"]\n', note: 'An explicit latest tag behind a registry port.' },
      ],
      correct: [
        { code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n' },
        {
          code: 'FROM registry.example.com:5000/team/api@sha256:5b0f3a1c9e7d2b4f6a8c0e1d3b5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f\nCMD ["/api"]\n',
          note: 'A digest pins the image even without a tag.',
        },
      ],
    },
    messages,
  },
  dockerfile(ctx) {
    return {
      FROM(ins) {
        const base = resolveBaseImage(ins);
        if (!base || base.image.digest !== undefined) return;
        const { tag } = base.image;
        const { registry, repository: path } = base.image;
        const repository = registry === undefined ? path : `${registry}/${path}`;
        if (tag === undefined && !base.undecided.tag) {
          ctx.report({ range: base.text.raw.range, message: messages.noTag(describeImage(base), repository), subject: repositoryOf(base.image) });
        } else if (tag === 'latest') {
          ctx.report({ range: base.text.raw.range, message: messages.latest(describeImage(base), repository), subject: repositoryOf(base.image) });
        }
      },
    };
  },
});
