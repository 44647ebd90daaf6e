import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildCatalog, DEFAULT_CONNECTORS, describeDifferences, generateCatalog } from '../scripts/gen-catalog.js';
import {
  ConnectorCatalog,
  findInput,
  findOperation,
  findOperationIgnoringCase,
  fullConnectorId,
  inputNames,
  isBinaryFormat,
  missingRequiredInputs,
  normalizeConnectorId,
  parseSwaggerConnector,
  requiredInputs,
  type ConnectorCatalogData,
  type ConnectorInfo,
  type OperationInfo,
} from '../src/catalog/connectors.js';
import { closest } from '../src/util/suggest.js';
import { connectorsDir } from './helpers/corpus.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const catalogPath = path.join(repoRoot, 'src/catalog/connectors.generated.json');
const schemaPath = path.join(repoRoot, 'schemas/connector-catalog.schema.json');

const committedText = readFileSync(catalogPath, 'utf8');
const committed = JSON.parse(committedText) as ConnectorCatalogData;
const catalog = ConnectorCatalog.builtIn();

function op(connector: string, operationId: string): OperationInfo {
  const found = catalog.operation(connector, operationId);
  if (!found) throw new Error(`${connector} ${operationId} not in the catalog`);
  return found;
}

describe('generated catalog', () => {
  it('is not stale (regenerate with `npx tsx scripts/gen-catalog.ts`)', async () => {
    const { text } = await generateCatalog();
    expect(describeDifferences(committedText, text)).toEqual([]);
    expect(text === committedText).toBe(true);
  });

  it('is deterministic and ends with a newline', async () => {
    const a = await generateCatalog();
    const b = await generateCatalog();
    expect(a.text).toBe(b.text);
    expect(a.text.endsWith('}\n')).toBe(true);
  });

  it('validates against schemas/connector-catalog.schema.json', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    const ok = validate(committed);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has the eleven default connectors, honestly', () => {
    expect(DEFAULT_CONNECTORS).toHaveLength(11);
    for (const d of DEFAULT_CONNECTORS) {
      const c = catalog.get(d.id);
      expect(c, d.id).toBeDefined();
      expect(c!.isDefault).toBe(true);
      expect(c!.tier).toBe(d.tier);
    }
    // All eleven come from full metadata in data/connectors/ (see its PROVENANCE.md).
    for (const c of catalog.all()) {
      expect(c.operationsKnown, c.id).toBe(true);
      expect(c.operations.length, c.id).toBeGreaterThan(0);
      expect(c.sources, c.id).toContain(`connectors/${c.id}.json`);
    }
    expect(catalog.get('shared_commondataserviceforapps')!.tier).toBe('Premium');
    expect(catalog.get('shared_microsoftforms')).toMatchObject({
      displayName: 'Microsoft Forms',
      tier: 'Standard',
      operationsKnown: true,
      isCustom: false,
    });
    expect(catalog.get('shared_onenote')!.displayName).toBe('OneNote (Business)');
    expect(catalog.get('shared_wordonlinebusiness')!.displayName).toBe('Word Online (Business)');
  });

  it('keeps sorted, unique operation ids', () => {
    for (const c of committed.connectors) {
      const ids = c.operations.map((o) => o.operationId);
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(new Set(ids).size).toBe(ids.length);
    }
    const ids = committed.connectors.map((c) => c.id);
    expect(ids).toEqual([...ids].sort());
  });
});

