import type { DockerfileAst, Range } from '../dockerfile/ast.js';
import type { DockerfileModel, InstructionModel, StageModel } from '../dockerfile/model.js';
import type { RunAnalysis } from '../dockerfile/shell.js';
import type { FileVersion } from '../image/layers.js';
import type { ImageModel } from '../image/model.js';
import type { Severity } from './finding.js';

/** A doc example: a Dockerfile that shows the rule firing (incorrect) or staying silent (correct). */
export interface RuleExample {
  code: string;
  /** One line saying what the example shows, when it is not obvious. */
  note?: string;
}

/** A rule's metadata: everything users, `rules.md` and SARIF see. Each description lives here once. */
export interface RuleMeta {
  /** Stable kebab-case id: a public contract. */
  id: string;
  /** Short title, sentence case, no final period. */
  title: string;
  severity: Severity;
  /** 0–10, GitHub's security-severity scale (9+ critical, 7+ high, 4+ medium, else low). */
  securitySeverity: number;
  tags: string[];
  /** Peer rule ids this rule covers: `hadolint:DL3002`, `trivy:DS-0002`, `dockle:CIS-DI-0001`, … */
  sources: string[];
  fixable: false | 'safe' | 'unsafe';
  docs: {
    /** What the rule finds, one paragraph. */
    description: string;
    /** Why it matters and what to do instead. */
    rationale: string;
    incorrect: RuleExample[];
    correct: RuleExample[];
    /** What the image check finds, for rules that have one (see {@link Rule.image}). */
    image?: string;
  };
  /** Messages as functions of their arguments, so tests call them instead of repeating strings. */
  // biome-ignore lint: messages take rule-specific arguments
  messages: Record<string, (...args: any[]) => string>;
}

/** What a check reports; the engine adds rule id, severity, file and fingerprint. */
export interface ReportDescriptor {
  range: Range;
  message: string;
  /**
   * What the finding is about, for the fingerprint (e.g. the offending argument). Defaults to the
   * text of `range`. Must not hold line numbers, tags or digests that change without the problem
   * changing.
   */
  subject?: string;
  properties?: Record<string, unknown>;
  /** A safe fix (see `Fix` in finding.ts); only from rules whose metadata says `fixable: 'safe'`. */
  fix?: { description: string; edits: { range: Range; text: string }[] };
}

/** Everything a Dockerfile check can see. */
export interface DockerfileContext {
  file: string;
  ast: DockerfileAst;
  model: DockerfileModel;
  /** Rule options from config (`rules.<id>.options`), `{}` when none. */
  options: Readonly<Record<string, unknown>>;
  /** Registries the user trusts (`trustedRegistries` in config). */
  trustedRegistries: readonly string[];
  report(descriptor: ReportDescriptor): void;
  /**
   * The parsed shell script of a RUN (or of a RUN under ONBUILD), cached per instruction. Undefined
   * for other instructions and when the stage's SHELL is not a POSIX shell (PowerShell, cmd).
   */
  shell(instruction: InstructionModel): RunAnalysis | undefined;
}

type InstructionVisitor = (instruction: InstructionModel) => void;

/**
 * Visitors keyed by upper-case instruction keyword, plus stage and file hooks. Triggers of ONBUILD
 * are visited too, under their own keyword, with `deferred: true`.
 */
export type DockerfileVisitors = { [keyword: string]: InstructionVisitor | undefined } & {
  stageEnd?: (stage: StageModel) => void;
  fileEnd?: () => void;
};

/** What an image check reports; the engine adds rule id, severity, location and fingerprint. */
export interface ImageReportDescriptor {
  message: string;
  /** The file the finding is about; its layer (the one that wrote this version) is the cause. */
  version?: FileVersion;
  /** The layer that caused the finding, when it is not a file's (e.g. a history step). */
  layer?: number;
  /** A history step that caused it but made no layer (ENV, USER…). */
  historyIndex?: number;
  /** The config field it is about, so `--dockerfile` can point at the instruction that set it. */
  config?: { field: 'user' | 'healthcheck' | 'env' | 'label'; name?: string };
  /**
   * What the finding is about, for the fingerprint. Defaults to the file's path. Must not hold
   * digests, tags or layer numbers, so a rebuilt image keeps its fingerprints.
   */
  subject?: string;
  properties?: Record<string, unknown>;
}

/** Everything an image check can see. */
export interface ImageContext {
  image: ImageModel;
  options: Readonly<Record<string, unknown>>;
  report(descriptor: ImageReportDescriptor): void;
}

export interface Rule {
  meta: RuleMeta;
  /** Creates per-file visitors; state lives in the closure. */
  dockerfile?: (context: DockerfileContext) => DockerfileVisitors;
  /** Checks a scanned image. */
  image?: (context: ImageContext) => void;
}

/**
 * What a rule looks at. Rules without a check of their own (syntax-error, unused-ignore) are the
 * engine's findings about Dockerfiles.
 */
export function ruleChecks(rule: Rule): ('Dockerfile' | 'image')[] {
  const out: ('Dockerfile' | 'image')[] = [];
  if (rule.dockerfile || !rule.image) out.push('Dockerfile');
  if (rule.image) out.push('image');
  return out;
}

/** Identity with type checking: the one way rules are written. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SOURCE = /^(?:hadolint:(?:DL\d{4}|SC\d{4})|trivy:(?:DS|AVD-DS)-\d{4}|dockle:(?:CIS-DI|DKL-DI|DKL-LI)-\d{4}|buildkit:[A-Z][A-Za-z]+|cis-docker:\d+(?:\.\d+)*|checkov:CKV2?_DOCKER_\d+)$/;

/** Problems with a rule's metadata, for the meta-test; empty when it is well-formed. */
export function metaProblems(meta: RuleMeta): string[] {
  const problems: string[] = [];
  if (!KEBAB.test(meta.id)) problems.push(`id '${meta.id}' is not kebab-case`);
  if (!meta.title || /\.$/.test(meta.title)) problems.push('title must be non-empty with no final period');
  if (!(meta.securitySeverity >= 0 && meta.securitySeverity <= 10)) problems.push('securitySeverity must be 0–10');
  if (meta.tags.length === 0 || meta.tags.length > 10) problems.push('tags: 1 to 10');
  for (const s of meta.sources) if (!SOURCE.test(s)) problems.push(`source '${s}' is not a known peer id form`);
  if (!meta.docs.description || !meta.docs.rationale) problems.push('docs need a description and a rationale');
  return problems;
}
