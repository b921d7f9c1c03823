/**
 * SARIF from the real CLI, for lint and scan: valid against the OASIS 2.1.0 schema (ajv with
 * ajv-draft-04), and within GitHub code scanning's documented rules. Fingerprints survive a finding
 * moving down the file and an image rebuilt under a new tag.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { REPO, ensureBuilt, runDrydock } from '../cli/helpers.js';
import { dockerArchive, packTar, type ImageSpec } from '../image/image-builder.js';
import { make } from '../secrets/samples.js';
import type { InstructionModel } from '../../src/dockerfile/model.js';
import { lintDockerfile } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/rule.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';

const schema = JSON.parse(readFileSync(join(REPO, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
// Both are CommonJS with a `default` export, which TypeScript's NodeNext view does not unwrap.
const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as unknown as typeof import('ajv-draft-04').default;
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as unknown as typeof import('ajv-formats').default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let work: string;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'drydock-sarif-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function sarifOf(args: string[], cwd = work): Promise<Sarif.Log> {
  const r = await runDrydock([...args, '--format', 'sarif', '--fail-on', 'none'], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Sarif.Log;
}

/** The schema, then GitHub's rules for uploads (docs: "SARIF support for code scanning"). */
function expectUploadable(log: Sarif.Log): void {
  const valid = validate(log);
  expect(valid ? [] : validate.errors!.slice(0, 5).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`)).toEqual([]);
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0]!;
  const driver = run.tool.driver;
  expect(driver.name).toBe('drydock');
  expect(driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
  expect(driver.informationUri).toMatch(/^https:\/\//);
  const ids = (driver.rules ?? []).map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of driver.rules ?? []) {
    const tags = rule.properties?.tags ?? [];
    expect(tags.length, rule.id).toBeLessThanOrEqual(10);
    const severity = rule.properties?.['security-severity'] as unknown;
    expect(typeof severity, rule.id).toBe('string');
    expect(Number.isFinite(Number(severity)) && Number(severity) >= 0 && Number(severity) <= 10, rule.id).toBe(true);
    expect(rule.help?.text && rule.help.markdown, rule.id).toBeTruthy();
    expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration?.level);
  }
  for (const result of run.results ?? []) {
    expect(ids).toContain(result.ruleId);
    expect(driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
    expect(result.message.text?.length).toBeGreaterThan(0);
    expect(result.locations).toHaveLength(1);
    const physical = result.locations![0]!.physicalLocation!;
    expect(physical.region?.startLine).toBeGreaterThanOrEqual(1);
    const uri = physical.artifactLocation!.uri!;
    // A scheme other than file: (an image reference such as `debian:12`) is what GitHub rejects.
    expect(uri).not.toMatch(/^[A-Za-z][A-Za-z0-9+.-]*:/);
    expect(physical.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
    const fingerprint = result.partialFingerprints?.['drydockFingerprint/v1'];
    // A hash, and a counter when one file has the same finding more than once; never a tag or digest.
    expect(fingerprint).toMatch(/^[0-9a-f]{16,}(?::\d+)?$/);
    expect(JSON.stringify(result.partialFingerprints)).not.toMatch(/sha256|latest/);
  }
}

const DOCKERFILE = [
  'FROM node:latest',
  'ARG NPM_TOKEN',
  `ENV GITHUB_TOKEN=${make.github('ghp_', 6001)}`,
  'RUN curl -fsSL https://get.example.com/install.sh | sh',
  'RUN chmod 4755 /usr/local/bin/helper && chmod -R 777 /srv',
  'USER root',
  '',
].join('\n');

describe('lint --format sarif', () => {
  it('is valid SARIF that GitHub accepts, for the bundled example and for a file in a subfolder', async () => {
    expectUploadable(await sarifOf(['lint', 'examples/Dockerfile'], REPO));
    writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
    const log = await sarifOf(['lint', 'Dockerfile']);
    expectUploadable(log);
    const results = log.runs[0]!.results!;
    expect(results.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['base-image-latest', 'secret-in-env', 'pipe-to-shell', 'setuid-setgid', 'root-user']));
    const secret = results.find((r) => r.ruleId === 'secret-in-env' && r.message.text!.includes('GITHUB_TOKEN'))!;
    // Masked: the token's middle never appears; its detector's confidence becomes SARIF's precision.
    expect(JSON.stringify(secret)).not.toContain(make.github('ghp_', 6001).slice(10, 30));
    expect(secret.properties).toMatchObject({ detector: 'github-pat', precision: 'high' });
    expect(secret.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('Dockerfile');
    expect(secret.locations![0]!.physicalLocation!.region).toMatchObject({ startLine: 3, endLine: 3 });
  });

  it('lists only enabled rules, and every rule a result names', async () => {
    writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(work, '.drydock.yaml'), 'rules:\n  missing-healthcheck: off\n  sudo: off\n');
    const log = await sarifOf(['lint', 'Dockerfile']);
    rmSync(join(work, '.drydock.yaml'));
    const ids = log.runs[0]!.tool.driver.rules!.map((r) => r.id);
    expect(ids).not.toContain('missing-healthcheck');
    expect(ids).not.toContain('sudo');
    expect(ids).toContain('root-user');
  });

  it('keeps fingerprints when a finding moves ten lines down', async () => {
    writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
    const before = await sarifOf(['lint', 'Dockerfile']);
    const lines = DOCKERFILE.split('\n');
    writeFileSync(join(work, 'Dockerfile'), [lines[0], ...Array.from({ length: 10 }, (_, i) => `# note ${i}`), ...lines.slice(1)].join('\n'));
    const after = await sarifOf(['lint', 'Dockerfile']);
    const prints = (log: Sarif.Log) => log.runs[0]!.results!.map((r) => `${r.ruleId} ${r.partialFingerprints!['drydockFingerprint/v1']}`).sort();
    expect(prints(after)).toEqual(prints(before));
    const line = (log: Sarif.Log) => log.runs[0]!.results!.find((r) => r.ruleId === 'pipe-to-shell')!.locations![0]!.physicalLocation!.region!.startLine;
    expect(line(after)).toBe(line(before)! + 10);
  });

  it('writes automationDetails.id for --sarif-category, and nothing without it', async () => {
    writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
    expect((await sarifOf(['lint', 'Dockerfile', '--sarif-category', 'dockerfiles'])).runs[0]!.automationDetails).toEqual({ id: 'dockerfiles/' });
    expect((await sarifOf(['lint', 'Dockerfile'])).runs[0]!.automationDetails).toBeUndefined();
    const wrong = await runDrydock(['lint', 'Dockerfile', '--sarif-category', 'x'], { cwd: work });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe("drydock: --sarif-category applies only to --format sarif (run 'drydock --help' for usage)\n");
  });

  it('keeps the first 25,000 results, with a warning, under GitHub\'s limit', async () => {
    const many = ['FROM alpine:3.20@sha256:' + 'a'.repeat(64), ...Array.from({ length: 25_010 }, (_, i) => `RUN sudo true ${i}`), 'USER app', ''].join('\n');
    writeFileSync(join(work, 'Many.Dockerfile'), many);
    const r = await runDrydock(['lint', 'Many.Dockerfile', '--format', 'sarif', '--fail-on', 'none'], { cwd: work });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^drydock: warning: the SARIF report holds the first 25000 of 250\d\d findings/);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    expect(log.runs[0]!.results).toHaveLength(25_000);
    expect(validate(log)).toBe(true);
  }, 120_000);

  it('is valid for the shared corpus of real-world Dockerfiles, when it is there', async (context) => {
    const corpus = join(REPO, '..', 'shared', 'corpus', 'dockerfiles');
    if (!existsSync(corpus)) {
      context.skip('../shared/corpus/dockerfiles is not here (the fixtures above still run)');
      return;
    }
    expect(readdirSync(corpus).length).toBeGreaterThan(1000);
    const log = await sarifOf(['lint', '.'], corpus);
    expectUploadable(log);
    expect(log.runs[0]!.results!.length).toBeGreaterThan(1000);
  }, 120_000);
});