describe('known facts', () => {
  it('Dataverse ListRecordsWithOrganization needs organization and entityName', () => {
    const list = op('shared_commondataserviceforapps', 'ListRecordsWithOrganization');
    const organization = list.parameters.find((p) => p.name === 'organization');
    const entityName = list.parameters.find((p) => p.name === 'entityName');
    expect(organization).toMatchObject({ in: 'header', required: true });
    expect(entityName).toMatchObject({ in: 'path', required: true });
    expect(list.parameters.find((p) => p.name === 'connectionId')).toMatchObject({ implicit: true });
    expect(requiredInputs(list)).toEqual(['organization', 'entityName']);
    // As in the PADFramework corpus.
    expect(missingRequiredInputs(list, ['organization', 'entityName', '$filter'])).toEqual([]);
    expect(findInput(list, '$filter')?.parameter.in).toBe('query');
  });

  it('Dataverse CreateRecordWithOrganization takes dynamic item fields and fills its own headers', () => {
    const create = op('shared_commondataserviceforapps', 'CreateRecordWithOrganization');
    expect(create.parameters.find((p) => p.name === 'item')).toMatchObject({ in: 'body', dynamic: true });
    expect(findInput(create, 'item/def_flow')).toMatchObject({ dynamic: true });
    // `prefer` and `accept` are required but internal with defaults: not the user's job.
    expect(requiredInputs(create)).toEqual(['organization', 'entityName']);
  });

  it('Dataverse file operations carry binary data', () => {
    const upload = op('shared_commondataserviceforapps', 'UpdateEntityFileImageFieldContentWithOrganization');
    expect(upload.parameters.find((p) => p.in === 'body')).toMatchObject({ name: 'item', format: 'binary' });
    const download = op('shared_commondataserviceforapps', 'GetEntityFileImageFieldContentWithOrganization');
    expect(download.response).toMatchObject({ status: '200', type: 'string', format: 'binary' });
  });

  it('SharePoint PostItem has a required, dynamic `item` body; GetItems exists', () => {
    const post = op('shared_sharepointonline', 'PostItem');
    const item = post.parameters.find((p) => p.name === 'item');
    expect(item).toMatchObject({ in: 'body', required: true, dynamic: true });
    expect(findInput(post, 'item/Title')).toMatchObject({ parameter: { name: 'item' }, dynamic: true });
    expect(findInput(post, 'dataset')?.parameter.summary).toBe('Site Address');
    expect(findInput(post, 'nosuch')).toBeUndefined();
    expect(missingRequiredInputs(post, ['dataset', 'table', 'item/Title'])).toEqual([]);
    expect(missingRequiredInputs(post, ['dataset'])).toEqual(['table']);

    const get = op('shared_sharepointonline', 'GetItems');
    expect(get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['dataset', 'table', '$filter', '$top']));
    expect(get.deprecated).toBeUndefined();
  });

  it('SharePoint CreateFile takes binary content; GetFileContent returns binary', () => {
    const create = op('shared_sharepointonline', 'CreateFile');
    const body = create.parameters.find((p) => p.in === 'body');
    expect(body).toMatchObject({ name: 'body', type: 'string', format: 'binary', required: true });
    expect(isBinaryFormat(body!.format)).toBe(true);
    expect(requiredInputs(create)).toEqual(['dataset', 'folderPath', 'name', 'body']);
    expect(op('shared_sharepointonline', 'GetFileContent').response).toMatchObject({ type: 'string', format: 'binary' });
  });

  it('OneDrive (consumer) CreateFile/UpdateFile take binary content; file content, conversions and file triggers return binary', () => {
    const create = op('shared_onedrive', 'CreateFile');
    expect(create.parameters.find((p) => p.in === 'body')).toMatchObject({ name: 'body', type: 'string', format: 'binary', required: true });
    expect(requiredInputs(create)).toEqual(['folderPath', 'name', 'body']);
    expect(op('shared_onedrive', 'UpdateFile').parameters.find((p) => p.in === 'body')).toMatchObject({ format: 'binary', required: true });
    for (const id of ['GetFileContent', 'GetFileContentByPath', 'ConvertFile', 'ConvertFileByPath', 'OnNewFileV2']) {
      expect(op('shared_onedrive', id).response, id).toMatchObject({ type: 'string', format: 'binary' });
    }
    expect(op('shared_onedrive', 'CreateShareLink')).toMatchObject({ deprecated: true, replacement: { operationId: 'CreateShareLinkV2' } });
  });

  it('Word Online (Business) takes the document by its location and returns binary documents', () => {
    // "Populate a Microsoft Word template" and "Convert Word Document to PDF" answer with the file's bytes.
    for (const id of ['CreateFileItem', 'GetFilePDF']) {
      const o = op('shared_wordonlinebusiness', id);
      expect(o.response, id).toMatchObject({ type: 'string', format: 'binary' });
      expect(requiredInputs(o), id).toEqual(['source', 'drive', 'file']);
      // The template is named by its location in a document library, never passed as bytes.
      expect(o.parameters.some((p) => isBinaryFormat(p.format)), id).toBe(false);
    }
    expect(findInput(op('shared_wordonlinebusiness', 'CreateFileItem'), 'dynamicFileSchema/CustomerName')).toMatchObject({ dynamic: true });
  });

  it('Microsoft Forms, OneNote (Business) and RSS operations and their required inputs', () => {
    expect(requiredInputs(op('shared_microsoftforms', 'GetFormResponseById'))).toEqual(['form_id', 'response_id']);
    expect(op('shared_microsoftforms', 'GetFormResponses')).toMatchObject({ deprecated: true, trigger: true });
    expect(op('shared_microsoftforms', 'CreateFormWebhook').trigger).toBe(true);
    expect(requiredInputs(op('shared_onenote', 'CreatePageInSection'))).toEqual(['notebookKey', 'sectionId', 'pageContent']);
    expect(op('shared_onenote', 'CreatePageInSection').parameters.find((p) => p.name === 'pageContent')).toMatchObject({ in: 'body', format: 'html' });
    expect(requiredInputs(op('shared_rss', 'ListFeedItems'))).toEqual(['feedUrl']);
    expect(inputNames(op('shared_rss', 'ListFeedItems'))).toEqual(['feedUrl', 'since', 'sinceProperty']);
    expect(op('shared_rss', 'OnNewFeed').trigger).toBe(true);
  });

  it('Office 365 SendEmailV2 flattens emailMessage', () => {
    const send = op('shared_office365', 'SendEmailV2');
    const email = send.parameters.find((p) => p.name === 'emailMessage')!;
    expect(email).toMatchObject({ in: 'body', required: true, type: 'object' });
    const fields = new Map(email.fields!.map((f) => [f.path, f]));
    expect(fields.get('emailMessage/To')).toMatchObject({ type: 'string', format: 'email', required: true });
    expect(fields.get('emailMessage/Subject')).toMatchObject({ required: true });
    expect(fields.get('emailMessage/Body')).toMatchObject({ required: true, format: 'html' });
    expect(fields.get('emailMessage/Cc')?.required).toBeUndefined();
    expect(fields.get('emailMessage/Attachments')).toMatchObject({ type: 'array' });
    expect(fields.get('emailMessage/Attachments[]/ContentBytes')).toMatchObject({ format: 'byte', required: true });
    expect(requiredInputs(send)).toEqual(['emailMessage/To', 'emailMessage/Subject', 'emailMessage/Body']);
    // As in the PADFramework corpus.
    const given = ['emailMessage/To', 'emailMessage/Subject', 'emailMessage/Body', 'emailMessage/Cc', 'emailMessage/Attachments'];
    expect(missingRequiredInputs(send, given)).toEqual([]);
    expect(missingRequiredInputs(send, ['emailMessage'])).toEqual([]);
    expect(missingRequiredInputs(send, ['emailMessage/To'])).toEqual(['emailMessage/Subject', 'emailMessage/Body']);
    for (const name of given) expect(findInput(send, name), name).toBeDefined();
    expect(findInput(send, 'emailMessage/Too')).toBeUndefined();
    expect(findInput(send, 'emailMessage/Attachments[]/Name')).toBeUndefined();
    expect(inputNames(send)).not.toContain('connectionId');
    expect(closest('emailMessage/Subjct', inputNames(send))).toBe('emailMessage/Subject');
  });

  it('deprecated operations name their replacement', () => {
    expect(op('shared_office365', 'SendEmail')).toMatchObject({ deprecated: true, replacement: { operationId: 'SendEmailV2' } });
    expect(op('shared_office365', 'SendEmailV2').deprecated).toBeUndefined();
    expect(op('shared_office365', 'GetEmailsV2').replacement).toEqual({ operationId: 'GetEmailsV3' });
    expect(op('shared_office365', 'MarkAsRead_V2').replacement).toEqual({ operationId: 'MarkAsRead_V3' });
    expect(op('shared_office365', 'V2CalendarPostItem').replacement).toEqual({ operationId: 'V4CalendarPostItem' });
    // Family members in preview lose to production ones.
    expect(op('shared_office365', 'OnFlaggedEmail').replacement).toEqual({ operationId: 'OnFlaggedEmailV3' });
    // No family: a same-name V<n> successor.
    expect(op('shared_commondataserviceforapps', 'Predict').replacement).toEqual({ operationId: 'PredictV2' });
    // Named explicitly, in another connector.
    expect(op('shared_teams', 'ListShifts').replacement).toEqual({ operationId: 'ListShifts', api: 'Shifts' });
    // Every named same-connector replacement exists and is not deprecated.
    for (const c of catalog.all()) {
      for (const o of c.operations) {
        if (!o.replacement || o.replacement.api) continue;
        const r = findOperation(c, o.replacement.operationId);
        expect(r, `${c.id} ${o.operationId}`).toBeDefined();
        expect(r!.deprecated, `${c.id} ${o.replacement.operationId}`).toBeUndefined();
      }
    }
  });

  it('marks triggers', () => {
    expect(op('shared_office365', 'OnNewEmailV3').trigger).toBe(true);
    expect(op('shared_office365', 'SendEmailV2').trigger).toBeUndefined();
  });

  it('records binary fields of responses', () => {
    expect(op('shared_office365', 'GetAttachment_V2').response?.binaryFields).toEqual(['contentBytes']);
  });
});

