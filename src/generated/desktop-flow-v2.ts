/* generated — do not edit. Source: schemas/desktop-flow-v2.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

/**
 * A GUID without braces, e.g. "2416a92f-89d3-403f-9e70-b61bce2dd7d8" (flowc writes lower case).
 */
export type Guid = string;
/**
 * A way a desktop flow is started: CONSOLE (from the PAD console on the user's machine), ATTENDED or UNATTENDED (started by a cloud flow: cloud-initiated).
 */
export type RunMode = 'CONSOLE' | 'ATTENDED' | 'UNATTENDED';

/**
 * One Power Automate for desktop flow as `flowc build` writes it (`<out-dir>/<flow-file-stem>.json`): what a v2 desktop flow record (`<Workflow>` with `<Category>6</Category>`) holds in a solution's customizations.xml, plus the connector references of the flow's manifest binary and flowc's own extras under `flowc`. Key names follow the real records.
 */
export interface DesktopFlowV2Document {
  /**
   * Optional URI or path of this JSON Schema, for editors.
   */
  $schema?: string;
  /**
   * The flow's display name (`<Workflow Name="…">`; the header's `FLOW '<name>'`).
   */
  name: string;
  /**
   * The flow's id (`<Workflow WorkflowId="{…}">`) as a GUID without braces. Taken from the header's `ID` when given, otherwise derived deterministically from the flow's name so that builds are stable.
   */
  workflowId: string;
  /**
   * The flow's description (the header's `DESCRIPTION`).
   */
  description?: string;
  /**
   * Dataverse workflow category: 6 is a desktop flow (`<Category>6</Category>`).
   */
  category: 6;
  /**
   * Desktop flow kind (`<UIFlowType>`): 2 is a Power Automate for desktop flow.
   */
  uiFlowType: 2;
  /**
   * The record's `<SchemaVersion>`: "2022.07" for the Power Automate v2 schema (every real v2 record seen holds "2022.07").
   */
  schemaVersion: string;
  /**
   * The flow script as PAD stores it in `<Definition>`: the `FLOW … END FLOW` header removed, every `Connection:` value replaced by its reference's padInternalId, CRLF line ends.
   */
  definition: string;
  /**
   * The record's `<ConnectionReferences>` array: one entry per connection reference the script uses.
   */
  connectionReferences: ConnectionReference[];
  metadata: Metadata;
  inputs: FlowVariables;
  outputs: FlowVariables;
  dependencies: Dependencies;
  manifest: Manifest;
  flowc: FlowcExtras;
}
/**
 * One entry of a desktop flow record's `<ConnectionReferences>` array. Real records carry exactly: api, displayName, isDisabled, connectionReferenceLogicalName, name, connectionDisplayName, ownerId, padInternalId, isEmbedded.
 */
export interface ConnectionReference {
  /**
   * The connector the reference connects to.
   */
  api: {
    /**
     * Full connector id, e.g. "/providers/Microsoft.PowerApps/apis/shared_sharepointonline".
     */
    name: string;
    [k: string]: unknown | undefined;
  };
  /**
   * The connection reference's display name (e.g. "PADFramework_SharePoint").
   */
  displayName: string;
  /**
   * Whether the reference is disabled; false in every real record.
   */
  isDisabled: boolean;
  /**
   * The connection reference's logical (schema) name in the solution, e.g. "def_PADFramework_SharePoint".
   */
  connectionReferenceLogicalName: string;
  /**
   * The name of the connection bound to the reference in the source environment (32 hex digits in real records); null or absent when flowc does not know it.
   */
  name?: string | null;
  /**
   * The bound connection's display name, usually its account's email (e.g. "ab@robovirgin.com"); null or absent when unknown.
   */
  connectionDisplayName?: string | null;
  /**
   * Dataverse id of the reference's owner; null in every real record.
   */
  ownerId?: string | null;
  /**
   * The id the script's `External.InvokeCloudConnector Connection:` values use for this reference. Taken from the header's `ID` when given, otherwise derived deterministically from the flow and the reference.
   */
  padInternalId: string;
  /**
   * Whether the reference is embedded in the flow (the header's `EMBEDDED`): its connection is then used by co-owners and by cloud-initiated runs.
   */
  isEmbedded: boolean;
  [k: string]: unknown | undefined;
}
/**
 * The record's `<Metadata>` object. Real records hold the keys listed here; unknown keys are kept.
 */
