/**
 * Generates the built-in connector catalog, src/catalog/connectors.generated.json, from real
 * connector metadata:
 *
 * - data/connectors/*.json: Power Platform connector metadata (`{name, properties:{swagger, tier, …}}`)
 *   or a connector's raw swagger 2.0 document named `shared_<api>.json` (no tier: the table below
 *   gives it), see data/connectors/PROVENANCE.md;
 * - ConnectorDefinition_*.json binaries inside the solutions under fixtures/corpus/ (zips, read
 *   with yauzl; see fixtures/corpus/padframework/PROVENANCE.md). They hold only the operations
 *   their flow uses, so they only add operations (or connectors) the full metadata lacks.
 *
 * plus the eleven connectors PAD shows by default (seed 000), which get an entry even without
 * metadata. The derivation itself is src/catalog/swagger.ts, shared with flowc's run time.
 *
 *   npx tsx scripts/gen-catalog.ts            write the catalog
 *   npx tsx scripts/gen-catalog.ts --check    exit 1 and say what differs if the committed one is stale
 *   --connectors DIR                          connector metadata folder (default: data/connectors)
 *   --corpus DIR                              folder of solution zips, searched recursively (default: fixtures/corpus)
 *
 * Everything read lives in the repository: the generator needs nothing outside the clone.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import type { ConnectorCatalogData, ConnectorInfo, Tier } from '../src/catalog/connectors.js';
import { compareOrdinal, fullConnectorId, parseSwaggerConnector } from '../src/catalog/swagger.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOG_PATH = path.join(REPO_ROOT, 'src/catalog/connectors.generated.json');
/** Where the generator reads its inputs: both folders are in the repository. */
export interface CatalogSources {
  /** Connector metadata files (`*.json`). */
  connectorsDir: string;
  /** Solution zips (searched recursively) whose ConnectorDefinitions add operations. */
  corpusDir: string;
}

export const DEFAULT_SOURCES: CatalogSources = {
  connectorsDir: path.join(REPO_ROOT, 'data/connectors'),
  corpusDir: path.join(REPO_ROOT, 'fixtures/corpus'),
};

/**
 * The cloud connectors Power Automate for desktop adds to every desktop flow and always shows in
 * the actions pane, as listed in "Cloud Connectors in Power Automate for desktop" (seed 000,
 * section "List of cloud connectors"), with the names used there. Tiers: Dataverse is Premium;
 * the others are Standard connectors. Metadata, where present, takes precedence; a mismatch is
 * reported as a warning.
 */
export const DEFAULT_CONNECTORS: readonly { id: string; displayName: string; tier: Tier }[] = [
  { id: 'shared_commondataserviceforapps', displayName: 'Microsoft Dataverse', tier: 'Premium' },
  { id: 'shared_sharepointonline', displayName: 'SharePoint', tier: 'Standard' },
  { id: 'shared_excelonlinebusiness', displayName: 'Excel Online (Business)', tier: 'Standard' },
  { id: 'shared_microsoftforms', displayName: 'Microsoft Forms', tier: 'Standard' },
  { id: 'shared_teams', displayName: 'Microsoft Teams', tier: 'Standard' },
  { id: 'shared_office365', displayName: 'Office 365 Outlook', tier: 'Standard' },
  { id: 'shared_onedrive', displayName: 'OneDrive', tier: 'Standard' },
  { id: 'shared_onedriveforbusiness', displayName: 'OneDrive for work or school', tier: 'Standard' },
  { id: 'shared_onenote', displayName: 'OneNote (Business)', tier: 'Standard' },
  { id: 'shared_rss', displayName: 'RSS', tier: 'Standard' },
  { id: 'shared_wordonlinebusiness', displayName: 'Word Online (Business)', tier: 'Standard' },
];

/**
 * One metadata file. `source` names it independently of where the folders are: `connectors/<file>`
 * for a metadata file, `corpus/<path in the corpus folder>:<entry>` for an entry of a zip.
 */
export interface CatalogInput {
  source: string;
  json: unknown;
}

const CONNECTOR_DEFINITION_ENTRY = /(^|\/)desktopflowbinaries\/[^/]+\/data\/ConnectorDefinition_[^/]+\.json$/i;

