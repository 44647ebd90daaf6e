import { stat } from 'node:fs/promises';
import path from 'node:path';
import { inputError, wrapError } from './errors.js';
import { openFolder } from './folder.js';
import { MAX_JSON_DEPTH, formatBytes, jsonDepth, resolveLimits, type InputLimits } from './limits.js';
import { CUSTOMIZATIONS_XML, compareStrings } from './paths.js';
import type { SolutionFiles } from './solution-files.js';
import type {
  ConnectionReferenceComponent,
  SolutionBinary,
  SolutionConnectionReference,
  SolutionContents,
  SolutionFlowRecord,
  SolutionManifest,
} from '../model/source.js';
import { decodeText } from './text.js';
import { attribute, child, childText, children, descend, parseXml, text, type XmlNode, type XmlValue } from './xml.js';
import { openZip } from './zip.js';
import { normalizeId } from '../util/guid.js';

/*
 * Reads a Dataverse solution — a `.zip` export or its unpacked folder — into SolutionContents:
 *
 *   solution.xml                                  <SolutionManifest>: unique name, version, publisher
 *   customizations.xml                            <Workflows><Workflow> (desktop flows: Category 6)
 *                                                 and <connectionreferences>
 *   desktopflowbinaries/<id>/desktopflowbinary.xml  one binary: type, <process><workflowid>, <data>
 *   desktopflowbinaries/<id>/data/<data file>       its content (JSON for the types read here)
 *
 * or the layout of `pac solution unpack` (what `flowc build --format solution --unpacked` writes):
 * `Other/Solution.xml`, `Other/Customizations.xml` and each `<Workflow>` in a
 * `Workflows/<file>.data.xml` of its own.
 *
 * A desktop flow's `<Definition>`, `<ConnectionReferences>`, `<Metadata>`, `<Inputs>`,
 * `<Outputs>` and `<Dependencies>` hold JSON text; `<Definition>` is a JSON *string* whose value
 * is the flow script.
 */

export { CUSTOMIZATIONS_XML };
const SOLUTION_XML = 'solution.xml';
/** Where `pac solution unpack` puts the two manifests. */
export const UNPACKED_CUSTOMIZATIONS_XML = 'Other/Customizations.xml';
const UNPACKED_SOLUTION_XML = 'Other/Solution.xml';
const WORKFLOW_DATA_XML = /^Workflows\/[^/]+\.data\.xml$/i;
const DESKTOP_FLOW_CATEGORY = 6;

/** Binary types whose data file is JSON that flowc uses; the UI element and image repositories are not read. */
const JSON_BINARY_TYPES: ReadonlySet<string> = new Set(['ManifestFile', 'ConnectorDefinition', 'DependenciesFile']);

const BINARY_XML = /^desktopflowbinaries\/([^/]+)\/desktopflowbinary\.xml$/i;

export interface ReadSolutionOptions {
  limits?: Partial<InputLimits>;
  /** The path shown in messages and in SolutionContents.path; defaults to `solutionPath` as given. */
  displayPath?: string;
}

/**
 * Reads a solution zip or unpacked folder. Every problem — a missing file, a hostile zip, XML
 * with a DTD, a `<Definition>` that is not JSON — is thrown as an InputError naming the solution
 * and the entry; nothing else is thrown.
 */
export async function readSolution(solutionPath: string, opts: ReadSolutionOptions = {}): Promise<SolutionContents> {
  const absolutePath = path.resolve(solutionPath);
  const displayPath = opts.displayPath ?? solutionPath;
  let files: SolutionFiles | undefined;
  try {
    const limits = resolveLimits(opts.limits);
    files = await openSolutionFiles(absolutePath, displayPath, limits);
    return await readContents(files, absolutePath, displayPath, limits.maxFlowBytes, limits.maxDataBytes);
  } catch (error) {
    throw wrapError(error, displayPath, undefined, 'cannot read the solution');
  } finally {
    await files?.close();
  }
}

async function openSolutionFiles(absolutePath: string, displayPath: string, limits: InputLimits): Promise<SolutionFiles> {
  const stats = await stat(absolutePath).catch(() => undefined);
  if (!stats) throw inputError(displayPath, undefined, 'no such file or folder');
  return stats.isDirectory()
    ? openFolder(absolutePath, displayPath, limits)
    : openZip(absolutePath, displayPath, limits);
}

