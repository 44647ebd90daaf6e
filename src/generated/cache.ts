/* generated — do not edit. Source: schemas/cache.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

export type Text = string;

/**
 * The entries of a flowc `--cache` file (after its header line, one line per entry: the key as JSON, a tab, the entry as JSON; each entry is validated as {key: entry}): per document, the hash of what the per-file phase read and its result; per solution zip, the hash of its bytes and what it contained. A cache file may be planted by whoever writes the checked tree, so every entry is validated against this schema (and every span against its document's length) before it is used; an entry that fails is analysed again.
 */
export interface CacheBody {
  [k: string]: Entry | SolutionEntry | undefined;
}
export interface Entry {
  hash: string;
  result: Result;
}
export interface Result {
  facts: Facts;
  diagnostics: Diagnostic[];
  comments: {
    text: Text;
    span: Span;
    block: boolean;
  }[];
  secrets: {
    ranges: Span[];
    values: string[];
  };
}
/**
 * A flow's facts (src/analysis/facts.ts FlowFacts): checked for the shape every reader relies on; their spans are checked against the document's length.
 */
export interface Facts {
  name: string;
  id?: string;
  schema: 'V1' | 'V2';
  owner?: string;
  description?: string;
  coOwners: {
    email: string;
    span?: Span;
    [k: string]: unknown | undefined;
  }[];
  users: {
    email: string;
    span?: Span;
    [k: string]: unknown | undefined;
  }[];
  runs: string[];
  connectionReferences: {
    name: string;
    logicalName: string;
    connector: string;
    connectorWritten: string;
    embedded: boolean;
    source: 'header' | 'footer' | 'solution';
    [k: string]: unknown | undefined;
  }[];
  connectorActions: {
    index: number;
    subflow: string;
    span: Span;
    nameSpan: Span;
    disabled: boolean;
    [k: string]: unknown | undefined;
  }[];
  childFlows: {
    span: Span;
    disabled: boolean;
    subflow: string;
    inputs: string[];
    outputs: string[];
    [k: string]: unknown | undefined;
  }[];
  modules: string[];
  moduleUses: {
    module: string;
    scriptModule: string;
    first: Span;
    count: number;
  }[];
  cloudRuns: boolean;
  shared: boolean;
  customConnectors: string[];
  [k: string]: unknown | undefined;
}
export interface Span {
  start: number;
  end: number;
}
export interface Diagnostic {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: Text;
  help?: Text;
  span: Span;
  related?: {
    documentIndex?: number;
    span: Span;
    message: Text;
  }[];
  suggestions?: Fix[];
  fix?: Fix;
}
export interface Fix {
  description: Text;
  edits: {
    span: Span;
    text: string;
  }[];
}
/**
 * What a solution zip contained, keyed by the sha256 of its bytes: an unchanged zip is not read again.
 */
export interface SolutionEntry {
  hash: string;
  solution: Solution;
}
export interface Solution {
  path: string;
  absolutePath: string;
  format: 'zip' | 'folder';
  solutionXml?: SolutionManifest;
  flows: SolutionFlow[];
  binaries: SolutionBinary[];
  connectionReferences: ConnectionReferenceComponent[];
  [k: string]: unknown | undefined;
}
export interface SolutionManifest {
  uniqueName: string;
  version: string;
  managed: boolean;
  displayName?: string;
  publisher?: {
    uniqueName: string;
    displayName?: string;
    customizationPrefix?: string;
    customizationOptionValuePrefix?: number;
    [k: string]: unknown | undefined;
  };
  [k: string]: unknown | undefined;
}
export interface SolutionFlow {
  solutionPath: string;
  workflowId: string;
  name: string;
  definition: string;
  connectionReferences: SolutionConnectionReference[];
  metadata: {
    [k: string]: unknown | undefined;
  } | null;
  inputs: {
    [k: string]: unknown | undefined;
  } | null;
  outputs: {
    [k: string]: unknown | undefined;
  } | null;
  dependencies: {
    [k: string]: unknown | undefined;
  } | null;
  schemaVersion?: string;
  uiFlowType?: number;
  category: number;
  jsonFileName?: string;
  description?: string;
  binaries: SolutionBinary[];
  solutionManifest?: SolutionManifest;
  [k: string]: unknown | undefined;
}
export interface SolutionConnectionReference {
  api: {
    name: string;
    [k: string]: unknown | undefined;
  };
  displayName?: string;
  connectionReferenceLogicalName?: string;
  name?: string;
  connectionDisplayName?: string;
  ownerId?: string | null;
  padInternalId?: string;
  isEmbedded?: boolean;
  isDisabled?: boolean;
  [k: string]: unknown | undefined;
}
export interface SolutionBinary {
  id: string;
  workflowId?: string;
  type: string;
  name?: string;
  reference?: string;
  dataFile?: string;
  [k: string]: unknown | undefined;
}
export interface ConnectionReferenceComponent {
  logicalName: string;
  displayName?: string;
  connectorId: string;
  description?: string;
  [k: string]: unknown | undefined;
}
