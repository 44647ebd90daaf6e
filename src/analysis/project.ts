/**
 * The project: every flow flowc read in this run, with its per-file facts. Project rules (the
 * once-per-run phase) see this, never the files; only `reported` documents get diagnostics.
 */
import type { Flow } from '../ir/flow.js';
import type { SourceDocument } from '../model/source.js';
import type { FlowFacts } from './facts.js';

export interface ProjectDocument {
  index: number;
  doc: SourceDocument;
  facts: FlowFacts;
  /** The IR, when the document was analysed in this process (absent for cached summaries). */
  flow?: Flow;
  /** The user asked about this document (pre-commit passes the staged files only). */
  reported: boolean;
}

export interface ProjectModel {
  documents: ProjectDocument[];
}
