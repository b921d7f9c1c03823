#!/usr/bin/env node
// `drydock scan` of a real ~1 GB image (Debian bookworm with a C/C++ toolchain, plus 4 layers of a
// legacy `docker build` that write, delete and copy files), next to the plain I/O floor of reading the
// same bytes with standard tools. Reports median wall time, peak RSS and the ratio to each floor.
//
//   node bench/scan.mjs [--runs N] [--rebuild] [--keep | --no-keep]
//
// Opt-in (`node bench/run.mjs --scan`): building the image needs root, debootstrap, network access to
// deb.debian.org and a Docker engine ($DOCKER_HOST, else unix:///run/drydock-test-docker.sock; see
// ../shared/design/TEST-IMAGES.md). The image and its archives are built once and cached under
// $TMPDIR/drydock-bench-scan/<version>/, never in the repository; later runs only need the cache
// (no root, no engine). --rebuild builds everything again; --no-keep deletes the cache folder and
// the engine's images after the run.
//
// What is built:
//   1. debootstrap --variant=minbase --include=<toolchain> bookworm → `docker import` (one GNU-tar layer);
//   2. FROM it, with the legacy builder and --network none: a RUN that writes files (a fake AWS key
//      among them), a RUN that deletes files and folders (whiteouts, an opaque folder), a COPY, a RUN
//      that adds a user and chowns the copied files;
//   3. `docker save` (Docker 20.10: legacy layout, uncompressed layers), then skopeo to an OCI archive
//      with gzip layers and one with zstd layers; the layer blobs of both are unpacked once for the
//      floors.
//
// What is timed (one warm-up run of each first, to fill the page cache; then --runs interleaved runs):
//   - floors: `cat image.tar > /dev/null`, `tar -xOf image.tar --wildcards '*/layer.tar' | wc -c`,
//     `cat <gzip layer blobs> | pigz -dc | wc -c`, `zstd -dc <zstd layer blobs> | wc -c`;
//   - `node dist/drydock.js scan <archive> -f json -o /dev/null --fail-on none` on each archive, under
//     `/usr/bin/time -f '%e %M %U %S'` for peak RSS and CPU time (without it, peak RSS comes from
//     polling /proc/<pid>/status VmHWM);
//   - once, after the interleaved runs: the zstd archive with DRYDOCK_ZSTD=js (pure-JS fzstd).
//
// Targets: scan of the docker save tar within 4× the tar floor; OCI gzip and zstd archives
// within 1.5× of pigz / zstd; peak RSS under 300 MiB.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { drydockBin, environmentLine, fail, markdownTable, median, positiveInt, repoRoot, requireBuild, timeRun } from './lib.mjs';

// --- what is built, and where it is cached -----------------------------------------------------------
/** Bump when anything below changes what gets built: it names the cache folder and the image tags. */
const VERSION = 'v1';
const SUITE = 'bookworm';
const MIRROR = 'http://deb.debian.org/debian';
/** debootstrap resolves their Depends (not Recommends): about 1 GB installed. */
const TOOLCHAIN = ['build-essential', 'gcc', 'g++', 'python3', 'python3-dev', 'perl', 'git', 'cmake', 'clang'];
const BASE_TAG = `drydock-bench/debian-toolchain:${VERSION}`;
const APP_TAG = `drydock-bench/scan-app:${VERSION}`;
const DEFAULT_DOCKER_HOST = 'unix:///run/drydock-test-docker.sock';

const TARGETS = { tarRatio: 4, ociRatio: 1.5, rssMiB: 300 };

const usage = [
  'usage: node bench/scan.mjs [--runs N] [--rebuild] [--keep | --no-keep]',
  '  --runs N     timed runs of each command, median reported (default 3)',
  '  --rebuild    build the image and its archives again, even when cached',
  '  --keep       keep the cached image files and engine images after the run (the default)',
  '  --no-keep    delete them after the run',
  `  cache: ${join(tmpdir(), 'drydock-bench-scan', VERSION)}; building needs root, debootstrap and a Docker engine`,
].join('\n');

