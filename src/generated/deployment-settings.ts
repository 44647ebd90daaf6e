/* generated — do not edit. Source: schemas/deployment-settings.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

/**
 * A deployment settings file in the `pac solution create-settings` format (`deploymentsettings.<env>.json`): values for a solution's environment variables and the connections bound to its connection references in one environment. The format is pac's; keys flowc does not know are kept.
 */
export interface DeploymentSettings {
  /**
   * One entry per environment variable of the solution.
   */
  EnvironmentVariables: EnvironmentVariable[];
  /**
   * One entry per connection reference of the solution.
   */
  ConnectionReferences: ConnectionReferenceSetting[];
  [k: string]: unknown | undefined;
}
/**
 * An environment variable's value in this environment.
 */
export interface EnvironmentVariable {
  /**
   * The environment variable's schema name.
   */
  SchemaName: string;
  /**
   * Its value in this environment; "" when not filled in yet.
   */
  Value: string;
  [k: string]: unknown | undefined;
}
/**
 * The connection bound to a connection reference in this environment.
 */
export interface ConnectionReferenceSetting {
  /**
   * The connection reference's logical name, e.g. "def_PADFramework_SharePoint".
   */
  LogicalName: string;
  /**
   * The id of the connection to bind in this environment; "" when not filled in yet (FC309 reports it).
   */
  ConnectionId: string;
  /**
   * Full connector id, e.g. "/providers/Microsoft.PowerApps/apis/shared_sharepointonline".
   */
  ConnectorId: string;
  [k: string]: unknown | undefined;
}
