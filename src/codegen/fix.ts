/**
 * `--fix`: applying the TextEdits that rules attach to diagnostics. Pure text-to-text
 * (`applyFixes`); the fixed files are written by src/outputs/atomic-writer.ts. A fix touches only its own spans:
 * everything else in the file stays byte-for-byte.
 */
import type { Diagnostic, TextEdit } from '../model/diagnostic.js';

export interface FixResult {
  text: string;
  /** Diagnostics whose fix was applied. */
  applied: Diagnostic[];
}

/**
 * Applies the fixes of `diagnostics` to `text`. A fix whose edits overlap an earlier-applied
 * fix's is skipped (a later pass, after re-checking, may apply it).
 */
export function applyFixes(text: string, diagnostics: readonly Diagnostic[]): FixResult {
  const chosen: { edits: TextEdit[]; d: Diagnostic }[] = [];
  const taken: { start: number; end: number }[] = [];
  const overlaps = (e: TextEdit): boolean =>
    taken.some((t) => (e.span.start < t.end && t.start < e.span.end) || (e.span.start === e.span.end && e.span.start === t.start));
  for (const d of diagnostics) {
    if (!d.fix || d.fix.edits.length === 0) continue;
    if (d.fix.edits.some(overlaps)) continue;
    if (d.fix.edits.some((e) => e.span.start < 0 || e.span.end > text.length || e.span.end < e.span.start)) continue;
    chosen.push({ edits: d.fix.edits, d });
    for (const e of d.fix.edits) taken.push({ start: e.span.start, end: e.span.end });
  }
  const edits = chosen.flatMap((c) => c.edits).sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return { text: out, applied: chosen.map((c) => c.d) };
}