let flags;
try {
  ({ values: flags } = parseArgs({
    args: process.argv.slice(2),
    options: {
      runs: { type: 'string', default: '3' },
      rebuild: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: true },
      'no-keep': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  console.error(`bench: ${error.message}\n${usage}`);
  process.exit(2);
}
if (flags.help) {
  console.log(usage);
  process.exit(0);
}
const runs = positiveInt(flags.runs, 'runs');
const keep = !flags['no-keep'];
requireBuild();

const cacheRoot = join(tmpdir(), 'drydock-bench-scan');
const cache = join(cacheRoot, VERSION);
const files = {
  dockerTar: join(cache, 'image.tar'),
  ociGzip: join(cache, 'oci-gzip.tar'),
  ociZstd: join(cache, 'oci-zstd.tar'),
  blobsGzip: join(cache, 'blobs-gzip'),
  blobsZstd: join(cache, 'blobs-zstd'),
  meta: join(cache, 'meta.json'),
  baseDone: join(cache, 'base.done.json'),
  appDone: join(cache, 'app.done.json'),
  log: join(cache, 'build.log'),
};
const dockerHost = process.env.DOCKER_HOST || DEFAULT_DOCKER_HOST;
const dockerBin = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

// --- small helpers -----------------------------------------------------------------------------------
const MiB = 1024 * 1024;
const fmtMiB = (bytes) =>
  bytes >= 1024 * MiB
    ? `${(bytes / 1024 / MiB).toFixed(2)} GiB`
    : bytes >= MiB
      ? `${(bytes / MiB).toFixed(1)} MiB`
      : `${(bytes / 1024).toFixed(1)} KiB`;
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtInt = (n) => n.toLocaleString('en-US');
const fmtRatio = (r) => `${r.toFixed(2)}×`;
const sh = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`;

function which(name) {
  const r = spawnSync('bash', ['-c', `command -v ${sh(name)}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * Runs one build step, appending its output to build.log. A failure stops the benchmark with one
 * line and the tail of the log.
 */
function step(label, command, args, { env = {}, input } = {}) {
  const started = Date.now();
  writeFileSync(files.log, `\n=== ${label}: ${[command, ...args].join(' ')}\n`, { flag: 'a' });
  const log = openSync(files.log, 'a');
  let result;
  try {
    result = spawnSync(command, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', log, log],
      input,
      env: { ...process.env, DOCKER_HOST: dockerHost, ...env },
    });
  } finally {
    closeSync(log);
  }
  const seconds = (Date.now() - started) / 1000;
  if (result.error || result.status !== 0) {
    const tail = readFileSync(files.log, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    fail(`build step "${label}" failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}); full log: ${files.log}\n${tail}`);
  }
  console.error(`bench: ${label}: ${seconds.toFixed(1)} s`);
  return seconds;
}

function docker(args, options = {}) {
  return spawnSync(dockerBin, args, { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: dockerHost }, ...options });
}

function imageExists(tag) {
  return docker(['image', 'inspect', '--format', '{{.Id}}', tag]).status === 0;
}

// --- tar headers, read in place (no extraction) -----------------------------------------------------
/** Reads a tar numeric field: octal text, or GNU base-256 when the high bit is set. */
function tarNumber(buf) {
  if (buf[0] & 0x80) {
    let n = 0;
    for (let i = 1; i < buf.length; i++) n = n * 256 + buf[i];
    return n;
  }
  const text = buf.toString('latin1').replace(/\0.*$/s, '').trim();
  return text ? parseInt(text, 8) : 0;
}

/** Yields { name, type, size, offset } for each entry of the tar held in fd between start and end. */
function* tarEntries(fd, start = 0, end = Infinity) {
  const header = Buffer.alloc(512);
  let pos = start;
  let longName;
  let paxPath;
  const readAt = (length, at) => {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, at + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  };
  while (pos + 512 <= end) {
    if (readSync(fd, header, 0, 512, pos) < 512) return;
    if (header.every((b) => b === 0)) return;
    const size = tarNumber(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 48);
    const data = pos + 512;
    pos = data + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = readAt(size, data).toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      const pax = readAt(size, data).toString('utf8');
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(pax);
      if (m) paxPath = m[1];
      continue;
    }
    if (type === 'g' || type === 'K') continue;
    let name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const magic = header.subarray(257, 263).toString('latin1');
    const prefix = magic.startsWith('ustar') ? header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '') : '';
    if (prefix && magic === 'ustar\0') name = `${prefix}/${name}`;
    name = paxPath ?? longName ?? name;
    paxPath = longName = undefined;
    yield { name, type, size, offset: data };
  }
}

const cleanPath = (name) => name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');

