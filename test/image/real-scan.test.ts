import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageFinding } from '../../src/engine/finding.js';
import { scanImageModel } from '../../src/engine/scan.js';
import { buildDockerfileModel } from '../../src/dockerfile/model.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { openImage } from '../../src/image/open.js';
import { CLI, ensureBuilt } from '../cli/helpers.js';
import { buildFixtureImages, describeWithDocker, FIXTURE_SECRETS, type FixtureImage } from './docker-images.js';

/** Findings as `rule path@layer`, sorted: the same image in every layout must give the same lines. */
function summary(findings: readonly ImageFinding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.location.path ?? '-'}@${f.location.layer?.index ?? '-'}`).sort();
}

// The exact facts of test/fixtures/images/README.md, as findings.
const LAYERS_FINDINGS = [
  'empty-password etc/shadow@10',
  'file-capabilities usr/local/bin/bindish@8',
  'file-capabilities usr/local/bin/pingish@7',
  'secret-in-deleted-layer opt/app/aws-credentials@15',
  'secret-in-deleted-layer opt/app/aws-credentials@15',
  'secret-in-deleted-layer opt/app/config/credentials.env@13',
  'secret-in-deleted-layer opt/app/github-token@11',
  'secret-in-env -@-',
  'secret-in-history -@18',
  'setuid-setgid usr/local/bin/setgid-tool@2',
  'setuid-setgid usr/local/bin/setuid-setgid-tool@2',
  'setuid-setgid usr/local/bin/setuid-tool-link@2',
  'setuid-setgid usr/local/bin/setuid-tool@2',
  'sudo usr/bin/sudo@17',
  'world-writable srv/shared/dir-0777@9',
  'world-writable srv/shared/file-0666@9',
  'world-writable srv/shared/file-0777@9',
];
// skopeo's OCI conversion drops Healthcheck from the config (see the fixture README).
const WITHOUT_HEALTHCHECK = [...LAYERS_FINDINGS, 'missing-healthcheck -@-'].sort();

describeWithDocker('scan of real engine-built images', () => {
  let images: Record<string, FixtureImage>;
  beforeAll(async () => {
    images = await buildFixtureImages();
    ensureBuilt();
  }, 300_000);

  const scan = async (target: string): Promise<ImageFinding[]> =>
    scanImageModel(await openImage(target, { cwd: '/', env: process.env }));

  describe('the layers fixture gives its exact facts in every layout and compression', () => {
    it('docker save (Docker 20.10, legacy layout)', async () => {
      expect(summary(await scan(images.layers!.dockerArchive))).toEqual(LAYERS_FINDINGS);
    });
    it("skopeo's docker-archive (symlinked layer.tar)", async () => {
      expect(summary(await scan(images.layers!.skopeoDockerArchive))).toEqual(LAYERS_FINDINGS);
    });
    it('OCI archive, gzip', async () => {
      expect(summary(await scan(images.layers!.ociArchiveGzip))).toEqual(WITHOUT_HEALTHCHECK);
    });
    it('OCI archive, zstd', async () => {
      expect(summary(await scan(images.layers!.ociArchiveZstd))).toEqual(WITHOUT_HEALTHCHECK);
    });
    it('OCI layout folder', async () => {
      expect(summary(await scan(images.layers!.ociLayout))).toEqual(WITHOUT_HEALTHCHECK);
    });
    it('docker:<ref> from the engine', async () => {
      expect(summary(await scan(`docker:${images.layers!.ref}`))).toEqual(LAYERS_FINDINGS);
    });
  });

  describe('details', () => {
    let findings: ImageFinding[];
    beforeAll(async () => {
      findings = await scan(images.layers!.dockerArchive);
    });

    it('decodes capabilities as getcap prints them', () => {
      const caps = findings.filter((f) => f.ruleId === 'file-capabilities').map((f) => `${f.location.path} ${String(f.properties?.capabilities)}`);
      expect(caps.sort()).toEqual(['usr/local/bin/bindish cap_net_bind_service,cap_net_admin=ep', 'usr/local/bin/pingish cap_net_raw=ep']);
    });

    it('says how each hidden secret was hidden, and by which layer', () => {
      const hidden = findings
        .filter((f) => f.ruleId === 'secret-in-deleted-layer')
        .map((f) => `${f.location.path} ${String(f.properties?.removal)}@${String(f.properties?.removedBy)}`);
      expect([...new Set(hidden)].sort()).toEqual([
        'opt/app/aws-credentials overwritten@16',
        'opt/app/config/credentials.env opaque@14',
        'opt/app/github-token deleted@12',
      ]);
    });

    it('the setuid file that lost its bit and the one deleted later are not reported', () => {
      const paths = findings.map((f) => f.location.path);
      expect(paths).not.toContain('usr/local/bin/setuid-cleared');
      expect(paths).not.toContain('usr/local/bin/setuid-deleted');
      expect(paths).not.toContain('usr/local/share/setuid-dir');
    });

    it('the busybox base has only its config findings: no false positive in a real root filesystem', async () => {
      expect(summary(await scan(images.busybox!.dockerArchive))).toEqual(['missing-healthcheck -@-', 'root-user -@-']);
    });
  });

  describe('the CLI', () => {
    it('prints the summary tables and the findings by layer; no secret appears in any format', () => {
      const target = images.layers!.dockerArchive;
      const stylish = spawnSync(process.execPath, [CLI, 'scan', target, '--no-color'], { encoding: 'utf8' });
      expect(stylish.status).toBe(1);
      expect(stylish.stderr).toBe('');
      expect(stylish.stdout).toMatch(/^drydock-test\/layers:1 {2}docker-archive, 19 layers, [\d,]+ files$/m);
      expect(stylish.stdout).toMatch(/^ {2}layer +size +entries +findings +created by$/m);
      expect(stylish.stdout).toMatch(/^layer 11 {2}sha256:[0-9a-f]{12} {2}COPY file:[0-9a-f]{8}… in \/opt\/app\/github-token$/m);
      expect(stylish.stdout).toMatch(/^image config$/m);
      expect(stylish.stdout).toMatch(/✖ 17 problems \(\d+ errors?, \d+ warnings?, \d+ notes?\)/);
      const json = spawnSync(process.execPath, [CLI, 'scan', target, '-f', 'json'], { encoding: 'utf8' });
      expect(json.status).toBe(1);
      expect(summary((JSON.parse(json.stdout) as { findings: ImageFinding[] }).findings)).toEqual(LAYERS_FINDINGS);
      for (const secret of Object.values(FIXTURE_SECRETS)) {
        expect(stylish.stdout).not.toContain(secret);
        expect(json.stdout).not.toContain(secret);
      }
    });
  });

  describe('--dockerfile maps findings to the lines that caused them', () => {
    /** `rule path → the Dockerfile line's first words`, for every finding. */
    async function mapped(archive: string, dockerfilePath: string): Promise<string[]> {
      const text = readFileSync(dockerfilePath, 'utf8');
      const lines = text.split('\n');
      const model = buildDockerfileModel(parseDockerfile(text));
      const image = await openImage(archive, { cwd: '/', env: process.env });
      return scanImageModel(image, { dockerfile: { file: 'Dockerfile', model } })
        .map((f) => `${f.ruleId} ${f.location.path ?? '-'} → ${f.location.dockerfile ? lines[f.location.dockerfile.line - 1]!.slice(0, 40) : 'unmapped'}`)
        .sort();
    }

    it('legacy builder history (`/bin/sh -c #(nop) …`)', async () => {
      const lines = await mapped(images.layers!.dockerArchive, images.layers!.dockerfile);
      expect(lines.filter((l) => l.includes('unmapped'))).toEqual([]);
      expect(lines.find((l) => l.startsWith('secret-in-deleted-layer opt/app/github-token'))).toMatch(/→ COPY secrets\/github-token \/opt\/app/);
      expect(lines.find((l) => l.startsWith('sudo '))).toMatch(/→ RUN cp \/bin\/busybox \/usr\/bin\/sudo/);
      expect(lines.find((l) => l.startsWith('file-capabilities usr/local/bin/pingish'))).toMatch(/→ RUN printf '#!\/bin\/sh\\necho ping/);
      expect(lines.find((l) => l.startsWith('secret-in-env'))).toMatch(/→ ENV API_TOKEN=/);
      expect(lines.find((l) => l.startsWith('secret-in-history'))).toMatch(/→ RUN test -n "\$DB_PASSWORD"/);
    });

    it('BuildKit history (`RUN /bin/sh -c … # buildkit`)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'drydock-bk-'));
      try {
        writeFileSync(join(dir, 'token.txt'), `token=${FIXTURE_SECRETS.GITHUB_TOKEN}\n`);
        const dockerfile = [
          `FROM ${images.busybox!.ref}`,
          `ENV APP_HOME=/opt/app API_KEY=${FIXTURE_SECRETS.API_TOKEN}`,
          'WORKDIR /opt/app',
          'COPY token.txt /opt/app/token.txt',
          'RUN cp /bin/busybox /usr/bin/su-copy && chmod 4755 /usr/bin/su-copy && \\',
          '    mkdir -p /srv/x',
          'RUN rm /opt/app/token.txt',
          'USER root',
          '',
        ].join('\n');
        writeFileSync(join(dir, 'Dockerfile'), dockerfile);
        const tag = 'drydock-test/buildkit-map:1';
        const build = spawnSync('/usr/bin/docker', ['build', '--network', 'none', '-t', tag, dir], { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '1' } });
        expect(build.status, build.stderr).toBe(0);
        const save = spawnSync('/usr/bin/docker', ['save', '-o', join(dir, 'image.tar'), tag], { encoding: 'utf8' });
        expect(save.status, save.stderr).toBe(0);
        const history = spawnSync('/usr/bin/docker', ['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag], { encoding: 'utf8' }).stdout;
        expect(history).toMatch(/^RUN \/bin\/sh -c rm \/opt\/app\/token\.txt # buildkit$/m);
        expect(await mapped(join(dir, 'image.tar'), join(dir, 'Dockerfile'))).toEqual([
          'missing-healthcheck - → FROM drydock-test/busybox:1',
          'root-user - → USER root',
          'secret-in-deleted-layer opt/app/token.txt → COPY token.txt /opt/app/token.txt',
          'secret-in-env - → ENV APP_HOME=/opt/app API_KEY=' + FIXTURE_SECRETS.API_TOKEN.slice(0, 10),
          'setuid-setgid usr/bin/su-copy → RUN cp /bin/busybox /usr/bin/su-copy && ',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });
});
