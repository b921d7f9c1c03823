import { describe, expect, it } from 'vitest';
import type { DockerfileAst, Range } from '../../src/dockerfile/ast.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';

/** `line:col-line:col` of a range, for compact exact assertions. */
function loc(r: Range): string {
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

/** The file text a range covers. */
function slice(ast: DockerfileAst, r: Range): string {
  return ast.text.slice(r.start.offset, r.end.offset);
}

function codes(ast: DockerfileAst): string[] {
  return ast.problems.map((p) => `${p.code}@${loc(p.range)}`);
}

describe('instructions and keywords', () => {
  it('reads every instruction in any case, with exact keyword and instruction ranges', () => {
    const ast = parseDockerfile('from alpine:3.20\nRun echo hi\n  cmd ["sh"]\n');
    expect(ast.problems).toEqual([]);
    expect(ast.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'CMD']);
    const [from, run, cmd] = ast.instructions;
    expect(loc(from!.keywordRange)).toBe('1:1-1:5');
    expect(loc(from!.range)).toBe('1:1-1:17');
    expect(loc(run!.range)).toBe('2:1-2:12');
    expect(loc(cmd!.keywordRange)).toBe('3:3-3:6');
    expect(cmd!.form).toBe('exec');
    expect(cmd!.exec).toEqual(['sh']);
    expect(slice(ast, cmd!.words[0]!.range)).toBe('"sh"');
  });

  it('gives character offsets that match line and column', () => {
    const ast = parseDockerfile('FROM a\nRUN b c\n');
    const c = ast.instructions[1]!.words[1]!;
    expect(c.value).toBe('c');
    expect(c.range.start).toEqual({ line: 2, column: 7, offset: 13 });
    expect(c.range.end).toEqual({ line: 2, column: 8, offset: 14 });
  });

  it('keeps an instruction without a trailing newline', () => {
    const ast = parseDockerfile('FROM scratch');
    expect(ast.instructions).toHaveLength(1);
    expect(loc(ast.instructions[0]!.range)).toBe('1:1-1:13');
  });
});

describe('flags', () => {
  it('reads flags with values and exact name/value ranges', () => {
    const ast = parseDockerfile('COPY --from=build --chown=app:app --link src/ /dst\n');
    const copy = ast.instructions[0]!;
    expect(copy.flags.map((f) => [f.name, f.value?.value])).toEqual([
      ['from', 'build'],
      ['chown', 'app:app'],
      ['link', undefined],
    ]);
    expect(loc(copy.flags[0]!.range)).toBe('1:6-1:18');
    expect(loc(copy.flags[0]!.nameRange)).toBe('1:6-1:12');
    expect(loc(copy.flags[0]!.value!.range)).toBe('1:13-1:18');
    expect(copy.args.value).toBe('src/ /dst');
    expect(loc(copy.args.range)).toBe('1:42-1:51');
    expect(copy.words.map((w) => w.value)).toEqual(['src/', '/dst']);
  });

  it('accepts every BuildKit flag on its instruction', () => {
    const src = [
      'FROM --platform=linux/amd64 alpine',
      'RUN --mount=type=cache,target=/root/.cache --network=none --security=sandbox true',
      'COPY --from=0 --chown=1:1 --chmod=0755 --link --parents --exclude=*.md a /b',
      'ADD --checksum=sha256:abc --keep-git-dir=true --chmod=644 --exclude=x https://x/y /z',
      'HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD true',
    ].join('\n');
    expect(parseDockerfile(src).problems).toEqual([]);
  });

  it('reports an unknown flag and a missing flag value at the flag, and goes on', () => {
    const ast = parseDockerfile('COPY --frm=x a b\nFROM --platform alpine\nRUN true\n');
    expect(codes(ast)).toEqual(['unknown-flag@1:6-1:13', 'missing-flag-value@2:6-2:16']);
    expect(ast.instructions).toHaveLength(3);
  });

  it('ends flags at a bare `--`', () => {
    const ast = parseDockerfile('RUN -- --version\n');
    expect(ast.instructions[0]!.flags).toEqual([]);
    expect(ast.instructions[0]!.args.value).toBe('--version');
  });
});

