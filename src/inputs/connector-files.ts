/**
 * Reading the connector metadata files a project names in flowc.config.json (`connectors`):
 * Power Platform connector metadata, a swagger document or a solution ConnectorDefinition,
 * parsed the way the built-in catalog is generated (src/catalog/swagger.ts). A file that cannot
 * be read or is not connector metadata is an InputError naming it (exit 2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSwaggerConnector, type ConnectorInfo } from '../catalog/connectors.js';
import { InputError } from './errors.js';

/** The connectors described by `files` (absolute paths), in order; `baseDir` is what messages are relative to. */
export function readConnectorFiles(files: readonly string[], baseDir: string): ConnectorInfo[] {
  const out: ConnectorInfo[] = [];
  for (const file of files) {
    const shown = path.relative(baseDir, file) || file;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new InputError(`${shown}: cannot read connector metadata: ${(e as Error).message}`, shown);
    }
    const parsed = parseSwaggerConnector(json, file);
    if (!parsed.connector) throw new InputError(`${file}: not connector metadata${parsed.warnings[0] ? ` (${parsed.warnings[0]})` : ''}`, file);
    out.push(parsed.connector);
  }
  return out;
}
