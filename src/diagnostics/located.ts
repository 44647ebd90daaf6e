/**
 * Diagnostics with their document and 1-based positions: what every renderer consumes.
 */
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { SourceDocument } from '../model/source.js';
import { memberSpan } from '../inputs/flow-folder.js';
import type { Span } from '../ir/span.js';
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

const memberDocs = new WeakMap<SourceDocument, Map<string, SourceDocument>>();

/**
 * Where a span of a document is shown: for a flow folder (whose text is composed from its files,
 * inputs/flow-folder.ts), the file the span comes from and the span in that file's text.
 */
export function showAt(doc: SourceDocument, span: Span): { doc: SourceDocument; span: Span } {
  if (!doc.members?.length) return { doc, span };
  const m = memberSpan(doc.members, span);
  let docs = memberDocs.get(doc);
  if (!docs) memberDocs.set(doc, (docs = new Map()));
  let shown = docs.get(m.member.absolutePath);
  if (!shown) {
    shown = { path: m.member.path, absolutePath: m.member.absolutePath, flowName: doc.flowName, text: m.member.text, origin: 'file', memberOf: { doc, member: m.member } };
    docs.set(m.member.absolutePath, shown);
  }
  return { doc: shown, span: m.span };
}

export function locate(groups: DocumentDiagnostics[], docs: readonly SourceDocument[]): LocatedDiagnostic[] {
  const out: LocatedDiagnostic[] = [];
  for (const g of groups) {
    for (const d of g.diagnostics) {
      const at = showAt(g.doc, d.span);
      const lines = lineIndexOf(at.doc);
      out.push({
        file: at.doc.path,
        flow: at.doc.flowName,
        range: lines.range(at.span),
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        help: d.help,
        related: (d.related ?? []).map((r) => {
          const rel = showAt(r.documentIndex !== undefined ? (docs[r.documentIndex] ?? g.doc) : g.doc, r.span);
          return { file: rel.doc.path, flow: rel.doc.flowName, range: lineIndexOf(rel.doc).range(rel.span), message: r.message };
        }),
        // A fix edits the composed text of a flow folder, not a file: not offered there.
        fixable: !!d.fix && !g.doc.members,
        suggestions: g.doc.members
          ? []
          : (d.suggestions ?? []).map((x) => ({ description: x.description, edits: x.edits.map((e) => ({ range: { start: lines.position(e.span.start), end: lines.position(e.span.end) }, text: e.text })) })),
        doc: at.doc,
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
