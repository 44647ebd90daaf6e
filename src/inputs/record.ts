/**
 * Reading one v2 desktop flow record (what `flowc build` writes, what a solution's
 * `Workflows/*.json` sidecar or a Dataverse `workflow` row holds): `name`, `workflowId`,
 * `definition` (the script), `connectionReferences`, `schemaVersion`, and flowc's `flowc`
 * extras (owner, co-owners, run-only users, run modes) when present. Used by
 * `flowc diff --textconv`. The file is bounded by `maxFlowBytes` × 4 (a record is the
 * script JSON-escaped plus metadata); anything that is not such a record is an InputError.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SolutionConnectionReference, SourceDocument } from '../model/source.js';
import { displayPath } from './paths.js';
import { normalizeGuid } from '../util/guid.js';
import { inputError, wrapError } from './errors.js';
import { resolveLimits, formatBytes, type InputLimits } from './limits.js';

export interface FlowRecordReference {
  connector: string;
  logicalName?: string;
  displayName?: string;
  padInternalId?: string;
  embedded: boolean;
  owner?: string;
}

export interface FlowRecord {
  name: string;
  workflowId?: string;
  description?: string;
  schemaVersion?: string;
  definition: string;
  references: FlowRecordReference[];
  owner?: string;
  coOwners: string[];
  users: string[];
  runs: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A parsed JSON value as a flow record, or undefined when it is not one. */
export function flowRecordFrom(json: unknown): FlowRecord | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o['definition'] !== 'string') return undefined;
  const extras = (typeof o['flowc'] === 'object' && o['flowc'] !== null ? o['flowc'] : {}) as Record<string, unknown>;
  const owners = new Map<string, string>();
  for (const r of Array.isArray(extras['connectionReferences']) ? (extras['connectionReferences'] as unknown[]) : []) {
    const x = (r ?? {}) as Record<string, unknown>;
    const ln = str(x['logicalName']);
    const ow = str(x['owner']);
    if (ln && ow) owners.set(ln, ow);
  }
  const references: FlowRecordReference[] = [];
  for (const r of Array.isArray(o['connectionReferences']) ? (o['connectionReferences'] as unknown[]) : []) {
    if (typeof r !== 'object' || r === null) continue;
    const x = r as Record<string, unknown>;
    const api = (typeof x['api'] === 'object' && x['api'] !== null ? x['api'] : {}) as Record<string, unknown>;
    const logicalName = str(x['connectionReferenceLogicalName']);
    references.push({
      connector: str(api['name']) ?? '',
      ...(logicalName ? { logicalName } : {}),
      ...(str(x['displayName']) ? { displayName: str(x['displayName']) } : {}),
      ...(str(x['padInternalId']) ? { padInternalId: str(x['padInternalId']) } : {}),
      embedded: x['isEmbedded'] === true,
      ...(logicalName && owners.has(logicalName) ? { owner: owners.get(logicalName) } : {}),
    });
  }
  return {
    name: str(o['name']) ?? '',
    ...(str(o['workflowId']) ? { workflowId: str(o['workflowId']) } : {}),
    ...(str(o['description']) ? { description: str(o['description']) } : {}),
    ...(str(o['schemaVersion']) ? { schemaVersion: str(o['schemaVersion']) } : {}),
    definition: o['definition'] as string,
    references,
    ...(str(extras['owner']) ? { owner: str(extras['owner']) } : {}),
    coOwners: strings(extras['coOwners']),
    users: strings(extras['users']),
    runs: strings(extras['runs']),
  };
}

/** Reads a v2 record file. */
export async function readFlowRecord(absolutePath: string, display: string, limits?: Partial<InputLimits>): Promise<FlowRecord> {
  return (await readRecordJson(absolutePath, display, limits)).record;
}

async function readRecordJson(absolutePath: string, display: string, limits?: Partial<InputLimits>): Promise<{ record: FlowRecord; json: Record<string, unknown> }> {
  const max = resolveLimits(limits).maxFlowBytes * 4;
  let text: string;
  try {
    const s = await stat(absolutePath);
    if (!s.isFile()) throw inputError(display, undefined, 'not a file');
    if (s.size > max) throw inputError(display, undefined, `larger than ${formatBytes(max)}`);
    text = (await readFile(absolutePath, 'utf8')).replace(/^\uFEFF/, '');
  } catch (e) {
    throw wrapError(e, display, undefined, 'cannot read the file');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw inputError(display, undefined, `not JSON: ${(e as Error).message}`);
  }
  const record = flowRecordFrom(json);
  if (!record) throw inputError(display, undefined, 'not a desktop flow record (no `definition` text)');
  return { record, json: json as Record<string, unknown> };
}

const object = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** A v2 record as the flow document it holds: its script, with the record's references and id, as a solution's flow is read. */
function recordDocument(json: Record<string, unknown>, record: FlowRecord, absolutePath: string, display: string): SourceDocument {
  const refs = (Array.isArray(json['connectionReferences']) ? json['connectionReferences'] : []).filter(
    (r): r is SolutionConnectionReference => object(r) !== null && object((r as Record<string, unknown>)['api']) !== null && typeof (r as { api: { name?: unknown } }).api.name === 'string',
  );
  return {
    path: display,
    absolutePath,
    flowName: record.name,
    text: record.definition,
    origin: 'solution',
    solution: {
      solutionPath: display,
      workflowId: normalizeGuid(record.workflowId) ?? '',
      name: record.name,
      definition: record.definition,
      connectionReferences: refs,
      metadata: object(json['metadata']),
      inputs: object(json['inputs']),
      outputs: object(json['outputs']),
      dependencies: object(json['dependencies']),
      ...(record.schemaVersion !== undefined ? { schemaVersion: record.schemaVersion } : {}),
      ...(typeof json['uiFlowType'] === 'number' ? { uiFlowType: json['uiFlowType'] } : {}),
      category: typeof json['category'] === 'number' ? json['category'] : 6,
      ...(record.description !== undefined ? { description: record.description } : {}),
      binaries: [],
    },
  };
}

/**
 * For `flowc diff`: the v2 flow records among `paths` — a `.json` file, or the `*.json` records
 * at the top of a folder (what `flowc build` writes; other JSON files there, such as deployment
 * settings, are not records and are left alone). Returns the records as documents and the paths
 * that hold none, for the ordinary input layer.
 */
export async function readRecordInputs(paths: readonly string[], cwd: string, limits?: Partial<InputLimits>): Promise<{ documents: SourceDocument[]; rest: string[] }> {
  const documents: SourceDocument[] = [];
  const rest: string[] = [];
  for (const p of paths) {
    const absolute = path.resolve(cwd, p);
    const s = await stat(absolute).catch(() => undefined);
    if (s?.isFile() && /\.json$/i.test(absolute)) {
      const display = displayPath(absolute, cwd);
      const { record, json } = await readRecordJson(absolute, display, limits);
      documents.push(recordDocument(json, record, absolute, display));
      continue;
    }
    let found = 0;
    if (s?.isDirectory()) {
      for (const name of (await readdir(absolute)).filter((n) => /\.json$/i.test(n)).sort()) {
        const file = path.join(absolute, name);
        const display = displayPath(file, cwd);
        const r = await readRecordJson(file, display, limits).catch(() => undefined);
        if (!r) continue;
        documents.push(recordDocument(r.json, r.record, file, display));
        found++;
      }
    }
    if (found === 0) rest.push(p);
  }
  return { documents, rest };
}
