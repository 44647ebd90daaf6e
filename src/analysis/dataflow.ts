/**
 * Data-flow typing for one flow (per-file phase): the PAD types a variable may hold, for the
 * file ⇄ binary rules (FC201 file-passed-to-connector, FC202 binary-used-as-file).
 *
 * PAD variables are global to a flow, so typing is flow-insensitive: a variable's type is the
 * union of the types of everything any enabled statement, in any subflow, assigns to it (`SET`,
 * action outputs from the action catalog, connector responses from the connector catalog,
 * `LOOP FOREACH` items, `Variables.AddItemToList`, `SET x['key'] TO …`, `@INPUT` types). Types
 * are computed by a fixpoint over the assignments: each is evaluated with the current types and
 * joined into its variable, and re-evaluated only when a variable it reads has changed (a
 * worklist, with a budget of MAX_VISITS evaluations per assignment, so the work stays linear in
 * the flow's size even for hostile input).
 *
 * A type is a union: a set of atoms plus at most one List (with its element type) and one
 * CustomObject (with its property types; `open` when it may have properties nobody declared,
 * which then read as Unknown). Nesting is cut at MAX_DEPTH levels (deeper parts become Unknown).
 *
 * Text that is known to be a path to a file or folder is its own atom, `PathText`: a literal
 * that looks like a Windows path (`C:\…`, `\\server\…`, `…\name.ext`), a text built from a
 * File/Folder/path (`%Folder%\a.pdf`, `%File%`), the `FullPath` of a File or Folder, and any
 * variable the flow also passes as a file or folder argument of a standard action.
 *
 * Unknown is what flowc cannot tell (unknown actions, function calls, untyped inputs): it never
 * makes a rule fire, and it never hides another member of a union from one.
 */
import type { ActionCall, ActionOutput, Expr, Flow } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import { isBinaryFormat, type OperationInfo } from '../catalog/connectors.js';
import { lookupAction, pathParams, type ActionInfo, type OutputInfo, type ValueType } from '../catalog/actions.js';
import type { AnalysisServices } from './services.js';
import type { FlowFacts } from './facts.js';
import type { SymbolTable } from './symbols.js';
import { resolveConnectorActions } from './connector-actions.js';
import { pathArgument } from './pad-actions.js';
import { flowStatements, forEachExprIn, statementActionsAt } from './walk.js';

// ───────────────────────────── types ─────────────────────────────

export const Atom = {
  Text: 1,
  PathText: 2,
  Numeric: 4,
  Boolean: 8,
  Datetime: 16,
  Datatable: 32,
  DataRow: 64,
  File: 128,
  Folder: 256,
  BinaryData: 512,
  Instance: 1024,
  Unknown: 2048,
} as const;
export type AtomName = keyof typeof Atom;

const ATOM_NAMES = Object.keys(Atom) as AtomName[];

/** A file, a folder, or a path to one: what a binary connector input must not get (FC201). */
export const FILE_LIKE = Atom.File | Atom.Folder | Atom.PathText;
/** Any value PAD's file arguments accept: a File, a Folder, or text (a path). */
export const FILE_ACCEPTED = Atom.File | Atom.Folder | Atom.PathText | Atom.Text;

export interface ObjectShape {
  props: ReadonlyMap<string, DataType>;
  /** May hold properties not listed (they read as Unknown). */
  open: boolean;
}

export interface DataType {
  /** Bit set of Atom values. */
  atoms: number;
  /** Set when the value may be a List: its element type. */
  list?: DataType;
  /** Set when the value may be a CustomObject. */
  object?: ObjectShape;
}

export const BOTTOM: DataType = Object.freeze({ atoms: 0 });
export const UNKNOWN: DataType = Object.freeze({ atoms: Atom.Unknown });
/** Types of atoms alone, one frozen object per set of atoms (types are never modified). */
const atomTypes: DataType[] = [];
const atom = (a: number): DataType => (atomTypes[a] ??= Object.freeze({ atoms: a }));

/** Nesting levels (lists in lists, objects in objects) kept; deeper parts become Unknown. */
export const MAX_DEPTH = 6;
/** Properties kept per custom object; more make it open. */
const MAX_PROPS = 64;
/** Nodes (lists, objects, properties) kept per variable type; the rest becomes Unknown. */
export const MAX_NODES = 256;
/**
 * Fixpoint budget: evaluations per assignment, on average. Each re-evaluation follows a change
 * of a variable the assignment reads, and types only grow (bounded by MAX_DEPTH and MAX_PROPS),
 * so real flows need one or two; the budget keeps hostile ones linear.
 */
