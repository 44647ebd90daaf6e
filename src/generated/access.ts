/* generated — do not edit. Source: schemas/access.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

/**
 * A way a desktop flow is started: CONSOLE (from the PAD console), ATTENDED or UNATTENDED (cloud-initiated).
 */
export type RunMode = 'CONSOLE' | 'ATTENDED' | 'UNATTENDED';

/**
 * What `flowc access FILE --format json` prints: for each flow in FILE and each principal (owner, co-owners, run-only users, or the one given with `--as`), which run modes they may use and why, which connection references they must bring their own connection for, whether the "bring your own connection" dialog would be shown, and which connection it would select by default.
 */
export interface AccessReport {
  /**
   * Format version: 1.
   */
  version: 1;
  /**
   * The connections inventory used (`--connections` or config `connections`), or null when none was given: the BYOC dialog and default connections are then unknown.
   */
  connections?: string | null;
  /**
   * One entry per flow in FILE (a `.flow` file holds one; a solution may hold several).
   */
  flows: FlowAccess[];
}
/**
 * Access to one flow.
 */
export interface FlowAccess {
  /**
   * The flow's name.
   */
  name: string;
  /**
   * The file the flow was read from, relative to the working folder, with `/` separators.
   */
  file: string;
  /**
   * The Power Automate schema the flow uses.
   */
  schema: 'V1' | 'V2';
  /**
   * The flow's owner, or null when unknown.
   */
  owner: string | null;
  /**
   * The run modes the flow is meant for (`RUNS`).
   */
  runs: RunMode[];
  /**
   * One entry per person: owner first, then co-owners, then run-only users (or only the `--as` person). Empty when `--as` names someone the flow is not shared with.
   */
  principals: PrincipalAccess[];
  notShared?: NotShared;
}
/**
 * What one person can do with the flow.
 */
export interface PrincipalAccess {
  /**
   * The person's email.
   */
  email: string;
  /**
   * owner, coOwner (`COOWNER`) or user (run-only, `USER`).
   */
  role: 'owner' | 'coOwner' | 'user';
  /**
   * One entry per run mode (CONSOLE, ATTENDED, UNATTENDED).
   */
  runModes: RunModeAccess[];
  /**
   * Logical names of the connection references this person must bring their own connection for in console runs (co-owners: the non-embedded ones; run-only users: all of them).
   */
  bringOwnConnection: string[];
  byocDialog: ByocDialog;
  /**
   * Per connection reference this person brings a connection for: the connection the BYOC dialog selects by default.
   */
  defaultConnections: DefaultConnection[];
}
/**
 * Whether one person may run the flow in one run mode.
 */
export interface RunModeAccess {
  mode: RunMode;
  /**
   * Whether the run would be allowed.
   */
  allowed: boolean;
  /**
   * Whether the flow's `RUNS` lists this mode.
   */
  declared?: boolean;
  /**
   * Why, in words (e.g. "run-only users can only run shared flows from the console").
   */
  reason: string;
}
/**
 * Whether the "bring your own connection" dialog would be shown in a console run. It is suppressed only if only user-owned connections exist for each connector used, embedded connections are owned by the person running the flow, all available connections for each connector use the same account, and valid connections exist for all connectors.
 */
export interface ByocDialog {
  /**
   * true: shown; false: suppressed; null: cannot tell without a connections inventory.
   */
  shown: boolean | null;
  /**
   * Why, one sentence per condition that decided it.
   */
  reasons: string[];
}
/**
 * The connection selected by default for one connection reference.
 */
export interface DefaultConnection {
  /**
   * The connection reference's logical name.
   */
  connectionReference: string;
  /**
   * The reference's connector, short name (e.g. "shared_sharepointonline").
   */
  connector: string;
  /**
   * Id of the first compatible connection in the inventory, or null when there is none (or no inventory).
   */
  connection: string | null;
  /**
   * The selected connection's display name, when it has one.
   */
  displayName?: string;
}
/**
 * Present when `--as` names a person who is neither the owner, a co-owner nor a user of the flow.
 */
export interface NotShared {
  /**
   * The person asked about.
   */
  email: string;
  /**
   * E.g. "flow 'Invoice upload' is not shared with dave@contoso.com".
   */
  message: string;
}
