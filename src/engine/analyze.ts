/**
 * Running the rules: the per-file phase (pure: text → IR → symbols → facts → file rules) and
 * the once-per-run project phase (project rules over every flow's facts). Severity settings
 * from the configuration are applied here; suppressions and rendering come after.
 */
import type { Diagnostic, Severity, SeveritySetting } from '../model/diagnostic.js';
import type { Flow } from '../ir/flow.js';
import type { SourceDocument } from '../model/source.js';
import { parseFlow } from '../syntax/parse.js';
import type { Span } from '../ir/span.js';
import type { Rule, Report } from '../rules/rule.js';
import { buildSymbols } from '../analysis/symbols.js';
import { computeFacts, type FlowFacts } from '../analysis/facts.js';
import { documentSecrets, type DocumentSecrets } from '../analysis/document-secrets.js';
import type { AnalysisServices } from '../analysis/services.js';
import type { ProjectDocument, ProjectModel } from '../analysis/project.js';

export interface RuleSettings {
  /** Per-rule severity overrides (`"FC006": "off"`). */
  severities?: Readonly<Record<string, SeveritySetting>>;
}

export interface FileAnalysis {
  doc: SourceDocument;
  /**
   * The flow's IR: the one analysis built when it was kept, else (a result from the cache or a
   * worker thread, or `keepIr: false`) parsed again from the text on the first call. A method, not
   * a property, because it may parse: code that only wants the IR when it is at hand reads
   * `PerFileDocument.flow` / `ProjectDocument.flow` instead.
   */
  getOrParseFlow(): Flow;
  facts: FlowFacts;
  diagnostics: Diagnostic[];
  /** Where the text holds secrets, for masking them in every output. */
  secrets: DocumentSecrets;
}

function effectiveSeverity(rule: Rule, settings: RuleSettings): SeveritySetting {
  return settings.severities?.[rule.meta.code] ?? rule.meta.severity;
}

function reporter(rule: Rule, settings: RuleSettings, out: Diagnostic[]): (d: Report) => void {
  const configured = effectiveSeverity(rule, settings);
  return (d) => {
    if (configured === 'off') return;
    // A configured severity wins; otherwise a rule may report at a specific severity.
    const severity: Severity = settings.severities?.[rule.meta.code] ? (configured as Severity) : (d.severity ?? rule.meta.severity);
    out.push({ ...d, rule: rule.meta.code, severity });
  };
}

/** The input rules (FC010) for a document the inputs layer could not read: `problem` says why. */
export function checkInput(
  rules: readonly Rule[],
  settings: RuleSettings,
  doc: SourceDocument,
  problem: string,
  where: Span = { start: 0, end: 0 },
  input: 'file' | 'solution' = 'file',
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'input' || effectiveSeverity(rule, settings) === 'off') continue;
    rule.check({ doc, problem, span: where, input, report: reporter(rule, settings, out) });
  }
  return out;
}

/** The per-file phase for one document. */
export function analyzeFile(doc: SourceDocument, services: AnalysisServices, rules: readonly Rule[], settings: RuleSettings = {}): FileAnalysis {
  const { flow, problems } = parseFlow(doc.text);
  const symbols = buildSymbols(flow, { isKnownModule: (m) => services.actions.isKnownModule(m) });
  const facts = computeFacts(doc, flow);
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'file' || effectiveSeverity(rule, settings) === 'off') continue;
    rule.check({ doc, flow, symbols, facts, syntaxProblems: problems, services, report: reporter(rule, settings, diagnostics) });
  }
  return { doc, getOrParseFlow: () => flow, facts, diagnostics, secrets: documentSecrets(doc.text, flow) };
}

/** The project phase: runs once over every document's facts. Returns diagnostics per document index. */
export function analyzeProject(project: ProjectModel, services: AnalysisServices, rules: readonly Rule[], settings: RuleSettings = {}): Map<number, Diagnostic[]> {
  const out = new Map<number, Diagnostic[]>();
  for (const rule of rules) {
    if (rule.kind !== 'project' || effectiveSeverity(rule, settings) === 'off') continue;
    const perDoc = new Map<number, (d: Report) => void>();
    rule.check({
      project,
      services,
      report(index, d) {
        const pd: ProjectDocument | undefined = project.documents[index];
        if (!pd?.reported) return;
        let r = perDoc.get(index);
        if (!r) {
          let list = out.get(index);
          if (!list) out.set(index, (list = []));
          r = reporter(rule, settings, list);
          perDoc.set(index, r);
        }
        r(d);
      },
    });
  }
  return out;
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
}