/** Per-layer and final-filesystem counts of a `docker save` (legacy layout) archive. */
function describeDockerSave(path) {
  const fd = openSync(path, 'r');
  try {
    const outer = new Map();
    for (const e of tarEntries(fd)) outer.set(cleanPath(e.name), e);
    const readEntry = (name) => {
      const e = outer.get(cleanPath(name));
      if (!e) fail(`${path} has no ${name}`);
      const buf = Buffer.alloc(e.size);
      readSync(fd, buf, 0, e.size, e.offset);
      return buf;
    };
    const manifest = JSON.parse(readEntry('manifest.json').toString('utf8'))[0];
    const config = JSON.parse(readEntry(manifest.Config).toString('utf8'));
    const steps = (config.history ?? []).filter((h) => !h.empty_layer).map((h) => h.created_by || h.comment || '');
    const fsMap = new Map(); // path → type of the final filesystem
    const removeTree = (dir) => {
      for (const key of fsMap.keys()) if (key === dir || key.startsWith(`${dir}/`)) fsMap.delete(key);
    };
    const layers = manifest.Layers.map((layerName, index) => {
      const e = outer.get(cleanPath(layerName));
      if (!e) fail(`${path} has no ${layerName}`);
      const layer = { index: index + 1, bytes: e.size, entries: 0, files: 0, whiteouts: 0, opaque: 0, step: steps[index] ?? '' };
      const added = [];
      for (const inner of tarEntries(fd, e.offset, e.offset + e.size)) {
        layer.entries++;
        const name = cleanPath(inner.name);
        const slash = name.lastIndexOf('/');
        const dir = slash < 0 ? '' : name.slice(0, slash);
        const base = name.slice(slash + 1);
        if (base === '.wh..wh..opq') {
          layer.opaque++;
          for (const key of fsMap.keys()) if (dir === '' || key.startsWith(`${dir}/`)) fsMap.delete(key);
        } else if (base.startsWith('.wh.')) {
          layer.whiteouts++;
          removeTree(dir ? `${dir}/${base.slice(4)}` : base.slice(4));
        } else {
          if ('01\0'.includes(inner.type) || inner.type === '7') layer.files++;
          if (name) added.push([name, inner.type]);
        }
      }
      for (const [name, type] of added) fsMap.set(name, type);
      return layer;
    });
    let finalFiles = 0;
    for (const type of fsMap.values()) if ('01\0'.includes(type) || type === '7') finalFiles++;
    return { layers, finalEntries: fsMap.size, finalFiles, user: config.config?.User ?? '' };
  } finally {
    closeSync(fd);
  }
}

/** The layer blobs (in manifest order) of an OCI archive unpacked into `dir`. */
function ociLayerBlobs(dir) {
  const blob = (digest) => join(dir, 'blobs', ...digest.split(':'));
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  return manifest.layers.map((l) => ({ path: blob(l.digest), bytes: statSync(blob(l.digest)).size, mediaType: l.mediaType }));
}

// --- build (once) ------------------------------------------------------------------------------------
let debootstrapBin;
function checkBuildSetup() {
  if (process.getuid?.() !== 0) fail('building the benchmark image needs root (debootstrap, the Docker socket); run as root, or run once as root to fill the cache');
  debootstrapBin = existsSync('/usr/sbin/debootstrap') ? '/usr/sbin/debootstrap' : which('debootstrap');
  if (!debootstrapBin) fail('debootstrap is not installed; apt-get install -y debootstrap');
  for (const tool of ['skopeo', 'tar']) if (!which(tool)) fail(`${tool} is not installed; apt-get install -y ${tool}`);
  if (!which(dockerBin)) fail('no docker client; apt-get install -y docker.io (its /usr/bin/docker does the legacy builder)');
  const version = docker(['version', '--format', '{{.Server.Version}}']);
  if (version.status !== 0) {
    console.error(
      [
        `bench: no Docker engine answers at DOCKER_HOST=${dockerHost}; start a private one (see ../shared/design/TEST-IMAGES.md):`,
        '  dockerd --host unix:///run/drydock-test-docker.sock --data-root /var/lib/drydock-test-docker \\',
        '    --exec-root /run/drydock-test-docker --pidfile /run/drydock-test-docker.pid \\',
        '    --bridge=none --iptables=false --ip-masq=false &   # then poll `docker version` until it answers',
        '  export DOCKER_HOST=unix:///run/drydock-test-docker.sock',
      ].join('\n'),
    );
    process.exit(2);
  }
  return version.stdout.trim();
}