/** Read every metadata file (connectors/*.json, ConnectorDefinitions in corpus zips). */
export async function readCatalogInputs(sources: CatalogSources = DEFAULT_SOURCES): Promise<CatalogInput[]> {
  const inputs: CatalogInput[] = [];
  const connectorFiles = listFiles(sources.connectorsDir).filter((f) => f.endsWith('.json'));
  if (connectorFiles.length === 0) throw new Error(`no connector metadata (*.json) in ${sources.connectorsDir}`);
  for (const file of connectorFiles) {
    inputs.push({ source: `connectors/${relative(sources.connectorsDir, file)}`, json: parseJsonText(readFileSync(file, 'utf8'), file) });
  }
  for (const zip of listFiles(sources.corpusDir).filter((f) => /\.zip$/i.test(f))) {
    for (const entry of await readZipEntries(zip, (name) => CONNECTOR_DEFINITION_ENTRY.test(name))) {
      inputs.push({ source: `corpus/${relative(sources.corpusDir, zip)}:${entry.name}`, json: parseJsonText(entry.text, `${zip}:${entry.name}`) });
    }
  }
  return inputs.sort((a, b) => compareOrdinal(a.source, b.source));
}

/** Files below `dir`, recursively, sorted; none when it does not exist. */
function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names.sort(compareOrdinal)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

function relative(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The text of the entries of a zip whose names pass `wanted`. */
async function readZipEntries(zipPath: string, wanted: (name: string) => boolean): Promise<{ name: string; text: string }[]> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true });
  const out: { name: string; text: string }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/') || !wanted(entry.fileName)) {
        zip.readEntry();
        return;
      }
      zip
        .openReadStreamPromise(entry)
        .then(async (stream) => {
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          out.push({ name: entry.fileName, text: Buffer.concat(chunks).toString('utf8') });
          zip.readEntry();
        })
        .catch(reject);
    });
    zip.readEntry();
  });
  return out.sort((a, b) => compareOrdinal(a.name, b.name));
}

/**
 * The catalog from metadata files (pure). For each connector the full metadata (complete operation
 * list) is the base; partial sources (solution ConnectorDefinitions) add the operations it lacks.
 */
export function buildCatalog(inputs: readonly CatalogInput[]): { data: ConnectorCatalogData; warnings: string[] } {
  const warnings: string[] = [];
  const parsed: ConnectorInfo[] = [];
  for (const input of inputs) {
    const result = parseSwaggerConnector(input.json, input.source);
    warnings.push(...result.warnings);
    if (result.connector) parsed.push(result.connector);
  }
  // Complete descriptions first, then by source, so merging does not depend on file order.
  parsed.sort((a, b) => Number(b.operationsKnown) - Number(a.operationsKnown) || compareOrdinal(a.sources[0] ?? '', b.sources[0] ?? ''));

  const byId = new Map<string, ConnectorInfo>();
  for (const c of parsed) {
    const existing = byId.get(c.id);
    if (!existing) {
      byId.set(c.id, c);
      continue;
    }
    if (c.operationsKnown && existing.operationsKnown) {
      warnings.push(`${c.sources.join(', ')}: a second full description of ${c.id}; only its missing operations are used`);
    }
    const known = new Set(existing.operations.map((o) => o.operationId));
    const added = c.operations.filter((o) => !known.has(o.operationId));
    for (const op of added) {
      warnings.push(`${c.sources.join(', ')}: operation ${op.operationId} is not in the full metadata of ${c.id}; added from here`);
    }
    byId.set(c.id, {
      ...existing,
      tier: existing.tier ?? c.tier,
      sources: [...existing.sources, ...c.sources],
      operations: [...existing.operations, ...added].sort((a, b) => compareOrdinal(a.operationId, b.operationId)),
    });
  }

  for (const d of DEFAULT_CONNECTORS) {
    const c = byId.get(d.id);
    if (!c) {
      byId.set(d.id, {
        id: d.id,
        fullId: fullConnectorId(d.id),
        displayName: d.displayName,
        tier: d.tier,
        isCustom: false,
        isDefault: true,
        operationsKnown: false,
        sources: [],
        operations: [],
      });
      continue;
    }
    if (c.tier && c.tier !== d.tier) warnings.push(`${d.id}: metadata says tier ${c.tier}, the default table says ${d.tier}; metadata kept`);
    if (c.displayName !== d.displayName) warnings.push(`${d.id}: metadata display name "${c.displayName}", seed 000 says "${d.displayName}"; metadata kept`);
    byId.set(d.id, { ...c, tier: c.tier ?? d.tier, isDefault: true });
  }

  const connectors = [...byId.values()].sort((a, b) => compareOrdinal(a.id, b.id)).map(canonicalConnector);
  return { data: { version: 1, connectors }, warnings };
}