describe('line continuations', () => {
  it('joins continued lines, drops comment and blank lines inside them, and maps words back', () => {
    const src = 'RUN apt-get update \\\n  # refresh first\n\n  && apt-get install -y \\\n     curl\n';
    const ast = parseDockerfile(src);
    const run = ast.instructions[0]!;
    expect(run.args.value).toBe('apt-get update   && apt-get install -y      curl');
    const curl = run.words.find((w) => w.value === 'curl')!;
    expect(loc(curl.range)).toBe('5:6-5:10');
    expect(loc(run.range)).toBe('1:1-5:10');
    expect(ast.comments.map((c) => [c.text, loc(c.range)])).toEqual([[' refresh first', '2:3-2:18']]);
  });

  it('treats trailing blanks after the escape as part of the continuation', () => {
    const ast = parseDockerfile('RUN a \\  \n  b\n');
    expect(ast.instructions[0]!.args.value).toBe('a   b');
  });

  it('uses the backtick escape from the directive', () => {
    const ast = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir C:\\ `\n  && echo hi\n');
    expect(ast.escapeChar).toBe('`');
    expect(ast.directives.map((d) => [d.name, d.value])).toEqual([['escape', '`']]);
    expect(ast.instructions[1]!.args.value).toBe('dir C:\\   && echo hi');
  });

  it('handles CRLF line endings with exact columns', () => {
    const ast = parseDockerfile('FROM a\r\nRUN b \\\r\n  c\r\n');
    expect(ast.problems).toEqual([]);
    const run = ast.instructions[1]!;
    expect(run.args.value).toBe('b   c');
    expect(loc(run.range)).toBe('2:1-3:4');
  });

  it('strips a BOM and reports positions in the remaining text', () => {
    const ast = parseDockerfile('\uFEFFFROM a\n');
    expect(ast.hadBom).toBe(true);
    expect(loc(ast.instructions[0]!.keywordRange)).toBe('1:1-1:5');
  });
});

describe('parser directives', () => {
  it('reads syntax, escape and check at the top only', () => {
    const ast = parseDockerfile('# syntax=docker/dockerfile:1\n#check=skip=all\nFROM a\n# escape=`\n');
    expect(ast.directives.map((d) => [d.name, d.value, loc(d.valueRange)])).toEqual([
      ['syntax', 'docker/dockerfile:1', '1:10-1:29'],
      ['check', 'skip=all', '2:8-2:16'],
    ]);
    expect(ast.escapeChar).toBe('\\');
    expect(ast.comments.map((c) => c.text)).toEqual([' escape=`']);
  });

  it('stops reading directives after an unknown one', () => {
    const ast = parseDockerfile('# foo=bar\n# escape=`\nFROM a\n');
    expect(ast.directives).toEqual([]);
    expect(ast.escapeChar).toBe('\\');
  });

  it('reports a bad escape character and a repeated directive', () => {
    const ast = parseDockerfile('# escape=x\n# escape=`\nFROM a\n');
    expect(codes(ast)).toEqual(['invalid-escape@1:10-1:11', 'duplicate-directive@2:1-2:11']);
  });
});

describe('heredocs', () => {
  it('reads a RUN heredoc with exact marker and body ranges', () => {
    const ast = parseDockerfile('FROM a\nRUN <<EOF\napt-get update\nEOF\nUSER app\n');
    const run = ast.instructions[1]!;
    expect(run.heredocs).toHaveLength(1);
    const h = run.heredocs[0]!;
    expect([h.delimiter, h.quoted, h.stripTabs, h.terminated]).toEqual(['EOF', false, false, true]);
    expect(h.body).toBe('apt-get update\n');
    expect(loc(h.markerRange)).toBe('2:5-2:10');
    expect(loc(h.bodyRange)).toBe('3:1-4:1');
    expect(loc(run.range)).toBe('2:1-4:4');
    expect(ast.instructions[2]!.keyword).toBe('USER');
  });

  it('reads several heredocs on one line, <<- tab stripping and quoted delimiters', () => {
    const src = 'COPY <<-"A" /a <<B /b\n\tone\n\tA\ntwo\nB\n';
    const ast = parseDockerfile(src);
    expect(ast.problems).toEqual([]);
    const hs = ast.instructions[0]!.heredocs;
    expect(hs.map((h) => [h.delimiter, h.quoted, h.stripTabs, h.body])).toEqual([
      ['A', true, true, 'one\n'],
      ['B', false, false, 'two\n'],
    ]);
  });

  it('does not treat << inside quotes, in other instructions, or after a space as a heredoc', () => {
    const ast = parseDockerfile('RUN echo "<<EOF" x\nENV A <<EOF\nRUN cat << EOF\nFROM a\n');
    expect(ast.instructions.flatMap((i) => i.heredocs)).toEqual([]);
    expect(ast.instructions.map((i) => i.keyword)).toEqual(['RUN', 'ENV', 'RUN', 'FROM']);
  });

  it('reads heredoc words the way the joined line splits them', () => {
    // Text glued to the marker across a continuation makes one word, so no heredoc…
    expect(parseDockerfile('RUN echo a\\\n<<EOF\nFROM b\n').instructions.flatMap((i) => i.heredocs)).toEqual([]);
    // …and a marker word that goes on after a continuation has the whole word as its delimiter.
    const ast = parseDockerfile('RUN cat <<EO\\\nF\nhi\nEOF\n');
    expect(ast.instructions[0]!.heredocs.map((h) => [h.delimiter, h.body])).toEqual([['EOF', 'hi\n']]);
    // ONBUILD's trigger keyword comes after a `--` separator too.
    const onbuild = parseDockerfile('ONBUILD -- RUN <<X\nrm -rf /tmp/x\nX\n').instructions[0]!;
    expect(onbuild.onbuild!.heredocs.map((h) => h.body)).toEqual(['rm -rf /tmp/x\n']);
  });

  it('keeps heredocs of ONBUILD on the wrapped instruction', () => {
    const ast = parseDockerfile('ONBUILD RUN <<X\necho hi\nX\nFROM a\n');
    const onbuild = ast.instructions[0]!;
    expect(onbuild.onbuild!.keyword).toBe('RUN');
    expect(onbuild.onbuild!.heredocs.map((h) => h.body)).toEqual(['echo hi\n']);
    expect(onbuild.heredocs).toEqual([]);
    expect(ast.instructions[1]!.keyword).toBe('FROM');
  });

  it('reports an unterminated heredoc at its marker and keeps the body', () => {
    const ast = parseDockerfile('FROM a\nRUN <<EOF\necho hi\n');
    expect(codes(ast)).toEqual(['unterminated-heredoc@2:5-2:10']);
    const h = ast.instructions[1]!.heredocs[0]!;
    expect(h.terminated).toBe(false);
    expect(h.body).toBe('echo hi\n');
  });

  it('reports a heredoc marker on the last line with no body', () => {
    const ast = parseDockerfile('RUN <<EOF');
    expect(codes(ast)).toEqual(['unterminated-heredoc@1:5-1:10']);
  });
});

