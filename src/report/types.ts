import type { Finding } from '../engine/finding.js';
import type { RuleMeta } from '../engine/rule.js';

/** What a reporter knows besides the findings. Reporters are pure: they return text and never print. */
export interface ReportContext {
  toolName: string;
  toolVersion: string;
  /** Whether to use ANSI colours; the CLI decides (TTY, --color/--no-color, NO_COLOR). */
  color: boolean;
  /** For image scans: what was scanned, for the summary table. */
  images?: readonly ImageSummary[];
  /** The rules that ran (SARIF's `tool.driver.rules`). */
  rules?: readonly RuleMeta[];
  /** The working folder: SARIF paths are relative to it (`%SRCROOT%`). */
  cwd?: string;
  /** `--sarif-category`: SARIF's `automationDetails.id`, to tell several uploads for one commit apart. */
  sarifCategory?: string;
  /** The tool's home page, and where each rule is documented (an anchor per rule id is appended). */
  informationUri?: string;
  rulesUri?: string;
  /** A warning for the user (stderr), e.g. that a report was truncated. */
  warn?: (message: string) => void;
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
