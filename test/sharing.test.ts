/**
 * Sharing, embedding and run modes (FC301–FC310) beyond the fixtures: fixes, the documented
 * defaults for flows without a header, the project phase (whole project read, only reported
 * documents get diagnostics, child flows followed transitively, cycles never looped on), the
 * user-agent patterns of FC308, deployment settings loading for FC309, and the real corpus.
 */
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/index.js';
import { locate } from '../src/diagnostics/located.js';
import type { Diagnostic } from '../src/model/diagnostic.js';
import { parseFlow } from '../src/syntax/parse.js';
import { computeFacts } from '../src/analysis/facts.js';
import { childFlowGraph, childFlowPath, reachableChildFlows } from '../src/analysis/project-graph.js';
import { clauseCode, cloudRunProblems, principals, roleOf, usedReferences } from '../src/analysis/sharing.js';
import { userAgentAllowed } from '../src/rules/FC308-outlook-ews-user-agents.js';
import { cloudRunRequiresV2 } from '../src/rules/FC301-cloud-run-requires-v2.js';
import type { FileContext, Report } from '../src/rules/rule.js';
import type { SourceDocument } from '../src/model/source.js';
import { CORPUS_ZIPS } from './helpers/corpus.js';
import { runCli } from './helpers/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'flowc-sharing-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function project(files: Record<string, string>): string {
  const dir = path.join(work, `p${n++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function check(dir: string, paths: string[] = ['.']) {
  const hasConfig = existsSync(path.join(dir, 'flowc.config.json'));
  const p = await runPipeline({ paths, cwd: dir, noConfig: !hasConfig, configPath: hasConfig ? path.join(dir, 'flowc.config.json') : undefined });
  expect(p.inputErrors).toEqual([]);
  return p;
}

function codes(ds: Diagnostic[], prefix = 'FC3'): string[] {
  return ds.filter((d) => d.rule.startsWith(prefix)).map((d) => d.rule);
}

/** Applies each diagnostic's first suggestion (what a user accepting it in an editor does). */
function applyEdits(text: string, ds: Diagnostic[]): string {
  const edits = ds.flatMap((d) => d.suggestions?.[0]?.edits ?? []).sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

const SHARED_CLOUD = `FLOW 'Invoice upload'
    OWNER 'alice@contoso.com'
    COOWNER 'bob@contoso.com'
    RUNS CONSOLE, ATTENDED
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' OWNER 'alice@contoso.com' # finance site
    CONNECTION Mail CONNECTOR 'shared_office365' OWNER 'bob@contoso.com'
END FLOW
SET Site TO $'''https://contoso.sharepoint.com/sites/finance'''
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: Site @table: $'''Invoices''' @GetItemsResponse=> Items
External.InvokeCloudConnector Connection: Mail OperationId: 'SendEmailV2' @'emailMessage/To': $'''a@contoso.com''' @'emailMessage/Subject': $'''x''' @'emailMessage/Body': Items
`;

const SP_ACTION = "External.InvokeCloudConnector Connection: D OperationId: 'GetItems'\n";

describe('FC301/FC302 suggestions (never fixes)', () => {
  it('FC302 suggests EMBEDDED only for references owned by the flow owner, before a comment, and never fixes', async () => {
    const dir = project({ 'f.flow': SHARED_CLOUD });
    const p = await check(dir);
    const fc302 = p.results[0]!.diagnostics.filter((d) => d.rule === 'FC302');
    expect(fc302.some((d) => d.fix)).toBe(false);
    expect(fc302.map((d) => [d.message.split(' is ')[0], !!d.suggestions?.length])).toEqual([
      ['connection reference Docs', true],
      ['connection reference Mail', false],
    ]);
    // The span is the clause without its comment.
    const text = p.results[0]!.doc.text;
    expect(text.slice(fc302[0]!.span.start, fc302[0]!.span.end)).toBe("CONNECTION Docs CONNECTOR 'shared_sharepointonline' OWNER 'alice@contoso.com'");
    expect(fc302[1]!.help).toContain('only its owner bob@contoso.com can do so');
    const fixed = applyEdits(text, fc302);
    expect(fixed).toContain("OWNER 'alice@contoso.com' EMBEDDED # finance site");
    writeFileSync(path.join(dir, 'f.flow'), fixed);
    const again = await check(dir);
    expect(again.results[0]!.diagnostics.filter((d) => d.rule === 'FC302').map((d) => d.message)).toEqual([expect.stringContaining('Mail')]);
  });

  it('FC302 points at the sharing and RUNS clauses as related locations', async () => {
    const p = await check(project({ 'f.flow': SHARED_CLOUD }));
    const d = p.results[0]!.diagnostics.find((x) => x.rule === 'FC302')!;
    const located = locate([{ doc: p.results[0]!.doc, diagnostics: [d] }], p.analyses.map((a) => a.doc))[0]!;
    expect(located.related.map((r) => [r.range.start.line, r.message])).toEqual([
      [4, 'cloud-initiated runs (ATTENDED) are allowed here'],
      [3, 'the flow is shared with bob@contoso.com here'],
    ]);
  });

  it('FC301 suggests replacing the SCHEMA clause (never a fix); accepted, FC301 and FC307 go away', async () => {
    const text = `FLOW 'X'\n    SCHEMA V1 # legacy\n    RUNS ATTENDED\n    CONNECTION D CONNECTOR 'shared_sharepointonline'\nEND FLOW\n${SP_ACTION}`;
    const dir = project({ 'x.flow': text });
    const p = await check(dir);
    const ds = p.results[0]!.diagnostics;
    expect(codes(ds)).toEqual(['FC301', 'FC307']);
    expect(ds.some((d) => d.fix)).toBe(false);
    const fixed = applyEdits(text, ds.filter((d) => d.rule === 'FC301'));
    expect(fixed).toBe(text.replace('SCHEMA V1 # legacy', 'SCHEMA V2 # legacy'));
    writeFileSync(path.join(dir, 'x.flow'), fixed);
    expect(codes((await check(dir)).results[0]!.diagnostics)).toEqual([]);
  });

  it('FC301 suggests inserting a SCHEMA V2 clause (with the header\'s line ends) when v1 comes without a clause', () => {
    const text = "FLOW 'X'\r\n  RUNS UNATTENDED\r\n  CONNECTION D CONNECTOR 'shared_sharepointonline'\r\nEND FLOW\r\nExternal.InvokeCloudConnector Connection: D OperationId: 'GetItems'\r\n";
    const { flow } = parseFlow(text);
    const doc: SourceDocument = { path: 'x.flow', absolutePath: '/x.flow', text, origin: 'file' };
    const facts = { ...computeFacts(doc, flow), schema: 'V1' as const, schemaSpan: undefined };
    const reports: Report[] = [];
    cloudRunRequiresV2.check({ doc, flow, facts, report: (d: Report) => reports.push(d) } as unknown as FileContext);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.fix).toBeUndefined();
    const edit = reports[0]!.suggestions![0]!.edits[0]!;
    expect(text.slice(0, edit.span.start) + edit.text + text.slice(edit.span.end)).toBe(text.replace('END FLOW', '  SCHEMA V2\r\nEND FLOW'));
  });
});

