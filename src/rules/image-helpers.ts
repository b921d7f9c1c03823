/** Shared reading of scanned images for the rules' image checks. */
import type { FileVersion } from '../image/layers.js';
import { describeStep } from '../image/steps.js';
import type { ImageModel } from '../image/model.js';

/** How a message names the layer that wrote a version: `layer 3 (RUN chmod 4755 …)`. */
export function layerName(image: ImageModel, layer: number): string {
  const step = image.layers[layer]?.history?.shown;
  return step ? `layer ${layer} (${describeStep(step)})` : `layer ${layer}`;
}

/** Regular files (hardlinks included) of the final filesystem. */
export function* finalFiles(image: ImageModel): Generator<FileVersion> {
  for (const v of image.fs.final()) if (v.entry.type === 'file' || v.entry.type === 'hardlink') yield v;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

/** `/etc/passwd` lines `name:x:uid:gid:…`; malformed lines are skipped. */
export function parsePasswd(text: string | undefined): PasswdEntry[] {
  if (!text) return [];
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 4 || !/^\d+$/.test(f[2]!) || !/^\d+$/.test(f[3]!)) continue;
    out.push({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]) });
  }
  return out;
}

/** In-image path with its leading slash, as users write it. */
export function slashed(path: string): string {
  return `/${path}`;
}

/**
 * Where packages keep test data, documentation and examples: key-named files there are fixtures
 * (Python's test suites ship `keycert.pem`-style keys), not credentials of the image.
 */
const NOT_CREDENTIAL_PLACES = /(?:^|\/)(?:tests?|testdata|test-data|fixtures|examples?|samples?|templates?|doc|docs|man)(?:\/|$)|^usr\/share\/(?:doc|man|ca-certificates)\//i;

/** Whether a path sits where a credential-named file is almost certainly a fixture. */
export function isFixturePlace(path: string): boolean {
  return NOT_CREDENTIAL_PLACES.test(path);
}

/** The `NAME=value` pairs of a build-args prefix in a history step: `|2 A=x B=y /bin/sh -c …`. */
export function historyBuildArgs(createdBy: string): { name: string; value: string }[] {
  const m = /^\|(\d+)\s+/.exec(createdBy);
  if (!m) return [];
  const count = Number(m[1]);
  const out: { name: string; value: string }[] = [];
  let rest = createdBy.slice(m[0].length);
  for (let i = 0; i < count; i++) {
    const pair = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)\s*/.exec(rest);
    if (!pair) break;
    out.push({ name: pair[1]!, value: pair[2]! });
    rest = rest.slice(pair[0].length);
  }
  return out;
}

/** The layer a history step made, if it made one. */
export function layerOfHistory(image: ImageModel, historyIndex: number): number | undefined {
  return image.layers.find((l) => l.historyIndex === historyIndex)?.index;
}

/**
 * Whether secrets in a file are the distribution's, not the image's: files a package installed,
 * outside /etc (where configuration, and so planted credentials, lives).
 */
export function isDistributionFile(image: ImageModel, path: string): boolean {
  return !path.startsWith('etc/') && image.packageOwned(path);
}
