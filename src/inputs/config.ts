/**
 * `flowc.config.json`: finding it (from the working folder upwards), reading it, validating it
 * against `schemas/flowc.config.schema.json`, checking what the schema cannot (rule codes that
 * exist, the target environment, files that exist), and resolving its relative paths.
 *
 * Every problem is a `ConfigError` (the CLI exits 2 on it) naming the file, the JSON path and, for
 * a misspelt key, rule code, severity or environment, the closest valid one.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EwsPolicy, FlowcConfig, RuleSeverity } from '../generated/flowc.config.js';
import { closest } from '../util/suggest.js';
import { JsonFileError, readJsonText, toFileIssue, type FileIssue } from './json-file.js';
import { JsonSyntaxError, parseJsonText } from './json-text.js';
import { validateAgainst, type ValidationIssue } from './schema-issues.js';
import { pointerToJsonPath } from '../util/json-pointer.js';
import { isInside, refusalSync } from './guard.js';
import { encodingProblem } from './encoding.js';

export type { EwsPolicy, FlowcConfig, RuleSeverity } from '../generated/flowc.config.js';

export const CONFIG_FILE_NAME = 'flowc.config.json';
/** `include` when the config has none. */
export const DEFAULT_INCLUDE: readonly string[] = ['**/*.flow'];
/** Always added to `exclude`. */
export const ALWAYS_EXCLUDE: readonly string[] = ['**/node_modules/**'];

/**
 * A configuration that cannot be used. Fields describe the first problem (`file`, `jsonPath`,
 * `suggestion`, `line`/`column` for JSON syntax errors, `detail` its bare message); `message`
 * is the full text, one line per problem; `issues` lists them all.
 */
