/**
 * Baselines for real: record a project's findings, then report only new ones, across line moves and
 * image rebuilds; bad baseline files are one-line errors with exit 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerArchive, packTar } from '../image/image-builder.js';
import { make } from '../secrets/samples.js';
import { ensureBuilt, runDrydock } from './helpers.js';

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'drydock-baseline-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const token = make.github('ghp_', 7001);
const LEGACY = ['FROM node:latest', `ENV GITHUB_TOKEN=${token}`, 'RUN sudo apt-get update', 'USER root', ''].join('\n');

const run = (args: string[]) => runDrydock(args, { cwd: work });
const ruleIds = (stdout: string) => (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);

describe('lint --baseline', () => {
  it('records the findings, then reports only new ones, even after lines moved', async () => {
    writeFileSync(join(work, 'Dockerfile'), LEGACY);
    const record = await run(['lint', 'Dockerfile', '--baseline', 'drydock-baseline.json', '--write-baseline']);
    expect(record.code).toBe(0);
    expect(record.stdout).toBe('');
    expect(record.stderr).toMatch(/^drydock: recorded [5-9] findings in the baseline drydock-baseline\.json\n$/);
    const file = readFileSync(join(work, 'drydock-baseline.json'), 'utf8');
    expect(JSON.parse(file)).toMatchObject({ version: 1, tool: 'drydock' });
    // Committed to the repository: no message, so not even a secret's masked prefix.
    expect(file).not.toContain(token.slice(0, 8));
    expect(file).not.toContain('GITHUB_TOKEN');

    // Named differently (`./Dockerfile`), it is the same file and the same findings.
    const same = await run(['lint', './Dockerfile', '--baseline', 'drydock-baseline.json', '-f', 'json']);
    expect(same.code).toBe(0);
    expect(ruleIds(same.stdout)).toEqual([]);
    expect(same.stderr).toMatch(/^drydock: [5-9] findings already in the baseline drydock-baseline\.json not reported\n$/);

    const lines = LEGACY.split('\n');
    writeFileSync(join(work, 'Dockerfile'), [lines[0], '# pinned later', '', ...lines.slice(1, 3), 'RUN curl -fsSL https://get.example.com | sh', ...lines.slice(3)].join('\n'));
    const changed = await run(['lint', 'Dockerfile', '--baseline', 'drydock-baseline.json', '-f', 'json']);
    expect(changed.code).toBe(1);
    expect(ruleIds(changed.stdout)).toEqual(['pipe-to-shell']);
  });

  it('says what is wrong with a baseline file, in one line, with exit 2', async () => {
    writeFileSync(join(work, 'Dockerfile'), LEGACY);
    const cases: [string | undefined, RegExp][] = [
      [undefined, /^drydock: missing\.json: no such baseline file \(record one with --write-baseline\)\n$/],
      ['{ not json', /^drydock: bad\.json: not JSON \(/],
      ['[]', /^drydock: bad\.json: not a drydock baseline \(expected a JSON object\)\n$/],
      ['{"tool":"drydock","version":7,"findings":[]}', /^drydock: bad\.json: baseline version 7 is not supported \(expected 1\)\n$/],
      ['{"tool":"drydock","version":1,"findings":[{"ruleId":"sudo"}]}', /^drydock: bad\.json: findings\[0\] needs a "ruleId" and a "fingerprint"\n$/],
    ];
    for (const [text, expected] of cases) {
      const name = text === undefined ? 'missing.json' : 'bad.json';
      if (text !== undefined) writeFileSync(join(work, name), text);
      const r = await run(['lint', 'Dockerfile', '--baseline', name]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(expected);
    }
    const noFile = await run(['lint', 'Dockerfile', '--write-baseline']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/^drydock: --write-baseline needs --baseline FILE/);
    const noFolder = await run(['lint', 'Dockerfile', '--baseline', 'no/such/dir/b.json', '--write-baseline']);
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toBe('drydock: no/such/dir/b.json: cannot write the baseline: its folder does not exist\n');
  });
});

describe('scan --baseline', () => {
  it('keeps an image rebuilt under a new tag quiet, and reports what the rebuild added', async () => {
    const base = await packTar([
      { name: 'usr/', type: 'directory' },
      { name: 'usr/bin/', type: 'directory' },
      { name: 'usr/bin/passwd', mode: 0o104755, content: 'passwd' },
    ]);
    const spec = { layers: [base], createdBy: ['/bin/sh -c #(nop) ADD file:base in / '], tags: ['acme/app:1.0'] };
    writeFileSync(join(work, 'image.tar'), await dockerArchive(spec));
    expect((await run(['scan', 'image.tar', '--baseline', 'image-baseline.json', '--write-baseline'])).code).toBe(0);

    const extra = await packTar([{ name: 'usr/bin/newgrp', mode: 0o104755, content: 'newgrp' }]);
    writeFileSync(
      join(work, 'image.tar'),
      await dockerArchive({ layers: [base, extra], createdBy: [spec.createdBy[0]!, '/bin/sh -c #(nop) ADD file:x in / '], tags: ['acme/app:2.0'] }),
    );
    const r = await run(['scan', 'image.tar', '--baseline', 'image-baseline.json', '-f', 'json']);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; location: { path?: string } }[] }).findings;
    expect(findings.map((f) => `${f.ruleId} ${f.location.path ?? ''}`)).toEqual(['setuid-setgid usr/bin/newgrp']);
  });
});
