/**
 * `flowc build --format solution`: the built desktop flows → one Dataverse solution per
 * configured solution (config `solutions`; by default one unmanaged solution holding every
 * flow), as a zip Power Platform imports (`pac solution import`, the Power Platform actions'
 * import-solution) or, with `--unpacked`, the folder layout of `pac solution unpack`.
 *
 * A solution holds each flow's workflow record (category 6, as a v2 solution stores it: the
 * ids of the v2 documents, so stable across builds), the connection references its flows use
 * as `<connectionreference>` components (one per logical name across the flows; two flows that
 * disagree on a logical name's connector or display name are a failure, not a guess — FC311
 * reports the connector case while checking; this holds when the rule is off), and, in
 * `<MissingDependencies>`, the child flows it calls without holding them and the custom
 * connectors it needs. Everything is checked before anything is returned, so a failure writes
 * nothing. Pure: the same flows and config give the same bytes.
 */
import type { BuiltReference } from './references.js';
import type { BuiltFlow, FlowInput } from './v2.js';
import type { ConnectorCatalog } from '../catalog/connectors.js';
import { normalizeConnectorId } from '../catalog/swagger.js';
import { closest } from '../util/suggest.js';
import type { Solution as SolutionConfig } from '../generated/flowc.config.js';
import type { SolutionManifest } from '../model/source.js';
import {
  COMPONENT_TYPE,
  contentTypesXml,
  customizationsXml,
  solutionXml,
  workflowDataXml,
  type ConnectionReferenceComponentInput,
  type MissingDependency,
  type WorkflowRecordInput,
} from './solution-xml.js';
import { zipFiles } from './zip-writer.js';

/** A solution to build, every default filled in. */
export interface SolutionSpec {
  uniqueName: string;
  displayName: string;
  description?: string;
  version: string;
  managed: boolean;
  publisher: { uniqueName: string; displayName: string; prefix: string; optionValuePrefix: number };
  /** Flow names (as configured); undefined: every flow. */
  flows?: readonly string[];
}

/** One flow ready to go into a solution. */
export interface SolutionFlow {
  input: FlowInput;
  built: BuiltFlow;
  /** How messages name the flow's source. */
  where: { file: string; flow?: string };
}

/** A problem that stops the solution build; `file`/`flow` say where when it is about one flow. */
export interface SolutionProblem {
  file?: string;
  flow?: string;
  message: string;
}

/** A file of the output: `/`-separated path relative to the output folder, text or bytes. */
export interface SolutionOutput {
  name: string;
  content: string | Uint8Array;
}

export const DEFAULT_PUBLISHER = { uniqueName: 'flowc', displayName: 'flowc', prefix: 'new', optionValuePrefix: 10000 } as const;
export const DEFAULT_VERSION = '1.0.0.0';

const UNIQUE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VERSION = /^[0-9]{1,9}(\.[0-9]{1,9}){1,3}$/;

/** Why Dataverse would refuse this customization prefix, or undefined when it is acceptable. */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix.length < 2 || prefix.length > 8) return `it has ${prefix.length} character${prefix.length === 1 ? '' : 's'}; a prefix has 2 to 8`;
  if (!/^[A-Za-z]/.test(prefix)) return 'it must start with a letter';
  if (!/^[A-Za-z0-9]+$/.test(prefix)) return 'it may hold only letters and digits';
  if (/^mscrm/i.test(prefix)) return "it must not start with 'mscrm' (reserved by Microsoft)";
  return undefined;
}