export class ConfigError extends JsonFileError {
  constructor(file: string, issues: FileIssue | readonly FileIssue[]) {
    super(file, issues);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  /** Absolute path of the config file; undefined when no config file was found (defaults). */
  file?: string;
  /** The folder that globs and relative paths are relative to (the config file's folder, or cwd). */
  dir: string;
  /**
   * The configuration as validated, with every file path made absolute (`connectors`,
   * `dlpPolicies`, `connections`, each environment's `deploymentSettings` and `dlpPolicies`).
   * `include`/`exclude` globs stay relative to `dir` (use them with fast-glob's `cwd: dir`).
   */
  config: FlowcConfig;
  /** `config.include`, or the default `["**\/*.flow"]`. */
  include: string[];
  /** `config.exclude` plus `**\/node_modules/**`. */
  exclude: string[];
  /** Severity overrides by rule code. */
  rules: Readonly<Record<string, RuleSeverity>>;
}

export interface LoadConfigOptions {
  /** Rule codes that exist. When given, other codes in `rules` are errors with a suggestion. */
  knownRuleCodes?: Iterable<string>;
  /** Rule names (kebab-case) → codes, so that `"unused-variable": "off"` suggests `FC006`. */
  ruleNames?: Readonly<Record<string, string>>;
  /** Check that the files the config names exist (default true). `deploymentSettings` files are not checked: `flowc build` creates them. */
  checkFiles?: boolean;
  /** Folder a relative config path is relative to (default: the process's working folder). */
  cwd?: string;
  /** How the config file is named in messages (default: the path as given). */
  displayPath?: string;
}

/** The nearest `flowc.config.json` in `cwd` or a folder above it, as an absolute path. */
export function findConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The configuration used when there is no config file: defaults, rooted at `dir`. */
export function defaultConfig(dir: string): LoadedConfig {
  return {
    dir: path.resolve(dir),
    config: {},
    include: [...DEFAULT_INCLUDE],
    exclude: [...ALWAYS_EXCLUDE],
    rules: {},
  };
}

export interface ResolveConfigOptions extends LoadConfigOptions {
  cwd: string;
  /** `--config FILE`; when absent the config is looked up from `cwd` upwards. */
  configPath?: string;
}

/** `--config FILE` if given, else the nearest `flowc.config.json`, else the defaults rooted at `cwd`. */
export function resolveConfig(options: ResolveConfigOptions): LoadedConfig {
  if (options.configPath !== undefined) return loadConfig(options.configPath, options);
  const found = findConfig(options.cwd);
  return found ? loadConfig(found, options) : defaultConfig(options.cwd);
}

/**
 * Reads, validates and resolves a config file. `knownRuleCodes` may be passed directly instead of
 * in `options`.
 */
export function loadConfig(file: string, options?: LoadConfigOptions | Iterable<string>): LoadedConfig {
  const opts: LoadConfigOptions = isIterable(options) ? { knownRuleCodes: options } : (options ?? {});
  const cwd = opts.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const shown = opts.displayPath ?? file;

  if (existsSync(absolute) && statSync(absolute).isDirectory()) {
    const inside = path.join(file, CONFIG_FILE_NAME);
    throw new ConfigError(shown, {
      message: `is a folder; --config expects a ${CONFIG_FILE_NAME} file`,
      ...(existsSync(path.join(absolute, CONFIG_FILE_NAME)) ? { suggestion: inside } : {}),
    });
  }
  const text = readJsonText(absolute, { displayPath: shown, errorClass: ConfigError });

  let data: unknown;
  try {
    data = parseJsonText(text);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    const { line, column, message } = err.problem;
    throw new ConfigError(shown, { line, column, message: `invalid JSON: ${message}` });
  }

  const knownCodes = opts.knownRuleCodes ? [...opts.knownRuleCodes].sort() : undefined;
  const schemaIssues = validateAgainst('flowc.config', data, {
    candidates: (pointer) => (pointer === '/rules' ? knownCodes : undefined),
  });
  if (schemaIssues.length > 0) {
    throw new ConfigError(shown, schemaIssues.map((i) => toFileIssue(improveRuleKeyIssue(i, opts.ruleNames))));
  }
  const config = data as FlowcConfig;
  const dir = path.dirname(absolute);

  const issues: FileIssue[] = [];
  const at = (pointer: string, message: string, suggestion?: string): void => {
    issues.push({
      jsonPath: pointerToJsonPath(pointer, data),
      message,
      ...(suggestion !== undefined ? { suggestion } : {}),
    });
  };

  // Rules by code or by name (`"unused-variable": "off"`), each rule once; unknown ones with a suggestion.
  const ruleCodeOf = (key: string): string | undefined => (/^FC[0-9]{3}$/.test(key) ? key : opts.ruleNames && Object.hasOwn(opts.ruleNames, key) ? opts.ruleNames[key] : undefined);
  if (config.rules) {
    const known = knownCodes ? new Set(knownCodes) : undefined;
    const names = opts.ruleNames ? Object.keys(opts.ruleNames).sort() : [];
    const seen = new Map<string, string>();
    for (const key of Object.keys(config.rules)) {
      const code = ruleCodeOf(key);
      if (/^FC[0-9]{3}$/.test(key)) {
        if (known && !known.has(key)) at(`/rules/${key}`, `unknown rule code ${JSON.stringify(key)}`, closest(key, knownCodes!));
      } else if (code === undefined) {
        if (opts.ruleNames) at(`/rules/${key}`, `unknown rule name ${JSON.stringify(key)}`, closest(key, names));
        continue;
      }
      if (code === undefined) continue;
      const other = seen.get(code);
      if (other !== undefined) at(`/rules/${key}`, `${JSON.stringify(other)} and ${JSON.stringify(key)} both configure ${code}: keep one`);
      seen.set(code, key);
    }
  }

  // The target environment must be configured.
  if (config.environment !== undefined) {
    const names = Object.keys(config.environments ?? {});
    if (!names.includes(config.environment)) {
      at(
        '/environment',
        names.length === 0
          ? `unknown environment ${JSON.stringify(config.environment)}: \`environments\` defines none`
          : `unknown environment ${JSON.stringify(config.environment)}; \`environments\` defines ${names.map((n) => JSON.stringify(n)).join(', ')}`,
        closest(config.environment, names),
      );
    }
  }

  // The code page of flow files that are not UTF-8: a label TextDecoder takes.
  if (config.encoding !== undefined) {
    const problem = encodingProblem(config.encoding);
    if (problem) at('/encoding', problem.message, problem.suggestion);
  }

  // Resolve paths (and check that inputs exist). A file the configuration names is read (and a
  // deployment settings file written) only inside the project: the configuration may come from a
  // pull request, and must not make flowc read `/etc/passwd` or `../../.ssh/…` (docs/security.md).
  const checkFiles = opts.checkFiles ?? true;
  const insideProject = (pointer: string, p: string, abs: string): boolean => {
    const refused = refusalSync(abs, dir);
    if (refused) {
      at(pointer, `${JSON.stringify(p)} ${refused}`);
      return false;
    }
    if (!isInside(abs, dir)) {
      at(
        pointer,
        `${JSON.stringify(p)} is outside the project (the folder of ${CONFIG_FILE_NAME}): flowc reads only files inside it, because a configuration may come from a pull request; copy the file into the project`,
      );
      return false;
    }
    return true;
  };
  const resolveInput = (pointer: string, p: string): string => {
    const abs = path.resolve(dir, p);
    if (!insideProject(pointer, p, abs)) return abs;
    if (checkFiles && !existsSync(abs)) at(pointer, `file not found: ${JSON.stringify(p)} (relative to ${CONFIG_FILE_NAME}'s folder)`);
    return abs;
  };
  // A flow folder (`flows`) is a folder; it names where flows are, and reads nothing by itself.
  const resolveFolder = (pointer: string, p: string): string => {
    const abs = path.resolve(dir, p);
    if (checkFiles && !existsSync(abs)) at(pointer, `file not found: ${JSON.stringify(p)} (relative to ${CONFIG_FILE_NAME}'s folder)`);
    return abs;
  };
  const resolved: FlowcConfig = structuredClone(config);
  if (resolved.connectors) resolved.connectors = resolved.connectors.map((p, i) => resolveInput(`/connectors/${i}`, p));
  if (resolved.dlpPolicies) resolved.dlpPolicies = resolved.dlpPolicies.map((p, i) => resolveInput(`/dlpPolicies/${i}`, p));
  if (resolved.connections !== undefined) resolved.connections = resolveInput('/connections', resolved.connections);
  if (resolved.flows) resolved.flows = resolved.flows.map((f, i) => ({ ...f, path: resolveFolder(`/flows/${i}/path`, f.path) }));
  for (const [name, env] of Object.entries(resolved.environments ?? {})) {
    if (!env) continue;
    const base = `/environments/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (env.deploymentSettings !== undefined) {
      const abs = path.resolve(dir, env.deploymentSettings);
      insideProject(`${base}/deploymentSettings`, env.deploymentSettings, abs);
      env.deploymentSettings = abs;
    }
    if (env.dlpPolicies) env.dlpPolicies = env.dlpPolicies.map((p, i) => resolveInput(`${base}/dlpPolicies/${i}`, p));
  }

  if (issues.length > 0) throw new ConfigError(shown, issues);

  const rules: Record<string, RuleSeverity> = {};
  for (const [key, severity] of Object.entries(config.rules ?? {})) {
    const code = ruleCodeOf(key);
    if (severity !== undefined && code !== undefined) rules[code] = severity;
  }

  return {
    file: absolute,
    dir,
    config: resolved,
    include: [...(config.include ?? DEFAULT_INCLUDE)],
    exclude: [...(config.exclude ?? []), ...ALWAYS_EXCLUDE],
    rules,
  };
}

/** A key under `rules` that is a rule's name rather than its code: say so and suggest the code. */
function improveRuleKeyIssue(issue: ValidationIssue, ruleNames: Readonly<Record<string, string>> | undefined): ValidationIssue {
  const m = /^\/rules\/([^/]+)$/.exec(issue.pointer);
  if (!m || issue.keyword !== 'additionalProperties') return issue;
  const key = m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
  const code = ruleNames && Object.hasOwn(ruleNames, key) ? ruleNames[key] : undefined;
  if (code !== undefined) {
    return { ...issue, message: `${JSON.stringify(key)} is a rule name; rules are configured by code`, suggestion: code };
  }
  const upper = key.toUpperCase();
  if (upper !== key && /^FC[0-9]{3}$/.test(upper)) return { ...issue, message: `invalid rule code ${JSON.stringify(key)}`, suggestion: upper };
  return { ...issue, message: `invalid rule code ${JSON.stringify(key)}: codes are FC followed by three digits` };
}

function isIterable(x: unknown): x is Iterable<string> {
  return typeof x === 'string' || (x !== null && typeof x === 'object' && Symbol.iterator in x);
}

/** The settings that apply in one environment (default: the config's `environment`). */
export interface EnvironmentSettings {
  /** The environment's name, or undefined when none is targeted. */
  name?: string;
  /** Absolute paths: the top-level `dlpPolicies` then the environment's own, without duplicates. */
  dlpPolicies: string[];
  /** The environment's `ewsPolicy`, else the top-level one. */
  ewsPolicy?: EwsPolicy;
  /** Absolute path of the environment's deployment settings file, when configured. */
  deploymentSettings?: string;
}

export function environmentSettings(loaded: LoadedConfig, name: string | undefined = loaded.config.environment): EnvironmentSettings {
  const env = name !== undefined ? loaded.config.environments?.[name] : undefined;
  const dlpPolicies = [...new Set([...(loaded.config.dlpPolicies ?? []), ...(env?.dlpPolicies ?? [])])];
  const ewsPolicy = env?.ewsPolicy ?? loaded.config.ewsPolicy;
  return {
    ...(name !== undefined ? { name } : {}),
    dlpPolicies,
    ...(ewsPolicy ? { ewsPolicy } : {}),
    ...(env?.deploymentSettings !== undefined ? { deploymentSettings: env.deploymentSettings } : {}),
  };
}

/** The configured severity of a rule, or its default. */