const APP_DOCKERFILE = `FROM ${BASE_TAG}
# layer 2: writes files; the .env (a random fake AWS key id) is deleted again by the next layer
RUN mkdir -p /opt/app/data /opt/app/cache \\
 && for i in $(seq 1 64); do head -c 65536 /dev/urandom > /opt/app/data/blob-$i.bin; done \\
 && cp -a /usr/share/perl /opt/app/cache/perl \\
 && python3 -c 'import random; a="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"; print("AWS_ACCESS_KEY_ID=AKIA" + "".join(random.choice(a) for _ in range(16)))' > /opt/app/.env \\
 && echo 'export PATH=/opt/app/bin:$PATH' >> /etc/profile
# layer 3: deletes files and folders (whiteouts), and empties a folder (opaque)
RUN rm -rf /usr/share/doc/* /usr/share/man /usr/share/info /opt/app/.env /opt/app/data/blob-1*.bin \\
 && rm -rf /opt/app/cache && mkdir /opt/app/cache && echo cleaned > /opt/app/cache/README
# layer 4
COPY app/ /opt/app/src/
# layer 5: a user, and the copied files chowned to it (a copy-up of every file of layer 4)
RUN useradd --create-home --uid 10001 app && chown -R app:app /opt/app/src /opt/app/cache
USER app
WORKDIR /opt/app
`;

function writeAppContext(dir) {
  const app = join(dir, 'app');
  mkdirSync(join(app, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), APP_DOCKERFILE);
  writeFileSync(join(app, 'main.py'), 'from lib import util\n\nif __name__ == "__main__":\n    print(util.greet("world"))\n');
  writeFileSync(join(app, 'lib', '__init__.py'), '');
  writeFileSync(join(app, 'lib', 'util.py'), 'def greet(name):\n    return f"hello, {name}"\n');
  for (let i = 0; i < 200; i++) {
    writeFileSync(join(app, 'lib', `mod_${i}.c`), `/* generated */\nint f_${i}(int x) { return x * ${i} + 1; }\n`.repeat(40));
  }
  writeFileSync(join(app, 'config.yaml'), 'listen: 0.0.0.0:8080\nlog_level: info\n');
}

function build() {
  const setup = checkBuildSetup();
  mkdirSync(cache, { recursive: true });
  const times = {};
  console.error(`bench: building the benchmark image in ${cache} (engine ${setup} at ${dockerHost}); log: ${files.log}`);

  // 1. the base image: debootstrap → import
  let base = existsSync(files.baseDone) && imageExists(BASE_TAG) ? JSON.parse(readFileSync(files.baseDone, 'utf8')) : undefined;
  if (!base) {
    const rootfs = join(cache, 'rootfs');
    rmSync(rootfs, { recursive: true, force: true });
    times.debootstrap = step('debootstrap', debootstrapBin, [
      '--variant=minbase',
      `--include=${TOOLCHAIN.join(',')}`,
      SUITE,
      rootfs,
      MIRROR,
    ]);
    const clean = [
      `rm -rf ${sh(rootfs)}/var/lib/apt/lists/* ${sh(rootfs)}/var/cache/apt/*.bin ${sh(rootfs)}/var/cache/apt/archives/*.deb`,
      `find ${sh(`${rootfs}/dev`)} -mindepth 1 \\( -type b -o -type c \\) -delete`,
    ].join(' && ');
    step('clean rootfs', 'bash', ['-c', clean]);
    const du = spawnSync('du', ['-sb', rootfs], { encoding: 'utf8' });
    const rootfsBytes = Number(du.stdout.split('\t')[0]);
    times.import = step('docker import', 'bash', [
      '-c',
      `set -o pipefail; tar --numeric-owner -C ${sh(rootfs)} -c . | ${sh(dockerBin)} import - ${sh(BASE_TAG)}`,
    ]);
    rmSync(rootfs, { recursive: true, force: true });
    base = { times, rootfsBytes, packages: TOOLCHAIN };
    writeFileSync(files.baseDone, JSON.stringify(base, null, 2));
  }

  // 2. the app image: legacy builder, no network
  let app = existsSync(files.appDone) && imageExists(APP_TAG) ? JSON.parse(readFileSync(files.appDone, 'utf8')) : undefined;
  if (!app) {
    const context = join(cache, 'context');
    rmSync(context, { recursive: true, force: true });
    writeAppContext(context);
    const seconds = step('docker build', dockerBin, ['build', '--network', 'none', '-t', APP_TAG, context], {
      env: { DOCKER_BUILDKIT: '0' },
    });
    rmSync(context, { recursive: true, force: true });
    app = { seconds };
    writeFileSync(files.appDone, JSON.stringify(app, null, 2));
    for (const f of [files.dockerTar, files.ociGzip, files.ociZstd]) rmSync(f, { force: true });
  }

  // 3. archives, each written under a temporary name and renamed when complete
  const save = {};
  if (!existsSync(files.dockerTar)) {
    save.docker = step('docker save', dockerBin, ['save', '-o', `${files.dockerTar}.part`, APP_TAG]);
    renameSync(`${files.dockerTar}.part`, files.dockerTar);
  }
  for (const [key, path, extra] of [
    ['gzip', files.ociGzip, []],
    ['zstd', files.ociZstd, ['--dest-compress', '--dest-compress-format', 'zstd']],
  ]) {
    if (existsSync(path)) continue;
    rmSync(`${path}.part`, { force: true });
    save[key] = step(`skopeo copy (${key})`, 'skopeo', [
      'copy',
      '--quiet',
      ...extra,
      `docker-archive:${files.dockerTar}`,
      `oci-archive:${path}.part:${APP_TAG.split(':')[0]}:${VERSION}`,
    ]);
    renameSync(`${path}.part`, path);
  }
  for (const [archive, dir] of [
    [files.ociGzip, files.blobsGzip],
    [files.ociZstd, files.blobsZstd],
  ]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    step(`unpack ${relative(cache, archive)}`, 'tar', ['-xf', archive, '-C', dir]);
  }

  const meta = {
    version: VERSION,
    builtAt: new Date().toISOString(),
    engine: setup,
    base,
    app,
    save,
  };
  writeFileSync(files.meta, JSON.stringify(meta, null, 2));
  return meta;
}