describe('ConnectorCatalog', () => {
  it('looks connectors up by short name or full id, ignoring case', () => {
    const sp = catalog.get('shared_sharepointonline');
    expect(sp?.displayName).toBe('SharePoint');
    expect(catalog.get('/providers/Microsoft.PowerApps/apis/shared_sharepointonline')).toBe(sp);
    expect(catalog.get('/PROVIDERS/microsoft.powerapps/APIS/Shared_SharePointOnline')).toBe(sp);
    expect(catalog.get(' shared_sharepointonline ')).toBe(sp);
    expect(catalog.get('shared_nosuch')).toBeUndefined();
    expect(catalog.has('SHARED_RSS')).toBe(true);
    expect(ConnectorCatalog.builtIn()).toBe(catalog);
    expect(catalog.all()).toHaveLength(committed.connectors.length);
  });

  it('normalises ids', () => {
    expect(normalizeConnectorId('/providers/Microsoft.PowerApps/apis/shared_Office365')).toBe('shared_office365');
    expect(normalizeConnectorId('shared_office365/')).toBe('shared_office365');
    expect(fullConnectorId('shared_office365')).toBe('/providers/Microsoft.PowerApps/apis/shared_office365');
    expect(fullConnectorId('/providers/Microsoft.PowerApps/apis/shared_office365')).toBe('/providers/Microsoft.PowerApps/apis/shared_office365');
  });

  it('knows the default connectors', () => {
    expect(catalog.isDefault('shared_rss')).toBe(true);
    expect(catalog.isDefault('/providers/Microsoft.PowerApps/apis/shared_teams')).toBe(true);
    expect(catalog.isDefault('shared_twitter')).toBe(false);
  });

  it('finds operations exactly, or ignoring case as a fallback', () => {
    expect(catalog.operation('shared_sharepointonline', 'GetItems')?.operationId).toBe('GetItems');
    expect(catalog.operation('shared_sharepointonline', 'getitems')).toBeUndefined();
    expect(catalog.operationIgnoringCase('shared_sharepointonline', 'getitems')?.operationId).toBe('GetItems');
    const sp = catalog.get('shared_sharepointonline')!;
    expect(findOperation(sp, 'getitems')).toBeUndefined();
    expect(findOperationIgnoringCase(sp, 'getitems')?.operationId).toBe('GetItems');
    expect(catalog.operation('shared_nosuch', 'GetItems')).toBeUndefined();
  });

  it('adds extra connectors without changing the built-in one', () => {
    const custom: ConnectorInfo = {
      id: 'shared_contoso-5fapi',
      fullId: '/providers/Microsoft.PowerApps/apis/shared_contoso-5fapi',
      displayName: 'Contoso API',
      isCustom: true,
      isDefault: false,
      operationsKnown: true,
      sources: ['contoso.json'],
      operations: [{ operationId: 'Ping', parameters: [] }],
    };
    // A tenant's newer export of a default connector: its operations are added to the built-in ones.
    const onedrive: ConnectorInfo = {
      id: 'shared_onedrive',
      fullId: '/providers/Microsoft.PowerApps/apis/shared_onedrive',
      displayName: 'shared_onedrive',
      isCustom: false,
      isDefault: false,
      operationsKnown: true,
      sources: ['onedrive.json'],
      operations: [{ operationId: 'NewerOperation', parameters: [] }],
    };
    const extended = catalog.withExtra([custom, onedrive]);
    expect(extended.get('shared_contoso-5fapi')?.isCustom).toBe(true);
    expect(extended.operation('shared_contoso-5fapi', 'Ping')).toBeDefined();
    expect(extended.get('shared_onedrive')).toMatchObject({
      displayName: 'OneDrive',
      tier: 'Standard',
      isDefault: true,
      operationsKnown: true,
    });
    expect(extended.operation('shared_onedrive', 'NewerOperation')).toBeDefined();
    expect(extended.operation('shared_onedrive', 'GetFileContent')).toBeDefined();
    expect(catalog.get('shared_contoso-5fapi')).toBeUndefined();
    expect(catalog.operation('shared_onedrive', 'NewerOperation')).toBeUndefined();
  });
});

