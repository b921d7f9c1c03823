/**
 * GitLab's code quality report (`artifacts:reports:codequality`, the Code Climate issue format): a
 * JSON array of issues, which GitLab shows in the merge request widget and the diff. Each issue has
 * GitLab's required fields: `description`, `check_name`, `fingerprint`, `severity` and
 * `location.path` with `location.lines.begin`. Paths are relative to the working folder (the
 * repository root in a CI job). Image findings without a Dockerfile location get the same stable
 * pseudo path as in SARIF (`<image>/<path in the image>`), so a rebuild keeps them.
 */
import { isImageLocation, type Finding, type Severity } from '../engine/finding.js';
import { imagePseudoPath, reportedFile } from './locations.js';
import type { ReportContext } from './types.js';

/** Code Climate's scale: info, minor, major, critical, blocker. */
const SEVERITY: Readonly<Record<Severity, string>> = { note: 'minor', warning: 'major', error: 'critical' };

interface Issue {
  type: 'issue';
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  categories: string[];
  location: { path: string; lines: { begin: number; end: number } };
}

export function formatCodeQuality(findings: readonly Finding[], context: ReportContext): string {
  const cwd = context.cwd ?? process.cwd();
  const issues: Issue[] = findings.map((finding) => {
    const location = finding.location;
    let path: string;
    let begin = 1;
    let end = 1;
    let description = finding.message;
    if (!isImageLocation(location) || location.dockerfile) {
      const at = isImageLocation(location) ? location.dockerfile! : location;
      path = reportedFile(at.file, cwd);
      begin = at.line;
      end = at.endLine;
    } else {
      path = imagePseudoPath(finding, location);
      if (location.path && !description.includes(`/${location.path}`)) description = `/${location.path}: ${description}`;
    }
    return {
      type: 'issue',
      description,
      check_name: finding.ruleId,
      // GitLab matches issues across pipelines by fingerprint: drydock's has no line, tag or digest.
      fingerprint: finding.fingerprint,
      severity: SEVERITY[finding.severity],
      categories: ['Security'],
      location: { path, lines: { begin, end } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
