/**
 * flowc.config.json: lookup upwards, validation errors with JSON path and "did you mean", JSON
 * syntax errors with line and column, rule codes, environments, files, path resolution.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  defaultConfig,
  environmentSettings,
  findConfig,
  loadConfig,
  resolveConfig,
  type LoadConfigOptions,
} from '../src/inputs/config.js';
import { JsonFileError, readJsonFile } from '../src/inputs/json-file.js';
import { findJsonSyntaxError } from '../src/inputs/json-text.js';

let root: string;
beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'flowc-config-')));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
/** Writes `flowc.config.json` (text or JSON value) in a fresh folder and returns its path. */
function configFile(content: unknown, extraFiles: Record<string, string> = {}): string {
  const dir = path.join(root, `p${++counter}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(extraFiles)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const file = path.join(dir, 'flowc.config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function configError(file: string, options?: LoadConfigOptions | string[]): ConfigError {
  try {
    loadConfig(file, options);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toBeInstanceOf(JsonFileError);
    return err as ConfigError;
  }
  throw new Error(`expected ${file} to be rejected`);
}

const KNOWN = ['FC001', 'FC002', 'FC005', 'FC006', 'FC007', 'FC108', 'FC301', 'FC302', 'FC307'];

describe('loadConfig: schema errors', () => {
  it('a misspelt key names its path and the closest valid key', () => {
    const file = configFile({ includes: ['**/*.flow'] });
    const err = configError(file);
    expect(err.file).toBe(file);
    expect(err.jsonPath).toBe('$.includes');
    expect(err.suggestion).toBe('include');
    expect(err.message).toBe(`${file}: $.includes: unknown property "includes" (did you mean "include"?)`);
  });

  it('a misspelt nested key', () => {
    const err = configError(configFile({ environments: { prod: { deploymentSetting: 'x.json' } } }));
    expect(err.jsonPath).toBe('$.environments.prod.deploymentSetting');
    expect(err.suggestion).toBe('deploymentSettings');
  });

  it('a bad severity suggests the closest one', () => {
    const err = configError(configFile({ rules: { FC006: 'warn' } }));
    expect(err.jsonPath).toBe('$.rules.FC006');
    expect(err.detail).toBe('"warn" is not one of "off", "info", "warning", "error"');
    expect(err.suggestion).toBe('warning');
    const err2 = configError(configFile({ rules: { FC006: 'eror' } }));
    expect(err2.suggestion).toBe('error');
  });

  it('reports every problem, one line each', () => {
    const file = configFile({ rulez: {}, include: 'x', reportUnusedSuppressions: 'warn' });
    const err = configError(file);
    expect(err.issues.map((i) => i.jsonPath).sort()).toEqual(['$.include', '$.reportUnusedSuppressions', '$.rulez']);
    expect(err.message.split('\n')).toHaveLength(3);
  });
});

describe('loadConfig: JSON syntax errors', () => {
  it('a missing comma is reported at its line and column', () => {
    const file = configFile('{\n  "include": ["**/*.flow"]\n  "rules": {}\n}\n');
    const err = configError(file);
    expect(err.line).toBe(2);
    expect(err.column).toBe(27);
    expect(err.message).toBe(`${file}:2:27: invalid JSON: missing \`,\` after the property value`);
  });

  it('a trailing comma', () => {
    const err = configError(configFile('{\n  "rules": {\n    "FC006": "off",\n  }\n}'));
    expect([err.line, err.column]).toEqual([4, 3]);
    expect(err.detail).toBe('invalid JSON: trailing comma before `}`');
  });

  it('comments, single quotes, bare words, empty file', () => {
    expect(configError(configFile('// config\n{}')).detail).toBe('invalid JSON: comments are not allowed in JSON');
    expect(configError(configFile("{'rules': {}}")).detail).toBe('invalid JSON: property names must be in double quotes');
    const bare = configError(configFile('{\n  "rules": {\n    "FC006": off\n  }\n}'));
    expect([bare.line, bare.column, bare.detail]).toEqual([3, 14, 'invalid JSON: expected a value, found `off`']);
    expect(configError(configFile('')).detail).toBe('invalid JSON: the file is empty');
  });

  it('a byte order mark is fine', () => {
    expect(loadConfig(configFile('\uFEFF{"rules": {"FC006": "off"}}')).rules).toEqual({ FC006: 'off' });
  });

  it('the syntax checker agrees with JSON.parse on valid JSON', () => {
    for (const t of ['{}', '[]', '0', '-1.5e+3', '"a\\u00e9\\n"', '{"a": [true, false, null, {"b": []}]}', ' \n{ "a" : 1 } \n']) {
      expect(findJsonSyntaxError(t)).toBeUndefined();
      expect(() => JSON.parse(t)).not.toThrow();
    }
  });
});

