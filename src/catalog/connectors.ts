/**
 * The connector catalog: which cloud connectors exist, their tier, whether PAD shows them by
 * default, and their operations with parameters, body fields and responses.
 *
 * The built-in data is src/catalog/connectors.generated.json, produced by
 * `npx tsx scripts/gen-catalog.ts` from real connector metadata (never edited by hand) and
 * described by schemas/connector-catalog.schema.json. Connector metadata a project adds in its
 * configuration goes through the same derivation (`parseSwaggerConnector`) and `withExtra`.
 */
import { readFileSync } from 'node:fs';
import type {
  ConnectorCatalogData,
  ConnectorInfo,
  OperationInfo,
  ParameterInfo,
  SchemaField,
} from '../generated/connector-catalog.js';
import { fullConnectorId, normalizeConnectorId } from './swagger.js';

export { CONNECTOR_ID_PREFIX, fullConnectorId, isConnectorList, normalizeConnectorId, parseConnectorList, parseSwaggerConnector } from './swagger.js';
export type { ListParseResult, ParseResult } from './swagger.js';

// The catalog's types come from its JSON Schema (schemas/connector-catalog.schema.json, through
// scripts/gen-types.ts), so the schema, the generated data and the code cannot drift apart.
export type {
  ConnectorCatalogData,
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

const CATALOG_URL = new URL('./connectors.generated.json', import.meta.url);

interface IndexedConnector {
  info: ConnectorInfo;
  byId: Map<string, OperationInfo>;
  byLowerId: Map<string, OperationInfo>;
}

export class ConnectorCatalog {
  private static builtInInstance: ConnectorCatalog | undefined;
  private readonly connectors = new Map<string, IndexedConnector>();

  private constructor(connectors: Iterable<ConnectorInfo>) {
    for (const info of connectors) {
      const id = normalizeConnectorId(info.id);
      const byId = new Map<string, OperationInfo>();
      const byLowerId = new Map<string, OperationInfo>();
      for (const op of info.operations) {
        byId.set(op.operationId, op);
        // Two operations differing only in case: the first (ordinal order) wins the fallback.
        if (!byLowerId.has(op.operationId.toLowerCase())) byLowerId.set(op.operationId.toLowerCase(), op);
      }
      this.connectors.set(id, { info, byId, byLowerId });
    }
  }

  /** The catalog shipped with flowc (loaded once). */
  static builtIn(): ConnectorCatalog {
    if (!ConnectorCatalog.builtInInstance) {
      const data = JSON.parse(readFileSync(CATALOG_URL, 'utf8')) as ConnectorCatalogData;
      ConnectorCatalog.builtInInstance = new ConnectorCatalog(data.connectors);
    }
    return ConnectorCatalog.builtInInstance;
  }

  /** A catalog from explicit data (tests, tools). */
  static from(connectors: Iterable<ConnectorInfo>): ConnectorCatalog {
    return new ConnectorCatalog(connectors);
  }

  /**
   * This catalog plus connectors from project configuration; returns a new catalog. An extra
   * connector with a known id keeps what it does not say from the existing entry (display name,
   * tier, default-ness, operations it does not list); its own operations win.
   */
  withExtra(connectors: readonly ConnectorInfo[]): ConnectorCatalog {
    const merged = new Map<string, ConnectorInfo>();
    for (const [id, c] of this.connectors) merged.set(id, c.info);
    for (const extra of connectors) {
      const id = normalizeConnectorId(extra.id);
      const existing = merged.get(id);
      merged.set(id, existing ? mergeConnector(existing, extra) : { ...extra, id, fullId: fullConnectorId(id) });
    }
    return new ConnectorCatalog(merged.values());
  }

  /** Look a connector up by short name or full id, ignoring case. */
  get(idOrShortOrFullId: string): ConnectorInfo | undefined {
    return this.connectors.get(normalizeConnectorId(idOrShortOrFullId))?.info;
  }

  has(idOrShortOrFullId: string): boolean {
    return this.connectors.has(normalizeConnectorId(idOrShortOrFullId));
  }

  /** All connectors, sorted by id. */
  all(): ConnectorInfo[] {
    return [...this.connectors.values()].map((c) => c.info).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Short ids of all connectors (for "did you mean" suggestions). */
  ids(): string[] {
    return this.all().map((c) => c.id);
  }

  /** One of the eleven connectors PAD shows by default (false for unknown connectors). */
  isDefault(idOrShortOrFullId: string): boolean {
    return this.get(idOrShortOrFullId)?.isDefault ?? false;
  }

  /** An operation by its exact (case-sensitive) operationId. */
  operation(connectorId: string, operationId: string): OperationInfo | undefined {
    return this.connectors.get(normalizeConnectorId(connectorId))?.byId.get(operationId);
  }

  /** An operation whose id equals `operationId` ignoring case: for "did you mean `GetItems`?" */
  operationIgnoringCase(connectorId: string, operationId: string): OperationInfo | undefined {
    const c = this.connectors.get(normalizeConnectorId(connectorId));
    return c?.byId.get(operationId) ?? c?.byLowerId.get(operationId.toLowerCase());
  }
}

function mergeConnector(base: ConnectorInfo, extra: ConnectorInfo): ConnectorInfo {
  const ops = new Map(base.operations.map((o) => [o.operationId, o]));
  for (const op of extra.operations) ops.set(op.operationId, op);
  const id = normalizeConnectorId(base.id);
  // A default display name (the id itself) says nothing; keep the known one.
  const extraNamed = extra.displayName && normalizeConnectorId(extra.displayName) !== id;
  const tier = extra.tier ?? base.tier;
  return {
    id,
    fullId: fullConnectorId(id),
    displayName: extraNamed ? extra.displayName : base.displayName,
    ...(tier ? { tier } : {}),
    isCustom: extra.isCustom,
    isDefault: base.isDefault || extra.isDefault,
    operationsKnown: base.operationsKnown || extra.operationsKnown,
    sources: [...base.sources, ...extra.sources],
    operations: [...ops.values()].sort((a, b) => (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0)),
  };
}

// ---------------------------------------------------------------------------------------------
// Operation lookups

/** An operation of a connector by exact (case-sensitive) operationId. */
export function findOperation(connector: ConnectorInfo, operationId: string): OperationInfo | undefined {
  return connector.operations.find((o) => o.operationId === operationId);
}

/** Exact match first, then a match ignoring case. */
export function findOperationIgnoringCase(connector: ConnectorInfo, operationId: string): OperationInfo | undefined {
  const lower = operationId.toLowerCase();
  return findOperation(connector, operationId) ?? connector.operations.find((o) => o.operationId.toLowerCase() === lower);
}

/** What an input name (`@name:`) of a connector action refers to. */
export interface InputMatch {
  parameter: ParameterInfo;
  /** Set for body fields (`item/Title`) declared by the metadata. */
  field?: SchemaField;
  /**
   * True when the name is accepted only because the body (or a field on its path) takes
   * undeclared members: its type is unknown.
   */
  dynamic?: boolean;
}

/**
 * Resolve an input name against an operation: a parameter name (`dataset`, `$filter`) or a body
 * field path (`emailMessage/To`, `item/Title`). Undefined when the operation has no such input.
 */
export function findInput(op: OperationInfo, name: string): InputMatch | undefined {
  const parameter = op.parameters.find((p) => p.name === name);
  if (parameter) return { parameter };
  const slash = name.indexOf('/');
  if (slash <= 0 || name.includes('[]')) return undefined;
  const root = op.parameters.find((p) => p.name === name.slice(0, slash) && p.in === 'body');
  if (!root) return undefined;
  const field = root.fields?.find((f) => f.path === name);
  if (field) return { parameter: root, field };
  // Undeclared: accepted when the nearest declared ancestor takes undeclared members.
  const segments = name.split('/');
  for (let n = segments.length - 1; n >= 1; n--) {
    const ancestorPath = segments.slice(0, n).join('/');
    if (n === 1) return root.dynamic || root.truncated ? { parameter: root, dynamic: true } : undefined;
    const ancestor = root.fields?.find((f) => f.path === ancestorPath);
    if (ancestor) return ancestor.dynamic || ancestor.truncated ? { parameter: root, dynamic: true } : undefined;
  }
  return undefined;
}

/** Input names a user may write for an operation (implicit ones and array elements left out), for suggestions. */
export function inputNames(op: OperationInfo): string[] {
  const names: string[] = [];
  for (const p of op.parameters) {
    if (p.implicit) continue;
    names.push(p.name);
    for (const f of p.fields ?? []) if (!f.path.includes('[]')) names.push(f.path);
  }
  return names;
}

/**
 * The inputs a user must give: required parameters that PAD does not fill itself (not implicit,
 * not `internal`, no default). For a body parameter with declared fields, the required fields
 * under it instead (the most specific ones, e.g. `emailMessage/To`); a body whose fields are
 * dynamic and none declared required asks for nothing. Fields inside arrays are never listed.
 */
export function requiredInputs(op: OperationInfo): string[] {
  const out: string[] = [];
  for (const p of op.parameters) {
    if (!p.required || p.implicit || p.visibility === 'internal' || p.default !== undefined) continue;
    if (p.in !== 'body' || !p.fields?.length) {
      if (!(p.in === 'body' && p.dynamic)) out.push(p.name);
      continue;
    }
    const requiredFields = requiredFieldPaths(p);
    if (requiredFields.length > 0) out.push(...requiredFields);
    else if (!p.dynamic && p.type !== 'object') out.push(p.name);
  }
  return out;
}

function requiredFieldPaths(p: ParameterInfo): string[] {
  const fields = (p.fields ?? []).filter((f) => !f.path.includes('[]'));
  const byPath = new Map(fields.map((f) => [f.path, f]));
  // A field is required overall when it and every object above it are required in their parent.
  const chainRequired = (f: SchemaField): boolean => {
    const parentPath = f.path.slice(0, f.path.lastIndexOf('/'));
    if (!f.required || f.visibility === 'internal') return false;
    if (parentPath === p.name) return true;
    const parent = byPath.get(parentPath);
    return parent !== undefined && chainRequired(parent);
  };
  const required = fields.filter(chainRequired);
  // Keep the most specific: drop a required object when a required field below it is listed.
  return required
    .filter((f) => !required.some((g) => g.path.startsWith(`${f.path}/`)))
    .map((f) => f.path);
}

/**
 * Required inputs (see `requiredInputs`) that `provided` does not cover. A requirement is covered
 * by the input itself, by one of its ancestors (`@emailMessage: obj`) or by any field below it.
 */
export function missingRequiredInputs(op: OperationInfo, provided: Iterable<string>): string[] {
  const given = [...provided];
  return requiredInputs(op).filter(
    (req) => !given.some((g) => g === req || req.startsWith(`${g}/`) || g.startsWith(`${req}/`)),
  );
}

/** True for `format: binary` and `format: byte` (base64) values, and `type: file` form data. */
export function isBinaryFormat(format: string | undefined, type?: string): boolean {
  return format === 'binary' || format === 'byte' || type === 'file';
}
