import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { REPORT_FORMATS, formatReport } from '../../src/report/index.js';
import { formatJson } from '../../src/report/json.js';
import { formatStylish } from '../../src/report/stylish.js';

const plain = { toolName: 'drydock', toolVersion: '1.2.3', color: false };
const coloured = { ...plain, color: true };

function finding(file: string, line: number, column: number, severity: Finding['severity'], ruleId: string, message: string): Finding {
  return { ruleId, severity, message, location: { file, line, column, endLine: line, endColumn: column + 4 }, fingerprint: `${ruleId}@${line}` };
}

const findings: Finding[] = [
  finding('Dockerfile', 1, 6, 'warning', 'unpinned-base-image', 'Base image node:latest is not pinned'),
  finding('Dockerfile', 12, 1, 'error', 'curl-pipe-shell', 'A downloaded script is piped into sh'),
  finding('Dockerfile', 3, 10, 'note', 'no-healthcheck', 'No HEALTHCHECK'),
  finding('svc/Dockerfile.api', 2, 1, 'error', 'syntax-error', 'unknown instruction FORM'),
];

describe('stylish', () => {
  it('groups by file, aligns columns and ends with a summary', () => {
    expect(formatStylish(findings, plain)).toBe(
      [
        '',
        'Dockerfile',
        '  1:6   warning  Base image node:latest is not pinned  unpinned-base-image',
        '  12:1  error    A downloaded script is piped into sh  curl-pipe-shell',
        '  3:10  note     No HEALTHCHECK                        no-healthcheck',
        '',
        'svc/Dockerfile.api',
        '  2:1  error  unknown instruction FORM  syntax-error',
        '',
        '✖ 4 problems (2 errors, 1 warning, 1 note)',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there is nothing to report', () => {
    expect(formatStylish([], plain)).toBe('');
  });

  it('uses singular words for one of a kind', () => {
    expect(formatStylish([findings[0]!], plain)).toContain('✖ 1 problem (0 errors, 1 warning, 0 notes)');
  });

  it('keeps each finding on one line whatever its message holds', () => {
    const multi = finding('Dockerfile', 1, 1, 'error', 'r', 'first line\n  second line');
    expect(formatStylish([multi], plain).split('\n')[2]).toBe('  1:1  error  first line second line  r');
  });

  it('colours only when asked, and colour never changes the text', () => {
    const out = formatStylish(findings, coloured);
    expect(out).toMatch(/\u001b\[31merror/);
    expect(out).toMatch(/\u001b\[33mwarning/);
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).toBe(formatStylish(findings, plain));
    expect(formatStylish(findings, plain)).not.toMatch(/\u001b/);
  });
});

describe('json', () => {
  it('is one document with version, tool and findings in the documented shape', () => {
    const doc = JSON.parse(formatJson(findings.slice(0, 1), plain));
    expect(doc).toEqual({
      version: 1,
      tool: { name: 'drydock', version: '1.2.3' },
      findings: [
        {
          ruleId: 'unpinned-base-image',
          severity: 'warning',
          message: 'Base image node:latest is not pinned',
          location: { file: 'Dockerfile', line: 1, column: 6, endLine: 1, endColumn: 10 },
          fingerprint: 'unpinned-base-image@1',
        },
      ],
    });
  });

  it('keeps the order it was given, includes properties when present, and ends with a newline', () => {
    const withProps: Finding = { ...findings[3]!, properties: { code: 'unknown-instruction' } };
    const text = formatJson([findings[1]!, withProps], coloured);
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text);
    expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['curl-pipe-shell', 'syntax-error']);
    expect(doc.findings[0]).not.toHaveProperty('properties');
    expect(doc.findings[1].properties).toEqual({ code: 'unknown-instruction' });
    expect(text).not.toMatch(/\u001b/);
  });

  it('reports no findings as an empty array', () => {
    expect(JSON.parse(formatJson([], plain)).findings).toEqual([]);
  });
});

describe('formatReport', () => {
  it('offers stylish, json, sarif and github', () => {
    expect(REPORT_FORMATS).toEqual(['stylish', 'json', 'sarif', 'github', 'codequality']);
    for (const format of REPORT_FORMATS) expect(typeof formatReport(format, findings, plain)).toBe('string');
  });
});
