import { parseDockerfile } from '../dockerfile/parse.js';
import type { Finding } from './finding.js';

/** Lints one Dockerfile's text. For now: syntax problems only; the rule engine arrives with issue 3. */
export function lintDockerfileText(text: string, file: string): Finding[] {
  const ast = parseDockerfile(text);
  return ast.problems.map((p) => ({
    ruleId: 'syntax-error',
    severity: 'error',
    message: p.message,
    location: {
      file,
      line: p.range.start.line,
      column: p.range.start.column,
      endLine: p.range.end.line,
      endColumn: p.range.end.column,
    },
    properties: { code: p.code },
  }));
}
