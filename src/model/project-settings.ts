/**
 * The project settings analysis and rules see: the target environment's part of
 * flowc.config.json, with its referenced files (DLP policies, deployment settings) already read
 * by src/inputs/. Plain data (worker threads receive it, the cache hashes it).
 */
import type { DlpPolicy } from './dlp-policy.js';

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
  /** DLP policies named for the target environment (FC401–FC404, report), already normalised (src/inputs/dlp-policies.ts). */
  dlpPolicies?: DlpPolicy[];
}
