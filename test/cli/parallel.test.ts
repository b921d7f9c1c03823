import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARALLEL_MIN_FILES } from '../../src/cli/lint-pool.js';
import { CLEAN_DOCKERFILE, ensureBuilt, makeTempDir, removeTempDir, runDrydock } from './helpers.js';

let dir: string;
beforeAll(async () => {
  ensureBuilt();
  dir = await makeTempDir();
  // Enough files for the worker pool, each with a different mix of findings and one unreadable.
  for (let i = 0; i < PARALLEL_MIN_FILES + 12; i++) {
    const body =
      i % 3 === 0
        ? CLEAN_DOCKERFILE
        : i % 3 === 1
          ? `FROM node:latest\nRUN curl -fsSL https://example.com/i${i}.sh | sh\n`
          : `${CLEAN_DOCKERFILE}RUNN broken ${i}\n`;
    await mkdir(join(dir, `svc${i}`));
    await writeFile(join(dir, `svc${i}`, 'Dockerfile'), body);
  }
  await writeFile(join(dir, 'svc7', 'Dockerfile'), Buffer.from([0x46, 0, 1]));
});
afterAll(async () => removeTempDir(dir));

describe('lint on worker threads (DRYDOCK_JOBS)', () => {
  it('gives the same report, errors and exit code as one thread', async () => {
    const one = await runDrydock(['lint', '-f', 'json', '.'], { cwd: dir, env: { DRYDOCK_JOBS: '1' } });
    const three = await runDrydock(['lint', '-f', 'json', '.'], { cwd: dir, env: { DRYDOCK_JOBS: '3' } });
    expect(one.code).toBe(2);
    expect(one.stderr).toBe('drydock: svc7/Dockerfile: not a text file (binary data)\n');
    const findings = JSON.parse(one.stdout).findings as { ruleId: string }[];
    // svc7 would have been one of them: it is the unreadable file.
    expect(findings.filter((f) => f.ruleId === 'pipe-to-shell')).toHaveLength(19);
    expect(findings.filter((f) => f.ruleId === 'syntax-error')).toHaveLength(20);
    expect(three).toMatchObject({ code: one.code, stdout: one.stdout, stderr: one.stderr });
  });
});
