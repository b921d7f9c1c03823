import { readdirSync, readFileSync, existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DockerfileAst, Instruction, Position, Range } from '../../src/dockerfile/ast.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { printDockerfile } from '../../src/dockerfile/print.js';

/** The meaning of a parse, without positions: what a round trip must preserve. */
function shape(ast: DockerfileAst): unknown {
  const ins = (i: Instruction): unknown => ({
    keyword: i.keyword,
    flags: i.flags.map((f) => [f.name, f.value?.value]),
    args: i.args.value,
    form: i.form,
    exec: i.exec,
    words: i.words.map((w) => w.value),
    heredocs: i.heredocs.map((h) => [h.delimiter, h.quoted, h.stripTabs, h.body, h.terminated]),
    onbuild: i.onbuild ? ins(i.onbuild) : undefined,
  });
  return {
    escape: ast.escapeChar,
    directives: ast.directives.map((d) => [d.name, d.value]),
    instructions: ast.instructions.map(ins),
    problems: ast.problems.map((p) => p.code),
  };
}

/** Every range in the AST, for bounds checks. */
function allRanges(ast: DockerfileAst): Range[] {
  const out: Range[] = [];
  const ins = (i: Instruction): void => {
    out.push(i.range, i.keywordRange, i.args.range);
    for (const f of i.flags) out.push(f.range, f.nameRange, ...(f.value ? [f.value.range] : []));
    for (const w of i.words) out.push(w.range);
    for (const h of i.heredocs) out.push(h.markerRange, h.bodyRange);
    if (i.onbuild) ins(i.onbuild);
  };
  ast.instructions.forEach(ins);
  for (const p of ast.problems) out.push(p.range);
  for (const c of ast.comments) out.push(c.range);
  for (const d of ast.directives) out.push(d.range, d.valueRange);
  return out;
}

/** Line and column recomputed naively from the offset. */
function expectedPosition(text: string, offset: number): Pick<Position, 'line' | 'column'> {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

const keyword = fc
  .constantFrom(
    'FROM', 'RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'LABEL', 'USER', 'WORKDIR', 'CMD', 'ENTRYPOINT',
    'EXPOSE', 'VOLUME', 'SHELL', 'HEALTHCHECK', 'ONBUILD', 'STOPSIGNAL', 'MAINTAINER', 'BOGUS',
  )
  .chain((k) => fc.constantFrom(k, k.toLowerCase(), k[0] + k.slice(1).toLowerCase()));

const piece = fc.oneof(
  fc.constantFrom(
    'alpine:3.20', 'AS', 'build', '--platform=linux/amd64', '--mount=type=cache,target=/x', '--from=0',
    '--link', '--', 'echo', '"a b"', "'c d'", '$HOME', '${X:-y}', '&&', '|', 'sh', '["sh", "-c", "x"]',
    '[', ']', '<<EOF', '<<-EOF', "<<'Q'", '2<<EOF', 'a=b', 'c="d e"', 'CMD', 'NONE', 'RUN', '#', 'x#y',
    '\\x', '`', 'é', '🐳', '=', '"', "'",
  ),
  fc.string({ maxLength: 6 }).filter((s) => !/[\r\n]/.test(s)),
);

const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\t', ' \\\n', ' \\\n  # note\n', ' \\\r\n', '\\\n\n ', ' `\n');

const line = fc
  .tuple(fc.constantFrom('', '  '), keyword, fc.array(fc.tuple(separator, piece), { maxLength: 7 }))
  .map(([indent, k, parts]) => indent + k + parts.map(([s, p]) => s + p).join(''));

const bodyLine = fc.constantFrom('echo hi', '\techo tab', 'EOF', '\tEOF', 'Q', '', 'apt-get update', '# not a comment');

const extra = fc.oneof(
  fc.constantFrom('', '# comment', '   ', '# escape=`', '# syntax=docker/dockerfile:1'),
  bodyLine,
);

const dockerfile = fc
  .tuple(
    fc.constantFrom('', '# escape=`\n', '# syntax=docker/dockerfile:1\n', '\uFEFF'),
    fc.array(fc.oneof({ weight: 3, arbitrary: line }, { weight: 2, arbitrary: extra }), { maxLength: 14 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([head, lines, eol, finalEol]) => head + lines.join(eol) + (finalEol ? eol : ''));

describe('parser properties', () => {
  it('(a) parse → print → parse keeps the meaning', () => {
    fc.assert(
      fc.property(dockerfile, (src) => {
        const first = parseDockerfile(src);
        const printed = printDockerfile(first);
        expect(shape(parseDockerfile(printed))).toEqual(shape(first));
      }),
      { numRuns: Number(process.env.DRYDOCK_FC_RUNS ?? 1500) },
    );
  });

  const corpus = '../shared/corpus/dockerfiles';
  const hasCorpus = existsSync(corpus);
  it.skipIf(!hasCorpus)(`(a) round-trips every corpus Dockerfile${hasCorpus ? '' : ' [skipped: ../shared/corpus/dockerfiles not found]'}`, () => {
    const dir = corpus;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('Dockerfile'))) {
      const first = parseDockerfile(readFileSync(`${dir}/${f}`, 'utf8'));
      expect(shape(parseDockerfile(printDockerfile(first))), f).toEqual(shape(first));
    }
  });

  it('(b) never throws on random input and keeps every range inside it, with true line/column', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 600 }).map((b) => new TextDecoder().decode(b)),
      fc.uint8Array({ maxLength: 600 }).map((b) => String.fromCharCode(...b)),
      fc.string({ unit: 'binary', maxLength: 300 }),
      dockerfile,
    );
    fc.assert(
      fc.property(input, (src) => {
        const ast = parseDockerfile(src);
        for (const r of allRanges(ast)) {
          expect(r.start.offset).toBeGreaterThanOrEqual(0);
          expect(r.start.offset).toBeLessThanOrEqual(r.end.offset);
          expect(r.end.offset).toBeLessThanOrEqual(ast.text.length);
          for (const p of [r.start, r.end]) {
            expect({ line: p.line, column: p.column }).toEqual(expectedPosition(ast.text, p.offset));
          }
        }
      }),
      { numRuns: Number(process.env.DRYDOCK_FC_RUNS ?? 1500) },
    );
  });

  it('(c) instruction ranges never overlap and come in file order', () => {
    fc.assert(
      fc.property(dockerfile, (src) => {
        const ins = parseDockerfile(src).instructions;
        for (let i = 1; i < ins.length; i++) {
          expect(ins[i - 1]!.range.end.offset).toBeLessThanOrEqual(ins[i]!.range.start.offset);
        }
        for (const i of ins) {
          if (!i.onbuild) continue;
          expect(i.onbuild.range.start.offset).toBeGreaterThanOrEqual(i.range.start.offset);
          expect(i.onbuild.range.end.offset).toBeLessThanOrEqual(i.range.end.offset);
        }
      }),
      { numRuns: Number(process.env.DRYDOCK_FC_RUNS ?? 1500) },
    );
  });
});
