/**
 * `flowc access`: the logic (src/analysis/access.ts) for an owner, a co-owner and a run-only
 * user, with and without a connections inventory, including a suppressed and a shown BYOC
 * dialog; and the command end to end, pretty and JSON, the JSON validated against
 * schemas/access.schema.json.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getValidator } from '../src/inputs/schema-registry.js';
import { parseFlow } from '../src/syntax/parse.js';
import { computeFacts, type FlowFacts } from '../src/analysis/facts.js';
import { accessReport, availableConnections, byocDialog, flowAccess } from '../src/analysis/access.js';
import type { AccessReport, PrincipalAccess } from '../src/generated/access.js';
import type { ConnectionsInventory } from '../src/generated/connections.js';
import { runCli } from './helpers/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'flowc-access-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FLOW = `FLOW 'Invoice upload'
    SCHEMA V2
    OWNER 'alice@contoso.com'
    COOWNER 'bob@contoso.com'
    USER 'carol@contoso.com'
    RUNS CONSOLE, ATTENDED
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'contoso_Docs' OWNER 'alice@contoso.com' EMBEDDED
    CONNECTION Mail CONNECTOR 'shared_office365' LOGICALNAME 'contoso_Mail' OWNER 'alice@contoso.com' EMBEDDED
END FLOW
SET Site TO $'''https://contoso.sharepoint.com/sites/finance'''
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: Site @table: $'''Invoices''' @GetItemsResponse=> Items
External.InvokeCloudConnector Connection: Mail OperationId: 'SendEmailV2' @'emailMessage/To': $'''finance@contoso.com''' @'emailMessage/Subject': $'''Invoices''' @'emailMessage/Body': $'''Done'''
`;

/** Alice owns every connection she can see, one account per connector, all valid: her dialog is suppressed. */
const INVENTORY: ConnectionsInventory = {
  version: 1,
  connections: [
    { id: 'sp-alice', connector: 'shared_sharepointonline', owner: 'alice@contoso.com', displayName: 'alice@contoso.com' },
    { id: 'o365-alice', connector: '/providers/Microsoft.PowerApps/apis/shared_office365', owner: 'alice@contoso.com' },
    { id: 'sp-carol-old', connector: 'shared_sharepointonline', owner: 'carol@contoso.com', status: 'Expired' },
    { id: 'sp-carol', connector: 'shared_sharepointonline', owner: 'carol@contoso.com', displayName: 'Carol' },
    { id: 'o365-dave', connector: 'shared_office365', owner: 'dave@contoso.com', sharedWith: ['carol@contoso.com'] },
    { id: 'o365-carol', connector: 'shared_office365', owner: 'carol@contoso.com' },
  ],
};

function factsOf(text: string): FlowFacts {
  const { flow } = parseFlow(text);
  return computeFacts({ path: 'invoice.flow', absolutePath: '/invoice.flow', text, origin: 'file' }, flow);
}

function person(report: { principals: PrincipalAccess[] }, email: string): PrincipalAccess {
  const p = report.principals.find((x) => x.email === email);
  expect(p, email).toBeDefined();
  return p!;
}

const modes = (p: PrincipalAccess) => p.runModes.map((m) => [m.mode, m.allowed, m.declared]);

