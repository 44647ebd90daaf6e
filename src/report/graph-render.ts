/**
 * `flowc graph`: the project graph (analysis/project-graph.ts, graphlib) as Graphviz DOT, a Mermaid
 * flowchart, or graphlib's own JSON serialisation (`json.write`, readable back with `json.read`).
 *
 * Output is deterministic: nodes and edges are written sorted by id, node ids are the graph's own
 * stable ids (derived from flow ids and names, never from run order), and labels carry no
 * document indexes (a flow node names its file instead).
 */
import { Graph, json } from '@dagrejs/graphlib';
import type { EdgeLabel, NodeKind, NodeLabel, ProjectGraph } from '../analysis/project-graph.js';
import type { ProjectModel } from '../analysis/project.js';
import { jsonText } from '../util/json-text.js';

export type GraphFormat = 'dot' | 'mermaid' | 'json';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['dot', 'mermaid', 'json'];

/** What `flowc graph` writes for a node: the graph's label without run-dependent indexes. */
export interface GraphNodeOut {
  kind: NodeKind;
  label: string;
  file?: string;
  connector?: string;
  operationId?: string;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A copy of the project graph with nodes and edges inserted in id order and stable labels. */
export function stableGraph(g: ProjectGraph, project: ProjectModel): Graph {
  const out = new Graph({ directed: true, multigraph: false, compound: false });
  for (const v of [...g.nodes()].sort(byString)) {
    const l = (g.node(v) ?? {}) as Partial<NodeLabel>;
    const file = l.document !== undefined ? project.documents[l.document]?.doc.path : undefined;
    const value: GraphNodeOut = {
      kind: l.kind ?? 'flow',
      label: l.label ?? v,
      ...(file !== undefined ? { file } : {}),
      ...(l.connector !== undefined ? { connector: l.connector } : {}),
      ...(l.operationId !== undefined ? { operationId: l.operationId } : {}),
    };
    out.setNode(v, value);
  }
  const edges = [...g.edges()].sort((a, b) => byString(a.v, b.v) || byString(a.w, b.w));
  for (const e of edges) {
    const l = (g.edge(e) ?? {}) as Partial<EdgeLabel>;
    out.setEdge(e.v, e.w, { kind: l.kind ?? 'uses' });
  }
  return out;
}

export function renderGraphJson(g: Graph): string {
  return `${jsonText(json.write(g))}\n`;
}

function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

const DOT_SHAPES: Readonly<Record<NodeKind, string>> = {
  flow: 'shape=box, style="rounded,bold"',
  subflow: 'shape=box, style=rounded',
  connectorAction: 'shape=box',
  connectionReference: 'shape=parallelogram',
  connector: 'shape=cylinder',
  externalFlow: 'shape=box, style="rounded,dashed"',
};

export function renderGraphDot(g: Graph): string {
  const lines = ['digraph flowc {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const v of g.nodes()) {
    const l = g.node(v) as GraphNodeOut;
    lines.push(`  ${dotString(v)} [label=${dotString(l.label)}, ${DOT_SHAPES[l.kind] ?? 'shape=box'}];`);
  }
  for (const e of g.edges()) {
    const l = g.edge(e) as { kind: string };
    lines.push(`  ${dotString(e.v)} -> ${dotString(e.w)} [label=${dotString(l.kind)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid node ids: the graph id with other characters replaced, made unique in id order. */
function mermaidIds(nodes: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const v of nodes) {
    const base = v.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(v, id);
  }
  return ids;
}

function mermaidLabel(s: string): string {
  return `"${s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\r\n|\r|\n/g, ' ')}"`;
}

const MERMAID_SHAPES: Readonly<Record<NodeKind, [string, string]>> = {
  flow: ['[[', ']]'],
  subflow: ['(', ')'],
  connectorAction: ['[', ']'],
  connectionReference: ['[/', '/]'],
  connector: ['[(', ')]'],
  externalFlow: ['{{', '}}'],
};

export function renderGraphMermaid(g: Graph): string {
  const ids = mermaidIds(g.nodes());
  const lines = ['flowchart LR'];
  for (const v of g.nodes()) {
    const l = g.node(v) as GraphNodeOut;
    const [open, close] = MERMAID_SHAPES[l.kind] ?? ['[', ']'];
    lines.push(`  ${ids.get(v)}${open}${mermaidLabel(l.label)}${close}`);
  }
  for (const e of g.edges()) {
    const l = g.edge(e) as { kind: string };
    lines.push(`  ${ids.get(e.v)} -->|${l.kind}| ${ids.get(e.w)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderGraph(g: Graph, format: GraphFormat): string {
  return format === 'dot' ? renderGraphDot(g) : format === 'mermaid' ? renderGraphMermaid(g) : renderGraphJson(g);
}
