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

/** Where an image finding points: the image, the layer that caused it, the file, when there is one. */
export interface ImageLocation {
  /** The image as the user named it: a tag from the archive, or the path or reference given. */
  image: string;
  /** The file inside the image (no leading `/`). */
  path?: string;
  layer?: { index: number; digest: string; createdBy?: string };
  /** The Dockerfile instruction that caused it, when `scan --dockerfile` could map it. */
  dockerfile?: DockerfileLocation;
}

export type FindingLocation = DockerfileLocation | ImageLocation;

export function isImageLocation(location: FindingLocation): location is ImageLocation {
  return 'image' in location;
}

/**
 * Replaces a span of a Dockerfile (1-based, end column exclusive, as in {@link DockerfileLocation})
 * with `text`. An empty span inserts; an empty `text` deletes.
 */
export interface TextEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

/**
 * A change to the finding's Dockerfile that resolves it and changes nothing else the build does:
 * `drydock fix` applies it without asking, and SARIF carries it as the result's `fixes`. Only rules
 * whose metadata says `fixable: 'safe'` may give one.
 */
export interface Fix {
  /** What the change does, one sentence. */
  description: string;
  /** Non-overlapping edits of the finding's file. */
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: FindingLocation;
  /** Dockerfile findings only. */
  fix?: Fix;
  /** Stable identity for baselines and SARIF: no line numbers, tags or digests (see fingerprint.ts). */
  fingerprint: string;
  properties?: Record<string, unknown>;
}

/** A finding of a Dockerfile check. */
export interface DockerfileFinding extends Finding {
  location: DockerfileLocation;
}

/** A finding of an image check. */
export interface ImageFinding extends Finding {
  location: ImageLocation;
}
