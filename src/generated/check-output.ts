/* generated — do not edit. Source: schemas/check-output.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

/**
 * What `flowc check --format json` prints: every diagnostic with 1-based line and column, and a summary.
 */
export interface CheckOutput {
  /**
   * Format version: 1.
   */
  version: 1;
  /**
   * The diagnostics, ordered by file, then position.
   */
  diagnostics: CheckDiagnostic[];
  /**
   * Counts over the whole run.
   */
  summary: {
    /**
     * Number of files (flows or solutions) checked.
     */
    files: number;
    /**
     * Number of diagnostics with severity error.
     */
    errors: number;
    /**
     * Number of diagnostics with severity warning.
     */
    warnings: number;
    /**
     * Number of diagnostics with severity info.
     */
    infos: number;
  };
}
/**
 * One diagnostic.
 */
export interface CheckDiagnostic {
  /**
   * The file, as given or relative to the working folder, with `/` separators.
   */
  file: string;
  /**
   * 1-based line where the span starts.
   */
  line: number;
  /**
   * 1-based column where the span starts.
   */
  column: number;
  /**
   * 1-based line where the span ends.
   */
  endLine: number;
  /**
   * 1-based column just after the span's last character.
   */
  endColumn: number;
  /**
   * The rule's code, e.g. "FC302".
   */
  rule: string;
  /**
   * The diagnostic's severity after configuration.
   */
  severity: 'error' | 'warning' | 'info';
  /**
   * What is wrong.
   */
  message: string;
  /**
   * What to do about it.
   */
  help?: string;
  /**
   * Other locations that explain the diagnostic (e.g. the header clause to change, the first declaration).
   */
  related?: RelatedLocation[];
  /**
   * Changes the user may choose to make, shown and never applied by `--fix` (e.g. `SCHEMA V2` once the flow has been migrated in Power Automate).
   */
  suggestions?: Suggestion[];
}
/**
 * A related location.
 */
export interface RelatedLocation {
  /**
   * The file, like a diagnostic's.
   */
  file: string;
  /**
   * 1-based start line.
   */
  line: number;
  /**
   * 1-based start column.
   */
  column: number;
  /**
   * 1-based end line.
   */
  endLine: number;
  /**
   * 1-based column just after the end.
   */
  endColumn: number;
  /**
   * What this location has to do with the diagnostic.
   */
  message: string;
}
/**
 * A suggested change: what it does and its text edits.
 */
export interface Suggestion {
  /**
   * What the change does, in words.
   */
  description: string;
  /**
   * Replace each range of the file with `text`.
   */
  edits: SuggestionEdit[];
}
/**
 * One text edit of a suggestion, with 1-based positions.
 */
export interface SuggestionEdit {
  /**
   * 1-based start line.
   */
  line: number;
  /**
   * 1-based start column.
   */
  column: number;
  /**
   * 1-based end line.
   */
  endLine: number;
  /**
   * 1-based column just after the end.
   */
  endColumn: number;
  /**
   * The replacement text.
   */
  text: string;
}
