/**
 * FlowFacts: what the rest of flowc needs to know about one flow, computed once per file in the
 * per-file phase and small enough to serialise (cache, worker threads). It is the flow's
 * `FlowSummary` in ARCHITECTURE.md terms: name, id, schema and sharing (from the header, or the
 * documented defaults), the connection references it declares (header, clipboard footer, or
 * solution record), every connector action with its reference resolved, and child-flow calls.
 */
import { dlpModuleName, type ModuleUse } from '../model/dlp-policy.js';
import type { ActionCall, Annotation, Flow, RunMode } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import type { SourceDocument } from '../model/source.js';
import { flowStatements, statementActionsAt } from './walk.js';
import { normalizeConnectorId } from '../catalog/swagger.js';
import { normalizeId } from '../util/guid.js';
import { emailKey } from '../util/email.js';

export interface ConnectionReferenceFact {
  /** The name a `Connection:` value may use: header CONNECTION name, else the logical name. */
  name: string;
  logicalName: string;
  displayName?: string;
  /** Short connector id, lower case (`shared_sharepointonline`). */
  connector: string;
  /** As written in the source (header text or full id). */
  connectorWritten: string;
  padInternalId?: string;
  owner?: string;
  embedded: boolean;
  source: 'header' | 'footer' | 'solution';
  /** Header clause (for header references). */
  span?: Span;
  /** The whole header line including the line break (for fixes removing it). */
  lineSpan?: Span;
  connectorSpan?: Span;
  ownerSpan?: Span;
  embeddedSpan?: Span;
  /** Clipboard footer entry: where its id (`"InternalId": …`, else `"LogicalName": …`) is written. */
  footerEntrySpan?: Span;
  /** Clipboard footer entry: its `IsEmbedded` value, when written. */
  footerEmbeddedSpan?: Span;
  /**
   * The connection bound to the reference where the flow came from: its name (a solution
   * record's `name`, a clipboard footer's `ConnectionName`) and display name, usually its
   * account (`connectionDisplayName`, the footer's `ConnectionDisplayName`).
   */
  recordName?: string;
  connectionDisplayName?: string;
  /** A record's `isDisabled`, a footer's `IsDisabled` (false when not written). */
  isDisabled?: boolean;
  /** For a footer reference: its `ConnectionReferences` entry as written, every field kept (clipboard output writes it back). */
  footerEntry?: Record<string, unknown>;
}

export interface ConnectorActionFact {
  /** Index among the flow's connector actions, in source order. */
  index: number;
  subflow: string;
  span: Span;
  nameSpan: Span;
  disabled: boolean;
  /** `Connection:` value as written (padInternalId, header name or logical name), or undefined when missing. */
  connection?: string;
  connectionSpan?: Span;
  /** Index into FlowFacts.connectionReferences when resolved. */
  reference?: number;
  /** `ConnectorId:` as written, if any. */
  connectorIdWritten?: string;
  connectorIdSpan?: Span;
  /** Short id: from ConnectorId:, else from the reference. */
  connector?: string;
  operationId?: string;
  operationSpan?: Span;
  inputs: { name: string; span: Span }[];
  outputs: { name: string; variable: string; span: Span }[];
  /** `@@connectionDisplayName` annotation. */
  connectionDisplayName?: string;
}

export interface ChildFlowCallFact {
  span: Span;
  disabled: boolean;
  subflow: string;
  flowId?: string;
  flowIdSpan?: Span;
  /** `@@flowname: '…'` annotation. */
  flowName?: string;
  waitToComplete?: boolean;
  inputs: string[];
  outputs: string[];
}

export interface FlowFacts {
  name: string;
  /** workflowId (header ID or solution WorkflowId), lower case, no braces. */
  id?: string;
  schema: 'V1' | 'V2';
  schemaSpan?: Span;
  owner?: string;
  ownerSpan?: Span;
  coOwners: { email: string; span?: Span }[];
  users: { email: string; span?: Span }[];
  runs: RunMode[];
  runsSpan?: Span;
  headerSpan?: Span;
  /** The clipboard footer (from `# [ControlRepository][PowerAutomateDesktop]` to the end), when there is one. */
  footerSpan?: Span;
  connectionReferences: ConnectionReferenceFact[];
  connectorActions: ConnectorActionFact[];
  childFlows: ChildFlowCallFact[];
  /** PAD modules of the (enabled) standard actions used, e.g. `File`, `Scripting`. */
  modules: string[];
  /**
   * The same by DLP module name, with the first action and a count (what DLP verdicts and the
   * report show): computed here so that they need no IR (threads, cache, `report`).
   */
  moduleUses: ModuleUse[];
  /** The header's DESCRIPTION, if any. */
  description?: string;
  /** The flow allows a cloud-initiated run (ATTENDED or UNATTENDED). */
  cloudRuns: boolean;
  /**
   * Shared with anyone but its owner (a co-owner or a run-only user whose e-mail address, compared
   * without regard to case, is not the owner's): `COOWNER` naming the owner shares nothing (FC312).
   */
  shared: boolean;
  /**
   * Short ids of connectors the flow's own data marks as custom (FC105): a solution
   * ConnectorDefinition with `IsCustomApi: true`, the manifest's `ConnectorReferences[].IsCustom`,
   * or a clipboard footer reference with `IsCustom`/`IsCustomApi`. Sorted. Never guessed from names.
   */
  customConnectors: string[];
}

