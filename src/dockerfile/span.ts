import type { Range, SourceSegment, Span } from './ast.js';
import { type LineIndex, logicalToFile, sliceSegments } from './positions.js';

/** Where an empty slice of `span` sits in the file. */
export function fallbackOffset(span: Span, start: number): number {
  if (span.segments.length > 0) return logicalToFile(span.segments, start);
  return span instanceof LazySpan ? span.emptyAt : span.range.start.offset;
}

/**
 * A span whose segment map and file range are worked out on first use. Most spans (flag values, the
 * arguments of every instruction) are never reported, and building their ranges eagerly was most of
 * the parser's time and garbage.
 */
export class LazySpan implements Span {
  readonly value: string;
  #source: readonly SourceSegment[];
  #start: number;
  #end: number;
  #lines: LineIndex;
  #segments: SourceSegment[] | undefined;
  #range: Range | undefined;
  #emptyAt: number;

  /** `value` is logical [start, end) of the text that `source` maps. */
  constructor(value: string, source: readonly SourceSegment[], start: number, end: number, lines: LineIndex, emptyAt: number) {
    this.value = value;
    this.#source = source;
    this.#start = start;
    this.#end = end;
    this.#lines = lines;
    this.#emptyAt = emptyAt;
  }

  /** File offset of an empty span (no segments to map through). */
  get emptyAt(): number {
    return this.#emptyAt;
  }

  get segments(): SourceSegment[] {
    this.#segments ??= sliceSegments(this.#source, this.#start, this.#end);
    return this.#segments;
  }

  set segments(segments: SourceSegment[]) {
    this.#segments = segments;
  }

  get range(): Range {
    if (!this.#range) {
      const start = this.#start;
      const end = this.#end;
      if (end <= start || this.#source.length === 0) this.#range = this.#lines.range(this.emptyAt, this.emptyAt);
      else this.#range = this.#lines.range(logicalToFile(this.#source, start), logicalToFile(this.#source, end - 1) + 1);
    }
    return this.#range;
  }

  set range(range: Range) {
    this.#range = range;
  }
}

/** The logical slice `[start, end)` of `span` as a {@link Span} with its own file range. */
export function subSpan(span: Span, start: number, end: number, lines: LineIndex): Span {
  return new LazySpan(span.value.slice(start, end), span.segments, start, end, lines, fallbackOffset(span, start));
}
