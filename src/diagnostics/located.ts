/**
 * Diagnostics with their document and 1-based positions: what every renderer consumes.
 */
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { SourceDocument } from '../model/source.js';
import { LineIndex, type Range } from '../util/line-index.js';

export interface LocatedDiagnostic {
  /** Display path (the .flow file, or the solution). */
  file: string;
  /** The flow's name inside a solution. */
  flow?: string;
  range: Range;
  rule: string;
  severity: Severity;
  message: string;
  help?: string;
  related: { file: string; flow?: string; range: Range; message: string }[];
  fixable: boolean;
  /** Changes shown to the user, never applied by `--fix` (Diagnostic.suggestions), with exact 1-based ranges (an insertion is empty). */
  suggestions: LocatedSuggestion[];
  /** Kept for renderers that show source (code frames). */
  doc: SourceDocument;
  lines: LineIndex;
  diagnostic: Diagnostic;
}

export interface LocatedSuggestion {
  description: string;
  edits: { range: Range; text: string }[];
}

export interface DocumentDiagnostics {
  doc: SourceDocument;
  diagnostics: Diagnostic[];
}

const indexCache = new WeakMap<SourceDocument, LineIndex>();
export function lineIndexOf(doc: SourceDocument): LineIndex {
  let li = indexCache.get(doc);
  if (!li) indexCache.set(doc, (li = new LineIndex(doc.text)));
  return li;
}

export function locate(groups: DocumentDiagnostics[], docs: readonly SourceDocument[]): LocatedDiagnostic[] {
  const out: LocatedDiagnostic[] = [];
  for (const g of groups) {
    const lines = lineIndexOf(g.doc);
    for (const d of g.diagnostics) {
      out.push({
        file: g.doc.path,
        flow: g.doc.flowName,
        range: lines.range(d.span),
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        help: d.help,
        related: (d.related ?? []).map((r) => {
          const rd = r.documentIndex !== undefined ? (docs[r.documentIndex] ?? g.doc) : g.doc;
          return { file: rd.path, flow: rd.flowName, range: lineIndexOf(rd).range(r.span), message: r.message };
        }),
        fixable: !!d.fix,
        suggestions: (d.suggestions ?? []).map((x) => ({ description: x.description, edits: x.edits.map((e) => ({ range: { start: lines.position(e.span.start), end: lines.position(e.span.end) }, text: e.text })) })),
        doc: g.doc,
        lines,
        diagnostic: d,
      });
    }
  }
  return out;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(ds: readonly { severity: Severity }[], files: number): Summary {
  const s: Summary = { files, errors: 0, warnings: 0, infos: 0 };
  for (const d of ds) {
    if (d.severity === 'error') s.errors++;
    else if (d.severity === 'warning') s.warnings++;
    else s.infos++;
  }
  return s;
}
