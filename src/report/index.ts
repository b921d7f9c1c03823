import type { Finding } from '../engine/finding.js';
import { formatGithub } from './github.js';
import { formatCodeQuality } from './codequality.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { ReportFormat } from './formats.js';
import type { ReportContext, Reporter } from './types.js';

export type { ReportContext, Reporter } from './types.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

const REPORTERS: Record<ReportFormat, Reporter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  codequality: formatCodeQuality,
  github: formatGithub,
};

export function formatReport(format: ReportFormat, findings: readonly Finding[], context: ReportContext): string {
  return REPORTERS[format](findings, context);
}
