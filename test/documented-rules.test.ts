/**
 * Issue #17, "the documented rules, exactly": `flowc access` over connection inventories that
 * break the four documented conditions of BYOC-dialog suppression one at a time (and the issue's
 * own case), `flowc build` refusing a connection reference bound to two connectors, and the
 * e-mail comparisons that decide whether a flow is shared.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { parseFlow } from '../src/syntax/parse.js';
import { computeFacts, type FlowFacts } from '../src/analysis/facts.js';
import { flowAccess } from '../src/analysis/access.js';
import type { Connection, ConnectionsInventory } from '../src/generated/connections.js';
import type { PrincipalAccess } from '../src/generated/access.js';

const work = mkdtempSync(path.join(tmpdir(), 'flowc-documented-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { cwd, env: {}, isTTY: false, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  return { code: await main(args, io), out, err };
}

function factsOf(text: string): FlowFacts {
  const { flow } = parseFlow(text);
  return computeFacts({ path: 'f.flow', absolutePath: '/f.flow', text, origin: 'file' }, flow);
}

/** Owner alice, co-owner bob, console runs; SharePoint through an embedded reference of alice's, Outlook through a reference of hers that is not embedded. */
const FLOW = `FLOW 'Invoice upload'
    OWNER 'alice@contoso.com'
    COOWNER 'bob@contoso.com'
    RUNS CONSOLE
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'contoso_Docs' OWNER 'alice@contoso.com' EMBEDDED
    CONNECTION Mail CONNECTOR 'shared_office365' LOGICALNAME 'contoso_Mail' OWNER 'alice@contoso.com'
END FLOW
SET Site TO $'''https://contoso.sharepoint.com/sites/finance'''
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: Site @table: $'''Invoices''' @GetItemsResponse=> Items
External.InvokeCloudConnector Connection: Mail OperationId: 'SendEmailV2' @'emailMessage/To': $'''finance@contoso.com''' @'emailMessage/Subject': $'''Invoices''' @'emailMessage/Body': $'''Done'''
`;

const SP_ALICE: Connection = { id: 'sp-alice', connector: 'shared_sharepointonline', owner: 'alice@contoso.com' };
const MAIL_ALICE: Connection = { id: 'mail-alice', connector: 'shared_office365', owner: 'alice@contoso.com' };

function dialogFor(text: string, email: string, connections: Connection[]): PrincipalAccess['byocDialog'] {
  const inv: ConnectionsInventory = { version: 1, connections };
  const p = flowAccess(factsOf(text), 'f.flow', { as: email, inventory: { path: 'inv.json', data: inv } }).principals[0];
  expect(p, email).toBeDefined();
  return p!.byocDialog;
}

describe('BYOC dialog: suppressed only when all four documented conditions hold', () => {
  it('all four hold: suppressed', () => {
    expect(dialogFor(FLOW, 'alice@contoso.com', [SP_ALICE, MAIL_ALICE]).shown).toBe(false);
  });

  it('(1) a connection of another user is available: shown', () => {
    const d = dialogFor(FLOW, 'alice@contoso.com', [SP_ALICE, MAIL_ALICE, { id: 'mail-dave', connector: 'shared_office365', owner: 'dave@contoso.com', sharedWith: ['ALICE@contoso.com'], email: 'alice@contoso.com' }]);
    expect(d).toEqual({ shown: true, reasons: ['connections of other users are available for shared_office365: mail-dave (dave@contoso.com)'] });
  });

  it('(2) an embedded connection is not owned by the person running the flow: shown', () => {
    const flow = FLOW.replace("LOGICALNAME 'contoso_Docs' OWNER 'alice@contoso.com' EMBEDDED", "LOGICALNAME 'contoso_Docs' OWNER 'bob@contoso.com' EMBEDDED");
    const d = dialogFor(flow, 'alice@contoso.com', [SP_ALICE, MAIL_ALICE]);
    expect(d).toEqual({ shown: true, reasons: ['embedded connection reference contoso_Docs is owned by bob@contoso.com, not by alice@contoso.com'] });
  });

  it('(3) the available connections of a connector are for two e-mail accounts: shown', () => {
    const d = dialogFor(FLOW, 'alice@contoso.com', [SP_ALICE, MAIL_ALICE, { id: 'mail-alice-2', connector: 'shared_office365', owner: 'alice@contoso.com', email: 'alice@fabrikam.com' }]);
    expect(d).toEqual({ shown: true, reasons: ['the connections available for shared_office365 are for different e-mail accounts: alice@contoso.com and alice@fabrikam.com'] });
  });

  it('(4) no valid connection for a connector: shown', () => {
    const d = dialogFor(FLOW, 'alice@contoso.com', [SP_ALICE, { ...MAIL_ALICE, status: 'Expired' }]);
    expect(d).toEqual({ shown: true, reasons: ['no valid connection for shared_office365 is available to alice@contoso.com (mail-alice: Expired)'] });
  });

  it('a connector used only through embedded references is no exception', () => {
    // SharePoint is used only through the embedded contoso_Docs (alice's own): its connections still count.
    const d = dialogFor(FLOW, 'alice@contoso.com', [{ ...SP_ALICE, status: 'Expired' }, MAIL_ALICE]);
    expect(d).toEqual({ shown: true, reasons: ['no valid connection for shared_sharepointonline is available to alice@contoso.com (sp-alice: Expired)'] });
  });

  it("the issue's case: alice's two SharePoint connections, one Expired, one in Error for another account: shown", async () => {
    const flow = `FLOW 'Invoice upload'
    OWNER 'alice@contoso.com'
    COOWNER 'bob@contoso.com'
    RUNS CONSOLE
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' OWNER 'alice@contoso.com' EMBEDDED
END FLOW
SET Site TO $'''https://contoso.sharepoint.com/sites/finance'''
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: Site @table: $'''Invoices''' @GetItemsResponse=> Items
`;
    const dir = path.join(work, 'issue-case');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'f.flow'), flow);
    const inv: ConnectionsInventory = {
      version: 1,
      connections: [
        { id: 'sp-1', connector: 'shared_sharepointonline', owner: 'alice@contoso.com', status: 'Expired' },
        { id: 'sp-2', connector: 'shared_sharepointonline', owner: 'alice@contoso.com', email: 'alice@fabrikam.com', status: 'Error' },
      ],
    };
    writeFileSync(path.join(dir, 'inv.json'), JSON.stringify(inv));
    const r = await run(dir, ['access', 'f.flow', '--as', 'alice@contoso.com', '--connections', 'inv.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const dialog = JSON.parse(r.out).flows[0].principals[0].byocDialog;
    expect(dialog).toEqual({
      shown: true,
      reasons: [
        'the connections available for shared_sharepointonline are for different e-mail accounts: alice@contoso.com and alice@fabrikam.com',
        'no valid connection for shared_sharepointonline is available to alice@contoso.com (sp-1: Expired and sp-2: Error)',
      ],
    });
  });
});

