/**
 * The symbol table of one flow: subflows, labels per subflow, and variables.
 *
 * PAD variables are global to a flow: every subflow reads and writes the same variables, so a
 * variable is defined once any (enabled) statement anywhere assigns it. In classic flows names
 * are case-insensitive; in Power Fx flows they are case-sensitive.
 */
import type { ActionCall, Expr, Flow, Located, NameExpr, Statement, Subflow } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import { flowStatements, forEachExpr, forEachExprFrom, forEachFlowStatement, statementActions, statementActionsAt, statementExprs, statementExprsAt } from './walk.js';

export type AssignmentKind = 'input' | 'output' | 'set' | 'action-output' | 'loop' | 'error' | 'import';

export interface VariableInfo {
  /** The name as first written. */
  name: string;
  assignments: { kind: AssignmentKind; span: Span; statement?: Statement }[];
  reads: Span[];
}

export interface SymbolTable {
  powerFx: boolean;
  /** Subflows by key (see `key`), first declaration wins; duplicates listed separately. */
  subflows: Map<string, Subflow>;
  duplicateSubflows: { first: Subflow; duplicate: Subflow }[];
  /** Labels per subflow (by subflow object), by key. */
  labels: Map<Subflow, Map<string, Located<string>>>;
  variables: Map<string, VariableInfo>;
  key(name: string): string;
  /** Is `parts` (a NameExpr) a variable read, as opposed to an enum value like `File.TextFileEncoding.UTF8`? */
  isVariableName(parts: string[]): boolean;
}

export interface SymbolOptions {
  /** Module names of PAD's actions (enum values start with one). */
  isKnownModule(name: string): boolean;
}

export function buildSymbols(flow: Flow, opts: SymbolOptions): SymbolTable {
  let powerFx = false;
  if (flow.hasFxText !== false) forEachFlowStatement(flow, (s) => {
    if (powerFx) return false;
    forEachExpr(statementExprs(s), (e) => {
      if (e.kind === 'text' && e.style === 'fx') powerFx = true;
    });
  });
  // Classic names compare in lower case: each name is lowered once (a flow writes the same few
  // names over and over), not at every assignment, read and lookup.
  const lowered = new Map<string, string>();
  const key = powerFx
    ? (n: string): string => n
    : (n: string): string => {
        let k = lowered.get(n);
        if (k === undefined) lowered.set(n, (k = n.toLowerCase()));
        return k;
      };

  const subflows = new Map<string, Subflow>();
  const duplicateSubflows: SymbolTable['duplicateSubflows'] = [];
  subflows.set(key('main'), flow.main);
  for (const sf of flow.subflows) {
    const k = key(sf.name.value);
    const first = subflows.get(k);
    if (first) duplicateSubflows.push({ first, duplicate: sf });
    else subflows.set(k, sf);
  }

  const labels = new Map<Subflow, Map<string, Located<string>>>();
  labels.set(flow.main, new Map());
  for (const sf of flow.subflows) labels.set(sf, new Map());

  const variables = new Map<string, VariableInfo>();
  const info = (name: string): VariableInfo => {
    const k = key(name);
    let v = variables.get(k);
    if (!v) variables.set(k, (v = { name, assignments: [], reads: [] }));
    return v;
  };
  const assign = (name: Located<string>, kind: AssignmentKind, statement?: Statement): void => {
    if (name.value) info(name.value).assignments.push({ kind, span: name.span, statement });
  };

  for (const d of flow.inputs) assign(d.name, 'input');
  for (const d of flow.outputs) assign(d.name, 'output');
  for (const i of flow.imports) assign(i.alias, 'import');
  // Clipboard text binds its UI element and image repositories in the footer, as IMPORT does.
  for (const name of footerSymbols(flow)) assign(name, 'import');

  // `External.InvokeCloudConnector Connection: Docs` names a connection reference (a header
  // CONNECTION or a logical name), not a variable: those names are not reads.
  // (An action in an expression comes before its parameters in the walk, so they are marked in time.)
  let connectionNames: Set<Expr> | undefined;
  const markConnection = (a: ActionCall): void => {
    if (a.name.value !== 'External.InvokeCloudConnector') return;
    for (const p of a.params) if (p.name.value === 'Connection' && p.value.kind === 'name') (connectionNames ??= new Set()).add(p.value);
  };
  /** Names read, in walk order, classified once every assignment is known. */
  const readNames: NameExpr[] = [];
  const visitRead = (e: Expr): void => {
    if (e.kind === 'action') markConnection(e.action);
    else if (e.kind === 'name' && !connectionNames?.has(e)) readNames.push(e);
  };
  let assigning: Statement | undefined;
  const assignHere = (name: Located<string>, kind: AssignmentKind): void => assign(name, kind, assigning);

  // One pass over the flow's statements: labels (of every statement, disabled ones too); then,
  // for enabled statements (not those nested in a disabled one either), the variables each
  // assigns and the names it reads. Reads are classified against every assignment afterwards:
  // a dotted name is a variable's property if its root is a variable, an enum value otherwise.
  const index = flowStatements(flow);
  const { statements, ends, subflows: owners } = index;
  let enabledFrom = 0;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    if (s.kind === 'label') {
      const m = labels.get(owners[i]!)!;
      const k = key(s.name.value);
      if (!m.has(k)) m.set(k, s.name);
    }
    if (i < enabledFrom) continue;
    if (s.disabled) {
      enabledFrom = ends[i]!;
      continue;
    }
    assigning = s;
    forEachAssigned(s, assignHere, statementActionsAt(index, i));
    const exprs = statementExprsAt(index, i);
    // `SET x TO …` writes x; `SET x['k'] TO …` reads x (it must exist) and writes into it.
    const from = s.kind === 'set' && s.target.kind === 'name' && s.target.parts.length === 1 ? 1 : 0;
    connectionNames = undefined;
    if (s.kind === 'action') markConnection(s.action);
    if (s.kind === 'wait' && s.condition) markConnection(s.condition);
    forEachExprFrom(exprs, from, visitRead);
  }
  assigning = undefined;

  const isVariableName = (parts: string[]): boolean => {
    if (parts.length === 1) return true;
    if (variables.has(key(parts[0]!))) return true;
    return !opts.isKnownModule(parts[0]!);
  };
  for (const e of readNames) if (isVariableName(e.parts)) info(e.parts[0]!).reads.push(e.partSpans[0]!);

  return { powerFx, subflows, duplicateSubflows, labels, variables, key, isVariableName };
}

