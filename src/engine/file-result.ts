/**
 * What the per-file phase hands on when its IR stays behind (a worker thread, the cache): the
 * flow's facts for the project phase, its diagnostics (spans, not lines) and the comments the
 * suppression pass reads. Plain data: structured-clone and JSON safe.
 */
import type { Comment } from '../ir/flow.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { FileAnalysis } from './analyze.js';
import type { FlowFacts } from '../analysis/facts.js';
import type { DocumentSecrets } from '../analysis/document-secrets.js';

export interface FileResult {
  facts: FlowFacts;
  diagnostics: Diagnostic[];
  /** The line comments that may be `flowc-disable-…` directives (diagnostics/suppressions.ts). */
  comments: Comment[];
  /** Where the text holds secrets (analysis/document-secrets.ts). */
  secrets: DocumentSecrets;
}

/** A superset of what diagnostics/suppressions.ts treats as a directive (it tests each one). */
export function mayBeSuppression(c: Comment): boolean {
  return !c.block && c.text.includes('flowc-disable-');
}

export function toFileResult(a: Pick<FileAnalysis, 'getOrParseFlow' | 'facts' | 'diagnostics' | 'secrets'>): FileResult {
  return { facts: a.facts, diagnostics: a.diagnostics, comments: a.getOrParseFlow().comments.filter(mayBeSuppression), secrets: a.secrets };
}