describe('exec form and ONBUILD', () => {
  it('falls back to shell form when the JSON is invalid', () => {
    const ast = parseDockerfile("CMD ['sh']\nENTRYPOINT [\"a\", 1]\nRUN [\"a\",\"b\\u0041\"]\n");
    expect(ast.instructions.map((i) => i.form)).toEqual(['shell', 'shell', 'exec']);
    expect(ast.instructions[2]!.exec).toEqual(['a', 'bA']);
  });

  it('reads HEALTHCHECK CMD in exec form after its flags', () => {
    const ast = parseDockerfile('HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]\n');
    const hc = ast.instructions[0]!;
    expect(hc.form).toBe('exec');
    expect(hc.exec).toEqual(['curl', '-f', 'http://localhost/']);
    expect(hc.words[0]!.value).toBe('CMD');
  });

  it('parses the instruction that ONBUILD wraps, with its own flags and ranges', () => {
    const ast = parseDockerfile('onbuild copy --chown=1 . /app\n');
    const inner = ast.instructions[0]!.onbuild!;
    expect(inner.keyword).toBe('COPY');
    expect(loc(inner.keywordRange)).toBe('1:9-1:13');
    expect(inner.flags.map((f) => [f.name, loc(f.range)])).toEqual([['chown', '1:14-1:23']]);
    expect(inner.words.map((w) => w.value)).toEqual(['.', '/app']);
  });

  it('rejects ONBUILD ONBUILD and ONBUILD FROM', () => {
    const ast = parseDockerfile('ONBUILD ONBUILD RUN x\nONBUILD FROM a\n');
    expect(codes(ast)).toEqual(['invalid-onbuild@1:9-1:16', 'invalid-onbuild@2:9-2:13']);
  });
});

describe('error recovery', () => {
  it('reports an unknown instruction with a hint and still parses the rest', () => {
    const ast = parseDockerfile('FROM alpine\nRUNN echo hi\nUSER app\n');
    expect(codes(ast)).toEqual(['unknown-instruction@2:1-2:5']);
    expect(ast.problems[0]!.message).toContain('did you mean RUN?');
    expect(ast.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUNN', 'USER']);
  });

  it('reports missing arguments, bad FROM, bad ENV and non-JSON SHELL, each at its place', () => {
    const ast = parseDockerfile('FROM\nFROM a b\nENV X\nENV A=1 B\nSHELL /bin/bash -c\nFROM a AS 1x\n');
    expect(codes(ast)).toEqual([
      'missing-arguments@1:1-1:5',
      'invalid-from@2:6-2:9',
      'missing-value@3:5-3:6',
      'missing-equals@4:9-4:10',
      'shell-not-json@5:7-5:19',
      'invalid-stage-name@6:11-6:13',
    ]);
    expect(ast.instructions).toHaveLength(6);
  });

  it('reports COPY without a destination', () => {
    const ast = parseDockerfile('COPY app.jar\nCOPY ["a"]\nCOPY <<EOF /x\nhi\nEOF\n');
    expect(codes(ast)).toEqual(['missing-destination@1:6-1:13', 'missing-destination@2:6-2:11']);
  });

  it('accepts a fragment without FROM', () => {
    const ast = parseDockerfile('RUN apt-get install -y curl\n');
    expect(ast.problems).toEqual([]);
  });

  it('reports an empty file once', () => {
    expect(codes(parseDockerfile(''))).toEqual(['no-instructions@1:1-1:1']);
    expect(codes(parseDockerfile('# only a comment\n\n'))).toEqual(['no-instructions@1:1-1:1']);
  });

  it('reports binary garbage as problems without throwing', () => {
    const garbage = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const ast = parseDockerfile(garbage);
    expect(ast.problems.length).toBeGreaterThan(0);
    for (const p of ast.problems) expect(p.range.end.offset).toBeLessThanOrEqual(ast.text.length);
  });
});
