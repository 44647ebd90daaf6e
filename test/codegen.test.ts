/**
 * Code generation (src/codegen/): stable ids, file names, the v2 definition and document,
 * inputs/outputs schemas, clipboard text, deployment-settings merge, the all-or-nothing writer,
 * and the `flowc build` / `flowc import` commands end to end.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFacts } from '../src/analysis/facts.js';
import { clipboardText } from '../src/codegen/clipboard.js';
import { mergeDeploymentSettings } from '../src/codegen/deployment-settings-merge.js';
import { flowFileText, planImport } from '../src/codegen/import.js';
import { fileNameKey, headerIdentifier, headerText, safeFileStem } from '../src/codegen/names.js';
import { derivedPadInternalId, derivedWorkflowId, normalizeGuid, uuidV5 } from '../src/util/guid.js';
import { buildV2, type FlowInput } from '../src/codegen/v2.js';
import { OutputError, STAGING_PREFIX, nodeWriterFs, writeFilesAtomically, type WriterFs } from '../src/outputs/atomic-writer.js';
import type { DesktopFlowV2Document } from '../src/generated/desktop-flow-v2.js';
import { getValidator } from '../src/inputs/schema-registry.js';
import type { SourceDocument } from '../src/model/source.js';
import { parseFlow } from '../src/syntax/parse.js';
import { FLOW_SCRIPT, hostileFixtures } from '../scripts/make-hostile-fixtures.js';
import { runCli } from './helpers/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'flowc-codegen-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let dirCount = 0;
function freshDir(): string {
  const d = path.join(work, `d${dirCount++}`);
  mkdirSync(d, { recursive: true });
  return d;
}

function analyse(text: string, absolutePath = '/project/t.flow'): FlowInput {
  const doc: SourceDocument = { path: path.basename(absolutePath), absolutePath, text, origin: 'file' };
  const { flow } = parseFlow(text);
  return { doc, flow, facts: computeFacts(doc, flow) };
}

function build(text: string): DesktopFlowV2Document {
  const r = buildV2(analyse(text), { flowcVersion: '0.0.0-test', source: 't.flow' });
  expect(r.problems).toEqual([]);
  return r.built!.document;
}

const run = (cwd: string, args: string[]) => runCli(args, { cwd });

function listFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(path.join(dir, f), 'utf8');
  return out;
}

const SP = '/providers/Microsoft.PowerApps/apis/shared_sharepointonline';
const O365 = '/providers/Microsoft.PowerApps/apis/shared_office365';

describe('stable ids (UUID v5)', () => {
  it('matches the RFC 4122 test vector', () => {
    // uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com') in Python.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('derives ids from names only, and different names give different ids', () => {
    expect(derivedWorkflowId('Invoice upload')).toBe(derivedWorkflowId('Invoice upload'));
    expect(derivedWorkflowId('Invoice upload')).not.toBe(derivedWorkflowId('Invoice Upload'));
    expect(derivedPadInternalId('A', 'ref')).not.toBe(derivedPadInternalId('B', 'ref'));
    expect(derivedPadInternalId('A', 'ref')).not.toBe(derivedPadInternalId('A', 'ref2'));
    expect(derivedPadInternalId('A', 'ref')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('normalises GUIDs (braces, case) and refuses others', () => {
    expect(normalizeGuid('{ABDCBC95-17A8-EF11-8A69-7C1E5229EA39}')).toBe('abdcbc95-17a8-ef11-8a69-7c1e5229ea39');
    expect(normalizeGuid('not-a-guid')).toBeUndefined();
  });
});

describe('names', () => {
  it('makes safe file stems', () => {
    expect(safeFileStem('PADFramework: FlowTemplate (WorkQueues)')).toBe('PADFramework-FlowTemplate-WorkQueues');
    expect(safeFileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFileStem('..')).toBe('flow');
    expect(safeFileStem('')).toBe('flow');
    expect(safeFileStem('CON')).toBe('CON_');
    expect(safeFileStem('Facturación núm. 2')).toBe('Facturación-núm.-2');
    expect(safeFileStem('x'.repeat(300)).length).toBe(100);
    fc.assert(
      fc.property(fc.string(), (s) => {
        const stem = safeFileStem(s);
        expect(stem).not.toMatch(/[/\\:*?"<>|\u0000-\u001f]/);
        expect(stem.length).toBeGreaterThan(0);
        expect(stem).not.toMatch(/^\.+$/);
      }),
    );
  });
  it('makes unique header identifiers, ignoring case', () => {
    const taken = new Set<string>();
    expect(headerIdentifier('PADFramework_SharePoint', taken)).toBe('PADFramework_SharePoint');
    expect(headerIdentifier('padframework sharepoint', taken)).toBe('padframework_sharepoint_2');
    expect(headerIdentifier('2nd ref', taken)).toBe('_2nd_ref');
    expect(headerIdentifier('', taken)).toBe('Connection');
    expect(fileNameKey('A.json')).toBe(fileNameKey('a.JSON'));
  });
  it('writes header texts that parse back to the same value', () => {
    for (const value of ["it's", 'back\\slash', "a \\' b", 'plain: (x)']) {
      const { flow, problems } = parseFlow(`FLOW ${headerText(value)}\nEND FLOW\n`);
      expect(problems).toEqual([]);
      expect(flow.header?.name.value).toBe(value);
    }
  });
});

describe('the v2 definition', () => {
  const source = [
    "FLOW 'Invoice upload'",
    '    SCHEMA V2',
    "    CONNECTION Docs CONNECTOR 'shared_sharepointonline' EMBEDDED",
    `    CONNECTION Mail CONNECTOR '${O365}' LOGICALNAME 'contoso_Mail' ID '{0C15DB53-3273-5698-833C-0C1DB1206817}'`,
    'END FLOW',
    '# a comment, kept',
    "External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: 'https://x'  @table: 'L'",
    `External.InvokeCloudConnector Connection: 'contoso_Mail' ConnectorId: '${O365}' OperationId: 'SendEmailV2' @'emailMessage/To': 'a@b.c'`,
    "External.InvokeCloudConnector Connection: '0c15db53-3273-5698-833c-0c1db1206817' ConnectorId: '/providers/Microsoft.PowerApps/apis/SHARED_office365' OperationId: 'SendEmailV2'",
    "DISABLE External.InvokeCloudConnector Connection: 'Nowhere' OperationId: 'X'",
    "SET x TO $'''two",
    "lines'''",
    '',
  ].join('\n');

  it('removes the header, replaces Connection: values, inserts ConnectorId:, uses CRLF, keeps the rest', () => {
    const doc = build(source);
    const docsId = derivedPadInternalId('Invoice upload', 'Docs');
    expect(doc.definition).toBe(
      [
        '# a comment, kept',
        `External.InvokeCloudConnector Connection: '${docsId}' ConnectorId: '${SP}' OperationId: 'GetItems' @dataset: 'https://x'  @table: 'L'`,
        `External.InvokeCloudConnector Connection: '0c15db53-3273-5698-833c-0c1db1206817' ConnectorId: '${O365}' OperationId: 'SendEmailV2' @'emailMessage/To': 'a@b.c'`,
        // Already the padInternalId: kept as written, and so is a ConnectorId that was given.
        "External.InvokeCloudConnector Connection: '0c15db53-3273-5698-833c-0c1db1206817' ConnectorId: '/providers/Microsoft.PowerApps/apis/SHARED_office365' OperationId: 'SendEmailV2'",
        // Disabled and resolving nothing: left alone (PAD never runs it).
        "DISABLE External.InvokeCloudConnector Connection: 'Nowhere' OperationId: 'X'",
        "SET x TO $'''two",
        "lines'''",
        '',
      ].join('\r\n'),
    );
    expect(doc.workflowId).toBe(derivedWorkflowId('Invoice upload'));
    expect(doc.connectionReferences).toEqual([
      {
        api: { name: SP },
        displayName: 'Docs',
        isDisabled: false,
        connectionReferenceLogicalName: 'Docs',
        name: null,
        connectionDisplayName: null,
        ownerId: null,
        padInternalId: docsId,
        isEmbedded: true,
      },
      {
        api: { name: O365 },
        displayName: 'contoso_Mail',
        isDisabled: false,
        connectionReferenceLogicalName: 'contoso_Mail',
        name: null,
        connectionDisplayName: null,
        ownerId: null,
        padInternalId: '0c15db53-3273-5698-833c-0c1db1206817',
        isEmbedded: false,
      },
    ]);
    expect(doc.manifest.ConnectorReferences).toEqual([
      { ConnectorId: SP, ConnectorName: 'shared_sharepointonline', IsCustom: false },
      { ConnectorId: O365, ConnectorName: 'shared_office365', IsCustom: false },
    ]);
    expect(doc.metadata.containsActiveConnections).toBe(true);
    expect(getValidator('desktop-flow-v2')(doc)).toBe(true);
  });

  it('leaves out a clipboard footer and declared references no action uses', () => {
    const doc = build(
      [
        "FLOW 'F'",
        "    CONNECTION Unused CONNECTOR 'shared_teams'",
        'END FLOW',
        'SET a TO 1',
        '',
        '# [ControlRepository][PowerAutomateDesktop]',
        '{ "ControlRepositorySymbols": [] }',
      ].join('\r\n'),
    );
    expect(doc.definition).toBe('SET a TO 1\r\n\r\n');
    expect(doc.connectionReferences).toEqual([]);
    expect(doc.metadata.containsActiveConnections).toBe(false);
  });

  it('builds nothing when a connector action names no reference, has no Connection:, or ids are not GUIDs', () => {
    const cases: [string, RegExp][] = [
      ["External.InvokeCloudConnector Connection: 'Nope' OperationId: 'X'\n", /Connection: 'Nope' names no connection reference/],
      ["External.InvokeCloudConnector OperationId: 'X'\n", /has no Connection:/],
      ["FLOW 'F'\n    ID 'abc'\nEND FLOW\nSET a TO 1\n", /ID 'abc' is not a GUID/],
      ["FLOW 'F'\n    CONNECTION C CONNECTOR 'shared_x' ID 'zz'\nEND FLOW\nExternal.InvokeCloudConnector Connection: C OperationId: 'X'\n", /ID 'zz' is not a GUID/],
      ["FLOW 'F'\n    SCHEMA V1\nEND FLOW\nSET a TO 1\n", /SCHEMA V1/],
    ];
    for (const [text, message] of cases) {
      const r = buildV2(analyse(text), { flowcVersion: 't', source: 't.flow' });
      expect(r.built).toBeUndefined();
      expect(r.problems.map((p) => p.message).join('\n')).toMatch(message);
    }
  });

  it('lists enabled child flows once, and work queues', () => {
    const doc = build(
      [
        "External.RunFlow FlowId: '{A08238CA-5EC4-422D-8EAF-1766D05EC8FE}' @In: 1",
        'FUNCTION Sub GLOBAL',
        "    External.RunFlow FlowId: 'a261fa2e-fce6-49c8-909a-a94012906030'",
        "    External.RunFlow FlowId: 'a08238ca-5ec4-422d-8eaf-1766d05ec8fe'",
        "    DISABLE External.RunFlow FlowId: 'b1b933bf-5746-4c79-9b99-12da65958023'",
        "    LOOP WHILE (WorkQueues.ProcessWorkQueueItem.ProcessWorkQueueItem WorkQueue: $'''4b22c5ab-fce5-ee11-904c-0022487f2c0b''' WorkQueueItem=> Item)",
        '    END',
        'END FUNCTION',
        '',
      ].join('\r\n'),
    );
    expect(doc.dependencies).toEqual({
      childFlows: ['a08238ca-5ec4-422d-8eaf-1766d05ec8fe', 'a261fa2e-fce6-49c8-909a-a94012906030'],
      workQueues: ['4b22c5ab-fce5-ee11-904c-0022487f2c0b'],
      environmentVariables: [],
      requiredBinaries: [],
    });
    expect(doc.metadata.containsActiveWorkQueuesActions).toBe(true);
    expect(build('DISABLE WorkQueues.UpdateProcessingNotes.WithProcessingNotes WorkQueueItem: i ProcessingNotes: n\r\n').metadata.containsActiveWorkQueuesActions).toBe(false);
  });
});

describe('inputs and outputs', () => {
  it('derives the JSON schemas as PAD does', () => {
    const doc = build(
      [
        '@SENSITIVE: [Secret, Rows]',
        "@INPUT Name : { 'Description': '''Line 1",
        "Line \\'2\\'''', 'FriendlyName': 'Name', 'Type': 'String', 'IsOptional': False, 'DefaultValue': 'Bob' }",
        "@INPUT Count : { 'Description': '', 'FriendlyName': 'Count', 'Type': 'Numeric', 'IsOptional': True, 'DefaultValue': 3 }",
        "@INPUT Flag : { 'Description': '', 'FriendlyName': 'Flag', 'Type': 'Boolean', 'IsOptional': False, 'DefaultValue': True }",
        "@INPUT Items : { 'Description': '', 'FriendlyName': 'Items', 'Type': 'List', 'IsOptional': True, 'DefaultValue': [] }",
        "@INPUT Obj : { 'Description': '', 'FriendlyName': 'Obj', 'Type': 'CustomObject', 'IsOptional': False, 'DefaultValue': {{ }} }",
        "@INPUT Rows : { 'Description': '', 'FriendlyName': 'Rows', 'Type': 'Datatable', 'IsOptional': False }",
        "@INPUT Secret : { 'Description': '', 'FriendlyName': 'Secret', 'Type': 'String', 'IsOptional': False, 'DefaultValue': 'x' }",
        "@INPUT __proto__ : { 'Type': 'constructor' }",
        "@OUTPUT Result : { 'Description': 'r', 'FriendlyName': 'The result', 'Type': 'CustomObject' }",
        '',
      ].join('\n'),
    );
    const input = (isOptional: boolean, type: string, value: string | null, extra: Record<string, unknown> = {}) => ({
      isOptional,
      default: '',
      description: '',
      format: null,
      title: '',
      type,
      value,
      ...extra,
    });
    expect(doc.inputs.schema).toEqual({
      required: ['Name', 'Flag', 'Obj', 'Rows', 'Secret', '__proto__'],
      properties: {
        Name: input(false, 'string', 'Bob', { description: "Line 1\r\nLine '2'", title: 'Name' }),
        Count: input(true, 'number', '3', { title: 'Count' }),
        Flag: input(false, 'boolean', 'True', { title: 'Flag' }),
        Items: input(true, 'array', '[\r\n]\r\n', { title: 'Items' }),
        Obj: input(false, 'object', '{  }', { title: 'Obj' }),
        Rows: input(false, 'array', null, { title: 'Rows', format: 'password' }),
        Secret: input(false, 'string', null, { title: 'Secret', format: 'password' }),
        ['__proto__']: input(false, 'string', null, { title: '__proto__' }),
      },
      type: 'object',
    });
    expect(Object.keys(doc.inputs.schema!.properties)).toContain('__proto__');
    expect(doc.outputs.schema).toEqual({
      properties: { Result: { default: '', description: 'r', format: null, title: 'The result', type: 'object', value: null } },
      type: 'object',
    });
    expect(build('SET a TO 1\n').inputs).toEqual({ schema: null });
  });
});

describe('clipboard text', () => {
  const text = [
    "FLOW 'Clip'",
    "    CONNECTION Docs CONNECTOR 'shared_sharepointonline' ID '2416a92f-89d3-403f-9e70-b61bce2dd7d8' EMBEDDED",
    'END FLOW',
    "IMPORT 'imageRepo.imgrepo' AS images",
    "External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems'",
    '',
  ].join('\r\n');

  it('is the definition plus a footer PAD reads back', () => {
    const input = analyse(text);
    const built = buildV2(input, { flowcVersion: 't', source: 't.flow' }).built!;
    const clip = clipboardText(input.flow, built);
    expect(clip.startsWith(built.document.definition)).toBe(true);
    expect(clip).toContain('\r\n\r\n# [ControlRepository][PowerAutomateDesktop]\r\n\r\n{\r\n  "ControlRepositorySymbols": [],');
    expect(clip).not.toMatch(/[^\r]\n/);
    const again = parseFlow(clip);
    expect(again.problems).toEqual([]);
    expect((again.flow.footer?.json as { ImageRepositorySymbol: { Name: string } }).ImageRepositorySymbol.Name).toBe('images');
    expect(again.flow.footer?.connectionReferences.map(({ raw: _raw, ...r }) => r)).toEqual([
      {
        connectorId: SP,
        displayName: 'Docs',
        internalId: '2416a92f-89d3-403f-9e70-b61bce2dd7d8',
        logicalName: 'Docs',
        isEmbedded: true,
        isDisabled: false,
        connectionName: undefined,
        connectionDisplayName: undefined,
      },
    ]);
  });

  it('keeps the other keys of a footer the source already had, and survives import → build unchanged', () => {
    const withFooter = [
      "External.InvokeCloudConnector Connection: 'x1' ConnectorId: '" + SP + "' OperationId: 'GetItems'",
      '',
      '# [ControlRepository][PowerAutomateDesktop]',
      '',
      JSON.stringify(
        {
          ControlRepositorySymbols: [{ Name: 'appmask', ImportMetadata: {}, Repository: '{"Screens":[]}' }],
          ConnectionReferences: [
            { ConnectorId: SP, DisplayName: 'Docs', InternalId: '9c94fd45-2b5a-417f-8cbf-1ef6a134e654', LogicalName: 'x1', IsEmbedded: false, ConnectionName: 'f4bd5646' },
          ],
        },
        null,
        2,
      ),
    ].join('\r\n');
    const [imported] = planImport({
      kind: 'clipboard',
      doc: { path: 'clip.txt', absolutePath: '/p/clip.txt', text: withFooter, origin: 'file' },
    });
    expect(imported!.name).toBe('clip.flow');
    expect(imported!.content.startsWith("FLOW 'clip'\r\n    SCHEMA V2\r\n    CONNECTION Docs CONNECTOR")).toBe(true);
    expect(imported!.content.endsWith(withFooter)).toBe(true);
    const input = analyse(imported!.content, '/p/clip.flow');
    const built = buildV2(input, { flowcVersion: 't', source: 'clip.flow' }).built!;
    expect(built.document.definition).toBe(
      `External.InvokeCloudConnector Connection: '9c94fd45-2b5a-417f-8cbf-1ef6a134e654' ConnectorId: '${SP}' OperationId: 'GetItems'\r\n\r\n`,
    );
    const clip = clipboardText(input.flow, built);
    const footer = parseFlow(clip).flow.footer?.json as Record<string, unknown>;
    expect(Object.keys(footer)).toEqual(['ControlRepositorySymbols', 'ConnectionReferences']);
    expect(footer['ControlRepositorySymbols']).toEqual([{ Name: 'appmask', ImportMetadata: {}, Repository: '{"Screens":[]}' }]);
    // Pasting that text again and rebuilding gives the same text.
    const [again] = planImport({ kind: 'clipboard', doc: { path: 'c.txt', absolutePath: '/p/c.txt', text: clip, origin: 'file' } });
    const input2 = analyse(again!.content, '/p/c.flow');
    expect(clipboardText(input2.flow, buildV2(input2, { flowcVersion: 't', source: 'c.flow' }).built!)).toBe(clip);
  });
});

describe('deployment settings merge', () => {
  const prefilled = {
    EnvironmentVariables: [{ SchemaName: 'contoso_Url', Value: 'https://prod' }],
    ConnectionReferences: [
      { LogicalName: 'contoso_Mail', ConnectionId: 'abc123', ConnectorId: O365 },
      { LogicalName: 'old_Ref', ConnectionId: 'zzz', ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_teams', Note: 'kept' },
      { LogicalName: 'def_Docs', ConnectionId: 'c-docs', ConnectorId: '' },
    ],
    Extra: true,
  };
  it('keeps filled-in values and entries, adds what is missing', () => {
    const merged = mergeDeploymentSettings(prefilled, [
      { logicalName: 'CONTOSO_MAIL', connectorId: O365 },
      { logicalName: 'def_Docs', connectorId: SP },
      { logicalName: 'new_Ref', connectorId: SP },
      { logicalName: 'new_ref', connectorId: SP },
    ]);
    expect(merged).toEqual({
      EnvironmentVariables: [{ SchemaName: 'contoso_Url', Value: 'https://prod' }],
      ConnectionReferences: [
        { LogicalName: 'contoso_Mail', ConnectionId: 'abc123', ConnectorId: O365 },
        { LogicalName: 'old_Ref', ConnectionId: 'zzz', ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_teams', Note: 'kept' },
        { LogicalName: 'def_Docs', ConnectionId: 'c-docs', ConnectorId: SP },
        { LogicalName: 'new_Ref', ConnectionId: '', ConnectorId: SP },
      ],
      Extra: true,
    });
    expect(prefilled.ConnectionReferences[2]!.ConnectorId).toBe(''); // the input is not changed
    expect(mergeDeploymentSettings(undefined, [], ['env_A'])).toEqual({ EnvironmentVariables: [{ SchemaName: 'env_A', Value: '' }], ConnectionReferences: [] });
  });

  it('is written per environment by flowc build, from a pre-filled file', async () => {
    const dir = freshDir();
    writeFileSync(
      path.join(dir, 'flowc.config.json'),
      JSON.stringify({ environments: { prod: { deploymentSettings: 'settings/prod.json' }, test: { deploymentSettings: 'settings/test.json' }, dev: {} } }),
    );
    mkdirSync(path.join(dir, 'settings'));
    const prefilledText = `${JSON.stringify(prefilled, null, 2)}\n`;
    writeFileSync(path.join(dir, 'settings', 'prod.json'), prefilledText);
    writeFileSync(
      path.join(dir, 'a.flow'),
      `FLOW 'A'\n    CONNECTION Mail CONNECTOR 'shared_office365' LOGICALNAME 'contoso_Mail'\n    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'def_Docs'\nEND FLOW\nExternal.InvokeCloudConnector Connection: Mail OperationId: 'SendEmailV2' @'emailMessage/To': 'a@b.c' @'emailMessage/Subject': 's' @'emailMessage/Body': 'b'\nExternal.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: 'https://x' @table: 'L'\n`,
    );
    const r = await run(dir, ['build', '--out-dir', 'out', '--quiet']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = listFiles(path.join(dir, 'out'));
    expect(Object.keys(out)).toEqual(['a.json', 'deploymentsettings.prod.json', 'deploymentsettings.test.json']);
    const prod = JSON.parse(out['deploymentsettings.prod.json']!);
    expect(prod.ConnectionReferences.map((c: { LogicalName: string; ConnectionId: string }) => [c.LogicalName, c.ConnectionId])).toEqual([
      ['contoso_Mail', 'abc123'],
      ['old_Ref', 'zzz'],
      ['def_Docs', 'c-docs'],
    ]);
    expect(prod.EnvironmentVariables).toEqual(prefilled.EnvironmentVariables);
    expect(JSON.parse(out['deploymentsettings.test.json']!)).toEqual({
      EnvironmentVariables: [],
      ConnectionReferences: [
        { LogicalName: 'contoso_Mail', ConnectionId: '', ConnectorId: O365 },
        { LogicalName: 'def_Docs', ConnectionId: '', ConnectorId: SP },
      ],
    });
    // The configured file is read, never modified.
    expect(readFileSync(path.join(dir, 'settings', 'prod.json'), 'utf8')).toBe(prefilledText);
  });

  it('refuses an existing file that is not deployment settings, writing nothing', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'flowc.config.json'), JSON.stringify({ environments: { prod: { deploymentSettings: 'prod.json' } } }));
    writeFileSync(path.join(dir, 'prod.json'), '{ "ConnectionReferences": {} }');
    writeFileSync(path.join(dir, 'a.flow'), 'SET a TO 1\n');
    const r = await run(dir, ['build', '--out-dir', 'out']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/prod\.json/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('the all-or-nothing writer', () => {
  /** The real file system, failing the `failAt`-th call of one operation. */
  function failing(op: 'writeFile' | 'rename', failAt: number): WriterFs {
    let calls = 0;
    return {
      ...nodeWriterFs,
      [op]: async (a: string, b: string) => {
        if (++calls === failAt) throw Object.assign(new Error(`${op} failed (injected)`), { code: 'EIO' });
        return (nodeWriterFs[op] as (a: string, b: string) => Promise<void>)(a, b);
      },
    };
  }
  const files = [
    { name: 'a.json', content: 'new a' },
    { name: 'b.json', content: 'new b' },
    { name: 'c.json', content: 'new c' },
  ];

  it('writes every file', async () => {
    const dir = path.join(freshDir(), 'nested', 'out');
    await writeFilesAtomically(dir, files);
    expect(listFiles(dir)).toEqual({ 'a.json': 'new a', 'b.json': 'new b', 'c.json': 'new c' });
  });

  for (const [op, n] of [
    ['writeFile', 1],
    ['writeFile', 3],
    ['rename', 1],
    ['rename', 2],
    ['rename', 3],
    ['rename', 4],
  ] as const) {
    it(`leaves the folder as it was when ${op} #${n} fails`, async () => {
      const dir = freshDir();
      writeFileSync(path.join(dir, 'b.json'), 'old b');
      writeFileSync(path.join(dir, 'keep.txt'), 'untouched');
      await expect(writeFilesAtomically(dir, files, failing(op, n))).rejects.toThrow(/EIO/);
      expect(listFiles(dir)).toEqual({ 'b.json': 'old b', 'keep.txt': 'untouched' });
      expect(readdirSync(dir).some((f) => f.startsWith(STAGING_PREFIX))).toBe(false);
    });
  }

  it('refuses bad names and a folder in the way before writing anything', async () => {
    const dir = freshDir();
    await expect(writeFilesAtomically(dir, [{ name: '../x.json', content: '' }])).rejects.toBeInstanceOf(OutputError);
    await expect(writeFilesAtomically(dir, [{ name: 'A.json', content: '' }, { name: 'a.json', content: '' }])).rejects.toBeInstanceOf(OutputError);
    mkdirSync(path.join(dir, 'b.json'));
    await expect(writeFilesAtomically(dir, files)).rejects.toBeInstanceOf(OutputError);
    expect(readdirSync(dir)).toEqual(['b.json']);
  });
});

