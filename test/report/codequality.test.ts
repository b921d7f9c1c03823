/**
 * GitLab's code quality report from the real CLI: the fields GitLab requires on every issue, paths
 * relative to the repository root, fingerprints that survive moved lines, and image findings at
 * stable pseudo paths (or at their Dockerfile line).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runDrydock } from '../cli/helpers.js';
import { dockerArchive, packTar } from '../image/image-builder.js';
import { make } from '../secrets/samples.js';

interface Issue {
  type: string;
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  categories: string[];
  location: { path: string; lines: { begin: number; end: number } };
}

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'drydock-codequality-'));
  mkdirSync(join(work, 'services', 'api'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function report(args: string[]): Promise<Issue[]> {
  const r = await runDrydock([...args, '--format', 'codequality', '--fail-on', 'none'], { cwd: work });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Issue[];
}

/** What GitLab requires of each issue (docs: "Code Quality report format"). */
function expectGitlabIssues(issues: Issue[]): void {
  const fingerprints = issues.map((i) => i.fingerprint);
  expect(new Set(fingerprints).size).toBe(fingerprints.length);
  for (const issue of issues) {
    expect(issue.type).toBe('issue');
    expect(issue.description.length).toBeGreaterThan(0);
    expect(issue.check_name).toMatch(/^[a-z0-9-]+$/);
    expect(issue.fingerprint).toMatch(/^[0-9a-f]{16,}(?::\d+)?$/);
    expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
    expect(issue.location.path).not.toMatch(/^\/|^[A-Za-z][A-Za-z0-9+.-]*:/);
    expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
    expect(issue.location.lines.end).toBeGreaterThanOrEqual(issue.location.lines.begin);
  }
}

const token = make.github('ghp_', 8001);
const DOCKERFILE = ['FROM node:latest', `ENV GITHUB_TOKEN=${token}`, 'RUN curl -fsSL https://get.example.com | sh', 'USER root', ''].join('\n');

describe('--format codequality', () => {
  it('gives GitLab the fields it requires, with paths relative to the repository root', async () => {
    writeFileSync(join(work, 'services', 'api', 'Dockerfile'), DOCKERFILE);
    const issues = await report(['lint', 'services/api/Dockerfile']);
    expectGitlabIssues(issues);
    const byRule = new Map(issues.map((i) => [i.check_name, i]));
    expect(byRule.get('pipe-to-shell')).toMatchObject({ severity: 'major', location: { path: 'services/api/Dockerfile', lines: { begin: 3, end: 3 } } });
    expect(byRule.get('secret-in-env')).toMatchObject({ severity: 'critical', location: { lines: { begin: 2 } } });
    expect(JSON.stringify(issues)).not.toContain(token.slice(10, 30));
  });

  it('keeps fingerprints when lines move', async () => {
    writeFileSync(join(work, 'services', 'api', 'Dockerfile'), DOCKERFILE);
    const before = await report(['lint', 'services/api/Dockerfile']);
    writeFileSync(join(work, 'services', 'api', 'Dockerfile'), `# syntax=docker/dockerfile:1\n\n${DOCKERFILE}`);
    const after = await report(['lint', 'services/api/Dockerfile']);
    const key = (issues: Issue[]) => issues.map((i) => `${i.check_name} ${i.fingerprint}`).sort();
    expect(key(after)).toEqual(key(before));
    expect(after.find((i) => i.check_name === 'pipe-to-shell')!.location.lines.begin).toBe(5);
  });

  it('puts image findings at stable pseudo paths, or at their Dockerfile line', async () => {
    const layer = await packTar([
      { name: 'usr/', type: 'directory' },
      { name: 'usr/bin/', type: 'directory' },
      { name: 'usr/bin/passwd', mode: 0o104755, content: 'passwd' },
      { name: 'app/', type: 'directory' },
      { name: 'app/.env', content: `GITHUB_TOKEN=${token}\n` },
    ]);
    writeFileSync(join(work, 'image.tar'), await dockerArchive({ layers: [layer], createdBy: ['/bin/sh -c #(nop) COPY dir:x in / '], tags: ['registry:5000/acme/api:1.4'] }));
    const issues = await report(['scan', 'image.tar']);
    expectGitlabIssues(issues);
    expect(issues.map((i) => `${i.check_name} ${i.location.path}`)).toEqual(
      expect.arrayContaining(['setuid-setgid registry/acme/api/usr/bin/passwd', 'secret-in-file registry/acme/api/app/.env', 'root-user registry/acme/api/config']),
    );
    writeFileSync(join(work, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
    const mapped = await report(['scan', 'image.tar', '--dockerfile', 'Dockerfile']);
    expect(mapped.find((i) => i.check_name === 'secret-in-file')!.location).toEqual({ path: 'Dockerfile', lines: { begin: 2, end: 2 } });
    expect(JSON.stringify(mapped)).not.toContain(token.slice(10, 30));
  });
});
