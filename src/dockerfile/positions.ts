import type { Position, Range, SourceSegment } from './ast.js';

/** Converts offsets into line/column positions in O(log lines). */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.lineStarts[lo]! + 1, offset: clamped };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/** Maps an offset in a logical string to a file offset through its segments. */
export function logicalToFile(segments: readonly SourceSegment[], logical: number): number {
  if (segments.length === 0) return 0;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.logicalStart <= logical) lo = mid;
    else hi = mid - 1;
  }
  const seg = segments[lo]!;
  return seg.fileStart + Math.min(Math.max(logical - seg.logicalStart, 0), seg.length);
}

/**
 * File range of the logical slice [start, end). The end maps from the last included character so a
 * slice ending at a continuation does not stretch onto the next line.
 */
export function logicalRangeToFile(
  segments: readonly SourceSegment[],
  start: number,
  end: number,
): [number, number] {
  const fileStart = logicalToFile(segments, start);
  const fileEnd = end > start ? logicalToFile(segments, end - 1) + 1 : fileStart;
  return [fileStart, fileEnd];
}

/** Sub-segments of `segments` covering logical [start, end), rebased so the slice starts at 0. */
export function sliceSegments(
  segments: readonly SourceSegment[],
  start: number,
  end: number,
): SourceSegment[] {
  const out: SourceSegment[] = [];
  // Binary search for the first segment that can overlap: long continued instructions have many
  // segments and many words, so a linear scan per word would be quadratic.
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const seg = segments[mid]!;
    if (seg.logicalStart + seg.length <= start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.logicalStart >= end) break;
    const segEnd = seg.logicalStart + seg.length;
    const s = Math.max(start, seg.logicalStart);
    const e = Math.min(end, segEnd);
    if (e <= s) continue;
    out.push({ logicalStart: s - start, fileStart: seg.fileStart + (s - seg.logicalStart), length: e - s });
  }
  return out;
}
