/**
 * The connector-action rules (FC101–FC110) and the file ⇄ binary rules (FC201/FC202) beyond
 * their fixtures: the CLI end to end, fixes, related locations, custom connectors known from
 * solution data, the real corpus, and hostile input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile, buildServices, runPipeline } from '../src/engine/index.js';
import { defaultConfig } from '../src/inputs/config.js';
import { flowTypes, typeKey } from '../src/analysis/dataflow.js';
import { buildSymbols } from '../src/analysis/symbols.js';
import { applyFixes } from '../src/codegen/fix.js';
import type { Diagnostic } from '../src/model/diagnostic.js';
import type { SourceDocument, SolutionBinary, SolutionFlowRecord } from '../src/model/source.js';
import { allRules, rulesByCode } from '../src/rules/index.js';
import { likelyMisspelling } from '../src/rules/FC103-unknown-operation.js';
import { SUPPORTED_DATAVERSE_OPERATIONS, supportedDataverseEquivalent } from '../src/rules/FC104-unsupported-dataverse-operation.js';
import { DEFAULT_CONNECTORS } from '../scripts/gen-catalog.js';
import { requiredInputs } from '../src/catalog/connectors.js';
import { CORPUS_ZIPS, repoRoot } from './helpers/corpus.js';
import { runCli } from './helpers/cli.js';

const services = buildServices(defaultConfig(repoRoot));

function check(text: string, doc: Partial<SourceDocument> = {}) {
  const source: SourceDocument = { path: 'test.flow', absolutePath: '/test.flow', text, origin: 'file', ...doc };
  return analyzeFile(source, services, allRules);
}
const only = (ds: Diagnostic[], code: string) => ds.filter((d) => d.rule === code);
const at = (text: string, d: { span: { start: number; end: number } }) => text.slice(d.span.start, d.span.end);
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const SITE = `$'''https://contoso.sharepoint.com/sites/finance'''`;

describe('FC201 end to end: a file path sent straight to SharePoint CreateFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowc-fc201-'));
    const header = `FLOW 'Invoice upload'\n    CONNECTION Docs CONNECTOR 'shared_sharepointonline'\nEND FLOW\nSET Invoice TO $'''C:\\\\Invoices\\\\inv-001.pdf'''\n`;
    writeFileSync(
      path.join(dir, 'straight.flow'),
      `${header}External.InvokeCloudConnector Connection: Docs OperationId: 'CreateFile' @dataset: ${SITE} @folderPath: $'''/Invoices''' @name: $'''inv-001.pdf''' @body: Invoice @CreateFileResponse=> Created\nText.AppendLine Text: Created LineToAppend: $'''x''' Result=> Log\nText.AppendLine Text: Log LineToAppend: $'''x''' Result=> Log\n`,
    );
    writeFileSync(
      path.join(dir, 'converted.flow'),
      `${header}File.ConvertToBinary File: Invoice BinaryData=> InvoiceBytes\nExternal.InvokeCloudConnector Connection: Docs OperationId: 'CreateFile' @dataset: ${SITE} @folderPath: $'''/Invoices''' @name: $'''inv-001.pdf''' @body: InvoiceBytes @CreateFileResponse=> Created\nText.AppendLine Text: Created LineToAppend: $'''x''' Result=> Log\nText.AppendLine Text: Log LineToAppend: $'''x''' Result=> Log\n`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(file: string) {
    const { code, out } = await runCli(['check', file, '--format', 'json'], { cwd: dir });
    return { code, json: JSON.parse(out) as { diagnostics: { line: number; column: number; rule: string; severity: string; message: string; help?: string; related?: { line: number; message: string }[] }[] } };
  }

  it('reports FC201 on the CreateFile line, and exits 1', async () => {
    const { code, json } = await run('straight.flow');
    expect(code).toBe(1);
    expect(json.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.rule, d.line])).toEqual([['FC201', 5]]);
    const d = json.diagnostics.find((x) => x.rule === 'FC201')!;
    expect(d.message).toBe("@body of 'CreateFile' takes binary data, but gets a file path");
    expect(d.help).toContain('"Convert file to binary data" (File.ConvertToBinary');
    expect(d.related?.[0]?.line).toBe(4);
  });

  it('is clean with File.ConvertToBinary in between', async () => {
    const { code, json } = await run('converted.flow');
    expect(json.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('connector rules on the real corpus', () => {
  it('resolves every connector action to a real operation: no FC1xx/FC2xx errors, no FC103', async () => {
    for (const zip of CORPUS_ZIPS) {
      const p = await runPipeline({ paths: [zip], cwd: repoRoot, noConfig: true });
      const ours = p.results.flatMap((r) => r.diagnostics.filter((d) => /^FC(1\d\d|20\d)$/.test(d.rule)).map((d) => `${r.doc.flowName}: ${d.rule} ${d.message}`));
      expect(ours).toEqual([]);
      for (const a of p.analyses) {
        for (const c of a.facts.connectorActions) {
          expect(c.reference, `${a.facts.name}: ${c.operationId}`).toBeDefined();
          expect(services.connectors.operation(c.connector!, c.operationId!), `${c.connector} ${c.operationId}`).toBeDefined();
        }
      }
    }
  });

  it('types the EmailSenderO365Outlook attachments as binary data (correct, so no FC201)', async () => {
    const p = await runPipeline({ paths: [CORPUS_ZIPS[0]!], cwd: repoRoot, noConfig: true });
    const a = p.analyses.find((x) => x.facts.name.endsWith('EmailSenderO365Outlook'))!;
    expect(a).toBeDefined();
    const symbols = buildSymbols(a.getOrParseFlow(), { isKnownModule: (m) => services.actions.isKnownModule(m) });
    const types = flowTypes({ flow: a.getOrParseFlow(), symbols, facts: a.facts, services });
    expect(typeKey(types.variable('List_AttachmentObjects'))).toBe('List<{ContentBytes: BinaryData, Name: Text}>');
    expect(typeKey(types.variable('Input_HTMLTemplatePath'))).toBe('PathText');
    expect(a.facts.connectorActions.length).toBe(2);
  });
});

describe('FC201 data flow details', () => {
  it('points at the assignment the file path comes from, across subflows', () => {
    const text = `FLOW 'T'
    CONNECTION Mail CONNECTOR 'shared_office365'
END FLOW
CALL Collect
External.InvokeCloudConnector Connection: Mail OperationId: 'SendEmailV2' @'emailMessage/To': $'''a@contoso.com''' @'emailMessage/Subject': $'''s''' @'emailMessage/Body': $'''b''' @'emailMessage/Attachments': Atts
FUNCTION Collect GLOBAL
    Variables.CreateNewList List=> Atts
    Folder.GetFiles Folder: $'''C:\\\\Out''' FileFilter: $'''*.pdf''' IncludeSubfolders: False FailOnAccessDenied: True SortBy1: Folder.SortBy.NoSort SortDescending1: False SortBy2: Folder.SortBy.NoSort SortDescending2: False SortBy3: Folder.SortBy.NoSort SortDescending3: False Files=> Files
    LOOP FOREACH F IN Files
        Variables.AddItemToList Item: { 'Name': F.Name, 'ContentBytes': F } List: Atts
    END
END FUNCTION
`;
    const r = check(text);
    const [d, ...rest] = only(r.diagnostics, 'FC201');
    expect(rest).toEqual([]);
    expect(d!.message).toBe("@'emailMessage/Attachments' of 'SendEmailV2' needs binary data in the 'ContentBytes' of each item, but gets a file there");
    expect(at(text, d!)).toBe('Atts');
    expect(d!.related?.length).toBe(1);
    expect(lineOf(text, d!.related![0]!.span.start)).toBe(10);
    expect(d!.related![0]!.message).toBe("'Atts' gets a file here, by Variables.AddItemToList");
  });

  it('does not fire for text that is not a path, or for base64 text', () => {
    const text = `FLOW 'T'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline'
END FLOW
File.ConvertToBase64 File: $'''C:\\\\a.pdf''' Base64Text=> B64
External.InvokeCloudConnector Connection: Docs OperationId: 'CreateFile' @dataset: ${SITE} @folderPath: $'''/In''' @name: $'''a.txt''' @body: $'''hello''' @CreateFileResponse=> A
External.InvokeCloudConnector Connection: Docs OperationId: 'CreateFile' @dataset: ${SITE} @folderPath: $'''/In''' @name: $'''b.pdf''' @body: B64 @CreateFileResponse=> B
`;
    expect(only(check(text).diagnostics, 'FC201')).toEqual([]);
  });

  it('fires for a folder and for the FullPath of a file', () => {
    const text = `FLOW 'T'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline'
END FLOW
Folder.GetSpecialFolder SpecialFolder: Folder.SpecialFolder.MyDocuments SpecialFolderPath=> Docs
File.GetTempPath TempFile=> Tmp
External.InvokeCloudConnector Connection: Docs OperationId: 'CreateFile' @dataset: ${SITE} @folderPath: $'''/In''' @name: $'''a''' @body: Docs @CreateFileResponse=> A
External.InvokeCloudConnector Connection: Docs OperationId: 'CreateFile' @dataset: ${SITE} @folderPath: $'''/In''' @name: $'''b''' @body: Tmp.FullPath @CreateFileResponse=> B
`;
    expect(only(check(text).diagnostics, 'FC201').map((d) => d.message)).toEqual([
      "@body of 'CreateFile' takes binary data, but gets a folder",
      "@body of 'CreateFile' takes binary data, but gets a file path",
    ]);
  });
});

describe('FC202 data flow details', () => {
  it('names the connector response the binary data comes from', () => {
    const text = `FLOW 'T'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline'
END FLOW
External.InvokeCloudConnector Connection: Docs OperationId: 'GetFileContent' @dataset: ${SITE} @id: $'''1''' @GetFileContentResponse=> Content
SET Copy TO Content
IF (File.IfFile.Exists File: Copy) THEN
END
`;
    const [d, ...rest] = only(check(text).diagnostics, 'FC202');
    expect(rest).toEqual([]);
    expect(d!.message).toBe('File: of File.IfFile.Exists expects a file, but gets binary data');
    expect(at(text, d!)).toBe('Copy');
    expect(d!.related![0]!.message).toBe("'Copy' gets binary data here, by SET");
    expect(d!.help).toContain('"Convert binary data to file" (File.ConvertFromBinary');
  });

  it('does not fire when the value may also be a file path (a reused variable)', () => {
    const text = `FLOW 'T'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline'
END FLOW
SET Doc TO $'''C:\\\\In\\\\a.pdf'''
External.InvokeCloudConnector Connection: Docs OperationId: 'GetFileContent' @dataset: ${SITE} @id: $'''1''' @GetFileContentResponse=> Doc
File.Delete Files: Doc
`;
    expect(only(check(text).diagnostics, 'FC202')).toEqual([]);
  });
});

describe('fixes', () => {
  it('FC102 suggests the reference connector id (never applied by --fix); the result is clean', () => {
    const text = `FLOW 'T'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline'
END FLOW
External.InvokeCloudConnector Connection: Docs ConnectorId: 'shared_office365' OperationId: 'GetItems' @dataset: ${SITE} @table: $'''X''' @GetItemsResponse=> Items
`;
    const ds = only(check(text).diagnostics, 'FC102');
    expect(ds.length).toBe(1);
    expect(rulesByCode.get('FC102')!.meta.fixable).toBeFalsy();
    expect(ds[0]!.fix).toBeUndefined();
    const fixed = applyFixes(text, ds.map((d) => ({ ...d, fix: d.suggestions![0] }))).text;
    expect(fixed).toContain("ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_sharepointonline' OperationId");
    const again = check(fixed).diagnostics;
    expect(again.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('FC108 removes the whole CONNECTION line; the header stays valid', () => {
    const text = `FLOW 'T'\r\n    CONNECTION Docs CONNECTOR 'shared_sharepointonline'\r\n    CONNECTION Mail CONNECTOR 'shared_office365'\r\nEND FLOW\r\nExternal.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: ${SITE} @table: $'''X''' @GetItemsResponse=> Items\r\n`;
    const ds = only(check(text).diagnostics, 'FC108');
    expect(ds.map((d) => at(text, d))).toEqual(["CONNECTION Mail CONNECTOR 'shared_office365'"]);
    expect(rulesByCode.get('FC108')!.meta.fixable).toBe(true);
    const fixed = applyFixes(text, ds).text;
    expect(fixed).toBe(text.replace("    CONNECTION Mail CONNECTOR 'shared_office365'\r\n", ''));
    const again = check(fixed).diagnostics;
    expect(again.filter((d) => d.rule === 'FC108' || d.rule === 'FC001')).toEqual([]);
  });
});

describe('FC105 custom connectors from the flow own data', () => {
  const CUSTOM = 'shared_contoso-5finvoices-5f8a3b1c2d4e5f6a7b';
  const script = `External.InvokeCloudConnector Connection: 'c0ffee00-1111-4c2d-9e70-b61bce2dd7d8' ConnectorId: '/providers/Microsoft.PowerApps/apis/${CUSTOM}' OperationId: 'GetInvoice' @id: $'''1''' @GetInvoiceResponse=> Invoice\n`;
  const record = (binaries: SolutionBinary[]): SolutionFlowRecord => ({
    solutionPath: 'sol.zip',
    workflowId: 'a1b2c3d4-0000-0000-0000-000000000001',
    name: 'Invoices',
    definition: script,
    connectionReferences: [{ api: { name: `/providers/Microsoft.PowerApps/apis/${CUSTOM}` }, connectionReferenceLogicalName: 'contoso_Invoices', padInternalId: 'c0ffee00-1111-4c2d-9e70-b61bce2dd7d8' }],
    metadata: null,
    inputs: null,
    outputs: null,
    dependencies: null,
    category: 6,
    binaries,
  });
  const solutionDoc = (binaries: SolutionBinary[]): Partial<SourceDocument> => ({ origin: 'solution', flowName: 'Invoices', solution: record(binaries) });

  it('reads IsCustomApi from a solution ConnectorDefinition', () => {
    const r = check(script, solutionDoc([{ id: 'b1', type: 'ConnectorDefinition', reference: `/providers/Microsoft.PowerApps/apis/${CUSTOM}`, data: { ConnectorId: `/providers/Microsoft.PowerApps/apis/${CUSTOM}`, Definition: { Properties: { IsCustomApi: true } } } }]));
    expect(r.facts.customConnectors).toEqual([CUSTOM]);
    expect(only(r.diagnostics, 'FC105').map((d) => d.message)).toEqual([`'${CUSTOM}' is a custom connector; desktop flows cannot use custom connector actions`]);
    // Not also "not a default connector": that is FC105's to say.
    expect(only(r.diagnostics, 'FC110')).toEqual([]);
  });

  it('reads IsCustom from the manifest ConnectorReferences', () => {
    const r = check(script, solutionDoc([{ id: 'm1', type: 'ManifestFile', data: { ConnectorReferences: [{ ConnectorId: `/providers/Microsoft.PowerApps/apis/${CUSTOM}`, IsCustom: true }] } }]));
    expect(r.facts.customConnectors).toEqual([CUSTOM]);
    expect(only(r.diagnostics, 'FC105').length).toBe(1);
  });

  it('reads IsCustom from a clipboard footer reference', () => {
    const text = `${script}# [ControlRepository][PowerAutomateDesktop]\n{"ConnectionReferences":[{"ConnectorId":"/providers/Microsoft.PowerApps/apis/${CUSTOM}","InternalId":"c0ffee00-1111-4c2d-9e70-b61bce2dd7d8","LogicalName":"contoso_Invoices","IsCustom":true}]}`;
    const r = check(text);
    expect(r.facts.customConnectors).toEqual([CUSTOM]);
    expect(only(r.diagnostics, 'FC105').length).toBe(1);
  });

  it('never guesses from the name, and ignores malformed data', () => {
    const r = check(script, solutionDoc([
      { id: 'b1', type: 'ConnectorDefinition', data: { Definition: { Properties: { IsCustomApi: 'yes' } } } },
      { id: 'm1', type: 'ManifestFile', data: { ConnectorReferences: 'nope' } },
      { id: 'x', type: 'ManifestFile', data: null },
    ]));
    expect(r.facts.customConnectors).toEqual([]);
    expect(only(r.diagnostics, 'FC105')).toEqual([]);
    expect(only(r.diagnostics, 'FC110').length).toBe(1);
  });
});

describe('helpers', () => {
  it('takes only near and unique names for misspelt connectors', () => {
    const known = services.connectors.ids();
    expect(likelyMisspelling('shared_ofice365', known)).toBe('shared_office365');
    expect(likelyMisspelling('shared_sharepointonlin', known)).toBe('shared_sharepointonline');
    expect(likelyMisspelling('shared_sql', known)).toBeUndefined();
    expect(likelyMisspelling('shared_planner', known)).toBeUndefined();
    expect(likelyMisspelling('shared_onenot', known)).toBe('shared_onenote');
  });

  it('knows the eleven supported Dataverse operations and their unsupported twins', () => {
    expect(SUPPORTED_DATAVERSE_OPERATIONS.length).toBe(11);
    for (const op of SUPPORTED_DATAVERSE_OPERATIONS) expect(services.connectors.operation('shared_commondataserviceforapps', op), op).toBeDefined();
    expect(supportedDataverseEquivalent('ListRecords')).toBe('ListRecordsWithOrganization');
    expect(supportedDataverseEquivalent('GetItem')).toBe('GetItemWithOrganization');
    expect(supportedDataverseEquivalent('UpdateRecord')).toBeUndefined();
    expect(supportedDataverseEquivalent('UpdateRecordWithOrganization')).toBeUndefined();
  });
});

describe('FC103/FC106/FC107 check an action of each of the eleven default connectors', () => {
  const quote = (name: string) => `@'${name.replace(/'/g, "''")}'`;
  for (const d of DEFAULT_CONNECTORS) {
    // The first action (not a trigger, not deprecated, not internal) with a required input.
    const op = services.connectors
      .get(d.id)
      ?.operations.find((o) => !o.trigger && !o.deprecated && o.visibility !== 'internal' && requiredInputs(o).length > 0);
    it(`${d.displayName} (${d.id}) ${op?.operationId ?? '(none)'}`, () => {
      expect(op, `${d.id} has an action with a required input`).toBeDefined();
      const required = requiredInputs(op!);
      const header = `FLOW 'T'\n    CONNECTION C CONNECTOR '${d.id}'\nEND FLOW\n`;
      const call = (operationId: string, inputs: string[]) =>
        `${header}External.InvokeCloudConnector Connection: C OperationId: '${operationId}' ${inputs.map((n) => `${quote(n)}: $'''x'''`).join(' ')}\n`;
      const codes = (text: string) => check(text).diagnostics.filter((x) => ['FC103', 'FC106', 'FC107'].includes(x.rule)).map((x) => x.rule);

      expect(codes(call(op!.operationId, required))).toEqual([]);
      expect(codes(call(`${op!.operationId}Zq`, required))).toEqual(['FC103']);
      expect(codes(call(op!.operationId, required.slice(1)))).toEqual(['FC106']);
      expect(codes(call(op!.operationId, [...required, 'noSuchInputAtAll']))).toEqual(['FC107']);
    });
  }
});

describe('hostile connector actions never crash', () => {
  const odd = [
    'External.InvokeCloudConnector',
    'External.InvokeCloudConnector Connection: 5 ConnectorId: 7 OperationId: True',
    "External.InvokeCloudConnector Connection: $'''%X%''' ConnectorId: '' OperationId: ''",
    "External.InvokeCloudConnector Connection: '' ConnectorId: '/' OperationId: 'CreateFile' @body: [[[[[[[[[[1]]]]]]]]]] @'': 1 @'a//b': 2 @'body/': 3",
    "FLOW 'T'\n    CONNECTION Docs CONNECTOR 'shared_sharepointonline'\nEND FLOW\nSET A TO { 'x': A, 'y': [A, A] }\nSET A['z'] TO A\nExternal.InvokeCloudConnector Connection: Docs OperationId: 'CreateFile' @body: A['x']['y'][0] @'item/constructor': 1 @'__proto__': 2\nFile.Copy Files: A Destination: A",
  ];
  for (const text of odd) {
    it(JSON.stringify(text.slice(0, 60)), () => {
      expect(() => check(text)).not.toThrow();
    });
  }
});