function loadCache() {
  if (!existsSync(files.meta)) return undefined;
  for (const f of [files.dockerTar, files.ociGzip, files.ociZstd, files.blobsGzip, files.blobsZstd]) {
    if (!existsSync(f)) return undefined;
  }
  return JSON.parse(readFileSync(files.meta, 'utf8'));
}

if (flags.rebuild) {
  checkBuildSetup(); // before deleting anything
  rmSync(cache, { recursive: true, force: true });
  for (const tag of [APP_TAG, BASE_TAG]) docker(['image', 'rm', '--force', tag]);
}
let meta = loadCache();
const builtNow = !meta;
if (!meta) {
  // A half-built cache keeps its finished steps (base.done.json, app.done.json, complete archives).
  rmSync(files.meta, { force: true });
  meta = build();
}

// Read from the archive's tar headers on every run (well under a second), so it never goes stale.
meta.image = describeDockerSave(files.dockerTar);
const gzipBlobs = ociLayerBlobs(files.blobsGzip);
const zstdBlobs = ociLayerBlobs(files.blobsZstd);
if (gzipBlobs.length !== meta.image.layers.length || zstdBlobs.length !== meta.image.layers.length) {
  fail(`layer counts disagree: docker save ${meta.image.layers.length}, OCI gzip ${gzipBlobs.length}, OCI zstd ${zstdBlobs.length}; run with --rebuild`);
}
const uncompressedBytes = meta.image.layers.reduce((sum, l) => sum + l.bytes, 0);

// --- measuring -------------------------------------------------------------------------------------
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
if (!timeBin) console.error('bench: /usr/bin/time not found (apt-get install -y time); peak RSS comes from polling /proc/<pid>/status VmHWM');
for (const tool of ['pigz', 'zstd']) if (!which(tool)) fail(`${tool} is not installed; apt-get install -y ${tool}`);

