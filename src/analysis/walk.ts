/**
 * Walking the IR: every statement (nested bodies, ON ERROR handlers, BLOCK handlers) and every
 * expression (interpolations, list items, object values, action parameters). Iterative where
 * depth is unbounded by the grammar, so hostile nesting cannot overflow the stack.
 */
import type { ActionCall, Expr, Flow, OnErrorClause, Statement, Subflow } from '../ir/flow.js';

/** The statement lists directly nested in a statement (bodies, handlers). */
export function childLists(s: Statement): Statement[][] {
  const onError = (cs: OnErrorClause[]): Statement[][] => cs.flatMap((c) => (c.body ? [c.body] : []));
  switch (s.kind) {
    case 'if':
      return [...s.branches.flatMap((b) => [...onError(b.onError), b.body]), ...(s.elseBody ? [s.elseBody] : [])];
    case 'switch':
      return [...s.cases.map((c) => c.body), ...(s.defaultBody ? [s.defaultBody] : [])];
    case 'loop':
    case 'foreach':
    case 'while':
      return [s.body];
    case 'block':
      return [s.handler, s.body];
    case 'action':
    case 'wait':
      return onError(s.onError);
    default:
      return [];
  }
}

/** Pushes the statement lists directly nested in `s` (as childLists, without building arrays). */
export function pushChildLists(s: Statement, out: Statement[][]): void {
  switch (s.kind) {
    case 'if':
      for (const b of s.branches) {
        for (const c of b.onError) if (c.body) out.push(c.body);
        out.push(b.body);
      }
      if (s.elseBody) out.push(s.elseBody);
      return;
    case 'switch':
      for (const c of s.cases) out.push(c.body);
      if (s.defaultBody) out.push(s.defaultBody);
      return;
    case 'loop':
    case 'foreach':
    case 'while':
      out.push(s.body);
      return;
    case 'block':
      out.push(s.handler, s.body);
      return;
    case 'action':
    case 'wait':
      for (const c of s.onError) if (c.body) out.push(c.body);
      return;
    default:
      return;
  }
}

/**
 * Every statement of a list in walk order, and for each the index just past its descendants
 * (so a visitor can skip them).
 */
interface StatementIndex {
  statements: Statement[];
  ends: number[];
}

function indexStatements(list: Statement[], into: StatementIndex = { statements: [], ends: [] }): StatementIndex {
  const { statements, ends } = into;
  // A stack of statement lists being listed, each with its position and the statement that owns
  // it; `null` in place of a list closes its owner (sets where its descendants end). Three arrays
  // per call rather than an object per statement with children.
  const lists: (Statement[] | null)[] = [list];
  const positions: number[] = [0];
  const owners: number[] = [-1];
  const kids = kidsScratch;
  while (lists.length) {
    const top = lists.length - 1;
    const current = lists[top];
    if (current === null) {
      ends[owners[top]!] = statements.length;
      lists.pop();
      positions.pop();
      owners.pop();
      continue;
    }
    const i = positions[top]!;
    if (i >= current.length) {
      lists.pop();
      positions.pop();
      owners.pop();
      continue;
    }
    positions[top] = i + 1;
    const st = current[i]!;
    const at = statements.length;
    statements.push(st);
    ends.push(at + 1);
    pushChildLists(st, kids);
    if (kids.length) {
      // Listed first to last (popped last first), then the owner closed. Emptied by popping:
      // `length = 0` would drop the array's backing store, and the next push allocate one.
      lists.push(null);
      positions.push(0);
      owners.push(at);
      while (kids.length) {
        lists.push(kids.pop()!);
        positions.push(0);
        owners.push(at);
      }
    }
  }
  return into;
}

/** pushChildLists' output, reused (indexStatements never re-enters itself). */
const kidsScratch: Statement[][] = [];

/** Every statement of a list, depth first, in source order. `visit` returning false skips children. */
export function forEachStatement(list: Statement[], visit: (s: Statement) => boolean | void): void {
  const { statements, ends } = indexStatements(list);
  for (let i = 0; i < statements.length; ) i = visit(statements[i]!) === false ? ends[i]! : i + 1;
}

export function allSubflows(flow: Flow): Subflow[] {
  return [flow.main, ...flow.subflows];
}

/**
 * Each flow's statements in walk order, built once: a dozen analyses and rules walk every flow.
 * Beside each statement, its expressions and actions once asked for (statementExprs,
 * statementActions): arrays indexed like `statements`, so a walk finds them without a lookup.
 */
interface FlowIndex extends StatementIndex {
  subflows: Subflow[];
  exprs: (Expr[] | undefined)[];
  actions: (readonly ActionCall[] | undefined)[];
}

const flowIndexes = new WeakMap<Flow, FlowIndex>();

