/* generated — do not edit. Source: schemas/flowc.config.schema.json
 * Regenerate with `npx tsx scripts/gen-types.ts`; `--check` fails when this file is stale. */

/**
 * A rule's severity: "off" disables it.
 *
 * This interface was referenced by `RuleSeverities`'s JSON-Schema definition
 * via the `patternProperty` "^FC[0-9]{3}$".
 *
 * This interface was referenced by `RuleSeverities`'s JSON-Schema definition
 * via the `patternProperty` "^[a-z][a-z0-9]*(-[a-z0-9]+)+$".
 */
export type RuleSeverity = 'off' | 'info' | 'warning' | 'error';

/**
 * flowc project configuration (`flowc.config.json`), looked up from the working folder upwards or given with `--config`. Relative paths and globs are relative to the folder holding this file.
 */
export interface FlowcConfig {
  /**
   * Path or URL of this JSON Schema, so editors validate the file and show help (`flowc init` writes it).
   */
  $schema?: string;
  /**
   * Globs (fast-glob syntax) of the files that make up the project: `.flow` files, PAD clipboard text files (grouped into flow folders) and solutions (`.zip` or unpacked folders' `customizations.xml`). Without it, flowc searches by content: `.flow` files, solutions, and the `.txt`, `.md`, `.robin` and extension-less files that hold PAD script.
   *
   * Items: A glob relative to this file's folder, e.g. "flows/** /*.flow".
   */
  include?: string[];
  /**
   * Flow folders named explicitly: a folder per flow, a PAD clipboard text file per subflow (see docs/repository-layout.md). Folders holding a Main file (`main.txt`, `Main.txt`, `1-Main.txt`, …) are found without this; use it for another layout.
   */
  flows?: FlowFolder[];
  /**
   * Globs of files to leave out of the project. `node_modules` is always left out.
   *
   * Items: A glob relative to this file's folder, e.g. "flows/archive/**".
   */
  exclude?: string[];
  rules?: RuleSeverities;
  /**
   * Extra connector metadata files added to the built-in catalog: Power Platform connector metadata (`{name, properties: {displayName, tier, swagger}}`), a swagger 2.0 file (a PowerPlatformConnectors `apiDefinition.swagger.json`, a custom connector), a solution's ConnectorDefinition, or the tenant's connector LIST as the Power Apps API returns it (`{value: [{name, properties: {displayName, tier, publisher}}]}`), which gives the tier and name of every connector the tenant has (a tier not given stays unknown, never Standard).
   *
   * Items: Path of a connector metadata file, relative to this file's folder and inside it (a path outside the project is refused).
   */
  connectors?: string[];
  /**
   * Target environments by name. `flowc build` writes `deploymentsettings.<name>.json` for each.
   */
  environments?: {
    [k: string]: Environment | undefined;
  };
  /**
   * Name of the environment (a key of `environments`) the project targets: its DLP policies, EWS policy and deployment settings apply to checks.
   */
  environment?: string;
  /**
   * The legacy code page of flow text files that are not UTF-8 (what Notepad's "ANSI" writes: Shift_JIS on a Japanese Windows, Windows-1252 on a western one), as a WHATWG encoding label: `shift_jis`, `windows-1252`, `gbk`, `euc-kr`, … A file with a byte-order mark (UTF-8, UTF-16) or whose bytes are valid UTF-8 is read as before; the bytes of any other flow text file are decoded with this encoding, and a file that is not valid in it either is reported (FC010). `--encoding` overrides it. Default: none (a file that is not UTF-8 is FC010).
   */
  encoding?: string;
  /**
   * The solutions `flowc build --format solution` writes (a zip each, or with `--unpacked` the folder layout of `pac solution unpack`). Default: when every flow is read from one solution (zip or folder), that solution as its solution.xml says; otherwise one unmanaged solution holding every flow, named after the project folder, from the publisher `flowc` (prefix `new`).
   *
   * @minItems 1
   * @maxItems 100
   */
  solutions?: Solution[];
  /**
   * Power Platform data policy (DLP) export files that apply in every environment.
   *
   * Items: Path of a DLP policy export (v2 `connectorGroups` or older `apiGroups` form), relative to this file's folder and inside it (a path outside the project is refused).
   */
  dlpPolicies?: string[];
  ewsPolicy?: EwsPolicy;
  /**
   * Path of a connections inventory (see connections.schema.json) used by `flowc access`, relative to this file's folder and inside it (a path outside the project is refused).
   */
  connections?: string;
  /**
   * How to report `# flowc-disable-…` comments that suppress nothing (the `--report-unused-suppressions` default).
   */
  reportUnusedSuppressions?: 'off' | 'warning' | 'error';
}
export interface FlowFolder {
  /**
   * The flow folder, relative to this file's folder.
   */
  path: string;
  /**
   * The flow's name. Default: the folder's name (its parent's for a `source`, `src` or `flow` folder).
   */
  name?: string;
  /**
   * The Main subflow's file, relative to the folder. Default: the folder's `main.txt`, `Main.txt`, `1-Main.txt`, ….
   */
  main?: string;
  /**
   * The file holding the flow's `FLOW … END FLOW` header (with its INPUT/OUTPUT clauses), relative to the folder. Default: `header.flow` when the folder has one.
   */
  header?: string;
}
/**
 * Severity per rule, by code or by name, overriding the rule's default, e.g. {"FC006": "off", "cloud-run-requires-v2": "error"}.
 */