describe('loadConfig: rule codes', () => {
  it('an unknown rule code gets the closest known code', () => {
    const err = configError(configFile({ rules: { FC060: 'off' } }), { knownRuleCodes: KNOWN });
    expect(err.jsonPath).toBe('$.rules.FC060');
    expect(err.detail).toBe('unknown rule code "FC060"');
    expect(err.suggestion).toBe('FC006');
    // adjacent digits swapped
    expect(configError(configFile({ rules: { FC320: 'off' } }), KNOWN).suggestion).toBe('FC302');
  });

  it('an unknown code far from any known one gets no suggestion', () => {
    const err = configError(configFile({ rules: { FC999: 'off' } }), KNOWN);
    expect(err.detail).toBe('unknown rule code "FC999"');
    expect(err.suggestion).toBeUndefined();
  });

  it('a code that is not FCnnn', () => {
    expect(configError(configFile({ rules: { FC06: 'off' } }), KNOWN).suggestion).toBe('FC006');
    const lower = configError(configFile({ rules: { fc302: 'off' } }));
    expect(lower.detail).toBe('invalid rule code "fc302"');
    expect(lower.suggestion).toBe('FC302');
  });

  it('rules by name, as in suppression comments and `flowc explain`', () => {
    const names = { knownRuleCodes: KNOWN, ruleNames: { 'unused-variable': 'FC006', 'cloud-run-requires-v2': 'FC301' } };
    expect(loadConfig(configFile({ rules: { 'unused-variable': 'off', FC302: 'warning' } }), names).rules).toEqual({ FC006: 'off', FC302: 'warning' });
    const misspelt = configError(configFile({ rules: { 'unused-variabel': 'off' } }), names);
    expect(misspelt.detail).toBe('unknown rule name "unused-variabel"');
    expect(misspelt.suggestion).toBe('unused-variable');
    const twice = configError(configFile({ rules: { FC006: 'off', 'unused-variable': 'warning' } }), names);
    expect(twice.detail).toBe('"FC006" and "unused-variable" both configure FC006: keep one');
  });

  it('without known codes, any FCnnn is accepted', () => {
    expect(loadConfig(configFile({ rules: { FC999: 'off' } })).rules).toEqual({ FC999: 'off' });
  });
});

