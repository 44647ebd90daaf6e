/**
 * Connector metadata (an OpenAPI/swagger 2.0 description) → the compact `ConnectorInfo` flowc
 * keeps in its catalog.
 *
 * This is the one place that derivation lives: `scripts/gen-catalog.ts` uses it to build the
 * built-in catalog (src/catalog/connectors.generated.json), and flowc uses it at run time for
 * connector metadata a project adds in its configuration. Three input shapes are accepted:
 *
 * - Power Platform connector metadata: `{name, properties: {displayName, tier, isCustomApi, swagger}}`
 *   (what `GET …/apis/<name>` returns; data/connectors/*.json);
 * - a raw swagger 2.0 document, e.g. a PowerPlatformConnectors `apiDefinition.swagger.json`;
 * - a solution's `ConnectorDefinition_*.json` binary:
 *   `{ConnectorId, Definition: {Id, Name, Properties: {IsCustomApi, Swagger}}}`. Those hold only the
 *   operations the flow uses, so they give `operationsKnown: false`.
 *
 * Connector metadata comes from the outside world: every field may be missing or of the wrong
 * type, and `x-ms-*` extensions come and go. Nothing here throws; problems become warnings.
 */
import type {
  ConnectorInfo,
  HttpMethod,
  OperationAnnotation,
  OperationInfo,
  ParameterInfo,
  ParameterLocation,
  ReplacementInfo,
  ResponseInfo,
  SchemaField,
  Tier,
  Visibility,
} from '../generated/connector-catalog.js';
import { pointerSegments } from '../util/json-pointer.js';

/** Prefix of a connector's full id; the short name (`shared_…`) follows it. */
export const CONNECTOR_ID_PREFIX = '/providers/Microsoft.PowerApps/apis/';

/** Object levels below a body parameter that are flattened into `fields`; deeper ones are `truncated`. */
export const MAX_FIELD_DEPTH = 4;

/**
 * Bounds that keep hostile metadata from making the work explode (real connectors stay far
 * below them: the largest body has under 100 fields): fields flattened per body, nested arrays.
 */
const MAX_FIELDS = 1000;
const MAX_ARRAY_NESTING = MAX_FIELD_DEPTH;

/** Single-line descriptions longer than this are dropped (the summary is always kept). */
const MAX_DESCRIPTION_LENGTH = 200;

/** The parameter every connector operation has that PAD fills from the connection itself. */
const CONNECTION_ID_PARAMETER = 'connectionId';

const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const PARAMETER_LOCATIONS: readonly ParameterLocation[] = ['path', 'query', 'header', 'body', 'formData'];
const VISIBILITIES: readonly Visibility[] = ['important', 'advanced', 'internal'];

export interface ParseResult {
  connector?: ConnectorInfo;
  warnings: string[];
}

/**
 * The short connector name (`shared_sharepointonline`) of a short name or a full id
 * (`/providers/Microsoft.PowerApps/apis/shared_sharepointonline`), in lower case.
 */
export function normalizeConnectorId(s: string): string {
  const trimmed = s.trim().replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return (slash >= 0 ? trimmed.slice(slash + 1) : trimmed).toLowerCase();
}

/** `/providers/Microsoft.PowerApps/apis/<short>` for a short name (or a full id, which is normalised). */
export function fullConnectorId(short: string): string {
  return CONNECTOR_ID_PREFIX + normalizeConnectorId(short);
}

/**
 * Derive a connector from connector metadata in any of the three accepted shapes (see the module
 * comment). `source` names the input in warnings and in `sources`, and gives the connector's name
 * when a raw swagger document has none. Never throws.
 */
export function parseSwaggerConnector(json: unknown, source: string): ParseResult {
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(`${source}: ${message}`);
  };
  try {
    return { connector: parseConnector(json, source, warn), warnings };
  } catch (error) {
    // Defensive: the code below is written not to throw, but metadata is arbitrary input.
    warn(`could not read connector metadata (${error instanceof Error ? error.message : String(error)})`);
    return { warnings };
  }
}

