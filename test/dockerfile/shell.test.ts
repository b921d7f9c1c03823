import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Instruction, Range } from '../../src/dockerfile/ast.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { LineIndex } from '../../src/dockerfile/positions.js';
import {
  analyzeRun,
  effectiveCommand,
  initShellParser,
  isPosixShell,
  parseShell,
  type RunAnalysis,
  type ShellCommand,
  type ShellScript,
} from '../../src/dockerfile/shell.js';

/** `[name, ...args]` by value, `<raw>` for dynamic words. */
function argv(cmd: ShellCommand): string[] {
  return [cmd.name, ...cmd.args].filter((w) => w !== undefined).map((w) => w.value ?? `<${w.text}>`);
}

function names(script: ShellScript): (string | undefined)[] {
  return script.commands.map((c) => c.name?.value ?? c.name?.text);
}

/** The text an offset pair covers. */
function at(text: string, part: { start: number; end: number }): string {
  return text.slice(part.start, part.end);
}

function loc(r: Range): string {
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

/** Analyses the n-th RUN of a Dockerfile (ONBUILD RUN included). */
function run(dockerfile: string, n = 0): { analysis: RunAnalysis; file: string; ins: Instruction } {
  const ast = parseDockerfile(dockerfile);
  const runs = ast.instructions
    .map((i) => (i.keyword === 'ONBUILD' ? i.onbuild : i))
    .filter((i): i is Instruction => i?.keyword === 'RUN');
  const ins = runs[n]!;
  return { analysis: analyzeRun(ins, new LineIndex(ast.text)), file: ast.text, ins };
}

/** Where a script slice lands in the Dockerfile: `"file text"@line:col-line:col`. */
function where(r: { analysis: RunAnalysis; file: string }, part: { start: number; end: number }): string {
  const [s, e] = r.analysis.toFileOffsets(part.start, part.end);
  return `${JSON.stringify(r.file.slice(s, e))}@${loc(r.analysis.toRange(part.start, part.end))}`;
}

describe('before initialisation', () => {
  it('throws a clear error', async () => {
    vi.resetModules();
    const fresh = await import('../../src/dockerfile/shell.js');
    expect(() => fresh.parseShell('ls')).toThrow(/initShellParser/);
  });
});

beforeAll(async () => {
  await Promise.all([initShellParser(), initShellParser()]);
});

describe('lists and pipelines', () => {
  it('splits &&, || and ; with operators, conditional flags and exact ranges', () => {
    const s = 'apt-get update && apt-get install -y curl || true; echo done';
    const r = parseShell(s);
    expect(r.hasErrors).toBe(false);
    expect(r.commands.map(argv)).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'curl'],
      ['true'],
      ['echo', 'done'],
    ]);
    expect(r.commands.map((c) => at(s, c))).toEqual(['apt-get update', 'apt-get install -y curl', 'true', 'echo done']);
    expect(r.commands.map((c) => [c.operatorBefore, c.operatorAfter, c.conditional])).toEqual([
      [undefined, '&&', false],
      ['&&', '||', false],
      ['||', ';', true],
      [';', undefined, false],
    ]);
    const install = r.commands[1]!;
    expect(install.args.map((a) => [a.start, a.end])).toEqual([
      [26, 33],
      [34, 36],
      [37, 41],
    ]);
    expect(r.commands.map((c) => c.index)).toEqual([0, 1, 2, 3]);
  });

  it('treats newlines as ; and marks backgrounded commands', () => {
    const r = parseShell('a\nb &\nc');
    expect(r.commands.map((c) => [c.name?.value, c.operatorBefore, c.operatorAfter])).toEqual([
      ['a', undefined, ';'],
      ['b', ';', '&'],
      ['c', '&', undefined],
    ]);
  });

  it('links curl | sh and records the pipeline', () => {
    const s = 'curl -fsSL https://get.example.com/install.sh | sh';
    const r = parseShell(s);
    expect(r.pipelines.map((p) => p.map((c) => c.name?.value))).toEqual([['curl', 'sh']]);
    const [curl, sh] = r.commands;
    expect(curl!.pipeTo).toBe(1);
    expect(sh!.pipeFrom).toBe(0);
    expect(curl!.pipeFrom).toBeUndefined();
    expect(at(s, curl!)).toBe('curl -fsSL https://get.example.com/install.sh');
    expect(at(s, sh!.name!)).toBe('sh');
    expect([sh!.name!.start, sh!.name!.end]).toEqual([48, 50]);
  });

  it('reads wget -O- | bash -s -- args', () => {
    const r = parseShell('wget -qO- https://x.example/setup | bash -s -- --version 2.1');
    expect(r.commands.map(argv)).toEqual([
      ['wget', '-qO-', 'https://x.example/setup'],
      ['bash', '-s', '--', '--version', '2.1'],
    ]);
    expect(r.commands[1]!.pipeFrom).toBe(0);
    // bash -s reads its script from the pipe, not from a -c string: nothing nested.
    expect(r.commands).toHaveLength(2);
  });

  it('gives pipeline operators to every stage and the trailing redirect to the last stage only', () => {
    const s = 'curl -s x | tee /tmp/log 2>&1 >/dev/null || true';
    const r = parseShell(s);
    const [curl, tee] = r.commands;
    expect(curl!.redirects).toEqual([]);
    expect(tee!.redirects.map((d) => [d.fd, d.operator, d.target?.value, at(s, d)])).toEqual([
      [2, '>&', '1', '2>&1'],
      [undefined, '>', '/dev/null', '>/dev/null'],
    ]);
    expect([curl!.operatorAfter, tee!.operatorAfter]).toEqual(['||', '||']);
    expect(at(s, tee!)).toBe('tee /tmp/log 2>&1 >/dev/null');
  });

  it('puts every command of a compound stage in the pipeline', () => {
    const r = parseShell('curl -fsSL x | (cd /tmp && sudo sh -e)');
    expect(r.pipelines.map((p) => p.map((c) => c.name?.value))).toEqual([['curl', 'cd', 'sudo']]);
    expect(r.commands[0]!.pipeTo).toBe(1);
    expect(effectiveCommand(r.pipelines[0]![2]!).program).toBe('sh');
  });

  it('counts |& as a pipe and ! as negation', () => {
    const r = parseShell('! make check |& grep -q FAIL');
    expect(r.pipelines).toHaveLength(1);
    expect(r.commands.map((c) => [c.name?.value, c.negated])).toEqual([
      ['make', true],
      ['grep', true],
    ]);
  });
});

