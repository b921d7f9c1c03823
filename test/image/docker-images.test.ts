/**
 * Tests of the fixture-image helper itself: the artifacts exist in the layouts the scanner must read,
 * and the `layers` image holds exactly what ../fixtures/images/README.md promises. Everything is
 * checked with the system's tar, getcap and the engine's own `docker export`, never with drydock's
 * readers, so these facts stand on their own.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAssignment, findSecrets } from '../../src/secrets/index.js';
import { buildFixtureImages, describeWithDocker, dockerStatus, FIXTURE_SECRETS, type FixtureImage } from './docker-images.js';

const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

interface TarEntry {
  /** Path without a leading `./` or trailing `/`. */
  path: string;
  /** `-` file, `d` folder, `l` symlink, `h` hardlink, `c`/`b`/`p` devices and fifos. */
  type: string;
  /** Permission bits (`& 0o7777`), read from tar's `rwsr-xr-x`. */
  mode: number;
  uid: number;
  gid: number;
  size: string;
  /** Symlink or hardlink target. */
  link: string | undefined;
}

function sh(command: string, args: string[], options: { input?: string } = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** `tar -tv` of an archive, parsed. */
function listTar(archive: string): TarEntry[] {
  return sh('tar', ['--numeric-owner', '-tvf', archive])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^([-dlhcbp])([-rwxsStT]{9})\s+(\d+)\/(\d+)\s+(\S+)\s+\S+\s+\S+\s+(.*)$/.exec(line);
      if (!m) throw new Error(`unexpected tar -tv line: ${line}`);
      const [, type, perms, uid, gid, size, rest] = m as unknown as [string, string, string, string, string, string, string];
      const [name, link] = type === 'l' ? rest.split(' -> ') : type === 'h' ? rest.split(' link to ') : [rest];
      return { path: name!.replace(/^\.\//, '').replace(/\/$/, ''), type, mode: parseMode(perms), uid: Number(uid), gid: Number(gid), size, link };
    });
}

function parseMode(perms: string): number {
  let mode = 0;
  for (let i = 0; i < 9; i++) if (!'-ST'.includes(perms[i]!)) mode |= 1 << (8 - i);
  if ('sS'.includes(perms[2]!)) mode |= 0o4000;
  if ('sS'.includes(perms[5]!)) mode |= 0o2000;
  if ('tT'.includes(perms[8]!)) mode |= 0o1000;
  return mode;
}

const octal = (e: TarEntry) => `${e.mode.toString(8).padStart(4, '0')} ${e.path}`;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** What `docker create` adds for every container (the init layer); `docker export` includes it. */
const INIT_LAYER = new Set(['.dockerenv', 'dev', 'dev/console', 'dev/pts', 'dev/shm', 'etc/hostname', 'etc/hosts', 'etc/resolv.conf', 'etc/mtab', 'proc', 'sys']);

describeWithDocker('fixture images built by a real Docker engine', () => {
  let images: Record<string, FixtureImage>;
  let work: string;

  beforeAll(async () => {
    images = await buildFixtureImages();
    work = mkdtempSync(join(tmpdir(), 'drydock-image-check-'));
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Unpacks an archive once, into its own folder under `work`. */
  function unpack(archive: string, name: string): string {
    const dir = join(work, name);
    if (!existsSync(dir)) {
      sh('mkdir', ['-p', dir]);
      sh('tar', ['-xf', archive, '-C', dir]);
    }
    return dir;
  }

  it('finds the engine and the tools', () => {
    expect(dockerStatus()).toEqual({ ok: true });
  });

  it('builds every fixture, the busybox base first, each with all six artifacts and its tag in the engine', async () => {
    expect(Object.keys(images)[0]).toBe('busybox');
    expect(Object.keys(images)).toContain('layers');
    for (const image of Object.values(images)) {
      expect(image.ref).toBe(`drydock-test/${image.name}:1`);
      for (const file of [image.dockerArchive, image.skopeoDockerArchive, image.ociArchiveGzip, image.ociArchiveZstd, image.dockerfile]) {
        expect(lstatSync(file).isFile(), file).toBe(true);
      }
      expect(lstatSync(image.ociLayout).isDirectory()).toBe(true);
      expect(readFileSync(image.dockerfile, 'utf8')).not.toMatch(/\{\{[A-Z0-9_]+\}\}/);
      sh(DOCKER, ['image', 'inspect', '--format', '{{.Id}}', image.ref]);
    }
    // Called again (another test file in this worker), it hands back the same build.
    expect(await buildFixtureImages()).toEqual(images);
  });

  it.each(['busybox', 'layers'])('%s: docker save wrote the Docker 20.10 layout, layers uncompressed with sha256 = diff_id', (name) => {
    const image = images[name]!;
    const dir = unpack(image.dockerArchive, `${name}-docker`);
    const [manifest, ...others] = readJson(join(dir, 'manifest.json')) as Array<{ Config: string; RepoTags: string[]; Layers: string[] }>;
    expect(others).toEqual([]);
    expect(manifest!.RepoTags).toEqual([image.ref]);
    expect(manifest!.Config).toMatch(/^[0-9a-f]{64}\.json$/);
    // The config's name is the image id, and the tag in the engine is this very image.
    expect(sh(DOCKER, ['image', 'inspect', '--format', '{{.Id}}', image.ref]).trim()).toBe(`sha256:${manifest!.Config.slice(0, -5)}`);
    expect(readJson(join(dir, 'repositories'))).toHaveProperty([image.ref.split(':')[0]!, '1']);
    const config = readJson(join(dir, manifest!.Config));
    expect(manifest!.Layers).toHaveLength(config.rootfs.diff_ids.length);
    manifest!.Layers.forEach((layer, i) => {
      expect(layer).toMatch(/^[0-9a-f]{64}\/layer\.tar$/);
      const id = layer.split('/')[0]!;
      expect(readFileSync(join(dir, id, 'VERSION'), 'utf8')).toBe('1.0');
      expect(readJson(join(dir, id, 'json'))).toHaveProperty('id', id);
      expect(lstatSync(join(dir, layer)).isFile()).toBe(true);
      expect(`sha256:${sha256(join(dir, layer))}`).toBe(config.rootfs.diff_ids[i]);
    });
  });

  it.each(['busybox', 'layers'])("%s: skopeo's docker-archive stores <diffid>.tar and makes each <id>/layer.tar a symlink to it", (name) => {
    const entries = listTar(images[name]!.skopeoDockerArchive);
    const links = entries.filter((e) => /^[0-9a-f]{64}\/layer\.tar$/.test(e.path));
    expect(links.length).toBeGreaterThan(0);
    const files = new Set(entries.filter((e) => e.type === '-').map((e) => e.path));
    for (const link of links) {
      expect(link.type).toBe('l');
      expect(link.link).toMatch(/^\.\.\/[0-9a-f]{64}\.tar$/);
      expect(files.has(link.link!.slice(3))).toBe(true);
    }
    const dir = unpack(images[name]!.skopeoDockerArchive, `${name}-skopeo-docker`);
    const [manifest] = readJson(join(dir, 'manifest.json')) as Array<{ RepoTags: string[]; Layers: string[] }>;
    expect(manifest!.RepoTags).toEqual([`docker.io/${images[name]!.ref}`]);
    for (const layer of manifest!.Layers) expect(layer).toMatch(/^[0-9a-f]{64}\.tar$/);
  });

  describe.each([
    ['ociArchiveGzip', 'application/vnd.oci.image.layer.v1.tar+gzip', '1f8b'],
    ['ociArchiveZstd', 'application/vnd.oci.image.layer.v1.tar+zstd', '28b52ffd'],
    ['ociLayout', 'application/vnd.oci.image.layer.v1.tar+gzip', '1f8b'],
  ] as const)('%s', (artifact, mediaType, magic) => {
    it.each(['busybox', 'layers'])('%s: index.json, oci-layout and blobs, every layer ' + mediaType.split('+')[1], (name) => {
      const image = images[name]!;
      const dir = artifact === 'ociLayout' ? image.ociLayout : unpack(image[artifact], `${name}-${artifact}`);
      expect(readJson(join(dir, 'oci-layout'))).toEqual({ imageLayoutVersion: '1.0.0' });
      const index = readJson(join(dir, 'index.json'));
      expect(index.manifests).toHaveLength(1);
      expect(index.manifests[0].annotations['org.opencontainers.image.ref.name']).toBe(image.ref);
      const blob = (digest: string) => join(dir, 'blobs', ...digest.split(':'));
      const manifest = readJson(blob(index.manifests[0].digest));
      expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
      expect(manifest.config.mediaType).toBe('application/vnd.oci.image.config.v1+json');
      expect(manifest.layers.length).toBeGreaterThan(0);
      for (const layer of manifest.layers) {
        expect(layer.mediaType).toBe(mediaType);
        expect(readFileSync(blob(layer.digest)).subarray(0, magic.length / 2).toString('hex')).toBe(magic);
        expect(`sha256:${sha256(blob(layer.digest))}`).toBe(layer.digest);
      }
      // The trap TEST-IMAGES.md warns about: skopeo's OCI conversion drops Healthcheck.
      const config = readJson(blob(manifest.config.digest));
      expect(config.config.Healthcheck).toBeUndefined();
    });
  });

  it('busybox: the binary (0755) in layer 0, only folders and applet symlinks in layer 1; PATH only, no USER or HEALTHCHECK', () => {
    const dir = unpack(images.busybox!.dockerArchive, 'busybox-docker');
    const [manifest] = readJson(join(dir, 'manifest.json')) as Array<{ Config: string; Layers: string[] }>;
    expect(manifest!.Layers).toHaveLength(2);
    expect(listTar(join(dir, manifest!.Layers[0]!)).map(octal)).toEqual(['0755 bin', '0755 bin/busybox']);
    const applets = listTar(join(dir, manifest!.Layers[1]!));
    expect(applets.filter((e) => e.type === 'd').map(octal)).toEqual(['0755 bin', '0755 sbin', '0755 usr', '0755 usr/bin', '0755 usr/sbin']);
    const links = applets.filter((e) => e.type !== 'd');
    expect(links.every((e) => e.type === 'l' && e.link === '/bin/busybox')).toBe(true);
    expect(links.map((e) => e.path)).toEqual(expect.arrayContaining(['bin/sh', 'bin/chmod', 'bin/stat', 'usr/bin/find', 'sbin/ifconfig', 'usr/sbin/chroot']));
    const config = readJson(join(dir, manifest!.Config)).config;
    expect([config.User, config.Env, config.Healthcheck]).toEqual(['', ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], undefined]);
  });

  describe('the layers fixture', () => {
    let dir: string;
    let config: {
      config: { User: string; Env: string[]; Labels: Record<string, string>; Healthcheck: { Test: string[] }; Cmd: unknown; Entrypoint: unknown };
      history: Array<{ created_by: string; empty_layer?: boolean }>;
      rootfs: { diff_ids: string[] };
    };
    /** `tar -tv` of each layer, in order. */
    let layers: TarEntry[][];
    let layerTars: string[];
    /** The engine's own merge of all layers (`docker export`), minus the container's init layer. */
    let final: TarEntry[];
    let exported: string;

    beforeAll(() => {
      dir = unpack(images.layers!.dockerArchive, 'layers-docker');
      const [manifest] = readJson(join(dir, 'manifest.json')) as Array<{ Config: string; Layers: string[] }>;
      config = readJson(join(dir, manifest!.Config));
      layerTars = manifest!.Layers.map((layer) => join(dir, layer));
      layers = layerTars.map(listTar);
      const container = sh(DOCKER, ['create', '--network', 'none', images.layers!.ref, 'true']).trim();
      exported = join(work, 'layers-export.tar');
      try {
        sh(DOCKER, ['export', '--output', exported, container]);
      } finally {
        sh(DOCKER, ['rm', container]);
      }
      final = listTar(exported).filter((e) => !INIT_LAYER.has(e.path));
    }, 120_000);

    const inLayer = (i: number) => layers[i]!.filter((e) => e.type !== 'd').map(octal);
    const cat = (i: number, path: string) => sh('tar', ['-xOf', layerTars[i]!, path]);
    const finalFile = (path: string) => sh('tar', ['-xOf', exported, path]);

    it('has 19 layers, the first 2 from drydock-test/busybox:1, and 5 metadata-only history steps', () => {
      expect(layers).toHaveLength(19);
      expect(config.history.filter((h) => !h.empty_layer)).toHaveLength(19);
      expect(config.history.filter((h) => h.empty_layer).map((h) => h.created_by.replace(/^\/bin\/sh -c #\(nop\) +/, '').split(' ')[0])).toEqual([
        'ARG', 'ENV', 'LABEL', 'HEALTHCHECK', 'USER',
      ]);
      // The base's two layers are this image's first two.
      const base = unpack(images.busybox!.dockerArchive, 'busybox-docker');
      const [baseManifest] = readJson(join(base, 'manifest.json')) as Array<{ Layers: string[] }>;
      expect(config.rootfs.diff_ids.slice(0, 2)).toEqual(baseManifest!.Layers.map((layer) => `sha256:${sha256(join(base, layer))}`));
    });

    it('final setuid/setgid files are exactly the 4755, 2755 and 6755 ones and the hardlink; the 04755 folder is a folder', () => {
      const special = final.filter((e) => e.mode & 0o6000);
      expect(special.filter((e) => e.type !== 'd').map((e) => `${e.type} ${octal(e)}`)).toEqual([
        '- 2755 usr/local/bin/setgid-tool',
        '- 6755 usr/local/bin/setuid-setgid-tool',
        '- 4755 usr/local/bin/setuid-tool',
        'h 4755 usr/local/bin/setuid-tool-link',
      ]);
      expect(special.filter((e) => e.type === 'd').map(octal)).toEqual(['4755 usr/local/share/setuid-dir']);
    });

    it('layer 2 holds them, the hardlink as an entry of size 0 repeating the setuid mode', () => {
      expect(inLayer(2)).toEqual([
        '2755 usr/local/bin/setgid-tool',
        '6755 usr/local/bin/setuid-setgid-tool',
        '4755 usr/local/bin/setuid-tool',
        '4755 usr/local/bin/setuid-tool-link',
      ]);
      const link = layers[2]!.find((e) => e.path === 'usr/local/bin/setuid-tool-link')!;
      expect([link.type, link.size, link.link]).toEqual(['h', '0', 'usr/local/bin/setuid-tool']);
    });

    it('setuid-cleared loses its bit in layer 4, setuid-deleted is whited out in layer 5', () => {
      expect(inLayer(3)).toEqual(['4755 usr/local/bin/setuid-cleared', '4755 usr/local/bin/setuid-deleted']);
      expect(inLayer(4)).toEqual(['0755 usr/local/bin/setuid-cleared']);
      expect(inLayer(5)).toEqual(['0600 usr/local/bin/.wh.setuid-deleted']);
      expect(final.find((e) => e.path === 'usr/local/bin/setuid-deleted')).toBeUndefined();
    });

    it('file capabilities: one PAX xattr record in each of layers 7 and 8, and no xattr elsewhere', () => {
      const count = (text: string, needle: string) => text.split(needle).length - 1;
      const blobs = layerTars.map((tar) => readFileSync(tar).toString('latin1'));
      expect(blobs.flatMap((text, i) => (count(text, 'SCHILY.xattr.') ? [`${i}:${count(text, 'SCHILY.xattr.')}`] : []))).toEqual(['7:1', '8:1']);
      // The record's value: 20 bytes of vfs_cap_data revision 2 with the effective flag, then permitted bits.
      const capability = (text: string) => {
        const at = text.indexOf('SCHILY.xattr.security.capability=') + 'SCHILY.xattr.security.capability='.length;
        return Buffer.from(text.slice(at, at + 21), 'latin1').toString('hex');
      };
      expect(capability(blobs[7]!)).toBe('0100000200200000000000000000000000000000' + '0a'); // bit 13: cap_net_raw
      expect(capability(blobs[8]!)).toBe('0100000200140000000000000000000000000000' + '0a'); // bits 10, 12
      expect(inLayer(6)).toContain('0755 usr/sbin/setcap');
      expect(layers[6]!.every((e) => e.type === 'd' || e.type === '-')).toBe(true);
      expect(inLayer(7)).toEqual(['0755 usr/local/bin/pingish']);
      expect(inLayer(8)).toEqual(['0755 usr/local/bin/bindish']);
    });

    // Restoring security.capability from a tar needs CAP_SETFCAP, i.e. root (CI runs as root).
    it.skipIf(process.getuid?.() !== 0 && process.env.CI !== 'true')('getcap on the extracted final filesystem prints exactly the two capability sets', () => {
      const root = join(work, 'layers-final');
      sh('mkdir', ['-p', root]);
      sh('tar', ['--xattrs', '--xattrs-include=security.capability', '-xpf', exported, '-C', root]);
      const lines = sh('getcap', ['-r', root]).trim().split('\n').map((line) => line.replace(root, '')).sort();
      expect(lines).toEqual(['/usr/local/bin/bindish cap_net_bind_service,cap_net_admin=ep', '/usr/local/bin/pingish cap_net_raw=ep']);
    });

    it('world-writable entries that are not symlinks are exactly the 0777/0666 files and the 0777/1777 folders', () => {
      expect(final.filter((e) => e.type !== 'l' && e.mode & 0o002).map(octal)).toEqual([
        '0777 srv/shared/dir-0777',
        '1777 srv/shared/dir-1777',
        '0666 srv/shared/file-0666',
        '0777 srv/shared/file-0777',
      ]);
      // Every busybox applet is a symlink, and tar shows symlinks as 0777.
      expect(final.filter((e) => e.type === 'l').length).toBeGreaterThan(200);
      expect(final.some((e) => e.path === 'tmp')).toBe(false);
    });

    it('users: root and a uid-0 alias toor, app with uid 10001 and an empty password field', () => {
      expect(inLayer(10)).toEqual(['0644 etc/group', '0644 etc/passwd', '0640 etc/shadow']);
      expect(finalFile('etc/passwd')).toBe(
        'root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0:root alias:/root:/bin/sh\napp:x:10001:10001:app:/home/app:/bin/sh\n',
      );
      expect(finalFile('etc/group')).toBe('root:x:0:\napp:x:10001:\n');
      expect(finalFile('etc/shadow')).toBe('root:*:19000:0:99999:7:::\ntoor:!:19000:0:99999:7:::\napp::19000:0:99999:7:::\n');
      expect(final.find((e) => e.path === 'home/app')).toMatchObject({ type: 'd', uid: 10001, gid: 10001 });
    });

    it('a GitHub token added in layer 11 is whited out in layer 12', () => {
      expect(inLayer(11)).toEqual(['0644 opt/app/github-token']);
      expect(cat(11, 'opt/app/github-token')).toBe(`${FIXTURE_SECRETS.GITHUB_TOKEN}\n`);
      expect(FIXTURE_SECRETS.GITHUB_TOKEN).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
      expect(layers[12]!.map(octal)).toEqual(['0755 opt', '0755 opt/app', '0600 opt/app/.wh.github-token']);
      expect(final.some((e) => e.path.includes('github-token'))).toBe(false);
    });

    it('a folder holding a GitLab token in layer 13 is replaced in layer 14, which marks it opaque', () => {
      expect(inLayer(13)).toEqual(['0644 opt/app/config/credentials.env']);
      expect(cat(13, 'opt/app/config/credentials.env')).toContain(`GITLAB_TOKEN=${FIXTURE_SECRETS.GITLAB_TOKEN}\n`);
      expect(layers[14]!.map((e) => e.path)).toEqual(['opt', 'opt/app', 'opt/app/config', 'opt/app/config/.wh..wh..opq', 'opt/app/config/new']);
      expect(final.filter((e) => e.path.startsWith('opt/app/config/')).map((e) => e.path)).toEqual(['opt/app/config/new']);
    });

    it('an AWS key pair in layer 15 is overwritten with harmless content in layer 16', () => {
      expect(FIXTURE_SECRETS.AWS_ACCESS_KEY_ID).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(FIXTURE_SECRETS.AWS_SECRET_ACCESS_KEY).toMatch(/^[A-Za-z0-9+/]{40}$/);
      expect(cat(15, 'opt/app/aws-credentials')).toBe(
        `[default]\naws_access_key_id = ${FIXTURE_SECRETS.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${FIXTURE_SECRETS.AWS_SECRET_ACCESS_KEY}\nregion = eu-west-1\n`,
      );
      expect(cat(16, 'opt/app/aws-credentials')).toBe('[default]\nregion = eu-west-1\n');
      expect(finalFile('opt/app/aws-credentials')).toBe('[default]\nregion = eu-west-1\n');
    });

    it('each planted file secret is in exactly one layer blob, and none is in the final filesystem', () => {
      const blobs = layerTars.map((tar) => readFileSync(tar).toString('latin1'));
      const where = (secret: string) => blobs.flatMap((text, i) => (text.includes(secret) ? [i] : []));
      expect(Object.fromEntries(Object.entries(FIXTURE_SECRETS).map(([name, value]) => [name, where(value)]))).toEqual({
        GITHUB_TOKEN: [11],
        GITLAB_TOKEN: [13],
        AWS_ACCESS_KEY_ID: [15],
        AWS_SECRET_ACCESS_KEY: [15],
        DB_PASSWORD: [],
        API_TOKEN: [],
      });
      const text = readFileSync(exported).toString('latin1');
      for (const secret of Object.values(FIXTURE_SECRETS)) expect(text).not.toContain(secret);
    });

    it("drydock's own detectors take every planted value for a real secret (none reads as a placeholder)", () => {
      const S = FIXTURE_SECRETS;
      const file = (text: string) => findSecrets(text).map((m) => m.confidence);
      expect(file(cat(11, 'opt/app/github-token'))).toEqual(['high']);
      expect(file(cat(13, 'opt/app/config/credentials.env'))).toEqual(['high']);
      expect(file(cat(15, 'opt/app/aws-credentials'))).toEqual(['high', 'high']);
      expect(classifyAssignment('DB_PASSWORD', S.DB_PASSWORD)?.confidence).toBe('high');
      expect(classifyAssignment('API_TOKEN', S.API_TOKEN)?.confidence).toBe('high');
    });

    it('sudo is a 0755 copy of busybox at /usr/bin/sudo, added in layer 17', () => {
      expect(inLayer(17)).toEqual(['0755 usr/bin/sudo']);
      const sudo = final.find((e) => e.path === 'usr/bin/sudo')!;
      expect([sudo.type, sudo.mode, sudo.size]).toEqual(['-', 0o755, final.find((e) => e.path === 'bin/busybox')!.size]);
    });

    it('config and history: the build arg in layer 18, ENV API_TOKEN, labels, HEALTHCHECK and USER app', () => {
      expect(config.history).toHaveLength(24);
      expect(inLayer(18)).toEqual(['0644 opt/app/db-configured']);
      const built = config.history.filter((h) => !h.empty_layer);
      expect(built[18]).toBe(config.history[19]);
      expect(config.history[20]!.created_by).toBe(`/bin/sh -c #(nop)  ENV API_TOKEN=${FIXTURE_SECRETS.API_TOKEN}`);
      expect(built[18]!.created_by).toBe(
        `|1 DB_PASSWORD=${FIXTURE_SECRETS.DB_PASSWORD} /bin/sh -c test -n "$DB_PASSWORD" && printf 'database configured\\n' > /opt/app/db-configured`,
      );
      expect(config.history.filter((h) => h.created_by.includes('DB_PASSWORD=')).length).toBe(1);
      expect(config.config.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `API_TOKEN=${FIXTURE_SECRETS.API_TOKEN}`]);
      expect(config.config.Labels).toEqual({ 'org.opencontainers.image.title': 'drydock layers fixture', 'org.opencontainers.image.vendor': 'drydock tests' });
      expect(config.config.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'true'] });
      expect(config.config.User).toBe('app');
      expect([config.config.Cmd, config.config.Entrypoint]).toEqual([null, null]);
      // skopeo's docker-archive keeps Docker's config byte for byte (Healthcheck included).
      const skopeo = unpack(images.layers!.skopeoDockerArchive, 'layers-skopeo-docker');
      const [manifest] = readJson(join(skopeo, 'manifest.json')) as Array<{ Config: string }>;
      expect(readFileSync(join(skopeo, manifest!.Config))).toEqual(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.json') && f !== 'manifest.json')!)));
    });
  });
});