/** What a tenant's connector list gave: one entry per connector (metadata, possibly without operations). */
export interface ListParseResult {
  connectors: ConnectorInfo[];
  warnings: string[];
}

/**
 * Whether `json` is shaped like a connector LIST as the Power Apps API returns it for a tenant
 * (`GET …/providers/Microsoft.PowerApps/apis`: `{ "value": [ … ] }`), or a bare array of its
 * entries, rather than one connector's metadata. Whether its entries are valid is the schema's
 * business (schemas/connector-list.schema.json).
 */
export function isConnectorList(json: unknown): boolean {
  if (Array.isArray(json)) return true;
  return isObject(json) && Array.isArray(json['value']) && !('properties' in json) && !('swagger' in json) && !('paths' in json);
}

/**
 * The connectors of a tenant's connector list: each entry's name, display name and tier, and its
 * operations when the entry carries its swagger (`$expand=swagger`). An entry without swagger
 * says nothing about operations (`operationsKnown: false`); a tier other than Standard or
 * Premium is left unknown.
 */
export function parseConnectorList(json: unknown, source: string): ListParseResult {
  const items: unknown[] = Array.isArray(json) ? json : isObject(json) && Array.isArray(json['value']) ? json['value'] : [];
  const connectors: ConnectorInfo[] = [];
  const warnings: string[] = [];
  items.forEach((item, i) => {
    if (!isObject(item) || !isObject(item['properties'])) {
      warnings.push(`${source}: entry ${i} is not a connector ({name, properties}); ignored`);
      return;
    }
    const props = item['properties'];
    if ('swagger' in props) {
      const parsed = parseSwaggerConnector(item, `${source}#${i}`);
      warnings.push(...parsed.warnings);
      if (parsed.connector) connectors.push(parsed.connector);
      return;
    }
    const name = nonEmptyString(item['name']);
    const id = name ? normalizeConnectorId(name) : '';
    if (!id) {
      warnings.push(`${source}: entry ${i} has no \`name\`; ignored`);
      return;
    }
    const tier = readTier(props['tier'], (m) => warnings.push(`${source}: ${id}: ${m}`));
    const isCustom = props['isCustomApi'];
    connectors.push({
      id,
      fullId: CONNECTOR_ID_PREFIX + id,
      displayName: nonEmptyString(props['displayName']) ?? id,
      ...(tier ? { tier } : {}),
      isCustom: typeof isCustom === 'boolean' ? isCustom : false,
      isDefault: false,
      operationsKnown: false,
      sources: [`${source}#${i}`],
      operations: [],
    });
  });
  return { connectors, warnings };
}

type Warn = (message: string) => void;
type JsonObject = Record<string, unknown>;

