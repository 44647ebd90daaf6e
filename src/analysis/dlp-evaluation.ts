/**
 * Data loss prevention (DLP) policies as flowc evaluates them (FC401–FC404 and the report's DLP
 * verdicts). Policy files are read and normalised by src/inputs/dlp-policies.ts into `DlpPolicy`; this
 * module holds the model and the one evaluation every consumer shares, so the rules and the
 * report cannot disagree.
 *
 * What a policy says, in Power Platform terms:
 * - every connector, and every desktop flow module (`DesktopFlow.<Module>`), is in one data group:
 *   Business (`Confidential`), Non-business (`General`) or Blocked; one not listed is in the
 *   policy's default group;
 * - a flow may not use anything Blocked, and may not combine Business with Non-business;
 * - connector action control: per connector, `actionRules` (Allow/Block per operation) and a
 *   default behaviour for operations not listed.
 *
 * Desktop flow modules: only modules that DLP can govern count (the documented list below, plus
 * any module a policy names). A policy that names no desktop flow module at all was made without
 * "desktop flow actions in DLP", so it governs cloud connectors only and modules are not checked.
 */
import type { ConnectorActionFact, FlowFacts } from './facts.js';
import type { Span } from '../ir/span.js';
import { isGovernedModule, type DlpBehavior, type DlpGroup, type DlpPolicy, type ModuleUse } from '../model/dlp-policy.js';

export const GROUP_LABEL: Readonly<Record<DlpGroup, string>> = {
  business: 'Business',
  nonBusiness: 'Non-business',
  blocked: 'Blocked',
};

/** Does the policy apply in `environment` (the config's target environment)? */
export function policyApplies(policy: DlpPolicy, environment: string | undefined): boolean {
  if (policy.scope.type === 'all' || environment === undefined) return true;
  const listed = policy.scope.environments.includes(environment.toLowerCase());
  // The config names environments its own way; a policy scoped to environments flowc cannot
  // match still applies (the config listed the file for this environment), unless it explicitly
  // exempts the target.
  return policy.scope.type === 'except' ? !listed : true;
}

// ---------------------------------------------------------------------------------------------
// What a flow uses

/** One connector a flow uses (enabled connector actions with a known connector). */
export interface ConnectorUse {
  connector: string;
  actions: ConnectorActionFact[];
}

/** What DLP looks at in one flow: connectors and desktop flow modules, in order of first use. */
export interface DlpSubject {
  connectors: ConnectorUse[];
  modules: ModuleUse[];
}

const subjectCache = new WeakMap<FlowFacts, DlpSubject>();

/** The connectors and modules a flow uses, from its facts (no IR needed: threads, cache, report). */
export function dlpSubject(facts: FlowFacts): DlpSubject {
  const cached = subjectCache.get(facts);
  if (cached) return cached;
  const byConnector = new Map<string, ConnectorUse>();
  for (const a of facts.connectorActions) {
    if (a.disabled || !a.connector) continue;
    let use = byConnector.get(a.connector);
    if (!use) byConnector.set(a.connector, (use = { connector: a.connector, actions: [] }));
    use.actions.push(a);
  }
  const subject: DlpSubject = {
    connectors: [...byConnector.values()],
    // One per DLP module name already (facts.ts).
    modules: [...facts.moduleUses].sort((a, b) => a.first.start - b.first.start || (a.module < b.module ? -1 : 1)),
  };
  subjectCache.set(facts, subject);
  return subject;
}

// ---------------------------------------------------------------------------------------------
// Classification and findings

export interface Classification {
  group: DlpGroup;
  /** True when the policy does not list it (it falls into the default group). */
  byDefault: boolean;
}

export function classifyConnector(policy: DlpPolicy, connector: string): Classification {
  const g = policy.connectors[connector.toLowerCase()];
  return g ? { group: g, byDefault: false } : { group: policy.defaultGroup, byDefault: true };
}

/** A module's group, or undefined when the policy does not govern it. */
export function classifyModule(policy: DlpPolicy, module: string): Classification | undefined {
  if (!policy.governsModules) return undefined;
  const key = module.toLowerCase();
  const g = policy.modules[key];
  if (g) return { group: g, byDefault: false };
  return isGovernedModule(key) ? { group: policy.defaultGroup, byDefault: true } : undefined;
}

