/**
 * The image configuration (OCI `application/vnd.oci.image.config.v1+json`, which Docker's config is a
 * superset of), read defensively: every field may be missing or of the wrong type in a hostile file.
 */
import { findSecrets, mask } from '../secrets/index.js';
import { ImageError } from './types.js';

export interface Healthcheck {
  /** `["CMD", …]`, `["CMD-SHELL", "…"]` or `["NONE"]`. */
  test: string[];
}

export interface ImageConfig {
  user: string;
  env: string[];
  entrypoint: string[] | undefined;
  cmd: string[] | undefined;
  workingDir: string;
  labels: Record<string, string>;
  exposedPorts: string[];
  healthcheck: Healthcheck | undefined;
  os: string;
  architecture: string;
  variant: string | undefined;
  /** `rootfs.diff_ids`: the sha256 of each uncompressed layer, in order. */
  diffIds: string[];
}

export interface HistoryEntry {
  /** As recorded: may hold secrets (build arguments); never print it, print {@link shown}. */
  createdBy: string;
  /** `createdBy` with build-argument values and detected secrets masked: safe to print. */
  shown: string;
  /** A metadata step (ENV, USER, …) that made no layer. */
  emptyLayer: boolean;
  created: string | undefined;
  comment: string | undefined;
}

export interface ParsedConfig {
  config: ImageConfig;
  history: HistoryEntry[];
}

/** Parses the config JSON. `subject` names the blob in errors. */
export function parseImageConfig(text: string, subject: string): ParsedConfig {
  const raw = parseJsonObject(text, subject, 'image config');
  const c = objectAt(raw, 'config') ?? {};
  const rootfs = objectAt(raw, 'rootfs') ?? {};
  const config: ImageConfig = {
    user: stringAt(c, 'User') ?? '',
    env: stringsAt(c, 'Env') ?? [],
    entrypoint: stringsAt(c, 'Entrypoint'),
    cmd: stringsAt(c, 'Cmd'),
    workingDir: stringAt(c, 'WorkingDir') ?? '',
    labels: stringMapAt(c, 'Labels'),
    exposedPorts: Object.keys(objectAt(c, 'ExposedPorts') ?? {}),
    healthcheck: healthcheckAt(c),
    os: stringAt(raw, 'os') ?? '',
    architecture: stringAt(raw, 'architecture') ?? '',
    variant: stringAt(raw, 'variant'),
    diffIds: stringsAt(rootfs, 'diff_ids') ?? [],
  };
  const historyRaw = Array.isArray(raw.history) ? raw.history : [];
  const history: HistoryEntry[] = historyRaw.map((h) => {
    const o = isObject(h) ? h : {};
    const createdBy = stringAt(o, 'created_by') ?? '';
    return {
      createdBy,
      shown: maskStep(createdBy),
      emptyLayer: o.empty_layer === true,
      created: stringAt(o, 'created'),
      comment: stringAt(o, 'comment'),
    };
  });
  return { config, history };
}

/** Parses a JSON document that must be an object, or throws an ImageError naming `subject`. */
export function parseJsonObject(text: string, subject: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImageError(`${what} is not valid JSON (${(error as Error).message})`, subject);
  }
  if (!isObject(value)) throw new ImageError(`${what} is not a JSON object`, subject);
  return value;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function stringAt(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export function objectAt(o: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = o[key];
  return isObject(v) ? v : undefined;
}

function stringsAt(o: Record<string, unknown>, key: string): string[] | undefined {
  const v = o[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

function stringMapAt(o: Record<string, unknown>, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(objectAt(o, key) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function healthcheckAt(c: Record<string, unknown>): Healthcheck | undefined {
  const h = objectAt(c, 'Healthcheck');
  const test = h && stringsAt(h, 'Test');
  return test && test.length > 0 ? { test } : undefined;
}

/**
 * A history step safe to print. Build-argument values (`|2 DB_PASSWORD=… TOKEN=… /bin/sh -c …`) are
 * masked whatever they hold, since their names are the only hint and a short password looks like
 * anything; then whatever the secret detectors find in the command is masked too.
 */
export function maskStep(createdBy: string): string {
  let text = createdBy;
  const m = /^\|(\d+)\s+/.exec(text);
  if (m) {
    let rest = text.slice(m[0].length);
    let head = m[0];
    for (let i = 0; i < Number(m[1]); i++) {
      const pair = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)(\s*)/.exec(rest);
      if (!pair) break;
      head += `${pair[1]}=${pair[2] === '' ? '' : mask(pair[2]!)}${pair[3]}`;
      rest = rest.slice(pair[0].length);
    }
    text = head + rest;
  }
  const found = findSecrets(text, { minConfidence: 'medium' });
  for (const s of [...found].sort((a, b) => b.start - a.start)) text = text.slice(0, s.start) + s.masked + text.slice(s.end);
  return text;
}
