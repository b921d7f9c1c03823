import { posix } from 'node:path';
import type { Instruction } from '../dockerfile/ast.js';
import type { InstructionModel } from '../dockerfile/model.js';
import { effectiveCommand, type RunAnalysis, type ShellWord } from '../dockerfile/shell.js';
import { defineRule, type ImageContext, type DockerfileContext } from '../engine/rule.js';
import { layerName, slashed } from './image-helpers.js';
import { reportableSecrets } from './secret-helpers.js';
import { credentialFile, finalImageStages, imageFileSecrets, isTemplateName, secretWrites, writtenFiles } from './secret-in-file.js';

/** A credential file (or what may hold one) that some instruction put into a layer. */
interface Added {
  /** Where it may be in the image: absolute, `~/…` (home unknown) or relative (WORKDIR unknown). */
  paths: string[];
  /**
   * `file`: the paths are the credential. `folder`: folders whose contents are credentials (`COPY
   * .ssh /root/.ssh`). `tree`: a folder or the whole build context (`COPY . .`), which holds a
   * credential only if a later `rm` of a credential-named file in it says so.
   */
  kind: 'file' | 'folder' | 'tree';
  name: string;
  what: string;
  by: Instruction;
}

/** A path an `rm` removes. */
interface Removal {
  path: string;
  recursive: boolean;
  word: ShellWord;
}

const messages = {
  imageHidden: (path: string, what: string, added: string, removed: string, how: string) =>
    `${path} (${what}) was ${how} by ${removed}, but ${added} still holds it: layers ship unchanged, so anyone who pulls the image can extract it from there. Don't add it at all: use 'RUN --mount=type=secret,id=…', or create, use and delete it within one RUN; and rotate it`,
  fromTree: (target: string, what: string, line: number, keyword: string) =>
    `Deleting '${target}' (${what}) does not remove it from the image: if the ${keyword} on line ${line} brought it in, that layer still holds it and ships unchanged. Keep it out of what is copied (.dockerignore for the build context), and use 'RUN --mount=type=secret,id=…' in the steps that need it`,
  deleted: (target: string, name: string, what: string, line: number, keyword: string) =>
    `Deleting '${target}' does not remove '${name}' (${what}) from the image: the ${keyword} on line ${line} stored it in its own layer, which ships unchanged, and anyone who pulls the image can extract it from there. Don't add it at all: use 'RUN --mount=type=secret,id=…' in the steps that need it, or create, use and delete it within one RUN`,
};

/**
 * Cheap text test before parsing a RUN for writes: every name {@link credentialFile} knows, and the
 * config commands that write one (`npm config set`, `aws configure set`, `docker login`).
 */
const CREDENTIAL_HINT = /npmrc|pypirc|netrc|credential|id_(?:rsa|dsa|ecdsa|ed25519)|\.env|\.pem|\.key|\.p12|\.pfx|\.ppk|htpasswd|pgpass|secrets|config\.json|vault-token|s3cfg|keystore|\.kube\b|dockercfg|deploy.?key|ssh_host|config set|configure set|\blogin\b/i;
const REMOVER = /\b(?:rm|unlink|shred)\b/;

function home(ins: InstructionModel): string | undefined {
  const user = ins.user?.value;
  if (!user) return '/root';
  return user.known && /^(?:root|0)(?::|$)/.test(user.value) ? '/root' : undefined;
}

/** Resolves a path the way the image sees it, as far as the Dockerfile tells; no trailing slash. */
function resolvePath(path: string, ins: InstructionModel, cwdKnown: boolean): string {
  const p = path.replace(/^\$\{?HOME\}?(?=\/|$)/, '~');
  let out: string;
  if (p === '~' || p.startsWith('~/')) {
    const h = home(ins);
    out = h ? posix.join(h, p.slice(1)) : posix.normalize(p);
  } else if (p.startsWith('/')) out = posix.normalize(p);
  else out = cwdKnown && ins.workdir.known ? posix.join(ins.workdir.path, p) : posix.normalize(p);
  return out.length > 1 ? out.replace(/\/+$/, '') : out;
}