/** One swagger document being read: its root (for `$ref`s), where warnings go, and caches. */
interface Doc {
  root: JsonObject;
  warn: Warn;
  /** Schema shapes already read (by schema object). */
  shapes: Map<JsonObject, SchemaShape>;
  /** Schemas whose shape is being read (to stop `allOf` loops). */
  reading: Set<JsonObject>;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Swagger is sometimes embedded as a JSON string (and files may start with a BOM). */
function maybeParseJson(v: unknown, what: string, warn: Warn): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    warn(`${what} is a string that is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

interface Envelope {
  kind: 'metadata' | 'connectorDefinition' | 'swagger';
  name?: string;
  displayName?: string;
  tier?: Tier;
  isCustom?: boolean;
  swagger: unknown;
}

function parseConnector(input: unknown, source: string, warn: Warn): ConnectorInfo | undefined {
  const json = maybeParseJson(input, 'the input', warn);
  const envelope = readEnvelope(json, source, warn);
  if (!envelope) return undefined;

  const swagger = maybeParseJson(envelope.swagger, 'the swagger', warn);
  const info = isObject(swagger) && isObject(swagger['info']) ? swagger['info'] : undefined;
  const name = envelope.name ?? nameFromSwaggerSource(info, source);
  if (!name) {
    warn('no connector name found (expected `name`, `ConnectorId` or `info.title`)');
    return undefined;
  }
  const id = normalizeConnectorId(name);
  if (id === '') {
    warn(`connector name ${JSON.stringify(name)} gives an empty id`);
    return undefined;
  }

  let operations: OperationInfo[] = [];
  let operationsKnown = false;
  if (isObject(swagger)) {
    operations = readOperations({ root: swagger, warn, shapes: new Map(), reading: new Set() });
    // A solution's ConnectorDefinition lists only the operations its flow uses.
    operationsKnown = envelope.kind !== 'connectorDefinition' && isObject(swagger['paths']);
    if (!isObject(swagger['paths'])) warn('the swagger has no `paths` object; no operations read');
  } else {
    warn('no swagger document found; no operations read');
  }

  const connector: ConnectorInfo = {
    id,
    fullId: CONNECTOR_ID_PREFIX + id,
    displayName: envelope.displayName ?? nonEmptyString(info?.['title']) ?? id,
    ...(envelope.tier ? { tier: envelope.tier } : {}),
    isCustom: envelope.isCustom ?? false,
    isDefault: false,
    operationsKnown,
    sources: [source],
    operations,
  };
  return connector;
}

function readEnvelope(json: unknown, source: string, warn: Warn): Envelope | undefined {
  if (!isObject(json)) {
    warn('connector metadata must be a JSON object');
    return undefined;
  }
  const properties = json['properties'];
  if (isObject(properties) && 'swagger' in properties) {
    const isCustom = properties['isCustomApi'];
    if (isCustom !== undefined && typeof isCustom !== 'boolean') warn('`properties.isCustomApi` is not a boolean; ignored');
    return {
      kind: 'metadata',
      name: nonEmptyString(json['name']) ?? nonEmptyString(json['id']),
      displayName: nonEmptyString(properties['displayName']),
      tier: readTier(properties['tier'], warn),
      isCustom: typeof isCustom === 'boolean' ? isCustom : undefined,
      swagger: properties['swagger'],
    };
  }
  const definition = json['Definition'];
  if (isObject(definition) || typeof json['ConnectorId'] === 'string') {
    const def = isObject(definition) ? definition : {};
    const props = isObject(def['Properties']) ? def['Properties'] : {};
    const isCustom = props['IsCustomApi'];
    if (isCustom !== undefined && typeof isCustom !== 'boolean') warn('`Definition.Properties.IsCustomApi` is not a boolean; ignored');
    return {
      kind: 'connectorDefinition',
      name: nonEmptyString(def['Name']) ?? nonEmptyString(json['ConnectorId']) ?? nonEmptyString(def['Id']),
      displayName: nonEmptyString(props['DisplayName']),
      tier: readTier(props['Tier'], warn),
      isCustom: typeof isCustom === 'boolean' ? isCustom : undefined,
      swagger: props['Swagger'],
    };
  }
  if (json['swagger'] !== undefined || isObject(json['paths'])) {
    if (json['swagger'] !== '2.0') warn(`expected swagger "2.0", found ${JSON.stringify(json['swagger'])}; read anyway`);
    return {
      kind: 'swagger',
      // PowerPlatformConnectors keeps custom connectors under custom-connectors/.
      isCustom: /(^|[\\/])custom-connectors[\\/]/i.test(source) ? true : undefined,
      swagger: json,
    };
  }
  warn('not connector metadata: expected `{name, properties: {swagger}}`, a swagger 2.0 document or a solution ConnectorDefinition');
  return undefined;
}

function readTier(v: unknown, warn: Warn): Tier | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    if (lower === 'standard') return 'Standard';
    if (lower === 'premium') return 'Premium';
  }
  warn(`unknown tier ${JSON.stringify(v)}; ignored`);
  return undefined;
}

/**
 * A raw swagger document has no `shared_…` name. Use the file name when it already is one
 * (`shared_x.json`), the folder of a PowerPlatformConnectors `apiDefinition.swagger.json`
 * (`certified-connectors/Contoso Tickets/…` → `shared_contosotickets`), else `info.title`.
 */
function nameFromSwaggerSource(info: JsonObject | undefined, source: string): string | undefined {
  const parts = source.split(/[\\/:]/).filter((p) => p !== '');
  const file = parts.at(-1) ?? '';
  const stem = file.replace(/\.json$/i, '');
  if (/^shared_[A-Za-z0-9_.-]+$/.test(stem)) return stem;
  let base: string | undefined;
  if (/^apiDefinition(\.swagger)?\.json$/i.test(file) && parts.length >= 2) base = parts.at(-2);
  base ??= nonEmptyString(info?.['title']);
  if (!base) return undefined;
  const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return slug === '' ? undefined : `shared_${slug}`;
}

// ---------------------------------------------------------------------------------------------
// $ref resolution

/** Resolve a local JSON pointer (`#/definitions/Item`); undefined for external or broken refs. */
function resolvePointer(doc: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const fragment = ref.slice(1);
  if (fragment !== '' && !fragment.startsWith('/')) return undefined;
  let node: unknown = doc;
  for (let key of pointerSegments(fragment)) {
    try {
      key = decodeURIComponent(key);
    } catch {
      // keep the undecoded key
    }
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as JsonObject)[key];
  }
  return node;
}

interface Resolved {
  node: JsonObject | undefined;
  /** The refs followed to get there (used to stop on recursive schemas). */
  refs: string[];
}

/** Follow a chain of `$ref`s to the object they name. */
function deref(doc: Doc, node: unknown, what: string): Resolved {
  const refs: string[] = [];
  let current = node;
  while (isObject(current) && typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    if (refs.includes(ref)) {
      doc.warn(`${what}: $ref ${ref} refers to itself`);
      return { node: undefined, refs };
    }
    refs.push(ref);
    const target = resolvePointer(doc.root, ref);
    if (target === undefined) {
      doc.warn(`${what}: cannot resolve $ref ${ref}`);
      return { node: undefined, refs };
    }
    current = target;
  }
  return { node: isObject(current) ? current : undefined, refs };
}

// ---------------------------------------------------------------------------------------------
// Operations

function readOperations(doc: Doc): OperationInfo[] {
  const paths = doc.root['paths'];
  if (!isObject(paths)) return [];
  const byId = new Map<string, OperationInfo>();
  for (const [path, pathItemRaw] of Object.entries(paths)) {
    if (!isObject(pathItemRaw)) {
      doc.warn(`path ${path} is not an object; skipped`);
      continue;
    }
    const pathItem = deref(doc, pathItemRaw, `path ${path}`).node;
    if (!pathItem) continue;
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      if (op === undefined) continue;
      if (!isObject(op)) {
        doc.warn(`${method.toUpperCase()} ${path}: operation is not an object; skipped`);
        continue;
      }
      const operationId = nonEmptyString(op['operationId']);
      if (!operationId) {
        doc.warn(`${method.toUpperCase()} ${path}: operation has no operationId; skipped`);
        continue;
      }
      if (byId.has(operationId)) {
        doc.warn(`operation ${operationId} is defined more than once; the first one is kept`);
        continue;
      }
      byId.set(operationId, readOperation(doc, method, pathItem['parameters'], op, operationId));
    }
  }
  const operations = [...byId.values()].sort((a, b) => compareOrdinal(a.operationId, b.operationId));
  assignReplacements(operations);
  return operations.map(canonicalOperation);
}

