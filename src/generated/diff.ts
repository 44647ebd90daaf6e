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
  /**
   * The flows with a change, ordered by file then name.
   */
  flows: FlowChange[];
}
/**
 * Counts over every flow compared.
 */
export interface DiffSummary {
  /**
   * Flows only in NEW.
   */
  flowsAdded: number;
  /**
   * Flows only in OLD.
   */
  flowsRemoved: number;
  /**
   * Flows paired across a change of name (by id or by content).
   */
  flowsRenamed: number;
  /**
   * Flows present on both sides with a change (renamed ones included).
   */
  flowsChanged: number;
  /**
   * Flows on both sides with no change in meaning.
   */
  flowsUnchanged: number;
  /**
   * Statements added (a block added with its body counts once).
   */
  actionsAdded: number;
  /**
   * Statements removed (a block removed with its body counts once).
   */
  actionsRemoved: number;
  /**
   * Statements moved: to another block or branch, or out of the order of the statements around them.
   */
  actionsMoved: number;
  /**
   * Statements whose parameters changed.
   */
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
/**
 * One flow that was added, removed or changed.
 */
export interface FlowChange {
  /**
   * added: only in NEW; removed: only in OLD; changed: on both sides, with a change.
   */
  status: 'added' | 'removed' | 'changed';
  /**
   * The flow's name (the new one when renamed).
   */
  name: string;
  /**
   * The old name, when the flow was renamed.
   */
  oldName?: string;
  /**
   * The flow's workflowId, when it has one.
   */
  workflowId?: string;
  /**
   * Where the old version is (display path).
   */
  oldFile?: string;
  /**
   * Where the new version is (display path).
   */
  newFile?: string;
  /**
   * How the two versions were paired: same workflow id, same name (without case), same path, most statements alike (a rename), or the only flow on each side (two files compared).
   */
  matchedBy?: 'id' | 'name' | 'path' | 'content' | 'only';
  /**
   * Header fields that changed.
   */
  header: HeaderChange[];
  /**
   * Connection references added, removed or changed (connector, embedding, owner, display name), by logical name.
   */
  connectionReferences: ReferenceChange[];
  /**
   * Subflows added, removed, renamed, or with changed statements; `main` is the top-level body.
   */
  subflows: SubflowChange[];
  connectors: ConnectorChanges;
  licence: LicenceChanges;
  /**
   * DLP policies whose verdict on the flow changed.
   */
  dlp: DlpChange[];
  problems: ProblemChanges;
}
/**
 * A header field that changed: schema, owner, description, workflowId (old → new), or co-owners, run-only users, run modes (added/removed members).
 */
export interface HeaderChange {
  /**
   * The header clause: SCHEMA, OWNER, DESCRIPTION, ID, COOWNER, USER or RUNS.
   */
  field: 'schema' | 'owner' | 'description' | 'workflowId' | 'coOwners' | 'users' | 'runs';
  /**
   * The old value (null: none).
   */
  old?: string | null;
  /**
   * The new value (null: none).
   */
  new?: string | null;
  /**
   * Members added (co-owners, users, run modes).
   */
  added?: string[];
  /**
   * Members removed.
   */
  removed?: string[];
}
/**
 * A connection reference of the flow that was added, removed or changed.
 */
export interface ReferenceChange {
  /**
   * The reference's logical name (compared without case).
   */
  logicalName: string;
  /**
   * What happened to it.
   */
  change: 'added' | 'removed' | 'changed';
  /**
   * Its connector (short id), in the new version when it has one.
   */
  connector: string;
  /**
   * For added and removed references: whether it is embedded.
   */
  embedded?: boolean;
  /**
   * For a changed reference: connector, embedded, owner, displayName (old → new).
   */
  fields?: ValueChange[];
}
/**
 * A named value that changed: old → new.
 */
export interface ValueChange {
  /**
   * The parameter or field name (`@name` for a connector input, `Out=>` for an output variable).
   */
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
/**
 * A subflow that was added, removed, renamed or changed.
 */
export interface SubflowChange {
  /**
   * The subflow's name (the new one when renamed; `main` for the top-level body).
   */
  name: string;
  /**
   * The old name of a renamed subflow.
   */
  oldName?: string;
  /**
   * What happened to it.
   */
  change: 'added' | 'removed' | 'renamed' | 'changed';
  /**
   * Its statements that were added, removed, moved or changed, in order of their line.
   */
  statements: StatementChange[];
}
/**
 * One statement added, removed, moved or changed.
 */
export interface StatementChange {
  /**
   * moved: its place changed (it may have changed too, then `params` says how).
   */
  change: 'added' | 'removed' | 'moved' | 'changed';
  /**
   * The statement's kind in the IR (action, set, if, loop, …).
   */
  kind: string;
  /**
   * What the statement is: the action name, `SET x`, `IF`, `CALL Sub`, …
   */
  label: string;
  /**
   * Line in the old version (1-based).
   */
  oldLine?: number;
  /**
   * Line in the new version (1-based).
   */
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
/**
 * Cloud connectors and their operations newly used or no longer used (enabled actions only).
 */
export interface ConnectorChanges {
  /**
   * Connectors newly used (short ids).
   */
  added: string[];
  /**
   * Connectors no longer used.
   */
  removed: string[];
  /**
   * Operations newly used.
   */
  operationsAdded: Operation[];
  /**
   * Operations no longer used.
   */
  operationsRemoved: Operation[];
}
/**
 * One operation of one connector.
 */
export interface Operation {
  /**
   * The connector (short id).
   */
  connector: string;
  /**
   * The OperationId.
   */
  operation: string;
}
/**
 * Licence needs that appeared or went away.
 */
export interface LicenceChanges {
  /**
   * Licences the flow now needs (attended-rpa, premium, unattended-rpa).
   */
  added: string[];
  /**
   * Licences the flow no longer needs.
   */
  removed: string[];
}
/**
 * A DLP policy whose verdict on the flow changed.
 */
export interface DlpChange {
  /**
   * The policy's name.
   */
  policy: string;
  /**
   * Its verdict on the old version (null: the flow did not exist).
   */
  old: 'allowed' | 'blocked' | null;
  /**
   * Its verdict on the new version (null: the flow was removed).
   */
  new: 'allowed' | 'blocked' | null;
  /**
   * What the policy says of the new version (or of the old one when the flow was removed).
   */
  message: string;
}
/**
 * Diagnostics new in NEW and fixed since OLD.
 */
export interface ProblemChanges {
  /**
   * Diagnostics of NEW that OLD did not have.
   */
  new: Problem[];
  /**
   * Diagnostics of OLD that NEW no longer has.
   */
  fixed: Problem[];
}
/**
 * A diagnostic, located in the version it belongs to (NEW for new problems, OLD for fixed ones).
 */
export interface Problem {
  /**
   * Display path of the file (or solution).
   */
  file: string;
  /**
   * 1-based line.
   */
  line: number;
  /**
   * 1-based column.
   */
  column: number;
  /**
   * The rule's code, e.g. FC302.
   */
  rule: string;
  /**
   * The severity it was reported with.
   */
  severity: 'error' | 'warning' | 'info';
  /**
   * The message (secrets masked).
   */
  message: string;
}
