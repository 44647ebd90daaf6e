/**
 * DLP policies: reading every export shape (src/inputs/dlp-policies.ts), evaluating a flow against a policy
 * (src/analysis/dlp-evaluation.ts), and the policies reaching the rules through flowc.config.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDlpPolicies, loadDlpPolicies, policyEntryKey } from '../src/inputs/dlp-policies.js';
import { JsonFileError } from '../src/inputs/json-file.js';
import { applicablePolicies, dlpSubject, evaluateDlp, policyApplies, type DlpFinding } from '../src/analysis/dlp-evaluation.js';
import type { DlpPolicy } from '../src/model/dlp-policy.js';
import { computeFacts } from '../src/analysis/facts.js';
import { parseFlow } from '../src/syntax/parse.js';
import type { SourceDocument } from '../src/model/source.js';
import { runCli } from './helpers/cli.js';

const API = '/providers/Microsoft.PowerApps/apis/';
const MODULE = 'providers/Microsoft.ProcessSimple/operationGroups/DesktopFlow.';
const conn = (short: string) => ({ id: `${API}${short}`, name: short, type: 'Microsoft.PowerApps/apis' });
const mod = (m: string) => ({ id: `${MODULE}${m}`, name: m, type: 'Microsoft.ProcessSimple/operationGroups' });

function v2(groups: { Confidential?: object[]; General?: object[]; Blocked?: object[] }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'policy-id',
    displayName: 'Test policy',
    defaultConnectorsClassification: 'General',
    connectorGroups: (['Confidential', 'General', 'Blocked'] as const).map((c) => ({ classification: c, connectors: groups[c] ?? [] })),
    environmentType: 'AllEnvironments',
    environments: [],
    ...extra,
  };
}

function one(json: unknown): DlpPolicy {
  const ps = parseDlpPolicies(json, 'policy.json');
  expect(ps).toHaveLength(1);
  return ps[0]!;
}

function issuesOf(json: unknown): { message: string; jsonPath?: string; suggestion?: string }[] {
  try {
    parseDlpPolicies(json, 'policy.json');
  } catch (e) {
    expect(e).toBeInstanceOf(JsonFileError);
    return [...(e as JsonFileError).issues];
  }
  throw new Error('expected a JsonFileError');
}

function factsOf(text: string) {
  const doc: SourceDocument = { path: 'x.flow', absolutePath: '/x.flow', text, origin: 'file' };
  const { flow } = parseFlow(text);
  return { facts: computeFacts(doc, flow), flow };
}

function findings(policy: DlpPolicy, text: string): DlpFinding[] {
  const { facts } = factsOf(text);
  return evaluateDlp(policy, dlpSubject(facts));
}

const HEADER = `FLOW 'T'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline'
    CONNECTION News CONNECTOR 'shared_rss'
    CONNECTION Mail CONNECTOR 'shared_office365'
END FLOW
`;
const call = (ref: string, op: string) => `External.InvokeCloudConnector Connection: ${ref} OperationId: '${op}'\n`;

describe('reading DLP policy exports', () => {
  it('reads the v2 form: groups, default group, scope', () => {
    const p = one(
      v2(
        { Confidential: [conn('shared_sharepointonline'), mod('File')], General: [conn('shared_rss')], Blocked: [conn('shared_twitter'), mod('Scripting')] },
        { environmentType: 'ExceptEnvironments', environments: [{ id: '/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/ENV-1', name: 'env-1', type: 'x' }] },
      ),
    );
    expect(p.name).toBe('Test policy');
    expect(p.id).toBe('policy-id');
    expect(p.file).toBe('policy.json');
    expect(p.defaultGroup).toBe('nonBusiness');
    expect(p.connectors).toEqual({ shared_sharepointonline: 'business', shared_rss: 'nonBusiness', shared_twitter: 'blocked' });
    expect(p.modules).toEqual({ file: 'business', scripting: 'blocked' });
    expect(p.governsModules).toBe(true);
    expect(p.scope).toEqual({ type: 'except', environments: ['/providers/microsoft.businessappplatform/scopes/admin/environments/env-1', 'env-1'] });
  });

  it('matches keys and values ignoring case', () => {
    const p = one({
      DisplayName: 'Upper',
      DefaultConnectorsClassification: 'blocked',
      ConnectorGroups: [{ Classification: 'confidential', Connectors: [{ Id: `${API}SHARED_SharePointOnline` }] }],
    });
    expect(p.name).toBe('Upper');
    expect(p.defaultGroup).toBe('blocked');
    expect(p.connectors).toEqual({ shared_sharepointonline: 'business' });
    expect(p.governsModules).toBe(false);
  });

  it('reads a {value: […]} list and a plain array, naming unnamed policies after the file', () => {
    const ps = parseDlpPolicies({ value: [v2({}), { connectorGroups: [] }] }, 'dir/tenant.json');
    expect(ps.map((p) => p.name)).toEqual(['Test policy', 'tenant.json #2']);
    expect(parseDlpPolicies([v2({}), v2({})], 'x.json')).toHaveLength(2);
  });

  it('reads the governance API wrapper with connector action control', () => {
    const p = one({
      policyDefinition: v2({ Confidential: [conn('shared_sql')] }, { displayName: 'Wrapped' }),
      connectorConfigurationsDefinition: {
        connectorActionConfigurations: [
          {
            connectorId: `${API}shared_sql`,
            actionRules: [
              { actionId: 'DeleteItem_V2', behavior: 'Block' },
              { actionId: 'GetItems_V2', behavior: 'Allow' },
            ],
            defaultConnectorActionRuleBehavior: 'Block',
          },
          { connectorId: `${API}shared_sharepointonline`, actionRules: [], defaultConnectorActionRuleBehavior: '' },
        ],
        endpointConfigurations: [],
      },
    });
    expect(p.name).toBe('Wrapped');
    expect(p.actionControl['shared_sql']).toEqual({ defaultBehavior: 'block', rules: { deleteitem_v2: 'block', getitems_v2: 'allow' }, allowed: ['GetItems_V2'] });
    expect(p.actionControl['shared_sharepointonline']).toEqual({ defaultBehavior: 'allow', rules: {}, allowed: [] });
  });

  it('reads action control kept in the policy itself', () => {
    const p = one(v2({}, { connectorActionConfigurations: [{ connectorId: `${API}shared_office365`, actionRules: [{ actionId: 'SendEmailV2', behavior: 'Allow' }], defaultConnectorActionRuleBehavior: 'Block' }] }));
    expect(p.actionControl['shared_office365']?.defaultBehavior).toBe('block');
  });

  it('reads the older apiGroups form (hbi/lbi/blocked, defaultApiGroup, environment filter)', () => {
    const p = one({
      name: 'legacy-id',
      properties: {
        displayName: 'Legacy',
        definition: {
          constraints: { environmentFilter1: { type: 'environmentFilter', parameters: { environments: [{ name: 'Env-A', id: '/x/Env-A' }], filterType: 'include' } } },
          apiGroups: { hbi: { description: 'Business data only', apis: [conn('shared_office365')] }, lbi: { description: 'No business data allowed', apis: [conn('shared_rss')] }, blocked: { apis: [conn('shared_twitter')] } },
          defaultApiGroup: 'hbi',
        },
      },
    });
    expect(p.name).toBe('Legacy');
    expect(p.defaultGroup).toBe('business');
    expect(p.connectors).toEqual({ shared_office365: 'business', shared_rss: 'nonBusiness', shared_twitter: 'blocked' });
    expect(p.scope).toEqual({ type: 'only', environments: ['/x/env-a', 'env-a'] });
  });

  it('reads properties.connectorGroups (apiPolicies form)', () => {
    const p = one({ name: 'id-1', properties: { displayName: 'From properties', connectorGroups: [{ classification: 'Blocked', connectors: [conn('shared_rss')] }], defaultConnectorsClassification: 'Confidential' } });
    expect(p.name).toBe('From properties');
    expect(p.connectors).toEqual({ shared_rss: 'blocked' });
    expect(p.defaultGroup).toBe('business');
  });

  it('a connector listed in a group and in Blocked is blocked', () => {
    const p = one({ connectorGroups: [{ classification: 'Blocked', connectors: [conn('shared_rss')] }, { classification: 'General', connectors: [conn('shared_rss')] }] });
    expect(p.connectors['shared_rss']).toBe('blocked');
  });

  it('says what is wrong, where, and the closest valid value', () => {
    expect(issuesOf({ hello: 1 })).toEqual([{ jsonPath: '$', message: expect.stringContaining('not a DLP policy') }]);
    const misspelt = issuesOf({ connectorGroups: [{ classification: 'Confidental', connectors: [] }] });
    expect(misspelt).toEqual([{ jsonPath: '$.connectorGroups[0].classification', message: expect.stringContaining('"Confidental"'), suggestion: 'Confidential' }]);
    const behavior = issuesOf({
      policyDefinition: v2({}),
      connectorConfigurationsDefinition: { connectorActionConfigurations: [{ connectorId: `${API}shared_sql`, actionRules: [{ actionId: 'X', behavior: 'Blok' }] }] },
    });
    expect(behavior).toEqual([
      { jsonPath: '$.connectorConfigurationsDefinition.connectorActionConfigurations[0].actionRules[0].behavior', message: expect.stringContaining('Allow or Block'), suggestion: 'Block' },
    ]);
    expect(issuesOf({ connectorGroups: [{ classification: 'General', connectors: [{ name: '' }] }] })[0]?.jsonPath).toBe('$.connectorGroups[0].connectors[0]');
    expect(issuesOf({ connectorGroups: [], environmentType: 'OnlyEnvironment' })[0]?.suggestion).toBe('OnlyEnvironments');
  });

  it('never throws anything but a JsonFileError, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (j) => {
        try {
          parseDlpPolicies(j, 'p.json');
        } catch (e) {
          if (!(e instanceof JsonFileError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('maps policy ids to connectors and desktop flow modules', () => {
    expect(policyEntryKey(`${API}shared_RSS/`)).toEqual({ kind: 'connector', key: 'shared_rss' });
    expect(policyEntryKey('shared_rss')).toEqual({ kind: 'connector', key: 'shared_rss' });
    expect(policyEntryKey(`/${MODULE}Scripting`)).toEqual({ kind: 'module', key: 'scripting' });
    expect(policyEntryKey('providers/Microsoft.ProcessSimple/operationGroups/Other.Thing')).toBeUndefined();
  });
});

describe('loading policy files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowc-dlp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads files in order, naming them relative to the config folder', () => {
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(v2({}, { displayName: 'A' })));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ value: [v2({}, { displayName: 'B1' }), v2({}, { displayName: 'B2' })] }));
    const ps = loadDlpPolicies([path.join(dir, 'a.json'), path.join(dir, 'b.json')], dir);
    expect(ps.map((p) => [p.name, p.file])).toEqual([
      ['A', 'a.json'],
      ['B1', 'b.json'],
      ['B2', 'b.json'],
    ]);
  });

  it('reports a file that is not JSON with its line and column', () => {
    writeFileSync(path.join(dir, 'bad.json'), '{\n  "connectorGroups": [,]\n}');
    expect(() => loadDlpPolicies([path.join(dir, 'bad.json')], dir)).toThrowError(/bad\.json:2:\d+: invalid JSON/);
  });

  it('a bad policy file is a usage error (exit 2) naming the file and the JSON path', async () => {
    const project = mkdtempSync(path.join(dir, 'project-'));
    writeFileSync(path.join(project, 'flowc.config.json'), JSON.stringify({ dlpPolicies: ['policy.json'] }));
    writeFileSync(path.join(project, 'policy.json'), JSON.stringify({ connectorGroups: [{ classification: 'Business data', connectors: [] }] }));
    writeFileSync(path.join(project, 'a.flow'), "SET X TO 1\n");
    const { code, err } = await runCli(['check'], { cwd: project });
    expect(code).toBe(2);
    expect(err).toContain('policy.json: $.connectorGroups[0].classification: unknown data group "Business data"');
  });
});

describe('evaluating a flow against a policy', () => {
  it('blocked connectors, listed or by the default group; disabled actions do not count', () => {
    const p = one(v2({ Confidential: [conn('shared_sharepointonline')], Blocked: [conn('shared_rss')] }, { defaultConnectorsClassification: 'Blocked' }));
    const f = findings(p, HEADER + call('Docs', 'GetItems') + call('News', 'ListFeedItems') + call('Mail', 'SendEmailV2') + `DISABLE ${call('News', 'ListFeedItems')}`);
    expect(f.map((x) => (x.kind === 'blockedConnector' ? [x.connector, x.byDefault, x.actions.length] : x.kind))).toEqual([
      ['shared_rss', false, 1],
      ['shared_office365', true, 1],
    ]);
  });

  it('mixed groups name the first connector and the first of the other group, in source order', () => {
    const p = one(v2({ Confidential: [conn('shared_sharepointonline'), conn('shared_office365')] }));
    const f = findings(p, HEADER + call('Mail', 'SendEmailV2') + call('Docs', 'GetItems') + call('News', 'ListFeedItems'));
    expect(f).toHaveLength(1);
    const m = f[0]!;
    expect(m.kind === 'mixedConnectors' && [m.first.name, m.first.group, m.second.name, m.second.group, m.second.byDefault]).toEqual(['shared_office365', 'business', 'shared_rss', 'nonBusiness', true]);
  });

  it('action control: listed blocks, default block, allowed ones pass; blocked connectors are not checked twice', () => {
    const p = one(
      v2(
        { Confidential: [conn('shared_sharepointonline'), conn('shared_office365')], Blocked: [conn('shared_rss')] },
        {
          connectorActionConfigurations: [
            { connectorId: `${API}shared_sharepointonline`, actionRules: [{ actionId: 'deleteitem', behavior: 'Block' }], defaultConnectorActionRuleBehavior: 'Allow' },
            { connectorId: `${API}shared_office365`, actionRules: [{ actionId: 'SendEmailV2', behavior: 'Allow' }], defaultConnectorActionRuleBehavior: 'Block' },
            { connectorId: `${API}shared_rss`, actionRules: [], defaultConnectorActionRuleBehavior: 'Block' },
          ],
        },
      ),
    );
    const f = findings(p, HEADER + call('Docs', 'DeleteItem') + call('Docs', 'GetItems') + call('Mail', 'SendEmailV2') + call('Mail', 'ForwardEmail_V2') + call('News', 'ListFeedItems'));
    expect(f.map((x) => (x.kind === 'blockedAction' ? `${x.connector}.${x.operationId}${x.byDefault ? ' (default)' : ''}` : x.kind))).toEqual([
      'blockedConnector',
      'shared_sharepointonline.DeleteItem',
      'shared_office365.ForwardEmail_V2 (default)',
    ]);
  });

  const scriptFlow = `FLOW 'T'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline'
END FLOW
Text.ChangeCase Text: $'''a''' NewCase: Text.CaseOption.UpperCase Result=> Upper
File.ReadTextFromFile.ReadText File: $'''C:\\a.txt''' Encoding: File.TextFileEncoding.UTF8 Content=> Content
Scripting.RunPowershellScript.RunPowershellScript Script: Content ScriptOutput=> Out
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems'
External.RunFlow FlowId: '9d3c1b2a-8e7f-4a6b-9c5d-1e2f3a4b5c6d'
`;

  it('modules: blocked (listed or by default), never unmanageable ones; RunFlow is the Runflow module', () => {
    const p = one(v2({ Confidential: [conn('shared_sharepointonline'), mod('File')], Blocked: [mod('Scripting')] }, { defaultConnectorsClassification: 'Blocked' }));
    const f = findings(p, scriptFlow);
    expect(f.map((x) => (x.kind === 'blockedModule' ? `${x.module.module}${x.byDefault ? ' (default)' : ''} x${x.module.count}` : x.kind))).toEqual(['Scripting x1', 'Runflow (default) x1']);
  });

  it('modules are not checked by a policy that classifies none', () => {
    const p = one(v2({ Confidential: [conn('shared_sharepointonline')] }, { defaultConnectorsClassification: 'Blocked' }));
    expect(findings(p, scriptFlow)).toEqual([]);
  });

  it('a module mixing groups with a connector is one FC404; with mixed connectors only module-vs-module conflicts add one', () => {
    const p = one(v2({ Confidential: [conn('shared_sharepointonline')], General: [mod('File'), mod('Scripting'), mod('Runflow')] }));
    const f = findings(p, scriptFlow);
    expect(f.map((x) => (x.kind === 'mixedModule' ? `${x.module.name}/${x.module.group} vs ${x.other.name}/${x.other.group}` : x.kind))).toEqual(['File/nonBusiness vs shared_sharepointonline/business']);

    const q = one(v2({ Confidential: [conn('shared_sharepointonline'), mod('File'), mod('Scripting')], General: [conn('shared_rss')] }));
    const mixedConnectors = HEADER + call('Docs', 'GetItems') + call('News', 'ListFeedItems') + "File.ReadTextFromFile.ReadText File: $'''C:\\a.txt''' Content=> C\n";
    expect(findings(q, mixedConnectors).map((x) => x.kind)).toEqual(['mixedConnectors']);
    const r = one(v2({ Confidential: [conn('shared_sharepointonline'), mod('File')], General: [conn('shared_rss'), mod('Scripting')] }));
    const both = mixedConnectors + "Scripting.RunPowershellScript.RunPowershellScript Script: C ScriptOutput=> O\n";
    expect(findings(r, both).map((x) => (x.kind === 'mixedModule' ? `${x.module.name} vs ${x.other.name}` : x.kind))).toEqual(['mixedConnectors', 'File vs Scripting']);
  });

  it('applies policies by environment', () => {
    const all = one(v2({}));
    const except = one(v2({}, { environmentType: 'ExceptEnvironments', environments: [{ name: 'prod' }] }));
    const only = one(v2({}, { environmentType: 'OnlyEnvironments', environments: [{ name: 'test' }] }));
    expect([policyApplies(all, 'prod'), policyApplies(except, 'prod'), policyApplies(except, 'dev'), policyApplies(only, 'prod'), policyApplies(except, undefined)]).toEqual([true, false, true, true, true]);
    expect(applicablePolicies([all, except, only], 'PROD')).toEqual([all, only]);
    expect(applicablePolicies(undefined, 'prod')).toEqual([]);
  });
});