/** The behaviour of an operation under the policy's connector action control. */
export function actionBehavior(policy: DlpPolicy, connector: string, operationId: string): { behavior: DlpBehavior; byDefault: boolean } | undefined {
  const control = policy.actionControl[connector.toLowerCase()];
  if (!control) return undefined;
  const b = control.rules[operationId.toLowerCase()];
  return b ? { behavior: b, byDefault: false } : { behavior: control.defaultBehavior, byDefault: true };
}

/** Something in a flow that uses a data group: a connector or a desktop flow module. */
export interface GroupedItem {
  kind: 'connector' | 'module';
  /** Connector short id, or the module's DLP name. */
  name: string;
  group: DlpGroup;
  byDefault: boolean;
  /** First use. */
  span: Span;
}

export type DlpFinding =
  | { kind: 'blockedConnector'; connector: string; byDefault: boolean; actions: ConnectorActionFact[] }
  | { kind: 'mixedConnectors'; first: GroupedItem; second: GroupedItem }
  | { kind: 'blockedAction'; connector: string; operationId: string; byDefault: boolean; action: ConnectorActionFact }
  | { kind: 'blockedModule'; module: ModuleUse; byDefault: boolean }
  | { kind: 'mixedModule'; module: GroupedItem; other: GroupedItem };

/**
 * Everything one policy objects to in one flow, in a fixed order: blocked connectors, mixed
 * connector groups, blocked actions, blocked modules, a module mixing groups. Linear in the
 * flow's connector actions and modules.
 */
export function evaluateDlp(policy: DlpPolicy, subject: DlpSubject): DlpFinding[] {
  const findings: DlpFinding[] = [];
  const allowedConnectors: GroupedItem[] = [];
  const blockedActions: DlpFinding[] = [];
  for (const use of subject.connectors) {
    const c = classifyConnector(policy, use.connector);
    if (c.group === 'blocked') {
      findings.push({ kind: 'blockedConnector', connector: use.connector, byDefault: c.byDefault, actions: use.actions });
      continue;
    }
    allowedConnectors.push({ kind: 'connector', name: use.connector, group: c.group, byDefault: c.byDefault, span: connectorSpan(use.actions[0]!) });
    for (const a of use.actions) {
      if (!a.operationId) continue;
      const b = actionBehavior(policy, use.connector, a.operationId);
      if (b?.behavior === 'block') blockedActions.push({ kind: 'blockedAction', connector: use.connector, operationId: a.operationId, byDefault: b.byDefault, action: a });
    }
  }
  const byPosition = (a: GroupedItem, b: GroupedItem): number => a.span.start - b.span.start || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  allowedConnectors.sort(byPosition);

  const mixed = firstConflict(allowedConnectors);
  if (mixed) findings.push({ kind: 'mixedConnectors', first: mixed[0], second: mixed[1] });
  findings.push(...blockedActions);

  const allowedModules: GroupedItem[] = [];
  for (const m of subject.modules) {
    const c = classifyModule(policy, m.module);
    if (!c) continue;
    if (c.group === 'blocked') findings.push({ kind: 'blockedModule', module: m, byDefault: c.byDefault });
    else allowedModules.push({ kind: 'module', name: m.module, group: c.group, byDefault: c.byDefault, span: m.first });
  }
  // A module in one group while a connector or another module is in the other. When the
  // connectors already mix groups (FC402), only modules mixing among themselves are added here.
  // The module reported is the first (in source order) with a partner in the other group; the
  // partner is the first item of that group.
  const candidates = mixed ? allowedModules : [...allowedConnectors, ...allowedModules].sort(byPosition);
  const firstOf: Partial<Record<DlpGroup, GroupedItem>> = {};
  for (const item of candidates) firstOf[item.group] ??= item;
  for (const m of allowedModules) {
    const other = firstOf[m.group === 'business' ? 'nonBusiness' : 'business'];
    if (other) {
      findings.push({ kind: 'mixedModule', module: m, other });
      break;
    }
  }
  return findings;
}

/** Where a connector action names its connector: `ConnectorId:`, else `Connection:`, else the action. */
export function connectorSpan(a: ConnectorActionFact): Span {
  return a.connectorIdSpan ?? a.connectionSpan ?? a.nameSpan;
}

