import { hash } from 'node:crypto';
import type { ImageModel } from '../image/model.js';
import { RULES } from '../rules/index.js';
import type { ImageFinding, Severity } from './finding.js';
import type { LintConfig } from './lint.js';
import type { ImageContext, ImageReportDescriptor, Rule } from './rule.js';

export interface ScanOptions {
  config?: LintConfig | undefined;
  /** Only these rules (tests); default: every registered rule. */
  rules?: readonly Rule[];
}

const DEFAULT_SETTING = { enabled: true, severity: undefined, options: {} };

/**
 * Runs every enabled rule's image check over a scanned image. Findings come sorted by layer, then
 * path, then rule; each names the layer that caused it.
 */
export function scanImageModel(image: ImageModel, options: ScanOptions = {}): ImageFinding[] {
  const findings: ImageFinding[] = [];
  const identity = imageIdentity(image);
  for (const rule of options.rules ?? RULES) {
    if (!rule.image) continue;
    const setting = options.config?.ruleSetting(rule.meta.id, image.source) ?? DEFAULT_SETTING;
    if (!setting.enabled) continue;
    const severity: Severity = setting.severity ?? rule.meta.severity;
    const context: ImageContext = {
      image,
      options: setting.options,
      report: (d) => findings.push(toFinding(image, identity, rule.meta.id, severity, d)),
    };
    try {
      rule.image(context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`rule '${rule.meta.id}' failed on ${image.source}: ${message}`, { cause: error });
    }
  }
  findings.sort(byLayerThenPath);
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, n + 1);
    if (n > 0) f.fingerprint = `${f.fingerprint}:${n}`;
  }
  return findings;
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