const work = mkdtempSync(join(tmpdir(), 'drydock-bench-scan-run-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const node = process.execPath;
const bin = relative(repoRoot, drydockBin);

/** Runs drydock scan once: wall ms (around the spawn, as timeRun does) and peak RSS in bytes. */
async function runDrydock(target, { env = {}, report = '/dev/null' } = {}) {
  const args = [drydockBin, 'scan', target, '-f', 'json', '-o', report, '--fail-on', 'none'];
  const childEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env };
  if (timeBin) {
    const timeFile = join(work, 'time.txt');
    const start = process.hrtime.bigint();
    const r = spawnSync(timeBin, ['-f', '%e %M %U %S', '-o', timeFile, node, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: childEnv,
      maxBuffer: 64 * MiB,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.error) throw r.error;
    if (r.status !== 0) fail(`drydock scan ${target} exited with ${r.status ?? r.signal}\n${String(r.stderr).trim().split('\n').slice(0, 5).join('\n')}`);
    const [, kib, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ');
    // CPU counts the child processes drydock waited for (the zstd CLI) as well.
    return { ms, rss: Number(kib) * 1024, cpuMs: (Number(user) + Number(sys)) * 1000 };
  }
  return new Promise((resolve) => {
    let hwm = 0;
    let stderr = '';
    const start = process.hrtime.bigint();
    const child = spawn(node, args, { stdio: ['ignore', 'ignore', 'pipe'], env: childEnv });
    child.stderr.on('data', (d) => (stderr += d));
    const poll = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwm = Math.max(hwm, Number(m[1]) * 1024);
      } catch {}
    };
    const timer = setInterval(poll, 5);
    child.on('exit', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      clearInterval(timer);
      if (code !== 0) fail(`drydock scan ${target} exited with ${code ?? signal}\n${stderr.trim().split('\n').slice(0, 5).join('\n')}`);
      resolve({ ms, rss: hwm, cpuMs: NaN });
    });
  });
}

const shellRun = (script, stdoutPath) => timeRun('bash', ['-c', `set -o pipefail; ${script}`], { stdoutPath });
const blobList = (blobs) => blobs.map((b) => sh(b.path)).join(' ');

const cases = [
  { key: 'cat', label: '`cat image.tar > /dev/null`', floor: true, script: `cat ${sh(files.dockerTar)} > /dev/null`, bytes: statSync(files.dockerTar).size },
  { key: 'tarFloor', label: "`tar -xOf image.tar --wildcards '*/layer.tar' \\| wc -c`", floor: true, script: `tar -xOf ${sh(files.dockerTar)} --wildcards '*/layer.tar' | wc -c`, count: true },
  { key: 'dockerTar', label: `\`drydock scan image.tar\` (docker save)`, target: files.dockerTar },
  { key: 'pigzFloor', label: '`cat <gzip layer blobs> \\| pigz -dc \\| wc -c`', floor: true, script: `cat ${blobList(gzipBlobs)} | pigz -dc | wc -c`, count: true },
  { key: 'ociGzip', label: '`drydock scan oci-gzip.tar`', target: files.ociGzip },
  { key: 'zstdFloor', label: '`zstd -dc <zstd layer blobs> \\| wc -c`', floor: true, script: `zstd -qdc ${blobList(zstdBlobs)} | wc -c`, count: true },
  { key: 'ociZstd', label: '`drydock scan oci-zstd.tar`', target: files.ociZstd },
];
const byKey = Object.fromEntries(cases.map((c) => [c.key, c]));

const loadStart = loadavg().map((l) => l.toFixed(2)).join(' ');
// Warm-up: one untimed run of each, which also checks the floors' byte counts and reads the findings.
console.error(`bench: warm-up (${cases.length} commands), then ${runs} timed run(s) of each`);
const findings = {};
for (const c of cases) {
  c.times = [];
  c.rss = [];
  c.cpu = [];
  if (c.floor) {
    const out = join(work, 'floor.txt');
    shellRun(c.script, out);
    if (c.count) {
      const counted = Number(readFileSync(out, 'utf8').trim());
      if (counted !== uncompressedBytes) fail(`${c.label} read ${counted} bytes, but the layers hold ${uncompressedBytes}`);
    }
  } else {
    const report = join(work, `${c.key}.json`);
    await runDrydock(c.target, { report });
    const parsed = JSON.parse(readFileSync(report, 'utf8'));
    if (!Array.isArray(parsed.findings)) fail(`drydock scan ${c.target} did not write a JSON report with a findings array`);
    findings[c.key] = parsed.findings;
  }
}

for (let run = 0; run < runs; run++) {
  for (let i = 0; i < cases.length; i++) {
    const c = cases[(i + run) % cases.length];
    if (c.floor) {
      c.times.push(shellRun(c.script));
    } else {
      const { ms, rss, cpuMs } = await runDrydock(c.target);
      c.times.push(ms);
      c.rss.push(rss);
      c.cpu.push(cpuMs);
    }
  }
}
// The pure-JS zstd decoder, once (the page cache is warm by now).
const jsZstd = await runDrydock(files.ociZstd, { env: { DRYDOCK_ZSTD: 'js' } });
const cliZstdAvailable = which('zstd') !== undefined;
const [nodeMajor, nodeMinor] = process.versions.node.split('.').map(Number);
const nodeHasZstd = nodeMajor > 22 || (nodeMajor === 22 && nodeMinor >= 15);