describe('scan --format sarif', () => {
  const token = make.github('ghp_', 6002);
  let spec: ImageSpec;

  beforeAll(async () => {
    const base = await packTar([
      { name: 'usr/', type: 'directory' },
      { name: 'usr/bin/', type: 'directory' },
      { name: 'usr/bin/passwd', mode: 0o104755, content: 'passwd' },
      { name: 'etc/', type: 'directory' },
      { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' },
    ]);
    const app = await packTar([
      { name: 'app/', type: 'directory' },
      { name: 'app/.env', content: `GITHUB_TOKEN=${token}\n` },
    ]);
    spec = {
      layers: [base, app],
      createdBy: ['/bin/sh -c #(nop) ADD file:base in / ', '/bin/sh -c #(nop) COPY file:env in /app/ '],
      config: { Env: ['PATH=/usr/bin:/bin'] },
      tags: ['registry.example.com:5000/acme/app:1.0'],
    };
  });

  async function scan(tag: string, extra: string[] = []): Promise<Sarif.Log> {
    writeFileSync(join(work, 'image.tar'), await dockerArchive({ ...spec, tags: [tag] }));
    return sarifOf(['scan', 'image.tar', ...extra]);
  }

  it('points image findings at stable pseudo paths, never at an image reference', async () => {
    const log = await scan('registry.example.com:5000/acme/app:1.0');
    expectUploadable(log);
    const results = log.runs[0]!.results!;
    const uris = results.map((r) => `${r.ruleId} ${r.locations![0]!.physicalLocation!.artifactLocation!.uri}`);
    expect(uris).toEqual(
      expect.arrayContaining([
        'setuid-setgid registry.example.com/acme/app/usr/bin/passwd',
        'secret-in-file registry.example.com/acme/app/app/.env',
        'root-user registry.example.com/acme/app/config',
      ]),
    );
    const secret = results.find((r) => r.ruleId === 'secret-in-file')!;
    expect(secret.properties).toMatchObject({ path: '/app/.env', layerIndex: 1, detector: 'github-pat', precision: 'high' });
    expect(secret.properties!['layerDigest']).toMatch(/^sha256:/);
    expect(secret.locations![0]!.logicalLocations).toEqual([{ name: '/app/.env', fullyQualifiedName: 'registry.example.com/acme/app:/app/.env', kind: 'resource' }]);
    expect(JSON.stringify(log)).not.toContain(token.slice(10, 30));
  });

  it('keeps paths and fingerprints when the same image is rebuilt under a new tag', async () => {
    const v1 = await scan('registry.example.com:5000/acme/app:1.0');
    const v2 = await scan('registry.example.com:5000/acme/app:2.0-rc1');
    const key = (log: Sarif.Log) =>
      log.runs[0]!.results!.map((r) => `${r.ruleId} ${r.locations![0]!.physicalLocation!.artifactLocation!.uri} ${r.partialFingerprints!['drydockFingerprint/v1']}`).sort();
    expect(key(v2)).toEqual(key(v1));
  });

  it('points at the Dockerfile line with --dockerfile', async () => {
    writeFileSync(join(work, 'Dockerfile'), 'FROM scratch\nADD base.tar /\nCOPY .env /app/\n');
    const log = await scan('acme/app:1.0', ['--dockerfile', 'Dockerfile']);
    expectUploadable(log);
    const secret = log.runs[0]!.results!.find((r) => r.ruleId === 'secret-in-file')!;
    expect(secret.locations![0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } });
    expect(secret.properties).toMatchObject({ path: '/app/.env', image: expect.stringContaining('acme/app') });
  });
});

