/**
 * The JSON Schemas in schemas/: generated types are not stale, every schema compiles with ajv in
 * strict mode and documents every property, the real desktop flow records of the corpus validate
 * against desktop-flow-v2 once mapped to its shape, and example documents of every other schema
 * validate (or fail) as they should.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { XMLParser } from 'fast-xml-parser';
import * as yauzl from 'yauzl';
import { beforeAll, describe, expect, it } from 'vitest';
import { findStale, generateTypes } from '../scripts/gen-types.js';
import type { DesktopFlowV2Document } from '../src/generated/desktop-flow-v2.js';
import { getValidator } from '../src/inputs/schema-registry.js';
import { validateAgainst } from '../src/inputs/schema-issues.js';
import { corpusDir } from './helpers/corpus.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMAS = path.join(ROOT, 'schemas');

/** Our schemas (connector-catalog.schema.json belongs to the catalog and is only compiled here). */
const OWN = [
  'access',
  'check-output',
  'connections',
  'deployment-settings',
  'desktop-flow-v2',
  'diff',
  'flowc.config',
  'report',
] as const;

function schemaFiles(): string[] {
  return readdirSync(SCHEMAS)
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
}

describe('generated types', () => {
  it('are up to date with the schemas (run `npx tsx scripts/gen-types.ts`)', async () => {
    const { stale, orphaned } = await findStale();
    expect(stale).toEqual([]);
    expect(orphaned).toEqual([]);
  });

  it('are generated deterministically, with the banner', async () => {
    const a = await generateTypes();
    const b = await generateTypes();
    expect([...a.entries()]).toEqual([...b.entries()]);
    for (const name of OWN) expect(a.has(`${name}.ts`)).toBe(true);
    for (const content of a.values()) {
      expect(content.startsWith('/* generated — do not edit.')).toBe(true);
      expect(content).not.toContain('\r');
    }
    const v2 = a.get('desktop-flow-v2.ts')!;
    expect(v2).toContain('export interface DesktopFlowV2Document');
    expect(a.get('flowc.config.ts')).toContain('export interface FlowcConfig');
  });
});

describe('schemas', () => {
  it.each(schemaFiles())('%s compiles with ajv in strict mode', (file) => {
    const schema = JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')) as object;
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it.each(OWN)('%s: draft-07, a title, every property described, additionalProperties explicit', (name) => {
    const schema = JSON.parse(readFileSync(path.join(SCHEMAS, `${name}.schema.json`), 'utf8')) as Record<string, unknown>;
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(typeof schema['title']).toBe('string');
    const definitions = (schema['definitions'] ?? {}) as Record<string, Record<string, unknown>>;
    const problems: string[] = [];
    const describedVia = (s: Record<string, unknown>): boolean => {
      if (typeof s['description'] === 'string') return true;
      const ref = s['$ref'];
      if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
        const target = definitions[ref.slice('#/definitions/'.length)];
        return !!target && typeof target['description'] === 'string';
      }
      return false;
    };
    const walk = (s: unknown, where: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o['type'] === 'object' && !('additionalProperties' in o)) problems.push(`${where}: additionalProperties not stated`);
      for (const key of ['properties', 'patternProperties'] as const) {
        const props = o[key] as Record<string, Record<string, unknown>> | undefined;
        if (!props) continue;
        for (const [p, sub] of Object.entries(props)) {
          if (!describedVia(sub)) problems.push(`${where}/${key}/${p}: no description`);
          walk(sub, `${where}/${key}/${p}`);
        }
      }
      for (const key of ['items', 'additionalProperties', 'propertyNames'] as const) walk(o[key], `${where}/${key}`);
      for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
        const list = o[key];
        if (Array.isArray(list)) list.forEach((sub, i) => walk(sub, `${where}/${key}/${i}`));
      }
      for (const [d, sub] of Object.entries((o['definitions'] ?? {}) as Record<string, unknown>)) {
        if (!describedVia(sub as Record<string, unknown>)) problems.push(`${where}/definitions/${d}: no description`);
        walk(sub, `${where}/definitions/${d}`);
      }
    };
    walk(schema, '#');
    expect(problems).toEqual([]);
  });

  it('are compiled once by the registry', () => {
    expect(getValidator('flowc.config')).toBe(getValidator('flowc.config'));
  });
});

