/**
 * What analysis consults besides the flow itself: the catalogs and project settings. Built once
 * per run by the CLI (cli/ is the only place that reads configuration and the environment) and
 * passed to every rule; rules never load anything themselves.
 */
import type { ActionInfo } from '../catalog/actions.js';
import type { ConnectorCatalog } from '../catalog/connectors.js';
import type { DlpPolicy } from './dlp.js';

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

/** Project settings from flowc.config.json that rules use (the selected environment's). */
export interface ProjectSettings {
  /** Name of the environment the project targets, if any. */
  environment?: string;
  /** An EWS application access policy is in force for Office 365 Outlook (FC308). */
  ewsPolicy?: { enabled: boolean; allowedUserAgents: string[] };
  /** Parsed deployment settings of the target environment (FC309), with the file path. */
  deploymentSettings?: {
    path: string;
    /** How messages name the file: relative to flowc.config.json's folder (FC309). */
    displayPath?: string;
    connectionReferences: { LogicalName: string; ConnectionId?: string; ConnectorId?: string }[];
  };
  /** DLP policies named for the target environment (FC401–FC404, report), already normalised (src/inputs/dlp.ts). */
  dlpPolicies?: DlpPolicy[];
}

export interface AnalysisServices {
  connectors: ConnectorCatalog;
  actions: ActionCatalogApi;
  settings: ProjectSettings;
}


