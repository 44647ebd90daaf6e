/* generated — do not edit. Source: schemas/connections.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

/**
 * A connections inventory for `flowc access`: the connections that exist in the environment, per connector, who owns them, which account they sign in with, and whether they work. flowc uses it to decide whether the "bring your own connection" (BYOC) dialog is shown to a person and which connection it would select by default.
 */
export interface ConnectionsInventory {
  /**
   * Path or URL of this JSON Schema, for editors.
   */
  $schema?: string;
  /**
   * Format version: 1.
   */
  version: 1;
  /**
   * Name of the environment the connections live in (informative).
   */
  environment?: string;
  /**
   * The connections. Order matters: among compatible connections, the first one listed is the one the BYOC dialog selects by default.
   */
  connections: Connection[];
}
/**
 * One connection.
 */
export interface Connection {
  /**
   * The connection's name (id) in the environment, e.g. "f4bd564681f14b7380d63735dd03d0a9" (what a flow record's connection reference `name` and deployment settings' `ConnectionId` hold).
   */
  id: string;
  /**
   * The connector: a short name ("shared_sharepointonline") or a full id ("/providers/Microsoft.PowerApps/apis/shared_sharepointonline").
   */
  connector: string;
  /**
   * The connection's display name as the BYOC dialog lists it (usually the account's email).
   */
  displayName?: string;
  /**
   * Email of the user who owns (created) the connection. A connection is user-owned for the person running the flow when this is their email.
   */
  owner: string;
  /**
   * Email of the account the connection signs in with. Defaults to `owner`. The BYOC dialog is only suppressed when all available connections for a connector use the same account.
   */
  email?: string;
  /**
   * The connection's status. Only "Connected" connections are valid; the BYOC dialog is shown when a connector has no valid connection.
   */
  status?: 'Connected' | 'Error' | 'Unauthenticated' | 'Expired' | 'Disabled';
  /**
   * Emails of the other users the connection is shared with; such a connection is available to them but is not user-owned by them.
   *
   * Items: A user's email.
   */
  sharedWith?: string[];
}