describe('defaults and no noise', () => {
  it('a clipboard text without a header (footer IsEmbedded true or false) gets no FC3xx diagnostic', async () => {
    const footer = (embedded: boolean) =>
      `SET Site TO $'''https://contoso.sharepoint.com'''\nExternal.InvokeCloudConnector Connection: 'aa' ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_office365' OperationId: 'SendEmailV2' @'emailMessage/To': Site @'emailMessage/Subject': Site @'emailMessage/Body': Site\n# [ControlRepository][PowerAutomateDesktop]\n{"ConnectionReferences":[{"ConnectorId":"/providers/Microsoft.PowerApps/apis/shared_office365","InternalId":"aa","LogicalName":"m","IsEmbedded":${embedded}}]}\n`;
    const dir = project({
      'a.flow': footer(true),
      'b.flow': footer(false),
      'flowc.config.json': JSON.stringify({ environments: { prod: { deploymentSettings: 'ds.json' } } }),
    });
    const p = await check(dir);
    const facts = p.results.map((r) => r.analysis.facts);
    expect(facts.map((f) => [f.schema, f.runs, f.shared])).toEqual([
      ['V2', ['CONSOLE'], false],
      ['V2', ['CONSOLE'], false],
    ]);
    expect(p.results.flatMap((r) => codes(r.diagnostics))).toEqual([]);
  });

  it('the real corpus (both solutions) gets no FC3xx diagnostic', async () => {
    const p = await runPipeline({ paths: CORPUS_ZIPS, cwd: work, noConfig: true });
    expect(p.results.length).toBe(23);
    expect(p.results.flatMap((r) => codes(r.diagnostics))).toEqual([]);
  });

  it('FC304 counts a person listed twice once, in the stronger role', () => {
    const { flow } = parseFlow("FLOW 'X'\n    OWNER 'a@x.com'\n    COOWNER 'B@x.com'\n    USER 'b@X.com'\n    USER 'c@x.com'\nEND FLOW\n");
    const facts = computeFacts({ path: 'x.flow', absolutePath: '/x.flow', text: '', origin: 'file' }, flow);
    expect(principals(facts).map((p) => [p.email, p.role])).toEqual([
      ['a@x.com', 'owner'],
      ['B@x.com', 'coOwner'],
      ['c@x.com', 'user'],
    ]);
    expect(roleOf(facts, ' b@x.COM ')).toBe('coOwner');
    expect(roleOf(facts, 'd@x.com')).toBeUndefined();
  });
});

