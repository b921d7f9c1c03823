import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { buildDockerfileModel, type DockerfileModel } from '../dockerfile/model.js';
import { parseDockerfile } from '../dockerfile/parse.js';
import { ruleSettingFor } from '../engine/lint.js';
import { scanImageModel } from '../engine/scan.js';
import { RULES } from '../rules/index.js';
import { contentPolicy } from '../image/content.js';
import { openImage } from '../image/open.js';
import { ImageError } from '../image/types.js';
import type { ImageModel } from '../image/model.js';
import { formatReport } from '../report/index.js';
import type { ImageSummary } from '../report/types.js';
import type { CommonOptions } from './common-options.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { configFor, newConfigLoader } from './lint-file.js';
import { applyBaseline, loadBaseline } from './baseline-run.js';
import { checkSarifOptions, exitCodeFor, sarifContext, useColor, writeReport } from './lint-run.js';
import { readTextFile } from './read-input.js';
import { DRYDOCK_VERSION } from './version.js';

export interface ScanRunOptions extends CommonOptions {
  target: string;
  platform: string | undefined;
  dockerfile: string | undefined;
}

/** Runs `drydock scan` and returns the exit code. Bad input throws CliError (exit 2). */
export async function runScan(options: ScanRunOptions, io: CliIo): Promise<number> {
  checkSarifOptions(options);
  const baseline = await loadBaseline(options, io);
  const configs = newConfigLoader(options.config, io.cwd);
  // Config is found from the working folder: an image has no place in the source tree.
  const config = await configFor(configs, resolve(io.cwd, 'image'));
  // Read before the image: a wrong path should fail in a second, not after a gigabyte of layers.
  const dockerfile = options.dockerfile === undefined ? undefined : await readDockerfile(options.dockerfile, io.cwd);
  const progress = newProgress(io);
  let image: ImageModel;
  try {
    image = await openImage(options.target, {
      cwd: io.cwd,
      env: io.env,
      platform: options.platform,
      content: contentPolicy(config.secrets),
      minConfidence: config.secrets.minConfidence,
      onTotal: progress?.total,
      onBytes: progress?.update,
    });
  } catch (error) {
    if (error instanceof ImageError) throw new CliError(error.message, error.subject, undefined, { cause: error });
    throw error;
  } finally {
    progress?.stop();
  }
  const applied = await applyBaseline(scanImageModel(image, { config, dockerfile }), baseline, options, io);
  if (applied.written) return 0;
  const findings = applied.findings;
  const toFile = options.output !== undefined;
  const report = formatReport(options.format, findings, {
    toolName: 'drydock',
    toolVersion: DRYDOCK_VERSION,
    color: useColor(options.color, io, toFile),
    images: [summaryOf(image)],
    ...sarifContext(options, io),
    rules: RULES.filter((rule) => rule.image && ruleSettingFor(config, rule.meta.id, image.source).enabled).map((r) => r.meta),
  });
  if (options.output !== undefined) await writeReport(resolve(io.cwd, options.output), options.output, report);
  else await io.writeStdout(report);
  return exitCodeFor(findings, options.failOn);
}

function summaryOf(image: ImageModel): ImageSummary {
  let files = 0;
  for (const v of image.fs.final()) if (v.entry.type !== 'directory') files++;
  return {
    name: image.name,
    layout: image.layout,
    layers: image.layers.map((l) => ({ index: l.index, digest: l.digest, size: l.size, createdBy: l.history?.shown, entries: l.entryCount })),
    files,
    notes: image.notes,
  };
}

/** A bar of bytes read on stderr, only when stderr is a terminal. */
function newProgress(io: CliIo): { total(bytes: number | undefined): void; update(bytes: number): void; stop(): void } | undefined {
  const stream = io.progressStream;
  if (!stream) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'reading layers {bar} {percentage}% | {done} of {size}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let size = 0;
  const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;
  return {
    total: (bytes) => {
      size = bytes ?? 0;
      bar.start(size || 1, 0, { done: mib(0), size: size ? mib(size) : '?' });
      started = true;
    },
    update: (bytes) => {
      if (!started) {
        bar.start(1, 0, { done: mib(0), size: '?' });
        started = true;
      }
      bar.update(size ? Math.min(bytes, size) : 0, { done: mib(bytes) });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

async function readDockerfile(path: string, cwd: string): Promise<{ file: string; model: DockerfileModel }> {
  const text = await readTextFile(resolve(cwd, path), path);
  return { file: path, model: buildDockerfileModel(parseDockerfile(text)) };
}
