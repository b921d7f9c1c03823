import { Chalk, type ChalkInstance } from 'chalk';
import { isImageLocation, type DockerfileFinding, type Finding, type ImageFinding, type Severity } from '../engine/finding.js';
import { formatImageFindings } from './image-stylish.js';
import type { ReportContext } from './types.js';

/**
 * ESLint's "stylish" layout: findings grouped under their file, one aligned row each
 * (`line:col  severity  message  rule-id`), then a summary line. No findings, no output.
 */
export function formatStylish(findings: readonly Finding[], context: ReportContext): string {
  if (findings.length === 0) return '';
  // Level 1 (16 colours) is all this layout uses, and it renders everywhere colour does.
  const chalk = new Chalk({ level: context.color ? 1 : 0 });

  const byFile = new Map<string, DockerfileFinding[]>();
  const imageFindings: ImageFinding[] = [];
  for (const finding of findings) {
    if (isImageLocation(finding.location)) {
      imageFindings.push(finding as ImageFinding);
      continue;
    }
    const list = byFile.get(finding.location.file);
    if (list) list.push(finding as DockerfileFinding);
    else byFile.set(finding.location.file, [finding as DockerfileFinding]);
  }

  let out = imageFindings.length > 0 ? formatImageFindings(imageFindings, context, chalk) : '';
  for (const [file, fileFindings] of byFile) {
    const rows = fileFindings.map((f) => ({
      position: `${f.location.line}:${f.location.column}`,
      severity: f.severity,
      message: flatten(f.message),
      ruleId: f.ruleId,
    }));
    const positionWidth = Math.max(...rows.map((r) => r.position.length));
    const severityWidth = Math.max(...rows.map((r) => r.severity.length));
    const messageWidth = Math.max(...rows.map((r) => width(r.message)));
    out += `\n${chalk.underline(file)}\n`;
    for (const row of rows) {
      // Padding is computed on plain text, then coloured, so escape codes never skew the columns.
      const position = chalk.dim(row.position.padEnd(positionWidth));
      const severity = paintSeverity(chalk, row.severity, row.severity.padEnd(severityWidth));
      const message = row.message + ' '.repeat(messageWidth - width(row.message));
      out += `  ${position}  ${severity}  ${message}  ${chalk.dim(row.ruleId)}`.trimEnd() + '\n';
    }
  }

  const counts = countBySeverity(findings);
  const summary =
    `✖ ${plural(findings.length, 'problem')} ` +
    `(${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')})`;
  const summaryColour = counts.error > 0 ? chalk.red : counts.warning > 0 ? chalk.yellow : chalk.blue;
  out += `\n${summaryColour.bold(summary)}\n`;
  return out;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function paintSeverity(chalk: ChalkInstance, severity: Severity, text: string): string {
  if (severity === 'error') return chalk.red(text);
  if (severity === 'warning') return chalk.yellow(text);
  return chalk.blue(text);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A finding row is one line, whatever the message holds. */
export function flatten(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Width in code points; close enough for alignment, and no extra dependency. */
export function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