describe('flowc build', () => {
  const good = "FLOW 'Good'\nEND FLOW\nSET a TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: a\n";

  it('writes nothing and exits 1 when a flow has an error', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'good.flow'), good);
    writeFileSync(path.join(dir, 'bad.flow'), 'CALL Missing\n');
    mkdirSync(path.join(dir, 'out'));
    writeFileSync(path.join(dir, 'out', 'good.json'), 'previous build');
    const r = await run(dir, ['build', '--out-dir', 'out', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/FC002/);
    expect(r.err).toMatch(/nothing was written/);
    expect(listFiles(path.join(dir, 'out'))).toEqual({ 'good.json': 'previous build' });
  });

  it('writes nothing and exits 1 when a flow cannot be built', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'good.flow'), good);
    writeFileSync(path.join(dir, 'v1.flow'), "FLOW 'Old'\n    SCHEMA V1\nEND FLOW\nSET a TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: a\n");
    const r = await run(dir, ['build', '--out-dir', 'out']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/v1\.flow:2:5: the flow uses SCHEMA V1/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses two flows with one output name, and an output that would overwrite an input', async () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, 'a'));
    mkdirSync(path.join(dir, 'b'));
    writeFileSync(path.join(dir, 'a', 'x.flow'), good);
    writeFileSync(path.join(dir, 'b', 'X.flow'), good.replace('Good', 'Other'));
    const r = await run(dir, ['build', 'a', 'b', '--out-dir', 'out']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/X\.json would also be written by a\/x\.flow/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);

    writeFileSync(path.join(dir, 'clip.txt'), 'SET a TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: a\n');
    const c = await run(dir, ['build', 'clip.txt', '--out-dir', '.', '--format', 'clipboard']);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/would overwrite an input file/);
    expect(readFileSync(path.join(dir, 'clip.txt'), 'utf8')).toBe('SET a TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: a\n');
  });

  it('needs --out-dir and a known --format', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'good.flow'), good);
    expect((await run(dir, ['build'])).code).toBe(2);
    const f = await run(dir, ['build', '--out-dir', 'o', '--format', 'xml']);
    expect(f.code).toBe(2);
    expect(f.err).toMatch(/v2, clipboard/);
  });

  it('builds byte-identical output twice, in v2 and clipboard formats', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'good.flow'), good);
    for (const format of ['v2', 'clipboard']) {
      // good.flow named: the first clipboard build's .txt output is PAD script, which a folder search would find.
      expect((await run(dir, ['build', 'good.flow', '--out-dir', `${format}1`, '--format', format])).code).toBe(0);
      expect((await run(dir, ['build', 'good.flow', '--out-dir', `${format}2`, '--format', format])).code).toBe(0);
      expect(listFiles(path.join(dir, `${format}2`))).toEqual(listFiles(path.join(dir, `${format}1`)));
    }
    expect(Object.keys(listFiles(path.join(dir, 'v21')))).toEqual(['good.json']);
    expect(Object.keys(listFiles(path.join(dir, 'clipboard1')))).toEqual(['good.txt']);
    const doc = JSON.parse(readFileSync(path.join(dir, 'v21', 'good.json'), 'utf8'));
    expect(doc.flowc).toMatchObject({ owner: null, runs: ['CONSOLE'], source: 'good.flow', schema: 'V2' });
  });
});

