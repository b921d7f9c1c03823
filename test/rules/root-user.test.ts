import rule, { messages as msg } from '../../src/rules/root-user.js';
import { testDocExamples, testRule } from './harness.js';

const IMAGE_USER = "its base image's user, which is root for most images";

testRule(rule, {
  valid: [
    'FROM alpine:3.20\nUSER app\n',
    { name: 'numeric user with root group', code: 'FROM alpine:3.20\nUSER 1000:0\n' },
    { name: 'switch back to non-root', code: 'FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl\nUSER nobody\n' },
    { name: 'lowercase', code: 'from alpine:3.20\nuser app\n' },
    { name: 'names that merely start with root or 0', code: 'FROM alpine:3.20\nUSER rootless\n' },
    { name: 'UID 10', code: 'FROM alpine:3.20\nUSER 10:10\n' },
    { name: 'builder stage as root is fine', code: 'FROM golang:1.22 AS build\nUSER root\nRUN go build\nFROM alpine:3.20\nUSER app\n' },
    { name: 'non-root inherited from a stage', code: 'FROM alpine:3.20 AS base\nUSER app\nFROM base AS final\nRUN echo ok\n' },
    { name: 'inherited through two stages', code: 'FROM alpine:3.20 AS a\nUSER 10001\nFROM a AS b\nFROM b\n' },
    { name: 'ARG default resolves to non-root', code: 'FROM alpine:3.20\nARG APP_USER=app\nUSER ${APP_USER}\n' },
    { name: 'global ARG redeclared in the stage', code: 'ARG UID=10001\nFROM alpine:3.20\nARG UID\nUSER $UID:$UID\n' },
    { name: 'ENV resolves to non-root', code: 'FROM alpine:3.20\nENV APP_UID=10001\nUSER $APP_UID\n' },
    { name: 'ARG without default is decided at build time', code: 'FROM alpine:3.20\nARG UID\nUSER ${UID}\n' },
    { name: 'ARG without default for user and group', code: 'FROM alpine:3.20\nARG UID\nARG GID\nUSER ${UID}:${GID}\n' },
    { name: 'ONBUILD USER root applies to a later image', code: 'FROM alpine:3.20\nUSER app\nONBUILD USER root\n' },
    { name: 'fragment without FROM or USER', code: 'RUN echo hi\n' },
    { name: 'distroless nonroot tag', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n' },
    { name: 'nonroot tag variant', code: 'FROM gcr.io/distroless/base-debian12:debug-nonroot\n' },
    { name: 'unprivileged image name', code: 'FROM nginxinc/nginx-unprivileged:1.27-alpine\nCOPY site /usr/share/nginx/html\n' },
    { name: 'nonroot base through a stage chain', code: 'FROM gcr.io/distroless/static:nonroot AS base\nFROM base\n' },
    { name: 'USER in a continuation', code: 'FROM alpine:3.20\nUSER \\\n  app\n' },
  ],
  invalid: [
    {
      name: 'no USER at all',
      code: 'FROM python:3.12-slim\nCMD ["python"]\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 22, message: msg.noUser(IMAGE_USER) }],
    },
    {
      name: 'scratch with a static binary',
      code: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 13, message: /runs as root \(a scratch image has no users of its own\)/ }],
    },
    {
      code: 'FROM alpine:3.20\nUSER root\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 10, message: msg.rootUser('root', '') }],
    },
    { code: 'FROM alpine:3.20\nUSER 0\n', errors: [{ line: 2, column: 6, endLine: 2, endColumn: 7 }] },
    { code: 'FROM alpine:3.20\nUSER 0:0\n', errors: [{ line: 2, column: 6, endLine: 2, endColumn: 9 }] },
    { code: 'FROM alpine:3.20\nUSER root:root\n', errors: [{ line: 2, column: 6, endLine: 2, endColumn: 15 }] },
    { name: 'root with a non-root group', code: 'FROM alpine:3.20\nUSER root:app\n', errors: [{ line: 2, column: 6, endLine: 2, endColumn: 14 }] },
    { name: 'lowercase', code: 'from alpine:3.20\nuser root\n', errors: [{ line: 2, column: 6, endLine: 2, endColumn: 10 }] },
    {
      name: 'last USER wins',
      code: 'FROM alpine:3.20\nUSER app\nRUN id\nUSER root\nCMD ["sh"]\n',
      errors: [{ line: 4, column: 6, endLine: 4, endColumn: 10 }],
    },
    {
      name: 'ARG default resolves to root',
      code: 'FROM alpine:3.20\nARG RUN_AS=root\nUSER ${RUN_AS}\n',
      errors: [{ line: 3, column: 6, endLine: 3, endColumn: 15, message: /last USER is 'root' \(resolved from \$\{RUN_AS\}\)/ }],
    },
    { name: 'modifier default of root', code: 'FROM alpine:3.20\nARG X\nUSER ${X:-root}\n', errors: [{ line: 3, column: 6, endLine: 3, endColumn: 16 }] },
    { name: 'ENV resolves to UID 0', code: 'FROM alpine:3.20\nENV UID=0\nUSER $UID:$UID\n', errors: [{ line: 3, column: 6, endLine: 3, endColumn: 15 }] },
    {
      name: 'root inherited from a parent stage',
      code: 'FROM debian:12 AS base\nUSER root\nRUN apt-get update\nFROM base\nRUN echo done\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 10, message: /\(set in stage 'base'\)/ }],
    },
    {
      name: 'no USER in the whole chain points at the final FROM',
      code: 'FROM alpine:3.20 AS base\nRUN apk add curl\nFROM base AS final\nCMD ["curl"]\n',
      errors: [{ line: 3, column: 6, endLine: 3, endColumn: 10 }],
    },
    {
      name: 'a builder USER does not carry into an unrelated final stage',
      code: 'FROM alpine:3.20 AS build\nUSER app\nFROM scratch\nCOPY --from=build /out /out\n',
      errors: [{ line: 3, column: 6, endLine: 3, endColumn: 13 }],
    },
    {
      name: 'platform flag is not the image word',
      code: 'FROM --platform=$TARGETPLATFORM nginx:1.27\n',
      errors: [{ line: 1, column: 33, endLine: 1, endColumn: 43 }],
    },
    { name: 'ONBUILD USER does not count', code: 'FROM alpine:3.20\nONBUILD USER app\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 17 }] },
    {
      name: 'USER across a continuation with a comment line',
      code: 'FROM alpine:3.20\nUSER \\\n# who\n  root\n',
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 7 }],
    },
    {
      name: 'Windows administrator',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 28 }],
    },
    { name: 'distroless without the nonroot tag runs as root', code: 'FROM gcr.io/distroless/static\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 30 }] },
    { name: 'a name merely containing root', code: 'FROM example/rootfs-builder:1\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 30 }] },
    { name: 'USER root overrides a nonroot base', code: 'FROM gcr.io/distroless/static:nonroot\nUSER root\n', errors: [{ line: 2, column: 6, endLine: 2, endColumn: 10 }] },
    { name: 'fragment with USER root', code: 'USER root\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 10 }] },
  ],
});

testDocExamples(rule);