describe('access: one verdict per run mode', () => {
  it('a mode RUNS does not list is "not enabled", with what enabling it would take; never "allowed"', () => {
    const flow = FLOW.replace('SCHEMA V2', '').replace("    RUNS CONSOLE\n", "    SCHEMA V1\n    RUNS CONSOLE\n");
    const bob = flowAccess(factsOf(flow), 'f.flow', { as: 'bob@contoso.com' }).principals[0]!;
    const unattended = bob.runModes.find((m) => m.mode === 'UNATTENDED')!;
    expect(unattended.verdict).toBe('notEnabled');
    expect(unattended.allowed).toBe(false);
    expect(unattended.reason).toBe(
      'RUNS does not list UNATTENDED: to enable unattended (cloud-initiated) runs, add UNATTENDED to RUNS; besides, the flow contains cloud connector actions and uses the v1 schema: it must be migrated to the Power Automate v2 schema; and the flow is shared, so every connection reference must be embedded, and contoso_Mail is not',
    );
    for (const m of bob.runModes) expect(m.allowed === (m.verdict === 'allowed') && (m.verdict !== 'allowed' || m.declared)).toBe(true);
  });

  it('a v1 flow without connector actions can run cloud-initiated', () => {
    const f = factsOf("FLOW 'Export'\n    SCHEMA V1\n    OWNER 'alice@contoso.com'\n    RUNS UNATTENDED\nEND FLOW\nFolder.Create FolderPath: $'''C:\\\\x''' FolderName: $'''y''' Folder=> Created\n");
    const alice = flowAccess(f, 'f.flow').principals[0]!;
    expect(alice.runModes.find((m) => m.mode === 'UNATTENDED')).toMatchObject({ verdict: 'allowed', reason: 'a cloud flow can start it: it contains no cloud connector actions, so neither the v2 schema nor embedded references are required' });
  });
});

describe('sharing compares e-mail addresses without regard to case', () => {
  it('a co-owner who is the owner does not make the flow shared', () => {
    const f = factsOf("FLOW 'X'\n    OWNER 'alice@contoso.com'\n    COOWNER 'Alice@Contoso.com'\nEND FLOW\nSET A TO 1\n");
    expect(f.shared).toBe(false);
    expect(flowAccess(f, 'f.flow').principals.map((p) => [p.email, p.role])).toEqual([['alice@contoso.com', 'owner']]);
    expect(factsOf("FLOW 'X'\n    OWNER 'alice@contoso.com'\n    USER 'bob@contoso.com'\nEND FLOW\nSET A TO 1\n").shared).toBe(true);
  });
});

