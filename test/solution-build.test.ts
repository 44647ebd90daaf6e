/**
 * Issue 22: `flowc build --format solution`. The round trip of both real solutions (import, then
 * build a solution, then read it back: same desktop flows, connection references and bindings,
 * same diagnostics from `flowc check`), a project of `.flow` files with child flows, the shape
 * of the written XML against the real exports, byte-determinism, `--unpacked`, and bad input
 * (nothing written).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { readSolution } from '../src/inputs/solution.js';
import type { SolutionContents, SolutionFlowRecord } from '../src/model/source.js';
import { prefixProblem, uniqueNameFrom, workflowFileName } from '../src/codegen/solution.js';
import { zipFiles } from '../src/codegen/zip-writer.js';
import { OutputError, writeFilesAtomically } from '../src/outputs/atomic-writer.js';
import { symlink } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.join(repo, 'fixtures/corpus/padframework');
const ZIPS = ['PADFramework_1_1_12501_241.zip', 'PADFramework_LocalConnectors_1_1_12501_241.zip'].map((z) => path.join(CORPUS, z));

const run = (cwd: string, args: string[]) => runCli(args, { cwd });

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flowc-solution-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** What a desktop flow record is, for comparison: everything a deployment depends on. */
function flowKey(r: SolutionFlowRecord) {
  return {
    workflowId: r.workflowId,
    name: r.name,
    definition: r.definition.replace(/\s+$/, ''),
    schemaVersion: r.schemaVersion,
    category: r.category,
    uiFlowType: r.uiFlowType,
    inputs: r.inputs,
    outputs: r.outputs,
    childFlows: [...((r.dependencies?.['childFlows'] as string[] | undefined) ?? [])].sort(),
    references: r.connectionReferences.map((c) => ({
      logicalName: c.connectionReferenceLogicalName,
      connector: c.api.name,
      displayName: c.displayName,
      padInternalId: c.padInternalId,
      embedded: c.isEmbedded ?? false,
    })),
  };
}

/** Each flow reference's logical name → the connector of the solution component it binds to. */
function bindings(s: SolutionContents): string[] {
  const components = new Map(s.connectionReferences.map((c) => [c.logicalName.toLowerCase(), c.connectorId]));
  return s.flows
    .flatMap((f) => f.connectionReferences.map((r) => `${f.name} → ${String(r.connectionReferenceLogicalName)} → ${components.get(String(r.connectionReferenceLogicalName).toLowerCase()) ?? 'MISSING'}`))
    .sort();
}

/** `check --format json`'s diagnostics without the file (the zips differ), sorted. */
function diagnosticsOf(json: string): string[] {
  const out = JSON.parse(json) as { diagnostics: Record<string, unknown>[] };
  return out.diagnostics.map(({ file: _file, ...rest }) => JSON.stringify(rest)).sort();
}

