/* generated — do not edit. Source: schemas/diff.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

/**
 * What `flowc diff --format json` prints: what changed in meaning between two versions of a set of desktop flows. Only flows with a change are listed; everything is sorted, so the same two inputs give the same document. Secrets are masked (`hu****`).
 */
export interface FlowDiff {
  /**
   * Format version: 1.
   */
  version: 1;
  /**
   * What the old side is: the paths given, or `<rev>` for --git.
   */
  old: string;
  /**
   * What the new side is.
   */
  new: string;
  /**
   * Whether anything changed in meaning (the exit code is 1 when it did).
   */
  changed: boolean;
  summary: DiffSummary;
  flows: FlowChange[];
}
export interface DiffSummary {
  flowsAdded: number;
  flowsRemoved: number;
  flowsRenamed: number;
  /**
   * Flows present on both sides with a change (renamed ones included).
   */
  flowsChanged: number;
  flowsUnchanged: number;
  /**
   * Statements added (a block added with its body counts once).
   */
  actionsAdded: number;
  actionsRemoved: number;
  actionsMoved: number;
  actionsChanged: number;
  /**
   * Diagnostics in NEW that OLD did not have.
   */
  newProblems: number;
  /**
   * Diagnostics of OLD that NEW no longer has.
   */
  fixedProblems: number;
}
export interface FlowChange {
  status: 'added' | 'removed' | 'changed';
  /**
   * The flow's name (the new one when renamed).
   */
  name: string;
  /**
   * The old name, when the flow was renamed.
   */
  oldName?: string;
  workflowId?: string;
  oldFile?: string;
  newFile?: string;
  /**
   * How the two versions were paired.
   */
  matchedBy?: 'id' | 'name' | 'path' | 'content';
  header: HeaderChange[];
  connectionReferences: ReferenceChange[];
  subflows: SubflowChange[];
  connectors: ConnectorChanges;
  licence: LicenceChanges;
  dlp: DlpChange[];
  problems: ProblemChanges;
}
/**
 * A header field that changed: schema, owner, description, workflowId (old → new), or co-owners, run-only users, run modes (added/removed members).
 */
export interface HeaderChange {
  field: 'schema' | 'owner' | 'description' | 'workflowId' | 'coOwners' | 'users' | 'runs';
  old?: string | null;
  new?: string | null;
  added?: string[];
  removed?: string[];
}
export interface ReferenceChange {
  logicalName: string;
  change: 'added' | 'removed' | 'changed';
  connector: string;
  /**
   * For added and removed references: whether it is embedded.
   */
  embedded?: boolean;
  fields?: ValueChange[];
}
export interface ValueChange {
  name: string;
  /**
   * Absent: the value was not there.
   */
  old?: string;
  /**
   * Absent: the value is no longer there.
   */
  new?: string;
}
export interface SubflowChange {
  name: string;
  oldName?: string;
  change: 'added' | 'removed' | 'renamed' | 'changed';
  statements: StatementChange[];
}
export interface StatementChange {
  change: 'added' | 'removed' | 'moved' | 'changed';
  /**
   * The statement's kind in the IR (action, set, if, loop, …).
   */
  kind: string;
  /**
   * What the statement is: the action name, `SET x`, `IF`, `CALL Sub`, …
   */
  label: string;
  oldLine?: number;
  newLine?: number;
  /**
   * For an added or removed block: how many statements its body holds.
   */
  nested?: number;
  /**
   * For changed (and moved-and-changed) statements: the parameters that changed.
   */
  params?: ValueChange[];
}
export interface ConnectorChanges {
  /**
   * Connectors newly used (short ids).
   */
  added: string[];
  /**
   * Connectors no longer used.
   */
  removed: string[];
  operationsAdded: Operation[];
  operationsRemoved: Operation[];
}
export interface Operation {
  connector: string;
  operation: string;
}
export interface LicenceChanges {
  /**
   * Licences the flow now needs (attended-rpa, premium, unattended-rpa).
   */
  added: string[];
  removed: string[];
}
export interface DlpChange {
  policy: string;
  old: 'allowed' | 'blocked' | null;
  new: 'allowed' | 'blocked' | null;
  /**
   * What the policy says of the new version (or of the old one when the flow was removed).
   */
  message: string;
}
export interface ProblemChanges {
  new: Problem[];
  fixed: Problem[];
}
/**
 * A diagnostic, located in the version it belongs to (NEW for new problems, OLD for fixed ones).
 */
export interface Problem {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
}