describe('nesting', () => {
  it('finds commands in subshells and groups, with the group redirect on each command', () => {
    const s = '(cd /src && make) && { echo a; echo b; } > /var/log/x';
    const r = parseShell(s);
    expect(r.commands.map((c) => [argv(c).join(' '), c.context.join('/')])).toEqual([
      ['cd /src', 'subshell'],
      ['make', 'subshell'],
      ['echo a', 'group'],
      ['echo b', 'group'],
    ]);
    expect(r.commands[2]!.redirects.map((d) => at(s, d.target!))).toEqual(['/var/log/x']);
    expect(r.commands[3]!.redirects.map((d) => at(s, d.target!))).toEqual(['/var/log/x']);
    expect(r.commands[0]!.redirects).toEqual([]);
  });

  it('finds $(…), backticks and <(…) with the outer word kept dynamic', () => {
    const s = 'echo "arch=$(dpkg --print-architecture)" `id -u` && diff <(sort a) b';
    const r = parseShell(s);
    expect(r.commands.map((c) => [argv(c).join(' '), c.context.join('/')])).toEqual([
      ['echo <"arch=$(dpkg --print-architecture)"> <`id -u`>', ''],
      ['dpkg --print-architecture', 'substitution'],
      ['id -u', 'substitution'],
      ['diff <<(sort a)> b', ''],
      ['sort a', 'process-substitution'],
    ]);
    expect(at(s, r.commands[1]!)).toBe('dpkg --print-architecture');
    expect([r.commands[2]!.start, r.commands[2]!.end]).toEqual([42, 47]);
  });

  it('reads assignment prefixes and bare assignments', () => {
    const s = 'ARCH="$(uname -m)" DEBIAN_FRONTEND=noninteractive apt-get install -y x; A=1 B=';
    const r = parseShell(s);
    const [apt, uname, bare] = r.commands;
    expect(apt!.assignments.map((a) => [a.name, a.value.value, at(s, a)])).toEqual([
      ['ARCH', undefined, 'ARCH="$(uname -m)"'],
      ['DEBIAN_FRONTEND', 'noninteractive', 'DEBIAN_FRONTEND=noninteractive'],
    ]);
    expect(argv(apt!)).toEqual(['apt-get', 'install', '-y', 'x']);
    expect(at(s, apt!)).toBe(s.slice(0, s.indexOf(';')));
    expect(uname!.context).toEqual(['substitution']);
    expect(bare!.name).toBeUndefined();
    expect(bare!.assignments.map((a) => [a.name, a.value.value, a.value.start === a.value.end])).toEqual([
      ['A', '1', false],
      ['B', '', true],
    ]);
  });

  it('reads export/declare arguments as args and assignments', () => {
    const r = parseShell('export PATH="/opt/bin:$PATH" GOPATH=/go; unset TOKEN');
    expect(argv(r.commands[0]!)).toEqual(['export', '<PATH="/opt/bin:$PATH">', 'GOPATH=/go']);
    expect(r.commands[0]!.assignments.map((a) => [a.name, a.value.value])).toEqual([
      ['PATH', undefined],
      ['GOPATH', '/go'],
    ]);
    expect(argv(r.commands[1]!)).toEqual(['unset', 'TOKEN']);
  });

  it('labels if, loops, case and functions', () => {
    const s = [
      'if [ -f /etc/alpine-release ]; then apk add curl; else apt-get install -y curl; fi',
      'for f in $(ls /x); do chmod 755 "$f"; done',
      'while read -r l; do echo "$l"; done < list.txt',
      'case "$arch" in amd64) url=a ;; *) exit 1 ;; esac',
      'cleanup() { rm -rf /tmp/x; }',
    ].join('\n');
    const r = parseShell(s);
    expect(r.hasErrors).toBe(false);
    expect(r.commands.map((c) => [argv(c)[0] ?? c.assignments[0]?.name, c.context.join('/')])).toEqual([
      ['[', 'if'],
      ['apk', 'if'],
      ['apt-get', 'if'],
      ['ls', 'loop/substitution'],
      ['chmod', 'loop'],
      ['read', 'loop'],
      ['echo', 'loop'],
      ['url', 'case'],
      ['exit', 'case'],
      ['rm', 'function'],
    ]);
    expect(argv(r.commands[0]!)).toEqual(['[', '-f', '/etc/alpine-release', ']']);
    expect(r.commands[5]!.redirects.map((d) => d.target?.value)).toEqual(['list.txt']);
  });
});