describe('fixes', () => {
  // No rule gives a fix yet (they arrive with `drydock fix`), so this rule, defined here, does: it
  // upper-cases keywords, through the real engine and reporter.
  const keywordCase: Rule = {
    meta: {
      id: 'keyword-case',
      title: 'Instruction keyword not in upper case',
      severity: 'note',
      securitySeverity: 1,
      tags: ['style'],
      sources: [],
      fixable: 'safe',
      docs: { description: 'Keywords in upper case.', rationale: 'Convention.', incorrect: [{ code: 'from alpine\n' }], correct: [{ code: 'FROM alpine\n' }] },
      messages: {},
    },
    dockerfile: (context) => {
      const check = (model: InstructionModel) => {
        const range = model.instruction.keywordRange;
        const written = context.ast.text.slice(range.start.offset, range.end.offset);
        if (written === model.instruction.keyword) return;
        context.report({
          range,
          message: `'${written}' in upper case is '${model.instruction.keyword}'`,
          fix: { description: `Write ${model.instruction.keyword}`, edits: [{ range, text: model.instruction.keyword }] },
        });
      };
      return { FROM: check, RUN: check, USER: check };
    },
  };

  /** Applies SARIF replacements to the text, as a code-scanning client would. */
  function applyReplacements(text: string, replacements: Sarif.Replacement[]): string {
    const lines = text.split('\n');
    const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
    const edits = replacements
      .map((r) => ({
        start: offset(r.deletedRegion.startLine!, r.deletedRegion.startColumn!),
        end: offset(r.deletedRegion.endLine!, r.deletedRegion.endColumn!),
        text: r.insertedContent?.text ?? '',
      }))
      .sort((a, b) => b.start - a.start);
    let out = text;
    for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return out;
  }

  it('a safe fix becomes the result fixes[]: valid, uploadable, and applying it gives the fixed file', async () => {
    const text = 'from alpine:3.20\nRun apk add --no-cache curl\nUSER app\n';
    const findings = await lintDockerfile(text, join(work, 'Dockerfile'), { rules: [keywordCase] });
    expect(findings.map((f) => f.message)).toEqual(["'from' in upper case is 'FROM'", "'Run' in upper case is 'RUN'"]);
    const log = JSON.parse(formatSarif(findings, { toolName: 'drydock', toolVersion: '0.1.0', color: false, rules: [keywordCase.meta], cwd: work, informationUri: 'https://example.invalid/drydock' })) as Sarif.Log;
    expectUploadable(log);
    const results = log.runs[0]!.results!;
    expect(results.map((r) => r.fixes?.[0]?.description?.text)).toEqual(['Write FROM', 'Write RUN']);
    for (const result of results) {
      const change = result.fixes![0]!.artifactChanges[0]!;
      expect(change.artifactLocation).toEqual({ uri: 'Dockerfile', uriBaseId: '%SRCROOT%' });
    }
    const all = results.flatMap((r) => r.fixes![0]!.artifactChanges[0]!.replacements);
    expect(applyReplacements(text, all)).toBe('FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER app\n');
    // The JSON report carries the same edits.
    const json = JSON.parse(formatJson(findings, { toolName: 'drydock', toolVersion: '0.1.0', color: false }));
    expect(json.findings[1].fix).toEqual({ description: 'Write RUN', edits: [{ line: 2, column: 1, endLine: 2, endColumn: 4, text: 'RUN' }] });
  });

  it('a rule whose metadata says it cannot fix, giving a fix, is an internal error', async () => {
    const unfixable: Rule = { ...keywordCase, meta: { ...keywordCase.meta, fixable: false } };
    await expect(lintDockerfile('from alpine\n', 'Dockerfile', { rules: [unfixable] })).rejects.toThrow(
      'rule keyword-case gave a fix, but its metadata says fixable: false',
    );
  });
});
