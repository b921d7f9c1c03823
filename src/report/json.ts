import type { Finding } from '../engine/finding.js';
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
      location: {
        file: finding.location.file,
        line: finding.location.line,
        column: finding.location.column,
        endLine: finding.location.endLine,
        endColumn: finding.location.endColumn,
      },
      fingerprint: finding.fingerprint,
      ...(finding.properties && Object.keys(finding.properties).length > 0
        ? { properties: finding.properties }
        : {}),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
