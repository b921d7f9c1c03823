import type { Finding } from '../engine/finding.js';

/** What a reporter knows besides the findings. Reporters are pure: they return text and never print. */
export interface ReportContext {
  toolName: string;
  toolVersion: string;
  /** Whether to use ANSI colours; the CLI decides (TTY, --color/--no-color, NO_COLOR). */
  color: boolean;
  /** For image scans: what was scanned, for the summary table. */
  images?: readonly ImageSummary[];
}

/** One scanned image, as the stylish summary shows it. */
export interface ImageSummary {
  name: string;
  layout: string;
  layers: readonly { index: number; digest: string; size: number; createdBy: string | undefined; entries: number }[];
  /** Files in the final filesystem. */
  files: number;
  notes: readonly string[];
}

export type Reporter = (findings: readonly Finding[], context: ReportContext) => string;
