/**
 * SARIF 2.1.0 for GitHub code scanning. What GitHub rejects or mishandles is avoided by
 * construction: every result has exactly one physical location with a region, image findings never
 * carry an image reference (whose `name:` GitHub reads as a URI scheme) as a path, rule ids are all
 * in `driver.rules`, and fingerprints hold no tags or digests, so a rebuilt image keeps its alerts.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { RuleMeta } from '../engine/rule.js';
import { isImageLocation, type Finding, type Fix, type ImageLocation } from '../engine/finding.js';
import { imagePlace, imagePseudoPath, imageSlug, reportedFile } from './locations.js';
import type { ReportContext } from './types.js';

/** GitHub's limits per run: more results are dropped by GitHub, a larger upload is refused. */
export const MAX_SARIF_RESULTS = 25_000;
export const MAX_SARIF_GZIP_BYTES = 10 * 1024 * 1024;
/** GitHub shows at most 10 tags per rule. */
const MAX_TAGS = 10;
export const FINGERPRINT_KEY = 'drydockFingerprint/v1';
const SRCROOT = '%SRCROOT%';

/** GitHub's reading of `security-severity`: 9.0+ critical, 7.0+ high, 4.0+ medium, else low. */
function securitySeverity(meta: RuleMeta): string {
  return meta.securitySeverity.toFixed(1);
}

/** SARIF's precision from a detector's confidence (secret findings carry one). */
const PRECISION: Readonly<Record<string, string>> = { high: 'high', medium: 'medium', low: 'low' };

export function formatSarif(findings: readonly Finding[], context: ReportContext): string {
  const cwd = context.cwd ?? process.cwd();
  // Every rule that ran, plus any rule a finding names (a finding's rule is always described).
  const byId = new Map<string, RuleMeta>();
  for (const meta of context.rules ?? []) byId.set(meta.id, meta);
  for (const finding of findings) if (!byId.has(finding.ruleId)) byId.set(finding.ruleId, placeholderMeta(finding.ruleId));
  const rules = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(rules.map((meta, i) => [meta.id, i]));

  let kept = findings;
  if (findings.length > MAX_SARIF_RESULTS) {
    context.warn?.(`the SARIF report holds the first ${MAX_SARIF_RESULTS} of ${findings.length} findings (GitHub's limit per run)`);
    kept = findings.slice(0, MAX_SARIF_RESULTS);
  }

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: context.toolName,
        semanticVersion: context.toolVersion,
        version: context.toolVersion,
        informationUri: context.informationUri ?? 'https://www.npmjs.com/package/drydock',
        rules: rules.map((meta) => ruleDescriptor(meta, context)),
      },
    },
    ...(context.sarifCategory ? { automationDetails: { id: `${context.sarifCategory.replace(/\/+$/, '')}/` } } : {}),
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
    columnKind: 'utf16CodeUnits',
    results: kept.map((finding) => result(finding, index.get(finding.ruleId)!, cwd)),
  };
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
  const text = `${JSON.stringify(log, null, 2)}\n`;
  // Only a report over the limit uncompressed can be over it gzipped; zlib loads only then.
  const gzipped = text.length > MAX_SARIF_GZIP_BYTES ? gzipSize(text) : 0;
  if (gzipped > MAX_SARIF_GZIP_BYTES) {
    context.warn?.(`the SARIF report is ${(gzipped / 2 ** 20).toFixed(1)} MiB gzipped, over GitHub's 10 MiB upload limit`);
  }
  return text;
}

function ruleDescriptor(meta: RuleMeta, context: ReportContext): Sarif.ReportingDescriptor {
  const tags = [...new Set(['security', ...meta.tags])].slice(0, MAX_TAGS);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs.description },
    help: { text: helpText(meta), markdown: helpMarkdown(meta) },
    ...(context.rulesUri ? { helpUri: `${context.rulesUri}#${meta.id}` } : {}),
    defaultConfiguration: { level: meta.severity },
    properties: { tags, precision: 'high', 'security-severity': securitySeverity(meta) },
  };
}

function helpText(meta: RuleMeta): string {
  return `${meta.docs.description}\n\n${meta.docs.rationale}`;
}