/** Fixed key order (replacements are assigned after the operation was read). */
function canonicalOperation(op: OperationInfo): OperationInfo {
  const { operationId, summary, description, method, deprecated, visibility, trigger, annotation, replacement, parameters, response } = op;
  return {
    operationId,
    ...(summary !== undefined ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(deprecated !== undefined ? { deprecated } : {}),
    ...(visibility !== undefined ? { visibility } : {}),
    ...(trigger !== undefined ? { trigger } : {}),
    ...(annotation !== undefined ? { annotation } : {}),
    ...(replacement !== undefined ? { replacement } : {}),
    parameters,
    ...(response !== undefined ? { response } : {}),
  };
}

function readOperation(
  doc: Doc,
  method: HttpMethod,
  pathParameters: unknown,
  op: JsonObject,
  operationId: string,
): OperationInfo {
  const where = `operation ${operationId}`;
  const summary = nonEmptyString(op['summary']);
  const description = nonEmptyString(op['description']);
  const visibility = readVisibility(op['x-ms-visibility']);
  const annotation = readAnnotation(op['x-ms-api-annotation']);
  const explicitReplacement = readAnnotationReplacement(op['x-ms-api-annotation']);
  const response = readResponse(doc, op['responses'], where);

  const operation: OperationInfo = {
    operationId,
    ...(summary ? { summary } : {}),
    ...(description && keepDescription(description, summary) ? { description } : {}),
    method,
    ...(op['deprecated'] === true ? { deprecated: true } : {}),
    ...(visibility ? { visibility } : {}),
    ...(op['x-ms-trigger'] !== undefined ? { trigger: true } : {}),
    ...(annotation ? { annotation } : {}),
    ...(explicitReplacement ? { replacement: explicitReplacement } : {}),
    parameters: readParameters(doc, pathParameters, op['parameters'], where),
    ...(response ? { response } : {}),
  };
  return operation;
}

function keepDescription(description: string, summary: string | undefined): boolean {
  return !/[\r\n]/.test(description) && description.length <= MAX_DESCRIPTION_LENGTH && description !== summary;
}

function readVisibility(v: unknown): Visibility | undefined {
  const s = asString(v)?.toLowerCase();
  return VISIBILITIES.find((x) => x === s);
}

function readAnnotation(v: unknown): OperationAnnotation | undefined {
  if (!isObject(v)) return undefined;
  const status = nonEmptyString(v['status']);
  const family = nonEmptyString(v['family']);
  const revision = typeof v['revision'] === 'number' && Number.isFinite(v['revision']) ? v['revision'] : undefined;
  if (!status && !family && revision === undefined) return undefined;
  return {
    ...(status ? { status } : {}),
    ...(family ? { family } : {}),
    ...(revision !== undefined ? { revision } : {}),
  };
}

/** `x-ms-api-annotation.replacement: {api?, operationId}` names the replacement explicitly. */
function readAnnotationReplacement(v: unknown): ReplacementInfo | undefined {
  if (!isObject(v) || !isObject(v['replacement'])) return undefined;
  const operationId = nonEmptyString(v['replacement']['operationId']);
  if (!operationId) return undefined;
  const api = nonEmptyString(v['replacement']['api']);
  return { operationId, ...(api ? { api } : {}) };
}

/**
 * Name the newer operation for each deprecated one that has no explicit replacement:
 * 1. the same `x-ms-api-annotation.family`: the non-deprecated member, production status before
 *    preview, highest revision first (SendEmail → SendEmailV2, MarkAsRead_V2 → MarkAsRead_V3);
 * 2. else a same-name successor `<Name>V<n>` / `<Name>_V<n>` with a higher n that is not
 *    deprecated, the highest n first (Dataverse Predict → PredictV2).
 */
function assignReplacements(operations: OperationInfo[]): void {
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  for (const op of operations) {
    if (!op.deprecated || op.replacement) continue;
    const replacement = familyReplacement(op, operations) ?? versionSuccessor(op, byId);
    if (replacement) op.replacement = { operationId: replacement };
  }
}

function familyReplacement(op: OperationInfo, operations: OperationInfo[]): string | undefined {
  const family = op.annotation?.family;
  if (!family) return undefined;
  const candidates = operations.filter(
    (o) => o !== op && !o.deprecated && o.annotation?.family === family,
  );
  candidates.sort((a, b) => {
    const preview = Number(isPreview(a)) - Number(isPreview(b));
    if (preview !== 0) return preview;
    const revision = (b.annotation?.revision ?? 0) - (a.annotation?.revision ?? 0);
    return revision !== 0 ? revision : compareOrdinal(a.operationId, b.operationId);
  });
  return candidates[0]?.operationId;
}

function isPreview(op: OperationInfo): boolean {
  return op.annotation?.status?.toLowerCase() === 'preview';
}

function versionSuccessor(op: OperationInfo, byId: Map<string, OperationInfo>): string | undefined {
  const match = /^(.*?)(?:_?V(\d+))?$/.exec(op.operationId);
  const base = match?.[1];
  if (!base) return undefined;
  const own = match[2] ? Number(match[2]) : 1;
  let best: { id: string; n: number } | undefined;
  for (const [id, candidate] of byId) {
    if (candidate.deprecated || !id.startsWith(base)) continue;
    const m = /^_?V(\d+)$/.exec(id.slice(base.length));
    if (!m) continue;
    const n = Number(m[1]);
    if (n > own && (!best || n > best.n)) best = { id, n };
  }
  return best?.id;
}

// ---------------------------------------------------------------------------------------------
// Parameters

function readParameters(
  doc: Doc,
  pathLevel: unknown,
  opLevel: unknown,
  where: string,
): ParameterInfo[] {
  // Operation-level parameters override path-level ones with the same name and location.
  const merged = new Map<string, JsonObject>();
  for (const list of [pathLevel, opLevel]) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      doc.warn(`${where}: \`parameters\` is not an array; ignored`);
      continue;
    }
    for (const raw of list) {
      if (!isObject(raw)) {
        doc.warn(`${where}: a parameter is not an object; skipped`);
        continue;
      }
      const p = deref(doc, raw, where).node;
      if (!p) continue;
      const name = nonEmptyString(p['name']);
      if (!name) {
        doc.warn(`${where}: a parameter has no name; skipped`);
        continue;
      }
      merged.set(`${asString(p['in']) ?? ''}\u0000${name}`, p);
    }
  }
  const parameters: ParameterInfo[] = [];
  for (const p of merged.values()) {
    const parameter = readParameter(doc, p, where);
    if (parameter) parameters.push(parameter);
  }
  return parameters;
}