describe('sharing helpers', () => {
  it('usedReferences ignores disabled actions and keeps first-use order; cloudRunProblems needs sharing for FC302', () => {
    const text = `FLOW 'X'
    COOWNER 'b@x.com'
    CONNECTION A CONNECTOR 'shared_office365'
    CONNECTION B CONNECTOR 'shared_sharepointonline' EMBEDDED
    CONNECTION C CONNECTOR 'shared_teams'
END FLOW
DISABLE External.InvokeCloudConnector Connection: C OperationId: 'GetAllTeams'
External.InvokeCloudConnector Connection: B OperationId: 'GetItems'
External.InvokeCloudConnector Connection: A OperationId: 'SendEmailV2'
External.InvokeCloudConnector Connection: B OperationId: 'GetItems'
`;
    const { flow } = parseFlow(text);
    const facts = computeFacts({ path: 'x.flow', absolutePath: '/x.flow', text, origin: 'file' }, flow);
    expect(usedReferences(facts).map((u) => u.ref.name)).toEqual(['B', 'A']);
    expect(cloudRunProblems(facts).notEmbedded.map((u) => u.ref.name)).toEqual(['A']);
    expect(cloudRunProblems({ ...facts, shared: false }).notEmbedded).toEqual([]);
  });

  it('clauseCode drops a trailing comment but not a # inside quotes', () => {
    const t = "    CONNECTION D CONNECTOR 'x#y' OWNER 'a@b.c'   # note 'q'";
    expect(t.slice(...Object.values(clauseCode(t, { start: 4, end: t.length })) as [number, number])).toBe("CONNECTION D CONNECTOR 'x#y' OWNER 'a@b.c'");
  });

  it('FC308 user-agent patterns: * matches anything, case is ignored, a versioned agent is not all versions', () => {
    expect(userAgentAllowed('PowerAutomateLocal/*', ['PowerAutomateLocal/*'])).toBe(true);
    expect(userAgentAllowed('PowerAutomateLocal/*', ['powerautomatelocal/*'])).toBe(true);
    expect(userAgentAllowed('PowerAutomateCloud/*', ['PowerAutomate*'])).toBe(true);
    expect(userAgentAllowed('PowerAutomateCloud/*', ['*'])).toBe(true);
    expect(userAgentAllowed('PowerAutomateCloud/*', ['PowerAutomateCloud/2.0'])).toBe(false);
    expect(userAgentAllowed('PowerAutomateCloud/*', ['PowerAutomateLocal/*', 'Outlook*'])).toBe(false);
    expect(userAgentAllowed('PowerAutomateCloud/*', [])).toBe(false);
  });
});

/** A v1 flow is broken for cloud-initiated runs only when it contains cloud connector actions. */
const V1_WITH_ACTIONS = "    SCHEMA V1\n    CONNECTION S CONNECTOR 'shared_sharepointonline'\n";
const S_ACTION = "External.InvokeCloudConnector Connection: S OperationId: 'GetItems'\n";
const child = (name: string, id: string, body: string, extra = '') => `FLOW '${name}'\n    ID '${id}'\n${extra}END FLOW\n${body}`;
const run = (id: string, flowName?: string) => `${flowName ? `@@flowname: '${flowName}'\n` : ''}External.RunFlow FlowId: '${id}' WaitToComplete: True\n`;
const ID = (i: number) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;

