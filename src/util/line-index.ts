/**
 * Offsets → 1-based line and column, computed once per document when rendering.
 */
import type { Span } from '../ir/span.js';

export interface Position {
  line: number;
  column: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A line break: `\r\n`, `\r` or `\n`. */
const LINE_BREAK = /\r\n?|\n/g;

/** Whether the text has a `\r` not followed by `\n` (a line break of its own). */
function hasLoneCr(text: string): boolean {
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

export class LineIndex {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    // indexOf scans natively, far faster than a loop over every character (a warm `--cache` run
    // indexes every file with a diagnostic). A line starts after each `\n` (so after each `\r\n`);
    // only text with a `\r` of its own (not before a `\n`) needs the full pattern.
    let starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    if (hasLoneCr(text)) {
      starts = [0];
      LINE_BREAK.lastIndex = 0;
      for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) starts.push(LINE_BREAK.lastIndex);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset inside a line break (the `\n` of a CRLF) is the end of its line: a column is
    // never past the line's last character + 1 (code frames and SARIF regions rely on it).
    return { line: lo + 1, column: Math.min(o, this.lineEnd(lo)) - this.starts[lo]! + 1 };
  }

  /** Offset of the end of line `index` (0-based), before its line break. */
  private lineEnd(index: number): number {
    const next = this.starts[index + 1];
    if (next === undefined) return this.text.length;
    return this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
  }

  /** A span as a range; an empty span covers one column. End is exclusive (column after the last character). */
  range(span: Span): Range {
    const start = this.position(span.start);
    let endOffset = Math.max(span.end, span.start);
    // Never end past a line break the span does not need: keep ranges on their lines.
    while (endOffset > span.start + 1 && /[\r\n]/.test(this.text[endOffset - 1] ?? '')) endOffset--;
    const end = this.position(endOffset === span.start ? span.start + 1 : endOffset);
    if (end.line === start.line && end.column <= start.column) end.column = start.column + 1;
    return { start, end };
  }

  lineText(line: number): string {
    const s = this.starts[line - 1] ?? this.text.length;
    const e = this.starts[line] ?? this.text.length;
    return this.text.slice(s, e).replace(/\r?\n$|\r$/, '');
  }
}