async function readContents(files: SolutionFiles, absolutePath: string, displayPath: string, maxFlowBytes: number, maxDataBytes: number): Promise<SolutionContents> {
  const customizationsEntry = files.find(CUSTOMIZATIONS_XML) ?? files.find(UNPACKED_CUSTOMIZATIONS_XML);
  if (!customizationsEntry) {
    throw inputError(displayPath, undefined, `not a solution: it has no ${CUSTOMIZATIONS_XML} (nor ${UNPACKED_CUSTOMIZATIONS_XML})`);
  }
  const unpacked = files.find(CUSTOMIZATIONS_XML) === undefined;
  const customizations = await readXml(files, customizationsEntry, displayPath);
  const root = rootElement(customizations, 'ImportExportXml', displayPath, customizationsEntry);

  const solutionXmlEntry = files.find(unpacked ? UNPACKED_SOLUTION_XML : SOLUTION_XML);
  const solutionXml = solutionXmlEntry
    ? readManifest(await readXml(files, solutionXmlEntry, displayPath), displayPath, solutionXmlEntry)
    : undefined;

  const binaries = await readBinaries(files, displayPath, maxDataBytes);
  const where: Where = { path: displayPath, entry: customizationsEntry };
  const flows = children(child(root, 'Workflows'), 'Workflow')
    .filter((workflow) => childText(workflow, 'Category') === String(DESKTOP_FLOW_CATEGORY))
    .map((workflow) => readFlow(workflow, binaries, where, maxFlowBytes));
  if (unpacked) {
    // pac's layout: one `<Workflow>` document per `Workflows/<file>.data.xml`, in name order.
    const dataEntries = files.names().filter((n) => WORKFLOW_DATA_XML.test(n)).sort(compareStrings);
    for (const entry of dataEntries) {
      const workflow = rootElement(await readXml(files, entry, displayPath), 'Workflow', displayPath, entry);
      if (childText(workflow, 'Category') !== String(DESKTOP_FLOW_CATEGORY)) continue;
      flows.push(readFlow(workflow, binaries, { path: displayPath, entry }, maxFlowBytes));
    }
  }
  const connectionReferences = children(child(root, 'connectionreferences'), 'connectionreference').map((ref) =>
    readConnectionReference(ref, where),
  );

  if (solutionXml) for (const flow of flows) flow.solutionManifest = solutionXml;
  return {
    path: displayPath,
    absolutePath,
    format: files.format,
    ...(solutionXml && { solutionXml }),
    flows,
    binaries,
    connectionReferences,
  };
}

/** Where a problem is, for messages: the solution and the entry inside it. */
interface Where {
  path: string;
  entry: string;
}

async function readXml(files: SolutionFiles, entry: string, displayPath: string): Promise<XmlNode> {
  return parseXml(decodeText(await files.read(entry), displayPath, entry), displayPath, entry);
}

function rootElement(document: XmlNode, name: string, displayPath: string, entry: string): XmlNode {
  const [root] = children(document, name);
  if (!root) throw inputError(displayPath, entry, `expected an <${name}> root element`);
  return root;
}

// ---- solution.xml --------------------------------------------------------------------------

function readManifest(document: XmlNode, displayPath: string, entry: string): SolutionManifest {
  const manifest = descend(rootElement(document, 'ImportExportXml', displayPath, entry), 'SolutionManifest');
  const uniqueName = childText(manifest, 'UniqueName');
  const version = childText(manifest, 'Version');
  if (!uniqueName || !version) {
    throw inputError(displayPath, entry, '<SolutionManifest> has no <UniqueName> or no <Version>');
  }
  const publisher = child(manifest, 'Publisher');
  const publisherName = childText(publisher, 'UniqueName');
  const optionValuePrefix = Number(childText(publisher, 'CustomizationOptionValuePrefix') ?? '');
  return {
    uniqueName,
    version,
    managed: childText(manifest, 'Managed') === '1',
    ...optional('displayName', localizedName(manifest)),
    ...(publisherName && {
      publisher: {
        uniqueName: publisherName,
        ...optional('displayName', localizedName(publisher)),
        ...optional('customizationPrefix', childText(publisher, 'CustomizationPrefix')),
        ...(Number.isSafeInteger(optionValuePrefix) && optionValuePrefix > 0 ? { customizationOptionValuePrefix: optionValuePrefix } : {}),
      },
    }),
  };
}

