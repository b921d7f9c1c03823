import { Chalk } from 'chalk';
import type { Rule } from '../engine/rule.js';

/** `drydock rules -f json`: every rule's metadata, docs included, messages left out (they are code). */
export function formatRulesJson(rules: readonly Rule[], toolVersion: string): string {
  const document = {
    version: 1,
    tool: { name: 'drydock', version: toolVersion },
    rules: rules.map(({ meta }) => ({
      id: meta.id,
      title: meta.title,
      severity: meta.severity,
      securitySeverity: meta.securitySeverity,
      tags: meta.tags,
      sources: meta.sources,
      fixable: meta.fixable,
      description: meta.docs.description,
      rationale: meta.docs.rationale,
      examples: { incorrect: meta.docs.incorrect, correct: meta.docs.correct },
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `drydock rules`: one row per rule, aligned columns. */
export function formatRulesTable(rules: readonly Rule[], options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const rows = rules.map(({ meta }) => [
    meta.id,
    meta.severity,
    meta.fixable === false ? '-' : meta.fixable,
    meta.sources.join(' ') || '-',
    meta.title,
  ]);
  const header = ['rule', 'severity', 'fix', 'covers', 'title'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], style: (s: string) => string = (s) => s): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .map((c) => style(c))
      .join('  ')
      .trimEnd();
  const severityColour: Record<string, (s: string) => string> = { error: chalk.red, warning: chalk.yellow, note: chalk.blue };
  const body = rows.map((r) =>
    [chalk.bold(r[0]!.padEnd(widths[0]!)), (severityColour[r[1]!] ?? String)(r[1]!.padEnd(widths[1]!)), r[2]!.padEnd(widths[2]!), chalk.dim(r[3]!.padEnd(widths[3]!)), r[4]!].join('  '),
  );
  return `${[line(header, chalk.underline), ...body].join('\n')}\n\n${rules.length} rules. Details: drydock rules -f json, or rules.md.\n`;
}
