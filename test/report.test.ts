/**
 * `flowc report`: the model (src/report/model.ts) and its four renderings.
 *
 * The ground truth is the two real solutions: for every one of their 23 desktop flows, each format
 * lists exactly the connectors and operations that the flow's script calls, found here
 * independently by a regular expression over the decoded `<Definition>`s of customizations.xml.
 * The HTML page is rendered in headless Chromium (sorting, chart, tables in the live DOM).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/index.js';
import { getValidator } from '../src/inputs/schema-registry.js';
import { buildReport, renderReport, type ReportFormat } from '../src/report/index.js';
import type { GovernanceReport } from '../src/generated/report.js';
import { csvField, csvRow, mdText } from '../src/report/render-text.js';
import { CORPUS_ZIPS, extract } from './helpers/corpus.js';
import { runCli } from './helpers/cli.js';

// ---------------------------------------------------------------------------------------------
// Helpers

/** RFC 4180 parser (the test's own, to check the writer's quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      expect(c, `bare line feed or stray character at ${i}`).not.toBe('\n');
      field += c;
      i++;
    }
  }
  expect(field, 'the CSV ends with CRLF').toBe('');
  return rows;
}

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

type Usage = Record<string, string[]>; // connector → sorted operations
const usageKey = (file: string, flow: string) => `${file}\u0000${flow}`;

function addUse(map: Map<string, Usage>, key: string, connector: string, op: string): void {
  let u = map.get(key);
  if (!u) map.set(key, (u = {}));
  if (!connector) return;
  const ops = (u[connector] ??= []);
  if (op && !ops.includes(op)) ops.push(op);
  ops.sort();
}

/** What each format says each flow uses, keyed by file and flow name. */
function usageFromJson(r: GovernanceReport): Map<string, Usage> {
  const m = new Map<string, Usage>();
  for (const f of r.flows) {
    m.set(usageKey(f.file, f.name), {});
    for (const c of f.connectors) for (const op of c.operations) addUse(m, usageKey(f.file, f.name), c.id, op);
  }
  return m;
}

function usageFromCsv(text: string): Map<string, Usage> {
  const [header, ...rows] = parseCsv(text);
  const col = (n: string) => header!.indexOf(n);
  const m = new Map<string, Usage>();
  for (const r of rows) addUse(m, usageKey(r[col('file')]!, r[col('flow')]!), r[col('connector')]!, r[col('operation')]!);
  return m;
}