function readParameter(doc: Doc, p: JsonObject, where: string): ParameterInfo | undefined {
  const name = nonEmptyString(p['name']) ?? '';
  const location = PARAMETER_LOCATIONS.find((l) => l === p['in']);
  if (!location) {
    doc.warn(`${where}: parameter ${name} has unknown location ${JSON.stringify(p['in'])}; skipped`);
    return undefined;
  }
  const summary = nonEmptyString(p['x-ms-summary']);
  const defaultValue = scalar(p['default']);
  let type = nonEmptyString(p['type']);
  let format = nonEmptyString(p['format']);
  let visibility = readVisibility(p['x-ms-visibility']);
  let flags: { dynamic?: true; truncated?: true } = {};
  const fields: SchemaField[] = [];
  if (location === 'body') {
    // A body parameter's type is its schema's; its fields are flattened from the schema.
    const what = `${where}, body ${name}`;
    const resolved = deref(doc, p['schema'], what);
    const shape = readSchemaShape(doc, resolved.node, what);
    type = shape.type;
    format = shape.format;
    visibility ??= shape.visibility;
    flags = flattenFields(doc, shape, name, 1, new Set(resolved.refs), fields, what);
  }
  return {
    name,
    in: location,
    required: p['required'] === true,
    ...(type ? { type } : {}),
    ...(format ? { format } : {}),
    ...(visibility ? { visibility } : {}),
    ...(summary ? { summary } : {}),
    ...(location === 'path' && name === CONNECTION_ID_PARAMETER ? { implicit: true } : {}),
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...flags,
    ...(fields.length > 0 ? { fields } : {}),
  };
}