describe('round trip of the real solutions', () => {
  for (const zip of ZIPS) {
    const stem = path.basename(zip, '.zip');
    it(stem, async () => {
      const original = await readSolution(zip);
      const manifest = original.solutionXml!;
      const work = path.join(tmp, stem);
      await mkdir(work, { recursive: true });
      const imported = await run(work, ['import', zip, '--out-dir', 'flows']);
      expect(imported.code, imported.err).toBe(0);
      // import says what to put in the config to build the same solution back: do that.
      const suggested = imported.out.slice(imported.out.indexOf('put in flowc.config.json:') + 'put in flowc.config.json:'.length);
      const config = JSON.parse(suggested) as { solutions: Record<string, unknown>[] };
      expect(config.solutions[0]).toMatchObject({ uniqueName: manifest.uniqueName, version: manifest.version, publisher: { uniqueName: 'Definra', prefix: 'def', optionValuePrefix: 77557 } });
      await writeFile(path.join(work, 'flowc.config.json'), JSON.stringify(config));
      const built = await run(work, ['build', '--format', 'solution', '--out-dir', 'out', '--quiet']);
      expect(built.code, built.err).toBe(0);
      expect(await readdir(path.join(work, 'out'))).toEqual([`${stem}.zip`]);
      const rebuiltZip = path.join(work, 'out', `${stem}.zip`);
      const rebuilt = await readSolution(rebuiltZip);

      // The desktop flows: the same records (by id).
      const byId = (s: SolutionContents) => [...s.flows].sort((a, b) => (a.workflowId < b.workflowId ? -1 : 1)).map(flowKey);
      expect(byId(rebuilt)).toEqual(byId(original));
      // The connection reference components (the description is not in a .flow file).
      const components = (s: SolutionContents) =>
        s.connectionReferences.map((c) => ({ logicalName: c.logicalName, connectorId: c.connectorId, displayName: c.displayName })).sort((a, b) => (a.logicalName < b.logicalName ? -1 : 1));
      expect(components(rebuilt)).toEqual(components(original));
      expect(bindings(rebuilt)).toEqual(bindings(original));
      expect(bindings(rebuilt).some((b) => b.endsWith('MISSING'))).toBe(false);
      // The manifest.
      expect(rebuilt.solutionXml).toEqual(original.solutionXml);

      // `flowc check` says the same about both.
      const before = await run(work, ['check', zip, '--format', 'json']);
      const after = await run(work, ['check', rebuiltZip, '--format', 'json']);
      expect(after.code).toBe(before.code);
      expect(diagnosticsOf(after.out)).toEqual(diagnosticsOf(before.out));
      expect(diagnosticsOf(before.out).length).toBeGreaterThan(0);

      // --unpacked: pac's folder layout, which flowc reads back as the same solution.
      const unpacked = await run(work, ['build', '--format', 'solution', '--unpacked', '--out-dir', 'unpacked', '--quiet']);
      expect(unpacked.code, unpacked.err).toBe(0);
      const folder = await readSolution(path.join(work, 'unpacked', manifest.uniqueName));
      expect(folder.format).toBe('folder');
      expect(byId(folder)).toEqual(byId(original));
      expect(components(folder)).toEqual(components(original));
      expect(folder.solutionXml).toEqual(original.solutionXml);
      const onFolder = await run(work, ['check', path.join('unpacked', manifest.uniqueName), '--format', 'json']);
      expect(diagnosticsOf(onFolder.out)).toEqual(diagnosticsOf(before.out));

      // Built straight from the zip, without config: the same solution (its own identity by default).
      const direct = path.join(work, 'direct');
      await mkdir(direct, { recursive: true });
      await writeFile(path.join(direct, 'flowc.config.json'), '{}');
      const fromZip = await run(direct, ['build', zip, '--format', 'solution', '--out-dir', 'out', '--quiet']);
      expect(fromZip.code, fromZip.err).toBe(0);
      const rebuiltDirect = await readSolution(path.join(direct, 'out', `${stem}.zip`));
      expect(rebuiltDirect.solutionXml).toEqual(original.solutionXml);
      expect(byId(rebuiltDirect)).toEqual(byId(original));
      expect(components(rebuiltDirect)).toEqual(components(original));

      // Byte-deterministic: a second build gives the same zip.
      const again = await run(work, ['build', '--format', 'solution', '--out-dir', 'out2', '--quiet']);
      expect(again.code).toBe(0);
      expect(Buffer.compare(await readFile(rebuiltZip), await readFile(path.join(work, 'out2', `${stem}.zip`)))).toBe(0);
    });
  }
});

// ---- the written XML against what the real solutions hold ----------------------------------

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (name) => ['Workflow', 'RootComponent', 'connectionreference', 'LocalizedName', 'Address'].includes(name) });

type Node = Record<string, unknown>;
function entries(zip: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(zip))) out[name] = strFromU8(data).replace(/^\uFEFF/, '');
  return out;
}
function elementNames(node: unknown): string[] {
  return Object.keys(node as Node).filter((k) => !k.startsWith('@_') && k !== '#text');
}
function attributeNames(node: unknown): string[] {
  return Object.keys(node as Node).filter((k) => k.startsWith('@_'));
}