function usageFromMarkdown(text: string, flows: GovernanceReport['flows']): Map<string, Usage> {
  const sections = text.split(/^### /m).slice(1);
  expect(sections).toHaveLength(flows.length);
  const m = new Map<string, Usage>();
  sections.forEach((s, i) => {
    const f = flows[i]!;
    expect(s.split('\n')[0]).toBe(mdText(f.name));
    const key = usageKey(f.file, f.name);
    m.set(key, {});
    const usage = /^\| Connector \| Operation \| Connection references \|\n\| --- \| --- \| --- \|\n((?:\|.*\n)*)/m.exec(s);
    for (const row of usage?.[1]?.trim().split('\n') ?? []) {
      const cells = row.split(' | ').map((c) => c.replace(/^\| ?|`/g, '').trim());
      addUse(m, key, cells[0]!, cells[1]!);
    }
  });
  return m;
}

function usageFromHtml(html: string, flows: GovernanceReport['flows']): Map<string, Usage> {
  const m = new Map<string, Usage>();
  for (const d of html.matchAll(/<details class="flow" id="flow-(\d+)" data-flow="([^"]*)">([\s\S]*?)<\/details>/g)) {
    const f = flows[Number(d[1])]!;
    expect(unescapeHtml(d[2]!)).toBe(f.name);
    const key = usageKey(f.file, f.name);
    m.set(key, {});
    for (const r of d[3]!.matchAll(/<tr data-connector="([^"]*)" data-operation="([^"]*)">/g)) addUse(m, key, unescapeHtml(r[1]!), unescapeHtml(r[2]!));
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// The corpus

let tmp: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'flowc-report-'));
  for (const z of CORPUS_ZIPS) await extract(z, path.join(tmp, path.basename(z, '.zip')));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Straight from the scripts: every enabled `External.InvokeCloudConnector` line's ConnectorId and OperationId. */
function usageFromScripts(solutionDir: string, file: string): Map<string, Usage> {
  const xml = readFileSync(path.join(solutionDir, 'customizations.xml'), 'utf8');
  const m = new Map<string, Usage>();
  for (const w of xml.matchAll(/<Workflow WorkflowId="[^"]*" Name="([^"]*)">([\s\S]*?)<\/Workflow>/g)) {
    if (!/<Category>6<\/Category>/.test(w[2]!)) continue;
    const name = unescapeHtml(w[1]!);
    const def = /<Definition>([\s\S]*?)<\/Definition>/.exec(w[2]!);
    const script = JSON.parse(unescapeHtml(def![1]!)) as string;
    const key = usageKey(file, name);
    m.set(key, {});
    for (const line of script.split(/\r?\n/)) {
      const a = /^\s*External\.InvokeCloudConnector\b.*?\bConnectorId: '[^']*\/(shared_[^'/]+)'.*?\bOperationId: '([^']+)'/.exec(line);
      if (a) addUse(m, key, a[1]!.toLowerCase(), a[2]!);
    }
  }
  return m;
}

describe('report on the real solutions', () => {
  for (const zip of CORPUS_ZIPS) {
    const name = path.basename(zip, '.zip');
    it(`${name}: every format lists exactly the connectors and operations each script uses`, async () => {
      const folder = path.join(tmp, name);
      const p = await runPipeline({ paths: [folder], cwd: tmp, noConfig: true });
      expect(p.inputErrors).toEqual([]);
      const report = buildReport({ project: p.project, services: p.services });
      const expected = usageFromScripts(folder, name);
      expect(expected.size).toBe(name.includes('Local') ? 10 : 13);
      const calls = [...expected.values()].reduce((n, u) => n + Object.values(u).flat().length, 0);
      if (!name.includes('Local')) expect(calls).toBeGreaterThan(0);

      const validate = getValidator('report');
      const json = JSON.parse(renderReport(report, 'json')) as GovernanceReport;
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(usageFromJson(json)).toEqual(expected);
      expect(usageFromCsv(renderReport(report, 'csv'))).toEqual(expected);
      expect(usageFromMarkdown(renderReport(report, 'md'), json.flows)).toEqual(expected);
      expect(usageFromHtml(renderReport(report, 'html'), json.flows)).toEqual(expected);
    });
  }

  it('both solutions at once: totals agree with the flows', async () => {
    const p = await runPipeline({ paths: CORPUS_ZIPS, cwd: tmp, noConfig: true });
    const r = buildReport({ project: p.project, services: p.services });
    expect(getValidator('report')(r)).toBe(true);
    expect(r.totals.flows).toBe(23);
    const perConnector = new Map<string, number>();
    for (const f of r.flows) for (const c of f.connectors) perConnector.set(c.id, (perConnector.get(c.id) ?? 0) + 1);
    expect(r.totals.connectors.map((c) => [c.id, c.flows])).toEqual([...perConnector.entries()].sort());
    expect(r.connectors.map((c) => c.id)).toEqual([...perConnector.keys()].sort());
    // Dataverse is premium in the catalog: its flows need a premium plan.
    const dataverseFlows = r.flows.filter((f) => f.connectors.some((c) => c.id === 'shared_commondataserviceforapps'));
    expect(dataverseFlows.length).toBeGreaterThan(0);
    for (const f of dataverseFlows) expect(f.licence.map((l) => l.licence)).toEqual(['attended-rpa', 'premium']);
    for (const f of r.flows.filter((x) => x.connectors.length === 0)) expect(f.licence).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// A project with owners, sharing, child flows and DLP

const API = '/providers/Microsoft.PowerApps/apis/';
const project = {
  'flowc.config.json': JSON.stringify({ environment: 'prod', environments: { prod: { dlpPolicies: ['policy.json'] } } }),
  'policy.json': JSON.stringify({
    displayName: 'Prod policy',
    defaultConnectorsClassification: 'General',
    connectorGroups: [
      { classification: 'Confidential', connectors: [{ id: `${API}shared_sharepointonline` }, { id: `${API}shared_commondataserviceforapps` }, { id: `${API}shared_office365` }] },
      { classification: 'Blocked', connectors: [{ id: `${API}shared_rss` }] },
    ],
  }),
  'flows/intake.flow': `FLOW 'Intake, "daily"'
    ID 'aaaaaaaa-0000-4000-8000-000000000001'
    OWNER 'alice@contoso.com'
    COOWNER 'bob@contoso.com'
    USER 'carol@contoso.com'
    RUNS CONSOLE, UNATTENDED
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'contoso_Docs' OWNER 'alice@contoso.com' EMBEDDED
    CONNECTION Data CONNECTOR 'shared_commondataserviceforapps' LOGICALNAME 'contoso_Data' OWNER 'alice@contoso.com'
END FLOW
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: $'''s''' @table: $'''t''' @GetItemsResponse=> Items
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: $'''s''' @table: $'''u''' @GetItemsResponse=> More
External.InvokeCloudConnector Connection: Docs OperationId: 'PostItem' @dataset: $'''s''' @table: $'''t''' @'item/Title': $'''x'''
External.InvokeCloudConnector Connection: Data OperationId: 'ListRecordsWithOrganization' @organization: $'''o''' @entityName: $'''e''' @ListRecordsWithOrganizationResponse=> Rows
DISABLE External.InvokeCloudConnector Connection: Data OperationId: 'DeleteRecordWithOrganization' @organization: $'''o''' @entityName: $'''e''' @recordId: $'''1'''
@@flowname: 'News'
External.RunFlow FlowId: 'aaaaaaaa-0000-4000-8000-000000000002'
`,
  'flows/news.flow': `FLOW 'News'
    ID 'aaaaaaaa-0000-4000-8000-000000000002'
    OWNER 'bob@contoso.com'
    CONNECTION Feed CONNECTOR 'shared_rss' LOGICALNAME 'contoso_Feed'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'contoso_Docs' OWNER 'bob@contoso.com'
END FLOW
External.InvokeCloudConnector Connection: Feed OperationId: 'ListFeedItems' @feedUrl: $'''https://contoso.example/feed''' @ListFeedItemsResponse=> Items
`,
  'flows/mail.flow': `FLOW 'Mail'
    CONNECTION Mail CONNECTOR 'shared_office365' LOGICALNAME 'contoso_Mail'
END FLOW
External.InvokeCloudConnector Connection: Mail OperationId: 'SendEmailV2' @'emailMessage/To': $'''a@contoso.com''' @'emailMessage/Subject': $'''s''' @'emailMessage/Body': $'''b'''
External.RunFlow FlowId: 'ffffffff-0000-4000-8000-00000000000f'
`,
  'flows/quiet.flow': `SET X TO 1
`,
};

function writeProject(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

const cli = (args: string[], cwd: string) => runCli(args, { cwd });

describe('report model', () => {
  let dir: string;
  let report: GovernanceReport;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowc-report-project-'));
    writeProject(dir, project);
    const p = await runPipeline({ paths: [], cwd: dir });
    report = buildReport({ project: p.project, services: p.services });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates against the schema', () => {
    const v = getValidator('report');
    expect(v(report), JSON.stringify(v.errors)).toBe(true);
    expect(report.environment).toBe('prod');
  });

  it('describes each flow: sharing, runs, connectors with operations and references, child flows, licences', () => {
    expect(report.flows.map((f) => [f.file, f.name])).toEqual([
      ['flows/intake.flow', 'Intake, "daily"'],
      ['flows/mail.flow', 'Mail'],
      ['flows/news.flow', 'News'],
      ['flows/quiet.flow', 'quiet'],
    ]);
    const intake = report.flows[0]!;
    expect(intake).toMatchObject({
      workflowId: 'aaaaaaaa-0000-4000-8000-000000000001',
      schema: 'V2',
      owner: 'alice@contoso.com',
      coOwners: ['bob@contoso.com'],
      users: ['carol@contoso.com'],
      runs: ['CONSOLE', 'UNATTENDED'],
      connectors: [
        { id: 'shared_commondataserviceforapps', operations: ['ListRecordsWithOrganization'], connectionReferences: ['contoso_Data'] },
        { id: 'shared_sharepointonline', operations: ['GetItems', 'PostItem'], connectionReferences: ['contoso_Docs'] },
      ],
      connectionReferences: [
        { logicalName: 'contoso_Data', connector: 'shared_commondataserviceforapps', embedded: false, owner: 'alice@contoso.com' },
        { logicalName: 'contoso_Docs', connector: 'shared_sharepointonline', embedded: true, owner: 'alice@contoso.com' },
      ],
      childFlows: [{ id: 'aaaaaaaa-0000-4000-8000-000000000002', name: 'News', file: 'flows/news.flow' }],
    });
    expect(intake.licence.map((l) => [l.licence, l.connectors])).toEqual([
      ['attended-rpa', ['shared_commondataserviceforapps', 'shared_sharepointonline']],
      ['premium', ['shared_commondataserviceforapps']],
      ['unattended-rpa', undefined],
    ]);
    expect(report.flows[1]!.childFlows).toEqual([{ id: 'ffffffff-0000-4000-8000-00000000000f', name: null }]);
    expect(report.flows[3]).toMatchObject({ owner: null, connectors: [], licence: [], runs: ['CONSOLE'] });
  });

  it('DLP verdicts per policy, a blocked child flow blocking its caller', () => {
    const verdicts = Object.fromEntries(report.flows.map((f) => [f.name, f.dlp]));
    expect(verdicts['News']).toEqual([
      {
        policy: 'Prod policy',
        verdict: 'blocked',
        rule: 'FC401',
        message: expect.stringContaining('blocks shared_rss'),
        connectors: ['shared_rss'],
      },
    ]);
    expect(verdicts['Intake, "daily"']).toEqual([
      { policy: 'Prod policy', verdict: 'blocked', rule: 'FC401', message: expect.stringMatching(/^child flow 'News' is blocked: DLP policy 'Prod policy' blocks shared_rss/), connectors: ['shared_rss'] },
    ]);
    expect(verdicts['Mail']).toEqual([{ policy: 'Prod policy', verdict: 'allowed', message: expect.any(String) }]);
  });

  it('totals per connector, owner and connection reference', () => {
    expect(report.connectors).toEqual([
      { id: 'shared_commondataserviceforapps', displayName: 'Microsoft Dataverse', tier: 'Premium', flows: ['Intake, "daily"'], operations: { ListRecordsWithOrganization: 1 } },
      { id: 'shared_office365', displayName: 'Office 365 Outlook', tier: 'Standard', flows: ['Mail'], operations: { SendEmailV2: 1 } },
      { id: 'shared_rss', displayName: 'RSS', tier: 'Standard', flows: ['News'], operations: { ListFeedItems: 1 } },
      { id: 'shared_sharepointonline', displayName: 'SharePoint', tier: 'Standard', flows: ['Intake, "daily"'], operations: { GetItems: 2, PostItem: 1 } },
    ]);
    expect(report.totals.flows).toBe(4);
    expect(report.totals.connectorActions).toBe(6);
    expect(report.totals.connectors).toContainEqual({ id: 'shared_sharepointonline', flows: 1, operations: 2, actions: 3 });
    expect(report.totals.owners).toEqual([
      { owner: 'alice@contoso.com', flows: 1, connectors: ['shared_commondataserviceforapps', 'shared_sharepointonline'], connectorActions: 4 },
      { owner: 'bob@contoso.com', flows: 1, connectors: ['shared_rss'], connectorActions: 1 },
      { owner: null, flows: 2, connectors: ['shared_office365'], connectorActions: 1 },
    ]);
    expect(report.totals.connectionReferences).toEqual([
      { logicalName: 'contoso_Data', connector: 'shared_commondataserviceforapps', flows: 1, embeddedIn: 0, actions: 1 },
      { logicalName: 'contoso_Docs', connector: 'shared_sharepointonline', flows: 2, embeddedIn: 1, actions: 3 },
      { logicalName: 'contoso_Feed', connector: 'shared_rss', flows: 1, embeddedIn: 0, actions: 1 },
      { logicalName: 'contoso_Mail', connector: 'shared_office365', flows: 1, embeddedIn: 0, actions: 1 },
    ]);
  });

  it('CSV: header, one row per flow × connector × operation, RFC 4180 quoting', () => {
    const rows = parseCsv(renderReport(report, 'csv'));
    expect(rows[0]).toEqual(['flow', 'file', 'workflowId', 'owner', 'schema', 'runs', 'connector', 'connectorName', 'tier', 'operation', 'connectionReferences', 'dlp']);
    expect(rows.slice(1).map((r) => [r[0], r[6], r[9]])).toEqual([
      ['Intake, "daily"', 'shared_commondataserviceforapps', 'ListRecordsWithOrganization'],
      ['Intake, "daily"', 'shared_sharepointonline', 'GetItems'],
      ['Intake, "daily"', 'shared_sharepointonline', 'PostItem'],
      ['Mail', 'shared_office365', 'SendEmailV2'],
      ['News', 'shared_rss', 'ListFeedItems'],
      ['quiet', '', ''],
    ]);
    expect(renderReport(report, 'csv')).toContain('"Intake, ""daily"""');
    expect(rows[5]![11]).toBe('blocked (FC401 Prod policy)');
    expect([csvField('a,b'), csvField('say "hi"'), csvField('two\nlines'), csvField('plain'), csvField(null), csvField(3)]).toEqual(['"a,b"', '"say ""hi"""', 'two\\u000alines', 'plain', '', '3']);
    expect(csvRow(['a', 'b'])).toBe('a,b\r\n');
  });

  it('Markdown: summary tables and a section per flow', () => {
    const md = renderReport(report, 'md');
    expect(md).toContain('4 flows, 6 cloud connector actions, 4 connectors, 4 connection references.');
    expect(md).toContain('| `shared_sharepointonline` | SharePoint | Standard | 1 | 3 | `GetItems` (2), `PostItem` (1) |');
    expect(md).toContain('| alice@contoso.com | 1 | 4 | `shared_commondataserviceforapps`, `shared_sharepointonline` |');
    expect(md).toContain('### Intake, "daily"');
    expect(md).toContain('| Prod policy | blocked | FC401 |');
    expect(mdText('a|b *c* <d>')).toBe('a\\|b \\*c\\* \\<d\\>');
  });

  it('the same input gives the same bytes, in every format', async () => {
    const p = await runPipeline({ paths: [], cwd: dir });
    const again = buildReport({ project: p.project, services: p.services });
    for (const f of ['md', 'json', 'csv', 'html'] as ReportFormat[]) expect(renderReport(again, f)).toBe(renderReport(report, f));
  });

  it('HTML is one self-contained page: no external resource', () => {
    const html = renderReport(report, 'html');
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(html).not.toMatch(/<link\b|@import|url\(/);
    expect(html).toContain('<svg id="connector-chart"');
    expect(html).toContain('Intake, &quot;daily&quot;');
  });

  it('flowc report: formats, --out, --environment, bad usage', async () => {
    const json = await cli(['report', '--format', 'json'], dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual(report);
    const md = await cli(['report', 'flows/news.flow'], dir);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^# flowc governance report\n/);
    expect(md.out).toContain('1 flow, 1 cloud connector action');
    const out = await cli(['report', '--format', 'html', '--out', 'report.html'], dir);
    expect([out.code, out.out]).toEqual([0, '']);
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toBe(renderReport(report, 'html'));
    const bad = await cli(['report', '--format', 'xml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown --format 'xml' for report");
    const env = await cli(['report', '--environment', 'prdo'], dir);
    expect(env.code).toBe(2);
    expect(env.err).toContain("did you mean 'prod'?");
    const missing = await cli(['report', 'nope.flow'], dir);
    expect(missing.code).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// The HTML page in a real browser

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const inCi = !!process.env['CI'];

describe.skipIf(!chromium && !inCi)(`HTML report in headless Chromium${chromium || inCi ? '' : ' (skipped: no chromium on this machine; README, Developing, says how to get it)'}`, () => {
  let dir: string;
  let page: string;
  beforeAll(async () => {
    expect(chromium, 'CI must have chromium (.ci/run installs it)').toBeDefined();
    dir = mkdtempSync(path.join(tmpdir(), 'flowc-report-html-'));
    writeProject(dir, project);
    const p = await runPipeline({ paths: [], cwd: dir });
    page = path.join(dir, 'report.html');
    writeFileSync(page, renderReport(buildReport({ project: p.project, services: p.services }), 'html'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function browse(args: string[], url: string): string {
    const profile = mkdtempSync(path.join(dir, 'profile-'));
    const r = spawnSync(
      chromium!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--virtual-time-budget=3000', ...args, url],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
    );
    if (r.error) throw r.error;
    return r.stdout;
  }

  it('renders the chart and the tables, and sorts a table from the URL', () => {
    const dom = browse(['--dump-dom'], `file://${page}#sort=connectors:4:desc`);
    // The script ran: the table was sorted by its fifth column (Actions), descending.
    expect(dom).toContain('data-sorted="connectors:4:desc"');
    const connectorsTable = /<table class="sortable" id="connectors">([\s\S]*?)<\/table>/.exec(dom)?.[1] ?? '';
    expect([...connectorsTable.matchAll(/<tr data-connector="([^"]+)"/g)].map((m) => m[1])).toEqual(['shared_sharepointonline', 'shared_commondataserviceforapps', 'shared_office365', 'shared_rss']);
    expect(connectorsTable).toContain('aria-sort="descending"');
    // The chart: one bar per connector, the biggest first.
    const chart = /<svg id="connector-chart"[\s\S]*?<\/svg>/.exec(dom)?.[0] ?? '';
    expect([...chart.matchAll(/<g class="bar" data-connector="([^"]+)"/g)].map((m) => m[1])).toEqual(['shared_sharepointonline', 'shared_commondataserviceforapps', 'shared_office365', 'shared_rss']);
    expect(chart.match(/<rect /g)).toHaveLength(4);
    expect(dom).toMatch(/<table class="sortable" id="flows">/);

    const asc = browse(['--dump-dom'], `file://${page}#sort=flows:0:asc`);
    const flowsTable = /<table class="sortable" id="flows">([\s\S]*?)<\/table>/.exec(asc)?.[1] ?? '';
    expect([...flowsTable.matchAll(/<tr data-flow="([^"]+)"/g)].map((m) => unescapeHtml(m[1]!))).toEqual(['Intake, "daily"', 'Mail', 'News', 'quiet']);
    const desc = browse(['--dump-dom'], `file://${page}#sort=flows:0:desc`);
    const flowsDesc = /<table class="sortable" id="flows">([\s\S]*?)<\/table>/.exec(desc)?.[1] ?? '';
    expect([...flowsDesc.matchAll(/<tr data-flow="([^"]+)"/g)].map((m) => unescapeHtml(m[1]!))).toEqual(['quiet', 'News', 'Mail', 'Intake, "daily"']);
  });

  it('takes a screenshot', () => {
    const shot = path.join(dir, 'report.png');
    browse([`--screenshot=${shot}`, '--window-size=1280,1400', '--hide-scrollbars'], `file://${page}`);
    expect(existsSync(shot)).toBe(true);
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG');
    const keep = process.env['FLOWC_REPORT_SCREENSHOT'];
    if (keep) execFileSync('cp', [shot, keep]);
  });
});

describe('no input breaks the report or the graph', () => {
  it('arbitrary flow texts give a valid report in every format and a graph', async () => {
    const fcMod = (await import('fast-check')).default;
    const { analyzeFile } = await import('../src/engine/analyze.js');
    const { ConnectorCatalog } = await import('../src/catalog/connectors.js');
    const { actionCatalog } = await import('../src/catalog/actions.js');
    const { allRules } = await import('../src/rules/index.js');
    const { buildProjectGraph } = await import('../src/analysis/project-graph.js');
    const { renderGraph, stableGraph } = await import('../src/report/graph-render.js');
    const { parseDlpPolicies } = await import('../src/inputs/dlp-policies.js');
    const services = {
      connectors: ConnectorCatalog.builtIn(),
      actions: actionCatalog(),
      settings: {
        dlpPolicies: parseDlpPolicies(
          { displayName: 'P', defaultConnectorsClassification: 'Blocked', connectorGroups: [{ classification: 'General', connectors: [{ id: `${API}shared_rss` }, { id: 'providers/Microsoft.ProcessSimple/operationGroups/DesktopFlow.File' }] }] },
          'p.json',
        ),
      },
    };
    const pieces = [
      "FLOW 'X <&>\"'\n    ID 'aaaaaaaa-0000-4000-8000-000000000001'\n    CONNECTION A CONNECTOR 'shared_rss' OWNER 'a@b'\nEND FLOW\n",
      "External.InvokeCloudConnector Connection: A OperationId: 'ListFeedItems'\n",
      "External.InvokeCloudConnector Connection: 'zz' ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_x,\"y' OperationId: 'a|b'\n",
      "External.RunFlow FlowId: 'aaaaaaaa-0000-4000-8000-000000000001'\n",
      "File.ReadTextFromFile.ReadText File: 'x' Content=> T\n",
      "Scripting.RunPowershellScript.RunPowershellScript Script: 'x' ScriptOutput=> O\n",
      'DISABLE ',
      'FUNCTION F GLOBAL\n',
      'END FUNCTION\n',
      'IF (',
      "SET Password TO 'abcdefgh12'\n",
      '# [ControlRepository][PowerAutomateDesktop]\n{"ConnectionReferences":[{"InternalId":"x"},{"ConnectorId":"","LogicalName":""}]}',
    ];
    const validate = getValidator('report');
    fcMod.assert(
      fcMod.property(fcMod.array(fcMod.array(fcMod.oneof(fcMod.constantFrom(...pieces), fcMod.string()), { maxLength: 8 }), { minLength: 1, maxLength: 3 }), (texts) => {
        const analyses = texts.map((parts, i) => analyzeFile({ path: `f${i}.flow`, absolutePath: `/f${i}.flow`, text: parts.join(''), origin: 'file' }, services, allRules));
        const projectModel = { documents: analyses.map((a, index) => ({ index, doc: a.doc, facts: a.facts, flow: a.getOrParseFlow(), reported: true })) };
        const r = buildReport({ project: projectModel, services });
        expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
        for (const f of ['md', 'json', 'csv', 'html'] as ReportFormat[]) expect(typeof renderReport(r, f)).toBe('string');
        expect(parseCsv(renderReport(r, 'csv')).length).toBeGreaterThan(texts.length);
        const g = stableGraph(buildProjectGraph(projectModel), projectModel);
        for (const f of ['dot', 'mermaid', 'json'] as const) expect(typeof renderGraph(g, f)).toBe('string');
      }),
      { numRuns: 150 },
    );
  });
});
