/* generated — do not edit. Source: schemas/report.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

/**
 * A way a desktop flow is started: CONSOLE (from the PAD console), ATTENDED or UNATTENDED (cloud-initiated).
 */
export type RunMode = 'CONSOLE' | 'ATTENDED' | 'UNATTENDED';
/**
 * A connector's short name, e.g. "shared_sharepointonline".
 */
export type ConnectorName = string;

/**
 * What `flowc report --format json` prints: per flow, the cloud connectors it uses, through which connection references, owned by whom, shared with whom, its run modes, licence needs and DLP verdicts; per connector, the flows and operations; and totals. Connector ids are the short `shared_…` names.
 */
export interface GovernanceReport {
  /**
   * Format version: 1.
   */
  version: 1;
  /**
   * The environment whose DLP policies were applied (config `environment`), when one was.
   */
  environment?: string;
  /**
   * One entry per flow, ordered by file then name.
   */
  flows: ReportFlow[];
  /**
   * One entry per connector used by any flow, ordered by id.
   */
  connectors: ReportConnector[];
  totals: ReportTotals;
}
/**
 * One flow.
 */
export interface ReportFlow {
  /**
   * The flow's name.
   */
  name: string;
  /**
   * The flow's id (header `ID` or the solution's WorkflowId), when known.
   */
  workflowId?: string;
  /**
   * The flow's description, when it has one.
   */
  description?: string;
  /**
   * The `.flow` file or the solution the flow was read from, relative to the working folder, with `/` separators.
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
   * Co-owners the flow is shared with.
   */
  coOwners: string[];
  /**
   * Run-only users the flow is shared with.
   */
  users: string[];
  /**
   * The run modes the flow is meant for.
   */
  runs: RunMode[];
  /**
   * The cloud connectors the flow's script uses, ordered by id.
   */
  connectors: FlowConnectorUse[];
  /**
   * The flow's connection references, ordered by logical name.
   */
  connectionReferences: FlowConnectionReference[];
  /**
   * Desktop flows this flow runs with `External.RunFlow`, in order of first use.
   */
  childFlows: ChildFlow[];
  /**
   * Licences the flow needs to run as meant.
   */
  licence: LicenceNeed[];
  /**
   * One verdict per DLP policy that applies to the flow.
   */
  dlp: DlpVerdict[];
}
/**
 * One connector as one flow uses it.
 */
export interface FlowConnectorUse {
  id: ConnectorName;
  /**
   * Operation ids the flow calls (e.g. "GetItems"), each once, sorted.
   */
  operations: string[];
  /**
   * Logical names of the connection references the calls go through, sorted.
   */
  connectionReferences: string[];
}
/**
 * One connection reference of a flow.
 */
export interface FlowConnectionReference {
  /**
   * The reference's logical name.
   */
  logicalName: string;
  /**
   * The reference's display name, when known.
   */
  displayName?: string;
  connector: ConnectorName;
  /**
   * Whether the reference is embedded in the flow.
   */
  embedded: boolean;
  /**
   * The reference's owner, or null when unknown.
   */
  owner: string | null;
}
/**
 * A desktop flow run as a child flow.
 */
export interface ChildFlow {
  /**
   * The child flow's id as the script gives it (`External.RunFlow FlowId:`).
   */
  id: string;
  /**
   * The child flow's name when it is part of the project (or named by `@@flowname:`), otherwise null.
   */
  name: string | null;
  /**
   * The file holding the child flow, when it is part of the project.
   */
  file?: string;
}
/**
 * A licence the flow needs.
 */
export interface LicenceNeed {
  /**
   * "attended-rpa": cloud connector actions in desktop flows need an Attended RPA licence; "unattended-rpa": unattended runs need an unattended RPA (hosted/process) capacity; "premium": premium connectors (catalog tier Premium, e.g. Dataverse) need a premium plan; "unknown-tier": connectors whose tier flowc does not know (never assumed Standard): a premium plan may be needed.
   */
  licence: 'attended-rpa' | 'unattended-rpa' | 'premium' | 'unknown-tier';
  /**
   * Why, in words.
   */
  reason: string;
  /**
   * The connectors that cause the need, when it comes from connectors.
   */
  connectors?: ConnectorName[];
}
/**
 * What one DLP policy says about the flow.
 */
export interface DlpVerdict {
  /**
   * The policy's display name (or its file when it has none).
   */
  policy: string;
  /**
   * "allowed" when the policy lets the flow run, "blocked" when it would suspend it.
   */
  verdict: 'allowed' | 'blocked';
  /**
   * When blocked: the rule that says why (FC401 blocked connector, FC402 mixed groups, FC403 blocked action, FC404 desktop flow module).
   */
  rule?: string;
  /**
   * The verdict in words, naming the connectors and groups involved.
   */
  message: string;
  /**
   * The connectors (or desktop flow modules) involved in a blocked verdict.
   */
  connectors?: string[];
}
/**
 * One connector over all flows.
 */
export interface ReportConnector {
  id: ConnectorName;
  /**
   * The connector's display name from the catalog (the id when unknown).
   */
  displayName: string;
  /**
   * The connector's tier from the catalog ("Standard", "Premium"), or null when unknown.
   */
  tier: string | null;
  /**
   * Names of the flows that use the connector, sorted.
   */
  flows: string[];
  /**
   * Operation id → number of actions calling it, over all flows.
   */
  operations: {
    [k: string]: number | undefined;
  };
}
/**
 * Totals over all flows.
 */
export interface ReportTotals {
  /**
   * Number of flows.
   */
  flows: number;
  /**
   * Number of cloud connector actions over all flows.
   */
  connectorActions: number;
  /**
   * Per connector, ordered by id.
   */
  connectors: ConnectorTotal[];
  /**
   * Per flow owner, ordered by owner (unknown owner last).
   */
  owners: OwnerTotal[];
  /**
   * Per connection reference (logical name), ordered by logical name.
   */
  connectionReferences: ConnectionReferenceTotal[];
}
/**
 * Totals for one connector.
 */
export interface ConnectorTotal {
  id: ConnectorName;
  /**
   * Number of flows using it.
   */
  flows: number;
  /**
   * Number of distinct operations used.
   */
  operations: number;
  /**
   * Number of connector actions calling it.
   */
  actions: number;
}
/**
 * Totals for one flow owner.
 */
export interface OwnerTotal {
  /**
   * The owner, or null for flows whose owner is unknown.
   */
  owner: string | null;
  /**
   * Number of flows owned.
   */
  flows: number;
  /**
   * Connectors used by the owner's flows, sorted.
   */
  connectors: ConnectorName[];
  /**
   * Number of connector actions in the owner's flows.
   */
  connectorActions: number;
}
/**
 * Totals for one connection reference.
 */
export interface ConnectionReferenceTotal {
  /**
   * The reference's logical name.
   */
  logicalName: string;
  connector: ConnectorName;
  /**
   * Number of flows using it.
   */
  flows: number;
  /**
   * Number of flows in which it is embedded.
   */
  embeddedIn: number;
  /**
   * Number of connector actions going through it.
   */
  actions: number;
}
