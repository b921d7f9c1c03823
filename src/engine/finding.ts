export type Severity = 'error' | 'warning' | 'note';

export const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/** Where a Dockerfile finding points: 1-based lines and columns, exclusive end column. */
export interface DockerfileLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: DockerfileLocation;
  /** Stable identity for baselines and SARIF: no line numbers, tags or digests (see fingerprint.ts). */
  fingerprint: string;
  properties?: Record<string, unknown>;
}