function scalar(v: unknown): string | number | boolean | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// Schemas

interface SchemaShape {
  type?: string;
  format?: string;
  visibility?: Visibility;
  summary?: string;
  /** Properties in declaration order (allOf parts merged). */
  properties: [string, unknown][];
  required: Set<string>;
  items?: unknown;
  /** Fields beyond the declared ones are accepted (dynamic schema or open object). */
  dynamic: boolean;
}

/**
 * What a (resolved) schema says about itself, with its `allOf` parts merged in. Memoised per
 * document, so shared definitions are read once; an `allOf` that loops back contributes nothing.
 */
function readSchemaShape(doc: Doc, schema: JsonObject | undefined, what: string): SchemaShape {
  if (!schema) return { properties: [], required: new Set(), dynamic: true }; // nothing known: accept anything
  const cached = doc.shapes.get(schema);
  if (cached) return cached;
  if (doc.reading.has(schema)) return { properties: [], required: new Set(), dynamic: false };
  doc.reading.add(schema);

  const shape: SchemaShape = { properties: [], required: new Set(), dynamic: false };
  const type = nonEmptyString(schema['type']);
  if (type) shape.type = type;
  const format = nonEmptyString(schema['format']);
  if (format) shape.format = format;
  const visibility = readVisibility(schema['x-ms-visibility']);
  if (visibility) shape.visibility = visibility;
  const summary = nonEmptyString(schema['x-ms-summary']);
  if (summary) shape.summary = summary;
  if (isObject(schema['properties'])) shape.properties.push(...Object.entries(schema['properties']));
  if (Array.isArray(schema['required'])) {
    for (const r of schema['required']) if (typeof r === 'string') shape.required.add(r);
  }
  if (schema['items'] !== undefined) shape.items = schema['items'];
  const additional = schema['additionalProperties'];
  if (
    schema['x-ms-dynamic-schema'] !== undefined ||
    schema['x-ms-dynamic-properties'] !== undefined ||
    additional === true ||
    isObject(additional)
  ) {
    shape.dynamic = true;
  }
  if (Array.isArray(schema['allOf'])) {
    const known = new Set(shape.properties.map(([n]) => n));
    for (const part of schema['allOf']) {
      const sub = readSchemaShape(doc, deref(doc, part, what).node, what);
      shape.type ??= sub.type;
      shape.format ??= sub.format;
      for (const entry of sub.properties) {
        if (known.has(entry[0])) continue;
        known.add(entry[0]);
        shape.properties.push(entry);
      }
      for (const r of sub.required) shape.required.add(r);
      shape.dynamic ||= sub.dynamic;
    }
  }
  // An object that declares no properties at all (or a schema that says nothing) takes any fields.
  const saysNothing = Object.keys(schema).length === 0;
  if (shape.properties.length === 0 && shape.items === undefined && (shape.type === 'object' || saysNothing)) {
    shape.dynamic = true;
  }

  doc.reading.delete(schema);
  doc.shapes.set(schema, shape);
  return shape;
}