describe('cross-flow analysis (FC306, FC310)', () => {
  it('reads the whole project but reports only on the files given', async () => {
    const dir = project({
      'flowc.config.json': '{}',
      'parent.flow': child('Parent', ID(1), run(ID(2)), '    RUNS ATTENDED\n'),
      'sub/child.flow': child('Child', ID(2), S_ACTION, `${V1_WITH_ACTIONS}    RUNS ATTENDED\n`),
    });
    const onlyParent = await check(dir, ['parent.flow']);
    expect(onlyParent.results.map((r) => r.doc.path)).toEqual(['parent.flow']);
    expect(onlyParent.analyses).toHaveLength(2);
    const d = onlyParent.results[0]!.diagnostics.filter((x) => x.rule === 'FC306');
    expect(d).toHaveLength(1);
    const located = locate([{ doc: onlyParent.results[0]!.doc, diagnostics: d }], onlyParent.analyses.map((a) => a.doc))[0]!;
    expect(located.related.map((r) => [r.file, r.range.start.line])).toEqual([
      ['parent.flow', 3],
      ['sub/child.flow', 3],
      ['sub/child.flow', 7],
    ]);
    expect(d[0]!.help).toContain("in 'Child' (sub/child.flow): migrate it to the Power Automate v2 schema in Power Automate, then write SCHEMA V2");
    // Asking about the child only: its own FC301, nothing about the parent.
    const onlyChild = await check(dir, ['sub/child.flow']);
    expect(onlyChild.results.map((r) => [r.doc.path, codes(r.diagnostics)])).toEqual([['sub/child.flow', ['FC301', 'FC307']]]);
  });

  it('without a config file only the given files are read', async () => {
    const dir = project({
      'parent.flow': child('Parent', ID(1), run(ID(2)), '    RUNS ATTENDED\n'),
      'child.flow': child('Child', ID(2), 'SET A TO 1\n', '    SCHEMA V1\n'),
    });
    expect(codes((await check(dir, ['parent.flow'])).results[0]!.diagnostics)).toEqual([]);
  });

  it('follows chains, matches @@flowname when the id is unknown, reports each broken flow once per caller', async () => {
    const shared = "    OWNER 'a@x.com'\n    COOWNER 'b@x.com'\n    CONNECTION D CONNECTOR 'shared_sharepointonline' OWNER 'a@x.com'\n";
    const dir = project({
      'p.flow': child('P', ID(1), run(ID(2)) + run(ID(99), 'C') + run(ID(3)), '    RUNS UNATTENDED\n'),
      'b.flow': child('B', ID(2), run(ID(3))),
      'c.flow': child('C', ID(4), run(ID(5))),
      'd.flow': child('D', ID(3), "External.InvokeCloudConnector Connection: D OperationId: 'GetItems'\n", shared),
      'e.flow': child('E', ID(5), S_ACTION, V1_WITH_ACTIONS),
    });
    const p = await check(dir);
    const parent = p.results.find((r) => r.doc.path === 'p.flow')!;
    const msgs = parent.diagnostics.filter((d) => d.rule === 'FC306').map((d) => d.message);
    expect(msgs).toEqual([
      "flow 'P' allows cloud-initiated runs (UNATTENDED) and runs child flow 'B', which runs 'D'; 'D' could not run cloud-initiated itself: it is shared and connection reference D is not embedded",
      "flow 'P' allows cloud-initiated runs (UNATTENDED) and runs child flow 'C', which runs 'E'; 'E' could not run cloud-initiated itself: it contains cloud connector actions and uses the v1 schema",
    ]);
    // Only flows that allow cloud-initiated runs are judged.
    expect(p.results.filter((r) => r.doc.path !== 'p.flow').flatMap((r) => codes(r.diagnostics, 'FC306'))).toEqual([]);
  });

  it('a cycle of child flows is reported (FC310) and never looped on; FC306 still finds the broken flow in it', async () => {
    const dir = project({
      'a.flow': child('A', ID(1), run(ID(2)), '    RUNS ATTENDED\n'),
      'b.flow': child('B', ID(2), run(ID(3))),
      'c.flow': child('C', ID(3), run(ID(1)) + run(ID(3)) + S_ACTION, V1_WITH_ACTIONS),
    });
    const p = await check(dir);
    const by = Object.fromEntries(p.results.map((r) => [r.doc.path, r.diagnostics.filter((d) => d.rule === 'FC306' || d.rule === 'FC310').map((d) => `${d.rule} ${d.message}`)]));
    expect(by['a.flow']).toEqual([
      "FC306 flow 'A' allows cloud-initiated runs (ATTENDED) and runs child flow 'B', which runs 'C'; 'C' could not run cloud-initiated itself: it contains cloud connector actions and uses the v1 schema",
      "FC310 child flows run each other in a cycle: 'A' → 'B' → 'C' → 'A'",
    ]);
    expect(by['b.flow']).toEqual(["FC310 child flows run each other in a cycle: 'B' → 'C' → 'A' → 'B'"]);
    expect(by['c.flow']).toEqual(["FC310 child flows run each other in a cycle: 'C' → 'A' → 'B' → 'C'"]);
  });

  it('a long chain of cloud-run flows is handled without blowing up', async () => {
    const files: Record<string, string> = {};
    const N = 200;
    for (let i = 1; i <= N; i++) files[`f${i}.flow`] = child(`F${i}`, ID(i), i < N ? run(ID(i + 1)) : S_ACTION, `    RUNS ATTENDED\n${i === N ? V1_WITH_ACTIONS : ''}`);
    const p = await check(project(files));
    const fc306 = p.results.flatMap((r) => r.diagnostics.filter((d) => d.rule === 'FC306'));
    expect(fc306).toHaveLength(N - 1);
  });

  it('reachableChildFlows visits each flow once and childFlowPath gives the way there', async () => {
    const dir = project({
      'a.flow': child('A', ID(1), run(ID(2)) + run(ID(3))),
      'b.flow': child('B', ID(2), run(ID(4))),
      'c.flow': child('C', ID(3), run(ID(4)) + run(ID(1))),
      'd.flow': child('D', ID(4), run(ID(4))),
    });
    const p = await check(dir);
    const g = childFlowGraph(p.project);
    const idx = (name: string) => p.project.documents.findIndex((d) => d.facts.name === name);
    const reach = reachableChildFlows(g, idx('A'));
    expect([...reach.keys()].map((i) => p.project.documents[i]!.facts.name).sort()).toEqual(['A', 'B', 'C', 'D']);
    expect(childFlowPath(reach, idx('D')).map((i) => p.project.documents[i]!.facts.name)).toEqual(['A', 'B', 'D']);
    expect(childFlowPath(reachableChildFlows(g, idx('D')), idx('A'))).toEqual([]);
  });
});