describe('access logic', () => {
  it('owner, co-owner and run-only user: run modes and bring-your-own-connection', () => {
    const a = flowAccess(factsOf(FLOW), 'invoice.flow');
    expect(a.principals.map((p) => [p.email, p.role])).toEqual([
      ['alice@contoso.com', 'owner'],
      ['bob@contoso.com', 'coOwner'],
      ['carol@contoso.com', 'user'],
    ]);
    const alice = person(a, 'alice@contoso.com');
    expect(modes(alice)).toEqual([
      ['CONSOLE', true, true],
      ['ATTENDED', true, true],
      ['UNATTENDED', false, false],
    ]);
    expect(alice.runModes.map((m) => m.verdict)).toEqual(['allowed', 'allowed', 'notEnabled']);
    expect(alice.runModes[1]!.reason).toBe('a cloud flow can start it: it uses the v2 schema and every connection reference it uses is embedded');
    expect(alice.runModes[2]!.reason).toBe('RUNS does not list UNATTENDED: to enable unattended (cloud-initiated) runs, add UNATTENDED to RUNS');
    expect(alice.bringOwnConnection).toEqual([]);
    const bob = person(a, 'bob@contoso.com');
    expect(modes(bob).map((m) => m[1])).toEqual([true, true, false]);
    expect(bob.bringOwnConnection).toEqual([]);
    const carol = person(a, 'carol@contoso.com');
    expect(modes(carol).map((m) => m[1])).toEqual([true, false, false]);
    expect(carol.runModes[1]!.reason).toBe('run-only users can only perform attended, console initiated runs, never runs started by a cloud flow');
    expect(carol.runModes.map((m) => m.verdict)).toEqual(['allowed', 'notAllowed', 'notAllowed']);
    expect(carol.bringOwnConnection).toEqual(['contoso_Docs', 'contoso_Mail']);
  });

  it('without an inventory the dialog is unknown unless an embedded connection of someone else decides it', () => {
    const a = flowAccess(factsOf(FLOW), 'invoice.flow');
    expect(person(a, 'alice@contoso.com').byocDialog.shown).toBeNull();
    expect(person(a, 'alice@contoso.com').byocDialog.reasons.at(-1)).toContain('no connections inventory');
    expect(person(a, 'bob@contoso.com').byocDialog).toEqual({
      shown: true,
      reasons: ['embedded connection reference contoso_Docs is owned by alice@contoso.com, not by bob@contoso.com', 'embedded connection reference contoso_Mail is owned by alice@contoso.com, not by bob@contoso.com'],
    });
    expect(person(a, 'carol@contoso.com').defaultConnections).toEqual([
      { connectionReference: 'contoso_Docs', connector: 'shared_sharepointonline', connection: null },
      { connectionReference: 'contoso_Mail', connector: 'shared_office365', connection: null },
    ]);
  });

  it('with an inventory: suppressed for the owner, shown for a run-only user with other users\' connections, default = first compatible', () => {
    const a = flowAccess(factsOf(FLOW), 'invoice.flow', { inventory: { path: 'connections.json', data: INVENTORY } });
    expect(person(a, 'alice@contoso.com').byocDialog).toEqual({
      shown: false,
      reasons: [
        'the embedded connection references (contoso_Docs and contoso_Mail) are owned by alice@contoso.com',
        "only alice@contoso.com's own connections exist for shared_sharepointonline",
        'every connection available for shared_sharepointonline is for the account alice@contoso.com',
        'a valid connection for shared_sharepointonline is available',
        "only alice@contoso.com's own connections exist for shared_office365",
        'every connection available for shared_office365 is for the account alice@contoso.com',
        'a valid connection for shared_office365 is available',
      ],
    });
    const carol = person(a, 'carol@contoso.com');
    expect(carol.byocDialog.shown).toBe(true);
    expect(carol.byocDialog.reasons).toContain('connections of other users are available for shared_office365: o365-dave (dave@contoso.com)');
    expect(carol.byocDialog.reasons).toContain('the connections available for shared_office365 are for different e-mail accounts: dave@contoso.com and carol@contoso.com');
    // "the first one will be selected by default": the first compatible one, expired or not.
    expect(carol.defaultConnections).toEqual([
      { connectionReference: 'contoso_Docs', connector: 'shared_sharepointonline', connection: 'sp-carol-old', status: 'Expired', valid: false },
      { connectionReference: 'contoso_Mail', connector: 'shared_office365', connection: 'o365-dave', status: 'Connected', valid: true },
    ]);
  });

  it('a run-only user with only their own valid connections on one account, and no embedded references, gets no dialog', () => {
    const flow = FLOW.replace(/ EMBEDDED/g, '');
    const inv: ConnectionsInventory = { version: 1, connections: INVENTORY.connections.filter((c) => c.id !== 'o365-dave' && c.id !== 'sp-carol-old') };
    const carol = person(flowAccess(factsOf(flow), 'f', { inventory: { path: 'i', data: inv } }), 'carol@contoso.com');
    expect(carol.byocDialog).toEqual({
      shown: false,
      reasons: [
        "only carol@contoso.com's own connections exist for shared_sharepointonline",
        'every connection available for shared_sharepointonline is for the account carol@contoso.com',
        'a valid connection for shared_sharepointonline is available',
        "only carol@contoso.com's own connections exist for shared_office365",
        'every connection available for shared_office365 is for the account carol@contoso.com',
        'a valid connection for shared_office365 is available',
      ],
    });
    // Only an expired connection: the dialog is shown, and the expired one is selected (and said to be invalid).
    const expired: ConnectionsInventory = { version: 1, connections: [{ id: 'old', connector: 'shared_sharepointonline', owner: 'carol@contoso.com', status: 'Expired' }] };
    const c2 = person(flowAccess(factsOf(flow), 'f', { inventory: { path: 'i', data: expired } }), 'carol@contoso.com');
    expect(c2.byocDialog.shown).toBe(true);
    expect(c2.byocDialog.reasons).toEqual(['no valid connection for shared_sharepointonline is available to carol@contoso.com (old: Expired)', "no connection for shared_office365 in the inventory is carol@contoso.com's own or shared with them"]);
    expect(c2.defaultConnections.map((d) => [d.connection, d.valid])).toEqual([['old', false], [null, undefined]]);
  });

  it('co-owners bring their own connection for references that are not embedded, unless they own them; cloud runs then fail', () => {
    const flow = FLOW.replace("LOGICALNAME 'contoso_Mail' OWNER 'alice@contoso.com' EMBEDDED", "LOGICALNAME 'contoso_Mail' OWNER 'bob@contoso.com'").replace(
      "LOGICALNAME 'contoso_Docs' OWNER 'alice@contoso.com' EMBEDDED",
      "LOGICALNAME 'contoso_Docs'",
    );
    const a = flowAccess(factsOf(flow), 'f');
    // Docs has no OWNER: it is the flow owner's.
    expect(person(a, 'alice@contoso.com').bringOwnConnection).toEqual(['contoso_Mail']);
    expect(person(a, 'bob@contoso.com').bringOwnConnection).toEqual(['contoso_Docs']);
    const att = person(a, 'bob@contoso.com').runModes[1]!;
    expect(att.allowed).toBe(false);
    expect(att.reason).toBe('a cloud flow cannot start it: the flow is shared, so every connection reference must be embedded, and contoso_Docs and contoso_Mail are not');
  });

  it('v1 flows cannot run cloud-initiated; unshared flows need no embedding', () => {
    const v1 = flowAccess(factsOf(FLOW.replace('SCHEMA V2', 'SCHEMA V1')), 'f');
    expect(person(v1, 'alice@contoso.com').runModes[1]).toEqual({
      mode: 'ATTENDED',
      verdict: 'notAllowed',
      allowed: false,
      declared: true,
      reason: 'a cloud flow cannot start it: the flow contains cloud connector actions and uses the v1 schema: it must be migrated to the Power Automate v2 schema',
    });
    const alone = flowAccess(factsOf(FLOW.replace(/ {4}(COOWNER|USER) .*\n/g, '').replace(/ EMBEDDED/g, '')), 'f');
    expect(alone.principals.map((p) => p.email)).toEqual(['alice@contoso.com']);
    expect(person(alone, 'alice@contoso.com').runModes[1]!.reason).toBe('a cloud flow can start it: it uses the v2 schema and is not shared, so its connection references need not be embedded');
  });

  it('--as: only that person (any case), or "not shared with …"', () => {
    const f = factsOf(FLOW);
    expect(flowAccess(f, 'f', { as: 'BOB@contoso.com' }).principals.map((p) => p.role)).toEqual(['coOwner']);
    const dave = flowAccess(f, 'f', { as: 'dave@contoso.com' });
    expect(dave.principals).toEqual([]);
    expect(dave.notShared).toEqual({ email: 'dave@contoso.com', message: "flow 'Invoice upload' is not shared with dave@contoso.com" });
    const clip = flowAccess(factsOf("SET A TO 1\n"), 'c.flow', { as: 'dave@contoso.com' });
    expect(clip.notShared?.message).toBe("flow 'invoice' is not shared with dave@contoso.com (it declares no OWNER, COOWNER or USER)");
  });

  it('a flow without connector actions never shows the dialog', () => {
    const f = factsOf("FLOW 'X'\n    OWNER 'a@x.com'\n    USER 'u@x.com'\nEND FLOW\nSET A TO 1\n");
    expect(byocDialog(f, 'u@x.com', 'user')).toEqual({ shown: false, reasons: ['the flow uses no connection references, so no connection is asked for'] });
  });

  it('availableConnections: own and shared-with connections of the connector, by short or full id', () => {
    expect(availableConnections(INVENTORY, 'shared_office365', 'carol@contoso.com').map((c) => c.id)).toEqual(['o365-dave', 'o365-carol']);
    expect(availableConnections(INVENTORY, 'shared_office365', 'ALICE@contoso.com').map((c) => c.id)).toEqual(['o365-alice']);
  });

  it('the report validates against schemas/access.schema.json', () => {
    const validate = getValidator('access');
    const r = accessReport([{ facts: factsOf(FLOW), file: 'invoice.flow' }], { inventory: { path: 'connections.json', data: INVENTORY } });
    expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
    const r2 = accessReport([{ facts: factsOf(FLOW), file: 'invoice.flow' }], { as: 'zed@x.com' });
    expect(validate(r2), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('flowc access (command)', () => {
  const dir = path.join(work, 'cli');
  mkdirSync(path.join(dir, 'inv'), { recursive: true });
  writeFileSync(path.join(dir, 'invoice.flow'), FLOW);
  writeFileSync(path.join(dir, 'inv', 'connections.json'), JSON.stringify(INVENTORY, null, 2));

  const run = (args: string[], cwd = dir) => runCli(args, { cwd });

  it('--format json for everyone, with and without an inventory, valid against the schema', async () => {
    const validate = getValidator('access');
    const without = await run(['access', 'invoice.flow', '--format', 'json']);
    expect(without.code).toBe(0);
    const a = JSON.parse(without.out) as AccessReport;
    expect(validate(a), JSON.stringify(validate.errors)).toBe(true);
    expect(a.connections).toBeNull();
    expect(a.flows.map((f) => [f.name, f.file, f.principals.map((p) => [p.role, p.byocDialog.shown])])).toEqual([
      ['Invoice upload', 'invoice.flow', [['owner', null], ['coOwner', true], ['user', true]]],
    ]);
    const withInv = await run(['access', 'invoice.flow', '--format', 'json', '--connections', 'inv/connections.json']);
    const b = JSON.parse(withInv.out) as AccessReport;
    expect(validate(b), JSON.stringify(validate.errors)).toBe(true);
    expect(b.connections).toBe('inv/connections.json');
    expect(b.flows[0]!.principals.map((p) => [p.email, p.byocDialog.shown])).toEqual([
      ['alice@contoso.com', false],
      ['bob@contoso.com', true],
      ['carol@contoso.com', true],
    ]);
  });

  it('pretty output for an owner (dialog suppressed), a co-owner and a run-only user (dialog shown)', async () => {
    const owner = await run(['access', 'invoice.flow', '--as', 'alice@contoso.com', '--connections', 'inv/connections.json']);
    expect(owner.code).toBe(0);
    expect(owner.out).toBe(
      [
        "flow 'Invoice upload' (invoice.flow)",
        '  schema V2 · runs CONSOLE, ATTENDED · owner alice@contoso.com',
        '',
        '  alice@contoso.com — owner',
        '    CONSOLE     allowed      the owner can run the flow from the console',
        '    ATTENDED    allowed      a cloud flow can start it: it uses the v2 schema and every connection reference it uses is embedded',
        '    UNATTENDED  not enabled  RUNS does not list UNATTENDED: to enable unattended (cloud-initiated) runs, add UNATTENDED to RUNS',
        "    bring your own connection: none — contoso_Docs and contoso_Mail are alice@contoso.com's own",
        '    BYOC dialog: suppressed — all four documented conditions hold:',
        '      - the embedded connection references (contoso_Docs and contoso_Mail) are owned by alice@contoso.com',
        "      - only alice@contoso.com's own connections exist for shared_sharepointonline",
        '      - every connection available for shared_sharepointonline is for the account alice@contoso.com',
        '      - a valid connection for shared_sharepointonline is available',
        "      - only alice@contoso.com's own connections exist for shared_office365",
        '      - every connection available for shared_office365 is for the account alice@contoso.com',
        '      - a valid connection for shared_office365 is available',
        '',
        'connections inventory: inv/connections.json',
        '',
      ].join('\n'),
    );
    const co = await run(['access', 'invoice.flow', '--as', 'bob@contoso.com']);
    expect(co.out).toContain('  bob@contoso.com — co-owner\n');
    expect(co.out).toContain('    bring your own connection: none — contoso_Docs and contoso_Mail are embedded, and embedded references serve co-owners\n');
    expect(co.out).toContain(
      '    BYOC dialog: shown — it appears in console runs unless all four documented conditions hold, and these do not:\n      - embedded connection reference contoso_Docs is owned by alice@contoso.com, not by bob@contoso.com\n',
    );
    const user = await run(['access', 'invoice.flow', '--as', 'carol@contoso.com', '--connections', 'inv/connections.json', '--no-color']);
    expect(user.out).toContain('  carol@contoso.com — run-only user\n');
    expect(user.out).toContain('    ATTENDED    not allowed  run-only users can only perform attended, console initiated runs, never runs started by a cloud flow\n');
    expect(user.out).toContain('    bring your own connection: contoso_Docs, contoso_Mail — run-only users bring their own connection for every connection reference, even embedded ones: contoso_Docs and contoso_Mail\n');
    expect(user.out).toContain('    BYOC dialog: shown — ');
    expect(user.out).toContain(
      '    selected by default:\n      contoso_Docs (shared_sharepointonline): sp-carol-old — Expired: not a valid connection; pick or create another in the dialog\n      contoso_Mail (shared_office365): o365-dave\n',
    );
    const noInv = await run(['access', 'invoice.flow', '--as', 'carol@contoso.com']);
    expect(noInv.out).toContain('      contoso_Docs (shared_sharepointonline): unknown (no connections inventory)\n');
    expect(noInv.out).not.toContain('connections inventory:');
  });

  it('a person not on the flow', async () => {
    const r = await run(['access', 'invoice.flow', '--as', 'dave@contoso.com']);
    expect(r.code).toBe(0);
    expect(r.out).toContain("  flow 'Invoice upload' is not shared with dave@contoso.com\n");
  });

  it('a flow without a header: defaults, and nobody declared', async () => {
    writeFileSync(path.join(dir, 'clip.flow'), 'SET A TO 1\n');
    const r = await run(['access', 'clip.flow']);
    expect(r.out).toBe(
      "flow 'clip' (clip.flow)\n  schema V2 · runs CONSOLE · owner not declared\n  no owner, co-owner or run-only user is declared: write them in the FLOW header (OWNER, COOWNER, USER); `flowc import` turns a solution into .flow files with headers\n",
    );
  });

  it('takes the inventory from the config file when --connections is not given', async () => {
    const d = path.join(work, 'cfg');
    mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, 'invoice.flow'), FLOW);
    writeFileSync(path.join(d, 'conns.json'), JSON.stringify(INVENTORY));
    writeFileSync(path.join(d, 'flowc.config.json'), JSON.stringify({ connections: 'conns.json' }));
    const r = await run(['access', 'invoice.flow', '--format', 'json', '--as', 'alice@contoso.com'], d);
    const rep = JSON.parse(r.out) as AccessReport;
    expect(rep.connections).toBe('conns.json');
    expect(rep.flows[0]!.principals[0]!.byocDialog.shown).toBe(false);
  });

  it('usage errors exit 2: no FILE, two FILEs, a bad --format, an inventory that is not valid', async () => {
    expect((await run(['access'])).code).toBe(2);
    expect((await run(['access', 'invoice.flow', 'invoice.flow'])).code).toBe(2);
    const fmt = await run(['access', 'invoice.flow', '--format', 'sarif']);
    expect(fmt.code).toBe(2);
    expect(fmt.err).toContain("unknown --format 'sarif'");
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ version: 1, connections: [{ id: 'x', connector: 'shared_office365', owner: 'a@x.com', status: 'Broken' }] }));
    const bad = await run(['access', 'invoice.flow', '--connections', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('bad.json');
    expect(bad.err).toContain('connections[0].status');
    expect((await run(['access', 'missing.flow'])).code).toBe(2);
  });
});
