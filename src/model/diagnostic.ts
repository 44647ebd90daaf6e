import type { Span } from '../ir/span.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** A related location, e.g. the header clause that has to change, or the other declaration. */
export interface RelatedLocation {
  /** Defaults to the diagnostic's own document. */
  documentIndex?: number;
  span: Span;
  message: string;
}

/** A text edit for `--fix`: replace [span.start, span.end) of the document text with `text`. */
export interface TextEdit {
  span: Span;
  text: string;
}

/**
 * A diagnostic as rules produce it: offsets, not lines. Rendering (pretty/json/sarif/github)
 * turns spans into 1-based line/column once, in diagnostics/render-*.ts.
 */
export interface Diagnostic {
  rule: string; // e.g. 'FC302'
  severity: Severity;
  message: string;
  help?: string;
  span: Span;
  related?: RelatedLocation[];
  /**
   * Applied by `--fix`: only when it makes the source say what is true, never a change to what
   * the flow claims about the world (schema, ownership, sharing, embedding).
   */
  fix?: Fix;
  /**
   * Shown, never applied (ESLint's `suggest`): changes the user may choose to make, each with
   * its edits, e.g. `SCHEMA V2` once the flow has been migrated in Power Automate.
   */
  suggestions?: Fix[];
}

/** A change to the source: what it does, in words, and its edits. */
export interface Fix {
  description: string;
  edits: TextEdit[];
}