export const MAX_VISITS = 16;

export function listOf(element: DataType): DataType {
  return { atoms: 0, list: element };
}

export function objectOf(props: Iterable<[string, DataType]>, open = false): DataType {
  return { atoms: 0, object: { props: new Map(props), open } };
}

export function isBottom(t: DataType): boolean {
  return t.atoms === 0 && !t.list && !t.object;
}

export function join(a: DataType, b: DataType, depth = 0): DataType {
  if (isBottom(a)) return limit(b, depth);
  if (isBottom(b)) return limit(a, depth);
  if (depth >= MAX_DEPTH) return collapse(a, b);
  const out: DataType = { atoms: a.atoms | b.atoms };
  if (a.list || b.list) out.list = join(a.list ?? BOTTOM, b.list ?? BOTTOM, depth + 1);
  if (a.object || b.object) {
    const props = new Map<string, DataType>();
    let open = (a.object?.open ?? false) || (b.object?.open ?? false);
    for (const shape of [a.object, b.object]) {
      for (const [k, v] of shape?.props ?? []) {
        const prev = props.get(k);
        if (prev === undefined && props.size >= MAX_PROPS) {
          open = true;
          continue;
        }
        props.set(k, join(prev ?? BOTTOM, v, depth + 1));
      }
    }
    out.object = { props, open };
  }
  return out;
}

/** `t` with everything nested `MAX_DEPTH - depth` levels or deeper replaced by Unknown. */
function limit(t: DataType, depth: number): DataType {
  if (!t.list && !t.object) return t;
  if (depth >= MAX_DEPTH) return { atoms: t.atoms | Atom.Unknown };
  const out: DataType = { atoms: t.atoms };
  if (t.list) out.list = limit(t.list, depth + 1);
  if (t.object) out.object = limitObject(t.object, depth + 1);
  return out;
}

/** `t` cut to MAX_NODES nodes (depth first, in property order); what is cut becomes Unknown. */
export function bound(t: DataType, counter?: { n: number }): DataType {
  // Atoms alone are one node: nothing to cut (and no counter to make).
  if (counter === undefined) {
    if (!t.list && !t.object) return t;
    counter = { n: 0 };
  }
  counter.n++;
  if (!t.list && !t.object) return t;
  if (counter.n >= MAX_NODES) return { atoms: t.atoms | Atom.Unknown };
  const out: DataType = { atoms: t.atoms };
  if (t.list) out.list = bound(t.list, counter);
  if (t.object) {
    const props = new Map<string, DataType>();
    for (const [k, v] of t.object.props) props.set(k, bound(v, counter));
    out.object = { props, open: t.object.open };
  }
  return out;
}

function limitObject(o: ObjectShape, depth: number): ObjectShape {
  const props = new Map<string, DataType>();
  for (const [k, v] of o.props) props.set(k, limit(v, depth));
  return { props, open: o.open };
}

function collapse(a: DataType, b: DataType): DataType {
  const nested = a.list || a.object || b.list || b.object;
  return { atoms: a.atoms | b.atoms | (nested ? Atom.Unknown : 0) };
}

