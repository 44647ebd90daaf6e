/**
 * What analysis consults besides the flow itself: the catalogs and project settings. Built once
 * per run by the engine (src/engine/services-data.ts, from what src/inputs/ read) and
 * passed to every rule; rules never load anything themselves.
 */
import type { ActionInfo } from '../catalog/actions.js';
import type { ConnectorCatalog } from '../catalog/connectors.js';
import type { ProjectSettings } from '../model/project-settings.js';

/** The standard-action catalog as rules see it (src/catalog/actions.ts implements it). */
export interface ActionCatalogApi {
  /** The action, by its full script name (`File.ReadTextFromFile.ReadText`). */
  has(fullName: string): boolean;
  /** Is `name` one of PAD's module names (`File`, `Text`, …)? Used to tell enum values from variables. */
  isKnownModule(name: string): boolean;
  /** Every known action name, for "did you mean" suggestions. */
  names(): readonly string[];
  /** The catalog entry (arguments, outputs, documentation), by full script name. */
  lookup(fullName: string): ActionInfo | undefined;
  /** The entries of one module (`Text`), documentation-only ones included. */
  inModule(module: string): readonly ActionInfo[];
}

export interface AnalysisServices {
  connectors: ConnectorCatalog;
  actions: ActionCatalogApi;
  settings: ProjectSettings;
}