export const INVOKE_CLOUD_CONNECTOR = 'External.InvokeCloudConnector';
export const RUN_FLOW = 'External.RunFlow';

function textArg(a: ActionCall, name: string): { value?: string; span?: Span } {
  const p = a.params.find((x) => x.name.value === name);
  if (!p) return {};
  if (p.value.kind === 'text' && p.value.parts.every((x) => typeof x === 'string')) return { value: p.value.value, span: p.value.span };
  if (p.value.kind === 'name') return { value: p.value.parts.join('.'), span: p.value.span };
  return { span: p.value.span };
}

function annotationText(anns: Annotation[], key: string): string | undefined {
  const a = anns.find((x) => x.key.value === key);
  return a?.value?.kind === 'text' ? a.value.value : undefined;
}

export function flowDisplayName(doc: SourceDocument, flow: Flow): string {
  if (flow.header?.name.value) return flow.header.name.value;
  if (doc.flowName) return doc.flowName;
  const base = doc.path.split('/').pop() ?? doc.path;
  return base.replace(/\.[^.]+$/, '');
}

export function computeFacts(doc: SourceDocument, flow: Flow): FlowFacts {
  const h = flow.header;
  const refs: ConnectionReferenceFact[] = [];
  if (h) {
    for (const c of h.connections) {
      refs.push({
        name: c.name.value,
        logicalName: c.logicalName?.value ?? c.name.value,
        displayName: c.displayName?.value,
        connector: normalizeConnectorId(c.connector.value),
        connectorWritten: c.connector.value,
        padInternalId: (c.id ? normalizeId(c.id.value) : undefined),
        owner: c.owner?.value,
        embedded: !!c.embedded,
        source: 'header',
        span: c.span,
        lineSpan: c.lineSpan,
        connectorSpan: c.connector.span,
        ownerSpan: c.owner?.span,
        embeddedSpan: c.embedded,
      });
    }
  }
  for (const f of flow.footer?.connectionReferences ?? []) {
    const logical = f.logicalName ?? f.displayName ?? f.internalId ?? '';
    const declared = refs.find((r) => (f.internalId && r.padInternalId === normalizeId(f.internalId)) || r.logicalName === logical);
    if (declared) {
      // The header declares the reference (as `flowc import` writes it from the footer): the
      // header says what it states, the footer keeps what the header has no clause for (the
      // bound connection), and a clipboard build writes the entry back with every field.
      if (declared.source === 'header' && !declared.footerEntry) {
        if (f.connectionName !== undefined) declared.recordName = f.connectionName;
        if (f.connectionDisplayName !== undefined) declared.connectionDisplayName = f.connectionDisplayName;
        if (f.isDisabled !== undefined) declared.isDisabled = f.isDisabled;
        if (declared.displayName === undefined && f.displayName !== undefined) declared.displayName = f.displayName;
        declared.footerEntry = f.raw;
      }
      continue;
    }
    refs.push({
      name: logical,
      logicalName: logical,
      displayName: f.displayName,
      connector: normalizeConnectorId(f.connectorId ?? ''),
      connectorWritten: f.connectorId ?? '',
      padInternalId: (f.internalId === undefined ? undefined : normalizeId(f.internalId)),
      embedded: f.isEmbedded ?? false,
      source: 'footer',
      ...(f.connectionName !== undefined ? { recordName: f.connectionName } : {}),
      ...(f.connectionDisplayName !== undefined ? { connectionDisplayName: f.connectionDisplayName } : {}),
      ...(f.isDisabled !== undefined ? { isDisabled: f.isDisabled } : {}),
      footerEntry: f.raw,
      ...(flow.footer ? footerEntryLocation(doc.text, flow.footer.span, f.internalId, f.logicalName) : {}),
    });
  }
  for (const r of doc.solution?.connectionReferences ?? []) {
    const logical = r.connectionReferenceLogicalName ?? r.displayName ?? r.padInternalId ?? '';
    const id = (r.padInternalId === undefined ? undefined : normalizeId(r.padInternalId));
    if (refs.some((x) => (id && x.padInternalId === id) || x.logicalName === logical)) continue;
    refs.push({
      name: logical,
      logicalName: logical,
      displayName: r.displayName,
      connector: normalizeConnectorId(r.api?.name ?? ''),
      connectorWritten: r.api?.name ?? '',
      padInternalId: id,
      embedded: r.isEmbedded ?? false,
      source: 'solution',
      recordName: r.name,
      connectionDisplayName: r.connectionDisplayName,
      ...(typeof r.isDisabled === 'boolean' ? { isDisabled: r.isDisabled } : {}),
    });
  }

  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  refs.forEach((r, i) => {
    if (r.padInternalId) byId.set(r.padInternalId, i);
    byName.set(r.name.toLowerCase(), i);
    byName.set(r.logicalName.toLowerCase(), i);
    if (r.displayName && !byName.has(r.displayName.toLowerCase())) byName.set(r.displayName.toLowerCase(), i);
  });

  const actions: ConnectorActionFact[] = [];
  const childFlows: ChildFlowCallFact[] = [];
  const modules = new Set<string>();
  // By DLP module name; a disabled statement's nested statements do not count either.
  const moduleUses = new Map<string, ModuleUse>();
  // One pass over every statement (disabled ones too: their connector actions and child-flow
  // calls are facts, marked disabled); module uses count enabled statements outside disabled ones.
  const index = flowStatements(flow);
  const { statements, ends, subflows: owners } = index;
  let enabledFrom = 0;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    const sub = owners[i]!;
    if (i >= enabledFrom && s.disabled) enabledFrom = ends[i]!;
    const enabled = i >= enabledFrom;
    const calls = statementActionsAt(index, i);
    // Indexed loops: no iterator object per statement, whatever tier runs the code.
    for (let n = 0; n < calls.length; n++) {
      const a = calls[n]!;
      if (!s.disabled && a.module) modules.add(a.module);
      if (a.name.value === INVOKE_CLOUD_CONNECTOR) {
        const conn = textArg(a, 'Connection');
        const cid = textArg(a, 'ConnectorId');
        const op = textArg(a, 'OperationId');
        const ref = conn.value !== undefined ? (byId.get(conn.value.toLowerCase().replace(/^\{(.*)\}$/, '$1')) ?? byName.get(conn.value.toLowerCase())) : undefined;
        const connector = cid.value ? normalizeConnectorId(cid.value) : ref !== undefined ? refs[ref]!.connector : undefined;
        actions.push({
          index: actions.length,
          subflow: sub.name.value,
          span: a.span,
          nameSpan: a.name.span,
          disabled: s.disabled,
          connection: conn.value,
          connectionSpan: conn.span,
          reference: ref,
          connectorIdWritten: cid.value,
          connectorIdSpan: cid.span,
          connector,
          operationId: op.value,
          operationSpan: op.span,
          inputs: a.atInputs.map((p) => ({ name: p.name.value, span: p.name.span })),
          outputs: a.atOutputs.map((o) => ({ name: o.name.value, variable: o.variable.value, span: o.span })),
          connectionDisplayName: annotationText(s.annotations, 'connectionDisplayName'),
        });
      } else if (a.name.value === RUN_FLOW) {
        const id = textArg(a, 'FlowId');
        const wait = a.params.find((p) => p.name.value === 'WaitToComplete');
        childFlows.push({
          span: a.span,
          disabled: s.disabled,
          subflow: sub.name.value,
          flowId: (id.value === undefined ? undefined : normalizeId(id.value)),
          flowIdSpan: id.span,
          flowName: annotationText(s.annotations, 'flowname'),
          waitToComplete: wait?.value.kind === 'bool' ? wait.value.value : undefined,
          inputs: a.atInputs.map((p) => p.name.value),
          outputs: a.atOutputs.map((o) => o.name.value),
        });
      }
    }
    if (!enabled) continue;
    for (let n = 0; n < calls.length; n++) {
      const a = calls[n]!;
      if (!a.module) continue;
      const m = dlpModuleName(a.module, a.action);
      if (!m) continue;
      const key = m.toLowerCase();
      const use = moduleUses.get(key);
      if (use) use.count++;
      else moduleUses.set(key, { module: m, scriptModule: a.module, first: a.name.span, count: 1 });
    }
  }

  const runs: RunMode[] = h?.runs?.value.length ? h.runs.value : ['CONSOLE'];
  const coOwners = (h?.coOwners ?? []).map((c) => ({ email: c.value, span: c.span }));
  const users = (h?.users ?? []).map((c) => ({ email: c.value, span: c.span }));
  const rawId = h?.id?.value ?? doc.solution?.workflowId;
  const id = rawId === undefined ? undefined : normalizeId(rawId);
  return {
    name: flowDisplayName(doc, flow),
    id,
    schema: h?.schema?.value ?? 'V2',
    schemaSpan: h?.schema?.span,
    owner: h?.owner?.value,
    ownerSpan: h?.owner?.span,
    coOwners,
    users,
    runs,
    runsSpan: h?.runs?.span,
    headerSpan: h?.span,
    footerSpan: flow.footer?.span,
    connectionReferences: refs,
    connectorActions: actions,
    childFlows,
    modules: [...modules].sort(),
    moduleUses: [...moduleUses.values()],
    ...(h?.description?.value !== undefined ? { description: h.description.value } : {}),
    cloudRuns: runs.includes('ATTENDED') || runs.includes('UNATTENDED'),
    shared: [...coOwners, ...users].some((p) => h?.owner === undefined || emailKey(p.email) !== emailKey(h.owner.value)),
    customConnectors: customConnectorIds(doc, flow),
  };
}

