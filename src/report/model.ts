/**
 * The governance report (`flowc report`): per flow, the cloud connectors its script uses, with
 * the operations and the connection references they go through, who owns and shares it, how it
 * runs, which licences it needs and what each DLP policy says; per connector, owner and
 * connection reference, the totals. Its shape is schemas/report.schema.json (`GovernanceReport`);
 * the md/csv/html renderers draw from this model only, so all formats say the same thing.
 *
 * Only enabled actions count (a disabled statement never runs). Connector ids are the short
 * `shared_…` names. Everything is sorted, so the same input gives the same report.
 */
import { redactDeep } from '../analysis/secrets.js';
import type { AnalysisServices } from '../analysis/services.js';
import type { ProjectDocument, ProjectModel } from '../analysis/project.js';
import { childFlowTargets, resolveChildFlow } from '../analysis/project-graph.js';
import { emailKey, principals } from '../analysis/sharing.js';
import { applicablePolicies, describeFinding, dlpFindings, dlpSubject, findingSubjects } from '../analysis/dlp-evaluation.js';
import type { DlpPolicy } from '../model/dlp-policy.js';
import type { DlpFinding } from '../analysis/dlp-evaluation.js';
import { dlpBlockedConnector } from '../rules/FC401-dlp-blocked-connector.js';
import { dlpMixedGroups } from '../rules/FC402-dlp-mixed-groups.js';
import { dlpBlockedAction } from '../rules/FC403-dlp-blocked-action.js';
import { dlpDesktopModule } from '../rules/FC404-dlp-desktop-module.js';

/** The rule that reports each kind of DLP finding (analysis finds, the rules judge: codes come from their meta). */
const FINDING_RULE: Readonly<Record<DlpFinding['kind'], string>> = {
  blockedConnector: dlpBlockedConnector.meta.code,
  mixedConnectors: dlpMixedGroups.meta.code,
  blockedAction: dlpBlockedAction.meta.code,
  blockedModule: dlpDesktopModule.meta.code,
  mixedModule: dlpDesktopModule.meta.code,
};
import type {
  ChildFlow,
  ConnectionReferenceTotal,
  ConnectorTotal,
  DlpVerdict,
  FlowConnectionReference,
  FlowConnectorUse,
  GovernanceReport,
  LicenceNeed,
  OwnerTotal,
  ReportConnector,
  ReportFlow,
} from '../generated/report.js';

export type { GovernanceReport, ReportFlow } from '../generated/report.js';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** A reference whose connector the flow does not say (a clipboard footer without ConnectorId). */
export const UNKNOWN_CONNECTOR = '(unknown)';
const connectorOf = (r: { connector: string }): string => r.connector || UNKNOWN_CONNECTOR;
const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(byString);

export interface ReportInput {
  project: ProjectModel;
  services: AnalysisServices;
  /** Documents to report on (default: the reported ones). The rest still resolve child flows. */
  documents?: readonly ProjectDocument[];
}