describe('parseSwaggerConnector', () => {
  it('reads Power Platform metadata the same way the generator does', () => {
    const json = JSON.parse(readFileSync(path.join(connectorsDir, 'shared_teams.json'), 'utf8')) as unknown;
    const { connector, warnings } = parseSwaggerConnector(json, 'connectors/shared_teams.json');
    expect(warnings).toEqual([]);
    expect(connector?.operations).toEqual(catalog.get('shared_teams')!.operations);
  });

  it('reads a solution ConnectorDefinition as a partial description', () => {
    const definition = {
      ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_rss',
      Definition: {
        Id: '/providers/Microsoft.PowerApps/apis/shared_rss',
        Name: 'shared_rss',
        Properties: {
          IsCustomApi: false,
          Swagger: JSON.stringify({
            swagger: '2.0',
            info: { title: 'RSS' },
            paths: {
              '/{connectionId}/ListFeedItems': {
                get: {
                  operationId: 'ListFeedItems',
                  parameters: [{ name: 'connectionId', in: 'path', required: true, type: 'string' }, { $ref: '#/parameters/url' }],
                  responses: { '200': { schema: { $ref: '#/definitions/Feed' } } },
                },
              },
            },
            parameters: { url: { name: 'url', in: 'query', required: true, type: 'string' } },
            definitions: { Feed: { type: 'array', items: { type: 'object' } } },
          }),
        },
      },
      DynamicSchemas: {},
    };
    const { connector, warnings } = parseSwaggerConnector(definition, 'ConnectorDefinition_x.json');
    expect(warnings).toEqual([]);
    expect(connector).toMatchObject({ id: 'shared_rss', displayName: 'RSS', isCustom: false, operationsKnown: false });
    const list = connector!.operations[0]!;
    expect(list.parameters.map((p) => p.name)).toEqual(['connectionId', 'url']);
    expect(list.response).toMatchObject({ status: '200', type: 'array' });
  });

  it('reads a raw swagger document, naming it after its folder', () => {
    const swagger = {
      swagger: '2.0',
      info: { title: 'Contoso Tickets', 'x-ms-whatever': { a: 1 } },
      'x-ms-connector-metadata': [{ propertyName: 'Website', propertyValue: 'https://contoso.com' }],
      paths: {
        '/tickets': {
          parameters: [{ name: 'tenant', in: 'header', required: true, type: 'string' }],
          post: {
            operationId: 'CreateTicket',
            'x-ms-unknown-extension': true,
            parameters: [
              {
                name: 'ticket',
                in: 'body',
                required: true,
                schema: {
                  allOf: [
                    { $ref: '#/definitions/Base' },
                    { type: 'object', required: ['title'], properties: { title: { type: 'string' }, parent: { $ref: '#/definitions/Ticket' } } },
                  ],
                },
              },
            ],
            responses: { '201': { description: 'Created' } },
          },
        },
      },
      definitions: {
        Base: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
        // Recursive: a ticket's parent is a ticket.
        Ticket: { type: 'object', properties: { id: { type: 'string' }, parent: { $ref: '#/definitions/Ticket' } } },
      },
    };
    const { connector, warnings } = parseSwaggerConnector(swagger, 'custom-connectors/Contoso Tickets/apiDefinition.swagger.json');
    expect(warnings).toEqual([]);
    expect(connector).toMatchObject({ id: 'shared_contosotickets', displayName: 'Contoso Tickets', isCustom: true, operationsKnown: true });
    const create = connector!.operations[0]!;
    expect(create.parameters.map((p) => p.name)).toEqual(['tenant', 'ticket']);
    const ticket = create.parameters[1]!;
    expect(ticket.fields?.map((f) => f.path)).toEqual([
      'ticket/file',
      'ticket/title',
      'ticket/parent',
      'ticket/parent/id',
      'ticket/parent/parent',
    ]);
    expect(ticket.fields?.find((f) => f.path === 'ticket/parent/parent')?.truncated).toBe(true);
    expect(ticket.fields?.find((f) => f.path === 'ticket/file')?.format).toBe('binary');
    expect(requiredInputs(create)).toEqual(['tenant', 'ticket/title']);
    expect(create.response).toEqual({ status: '201' });

    expect(parseSwaggerConnector({ ...swagger, info: {} }, 'shared_contoso.json').connector?.id).toBe('shared_contoso');
  });

  it('tolerates junk and never throws', () => {
    const junk: unknown[] = [
      null,
      undefined,
      42,
      'not json',
      '{"name": "shared_x", "properties": {"swagger": {"paths": {}}}}',
      [],
      {},
      { name: 42, properties: { swagger: null } },
      { name: 'shared_x', properties: { swagger: 'not json', tier: 7, isCustomApi: 'yes' } },
      { name: 'shared_x', properties: { swagger: { paths: [] } } },
      { name: 'shared_x', properties: { swagger: { paths: { '/a': null, '/b': { get: 'x' }, '/c': { get: {} } } } } },
      {
        name: 'shared_x',
        properties: {
          swagger: {
            paths: {
              '/a': {
                get: {
                  operationId: 'A',
                  parameters: [null, 1, { in: 'query' }, { name: 'p', in: 'cookie' }, { $ref: '#/parameters/missing' }, { name: 'b', in: 'body', schema: { $ref: '#/definitions/Loop' } }],
                  responses: { '200': { schema: { $ref: 'http://elsewhere/schema.json' } } },
                  'x-ms-api-annotation': 'weird',
                  'x-ms-visibility': 5,
                  deprecated: 'yes',
                },
                post: { operationId: 'A' },
              },
              '/b': { get: { operationId: 'B', parameters: 'none', responses: [] } },
            },
            definitions: { Loop: { $ref: '#/definitions/Loop' } },
          },
        },
      },
      { ConnectorId: 5, Definition: 'x' },
      { swagger: '3.0', paths: { '/x': { get: { operationId: 'X' } } } },
    ];
    for (const input of junk) {
      const result = parseSwaggerConnector(input, 'junk.json');
      expect(Array.isArray(result.warnings)).toBe(true);
      if (result.connector) {
        expect(typeof result.connector.id).toBe('string');
        expect(Array.isArray(result.connector.operations)).toBe(true);
      }
    }
    expect(parseSwaggerConnector(null, 'junk.json').warnings[0]).toMatch(/^junk\.json: /);
    const weird = parseSwaggerConnector(junk[11], 'junk.json');
    expect(weird.connector?.operations.map((o) => o.operationId)).toEqual(['A', 'B']);
    const a = weird.connector!.operations[0]!;
    expect(a.deprecated).toBeUndefined();
    expect(a.visibility).toBeUndefined();
    expect(a.parameters.map((p) => p.name)).toEqual(['b']);
    expect(weird.warnings.some((w) => w.includes('more than once'))).toBe(true);
    expect(weird.warnings.some((w) => w.includes('refers to itself'))).toBe(true);
    expect(parseSwaggerConnector(junk[8], 'junk.json').warnings.length).toBeGreaterThanOrEqual(3);
  });

  it('stays bounded on hostile schemas', () => {
    // 60 properties per level, each referring to the next level: 60^4 fields unbounded.
    const definitions: Record<string, unknown> = {};
    for (let level = 0; level < 6; level++) {
      const properties: Record<string, unknown> = {};
      for (let i = 0; i < 60; i++) properties[`p${i}`] = { $ref: `#/definitions/L${level + 1}` };
      definitions[`L${level}`] = { type: 'object', properties, allOf: Array.from({ length: 50 }, () => ({ $ref: `#/definitions/L${level + 1}` })) };
    }
    definitions['L6'] = { type: 'string' };
    let deepArray: unknown = { type: 'string', format: 'byte' };
    for (let i = 0; i < 5000; i++) deepArray = { type: 'array', items: deepArray };
    const swagger = {
      swagger: '2.0',
      info: { title: 'Hostile' },
      paths: {
        '/a': { post: { operationId: 'A', parameters: [{ name: 'b', in: 'body', schema: { $ref: '#/definitions/L0' } }] } },
        '/b': { post: { operationId: 'B', parameters: [{ name: 'b', in: 'body', schema: deepArray }] } },
      },
      definitions,
    };
    const started = Date.now();
    const { connector } = parseSwaggerConnector(swagger, 'hostile.json');
    expect(Date.now() - started).toBeLessThan(5000);
    const [a, b] = connector!.operations;
    // At most the cap plus the ancestors of the field that reached it.
    expect(a!.parameters[0]!.fields!.length).toBeLessThanOrEqual(1010);
    expect(a!.parameters[0]!.truncated).toBe(true);
    expect(b!.parameters[0]!.fields!.some((f) => f.truncated)).toBe(true);
  });

  it('lets the generator merge partial sources into full ones', () => {
    const full = { name: 'shared_x', properties: { displayName: 'X', tier: 'Premium', swagger: { paths: { '/a': { get: { operationId: 'A' } } } } } };
    const partial = {
      ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_x',
      Definition: { Name: 'shared_x', Properties: { Swagger: { paths: { '/a': { get: { operationId: 'A', summary: 'old' } }, '/b': { get: { operationId: 'B' } } } } } },
    };
    const { data, warnings } = buildCatalog([
      { source: 'z.zip:ConnectorDefinition_1.json', json: partial },
      { source: 'connectors/shared_x.json', json: full },
    ]);
    const x = data.connectors.find((c) => c.id === 'shared_x')!;
    expect(x).toMatchObject({ displayName: 'X', tier: 'Premium', operationsKnown: true, isDefault: false });
    expect(x.sources).toEqual(['connectors/shared_x.json', 'z.zip:ConnectorDefinition_1.json']);
    expect(x.operations.map((o) => [o.operationId, o.summary])).toEqual([['A', undefined], ['B', undefined]]);
    expect(warnings.some((w) => w.includes('operation B is not in the full metadata'))).toBe(true);
    expect(data.connectors.filter((c) => c.isDefault)).toHaveLength(11);
  });
});

