import { isImageLocation, type DockerfileLocation, type Finding, type FindingLocation } from '../engine/finding.js';
import type { ReportContext } from './types.js';

/** Bumped only for incompatible changes to the document's shape. */
export const JSON_REPORT_VERSION = 1;

/**
 * One JSON document: `{ version, tool: { name, version }, findings: [...] }`. Fields are copied one by
 * one so the document's key order is fixed and nothing internal leaks out.
 */
export function formatJson(findings: readonly Finding[], context: ReportContext): string {
  const document = {
    version: JSON_REPORT_VERSION,
    tool: { name: context.toolName, version: context.toolVersion },
    findings: findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      location: locationOf(finding.location),
      fingerprint: finding.fingerprint,
      ...(finding.properties && Object.keys(finding.properties).length > 0
        ? { properties: finding.properties }
        : {}),
      ...(finding.fix
        ? {
            fix: {
              description: finding.fix.description,
              edits: finding.fix.edits.map((edit) => ({
                line: edit.line,
                column: edit.column,
                endLine: edit.endLine,
                endColumn: edit.endColumn,
                text: edit.text,
              })),
            },
          }
        : {}),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function locationOf(location: FindingLocation): Record<string, unknown> {
  if (isImageLocation(location)) {
    return {
      image: location.image,
      ...(location.layer
        ? {
            layer: {
              index: location.layer.index,
              digest: location.layer.digest,
              ...(location.layer.createdBy !== undefined ? { createdBy: location.layer.createdBy } : {}),
            },
          }
        : {}),
      ...(location.path !== undefined ? { path: location.path } : {}),
      ...(location.dockerfile ? { dockerfile: dockerfileLocation(location.dockerfile) } : {}),
    };
  }
  return dockerfileLocation(location);
}

function dockerfileLocation(location: DockerfileLocation): Record<string, unknown> {
  return {
    file: location.file,
    line: location.line,
    column: location.column,
    endLine: location.endLine,
    endColumn: location.endColumn,
  };
}