describe('words', () => {
  it('removes quotes and escapes from static words and leaves expansions undefined', () => {
    const s = `echo 'single $x' "double \\"q\\" \\$x" un\\ quoted $'a\\tb' "$HOME" pre"mid"'post' ~/bin *.txt ""`;
    const r = parseShell(s);
    const words = r.commands[0]!.args;
    expect(words.map((w) => w.value)).toEqual([
      'single $x',
      'double "q" $x',
      'un quoted',
      'a\tb',
      undefined,
      'premidpost',
      '~/bin',
      '*.txt',
      '',
    ]);
    expect(words.map((w) => w.text)).toEqual([
      "'single $x'",
      '"double \\"q\\" \\$x"',
      'un\\ quoted',
      "$'a\\tb'",
      '"$HOME"',
      `pre"mid"'post'`,
      '~/bin',
      '*.txt',
      '""',
    ]);
    for (const w of words) expect(at(s, w)).toBe(w.text);
  });

  it('keeps a word after a redirect as an argument', () => {
    // tree-sitter-bash files `b` under the redirect; the shell passes it to the command.
    const r = parseShell('cmd a >/dev/null b; 2>&1 make install');
    expect(r.commands.map(argv)).toEqual([
      ['cmd', 'a', 'b'],
      ['make', 'install'],
    ]);
    expect(r.commands[0]!.redirects.map((d) => d.target?.value)).toEqual(['/dev/null']);
    expect(r.commands[1]!.redirects.map((d) => [d.fd, d.operator])).toEqual([[2, '>&']]);
  });

  it('reports UTF-16 offsets for non-ASCII text', () => {
    const s = 'echo "héllo wörld" € 😀 && ls -la /tmp/ñ';
    const r = parseShell(s);
    const [echo, ls] = r.commands;
    expect(echo!.args.map((a) => [a.value, a.start, a.end])).toEqual([
      ['héllo wörld', 5, 18],
      ['€', 19, 20],
      ['😀', 21, 23],
    ]);
    expect(at(s, ls!)).toBe('ls -la /tmp/ñ');
    expect([ls!.start, ls!.end]).toEqual([27, 40]);
  });
});