/** A canonical text form, for equality and for tests: `File | List<Text> | {Name: Text, …}`. */
export function typeKey(t: DataType): string {
  const parts: string[] = ATOM_NAMES.filter((n) => t.atoms & Atom[n]);
  if (t.list) parts.push(`List<${typeKey(t.list)}>`);
  if (t.object) {
    const props = [...t.object.props.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${k}: ${typeKey(v)}`);
    if (t.object.open) props.push('…');
    parts.push(`{${props.join(', ')}}`);
  }
  return parts.length ? parts.join(' | ') : 'Nothing';
}

/** Every atom anywhere in `t` (list elements and properties included). */
export function deepAtoms(t: DataType, depth = 0): number {
  if (depth > MAX_DEPTH + 1) return 0;
  let a = t.atoms;
  if (t.list) a |= deepAtoms(t.list, depth + 1);
  for (const v of t.object?.props.values() ?? []) a |= deepAtoms(v, depth + 1);
  return a;
}

/** The element type when iterating or indexing `t` by position. */
export function elementOf(t: DataType): DataType {
  let out: DataType = t.list ?? BOTTOM;
  if (t.atoms & Atom.Datatable) out = join(out, atom(Atom.DataRow));
  if (t.atoms & (Atom.Unknown | Atom.DataRow)) out = join(out, UNKNOWN);
  return out;
}

const FILE_PROPS: Record<string, number> = {
  fullpath: Atom.PathText,
  directory: Atom.Folder,
  rootpath: Atom.PathText,
  name: Atom.Text,
  namewithoutextension: Atom.Text,
  extension: Atom.Text,
  size: Atom.Numeric,
  creationtime: Atom.Datetime,
  lastaccessed: Atom.Datetime,
  lastmodified: Atom.Datetime,
  ishidden: Atom.Boolean,
  issystem: Atom.Boolean,
  isreadonly: Atom.Boolean,
  isarchive: Atom.Boolean,
  exists: Atom.Boolean,
  isencrypted: Atom.Boolean,
  iscompressed: Atom.Boolean,
};
const FOLDER_PROPS: Record<string, number> = {
  fullpath: Atom.PathText,
  name: Atom.Text,
  parent: Atom.Folder,
  rootpath: Atom.PathText,
  creationtime: Atom.Datetime,
  lastmodified: Atom.Datetime,
  ishidden: Atom.Boolean,
  exists: Atom.Boolean,
  isempty: Atom.Boolean,
  filescount: Atom.Numeric,
  folderscount: Atom.Numeric,
};

/** The type of property `name` (`x.Name`, `x['Name']`) of a value of type `t`. */
export function propertyOf(t: DataType, name: string): DataType {
  const key = name.toLowerCase();
  let out: DataType = BOTTOM;
  const add = (x: DataType): void => {
    out = join(out, x);
  };
  if (t.object) {
    const exact = t.object.props.get(name);
    const loose = exact ?? [...t.object.props.entries()].find(([k]) => k.toLowerCase() === key)?.[1];
    if (loose) add(loose);
    else if (t.object.open) add(UNKNOWN);
  }
  if (t.list) add(key === 'count' ? atom(Atom.Numeric) : UNKNOWN);
  if (t.atoms & Atom.File) add(atom(FILE_PROPS[key] ?? Atom.Unknown));
  if (t.atoms & Atom.Folder) add(atom(FOLDER_PROPS[key] ?? Atom.Unknown));
  if (t.atoms & (Atom.Text | Atom.PathText)) add(atom(key === 'length' ? Atom.Numeric : key === 'isempty' ? Atom.Boolean : Atom.Text));
  if (t.atoms & Atom.Datatable) add(key === 'rowscount' || key === 'columnscount' ? atom(Atom.Numeric) : key === 'columnheadersrow' ? atom(Atom.DataRow) : UNKNOWN);
  if (t.atoms & (Atom.DataRow | Atom.Unknown | Atom.Datetime | Atom.Numeric | Atom.Boolean | Atom.BinaryData | Atom.Instance)) add(UNKNOWN);
  return out;
}

/** The type PAD gives a catalog type name. */
export function fromValueType(type: ValueType, itemType?: ValueType): DataType {
  switch (type) {
    case 'Text':
      return atom(Atom.Text);
    case 'Numeric':
      return atom(Atom.Numeric);
    case 'Boolean':
      return atom(Atom.Boolean);
    case 'Datetime':
      return atom(Atom.Datetime);
    case 'Datatable':
      return atom(Atom.Datatable);
    case 'DataRow':
      return atom(Atom.DataRow);
    case 'File':
      return atom(Atom.File);
    case 'Folder':
      return atom(Atom.Folder);
    case 'BinaryData':
      return atom(Atom.BinaryData);
    case 'List':
      return listOf(itemType ? fromValueType(itemType) : UNKNOWN);
    case 'CustomObject':
      return objectOf([], true);
    case 'Any':
    case 'Unknown':
      return UNKNOWN;
    default:
      return atom(Atom.Instance);
  }
}

/** `@INPUT`/`@OUTPUT` `'Type'` values as PAD writes them in flow scripts. */
export function fromDeclaredType(type: string | undefined): DataType {
  switch ((type ?? '').toLowerCase().replace(/\s+/g, '')) {
    case 'string':
    case 'text':
      return atom(Atom.Text);
    case 'numeric':
    case 'number':
      return atom(Atom.Numeric);
    case 'bool':
    case 'boolean':
      return atom(Atom.Boolean);
    case 'list':
      return listOf(UNKNOWN);
    case 'datatable':
      return atom(Atom.Datatable);
    case 'customobject':
      return objectOf([], true);
    case 'file':
      return atom(Atom.File);
    case 'folder':
      return atom(Atom.Folder);
    default:
      return UNKNOWN;
  }
}

/**
 * The type of a connector operation's response: BinaryData for `format: binary|byte`; an
 * object/list shape holding BinaryData at each `binaryFields` path (`value[]/attachments[]/contentBytes`);
 * otherwise from the response's JSON type (objects open: their properties are unknown).
 */
export function responseType(op: OperationInfo): DataType {
  const r = op.response;
  if (!r) return UNKNOWN;
  if (isBinaryFormat(r.format, r.type)) return atom(Atom.BinaryData);
  if (r.binaryFields?.length) {
    let t: DataType = BOTTOM;
    for (const path of r.binaryFields) t = join(t, shapeFromPath(path.split('/'), 0));
    return t;
  }
  switch (r.type) {
    case 'array':
      return listOf(UNKNOWN);
    case 'object':
      return objectOf([], true);
    case 'string':
      return atom(Atom.Text);
    case 'integer':
    case 'number':
      return atom(Atom.Numeric);
    case 'boolean':
      return atom(Atom.Boolean);
    default:
      return UNKNOWN;
  }
}

function shapeFromPath(segments: string[], i: number): DataType {
  if (i >= segments.length) return atom(Atom.BinaryData);
  if (i > MAX_DEPTH * 2) return UNKNOWN;
  const seg = segments[i]!;
  if (seg === '[]') return listOf(shapeFromPath(segments, i + 1));
  if (seg.endsWith('[]')) return objectOf([[seg.slice(0, -2), listOf(shapeFromPath(segments, i + 1))]], true);
  return objectOf([[seg, shapeFromPath(segments, i + 1)]], true);
}

// ───────────────────────────── the analysis ─────────────────────────────

/** Where a variable got a kind of value first (for `related` locations in diagnostics). */
export interface ValueOrigin {
  span: Span;
  /** e.g. `SET`, `the output of File.GetTempPath`, `the response of GetFileContent`. */
  what: string;
}

export interface FlowTypes {
  /** The type of a variable (by name, matched as the flow matches names). Bottom when never assigned. */
  variable(name: string): DataType;
  /** The type of an expression, with the final variable types. */
  typeOf(e: Expr): DataType;
  /** Where variable `name` first got a value holding `atomMask` (deep), if anywhere. */
  origin(name: string, atomMask: number): ValueOrigin | undefined;
  /** Assignment evaluations the fixpoint used, and whether the types settled within its budget. */
  evaluations: number;
  converged: boolean;
}

/** How an assignment computes its value (analyzeDataflow's `evaluate`). */
const How = {
  /** `type`, whatever the other variables hold. */
  Fixed: 0,
  /** The type of `expr` (`SET x TO expr`). */
  TypeOf: 1,
  /** The element type of `expr` (`LOOP FOREACH x IN expr`). */
  ElementOf: 2,
  /** A list of `expr` (`Variables.AddItemToList`). */
  ListOf: 3,
  /** A list of the elements of `args` (`Variables.MergeLists` and the like; a missing argument is Unknown). */
  ListOfElements: 4,
  /** `expr` put at `path` inside the variable (`SET x['k'][0] TO expr`). */
  SetPath: 5,
} as const;
type How = (typeof How)[keyof typeof How];

type PathStep = { prop: string } | { element: true };

interface Assignment {
  key: string;
  span: Span;
  /** How the variable gets its value, for notes: `by SET`, `from the output of File.GetTempPath`. */
  what: string;
  /** Keys of the variables its value reads. */
  reads: string[];
  how: How;
  type: DataType;
  expr: Expr | undefined;
  args: readonly (Expr | undefined)[] | undefined;
  path: PathStep[] | undefined;
  /** Its value at its last evaluation in the fixpoint. */
  last: DataType | undefined;
}

const NUMERIC: DataType = Object.freeze({ atoms: Atom.Numeric });
const EMPTY_LIST: DataType = Object.freeze({ atoms: 0, list: BOTTOM });

/** An action's outputs by lower-case name, the first of a name winning (as `find` would). */
const outputsByLower = new WeakMap<ActionInfo, Map<string, OutputInfo>>();
function outputsByLowerName(info: ActionInfo): Map<string, OutputInfo> {
  let m = outputsByLower.get(info);
  if (!m) {
    m = new Map();
    for (const x of info.outputs) {
      const k = x.name.toLowerCase();
      if (!m.has(k)) m.set(k, x);
    }
    outputsByLower.set(info, m);
  }
  return m;
}

/** Binary operators whose result is a Boolean (compared in upper case). */
const BOOLEAN_OPERATORS: ReadonlySet<string> = new Set(['=', '<>', '<', '>', '<=', '>=', 'AND', 'OR']);

const PATH_LITERAL = /^[A-Za-z]:[\\/]|^\\\\[^\\]|\\[^\\%]*\.[A-Za-z0-9]{1,8}$/;

/** Output name → how its list type derives from the action's list arguments. */
const LIST_ACTIONS: Record<string, { output: string; from: string[] }> = {
  'Variables.MergeLists': { output: 'OutputList', from: ['FirstList', 'SecondList'] },
  'Variables.FindCommonListItems': { output: 'OutputList', from: ['FirstList'] },
  'Variables.SubtractLists': { output: 'OutputList', from: ['FirstList'] },
  'Variables.FilterList': { output: 'FilteredList', from: ['ListToFilter'] },
};

const cache = new WeakMap<Flow, FlowTypes>();

export interface DataflowInput {
  flow: Flow;
  symbols: SymbolTable;
  facts: FlowFacts;
  services: AnalysisServices;
}

/** The flow's types, computed once per flow and shared by every rule that asks. */
export function flowTypes(input: DataflowInput): FlowTypes {
  let t = cache.get(input.flow);
  if (!t) {
    t = analyzeDataflow(input);
    cache.set(input.flow, t);
  }
  return t;
}

export function analyzeDataflow({ flow, symbols, facts, services }: DataflowInput): FlowTypes {
  const key = symbols.key;
  const env = new Map<string, DataType>();
  const origins = new Map<string, { mask: number; span: Span; what: string }[]>();
  /** Variables passed (bare) as a file or folder argument somewhere: their text is a path. */
  const usedAsPath = new Set<string>();

  const connectorByAction = new Map<number, OperationInfo | undefined>();
  for (const r of resolveConnectorActions(facts, services)) connectorByAction.set(r.fact.span.start, r.operation);

  // ── expression types ──
  const typeOfVariable = (name: string): DataType => {
    const k = key(name);
    const t = env.get(k) ?? BOTTOM;
    if (usedAsPath.has(k) && t.atoms & Atom.Text) return { ...t, atoms: (t.atoms & ~Atom.Text) | Atom.PathText };
    return t;
  };

  const typeOf = (e: Expr, depth = 0): DataType => {
    if (depth > 64) return UNKNOWN;
    switch (e.kind) {
      case 'text':
        return textType(e, depth);
      case 'number':
        return atom(Atom.Numeric);
      case 'bool':
        return atom(Atom.Boolean);
      case 'name': {
        if (!symbols.isVariableName(e.parts)) return UNKNOWN; // an enum value
        let t = typeOfVariable(e.parts[0]!);
        for (let k = 1; k < e.parts.length; k++) t = propertyOf(t, e.parts[k]!);
        return t;
      }
      case 'list': {
        let el: DataType = BOTTOM;
        for (const item of e.items) el = join(el, typeOf(item, depth + 1));
        return listOf(el);
      }
      case 'object': {
        const props: [string, DataType][] = [];
        let open = false;
        for (const entry of e.entries) {
          if (entry.key.kind === 'text' && entry.key.parts.every((p) => typeof p === 'string')) props.push([entry.key.value, typeOf(entry.value, depth + 1)]);
          else open = true;
        }
        return limit(objectOf(props, open), 0);
      }
      case 'datatable':
        return atom(Atom.Datatable);
      case 'index': {
        const target = typeOf(e.target, depth + 1);
        if (e.sliceEnd) return target;
        return indexType(target, e.index, depth);
      }
      case 'member':
        return propertyOf(typeOf(e.target, depth + 1), e.name.value);
      case 'unary':
        return atom(e.operator === 'NOT' ? Atom.Boolean : Atom.Numeric);
      case 'binary': {
        if (BOOLEAN_OPERATORS.has(e.operator) || BOOLEAN_OPERATORS.has(e.operator.toUpperCase())) return atom(Atom.Boolean);
        const l = typeOf(e.left, depth + 1);
        const r = typeOf(e.right, depth + 1);
        if ((l.atoms | r.atoms) & (Atom.Text | Atom.PathText)) return atom(Atom.Text);
        if ((l.atoms | r.atoms) & Atom.Unknown) return UNKNOWN;
        return atom(Atom.Numeric);
      }
      case 'paren':
        return typeOf(e.expr, depth + 1);
      case 'action':
        return atom(Atom.Boolean);
      default:
        return UNKNOWN;
    }
  };

  const indexType = (target: DataType, index: Expr, depth: number): DataType => {
    const literalKey = index.kind === 'text' && index.parts.every((p) => typeof p === 'string') ? index.value : undefined;
    let out: DataType = BOTTOM;
    if (literalKey !== undefined) {
      if (target.object || target.atoms & (Atom.Unknown | Atom.DataRow)) out = join(out, propertyOf({ atoms: target.atoms & (Atom.Unknown | Atom.DataRow), ...(target.object ? { object: target.object } : {}) }, literalKey));
    } else {
      const i = typeOf(index, depth + 1);
      if (target.list || target.atoms & (Atom.Datatable | Atom.Unknown | Atom.DataRow)) out = join(out, elementOf(target));
      if (target.object) {
        // A computed key: any property.
        if (i.atoms & ~Atom.Numeric || isBottom(i)) {
          for (const v of target.object.props.values()) out = join(out, v);
          if (target.object.open) out = join(out, UNKNOWN);
        }
      }
    }
    if (target.atoms & (Atom.Text | Atom.PathText)) out = join(out, atom(Atom.Text));
    if (target.atoms & (Atom.BinaryData | Atom.Instance)) out = join(out, UNKNOWN);
    return out;
  };

  const textType = (e: Extract<Expr, { kind: 'text' }>, depth: number): DataType => {
    if (e.style === 'fx') return UNKNOWN;
    const parts = e.parts;
    if (parts.length === 0) return atom(Atom.Text);
    const first = parts[0]!;
    if (typeof first !== 'string') {
      const t = typeOf(first, depth + 1);
      const rest = parts[1];
      // `%File%`, `%Folder%\name.pdf`: a path built from a path.
      if (t.atoms & FILE_LIKE && (parts.length === 1 || (typeof rest === 'string' && /^[\\/]/.test(rest)))) return atom(Atom.PathText);
    }
    return atom(PATH_LITERAL.test(e.value) ? Atom.PathText : Atom.Text);
  };

  // ── assignments ──
  // Each says how its value is computed (`evaluate` below) rather than holding a closure.
  const assignments: Assignment[] = [];
  const noReads: string[] = [];
  // The keys an assignment reads, first seen first (an assignment reads one or two: a list
  // searched beats a Set and its iterator).
  const found: string[] = [];
  const collectRead = (e: Expr): void => {
    if (e.kind === 'name' && symbols.isVariableName(e.parts)) {
      const k = key(e.parts[0]!);
      if (!found.includes(k)) found.push(k);
    }
  };
  const push = (name: string, span: Span, what: string, how: How, type: DataType, expr?: Expr, args?: readonly (Expr | undefined)[], path?: PathStep[]): void => {
    if (!name) return;
    let deps: string[] = noReads;
    if (args !== undefined || expr !== undefined) {
      if (args === undefined) forEachExprIn(expr!, collectRead);
      else for (const r of args) if (r !== undefined) forEachExprIn(r, collectRead);
      if (found.length) {
        deps = found.slice();
        while (found.length) found.pop();
      }
    }
    assignments.push({ key: key(name), span, what, reads: deps, how, type, expr, args, path, last: undefined });
  };
  const fixed = (name: string, span: Span, what: string, type: DataType): void => push(name, span, what, How.Fixed, type);

  for (const d of flow.inputs) {
    const typeEntry = d.properties?.entries.find((x) => x.key.kind === 'text' && x.key.value === 'Type');
    const declared = typeEntry?.value.kind === 'text' ? typeEntry.value.value : undefined;
    fixed(d.name.value, d.name.span, 'as a flow input (@INPUT)', fromDeclaredType(declared));
  }
  for (const d of flow.outputs) {
    const typeEntry = d.properties?.entries.find((x) => x.key.kind === 'text' && x.key.value === 'Type');
    const t = fromDeclaredType(typeEntry?.value.kind === 'text' ? typeEntry.value.value : undefined);
    // An output's declared type says what it holds; assignments say the rest.
    if (!(t.atoms & Atom.Unknown)) fixed(d.name.value, d.name.span, 'as a flow output (@OUTPUT)', t);
  }

  /** `from the output of <action>`, built once per action name. */
  const outputWhat = new Map<string, string>();
  const actionOutput = (a: ActionCall, o: ActionOutput, info: ActionInfo | undefined, special: { output: string; from: string[] } | undefined): void => {
    const spec = info ? outputsByLowerName(info).get(o.name.value.toLowerCase()) : undefined;
    let what = outputWhat.get(a.name.value);
    if (what === undefined) outputWhat.set(a.name.value, (what = `from the output of ${a.name.value}`));
    if (special && spec && special.output === spec.name) {
      const args = special.from.map((f) => a.params.find((p) => p.name.value.toLowerCase() === f.toLowerCase())?.value);
      push(o.variable.value, o.variable.span, what, How.ListOfElements, BOTTOM, undefined, args);
    } else if (info?.name === 'Variables.CreateNewList') {
      fixed(o.variable.value, o.variable.span, what, EMPTY_LIST);
    } else {
      fixed(o.variable.value, o.variable.span, what, spec ? fromValueType(spec.type, spec.itemType) : UNKNOWN);
    }
  };

  // One pass over the enabled statements (not those nested in a disabled one): variables passed
  // as file or folder arguments (their text is a path), and every assignment.
  const index = flowStatements(flow);
  const { statements, ends } = index;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    if (s.disabled) {
      i = ends[i]! - 1;
      continue;
    }
    const actions = statementActionsAt(index, i);
    // Indexed loops: no iterator object per statement, whatever tier runs the code.
    for (let n = 0; n < actions.length; n++) {
      const a = actions[n]!;
      const name = a.name.value;
      const info = lookupAction(name);
      if (info) {
        const paths = pathParams(info);
        for (let k = 0; k < paths.length; k++) {
          const arg = pathArgument(a, info, k);
          if (arg?.value.kind === 'name' && arg.value.parts.length === 1) usedAsPath.add(key(arg.value.parts[0]!));
        }
      }
      if (name === 'External.InvokeCloudConnector') {
        const op = connectorByAction.get(a.span.start);
        for (const o of a.atOutputs) {
          const t = op ? responseType(op) : UNKNOWN;
          fixed(o.variable.value, o.variable.span, op ? `from the response of ${op.operationId}` : 'from a connector action', t);
        }
        continue;
      }
      const special = LIST_ACTIONS[info?.name ?? name];
      for (let k = 0; k < a.outputs.length; k++) actionOutput(a, a.outputs[k]!, info, special);
      for (let k = 0; k < a.atOutputs.length; k++) actionOutput(a, a.atOutputs[k]!, info, special);
      if (info?.name === 'Variables.AddItemToList') {
        const item = a.params.find((p) => p.name.value.toLowerCase() === 'item')?.value;
        const list = a.params.find((p) => p.name.value.toLowerCase() === 'list')?.value;
        if (item && list?.kind === 'name' && list.parts.length === 1) push(list.parts[0]!, list.span, 'by Variables.AddItemToList', How.ListOf, BOTTOM, item);
      }
    }
    switch (s.kind) {
      case 'set':
        assignSet(s.target, s.value, s.span);
        break;
      case 'foreach':
        push(s.variable.value, s.variable.span, 'by LOOP FOREACH', How.ElementOf, BOTTOM, s.collection);
        break;
      case 'loop':
        if (s.variable) fixed(s.variable.value, s.variable.span, 'by LOOP', NUMERIC);
        break;
      case 'errorAssign':
        fixed(s.variable.value, s.variable.span, 'by ERROR =>', UNKNOWN);
        break;
    }
  }

  function assignSet(target: Expr, value: Expr, span: Span): void {
    if (target.kind === 'name' && target.parts.length === 1) {
      push(target.parts[0]!, target.partSpans[0]!, 'by SET', How.TypeOf, BOTTOM, value);
      return;
    }
    // `SET x['k'] TO v`, `SET x[0] TO v`, `SET x.k TO v`: x may now hold v inside.
    const path: PathStep[] = [];
    let cur: Expr = target;
    while (cur.kind === 'index' || cur.kind === 'member' || (cur.kind === 'name' && cur.parts.length > 1)) {
      if (cur.kind === 'member') {
        path.unshift({ prop: cur.name.value });
        cur = cur.target;
      } else if (cur.kind === 'index') {
        const idx: Expr = cur.index;
        if (idx.kind === 'text' && idx.parts.every((p) => typeof p === 'string')) path.unshift({ prop: idx.value });
        else if (idx.kind === 'number') path.unshift({ element: true });
        else return; // a computed key: nothing certain to record
        cur = cur.target;
      } else {
        for (const p of cur.parts.slice(1).reverse()) path.unshift({ prop: p });
        cur = { ...cur, parts: cur.parts.slice(0, 1), partSpans: cur.partSpans.slice(0, 1) };
      }
    }
    if (cur.kind !== 'name' || path.length === 0) return;
    push(cur.parts[0]!, cur.partSpans[0] ?? span, 'by SET', How.SetPath, BOTTOM, value, undefined, path);
  }

  /** The value an assignment gives its variable, with the current types. */
  const evaluate = (asg: Assignment): DataType => {
    switch (asg.how) {
      case How.Fixed:
        return asg.type;
      case How.TypeOf:
        return typeOf(asg.expr!);
      case How.ElementOf:
        return elementOf(typeOf(asg.expr!));
      case How.ListOf:
        return listOf(typeOf(asg.expr!));
      case How.ListOfElements: {
        let el: DataType = BOTTOM;
        for (const v of asg.args!) el = join(el, v ? elementOf(typeOf(v)) : UNKNOWN);
        return listOf(el);
      }
      case How.SetPath: {
        const path = asg.path!;
        let t = typeOf(asg.expr!);
        for (let i = path.length - 1; i >= 0; i--) {
          const step = path[i]!;
          t = 'prop' in step ? objectOf([[step.prop, t]]) : listOf(t);
        }
        return t;
      }
    }
  };

  // ── fixpoint: a worklist over the assignments, re-running those that read a variable that changed ──
  const readers = new Map<string, number[]>();
  assignments.forEach((asg, i) => {
    for (const r of asg.reads) {
      let list = readers.get(r);
      if (!list) readers.set(r, (list = []));
      list.push(i);
    }
  });
  const keys = new Map<string, string>();
  const queued = new Uint8Array(assignments.length).fill(1);
  let queue: number[] = assignments.map((_, i) => i);
  const budget = assignments.length * MAX_VISITS;
  let evaluations = 0;
  let exhausted = false;
  while (queue.length && !exhausted) {
    const next: number[] = [];
    for (const i of queue) {
      queued[i] = 0;
      if (evaluations++ >= budget) {
        exhausted = true;
        break;
      }
      const asg = assignments[i]!;
      const prev = env.get(asg.key) ?? BOTTOM;
      const value = evaluate(asg);
      asg.last = value;
      const joined = bound(join(prev, value));
      // Unchanged when its typeKey is: two types of atoms alone compare by their atoms (their
      // keys name the same atoms), the others by key (kept for the variable's current type).
      if (!joined.list && !joined.object && !prev.list && !prev.object) {
        if (joined.atoms === prev.atoms) continue;
        keys.delete(asg.key);
      } else {
        const joinedKey = typeKey(joined);
        if (joinedKey === (keys.get(asg.key) ?? typeKey(prev))) continue;
        keys.set(asg.key, joinedKey);
      }
      env.set(asg.key, joined);
      for (const j of readers.get(asg.key) ?? []) {
        if (!queued[j]) {
          queued[j] = 1;
          next.push(j);
        }
      }
    }
    // Keep source order within a wave, so results never depend on how the queue grew.
    queue = next.sort((x, y) => x - y);
  }
  const converged = !exhausted;

  // Where each variable first (in source order) gets each kind of value, with the final types.
  // Once the types settled, each assignment's last evaluation is its value with the final types
  // (it was evaluated again after every change of a variable it reads).
  for (const asg of assignments) {
    const deep = deepAtoms(converged && asg.last !== undefined ? asg.last : evaluate(asg));
    if (!deep) continue;
    let list = origins.get(asg.key);
    if (!list) origins.set(asg.key, (list = []));
    const fresh = deep & ~list.reduce((m, o) => m | o.mask, 0);
    if (fresh) list.push({ mask: fresh, span: asg.span, what: asg.what });
  }

  return {
    variable: (name) => typeOfVariable(name),
    typeOf: (e) => typeOf(e),
    origin(name, mask) {
      const o = origins.get(key(name))?.find((x) => x.mask & mask);
      return o ? { span: o.span, what: o.what } : undefined;
    },
    evaluations,
    converged,
  };
}

/** What a type holds, in words, for messages: `a file path`, `binary data`. */
export function describeAtoms(atoms: number): string {
  if (atoms & Atom.File) return 'a file';
  if (atoms & Atom.Folder) return 'a folder';
  if (atoms & Atom.PathText) return 'a file path';
  if (atoms & Atom.BinaryData) return 'binary data';
  if (atoms & Atom.Text) return 'text';
  return 'a value';
}