// ---------------------------------------------------------------------------------------------
// Real records

async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.set(entry.fileName.replace(/\\/g, '/'), Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  zip.close();
  return entries;
}

interface RealFlow {
  solution: string;
  workflow: Record<string, unknown>;
  document: DesktopFlowV2Document;
}

const text = (b: Buffer | undefined): string => (b ? b.toString('utf8').replace(/^\uFEFF/, '') : '');
const field = (w: Record<string, unknown>, key: string): string => {
  const v = w[key];
  return v === undefined || v === null ? '' : String(v);
};

/** Maps one real `<Workflow>` (and its manifest binary) to the v2 document shape flowc emits. */
function toDocument(workflow: Record<string, unknown>, manifest: Record<string, unknown>, solution: string): DesktopFlowV2Document {
  const json = (key: string): unknown => JSON.parse(field(workflow, key));
  const id = String(workflow['@_WorkflowId']).replace(/[{}]/g, '').toLowerCase();
  return {
    name: String(workflow['@_Name']),
    workflowId: id,
    category: Number(field(workflow, 'Category')) as 6,
    uiFlowType: Number(field(workflow, 'UIFlowType')) as 2,
    schemaVersion: field(workflow, 'SchemaVersion'),
    definition: json('Definition') as string,
    connectionReferences: json('ConnectionReferences') as DesktopFlowV2Document['connectionReferences'],
    metadata: json('Metadata') as DesktopFlowV2Document['metadata'],
    inputs: json('Inputs') as DesktopFlowV2Document['inputs'],
    outputs: json('Outputs') as DesktopFlowV2Document['outputs'],
    dependencies: json('Dependencies') as DesktopFlowV2Document['dependencies'],
    manifest: manifest as unknown as DesktopFlowV2Document['manifest'],
    flowc: {
      owner: null,
      coOwners: [],
      users: [],
      runs: ['CONSOLE'],
      source: `${solution}#${id}`,
      schema: 'V2',
      flowcVersion: '0.1.0',
    },
  };
}

async function readRealFlows(): Promise<RealFlow[]> {
  const zips = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.zip'))
    .sort();
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    isArray: (name) => name === 'Workflow',
  });
  const flows: RealFlow[] = [];
  for (const zipName of zips) {
    const entries = await readZip(path.join(corpusDir, zipName));
    // Manifest per workflow id, from desktopflowbinaries/<id>/desktopflowbinary.xml + data/ManifestFile_<id>.json.
    const manifests = new Map<string, Record<string, unknown>>();
    for (const [name, content] of entries) {
      const m = /^desktopflowbinaries\/([^/]+)\/desktopflowbinary\.xml$/.exec(name);
      if (!m) continue;
      const bin = (parser.parse(text(content)) as { desktopflowbinary: Record<string, unknown> }).desktopflowbinary;
      if (field(bin, 'type') !== 'ManifestFile') continue;
      const workflowId = String((bin['process'] as Record<string, unknown>)['workflowid']).toLowerCase();
      const data = entries.get(`desktopflowbinaries/${m[1]}/data/ManifestFile_${m[1]}.json`);
      manifests.set(workflowId, JSON.parse(text(data)) as Record<string, unknown>);
    }
    const xml = parser.parse(text(entries.get('customizations.xml'))) as {
      ImportExportXml: { Workflows: { Workflow: Record<string, unknown>[] } };
    };
    for (const workflow of xml.ImportExportXml.Workflows.Workflow) {
      if (field(workflow, 'Category') !== '6') continue;
      const id = String(workflow['@_WorkflowId']).replace(/[{}]/g, '').toLowerCase();
      const manifest = manifests.get(id);
      if (!manifest) throw new Error(`${zipName}: no manifest for ${id}`);
      flows.push({ solution: zipName, workflow, document: toDocument(workflow, manifest, zipName) });
    }
  }
  return flows;
}

