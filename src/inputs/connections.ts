/**
 * Reading a connections inventory (schemas/connections.schema.json) for `flowc access`: which
 * connections exist, per connector, who owns them, which account they use, and whether they
 * work. A file that is not valid is a JsonFileError (exit 2) naming the JSON path.
 */
import type { ConnectionsInventory } from '../generated/connections.js';
import { readJsonFile } from './json-file.js';

export type { ConnectionsInventory, Connection } from '../generated/connections.js';

export function readConnectionsInventory(file: string, displayPath: string = file): ConnectionsInventory {
  return readJsonFile(file, 'connections', { displayPath });
}