/** The first `<LocalizedNames><LocalizedName description="…">`. */
function localizedName(node: XmlValue | undefined): string | undefined {
  const [first] = children(child(node, 'LocalizedNames'), 'LocalizedName');
  return first && attribute(first, 'description');
}

// ---- customizations.xml: desktop flows ------------------------------------------------------

/** Throws an InputError about one flow. */
type Fail = (problem: string) => never;

function readFlow(workflow: XmlNode, binaries: SolutionBinary[], where: Where, maxFlowBytes: number): SolutionFlowRecord {
  const name = attribute(workflow, 'Name') ?? '';
  const rawId = attribute(workflow, 'WorkflowId');
  const flow = `desktop flow "${name || rawId || '?'}"`;
  // Annotated with its type so that TypeScript narrows after `if (…) fail(…)`.
  const fail: Fail = (problem) => {
    throw inputError(where.path, where.entry, `${flow}: ${problem}`);
  };
  if (!rawId) fail('<Workflow> has no WorkflowId attribute');
  if (!name) fail('<Workflow> has no Name attribute');
  const workflowId = normalizeId(rawId);

  const definition = jsonElement(workflow, 'Definition', fail);
  if (definition === undefined) fail('<Workflow> has no <Definition>');
  if (typeof definition !== 'string') fail('<Definition> is not a JSON string holding the flow script');
  const size = Buffer.byteLength(definition, 'utf8');
  if (size > maxFlowBytes) fail(`its script (<Definition>) is ${formatBytes(size)}, above the ${formatBytes(maxFlowBytes)} limit for a flow`);

  const uiFlowType = childText(workflow, 'UIFlowType');
  return {
    solutionPath: where.path,
    workflowId,
    name,
    definition,
    connectionReferences: flowConnectionReferences(jsonElement(workflow, 'ConnectionReferences', fail), fail),
    metadata: jsonObject(workflow, 'Metadata', fail),
    inputs: jsonObject(workflow, 'Inputs', fail),
    outputs: jsonObject(workflow, 'Outputs', fail),
    dependencies: jsonObject(workflow, 'Dependencies', fail),
    ...optional('schemaVersion', childText(workflow, 'SchemaVersion')),
    ...(uiFlowType !== undefined && Number.isInteger(Number(uiFlowType)) && { uiFlowType: Number(uiFlowType) }),
    category: DESKTOP_FLOW_CATEGORY,
    ...optional('jsonFileName', childText(workflow, 'JsonFileName')),
    ...optional('description', childText(workflow, 'Description')),
    binaries: binaries.filter((binary) => binary.workflowId === workflowId),
  };
}

