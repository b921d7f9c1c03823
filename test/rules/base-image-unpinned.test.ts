import rule, { messages as msg } from '../../src/rules/base-image-unpinned.js';
import { testDocExamples, testRule } from './harness.js';

const DIGEST = 'sha256:0b1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';

testRule(rule, {
  valid: [
    `FROM alpine:3.20@${DIGEST}\n`,
    { name: 'digest without a tag', code: `FROM alpine@${DIGEST}\n` },
    { name: 'registry port and digest', code: `FROM registry.local:5000/team/app@${DIGEST}\n` },
    { name: 'platform flag and digest', code: `FROM --platform=linux/amd64 node:22@${DIGEST} AS build\n` },
    'FROM scratch\nCOPY app /app\n',
    { name: 'stage reference', code: `FROM golang:1.22@${DIGEST} AS build\nRUN go build ./...\nFROM build AS test\nRUN go test ./...\n` },
    { name: 'lowercase stage reference', code: `from golang:1.22@${DIGEST} as build\nfrom build\n` },
    { name: 'ARG default pinned', code: `ARG BASE=python:3.12@${DIGEST}\nFROM \${BASE}\n` },
    { name: 'ARG digest part', code: `ARG PY_DIGEST=${DIGEST}\nFROM python:3.12@\${PY_DIGEST}\n` },
    { name: 'whole image from an ARG without default', code: 'ARG IMAGE\nFROM ${IMAGE}\n' },
    { name: 'tag suffix from an ARG without default', code: 'ARG NODE_REF\nFROM node${NODE_REF}\n' },
    { name: 'undeclared variable expands to nothing (Docker fails)', code: 'FROM ${UNDECLARED}\n' },
    { name: 'reference Docker rejects', code: 'FROM Alpine:3.20\n' },
    { name: 'fragment without FROM', code: 'RUN echo hi\n' },
    { name: 'stage chain through an ARG', code: `FROM alpine@${DIGEST} AS base\nARG STAGE=base\nFROM \${STAGE}\n` },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 17, message: msg.unpinned("'alpine:3.20'", 'alpine:3.20') }],
    },
    { name: 'lowercase instruction', code: 'from alpine:3.20 as base\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 17 }] },
    {
      name: 'platform flag excluded from the range',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n',
      errors: [{ line: 1, column: 32, endLine: 1, endColumn: 43, message: /'golang:1\.22@sha256:<digest>'/ }],
    },
    {
      name: 'every external FROM, builder stages too',
      code: `FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM build AS test\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n`,
      errors: [
        { line: 1, column: 6, endLine: 1, endColumn: 17 },
        { line: 4, column: 6, endLine: 4, endColumn: 39 },
      ],
    },
    {
      name: 'image from an ARG default',
      code: 'ARG BASE=node:20\nFROM ${BASE}\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 13, message: /'\$\{BASE\}' \(resolves to 'node:20' by default through ARG BASE\)/ }],
    },
    {
      name: 'registry from an ARG default',
      code: 'ARG REGISTRY=docker.io\nFROM ${REGISTRY}/library/alpine:3.20\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 37, message: /resolves to 'docker\.io\/library\/alpine:3\.20'/ }],
    },
    { name: 'tag from an ARG default', code: 'ARG VERSION=3.20\nFROM alpine:$VERSION\n', errors: [{ line: 2, column: 6, endLine: 2, endColumn: 21 }] },
    {
      name: 'registry ARG without default cannot supply a digest',
      code: 'ARG REGISTRY\nFROM ${REGISTRY}alpine:3.20\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 28 }],
    },
    { name: 'default-value modifier', code: 'FROM ${BASE:-alpine:3.20}\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 26 }] },
    { name: 'registry port is not a digest', code: 'FROM host:5000/app:1.0\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 23 }] },
    {
      name: 'builder-set variable in the tag',
      code: 'FROM alpine:$TARGETARCH\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 24, message: /'alpine:\$TARGETARCH'/ }],
    },
    {
      name: 'continuation lines with a comment between',
      code: 'FROM \\\n# the base\n  alpine:3.20 \\\n  AS base\n',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 14 }],
    },
    {
      name: 'trusted registry changes only the message',
      code: 'FROM registry.corp.example/base/python:3.12\n',
      trustedRegistries: ['registry.corp.example'],
      errors: [
        {
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 44,
          message: msg.unpinnedTrusted("'registry.corp.example/base/python:3.12'", 'registry.corp.example', 'registry.corp.example/base/python:3.12'),
        },
      ],
    },
    {
      name: 'trusted path prefix',
      code: 'FROM ghcr.io/acme/runtime:2\n',
      trustedRegistries: ['ghcr.io/acme/'],
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 28, message: /'ghcr\.io\/acme\/' is a trusted registry/ }],
    },
    {
      name: 'trusted prefix matches whole path components only',
      code: 'FROM ghcr.io/acme-evil/runtime:2\n',
      trustedRegistries: ['ghcr.io/acme'],
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 33, message: /^base image 'ghcr\.io\/acme-evil\/runtime:2' is not pinned by digest: its tag/ }],
    },
    {
      name: 'trusted host wildcard',
      code: 'FROM eu.registry.corp.example/app:1\n',
      trustedRegistries: ['*.registry.corp.example'],
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 36, message: /is a trusted registry/ }],
    },
    {
      name: 'Docker Hub images match docker.io',
      code: 'FROM alpine:3.20\n',
      trustedRegistries: ['docker.io/library'],
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 17, message: /'docker\.io\/library' is a trusted registry/ }],
    },
  ],
});

testDocExamples(rule);
