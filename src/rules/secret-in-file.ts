import type { Range } from '../dockerfile/ast.js';
import type { DockerfileModel, InstructionModel, ResolvedText, StageModel } from '../dockerfile/model.js';
import { effectiveCommand, type RunAnalysis, type ShellCommand, type ShellScript, type ShellWord } from '../dockerfile/shell.js';
import { defineRule, type ImageContext, type DockerfileContext } from '../engine/rule.js';
import { finalFiles, isDistributionFile, isFixturePlace, layerName, slashed } from './image-helpers.js';
import type { FileVersion } from '../image/layers.js';
import type { ImageModel } from '../image/model.js';
import type { SecretMatch } from '../secrets/index.js';
import { reportableSecrets } from './secret-helpers.js';

// ---------------------------------------------------------------------------------------------
// Credential files by name (shared with secret-in-deleted-layer)

/** What a credential file is. */
export interface CredentialFile {
  /** For messages: "an SSH private key", "an npm config, which usually holds registry tokens". */
  what: string;
  /** A folder whose contents are the credentials (`.ssh`). */
  folder?: boolean;
}

const SSH_KEY = 'an SSH private key';
const EXACT_NAMES = new Map<string, CredentialFile>([
  ['.git-credentials', { what: 'git credentials (plain-text passwords and tokens)' }],
  ['.netrc', { what: 'a .netrc file (plain-text login passwords)' }],
  ['_netrc', { what: 'a .netrc file (plain-text login passwords)' }],
  ['.pgpass', { what: 'a PostgreSQL password file' }],
  ['.htpasswd', { what: 'an htpasswd password file' }],
  ['.vault-token', { what: 'a Vault token' }],
  ['.s3cfg', { what: 's3cmd credentials' }],
  ['.dockercfg', { what: 'Docker registry credentials' }],
  ['credentials.json', { what: 'a credentials file' }],
  ['application_default_credentials.json', { what: 'Google Cloud credentials' }],
  ['credentials.tfrc.json', { what: 'Terraform Cloud credentials' }],
  ['ipsec.secrets', { what: 'IPsec secrets' }],
  ['chap-secrets', { what: 'PPP CHAP secrets' }],
  ['pap-secrets', { what: 'PPP PAP secrets' }],
  ['.npmrc', { what: 'an npm config, which usually holds registry tokens' }],
  ['.pypirc', { what: 'a PyPI config, which usually holds upload credentials' }],
]);
/** Credential files known by their folder: `~/.aws/credentials` is one, `./credentials` may be anything. */
const PATH_SUFFIXES: [string, CredentialFile][] = [
  ['.aws/credentials', { what: 'AWS credentials' }],
  ['.docker/config.json', { what: 'a Docker client config, which usually holds registry credentials' }],
  ['.kube/config', { what: 'a kubeconfig, which usually holds cluster credentials' }],
  ['.gem/credentials', { what: 'RubyGems credentials' }],
  ['.cargo/credentials', { what: 'Cargo registry credentials' }],
  ['.cargo/credentials.toml', { what: 'Cargo registry credentials' }],
];
/** Folders whose whole point is keys; only as COPY/ADD sources (copying the folder copies the keys). */
const DIRECTORIES = new Map<string, CredentialFile>([
  ['.ssh', { what: 'an SSH folder, which usually holds private keys', folder: true }],
  ['.aws', { what: 'an AWS config folder, which usually holds credentials', folder: true }],
  ['.gnupg', { what: 'a GnuPG home, which usually holds private keys', folder: true }],
]);
/** Name parts that mark a template or sample (`.env.example`, `npmrc.template`): no real secret inside. */
const TEMPLATE_PART = /^(?:example|examples|sample|samples|template|templates|tmpl|tpl|dist|default|defaults|schema|test|tests|ci|in|orig|bak|md|txt|pub)$/;
/** Name parts of public keys: repository signing keys (`Release.key`, `repo.gpg.key`), truststores. */
const PUBLIC_MARK = /pub(?:lic)?|gpg|pgp|gnupg|keyring|release|repo|apt|yum|archive|trust/;

/**
 * Judges a path by its name only (content is not visible to a Dockerfile linter). Precision first:
 * `*.pem` is usually a certificate, so only names that say "key"/"private" count; `*.key` counts
 * unless the name marks it public (GPG repository keys such as `Release.key`); samples never count.
 * `remote` (an ADD URL, or what it is saved as) judges by exact names only.
 */
