import type { Range } from '../dockerfile/ast.js';
import type { InstructionModel, ResolvedText } from '../dockerfile/model.js';
import { defineRule } from '../engine/rule.js';

export const messages = {
  http: (url: string) =>
    `ADD downloads ${url} without --checksum: whatever the server returns today goes into the image unverified, and a changed or tampered file goes unnoticed. Add '--checksum=sha256:<hash of the file>' (BuildKit checks it), or download in a RUN step and verify the hash there`,
  git: (url: string, ref: string) =>
    `ADD fetches git repository ${url} at ${ref}, which can move to other commits: the build takes whatever it points to today. Pin a full commit ('#<40-hex commit>') or add '--checksum=<commit>' (BuildKit checks it)`,
};

/** BuildKit's git source forms (case-sensitive, as BuildKit matches them): `git@host:…`, `git://`, `ssh://`, or http(s) whose path ends in `.git`. */
function isGitUrl(url: string): boolean {
  if (/^(?:git@|git:\/\/|ssh:\/\/)/.test(url)) return true;
  return /^https?:\/\//.test(url) && /\.git(?:$|[#?])/.test(url);
}

/** A git URL whose ref (`#ref[:subdir]`) is a full commit hash, SHA-1 or SHA-256. */
function pinsCommit(url: string): boolean {
  const ref = /#([^:]*)/.exec(url)?.[1] ?? '';
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref);
}

/** What the message calls the source: as written, plus the URL when ARGs/ENVs build it. */
function describe(source: ResolvedText): string {
  const written = source.raw.value.replace(/^"(.*)"$/s, '$1');
  const value = source.expansion.value;
  return written === value ? `'${value}'` : `'${value}' (from '${written}')`;
}

/** The source word without the quotes of an exec-form element. */
function urlRange(source: ResolvedText): Range {
  const { range, value } = source.raw;
  if (!/^".*"$/s.test(value) || range.start.line !== range.end.line) return range;
  const shrink = (p: Range['start'], by: number) => ({ line: p.line, column: p.column + by, offset: p.offset + by });
  return { start: shrink(range.start, 1), end: shrink(range.end, -1) };
}

/** The fingerprint subject: the URL with numbers blanked, so a version bump keeps the finding's identity. */
function subjectOf(url: string): string {
  return url.replace(/[0-9]+/g, 'N');
}

function hasChecksum(ins: InstructionModel): boolean {
  return ins.flags.some((f) => f.flag.name === 'checksum' && f.flag.value !== undefined && f.flag.value.value !== '');
}

export default defineRule({
  meta: {
    id: 'add-remote-url',
    title: 'ADD of a remote URL without a checksum',
    severity: 'warning',
    securitySeverity: 6.0,
    tags: ['security', 'supply-chain', 'integrity'],
    sources: [],
    fixable: false,
    docs: {
      description:
        "Reports each `ADD` source that is an http(s) URL when the instruction has no `--checksum`, after resolving ARG and ENV values, in ONBUILD triggers too. Git sources (`https://…/repo.git#ref`, `git@host:repo.git`) are reported when their ref is a branch, a tag or missing, since those move; a full commit hash in the URL, or `--checksum=<commit>` (supported for git sources by recent BuildKit), pins them. Local files, archives and heredocs are out of scope.",
      rationale:
        "`ADD <url>` fetches over the network at build time and copies whatever arrives into the image: a compromised server, a hijacked domain or a silently replaced release asset all end up in your image with nothing to notice it. `--checksum=sha256:…` makes BuildKit verify the bytes and fail the build on a mismatch. For git sources, a commit hash names exact content where a branch or tag does not.",
      incorrect: [
        { code: 'FROM alpine:3.20\nADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /sbin/tini\nRUN chmod +x /sbin/tini\n' },
        {
          code: 'FROM alpine:3.20\nADD https://github.com/example/tools.git#v1.4.0 /src/tools\n',
          note: 'A git tag can be moved to another commit.',
        },
      ],
      correct: [
        {
          code: 'FROM alpine:3.20\nADD --checksum=sha256:c5b0d1a4b3d7a8e9f6c2b1a0d9e8f7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0 https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /sbin/tini\nRUN chmod +x /sbin/tini\n',
        },
        {
          code: 'FROM alpine:3.20\nADD https://github.com/example/tools.git#4f2c9e1b7a3d5c8e0f6b2a9d1c7e3f5a8b0d2c4e /src/tools\n',
          note: 'A full commit hash pins a git source.',
        },
      ],
    },
    messages,
  },
  dockerfile(ctx) {
    return {
      ADD(ins) {
        // The last argument is the destination; heredoc markers (`<<EOF`) are not URLs.
        const sources = ins.args.slice(0, -1);
        const checksum = hasChecksum(ins);
        for (const source of sources) {
          const url = source.expansion.value.trim();
          if (isGitUrl(url)) {
            if (checksum || pinsCommit(url)) continue;
            const ref = /#([^:]+)/.exec(url)?.[1];
            const where = ref ? `'${ref}'` : 'its default branch';
            ctx.report({ range: urlRange(source), message: messages.git(describe(source), where), subject: subjectOf(url) });
          } else if (/^https?:\/\//.test(url) && !checksum) {
            ctx.report({ range: urlRange(source), message: messages.http(describe(source)), subject: subjectOf(url) });
          }
        }
      },
    };
  },
});
