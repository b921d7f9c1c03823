import { Chalk } from 'chalk';
import { ruleChecks, type Rule } from '../engine/rule.js';

/** `drydock rules -f json`: every rule's metadata, docs included, messages left out (they are code). */
export function formatRulesJson(rules: readonly Rule[], toolVersion: string): string {
  const document = {
    version: 1,
    tool: { name: 'drydock', version: toolVersion },
    rules: rules.map((rule) => ({
      id: rule.meta.id,
      title: rule.meta.title,
      checks: ruleChecks(rule).map((c) => c.toLowerCase()),
      severity: rule.meta.severity,
      securitySeverity: rule.meta.securitySeverity,
      tags: rule.meta.tags,
      sources: rule.meta.sources,
      fixable: rule.meta.fixable,
      description: rule.meta.docs.description,
      ...(rule.meta.docs.image ? { image: rule.meta.docs.image } : {}),
      rationale: rule.meta.docs.rationale,
      examples: { incorrect: rule.meta.docs.incorrect, correct: rule.meta.docs.correct },
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `drydock rules`: one row per rule, aligned columns. */
export function formatRulesTable(rules: readonly Rule[], options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const rows = rules.map((rule) => [
    rule.meta.id,
    ruleChecks(rule).join('+'),
    rule.meta.severity,
    rule.meta.fixable === false ? '-' : rule.meta.fixable,
    rule.meta.sources.join(' ') || '-',
    rule.meta.title,
  ]);
  const header = ['rule', 'checks', 'severity', 'fix', 'covers', 'title'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], style: (s: string) => string = (s) => s): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .map((c) => style(c))
      .join('  ')
      .trimEnd();
  const severityColour: Record<string, (s: string) => string> = { error: chalk.red, warning: chalk.yellow, note: chalk.blue };
  const body = rows.map((r) =>
    [
      chalk.bold(r[0]!.padEnd(widths[0]!)),
      r[1]!.padEnd(widths[1]!),
      (severityColour[r[2]!] ?? String)(r[2]!.padEnd(widths[2]!)),
      r[3]!.padEnd(widths[3]!),
      chalk.dim(r[4]!.padEnd(widths[4]!)),
      r[5]!,
    ].join('  '),
  );
  return `${[line(header, chalk.underline), ...body].join('\n')}\n\n${rules.length} rules. Details: drydock rules -f json, or rules.md.\n`;
}