/** The variables a statement assigns (not those of nested statements). */
export function assignedBy(s: Statement): { name: Located<string>; kind: AssignmentKind }[] {
  const out: { name: Located<string>; kind: AssignmentKind }[] = [];
  forEachAssigned(s, (name, kind) => out.push({ name, kind }));
  return out;
}

/** assignedBy(s), one variable at a time, in the same order, without building arrays. */
export function forEachAssigned(s: Statement, visit: (name: Located<string>, kind: AssignmentKind) => void, actions: readonly ActionCall[] = statementActions(s)): void {
  // Outputs of every action the statement runs: the action itself, a WAIT or IF/LOOP WHILE
  // condition on an action (`LOOP WHILE (WorkQueues.ProcessWorkQueueItem … WorkQueueItem=> Item)`).
  for (let n = 0; n < actions.length; n++) {
    const a = actions[n]!;
    for (let k = 0; k < a.outputs.length; k++) visit(a.outputs[k]!.variable, 'action-output');
    for (let k = 0; k < a.atOutputs.length; k++) visit(a.atOutputs[k]!.variable, 'action-output');
  }
  switch (s.kind) {
    case 'set':
      if (s.target.kind === 'name' && s.target.parts.length === 1) visit({ value: s.target.parts[0]!, span: s.target.partSpans[0]! }, 'set');
      break;
    case 'loop':
      if (s.variable) visit(s.variable, 'loop');
      break;
    case 'foreach':
      visit(s.variable, 'loop');
      break;
    case 'errorAssign':
      visit(s.variable, 'error');
      break;
    case 'call':
      for (const o of s.outputs) visit(o.variable, 'action-output');
      break;
  }
}

/** The root variable name of an lvalue or value expression, if it is one. */
export function rootName(e: Expr): string | undefined {
  let cur: Expr = e;
  while (cur.kind === 'index' || cur.kind === 'member') cur = cur.target;
  return cur.kind === 'name' ? cur.parts[0] : undefined;
}

/**
 * The names the clipboard footer binds: `ControlRepositorySymbols[].Name` (UI element
 * repositories, e.g. `appmask`) and `ImageRepositorySymbol.Name` (the image repository).
 * Located at the footer line: the JSON has no positions of its own.
 */
export function footerSymbols(flow: Flow): Located<string>[] {
  const json = flow.footer?.json;
  if (!json || typeof json !== 'object' || Array.isArray(json)) return [];
  const span = { start: flow.footer!.span.start, end: flow.footer!.span.start };
  const out: Located<string>[] = [];
  const add = (entry: unknown): void => {
    if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      const name = (entry as Record<string, unknown>)['Name'];
      if (typeof name === 'string' && name) out.push({ value: name, span });
    }
  };
  const controls = (json as Record<string, unknown>)['ControlRepositorySymbols'];
  if (Array.isArray(controls)) controls.forEach(add);
  add((json as Record<string, unknown>)['ImageRepositorySymbol']);
  return out;
}
