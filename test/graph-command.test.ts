/**
 * `flowc graph`: the project graph as graphlib JSON (readable back with json.read), DOT and
 * Mermaid, with stable node ids and output that does not depend on the order of the inputs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { json } from '@dagrejs/graphlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/index.js';
import { buildProjectGraph } from '../src/analysis/project-graph.js';
import { renderGraphMermaid, stableGraph } from '../src/report/graph-render.js';
import { CORPUS_ZIPS } from './helpers/corpus.js';
import { runCli } from './helpers/cli.js';

const files: Record<string, string> = {
  'a.flow': `FLOW 'Intake "A"'
    ID 'aaaaaaaa-0000-4000-8000-000000000001'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'contoso_Docs'
END FLOW
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems'
External.RunFlow FlowId: 'aaaaaaaa-0000-4000-8000-000000000002'
External.RunFlow FlowId: 'ffffffff-0000-4000-8000-000000000009'
DISABLE External.InvokeCloudConnector Connection: Docs OperationId: 'DeleteItem'
`,
  'b.flow': `FLOW 'B'
    ID 'aaaaaaaa-0000-4000-8000-000000000002'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'contoso_Docs'
END FLOW
CALL Work
FUNCTION Work GLOBAL
    External.InvokeCloudConnector Connection: Docs OperationId: 'PostItem'
    External.InvokeCloudConnector Connection: 'unknown' ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_rss' OperationId: 'ListFeedItems'
END FUNCTION
`,
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowc-graph-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(path.join(dir, n), t);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const graph = (args: string[]) => runCli(['graph', ...args], { cwd: dir });

describe('flowc graph', () => {
  it('json is graphlib serialisation with stable ids: flows, subflows, actions, references, connectors, child flows', async () => {
    const r = await graph(['a.flow', 'b.flow', '--format', 'json']);
    expect(r.code).toBe(0);
    const g = json.read(JSON.parse(r.out));
    expect(g.isDirected()).toBe(true);
    const A = 'flow:aaaaaaaa-0000-4000-8000-000000000001';
    const B = 'flow:aaaaaaaa-0000-4000-8000-000000000002';
    expect(g.nodes()).toEqual([
      'connector:shared_rss',
      'connector:shared_sharepointonline',
      'connref:contoso_Docs',
      'external:ffffffff-0000-4000-8000-000000000009',
      A,
      `${A}/action:0`,
      `${A}/subflow:main`,
      B,
      `${B}/action:0`,
      `${B}/action:1`,
      `${B}/subflow:Work`,
    ]);
    expect(g.node(A)).toEqual({ kind: 'flow', label: 'Intake "A"', file: 'a.flow' });
    expect(g.node(`${B}/action:1`)).toEqual({ kind: 'connectorAction', label: 'shared_rss.ListFeedItems', operationId: 'ListFeedItems', connector: 'shared_rss' });
    const edge = (v: string, w: string) => (g.edge(v, w) as { kind: string } | undefined)?.kind;
    expect(edge(A, `${A}/subflow:main`)).toBe('contains');
    expect(edge(`${A}/subflow:main`, `${A}/action:0`)).toBe('invokes');
    expect(edge(`${A}/action:0`, 'connref:contoso_Docs')).toBe('uses');
    expect(edge('connref:contoso_Docs', 'connector:shared_sharepointonline')).toBe('connects');
    expect(edge(`${A}/subflow:main`, B)).toBe('runsChildFlow');
    expect(edge(`${A}/subflow:main`, 'external:ffffffff-0000-4000-8000-000000000009')).toBe('runsChildFlow');
    expect(edge(`${B}/action:1`, 'connector:shared_rss')).toBe('uses');
    // The disabled action is not in the graph.
    expect(g.hasNode(`${A}/action:1`)).toBe(false);
  });

  it('output does not depend on the order of the inputs, in every format', async () => {
    for (const format of ['json', 'dot', 'mermaid']) {
      const ab = await graph(['a.flow', 'b.flow', '--format', format]);
      const ba = await graph(['b.flow', 'a.flow', '--format', format]);
      expect(ab.code).toBe(0);
      expect(ba.out).toBe(ab.out);
    }
  });

  it('dot: quoted ids and labels, a shape per kind, labelled edges', async () => {
    const r = await graph(['--format', 'dot']);
    expect(r.out).toMatch(/^digraph flowc \{\n/);
    expect(r.out).toContain('"flow:aaaaaaaa-0000-4000-8000-000000000001" [label="Intake \\"A\\"", shape=box, style="rounded,bold"];');
    expect(r.out).toContain('"connref:contoso_Docs" -> "connector:shared_sharepointonline" [label="connects"];');
    expect(r.out).toContain('"connector:shared_rss" [label="shared_rss", shape=cylinder];');
    expect(r.out.trimEnd().endsWith('}')).toBe(true);
  });

  it('mermaid: safe unique ids, escaped labels, every edge between declared nodes (default format is dot)', async () => {
    const r = await graph(['--format', 'mermaid']);
    expect(r.out).toMatch(/^flowchart LR\n/);
    expect(r.out).toContain('flow_aaaaaaaa_0000_4000_8000_000000000001[["Intake #quot;A#quot;"]]');
    const declared = new Set([...r.out.matchAll(/^ {2}([A-Za-z0-9_]+)[[({/]/gm)].map((m) => m[1]));
    const edges = [...r.out.matchAll(/^ {2}(\S+) -->\|(\w+)\| (\S+)$/gm)];
    expect(edges.length).toBe(11);
    for (const e of edges) {
      expect(declared.has(e[1])).toBe(true);
      expect(declared.has(e[3])).toBe(true);
    }
    expect((await graph([])).out).toMatch(/^digraph flowc/);
  });

  it('mermaid ids stay unique when two graph ids sanitise alike', async () => {
    const p = await runPipeline({ paths: [], cwd: dir, noConfig: true });
    const g = stableGraph(buildProjectGraph(p.project), p.project);
    g.setNode('connector:shared.x', { kind: 'connector', label: 'x1' });
    g.setNode('connector:shared_x', { kind: 'connector', label: 'x2' });
    const out = renderGraphMermaid(g);
    expect(out).toContain('connector_shared_x[("x1")]');
    expect(out).toContain('connector_shared_x_2[("x2")]');
  });

  it('--out writes the file; a bad format is a usage error', async () => {
    expect((await graph(['--format', 'json', '--out', 'g.json'])).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'g.json'), 'utf8')).nodes.length).toBeGreaterThan(0);
    const bad = await graph(['--format', 'png']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('formats: dot, mermaid, json');
  });

  it('the real solutions: a node per flow, child flows resolved by workflow id', async () => {
    const p = await runPipeline({ paths: CORPUS_ZIPS, cwd: dir, noConfig: true });
    const g = stableGraph(buildProjectGraph(p.project), p.project);
    const flows = g.nodes().filter((v) => (g.node(v) as { kind: string }).kind === 'flow');
    expect(flows.length).toBe(new Set(p.project.documents.map((d) => d.facts.id)).size);
    const childEdges = g.edges().filter((e) => (g.edge(e) as { kind: string }).kind === 'runsChildFlow');
    expect(childEdges.length).toBeGreaterThan(0);
    for (const e of childEdges) expect(g.hasNode(e.w)).toBe(true);
  });
});