describe('real desktop flow records', () => {
  let flows: RealFlow[] = [];
  beforeAll(async () => {
    flows = await readRealFlows();
  });

  it('are all found (23 flows in the two PADFramework solutions)', () => {
    expect(flows.length).toBe(23);
  });

  it('validate against desktop-flow-v2 once mapped to its shape', () => {
    const failures: string[] = [];
    for (const f of flows) {
      const issues = validateAgainst('desktop-flow-v2', f.document);
      for (const i of issues) failures.push(`${f.solution} ${f.document.name}: ${i.jsonPath}: ${i.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('hold what the schema documents', () => {
    for (const { document: d } of flows) {
      expect(d.schemaVersion).toBe('2022.07');
      expect(d.category).toBe(6);
      expect(d.uiFlowType).toBe(2);
      expect(d.metadata.schemaVersion).toBe('ROBIN_20211012');
      expect(Object.keys(d.dependencies).sort()).toEqual(['childFlows', 'environmentVariables', 'requiredBinaries', 'workQueues']);
      for (const r of d.connectionReferences) {
        expect(Object.keys(r).sort()).toEqual(
          [
            'api',
            'connectionDisplayName',
            'connectionReferenceLogicalName',
            'displayName',
            'isDisabled',
            'isEmbedded',
            'name',
            'ownerId',
            'padInternalId',
          ].sort(),
        );
      }
      // The manifest's connector references are exactly the record's connectors.
      const fromRefs = [...new Set(d.connectionReferences.map((r) => r.api.name))].sort();
      expect(d.manifest.ConnectorReferences.map((c) => c.ConnectorId).sort()).toEqual(fromRefs);
    }
    const withConnectors = flows.filter((f) => f.document.connectionReferences.length > 0);
    expect(withConnectors.length).toBeGreaterThan(0);
    for (const f of withConnectors) expect(f.document.metadata.containsActiveConnections).toBe(true);
  });

  it('are rejected once broken', () => {
    const base = flows.find((f) => f.document.connectionReferences.length > 0)!.document;
    const broken = (change: (d: Record<string, unknown>) => void): string[] => {
      const d = structuredClone(base) as unknown as Record<string, unknown>;
      change(d);
      return validateAgainst('desktop-flow-v2', d).map((i) => `${i.jsonPath}: ${i.message}`);
    };
    expect(broken((d) => (d['category'] = 5))).toEqual(['$.category: must be 6, not 5']);
    expect(broken((d) => (d['extra'] = 1))).toEqual(['$.extra: unknown property "extra"']);
    expect(broken((d) => delete d['flowc'])).toEqual(['$: missing required property "flowc"']);
    expect(
      broken((d) => {
        (d['connectionReferences'] as Record<string, unknown>[])[0]!['padInternalId'] = 'not-a-guid';
      }),
    ).toEqual(['$.connectionReferences[0].padInternalId: "not-a-guid" does not match ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$']);
    expect(broken((d) => ((d['flowc'] as Record<string, unknown>)['runs'] = ['CLOUD']))[0]).toContain('$.flowc.runs[0]');
  });
});

// ---------------------------------------------------------------------------------------------
// Examples of the other documents

describe('flowc.config examples', () => {
  const valid = [
    {},
    {
      $schema: './node_modules/flowc/schemas/flowc.config.schema.json',
      include: ['flows/**/*.flow', 'solutions/*.zip'],
      exclude: ['flows/archive/**'],
      rules: { FC006: 'off', FC307: 'error', FC110: 'info', FC108: 'warning' },
      connectors: ['connectors/contoso.swagger.json'],
      environments: {
        dev: { deploymentSettings: 'deploymentsettings.dev.json' },
        prod: {
          deploymentSettings: 'deploymentsettings.prod.json',
          dlpPolicies: ['policies/prod.json'],
          ewsPolicy: { enabled: true, allowedUserAgents: ['PowerAutomateLocal/*', 'PowerAutomateCloud/*'] },
        },
      },
      environment: 'prod',
      dlpPolicies: ['policies/tenant.json'],
      ewsPolicy: { enabled: false },
      connections: 'connections.json',
      reportUnusedSuppressions: 'error',
    },
  ];
  it.each(valid.map((v, i) => [i, v] as const))('valid example %i', (_i, config) => {
    expect(validateAgainst('flowc.config', config)).toEqual([]);
  });

  const invalid: [string, unknown, string][] = [
    ['misspelt key', { rulez: {} }, '$.rulez: unknown property "rulez" → rules'],
    ['bad severity', { rules: { FC006: 'warn' } }, '$.rules.FC006: "warn" is not one of "off", "info", "warning", "error" → warning'],
    ['bad rule code', { rules: { FC06: 'off' } }, '$.rules.FC06: invalid key "FC06": keys here must match ^FC[0-9]{3}$, ^[a-z][a-z0-9]*(-[a-z0-9]+)+$'],
    ['include not an array', { include: '**/*.flow' }, '$.include: must be array, not string'],
    ['bad environment name', { environments: { 'my env': {} } }, '$.environments["my env"]: invalid name "my env": it must match ^[A-Za-z0-9][A-Za-z0-9._-]*$'],
    [
      'unknown environment key',
      { environments: { prod: { dlpPolicy: ['x.json'] } } },
      '$.environments.prod.dlpPolicy: unknown property "dlpPolicy" → dlpPolicies',
    ],
    ['ews policy without enabled', { ewsPolicy: { allowedUserAgents: [] } }, '$.ewsPolicy: missing required property "enabled"'],
    [
      'unused suppressions severity',
      { reportUnusedSuppressions: 'info' },
      '$.reportUnusedSuppressions: "info" is not one of "off", "warning", "error"',
    ],
  ];
  it.each(invalid)('invalid: %s', (_what, config, expected) => {
    const issues = validateAgainst('flowc.config', config).map(
      (i) => `${i.jsonPath}: ${i.message}${i.suggestion ? ` → ${i.suggestion}` : ''}`,
    );
    expect(issues).toEqual([expected]);
  });
});

describe('other documents', () => {
  it('connections inventory', () => {
    const inventory = {
      version: 1,
      connections: [
        {
          id: 'f4bd564681f14b7380d63735dd03d0a9',
          connector: 'shared_sharepointonline',
          displayName: 'alice@contoso.com',
          owner: 'alice@contoso.com',
          email: 'alice@contoso.com',
          status: 'Connected',
        },
        {
          id: 'b5f1…',
          connector: '/providers/Microsoft.PowerApps/apis/shared_office365',
          owner: 'bob@contoso.com',
          email: 'shared-mailbox@contoso.com',
          status: 'Error',
          sharedWith: ['carol@contoso.com'],
        },
      ],
    };
    expect(validateAgainst('connections', inventory)).toEqual([]);
    const bad = { version: 2, connections: [{ id: 'x', connector: 'shared_x', owner: 'a@b.c', status: 'Broken' }] };
    expect(validateAgainst('connections', bad).map((i) => i.jsonPath)).toEqual(['$.version', '$.connections[0].status']);
  });

  it('deployment settings (pac format)', () => {
    const settings = {
      EnvironmentVariables: [{ SchemaName: 'def_ConfigPath', Value: '' }],
      ConnectionReferences: [
        {
          LogicalName: 'def_PADFramework_SharePoint',
          ConnectionId: '',
          ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_sharepointonline',
        },
      ],
    };
    expect(validateAgainst('deployment-settings', settings)).toEqual([]);
    expect(validateAgainst('deployment-settings', { EnvironmentVariables: [] })[0]?.message).toBe(
      'missing required property "ConnectionReferences"',
    );
  });

  it('check output', () => {
    const output = {
      version: 1,
      diagnostics: [
        {
          file: 'flows/invoice.flow',
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 20,
          rule: 'FC302',
          severity: 'error',
          message: 'connection reference Docs is not embedded',
          help: 'mark it EMBEDDED',
          related: [{ file: 'flows/invoice.flow', line: 1, column: 1, endLine: 1, endColumn: 5, message: 'shared here' }],
        },
      ],
      summary: { files: 1, errors: 1, warnings: 0, infos: 0 },
    };
    expect(validateAgainst('check-output', output)).toEqual([]);
    const bad = structuredClone(output) as { diagnostics: Record<string, unknown>[] };
    bad.diagnostics[0]!['line'] = 0;
    bad.diagnostics[0]!['severity'] = 'hint';
    expect(validateAgainst('check-output', bad).map((i) => i.jsonPath).sort()).toEqual(['$.diagnostics[0].line', '$.diagnostics[0].severity']);
  });

  it('report', () => {
    const report = {
      version: 1,
      environment: 'prod',
      flows: [
        {
          name: 'PADFramework: LoggerCloudConnectors',
          file: 'solutions/PADFramework.zip',
          schema: 'V2',
          owner: null,
          coOwners: [],
          users: [],
          runs: ['CONSOLE'],
          connectors: [
            { id: 'shared_sharepointonline', operations: ['PostItem'], connectionReferences: ['def_PADFramework_SharePoint'] },
          ],
          connectionReferences: [
            { logicalName: 'def_PADFramework_SharePoint', connector: 'shared_sharepointonline', embedded: false, owner: null },
          ],
          childFlows: [{ id: 'a261fa2e-fce6-49c8-909a-a94012906030', name: 'PADFramework: ExcelCloser' }],
          licence: [{ licence: 'attended-rpa', reason: 'uses cloud connector actions', connectors: ['shared_sharepointonline'] }],
          dlp: [
            { policy: 'Tenant default', verdict: 'allowed', message: 'all connectors are Business' },
            { policy: 'Strict', verdict: 'blocked', rule: 'FC401', message: 'SharePoint is blocked', connectors: ['shared_sharepointonline'] },
          ],
        },
      ],
      connectors: [
        { id: 'shared_sharepointonline', displayName: 'SharePoint', tier: 'Standard', flows: ['PADFramework: LoggerCloudConnectors'], operations: { PostItem: 2 } },
      ],
      totals: {
        flows: 1,
        connectorActions: 2,
        connectors: [{ id: 'shared_sharepointonline', flows: 1, operations: 1, actions: 2 }],
        owners: [{ owner: null, flows: 1, connectors: ['shared_sharepointonline'], connectorActions: 2 }],
        connectionReferences: [
          { logicalName: 'def_PADFramework_SharePoint', connector: 'shared_sharepointonline', flows: 1, embeddedIn: 0, actions: 2 },
        ],
      },
    };
    expect(validateAgainst('report', report)).toEqual([]);
    const bad = structuredClone(report) as { flows: Record<string, unknown>[] };
    delete bad.flows[0]!['owner'];
    expect(validateAgainst('report', bad).map((i) => i.message)).toEqual(['missing required property "owner"']);
  });

  it('access', () => {
    const access = {
      version: 1,
      connections: 'connections.json',
      flows: [
        {
          name: 'Invoice upload',
          file: 'flows/invoice.flow',
          schema: 'V2',
          owner: 'alice@contoso.com',
          runs: ['CONSOLE', 'ATTENDED'],
          principals: [
            {
              email: 'carol@contoso.com',
              role: 'user',
              runModes: [
                { mode: 'CONSOLE', verdict: 'allowed', allowed: true, declared: true, reason: 'run-only users can run a shared flow from the console' },
                { mode: 'ATTENDED', verdict: 'notAllowed', allowed: false, declared: true, reason: 'run-only users can only perform attended, console initiated runs' },
                { mode: 'UNATTENDED', verdict: 'notAllowed', allowed: false, declared: false, reason: 'run-only users can only perform attended, console initiated runs' },
              ],
              bringOwnConnection: ['contoso_Docs'],
              bringOwnConnectionReason: 'run-only users bring their own connection for every connection reference, even embedded ones: contoso_Docs',
              byocDialog: { shown: true, reasons: ['carol@contoso.com has no valid connection for shared_sharepointonline'] },
              defaultConnections: [{ connectionReference: 'contoso_Docs', connector: 'shared_sharepointonline', connection: null }],
            },
          ],
        },
        {
          name: 'Other',
          file: 'flows/other.flow',
          schema: 'V1',
          owner: null,
          runs: ['CONSOLE'],
          principals: [],
          notShared: { email: 'dave@contoso.com', message: "flow 'Other' is not shared with dave@contoso.com" },
        },
      ],
    };
    expect(validateAgainst('access', access)).toEqual([]);
    const bad = structuredClone(access) as { flows: { principals: Record<string, unknown>[] }[] };
    bad.flows[0]!.principals[0]!['role'] = 'coowner';
    expect(validateAgainst('access', bad).map((i) => [i.jsonPath, i.suggestion])).toEqual([['$.flows[0].principals[0].role', 'coOwner']]);
  });
});
