/**
 * Connectors the tenant has: `connectors` in flowc.config.json takes the tenant's connector list
 * as the Power Apps API returns it (`{value: [{name, properties: {displayName, tier, publisher}}]}`),
 * and `flowc report` then shows the tier and licence of every connector in it — in Markdown, JSON
 * and HTML. A connector whose tier flowc does not know is shown as unknown, never as Standard.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import type { GovernanceReport } from '../src/generated/report.js';
import { ConnectorCatalog, isConnectorList, parseConnectorList } from '../src/catalog/connectors.js';

const FLOW = `FLOW 'Leads'
    CONNECTION Crm CONNECTOR 'shared_salesforce' LOGICALNAME 'contoso_Crm'
    CONNECTION Api CONNECTOR 'shared_contoso-5finvoices-5f1a2b3c4d5e6f' LOGICALNAME 'contoso_Api'
END FLOW
External.InvokeCloudConnector Connection: Crm OperationId: 'GetItems' @table: $'''Lead''' @GetItemsResponse=> Leads
External.InvokeCloudConnector Connection: Api OperationId: 'ListInvoices' @ListInvoicesResponse=> Invoices
`;

/** What GET https://api.powerapps.com/providers/Microsoft.PowerApps/apis?api-version=2016-11-01 returns (trimmed). */
const TENANT_LIST = {
  value: [
    {
      name: 'shared_salesforce',
      id: '/providers/Microsoft.PowerApps/apis/shared_salesforce',
      type: 'Microsoft.PowerApps/apis',
      properties: { displayName: 'Salesforce', tier: 'Premium', publisher: 'Microsoft', isCustomApi: false },
    },
    {
      name: 'shared_contoso-5finvoices-5f1a2b3c4d5e6f',
      properties: { displayName: 'Contoso Invoices', tier: 'NotSpecified', publisher: 'Contoso', isCustomApi: true },
    },
    { name: 'shared_rss', properties: { displayName: 'RSS', tier: 'Standard', publisher: 'Microsoft' } },
  ],
};

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { cwd, env: {}, isTTY: false, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

let bare: string;
let withList: string;
beforeAll(() => {
  bare = mkdtempSync(path.join(tmpdir(), 'flowc-tenant-bare-'));
  withList = mkdtempSync(path.join(tmpdir(), 'flowc-tenant-list-'));
  for (const dir of [bare, withList]) {
    mkdirSync(path.join(dir, 'flows'));
    writeFileSync(path.join(dir, 'flows/leads.flow'), FLOW);
  }
  writeFileSync(path.join(bare, 'flowc.config.json'), JSON.stringify({ include: ['flows/**/*.flow'] }));
  writeFileSync(path.join(withList, 'tenant-apis.json'), JSON.stringify(TENANT_LIST));
  writeFileSync(path.join(withList, 'flowc.config.json'), JSON.stringify({ include: ['flows/**/*.flow'], connectors: ['tenant-apis.json'] }));
});
afterAll(() => {
  rmSync(bare, { recursive: true, force: true });
  rmSync(withList, { recursive: true, force: true });
});

async function reportJson(dir: string): Promise<GovernanceReport> {
  const r = await cli(['report', '--format', 'json'], dir);
  expect(r.err).toBe('');
  return JSON.parse(r.out) as GovernanceReport;
}

describe('tenant connector list', () => {
  it('is recognised and parsed: names, display names, tiers (an unknown tier stays unknown)', () => {
    expect(isConnectorList(TENANT_LIST)).toBe(true);
    expect(isConnectorList(TENANT_LIST.value)).toBe(true);
    expect(isConnectorList({ name: 'shared_x', properties: { swagger: {} } })).toBe(false);
    const { connectors, warnings } = parseConnectorList(TENANT_LIST, 'tenant-apis.json');
    expect(connectors.map((c) => [c.id, c.displayName, c.tier ?? null, c.operationsKnown, c.isCustom])).toEqual([
      ['shared_salesforce', 'Salesforce', 'Premium', false, false],
      ['shared_contoso-5finvoices-5f1a2b3c4d5e6f', 'Contoso Invoices', null, false, true],
      ['shared_rss', 'RSS', 'Standard', false, false],
    ]);
    expect(warnings).toEqual(['tenant-apis.json: shared_contoso-5finvoices-5f1a2b3c4d5e6f: unknown tier "NotSpecified"; ignored']);
    // Merged into the built-in catalog: the tier is the tenant's, the operations stay known.
    const merged = ConnectorCatalog.builtIn().withExtra(connectors);
    expect(merged.get('shared_salesforce')?.tier).toBe('Premium');
    expect(merged.get('shared_sharepointonline')?.operationsKnown).toBe(true);
  });

  it('without it, a connector flowc has no metadata for is unknown in JSON, Markdown and HTML — never Standard', async () => {
    const json = await reportJson(bare);
    expect(json.connectors.map((c) => [c.id, c.tier])).toEqual([
      ['shared_contoso-5finvoices-5f1a2b3c4d5e6f', null],
      ['shared_salesforce', null],
    ]);
    const licences = json.flows[0]!.licence.map((l) => l.licence);
    expect(licences).toContain('unknown-tier');
    expect(licences).not.toContain('premium');

    const md = (await cli(['report', '--format', 'md'], bare)).out;
    const row = md.split('\n').find((l) => l.includes('`shared_salesforce`') || l.startsWith('| shared_salesforce'));
    expect(row, md).toBeDefined();
    expect(row).toContain('unknown');
    expect(row).not.toContain('Standard');
    expect(md).toContain('Premium? (tier unknown)');

    const html = (await cli(['report', '--format', 'html'], bare)).out;
    const bar = /<g class="bar" data-connector="shared_salesforce">[\s\S]*?<\/g>/.exec(html)?.[0] ?? '';
    expect(bar).toContain('class="unknown"');
    expect(bar).toContain('tier unknown');
    expect(bar).not.toContain('class="standard"');
  });

  it('with it, the report shows the tenant’s tier and the licence it needs, in JSON, Markdown and HTML', async () => {
    const json = await reportJson(withList);
    expect(json.connectors.map((c) => [c.id, c.displayName, c.tier])).toEqual([
      ['shared_contoso-5finvoices-5f1a2b3c4d5e6f', 'Contoso Invoices', null],
      ['shared_salesforce', 'Salesforce', 'Premium'],
    ]);
    const premium = json.flows[0]!.licence.find((l) => l.licence === 'premium');
    expect(premium?.connectors).toEqual(['shared_salesforce']);
    expect(json.flows[0]!.licence.find((l) => l.licence === 'unknown-tier')?.connectors).toEqual(['shared_contoso-5finvoices-5f1a2b3c4d5e6f']);

    const md = (await cli(['report', '--format', 'md'], withList)).out;
    const row = md.split('\n').find((l) => l.includes('shared_salesforce') && l.includes('Salesforce'));
    expect(row, md).toContain('Premium');

    const html = (await cli(['report', '--format', 'html'], withList)).out;
    const bar = /<g class="bar" data-connector="shared_salesforce">[\s\S]*?<\/g>/.exec(html)?.[0] ?? '';
    expect(bar).toContain('class="premium"');
    const other = /<g class="bar" data-connector="shared_contoso-5finvoices-5f1a2b3c4d5e6f">[\s\S]*?<\/g>/.exec(html)?.[0] ?? '';
    expect(other).toContain('class="unknown"');
  });

  it('a list that does not follow schemas/connector-list.schema.json is refused, naming the entry', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowc-tenant-bad-'));
    try {
      mkdirSync(path.join(dir, 'flows'));
      writeFileSync(path.join(dir, 'flows/leads.flow'), FLOW);
      writeFileSync(path.join(dir, 'apis.json'), JSON.stringify({ value: [TENANT_LIST.value[0], { properties: { tier: 'Premium' } }] }));
      writeFileSync(path.join(dir, 'flowc.config.json'), JSON.stringify({ include: ['flows/**/*.flow'], connectors: ['apis.json'] }));
      const r = await cli(['report', '--format', 'json'], dir);
      expect(r.code).toBe(2);
      expect(r.err).toContain('apis.json: $.value[1]');
      expect(r.err).toContain('name');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