function helpMarkdown(meta: RuleMeta): string {
  const block = (title: string, examples: RuleMeta['docs']['incorrect']) =>
    examples.length === 0
      ? ''
      : `\n\n**${title}**\n\n` +
        examples.map((e) => `${e.note ? `${e.note}\n\n` : ''}\`\`\`dockerfile\n${e.code.trimEnd()}\n\`\`\``).join('\n\n');
  const image = meta.docs.image ? `\n\n**In images:** ${meta.docs.image}` : '';
  return `${meta.docs.description}\n\n${meta.docs.rationale}${image}${block('Incorrect', meta.docs.incorrect)}${block('Correct', meta.docs.correct)}`;
}

function result(finding: Finding, ruleIndex: number, cwd: string): Sarif.Result {
  const properties: Record<string, unknown> = {};
  const confidence = finding.properties?.['confidence'];
  if (typeof confidence === 'string' && PRECISION[confidence]) properties['precision'] = PRECISION[confidence];
  if (finding.properties) for (const [key, value] of Object.entries(finding.properties)) if (key !== 'confidence') properties[key] = value;
  const base: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    message: { text: finding.message },
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
  };
  const location = finding.location;
  if (!isImageLocation(location)) {
    return {
      ...base,
      locations: [physical(location.file, location, cwd)],
      ...(finding.fix ? { fixes: [sarifFix(finding.fix, location.file, cwd)] } : {}),
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
    };
  }
  Object.assign(properties, imageProperties(location));
  const mapped = location.dockerfile;
  return {
    ...base,
    locations: [
      {
        ...(mapped ? physical(mapped.file, mapped, cwd) : { physicalLocation: pseudoLocation(finding, location) }),
        logicalLocations: [logicalLocation(finding, location)],
      },
    ],
    properties,
  };
}

interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A file location relative to the working folder (`%SRCROOT%`), which is where CI runs from. */
function physical(file: string, region: Region, cwd: string): Sarif.Location {
  return { physicalLocation: { artifactLocation: artifact(file, cwd), region: sarifRegion(region) } };
}

function sarifRegion(region: Region): Sarif.Region {
  return { startLine: region.line, startColumn: region.column, endLine: region.endLine, endColumn: region.endColumn };
}

/** A safe fix as SARIF `fixes[]`: one artifact change, a replacement per edit (an empty region inserts). */
function sarifFix(fix: Fix, file: string, cwd: string): Sarif.Fix {
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation: artifact(file, cwd),
        replacements: fix.edits.map((edit) => ({ deletedRegion: sarifRegion(edit), insertedContent: { text: edit.text } })),
      },
    ],
  };
}

function artifact(file: string, cwd: string): Sarif.ArtifactLocation {
  return { uri: encodePath(reportedFile(file, cwd)), uriBaseId: SRCROOT };
}

/**
 * Where an image finding points when no Dockerfile maps it: `<image>/<path in the image>`, or
 * `<image>/config` and `<image>/history` for the config and the build steps, line 1. The image part
 * has no tag, digest or registry scheme: a new tag must not move the alert.
 */
function pseudoLocation(finding: Finding, location: ImageLocation): Sarif.PhysicalLocation {
  return {
    artifactLocation: { uri: encodePath(imagePseudoPath(finding, location)), uriBaseId: SRCROOT },
    region: { startLine: 1, startColumn: 1 },
  };
}

function logicalLocation(finding: Finding, location: ImageLocation): Sarif.LogicalLocation {
  const place = imagePlace(finding, location);
  const where = location.path ? `/${place}` : place;
  return { name: where, fullyQualifiedName: `${imageSlug(location.image)}:${where}`, kind: location.path ? 'resource' : 'object' };
}

function imageProperties(location: ImageLocation): Record<string, unknown> {
  return {
    image: location.image,
    ...(location.path !== undefined ? { path: `/${location.path}` } : {}),
    ...(location.layer
      ? {
          layerIndex: location.layer.index,
          layerDigest: location.layer.digest,
          ...(location.layer.createdBy !== undefined ? { createdBy: location.layer.createdBy } : {}),
        }
      : {}),
  };
}

/** Percent-encodes what a URI path may not hold as is. */
function encodePath(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

function directoryUri(dir: string): string {
  const url = pathToFileURL(dir).href;
  return url.endsWith('/') ? url : `${url}/`;
}

function gzipSize(text: string): number {
  const zlib = createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
  return zlib.gzipSync(text).length;
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

/** A rule a finding names but the context did not list (should not happen; the driver stays whole). */
function placeholderMeta(id: string): RuleMeta {
  return {
    id,
    title: id,
    severity: 'warning',
    securitySeverity: 5.0,
    tags: [],
    sources: [],
    fixable: false,
    docs: { description: id, rationale: '', incorrect: [], correct: [] },
    messages: {},
  };
}