describe('flowc import', () => {
  it('imports a clipboard text file, and does not overwrite other content without --force', async () => {
    const dir = freshDir();
    const clip = [
      `External.InvokeCloudConnector Connection: '9c94fd45-2b5a-417f-8cbf-1ef6a134e654' ConnectorId: '${SP}' OperationId: 'GetItems' @dataset: 'https://x' @table: 'L'`,
      '',
      '# [ControlRepository][PowerAutomateDesktop]',
      JSON.stringify({ ConnectionReferences: [{ ConnectorId: SP, DisplayName: 'SP docs', InternalId: '9c94fd45-2b5a-417f-8cbf-1ef6a134e654', LogicalName: 'def_SP', IsEmbedded: true }] }),
    ].join('\r\n');
    writeFileSync(path.join(dir, 'My flow.txt'), clip);
    const r = await run(dir, ['import', 'My flow.txt', '--out-dir', 'flows']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, 'flows', 'My-flow.flow'), 'utf8');
    expect(text).toBe(
      `FLOW 'My flow'\r\n    SCHEMA V2\r\n    CONNECTION SP_docs CONNECTOR '${SP}' LOGICALNAME 'def_SP' DISPLAYNAME 'SP docs' ID '9c94fd45-2b5a-417f-8cbf-1ef6a134e654' EMBEDDED\r\nEND FLOW\r\n${clip}`,
    );
    // Same content again: fine. Other content: refused unless --force.
    expect((await run(dir, ['import', 'My flow.txt', '--out-dir', 'flows'])).code).toBe(0);
    writeFileSync(path.join(dir, 'flows', 'My-flow.flow'), 'edited');
    const refused = await run(dir, ['import', 'My flow.txt', '--out-dir', 'flows']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--force/);
    expect(readFileSync(path.join(dir, 'flows', 'My-flow.flow'), 'utf8')).toBe('edited');
    expect((await run(dir, ['import', 'My flow.txt', '--out-dir', 'flows', '--force'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'flows', 'My-flow.flow'), 'utf8')).toBe(text);
    // The imported file builds.
    const built = await run(dir, ['build', 'flows', '--out-dir', 'out', '--quiet']);
    expect(built.err).toBe('');
    expect(built.code).toBe(0);
    expect(Object.keys(listFiles(path.join(dir, 'out')))).toEqual(['My-flow.json']);
  });

  it('refuses a .flow file, a folder that is not a solution, and a missing source', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'x.flow'), "FLOW 'X'\nEND FLOW\nSET a TO 1\n");
    mkdirSync(path.join(dir, 'plain'));
    for (const source of ['x.flow', 'plain', 'missing.zip']) {
      const r = await run(dir, ['import', source, '--out-dir', 'flows']);
      expect(r.code, source).toBe(2);
      expect(existsSync(path.join(dir, 'flows')), source).toBe(false);
    }
    expect((await run(dir, ['import', '--out-dir', 'flows'])).code).toBe(2);
    expect((await run(dir, ['import', 'x.flow'])).code).toBe(2);
  });

  it('refuses hostile solutions (zip slip, absolute paths, links, DOCTYPE) and writes nothing', async () => {
    const dir = freshDir();
    const fixtures = hostileFixtures();
    for (const name of ['dotdot-entry', 'absolute-entry', 'drive-entry', 'symlink-entry', 'doctype-xml']) {
      writeFileSync(path.join(dir, `${name}.zip`), fixtures[name]!);
      const r = await run(dir, ['import', `${name}.zip`, '--out-dir', 'flows']);
      expect(r.code, name).toBe(2);
      expect(r.err, name).toMatch(new RegExp(`${name}\\.zip`));
      expect(existsSync(path.join(dir, 'flows')), name).toBe(false);
    }
    writeFileSync(path.join(dir, 'valid.zip'), fixtures['valid']!);
    expect((await run(dir, ['import', 'valid.zip', '--out-dir', 'flows'])).code).toBe(0);
    expect(listFiles(path.join(dir, 'flows'))).toEqual({
      'Hostile-Sample.flow': `FLOW 'Hostile: Sample'\r\n    ID '11111111-2222-3333-4444-555555555555'\r\n    SCHEMA V2\r\n    CONNECTION tst_Outlook CONNECTOR '/providers/Microsoft.PowerApps/apis/shared_office365' LOGICALNAME 'tst_Outlook' ID 'pad-1'\r\nEND FLOW\r\n${FLOW_SCRIPT}`,
    });
  });

  it('gives flows with the same file name distinct names', () => {
    const record = (name: string, workflowId: string) => ({
      solutionPath: 's',
      workflowId,
      name,
      definition: 'SET a TO 1\r\n',
      connectionReferences: [],
      metadata: null,
      inputs: null,
      outputs: null,
      dependencies: null,
      category: 6,
      binaries: [],
    });
    const files = planImport({
      kind: 'solution',
      solution: {
        path: 's',
        absolutePath: '/s',
        format: 'folder',
        binaries: [],
        connectionReferences: [],
        flows: [record('A: B', '11111111-0000-0000-0000-000000000000'), record('A B', '22222222-0000-0000-0000-000000000000'), record('a-b', '')],
      },
    });
    expect(files.map((f) => f.name)).toEqual(['A-B.flow', 'A-B-22222222.flow', 'a-b-2.flow']);
    expect(files[2]!.content).toBe("FLOW 'a-b'\r\n    SCHEMA V2\r\nEND FLOW\r\nSET a TO 1\r\n");
    expect(flowFileText({ name: 'n', schema: 'V1', references: [], script: 'x\n' })).toBe("FLOW 'n'\n    SCHEMA V1\nEND FLOW\nx\n");
  });
});

