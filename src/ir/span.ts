/**
 * A half-open range [start, end) of UTF-16 code-unit offsets into a SourceDocument's `text`.
 * Lines and columns are computed only when rendering (see util/line-index.ts).
 */
export interface Span {
  start: number;
  end: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