/** A unique name made from a folder name: letters, digits and `_`, starting with a letter or `_`. */
export function uniqueNameFrom(name: string): string {
  const cleaned = name.normalize('NFKD').replace(/[^A-Za-z0-9_]+/g, '');
  if (cleaned === '') return 'FlowcSolution';
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/** The configured solutions (or the default one) with defaults filled in and every value checked. */
export function resolveSolutions(
  configured: readonly SolutionConfig[] | undefined,
  opts: {
    projectName: string;
    version?: string;
    /** Without `solutions` config: the manifest of the one solution every flow was read from, if so (it is built back as itself). */
    fromManifest?: SolutionManifest;
  },
): { specs: SolutionSpec[]; problems: SolutionProblem[] } {
  const problems: SolutionProblem[] = [];
  const list: SolutionConfig[] = configured?.length
    ? [...configured]
    : [opts.fromManifest ? solutionConfigFromManifest(opts.fromManifest) : { uniqueName: uniqueNameFrom(opts.projectName) }];
  if (opts.version !== undefined && !VERSION.test(opts.version)) {
    problems.push({ message: `--solution-version '${opts.version}' is not a version: give 2 to 4 whole numbers, e.g. 1.2.0.0` });
  }
  const seen = new Map<string, string>();
  const specs = list.map((c): SolutionSpec => {
    const publisher = {
      uniqueName: c.publisher?.uniqueName ?? DEFAULT_PUBLISHER.uniqueName,
      displayName: c.publisher?.displayName ?? c.publisher?.uniqueName ?? DEFAULT_PUBLISHER.displayName,
      prefix: c.publisher?.prefix ?? DEFAULT_PUBLISHER.prefix,
      optionValuePrefix: c.publisher?.optionValuePrefix ?? DEFAULT_PUBLISHER.optionValuePrefix,
    };
    const spec: SolutionSpec = {
      uniqueName: c.uniqueName,
      displayName: c.displayName ?? c.uniqueName,
      ...(c.description ? { description: c.description } : {}),
      version: opts.version ?? c.version ?? DEFAULT_VERSION,
      managed: c.managed ?? false,
      publisher,
      ...(c.flows ? { flows: c.flows } : {}),
    };
    const what = `solution ${spec.uniqueName}`;
    if (!UNIQUE_NAME.test(spec.uniqueName)) problems.push({ message: `${what}: the unique name may hold only letters, digits and _, and must not start with a digit` });
    const other = seen.get(spec.uniqueName.toLowerCase());
    if (other !== undefined) problems.push({ message: `${what}: configured twice (also as ${other})` });
    seen.set(spec.uniqueName.toLowerCase(), spec.uniqueName);
    if (!VERSION.test(spec.version)) problems.push({ message: `${what}: version '${spec.version}' is not a version: give 2 to 4 whole numbers, e.g. 1.2.0.0` });
    const bad = prefixProblem(publisher.prefix);
    if (bad) problems.push({ message: `${what}: Power Platform would refuse the publisher prefix '${publisher.prefix}': ${bad}` });
    if (!UNIQUE_NAME.test(publisher.uniqueName)) problems.push({ message: `${what}: the publisher's unique name '${publisher.uniqueName}' may hold only letters, digits and _, and must not start with a digit` });
    if (!Number.isInteger(publisher.optionValuePrefix) || publisher.optionValuePrefix < 10000 || publisher.optionValuePrefix > 99999) {
      problems.push({ message: `${what}: the publisher's option value prefix ${publisher.optionValuePrefix} is not between 10000 and 99999` });
    }
    return spec;
  });
  return { specs, problems };
}

/**
 * The `solutions` entry that builds a solution back as `manifest` says it is (same unique name,
 * version, publisher, managed or not), for `flowc import` to suggest.
 */
export function solutionConfigFromManifest(manifest: SolutionManifest): SolutionConfig {
  const p = manifest.publisher;
  return {
    uniqueName: manifest.uniqueName,
    ...(manifest.displayName !== undefined && manifest.displayName !== manifest.uniqueName ? { displayName: manifest.displayName } : {}),
    version: manifest.version,
    ...(manifest.managed ? { managed: true } : {}),
    ...(p && p.customizationPrefix !== undefined
      ? {
          publisher: {
            uniqueName: p.uniqueName,
            ...(p.displayName !== undefined && p.displayName !== p.uniqueName ? { displayName: p.displayName } : {}),
            prefix: p.customizationPrefix,
            ...(p.customizationOptionValuePrefix !== undefined ? { optionValuePrefix: p.customizationOptionValuePrefix } : {}),
          },
        }
      : {}),
  };
}

/** `<uniqueName>_<1_2_0_0>[_managed].zip`, as Power Platform names an export. */
export function solutionZipName(spec: SolutionSpec): string {
  return `${spec.uniqueName}_${spec.version.replace(/\./g, '_')}${spec.managed ? '_managed' : ''}.zip`;
}

/** `<JsonFileName>`'s file: the name's letters and digits, then the upper-case id (as the designer names it). */
export function workflowFileName(name: string, workflowId: string): string {
  const stem = name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '') || 'DesktopFlow';
  return `${stem}-${workflowId.toUpperCase()}.json`;
}