describe('no input crashes code generation', () => {
  it('builds or explains any text, and what it builds is valid', () => {
    const validate = getValidator('desktop-flow-v2');
    const pieces = [
      "FLOW 'F'\n",
      '    CONNECTION C CONNECTOR \'shared_x\'\n',
      "    ID '{AB}'\n",
      'END FLOW\n',
      "External.InvokeCloudConnector Connection: C OperationId: 'X'\n",
      "External.RunFlow FlowId: 'nope'\n",
      "@INPUT a : { 'Type': 'List', 'DefaultValue': [1, {'k': 2}] }\n",
      '@SENSITIVE: [a]\n',
      'DISABLE ',
      '# [ControlRepository][PowerAutomateDesktop]\n{"ConnectionReferences": [{"ConnectorId": "x", "InternalId": "y"}]}\n',
      '\r',
      "'",
      '{{',
    ];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string()), { maxLength: 12 }), (parts) => {
        const input = analyse(parts.join(''));
        const r = buildV2(input, { flowcVersion: 't', source: 't.flow' });
        if (r.built) {
          expect(r.problems).toEqual([]);
          // The schema may still refuse (e.g. a connector id with odd characters): build reports that, never crashes.
          validate(r.built.document);
          clipboardText(input.flow, r.built);
        } else {
          expect(r.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
