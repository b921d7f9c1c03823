/**
 * `--format github` from the real CLI, for lint and scan: one GitHub Actions workflow command per
 * finding (`::error file=…,line=…::message`), escaped as the runner unescapes it, then one plain
 * summary line. Each run is compared with the JSON report of the same input, so every finding is
 * there, in order, with the position JSON gives.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN_DOCKERFILE, ensureBuilt, runDrydock, type RunOptions } from '../cli/helpers.js';
import { dockerArchive, packTar, type ImageSpec } from '../image/image-builder.js';
import { make } from '../secrets/samples.js';

interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'note';
  message: string;
  location: {
    file?: string;
    line?: number;
    column?: number;
    endLine?: number;
    endColumn?: number;
    image?: string;
    path?: string;
    layer?: { index: number };
    dockerfile?: { file: string; line: number; column: number; endLine: number; endColumn: number };
  };
}

let work: string;
/** Rule titles by id, from `drydock rules --format json`. */
let titles: Map<string, string>;

beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'drydock-github-'));
  const rules = await runDrydock(['rules', '--format', 'json']);
  titles = new Map((JSON.parse(rules.stdout) as { rules: { id: string; title: string }[] }).rules.map((rule) => [rule.id, rule.title]));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The github report's lines (without the final newline) and the JSON findings of the same run. */
async function report(args: string[], options: RunOptions = {}): Promise<{ stdout: string; lines: string[]; findings: JsonFinding[] }> {
  const run = (format: string) => runDrydock([...args, '--format', format, '--fail-on', 'none'], { cwd: work, ...options });
  const [github, json] = await Promise.all([run('github'), run('json')]);
  expect(github.stderr).toBe('');
  expect(github.code).toBe(0);
  expect(github.stdout.endsWith('\n')).toBe(true);
  const findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
  return { stdout: github.stdout, lines: github.stdout.slice(0, -1).split('\n'), findings };
}

/** The runner's unescaping, inverted: what a message must look like on the line. */
const data = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');

/** The annotation of the finding with this rule id whose message contains `part`. */
function lineOf(lines: readonly string[], findings: readonly JsonFinding[], ruleId: string, part = ''): { line: string; finding: JsonFinding } {
  const index = findings.findIndex((f) => f.ruleId === ruleId && f.message.includes(part));
  expect(index, `${ruleId} ${part}`).toBeGreaterThanOrEqual(0);
  return { line: lines[index]!, finding: findings[index]! };
}

/** One annotation per finding, in the JSON report's order, then the summary; every annotation one line. */
function expectWellFormed(lines: readonly string[], findings: readonly JsonFinding[]): void {
  expect(lines).toHaveLength(findings.length + 1);
  const command = { error: '::error ', warning: '::warning ', note: '::notice ' } as const;
  findings.forEach((finding, i) => {
    const line = lines[i]!;
    expect(line.startsWith(command[finding.severity]), line).toBe(true);
    expect(line).toContain(`title=drydock ${finding.ruleId}`);
    expect(line).not.toMatch(/[\r\n]/);
    // The properties hold no `:` or `,` of their own: the first `::` after the command ends them.
    const properties = line.slice(command[finding.severity].length, line.indexOf('::', 2));
    for (const pair of properties.split(',')) expect(pair).toMatch(/^(?:file|line|col|endLine|endColumn|title)=[^:]*$/);
  });
  expect(lines.at(-1)).toMatch(/^drydock: (?:no problems|\d+ problems? \(\d+ errors?, \d+ warnings?, \d+ notes?\))$/);
}