/** The `Workflows/<file>.json` every desktop flow of a solution has (the script is in the record, not here). */
export const WORKFLOW_JSON = `${JSON.stringify({
  properties: {
    definition: { package: '' },
    inputs: { schema: { required: null, properties: {}, type: 'object' } },
    outputs: { schema: { properties: {}, type: 'object' } },
  },
  schemaversion: 'ROBIN_202208_DVRS',
})}`;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The flows of `spec`: its `flows` by name (each must name a flow), else all of them. */
function selectFlows(spec: SolutionSpec, flows: readonly SolutionFlow[], problems: SolutionProblem[]): SolutionFlow[] {
  if (!spec.flows) return [...flows];
  const byName = new Map<string, SolutionFlow[]>();
  for (const f of flows) {
    const key = f.built.document.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), f]);
  }
  const out: SolutionFlow[] = [];
  const taken = new Set<SolutionFlow>();
  for (const name of spec.flows) {
    const named = byName.get(name.toLowerCase()) ?? [];
    const f = named[0];
    if (named.length > 1) {
      problems.push({ message: `solution ${spec.uniqueName}: ${named.length} flows are named '${name}' (${named.map((x) => x.where.file).join(', ')}); rename all but one` });
      continue;
    }
    if (!f) {
      const guess = closest(name, flows.map((x) => x.built.document.name));
      problems.push({ message: `solution ${spec.uniqueName}: no flow is named '${name}'${guess ? `; did you mean '${guess}'?` : ''}` });
      continue;
    }
    if (!taken.has(f)) out.push(f);
    taken.add(f);
  }
  return out;
}

/** The manifest of the solution every flow was read from, when they all come from one solution that has one. */
export function commonManifest(flows: readonly SolutionFlow[]): SolutionManifest | undefined {
  const manifests = flows.map((f) => f.input.doc.solution?.solutionManifest);
  const [first] = manifests;
  if (!first) return undefined;
  return manifests.every((m) => m !== undefined && m.uniqueName === first.uniqueName && m.version === first.version) ? first : undefined;
}

/** Two flows of the build with one workflow id: Dataverse would keep one of them. */
export function duplicateIdProblems(flows: readonly SolutionFlow[]): SolutionProblem[] {
  const problems: SolutionProblem[] = [];
  const byId = new Map<string, SolutionFlow>();
  for (const f of flows) {
    const id = f.built.document.workflowId;
    const other = byId.get(id);
    if (other) {
      problems.push({
        ...f.where,
        message: `its ID ${id} is also the ID of ${describe(other)}; two flows cannot share one ID (change or remove one header's ID)`,
      });
    } else byId.set(id, f);
  }
  return problems;
}

function describe(f: SolutionFlow): string {
  return `'${f.built.document.name}' (${f.where.file})`;
}

/**
 * The connection reference components of the solution: one per logical name (ignoring case, as
 * Dataverse does), in first-use order. A reference without a connector, or two flows binding one
 * logical name to different connectors or display names, is a problem.
 */
function connectionReferenceComponents(flows: readonly SolutionFlow[], problems: SolutionProblem[]): ConnectionReferenceComponentInput[] {
  const byName = new Map<string, { component: ConnectionReferenceComponentInput; flow: SolutionFlow }>();
  const out: ConnectionReferenceComponentInput[] = [];
  for (const f of flows) {
    for (const r of f.built.references) {
      if (r.fact.connector === '' || normalizeConnectorId(r.connectorId) === '') {
        problems.push({ ...f.where, message: `connection reference ${r.fact.logicalName} has no connector: say which (CONNECTOR 'shared_…')` });
        continue;
      }
      const component: ConnectionReferenceComponentInput = {
        logicalName: r.fact.logicalName,
        displayName: displayNameOf(r),
        connectorId: r.connectorId,
      };
      const key = component.logicalName.toLowerCase();
      const have = byName.get(key);
      if (!have) {
        byName.set(key, { component, flow: f });
        out.push(component);
        continue;
      }
      if (normalizeConnectorId(have.component.connectorId) !== normalizeConnectorId(component.connectorId)) {
        problems.push({
          ...f.where,
          message: `connection reference ${component.logicalName} is bound to ${component.connectorId} here but to ${have.component.connectorId} in ${describe(have.flow)}; one logical name is one connection reference: rename one of them`,
        });
      } else if (have.component.displayName !== component.displayName) {
        problems.push({
          ...f.where,
          message: `connection reference ${component.logicalName} is displayed as '${component.displayName}' here but as '${have.component.displayName}' in ${describe(have.flow)}; give both the same DISPLAYNAME`,
        });
      }
    }
  }
  return out;
}

function displayNameOf(r: BuiltReference): string {
  return r.fact.displayName ?? r.fact.logicalName;
}

/** Child flows called but not in the solution, and custom connectors used (the target environment must have them). */
function missingDependencies(
  flows: readonly SolutionFlow[],
  allFlows: readonly SolutionFlow[],
  catalog: ConnectorCatalog | undefined,
): MissingDependency[] {
  const inSolution = new Set(flows.map((f) => f.built.document.workflowId));
  const names = new Map(allFlows.map((f) => [f.built.document.workflowId, f.built.document.name] as const));
  const out: MissingDependency[] = [];
  for (const f of flows) {
    const dependent = { id: f.built.document.workflowId, displayName: f.built.document.name };
    for (const child of f.built.document.dependencies.childFlows) {
      if (inSolution.has(child)) continue;
      out.push({ required: { type: COMPONENT_TYPE.workflow, id: child, displayName: names.get(child) ?? child }, dependent });
    }
    const seen = new Set<string>();
    for (const r of f.built.references) {
      const connector = normalizeConnectorId(r.connectorId);
      if (seen.has(connector)) continue;
      seen.add(connector);
      const entry = catalog?.get(connector);
      if (entry?.isCustom) out.push({ required: { type: COMPONENT_TYPE.connector, schemaName: connector, displayName: entry.displayName ?? connector }, dependent });
    }
  }
  return out;
}