describe('solution.xml and customizations.xml have the shape of the real exports', () => {
  it('elements, attributes, category and type codes', async () => {
    const work = path.join(tmp, 'shape');
    await mkdir(work, { recursive: true });
    await run(work, ['import', ZIPS[0]!, '--out-dir', 'flows']);
    expect((await run(work, ['build', '--format', 'solution', '--out-dir', 'out', '--quiet'])).code).toBe(0);
    const [zipName] = await readdir(path.join(work, 'out'));
    const ours = entries(await readFile(path.join(work, 'out', zipName!)));
    const real = entries(await readFile(ZIPS[0]!));

    // The same kinds of entries (the real one also has desktopflowbinaries/, see the README).
    const kinds = (e: Record<string, string>) => [...new Set(Object.keys(e).filter((n) => !n.startsWith('desktopflowbinaries/')).map((n) => n.replace(/\/.*$/, '/')))].sort();
    expect(kinds(ours)).toEqual(kinds(real));
    expect(Object.keys(ours)).toEqual([...Object.keys(ours)].sort());

    const ct = (e: Record<string, string>) => xml.parse(e['[Content_Types].xml']!).Types;
    expect(ct(ours)).toEqual(ct(real));

    // solution.xml: the manifest's elements in the real order, the publisher's too.
    const manifest = (e: Record<string, string>) => xml.parse(e['solution.xml']!).ImportExportXml;
    const m = manifest(ours);
    const r = manifest(real);
    expect(attributeNames(m).filter((a) => !attributeNames(r).includes(a))).toEqual([]);
    expect(elementNames(m.SolutionManifest)).toEqual(elementNames(r.SolutionManifest));
    expect(elementNames(m.SolutionManifest.Publisher)).toEqual(elementNames(r.SolutionManifest.Publisher));
    expect(elementNames(m.SolutionManifest.Publisher.Addresses.Address[0])).toEqual(elementNames(r.SolutionManifest.Publisher.Addresses.Address[0]));
    expect(m.SolutionManifest.Managed).toBe('0');
    const rootTypes = (x: Node[]) => [...new Set(x.map((c) => `${String(c['@_type'])}:${attributeNames(c).join(',')}`))];
    expect(rootTypes(m.SolutionManifest.RootComponents.RootComponent)).toEqual(['29:@_type,@_id,@_behavior']);
    expect(rootTypes(r.SolutionManifest.RootComponents.RootComponent)).toContain('29:@_type,@_id,@_behavior');

    // customizations.xml: the sections in the real order, each Workflow's elements and codes as the real ones.
    const custom = (e: Record<string, string>) => xml.parse(e['customizations.xml']!).ImportExportXml;
    const c = custom(ours);
    const rc = custom(real);
    expect(elementNames(c).filter((n) => n !== 'workqueues')).toEqual(elementNames(rc).filter((n) => n !== 'workqueues'));
    const realWorkflow = rc.Workflows.Workflow.find((w: Node) => 'BusinessProcessType' in w) as Node;
    for (const w of c.Workflows.Workflow as Node[]) {
      expect(attributeNames(w)).toEqual(attributeNames(realWorkflow));
      expect(elementNames(w)).toEqual(elementNames(realWorkflow));
      for (const code of ['Type', 'Category', 'UIFlowType', 'Scope', 'StateCode', 'StatusCode', 'RunAs', 'SchemaVersion', 'PrimaryEntity']) {
        expect(w[code], code).toBe(realWorkflow[code]);
      }
      expect(w['@_WorkflowId']).toMatch(/^\{[0-9a-f-]{36}\}$/);
      expect(ours[String(w['JsonFileName']).slice(1)]).toBe(real[String(realWorkflow['JsonFileName']).slice(1)]);
    }
    const realRef = rc.connectionreferences.connectionreference[0] as Node;
    for (const ref of c.connectionreferences.connectionreference as Node[]) {
      expect(attributeNames(ref)).toEqual(attributeNames(realRef));
      expect(elementNames(ref).filter((n) => n !== 'description')).toEqual(elementNames(realRef).filter((n) => n !== 'description'));
      expect(ref['statecode']).toBe(realRef['statecode']);
      expect(ref['statuscode']).toBe(realRef['statuscode']);
    }
  });
});

// ---- a project of .flow files with child flows ------------------------------------------------

const PARENT = `FLOW 'Month end'
    OWNER 'alice@contoso.com'
END FLOW
External.RunFlow FlowId: 'a261fa2e-fce6-49c8-909a-a94012906030' WaitToComplete: True
External.RunFlow FlowId: '5c2e7a55-0c7b-4f4b-9b0e-6e4e2b2e9a10' WaitToComplete: True
`;
const LEDGER = `FLOW 'Export ledger'
    ID 'a261fa2e-fce6-49c8-909a-a94012906030'
    DESCRIPTION 'Exports the ledger & its <totals>'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'new_Docs' DISPLAYNAME 'Docs'
END FLOW
SET Site TO $'''https://contoso.sharepoint.com/sites/finance'''
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: Site @table: $'''Ledger''' @GetItemsResponse=> Items
`;
const UPLOAD = `FLOW 'Upload invoices'
    ID '5c2e7a55-0c7b-4f4b-9b0e-6e4e2b2e9a10'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'new_Docs' DISPLAYNAME 'Docs'
    CONNECTION Mail CONNECTOR 'shared_office365' LOGICALNAME 'new_Mail'
END FLOW
SET Site TO $'''https://contoso.sharepoint.com/sites/finance'''
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: Site @table: $'''Invoices''' @GetItemsResponse=> Items
External.InvokeCloudConnector Connection: Mail OperationId: 'SendEmailV2' @'emailMessage/To': $'''a@contoso.com''' @'emailMessage/Subject': $'''Done''' @'emailMessage/Body': $'''Done'''
`;