describe('lint --format github', () => {
  const token = make.github('ghp_', 7001);
  const dockerfile = [
    'FROM node:latest',
    `ENV GITHUB_TOKEN=${token}`,
    'RUN curl -fsSL https://get.example.com/install.sh \\',
    '    | sh',
    'RUN <<EOF',
    "chmod 4755 '/srv/50%",
    "off'",
    'EOF',
    'USER root',
    '',
  ].join('\n');

  it('annotates each finding at its file and range, escaping what GitHub would read as syntax', async () => {
    // A folder whose name holds `,` and `:`, which end a property value unless escaped.
    mkdirSync(join(work, 'svc,v2:blue'), { recursive: true });
    writeFileSync(join(work, 'svc,v2:blue', 'Dockerfile'), dockerfile);
    const { stdout, lines, findings } = await report(['lint', 'svc,v2:blue/Dockerfile']);
    expectWellFormed(lines, findings);
    const file = 'file=svc%2Cv2%3Ablue/Dockerfile';

    // A warning; the message's own `:` stays as it is (only properties escape it), the title's does not.
    const latest = lineOf(lines, findings, 'base-image-latest');
    expect(latest.finding.message).toContain("uses ':latest'");
    expect(latest.line).toBe(
      `::warning ${file},line=1,col=6,endLine=1,endColumn=17,title=drydock base-image-latest%3A Base image with no tag or the latest tag::${latest.finding.message}`,
    );
    // A note becomes a notice.
    const unpinned = lineOf(lines, findings, 'base-image-unpinned');
    expect(unpinned.line).toBe(
      `::notice ${file},line=1,col=6,endLine=1,endColumn=17,title=drydock base-image-unpinned%3A Base image not pinned by digest::${unpinned.finding.message}`,
    );
    // An error; the token is masked in the message and appears nowhere in the report.
    const secret = lineOf(lines, findings, 'secret-in-env', 'GITHUB_TOKEN');
    expect(secret.finding.location).toMatchObject({ line: 2, column: 18, endLine: 2, endColumn: 58 });
    expect(secret.line).toBe(
      `::error ${file},line=2,col=18,endLine=2,endColumn=58,title=drydock secret-in-env%3A Secret in ENV%2C ARG or LABEL::${secret.finding.message}`,
    );
    expect(stdout).not.toContain(token.slice(8, 30));
    // Across lines GitHub takes no columns: the range is the lines alone.
    const pipe = lineOf(lines, findings, 'pipe-to-shell');
    expect(pipe.finding.location).toMatchObject({ line: 3, endLine: 4 });
    expect(pipe.line).toBe(
      `::warning ${file},line=3,endLine=4,title=drydock pipe-to-shell%3A Downloaded script piped into a shell or interpreter::${pipe.finding.message}`,
    );
    // A message with a newline and a `%` (from the heredoc's quoted path) stays on one line.
    const setuid = lineOf(lines, findings, 'setuid-setgid');
    expect(setuid.finding.message).toContain('/srv/50%\noff');
    expect(setuid.finding.location).toEqual({ file: 'svc,v2:blue/Dockerfile', line: 6, column: 7, endLine: 6, endColumn: 11 });
    expect(setuid.line).toBe(
      `::warning ${file},line=6,col=7,endLine=6,endColumn=11,title=drydock setuid-setgid%3A File given the setuid or setgid bit::${data(setuid.finding.message)}`,
    );
    expect(setuid.line).toContain('gives /srv/50%25%0Aoff the setuid bit');

    expect(findings.map((f) => `${f.severity} ${f.ruleId}`).sort()).toEqual([
      'error secret-in-env',
      'note base-image-unpinned',
      'note missing-healthcheck',
      'warning base-image-latest',
      'warning pipe-to-shell',
      'warning root-user',
      'warning setuid-setgid',
    ]);
    expect(lines.at(-1)).toBe('drydock: 7 problems (1 error, 4 warnings, 2 notes)');
    expect(stdout).not.toMatch(/\u001b/);
  });

  it('names files relative to the working folder, with / separators, however they were given', async () => {
    mkdirSync(join(work, 'sub'), { recursive: true });
    writeFileSync(join(work, 'sub', 'Dockerfile'), CLEAN_DOCKERFILE + 'USER root\n');
    const expected = (file: string) => [
      `::warning file=${file},line=5,col=6,endLine=5,endColumn=10,title=drydock root-user%3A Final image runs as root::`,
      'drydock: 1 problem (0 errors, 1 warning, 0 notes)',
    ];
    const strip = (lines: string[]) => [lines[0]!.slice(0, lines[0]!.indexOf('::', 2) + 2), ...lines.slice(1)];
    for (const given of ['sub/Dockerfile', './sub/../sub/Dockerfile', join(work, 'sub', 'Dockerfile'), 'sub']) {
      const { lines, findings } = await report(['lint', given]);
      expectWellFormed(lines, findings);
      expect(strip(lines), given).toEqual(expected('sub/Dockerfile'));
    }
    const inside = await report(['lint', 'Dockerfile'], { cwd: join(work, 'sub') });
    expect(strip(inside.lines)).toEqual(expected('Dockerfile'));
    // stdin named with --stdin-filename is that file; unnamed, it has none, and the position leads the message.
    const named = await report(['lint', '-', '--stdin-filename', 'sub/Dockerfile'], { input: CLEAN_DOCKERFILE + 'USER root\n' });
    expect(strip(named.lines)).toEqual(expected('sub/Dockerfile'));
    const unnamed = await report(['lint', '-'], { input: CLEAN_DOCKERFILE + 'USER root\n' });
    expect(unnamed.lines[0]).toBe(`::warning title=drydock root-user%3A Final image runs as root::<stdin>:5:6: ${unnamed.findings[0]!.message}`);
  });

  it('prints only the summary when there is nothing to report', async () => {
    writeFileSync(join(work, 'Clean.Dockerfile'), CLEAN_DOCKERFILE);
    const r = await runDrydock(['lint', 'Clean.Dockerfile', '--format', 'github'], { cwd: work });
    expect(r).toMatchObject({ code: 0, stdout: 'drydock: no problems\n', stderr: '' });
  });

  it('sets the exit code as the other formats do, and writes the same lines with --output', async () => {
    writeFileSync(join(work, 'Dockerfile'), dockerfile);
    const r = await runDrydock(['lint', 'Dockerfile', '--format', 'github'], { cwd: work });
    expect(r.code).toBe(1);
    const written = await runDrydock(['lint', 'Dockerfile', '--format', 'github', '-o', 'report.txt'], { cwd: work });
    expect(written).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(readFileSync(join(work, 'report.txt'), 'utf8')).toBe(r.stdout);
  });
});

