/**
 * The JSON Schemas flowc ships (`schemas/<name>.schema.json`) with their generated types, each
 * compiled with ajv (strict mode) once, lazily, and reused.
 *
 * Schemas are read from `new URL('../../schemas/…', import.meta.url)`: `src/inputs/` under tsx and
 * `dist/inputs/` after tsc are both two levels below the repository (or package) root.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { AccessReport } from '../generated/access.js';
import type { CheckOutput } from '../generated/check-output.js';
import type { ConnectionsInventory } from '../generated/connections.js';
import type { ConnectorList } from '../generated/connector-list.js';
import type { DeploymentSettings } from '../generated/deployment-settings.js';
import type { DesktopFlowV2Document } from '../generated/desktop-flow-v2.js';
import type { FlowcConfig } from '../generated/flowc.config.js';
import type { GovernanceReport } from '../generated/report.js';

/** The schemas flowc ships, by file stem (`schemas/<name>.schema.json`), with their generated types. */
export interface SchemaTypes {
  access: AccessReport;
  'check-output': CheckOutput;
  connections: ConnectionsInventory;
  'connector-list': ConnectorList;
  'deployment-settings': DeploymentSettings;
  'desktop-flow-v2': DesktopFlowV2Document;
  'flowc.config': FlowcConfig;
  report: GovernanceReport;
}

/** A schema name: one of `SchemaTypes`' keys, or any other `schemas/<name>.schema.json` (e.g. `connector-catalog`). */
export type SchemaName = keyof SchemaTypes | (string & {});
export type SchemaType<N extends SchemaName> = N extends keyof SchemaTypes ? SchemaTypes[N] : unknown;

let ajvInstance: Ajv | undefined;
/**
 * ajv is loaded on first validation, not when this module is: a `flowc check` of plain `.flow`
 * files with no config validates nothing, and loading ajv would be a sixth of its start-up.
 * (A require of our own, which the esbuild bundle leaves to Node at run time.)
 */
const requireAtRunTime = createRequire(import.meta.url);
const schemas = new Map<string, Record<string, unknown>>();
const validators = new Map<string, ValidateFunction>();

function ajv(): Ajv {
  ajvInstance ??= new (requireAtRunTime('ajv') as typeof import('ajv')).Ajv({
    strict: true,
    // `type: ["string", "null"]` is used for nullable fields; strict mode otherwise refuses it.
    allowUnionTypes: true,
    allErrors: true,
    // parentSchema/data on errors: needed to suggest the closest valid property name.
    verbose: true,
  });
  return ajvInstance;
}

/** Where `schemas/<name>.schema.json` is, relative to this module. */
export function schemaUrl(name: SchemaName): URL {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`invalid schema name: ${name}`);
  return new URL(`../../schemas/${name}.schema.json`, import.meta.url);
}

/** The parsed schema (read once). */
export function loadSchema(name: SchemaName): Record<string, unknown> {
  let schema = schemas.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as Record<string, unknown>;
    schemas.set(name, schema);
  }
  return schema;
}

/** The compiled validator for `schemas/<name>.schema.json`, compiled on first use and reused. */
export function getValidator<N extends SchemaName>(name: N): ValidateFunction<SchemaType<N>> {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv().compile(loadSchema(name));
    validators.set(name, validate);
  }
  return validate as ValidateFunction<SchemaType<N>>;
}