export function buildReport(input: ReportInput): GovernanceReport {
  const { project, services } = input;
  const docs = [...(input.documents ?? project.documents.filter((d) => d.reported))].sort(
    (a, b) => byString(a.doc.path, b.doc.path) || byString(a.facts.name, b.facts.name) || a.index - b.index,
  );
  const policies = applicablePolicies(services.settings.dlpPolicies, services.settings.environment);
  const verdicts = dlpVerdicts(project, policies);
  const targets = childFlowTargets(project);

  const flows: ReportFlow[] = docs.map((d) => {
    const f = d.facts;
    const uses = new Map<string, { operations: Set<string>; refs: Set<string> }>();
    for (const a of f.connectorActions) {
      if (a.disabled || !a.connector) continue;
      let u = uses.get(a.connector);
      if (!u) uses.set(a.connector, (u = { operations: new Set(), refs: new Set() }));
      if (a.operationId) u.operations.add(a.operationId);
      const ref = a.reference !== undefined ? f.connectionReferences[a.reference] : undefined;
      if (ref) u.refs.add(ref.logicalName);
    }
    const connectors: FlowConnectorUse[] = [...uses.keys()].sort(byString).map((id) => ({
      id,
      operations: sortedUnique(uses.get(id)!.operations),
      connectionReferences: sortedUnique(uses.get(id)!.refs),
    }));
    const connectionReferences: FlowConnectionReference[] = f.connectionReferences
      .map((r) => ({
        logicalName: r.logicalName,
        ...(r.displayName !== undefined ? { displayName: r.displayName } : {}),
        connector: connectorOf(r),
        embedded: r.embedded,
        owner: r.owner ?? null,
      }))
      .sort((a, b) => byString(a.logicalName, b.logicalName));
    const childFlows: ChildFlow[] = [];
    const seenChild = new Set<string>();
    for (const c of f.childFlows) {
      if (c.disabled) continue;
      const key = c.flowId ?? `name:${c.flowName ?? ''}`;
      if (seenChild.has(key)) continue;
      seenChild.add(key);
      const t = resolveChildFlow(targets, c);
      const target = t !== undefined ? project.documents[t] : undefined;
      childFlows.push({
        id: c.flowId ?? '',
        name: target?.facts.name ?? c.flowName ?? null,
        ...(target ? { file: target.doc.path } : {}),
      });
    }
    const description = d.doc.solution?.description ?? f.description;
    return {
      name: f.name,
      ...(f.id !== undefined ? { workflowId: f.id } : {}),
      ...(description ? { description } : {}),
      file: d.doc.path,
      schema: f.schema,
      owner: f.owner ?? null,
      // Each person once, in their strongest role; e-mail addresses compare without regard to case.
      coOwners: principals(f).filter((p) => p.role === 'coOwner').map((p) => p.email),
      users: principals(f).filter((p) => p.role === 'user').map((p) => p.email),
      runs: [...f.runs],
      connectors,
      connectionReferences,
      childFlows,
      licence: licenceNeeds(d, connectors, services),
      dlp: verdicts.get(d.index) ?? [],
    };
  });

  // Per connector, over the reported flows.
  const perConnector = new Map<string, { flows: Set<string>; operations: Map<string, number>; actions: number }>();
  const perOwner = new Map<string | null, { owner: string | null; flows: number; connectors: Set<string>; actions: number }>();
  const perRef = new Map<string, { connector: string; flows: Set<number>; embeddedIn: Set<number>; actions: number }>();
  let connectorActions = 0;
  for (const d of docs) {
    const f = d.facts;
    const owner = f.owner ?? null;
    const ownerKey = owner === null ? null : emailKey(owner);
    let o = perOwner.get(ownerKey);
    if (!o) perOwner.set(ownerKey, (o = { owner, flows: 0, connectors: new Set(), actions: 0 }));
    o.flows++;
    for (const r of f.connectionReferences) {
      let t = perRef.get(r.logicalName);
      if (!t) perRef.set(r.logicalName, (t = { connector: connectorOf(r), flows: new Set(), embeddedIn: new Set(), actions: 0 }));
      t.flows.add(d.index);
      if (r.embedded) t.embeddedIn.add(d.index);
    }
    for (const a of f.connectorActions) {
      if (a.disabled) continue;
      connectorActions++;
      o.actions++;
      const ref = a.reference !== undefined ? f.connectionReferences[a.reference] : undefined;
      if (ref) perRef.get(ref.logicalName)!.actions++;
      if (!a.connector) continue;
      o.connectors.add(a.connector);
      let c = perConnector.get(a.connector);
      if (!c) perConnector.set(a.connector, (c = { flows: new Set(), operations: new Map(), actions: 0 }));
      c.flows.add(f.name);
      c.actions++;
      if (a.operationId) c.operations.set(a.operationId, (c.operations.get(a.operationId) ?? 0) + 1);
    }
  }
  const connectorIds = [...perConnector.keys()].sort(byString);
  const connectors: ReportConnector[] = connectorIds.map((id) => {
    const c = perConnector.get(id)!;
    const info = services.connectors.get(id);
    const operations: Record<string, number> = {};
    for (const op of [...c.operations.keys()].sort(byString)) operations[op] = c.operations.get(op)!;
    return { id, displayName: info?.displayName ?? id, tier: info?.tier ?? null, flows: sortedUnique(c.flows), operations };
  });
  const connectorTotals: ConnectorTotal[] = connectorIds.map((id) => {
    const c = perConnector.get(id)!;
    return { id, flows: c.flows.size, operations: c.operations.size, actions: c.actions };
  });
  const owners: OwnerTotal[] = [...perOwner.entries()]
    .sort(([a], [b]) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : byString(a, b)))
    .map(([, o]) => ({ owner: o.owner, flows: o.flows, connectors: sortedUnique(o.connectors), connectorActions: o.actions }));
  const connectionReferences: ConnectionReferenceTotal[] = [...perRef.entries()]
    .sort(([a], [b]) => byString(a, b))
    .map(([logicalName, r]) => ({ logicalName, connector: r.connector, flows: r.flows.size, embeddedIn: r.embeddedIn.size, actions: r.actions }));

  // Every text from a flow (a DESCRIPTION or solution <Description> holding a connection string,
  // a connection's DISPLAYNAME…) goes through the one masking every output uses.
  return redactDeep({
    version: 1 as const,
    ...(services.settings.environment !== undefined ? { environment: services.settings.environment } : {}),
    flows,
    connectors,
    totals: { flows: flows.length, connectorActions, connectors: connectorTotals, owners, connectionReferences },
  });
}

