/**
 * The tree diff of two versions of one subflow: which statements were added, removed, moved or
 * changed, and for a changed one which parameters (old → new). It works on the IR, never on text
 * lines, so re-indenting, re-wrapping or reordering an action's parameters is no change.
 *
 * Matching, in the spirit of GumTree (Falleri et al., 2014) over a statement tree:
 * 1. Every statement becomes a node in pre-order with its own content (`own`: kind, label and
 *    every parameter, canonically printed and sorted by name) and its `key` (kind, label and the
 *    parameters that say *what* it is: a connector's ConnectorId and OperationId, a child flow's
 *    FlowId, a SET's target…).
 * 2. Nodes equal in `own` are matched in order with a Myers diff (after stripping the common
 *    prefix and suffix, so an unchanged subflow costs one linear pass; the Myers search is bounded
 *    and a change too big for it falls back to step 3).
 * 3. Left-over nodes are matched by equal `own` anywhere (a statement moved), then by equal `key`
 *    (a statement changed, perhaps moved as well).
 * 4. A matched pair is *moved* when its parent is not the partner of its old parent (or it went
 *    to another branch of it), or when it is outside the longest run of pairs kept in order (a
 *    longest increasing subsequence, O(n log n)).
 * 5. Unmatched nodes are added or removed; an added block is reported once with its body's size.
 *
 * Pure: no I/O. Secrets in printed values are masked by the caller's `mask`.
 */
import { diffArrays } from 'diff';
import type { ActionCall, Expr, OnErrorClause, Statement } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import { childLists } from '../analysis/walk.js';
import type { StatementChange, ValueChange } from '../generated/diff.js';

/** Prints a value for display with its secrets masked (`span` is where the value is in its document). */
export type Mask = (value: string, span: Span) => string;

export interface StatementNode {
  /** Pre-order index in its subflow. */
  index: number;
  /** Index of the enclosing statement, -1 at the top. */
  parent: number;
  /** Which of the parent's statement lists (THEN, ELSE, a CASE…) it is in. */
  slot: number;
  kind: string;
  label: string;
  key: string;
  own: string;
  /** Parameter name → canonical value, and where the value is (for masking). */
  params: Map<string, { value: string; span: Span }>;
  start: number;
  /** How many statements it holds, at any depth. */
  size: number;
}

/** Deeper expressions are compared by their whitespace-collapsed source instead (no unbounded recursion). */
const MAX_EXPR_DEPTH = 64;
/**
 * Work bound of the Myers search, about (statements compared) × (edit distance): past it, the
 * move/key matching alone decides. A real change is far below it; two unrelated 100k-statement
 * subflows (hostile input) stop after some 10⁸ steps instead of 10¹⁰.
 */
const MYERS_BUDGET = 50_000_000;
const MAX_EDIT = 4000;

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** An expression in canonical form: what it means, not how it was spaced. */
export function printExpr(e: Expr, text: string, depth = 0): string {
  if (depth > MAX_EXPR_DEPTH) return collapse(text.slice(e.span.start, e.span.end));
  const p = (x: Expr): string => printExpr(x, text, depth + 1);
  switch (e.kind) {
    case 'text':
      return text.slice(e.span.start, e.span.end);
    case 'number':
      return e.raw;
    case 'bool':
      return e.value ? 'True' : 'False';
    case 'name':
      return e.parts.join('.');
    case 'list':
      return `[${e.items.map(p).join(', ')}]`;
    case 'object':
      return `{${e.entries.map((x) => `${p(x.key)}: ${p(x.value)}`).join(', ')}}`;
    case 'index':
      return `${p(e.target)}[${p(e.index)}${e.sliceEnd ? `:${p(e.sliceEnd)}` : ''}]`;
    case 'member':
      return `${p(e.target)}.${e.name.value}`;
    case 'unary':
      return e.operator === 'NOT' ? `NOT ${p(e.operand)}` : `${e.operator}${p(e.operand)}`;
    case 'binary':
      return `${p(e.left)} ${e.operator} ${p(e.right)}`;
    case 'call':
      return `${e.callee.value}(${e.args.map(p).join(', ')})`;
    case 'paren':
      return `(${p(e.expr)})`;
    case 'action':
      return `(${printAction(e.action, text, depth + 1)})`;
    default:
      return collapse(text.slice(e.span.start, e.span.end));
  }
}

function actionParams(a: ActionCall, text: string, depth: number): [string, string, Span][] {
  const out: [string, string, Span][] = [];
  for (const x of a.params) out.push([x.name.value, printExpr(x.value, text, depth), x.value.span]);
  for (const x of a.atInputs) out.push([`@${x.name.value}`, printExpr(x.value, text, depth), x.value.span]);
  for (const x of a.outputs) out.push([`${x.name.value}=>`, x.variable.value, x.variable.span]);
  for (const x of a.atOutputs) out.push([`@${x.name.value}=>`, x.variable.value, x.variable.span]);
  return out;
}