describe('report: e-mail addresses compare without regard to case', () => {
  it('one owner for Alice@ and alice@; a co-owner who is the owner is not listed as a co-owner', async () => {
    const dir = path.join(work, 'report-case');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a.flow'), "FLOW 'A'\n    OWNER 'alice@contoso.com'\n    COOWNER 'ALICE@contoso.com'\n    COOWNER 'bob@contoso.com'\nEND FLOW\nSET X TO 1\n");
    writeFileSync(path.join(dir, 'b.flow'), "FLOW 'B'\n    OWNER 'Alice@Contoso.com'\nEND FLOW\nSET X TO 1\n");
    const r = await run(dir, ['report', '.', '--format', 'json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { flows: { name: string; coOwners: string[] }[]; totals: { owners: { owner: string | null; flows: number }[] } };
    expect(rep.totals.owners).toEqual([expect.objectContaining({ owner: 'alice@contoso.com', flows: 2 })]);
    expect(rep.flows.find((f) => f.name === 'A')!.coOwners).toEqual(['bob@contoso.com']);
  });
});

describe('build: one connection reference bound to two connectors', () => {
  it('reports FC311 and writes nothing', async () => {
    const dir = path.join(work, 'conflict');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'a.flow'),
      "FLOW 'A'\n    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'contoso_Shared'\nEND FLOW\nSET Site TO $'''https://contoso.sharepoint.com/sites/x'''\nExternal.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: Site @table: $'''T''' @GetItemsResponse=> Items\n",
    );
    writeFileSync(
      path.join(dir, 'b.flow'),
      "FLOW 'B'\n    CONNECTION Mail CONNECTOR 'shared_office365' LOGICALNAME 'contoso_Shared'\nEND FLOW\nExternal.InvokeCloudConnector Connection: Mail OperationId: 'SendEmailV2' @'emailMessage/To': $'''a@contoso.com''' @'emailMessage/Subject': $'''S''' @'emailMessage/Body': $'''B'''\n",
    );
    const r = await run(dir, ['build', '--out-dir', 'out', '--diagnostic-format', 'json']);
    expect(r.code).toBe(1);
    const text = r.out + r.err;
    const ds = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)).diagnostics as { rule: string; file: string }[];
    expect(ds.filter((d) => d.rule === 'FC311').map((d) => d.file).sort()).toEqual(['a.flow', 'b.flow']);
    expect(existsSync(path.join(dir, 'out')) ? readdirSync(path.join(dir, 'out')) : []).toEqual([]);
    // With FC311 turned off, build itself still refuses to write both.
    writeFileSync(path.join(dir, 'flowc.config.json'), JSON.stringify({ rules: { FC311: 'off' } }));
    const off = await run(dir, ['build', '--out-dir', 'out']);
    expect(off.code).toBe(1);
    expect(off.err).toContain('connection reference contoso_Shared is for shared_office365 here but for shared_sharepointonline in a.flow');
    expect(existsSync(path.join(dir, 'out')) ? readdirSync(path.join(dir, 'out')) : []).toEqual([]);
  });
});

describe('suggestions in every output format', () => {
  it('FC301 on a v1 flow with connector actions: pretty, JSON and SARIF show the suggestion; --fix leaves the file alone', async () => {
    const dir = path.join(work, 'suggest');
    mkdirSync(dir, { recursive: true });
    const text = "FLOW 'X'\n    SCHEMA V1\n    RUNS UNATTENDED\n    CONNECTION D CONNECTOR 'shared_sharepointonline'\nEND FLOW\nSET Site TO $'''https://contoso.sharepoint.com/sites/x'''\nExternal.InvokeCloudConnector Connection: D OperationId: 'GetItems' @dataset: Site @table: $'''T''' @GetItemsResponse=> Items\n";
    writeFileSync(path.join(dir, 'x.flow'), text);
    const pretty = await run(dir, ['check', 'x.flow', '--no-color']);
    expect(pretty.out).toContain('  suggestion: once the flow has been migrated to the v2 schema in Power Automate, write SCHEMA V2 (not applied by --fix)\n');
    expect(pretty.out).not.toMatch(/FC301[^\n]*\[fixable\]/);
    const sarif = JSON.parse((await run(dir, ['check', 'x.flow', '--format', 'sarif'])).out);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'FC301');
    expect(result.fixes[0].description.text).toBe('once the flow has been migrated to the v2 schema in Power Automate, write SCHEMA V2');
    expect(result.fixes[0].artifactChanges[0].replacements[0]).toEqual({ deletedRegion: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 14 }, insertedContent: { text: 'SCHEMA V2' } });
    const github = (await run(dir, ['check', 'x.flow', '--format', 'github'])).out;
    expect(github).toContain('%0Asuggestion: once the flow has been migrated to the v2 schema in Power Automate, write SCHEMA V2 (not applied by --fix)');
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'FC301');
    expect(rule.properties.suggestions).toBe(true);
    const fixed = await run(dir, ['check', 'x.flow', '--fix']);
    expect(fixed.code).toBe(1);
    expect(readFileSync(path.join(dir, 'x.flow'), 'utf8')).toBe(text);
  });
});