/** Fixed key order for a connector entry (what the generated file shows). */
function canonicalConnector(c: ConnectorInfo): ConnectorInfo {
  return {
    id: c.id,
    fullId: c.fullId,
    displayName: c.displayName,
    ...(c.tier ? { tier: c.tier } : {}),
    isCustom: c.isCustom,
    isDefault: c.isDefault,
    operationsKnown: c.operationsKnown,
    sources: c.sources,
    operations: c.operations,
  };
}

/** Objects and arrays whose one-line form fits in this many characters stay on one line. */
const INLINE_WIDTH = 140;

/**
 * The file text: JSON indented by two spaces, except that a small object or array (one
 * parameter, one field, an annotation) stays on one line; trailing newline. Half the size of
 * fully indented JSON and still reviewable line by line in a diff.
 */
export function renderCatalog(data: ConnectorCatalogData): string {
  return `${renderJson(data, '')}\n`;
}

function renderJson(value: unknown, indent: string): string {
  const inline = JSON.stringify(value);
  if (typeof value !== 'object' || value === null || inline.length + indent.length <= INLINE_WIDTH) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + renderJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${renderJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** Read the inputs and render the catalog (writes nothing). */
export async function generateCatalog(sources: CatalogSources = DEFAULT_SOURCES): Promise<{ text: string; data: ConnectorCatalogData; warnings: string[] }> {
  const { data, warnings } = buildCatalog(await readCatalogInputs(sources));
  return { text: renderCatalog(data), data, warnings };
}

/** What differs between two catalogs, in a few lines: connectors and operations added, removed or changed. */
export function describeDifferences(committed: string, generated: string): string[] {
  let before: ConnectorCatalogData;
  let after: ConnectorCatalogData;
  try {
    before = JSON.parse(committed) as ConnectorCatalogData;
    after = JSON.parse(generated) as ConnectorCatalogData;
  } catch {
    return ['the committed catalog is not valid JSON'];
  }
  const lines: string[] = [];
  const index = (d: ConnectorCatalogData): Map<string, ConnectorInfo> => new Map((Array.isArray(d.connectors) ? d.connectors : []).map((c) => [c.id, c]));
  const b = index(before);
  const a = index(after);
  for (const id of [...new Set([...b.keys(), ...a.keys()])].sort(compareOrdinal)) {
    const x = b.get(id);
    const y = a.get(id);
    if (!x) lines.push(`+ connector ${id}`);
    else if (!y) lines.push(`- connector ${id}`);
    else if (JSON.stringify(x) !== JSON.stringify(y)) {
      const { operations: xo, ...xRest } = x;
      const { operations: yo, ...yRest } = y;
      if (JSON.stringify(xRest) !== JSON.stringify(yRest)) lines.push(`~ connector ${id}: properties changed`);
      const xm = new Map((xo ?? []).map((o) => [o.operationId, JSON.stringify(o)]));
      const ym = new Map((yo ?? []).map((o) => [o.operationId, JSON.stringify(o)]));
      for (const op of [...new Set([...xm.keys(), ...ym.keys()])].sort(compareOrdinal)) {
        if (!xm.has(op)) lines.push(`+ ${id} ${op}`);
        else if (!ym.has(op)) lines.push(`- ${id} ${op}`);
        else if (xm.get(op) !== ym.get(op)) lines.push(`~ ${id} ${op}`);
      }
    }
  }
  if (lines.length === 0 && committed !== generated) lines.push('formatting differs (same data)');
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const option = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1]!) : undefined;
  };
  const sources: CatalogSources = {
    connectorsDir: option('--connectors') ?? DEFAULT_SOURCES.connectorsDir,
    corpusDir: option('--corpus') ?? DEFAULT_SOURCES.corpusDir,
  };
  const { text, data, warnings } = await generateCatalog(sources);
  for (const w of warnings) console.error(`warning: ${w}`);

  const relCatalog = path.relative(process.cwd(), CATALOG_PATH);
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(CATALOG_PATH, 'utf8');
    } catch {
      console.error(`${relCatalog} is missing; run: npx tsx scripts/gen-catalog.ts`);
      return 1;
    }
    if (committed === text) {
      console.log(`${relCatalog} is up to date`);
      return 0;
    }
    console.error(`${relCatalog} is stale; run: npx tsx scripts/gen-catalog.ts`);
    const diff = describeDifferences(committed, text);
    for (const line of diff.slice(0, 50)) console.error(`  ${line}`);
    if (diff.length > 50) console.error(`  … and ${diff.length - 50} more`);
    return 1;
  }
  writeFileSync(CATALOG_PATH, text);
  const ops = data.connectors.reduce((n, c) => n + c.operations.length, 0);
  console.log(`wrote ${relCatalog}: ${data.connectors.length} connectors, ${ops} operations`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
