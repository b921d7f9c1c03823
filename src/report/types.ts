import type { Finding } from '../engine/finding.js';

/** What a reporter knows besides the findings. Reporters are pure: they return text and never print. */
export interface ReportContext {
  toolName: string;
  toolVersion: string;
  /** Whether to use ANSI colours; the CLI decides (TTY, --color/--no-color, NO_COLOR). */
  color: boolean;
}

export type Reporter = (findings: readonly Finding[], context: ReportContext) => string;