describe('loadConfig: files and environments', () => {
  it('a folder instead of a file is a clear error', () => {
    const dir = path.join(root, 'a-folder');
    mkdirSync(dir, { recursive: true });
    const err = configError(dir);
    expect(err.detail).toBe('is a folder; --config expects a flowc.config.json file');
    expect(err.suggestion).toBeUndefined();

    const withConfig = path.dirname(configFile({}));
    const err2 = configError(withConfig);
    expect(err2.suggestion).toBe(path.join(withConfig, 'flowc.config.json'));
    expect(err2.message).toContain('did you mean');
  });

  it('a missing config file', () => {
    const err = configError(path.join(root, 'nope', 'flowc.config.json'));
    expect(err.detail).toBe('file not found');
  });

  it('resolves paths against the config folder and checks that inputs exist', () => {
    const file = configFile(
      {
        include: ['flows/**/*.flow'],
        exclude: ['flows/old/**'],
        connectors: ['connectors/contoso.json'],
        dlpPolicies: ['policies/tenant.json'],
        connections: 'connections.json',
        environment: 'prod',
        environments: {
          prod: {
            deploymentSettings: 'out/deploymentsettings.prod.json',
            dlpPolicies: ['policies/prod.json', 'policies/tenant.json'],
            ewsPolicy: { enabled: true, allowedUserAgents: ['PowerAutomateLocal/*'] },
          },
          dev: {},
        },
        ewsPolicy: { enabled: false },
        rules: { FC006: 'off', FC307: 'error' },
      },
      {
        'connectors/contoso.json': '{}',
        'policies/tenant.json': '{}',
        'policies/prod.json': '{}',
        'connections.json': '{"version":1,"connections":[]}',
      },
    );
    const dir = path.dirname(file);
    const loaded = loadConfig(file, KNOWN);
    expect(loaded.file).toBe(file);
    expect(loaded.dir).toBe(dir);
    expect(loaded.include).toEqual(['flows/**/*.flow']);
    expect(loaded.exclude).toEqual(['flows/old/**', '**/node_modules/**']);
    expect(loaded.config.connectors).toEqual([path.join(dir, 'connectors/contoso.json')]);
    expect(loaded.config.connections).toBe(path.join(dir, 'connections.json'));
    expect(loaded.config.environments?.['prod']?.deploymentSettings).toBe(path.join(dir, 'out/deploymentsettings.prod.json'));
    expect(loaded.rules).toEqual({ FC006: 'off', FC307: 'error' });

    const prod = environmentSettings(loaded);
    expect(prod).toEqual({
      name: 'prod',
      dlpPolicies: [path.join(dir, 'policies/tenant.json'), path.join(dir, 'policies/prod.json')],
      ewsPolicy: { enabled: true, allowedUserAgents: ['PowerAutomateLocal/*'] },
      deploymentSettings: path.join(dir, 'out/deploymentsettings.prod.json'),
    });
    const dev = environmentSettings(loaded, 'dev');
    expect(dev.ewsPolicy).toEqual({ enabled: false });
    expect(dev.dlpPolicies).toEqual([path.join(dir, 'policies/tenant.json')]);
  });

  it('a missing input file is an error at its path', () => {
    const err = configError(configFile({ dlpPolicies: ['policies/missing.json'] }));
    expect(err.jsonPath).toBe('$.dlpPolicies[0]');
    expect(err.detail).toContain('file not found: "policies/missing.json"');
    expect(loadConfig(configFile({ dlpPolicies: ['policies/missing.json'] }), { checkFiles: false }).config.dlpPolicies).toHaveLength(1);
  });

  it('the target environment must be configured', () => {
    const err = configError(configFile({ environment: 'prd', environments: { prod: {}, dev: {} } }));
    expect(err.jsonPath).toBe('$.environment');
    expect(err.suggestion).toBe('prod');
    expect(configError(configFile({ environment: 'prod' })).detail).toContain('`environments` defines none');
  });
});

describe('findConfig and resolveConfig', () => {
  it('finds the config in the folder or a folder above', () => {
    const file = configFile({ rules: { FC006: 'off' } });
    const dir = path.dirname(file);
    const deep = path.join(dir, 'flows', 'team', 'a');
    mkdirSync(deep, { recursive: true });
    expect(findConfig(dir)).toBe(file);
    expect(findConfig(deep)).toBe(file);
    expect(resolveConfig({ cwd: deep }).file).toBe(file);
    expect(resolveConfig({ cwd: deep }).dir).toBe(dir);
  });

  it('the nearest config wins', () => {
    const outer = configFile({});
    const innerDir = path.join(path.dirname(outer), 'sub');
    mkdirSync(innerDir, { recursive: true });
    writeFileSync(path.join(innerDir, 'flowc.config.json'), '{}');
    expect(findConfig(path.join(innerDir))).toBe(path.join(innerDir, 'flowc.config.json'));
  });

  it('--config takes precedence, relative to cwd', () => {
    const file = configFile({ rules: { FC007: 'off' } });
    const loaded = resolveConfig({ cwd: path.dirname(file), configPath: 'flowc.config.json' });
    expect(loaded.file).toBe(file);
    expect(loaded.rules).toEqual({ FC007: 'off' });
  });

  it('no config anywhere gives the defaults', () => {
    const base = defaultConfig(root);
    expect(base.file).toBeUndefined();
    expect(base.include).toEqual(['**/*.flow']);
    expect(base.exclude).toEqual(['**/node_modules/**']);
    expect(base.rules).toEqual({});
  });
});

describe('JSON file helpers', () => {
  it('readJsonFile validates other inputs with the same messages', () => {
    const file = configFile({}, { 'connections.json': '{"version": 1, "connections": [{"id": "c1", "conector": "shared_x", "owner": "a@b.c"}]}' });
    const inventory = path.join(path.dirname(file), 'connections.json');
    try {
      readJsonFile(inventory, 'connections', { displayPath: 'connections.json' });
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(JsonFileError);
      expect(err).not.toBeInstanceOf(ConfigError);
      expect((err as JsonFileError).message.split('\n')).toEqual([
        'connections.json: $.connections[0]: missing required property "connector"',
        'connections.json: $.connections[0].conector: unknown property "conector" (did you mean "connector"?)',
      ]);
    }
  });
});