function printAction(a: ActionCall, text: string, depth: number): string {
  const ps = actionParams(a, text, depth).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return [a.name.value, ...ps.map(([n, v]) => (n.endsWith('=>') ? `${n} ${v}` : `${n}: ${v}`))].join(' ');
}

function onErrorText(cs: OnErrorClause[], text: string): string {
  return cs
    .map((c) => {
      const parts = ['ON ERROR'];
      if (c.kind) parts.push(c.kind);
      if (c.retry) parts.push(`REPEAT ${printExpr(c.retry.times, text)} TIMES${c.retry.wait ? ` WAIT ${printExpr(c.retry.wait, text)}` : ''}`);
      return parts.join(' ');
    })
    .join('; ');
}

/** Parameters that say what an action is (matched on in step 3), beyond its name. */
const IDENTITY_PARAMS: Record<string, readonly string[]> = {
  'External.InvokeCloudConnector': ['ConnectorId', 'OperationId'],
  'External.RunFlow': ['FlowId'],
};

interface Described {
  label: string;
  params: [string, string, Span][];
  identity: string[];
}

function describe(s: Statement, text: string): Described | undefined {
  const e = (x: Expr): string => printExpr(x, text);
  switch (s.kind) {
    case 'action': {
      const params = actionParams(s.action, text, 0);
      if (s.onError.length) params.push(['ON ERROR', onErrorText(s.onError, text), s.onError[0]!.span]);
      const ids = IDENTITY_PARAMS[s.action.name.value] ?? [];
      return { label: s.action.name.value, params, identity: ids.map((n) => params.find((p) => p[0] === n)?.[1] ?? '') };
    }
    case 'set':
      return { label: `SET ${e(s.target)}`, params: [['value', e(s.value), s.value.span]], identity: [] };
    case 'if': {
      const params: [string, string, Span][] = s.branches.map((b, i) => [i === 0 ? 'condition' : `ELSE IF #${i} condition`, e(b.condition), b.condition.span]);
      s.branches.forEach((b, i) => {
        if (b.onError.length) params.push([`${i === 0 ? 'condition' : `ELSE IF #${i}`} ON ERROR`, onErrorText(b.onError, text), b.onError[0]!.span]);
      });
      if (s.elseBody) params.push(['ELSE', 'yes', s.elseSpan ?? s.span]);
      return { label: 'IF', params, identity: [] };
    }
    case 'switch': {
      const params: [string, string, Span][] = [['subject', e(s.subject), s.subject.span]];
      s.cases.forEach((c, i) => params.push([`CASE #${i + 1}`, `${c.operator} ${e(c.value)}`, c.value.span]));
      if (s.defaultBody) params.push(['DEFAULT', 'yes', s.span]);
      return { label: 'SWITCH', params, identity: [] };
    }
    case 'loop': {
      const params: [string, string, Span][] = [
        ['FROM', e(s.from), s.from.span],
        ['TO', e(s.to), s.to.span],
      ];
      if (s.step) params.push(['STEP', e(s.step), s.step.span]);
      return { label: `LOOP${s.variable ? ` ${s.variable.value}` : ''}`, params, identity: [] };
    }
    case 'foreach':
      return { label: `LOOP FOREACH ${s.variable.value}`, params: [['IN', e(s.collection), s.collection.span]], identity: [] };
    case 'while':
      return { label: 'LOOP WHILE', params: [['condition', e(s.condition), s.condition.span]], identity: [] };
    case 'label':
      return { label: `LABEL ${s.name.value}`, params: [], identity: [] };
    case 'goto':
      return { label: `GOTO ${s.name.value}`, params: [], identity: [] };
    case 'call':
      return { label: `CALL ${s.name.value}`, params: [], identity: [] };
    case 'exit':
      return { label: 'EXIT', params: s.params.map((p) => [p.name.value, e(p.value), p.value.span]), identity: [] };
    case 'wait': {
      const params: [string, string, Span][] = [];
      if (s.duration) params.push(['duration', e(s.duration), s.duration.span]);
      if (s.condition) params.push(['condition', printAction(s.condition, text, 0), s.condition.span]);
      if (s.timeout) params.push(['FOR', e(s.timeout), s.timeout.span]);
      if (s.onError.length) params.push(['ON ERROR', onErrorText(s.onError, text), s.onError[0]!.span]);
      return { label: 'WAIT', params, identity: [] };
    }
    case 'block':
      return { label: `BLOCK${s.name ? ` ${s.name.value}` : ''}`, params: s.handlerOptions.length ? [['ON BLOCK ERROR', s.handlerOptions.join(' '), s.span]] : [], identity: [] };
    case 'errorAssign':
      return { label: `ERROR => ${s.variable.value}`, params: s.params.map((p) => [p.name.value, e(p.value), p.value.span]), identity: [] };
    case 'exitLoop':
      return { label: 'EXIT LOOP', params: [], identity: [] };
    case 'nextLoop':
      return { label: 'NEXT LOOP', params: [], identity: [] };
    case 'nextAction':
      return { label: 'NEXT ACTION', params: [], identity: [] };
    case 'exitFunction':
      return { label: 'EXIT FUNCTION', params: [], identity: [] };
    case 'repeatBlock':
      return { label: 'REPEAT BLOCK', params: [], identity: [] };
    case 'region':
    case 'endRegion':
      return undefined; // regions organise the designer's view; they do not change what runs
    case 'invalid':
      return { label: '(not parsed)', params: [['text', collapse(text.slice(s.span.start, s.span.end)), s.span]], identity: [] };
  }
}

/** The statements of one subflow body as nodes, in pre-order (iterative: nesting depth is not bounded by the grammar). */
export function statementNodes(body: readonly Statement[], text: string): StatementNode[] {
  const nodes: StatementNode[] = [];
  const stack: { s: Statement; parent: number; slot: number }[] = [];
  for (let i = body.length - 1; i >= 0; i--) stack.push({ s: body[i]!, parent: -1, slot: 0 });
  const open: number[] = []; // ancestors whose size is still counting
  while (stack.length) {
    const { s, parent, slot } = stack.pop()!;
    while (open.length && open[open.length - 1] !== parent) open.pop();
    const d = describe(s, text);
    let self = parent;
    if (d) {
      const params = new Map<string, { value: string; span: Span }>();
      for (const [n, v, span] of d.params) params.set(n, { value: v, span });
      if (s.disabled) params.set('DISABLE', { value: 'yes', span: s.span });
      for (const a of s.annotations) params.set(`@@${a.key.value}`, { value: a.value ? printExpr(a.value, text) : '', span: a.value?.span ?? a.span });
      const sorted = [...params.keys()].sort();
      const key = `${s.kind}\u0000${d.label}\u0000${d.identity.join('\u0000')}`;
      const own = `${key}\u0001${sorted.map((k) => `${k}\u0002${params.get(k)!.value}`).join('\u0001')}`;
      self = nodes.length;
      nodes.push({ index: self, parent, slot, kind: s.kind, label: d.label, key, own, params, start: s.span.start, size: 0 });
      for (const a of open) nodes[a]!.size++;
      open.push(self);
    }
    const lists = childLists(s);
    for (let l = lists.length - 1; l >= 0; l--) {
      const list = lists[l]!;
      for (let i = list.length - 1; i >= 0; i--) stack.push({ s: list[i]!, parent: self, slot: d ? l : slot });
    }
  }
  return nodes;
}

export interface SubflowDiff {
  changes: StatementChange[];
  added: number;
  removed: number;
  moved: number;
  changed: number;
}

export interface DiffSide {
  nodes: StatementNode[];
  /** 1-based line of an offset in its document. */
  line(offset: number): number;
  mask: Mask;
}

/** Steps 2–5 of the module comment. */
export function diffStatements(a: DiffSide, b: DiffSide): SubflowDiff {
  const O = a.nodes;
  const N = b.nodes;
  const partnerOfOld = new Int32Array(O.length).fill(-1);
  const partnerOfNew = new Int32Array(N.length).fill(-1);
  const pair = (i: number, j: number): void => {
    partnerOfOld[i] = j;
    partnerOfNew[j] = i;
  };

  // Step 2: common prefix and suffix, then a bounded Myers diff of the middle.
  let pre = 0;
  while (pre < O.length && pre < N.length && O[pre]!.own === N[pre]!.own) pair(pre, pre), pre++;
  let suf = 0;
  while (suf < O.length - pre && suf < N.length - pre && O[O.length - 1 - suf]!.own === N[N.length - 1 - suf]!.own) {
    pair(O.length - 1 - suf, N.length - 1 - suf);
    suf++;
  }
  const midO = O.slice(pre, O.length - suf).map((n) => n.own);
  const midN = N.slice(pre, N.length - suf).map((n) => n.own);
  if (midO.length && midN.length) {
    const maxEditLength = Math.max(16, Math.min(MAX_EDIT, Math.floor(MYERS_BUDGET / (midO.length + midN.length))));
    const parts = diffArrays(midO, midN, { maxEditLength });
    if (parts) {
      let i = pre;
      let j = pre;
      for (const part of parts) {
        if (part.added) j += part.count;
        else if (part.removed) i += part.count;
        else for (let k = 0; k < part.count; k++) pair(i++, j++);
      }
    }
  }

  // Step 3: the rest, by equal content anywhere, then by equal key.
  for (const field of ['own', 'key'] as const) {
    const waiting = new Map<string, number[]>();
    for (let i = O.length - 1; i >= 0; i--) {
      if (partnerOfOld[i] !== -1) continue;
      const k = O[i]![field];
      let q = waiting.get(k);
      if (!q) waiting.set(k, (q = []));
      q.push(i); // reversed: pop() gives the first
    }
    if (waiting.size === 0) break;
    for (let j = 0; j < N.length; j++) {
      if (partnerOfNew[j] !== -1) continue;
      const q = waiting.get(N[j]![field]);
      const i = q?.pop();
      if (i !== undefined) pair(i, j);
    }
  }

  // Step 4: pairs kept in order (longest increasing subsequence of old indexes, in new order).
  const pairs: [number, number][] = [];
  for (let j = 0; j < N.length; j++) if (partnerOfNew[j] !== -1) pairs.push([partnerOfNew[j]!, j]);
  const inOrder = longestIncreasing(pairs.map((p) => p[0]));
  const pairOfNew = new Int32Array(N.length).fill(-1);
  pairs.forEach(([, j], k) => (pairOfNew[j] = k));

  const changes: StatementChange[] = [];
  let moved = 0;
  let changed = 0;
  pairs.forEach(([i, j], k) => {
    const o = O[i]!;
    const n = N[j]!;
    const parentKept = o.parent === -1 ? n.parent === -1 : n.parent !== -1 && partnerOfOld[o.parent] === n.parent && o.slot === n.slot;
    // A statement that only went along with its moved block is not itself moved.
    const isMoved = !parentKept || (!inOrder.has(k) && (n.parent === -1 || inOrder.has(pairOfNew[n.parent]!)));
    const params = o.own === n.own ? [] : paramChanges(o, n, a.mask, b.mask);
    if (!isMoved && params.length === 0) return;
    if (isMoved) moved++;
    if (params.length) changed++;
    changes.push({
      change: isMoved ? 'moved' : 'changed',
      kind: n.kind,
      label: n.label,
      oldLine: a.line(o.start),
      newLine: b.line(n.start),
      ...(params.length ? { params } : {}),
    });
  });

  // Step 5: added and removed, a block once.
  let added = 0;
  let removed = 0;
  for (let j = 0; j < N.length; j++) {
    const n = N[j]!;
    if (partnerOfNew[j] !== -1 || (n.parent !== -1 && partnerOfNew[n.parent] === -1)) continue;
    added++;
    changes.push({ change: 'added', kind: n.kind, label: n.label, newLine: b.line(n.start), ...(n.size ? { nested: n.size } : {}) });
  }
  for (let i = 0; i < O.length; i++) {
    const o = O[i]!;
    if (partnerOfOld[i] !== -1 || (o.parent !== -1 && partnerOfOld[o.parent] === -1)) continue;
    removed++;
    changes.push({ change: 'removed', kind: o.kind, label: o.label, oldLine: a.line(o.start), ...(o.size ? { nested: o.size } : {}) });
  }
  // In line order; at the same line, as a unified diff shows them: removed, then changed, then added.
  changes.sort((x, y) => (x.newLine ?? x.oldLine ?? 0) - (y.newLine ?? y.oldLine ?? 0) || order(x.change) - order(y.change) || (x.oldLine ?? 0) - (y.oldLine ?? 0));
  return { changes, added, removed, moved, changed };
}

const ORDER = ['removed', 'changed', 'moved', 'added'];
const order = (c: string): number => ORDER.indexOf(c);

function paramChanges(o: StatementNode, n: StatementNode, maskOld: Mask, maskNew: Mask): ValueChange[] {
  const names = [...new Set([...n.params.keys(), ...o.params.keys()])];
  const out: ValueChange[] = [];
  for (const name of names) {
    const a = o.params.get(name);
    const b = n.params.get(name);
    if (a?.value === b?.value) continue;
    out.push({ name, ...(a ? { old: maskOld(a.value, a.span) } : {}), ...(b ? { new: maskNew(b.value, b.span) } : {}) });
  }
  return out;
}

/** Indexes (into `xs`) of one longest strictly increasing subsequence. O(n log n). */
export function longestIncreasing(xs: readonly number[]): Set<number> {
  const tails: number[] = []; // index into xs of the smallest tail of each length
  const prev = new Int32Array(xs.length).fill(-1);
  for (let i = 0; i < xs.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[tails[mid]!]! < xs[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k !== -1; k = prev[k]!) out.add(k);
  return out;
}
