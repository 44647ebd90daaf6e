/**
 * One flow's source text as flowc reads it, wherever it came from: a `.flow` file, a clipboard
 * text file, or a `<Workflow>` inside a solution (zip or unpacked folder).
 */
export interface SourceDocument {
  /** Path shown in diagnostics: the `.flow` file, or the solution zip/folder. Relative to cwd when possible, `/` separators. */
  path: string;
  /** Absolute path of the file on disk (the solution for flows inside a solution). */
  absolutePath: string;
  /** The flow's name inside a solution (`<Workflow Name=…>`); undefined for plain files. */
  flowName?: string;
  /** The text that is parsed: a .flow file's content, or the decoded `<Definition>` of a solution flow. BOM removed. */
  text: string;
  origin: 'file' | 'solution';
  /**
   * Why flowc did not read this path (a link out of the checked folder, a device, a FIFO…; see
   * inputs/guard.ts). The text is then empty, and rule FC015 reports the reason.
   */
  refused?: string;
  /** Present when origin === 'solution'. */
  solution?: SolutionFlowRecord;
}

/** What a solution holds for one desktop flow (`<Workflow>` with `<Category>6</Category>`), JSON fields already parsed. */
export interface SolutionFlowRecord {
  /** Solution zip or folder path (display form). */
  solutionPath: string;
  /** GUID without braces, lower case. */
  workflowId: string;
  name: string;
  /** The `<Definition>` JSON string decoded: the script. */
  definition: string;
  connectionReferences: SolutionConnectionReference[];
  metadata: Record<string, unknown> | null;
  inputs: Record<string, unknown> | null;
  outputs: Record<string, unknown> | null;
  dependencies: Record<string, unknown> | null;
  schemaVersion?: string;
  uiFlowType?: number;
  category: number;
  jsonFileName?: string;
  description?: string;
  /** desktopflowbinaries whose <process><workflowid> is this flow, by type (ManifestFile, ConnectorDefinition, DependenciesFile, ControlRepository, ImageRepository, …). */
  binaries: SolutionBinary[];
  /** The `solution.xml` manifest of the solution the flow is in, when it has one. */
  solutionManifest?: SolutionManifest;
}

export interface SolutionConnectionReference {
  api: { name: string };
  displayName?: string;
  connectionReferenceLogicalName?: string;
  name?: string;
  connectionDisplayName?: string;
  ownerId?: string | null;
  padInternalId?: string;
  isEmbedded?: boolean;
  isDisabled?: boolean;
  [key: string]: unknown;
}

export interface SolutionBinary {
  /** `desktopflowbinaryid`: GUID without braces, lower case. */
  id: string;
  /** `<process><workflowid>`: the flow this binary belongs to (GUID without braces, lower case). */
  workflowId?: string;
  type: string;
  name?: string;
  /** `<reference>`: `flow.manifest`, or a connector id for ConnectorDefinition. */
  reference?: string;
  /** Entry name of the data file (e.g. `ManifestFile_<id>.json`). */
  dataFile?: string;
  /** The data file's content parsed as JSON, when it is JSON and was read; null otherwise. */
  data: unknown;
}

/** Everything flowc reads from one solution (zip or unpacked folder). */
export interface SolutionContents {
  /** Display path of the solution zip or folder: relative to cwd when possible, `/` separators. */
  path: string;
  absolutePath: string;
  format: 'zip' | 'folder';
  /** `solution.xml`'s `<SolutionManifest>`; undefined when the solution has no solution.xml. */
  solutionXml?: SolutionManifest;
  /** The desktop flows (`<Workflow>` with `<Category>6</Category>`), in document order. */
  flows: SolutionFlowRecord[];
  /** Every `desktopflowbinaries/<id>/` of the solution, whichever flow it belongs to. */
  binaries: SolutionBinary[];
  /** The `<connectionreferences>` section of customizations.xml. */
  connectionReferences: ConnectionReferenceComponent[];
}

/** `solution.xml` `<SolutionManifest>`. */
export interface SolutionManifest {
  uniqueName: string;
  version: string;
  managed: boolean;
  /** The first `<LocalizedNames><LocalizedName description=…>`. */
  displayName?: string;
  publisher?: {
    uniqueName: string;
    displayName?: string;
    customizationPrefix?: string;
    /** `<CustomizationOptionValuePrefix>`, when it is a whole number. */
    customizationOptionValuePrefix?: number;
  };
}

/** A connection reference solution component: one `<connectionreference>` of customizations.xml. */
export interface ConnectionReferenceComponent {
  /** `connectionreferencelogicalname`, e.g. `def_PADFramework_SharePoint`. */
  logicalName: string;
  displayName?: string;
  /** `<connectorid>`, e.g. `/providers/Microsoft.PowerApps/apis/shared_sharepointonline`. */
  connectorId: string;
  description?: string;
}