describe('scan --format github', () => {
  const fileToken = make.github('ghp_', 7002);
  const historyToken = make.github('ghp_', 7003);
  let spec: ImageSpec;

  beforeAll(async () => {
    const base = await packTar([
      { name: 'usr/', type: 'directory' },
      { name: 'usr/bin/', type: 'directory' },
      { name: 'usr/bin/passwd', mode: 0o104755, content: 'passwd' },
      // A name with a newline, a carriage return, `%`, `,` and `:`.
      { name: 'usr/bin/odd\nname\r,50%:x', mode: 0o104755, content: 'odd' },
    ]);
    const app = await packTar([
      { name: 'app/', type: 'directory' },
      { name: 'app/.env', content: `GITHUB_TOKEN=${fileToken}\n` },
    ]);
    const build = await packTar([{ name: 'app/built', content: 'ok' }]);
    spec = {
      layers: [base, app, build],
      createdBy: [
        '/bin/sh -c #(nop) ADD file:base in / ',
        '/bin/sh -c #(nop) COPY file:env in /app/ ',
        `/bin/sh -c GITHUB_TOKEN=${historyToken} ./build.sh`,
      ],
      config: { Env: ['PATH=/usr/bin:/bin'] },
      tags: ['registry.example.com:5000/acme/app:1.0'],
    };
    writeFileSync(join(work, 'image.tar'), await dockerArchive(spec));
  });

  it('annotates image findings on the run, with where in the image leading the message, never an image as a file', async () => {
    const { stdout, lines, findings } = await report(['scan', 'image.tar']);
    expectWellFormed(lines, findings);
    expect(stdout).not.toContain('file=');
    expect(stdout).not.toContain('line=');

    // The message already names the path and the layer: nothing is repeated.
    const passwd = lineOf(lines, findings, 'setuid-setgid', '/usr/bin/passwd');
    expect(passwd.finding.location).toMatchObject({ path: 'usr/bin/passwd', layer: { index: 0 } });
    expect(passwd.finding.message).toMatch(/^\/usr\/bin\/passwd has the setuid bit .* from layer 0 /);
    expect(passwd.line).toBe(`::warning title=drydock setuid-setgid%3A File given the setuid or setgid bit::${passwd.finding.message}`);
    // A name with a newline, a carriage return and `%` stays on one line.
    const odd = lineOf(lines, findings, 'setuid-setgid', 'odd');
    expect(odd.line).toBe(`::warning title=drydock setuid-setgid%3A File given the setuid or setgid bit::${data(odd.finding.message)}`);
    expect(odd.line).toContain('/usr/bin/odd%0Aname%0D,50%25:x has the setuid bit');
    // A build step's secret: its layer leads the message, which names only the step.
    const history = lineOf(lines, findings, 'secret-in-history');
    expect(history.finding.location).toMatchObject({ layer: { index: 2 } });
    expect(history.finding.message).not.toMatch(/\blayer 2\b/);
    expect(history.line).toBe(`::error title=drydock secret-in-history%3A ${titleOf('secret-in-history')}::layer 2: ${history.finding.message}`);
    // The image config: nothing to add.
    const root = lineOf(lines, findings, 'root-user');
    expect(root.line).toBe(`::warning title=drydock root-user%3A Final image runs as root::${root.finding.message}`);
    // Secrets are masked wherever they were found.
    const secret = lineOf(lines, findings, 'secret-in-file', '/app/.env');
    expect(secret.line.startsWith('::error title=drydock secret-in-file%3A ')).toBe(true);
    expect(stdout).not.toContain(fileToken.slice(8, 30));
    expect(stdout).not.toContain(historyToken.slice(8, 30));
    // The image reference is never a property.
    expect(stdout).not.toContain('registry.example.com');
    expect(lines.at(-1)).toBe(summaryOf(findings));
  });

  it('points at the Dockerfile line with --dockerfile', async () => {
    mkdirSync(join(work, 'build'), { recursive: true });
    writeFileSync(join(work, 'build', 'Dockerfile'), 'FROM scratch\nADD base.tar /\nCOPY .env /app/\nRUN ./build.sh\n');
    const { lines, findings } = await report(['scan', 'image.tar', '--dockerfile', 'build/Dockerfile']);
    expectWellFormed(lines, findings);
    const secret = lineOf(lines, findings, 'secret-in-file', '/app/.env');
    expect(secret.finding.location.dockerfile).toEqual({ file: 'build/Dockerfile', line: 3, column: 1, endLine: 3, endColumn: 16 });
    expect(secret.line).toBe(
      `::error file=build/Dockerfile,line=3,col=1,endLine=3,endColumn=16,title=drydock secret-in-file%3A ${titleOf('secret-in-file')}::${secret.finding.message}`,
    );
    const passwd = lineOf(lines, findings, 'setuid-setgid', '/usr/bin/passwd');
    expect(passwd.line).toBe(
      `::warning file=build/Dockerfile,line=2,col=1,endLine=2,endColumn=15,title=drydock setuid-setgid%3A File given the setuid or setgid bit::${passwd.finding.message}`,
    );
    // Every finding the Dockerfile maps is annotated there; the rest stay on the run.
    findings.forEach((finding, i) => {
      const at = finding.location.dockerfile;
      if (at) expect(lines[i]).toContain(`file=build/Dockerfile,line=${at.line},`);
      else expect(lines[i]).not.toContain('file=');
    });
    expect(lines.at(-1)).toBe(summaryOf(findings));
  });
});

/** A rule's title as the title property holds it, escaped. */
function titleOf(id: string): string {
  const title = titles.get(id);
  if (title === undefined) throw new Error(`no title for ${id}`);
  return title.replaceAll('%', '%25').replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** The summary line stylish would print, with `drydock:` for its mark. */
function summaryOf(findings: readonly JsonFinding[]): string {
  const n = (severity: string) => findings.filter((f) => f.severity === severity).length;
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return `drydock: ${plural(findings.length, 'problem')} (${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('note'), 'note')})`;
}