export interface RuleSeverities {
  [k: string]: RuleSeverity | undefined;
}
/**
 * One target environment.
 */
export interface Environment {
  /**
   * Path of the environment's deployment settings file (`pac solution create-settings` format), relative to this file's folder and inside it (a path outside the project is refused). FC309 reads it; `flowc build` merges into it.
   */
  deploymentSettings?: string;
  /**
   * DLP policy export files that apply in this environment, on top of the top-level `dlpPolicies`.
   *
   * Items: Path of a DLP policy export, relative to this file's folder and inside it (a path outside the project is refused).
   */
  dlpPolicies?: string[];
  ewsPolicy?: EwsPolicy;
}
/**
 * The Exchange (EWS) application access policy in force (FC308): at top level for every environment that does not set its own, or per environment. Office 365 Outlook actions in desktop flows need the `PowerAutomateLocal/*` and `PowerAutomateCloud/*` user agents allowed.
 */
export interface EwsPolicy {
  /**
   * Whether an EWS application access policy is in force.
   */
  enabled: boolean;
  /**
   * User agent patterns the policy allows, e.g. ["PowerAutomateLocal/*", "PowerAutomateCloud/*"].
   *
   * Items: A user agent pattern; `*` matches any text.
   */
  allowedUserAgents?: string[];
}
/**
 * One solution to build.
 */
export interface Solution {
  /**
   * The solution's unique name: letters, digits and `_`, starting with a letter or `_` (Dataverse's rule). It names the zip: `<uniqueName>_<version with _>.zip`.
   */
  uniqueName: string;
  /**
   * The name shown in Power Apps / Power Automate. Default: the unique name.
   */
  displayName?: string;
  /**
   * The solution's description.
   */
  description?: string;
  /**
   * `major.minor.build.revision` (2 to 4 whole numbers). Default: 1.0.0.0. `flowc build --solution-version` overrides it for a build.
   */
  version?: string;
  /**
   * Write the solution as managed (`<Managed>1</Managed>`). Default: false (unmanaged).
   */
  managed?: boolean;
  publisher?: Publisher;
  /**
   * The flows it holds, by flow name (ignoring case). Default: every flow of the project. A flow may be in several solutions.
   *
   * @minItems 1
   */
  flows?: string[];
}
/**
 * The solution's publisher. Default: unique name `flowc`, prefix `new`, option value prefix 10000.
 */
export interface Publisher {
  /**
   * The publisher's unique name: letters, digits and `_`, starting with a letter or `_`.
   */
  uniqueName: string;
  /**
   * The publisher's display name. Default: the unique name.
   */
  displayName?: string;
  /**
   * The customization prefix: 2 to 8 letters or digits, starting with a letter, not starting with `mscrm` (Dataverse refuses others; flowc reports them before writing anything).
   */
  prefix: string;
  /**
   * The option value prefix, 10000 to 99999. Default: 10000.
   */
  optionValuePrefix?: number;
}
