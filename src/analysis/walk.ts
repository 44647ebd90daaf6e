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

/** Every statement of a list, depth first, in source order. `visit` returning false skips children. */
export function forEachStatement(list: Statement[], visit: (s: Statement) => boolean | void): void {
  const stack: { list: Statement[]; i: number }[] = [{ list, i: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.list.length) {
      stack.pop();
      continue;
    }
    const s = top.list[top.i++]!;
    if (visit(s) === false) continue;
    const kids = childLists(s);
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ list: kids[k]!, i: 0 });
  }
}

export function allSubflows(flow: Flow): Subflow[] {
  return [flow.main, ...flow.subflows];
}

/** Every statement of the flow with the subflow it belongs to. */
export function forEachFlowStatement(flow: Flow, visit: (s: Statement, sub: Subflow) => boolean | void): void {
  for (const sub of allSubflows(flow)) forEachStatement(sub.body, (s) => visit(s, sub));
}

/** The expressions a statement holds directly (not those of nested statements). */
export function statementExprs(s: Statement): Expr[] {
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
    case 'wait':
      return [...(s.duration ? [s.duration] : []), ...(s.condition ? actionExprs(s.condition) : []), ...(s.timeout ? [s.timeout] : [])];
    default:
      return [];
  }
}

export function actionExprs(a: ActionCall): Expr[] {
  return [...a.params.map((p) => p.value), ...a.atInputs.map((p) => p.value)];
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

/** Every expression under `roots`, depth first. */
export function forEachExpr(roots: Expr[], visit: (e: Expr) => boolean | void): void {
  const stack = [...roots].reverse();
  while (stack.length) {
    const e = stack.pop()!;
    if (visit(e) === false) continue;
    const kids = childExprs(e);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
}

/** Actions used as conditions inside expressions (`IF (File.IfFile.Exists …)`), and WAIT conditions. */
export function statementActions(s: Statement): ActionCall[] {
  const out: ActionCall[] = [];
  if (s.kind === 'action') out.push(s.action);
  if (s.kind === 'wait' && s.condition) out.push(s.condition);
  forEachExpr(statementExprs(s), (e) => {
    if (e.kind === 'action') out.push(e.action);
  });
  return out;
}
