/**
 * Secrets planted in flows appear in no output of flowc — diagnostics in every format (pretty
 * code frames included, in colour or not), reports in every format, the graph, access, SARIF,
 * GitHub annotations, the build's `flowc` extras — except the build's `definition` (and the
 * clipboard script, which is the same text), where PAD needs them. `flowc import` writes the
 * source itself and is not checked.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customizationsXml, sampleEntries, writeZip } from '../scripts/make-hostile-fixtures.js';
import { runCli } from './helpers/cli.js';

// Random-looking, so that no eight characters of one occur in ordinary output by chance.
const SECRETS = {
  sensitiveValue: 'Zq9vX7kP2wM4rT01',
  hardcoded: 'Zq9hJ3nB8cY6dF02',
  connectionString: 'Zq9cL5gH1qW9sE03',
  comment: 'Zq9mN2bV7xK4zU04',
  brokenLine: 'Zq9bR6tY3pA8jG05',
  bearer: 'Zq9eT4uI9oP1aS06dDfFgGhHjJ',
  sensitiveInput: 'Zq9iK7lZ2xC5vB07',
  solution: 'Zq9sQ1wE6rT3yU08',
  header: 'Zq9aD8fG4hJ2kL09',
  description: 'Zq9dE5sC2rI7pT10',
  displayName: 'Zq9nA4mE1dN8aM11',
  solutionDescription: 'Zq9sD3eS6cR2iP12',
};

const FLOW = `FLOW 'Secrets'
    SCHEMA V2
    OWNER 'alice@contoso.com'
    USER 'bob@contoso.com'
    RUNS CONSOLE, ATTENDED
    DESCRIPTION 'Server=db;User Id=sa;Password=${SECRETS.description};'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' DISPLAYNAME 'Data Source=sp;Password=${SECRETS.displayName}' OWNER 'alice@contoso.com'
END FLOW
@SENSITIVE: [DbPass, Input_Secret]
@INPUT Input_Secret : { 'Description': 'a secret', 'FriendlyName': 'Input_Secret', 'Type': 'String', 'IsOptional': True, 'DefaultValue': '${SECRETS.sensitiveInput}' }
SET DbPass TO '${SECRETS.sensitiveValue}'
SET Password TO '${SECRETS.hardcoded}'
SET Conn TO 'Server=db;Database=x;Password=${SECRETS.connectionString};'
# Pwd=${SECRETS.comment};
SET ApiKey '${SECRETS.brokenLine}'
External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: 'https://contoso.sharepoint.com' @table: 'x' @'headers/Authorization': 'Bearer ${SECRETS.bearer}'
SET Unused TO Conn
Display.ShowMessageDialog.ShowMessage Message: Password
`;

/** A clean flow (builds) with the same secrets, since a build needs no errors. */
const BUILDABLE = `FLOW 'Buildable'
    SCHEMA V2
    OWNER 'alice@contoso.com'
    DESCRIPTION 'Server=db;User Id=sa;Password=${SECRETS.description};'
END FLOW
@SENSITIVE: [DbPass, Input_Secret]
@INPUT Input_Secret : { 'Description': 'a secret', 'FriendlyName': 'Input_Secret', 'Type': 'String', 'IsOptional': True, 'DefaultValue': '${SECRETS.sensitiveInput}' }
SET DbPass TO '${SECRETS.sensitiveValue}'
SET Password TO '${SECRETS.hardcoded}'
SET Conn TO 'Server=db;Database=x;Password=${SECRETS.connectionString};'
# Pwd=${SECRETS.comment};
SET Header TO { 'ApiKey': '${SECRETS.header}' }
Display.ShowMessageDialog.ShowMessage Message: Password
Display.ShowMessageDialog.ShowMessage Message: DbPass
Display.ShowMessageDialog.ShowMessage Message: Conn
Display.ShowMessageDialog.ShowMessage Message: Header
Display.ShowMessageDialog.ShowMessage Message: Input_Secret
`;

