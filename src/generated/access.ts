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
  /**
   * Why these (or none), in words, from the documentation.
   */
  bringOwnConnectionReason: string;
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
   * allowed: the person may run the flow this way; notAllowed: the documentation does not let them (their role, the schema, references not embedded); notEnabled: the flow's RUNS does not list the mode (the reason says what else enabling it would need).
   */
  verdict: 'allowed' | 'notAllowed' | 'notEnabled';
  /**
   * Whether the run would be allowed: verdict is allowed.
   */
  allowed: boolean;
  /**
   * Whether the flow's `RUNS` lists this mode.
   */
  declared?: boolean;
  /**
   * Why, in words a maker understands, from the documentation (e.g. "run-only users can only perform attended, console initiated runs").
   */
  reason: string;
}
/**
 * Whether the "bring your own connection" dialog would be shown in a console run. The documentation: it is generally displayed in console runs, and suppressed only if (1) only user-owned connections exist for each connector used in the flow, (2) embedded connections are also owned by the person running the flow, (3) all available connections for each connector correspond to the same email account, and (4) valid connections are available for all connectors. Every connector used counts, also one used only through embedded references.
 */
export interface ByocDialog {
  /**
   * true: shown; false: suppressed; null: cannot tell without a connections inventory.
   */
  shown: boolean | null;
  /**
   * Why: when shown, each condition that does not hold; when suppressed, each condition that holds; one sentence each.
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
   * Id of the first compatible connection available to the person (their own or shared with them), in inventory order, whatever its status ("the first one will be selected by default"); null when there is none (or no inventory).
   */
  connection: string | null;
  /**
   * The selected connection's display name, when it has one.
   */
  displayName?: string;
  /**
   * The selected connection's status (Connected unless the inventory says otherwise).
   */
  status?: string;
  /**
   * Whether the selected connection is valid (status Connected); when false, the person has to pick or create another in the dialog.
   */
  valid?: boolean;
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
