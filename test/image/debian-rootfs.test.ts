/**
 * A real Debian root filesystem, made by debootstrap, has no secrets: `drydock scan` of it must report
 * none. Debian's own files hold many secret look-alikes (PEM headers in libgnutls, example keys in
 * documentation, test vectors in Python packages). The rootfs is built once per machine under
 * /var/tmp and reused; building needs debootstrap, root and Debian's package mirror.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt } from '../cli/helpers.js';
import { CI, tool } from './tools.js';

const CACHE = '/var/tmp/drydock-test-debian-bookworm';
const ROOTFS = join(CACHE, 'rootfs');
const debootstrap = tool('debootstrap');
const isRoot = process.getuid?.() === 0;
const cached = existsSync(join(ROOTFS, 'etc', 'debian_version'));
const skip = !cached && (debootstrap.skip || (!isRoot && !CI));
const why = !cached && debootstrap.missing ? debootstrap.note : !cached && !isRoot ? ' [skipped: debootstrap needs root]' : '';

/** The Debian mirror apt uses here, so debootstrap goes where the machine may go. */
function mirror(): string {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const uri = /^URIs:\s*(\S+\/debian)\s*$/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\s+\S+/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/** apt's HTTP proxy, if it has one, for debootstrap (which reads only the environment). */
function aptProxy(): Record<string, string> {
  try {
    const dump = execFileSync('apt-config', ['dump'], { encoding: 'utf8' });
    const proxy = /^Acquire::http::Proxy "([^"]+)";$/m.exec(dump)?.[1];
    return proxy && proxy !== 'DIRECT' && !process.env.http_proxy ? { http_proxy: proxy } : {};
  } catch {
    return {};
  }
}

function buildRootfs(): void {
  if (cached) return;
  const part = `${ROOTFS}.part`;
  rmSync(part, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  execFileSync(debootstrap.path ?? 'debootstrap', ['--variant=minbase', 'bookworm', part, mirror()], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...aptProxy() },
  });
  // As TEST-IMAGES.md says: no apt lists, no package caches, no device nodes.
  execFileSync('sh', ['-c', `rm -rf "${part}"/var/lib/apt/lists/* "${part}"/var/cache/apt/*.bin "${part}"/dev/*`]);
  writeFileSync(join(part, '.drydock-built'), new Date().toISOString());
  renameSync(part, ROOTFS);
}

describe.skipIf(skip)(`scan of a real Debian root filesystem (debootstrap)${why}`, () => {
  beforeAll(() => {
    ensureBuilt();
    buildRootfs();
  }, 600_000);

  function scan(config: string | undefined): { ruleId: string; message: string; location: { path?: string } }[] {
    const cwd = join(CACHE, 'cwd');
    mkdirSync(cwd, { recursive: true });
    rmSync(join(cwd, '.drydock.yaml'), { force: true });
    if (config) writeFileSync(join(cwd, '.drydock.yaml'), config);
    const r = spawnSync(process.execPath, [CLI, 'scan', ROOTFS, '-f', 'json', '--fail-on', 'none'], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string; location: { path?: string } }[] }).findings;
  }

  it('reports no secrets', () => {
    const findings = scan(undefined);
    expect(findings.filter((f) => f.ruleId.startsWith('secret-')).map((f) => `${f.location.path}: ${f.message}`)).toEqual([]);
    // The scan did read the image: Debian's setuid programs are there.
    expect(findings.filter((f) => f.ruleId === 'setuid-setgid').length).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it('reports no secrets with every default skip turned off and every confidence kept', () => {
    const findings = scan('secrets:\n  defaultSkips: false\n  minConfidence: low\n');
    expect(findings.filter((f) => f.ruleId.startsWith('secret-')).map((f) => `${f.location.path}: ${f.message}`)).toEqual([]);
  }, 300_000);
});