export function credentialFile(path: string, { asSource = false, remote = false } = {}): CredentialFile | undefined {
  const lower = path.replace(/\/+$/, '').toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (base === '' || /[*?[\]{}$]/.test(base)) return undefined;
  // A folder name only says "keys inside" when it is what gets copied.
  const folder = asSource ? DIRECTORIES.get(base) : undefined;
  if (path.endsWith('/')) return folder;
  const exact = EXACT_NAMES.get(base);
  if (exact) return exact;
  if (isTemplateName(base)) return undefined;
  for (const [suffix, file] of PATH_SUFFIXES) if (lower === suffix || lower.endsWith(`/${suffix}`)) return file;
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:[-_.][a-z0-9_-]+)?$/.test(base)) return { what: SSH_KEY };
  if (/^ssh_host_[a-z0-9]+_key$/.test(base) || /^(?:[a-z0-9]+[-_])?deploy[-_]?key$/.test(base)) return { what: SSH_KEY };
  if (/^\.env(?:\.[a-z0-9_-]+)*$/.test(base)) return { what: 'a .env file, which usually holds application secrets' };
  const dot = base.lastIndexOf('.');
  // Keys served over https are public signing keys (`…/gpgkey/nodesource.key`): only names count there.
  if (dot <= 0 || remote) return folder;
  const [stem, ext] = [base.slice(0, dot), base.slice(dot + 1)];
  if (ext === 'pem' && /key|priv/.test(stem) && !PUBLIC_MARK.test(stem)) return { what: 'a PEM private key' };
  if (ext === 'key' && !PUBLIC_MARK.test(stem)) return { what: 'a private key' };
  if (ext === 'ppk') return { what: 'a PuTTY private key' };
  if ((ext === 'p12' || ext === 'pfx') && !/trust|pub/.test(stem)) return { what: 'a PKCS#12 bundle with a private key' };
  if ((ext === 'keystore' || (ext === 'jks' && stem.includes('keystore'))) && !/trust|pub/.test(stem)) {
    return { what: 'a Java keystore with private keys' };
  }
  return folder;
}

/** True for names that are samples of a credential file (`.env.example`, `.npmrc.template`). */
export function isTemplateName(path: string): boolean {
  const base = path.replace(/\/+$/, '').toLowerCase().split('/').pop() ?? '';
  return base.split(/[._-]/).filter(Boolean).slice(1).some((p) => TEMPLATE_PART.test(p));
}

// ---------------------------------------------------------------------------------------------
// Stages whose layers ship (shared)

/** The final stage and its FROM ancestors: only their layers end up in the image `docker build` produces. */
export function finalImageStages(model: DockerfileModel): Set<StageModel> {
  const chain = new Set<StageModel>();
  for (let s = model.finalStage; s && !chain.has(s); s = s.parent) chain.add(s);
  return chain;
}

// ---------------------------------------------------------------------------------------------
// RUN writing literal secrets into files (shared with secret-in-history and secret-in-deleted-layer)

/** A file a shell command writes, as written in the script (`~/.npmrc`), with its word when there is one. */
export interface WrittenFile {
  path: string;
  word: ShellWord | undefined;
}

/** A literal secret that a RUN writes into a file. Offsets index `analysis.text`. */
export interface SecretWrite {
  match: SecretMatch;
  file: WrittenFile;
  range: Range;
  fileOffsets: [number, number];
}

/** Commands whose output is their arguments. */
const ECHOERS = new Set(['echo', 'printf']);
/** Commands that pass stdin (a heredoc, a here-string, a pipe) through to their output or files. */
const PASS_THROUGH = new Set(['cat', 'tee', 'base64', 'dd', 'envsubst', 'sponge']);
const OUTPUT_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);

/** Config commands that store their arguments in a known file. */
function configFile(program: string | undefined, args: ShellWord[]): string | undefined {
  const [a, b] = [args[0]?.value, args[1]?.value];
  if ((program === 'npm' || program === 'pnpm') && a === 'config' && b === 'set') return '~/.npmrc';
  if (program === 'yarn' && a === 'config' && b === 'set') return '~/.yarnrc';
  if (program === 'aws' && a === 'configure' && b === 'set') return '~/.aws/credentials';
  if (program === 'git' && args.some((w) => w.value === 'config')) return '~/.gitconfig';
  if ((program === 'docker' || program === 'podman' || program === 'helm') && args.some((w) => w.value === 'login')) {
    return '~/.docker/config.json';
  }
  return undefined;
}