/** A child element holding JSON text, parsed; undefined when the element is absent or empty. */
function jsonElement(workflow: XmlNode, name: string, fail: Fail): unknown {
  const json = text(child(workflow, name));
  if (json === undefined || json.trim() === '') return undefined;
  if (jsonDepth(json) > MAX_JSON_DEPTH) return fail(`<${name}> nests JSON deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(json);
  } catch (error) {
    return fail(`<${name}> is not valid JSON (${jsonProblem(error)})`);
  }
}

/** A JSON element that must hold an object (or be absent: null). */
function jsonObject(workflow: XmlNode, name: string, fail: Fail): Record<string, unknown> | null {
  const value = jsonElement(workflow, name, fail);
  if (value === undefined || value === null) return null;
  if (!isObject(value)) fail(`<${name}> is not a JSON object`);
  return value;
}

function flowConnectionReferences(value: unknown, fail: Fail): SolutionConnectionReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail('<ConnectionReferences> is not a JSON array');
  return value.map((item: unknown, i) => {
    if (!isObject(item) || !isObject(item.api) || typeof item.api.name !== 'string') {
      fail(`<ConnectionReferences>[${i}] has no api.name (the connector)`);
    }
    return item as SolutionConnectionReference;
  });
}

// ---- customizations.xml: connection references -----------------------------------------------

function readConnectionReference(ref: XmlNode, where: Where): ConnectionReferenceComponent {
  const logicalName = attribute(ref, 'connectionreferencelogicalname');
  const connectorId = childText(ref, 'connectorid');
  if (!logicalName) throw inputError(where.path, where.entry, '<connectionreference> has no connectionreferencelogicalname');
  if (!connectorId) throw inputError(where.path, where.entry, `connection reference ${logicalName} has no <connectorid>`);
  return {
    logicalName,
    ...optional('displayName', childText(ref, 'connectionreferencedisplayname')),
    connectorId,
    ...optional('description', childText(ref, 'description')),
  };
}

// ---- desktopflowbinaries --------------------------------------------------------------------

/** Every desktop flow binary of the solution, sorted by id (zip and folder order differ). */
async function readBinaries(files: SolutionFiles, displayPath: string, maxDataBytes: number): Promise<SolutionBinary[]> {
  const binaries: SolutionBinary[] = [];
  // Every parsed data file is kept (its JSON takes many times its size in memory): their total is
  // bounded, not only each one (files up to 1 MiB skip the compression-ratio check).
  const budget = { left: maxDataBytes, limit: maxDataBytes };
  for (const entry of files.names()) {
    const folder = BINARY_XML.exec(entry)?.[1];
    if (folder !== undefined) binaries.push(await readBinary(files, entry, folder, displayPath, budget));
  }
  return binaries.sort((a, b) => compareStrings(a.id, b.id));
}

async function readBinary(files: SolutionFiles, entry: string, folder: string, displayPath: string, budget: { left: number; limit: number }): Promise<SolutionBinary> {
  const root = rootElement(await readXml(files, entry, displayPath), 'desktopflowbinary', displayPath, entry);
  const type = childText(root, 'type');
  if (!type) throw inputError(displayPath, entry, '<desktopflowbinary> has no <type>');
  const workflowId = childText(child(root, 'process'), 'workflowid');
  const dataFile = childText(root, 'data');
  const binary: SolutionBinary = {
    id: normalizeId(attribute(root, 'desktopflowbinaryid') ?? folder),
    ...optional('workflowId', workflowId && normalizeId(workflowId)),
    type,
    ...optional('name', childText(root, 'name')),
    ...optional('reference', childText(root, 'reference')),
    ...optional('dataFile', dataFile),
    data: null,
  };
  if (dataFile !== undefined && JSON_BINARY_TYPES.has(type)) {
    binary.data = await readBinaryData(files, `desktopflowbinaries/${folder}/data`, dataFile, displayPath, entry, budget);
  }
  return binary;
}

async function readBinaryData(
  files: SolutionFiles,
  dataFolder: string,
  dataFile: string,
  displayPath: string,
  binaryEntry: string,
  budget: { left: number; limit: number },
): Promise<unknown> {
  // <data> comes from the solution: it must name a file in the binary's own data folder.
  if (/[/\\\0]/.test(dataFile) || dataFile === '.' || dataFile === '..') {
    throw inputError(displayPath, binaryEntry, `<data> names "${dataFile}", which is not a plain file name`);
  }
  const entry = files.find(`${dataFolder}/${dataFile}`);
  if (!entry) throw inputError(displayPath, binaryEntry, `<data> names ${dataFile}, which is not in ${dataFolder}/`);
  const bytes = await files.read(entry);
  budget.left -= bytes.length;
  if (budget.left < 0) throw inputError(displayPath, entry, `the solution's JSON data files are larger than the ${formatBytes(budget.limit)} total limit`);
  const json = decodeText(bytes, displayPath, entry);
  if (jsonDepth(json) > MAX_JSON_DEPTH) throw inputError(displayPath, entry, `nests JSON deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(json);
  } catch (error) {
    throw inputError(displayPath, entry, `not valid JSON (${jsonProblem(error)})`);
  }
}

// ---- helpers ----------------------------------------------------------------------------------

/**
 * JSON.parse's message without the excerpt of the text V8 quotes (`…"assword": hunter2hun"… is
 * not valid JSON`): a flow's script can hold a secret, and messages must not repeat it.
 */
function jsonProblem(error: unknown): string {
  return String((error as Error).message).replace(/,\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ key: value }` when value is defined, else `{}` — for optional properties without `undefined` values. */
function optional<K extends string, V>(key: K, value: V | undefined | '' | null): { [P in K]?: V } {
  return value === undefined || value === '' || value === null ? {} : ({ [key]: value } as { [P in K]: V });
}