function licenceNeeds(d: ProjectDocument, connectors: FlowConnectorUse[], services: AnalysisServices): LicenceNeed[] {
  const out: LicenceNeed[] = [];
  if (connectors.length > 0) {
    out.push({
      licence: 'attended-rpa',
      reason: 'cloud connector actions in a desktop flow need an Attended RPA licence',
      connectors: connectors.map((c) => c.id),
    });
  }
  const premium = connectors.filter((c) => services.connectors.get(c.id)?.tier === 'Premium').map((c) => c.id);
  if (premium.length > 0) {
    out.push({
      licence: 'premium',
      reason: `${premium.length > 1 ? 'premium connectors' : 'the premium connector'} ${premium.map((id) => services.connectors.get(id)?.displayName ?? id).join(', ')} need${premium.length > 1 ? '' : 's'} a premium (Power Automate Premium or Process) plan`,
      connectors: premium,
    });
  }
  // A tier flowc does not know is never taken for Standard.
  const unknown = connectors.filter((c) => !services.connectors.get(c.id)?.tier).map((c) => c.id);
  if (unknown.length > 0) {
    out.push({
      licence: 'unknown-tier',
      reason: `the tier of ${unknown.map((id) => services.connectors.get(id)?.displayName ?? id).join(', ')} is unknown: a premium plan may be needed (add the tenant's connector list to \`connectors\` in flowc.config.json)`,
      connectors: unknown,
    });
  }
  if (d.facts.runs.includes('UNATTENDED')) {
    out.push({ licence: 'unattended-rpa', reason: 'unattended runs need an unattended RPA licence (process capacity) for the machine' });
  }
  return out;
}

/**
 * One verdict per applicable policy and flow. A flow is blocked by what it uses itself and, as
 * Power Automate enforces DLP over the whole flow tree, by a child desktop flow of the project
 * that a policy blocks (followed through any depth, once per policy: linear in flows and calls).
 */
function dlpVerdicts(project: ProjectModel, policies: readonly DlpPolicy[]): Map<number, DlpVerdict[]> {
  const out = new Map<number, DlpVerdict[]>();
  if (policies.length === 0) return out;
  const targets = childFlowTargets(project);
  // Callers of each document (reverse child-flow edges).
  const callers = new Map<number, Set<number>>();
  for (const d of project.documents) {
    for (const c of d.facts.childFlows) {
      if (c.disabled) continue;
      const t = resolveChildFlow(targets, c);
      if (t === undefined || t === d.index) continue;
      let set = callers.get(t);
      if (!set) callers.set(t, (set = new Set()));
      set.add(d.index);
    }
  }
  for (const policy of policies) {
    const own = new Map<number, DlpVerdict>();
    for (const d of project.documents) {
      const findings = dlpFindings(policy, dlpSubject(d.facts));
      if (findings.length === 0) continue;
      own.set(d.index, {
        policy: policy.name,
        verdict: 'blocked',
        rule: FINDING_RULE[findings[0]!.kind],
        message: findings.map((f) => describeFinding(policy, f)).join('; '),
        connectors: sortedUnique(findings.flatMap(findingSubjects)),
      });
    }
    // Breadth-first from the blocked flows up to their callers: each caller learns the nearest
    // blocked child.
    const inherited = new Map<number, { child: number; verdict: DlpVerdict }>();
    const queue: number[] = [...own.keys()].sort((a, b) => a - b);
    for (let i = 0; i < queue.length; i++) {
      const child = queue[i]!;
      const v = own.get(child) ?? inherited.get(child)!.verdict;
      for (const caller of [...(callers.get(child) ?? [])].sort((a, b) => a - b)) {
        if (own.has(caller) || inherited.has(caller)) continue;
        const childName = project.documents[child]!.facts.name;
        inherited.set(caller, {
          child,
          verdict: {
            policy: policy.name,
            verdict: 'blocked',
            ...(v.rule !== undefined ? { rule: v.rule } : {}),
            message: `child flow '${childName}' is blocked: ${v.message}`,
            ...(v.connectors ? { connectors: v.connectors } : {}),
          },
        });
        queue.push(caller);
      }
    }
    for (const d of project.documents) {
      const v = own.get(d.index) ?? inherited.get(d.index)?.verdict ?? { policy: policy.name, verdict: 'allowed' as const, message: `DLP policy '${policy.name}' allows everything the flow uses` };
      let list = out.get(d.index);
      if (!list) out.set(d.index, (list = []));
      list.push(v);
    }
  }
  return out;
}
