/**
 * Real container images for the image scanner's tests, built here by a Docker engine: no registry is
 * reachable, so every image starts from the host's static busybox (see ../../docs/testing.md and
 * ../fixtures/images/README.md for the facts each image is guaranteed to have).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { BASE62, BASE64URL, make, random } from '../secrets/samples.js';
import { isExecutable } from './tools.js';

const HERE = fileURLToPath(import.meta.url);
export const FIXTURE_IMAGES_DIR = join(dirname(HERE), '..', 'fixtures', 'images');

/** The image every other fixture starts `FROM`; built first. */
const BASE_IMAGE = 'busybox';

export type DockerStatus = { ok: true } | { ok: false; reason: string };

export interface FixtureImage {
  /** The fixture's folder name under test/fixtures/images, e.g. `layers`. */
  name: string;
  /** The local tag, e.g. `drydock-test/layers:1`; the engine has it whenever buildFixtureImages returns. */
  ref: string;
  /** `docker save` output as the engine wrote it (Docker 20.10: manifest.json, `<id>/layer.tar`). */
  dockerArchive: string;
  /** `skopeo copy` to `docker-archive:`: layers are `<diffid>.tar`, each `<id>/layer.tar` a symlink to one. */
  skopeoDockerArchive: string;
  /** `skopeo copy` to `oci-archive:` (gzip layers; skopeo drops Healthcheck from the config). */
  ociArchiveGzip: string;
  /** The same with `--dest-compress-format zstd`. */
  ociArchiveZstd: string;
  /** `skopeo copy` to `oci:DIR:ref`: an OCI image layout folder. */
  ociLayout: string;
  /** The Dockerfile as built, placeholders filled in (in the cache folder, not the repository). */
  dockerfile: string;
}

/**
 * The fake secrets planted in the fixtures, in place of `{{NAME}}` in their files. They come from the
 * seeded generator of the secret tests, so the repository holds nothing that looks like a live
 * credential and every run plants the same values. None of them is real.
 */
export const FIXTURE_SECRETS = {
  GITHUB_TOKEN: make.github('ghp_', 4101),
  GITLAB_TOKEN: make.gitlab('glpat-', 4102),
  AWS_ACCESS_KEY_ID: make.awsKeyId(4103),
  AWS_SECRET_ACCESS_KEY: make.awsSecret(4104),
  DB_PASSWORD: random(BASE62 + '!%*+-.@^_~', 24, 4105),
  API_TOKEN: random(BASE62, 24, 4106) + random(BASE64URL, 16, 4107),
} as const satisfies Record<string, string>;

// ---------------------------------------------------------------------------------------------------
// What the host provides

interface Tools {
  docker: string;
  skopeo: string;
  busybox: string;
  setcap: string;
  serverVersion: string;
}

let statusCache: { status: DockerStatus; tools?: Tools } | undefined;

/**
 * Whether real images can be built here: an engine answers (at DOCKER_HOST, or the default socket),
 * and the Docker client (/usr/bin/docker, else `docker` on PATH), skopeo, a statically linked busybox
 * and setcap are installed. `reason` names everything missing.
 */
export function dockerStatus(): DockerStatus {
  return probe().status;
}

