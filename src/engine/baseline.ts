/**
 * Baselines: the findings a project already has, recorded by fingerprint, so that a gate added to a
 * legacy repository fails only on new ones. A fingerprint holds no line number, tag or digest (see
 * fingerprint.ts), so a recorded finding stays recorded when its line moves or its image is rebuilt.
 *
 * The file keeps each finding's rule and where it was, for people reading it, and never a message:
 * messages can hold a secret's masked prefix, and a baseline is committed.
 */
import { isImageLocation, type Finding } from './finding.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  fingerprint: string;
  /** `Dockerfile:12` or `image /etc/shadow`: a hint for readers, not used for matching. */
  where: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'drydock';
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

export function baselineOf(findings: readonly Finding[]): Baseline {
  const entries = findings.map((f) => ({ ruleId: f.ruleId, fingerprint: f.fingerprint, where: whereOf(f) }));
  entries.sort((a, b) => (a.where < b.where ? -1 : a.where > b.where ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { version: BASELINE_VERSION, tool: 'drydock', findings: entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Parses a baseline file's text; a file that is not one throws BaselineError saying why. */
export function parseBaseline(text: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BaselineError('not a drydock baseline (expected a JSON object)');
  const doc = raw as Record<string, unknown>;
  if (doc['tool'] !== 'drydock') throw new BaselineError('not a drydock baseline (no "tool": "drydock")');
  if (doc['version'] !== BASELINE_VERSION) throw new BaselineError(`baseline version ${JSON.stringify(doc['version'])} is not supported (expected ${BASELINE_VERSION})`);
  const findings = doc['findings'];
  if (!Array.isArray(findings)) throw new BaselineError('"findings" must be an array');
  findings.forEach((entry: unknown, i) => {
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || typeof e['ruleId'] !== 'string' || typeof e['fingerprint'] !== 'string') {
      throw new BaselineError(`findings[${i}] needs a "ruleId" and a "fingerprint"`);
    }
  });
  return { version: BASELINE_VERSION, tool: 'drydock', findings: findings as BaselineEntry[] };
}

/** The findings the baseline does not hold, and how many it held back. */
export function newFindings<T extends Finding>(findings: readonly T[], baseline: Baseline): { fresh: T[]; known: number } {
  const known = new Set(baseline.findings.map((e) => `${e.ruleId}\0${e.fingerprint}`));
  const fresh = findings.filter((f) => !known.has(`${f.ruleId}\0${f.fingerprint}`));
  return { fresh, known: findings.length - fresh.length };
}

function whereOf(finding: Finding): string {
  const location = finding.location;
  if (!isImageLocation(location)) return `${location.file}:${location.line}`;
  return location.path !== undefined ? `image /${location.path}` : 'image';
}
