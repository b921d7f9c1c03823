/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): the runner turns each into an
 * annotation on the pull request's diff, or on the run's summary when it has no file. No upload,
 * no SARIF, no permissions. Every value is escaped as the runner unescapes it, so a message or path
 * can never end the line and start a command of its own.
 */
import { isImageLocation, type DockerfileLocation, type Finding, type ImageLocation, type Severity } from '../engine/finding.js';
import { countBySeverity, plural } from './stylish.js';
import { relativeFile } from './locations.js';
import type { ReportContext } from './types.js';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', note: 'notice' };

export function formatGithub(findings: readonly Finding[], context: ReportContext): string {
  const cwd = context.cwd ?? process.cwd();
  const titles = new Map((context.rules ?? []).map((meta) => [meta.id, meta.title]));
  let out = '';
  for (const finding of findings) out += annotation(finding, cwd, titles) + '\n';
  return out + summary(findings) + '\n';
}

function annotation(finding: Finding, cwd: string, titles: ReadonlyMap<string, string>): string {
  const location = finding.location;
  let message = finding.message;
  let at: DockerfileLocation | undefined;
  if (isImageLocation(location)) {
    message = withImageWhere(location, message);
    at = location.dockerfile;
  } else {
    at = location;
  }
  const properties: [string, string | number][] = [];
  if (at) {
    const file = relativeFile(at.file, cwd);
    if (file === undefined) {
      // stdin has no file to annotate: the position goes into the message.
      message = `${at.file}:${at.line}:${at.column}: ${message}`;
    } else {
      properties.push(['file', file], ['line', at.line]);
      // GitHub takes columns only for a one-line range.
      if (at.endLine === at.line) properties.push(['col', at.column], ['endLine', at.endLine], ['endColumn', at.endColumn]);
      else properties.push(['endLine', at.endLine]);
    }
  }
  const title = titles.get(finding.ruleId);
  properties.push(['title', `drydock ${finding.ruleId}${title ? `: ${title}` : ''}`]);
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[finding.severity]} ${props}::${escapeData(message)}`;
}

/**
 * Where in the image, ahead of the message: `/usr/bin/passwd in layer 3: …`. A part the message
 * already names (drydock's messages mostly start with the path and say `from layer 3`) is not
 * repeated; image-config findings need neither.
 */
function withImageWhere(location: ImageLocation, message: string): string {
  const path = location.path !== undefined && !message.includes(`/${location.path}`) ? `/${location.path}` : undefined;
  const index = location.layer?.index;
  const layer = index !== undefined && !new RegExp(`\\blayer ${index}\\b`).test(message) ? `layer ${index}` : undefined;
  const where = path && layer ? `${path} in ${layer}` : (path ?? layer);
  return where ? `${where}: ${message}` : message;
}

/** A plain line, so it shows in the log and the runner takes it for no command. */
function summary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'drydock: no problems';
  const counts = countBySeverity(findings);
  return (
    `drydock: ${plural(findings.length, 'problem')} ` +
    `(${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')})`
  );
}

/** Escapes a command's message as the runner unescapes it (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The same for a property value, whose `:` and `,` would otherwise end it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