/** Files a command writes: output redirects, `tee` operands, and known config commands. */
export function writtenFiles(command: ShellCommand): WrittenFile[] {
  const files: WrittenFile[] = [];
  for (const r of command.redirects) {
    if (!OUTPUT_REDIRECTS.has(r.operator) || (r.fd !== undefined && r.fd !== 1) || !r.target) continue;
    const path = r.target.value ?? r.target.text;
    if (!path.startsWith('/dev/') && !path.startsWith('&')) files.push({ path, word: r.target });
  }
  const eff = effectiveCommand(command);
  if (eff.program === 'tee') {
    for (const w of eff.args) if (!(w.value ?? w.text).startsWith('-')) files.push({ path: w.value ?? w.text, word: w });
  }
  const config = configFile(eff.program, eff.args);
  if (config) files.push({ path: config, word: undefined });
  return files;
}

/** Spans of `analysis.text` whose text a command writes out: echoed arguments, stdin bodies, piped input. */
function writtenSpans(script: ShellScript, command: ShellCommand, depth = 0): [number, number][] {
  const eff = effectiveCommand(command);
  const spans: [number, number][] = [];
  const config = configFile(eff.program, eff.args) !== undefined;
  if (ECHOERS.has(eff.program ?? '') || config) {
    for (const w of eff.args) spans.push([w.start, w.end]);
  }
  // `echo "$PW" | docker login --password-stdin` stores what it reads, like `tee`.
  if (!PASS_THROUGH.has(eff.program ?? '') && !config) return spans;
  for (const r of command.redirects) {
    if (r.heredoc) spans.push([r.heredoc.bodyStart, r.heredoc.bodyEnd]);
    else if (r.operator === '<<<' && r.target) spans.push([r.target.start, r.target.end]);
  }
  const upstream = command.pipeFrom === undefined ? undefined : script.commands[command.pipeFrom];
  if (upstream && depth < 4) spans.push(...writtenSpans(script, upstream, depth + 1));
  return spans;
}

/** Per RUN: secret-in-file, secret-in-history and secret-in-deleted-layer all ask for its writes. */
const writesByRun = new WeakMap<InstructionModel, readonly SecretWrite[]>();

/** Literal secrets a RUN writes into files, e.g. `echo "ghp_…" > ~/.token` or `cat > .netrc <<EOF`. */
export function secretWrites(ctx: DockerfileContext, ins: InstructionModel): readonly SecretWrite[] {
  let writes = writesByRun.get(ins);
  if (!writes) writesByRun.set(ins, (writes = Object.freeze(findSecretWrites(ctx, ins))));
  return writes;
}

function findSecretWrites(ctx: DockerfileContext, ins: InstructionModel): SecretWrite[] {
  const { instruction } = ins;
  // Parse only a RUN whose text holds a secret: the same scan secret-in-history makes of it.
  const prefilter = [instruction.args.value, ...instruction.heredocs.map((h) => h.body)].join('\n');
  if (reportableSecrets(ctx, prefilter).length === 0) return [];
  const analysis: RunAnalysis | undefined = ctx.shell(ins);
  if (!analysis) return [];
  const matches = reportableSecrets(ctx, analysis.text);
  const writes: SecretWrite[] = [];
  for (const command of analysis.script.commands) {
    const files = writtenFiles(command);
    if (files.length === 0) continue;
    const spans = writtenSpans(analysis.script, command);
    for (const match of matches) {
      if (!spans.some(([s, e]) => match.start >= s && match.end <= e)) continue;
      if (writes.some((w) => w.match === match)) continue;
      writes.push({
        match,
        file: files[0]!,
        range: analysis.toRange(match.start, match.end),
        fileOffsets: analysis.toFileOffsets(match.start, match.end),
      });
    }
  }
  return writes;
}

// ---------------------------------------------------------------------------------------------
// The rule