function probe(): { status: DockerStatus; tools?: Tools } {
  if (statusCache) return statusCache;
  const missing: string[] = [];
  const docker = isExecutable('/usr/bin/docker') ? '/usr/bin/docker' : onPath('docker');
  const skopeo = onPath('skopeo');
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((path) => isExecutable(path) && isStaticElf(path));
  const setcap = ['/usr/sbin/setcap', '/sbin/setcap'].find(isExecutable) ?? onPath('setcap');
  let serverVersion = '';
  if (!docker) {
    missing.push('no Docker client (/usr/bin/docker or `docker` on PATH; Debian package docker.io)');
  } else {
    const version = spawnSync(docker, ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 20_000 });
    serverVersion = version.status === 0 ? version.stdout.trim() : '';
    if (!serverVersion) {
      const host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
      const detail = (version.stderr || version.error?.message || '').trim().split('\n')[0] ?? '';
      missing.push(`no Docker engine answers at ${host} (start one and set DOCKER_HOST, see docs/testing.md)${detail ? `: ${detail}` : ''}`);
    }
  }
  if (!skopeo) missing.push('no skopeo on PATH (Debian package skopeo)');
  if (!busybox) missing.push('no statically linked /bin/busybox (Debian package busybox-static)');
  if (!setcap) missing.push('no setcap (Debian package libcap2-bin)');
  if (!onPath('ldd')) missing.push('no ldd on PATH (Debian package libc-bin)');
  statusCache =
    missing.length > 0 || !docker || !skopeo || !busybox || !setcap
      ? { status: { ok: false, reason: missing.join('; ') } }
      : { status: { ok: true }, tools: { docker, skopeo, busybox, setcap, serverVersion } };
  return statusCache;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * True for an ELF executable without a PT_INTERP program header, i.e. one that needs no dynamic
 * loader and so runs alone in an empty image. (Debian's `busybox` package, unlike busybox-static,
 * installs a dynamically linked /bin/busybox.)
 */
function isStaticElf(path: string): boolean {
  const head = Buffer.alloc(65_536);
  const fd = openSync(path, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (length < 64 || head.readUInt32BE(0) !== 0x7f454c46) return false;
  const is64 = head[4] === 2;
  const le = head[5] === 1;
  const u16 = (at: number) => (le ? head.readUInt16LE(at) : head.readUInt16BE(at));
  const u32 = (at: number) => (le ? head.readUInt32LE(at) : head.readUInt32BE(at));
  const phoff = is64 ? Number(le ? head.readBigUInt64LE(0x20) : head.readBigUInt64BE(0x20)) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  if (phoff + phentsize * phnum > length) return false;
  for (let i = 0; i < phnum; i++) if (u32(phoff + i * phentsize) === 3 /* PT_INTERP */) return false;
  return true;
}

/**
 * `describe()` for tests that need real images. Without a usable engine it skips, with the reason in
 * the suite's name and on stderr; under CI=true it fails instead, so CI never passes by skipping.
 */
export function describeWithDocker(name: string, fn: () => void): void {
  const status = dockerStatus();
  if (status.ok) {
    describe(name, fn);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a usable Docker engine (required when CI=true)', () => {
        throw new Error(`CI=true needs real images, but: ${status.reason}`);
      });
    });
  } else {
    process.stderr.write(`drydock tests: skipping "${name}": ${status.reason}\n`);
    describe.skip(`${name} (skipped: ${status.reason})`, fn);
  }
}

// ---------------------------------------------------------------------------------------------------
// Building, once per content

let building: Promise<Record<string, FixtureImage>> | undefined;

/**
 * Builds every fixture under test/fixtures/images (the busybox base first), saves each image and
 * converts it with skopeo. Results live in a cache folder under the temp dir named from a hash of the
 * fixtures, this file and the tool versions, so later runs and parallel workers reuse them; a cache
 * hit only `docker load`s an image whose tag the engine lost or now gives another image.
 */
export function buildFixtureImages(): Promise<Record<string, FixtureImage>> {
  building ??= buildOrReuse().catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
}

interface Fixture {
  name: string;
  ref: string;
  /** Context files, relative path to rendered content. */
  files: Map<string, Buffer>;
  buildArgs: Record<string, string>;
}