describe('shell strings', () => {
  it('parses sh -c strings with offsets in the outer script', () => {
    const s = `sh -c "apt-get update && apt-get install -y \\"curl\\"" && echo ok`;
    const r = parseShell(s);
    expect(r.commands.map((c) => [argv(c).join(' '), c.context.join('/')])).toEqual([
      ['sh -c apt-get update && apt-get install -y "curl"', ''],
      ['apt-get update', 'shell-string'],
      ['apt-get install -y curl', 'shell-string'],
      ['echo ok', ''],
    ]);
    const install = r.commands[2]!;
    expect(at(s, install)).toBe('apt-get install -y \\"curl\\"');
    expect(at(s, install.args[2]!)).toBe('\\"curl\\"');
    expect(install.operatorBefore).toBe('&&');
  });

  it('finds -c after shell options, through sudo, and in su -c', () => {
    const s = `sudo -u app bash -euxo pipefail -c 'curl -fsSL $URL | tar -xz -C /opt' || su root -c "chmod u+s /bin/x"`;
    const r = parseShell(s);
    expect(r.commands.map((c) => [c.name?.value, c.context.join('/'), c.conditional])).toEqual([
      ['sudo', '', false],
      ['curl', 'shell-string', false],
      ['tar', 'shell-string', false],
      ['su', '', true],
      ['chmod', 'shell-string', true],
    ]);
    expect(r.pipelines.map((p) => p.map((c) => c.name?.value))).toEqual([['curl', 'tar']]);
    expect(at(s, r.commands[4]!)).toBe('chmod u+s /bin/x');
  });

  it('parses a double-quoted -c string with expansions left as written', () => {
    const s = 'bash -c "source $NVM_DIR/nvm.sh && nvm install $NODE_VERSION"';
    const r = parseShell(s);
    expect(r.commands.map(argv)).toEqual([
      ['bash', '-c', '<"source $NVM_DIR/nvm.sh && nvm install $NODE_VERSION">'],
      ['source', '<$NVM_DIR/nvm.sh>'],
      ['nvm', 'install', '<$NODE_VERSION>'],
    ]);
    expect(at(s, r.commands[2]!)).toBe('nvm install $NODE_VERSION');
  });

  it('does not treat a script file operand as a -c string', () => {
    const r = parseShell('sh ./install.sh --prefix /usr && bash');
    expect(r.commands.map((c) => c.name?.value)).toEqual(['sh', 'bash']);
  });

  it('parses a heredoc or here-string fed to a shell', () => {
    const s = "bash -e <<'EOS'\napt-get update\nrm -rf /var/lib/apt/lists/*\nEOS\nsh <<< 'id -u'";
    const r = parseShell(s);
    expect(r.commands.map((c) => [argv(c).join(' '), c.context.join('/')])).toEqual([
      ['bash -e', ''],
      ['apt-get update', 'shell-stdin'],
      ['rm -rf /var/lib/apt/lists/*', 'shell-stdin'],
      ['sh', ''],
      ['id -u', 'shell-stdin'],
    ]);
    expect(at(s, r.commands[2]!)).toBe('rm -rf /var/lib/apt/lists/*');
    expect(at(s, r.commands[4]!)).toBe('id -u');
  });
});

