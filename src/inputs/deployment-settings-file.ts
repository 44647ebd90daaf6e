/**
 * Reading a deployment settings file (`deploymentsettings.<env>.json`, the `pac solution
 * create-settings` format) for the environment flowc targets. Validated against
 * schemas/deployment-settings.schema.json; a file that is not valid is a JsonFileError (exit 2)
 * naming the JSON path. A file that does not exist yet is not an error: `flowc build` writes it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProjectSettings } from '../model/project-settings.js';
import type { DeploymentSettings } from '../generated/deployment-settings.js';
import { readJsonFile } from './json-file.js';

/** The parsed file, or undefined when it does not exist. */
export function readDeploymentSettings(file: string, displayPath: string = file): DeploymentSettings | undefined {
  if (!existsSync(file)) return undefined;
  return readJsonFile(file, 'deployment-settings', { displayPath });
}

/**
 * `ProjectSettings.deploymentSettings` for the file at `file` (absolute), named in messages
 * relative to `baseDir` (flowc.config.json's folder); undefined when there is no file.
 */
export function loadDeploymentSettings(file: string | undefined, baseDir: string): ProjectSettings['deploymentSettings'] {
  if (file === undefined) return undefined;
  const displayPath = (path.relative(baseDir, file) || file).split(path.sep).join('/');
  const data = readDeploymentSettings(file, displayPath);
  if (!data) return undefined;
  return {
    path: file,
    displayPath,
    connectionReferences: data.ConnectionReferences.map((r) => ({ LogicalName: r.LogicalName, ConnectionId: r.ConnectionId, ConnectorId: r.ConnectorId })),
  };
}
