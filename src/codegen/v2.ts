/**
 * One flow → the v2 flow document (`schemas/desktop-flow-v2.schema.json`): what a v2 desktop
 * flow record holds in a solution, plus the manifest's connector references and flowc's extras.
 * Pure: the same input gives the same document, keys always in the same order, no timestamps.
 */
import { redactText } from '../analysis/secrets.js';
import type { Flow } from '../ir/flow.js';
import type { FlowFacts } from '../analysis/facts.js';
import { INVOKE_CLOUD_CONNECTOR } from '../analysis/facts.js';
import { forEachFlowStatement, statementActions } from '../analysis/walk.js';
import type { ConnectorCatalog } from '../catalog/connectors.js';
import { normalizeConnectorId } from '../catalog/swagger.js';
import type {
  ConnectionReference,
  Dependencies,
  DesktopFlowV2Document,
  FlowcConnectionReference,
  Manifest,
  ManifestConnectorReference,
  Metadata,
} from '../generated/desktop-flow-v2.js';
import type { SourceDocument } from '../model/source.js';
import { buildDefinition } from './definition.js';
import { builtReferences, type BuiltReference, type CodegenProblem } from './references.js';
import { derivedWorkflowId, normalizeGuid } from '../util/guid.js';
import { flowVariables } from './variables.js';

/** The `<SchemaVersion>` of every real v2 record. */
export const V2_SCHEMA_VERSION = '2022.07';
/** The script schema of every real record's metadata. */
export const SCRIPT_SCHEMA_VERSION = 'ROBIN_20211012';
const METADATA_SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

/** One analysed flow, as the pipeline gives it. */
export interface FlowInput {
  doc: SourceDocument;
  flow: Flow;
  facts: FlowFacts;
}

export interface V2Options {
  flowcVersion: string;
  /** `flowc.source`: the source path relative to the project (`/` separators). */
  source: string;
  /** For the manifest's `IsCustom`. */
  connectors?: ConnectorCatalog;
}

/** Everything built for one flow: the document and what other outputs (clipboard, deployment settings) reuse. */
export interface BuiltFlow {
  document: DesktopFlowV2Document;
  references: BuiltReference[];
}

/** Module prefixes of the actions each metadata flag is about (enabled actions only). */
const ACTIVE_MODULE_FLAGS: ReadonlyArray<{ key: keyof Metadata; modules: readonly string[] }> = [
  { key: 'containsActiveWorkQueuesActions', modules: ['WorkQueues'] },
  { key: 'containsActiveLogMessageActions', modules: ['Logging'] },
];

export function buildV2(input: FlowInput, opts: V2Options): { built?: BuiltFlow; problems: CodegenProblem[] } {
  const { doc, flow, facts } = input;
  const problems: CodegenProblem[] = [];
  if (facts.schema === 'V1') {
    problems.push({
      message: 'the flow uses SCHEMA V1; flowc builds v2 records (PAD stores v1 flows differently): switch it to SCHEMA V2',
      offset: facts.schemaSpan?.start,
    });
  }
  let workflowId = derivedWorkflowId(facts.name);
  if (facts.id !== undefined) {
    const id = normalizeGuid(facts.id);
    if (id) workflowId = id;
    else problems.push({ message: `the flow's ID '${facts.id}' is not a GUID`, offset: flow.header?.id?.span.start });
  }
  const { references, problems: refProblems } = builtReferences(facts.name, facts);
  problems.push(...refProblems);
  if (problems.length) return { problems };

  const description = flow.header?.description?.value ?? doc.solution?.description;
  const document: DesktopFlowV2Document = {
    name: facts.name,
    workflowId,
    // The description is shown in Power Automate and in logs: a connection string in it is masked
    // (the definition keeps its secrets: PAD needs them to run the flow).
    ...(description !== undefined ? { description: redactText(description) } : {}),
    category: 6,
    uiFlowType: 2,
    schemaVersion: V2_SCHEMA_VERSION,
    definition: buildDefinition(doc.text, flow, facts, references),
    connectionReferences: references.map(recordReference),
    metadata: metadata(flow),
    inputs: flowVariables(flow, doc.text, 'input'),
    outputs: flowVariables(flow, doc.text, 'output'),
    dependencies: dependencies(flow, facts),
    manifest: manifest(references, opts.connectors),
    flowc: {
      owner: facts.owner ?? null,
      coOwners: facts.coOwners.map((c) => c.email),
      users: facts.users.map((u) => u.email),
      runs: [...facts.runs],
      source: opts.source,
      schema: facts.schema,
      flowcVersion: opts.flowcVersion,
      connectionReferences: references.map(
        (r): FlowcConnectionReference => ({
          logicalName: r.fact.logicalName,
          ...(r.fact.source === 'header' ? { name: r.fact.name } : {}),
          owner: r.fact.owner ?? null,
        }),
      ),
      ...footerRepositories(flow),
    },
  };
  return { built: { document, references }, problems };
}

/**
 * The source's clipboard footer less its `ConnectionReferences` (which become the record's
 * `connectionReferences`): UI element and image repositories, every key as written. Like every
 * text of the `flowc` extras, a credential-shaped value (a remote desktop's connection string
 * in `ImportMetadata`) is masked; the clipboard build, which PAD reads, keeps the footer whole.
 */
