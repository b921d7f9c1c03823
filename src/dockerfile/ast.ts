/**
 * Source positions. Lines and columns are 1-based; columns count UTF-16 code units (SARIF's default
 * `columnKind`). `offset` is a 0-based index into {@link DockerfileAst.text}.
 */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open span: `end` is exclusive (the SARIF convention). */
export interface Range {
  start: Position;
  end: Position;
}

/**
 * Maps a logical string (continuations and in-continuation comment lines removed) back to the file.
 * Each segment says: `length` characters starting at `logicalStart` in the logical string come from
 * `fileStart` in the file text. Segments are sorted and contiguous in logical space.
 */
export interface SourceSegment {
  logicalStart: number;
  fileStart: number;
  length: number;
}

/** A piece of instruction text with its logical value (continuations joined) and where it came from. */
export interface Span {
  /** Text as Docker sees it after joining continuation lines. */
  value: string;
  range: Range;
  segments: SourceSegment[];
}

/** A whitespace-separated word of a shell-form argument list, quotes kept as written. */
export interface Word extends Span {}

export interface Flag {
  /** Flag name without the leading `--`, lower-cased as Docker matches it. */
  name: string;
  /** Raw value after `=`, or undefined for a bare `--flag`. */
  value: Span | undefined;
  nameRange: Range;
  range: Range;
}

export interface Heredoc {
  /** Delimiter word with quotes removed. */
  delimiter: string;
  /** `<<-`: leading tabs are stripped from body lines and the terminator. */
  stripTabs: boolean;
  /** Quoted delimiter (`<<"EOF"`, `<<'EOF'`): the body is not expanded. */
  quoted: boolean;
  /** The `<<EOF` marker as written on the instruction line. */
  markerRange: Range;
  /** Body text, terminator excluded, tabs stripped when `stripTabs`; ends with a newline unless empty. */
  body: string;
  bodyRange: Range;
  /** File offset where the body starts; body lines map 1:1 to file lines (tabs aside). */
  bodyOffset: number;
  /** False when the file ended before the terminator line. */
  terminated: boolean;
}

export interface Instruction {
  /** Upper-cased keyword: `RUN`, `FROM`, … (unknown keywords are kept as written, upper-cased). */
  keyword: string;
  keywordRange: Range;
  /** The whole instruction: keyword through the last argument character, heredoc bodies included. */
  range: Range;
  /** Leading `--name[=value]` flags, in order. */
  flags: Flag[];
  /** Everything after the flags, as Docker sees it (continuations joined, trailing whitespace trimmed). */
  args: Span;
  /** `exec` when args is a JSON array of strings; `shell` otherwise; `none` when there are no args. */
  form: 'exec' | 'shell' | 'none';
  /** Exec-form elements or shell-form words, as written (JSON literals and quotes kept); see `exec`. */
  words: Word[];
  /** JSON-decoded exec form elements; undefined for shell form. */
  exec: string[] | undefined;
  heredocs: Heredoc[];
  /** For `ONBUILD X …`: the wrapped instruction. */
  onbuild: Instruction | undefined;
  /** Index in {@link DockerfileAst.instructions} (for ONBUILD children, the parent's index). */
  index: number;
}

export interface Comment {
  /** Text after `#`, untrimmed. */
  text: string;
  range: Range;
}

export interface Directive {
  /** Lower-cased name: `syntax`, `escape`, `check`. */
  name: string;
  value: string;
  range: Range;
  valueRange: Range;
}

export interface SyntaxProblem {
  /** Stable machine code, e.g. `unknown-instruction`, `missing-arguments`, `unterminated-heredoc`. */
  code: string;
  message: string;
  range: Range;
}

export interface DockerfileAst {
  /** The decoded text that every offset points into (a UTF-8 BOM, if any, removed). */
  text: string;
  hadBom: boolean;
  escapeChar: '\\' | '`';
  directives: Directive[];
  /** Every comment line, in continuations too, directives excluded. */
  comments: Comment[];
  instructions: Instruction[];
  problems: SyntaxProblem[];
}