export interface Metadata {
  /**
   * Version of the Power Automate for desktop designer that saved the flow, e.g. "2.52.62.25009".
   */
  clientversion?: string;
  /**
   * Whether the designer considered the flow valid when it was saved.
   */
  isvalid?: boolean;
  /**
   * Always "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#" in real records.
   */
  $schema?: string;
  /**
   * The script schema version: "ROBIN_20211012" in every real record.
   */
  schemaVersion: string;
  /**
   * True when the script contains enabled cloud connector actions (`External.InvokeCloudConnector`).
   */
  containsActiveConnections: boolean;
  /**
   * True when the script contains AI Builder GPT actions.
   */
  containsGptPredictActions?: boolean;
  /**
   * True when the script contains Copilot actions.
   */
  containsActiveCopilotActions?: boolean;
  /**
   * True when the script contains enabled work queue actions (`WorkQueues.…`).
   */
  containsActiveWorkQueuesActions?: boolean;
  /**
   * True when the script contains enabled "Log message" actions.
   */
  containsActiveLogMessageActions?: boolean;
  /**
   * True when the script contains enabled credential actions.
   */
  containsActiveCredentialsActions?: boolean;
  /**
   * 0 in every real record.
   */
  multipleRequestsState?: number;
  /**
   * 0 in every real record.
   */
  scriptType?: number;
  /**
   * Whether screenshots on error are disabled; false in every real record.
   */
  disableScreenshotCaptureOnError?: boolean;
  /**
   * null in every real record.
   */
  missingUiElementRepairType?: {
    [k: string]: unknown | undefined;
  };
  /**
   * null in every real record.
   */
  flowTimeout?: {
    [k: string]: unknown | undefined;
  };
  [k: string]: unknown | undefined;
}
/**
 * A record's `<Inputs>` (from `@INPUT` declarations) or `<Outputs>` (from `@OUTPUT`): `{"schema": null}` when the flow declares none.
 */
export interface FlowVariables {
  /**
   * A JSON schema of an object with one property per variable, or null when there are none.
   */
  schema: FlowVariablesSchema | null;
  [k: string]: unknown | undefined;
}
/**
 * The JSON schema PAD derives from `@INPUT` / `@OUTPUT` declarations.
 */
export interface FlowVariablesSchema {
  /**
   * Always "object".
   */
  type: 'object';
  /**
   * Names of the input variables that are not optional (real input schemas list them; output schemas leave it out; null also occurs).
   */
  required?: string[] | null;
  /**
   * One entry per variable, keyed by the variable's name.
   */
  properties: {
    [k: string]: FlowVariable | undefined;
  };
  [k: string]: unknown | undefined;
}
/**
 * One input or output variable, as real records describe it.
 */
export interface FlowVariable {
  /**
   * Inputs only: the declaration's `IsOptional`.
   */
  isOptional?: boolean;
  /**
   * Always "" in real records.
   */
  default?: {
    [k: string]: unknown | undefined;
  };
  /**
   * The declaration's `Description`.
   */
  description?: string;
  /**
   * "password" for sensitive variables (`@SENSITIVE`), otherwise null.
   */
  format?: string | null;
  /**
   * The variable's name (the declaration's `FriendlyName`).
   */
  title: string;
  /**
   * JSON type of the variable: "string" (Text), "number", "boolean", "object" (custom object or datatable) or "array" (list) in real records.
   */
  type: string;
  /**
   * The declaration's default value as text (e.g. "", "False", "[\r\n]\r\n"), or null.
   */
  value?: string | null;
  [k: string]: unknown | undefined;
}
/**
 * The record's `<Dependencies>`.
 */
export interface Dependencies {
  /**
   * WorkflowIds (lower case, no braces) of the desktop flows the script runs with `External.RunFlow`, in order of first use.
   */
  childFlows: Guid[];
  /**
   * Ids of the work queues the script uses.
   */
  workQueues: string[];
  /**
   * Schema names of the environment variables the script uses.
   */
  environmentVariables: string[];
  /**
   * Ids of the flow's desktopflowbinaries (manifest, dependencies file, control and image repositories, connector definitions); flowc writes none.
   */
  requiredBinaries: string[];
  [k: string]: unknown | undefined;
}
/**
 * What flowc keeps of the flow's manifest binary (`desktopflowbinaries/<id>/data/ManifestFile_<id>.json`, reference `flow.manifest`). Keys are the real manifest's; other manifest keys (CreatedEngineVersion, EngineVersion, PowerFxEnabled, PowerFxVersion, …) are allowed.
 */