describe('FC309 deployment settings', () => {
  it('a deployment settings file that is not valid is a usage error (exit 2) naming the JSON path', async () => {
    const dir = project({
      'flowc.config.json': JSON.stringify({ environments: { prod: { deploymentSettings: 'ds.json' } }, environment: 'prod' }),
      'ds.json': JSON.stringify({ EnvironmentVariables: [], ConnectionReferences: [{ LogicalName: 'x', ConnectorId: 'y' }] }),
      'f.flow': 'SET A TO 1\n',
    });
    const { code, err } = await runCli(['check', 'f.flow'], { cwd: dir });
    expect(code).toBe(2);
    expect(err).toContain('ds.json');
    expect(err).toContain('ConnectionReferences[0]');
  });

  it('uses the environment given to the pipeline over the config\'s', async () => {
    const flow = "FLOW 'F'\n    CONNECTION D CONNECTOR 'shared_sharepointonline' LOGICALNAME 'x_D'\nEND FLOW\nExternal.InvokeCloudConnector Connection: D OperationId: 'GetItems'\n";
    const ds = (id: string) => JSON.stringify({ EnvironmentVariables: [], ConnectionReferences: [{ LogicalName: 'x_D', ConnectionId: id, ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_sharepointonline' }] });
    const dir = project({
      'flowc.config.json': JSON.stringify({ environments: { dev: { deploymentSettings: 'dev.json' }, prod: { deploymentSettings: 'prod.json' } }, environment: 'dev' }),
      'dev.json': ds('c-1'),
      'prod.json': ds(''),
      'f.flow': flow,
    });
    const cfg = path.join(dir, 'flowc.config.json');
    const dev = await runPipeline({ paths: ['f.flow'], cwd: dir, configPath: cfg });
    expect(codes(dev.results[0]!.diagnostics, 'FC309')).toEqual([]);
    const prod = await runPipeline({ paths: ['f.flow'], cwd: dir, configPath: cfg, environment: 'prod' });
    expect(prod.results[0]!.diagnostics.filter((d) => d.rule === 'FC309').map((d) => d.message)).toEqual([
      'connection reference x_D has an empty ConnectionId in prod.json: it is not bound to a connection for environment prod',
    ]);
  });
});