describe('heredocs', () => {
  it('handles a heredoc followed by ; and more commands', () => {
    const s = 'cat <<EOF > /etc/apt/apt.conf.d/99x; chmod 644 /etc/apt/apt.conf.d/99x\nAPT::Install-Recommends "0";\nEOF\necho done';
    const r = parseShell(s);
    expect(r.hasErrors).toBe(false);
    expect(r.commands.map(argv)).toEqual([['cat'], ['chmod', '644', '/etc/apt/apt.conf.d/99x'], ['echo', 'done']]);
    const [heredoc, file] = r.commands[0]!.redirects;
    expect(heredoc).toMatchObject({ operator: '<<', fd: undefined, start: 4, end: 9 });
    expect(heredoc!.target).toEqual({ text: 'EOF', value: 'EOF', start: 6, end: 9 });
    expect(heredoc!.heredoc).toEqual({
      delimiter: 'EOF',
      quoted: false,
      stripTabs: false,
      body: 'APT::Install-Recommends "0";\n',
      bodyStart: 71,
      bodyEnd: 100,
      terminated: true,
    });
    expect(file!.target!.value).toBe('/etc/apt/apt.conf.d/99x');
    expect(at(s, r.commands[0]!)).toBe('cat <<EOF > /etc/apt/apt.conf.d/99x');
  });

  it('reads two heredocs on one line, <<- tab stripping and quoted delimiters', () => {
    const s = "cat <<A <<-'B' 2>/dev/null | sh\na $x\nA\n\tb\n\tB\necho after";
    const r = parseShell(s);
    expect(r.hasErrors).toBe(false);
    expect(r.commands.map((c) => c.name?.value)).toEqual(['cat', 'sh', 'echo']);
    const docs = r.commands[0]!.redirects.filter((d) => d.heredoc).map((d) => [d.operator, d.heredoc!.delimiter, d.heredoc!.quoted, d.heredoc!.body]);
    expect(docs).toEqual([
      ['<<', 'A', false, 'a $x\n'],
      ['<<-', 'B', true, 'b\n'],
    ]);
    expect(r.commands[0]!.pipeTo).toBe(1);
  });

  it('ignores << inside quotes, comments and arithmetic', () => {
    const r = parseShell("echo '<<EOF' \"<<X\" $((1<<4)) # <<C\nls");
    expect(r.hasErrors).toBe(false);
    expect(r.commands.map(argv)).toEqual([['echo', '<<EOF', '<<X', '<$((1<<4))>'], ['ls']]);
  });

  it('flags an unterminated heredoc', () => {
    const r = parseShell('cat <<EOF > /x\nline');
    expect(r.hasErrors).toBe(true);
    expect(r.commands[0]!.redirects[0]!.heredoc).toMatchObject({ body: 'line', terminated: false });
  });
});