function flowIndex(flow: Flow): FlowIndex {
  let index = flowIndexes.get(flow);
  if (!index) {
    index = { statements: [], ends: [], subflows: [], exprs: [], actions: [] };
    for (const sub of allSubflows(flow)) {
      const from = index.statements.length;
      indexStatements(sub.body, index);
      for (let i = from; i < index.statements.length; i++) index.subflows.push(sub);
    }
    // Sized up front: filled out of order (a walk skipping a disabled statement's body leaves a
    // gap), a growing array could fall back to slow dictionary elements.
    index.exprs = new Array<Expr[] | undefined>(index.statements.length).fill(undefined);
    index.actions = new Array<readonly ActionCall[] | undefined>(index.statements.length).fill(undefined);
    flowIndexes.set(flow, index);
  }
  return index;
}

/**
 * The flow's statement index, for an analysis that loops over it itself rather than passing a
 * visitor to forEachFlowStatement (no call per statement, and several passes in one loop):
 * `statements` in walk order, `ends[i]` the index just past the descendants of statement `i`
 * (a loop skips them with `i = ends[i]`), `subflows[i]` the subflow it belongs to. Read only;
 * statementActionsAt/statementExprsAt give what statementActions/statementExprs give.
 */
export interface FlowStatements {
  readonly statements: readonly Statement[];
  readonly ends: readonly number[];
  readonly subflows: readonly Subflow[];
}

export function flowStatements(flow: Flow): FlowStatements {
  return flowIndex(flow);
}

/** statementActions of statement `i` of a flowStatements index. */
export function statementActionsAt(index: FlowStatements, i: number): readonly ActionCall[] {
  const x = index as FlowIndex;
  return (x.actions[i] ??= computeStatementActions(x.statements[i]!, (x.exprs[i] ??= computeStatementExprs(x.statements[i]!))));
}

/** statementExprs of statement `i` of a flowStatements index. */
export function statementExprsAt(index: FlowStatements, i: number): Expr[] {
  const x = index as FlowIndex;
  return (x.exprs[i] ??= computeStatementExprs(x.statements[i]!));
}

/**
 * The statement forEachFlowStatement is visiting (innermost walk), with its index: what the
 * visitor asks statementExprs/statementActions about is nearly always that statement.
 */
let walking: FlowIndex | undefined;
let walkingAt = -1;

/** Every statement of the flow with the subflow it belongs to. */
export function forEachFlowStatement(flow: Flow, visit: (s: Statement, sub: Subflow) => boolean | void): void {
  const index = flowIndex(flow);
  const { statements, ends, subflows } = index;
  const outer = walking;
  const outerAt = walkingAt;
  try {
    for (let i = 0; i < statements.length; ) {
      walking = index;
      walkingAt = i;
      i = visit(statements[i]!, subflows[i]!) === false ? ends[i]! : i + 1;
    }
  } finally {
    walking = outer;
    walkingAt = outerAt;
  }
}

const exprsOfStatement = new WeakMap<Statement, Expr[]>();

/** The expressions a statement holds directly (not those of nested statements). Do not modify the array. */
export function statementExprs(s: Statement): Expr[] {
  if (walking !== undefined && walking.statements[walkingAt] === s) return statementExprsAt(walking, walkingAt);
  return exprsOf(s);
}

function exprsOf(s: Statement): Expr[] {
  let out = exprsOfStatement.get(s);
  if (!out) exprsOfStatement.set(s, (out = computeStatementExprs(s)));
  return out;
}

function computeStatementExprs(s: Statement): Expr[] {
  switch (s.kind) {
    case 'set':
      return [s.target, s.value];
    case 'action':
      return actionExprs(s.action);
    case 'if':
      return s.branches.map((b) => b.condition);
    case 'switch':
      return [s.subject, ...s.cases.map((c) => c.value)];
    case 'loop':
      return [s.from, s.to, ...(s.step ? [s.step] : [])];
    case 'foreach':
      return [s.collection];
    case 'while':
      return [s.condition];
    case 'exit':
      return s.params.map((p) => p.value);
    case 'errorAssign':
      return s.params.map((p) => p.value);
    case 'call':
      return s.params.map((p) => p.value);
    case 'wait':
      return [...(s.duration ? [s.duration] : []), ...(s.condition ? actionExprs(s.condition) : []), ...(s.timeout ? [s.timeout] : [])];
    default:
      return [];
  }
}

export function actionExprs(a: ActionCall): Expr[] {
  const out: Expr[] = new Array<Expr>(a.params.length + a.atInputs.length);
  let k = 0;
  for (let i = 0; i < a.params.length; i++) out[k++] = a.params[i]!.value;
  for (let i = 0; i < a.atInputs.length; i++) out[k++] = a.atInputs[i]!.value;
  return out;
}

/** The expressions an expression holds directly. */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'text':
      return e.parts.filter((p): p is Expr => typeof p !== 'string');
    case 'list':
      return e.items;
    case 'object':
      return e.entries.flatMap((x) => [x.key, x.value]);
    case 'datatable':
      return [...(e.header ?? []), ...e.rows.flat()];
    case 'index':
      return [e.target, e.index, ...(e.sliceEnd ? [e.sliceEnd] : [])];
    case 'member':
      return [e.target];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'call':
      return e.args;
    case 'paren':
      return [e.expr];
    case 'action':
      return actionExprs(e.action);
    default:
      return [];
  }
}