const messages = {
  imageSecret: (path: string, what: string, masked: string, layer: string) =>
    `${path} holds a secret (${what}: ${masked}), from ${layer}: anyone who can pull the image can read it. Keep it out of the image (.dockerignore, 'RUN --mount=type=secret,id=…'), give it to containers at run time, and rotate it`,
  imageCredential: (path: string, what: string, layer: string) =>
    `${path} is ${what}, from ${layer}: anyone who can pull the image can read it. Keep it out of the image (.dockerignore, 'RUN --mount=type=secret,id=…') and give it to containers at run time`,
  copied: (keyword: string, source: string, what: string) =>
    `${keyword} puts '${source}' (${what}) into an image layer: anyone who can pull the image can read it, and deleting it later does not remove it from that layer. Leave it out of the build context (.dockerignore) and use 'RUN --mount=type=secret,id=…' for build steps that need it; give it to containers at run time through a secret or volume`,
  written: (secret: string, what: string, file: string) =>
    `RUN writes a literal secret (${what}: ${secret}) into '${file}': the file stays in the image layer and the value is also readable in 'docker history'. Pass it with 'RUN --mount=type=secret,id=…' (build) or at run time instead`,
  heredoc: (keyword: string, secret: string, what: string, file: string) =>
    `${keyword} writes a literal secret (${what}: ${secret}) into '${file}' from a heredoc: the file stays in the image layer for anyone who pulls it. Mount it with 'RUN --mount=type=secret,id=…' at build time, or provide it at run time`,
};

/** The file range of a resolved argument, without the quotes of an exec-form element. */
function wordRange(text: ResolvedText): Range {
  const { range, value } = text.raw;
  if (!/^".*"$/s.test(value) || range.start.line !== range.end.line) return range;
  const shift = (p: Range['start'], by: number): Range['start'] => ({ line: p.line, column: p.column + by, offset: p.offset + by });
  return { start: shift(range.start, 1), end: shift(range.end, -1) };
}

/** A COPY/ADD argument's path as Docker reads it (a URL's path for remote sources). */
function pathOf(arg: ResolvedText): string {
  const v = arg.expansion.value;
  return /^[a-z]+:\/\//i.test(v) ? v.replace(/[?#].*$/, '') : v;
}