// --- report ------------------------------------------------------------------------------------------
for (const c of cases) c.median = median(c.times);
const rule = (f) => f.ruleId ?? f.rule ?? f.id ?? '?';
const countByRule = (list) => {
  const counts = new Map();
  for (const f of list) counts.set(rule(f), (counts.get(rule(f)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};
const base = meta.base;
const buildSeconds = [
  ...Object.values(base.times ?? {}),
  meta.app?.seconds ?? 0,
  ...Object.values(meta.save ?? {}),
].reduce((a, b) => a + b, 0);

console.log(`## drydock scan of a ${fmtMiB(uncompressedBytes)} image (${runs} timed runs, median)\n`);
console.log(`${environmentLine()}; load average ${loadStart} before, ${loadavg().map((l) => l.toFixed(2)).join(' ')} after; cache ${cache}${builtNow ? ' (built in this run)' : ` (built ${meta.builtAt})`}\n`);

console.log('### The image\n');
const imageRows = [
  ['image', `\`${APP_TAG}\`: Debian ${SUITE} minbase + ${TOOLCHAIN.join(', ')}; 4 more layers from a legacy \`docker build\``],
  ['layers', String(meta.image.layers.length)],
  ['uncompressed (sum of layer tars)', fmtMiB(uncompressedBytes)],
  ['`docker save` tar', fmtMiB(statSync(files.dockerTar).size)],
  ['OCI archive, gzip layers', `${fmtMiB(statSync(files.ociGzip).size)} (layers ${fmtMiB(gzipBlobs.reduce((s, b) => s + b.bytes, 0))})`],
  ['OCI archive, zstd layers', `${fmtMiB(statSync(files.ociZstd).size)} (layers ${fmtMiB(zstdBlobs.reduce((s, b) => s + b.bytes, 0))})`],
  ['entries in all layers', fmtInt(meta.image.layers.reduce((s, l) => s + l.entries, 0))],
  ['final filesystem', `${fmtInt(meta.image.finalEntries)} entries, ${fmtInt(meta.image.finalFiles)} regular files (hardlinks included)`],
  ['whiteouts / opaque folders', `${fmtInt(meta.image.layers.reduce((s, l) => s + l.whiteouts, 0))} / ${fmtInt(meta.image.layers.reduce((s, l) => s + l.opaque, 0))}`],
  [
    'drydock findings',
    `${findings.dockerTar.length}: ${countByRule(findings.dockerTar)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ')}`,
  ],
  [
    'build time',
    `${fmtMs(buildSeconds * 1000)} in all (debootstrap ${fmtMs((base.times?.debootstrap ?? 0) * 1000)}, import ${fmtMs((base.times?.import ?? 0) * 1000)}, docker build ${fmtMs((meta.app?.seconds ?? 0) * 1000)}, save + 2 skopeo copies ${fmtMs(Object.values(meta.save ?? {}).reduce((a, b) => a + b, 0) * 1000)})`,
  ],
];
console.log(markdownTable(['', ''], imageRows));
console.log('');
const short = (s) => {
  const text = s.replace(/^\/bin\/sh -c (#\(nop\) )?/, '').replace(/\s+/g, ' ').trim();
  return `\`${(text.length > 60 ? `${text.slice(0, 57)}…` : text).replaceAll('|', '\\|').replaceAll('`', "'")}\``;
};
console.log(
  markdownTable(
    ['layer', 'tar size', 'gzip', 'zstd', 'entries', 'whiteouts', 'opaque', 'step'],
    meta.image.layers.map((l, i) => [
      String(l.index),
      fmtMiB(l.bytes),
      fmtMiB(gzipBlobs[i].bytes),
      fmtMiB(zstdBlobs[i].bytes),
      fmtInt(l.entries),
      fmtInt(l.whiteouts),
      fmtInt(l.opaque),
      short(l.step),
    ]),
  ),
);

console.log('\n### Timings\n');
const rowFor = (c) => [
  c.label,
  fmtMs(c.median),
  `${fmtMs(Math.min(...c.times))} – ${fmtMs(Math.max(...c.times))}`,
  `${((c.bytes ?? uncompressedBytes) / MiB / (c.median / 1000)).toFixed(0)}`,
  c.cpu.length && !Number.isNaN(c.cpu[0]) ? fmtMs(median(c.cpu)) : '',
  c.rss.length ? fmtMiB(Math.max(...c.rss)) : '',
];
const jsRow = [
  '`DRYDOCK_ZSTD=js drydock scan oci-zstd.tar` (fzstd, 1 run)',
  fmtMs(jsZstd.ms),
  '',
  `${(uncompressedBytes / MiB / (jsZstd.ms / 1000)).toFixed(0)}`,
  Number.isNaN(jsZstd.cpuMs) ? '' : fmtMs(jsZstd.cpuMs),
  fmtMiB(jsZstd.rss),
];
console.log(markdownTable(['command', 'median wall', 'min – max', 'MiB/s (uncompressed)', 'CPU (user+sys)', 'peak RSS'], [...cases.map(rowFor), jsRow]));
console.log(
  `\nMiB/s is the uncompressed layer bytes (${fmtMiB(uncompressedBytes)}) over the median; for \`cat\` it is the archive's own size. ` +
    'CPU is the median user+sys time of drydock and the processes it waited for (the zstd CLI); peak RSS is the highest of the runs, of the node process. ' +
    `drydock's zstd decoder by default: ${nodeHasZstd ? 'node' : cliZstdAvailable ? 'the zstd CLI (this Node has no zlib zstd)' : 'fzstd'}.`,
);

console.log('\n### Targets\n');
const maxRss = Math.max(...byKey.dockerTar.rss, ...byKey.ociGzip.rss, ...byKey.ociZstd.rss);
const verdict = (ok) => (ok ? '**MET**' : '**MISSED**');
const ratio = (a, b) => byKey[a].median / byKey[b].median;
const targetRows = [
  ['docker save tar within 4× of `tar -xOf … \\| wc -c`', fmtMs(byKey.dockerTar.median), fmtMs(byKey.tarFloor.median), fmtRatio(ratio('dockerTar', 'tarFloor')), `≤ ${TARGETS.tarRatio}×`, verdict(ratio('dockerTar', 'tarFloor') <= TARGETS.tarRatio)],
  ['OCI gzip within 1.5× of `pigz -dc \\| wc -c`', fmtMs(byKey.ociGzip.median), fmtMs(byKey.pigzFloor.median), fmtRatio(ratio('ociGzip', 'pigzFloor')), `≤ ${TARGETS.ociRatio}×`, verdict(ratio('ociGzip', 'pigzFloor') <= TARGETS.ociRatio)],
  ['OCI zstd within 1.5× of `zstd -dc \\| wc -c`', fmtMs(byKey.ociZstd.median), fmtMs(byKey.zstdFloor.median), fmtRatio(ratio('ociZstd', 'zstdFloor')), `≤ ${TARGETS.ociRatio}×`, verdict(ratio('ociZstd', 'zstdFloor') <= TARGETS.ociRatio)],
  ['peak RSS under 300 MiB (highest of the three scans)', fmtMiB(maxRss), '', '', `< ${TARGETS.rssMiB} MiB`, verdict(maxRss < TARGETS.rssMiB * MiB)],
];
console.log(markdownTable(['target', 'drydock', 'floor', 'ratio', 'limit', 'result'], targetRows));
console.log('');
for (const [label, , , r, limit, v] of targetRows) console.log(`- ${label.replaceAll('\\|', '|')}: ${r || fmtMiB(maxRss)} (limit ${limit}): ${v.replaceAll('*', '')}.`);
console.log(`- Not a target: the pure-JS zstd decoder took ${fmtMs(jsZstd.ms)}, ${fmtRatio(jsZstd.ms / byKey.zstdFloor.median)} the zstd floor, peak RSS ${fmtMiB(jsZstd.rss)}.`);
for (const [key, list] of Object.entries(findings)) {
  if (list.length !== findings.dockerTar.length) console.log(`- Note: ${key} gave ${list.length} findings, docker save tar ${findings.dockerTar.length}.`);
}

if (!keep) {
  rmSync(cache, { recursive: true, force: true });
  for (const tag of [APP_TAG, BASE_TAG]) docker(['image', 'rm', '--force', tag]);
  console.error(`bench: removed ${cache} and the images ${APP_TAG}, ${BASE_TAG} (--no-keep)`);
}