function workflowRecord(f: SolutionFlow): WorkflowRecordInput {
  const d = f.built.document;
  return {
    workflowId: d.workflowId,
    name: d.name,
    ...(d.description ? { description: d.description } : {}),
    jsonFileName: `/Workflows/${workflowFileName(d.name, d.workflowId)}`,
    metadata: JSON.stringify(d.metadata),
    inputs: JSON.stringify(d.inputs),
    outputs: JSON.stringify(d.outputs),
    dependencies: JSON.stringify(d.dependencies),
    connectionReferences: JSON.stringify(d.connectionReferences),
    definition: JSON.stringify(d.definition),
    schemaVersion: d.schemaVersion,
  };
}

/** XML 1.0 cannot hold these characters at all (not even as references). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export interface PlanSolutionsOptions {
  /** Write `pac solution unpack`'s folder layout instead of a zip. */
  unpacked: boolean;
  connectors?: ConnectorCatalog;
  /** Some flows could not be built (and were reported): an empty solution is then not a problem of its own. */
  incomplete?: boolean;
}

/** Every solution's files (a zip each, or a folder each), or the problems that stop the build. */
export function planSolutions(
  specs: readonly SolutionSpec[],
  flows: readonly SolutionFlow[],
  opts: PlanSolutionsOptions,
): { files: SolutionOutput[]; solutions: { spec: SolutionSpec; output: string; flows: number }[]; problems: SolutionProblem[] } {
  const problems: SolutionProblem[] = [...duplicateIdProblems(flows)];
  for (const f of flows) {
    const d = f.built.document;
    if (NOT_XML.test(d.name) || (d.description !== undefined && NOT_XML.test(d.description))) {
      problems.push({ ...f.where, message: 'its name or description holds a control character that XML (and so a solution) cannot hold' });
    }
  }
  const files: SolutionOutput[] = [];
  const solutions: { spec: SolutionSpec; output: string; flows: number }[] = [];
  for (const spec of specs) {
    const chosen = selectFlows(spec, flows, problems).sort((a, b) => compare(a.built.document.workflowId, b.built.document.workflowId));
    if (chosen.length === 0 && !spec.flows && !opts.incomplete) problems.push({ message: `solution ${spec.uniqueName}: there are no flows to put in it` });
    const references = connectionReferenceComponents(chosen, problems).sort((a, b) => compare(a.logicalName.toLowerCase(), b.logicalName.toLowerCase()));
    const records = chosen.map(workflowRecord);
    const manifest = solutionXml({
      uniqueName: spec.uniqueName,
      displayName: spec.displayName,
      ...(spec.description ? { description: spec.description } : {}),
      version: spec.version,
      managed: spec.managed,
      publisher: spec.publisher,
      workflowIds: chosen.map((f) => f.built.document.workflowId),
      missingDependencies: missingDependencies(chosen, flows, opts.connectors),
    });
    const workflowJsons = records.map((r) => ({ name: r.jsonFileName.slice(1), content: WORKFLOW_JSON }));
    if (opts.unpacked) {
      const root = spec.uniqueName;
      const entries: SolutionOutput[] = [
        { name: `${root}/Other/Solution.xml`, content: manifest },
        { name: `${root}/Other/Customizations.xml`, content: customizationsXml([], references) },
        ...workflowJsons.map((w) => ({ name: `${root}/${w.name}`, content: w.content })),
        ...records.map((r) => ({ name: `${root}${r.jsonFileName}.data.xml`, content: workflowDataXml(r) })),
      ];
      files.push(...entries.sort((a, b) => compare(a.name, b.name)));
      solutions.push({ spec, output: `${root}/`, flows: chosen.length });
    } else {
      const entries = [
        { name: '[Content_Types].xml', content: contentTypesXml() },
        { name: 'customizations.xml', content: customizationsXml(records, references) },
        { name: 'solution.xml', content: manifest },
        ...workflowJsons,
      ].sort((a, b) => compare(a.name, b.name));
      const name = solutionZipName(spec);
      files.push({ name, content: zipFiles(entries) });
      solutions.push({ spec, output: name, flows: chosen.length });
    }
  }
  return problems.length ? { files: [], solutions: [], problems } : { files, solutions, problems };
}