/** Every expression under `roots`, depth first. `visit` returning false skips its children. */
export function forEachExpr(roots: readonly Expr[], visit: (e: Expr) => boolean | void): void {
  forEachExprFrom(roots, 0, visit);
}

/** forEachExpr over `roots` from index `from` on (without slicing the array). */
export function forEachExprFrom(roots: readonly Expr[], from: number, visit: (e: Expr) => boolean | void): void {
  if (from >= roots.length) return;
  const stack = freeStacks.pop() ?? [];
  try {
    for (let k = roots.length - 1; k >= from; k--) stack.push(roots[k]!);
    drain(stack, visit);
  } finally {
    // Empty after a walk; only a visitor that threw leaves something (`length = 0` would also
    // drop the backing store, which popping keeps).
    if (stack.length) stack.length = 0;
    freeStacks.push(stack);
  }
}

/** forEachExpr over the one expression `root` (without an array to hold it). */
export function forEachExprIn(root: Expr, visit: (e: Expr) => boolean | void): void {
  const stack = freeStacks.pop() ?? [];
  try {
    stack.push(root);
    drain(stack, visit);
  } finally {
    if (stack.length) stack.length = 0;
    freeStacks.push(stack);
  }
}

/**
 * Walk stacks no walk is using: a walk takes one and gives it back, so walks allocate no stack
 * each (a visitor may start another walk: it takes another).
 */
const freeStacks: Expr[][] = [];

function drain(stack: Expr[], visit: (e: Expr) => boolean | void): void {
  while (stack.length) {
    const e = stack.pop()!;
    if (visit(e) === false) continue;
    pushChildExprsReversed(e, stack);
  }
}

/** childExprs(e), pushed last first (so they pop in order), without building an array. */
function pushChildExprsReversed(e: Expr, stack: Expr[]): void {
  switch (e.kind) {
    case 'text':
      for (let k = e.parts.length - 1; k >= 0; k--) {
        const p = e.parts[k]!;
        if (typeof p !== 'string') stack.push(p);
      }
      return;
    case 'list':
      for (let k = e.items.length - 1; k >= 0; k--) stack.push(e.items[k]!);
      return;
    case 'object':
      for (let k = e.entries.length - 1; k >= 0; k--) stack.push(e.entries[k]!.value, e.entries[k]!.key);
      return;
    case 'index':
      if (e.sliceEnd) stack.push(e.sliceEnd);
      stack.push(e.index, e.target);
      return;
    case 'member':
      stack.push(e.target);
      return;
    case 'unary':
      stack.push(e.operand);
      return;
    case 'binary':
      stack.push(e.right, e.left);
      return;
    case 'call':
      for (let k = e.args.length - 1; k >= 0; k--) stack.push(e.args[k]!);
      return;
    case 'paren':
      stack.push(e.expr);
      return;
    case 'action': {
      const a = e.action;
      for (let k = a.atInputs.length - 1; k >= 0; k--) stack.push(a.atInputs[k]!.value);
      for (let k = a.params.length - 1; k >= 0; k--) stack.push(a.params[k]!.value);
      return;
    }
    case 'datatable': {
      const kids = childExprs(e);
      for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
      return;
    }
    default:
      // Leaves (text without parts to walk aside): names, numbers, Booleans, invalid values.
      return;
  }
}

const actionsOfStatement = new WeakMap<Statement, readonly ActionCall[]>();
const NO_ACTIONS: readonly ActionCall[] = Object.freeze([]);
/** The walk stack of computeStatementActions, reused (the walk never re-enters itself). */
const actionStack: Expr[] = [];

/**
 * The actions a statement runs: its own, a WAIT condition's, and actions used as conditions
 * inside its expressions (`IF (File.IfFile.Exists …)`). Computed once per statement (a dozen
 * analyses and rules ask for every statement's actions). Do not modify the array.
 */
export function statementActions(s: Statement): readonly ActionCall[] {
  if (walking !== undefined && walking.statements[walkingAt] === s) return statementActionsAt(walking, walkingAt);
  return actionsOf(s);
}

function actionsOf(s: Statement): readonly ActionCall[] {
  let out = actionsOfStatement.get(s);
  if (!out) actionsOfStatement.set(s, (out = computeStatementActions(s, statementExprs(s))));
  return out;
}

function computeStatementActions(s: Statement, roots: readonly Expr[]): readonly ActionCall[] {
  let out: ActionCall[] | undefined;
  if (s.kind === 'action') out = [s.action];
  if (s.kind === 'wait' && s.condition) (out ??= []).push(s.condition);
  const stack = actionStack;
  // Empty since the last call drained it (`length = 0` would drop its backing store each time).
  if (stack.length) stack.length = 0;
  for (let k = roots.length - 1; k >= 0; k--) stack.push(roots[k]!);
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === 'action') (out ??= []).push(e.action);
    pushChildExprsReversed(e, stack);
  }
  return out ?? NO_ACTIONS;
}