/**
 * Flatten an object schema's fields into `out` as `parent/child` paths; array elements are
 * `parent[]`, their fields `parent[]/child`. Returns the flags for the node itself:
 * `dynamic` (takes undeclared fields) and `truncated` (deeper than MAX_FIELD_DEPTH or recursive).
 */
function flattenFields(
  doc: Doc,
  shape: SchemaShape,
  path: string,
  depth: number,
  refs: Set<string>,
  out: SchemaField[],
  what: string,
): { dynamic?: true; truncated?: true } {
  const flags: { dynamic?: true; truncated?: true } = {};
  if (shape.dynamic) flags.dynamic = true;

  if (out.length >= MAX_FIELDS) return { ...flags, truncated: true };
  if (shape.type === 'array' || shape.items !== undefined) {
    if (path.split('[]').length > MAX_ARRAY_NESTING) return { ...flags, truncated: true };
    const resolved = deref(doc, shape.items, what);
    if (resolved.refs.some((r) => refs.has(r))) return { ...flags, truncated: true };
    const itemShape = readSchemaShape(doc, resolved.node, what);
    const itemPath = `${path}[]`;
    const index = out.length;
    const itemFlags = flattenFields(doc, itemShape, itemPath, depth, new Set([...refs, ...resolved.refs]), out, what);
    out.splice(index, 0, field(itemPath, itemShape, false, itemFlags));
    return flags;
  }

  if (shape.properties.length === 0) return flags;
  if (depth > MAX_FIELD_DEPTH) return { ...flags, truncated: true };
  for (const [name, raw] of shape.properties) {
    if (out.length >= MAX_FIELDS) {
      flags.truncated = true;
      break;
    }
    const resolved = deref(doc, raw, what);
    const childPath = `${path}/${name}`;
    const index = out.length;
    let childFlags: { dynamic?: true; truncated?: true };
    let childShape: SchemaShape;
    if (resolved.refs.some((r) => refs.has(r))) {
      // A recursive schema (e.g. a folder that contains folders): stop here.
      childShape = readSchemaShape(doc, resolved.node, what);
      childFlags = { truncated: true };
    } else {
      childShape = readSchemaShape(doc, resolved.node, what);
      childFlags = flattenFields(doc, childShape, childPath, depth + 1, new Set([...refs, ...resolved.refs]), out, what);
    }
    out.splice(index, 0, field(childPath, childShape, shape.required.has(name), childFlags));
  }
  return flags;
}

