/**
 * Reading DLP (data) policy exports into the normalised `DlpPolicy` of analysis/dlp-evaluation.ts.
 *
 * Accepted shapes (keys are matched ignoring case, as exports differ in casing):
 * - a v2 policy as the admin APIs and `Get-DlpPolicy` return it: `displayName`, `name`,
 *   `defaultConnectorsClassification`, `connectorGroups: [{classification: Confidential |
 *   General | Blocked, connectors: [{id, name, type}]}]`, `environmentType` (AllEnvironments,
 *   OnlyEnvironments, ExceptEnvironments) and `environments`;
 * - the governance API's wrapper `{policyDefinition: {…}, connectorConfigurationsDefinition:
 *   {connectorActionConfigurations: […]}}`; connector action control
 *   (`connectorActionConfigurations: [{connectorId, actionRules: [{actionId, behavior}],
 *   defaultConnectorActionRuleBehavior}]`) is also read from the policy itself or a
 *   `connectorConfigurations` object;
 * - the older form `{name, properties: {displayName, definition: {apiGroups: {hbi, lbi, blocked},
 *   defaultApiGroup, constraints}}}` (hbi = Business, lbi = Non-business), and
 *   `properties.connectorGroups`;
 * - a list of policies: a JSON array, or `{value: […]}` as list endpoints return it.
 *
 * Desktop flow modules are connectors with ids `providers/Microsoft.ProcessSimple/
 * operationGroups/DesktopFlow.<Module>`. A file that is not a policy is a JsonFileError naming the
 * JSON path and, for a misspelt classification or behaviour, the closest valid value.
 */