/** See FlowFacts.customConnectors. Every field is read defensively: the data comes from outside. */
function customConnectorIds(doc: SourceDocument, flow: Flow): string[] {
  const out = new Set<string>();
  const rec = (x: unknown): Record<string, unknown> | undefined => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined);
  const str = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() ? x : undefined);
  const add = (id: string | undefined): void => {
    const short = id ? normalizeConnectorId(id) : '';
    if (short) out.add(short);
  };
  for (const b of doc.solution?.binaries ?? []) {
    const data = rec(b.data);
    if (!data) continue;
    if (b.type === 'ConnectorDefinition') {
      const def = rec(data['Definition']);
      if (rec(def?.['Properties'])?.['IsCustomApi'] === true) add(str(data['ConnectorId']) ?? str(def?.['Id']) ?? str(def?.['Name']) ?? b.reference);
    } else if (b.type === 'ManifestFile' && Array.isArray(data['ConnectorReferences'])) {
      for (const r of data['ConnectorReferences']) {
        const ref = rec(r);
        if (ref?.['IsCustom'] === true) add(str(ref['ConnectorId']) ?? str(ref['ConnectorName']));
      }
    }
  }
  for (const f of flow.footer?.connectionReferences ?? []) {
    if (f.raw['IsCustom'] === true || f.raw['IsCustomApi'] === true || f.raw['IsCustomConnector'] === true) add(f.connectorId);
  }
  return [...out].sort();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * In the clipboard footer's JSON text (parsed without positions): where the entry of a connection
 * reference is (found by InternalId, else LogicalName), and its `"IsEmbedded": …` value if
 * written. Diagnostics that ask to change the embedding point there.
 */