export interface Manifest {
  /**
   * One entry per connector the script's cloud connector actions use.
   */
  ConnectorReferences: ManifestConnectorReference[];
  /**
   * The desktop action modules the script uses (e.g. Text, File, Excel).
   */
  ModuleReferences?: ManifestModuleReference[];
  [k: string]: unknown | undefined;
}
/**
 * A manifest's connector reference.
 */
export interface ManifestConnectorReference {
  /**
   * Full connector id, e.g. "/providers/Microsoft.PowerApps/apis/shared_office365".
   */
  ConnectorId: string;
  /**
   * Short connector name, e.g. "shared_office365".
   */
  ConnectorName: string;
  /**
   * Whether the connector is a custom connector.
   */
  IsCustom: boolean;
  /**
   * Locale of the connector metadata the designer used, e.g. "en-US".
   */
  Locale?: string;
  [k: string]: unknown | undefined;
}
/**
 * A manifest's module reference.
 */
export interface ManifestModuleReference {
  /**
   * e.g. "Microsoft.Flow.RPA.Desktop.Modules.Text.Actions".
   */
  AssemblyName?: string;
  /**
   * The module's name as scripts use it, e.g. "Text".
   */
  Name: string;
  /**
   * "00000000-0000-0000-0000-000000000000" for built-in modules.
   */
  Id?: string;
  /**
   * Assembly public key token, "31bf3856ad364e35" for built-in modules.
   */
  PublicKeyToken?: string;
  /**
   * 1 for built-in modules.
   */
  Type?: number;
  /**
   * Module version as .NET writes a System.Version.
   */
  Version?: {
    /**
     * Major version.
     */
    Major?: number;
    /**
     * Minor version.
     */
    Minor?: number;
    /**
     * Build number.
     */
    Build?: number;
    /**
     * Revision.
     */
    Revision?: number;
    /**
     * High 16 bits of the revision.
     */
    MajorRevision?: number;
    /**
     * Low 16 bits of the revision.
     */
    MinorRevision?: number;
    [k: string]: unknown | undefined;
  };
  [k: string]: unknown | undefined;
}
/**
 * What flowc knows from the `FLOW … END FLOW` header and that a solution record keeps elsewhere (sharing, run modes) or not at all.
 */
export interface FlowcExtras {
  /**
   * The flow's owner (`OWNER`), or null when unknown.
   */
  owner: string | null;
  /**
   * Co-owners (`COOWNER`), in header order.
   */
  coOwners: string[];
  /**
   * Run-only users (`USER`), in header order.
   */
  users: string[];
  /**
   * The run modes the flow is meant for (`RUNS`; default ["CONSOLE"]).
   */
  runs: RunMode[];
  /**
   * The source file the document was built from, relative to the project (`/` separators).
   */
  source: string;
  /**
   * The Power Automate schema the flow uses (`SCHEMA`; default V2).
   */
  schema: 'V1' | 'V2';
  /**
   * Version of flowc that built the document.
   */
  flowcVersion: string;
  /**
   * Per connection reference, what the header says beyond the record: its name in the script and its owner.
   */
  connectionReferences?: FlowcConnectionReference[];
  /**
   * The source's clipboard footer (`# [ControlRepository][PowerAutomateDesktop]`) without its `ConnectionReferences` (those are the record's `connectionReferences`): `ControlRepositorySymbols` (UI element repositories), `ImageRepositorySymbol` and any other key, exactly as written (a credential-shaped string masked, as everywhere in `flowc`). A record has no place for them: in a solution they are the flow's ControlRepository and ImageRepository desktopflowbinaries. Absent when the source has no footer.
   */
  clipboardFooter?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * flowc's extra facts about one connection reference.
 */
export interface FlowcConnectionReference {
  /**
   * The reference's logical name (matches a `connectionReferenceLogicalName`).
   */
  logicalName: string;
  /**
   * The reference's name in the header (`CONNECTION <Name>`), when it has one.
   */
  name?: string;
  /**
   * The reference's owner (`CONNECTION … OWNER`), or null when unknown.
   */
  owner: string | null;
}
