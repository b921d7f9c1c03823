import type { ChalkInstance } from 'chalk';
import type { ImageFinding } from '../engine/finding.js';
import { describeStep } from '../image/steps.js';
import { flatten, paintSeverity, width } from './stylish.js';
import type { ImageSummary, ReportContext } from './types.js';

/**
 * Image findings for people: per image a summary (layers with their size, step and finding count;
 * findings by rule), then the findings grouped by the layer that caused them, image-wide ones last.
 */
export function formatImageFindings(findings: readonly ImageFinding[], context: ReportContext, chalk: ChalkInstance): string {
  const byImage = new Map<string, ImageFinding[]>();
  for (const f of findings) {
    const list = byImage.get(f.location.image);
    if (list) list.push(f);
    else byImage.set(f.location.image, [f]);
  }
  let out = '';
  for (const [image, list] of byImage) {
    const summary = context.images?.find((s) => s.name === image);
    out += `\n${chalk.bold.underline(image)}${summary ? chalk.dim(`  ${describeImage(summary)}`) : ''}\n`;
    if (summary) out += summaryTables(summary, list, chalk);
    out += findingsByLayer(list, chalk);
  }
  return out;
}

function describeImage(s: ImageSummary): string {
  return `${s.layout}, ${s.layers.length} ${s.layers.length === 1 ? 'layer' : 'layers'}, ${s.files.toLocaleString('en-US')} files`;
}

function summaryTables(summary: ImageSummary, findings: readonly ImageFinding[], chalk: ChalkInstance): string {
  const perLayer = new Map<number, number>();
  for (const f of findings) if (f.location.layer) perLayer.set(f.location.layer.index, (perLayer.get(f.location.layer.index) ?? 0) + 1);
  const layerRows = summary.layers.map((l) => [
    String(l.index),
    formatBytes(l.size),
    String(l.entries),
    String(perLayer.get(l.index) ?? 0),
    describeStep(l.createdBy ?? '', 72),
  ]);
  let out = '\n' + table(['layer', 'size', 'entries', 'findings', 'created by'], layerRows, chalk, [false, true, true, true, false]);
  const perRule = new Map<string, number>();
  for (const f of findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
  const ruleRows = [...perRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, n]) => [id, String(n)]);
  if (ruleRows.length > 0) out += '\n' + table(['rule', 'findings'], ruleRows, chalk, [false, true]);
  for (const note of summary.notes) out += `\n  ${chalk.dim(`note: ${note}`)}\n`;
  return out;
}

function findingsByLayer(findings: readonly ImageFinding[], chalk: ChalkInstance): string {
  const groups = new Map<number, ImageFinding[]>();
  for (const f of findings) {
    const key = f.location.layer?.index ?? -1;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const order = [...groups.keys()].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b));
  let out = '';
  for (const key of order) {
    const list = groups.get(key)!;
    const layer = list[0]!.location.layer;
    const heading = layer
      ? `layer ${layer.index}  ${chalk.dim(shortDigest(layer.digest))}${layer.createdBy ? `  ${chalk.dim(describeStep(layer.createdBy, 80))}` : ''}`
      : 'image config';
    out += `\n${heading}\n`;
    const severityWidth = Math.max(...list.map((f) => f.severity.length));
    // With --dockerfile, each row starts with the line that caused it, as lint's rows do.
    const rows = list.map((f) => ({ f, text: flatten(f.message), at: f.location.dockerfile ? `${f.location.dockerfile.file}:${f.location.dockerfile.line}:${f.location.dockerfile.column}` : '' }));
    const messageWidth = Math.max(...rows.map((r) => width(r.text)));
    const atWidth = Math.max(...rows.map((r) => width(r.at)));
    for (const { f, text, at } of rows) {
      const severity = paintSeverity(chalk, f.severity, f.severity.padEnd(severityWidth));
      const position = atWidth > 0 ? `${chalk.dim(at.padEnd(atWidth))}  ` : '';
      out += `  ${position}${severity}  ${text}${' '.repeat(messageWidth - width(text))}  ${chalk.dim(f.ruleId)}`.trimEnd() + '\n';
    }
  }
  return out;
}

function table(headers: string[], rows: string[][], chalk: ChalkInstance, right: boolean[]): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const cell = (text: string, i: number): string => {
    const pad = ' '.repeat(widths[i]! - width(text));
    return right[i] ? pad + text : text + pad;
  };
  let out = `  ${chalk.dim(headers.map(cell).join('  ').trimEnd())}\n`;
  for (const r of rows) out += `  ${r.map(cell).join('  ').trimEnd()}\n`;
  return out;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

function shortDigest(digest: string): string {
  return digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1');
}