function copyFindings(ins: InstructionModel): { range: Range; source: string; file: CredentialFile }[] {
  if (ins.args.length < 2) return [];
  const sources = ins.args.slice(0, -1).filter((a) => !a.raw.value.startsWith('<<'));
  const dest = ins.args[ins.args.length - 1]!;
  const isRemote = (s: ResolvedText): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(s.expansion.value);
  const found = sources.flatMap((s) => {
    const file = credentialFile(pathOf(s), { asSource: true, remote: isRemote(s) });
    return file ? [{ range: wordRange(s), source: pathOf(s), file }] : [];
  });
  // `COPY deploy_key /root/.ssh/id_rsa`: the destination names what the file is.
  if (found.length === 0 && sources.length === 1 && ins.instruction.heredocs.length === 0) {
    const destPath = dest.expansion.value;
    const file = destPath.endsWith('/') ? undefined : credentialFile(destPath, { remote: isRemote(sources[0]!) });
    if (file && !isTemplateName(pathOf(sources[0]!))) found.push({ range: wordRange(dest), source: destPath, file });
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'secret-in-file',
    title: 'Credential file copied or written into the image',
    severity: 'error',
    securitySeverity: 8.0,
    tags: ['security', 'secrets', 'cis'],
    sources: ['trivy:DS-0031', 'dockle:CIS-DI-0010', 'cis-docker:4.10'],
    fixable: false,
    docs: {
      description:
        'Reports `COPY`/`ADD` of a file whose name marks it as a credential: SSH private keys (`id_rsa`, `id_ed25519`, …), private keys (`*.key`, and `*.pem` whose name says key or private), PKCS#12 bundles and keystores, `.env` files, `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`, `.htpasswd`, `~/.aws/credentials`, `~/.docker/config.json`, a kubeconfig, `credentials.json`, and `.ssh` or `.aws` folders, as source or as destination. Samples (`.env.example`, `*.template`), certificates and public keys are not reported, and neither is `COPY . .` (the build context is not visible). Also reports a literal secret that `RUN` writes into a file (`echo`/`printf` redirected, `tee`, `cat > file <<EOF`, `npm config set`, `git config`, `docker login`) and a `COPY <<EOF` heredoc whose body holds a secret. Only stages that end up in the final image count: builder stages are not shipped.',
      rationale:
        'Every file in a layer can be read by anyone who can pull the image, even if a later instruction deletes it. Keep credentials out of the build context with `.dockerignore`, use `RUN --mount=type=secret` for the build steps that need them, and give them to containers at run time through your orchestrator\'s secrets or a mounted volume.',
      incorrect: [
        { code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json .npmrc ./\nRUN npm ci --omit=dev\n' },
        { code: 'FROM alpine:3.20\nCOPY deploy/id_ed25519 /root/.ssh/\nRUN apk add --no-cache git openssh-client\n' },
        {
          code: 'FROM node:22-slim\nRUN echo "//registry.npmjs.org/:_authToken=npm_Q7Zt4KmV9xWb2LpR8sNd3FgH6jYc1TqE5uAo" > /root/.npmrc\n',
          note: 'A literal token written into a file by RUN.',
        },
      ],
      correct: [
        {
          code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev\n',
        },
        { code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY .env.example ./.env\nCOPY tls/server.crt /etc/ssl/certs/\n', note: 'Samples and certificates are not secrets.' },
        {
          code: 'FROM node:22 AS build\nWORKDIR /app\nCOPY .npmrc package.json package-lock.json ./\nRUN npm ci\n\nFROM node:22-slim\nCOPY --from=build /app/node_modules /app/node_modules\n',
          note: 'A builder stage is not shipped.',
        },
      ],
      image:
        'In a scanned image: secrets in the text files of the final filesystem (binaries are skipped, so the PEM header strings inside libgnutls or libssh2 never count), and credential files by name outside test, example and documentation folders.',
    },
    messages,
  },
  dockerfile(ctx) {
    const shipped = finalImageStages(ctx.model);
    const ships = (ins: InstructionModel): boolean => ins.stage === undefined || shipped.has(ins.stage);
    const copy = (ins: InstructionModel): void => {
      if (!ships(ins)) return;
      for (const f of copyFindings(ins)) {
        const keyword = ins.instruction.keyword;
        ctx.report({ range: f.range, message: messages.copied(keyword, f.source, f.file.what), subject: f.source });
      }
      heredocSecrets(ctx, ins);
    };
    return {
      COPY: copy,
      ADD: copy,
      RUN(ins) {
        if (!ships(ins)) return;
        for (const w of secretWrites(ctx, ins)) {
          ctx.report({
            range: w.range,
            message: messages.written(w.match.masked, w.match.description, w.file.path),
            subject: `${w.match.detectorId} ${w.file.path}`,
            properties: { detector: w.match.detectorId, confidence: w.match.confidence },
          });
        }
      },
    };
  },
  image: checkImage,
});

/** `COPY <<EOF /root/.npmrc` whose body holds a literal secret. */
function heredocSecrets(ctx: DockerfileContext, ins: InstructionModel): void {
  const { instruction } = ins;
  if (instruction.heredocs.length === 0) return;
  const dest = ins.args[ins.args.length - 1]?.expansion.value ?? '';
  for (const h of instruction.heredocs) {
    const start = h.bodyRange.start.offset;
    const raw = ctx.ast.text.slice(start, h.bodyRange.end.offset);
    for (const m of reportableSecrets(ctx, raw)) {
      const file = dest.endsWith('/') ? `${dest}${h.delimiter}` : dest;
      ctx.report({
        range: ctx.model.lines.range(start + m.start, start + m.end),
        message: messages.heredoc(instruction.keyword, m.masked, m.description, file),
        subject: `${m.detectorId} ${file}`,
        properties: { detector: m.detectorId, confidence: m.confidence },
      });
    }
  }
}

/** Secrets in the contents of final files, and credential files by name (outside test and doc folders). */
function checkImage(ctx: ImageContext): void {
  for (const v of finalFiles(ctx.image)) {
    const held = imageFileSecrets(ctx.image, v);
    if (!held) continue;
    const path = v.entry.path;
    const layer = layerName(ctx.image, v.layer);
    for (const m of held.secrets) {
      ctx.report({ version: v, message: messages.imageSecret(slashed(path), m.description, m.masked, layer), subject: `${path} ${m.detectorId}`, properties: { detector: m.detectorId, confidence: m.confidence } });
    }
    if (held.credential) ctx.report({ version: v, message: messages.imageCredential(slashed(path), held.credential.what, layer) });
  }
}

/**
 * What a file version in an image holds that is secret: the secrets its text holds, else the
 * credential its name says it is (outside test, example and documentation folders). Undefined for
 * the distribution's own files. Shared with secret-in-deleted-layer.
 */
export function imageFileSecrets(
  image: ImageModel,
  v: FileVersion,
): { secrets: readonly SecretMatch[]; credential: CredentialFile | undefined } | undefined {
  const path = v.entry.path;
  if (isDistributionFile(image, path)) return undefined;
  const secrets = image.contentOf(v)?.secrets ?? [];
  if (secrets.length > 0 || v.entry.size === 0 || isFixturePlace(path)) return { secrets, credential: undefined };
  const file = credentialFile(slashed(path));
  return { secrets, credential: file && !file.folder ? file : undefined };
}
