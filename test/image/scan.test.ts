import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanImageModel } from '../../src/engine/scan.js';
import type { ImageFinding } from '../../src/engine/finding.js';
import { openImage } from '../../src/image/open.js';
import { CLI, ensureBuilt } from '../cli/helpers.js';
import { compress, dockerArchive, ociArchive, ociLayout, packTar, sha256, type ImageSpec } from './image-builder.js';

// Fake credentials, random-looking so the detectors take them for real ones.
const GH_TOKEN = 'ghp_R8x2Kq9LmZ4vT7nB1cW5yH3jD6fP0sAeGu2N';
const GH_TOKEN_2 = 'ghp_Zt6Wq1Xe8Rb3Ym5Kp0Lc7Vn2Hs9Dg4Fj1Aa8';
const DB_PASSWORD = 'Vq8#rT2m!Kz9xLp4';

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0:alias:/root:/bin/sh\napp:x:10001:10001::/home/app:/bin/sh\n';
const SHADOW = 'root:*:19000:0:99999:7:::\napp::19000:0:99999:7:::\n';

let spec: ImageSpec;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'drydock-scan-'));
  const base = await packTar([
    { name: 'bin/', type: 'directory' },
    { name: 'bin/sh', mode: 0o755, content: 'ELF' },
    // Docker's ustar layers keep the file-type bits in the mode field.
    { name: 'bin/su', mode: 0o104755, content: 'su' },
    { name: 'bin/wall', mode: 0o2755, gid: 5, content: 'wall' },
    { name: 'bin/su-link', type: 'link', linkname: 'bin/su', mode: 0o4755 },
    { name: 'etc/', type: 'directory' },
    { name: 'etc/passwd', content: PASSWD },
    { name: 'etc/shadow', mode: 0o640, content: SHADOW },
    { name: 'usr/', type: 'directory' },
    { name: 'usr/bin/', type: 'directory' },
    { name: 'usr/bin/sudo', mode: 0o4755, content: 'sudo' },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'data/', type: 'directory', mode: 0o777 },
    { name: 'srv/', type: 'directory', mode: 0o4755 },
  ]);
  const secrets = await packTar([
    { name: 'app/', type: 'directory' },
    { name: 'app/token.txt', content: `token=${GH_TOKEN}\n` },
    { name: 'cache/', type: 'directory' },
    { name: 'cache/key.txt', content: `GITHUB_TOKEN=${GH_TOKEN_2}\n` },
    { name: 'bin/', type: 'directory' },
    { name: 'bin/mount', mode: 0o4755, content: 'mount' },
    { name: 'bin/gone', mode: 0o4755, content: 'gone' },
  ]);
  const cleanup = await packTar([
    { name: 'app/', type: 'directory' },
    { name: 'app/.wh.token.txt' },
    { name: 'cache/', type: 'directory' },
    { name: 'cache/new', content: 'nothing to see\n' },
    { name: 'cache/.wh..wh..opq' },
    { name: 'bin/', type: 'directory' },
    { name: 'bin/mount', mode: 0o755, content: 'mount' },
    { name: 'bin/.wh.gone' },
  ]);
  spec = {
    layers: [base, secrets, cleanup],
    createdBy: [
      '/bin/sh -c #(nop) ADD file:base in / ',
      `|1 DB_PASSWORD=${DB_PASSWORD} /bin/sh -c mkdir /app && echo token > /app/token.txt`,
      '/bin/sh -c rm -rf /app/token.txt /cache && mkdir /cache',
    ],
    emptySteps: [{ at: 3, createdBy: '/bin/sh -c #(nop)  ENV API_TOKEN=…' }],
    config: { Env: ['PATH=/usr/bin:/bin', `API_TOKEN=${GH_TOKEN}`], Labels: { maintainer: 'ops@example.com' } },
    tags: ['acme/app:1.0'],
  };
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Findings as `rule path@layer` lines, digests left out so every layout compares equal. */
function summary(findings: ImageFinding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.location.path ?? '-'}@${f.location.layer?.index ?? '-'}`).sort();
}

const EXPECTED = [
  'empty-password etc/shadow@0',
  'missing-healthcheck -@-',
  'root-user -@-',
  'secret-in-deleted-layer app/token.txt@1',
  'secret-in-deleted-layer cache/key.txt@1',
  'secret-in-env -@-',
  'secret-in-history -@1',
  'setuid-setgid bin/su-link@0',
  'setuid-setgid bin/su@0',
  'setuid-setgid bin/wall@0',
  'setuid-setgid usr/bin/sudo@0',
  'sudo usr/bin/sudo@0',
  'world-writable data@0',
];

async function scanFile(name: string, bytes: Buffer): Promise<ImageFinding[]> {
  writeFileSync(join(work, name), bytes);
  const image = await openImage(name, { cwd: work, env: {} });
  return scanImageModel(image);
}

describe('scan: one image in every layout gives the same findings', () => {
  it('docker save, legacy layout', async () => {
    expect(summary(await scanFile('legacy.tar', await dockerArchive(spec)))).toEqual(EXPECTED);
  });

  it("skopeo's docker-archive, whose layer.tar entries are symlinks", async () => {
    expect(summary(await scanFile('skopeo.tar', await dockerArchive(spec, { symlinkLayers: true })))).toEqual(EXPECTED);
  });

  it('OCI archive, gzip layers', async () => {
    expect(summary(await scanFile('oci-gzip.tar', await ociArchive(spec, 'gzip')))).toEqual(EXPECTED);
  });

  it('OCI archive, zstd layers', async () => {
    expect(summary(await scanFile('oci-zstd.tar', await ociArchive(spec, 'zstd')))).toEqual(EXPECTED);
  });

  it('OCI archive, uncompressed layers', async () => {
    expect(summary(await scanFile('oci-none.tar', await ociArchive(spec, 'none')))).toEqual(EXPECTED);
  });

  it('OCI layout folder', async () => {
    ociLayout(join(work, 'layout'), spec, 'gzip');
    const image = await openImage('layout', { cwd: work, env: {} });
    expect(image.layout).toBe('oci-layout');
    expect(summary(scanImageModel(image))).toEqual(EXPECTED);
  });
});

describe('scan: what the findings say', () => {
  let findings: ImageFinding[];
  beforeAll(async () => {
    findings = await scanFile('details.tar', await dockerArchive(spec));
  });

  it('names the layer, its digest and the step that made it', () => {
    const su = findings.find((f) => f.ruleId === 'setuid-setgid' && f.location.path === 'bin/su')!;
    expect(su.location.layer).toEqual({ index: 0, digest: `sha256:${sha256(spec.layers[0]!)}`, createdBy: spec.createdBy![0] });
    const h = findings.find((f) => f.ruleId === 'secret-in-history')!;
    expect(h.location.layer?.createdBy).toMatch(/^\|1 DB_PASSWORD=Vq…\(16 chars\) \/bin\/sh -c mkdir/);
    expect(su.message).toContain('/bin/su has the setuid bit (mode 4755, owner uid 0)');
    expect(su.location.image).toBe('acme/app:1.0');
  });

  it('names the layer that added a deleted secret and the one that deleted it, masked', () => {
    const token = findings.find((f) => f.location.path === 'app/token.txt')!;
    expect(token.message).toMatch(/was deleted by layer 2 \(RUN rm -rf .*\), but layer 1 \(RUN mkdir \/app/);
    expect(token.message).not.toContain(GH_TOKEN);
    const key = findings.find((f) => f.location.path === 'cache/key.txt')!;
    expect(key.properties).toMatchObject({ removedBy: 2, removal: 'opaque' });
  });

  it('never prints a secret: not in any message or property', () => {
    const all = JSON.stringify(findings);
    for (const secret of [GH_TOKEN, GH_TOKEN_2, DB_PASSWORD]) expect(all).not.toContain(secret);
  });

  it('reads build arguments in history', () => {
    const h = findings.find((f) => f.ruleId === 'secret-in-history')!;
    expect(h.message).toContain('build argument DB_PASSWORD');
  });

  it('fingerprints ignore the tag and digests: a retagged rebuild keeps them', async () => {
    const again = await scanFile('retagged.tar', await dockerArchive({ ...spec, tags: ['acme/app:2.0'] }));
    expect(again.map((f) => f.fingerprint).sort()).toEqual(findings.map((f) => f.fingerprint).sort());
  });
});

describe('scan: a root filesystem folder and a user resolved through /etc/passwd', () => {
  it('toor (uid 0 in /etc/passwd) counts as root', async () => {
    const image = await scanFile('toor.tar', await dockerArchive({ ...spec, config: { User: 'toor', Healthcheck: { Test: ['CMD', 'true'] } } }));
    expect(summary(image).filter((s) => s.startsWith('root-user') || s.startsWith('missing-health'))).toEqual(['root-user -@-']);
  });

  it('a named non-root user passes', async () => {
    const image = await scanFile('app.tar', await dockerArchive({ ...spec, config: { User: 'app:app' } }));
    expect(summary(image).some((s) => s.startsWith('root-user'))).toBe(false);
  });
});

describe('scan: multi-platform indexes', () => {
  const HOST = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch;
  const OTHER = HOST === 'arm64' ? 'amd64' : 'arm64';
  let archive: Buffer;
  beforeAll(async () => {
    const image = async (arch: string): Promise<ImageSpec> => ({
      layers: [await packTar([{ name: `bin/only-on-${arch}`, mode: 0o4755, content: arch }])],
      platform: { os: 'linux', architecture: arch },
      config: { User: 'app', Healthcheck: { Test: ['NONE'] } },
    });
    archive = await ociArchive([await image(OTHER), await image(HOST)], 'gzip');
    writeFileSync(join(work, 'multi.tar'), archive);
  });

  it('scans this machine’s platform by default, and says the index has others', async () => {
    const image = await openImage('multi.tar', { cwd: work, env: {} });
    expect(summary(scanImageModel(image))).toEqual([`setuid-setgid bin/only-on-${HOST}@0`]);
    expect(image.notes).toEqual([`the index holds 2 images; scanned linux/${HOST}`]);
  });

  it('--platform picks another', async () => {
    const image = await openImage('multi.tar', { cwd: work, env: {}, platform: `linux/${OTHER}` });
    expect(summary(scanImageModel(image))).toEqual([`setuid-setgid bin/only-on-${OTHER}@0`]);
  });

  it('a platform the index lacks is an error listing what it has', async () => {
    await expect(openImage('multi.tar', { cwd: work, env: {}, platform: 'linux/s390x' })).rejects.toThrow(
      `no image for platform linux/s390x (the index has: linux/${OTHER}, linux/${HOST}); choose one with --platform`,
    );
  });
});

describe('scan: files the distribution installed', () => {
  it('secrets in package-owned files are the distribution’s, except under /etc', async () => {
    const layer = await packTar([
      { name: 'var/lib/dpkg/info/', type: 'directory' },
      { name: 'var/lib/dpkg/info/libfoo.list', content: '/.\n/usr\n/usr/lib/foo/fixtures.py\n/etc/foo.conf\n' },
      { name: 'usr/lib/foo/fixtures.py', content: `TOKEN = "${GH_TOKEN}"\n` },
      { name: 'etc/foo.conf', content: `token=${GH_TOKEN}\n` },
      { name: 'opt/app/settings.py', content: `TOKEN = "${GH_TOKEN}"\n` },
      { name: 'lib/apk/db/installed', content: 'P:musl\nF:usr/share/musl\nR:sample.env\n' },
      { name: 'usr/share/musl/sample.env', content: `GITHUB_TOKEN=${GH_TOKEN_2}\n` },
    ]);
    const found = await scanFile('owned.tar', await dockerArchive({ layers: [layer], config: { User: 'app', Healthcheck: { Test: ['NONE'] } } }));
    expect(summary(found)).toEqual(['secret-in-file etc/foo.conf@0', 'secret-in-file opt/app/settings.py@0']);
  });
});

describe('scan: broken and hostile archives', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  function runScan(file: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, 'scan', file, '-f', 'json'], { cwd: work, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  function expectOneLineError(r: { status: number | null; stderr: string; stdout: string }, pattern: RegExp): void {
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }

  it('the CLI scans an archive and exits 1 on findings', async () => {
    writeFileSync(join(work, 'cli.tar'), await dockerArchive(spec));
    const r = runScan('cli.tar');
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: ImageFinding[] };
    expect(summary(doc.findings)).toEqual(EXPECTED);
  });

  it('a manifest naming a layer that is missing', async () => {
    const archive = await dockerArchive(spec);
    // Rewrite the manifest to name a layer that is not there (same length keeps the tar valid).
    const text = archive.toString('latin1');
    const m = /"Layers":\["([0-9a-f]{64})\/layer\.tar"/.exec(text)!;
    writeFileSync(join(work, 'missing.tar'), Buffer.from(text.replace(`${m[1]}/layer.tar"`, `${'f'.repeat(64)}/layer.tar"`), 'latin1'));
    expectOneLineError(runScan('missing.tar'), /^drydock: missing\.tar: the manifest names layer 'f{64}\/layer\.tar', which is not in the archive/);
  });

  it('a blob whose content does not match its digest', async () => {
    const archive = await ociArchive(spec, 'none');
    // Flip one byte of the base layer's content ("ELF" → "ELG") inside the archive.
    const at = archive.indexOf(Buffer.from('ELF'));
    archive[at + 2] = 'G'.charCodeAt(0);
    writeFileSync(join(work, 'tampered.tar'), archive);
    expectOneLineError(runScan('tampered.tar'), /blob blobs\/sha256\/[0-9a-f]{64} has digest sha256:[0-9a-f]{64}(, not sha256:[0-9a-f]{64})?: the archive is corrupt or was tampered with/);
  });

  it('a truncated gzip layer', async () => {
    const layer = compress(spec.layers[0]!, 'gzip');
    const bad = await ociArchive({ ...spec, layers: [spec.layers[0]!] }, 'gzip');
    const at = bad.indexOf(layer.subarray(0, 64));
    // Zero the second half of the compressed layer: gzip's checks fail before the digest check.
    bad.fill(0, at + Math.floor(layer.length / 2), at + layer.length);
    writeFileSync(join(work, 'badgzip.tar'), bad);
    expectOneLineError(runScan('badgzip.tar'), /badgzip\.tar: blobs\/sha256\/[0-9a-f]{64}: .*(gzip|truncated|corrupt|invalid)/i);
  });

  it('a symlinked layer that points outside the archive', async () => {
    const archive = await packTar([
      { name: 'abc/layer.tar', type: 'symlink', linkname: '../../../etc/passwd' },
      { name: `${sha256(Buffer.from('{}'))}.json`, content: '{}' },
      { name: 'manifest.json', content: JSON.stringify([{ Config: `${sha256(Buffer.from('{}'))}.json`, Layers: ['abc/layer.tar'] }]) },
    ]);
    writeFileSync(join(work, 'escape.tar'), archive);
    expectOneLineError(runScan('escape.tar'), /entry 'abc\/layer\.tar' is a symlink to '\.\.\/\.\.\/\.\.\/etc\/passwd', outside the archive/);
  });

  it('a layer entry with a ../ path', async () => {
    const layer = await packTar([{ name: '../../etc/cron.d/evil', content: '* * * * * root sh' }]);
    writeFileSync(join(work, 'dotdot.tar'), await dockerArchive({ ...spec, layers: [layer], createdBy: ['x'], emptySteps: [] }));
    expectOneLineError(runScan('dotdot.tar'), /leaves the image root/);
  });

  it('a file that is not an image archive', () => {
    writeFileSync(join(work, 'notes.txt'), 'just text\n'.repeat(100));
    expectOneLineError(runScan('notes.txt'), /^drydock: notes\.txt: not an image archive: it is not a tar file, or it is cut short$/);
  });

  it('a tar without a manifest', async () => {
    writeFileSync(join(work, 'plain.tar'), await packTar([{ name: 'hello.txt', content: 'hi' }]));
    expectOneLineError(runScan('plain.tar'), /plain\.tar: not an image archive: it has neither manifest\.json \(docker save\) nor index\.json \(OCI\) \(if it is an image archive, it may be cut short\)$/);
  });

  it('--dockerfile points findings at the lines that caused them; a missing Dockerfile is a one-line error', async () => {
    writeFileSync(join(work, 'mapped.tar'), await dockerArchive(spec));
    writeFileSync(
      join(work, 'Dockerfile'),
      ['FROM base', 'ARG DB_PASSWORD', 'RUN mkdir /app && echo token > /app/token.txt', 'RUN rm -rf /app/token.txt /cache && mkdir /cache', 'ENV API_TOKEN=x', ''].join('\n'),
    );
    const r = spawnSync(process.execPath, [CLI, 'scan', 'mapped.tar', '--dockerfile', 'Dockerfile', '-f', 'json'], { cwd: work, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: ImageFinding[] }).findings;
    const at = (rule: string, path?: string): number | undefined =>
      findings.find((f) => f.ruleId === rule && (path === undefined || f.location.path === path))?.location.dockerfile?.line;
    expect(at('secret-in-deleted-layer', 'app/token.txt')).toBe(3);
    expect(at('secret-in-history')).toBe(3);
    expect(at('secret-in-env')).toBe(5);
    expect(at('root-user')).toBe(1);
    // Layer 0 is the base image's: it maps to no line of this Dockerfile.
    expect(at('setuid-setgid', 'bin/su')).toBeUndefined();
    expectOneLineError(runScanArgs(['mapped.tar', '--dockerfile', 'nope']), /^drydock: nope: no such file$/);
  });

  it('with --dockerfile, inline ignores above the causing instruction silence image findings too', async () => {
    writeFileSync(join(work, 'ignored.tar'), await dockerArchive(spec));
    writeFileSync(
      join(work, 'Dockerfile.ignored'),
      [
        '# drydock global ignore=missing-healthcheck -- a batch job',
        'FROM base',
        'ARG DB_PASSWORD',
        '# drydock ignore=secret-in-deleted-layer,secret-in-history -- rotated on 2026-11-20',
        'RUN mkdir /app && echo token > /app/token.txt',
        'RUN rm -rf /app/token.txt /cache && mkdir /cache',
        'ENV API_TOKEN=x',
        '',
      ].join('\n'),
    );
    const r = runScanArgs(['ignored.tar', '--dockerfile', 'Dockerfile.ignored', '-f', 'json']);
    const found = summary((JSON.parse(r.stdout) as { findings: ImageFinding[] }).findings);
    expect(found).toEqual(EXPECTED.filter((f) => !/^(missing-healthcheck|secret-in-history|secret-in-deleted-layer) /.test(f)));
  });

  function runScanArgs(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, 'scan', ...args], { cwd: work, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('docker: with no engine at the socket, and with a TCP DOCKER_HOST', () => {
    const env = { ...process.env, DOCKER_HOST: `unix://${join(work, 'no-such.sock')}` };
    const r = spawnSync(process.execPath, [CLI, 'scan', 'docker:alpine:3.20'], { cwd: work, encoding: 'utf8', env });
    expectOneLineError({ status: r.status, stdout: r.stdout, stderr: r.stderr }, /^drydock: docker:alpine:3\.20: no Docker engine answers at .*no-such\.sock$/);
    const tcp = spawnSync(process.execPath, [CLI, 'scan', 'docker:alpine:3.20'], { cwd: work, encoding: 'utf8', env: { ...process.env, DOCKER_HOST: 'tcp://10.0.0.1:2375' } });
    expectOneLineError({ status: tcp.status, stdout: tcp.stdout, stderr: tcp.stderr }, /DOCKER_HOST is 'tcp:\/\/10\.0\.0\.1:2375': only a local unix:\/\/ socket is supported/);
  });

  it('a root filesystem folder: files are checked, config checks do not apply', () => {
    const root = join(work, 'rootfs');
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
    writeFileSync(join(root, 'etc', 'passwd'), PASSWD);
    writeFileSync(join(root, 'etc', 'shadow'), SHADOW);
    writeFileSync(join(root, 'usr', 'bin', 'tool'), 'x');
    chmodSync(join(root, 'usr', 'bin', 'tool'), 0o4755);
    symlinkSync('/etc/shadow', join(root, 'shadow-link'));
    const r = spawnSync(process.execPath, [CLI, 'scan', 'rootfs', '-f', 'json'], { cwd: work, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(summary((JSON.parse(r.stdout) as { findings: ImageFinding[] }).findings)).toEqual(['empty-password etc/shadow@0', 'setuid-setgid usr/bin/tool@0']);
  });

  it('draws a progress bar on stderr only when it is a terminal', async () => {
    writeFileSync(join(work, 'progress.tar'), await dockerArchive(spec));
    // util-linux `script` runs the command on a pseudo-terminal: stderr is a TTY there.
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${CLI} scan progress.tar -f json -o report.json`, '/dev/null'], { cwd: work, encoding: 'utf8' });
    expect(tty.status).toBe(1);
    expect(tty.stdout).toContain('reading layers');
    expect(summary((JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as { findings: ImageFinding[] }).findings)).toEqual(EXPECTED);
    const piped = runScanArgs(['progress.tar', '-f', 'json']);
    expect(piped.stderr).toBe('');
  });

  it('folders nested 3,000 deep: read without a stack overflow, the file at the bottom found', async () => {
    const entries = [];
    let path = '';
    for (let i = 0; i < 3000; i++) {
      path += 'd/';
      entries.push({ name: path, type: 'directory' as const });
    }
    entries.push({ name: `${path}deep-tool`, mode: 0o4755, content: 'x' });
    writeFileSync(join(work, 'deep.tar'), await dockerArchive({ layers: [await packTar(entries)], createdBy: ['/bin/sh -c deep'], config: { User: 'app', Healthcheck: { Test: ['NONE'] } } }));
    const r = runScanArgs(['deep.tar', '-f', 'json']);
    expect(r.status).toBe(1);
    const found = (JSON.parse(r.stdout) as { findings: ImageFinding[] }).findings;
    expect(found.map((f) => `${f.ruleId} ${f.location.path!.length}`)).toEqual([`setuid-setgid ${'d/'.length * 3000 + 'deep-tool'.length}`]);
  }, 60_000);

  it('an archive cut short, inside a layer or inside its metadata', async () => {
    const whole = await dockerArchive(spec);
    writeFileSync(join(work, 'cut.tar'), whole.subarray(0, Math.floor(whole.length * 0.4)));
    expectOneLineError(runScanArgs(['cut.tar']), /^drydock: cut\.tar: .*(truncated|cut short)/);
    writeFileSync(join(work, 'cut-end.tar'), whole.subarray(0, whole.length - 1536 - 100));
    expectOneLineError(runScanArgs(['cut-end.tar']), /^drydock: cut-end\.tar: .*(truncated|cut short)/);
  });

  it('a layer entry claiming 10 GB with a few bytes behind it fails fast, without allocating', async () => {
    // A tar header whose size field says 10 GiB, then the end of the data.
    const header = tenGigabyteHeader('huge.bin');
    const layer = Buffer.concat([header, Buffer.alloc(4096, 1)]);
    writeFileSync(join(work, 'huge.tar'), await dockerArchive({ layers: [layer], createdBy: ['x'] }));
    const started = Date.now();
    const r = runScanArgs(['huge.tar']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expectOneLineError(r, /^drydock: huge\.tar: .*(truncated|cut short|data ends)/);
  });

  it('a zstd layer holding a 10 GB file of zeros is refused as a decompression bomb, in seconds', async () => {
    // Built by hand, no 10 GB ever written: a zstd frame whose first block is the raw 512-byte tar
    // header and whose other blocks are RLE blocks of 128 KiB of zeros each (4 bytes apiece).
    const header = tenGigabyteHeader('zeros.bin');
    const BLOCK = 128 << 10;
    const blocks = (10 * 1024 ** 3) / BLOCK;
    const blockHeader = (last: boolean, type: number, size: number): Buffer => {
      const v = (last ? 1 : 0) | (type << 1) | (size << 3);
      return Buffer.from([v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff]);
    };
    const parts = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]), blockHeader(false, 0, 512), header];
    const rle = Buffer.concat([blockHeader(false, 1, BLOCK), Buffer.from([0])]);
    for (let i = 0; i < blocks - 1; i++) parts.push(rle);
    parts.push(blockHeader(true, 1, BLOCK), Buffer.from([0]));
    const frame = Buffer.concat(parts);
    expect(frame.length).toBeLessThan(400_000);
    writeFileSync(join(work, 'bomb.tar'), await dockerArchive({ layers: [frame], createdBy: ['x'] }));
    const started = Date.now();
    const r = runScanArgs(['bomb.tar']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expectOneLineError(r, /^drydock: bomb\.tar: [0-9a-f]{64}\/layer\.tar: decompresses to over 2000 times its size: refusing a likely decompression bomb$/);
  }, 60_000);

  it('- (standard input) is refused with the ways that work', () => {
    expectOneLineError(runScanArgs(['-']), /^drydock: -: an image cannot be read from standard input: save it to a file \(docker save -o\) or use docker:<ref>$/);
  });

  it('a missing file', () => {
    expectOneLineError(runScan('nope.tar'), /^drydock: nope\.tar: no such file or folder$/);
  });
});

/** A ustar header of a regular file whose size field says 10 GiB (11 octal digits, no NUL). */
function tenGigabyteHeader(name: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write('120000000000', 124);
  header.write('00000000000\0', 136);
  header.write('0', 156);
  header.write('ustar\u000000', 257);
  header.write('        ', 148);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}