function field(path: string, shape: SchemaShape, required: boolean, flags: { dynamic?: true; truncated?: true }): SchemaField {
  return {
    path,
    ...(shape.type ? { type: shape.type } : {}),
    ...(shape.format ? { format: shape.format } : {}),
    ...(required ? { required: true } : {}),
    ...(shape.visibility ? { visibility: shape.visibility } : {}),
    ...(shape.summary ? { summary: shape.summary } : {}),
    ...flags,
  };
}

// ---------------------------------------------------------------------------------------------
// Responses

/** The success response: `200` if present, else the lowest other 2xx. */
function readResponse(doc: Doc, responses: unknown, where: string): ResponseInfo | undefined {
  if (!isObject(responses)) return undefined;
  const codes = Object.keys(responses)
    .filter((c) => /^2\d\d$/.test(c))
    .sort((a, b) => (a === '200' ? -1 : b === '200' ? 1 : compareOrdinal(a, b)));
  const status = codes[0];
  if (!status) return undefined;
  const response = deref(doc, responses[status], `${where}, response ${status}`).node;
  const info: ResponseInfo = { status };
  if (!response || response['schema'] === undefined) return info;
  const schema = deref(doc, response['schema'], `${where}, response ${status}`).node;
  const what = `${where}, response ${status}`;
  const shape = readSchemaShape(doc, schema, what);
  // Only the binary fields are kept (for "binary data used as a file"); the rest would double the catalog.
  const fields: SchemaField[] = [];
  flattenFields(doc, shape, '', 1, new Set(), fields, what);
  const binaryFields = fields
    .filter((f) => f.format === 'binary' || f.format === 'byte')
    .map((f) => f.path.replace(/^\//, ''));
  return {
    ...info,
    ...(shape.type ? { type: shape.type } : {}),
    ...(shape.format ? { format: shape.format } : {}),
    ...(shape.dynamic ? { dynamic: true } : {}),
    ...(binaryFields.length > 0 ? { binaryFields } : {}),
  };
}

/** Locale-independent string order, so generated output is the same everywhere. */
export function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
