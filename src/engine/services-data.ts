/**
 * The analysis services as plain data (connector metadata the project adds, the target
 * environment's settings), so a worker thread can rebuild exactly what the main thread uses
 * without reading the configuration again, and the cache can hash what per-file results
 * depend on.
 */
import { ConnectorCatalog, type ConnectorInfo } from '../catalog/connectors.js';
import { actionCatalog } from '../catalog/actions.js';
import type { AnalysisServices } from '../analysis/services.js';
import type { ProjectSettings } from '../model/project-settings.js';

export interface ServicesData {
  /** Connector metadata from the config's `connectors`, parsed. */
  extraConnectors: ConnectorInfo[];
  settings: ProjectSettings;
}

export function servicesFrom(data: ServicesData): AnalysisServices {
  // The connector catalog (600 KB of JSON) is read when a rule first asks for it: a run over
  // flows without connector actions never does.
  let connectors: ConnectorCatalog | undefined;
  return {
    get connectors(): ConnectorCatalog {
      return (connectors ??= data.extraConnectors.length ? ConnectorCatalog.builtIn().withExtra(data.extraConnectors) : ConnectorCatalog.builtIn());
    },
    actions: actionCatalog(),
    settings: data.settings,
  };
}