function footerRepositories(flow: Flow): { clipboardFooter?: Record<string, unknown> } {
  const json = flow.footer?.json;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if (k !== 'ConnectionReferences') Object.defineProperty(rest, k, { value: redactDeep(v), enumerable: true, writable: true, configurable: true });
  }
  return { clipboardFooter: rest };
}

/** A parsed JSON value with every string masked by redactText (keys and order kept; iterative: input nesting is unbounded). */
function redactDeep(value: unknown): unknown {
  const copy = (v: unknown): unknown => (typeof v === 'string' ? redactText(v) : Array.isArray(v) ? [...v] : typeof v === 'object' && v !== null ? { ...v } : v);
  const root = { v: copy(value) };
  const stack: unknown[] = [root.v];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        node[i] = copy(node[i]);
        if (typeof node[i] === 'object' && node[i] !== null) stack.push(node[i]);
      }
    } else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const c = copy(o[k]);
        Object.defineProperty(o, k, { value: c, enumerable: true, writable: true, configurable: true });
        if (typeof c === 'object' && c !== null) stack.push(c);
      }
    }
  }
  return root.v;
}

/** A `<ConnectionReferences>` entry, keys in the real records' order. */
function recordReference(r: BuiltReference): ConnectionReference {
  return {
    api: { name: r.connectorId },
    displayName: redactText(r.fact.displayName ?? r.fact.logicalName),
    isDisabled: r.fact.isDisabled ?? false,
    connectionReferenceLogicalName: r.fact.logicalName,
    name: r.fact.recordName ?? null,
    connectionDisplayName: r.fact.connectionDisplayName ?? null,
    ownerId: null,
    padInternalId: r.padInternalId,
    isEmbedded: r.fact.embedded,
  };
}

/** Enabled actions (conditions and WAIT conditions included), in source order. */
function enabledActions(flow: Flow): { name: string; module: string; params: { name: string; value: unknown }[] }[] {
  const out: { name: string; module: string; params: { name: string; value: unknown }[] }[] = [];
  forEachFlowStatement(flow, (s) => {
    if (s.disabled) return;
    for (const a of statementActions(s)) {
      out.push({
        name: a.name.value,
        module: a.module,
        params: a.params.map((p) => ({ name: p.name.value, value: p.value.kind === 'text' && p.value.parts.every((x) => typeof x === 'string') ? p.value.value : undefined })),
      });
    }
  });
  return out;
}

function metadata(flow: Flow): Metadata {
  const actions = enabledActions(flow);
  const hasModule = (modules: readonly string[]): boolean => actions.some((a) => modules.includes(a.module));
  const flags: Partial<Record<keyof Metadata, boolean>> = {};
  for (const f of ACTIVE_MODULE_FLAGS) flags[f.key] = hasModule(f.modules);
  // Keys in the real records' order. Designer-only facts (clientversion) are left out.
  const m: Record<string, unknown> = {
    isvalid: true,
    $schema: METADATA_SCHEMA,
    schemaVersion: SCRIPT_SCHEMA_VERSION,
    containsActiveConnections: actions.some((a) => a.name === INVOKE_CLOUD_CONNECTOR),
    containsGptPredictActions: false,
    containsActiveCopilotActions: false,
    containsActiveWorkQueuesActions: flags.containsActiveWorkQueuesActions ?? false,
    containsActiveLogMessageActions: flags.containsActiveLogMessageActions ?? false,
    containsActiveCredentialsActions: false,
    multipleRequestsState: 0,
    scriptType: 0,
    disableScreenshotCaptureOnError: false,
    missingUiElementRepairType: null,
    flowTimeout: null,
  };
  return m as Metadata;
}

function dependencies(flow: Flow, facts: FlowFacts): Dependencies {
  // Sets keep first-use order and make each lookup O(1).
  const childFlows = new Set<string>();
  for (const c of facts.childFlows) {
    const id = c.disabled ? undefined : normalizeGuid(c.flowId);
    if (id) childFlows.add(id);
  }
  const workQueues = new Set<string>();
  for (const a of enabledActions(flow)) {
    if (a.module !== 'WorkQueues') continue;
    const q = a.params.find((p) => p.name === 'WorkQueue')?.value;
    if (typeof q === 'string' && q.trim() !== '') workQueues.add(q.trim());
  }
  return { childFlows: [...childFlows], workQueues: [...workQueues], environmentVariables: [], requiredBinaries: [] };
}

function manifest(references: readonly BuiltReference[], catalog: ConnectorCatalog | undefined): Manifest {
  const seen = new Set<string>();
  const connectorReferences: ManifestConnectorReference[] = [];
  for (const r of references) {
    const key = r.connectorId.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    connectorReferences.push({
      ConnectorId: r.connectorId,
      ConnectorName: r.connectorId.slice(r.connectorId.lastIndexOf('/') + 1),
      IsCustom: catalog?.get(normalizeConnectorId(r.connectorId))?.isCustom ?? false,
    });
  }
  return { ConnectorReferences: connectorReferences };
}
