/**
 * `flowc diff`'s model: what changed in meaning between two versions of a set of flows
 * (schemas/diff.schema.json, `FlowDiff`). Flows are paired by workflow id, then name, then
 * path, then content (a rename without an id); for each pair: subflows (statement tree diff,
 * ./statements.ts), header (schema, owner, sharing, run modes), connection references and
 * their embedding, connectors and operations used, licence needs, each DLP policy's verdict,
 * and the diagnostics new in NEW and fixed since OLD (ESLint-style: by rule, message and the
 * source line they are on, so a problem that only moved down is neither new nor fixed).
 *
 * Pure: everything comes in as analysed flows; secrets are masked with each document's own
 * secrets (src/analysis/document-secrets.ts) in every value shown.
 */
import type { Flow, Subflow } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import type { FlowFacts } from '../analysis/facts.js';
import type { DocumentSecrets } from '../analysis/document-secrets.js';
import { maskSecret } from '../analysis/secrets.js';
import { allSubflows } from '../analysis/walk.js';
import type { SourceDocument } from '../model/source.js';
import { LineIndex } from '../util/line-index.js';
import type { ReportFlow } from '../generated/report.js';
import type {
  DiffSummary,
  DlpChange,
  FlowChange,
  FlowDiff,
  HeaderChange,
  Operation,
  Problem,
  ReferenceChange,
  SubflowChange,
  ValueChange,
} from '../generated/diff.js';
import { diffStatements, statementNodes, type DiffSide, type Mask, type StatementNode } from './statements.js';

export type { FlowDiff } from '../generated/diff.js';

/** A diagnostic of one side, with the text of its line (what new/fixed problems are matched on). */
export interface ProblemInput extends Problem {
  /** The source line it is on, trimmed (masked like everything else). */
  context: string;
}

