/**
 * Deployment settings in the `pac solution create-settings` format, one file per environment:
 *
 *     { "EnvironmentVariables": [ { "SchemaName", "Value" } ],
 *       "ConnectionReferences": [ { "LogicalName", "ConnectionId", "ConnectorId" } ] }
 *
 * Merged with what the environment's file already holds, never clobbering it: existing entries
 * keep their place, their `ConnectionId`/`Value` and any other keys; references the build uses
 * and the file lacks are added (`ConnectionId: ""`, to be filled in); `ConnectorId` is set from
 * the source when the file has none. Entries for references no flow uses any more are kept.
 */
import type { ConnectionReferenceSetting, DeploymentSettings, EnvironmentVariable } from '../generated/deployment-settings.js';

/** Reading the existing file (validated; undefined when there is none yet) lives in src/inputs. */
export { readDeploymentSettings } from '../inputs/deployment-settings-file.js';

export interface UsedReference {
  logicalName: string;
  connectorId: string;
}

/** The references a build uses, each logical name once (ignoring case, as Dataverse does), in first-use order. */
export function uniqueReferences(refs: Iterable<UsedReference>): UsedReference[] {
  const seen = new Set<string>();
  const out: UsedReference[] = [];
  for (const r of refs) {
    const key = r.logicalName.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

export function mergeDeploymentSettings(
  existing: DeploymentSettings | undefined,
  references: readonly UsedReference[],
  environmentVariables: readonly string[] = [],
): DeploymentSettings {
  const base: DeploymentSettings = existing ? structuredClone(existing) : { EnvironmentVariables: [], ConnectionReferences: [] };
  const connectionReferences: ConnectionReferenceSetting[] = [...(base.ConnectionReferences ?? [])];
  const byName = new Map<string, ConnectionReferenceSetting>();
  for (const c of connectionReferences) if (!byName.has(c.LogicalName.toLowerCase())) byName.set(c.LogicalName.toLowerCase(), c);
  for (const r of uniqueReferences(references)) {
    const have = byName.get(r.logicalName.toLowerCase());
    if (have) {
      if (typeof have.ConnectorId !== 'string' || have.ConnectorId === '') have.ConnectorId = r.connectorId;
      continue;
    }
    const added: ConnectionReferenceSetting = { LogicalName: r.logicalName, ConnectionId: '', ConnectorId: r.connectorId };
    connectionReferences.push(added);
    byName.set(r.logicalName.toLowerCase(), added);
  }
  const variables: EnvironmentVariable[] = [...(base.EnvironmentVariables ?? [])];
  const haveVariables = new Set(variables.map((v) => v.SchemaName.toLowerCase()));
  for (const name of environmentVariables) {
    if (haveVariables.has(name.toLowerCase())) continue;
    haveVariables.add(name.toLowerCase());
    variables.push({ SchemaName: name, Value: '' });
  }
  // pac's key order first, then whatever else the file had.
  const { EnvironmentVariables: _v, ConnectionReferences: _c, ...rest } = base;
  return { EnvironmentVariables: variables, ConnectionReferences: connectionReferences, ...rest };
}

/** The file's text: two-space indentation, final newline. */
export function deploymentSettingsText(settings: DeploymentSettings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}