export function footerEntryLocation(text: string, footer: Span, internalId: string | undefined, logicalName: string | undefined): { footerEntrySpan?: Span; footerEmbeddedSpan?: Span } {
  const body = text.slice(footer.start, footer.end);
  const keys: [string, string][] = [];
  if (internalId) keys.push(['InternalId', internalId]);
  if (logicalName) keys.push(['LogicalName', logicalName]);
  for (const [key, value] of keys) {
    const m = new RegExp(`"${key}"\\s*:\\s*"${escapeRegExp(value)}"`, 'i').exec(body);
    if (!m) continue;
    const footerEntrySpan = { start: footer.start + m.index, end: footer.start + m.index + m[0].length };
    // The entry is a flat object: from the `{` before the match to the `}` after it.
    const open = body.lastIndexOf('{', m.index);
    const close = body.indexOf('}', m.index);
    if (open >= 0 && close > open) {
      const e = /"IsEmbedded"\s*:\s*(true|false|null|"[^"]*")/.exec(body.slice(open, close));
      if (e) {
        const start = footer.start + open + e.index + e[0].length - e[1]!.length;
        return { footerEntrySpan, footerEmbeddedSpan: { start, end: start + e[1]!.length } };
      }
    }
    return { footerEntrySpan };
  }
  return {};
}
