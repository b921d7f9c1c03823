import { hash } from 'node:crypto';
import type { Range } from '../dockerfile/ast.js';
import type { DockerfileModel, InstructionModel } from '../dockerfile/model.js';
import { finalChain, mapHistory } from '../image/dockerfile-map.js';
import type { ImageModel } from '../image/model.js';
import { RULES, RULE_LOOKUP } from '../rules/index.js';
import { isSuppressed, readIgnores } from './ignores.js';
import type { DockerfileLocation, ImageFinding, Severity } from './finding.js';
import { disambiguate, ruleSettingFor, type LintConfig } from './lint.js';
import type { ImageContext, ImageReportDescriptor, Rule } from './rule.js';

export interface ScanOptions {
  config?: LintConfig | undefined;
  /** The Dockerfile the image was built from: findings then also point at its lines. */
  dockerfile?: { file: string; model: DockerfileModel } | undefined;
  /** Only these rules (tests); default: every registered rule. */
  rules?: readonly Rule[];
}

/**
 * Runs every enabled rule's image check over a scanned image. Findings come sorted by layer, then
 * path, then rule; each names the layer that caused it.
 */
export function scanImageModel(image: ImageModel, options: ScanOptions = {}): ImageFinding[] {
  const findings: ImageFinding[] = [];
  const identity = imageIdentity(image);
  const locate = options.dockerfile ? dockerfileLocator(image, options.dockerfile) : undefined;
  const ignores = options.dockerfile ? readIgnores(options.dockerfile.model.ast, options.dockerfile.model.lines, RULE_LOOKUP).entries : undefined;
  for (const rule of options.rules ?? RULES) {
    if (!rule.image) continue;
    const setting = ruleSettingFor(options.config, rule.meta.id, image.source);
    if (!setting.enabled) continue;
    const severity: Severity = setting.severity ?? rule.meta.severity;
    const context: ImageContext = {
      image,
      options: setting.options,
      report: (d) => {
        const finding = toFinding(image, identity, rule.meta.id, severity, d);
        const mapped = locate?.(d);
        if (mapped) {
          // `# drydock ignore=…` above the instruction that caused it silences it, as in lint.
          if (ignores && isSuppressed(ignores, rule.meta.id, mapped.offset)) return;
          finding.location.dockerfile = mapped.location;
        }
        findings.push(finding);
      },
    };
    try {
      rule.image(context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`rule '${rule.meta.id}' failed on ${image.source}: ${message}`, { cause: error });
    }
  }
  return disambiguate(findings.sort(byLayerThenPath));
}

function toFinding(image: ImageModel, identity: string, ruleId: string, severity: Severity, d: ImageReportDescriptor): ImageFinding {
  const layerIndex = d.version?.layer ?? d.layer;
  const layer = layerIndex === undefined ? undefined : image.layers[layerIndex];
  const path = d.version?.entry.path;
  const about = d.subject ?? path ?? '';
  return {
    ruleId,
    severity,
    message: d.message,
    location: {
      image: image.name,
      ...(path !== undefined ? { path } : {}),
      ...(layer
        ? { layer: { index: layer.index, digest: layer.digest, ...(layer.history ? { createdBy: layer.history.shown } : {}) } }
        : {}),
    },
    // No digests, tags or layer numbers: a rebuilt or retagged image keeps its fingerprints.
    fingerprint: hash('sha256', `${ruleId}\0image\0${identity}\0${about}`, 'hex').slice(0, 32),
    ...(d.properties ? { properties: d.properties } : {}),
  };
}

/** The repository without tag or digest (`ghcr.io/acme/api`), else a constant: never the file name, which changes per build. */
function imageIdentity(image: ImageModel): string {
  const tag = image.tags[0];
  if (!tag) return '';
  return tag.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^/:]+$/, '');
}

function byLayerThenPath(a: ImageFinding, b: ImageFinding): number {
  const la = a.location.layer?.index ?? Number.MAX_SAFE_INTEGER;
  const lb = b.location.layer?.index ?? Number.MAX_SAFE_INTEGER;
  if (la !== lb) return la - lb;
  const pa = a.location.path ?? '';
  const pb = b.location.path ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/**
 * Where in the Dockerfile a finding comes from: the instruction that made its layer or history step,
 * or for config findings the instruction that set the field (the last USER, the ENV of that name;
 * the final FROM when the Dockerfile never sets it).
 */
function dockerfileLocator(
  image: ImageModel,
  dockerfile: { file: string; model: DockerfileModel },
): (d: ImageReportDescriptor) => { location: DockerfileLocation; offset: number } | undefined {
  const byHistory = mapHistory(image.history, dockerfile.model);
  const chain = finalChain(dockerfile.model);
  const from = dockerfile.model.finalStage?.from;
  const at = (range: Range, instruction: Range): { location: DockerfileLocation; offset: number } => ({
    location: {
      file: dockerfile.file,
      line: range.start.line,
      column: range.start.column,
      endLine: range.end.line,
      endColumn: range.end.column,
    },
    // Ignores apply per instruction, so the offset is where the instruction starts.
    offset: instruction.start.offset,
  });
  const instructionAt = (ins: InstructionModel | undefined): { location: DockerfileLocation; offset: number } | undefined =>
    ins ? at(ins.instruction.range, ins.instruction.range) : undefined;
  const lastSetting = (keyword: string, name: string | undefined): InstructionModel | undefined => {
    for (let k = chain.length - 1; k >= 0; k--) {
      const ins = chain[k]!;
      if (ins.instruction.keyword !== keyword) continue;
      if (name === undefined || ins.pairs.some((p) => p.key.expansion.value === name)) return ins;
    }
    return undefined;
  };
  return (d) => {
    const layerIndex = d.version?.layer ?? d.layer;
    const historyIndex = d.historyIndex ?? (layerIndex === undefined ? undefined : image.layers[layerIndex]?.historyIndex);
    if (historyIndex !== undefined) return instructionAt(byHistory.get(historyIndex));
    if (!d.config) return undefined;
    const setter =
      d.config.field === 'user'
        ? lastSetting('USER', undefined)
        : d.config.field === 'healthcheck'
          ? lastSetting('HEALTHCHECK', undefined)
          : lastSetting(d.config.field === 'env' ? 'ENV' : 'LABEL', d.config.name);
    if (setter) {
      const pair = d.config.name === undefined ? undefined : setter.pairs.find((p) => p.key.expansion.value === d.config!.name);
      const range = setter.instruction.range;
      return pair ? at({ start: pair.key.raw.range.start, end: (pair.value?.raw.range ?? pair.key.raw.range).end }, range) : at(range, range);
    }
    return from ? at(from.range, from.range) : undefined;
  };
}