async function buildOrReuse(): Promise<Record<string, FixtureImage>> {
  const { status, tools } = probe();
  if (!status.ok || !tools) throw new Error(`cannot build fixture images: ${status.ok ? 'unknown' : status.reason}`);
  const fixtures = readFixtures();
  const cache = join(tmpdir(), `drydock-test-images-${cacheKey(fixtures, tools)}`);
  const images = Object.fromEntries(fixtures.map((f) => [f.name, artifacts(cache, f)]));

  if (!existsSync(join(cache, 'complete'))) {
    await withLock(`${cache}.lock`, async () => {
      if (existsSync(join(cache, 'complete'))) return;
      const partial = `${cache}.partial-${process.pid}`;
      await rm(partial, { recursive: true, force: true });
      try {
        for (const fixture of fixtures) await buildFixture(tools, fixture, artifacts(partial, fixture));
        await writeFile(join(partial, 'complete'), `${new Date().toISOString()}\n`);
        await rm(cache, { recursive: true, force: true });
        await rename(partial, cache);
      } finally {
        await rm(partial, { recursive: true, force: true });
      }
    });
  }
  // The engine may have lost the images since the cache was filled (a fresh --data-root), or another
  // checkout may have moved the tag to a different build: load the archive back in either case.
  for (const image of Object.values(images)) {
    const built = readFileSync(imageIdFile(image), 'utf8').trim();
    if (imageId(tools, image.ref) !== built) await run(tools.docker, ['load', '--quiet', '--input', image.dockerArchive]);
  }
  return images;
}

function imageId(tools: Tools, ref: string): string {
  const inspect = spawnSync(tools.docker, ['image', 'inspect', '--format', '{{.Id}}', ref], { encoding: 'utf8' });
  return inspect.status === 0 ? inspect.stdout.trim() : '';
}

const imageIdFile = (image: FixtureImage) => join(dirname(image.dockerArchive), 'image-id');

function artifacts(root: string, fixture: Fixture): FixtureImage {
  const dir = join(root, fixture.name);
  return {
    name: fixture.name,
    ref: fixture.ref,
    dockerArchive: join(dir, 'docker-archive.tar'),
    skopeoDockerArchive: join(dir, 'skopeo-docker-archive.tar'),
    ociArchiveGzip: join(dir, 'oci-archive-gzip.tar'),
    ociArchiveZstd: join(dir, 'oci-archive-zstd.tar'),
    ociLayout: join(dir, 'oci-layout'),
    dockerfile: join(dir, 'Dockerfile'),
  };
}

/** Every folder with a Dockerfile, base first, with `{{NAME}}` placeholders filled in. */
function readFixtures(): Fixture[] {
  const names = readdirSync(FIXTURE_IMAGES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURE_IMAGES_DIR, entry.name, 'Dockerfile')))
    .map((entry) => entry.name)
    .sort((a, b) => (a === BASE_IMAGE ? -1 : b === BASE_IMAGE ? 1 : a.localeCompare(b)));
  if (names[0] !== BASE_IMAGE) throw new Error(`${FIXTURE_IMAGES_DIR} has no ${BASE_IMAGE}/Dockerfile`);
  return names.map((name) => {
    const dir = join(FIXTURE_IMAGES_DIR, name);
    const files = new Map<string, Buffer>();
    for (const path of listFiles(dir)) {
      const where = `${name}/${path}`;
      files.set(path, render(readFileSync(join(dir, path)), where));
    }
    const config = files.get('fixture.json');
    files.delete('fixture.json');
    const buildArgs = config ? (JSON.parse(config.toString('utf8')) as { buildArgs?: Record<string, string> }).buildArgs ?? {} : {};
    return { name, ref: `drydock-test/${name}:1`, files, buildArgs };
  });
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(dir, path) : [path];
    });
}

function render(content: Buffer, where: string): Buffer {
  if (content.includes(0)) return content;
  const text = content.toString('utf8').replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    const value = (FIXTURE_SECRETS as Record<string, string>)[name];
    if (value === undefined) throw new Error(`${where}: unknown placeholder {{${name}}}`);
    return value;
  });
  return Buffer.from(text, 'utf8');
}