describe('effectiveCommand', () => {
  const eff = (s: string) => {
    const e = effectiveCommand(parseShell(s).commands[0]!);
    return [e.program, e.args.map((a) => a.value), e.wrappers.map((w) => w.value)];
  };

  it('unwraps sudo, env, xargs, timeout, nohup, time and nice with their options', () => {
    expect(eff('sudo -u root -E apt-get install -y x')).toEqual(['apt-get', ['install', '-y', 'x'], ['sudo']]);
    expect(eff('env -i PATH=/bin FOO=1 /usr/bin/curl -O x')).toEqual(['curl', ['-O', 'x'], ['env']]);
    expect(eff('xargs -r -I{} -n 1 rm -f {}')).toEqual(['rm', ['-f', '{}'], ['xargs']]);
    expect(eff('timeout -s KILL 30 wget x')).toEqual(['wget', ['x'], ['timeout']]);
    expect(eff('nohup time -p nice -n 5 make -j4')).toEqual(['make', ['-j4'], ['nohup', 'time', 'nice']]);
    expect(eff('exec gosu app:app "$@"')).toEqual([undefined, [], ['exec', 'gosu']]);
    expect(eff('busybox wget -q x')).toEqual(['wget', ['-q', 'x'], ['busybox']]);
  });

  it('stops where the wrapper does not run a command', () => {
    expect(eff('command -v curl')).toEqual(['command', ['-v', 'curl'], []]);
    expect(eff('sudo -l')).toEqual(['sudo', ['-l'], []]);
    expect(eff('env')).toEqual(['env', [], []]);
  });

  it('recognises POSIX shells by program name', () => {
    expect(['sh', 'bash', 'dash', 'ash', 'zsh', 'python3', undefined].map(isPosixShell)).toEqual([true, true, true, true, true, false, false]);
  });
});