import path from 'node:path';
import { closest } from '../util/suggest.js';
import { normalizeConnectorId } from '../catalog/swagger.js';
import type { DlpActionControl, DlpBehavior, DlpGroup, DlpPolicy, DlpScope } from '../model/dlp-policy.js';
import { JsonFileError, readJsonFile, type FileIssue } from './json-file.js';

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A property by name, ignoring case (the exact spelling wins). */
function field(o: Obj, name: string): unknown {
  if (Object.hasOwn(o, name)) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/** The key actually used for `name` (for JSON paths in messages). */
function keyOf(o: Obj, name: string): string {
  if (Object.hasOwn(o, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(o).find((k) => k.toLowerCase() === lower) ?? name;
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined;
}

const CLASSIFICATIONS: Readonly<Record<string, DlpGroup>> = {
  confidential: 'business',
  business: 'business',
  hbi: 'business',
  general: 'nonBusiness',
  nonbusiness: 'nonBusiness',
  'non-business': 'nonBusiness',
  lbi: 'nonBusiness',
  blocked: 'blocked',
};
const CLASSIFICATION_NAMES = ['Confidential', 'General', 'Blocked'];

const MODULE_ID = /(?:^|\/)providers\/microsoft\.processsimple\/operationgroups\/desktopflow\.([^/]+)$/i;

/** A connector or module id as a policy writes it → what it classifies. */
export function policyEntryKey(id: string): { kind: 'connector' | 'module'; key: string } | undefined {
  const trimmed = id.trim().replace(/\/+$/, '');
  if (!trimmed) return undefined;
  const m = MODULE_ID.exec(trimmed);
  if (m) return { kind: 'module', key: m[1]!.toLowerCase() };
  if (/operationgroups\//i.test(trimmed)) return undefined; // other operation groups: not connectors
  return { kind: 'connector', key: normalizeConnectorId(trimmed) };
}

function jsonKey(k: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
}

class PolicyReader {
  readonly issues: FileIssue[] = [];
  constructor(readonly file: string) {}

  issue(jsonPath: string, message: string, suggestion?: string): void {
    this.issues.push({ jsonPath, message, ...(suggestion !== undefined ? { suggestion } : {}) });
  }

  classification(value: unknown, at: string): DlpGroup | undefined {
    const s = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    const g = s !== undefined ? CLASSIFICATIONS[s] : undefined;
    if (g) return g;
    this.issue(at, `unknown data group ${JSON.stringify(value)}: expected Confidential (Business), General (Non-business) or Blocked`, typeof value === 'string' ? closest(value, CLASSIFICATION_NAMES) : undefined);
    return undefined;
  }

  behavior(value: unknown, at: string): DlpBehavior | undefined {
    const s = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    if (s === 'allow' || s === 'block') return s;
    this.issue(at, `unknown action behavior ${JSON.stringify(value)}: expected Allow or Block`, typeof value === 'string' ? closest(value, ['Allow', 'Block']) : undefined);
    return undefined;
  }

  /** Adds the entries of a list of `{id, name, type}` to the policy's groups. */
  entries(list: unknown, group: DlpGroup, at: string, policy: DlpPolicy): void {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      this.issue(at, 'expected a list of connectors');
      return;
    }
    list.forEach((c, i) => {
      const id = isObj(c) ? (str(field(c, 'id')) ?? str(field(c, 'name'))) : str(c);
      if (!id) {
        this.issue(`${at}[${i}]`, 'a connector entry needs an `id`');
        return;
      }
      const entry = policyEntryKey(id);
      if (!entry) return;
      if (entry.kind === 'module') {
        policy.modules[entry.key] = group;
        policy.governsModules = true;
      } else policy.connectors[entry.key] = group;
    });
  }

  actionControl(list: unknown, at: string, policy: DlpPolicy): void {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      this.issue(at, 'expected a list of connector action configurations');
      return;
    }
    list.forEach((cfg, i) => {
      const here = `${at}[${i}]`;
      if (!isObj(cfg)) {
        this.issue(here, 'expected an object with `connectorId` and `actionRules`');
        return;
      }
      const id = str(field(cfg, 'connectorId'));
      if (!id) {
        this.issue(`${here}.connectorId`, 'a connector action configuration needs a `connectorId`');
        return;
      }
      const entry = policyEntryKey(id);
      if (!entry || entry.kind !== 'connector') return; // desktop flow module action rules: not evaluated
      const rawDefault = field(cfg, 'defaultConnectorActionRuleBehavior');
      const defaultBehavior = rawDefault === undefined || rawDefault === null || rawDefault === '' ? 'allow' : this.behavior(rawDefault, `${here}${jsonKey(keyOf(cfg, 'defaultConnectorActionRuleBehavior'))}`);
      const control: DlpActionControl = { defaultBehavior: defaultBehavior ?? 'allow', rules: {}, allowed: [] };
      const rules = field(cfg, 'actionRules');
      const rulesAt = `${here}${jsonKey(keyOf(cfg, 'actionRules'))}`;
      if (rules !== undefined && rules !== null && !Array.isArray(rules)) this.issue(rulesAt, 'expected a list of action rules');
      if (Array.isArray(rules)) {
        rules.forEach((r, j) => {
          const actionId = isObj(r) ? str(field(r, 'actionId')) : undefined;
          if (!isObj(r) || !actionId) {
            this.issue(`${rulesAt}[${j}]`, 'an action rule needs an `actionId` and a `behavior`');
            return;
          }
          const b = this.behavior(field(r, 'behavior'), `${rulesAt}[${j}]${jsonKey(keyOf(r, 'behavior'))}`);
          if (b) control.rules[actionId.toLowerCase()] = b;
          if (b === 'allow') control.allowed.push(actionId);
        });
      }
      control.allowed = [...new Set(control.allowed)].filter((a) => control.rules[a.toLowerCase()] === 'allow').sort();
      policy.actionControl[entry.key] = control;
    });
  }

  scope(type: unknown, environments: unknown, at: string): DlpScope {
    const names = this.environmentNames(environments);
    const t = typeof type === 'string' ? type.trim().toLowerCase() : '';
    if (t === '' || t === 'allenvironments' || t === 'all') return { type: 'all', environments: names };
    if (t === 'onlyenvironments' || t === 'include' || t === 'singleenvironment') return { type: 'only', environments: names };
    if (t === 'exceptenvironments' || t === 'exclude') return { type: 'except', environments: names };
    this.issue(at, `unknown environmentType ${JSON.stringify(type)}: expected AllEnvironments, OnlyEnvironments or ExceptEnvironments`, typeof type === 'string' ? closest(type, ['AllEnvironments', 'OnlyEnvironments', 'ExceptEnvironments']) : undefined);
    return { type: 'all', environments: names };
  }

  environmentNames(environments: unknown): string[] {
    if (!Array.isArray(environments)) return [];
    const out = new Set<string>();
    for (const e of environments) {
      const values = isObj(e) ? [field(e, 'name'), field(e, 'id'), field(e, 'displayName'), isObj(field(e, 'properties')) ? field(field(e, 'properties') as Obj, 'displayName') : undefined] : [e];
      for (const v of values) {
        const s = str(v);
        if (!s) continue;
        out.add(s.toLowerCase());
        const last = s.replace(/\/+$/, '').split('/').pop();
        if (last) out.add(last.toLowerCase());
      }
    }
    return [...out].sort();
  }

  /** One policy object (any accepted form) → a policy, or undefined when it is not one. */
  policy(o: Obj, at: string, index: number): DlpPolicy | undefined {
    let def: Obj = o;
    let defAt = at;
    const configs: { list: unknown; at: string }[] = [];
    const wrapper = field(o, 'policyDefinition');
    if (isObj(wrapper)) {
      def = wrapper;
      defAt = `${at}${jsonKey(keyOf(o, 'policyDefinition'))}`;
      const cd = field(o, 'connectorConfigurationsDefinition');
      if (isObj(cd)) configs.push({ list: field(cd, 'connectorActionConfigurations'), at: `${at}${jsonKey(keyOf(o, 'connectorConfigurationsDefinition'))}${jsonKey(keyOf(cd, 'connectorActionConfigurations'))}` });
    }
    const props = field(def, 'properties');
    const propsAt = `${defAt}${jsonKey(keyOf(def, 'properties'))}`;
    const inner = field(def, 'connectorGroups') === undefined && isObj(props) ? props : def;
    const innerAt = inner === def ? defAt : propsAt;
    const definition = field(inner, 'definition');
    const definitionAt = `${innerAt}${jsonKey(keyOf(inner, 'definition'))}`;

    const displayName = str(field(inner, 'displayName')) ?? str(field(def, 'displayName')) ?? (isObj(definition) ? str(field(definition, 'displayName')) : undefined);
    const id = str(field(def, 'name')) ?? str(field(inner, 'name'));
    const policy: DlpPolicy = {
      name: displayName ?? id ?? (index > 0 ? `${path.basename(this.file)} #${index + 1}` : path.basename(this.file)),
      ...(id !== undefined ? { id } : {}),
      file: this.file,
      defaultGroup: 'nonBusiness',
      connectors: {},
      modules: {},
      governsModules: false,
      actionControl: {},
      scope: { type: 'all', environments: [] },
    };

    const groups = field(inner, 'connectorGroups');
    const apiGroups = isObj(definition) ? field(definition, 'apiGroups') : field(inner, 'apiGroups');
    if (groups !== undefined) {
      const groupsAt = `${innerAt}${jsonKey(keyOf(inner, 'connectorGroups'))}`;
      if (!Array.isArray(groups)) this.issue(groupsAt, 'expected a list of connector groups');
      else {
        // Blocked last, so that a connector listed twice ends up in the stricter group.
        const order = (g: unknown): number => (isObj(g) && String(field(g, 'classification')).toLowerCase() === 'blocked' ? 1 : 0);
        groups
          .map((g, i) => ({ g, i }))
          .sort((a, b) => order(a.g) - order(b.g) || a.i - b.i)
          .forEach(({ g, i }) => {
            const here = `${groupsAt}[${i}]`;
            if (!isObj(g)) {
              this.issue(here, 'expected a connector group object');
              return;
            }
            const group = this.classification(field(g, 'classification'), `${here}${jsonKey(keyOf(g, 'classification'))}`);
            if (group) this.entries(field(g, 'connectors'), group, `${here}${jsonKey(keyOf(g, 'connectors'))}`, policy);
          });
      }
      const dflt = field(inner, 'defaultConnectorsClassification');
      if (dflt !== undefined && dflt !== null && dflt !== '') {
        const g = this.classification(dflt, `${innerAt}${jsonKey(keyOf(inner, 'defaultConnectorsClassification'))}`);
        if (g) policy.defaultGroup = g;
      }
      policy.scope = this.scope(field(inner, 'environmentType'), field(inner, 'environments'), `${innerAt}${jsonKey(keyOf(inner, 'environmentType'))}`);
    } else if (isObj(apiGroups)) {
      const base = isObj(definition) ? definition : inner;
      const baseAt = isObj(definition) ? definitionAt : innerAt;
      const groupsAt = `${baseAt}${jsonKey(keyOf(base, 'apiGroups'))}`;
      const keys = Object.keys(apiGroups).sort((a, b) => (a.toLowerCase() === 'blocked' ? 1 : 0) - (b.toLowerCase() === 'blocked' ? 1 : 0));
      for (const key of keys) {
        const g = apiGroups[key];
        const group = this.classification(key, `${groupsAt}${jsonKey(key)}`);
        if (!group || !isObj(g)) continue;
        this.entries(field(g, 'apis'), group, `${groupsAt}${jsonKey(key)}${jsonKey(keyOf(g, 'apis'))}`, policy);
      }
      const dflt = field(base, 'defaultApiGroup');
      if (dflt !== undefined && dflt !== null && dflt !== '') {
        const g = this.classification(dflt, `${baseAt}${jsonKey(keyOf(base, 'defaultApiGroup'))}`);
        if (g) policy.defaultGroup = g;
      }
      policy.scope = this.legacyScope(field(base, 'constraints'));
    } else {
      return undefined;
    }

    for (const holder of [o, def, inner, ...(isObj(definition) ? [definition] : [])]) {
      const holderAt = holder === o ? at : holder === def ? defAt : holder === inner ? innerAt : definitionAt;
      const direct = field(holder, 'connectorActionConfigurations');
      if (direct !== undefined) configs.push({ list: direct, at: `${holderAt}${jsonKey(keyOf(holder, 'connectorActionConfigurations'))}` });
      const nested = field(holder, 'connectorConfigurations');
      if (isObj(nested)) configs.push({ list: field(nested, 'connectorActionConfigurations'), at: `${holderAt}${jsonKey(keyOf(holder, 'connectorConfigurations'))}.connectorActionConfigurations` });
    }
    const seen = new Set<unknown>();
    for (const c of configs) {
      if (seen.has(c.list)) continue;
      seen.add(c.list);
      this.actionControl(c.list, c.at, policy);
    }
    return policy;
  }

  /** `constraints: {x: {type: environmentFilter, parameters: {environments, filterType: include|exclude}}}` */
  legacyScope(constraints: unknown): DlpScope {
    if (!isObj(constraints)) return { type: 'all', environments: [] };
    for (const c of Object.values(constraints)) {
      if (!isObj(c) || String(field(c, 'type')).toLowerCase() !== 'environmentfilter') continue;
      const params = field(c, 'parameters');
      if (!isObj(params)) continue;
      const filter = String(field(params, 'filterType') ?? 'include').toLowerCase();
      return { type: filter === 'exclude' ? 'except' : 'only', environments: this.environmentNames(field(params, 'environments')) };
    }
    return { type: 'all', environments: [] };
  }
}

/**
 * The policies in one parsed export. `file` is the display path used in messages and in
 * `DlpPolicy.file`. Throws a JsonFileError when the document holds no policy or a policy has
 * values flowc cannot read.
 */
export function parseDlpPolicies(json: unknown, file: string): DlpPolicy[] {
  const reader = new PolicyReader(file);
  const list: { o: unknown; at: string }[] = Array.isArray(json)
    ? json.map((o, i) => ({ o, at: `$[${i}]` }))
    : isObj(json) && Array.isArray(field(json, 'value'))
      ? (field(json, 'value') as unknown[]).map((o, i) => ({ o, at: `$${jsonKey(keyOf(json, 'value'))}[${i}]` }))
      : [{ o: json, at: '$' }];
  const policies: DlpPolicy[] = [];
  list.forEach(({ o, at }, i) => {
    const p = isObj(o) ? reader.policy(o, at, list.length > 1 ? i : 0) : undefined;
    if (p) policies.push(p);
    else reader.issue(at, 'not a DLP policy: expected `connectorGroups` (with Confidential/General/Blocked) or `apiGroups` (hbi/lbi/blocked)');
  });
  if (reader.issues.length > 0) throw new JsonFileError(file, reader.issues);
  return policies;
}

/**
 * Reads every policy file the configuration names for the target environment (absolute paths),
 * in order. Paths in messages and in `DlpPolicy.file` are relative to `baseDir` (the config's
 * folder).
 */
export function loadDlpPolicies(files: readonly string[], baseDir: string): DlpPolicy[] {
  const out: DlpPolicy[] = [];
  for (const file of files) {
    const shown = (path.relative(baseDir, file) || file).split(path.sep).join('/');
    const json = readJsonFile(file, undefined, { displayPath: shown });
    out.push(...parseDlpPolicies(json, shown));
  }
  return out;
}
