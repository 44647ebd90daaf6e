/**
 * Reading the connector metadata files a project names in flowc.config.json (`connectors`):
 * Power Platform connector metadata, a swagger document, a solution ConnectorDefinition, or the
 * tenant's connector list as the Power Apps API returns it (tiers and names of every connector),
 * parsed the way the built-in catalog is generated (src/catalog/swagger.ts). A file that cannot
 * be read or is not connector metadata is an InputError naming it (exit 2).
 */
import path from 'node:path';
import { isConnectorList, parseConnectorList, parseSwaggerConnector, type ConnectorInfo } from '../catalog/connectors.js';
import { InputError } from './errors.js';
import { MAX_JSON_FILE_BYTES, readRegularFileSync } from './guard.js';
import { JsonSyntaxError, parseJsonText } from './json-text.js';
import { formatIssue, validateAgainst } from './schema-issues.js';

/** The connectors described by `files` (absolute paths), in order; `baseDir` is what messages are relative to. */
export function readConnectorFiles(files: readonly string[], baseDir: string): ConnectorInfo[] {
  const out: ConnectorInfo[] = [];
  for (const file of files) {
    const shown = path.relative(baseDir, file) || file;
    let json: unknown;
    try {
      json = parseJsonText(readRegularFileSync(file, MAX_JSON_FILE_BYTES).toString('utf8'));
    } catch (e) {
      // parseJsonText says where, never quoting the text (V8's message would show an excerpt).
      const why = e instanceof JsonSyntaxError || e instanceof InputError ? e.message : ((e as NodeJS.ErrnoException).code ?? 'cannot be read');
      throw new InputError(`${shown}: cannot read connector metadata: ${why}`, shown);
    }
    if (isConnectorList(json)) {
      // A tenant's connector list (Power Apps API): tiers and names of every connector it has.
      const list = Array.isArray(json) ? { value: json } : json;
      const issues = validateAgainst('connector-list', list);
      if (issues.length > 0) {
        throw new InputError(issues.slice(0, 5).map((i) => formatIssue(shown, i)).join('\n'), shown);
      }
      out.push(...parseConnectorList(list, file).connectors);
      continue;
    }
    const parsed = parseSwaggerConnector(json, file);
    if (!parsed.connector) throw new InputError(`${file}: not connector metadata${parsed.warnings[0] ? ` (${parsed.warnings[0]})` : ''}`, file);
    out.push(parsed.connector);
  }
  return out;
}