describe('closest', () => {
  it('suggests the nearest name, ignoring case', () => {
    expect(closest('GetItem', ['GetItems', 'PostItem', 'GetFileContent'])).toBe('GetItems');
    expect(closest('getitems', ['GetItems', 'PostItem'])).toBe('GetItems');
    expect(closest('SendEmailV3', ['SendEmail', 'SendEmailV2', 'GetEmailsV3'])).toBe('SendEmailV2');
    expect(closest('shared_sharepoint', catalog.ids())).toBeUndefined();
    expect(closest('shared_sharepointonlin', catalog.ids())).toBe('shared_sharepointonline');
  });

  it('returns undefined when nothing is close enough', () => {
    expect(closest('Foo', ['GetItems', 'PostItem'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
    // Short names allow distance 2.
    expect(closest('ab', ['xy'])).toBe('xy');
    expect(closest('abc', ['xyz'])).toBeUndefined();
    // Longer names allow a third of their length.
    expect(closest('ListRecordsWithOrganizaton', ['ListRecordsWithOrganization'])).toBe('ListRecordsWithOrganization');
  });

  it('does not depend on the candidates order', () => {
    expect(closest('Mian', ['Main', 'MAIN'])).toBe(closest('Mian', ['MAIN', 'Main']));
    expect(closest('main', ['Main', 'MAIN'])).toBe('Main');
    expect(closest('MAIN', ['Main', 'MAIN'])).toBe('MAIN');
  });
});
