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
  actionData,
  type ActionKind,
  type ActionSource,
  type ActionSpec,
  type DiskKind,
  type InstanceKind,
  type OutputSpec,
  type ParamSource,
  type ParamSpec,
  type ValueType,
} from './actions.data.js';

export type { ActionKind, ActionSource, DiskKind, InstanceKind, ParamSource, ValueType };
export type ParamInfo = ParamSpec;
export type OutputInfo = OutputSpec;

export interface ActionInfo extends ActionSpec {
  /** First segment: `File` in `File.ReadTextFromFile.ReadText`. */
  readonly module: string;
  /** Second segment: `ReadTextFromFile`. */
  readonly action: string;
  /** Third segment when present: `ReadText`. */
  readonly variant?: string;
  /** The action's (or else its module's) Microsoft Learn actions-reference page, when known. */
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

function toInfo(spec: ActionSpec, moduleDocs: ReadonlyMap<string, string>): ActionInfo {
  const [module = '', action = '', variant] = spec.name.split('.');
  const doc = spec.doc ?? moduleDocs.get(module);
  return {
    ...spec,
    module,
    action,
    ...(variant !== undefined ? { variant } : {}),
    ...(doc !== undefined ? { doc } : {}),
  };
}

/**
 * What a lookup needs, built on first use from the catalog's entries as read (an entry becomes
 * an ActionInfo when it is first returned: checking a flow of a few actions does not build 600).
 */
interface Index {
  byName: ReadonlyMap<string, ActionSpec>;
  /** Lower-cased `Module.Action` of entries only the documentation names. */
  docsOnly: ReadonlyMap<string, ActionSpec>;
  /** `Module.Action` → the variants the catalog knows (only for three-segment names). */
  variantsOf: ReadonlyMap<string, readonly ActionSpec[]>;
  modules: ReadonlySet<string>;
  moduleDocs: ReadonlyMap<string, string>;
}

/** What listings and suggestions need, built when one first asks. */
interface Listings {
  enumTypes: ReadonlySet<string>;
  names: readonly string[];
  /** Module → its entries (documentation-only ones included), sorted by name. */
  byModule: ReadonlyMap<string, readonly ActionInfo[]>;
}

let built: Index | undefined;
let listed: Listings | undefined;
const infos = new Map<ActionSpec, ActionInfo>();

/** The catalog, indexed on first use (start-up does not pay for it). */
function index(): Index {
  if (built) return built;
  const data = actionData();
  const moduleDocs = new Map<string, string>();
  const modules = new Set<string>();
  for (const m of data.modules) {
    modules.add(m.name);
    if (m.doc) moduleDocs.set(m.name, m.doc);
  }
  const byName = new Map<string, ActionSpec>();
  const docsOnly = new Map<string, ActionSpec>();
  const variantsOf = new Map<string, ActionSpec[]>();
  for (const spec of data.actions) {
    const name = spec.name;
    const dot = name.indexOf('.');
    modules.add(dot < 0 ? name : name.slice(0, dot));
    if (spec.nameFromDocs) {
      docsOnly.set(name.toLowerCase(), spec);
      continue;
    }
    byName.set(name, spec);
    // Three segments or more: a variant of `Module.Action` (toInfo's third segment).
    const second = dot < 0 ? -1 : name.indexOf('.', dot + 1);
    if (second < 0) continue;
    const key = name.slice(0, second);
    const list = variantsOf.get(key);
    if (list) list.push(spec);
    else variantsOf.set(key, [spec]);
  }
  built = { byName, docsOnly, variantsOf, modules, moduleDocs };
  return built;
}

/** The ActionInfo of an entry, made once (the same object every time). */
function info(spec: ActionSpec): ActionInfo {
  let out = infos.get(spec);
  if (!out) infos.set(spec, (out = toInfo(spec, index().moduleDocs)));
  return out;
}

function listings(): Listings {
  if (listed) return listed;
  const data = actionData();
  const ix = index();
  listed = {
    enumTypes: new Set([
      ...data.enumTypes,
      ...data.actions.flatMap((s) => s.params.flatMap((p) => (p.enum !== undefined ? [p.enum] : []))),
    ]),
    names: Object.freeze([...ix.byName.keys()].sort()),
    byModule: groupByModule([...[...ix.byName.values()].map(info), ...[...ix.docsOnly.values()].map(info)]),
  };
  return listed;
}

function groupByModule(entries: readonly ActionInfo[]): Map<string, readonly ActionInfo[]> {
  const m = new Map<string, ActionInfo[]>();
  for (const a of entries) {
    const list = m.get(a.module);
    if (list) list.push(a);
    else m.set(a.module, [a]);
  }
  for (const list of m.values()) list.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return m;
}

/**
 * The catalog entry for a full script name (`File.ReadTextFromFile.ReadText`), or undefined.
 * A two-segment name that is not itself an entry resolves to the action's only variant, if the
 * catalog has exactly one. An action only the documentation names (its argument names unknown)
 * is found case-insensitively, with or without a variant.
 */
export function lookupAction(fullName: string): ActionInfo | undefined {
  const ix = index();
  const exact = ix.byName.get(fullName);
  if (exact) return info(exact);
  const parts = fullName.split('.');
  if (parts.length === 2) {
    const variants = ix.variantsOf.get(fullName);
    if (variants?.length === 1) return info(variants[0]!);
  }
  if (parts.length === 2 || parts.length === 3) {
    const docs = ix.docsOnly.get(`${parts[0]}.${parts[1]}`.toLowerCase());
    return docs && info(docs);
  }
  return undefined;
}

/** Every module name PAD uses as a first segment (actions and enum values). */
export function knownModules(): ReadonlySet<string> {
  return index().modules;
}

export function isKnownModule(name: string): boolean {
  return index().modules.has(name);
}

/** Enum types (`Module.EnumType`) known to take dotted values; not exhaustive (see isEnumReference). */
export function knownEnumTypes(): ReadonlySet<string> {
  return listings().enumTypes;
}

/**
 * Whether a dotted name written as a value is a PAD enum value: exactly three segments
 * (`Module.EnumType.Value`) whose first one is a PAD module, and not an action name.
 * `File.TextFileEncoding.UTF8` is one; `CurrentItem.Name.Length` (a variable's property) is not.
 */
export function isEnumReference(dotted: string): boolean {
  const parts = dotted.split('.');
  if (parts.length !== 3 || parts.some((s) => s === '')) return false;
  return isKnownModule(parts[0] ?? '') && !index().byName.has(dotted);
}

/** All catalog names whose script spelling is known, sorted (for closest-name suggestions). */
export function allActionNames(): string[] {
  return [...listings().names];
}

/** The catalog entries of one module, sorted by name (documentation-only entries included). */
export function actionsInModule(module: string): ActionInfo[] {
  return [...(listings().byModule.get(module) ?? [])];
}

/** Every entry, documentation-only ones included (for reports and the bench). */
export function allActions(): ActionInfo[] {
  const ix = index();
  return [...[...ix.byName.values()].map(info), ...[...ix.docsOnly.values()].map(info)];
}

/** The arguments the documentation says the designer requires. */
export function requiredParams(action: ActionInfo | ActionSpec): ParamInfo[] {
  return action.params.filter((p) => p.required === true);
}

/** Arguments that expect a file on disk (a File, a file path text, or a list of them). */
export function fileParams(action: ActionInfo | ActionSpec): ParamInfo[] {
  return action.params.filter((p) => p.accepts === 'file');
}

/** Arguments that expect a folder on disk. */
export function folderParams(action: ActionInfo | ActionSpec): ParamInfo[] {
  return action.params.filter((p) => p.accepts === 'folder');
}

const pathParamsOf = new WeakMap<ActionInfo | ActionSpec, readonly ParamInfo[]>();

/** fileParams then folderParams, computed once per action. Do not modify the array. */
export function pathParams(action: ActionInfo | ActionSpec): readonly ParamInfo[] {
  let out = pathParamsOf.get(action);
  if (!out) pathParamsOf.set(action, (out = [...fileParams(action), ...folderParams(action)]));
  return out;
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
  inModule(module: string): readonly ActionInfo[];
}

let shared: ActionCatalog | undefined;

export function actionCatalog(): ActionCatalog {
  // Nothing is read until a method is first called.
  shared ??= {
    has: (fullName) => lookupAction(fullName) !== undefined,
    lookup: lookupAction,
    isKnownModule,
    isEnumReference,
    names: () => listings().names,
    inModule: (module) => listings().byModule.get(module) ?? [],
  };
  return shared;
}