async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe('a project of .flow files', () => {
  it('a bare `flowc build --format solution` writes one solution with every flow, child flows and shared references', async () => {
    const dir = await project('Month-end project', { 'parent.flow': PARENT, 'ledger.flow': LEDGER, 'upload.flow': UPLOAD });
    const r = await run(dir, ['build', '--format', 'solution', '--out-dir', 'out']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Monthendproject_1_0_0_0.zip');
    const s = await readSolution(path.join(dir, 'out', 'Monthendproject_1_0_0_0.zip'));
    expect(s.solutionXml).toMatchObject({ uniqueName: 'Monthendproject', version: '1.0.0.0', managed: false, publisher: { uniqueName: 'flowc', customizationPrefix: 'new' } });
    expect(s.flows.map((f) => f.name).sort()).toEqual(['Export ledger', 'Month end', 'Upload invoices']);
    expect(s.flows.find((f) => f.name === 'Export ledger')!.description).toBe('Exports the ledger & its <totals>');
    const parent = s.flows.find((f) => f.name === 'Month end')!;
    expect(parent.dependencies?.['childFlows']).toEqual(['a261fa2e-fce6-49c8-909a-a94012906030', '5c2e7a55-0c7b-4f4b-9b0e-6e4e2b2e9a10']);
    // One component per logical name, however many flows use it.
    expect(s.connectionReferences).toEqual([
      { logicalName: 'new_Docs', displayName: 'Docs', connectorId: '/providers/Microsoft.PowerApps/apis/shared_sharepointonline' },
      { logicalName: 'new_Mail', displayName: 'new_Mail', connectorId: '/providers/Microsoft.PowerApps/apis/shared_office365' },
    ]);
    expect(bindings(s).some((b) => b.endsWith('MISSING'))).toBe(false);
    // Every child flow is in the solution: no missing dependency.
    const manifest = entries(await readFile(path.join(dir, 'out', 'Monthendproject_1_0_0_0.zip')))['solution.xml']!;
    expect(manifest).toContain('<MissingDependencies/>');
  });

  it('config: which flows, version, publisher, managed; a child flow left out is a missing dependency; --solution-version', async () => {
    const dir = await project('configured', {
      'parent.flow': PARENT,
      'ledger.flow': LEDGER,
      'upload.flow': UPLOAD,
      'flowc.config.json': JSON.stringify({
        solutions: [
          { uniqueName: 'MonthEnd', displayName: 'Month end', version: '2.1.0.0', managed: true, flows: ['month END', 'Export ledger'], publisher: { uniqueName: 'contoso', displayName: 'Contoso', prefix: 'cts', optionValuePrefix: 12345 } },
          { uniqueName: 'Invoices', flows: ['Upload invoices'] },
        ],
      }),
    });
    const r = await run(dir, ['build', '--format', 'solution', '--out-dir', 'out', '--solution-version', '2.2.0.7']);
    expect(r.code, r.err).toBe(0);
    expect((await readdir(path.join(dir, 'out'))).sort()).toEqual(['Invoices_2_2_0_7.zip', 'MonthEnd_2_2_0_7_managed.zip']);
    const monthEnd = await readSolution(path.join(dir, 'out', 'MonthEnd_2_2_0_7_managed.zip'));
    expect(monthEnd.solutionXml).toMatchObject({ uniqueName: 'MonthEnd', displayName: 'Month end', version: '2.2.0.7', managed: true, publisher: { uniqueName: 'contoso', displayName: 'Contoso', customizationPrefix: 'cts' } });
    expect(monthEnd.flows.map((f) => f.name).sort()).toEqual(['Export ledger', 'Month end']);
    expect(monthEnd.connectionReferences.map((c) => c.logicalName)).toEqual(['new_Docs']);
    const manifest = xml.parse(entries(await readFile(path.join(dir, 'out', 'MonthEnd_2_2_0_7_managed.zip')))['solution.xml']!).ImportExportXml.SolutionManifest;
    expect(manifest.Publisher.CustomizationOptionValuePrefix).toBe('12345');
    expect(manifest.MissingDependencies.MissingDependency).toMatchObject({
      Required: { '@_type': '29', '@_id': '{5c2e7a55-0c7b-4f4b-9b0e-6e4e2b2e9a10}', '@_displayName': 'Upload invoices', '@_solution': 'Active' },
      Dependent: { '@_type': '29', '@_displayName': 'Month end' },
    });
    const invoices = await readSolution(path.join(dir, 'out', 'Invoices_2_2_0_7.zip'));
    expect(invoices.solutionXml).toMatchObject({ uniqueName: 'Invoices', publisher: { uniqueName: 'flowc' } });
    expect(invoices.connectionReferences.map((c) => c.logicalName)).toEqual(['new_Docs', 'new_Mail']);
  });

  it('a custom connector (FC105 off) is a missing dependency of the solution', async () => {
    const fixture = path.join(repo, 'fixtures/FC105/invalid/config-custom-connector');
    const dir = await project('custom-connector', {
      'invoices.flow': await readFile(path.join(fixture, 'invoices.flow'), 'utf8'),
      'connectors/contoso-invoices.json': await readFile(path.join(fixture, 'connectors/contoso-invoices.json'), 'utf8'),
      'flowc.config.json': JSON.stringify({ connectors: ['connectors/contoso-invoices.json'], rules: { FC105: 'off' } }),
    });
    const r = await run(dir, ['build', '--format', 'solution', '--out-dir', 'out', '--quiet']);
    expect(r.code, r.err).toBe(0);
    const manifest = xml.parse(entries(await readFile(path.join(dir, 'out', 'customconnector_1_0_0_0.zip')))['solution.xml']!).ImportExportXml.SolutionManifest;
    expect(manifest.MissingDependencies.MissingDependency).toMatchObject({
      Required: { '@_type': '372', '@_schemaName': 'shared_contoso-5finvoices-5f8a3b1c2d4e5f6a7b', '@_displayName': 'Contoso Invoices' },
      Dependent: { '@_type': '29', '@_displayName': 'Invoices' },
    });
  });

  it('deployment settings bind only what the solutions hold', async () => {
    const dir = await project('settings-subset', {
      'ledger.flow': LEDGER,
      'upload.flow': UPLOAD,
      'flowc.config.json': JSON.stringify({ solutions: [{ uniqueName: 'Ledger', flows: ['Export ledger'] }], environments: { test: { deploymentSettings: 'deploymentsettings.test.json' } } }),
    });
    const r = await run(dir, ['build', '--format', 'solution', '--out-dir', 'out']);
    expect(r.code, r.err).toBe(0);
    const settings = JSON.parse(await readFile(path.join(dir, 'out', 'deploymentsettings.test.json'), 'utf8'));
    expect(settings.ConnectionReferences.map((c: { LogicalName: string }) => c.LogicalName)).toEqual(['new_Docs']);
  });

  it('deployment settings stay beside the solution, merged', async () => {
    const dir = await project('settings', {
      'upload.flow': UPLOAD,
      'deploymentsettings.test.json': JSON.stringify({ EnvironmentVariables: [], ConnectionReferences: [{ LogicalName: 'new_Docs', ConnectionId: 'abc', ConnectorId: '' }] }),
      'flowc.config.json': JSON.stringify({ environments: { test: { deploymentSettings: 'deploymentsettings.test.json' } } }),
    });
    const r = await run(dir, ['build', '--format', 'solution', '--out-dir', 'out']);
    expect(r.code, r.err).toBe(0);
    expect((await readdir(path.join(dir, 'out'))).sort()).toEqual(['deploymentsettings.test.json', 'settings_1_0_0_0.zip']);
    const settings = JSON.parse(await readFile(path.join(dir, 'out', 'deploymentsettings.test.json'), 'utf8'));
    expect(settings.ConnectionReferences).toEqual([
      { LogicalName: 'new_Docs', ConnectionId: 'abc', ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_sharepointonline' },
      { LogicalName: 'new_Mail', ConnectionId: '', ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_office365' },
    ]);
  });

  it('--unpacked writes the folder layout of pac solution unpack', async () => {
    const dir = await project('unpacked', { 'parent.flow': PARENT, 'ledger.flow': LEDGER, 'upload.flow': UPLOAD });
    const r = await run(dir, ['build', '--format', 'solution', '--unpacked', '--out-dir', 'out']);
    expect(r.code, r.err).toBe(0);
    const root = path.join(dir, 'out', 'unpacked');
    expect((await readdir(root)).sort()).toEqual(['Other', 'Workflows']);
    expect((await readdir(path.join(root, 'Other'))).sort()).toEqual(['Customizations.xml', 'Solution.xml']);
    const wf = (await readdir(path.join(root, 'Workflows'))).sort();
    expect(wf).toContain(`${workflowFileName('Export ledger', 'a261fa2e-fce6-49c8-909a-a94012906030')}`);
    expect(wf).toContain(`${workflowFileName('Export ledger', 'a261fa2e-fce6-49c8-909a-a94012906030')}.data.xml`);
    expect(wf).toHaveLength(6);
    const data = xml.parse(await readFile(path.join(root, 'Workflows', `${workflowFileName('Export ledger', 'a261fa2e-fce6-49c8-909a-a94012906030')}.data.xml`), 'utf8'));
    expect(data.Workflow[0]['@_Name']).toBe('Export ledger');
    expect(data.Workflow[0].Category).toBe('6');
    const custom = xml.parse(await readFile(path.join(root, 'Other', 'Customizations.xml'), 'utf8')).ImportExportXml;
    expect(custom.Workflows).toBe('');
    expect(custom.connectionreferences.connectionreference).toHaveLength(2);
    // flowc import takes the unpacked layout back.
    const reimported = path.join(tmp, 'reimported-unpacked'); // outside the project: its flows would be the same flows twice
    const back = await run(dir, ['import', path.join('out', 'unpacked'), '--out-dir', reimported]);
    expect(back.code, back.err).toBe(0);
    expect((await readdir(reimported)).sort()).toEqual(['Export-ledger.flow', 'Month-end.flow', 'Upload-invoices.flow']);
    // Building again over it is fine; but a file this build does not write (a flow removed since) is refused.
    expect((await run(dir, ['build', '--format', 'solution', '--unpacked', '--out-dir', 'out'])).code).toBe(0);
    await rm(path.join(dir, 'parent.flow'));
    const stale = await run(dir, ['build', '--format', 'solution', '--unpacked', '--out-dir', 'out']);
    expect(stale.code).toBe(1);
    expect(stale.err).toContain(`${workflowFileName('Month end', '')}`.replace(/-\.json$/, ''));
    expect(stale.err).toContain('nothing was written');
  });
});

// ---- bad input: a clear error, nothing written --------------------------------------------------

describe('a project of flow folders (a file per subflow, a header file) with a child flow', () => {
  it('builds one solution whose records hold every subflow, and import then build gives the same records back', async () => {
    const dir = await project('Folders project', {
      // The parent: Main calls a subflow in a sibling file, which runs the child flow.
      'month-end/header.flow': "FLOW 'Month end'\n    OWNER 'alice@contoso.com'\nEND FLOW\n",
      'month-end/main.txt': 'SET Period TO $\'\'\'2026-11\'\'\'\nCALL run_children\n',
      'month-end/run_children.txt': "External.RunFlow FlowId: 'a261fa2e-fce6-49c8-909a-a94012906030' WaitToComplete: True @Period: Period\n",
      // The child: its own folder, a connection reference in its header, the script as the designer writes it.
      'ledger/header.flow': LEDGER.slice(0, LEDGER.indexOf('END FLOW') + 'END FLOW'.length) + '\n',
      'ledger/main.txt': LEDGER.slice(LEDGER.indexOf('END FLOW') + 'END FLOW\n'.length).replace('@GetItemsResponse=> Items', '@GetItemsResponse=> Items\nCALL report\n'),
      'ledger/report.txt': 'SET Count TO Items.Count\nSET Done TO Count\nSET Done2 TO Done\n',
      'flowc.config.json': JSON.stringify({ rules: { FC006: 'off', FC011: 'off' } }),
    });
    const built = await run(dir, ['build', '--format', 'solution', '--out-dir', 'out', '--quiet']);
    expect(built.code, built.err).toBe(0);
    const [zipName] = await readdir(path.join(dir, 'out')).then((names) => names.filter((n) => n.endsWith('.zip')));
    const first = await readSolution(path.join(dir, 'out', zipName!));
    expect(first.flows.map((f) => f.name).sort()).toEqual(['Export ledger', 'Month end']);
    const parent = first.flows.find((f) => f.name === 'Month end')!;
    const child = first.flows.find((f) => f.name === 'Export ledger')!;
    // Every subflow file is in the record's definition; the child is a dependency of the parent.
    expect(parent.definition).toMatch(/FUNCTION run_children GLOBAL/);
    expect(child.definition).toMatch(/FUNCTION report GLOBAL/);
    expect(parent.dependencies?.['childFlows']).toEqual(['a261fa2e-fce6-49c8-909a-a94012906030']);
    expect(child.workflowId).toBe('a261fa2e-fce6-49c8-909a-a94012906030');
    expect(first.connectionReferences.map((c) => c.logicalName)).toEqual(['new_Docs']);
    expect(bindings(first).some((b) => b.endsWith('MISSING'))).toBe(false);

    // import, then build again: the same records and bindings.
    const work = path.join(dir, 'roundtrip');
    await mkdir(work, { recursive: true });
    const imported = await run(work, ['import', path.join(dir, 'out', zipName!), '--out-dir', 'flows']);
    expect(imported.code, imported.err).toBe(0);
    const suggested = imported.out.slice(imported.out.indexOf('put in flowc.config.json:') + 'put in flowc.config.json:'.length);
    await writeFile(path.join(work, 'flowc.config.json'), JSON.stringify({ ...(JSON.parse(suggested) as object), rules: { FC006: 'off', FC011: 'off' } }));
    const rebuilt = await run(work, ['build', '--format', 'solution', '--out-dir', 'out', '--quiet']);
    expect(rebuilt.code, rebuilt.err).toBe(0);
    const second = await readSolution(path.join(work, 'out', zipName!));
    const byId = (x: SolutionContents) => [...x.flows].sort((a, b) => (a.workflowId < b.workflowId ? -1 : 1)).map(flowKey);
    expect(byId(second)).toEqual(byId(first));
    expect(bindings(second)).toEqual(bindings(first));
  });
});

describe('bad input writes nothing', () => {
  async function fails(name: string, files: Record<string, string>, args: string[] = []): Promise<string> {
    const dir = await project(name, files);
    const r = await run(dir, ['build', '--format', 'solution', '--out-dir', 'out', ...args]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('nothing was written');
    await expect(readdir(path.join(dir, 'out'))).rejects.toThrow();
    return r.err;
  }

  it('two flows with one ID', async () => {
    const err = await fails('dup-id', { 'ledger.flow': LEDGER, 'copy.flow': LEDGER.replace("'Export ledger'", "'Export ledger copy'") });
    expect(err).toMatch(/its ID a261fa2e-fce6-49c8-909a-a94012906030 is also the ID of 'Export ledger/);
  });

  it('one logical name bound to two connectors (reported, not guessed)', async () => {
    const other = UPLOAD.replace("CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'new_Docs' DISPLAYNAME 'Docs'", "CONNECTION Docs CONNECTOR 'shared_onedriveforbusiness' LOGICALNAME 'new_Docs' DISPLAYNAME 'Docs'").replace("OperationId: 'GetItems' @dataset: Site @table: $'''Invoices''' @GetItemsResponse=> Items", "OperationId: 'ListFolder' @id: Site @ListFolderResponse=> Items");
    const err = await fails('conflict', { 'ledger.flow': LEDGER, 'upload.flow': other }, []);
    // The check before the build reports it (FC311, a project-phase rule), and nothing is written.
    expect(err).toMatch(/ledger\.flow:4:5 error FC311 connection-reference-connector-conflict/);
    expect(err).toMatch(/connection reference new_Docs is declared for shared_sharepointonline here, but for shared_onedriveforbusiness in flow 'Upload invoices' \(upload\.flow\)/);
  });

  it('one logical name bound to two connectors, with FC311 turned off: the build still refuses', async () => {
    const other = UPLOAD.replace("CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'new_Docs' DISPLAYNAME 'Docs'", "CONNECTION Docs CONNECTOR 'shared_onedriveforbusiness' LOGICALNAME 'new_Docs' DISPLAYNAME 'Docs'").replace("OperationId: 'GetItems' @dataset: Site @table: $'''Invoices''' @GetItemsResponse=> Items", "OperationId: 'ListFolder' @id: Site @ListFolderResponse=> Items");
    const err = await fails('conflict-off', { 'ledger.flow': LEDGER, 'upload.flow': other, 'flowc.config.json': JSON.stringify({ rules: { FC311: 'off' } }) }, []);
    expect(err).not.toMatch(/FC311/);
    expect(err).toMatch(/connection reference new_Docs is bound to \S+shared_sharepointonline here but to \S+shared_onedriveforbusiness in 'Upload invoices' \(upload.flow\)/);
  });

  it('one logical name with two display names', async () => {
    const err = await fails('display-conflict', { 'ledger.flow': LEDGER, 'upload.flow': UPLOAD.replace("LOGICALNAME 'new_Docs' DISPLAYNAME 'Docs'", "LOGICALNAME 'new_Docs' DISPLAYNAME 'Documents'") });
    expect(err).toMatch(/connection reference new_Docs is displayed as '(Docs|Documents)' here but as '(Docs|Documents)' in/);
  });

  it('a connection reference without a connector', async () => {
    const clip = `External.InvokeCloudConnector Connection: 'c1a2b3c4-0000-4000-8000-000000000001' OperationId: 'GetItems'\n# [ControlRepository][PowerAutomateDesktop]\n\n{\n  "ControlRepositorySymbols": [],\n  "ConnectionReferences": [ { "LogicalName": "new_x", "InternalId": "c1a2b3c4-0000-4000-8000-000000000001" } ]\n}\n`;
    const dir = await project('no-connector', { 'a.flow': `FLOW 'A'\nEND FLOW\n${clip}` });
    const r = await run(dir, ['build', '--format', 'solution', '--out-dir', 'out']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("a.flow: connection reference new_x has no connector: say which (CONNECTOR 'shared_…')");
    expect(r.err).toContain('nothing was written');
    expect(r.err).not.toContain('no flows to put in it');
    await expect(readdir(path.join(dir, 'out'))).rejects.toThrow();
  });

  for (const [prefix, why] of [
    ['a', '2 to 8'],
    ['toolongprefix', '2 to 8'],
    ['1ab', 'start with a letter'],
    ['ab_c', 'only letters and digits'],
    ['mscrmx', 'mscrm'],
  ] as const) {
    it(`publisher prefix '${prefix}'`, async () => {
      const err = await fails(`prefix-${prefix}`, {
        'ledger.flow': LEDGER,
        'flowc.config.json': JSON.stringify({ solutions: [{ uniqueName: 'S', publisher: { uniqueName: 'p', prefix } }] }),
      });
      expect(err).toContain(`publisher prefix '${prefix}'`);
      expect(err).toContain(why);
    });
  }

  it('a flow name the project does not have, with a suggestion; a bad --solution-version', async () => {
    const err = await fails('unknown-flow', {
      'ledger.flow': LEDGER,
      'flowc.config.json': JSON.stringify({ solutions: [{ uniqueName: 'S', flows: ['Export ledgr'] }] }),
    });
    expect(err).toContain("no flow is named 'Export ledgr'; did you mean 'Export ledger'?");
    const err2 = await fails('bad-version', { 'ledger.flow': LEDGER }, ['--solution-version', '1.x']);
    expect(err2).toContain("--solution-version '1.x' is not a version");
  });

  it('--unpacked without --format solution is a usage error', async () => {
    const dir = await project('usage', { 'ledger.flow': LEDGER });
    const r = await run(dir, ['build', '--unpacked', '--out-dir', 'out']);
    expect(r.code).toBe(2);
  });
});

describe('helpers', () => {
  it('prefix rule, unique names, file names', () => {
    expect(prefixProblem('def')).toBeUndefined();
    expect(prefixProblem('ab12cd34')).toBeUndefined();
    expect(prefixProblem('MSCRMab')).toContain('mscrm');
    expect(uniqueNameFrom('2024 flows-é')).toBe('_2024flowse');
    expect(uniqueNameFrom('---')).toBe('FlowcSolution');
    expect(workflowFileName('PADFramework: FlowTemplate (WorkQueues)', '78ac15ae-980a-ef11-9f89-000d3a24f839')).toBe(
      'PADFrameworkFlowTemplateWorkQueues-78AC15AE-980A-EF11-9F89-000D3A24F839.json',
    );
  });

  it('zips are the same bytes in any time zone', () => {
    const files = [{ name: 'a.txt', content: 'x' }];
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Tokyo';
      const hoursA = new Date(0).getHours();
      const a = zipFiles(files);
      process.env.TZ = 'America/New_York';
      const hoursB = new Date(0).getHours();
      const b = zipFiles(files);
      // The zone did change (UTC+9 and UTC−5), so the equality below means something.
      expect(hoursA).not.toBe(hoursB);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('the writer, for an unpacked solution', () => {
  it('writes bytes and files in folders, all or none', async () => {
    const out = path.join(tmp, 'writer', 'out');
    const bytes = Uint8Array.from([0, 255, 10, 13]);
    await writeFilesAtomically(out, [
      { name: 'S/Other/Solution.xml', content: '<x/>' },
      { name: 'S.zip', content: bytes },
    ]);
    expect(await readFile(path.join(out, 'S/Other/Solution.xml'), 'utf8')).toBe('<x/>');
    expect([...(await readFile(path.join(out, 'S.zip')))]).toEqual([...bytes]);
    // A file where a folder must go: refused before anything is written.
    await writeFile(path.join(out, 'T'), 'a file');
    await expect(writeFilesAtomically(out, [{ name: 'new.txt', content: 'n' }, { name: 'T/Other/x.xml', content: 'x' }])).rejects.toBeInstanceOf(OutputError);
    await expect(readFile(path.join(out, 'new.txt'))).rejects.toThrow();
  });

  it('never follows a link on the way, never leaves the folder', async () => {
    const out = path.join(tmp, 'writer2', 'out');
    const elsewhere = path.join(tmp, 'writer2', 'elsewhere');
    await mkdir(out, { recursive: true });
    await mkdir(elsewhere, { recursive: true });
    await symlink(elsewhere, path.join(out, 'S'), 'dir');
    await expect(writeFilesAtomically(out, [{ name: 'S/Other/Solution.xml', content: 'x' }])).rejects.toBeInstanceOf(OutputError);
    expect(await readdir(elsewhere)).toEqual([]);
    for (const name of ['../x', 'a/../../x', 'a//b', '/abs', 'a/./b', 'a\\b']) {
      await expect(writeFilesAtomically(out, [{ name, content: 'x' }]), name).rejects.toBeInstanceOf(OutputError);
    }
  });
});

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;
const inCI = !!process.env['CI'];
describe.skipIf(!hasUnzip && !inCI)(`Info-ZIP unzip reads the zip${hasUnzip || inCI ? '' : ' (skipped: unzip is not installed; apt-get install unzip)'}`, () => {
  it('tests every entry (CRC), lists them sorted, deflated, stamped 1980-01-01 00:00', async () => {
    const dir = await project('unzip', { 'ledger.flow': LEDGER, 'upload.flow': UPLOAD });
    expect((await run(dir, ['build', '--format', 'solution', '--out-dir', 'out', '--quiet'])).code).toBe(0);
    const zip = path.join(dir, 'out', 'unzip_1_0_0_0.zip');
    const test = spawnSync('unzip', ['-t', zip], { encoding: 'utf8' });
    expect(test.status, test.stderr).toBe(0);
    expect(test.stdout).toContain('No errors detected');
    const list = spawnSync('unzip', ['-Z', '-T', zip], { encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    const rows = list.stdout.split('\n').filter((l) => /^-/.test(l));
    expect(rows).toHaveLength(5); // two Workflows/*.json and the three documents
    const names = rows.map((l) => l.slice(l.lastIndexOf(' ') + 1));
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['[Content_Types].xml', 'customizations.xml', 'solution.xml']));
    for (const row of rows) {
      expect(row).toMatch(/ defN /);
      expect(row).toContain(' 19800101.000000 ');
    }
  });
});