/** A shell glob (`*`, `?`, `[…]`) as a RegExp source. */
function globSource(glob: string): string {
  let src = '';
  for (const ch of glob) src += ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch === '[' || ch === ']' ? ch : ch.replace(/[.+^${}()|\\]/g, '\\$&');
  return src;
}

/** Does removing `target` remove (part of) what `added` put at `path`? Paths that are not both absolute compare by their tail. */
function removes(target: Removal, path: string, kind: Added['kind']): boolean {
  const t = target.path;
  const tail = (p: string): string => p.replace(/^(?:\.\/|~\/)/, '');
  const same = (a: string, b: string): boolean => {
    const absolute = a.startsWith('/') && b.startsWith('/');
    if (/[*?[]/.test(b)) return new RegExp(absolute ? `^${globSource(b)}$` : `(?:^|/)${globSource(tail(b))}$`).test(a);
    if (absolute) return a === b;
    const [x, y] = [tail(a), tail(b)];
    return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
  };
  const parents = (p: string): string[] => p.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/')).filter(Boolean);
  // Inside a copied tree: `COPY . .` then `rm .env` (a relative path in an unknown WORKDIR is inside `.`).
  const inside = (): boolean => (path === '.' && !/^[/~]/.test(t)) || parents(t).some((p) => same(path, p));
  if (kind === 'tree') return credentialFile(t) !== undefined && inside();
  if (same(path, t)) return true;
  // `rm -rf /root/.ssh` removes what is inside; `rm /root/.ssh/id_rsa` removes a key of a copied folder.
  if (target.recursive && parents(path).some((p) => same(p, t))) return true;
  return kind === 'folder' && credentialFile(t) !== undefined && inside();
}

/** What each `rm`/`unlink`/`shred -u` of a RUN removes. */
function removals(analysis: RunAnalysis, ins: InstructionModel): Removal[] {
  const out: Removal[] = [];
  let cwdKnown = true;
  for (const command of analysis.script.commands) {
    const eff = effectiveCommand(command);
    if (eff.program === 'cd' || eff.program === 'pushd') cwdKnown = false;
    if (eff.program !== 'rm' && eff.program !== 'unlink' && eff.program !== 'shred') continue;
    const flags = eff.args.filter((w) => /^-/.test(w.value ?? ''));
    if (eff.program === 'shred' && !flags.some((w) => /^-[a-z]*u|^--remove/.test(w.value!))) continue;
    const recursive = flags.some((w) => /^-[a-zA-Z]*[rR]|^--recursive$/.test(w.value!));
    for (const word of eff.args) {
      const v = word.value ?? word.text.replace(/^["']|["']$/g, '');
      if (v.startsWith('-') || (word.value === undefined && !/^\$\{?HOME\}?\//.test(v))) continue;
      out.push({ path: resolvePath(v, ins, cwdKnown), recursive, word });
    }
  }
  return out;
}

/** Credential files a COPY/ADD puts into the layer. */
function copied(ctx: DockerfileContext, ins: InstructionModel): Added[] {
  const { args, instruction } = ins;
  if (args.length < 2) return [];
  const destArg = args[args.length - 1]!;
  const dest = resolvePath(destArg.expansion.value, ins, true);
  const sources = args.slice(0, -1);
  const intoFolder = destArg.expansion.value.endsWith('/') || sources.length > 1;
  const out: Added[] = [];
  for (const s of sources) {
    const source = s.expansion.value;
    if (s.raw.value.startsWith('<<')) continue;
    const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
    const file = credentialFile(source, { asSource: true, remote });
    if (!file) {
      // The context or a folder: its contents land under the destination.
      if (!remote && source !== '' && /^\.?\/?$|\/$/.test(source)) out.push({ paths: [dest], kind: 'tree', name: source, what: '', by: instruction });
      continue;
    }
    const folder = file.folder === true;
    const base = posix.basename(source.replace(/\/+$/, ''));
    const paths = folder || intoFolder ? [folder ? dest : posix.join(dest, base)] : [dest, posix.join(dest, base)];
    out.push({ paths, kind: folder ? 'folder' : 'file', name: source, what: file.what, by: instruction });
  }
  // `COPY key /root/.ssh/id_rsa` and `COPY <<EOF /root/.npmrc`: the destination names it.
  const named = credentialFile(destArg.expansion.value);
  const heredocSecret = instruction.heredocs.some((h) => reportableSecrets(ctx, h.body).length > 0);
  const sample = sources.some((s) => isTemplateName(s.expansion.value));
  if (!out.some((a) => a.kind !== 'tree') && !intoFolder && !sample && (named || heredocSecret)) {
    const what = named?.what ?? 'a file holding a secret';
    out.push({ paths: [dest], kind: 'file', name: destArg.expansion.value, what, by: instruction });
  }
  return out;
}

/** Credential files a RUN writes and does not delete itself. */
function written(ctx: DockerfileContext, ins: InstructionModel, analysis: RunAnalysis, removed: Removal[]): Added[] {
  const out: Added[] = [];
  const add = (path: string, what: string, cwdKnown: boolean): void => {
    const resolved = resolvePath(path, ins, cwdKnown);
    if (out.some((a) => a.paths[0] === resolved)) return;
    if (removed.some((r) => removes(r, resolved, 'file'))) return;
    out.push({ paths: [resolved], kind: 'file', name: path, what, by: ins.instruction });
  };
  let cwdKnown = true;
  for (const command of analysis.script.commands) {
    const program = effectiveCommand(command).program;
    if (program === 'cd' || program === 'pushd') cwdKnown = false;
    for (const f of writtenFiles(command)) {
      const file = credentialFile(f.path);
      if (file) add(f.path, file.what, cwdKnown);
    }
  }
  for (const w of secretWrites(ctx, ins)) add(w.file.path, `a file holding a secret, ${w.match.description}`, cwdKnown);
  return out;
}

export default defineRule({
  meta: {
    id: 'secret-in-deleted-layer',
    title: 'Secret file deleted in a later layer',
    severity: 'error',
    securitySeverity: 8.0,
    tags: ['security', 'secrets', 'layers'],
    sources: ['cis-docker:4.10'],
    fixable: false,
    docs: {
      description:
        'Reports a `RUN rm` (or `unlink`, `shred -u`) that deletes a credential file an earlier instruction added: a `COPY`/`ADD` of a file named like a credential (see secret-in-file), a `COPY <<EOF` heredoc with a secret, or a `RUN` that wrote one (`echo … > .npmrc`, `npm config set`, `docker login`). It also reports deleting a credential-named file (`rm .env`) inside a tree copied earlier (`COPY . .`, `COPY app/ /app/`): if the file was there, its layer keeps it. Only the final stage and the stages it is built `FROM` count, since builder stages are not shipped. A file created, used and deleted within one `RUN` leaves no layer behind and is not reported.',
      rationale:
        'Each instruction adds a layer, and a later deletion only hides the file in the layers above: the earlier layer, with the file in it, is still part of the image, and `docker save` or any registry client extracts it in seconds. Use `RUN --mount=type=secret` so the credential never reaches a layer, or at least create, use and delete it within a single `RUN`.',
      incorrect: [
        {
          code: 'FROM node:22-slim\nWORKDIR /app\nCOPY .npmrc package.json package-lock.json ./\nRUN npm ci --omit=dev\nRUN rm -f .npmrc\n',
        },
        {
          code: 'FROM alpine:3.20\nCOPY id_ed25519 /root/.ssh/id_ed25519\nRUN apk add --no-cache git openssh-client \\\n && git clone git@github.com:acme/app.git /src\nRUN rm -rf /root/.ssh\n',
        },
      ],
      correct: [
        {
          code: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci --omit=dev\n',
        },
        {
          code: 'FROM node:22-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\n',
          note: 'Created and deleted in the same RUN: no layer keeps it.',
        },
      ],
      image:
        'In a scanned image: secrets in file versions that a later layer deleted (a whiteout), overwrote, or hid under an opaque folder. The layer that added them still holds them; the finding names it and the layer that removed them.',
    },
    messages,
  },
  dockerfile(ctx) {
    return {
      fileEnd() {
        let added: Added[] = [];
        const chain = [...finalImageStages(ctx.model)].reverse();
        const instructions = chain.flatMap((stage) => stage.instructions);
        const texts = instructions.map((ins) =>
          ins.instruction.keyword === 'RUN' ? [ins.instruction.args.value, ...ins.instruction.heredocs.map((h) => h.body)].join('\n') : '',
        );
        // What a RUN writes can only be reported by a later RUN that deletes something.
        const lastRemover = texts.findLastIndex((text) => REMOVER.test(text));
        for (const [i, ins] of instructions.entries()) {
          const keyword = ins.instruction.keyword;
          if (keyword === 'COPY' || keyword === 'ADD') added.push(...copied(ctx, ins));
          if (keyword !== 'RUN') continue;
          const text = texts[i]!;
          const named = CREDENTIAL_HINT.test(text);
          const deletes = REMOVER.test(text) && (named || added.some((a) => a.kind !== 'tree'));
          // Parse only a RUN that may delete something already added, or may write a credential
          // (named, or a literal secret) that a later RUN may delete.
          const mayReport = deletes && added.length > 0;
          const mayRecord = i < lastRemover && (named || reportableSecrets(ctx, text).length > 0);
          if (!mayReport && !mayRecord) continue;
          const analysis = ctx.shell(ins);
          if (!analysis) continue;
          const removed = deletes ? removals(analysis, ins) : [];
          for (const r of removed) {
            const hit = added.filter((a) => a.paths.some((p) => removes(r, p, a.kind)));
            if (hit.length === 0) continue;
            // A tree may hold more credentials; a file or folder is gone from the layers above.
            added = added.filter((a) => a.kind === 'tree' || !hit.includes(a));
            const target = analysis.text.slice(r.word.start, r.word.end);
            const range = analysis.toRange(r.word.start, r.word.end);
            const first = hit.find((a) => a.kind !== 'tree') ?? hit[hit.length - 1]!;
            const line = first.by.range.start.line;
            const message =
              first.kind === 'tree'
                ? messages.fromTree(target, credentialFile(r.path)!.what, line, first.by.keyword)
                : messages.deleted(target, first.name, first.what, line, first.by.keyword);
            ctx.report({ range, message, subject: `${first.name} ${target}` });
          }
          added.push(...written(ctx, ins, analysis, removed));
        }
      },
    };
  },
  image: checkImage,
});

/** Secrets in file versions a later layer deleted, overwrote or hid under an opaque folder. */
function checkImage(ctx: ImageContext): void {
  for (const v of ctx.image.fs.hidden()) {
    if (v.entry.type !== 'file' || !v.removedBy) continue;
    const held = imageFileSecrets(ctx.image, v);
    if (!held) continue;
    const path = v.entry.path;
    const how = v.removedBy.kind === 'overwritten' ? 'overwritten' : 'deleted';
    const added = layerName(ctx.image, v.layer);
    const removed = layerName(ctx.image, v.removedBy.layer);
    const properties = { removedBy: v.removedBy.layer, removal: v.removedBy.kind };
    for (const m of held.secrets) {
      ctx.report({ version: v, message: messages.imageHidden(slashed(path), `${m.description}: ${m.masked}`, added, removed, how), subject: `${path} ${m.detectorId}`, properties: { ...properties, detector: m.detectorId, confidence: m.confidence } });
    }
    if (held.credential) ctx.report({ version: v, message: messages.imageHidden(slashed(path), held.credential.what, added, removed, how), properties });
  }
}