/** One analysed flow of one side. */
export interface DiffFlowInput {
  doc: SourceDocument;
  /** The IR; read only when the flow's text changed. */
  readonly flow: Flow;
  facts: FlowFacts;
  /** The flow as `flowc report` sees it (connectors, licence needs, DLP verdicts). */
  report: ReportFlow;
  problems: ProblemInput[];
  secrets: DocumentSecrets;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const lower = (s: string): string => s.toLowerCase();

export function diffFlows(oldFlows: readonly DiffFlowInput[], newFlows: readonly DiffFlowInput[], labels: { old: string; new: string }): FlowDiff {
  const pairs = matchFlows(oldFlows, newFlows);
  const summary: DiffSummary = {
    flowsAdded: 0,
    flowsRemoved: 0,
    flowsRenamed: 0,
    flowsChanged: 0,
    flowsUnchanged: 0,
    actionsAdded: 0,
    actionsRemoved: 0,
    actionsMoved: 0,
    actionsChanged: 0,
    newProblems: 0,
    fixedProblems: 0,
  };
  const flows: FlowChange[] = [];
  for (const p of pairs) {
    const change = diffPair(p.old, p.new, p.by, summary);
    if (!change) {
      summary.flowsUnchanged++;
      continue;
    }
    if (change.status === 'added') summary.flowsAdded++;
    else if (change.status === 'removed') summary.flowsRemoved++;
    else {
      summary.flowsChanged++;
      if (change.oldName !== undefined) summary.flowsRenamed++;
    }
    summary.newProblems += change.problems.new.length;
    summary.fixedProblems += change.problems.fixed.length;
    flows.push(change);
  }
  flows.sort((a, b) => byString(a.newFile ?? a.oldFile ?? '', b.newFile ?? b.oldFile ?? '') || byString(a.name, b.name));
  return { version: 1, old: labels.old, new: labels.new, changed: flows.length > 0, summary, flows };
}

// ───────────────────────────── pairing flows ─────────────────────────────

type MatchedBy = NonNullable<FlowChange['matchedBy']>;
interface FlowPair {
  old?: DiffFlowInput;
  new?: DiffFlowInput;
  by?: MatchedBy;
}

/** Above this many unpaired flows on each side, renames without an id are not searched for by content. */
const CONTENT_MATCH_LIMIT = 200;

function matchFlows(olds: readonly DiffFlowInput[], news: readonly DiffFlowInput[]): FlowPair[] {
  const pairs: FlowPair[] = [];
  const oldLeft = new Set(olds.map((_, i) => i));
  const newLeft = new Set(news.map((_, i) => i));
  const pass = (by: MatchedBy, keyOf: (f: DiffFlowInput) => string | undefined): void => {
    const waiting = new Map<string, number[]>();
    for (const i of oldLeft) {
      const k = keyOf(olds[i]!);
      if (k === undefined) continue;
      let q = waiting.get(k);
      if (!q) waiting.set(k, (q = []));
      q.push(i);
    }
    for (const j of [...newLeft]) {
      const k = keyOf(news[j]!);
      const i = k === undefined ? undefined : waiting.get(k)?.shift();
      if (i === undefined) continue;
      pairs.push({ old: olds[i], new: news[j], by });
      oldLeft.delete(i);
      newLeft.delete(j);
    }
  };
  pass('id', (f) => f.facts.id);
  pass('name', (f) => lower(f.facts.name));
  pass('path', (f) => `${f.doc.path}\u0000${f.doc.flowName ?? ''}`);
  if (olds.length === 1 && news.length === 1 && oldLeft.size === 1) {
    // `flowc diff old.flow new.flow`: one flow against one flow, whatever their names.
    pairs.push({ old: olds[0], new: news[0], by: 'only' });
    oldLeft.clear();
    newLeft.clear();
  }
  if (oldLeft.size && newLeft.size && oldLeft.size <= CONTENT_MATCH_LIMIT && newLeft.size <= CONTENT_MATCH_LIMIT) {
    // A rename without an id: the pair whose statements are most alike, if at least half are.
    const sig = new Map<DiffFlowInput, Map<string, number>>();
    const sigOf = (f: DiffFlowInput): Map<string, number> => {
      let s = sig.get(f);
      if (!s) sig.set(f, (s = flowSignature(f)));
      return s;
    };
    const candidates: { i: number; j: number; score: number }[] = [];
    for (const i of oldLeft) for (const j of newLeft) {
      const score = similarity(sigOf(olds[i]!), sigOf(news[j]!));
      if (score >= 0.5) candidates.push({ i, j, score });
    }
    candidates.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
    for (const c of candidates) {
      if (!oldLeft.has(c.i) || !newLeft.has(c.j)) continue;
      pairs.push({ old: olds[c.i], new: news[c.j], by: 'content' });
      oldLeft.delete(c.i);
      newLeft.delete(c.j);
    }
  }
  for (const i of oldLeft) pairs.push({ old: olds[i] });
  for (const j of newLeft) pairs.push({ new: news[j] });
  return pairs;
}

function flowSignature(f: DiffFlowInput): Map<string, number> {
  const out = new Map<string, number>();
  // By key (what each statement is, not its every value): a renamed flow may have changed too.
  for (const sub of allSubflows(f.flow)) for (const n of statementNodes(sub.body, f.doc.text)) out.set(n.key, (out.get(n.key) ?? 0) + 1);
  return out;
}

/** Dice coefficient of two multisets. */
function similarity(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0;
  let common = 0;
  for (const v of a.values()) total += v;
  for (const [k, v] of b) {
    total += v;
    common += Math.min(v, a.get(k) ?? 0);
  }
  return total === 0 ? 1 : (2 * common) / total;
}

// ───────────────────────────── one pair ─────────────────────────────

function emptyChange(status: FlowChange['status'], f: DiffFlowInput): FlowChange {
  return {
    status,
    name: f.facts.name,
    ...(f.facts.id ? { workflowId: f.facts.id } : {}),
    header: [],
    connectionReferences: [],
    subflows: [],
    connectors: { added: [], removed: [], operationsAdded: [], operationsRemoved: [] },
    licence: { added: [], removed: [] },
    dlp: [],
    problems: { new: [], fixed: [] },
  };
}

function diffPair(o: DiffFlowInput | undefined, n: DiffFlowInput | undefined, by: MatchedBy | undefined, summary: DiffSummary): FlowChange | undefined {
  if (!o && !n) return undefined;
  // An added (removed) flow is its whole content against nothing: what it uses and what it says.
  const base = (n ?? o)!;
  const change = emptyChange(!o ? 'added' : !n ? 'removed' : 'changed', base);
  if (o) change.oldFile = o.doc.path;
  if (n) change.newFile = n.doc.path;
  if (o && n) {
    change.matchedBy = by;
    // A name taken from the file's name (no header, not in a solution) is not the flow's to rename.
    const named = (f: DiffFlowInput): boolean => f.doc.flowName !== undefined || f.flow.header !== undefined;
    if (o.facts.name !== n.facts.name && (by !== 'only' || (named(o) && named(n)))) change.oldName = o.facts.name;
    change.header = headerChanges(o, n);
    change.connectionReferences = referenceChanges(o.report, n.report);
    if (o.doc.text !== n.doc.text) change.subflows = subflowChanges(o, n, summary);
  } else {
    change.connectionReferences = referenceChanges(o?.report, n?.report);
  }
  change.connectors = connectorChanges(o?.report, n?.report);
  change.licence = licenceChanges(o?.report, n?.report);
  change.dlp = dlpChanges(o?.report, n?.report);
  change.problems = problemChanges(o?.problems ?? [], n?.problems ?? []);
  if (o && n) {
    const same =
      change.oldName === undefined &&
      change.header.length === 0 &&
      change.connectionReferences.length === 0 &&
      change.subflows.length === 0 &&
      change.connectors.added.length + change.connectors.removed.length + change.connectors.operationsAdded.length + change.connectors.operationsRemoved.length === 0 &&
      change.licence.added.length + change.licence.removed.length === 0 &&
      change.dlp.length === 0 &&
      change.problems.new.length + change.problems.fixed.length === 0;
    if (same) return undefined;
  }
  return change;
}

function headerChanges(o: DiffFlowInput, n: DiffFlowInput): HeaderChange[] {
  const out: HeaderChange[] = [];
  const a = o.facts;
  const b = n.facts;
  const value = (field: HeaderChange['field'], x: string | undefined, y: string | undefined, same = x === y): void => {
    if (!same) out.push({ field, old: x ?? null, new: y ?? null });
  };
  value('schema', a.schema, b.schema);
  value('owner', a.owner, b.owner, lower(a.owner ?? '') === lower(b.owner ?? ''));
  value('description', o.report.description, n.report.description);
  value('workflowId', a.id, b.id);
  const members = (field: HeaderChange['field'], xs: readonly string[], ys: readonly string[], key: (s: string) => string): void => {
    const xk = new Set(xs.map(key));
    const yk = new Set(ys.map(key));
    const added = [...new Set(ys.filter((y) => !xk.has(key(y))))].sort(byString);
    const removed = [...new Set(xs.filter((x) => !yk.has(key(x))))].sort(byString);
    if (added.length || removed.length) out.push({ field, added, removed });
  };
  // E-mail addresses compare without case, as Power Automate compares them.
  members('coOwners', a.coOwners.map((c) => c.email), b.coOwners.map((c) => c.email), lower);
  members('users', a.users.map((c) => c.email), b.users.map((c) => c.email), lower);
  members('runs', a.runs, b.runs, (s) => s);
  return out;
}

function referenceChanges(o: ReportFlow | undefined, n: ReportFlow | undefined): ReferenceChange[] {
  const olds = new Map((o?.connectionReferences ?? []).map((r) => [lower(r.logicalName), r]));
  const news = new Map((n?.connectionReferences ?? []).map((r) => [lower(r.logicalName), r]));
  const out: ReferenceChange[] = [];
  for (const [k, r] of news) {
    const before = olds.get(k);
    if (!before) {
      out.push({ logicalName: r.logicalName, change: 'added', connector: r.connector, embedded: r.embedded });
      continue;
    }
    const fields: ValueChange[] = [];
    const field = (name: string, x: string | undefined, y: string | undefined): void => {
      if (x !== y) fields.push({ name, ...(x !== undefined ? { old: x } : {}), ...(y !== undefined ? { new: y } : {}) });
    };
    field('connector', before.connector, r.connector);
    field('embedded', String(before.embedded), String(r.embedded));
    if (lower(before.owner ?? '') !== lower(r.owner ?? '')) field('owner', before.owner ?? undefined, r.owner ?? undefined);
    field('displayName', before.displayName, r.displayName);
    if (fields.length) out.push({ logicalName: r.logicalName, change: 'changed', connector: r.connector, fields });
  }
  for (const [k, r] of olds) if (!news.has(k)) out.push({ logicalName: r.logicalName, change: 'removed', connector: r.connector, embedded: r.embedded });
  return out.sort((a, b) => byString(lower(a.logicalName), lower(b.logicalName)));
}

function connectorChanges(o: ReportFlow | undefined, n: ReportFlow | undefined): FlowChange['connectors'] {
  const ops = (f: ReportFlow | undefined): Map<string, Set<string>> => new Map((f?.connectors ?? []).map((c) => [c.id, new Set(c.operations)]));
  const a = ops(o);
  const b = ops(n);
  const opList = (x: Map<string, Set<string>>, y: Map<string, Set<string>>): Operation[] => {
    const out: Operation[] = [];
    for (const [connector, set] of x) for (const operation of set) if (!y.get(connector)?.has(operation)) out.push({ connector, operation });
    return out.sort((p, q) => byString(p.connector, q.connector) || byString(p.operation, q.operation));
  };
  return {
    added: [...b.keys()].filter((k) => !a.has(k)).sort(byString),
    removed: [...a.keys()].filter((k) => !b.has(k)).sort(byString),
    operationsAdded: opList(b, a),
    operationsRemoved: opList(a, b),
  };
}

function licenceChanges(o: ReportFlow | undefined, n: ReportFlow | undefined): FlowChange['licence'] {
  const a = new Set((o?.licence ?? []).map((l) => l.licence));
  const b = new Set((n?.licence ?? []).map((l) => l.licence));
  return { added: [...b].filter((x) => !a.has(x)).sort(byString), removed: [...a].filter((x) => !b.has(x)).sort(byString) };
}

function dlpChanges(o: ReportFlow | undefined, n: ReportFlow | undefined): DlpChange[] {
  const a = new Map((o?.dlp ?? []).map((v) => [v.policy, v]));
  const b = new Map((n?.dlp ?? []).map((v) => [v.policy, v]));
  const out: DlpChange[] = [];
  for (const policy of [...new Set([...a.keys(), ...b.keys()])].sort(byString)) {
    const x = a.get(policy);
    const y = b.get(policy);
    if (x?.verdict === y?.verdict) continue;
    out.push({ policy, old: x?.verdict ?? null, new: y?.verdict ?? null, message: (y ?? x)!.message });
  }
  return out;
}

/**
 * ESLint-style: a problem of NEW is not new when OLD had the same one — same rule and message,
 * on a line with the same text (wherever the line went), else anywhere (the line itself changed).
 * What is left over on either side is new, or fixed.
 */
function problemChanges(olds: readonly ProblemInput[], news: readonly ProblemInput[]): FlowChange['problems'] {
  const oldLeft = new Set(olds.map((_, i) => i));
  const newLeft = new Set(news.map((_, i) => i));
  for (const key of [(p: ProblemInput): string => `${p.rule}\u0000${p.message}\u0000${p.context}`, (p: ProblemInput): string => `${p.rule}\u0000${p.message}`]) {
    const waiting = new Map<string, number[]>();
    for (const i of oldLeft) {
      const k = key(olds[i]!);
      let q = waiting.get(k);
      if (!q) waiting.set(k, (q = []));
      q.push(i);
    }
    for (const j of [...newLeft]) {
      const i = waiting.get(key(news[j]!))?.shift();
      if (i === undefined) continue;
      oldLeft.delete(i);
      newLeft.delete(j);
    }
  }
  return { new: [...newLeft].sort((a, b) => a - b).map((j) => strip(news[j]!)), fixed: [...oldLeft].sort((a, b) => a - b).map((i) => strip(olds[i]!)) };
}

const strip = (p: ProblemInput): Problem => ({ file: p.file, line: p.line, column: p.column, rule: p.rule, severity: p.severity, message: p.message });

// ───────────────────────────── subflows ─────────────────────────────

function sideOf(f: DiffFlowInput): (sub: Subflow) => DiffSide {
  let lines: LineIndex | undefined;
  const mask = maskerFor(f.doc.text, f.secrets);
  return (sub) => ({
    nodes: statementNodes(sub.body, f.doc.text),
    line: (offset) => (lines ??= new LineIndex(f.doc.text)).position(offset).line,
    mask,
  });
}

function subflowChanges(o: DiffFlowInput, n: DiffFlowInput, summary: DiffSummary): SubflowChange[] {
  const olds = allSubflows(o.flow);
  const news = allSubflows(n.flow);
  const oldSide = sideOf(o);
  const newSide = sideOf(n);
  const byName = new Map(olds.map((s) => [s.isMain ? '\u0000main' : s.name.value, s]));
  const out: SubflowChange[] = [];
  const unmatchedNew: Subflow[] = [];
  const matchedOld = new Set<Subflow>();
  for (const s of news) {
    const before = byName.get(s.isMain ? '\u0000main' : s.name.value);
    if (before && !matchedOld.has(before)) {
      matchedOld.add(before);
      const d = diffStatements(oldSide(before), newSide(s));
      count(summary, d);
      if (d.changes.length) out.push({ name: s.name.value, change: 'changed', statements: d.changes });
    } else unmatchedNew.push(s);
  }
  const unmatchedOld = olds.filter((s) => !matchedOld.has(s));
  // Renamed subflows: an unmatched pair whose statements are mostly the same.
  const oldSides = new Map(unmatchedOld.map((s) => [s, oldSide(s)]));
  const oldBags = new Map(unmatchedOld.map((s) => [s, keyBag(oldSides.get(s)!.nodes)]));
  for (const s of unmatchedNew) {
    const side = newSide(s);
    let best: { sub: Subflow; score: number } | undefined;
    const bag = keyBag(side.nodes);
    if (unmatchedOld.length * unmatchedNew.length <= CONTENT_MATCH_LIMIT * CONTENT_MATCH_LIMIT) {
      for (const t of unmatchedOld) {
        if (matchedOld.has(t)) continue;
        const score = similarity(oldBags.get(t)!, bag);
        if (score >= 0.5 && (!best || score > best.score)) best = { sub: t, score };
      }
    }
    if (best) {
      matchedOld.add(best.sub);
      const d = diffStatements(oldSides.get(best.sub)!, side);
      count(summary, d);
      out.push({ name: s.name.value, oldName: best.sub.name.value, change: 'renamed', statements: d.changes });
    } else {
      summary.actionsAdded += side.nodes.length;
      out.push({ name: s.name.value, change: 'added', statements: [] });
    }
  }
  for (const t of unmatchedOld) {
    if (matchedOld.has(t)) continue;
    summary.actionsRemoved += oldSides.get(t)!.nodes.length;
    out.push({ name: t.name.value, change: 'removed', statements: [] });
  }
  return out;
}

function count(summary: DiffSummary, d: { added: number; removed: number; moved: number; changed: number }): void {
  summary.actionsAdded += d.added;
  summary.actionsRemoved += d.removed;
  summary.actionsMoved += d.moved;
  summary.actionsChanged += d.changed;
}

function keyBag(nodes: readonly StatementNode[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of nodes) out.set(n.key, (out.get(n.key) ?? 0) + 1);
  return out;
}

// ───────────────────────────── secrets ─────────────────────────────

/**
 * Masks a value printed from `text`: every secret range of the document that the value's span
 * overlaps is replaced by `maskSecret` of it, and any secret value it still quotes too.
 */
export function maskerFor(text: string, secrets: DocumentSecrets): Mask {
  if (secrets.ranges.length === 0 && secrets.values.length === 0) return (v) => v;
  const ranges = [...secrets.ranges].sort((a, b) => a.start - b.start);
  return (value: string, span: Span): string => {
    let out = value;
    for (const r of ranges) {
      if (r.start >= span.end) break;
      if (r.end <= span.start) continue;
      const secret = text.slice(r.start, r.end);
      if (secret && out.includes(secret)) out = out.split(secret).join(maskSecret(secret));
    }
    return maskValues(out, secrets.values);
  };
}

/** `text` with every secret value in it masked. */
export function maskValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) if (v && out.includes(v)) out = out.split(v).join(maskSecret(v));
  return out;
}
