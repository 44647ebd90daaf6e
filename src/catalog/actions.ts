/**
 * The standard action catalog, runtime API. The data and its sources are in ./actions.data.ts.
 *
 * Used for FC008 unknown-action (is a `Module.Action[.Variant]` name a PAD action?), for
 * closest-name suggestions, to tell an enum value (`File.TextFileEncoding.UTF8`) from a variable's
 * property (`Files.Count`), and for data-flow typing: which arguments expect a file on disk
 * (FC202) and what type each output has (FC201).
 *
 * Name matching is exact (case-sensitive), as PAD writes names. `lookupAction` also accepts a
 * `Module.Action` name without its variant when the catalog knows exactly one variant of that
 * action (older scripts write e.g. `WorkQueues.ProcessWorkQueueItem`); with two or more variants
 * the short name is ambiguous and is not resolved. Argument and output names are matched
 * case-insensitively by findParam/findOutput: real scripts write both `IsRegEx:` and `IsRegex:`.
 */
import {
  ACTIONS,
  ENUM_TYPES,
  MODULE_DOCS,
  MODULE_NAMES,
  type ActionKind,
  type ActionSource,
  type ActionSpec,
  type DiskKind,
  type InstanceKind,
  type OutputSpec,
  type ParamSpec,
  type ValueType,
} from './actions.data.js';

export type { ActionKind, ActionSource, DiskKind, InstanceKind, ValueType };
export type ParamInfo = ParamSpec;
export type OutputInfo = OutputSpec;

export interface ActionInfo extends ActionSpec {
  /** First segment: `File` in `File.ReadTextFromFile.ReadText`. */
  readonly module: string;
  /** Second segment: `ReadTextFromFile`. */
  readonly action: string;
  /** Third segment when present: `ReadText`. */
  readonly variant?: string;
  /** The module's Microsoft Learn actions-reference page, when known. */
  readonly doc?: string;
}

/** Every value type an ActionInfo may carry. */
export const VALUE_TYPES: ReadonlySet<ValueType> = new Set<ValueType>([
  'Text',
  'Numeric',
  'Boolean',
  'List',
  'Datatable',
  'DataRow',
  'CustomObject',
  'File',
  'Folder',
  'BinaryData',
  'Datetime',
  'BrowserInstance',
  'ExcelInstance',
  'WindowInstance',
  'OutlookInstance',
  'WordInstance',
  'ExchangeConnection',
  'SqlConnection',
  'Any',
  'Unknown',
]);

export const INSTANCE_KINDS: ReadonlySet<InstanceKind> = new Set<InstanceKind>([
  'BrowserInstance',
  'ExcelInstance',
  'WindowInstance',
  'OutlookInstance',
  'WordInstance',
  'ExchangeConnection',
  'SqlConnection',
]);

export function isValueType(value: string): value is ValueType {
  return (VALUE_TYPES as ReadonlySet<string>).has(value);
}

function toInfo(spec: ActionSpec): ActionInfo {
  const [module = '', action = '', variant] = spec.name.split('.');
  const doc = MODULE_DOCS[module];
  return {
    ...spec,
    module,
    action,
    ...(variant !== undefined ? { variant } : {}),
    ...(doc !== undefined ? { doc } : {}),
  };
}

const byName: ReadonlyMap<string, ActionInfo> = new Map(ACTIONS.map((s) => [s.name, toInfo(s)]));

/** `Module.Action` → the variants the catalog knows (only for three-segment names). */
const variantsOf: ReadonlyMap<string, readonly ActionInfo[]> = (() => {
  const m = new Map<string, ActionInfo[]>();
  for (const info of byName.values()) {
    if (info.variant === undefined) continue;
    const key = `${info.module}.${info.action}`;
    const list = m.get(key);
    if (list) list.push(info);
    else m.set(key, [info]);
  }
  return m;
})();

/**
 * The catalog entry for a full script name (`File.ReadTextFromFile.ReadText`), or undefined.
 * A two-segment name that is not itself an entry resolves to the action's only variant, if the
 * catalog has exactly one.
 */
export function lookupAction(fullName: string): ActionInfo | undefined {
  const exact = byName.get(fullName);
  if (exact) return exact;
  if (fullName.split('.').length !== 2) return undefined;
  const variants = variantsOf.get(fullName);
  return variants?.length === 1 ? variants[0] : undefined;
}

/** Every module name PAD uses as a first segment (actions and enum values). */
export const knownModules: ReadonlySet<string> = new Set([
  ...MODULE_NAMES,
  ...ACTIONS.map((s) => s.name.split('.')[0] ?? ''),
]);

export function isKnownModule(name: string): boolean {
  return knownModules.has(name);
}

/** Enum types (`Module.EnumType`) known to take dotted values; not exhaustive (see isEnumReference). */
export const knownEnumTypes: ReadonlySet<string> = new Set([
  ...ENUM_TYPES,
  ...ACTIONS.flatMap((s) => s.params.flatMap((p) => (p.enum !== undefined ? [p.enum] : []))),
]);

/**
 * Whether a dotted name written as a value is a PAD enum value: exactly three segments
 * (`Module.EnumType.Value`) whose first one is a PAD module, and not an action name.
 * `File.TextFileEncoding.UTF8` is one; `CurrentItem.Name.Length` (a variable's property) is not.
 */
export function isEnumReference(dotted: string): boolean {
  const parts = dotted.split('.');
  if (parts.length !== 3 || parts.some((s) => s === '')) return false;
  return isKnownModule(parts[0] ?? '') && !byName.has(dotted);
}

/** All catalog names, sorted (for closest-name suggestions). */
export function allActionNames(): string[] {
  return [...byName.keys()].sort();
}

/** The catalog entries of one module, sorted by name. */
export function actionsInModule(module: string): ActionInfo[] {
  return [...byName.values()].filter((a) => a.module === module).sort((x, y) => (x.name < y.name ? -1 : 1));
}

/** Arguments that expect a file on disk (a File, a file path text, or a list of them). */
export function fileParams(action: ActionInfo | ActionSpec): ParamInfo[] {
  return action.params.filter((p) => p.accepts === 'file');
}

/** Arguments that expect a folder on disk. */
export function folderParams(action: ActionInfo | ActionSpec): ParamInfo[] {
  return action.params.filter((p) => p.accepts === 'folder');
}

/** An argument by script name (case-insensitive). `@name` arguments are never in the catalog. */
export function findParam(action: ActionInfo | ActionSpec, name: string): ParamInfo | undefined {
  const key = name.toLowerCase();
  return action.params.find((p) => p.name.toLowerCase() === key);
}

/** An output by script name (case-insensitive). */
export function findOutput(action: ActionInfo | ActionSpec, name: string): OutputInfo | undefined {
  const key = name.toLowerCase();
  return action.outputs.find((o) => o.name.toLowerCase() === key);
}

/**
 * The catalog as an object, for code that receives it as a service (analysis/services.ts
 * ActionCatalogApi is the subset rules use). `has` follows lookupAction's matching.
 */
export interface ActionCatalog {
  has(fullName: string): boolean;
  lookup(fullName: string): ActionInfo | undefined;
  isKnownModule(name: string): boolean;
  isEnumReference(dotted: string): boolean;
  names(): readonly string[];
}

let shared: ActionCatalog | undefined;

export function actionCatalog(): ActionCatalog {
  if (!shared) {
    const names: readonly string[] = Object.freeze(allActionNames());
    shared = {
      has: (fullName) => lookupAction(fullName) !== undefined,
      lookup: lookupAction,
      isKnownModule,
      isEnumReference,
      names: () => names,
    };
  }
  return shared;
}