describe('malformed input', () => {
  it('never throws on an unterminated quote and keeps what it can', () => {
    const r = parseShell('apt-get update && echo "unterminated && rm -rf /');
    expect(r.hasErrors).toBe(true);
    expect(r.commands.map((c) => c.name?.value)).toEqual(['apt-get', 'echo']);
  });

  it('recovers commands from broken compound statements and dangling pipes', () => {
    expect(names(parseShell('if true; then echo'))).toEqual(['true', 'echo']);
    const dangling = parseShell('curl x |');
    expect(dangling.hasErrors).toBe(true);
    expect(names(dangling)).toEqual(['curl']);
    const sub = parseShell('echo $(uname');
    expect(sub.hasErrors).toBe(true);
    expect(names(sub)).toEqual(['echo', 'uname']);
  });

  it('marks errors found only in a nested -c string', () => {
    const r = parseShell(`sh -c 'echo "x' && ls`);
    expect(r.hasErrors).toBe(true);
    expect(names(r)).toEqual(['sh', 'echo', 'ls']);
  });

  it('never throws and keeps every range inside the script for arbitrary shell-like text', () => {
    const piece = fc.constantFrom('a', 'sh', '-c', ' ', '\n', "'", '"', '\\', '$(', ')', '`', '<<', 'EOF', '|', '&&', ';', '{', '}', '(', '#', '$x', '\t', 'é', '😀', '<<-', '>', '2>&1', 'if', 'then', 'fi');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const s = pieces.join('');
        const r = parseShell(s);
        for (const c of r.commands) {
          expect(c.start).toBeGreaterThanOrEqual(0);
          expect(c.end).toBeLessThanOrEqual(s.length);
          for (const w of [c.name, ...c.args]) if (w) expect(w.start <= w.end && w.end <= s.length).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('large scripts', () => {
  it('parses 3000 chained commands with exact ranges', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `echo step${i} | tee -a /var/log/build.log`);
    const s = lines.join(' && \\\n  ');
    const r = parseShell(s);
    expect(r.hasErrors).toBe(false);
    expect(r.commands).toHaveLength(6000);
    expect(r.pipelines).toHaveLength(3000);
    const last = r.commands.at(-1)!;
    expect(at(s, last)).toBe('tee -a /var/log/build.log');
    expect(at(s, r.commands[5998]!.args[0]!)).toBe('step2999');
  });
});

describe('pathological input', () => {
  it('survives very long lists and very deep nesting', () => {
    const chain = parseShell(Array.from({ length: 20000 }, (_, i) => `c${i}`).join(' && '));
    expect(chain.commands).toHaveLength(20000);
    expect(chain.commands[19999]!.operatorBefore).toBe('&&');
    const deep = parseShell('('.repeat(5000) + 'ls' + ')'.repeat(5000));
    expect(deep.hasErrors).toBe(true);
  });
});

describe('analyzeRun', () => {
  it('maps shell-form words across continuations, comment lines and CRLF', () => {
    const r = run('FROM debian\r\nRUN apt-get update \\\r\n# refresh first\r\n    && apt-get install -y \\\r\n       curl\r\n');
    expect(r.analysis.form).toBe('shell');
    const [update, install] = r.analysis.script.commands;
    expect(where(r, update!)).toBe('"apt-get update"@2:5-2:19');
    expect(where(r, install!)).toBe('"apt-get install -y \\\\\\r\\n       curl"@4:8-5:12');
    expect(install!.args.map((a) => where(r, a))).toEqual(['"install"@4:16-4:23', '"-y"@4:24-4:26', '"curl"@5:8-5:12']);
  });

  it('uses the escape directive', () => {
    const r = run('# escape=`\nFROM x\nRUN echo a `\n  && echo b\n');
    expect(r.analysis.script.commands.map((c) => where(r, c))).toEqual(['"echo a"@3:5-3:11', '"echo b"@4:6-4:12']);
  });

  it('runs a lone heredoc body as the script, tabs stripped for <<-', () => {
    const r = run('FROM x\nRUN <<-EOF\n\tset -eux\n\tapt-get update && \\\n\t  apt-get install -y curl\n\tEOF\n');
    expect(r.analysis.form).toBe('heredoc');
    expect(r.analysis.text).toBe('set -eux\napt-get update && \\\n  apt-get install -y curl\n');
    const cmds = r.analysis.script.commands;
    expect(cmds.map((c) => argv(c).join(' '))).toEqual(['set -eux', 'apt-get update', 'apt-get install -y curl']);
    expect(cmds.map((c) => where(r, c))).toEqual([
      '"set -eux"@3:2-3:10',
      '"apt-get update"@4:2-4:16',
      '"apt-get install -y curl"@5:4-5:27',
    ]);
    expect(where(r, cmds[2]!.args[2]!)).toBe('"curl"@5:23-5:27');
  });

  it('maps a CRLF heredoc body and drops the CRs from the script', () => {
    const r = run('FROM x\r\nRUN <<EOF\r\nchmod 4755 /usr/bin/x\r\nEOF\r\n');
    expect(r.analysis.text).toBe('chmod 4755 /usr/bin/x\n');
    const chmod = r.analysis.script.commands[0]!;
    expect(chmod.args.map((a) => where(r, a))).toEqual(['"4755"@3:7-3:11', '"/usr/bin/x"@3:12-3:22']);
  });

  it('leaves a non-shell shebang body alone and parses a shell one', () => {
    const py = run('FROM x\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF\n');
    expect(py.analysis.interpreter).toBe('/usr/bin/env python3');
    expect(py.analysis.script.commands).toEqual([]);
    const sh = run('FROM x\nRUN <<EOF\n#!/bin/bash -e\nid -u\nEOF\n');
    expect(sh.analysis.interpreter).toBe('/bin/bash -e');
    expect(sh.analysis.script.commands.map((c) => where(sh, c))).toEqual(['"id -u"@4:1-4:6']);
  });

  it('keeps the command line and maps heredoc data for RUN cat <<EOF > file', () => {
    const r = run('FROM x\nRUN cat <<EOF > /etc/sudoers.d/app && chmod 0440 /etc/sudoers.d/app\napp ALL=(ALL) NOPASSWD: ALL\nEOF\n');
    expect(r.analysis.form).toBe('shell');
    const [cat, chmod] = r.analysis.script.commands;
    expect(where(r, cat!)).toBe('"cat <<EOF > /etc/sudoers.d/app"@2:5-2:35');
    const doc = cat!.redirects[0]!.heredoc!;
    expect(doc.body).toBe('app ALL=(ALL) NOPASSWD: ALL\n');
    expect(where(r, { start: doc.bodyStart, end: doc.bodyEnd - 1 })).toBe('"app ALL=(ALL) NOPASSWD: ALL"@3:1-3:28');
    expect(where(r, chmod!)).toBe('"chmod 0440 /etc/sudoers.d/app"@2:39-2:68');
    expect(chmod!.operatorBefore).toBe('&&');
  });

  it('parses the body of RUN <<EOT bash as the shell’s script', () => {
    const r = run('FROM x\nRUN <<EOT bash\n  curl -fsSL https://x.example/i.sh | sh\nEOT\n');
    const cmds = r.analysis.script.commands;
    expect(cmds.map((c) => [c.name?.value, c.context.join('/')])).toEqual([
      ['bash', ''],
      ['curl', 'shell-stdin'],
      ['sh', 'shell-stdin'],
    ]);
    expect(where(r, cmds[1]!)).toBe('"curl -fsSL https://x.example/i.sh"@3:3-3:36');
    expect(where(r, cmds[2]!)).toBe('"sh"@3:39-3:41');
    expect(r.analysis.script.pipelines).toHaveLength(1);
  });

  it('keeps <<-stripped heredoc data for the shell to strip', () => {
    const r = run('FROM x\nRUN cat <<-EOF > /x\n\tkey=value\n\tEOF\n');
    const doc = r.analysis.script.commands[0]!.redirects[0]!.heredoc!;
    expect(doc.body).toBe('key=value\n');
    expect(where(r, { start: doc.bodyStart, end: doc.bodyEnd - 1 })).toBe('"\\tkey=value"@3:1-3:11');
  });

  it('parses the -c string of an exec-form shell, escapes mapped to their full width', () => {
    const r = run('FROM x\nRUN ["/bin/sh", "-c", "echo \\"hé\\" && curl -s x | sh"]\n');
    expect(r.analysis.form).toBe('exec');
    expect(r.analysis.text).toBe('echo "hé" && curl -s x | sh');
    const cmds = r.analysis.script.commands;
    expect(cmds.map(argv)).toEqual([['echo', 'hé'], ['curl', '-s', 'x'], ['sh']]);
    expect(where(r, cmds[0]!.args[0]!)).toBe('"\\\\\\"hé\\\\\\""@2:29-2:35');
    expect(where(r, cmds[2]!)).toBe('"sh"@2:51-2:53');
  });

  it('builds one command from a non-shell exec form', () => {
    const r = run('FROM x\nRUN ["apt-get", "install", "-y", "curl"]\n');
    const [cmd] = r.analysis.script.commands;
    expect(r.analysis.script.commands).toHaveLength(1);
    expect(argv(cmd!)).toEqual(['apt-get', 'install', '-y', 'curl']);
    expect([cmd!.name, ...cmd!.args].map((w) => where(r, w!))).toEqual([
      '"apt-get"@2:7-2:14',
      '"install"@2:18-2:25',
      '"-y"@2:29-2:31',
      '"curl"@2:35-2:39',
    ]);
  });

  it('maps an sh -c string that spans continuation lines', () => {
    const r = run('FROM x\nRUN sh -c "apk add --no-cache curl \\\n    && curl -o /x https://e.example/x"\n');
    const curl = r.analysis.script.commands.find((c) => c.name?.value === 'curl')!;
    expect(curl.context).toEqual(['shell-string']);
    expect(where(r, curl)).toBe('"curl -o /x https://e.example/x"@3:8-3:38');
  });

  it('analyses an ONBUILD RUN', () => {
    const r = run('FROM x\nONBUILD RUN chmod -R 777 /app\n');
    expect(r.analysis.script.commands.map((c) => where(r, c))).toEqual(['"chmod -R 777 /app"@2:13-2:30']);
  });
});

describe('pipelines next to and-or lists', () => {
  it('pipes only the operand next to the pipe, though tree-sitter groups the list with it', async () => {
    await initShellParser();
    const script = parseShell('a && curl u 2>/dev/null | sh');
    expect(script.pipelines.map((p) => p.map((c) => c.name?.text))).toEqual([['curl', 'sh']]);
    const later = parseShell('curl u | sh && b');
    expect(later.pipelines.map((p) => p.map((c) => c.name?.text))).toEqual([['curl', 'sh']]);
  });
});