const findingsCache = new WeakMap<DlpSubject, Map<DlpPolicy, DlpFinding[]>>();

/** `evaluateDlp`, computed once per flow and policy (the four DLP rules and the report share it). */
export function dlpFindings(policy: DlpPolicy, subject: DlpSubject): DlpFinding[] {
  let perPolicy = findingsCache.get(subject);
  if (!perPolicy) findingsCache.set(subject, (perPolicy = new Map()));
  let f = perPolicy.get(policy);
  if (!f) perPolicy.set(policy, (f = evaluateDlp(policy, subject)));
  return f;
}

/** The first two items (in order) that are in different allowed groups: the first item and the first of the other group. */
function firstConflict(items: GroupedItem[]): [GroupedItem, GroupedItem] | undefined {
  const first = items[0];
  if (!first) return undefined;
  const second = items.find((i) => i.group !== first.group);
  return second ? [first, second] : undefined;
}

/** How a connector or module is named in messages. */
export function itemLabel(item: { kind: 'connector' | 'module'; name: string }): string {
  return item.kind === 'connector' ? item.name : `desktop flow module ${item.name}`;
}

/** `Business`, or `Non-business (the default group)` when the policy does not list it. */
export function groupLabel(c: { group: DlpGroup; byDefault: boolean }): string {
  return c.byDefault ? `${GROUP_LABEL[c.group]} (the policy's default group)` : GROUP_LABEL[c.group];
}

/** The policies that apply to the project's target environment. */
export function applicablePolicies(policies: readonly DlpPolicy[] | undefined, environment: string | undefined): DlpPolicy[] {
  return (policies ?? []).filter((p) => policyApplies(p, environment));
}

/** One sentence per finding, for the report. */
export function describeFinding(policy: DlpPolicy, f: DlpFinding): string {
  const p = `DLP policy '${policy.name}'`;
  switch (f.kind) {
    case 'blockedConnector':
      return `${p} blocks ${f.connector}${f.byDefault ? " (not classified; the policy's default group is Blocked)" : ''}`;
    case 'mixedConnectors':
      return `${p} puts ${f.first.name} in ${groupLabel(f.first)} and ${f.second.name} in ${groupLabel(f.second)}; one flow cannot use both`;
    case 'blockedAction':
      return `${p} blocks the action ${f.operationId} of ${f.connector}${f.byDefault ? ' (not in the allowed actions)' : ''}`;
    case 'blockedModule':
      return `${p} blocks desktop flow module ${f.module.module}${f.byDefault ? " (not classified; the policy's default group is Blocked)" : ''}`;
    case 'mixedModule':
      return `${p} puts ${itemLabel(f.module)} in ${groupLabel(f.module)} and ${itemLabel(f.other)} in ${groupLabel(f.other)}; one desktop flow cannot use both`;
  }
}

/** Connectors and modules a finding involves (for the report). */
export function findingSubjects(f: DlpFinding): string[] {
  switch (f.kind) {
    case 'blockedConnector':
    case 'blockedAction':
      return [f.connector];
    case 'mixedConnectors':
      return [f.first.name, f.second.name];
    case 'blockedModule':
      return [`DesktopFlow.${f.module.module}`];
    case 'mixedModule':
      return [f.module, f.other].map((i) => (i.kind === 'module' ? `DesktopFlow.${i.name}` : i.name));
  }
}

/**
 * Every finding of every policy that applies to the target environment, for one flow, in policy
 * order (what the DLP rules report and the report's verdicts say).
 */
export function flowDlpFindings(
  settings: { dlpPolicies?: DlpPolicy[]; environment?: string },
  facts: FlowFacts,
): { policy: DlpPolicy; finding: DlpFinding }[] {
  const policies = applicablePolicies(settings.dlpPolicies, settings.environment);
  if (policies.length === 0) return [];
  const subject = dlpSubject(facts);
  return policies.flatMap((policy) => dlpFindings(policy, subject).map((finding) => ({ policy, finding })));
}

/** `policy 'Contoso default' (policies/default.json)`: how help lines name a policy. */
export function policyRef(policy: DlpPolicy): string {
  return `policy '${policy.name}' (${policy.file})`;
}
