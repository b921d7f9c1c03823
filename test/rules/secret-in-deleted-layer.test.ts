import rule from '../../src/rules/secret-in-deleted-layer.js';
import { testDocExamples, testRule } from './harness.js';

const NPM = 'npm_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo'; // 40 chars

testRule(rule, {
  valid: [
    // Created, used and deleted in one RUN: no layer keeps it.
    'FROM node:22-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\n',
    'FROM node:22-slim\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n    npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN" && npm ci && rm -f ~/.npmrc\n',
    // Only the final image's FROM chain ships: a builder stage may do this.
    'FROM node:22 AS build\nWORKDIR /app\nCOPY .npmrc package.json ./\nRUN npm ci\nRUN rm .npmrc\n\nFROM node:22-slim\nCOPY --from=build /app/node_modules /app/node_modules\n',
    // Added in the final stage, "deleted" in a builder stage.
    'FROM alpine:3.20 AS tools\nRUN rm -f /root/.npmrc\n\nFROM node:22-slim\nCOPY .npmrc /root/\n',
    // Deleting other things.
    'FROM node:22-slim\nWORKDIR /app\nCOPY .npmrc package.json ./\nRUN npm ci && rm -rf /var/lib/apt/lists/* /tmp/* package-lock.json\n',
    'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/\nRUN rm /root/.ssh\n',
    // Deleted before it is added.
    'FROM node:22-slim\nWORKDIR /app\nRUN rm -f .npmrc\nCOPY .npmrc ./\n',
    // Not credentials.
    'FROM alpine:3.20\nCOPY id_rsa.pub known_hosts /root/.ssh/\nRUN rm /root/.ssh/id_rsa.pub /root/.ssh/known_hosts\n',
    'FROM node:22-slim\nWORKDIR /app\nCOPY .env.example .env\nRUN rm .env\n',
    'FROM alpine:3.20\nARG TOKEN\nRUN echo "$TOKEN" > /tmp/build-id\nRUN rm /tmp/build-id\n',
    // A file that is not a credential inside a copied .ssh folder.
    'FROM alpine:3.20\nCOPY .ssh /root/.ssh\nRUN rm -f /root/.ssh/known_hosts\n',
    // Cleaning up a copied tree: nothing named like a credential.
    'FROM alpine:3.20\nCOPY src/ /tmp/src/\nRUN make -C /tmp/src && rm -rf /tmp/src\n',
    'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && rm -rf node_modules/.cache /tmp/*\n',
    // A credential name outside the copied tree.
    'FROM alpine:3.20\nCOPY . /app\nRUN rm -f /etc/.env\n',
    // An ONBUILD trigger runs in another build.
    'FROM node:22-slim\nCOPY .npmrc /root/\nONBUILD RUN rm /root/.npmrc\n',
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY .npmrc package.json package-lock.json ./\nRUN npm ci --omit=dev\nRUN rm -f .npmrc\n',
      errors: [
        {
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 17,
          message: rule.meta.messages.deleted!('.npmrc', '.npmrc', 'an npm config, which usually holds registry tokens', 3, 'COPY'),
        },
      ],
    },
    {
      name: 'lowercase, absolute path',
      code: 'from node:22-slim\nworkdir /app\ncopy .npmrc ./\nrun rm /app/.npmrc\n',
      errors: [{ line: 4, column: 8, endLine: 4, endColumn: 19 }],
    },
    {
      name: 'a folder removed recursively',
      code: 'FROM alpine:3.20\nCOPY id_ed25519 /root/.ssh/id_ed25519\nRUN git clone git@github.com:acme/app.git /src\nRUN rm -rf ~/.ssh\n',
      errors: [{ line: 4, column: 12, endLine: 4, endColumn: 18, message: /^Deleting '~\/\.ssh' does not remove 'id_ed25519' \(an SSH private key\) from the image: the COPY on line 2/ }],
    },
    {
      name: 'a key of a copied .ssh folder',
      code: 'FROM alpine:3.20\nCOPY .ssh /root/.ssh\nRUN rm -f /root/.ssh/id_rsa\n',
      errors: [{ line: 3, column: 11, endLine: 3, endColumn: 28 }],
    },
    {
      name: 'a glob',
      code: 'FROM nginx:1.27\nCOPY server.key /etc/nginx/ssl/\nRUN rm -f /etc/nginx/ssl/*.key\n',
      errors: [{ line: 3, column: 11, endLine: 3, endColumn: 31 }],
    },
    {
      name: 'written by RUN, deleted by a later RUN',
      code: 'FROM node:22-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc\nRUN npm ci\nRUN rm /root/.npmrc\n',
      errors: [{ line: 5, column: 8, endLine: 5, endColumn: 20, message: /the RUN on line 3/ }],
    },
    {
      name: 'npm config set, deleted through $HOME',
      code: 'FROM node:22-slim\nARG NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"\nRUN npm ci && rm -f "$HOME/.npmrc"\n',
      errors: [{ line: 4, column: 21, endLine: 4, endColumn: 35 }],
    },
    {
      name: 'a literal secret written by RUN into any file',
      code: `FROM node:22-slim\nRUN echo "${NPM}" > /tmp/t\nRUN rm /tmp/t\n`,
      errors: [{ line: 3, column: 8, endLine: 3, endColumn: 14, message: /a file holding a secret, npm access token/ }],
    },
    {
      name: 'COPY heredoc with a literal secret',
      code: `FROM node:22-slim\nCOPY <<EOF /root/.npmrc\n//registry.npmjs.org/:_authToken=${NPM}\nEOF\nRUN npm ci\nRUN rm /root/.npmrc\n`,
      errors: [{ line: 6, column: 8, endLine: 6, endColumn: 20 }],
    },
    {
      name: 'stage inheritance: added in the parent, deleted in the final stage',
      code: 'FROM node:22 AS base\nWORKDIR /app\nCOPY .npmrc ./\nRUN npm ci\n\nFROM base\nRUN rm .npmrc\n',
      errors: [{ line: 7, column: 8, endLine: 7, endColumn: 14 }],
    },
    {
      name: 'after cd, relative paths compare by name',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY .env ./\nRUN cd /app && rm .env\n',
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 23 }],
    },
    {
      name: 'continuation with a comment line between, shred -u',
      code: 'FROM alpine:3.20\nCOPY deploy_key /root/.ssh/id_rsa\nRUN git clone git@github.com:acme/app.git /src \\\n# drop the key\n && shred -u /root/.ssh/id_rsa\n',
      errors: [{ line: 5, column: 14, endLine: 5, endColumn: 31 }],
    },
    {
      name: 'heredoc RUN',
      code: 'FROM node:22-slim\nCOPY .npmrc /root/.npmrc\nRUN <<EOF\nnpm ci\nrm -f /root/.npmrc\nEOF\n',
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 19 }],
    },
    {
      name: 'two files in one rm',
      code: 'FROM alpine:3.20\nCOPY .netrc .git-credentials /root/\nRUN rm /root/.netrc /root/.git-credentials\n',
      errors: [
        { line: 3, column: 8, endLine: 3, endColumn: 20 },
        { line: 3, column: 21, endLine: 3, endColumn: 43 },
      ],
    },
    {
      name: 'deleting credentials that came with the build context',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && rm -f .env .npmrc\n',
      errors: [
        { line: 4, column: 21, endLine: 4, endColumn: 25, message: rule.meta.messages.fromTree!('.env', 'a .env file, which usually holds application secrets', 3, 'COPY') },
        { line: 4, column: 26, endLine: 4, endColumn: 32 },
      ],
    },
    {
      name: 'a copied folder, absolute path, unknown WORKDIR',
      code: 'FROM python:3.12-slim\nCOPY app/ /srv/app/\nRUN rm /srv/app/config/credentials.json\n',
      errors: [{ line: 3, column: 8, endLine: 3, endColumn: 40 }],
    },
    {
      name: 'unknown WORKDIR of the base image: relative paths compare by name',
      code: 'FROM node:22-slim\nCOPY .npmrc .\nRUN npm ci\nRUN rm .npmrc\n',
      errors: [{ line: 4, column: 8, endLine: 4, endColumn: 14 }],
    },
  ],
});

testDocExamples(rule);
