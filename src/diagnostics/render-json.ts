/** `--format json`: the fixed shape of PRODUCT.md section 2. */
import type { LocatedDiagnostic, Summary } from './located.js';
import { jsonText } from '../util/json-text.js';

export function renderJson(ds: readonly LocatedDiagnostic[], summary: Summary): string {
  const doc = {
    version: 1,
    diagnostics: ds.map((d) => ({
      file: d.file,
      ...(d.flow !== undefined ? { flow: d.flow } : {}),
      line: d.range.start.line,
      column: d.range.start.column,
      endLine: d.range.end.line,
      endColumn: d.range.end.column,
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      ...(d.help ? { help: d.help } : {}),
      ...(d.related.length
        ? {
            related: d.related.map((r) => ({
              file: r.file,
              ...(r.flow !== undefined ? { flow: r.flow } : {}),
              line: r.range.start.line,
              column: r.range.start.column,
              endLine: r.range.end.line,
              endColumn: r.range.end.column,
              message: r.message,
            })),
          }
        : {}),
      ...(d.suggestions.length
        ? {
            suggestions: d.suggestions.map((x) => ({
              description: x.description,
              edits: x.edits.map((e) => ({ line: e.range.start.line, column: e.range.start.column, endLine: e.range.end.line, endColumn: e.range.end.column, text: e.text })),
            })),
          }
        : {}),
    })),
    summary,
  };
  return `${jsonText(doc)}\n`;
}
