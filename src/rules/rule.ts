/**
 * What a rule is. A rule reads the IR (and, for project rules, the project graph) and reports
 * diagnostics; it does no I/O and knows no output format. Adding a rule is adding one file in
 * this folder (`FC<code>-<name>.ts`, exporting the rule), its fixtures in fixtures/<code>/ and its
 * doc in docs/rules/<code>.md; `npm run gen` then registers it (index.ts is generated).
 */
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { Flow } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import type { SourceDocument } from '../model/source.js';
import type { SymbolTable } from '../analysis/symbols.js';
import type { SyntaxProblem } from '../syntax/parse.js';
import type { AnalysisServices } from '../analysis/services.js';
import type { FlowFacts } from '../analysis/facts.js';
import type { ProjectModel } from '../analysis/project.js';

export interface RuleMeta {
  /** Stable code, e.g. `FC302`. */
  code: string;
  /** kebab-case name, e.g. `cloud-run-requires-embedded`. */
  name: string;
  severity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** What to do about it (the default `help:` line; a diagnostic may give a more specific one). */
  help: string;
  /** `--fix` can repair it (a fix only makes the source say what is true). */
  fixable?: boolean;
  /** It offers suggestions: changes shown to the user, never applied by `--fix`. */
  hasSuggestions?: boolean;
}

export type Report = Omit<Diagnostic, 'rule' | 'severity'> & { severity?: Severity };

export interface FileContext {
  doc: SourceDocument;
  flow: Flow;
  symbols: SymbolTable;
  facts: FlowFacts;
  syntaxProblems: readonly SyntaxProblem[];
  services: AnalysisServices;
  report(d: Report): void;
}

export interface FileRule {
  kind: 'file';
  meta: RuleMeta;
  check(ctx: FileContext): void;
}

export interface ProjectContext {
  project: ProjectModel;
  services: AnalysisServices;
  /** Report on document `index` of the project (only documents the user asked about are shown). */
  report(documentIndex: number, d: Report): void;
}

export interface ProjectRule {
  kind: 'project';
  meta: RuleMeta;
  check(ctx: ProjectContext): void;
}

/**
 * A rule checked after all others, over their diagnostics: the suppression pass
 * (diagnostics/suppressions.ts) reports under it.
 */
export interface SuppressionRule {
  kind: 'suppression';
  meta: RuleMeta;
}

/**
 * A rule over what the inputs layer could not turn into a document: a flow file that could not
 * be read or decoded (FC010). `problem` is what went wrong; the document's text is empty.
 */
export interface InputContext {
  doc: SourceDocument;
  problem: string;
  /** Where in the text shown (`doc.text`) the fault is (the first invalid byte), or the start. */
  span: Span;
  /** What could not be read: a flow file, or a solution (a zip or an unpacked solution folder). */
  input: 'file' | 'solution';
  report(d: Report): void;
}

export interface InputRule {
  kind: 'input';
  meta: RuleMeta;
  check(ctx: InputContext): void;
}

export type Rule = FileRule | ProjectRule | SuppressionRule | InputRule;
