/**
 * The project graph (graphlib): flows → subflows → connector actions → connection references →
 * connectors, and flow → child flow (External.RunFlow). Built once per run from every flow's
 * facts; never per file. Node ids are stable (derived from names, never from run order), so
 * `flowc graph` output can be diffed.
 */
import { Graph, alg } from '@dagrejs/graphlib';
import type { ProjectModel } from './project.js';

export type ProjectGraph = Graph;

export type NodeKind = 'flow' | 'subflow' | 'connectorAction' | 'connectionReference' | 'connector' | 'externalFlow';
export type EdgeKind = 'contains' | 'invokes' | 'uses' | 'connects' | 'runsChildFlow';

export interface NodeLabel {
  kind: NodeKind;
  label: string;
  /** For flow nodes: the document index. */
  document?: number;
  /** For connector actions: the operation. */
  operationId?: string;
  connector?: string;
}

export interface EdgeLabel {
  kind: EdgeKind;
  /** For runsChildFlow edges: the calling document and the index of the call in its facts. */
  document?: number;
  call?: number;
}

export function flowNodeId(doc: { facts: { id?: string; name: string } }): string {
  return doc.facts.id ? `flow:${doc.facts.id}` : `flow:${doc.facts.name}`;
}

/** Resolve child-flow calls: by flow id (header ID or solution WorkflowId), then by `@@flowname`. */
export function childFlowTargets(project: ProjectModel): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const d of project.documents) {
    if (d.facts.id && !byKey.has(`id:${d.facts.id}`)) byKey.set(`id:${d.facts.id}`, d.index);
    if (!byKey.has(`name:${d.facts.name.toLowerCase()}`)) byKey.set(`name:${d.facts.name.toLowerCase()}`, d.index);
  }
  return byKey;
}

export function resolveChildFlow(targets: Map<string, number>, call: { flowId?: string; flowName?: string }): number | undefined {
  return (call.flowId !== undefined ? targets.get(`id:${call.flowId}`) : undefined) ?? (call.flowName !== undefined ? targets.get(`name:${call.flowName.toLowerCase()}`) : undefined);
}

export function buildProjectGraph(project: ProjectModel): ProjectGraph {
  const g: ProjectGraph = new Graph({ directed: true, multigraph: false, compound: false });
  const targets = childFlowTargets(project);
  for (const d of project.documents) {
    const f = flowNodeId(d);
    g.setNode(f, { kind: 'flow', label: d.facts.name, document: d.index } satisfies NodeLabel);
    const subflows = new Set([...d.facts.connectorActions.map((a) => a.subflow), ...d.facts.childFlows.map((c) => c.subflow)]);
    for (const s of subflows) {
      g.setNode(`${f}/subflow:${s}`, { kind: 'subflow', label: s } satisfies NodeLabel);
      g.setEdge(f, `${f}/subflow:${s}`, { kind: 'contains' } satisfies EdgeLabel);
    }
    d.facts.connectionReferences.forEach((r) => {
      const rid = `connref:${r.logicalName}`;
      if (!g.hasNode(rid)) g.setNode(rid, { kind: 'connectionReference', label: r.logicalName, connector: r.connector } satisfies NodeLabel);
      const cid = `connector:${r.connector}`;
      if (!g.hasNode(cid)) g.setNode(cid, { kind: 'connector', label: r.connector } satisfies NodeLabel);
      g.setEdge(rid, cid, { kind: 'connects' } satisfies EdgeLabel);
    });
    for (const a of d.facts.connectorActions) {
      if (a.disabled) continue;
      const aid = `${f}/action:${a.index}`;
      g.setNode(aid, { kind: 'connectorAction', label: `${a.connector ?? '?'}.${a.operationId ?? '?'}`, operationId: a.operationId, connector: a.connector } satisfies NodeLabel);
      g.setEdge(`${f}/subflow:${a.subflow}`, aid, { kind: 'invokes' } satisfies EdgeLabel);
      const ref = a.reference !== undefined ? d.facts.connectionReferences[a.reference] : undefined;
      if (ref) g.setEdge(aid, `connref:${ref.logicalName}`, { kind: 'uses' } satisfies EdgeLabel);
      else if (a.connector) {
        const cid = `connector:${a.connector}`;
        if (!g.hasNode(cid)) g.setNode(cid, { kind: 'connector', label: a.connector } satisfies NodeLabel);
        g.setEdge(aid, cid, { kind: 'uses' } satisfies EdgeLabel);
      }
    }
    d.facts.childFlows.forEach((c, i) => {
      if (c.disabled) return;
      const target = resolveChildFlow(targets, c);
      const tid = target !== undefined ? flowNodeId(project.documents[target]!) : `external:${c.flowId ?? c.flowName ?? `?${i}`}`;
      if (target === undefined && !g.hasNode(tid)) g.setNode(tid, { kind: 'externalFlow', label: c.flowName ?? c.flowId ?? '?' } satisfies NodeLabel);
      g.setEdge(`${f}/subflow:${c.subflow}`, tid, { kind: 'runsChildFlow', document: d.index, call: i } satisfies EdgeLabel);
    });
  }
  return g;
}

/** Flow-level child-flow graph (flow → flow), for transitive checks and cycle reports. */
export function childFlowGraph(project: ProjectModel): ProjectGraph {
  const g: ProjectGraph = new Graph({ directed: true });
  const targets = childFlowTargets(project);
  for (const d of project.documents) g.setNode(String(d.index));
  for (const d of project.documents) {
    d.facts.childFlows.forEach((c, i) => {
      if (c.disabled) return;
      const t = resolveChildFlow(targets, c);
      if (t !== undefined && !g.hasEdge(String(d.index), String(t))) g.setEdge(String(d.index), String(t), { kind: 'runsChildFlow', document: d.index, call: i } satisfies EdgeLabel);
    });
  }
  return g;
}

/** Strongly connected components with a cycle (size > 1, or a self-loop), as document indexes. */
export function childFlowCycles(g: ProjectGraph): number[][] {
  return alg
    .tarjan(g)
    .filter((c: string[]) => c.length > 1 || g.hasEdge(c[0]!, c[0]!))
    .map((c: string[]) => c.map(Number).sort((a, b) => a - b));
}

/**
 * The flows reachable from document `start` in a childFlowGraph (start included), breadth first,
 * each with the flow it was first reached from (undefined for `start`). Every flow is visited
 * once, so a cycle of child flows is never looped on.
 */
export function reachableChildFlows(g: ProjectGraph, start: number): Map<number, number | undefined> {
  const from = new Map<number, number | undefined>([[start, undefined]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    const next = ((g.successors(String(n)) ?? []) as string[]).map(Number).sort((a, b) => a - b);
    for (const s of next) {
      if (from.has(s)) continue;
      from.set(s, n);
      queue.push(s);
    }
  }
  return from;
}

/** The path from the start of `reach` (reachableChildFlows) to `target`, both included; [] when unreachable. */
export function childFlowPath(reach: Map<number, number | undefined>, target: number): number[] {
  if (!reach.has(target)) return [];
  const path: number[] = [];
  for (let n: number | undefined = target; n !== undefined; n = reach.get(n)) path.push(n);
  return path.reverse();
}