function cacheKey(fixtures: Fixture[], tools: Tools): string {
  const hash = createHash('sha256');
  const add = (label: string, value: string | Buffer) => hash.update(`${label}\0${value.length}\0`).update(value);
  add('helper', readFileSync(HERE));
  add('engine', tools.serverVersion);
  add('skopeo', spawnSync(tools.skopeo, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  add('busybox', readFileSync(tools.busybox));
  add('setcap', readFileSync(tools.setcap));
  for (const fixture of fixtures) {
    add('fixture', fixture.name);
    for (const [path, content] of fixture.files) add(path, content);
    add('args', JSON.stringify(fixture.buildArgs));
  }
  return hash.digest('hex').slice(0, 16);
}

async function buildFixture(tools: Tools, fixture: Fixture, out: FixtureImage): Promise<void> {
  const context = await mkdtemp(join(tmpdir(), 'drydock-test-image-context-'));
  try {
    for (const [path, content] of fixture.files) {
      await mkdir(dirname(join(context, path)), { recursive: true });
      await writeFile(join(context, path), content);
    }
    await copyFile(tools.busybox, join(context, 'busybox'));
    await chmod(join(context, 'busybox'), 0o755);
    await copySetcapRoot(tools.setcap, join(context, 'setcap-root'));

    const args = ['build', '--network', 'none', '--force-rm', '--tag', fixture.ref];
    for (const [name, value] of Object.entries(fixture.buildArgs)) args.push('--build-arg', `${name}=${value}`);
    args.push('--file', join(context, 'Dockerfile'), context);
    await run(tools.docker, args, { DOCKER_BUILDKIT: '0' });

    const dir = dirname(out.dockerArchive);
    await mkdir(dir, { recursive: true });
    await writeFile(out.dockerfile, fixture.files.get('Dockerfile') ?? '');
    await run(tools.docker, ['save', '--output', out.dockerArchive, fixture.ref]);
    await chmod(out.dockerArchive, 0o644); // docker save writes 0600; tests may read it as another user
    await writeFile(imageIdFile(out), `${imageId(tools, fixture.ref)}\n`);
    const source = `docker-archive:${out.dockerArchive}`;
    const copy = (...args: string[]) => run(tools.skopeo, ['--insecure-policy', 'copy', '--quiet', ...args]);
    await copy(source, `docker-archive:${out.skopeoDockerArchive}:${fixture.ref}`);
    await copy(source, `oci-archive:${out.ociArchiveGzip}:${fixture.ref}`);
    await copy('--dest-compress-format', 'zstd', source, `oci-archive:${out.ociArchiveZstd}:${fixture.ref}`);
    await copy(source, `oci:${out.ociLayout}:${fixture.ref}`);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** setcap plus every library and the loader `ldd` lists, at their absolute paths under `root`. */
async function copySetcapRoot(setcap: string, root: string): Promise<void> {
  const ldd = await run('ldd', [setcap]);
  const paths = new Set([setcap]);
  for (const match of ldd.stdout.matchAll(/(?:^|\s)(\/\S+)/g)) paths.add(match[1]!);
  for (const path of paths) {
    const target = join(root, relative('/', path));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(path, target); // follows symlinks: libcap.so.2 -> libcap.so.2.66 arrives as a file
    await chmod(target, (await stat(path)).mode & 0o777);
  }
}

/** Runs one step of the build; a failure carries the command and the tail of its output. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) return resolve({ stdout, stderr });
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail}`));
    });
  });
}

/**
 * Holds a lock folder while `fn` runs, so parallel test workers build once. A lock whose owner
 * process is gone (a run killed mid-build) is taken over.
 */
async function withLock(lock: string, fn: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 900_000;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the fixture image lock ${lock}`);
      const owner = await lockOwner(lock);
      // Read twice around the liveness check, so a lock just taken over by another waiter survives.
      if (owner > 0 && !isAlive(owner) && (await lockOwner(lock)) === owner) await rm(lock, { recursive: true, force: true });
      await sleep(500);
    }
  }
  try {
    await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function lockOwner(lock: string): Promise<number> {
  return Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => '')) || 0;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
