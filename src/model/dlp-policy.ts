/**
 * DLP (data loss prevention) policies as flowc holds them once read: the normalised, serialisable
 * `DlpPolicy` that src/inputs/dlp-policies.ts builds from a policy export and
 * src/analysis/dlp-evaluation.ts evaluates, and how a desktop flow's script modules are named in
 * DLP (what a flow's facts record). Types and naming only: no evaluation, no I/O.
 */
import type { Span } from '../ir/span.js';

export type DlpGroup = 'business' | 'nonBusiness' | 'blocked';
export type DlpBehavior = 'allow' | 'block';

/** Connector action control for one connector. */
export interface DlpActionControl {
  /** Behaviour for operations not listed in `rules`. */
  defaultBehavior: DlpBehavior;
  /** Lower-case operation id → behaviour. */
  rules: Record<string, DlpBehavior>;
  /** Operation ids the rules allow, as the policy spells them, sorted (for suggestions). */
  allowed: string[];
}

/** Where a policy applies, as its export says (`environmentType` + `environments`). */
export interface DlpScope {
  type: 'all' | 'only' | 'except';
  /** Names, ids and display names of the listed environments, lower case. */
  environments: string[];
}

/** One DLP policy, normalised (serialisable: plain objects only). */
export interface DlpPolicy {
  /** Display name (or the policy's name/id, or the file name when it has neither). */
  name: string;
  /** The policy's id (`name` in exports), when given. */
  id?: string;
  /** Display path of the file it was read from. */
  file: string;
  /** The group of connectors and modules the policy does not list. */
  defaultGroup: DlpGroup;
  /** Short connector id (`shared_sharepointonline`, lower case) → group. */
  connectors: Record<string, DlpGroup>;
  /** Desktop flow module (lower case, without `DesktopFlow.`) → group. */
  modules: Record<string, DlpGroup>;
  /** Whether the policy governs desktop flow modules (it names at least one). */
  governsModules: boolean;
  /** Short connector id → action control. */
  actionControl: Record<string, DlpActionControl>;
  scope: DlpScope;
}

/**
 * The desktop flow modules DLP can govern (Microsoft Learn, "Data loss prevention for desktop
 * flows"), by the name used in DLP ids. Script modules map to them by name, ignoring case, except
 * `External.RunFlow`, which is the `Runflow` module.
 */
export const GOVERNED_DESKTOP_MODULES: readonly string[] = [
  'ActiveDirectory',
  'AWS',
  'Azure',
  'Clipboard',
  'Cmd',
  'Compression',
  'Cryptography',
  'CyberArk',
  'Database',
  'Display',
  'Email',
  'Excel',
  'Exchange',
  'File',
  'Folder',
  'FTP',
  'GoogleCognitive',
  'IBMCognitive',
  'MicrosoftCognitive',
  'MouseAndKeyboard',
  'OCR',
  'Outlook',
  'Pdf',
  'PowerAutomateSecretVariables',
  'Runflow',
  'Scripting',
  'Services',
  'System',
  'TerminalEmulation',
  'UIAutomation',
  'Web',
  'WebAutomation',
  'Workstation',
  'XML',
];
const GOVERNED_BY_LOWER = new Map(GOVERNED_DESKTOP_MODULES.map((m) => [m.toLowerCase(), m]));

/** Is `module` (any case) one of the desktop flow modules DLP can govern? */
export function isGovernedModule(module: string): boolean {
  return GOVERNED_BY_LOWER.has(module.toLowerCase());
}

/** One desktop flow module a flow uses (enabled actions only). */
export interface ModuleUse {
  /** DLP name of the module (`Scripting`, `Runflow`, …), as written in DLP ids. */
  module: string;
  /** Script module name as written (`Scripting`, `External`). */
  scriptModule: string;
  /** The first action of the module. */
  first: Span;
  count: number;
}

/** The DLP module a script module maps to: a governed module's name, or the script's own name. */
export function dlpModuleName(scriptModule: string, action: string): string {
  if (scriptModule === 'External') return action === 'RunFlow' ? 'Runflow' : '';
  return GOVERNED_BY_LOWER.get(scriptModule.toLowerCase()) ?? scriptModule;
}