const dir = mkdtempSync(path.join(tmpdir(), 'flowc-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env });

/** Any 8 characters of any secret (a secret cut short is still a leak). */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const [what, s] of Object.entries(SECRETS)) {
    for (let i = 0; i + 8 <= s.length; i++) {
      if (text.includes(s.slice(i, i + 8))) {
        found.push(`${what} (${s.slice(i, i + 8)})`);
        break;
      }
    }
  }
  return found;
}

beforeAll(() => {
  writeFileSync(path.join(dir, 'secrets.flow'), FLOW);
  writeFileSync(path.join(dir, 'buildable.flow'), BUILDABLE);
  const script = `SET Password TO $'''${SECRETS.solution}'''\r\nSET Unused TO 1\r\n`;
  const definition = JSON.stringify(script).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const xml = customizationsXml(definition).replace('<Category>6</Category>', `<Category>6</Category>\n      <Description>AccountKey=${SECRETS.solutionDescription};EndpointSuffix=core.windows.net</Description>`);
  writeFileSync(path.join(dir, 'solution.zip'), writeZip(sampleEntries({ 'customizations.xml': { data: xml } })));
});

describe('a planted secret appears in no output', () => {
  const inputs = ['secrets.flow', 'buildable.flow', 'solution.zip'];
  const commands: string[][] = [
    ...['pretty', 'json', 'sarif', 'github'].flatMap((f) => [['check', ...inputs, '--format', f], ['check', ...inputs, '--format', f, '--color']]),
    ['check', ...inputs, '--quiet'],
    ...['md', 'json', 'csv', 'html'].map((f) => ['report', ...inputs, '--format', f]),
    ...['dot', 'mermaid', 'json'].map((f) => ['graph', ...inputs, '--format', f]),
    ['access', 'secrets.flow'],
    ['access', 'secrets.flow', '--format', 'json'],
    ['build', 'secrets.flow', '--out-dir', 'never'],
    ['build', 'secrets.flow', '--out-dir', 'never', '--diagnostic-format', 'sarif'],
  ];
  for (const args of commands) {
    it(`flowc ${args.join(' ')}`, async () => {
      const r = await run(args);
      expect(r.code, r.err).toBeLessThanOrEqual(1);
      expect(leaks(r.out), 'stdout').toEqual([]);
      expect(leaks(r.err), 'stderr').toEqual([]);
    });
  }

  it('a <Definition> that is not JSON: the message does not quote it', async () => {
    writeFileSync(path.join(dir, 'broken.zip'), writeZip(sampleEntries({ 'customizations.xml': { data: customizationsXml(`{"Password": ${SECRETS.solution}}`) } })));
    // FC010 on the zip, in every format, the reason without the text.
    for (const format of ['pretty', 'json', 'sarif', 'github']) {
      const r = await run(['check', 'broken.zip', '--format', format]);
      expect(r.code, format).toBe(1);
      expect(r.out, format).toMatch(/<Definition> is not valid JSON \(Unexpected token/);
      expect(leaks(r.out + r.err), format).toEqual([]);
    }
  });

  it('the code frames are there, masked', async () => {
    const r = await run(['check', 'secrets.flow', '--no-color']);
    expect(r.out).toContain(`SET DbPass TO '${'*'.repeat(SECRETS.sensitiveValue.length)}'`);
    expect(r.out).toContain(`Password=${'*'.repeat(SECRETS.connectionString.length)};`);
    expect(r.out).toMatch(/hardcoded secret in variable 'Password' \('Zq\*\*\*\*'\)/);
  });

  it('files written with --output-file and --out', async () => {
    await run(['check', ...inputs, '--format', 'sarif', '--output-file', 'out.sarif']);
    // Some inputs have syntax errors: report and graph go on with --ignore-errors, and print those errors masked.
    const report = await run(['report', ...inputs, '--format', 'html', '--out', 'report.html', '--ignore-errors']);
    const graph = await run(['graph', ...inputs, '--format', 'json', '--out', 'graph.json', '--ignore-errors']);
    expect(leaks(report.out + report.err + graph.out + graph.err)).toEqual([]);
    for (const f of ['out.sarif', 'report.html', 'graph.json']) expect(leaks(readFileSync(path.join(dir, f), 'utf8')), f).toEqual([]);
  });

  it('the build: only in `definition` (and the clipboard script)', async () => {
    const v2 = await run(['build', 'buildable.flow', 'solution.zip', '--out-dir', 'built']);
    expect(v2.code, v2.err).toBe(0);
    expect(leaks(v2.out + v2.err)).toEqual([]);
    for (const f of readdirSync(path.join(dir, 'built'))) {
      const doc = JSON.parse(readFileSync(path.join(dir, 'built', f), 'utf8')) as { definition: string };
      expect(leaks(doc.definition).length, `${f}: the definition keeps them`).toBeGreaterThan(0);
      expect(leaks(JSON.stringify({ ...doc, definition: undefined })), f).toEqual([]);
    }
    const clip = await run(['build', 'buildable.flow', '--format', 'clipboard', '--out-dir', 'clip']);
    expect(clip.code, clip.err).toBe(0);
    const text = readFileSync(path.join(dir, 'clip', 'buildable.txt'), 'utf8');
    const footer = text.indexOf('# [ControlRepository][PowerAutomateDesktop]');
    expect(footer).toBeGreaterThan(0);
    expect(leaks(text.slice(footer))).toEqual([]);
  });
});

describe('a @SENSITIVE value repeated elsewhere', () => {
  it('is masked in the code frame as in the message', async () => {
    writeFileSync(path.join(dir, 'repeat.flow'), "@SENSITIVE: [DbPass]\nSET DbPass TO 'Qw8rSensitive77'\nSET Other TO 'Qw8rSensitive77'\nGOTO nowhere\nDisplay.ShowMessageDialog.ShowMessage Message: DbPass\nDisplay.ShowMessageDialog.ShowMessage Message: Other\n");
    const r = await run(['check', 'repeat.flow']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/SET Other TO '\*+'/);
    expect(r.out).not.toContain('Qw8rSens');
  });
});

describe('flowc diff: a planted secret appears in no format', () => {
  /** The same flows with every secret value replaced: the diff shows each secret as a changed value. */
  const plain = (text: string): string => Object.values(SECRETS).reduce((t, s) => t.split(s).join('plainvalue'), text);
  beforeAll(() => {
    writeFileSync(path.join(dir, 'secrets-old.flow'), plain(FLOW));
    writeFileSync(path.join(dir, 'buildable-old.flow'), plain(BUILDABLE));
  });
  for (const format of ['pretty', 'md', 'json']) {
    for (const [a, b] of [
      ['secrets-old.flow', 'secrets.flow'],
      ['secrets.flow', 'secrets-old.flow'],
      ['buildable-old.flow', 'buildable.flow'],
      ['secrets.flow', 'solution.zip'],
    ] as const) {
      it(`flowc diff ${a} ${b} --format ${format}`, async () => {
        const r = await run(['diff', a, b, '--format', format, '--color']);
        expect(r.code, r.err).toBe(1);
        expect(r.out).not.toBe('');
        expect(leaks(r.out), 'stdout').toEqual([]);
        expect(leaks(r.err), 'stderr').toEqual([]);
      });
    }
  }

  it('flowc diff --textconv of a flow, a solution and a v2 record', async () => {
    expect((await run(['build', 'buildable.flow', '--out-dir', 'built-textconv'])).code).toBe(0);
    for (const file of ['secrets.flow', 'solution.zip', 'built-textconv/buildable.json']) {
      const r = await run(['diff', '--textconv', file]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('SET ');
      expect(leaks(r.out), file).toEqual([]);
    }
  });
});
