import { mkdir, mkdtemp, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInputs } from '../src/inputs/discover.js';
import { InputError } from '../src/inputs/errors.js';
import { DEFAULT_LIMITS } from '../src/inputs/limits.js';
import { readSolution } from '../src/inputs/solution.js';
import type { SolutionContents } from '../src/model/source.js';
import {
  FLOW_ID,
  FLOW_NAME,
  FLOW_SCRIPT,
  customizationsXml,
  hostileFixtures,
  sampleEntries,
  writeZip,
} from '../scripts/make-hostile-fixtures.js';
import { LOCAL_ZIP, MAIN_ZIP, extract, corpusDir as corpus, repoRoot } from './helpers/corpus.js';


let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flowc-inputs-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Writes zip bytes to a temp file and returns its path. */
async function zipFile(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(tmp, `${name}.zip`);
  await writeFile(file, bytes);
  return file;
}

/** The InputError readSolution throws (fails the test if it resolves or throws something else). */
async function solutionError(file: string, opts?: Parameters<typeof readSolution>[1]): Promise<InputError> {
  const error = await readSolution(file, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  const inputError = error as InputError;
  expect(inputError.message).not.toContain('\n');
  return inputError;
}

describe('readSolution on the PADFramework corpus', () => {
  const cases = [
    { zip: MAIN_ZIP, flows: 13, uniqueName: 'PADFramework' },
    { zip: LOCAL_ZIP, flows: 10, uniqueName: 'PADFramework_LocalConnectors' },
  ];

  for (const { zip, flows, uniqueName } of cases) {
    describe(path.basename(zip), () => {
      let fromZip: SolutionContents;
      let fromFolder: SolutionContents;

      beforeAll(async () => {
        const folder = path.join(tmp, path.basename(zip, '.zip'));
        await extract(zip, folder);
        fromZip = await readSolution(zip);
        fromFolder = await readSolution(folder);
      });

      it(`finds the ${flows} desktop flows, as a zip and as a folder`, () => {
        expect(fromZip.format).toBe('zip');
        expect(fromFolder.format).toBe('folder');
        expect(fromZip.flows).toHaveLength(flows);
        expect(fromFolder.flows).toHaveLength(flows);
        for (const flow of fromZip.flows) {
          expect(flow.category).toBe(6);
          expect(flow.workflowId).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
          expect(flow.name).toMatch(/^PADFramework: /);
          expect(flow.schemaVersion).toBe('2022.07');
          expect(flow.uiFlowType).toBe(2);
          expect(flow.metadata).toMatchObject({ schemaVersion: 'ROBIN_20211012' });
          expect(flow.dependencies).toHaveProperty('requiredBinaries');
        }
      });

      it('reads the same contents from the zip and the folder', () => {
        const strip = (s: SolutionContents) => ({
          ...s,
          path: '',
          absolutePath: '',
          format: '',
          flows: s.flows.map((f) => ({ ...f, solutionPath: '' })),
        });
        expect(strip(fromFolder)).toEqual(strip(fromZip));
      });

      it('decodes each Definition to the script, CRLF line ends kept', () => {
        for (const flow of fromZip.flows) {
          expect(flow.definition.startsWith("@@ConnectionString: ''\r\n")).toBe(true);
          expect(flow.definition.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        }
      });

      it('reads solution.xml', () => {
        expect(fromZip.solutionXml).toEqual({
          uniqueName,
          version: '1.1.12501.241',
          managed: false,
          displayName: uniqueName,
          publisher: { uniqueName: 'Definra', displayName: 'Definra UAB', customizationPrefix: 'def', customizationOptionValuePrefix: 77557 },
        });
      });

      it('links every binary to a flow and reads the JSON ones', () => {
        const ids = new Set(fromZip.flows.map((f) => f.workflowId));
        expect(fromZip.binaries.length).toBeGreaterThan(0);
        for (const binary of fromZip.binaries) {
          expect(ids.has(binary.workflowId!)).toBe(true);
          const json = ['ManifestFile', 'ConnectorDefinition', 'DependenciesFile'].includes(binary.type);
          if (!json || !binary.dataFile) expect(binary.data).toBeNull();
          else expect(binary.data).toBeTypeOf('object');
        }
        for (const flow of fromZip.flows) {
          const manifest = flow.binaries.find((b) => b.type === 'ManifestFile');
          expect(manifest?.reference).toBe('flow.manifest');
          expect(manifest?.data).toHaveProperty('ConnectorReferences');
        }
      });
    });
  }

  it('reads connection references: per flow and the solution components', async () => {
    const solution = await readSolution(MAIN_ZIP);
    expect(solution.connectionReferences.map((r) => r.logicalName)).toEqual([
      'def_PADFramework_Dataverse',
      'def_PADFramework_Office365Outlook',
      'def_PADFramework_SharePoint',
    ]);
    expect(solution.connectionReferences[1]).toMatchObject({
      displayName: 'PADFramework_Office365Outlook',
      connectorId: '/providers/Microsoft.PowerApps/apis/shared_office365',
    });

    const outlook = solution.flows.find((f) => f.name === 'PADFramework: EmailSenderO365Outlook')!;
    expect(outlook.workflowId).toBe('c515285c-5a5d-4379-b50b-96837d0796d2');
    expect(outlook.connectionReferences).toEqual([
      expect.objectContaining({
        api: { name: '/providers/Microsoft.PowerApps/apis/shared_office365' },
        connectionReferenceLogicalName: 'def_PADFramework_Office365Outlook',
        isEmbedded: false,
      }),
    ]);
    const manifest = outlook.binaries.find((b) => b.type === 'ManifestFile')!;
    expect(manifest.data).toMatchObject({
      ConnectorReferences: [{ ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_office365', ConnectorName: 'shared_office365' }],
    });
    const definition = outlook.binaries.find((b) => b.type === 'ConnectorDefinition')!;
    expect(definition.reference).toBe('/providers/Microsoft.PowerApps/apis/shared_office365');
    expect(definition.data).toMatchObject({ ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_office365' });

    const local = await readSolution(LOCAL_ZIP);
    expect(local.connectionReferences).toEqual([]);
    expect(local.flows.every((f) => f.connectionReferences.length === 0)).toBe(true);
  });

  it('keeps a ConnectorDefinition binary without a <data> file, with data null', async () => {
    const solution = await readSolution(MAIN_ZIP);
    const bare = solution.binaries.filter((b) => b.type === 'ConnectorDefinition' && !b.dataFile);
    expect(bare.length).toBeGreaterThan(0);
    expect(bare.every((b) => b.data === null)).toBe(true);
  });
});

describe('readSolution on generated solutions', () => {
  it('reads the valid sample: entities decoded, CRLF kept, cloud flows skipped', async () => {
    const solution = await readSolution(await zipFile('valid', hostileFixtures().valid!));
    expect(solution.flows).toHaveLength(1);
    const [flow] = solution.flows;
    expect(flow).toMatchObject({ name: FLOW_NAME, workflowId: FLOW_ID, definition: FLOW_SCRIPT, jsonFileName: '/Workflows/Sample.json' });
    expect(flow!.binaries.map((b) => b.type)).toEqual(['ManifestFile']);
    expect(solution.solutionXml?.uniqueName).toBe('Hostile');
  });

  it('accepts backslash separators and a UTF-8 BOM in customizations.xml', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(customizationsXml())]);
    const entries = sampleEntries({ 'customizations.xml': { data: bom } }).map((e) => ({ ...e, name: e.name.replace(/\//g, '\\') }));
    const solution = await readSolution(await zipFile('backslashes', writeZip(entries)));
    expect(solution.flows[0]?.definition).toBe(FLOW_SCRIPT);
    expect(solution.binaries).toHaveLength(1);
  });

  it('names the flow whose <Definition> is missing or not a string', async () => {
    const noDefinition = sampleEntries({ 'customizations.xml': { data: customizationsXml().replace(/<Definition>.*<\/Definition>/, '') } });
    expect((await solutionError(await zipFile('no-definition', writeZip(noDefinition)))).message).toMatch(
      /desktop flow "Hostile: Sample": <Workflow> has no <Definition>$/,
    );
    const notString = sampleEntries({ 'customizations.xml': { data: customizationsXml('{"script": 1}') } });
    expect((await solutionError(await zipFile('object-definition', writeZip(notString)))).message).toMatch(
      /<Definition> is not a JSON string holding the flow script$/,
    );
  });

  it('reports a folder or zip that is not a solution', async () => {
    const folder = path.join(tmp, 'not-a-solution');
    await mkdir(folder, { recursive: true });
    expect((await solutionError(folder)).message).toMatch(/not a solution: it has no customizations\.xml/);
    const zip = await zipFile('no-customizations', writeZip([{ name: 'solution.xml', data: '<x/>' }]));
    expect((await solutionError(zip)).message).toMatch(/not a solution/);
    expect((await solutionError(path.join(tmp, 'missing.zip'))).message).toMatch(/no such file or folder/);
  });
});

describe('readSolution refuses hostile zips', () => {
  const fixtures = hostileFixtures();
  const cases: Array<[name: string, message: RegExp, entry?: string]> = [
    ['dotdot-entry', /\(\.\.\/\.\.\/evil\.sh\): entry path contains '\.\.'/],
    ['backslash-dotdot-entry', /contains '\.\.'/],
    ['absolute-entry', /\(\/etc\/cron\.d\/evil\): entry has an absolute path/],
    ['backslash-absolute-entry', /entry has an absolute path/],
    ['drive-entry', /\(C:\\Windows\\evil\.dll\): entry has a drive path/],
    ['duplicate-entry', /\(customizations\.xml\): duplicate entry$/, 'customizations.xml'],
    ['case-duplicate-entry', /duplicate entry \(same name as customizations\.xml but for case\)/],
    ['symlink-entry', /\(Workflows\/link\): entry is a symbolic link/, 'Workflows/link'],
    ['encrypted-entry', /\(customizations\.xml\): entry is encrypted/],
    ['truncated', /not a zip file, or the zip is truncated/],
    ['corrupt-entry', /\(customizations\.xml\): CRC-32 mismatch/],
    ['bomb', /\(Workflows\/bomb\.json\): compression ratio \d+:1 is above the 200:1 limit/],
    ['lying-size', /\(customizations\.xml\): entry size does not match its header/],
    ['doctype-xml', /\(customizations\.xml\): XML with a <!DOCTYPE> declaration is not allowed/],
    ['entity-xml', /\(solution\.xml\): XML with a <!ENTITY> declaration is not allowed/],
    ['undeclared-entity-xml', /\(customizations\.xml\): malformed XML: undeclared entity &nbsp;/],
    ['bad-definition-json', /\(customizations\.xml\): desktop flow "Hostile: Sample": <Definition> is not valid JSON/],
    ['data-path-traversal', /<data> names "\.\.\/\.\.\/customizations\.xml", which is not a plain file name/],
    ['not-a-zip', /not a zip file/],
  ];

  for (const [name, message, entry] of cases) {
    it(name, async () => {
      const file = await zipFile(name, fixtures[name]!);
      const error = await solutionError(file);
      expect(error.message.startsWith(`${file}`)).toBe(true);
      expect(error.message).toMatch(message);
      expect(error.path).toBe(file);
      if (entry) expect(error.entry).toBe(entry);
    });
  }

  it('enforces the size limits, and names the solution as displayed', async () => {
    const file = await zipFile('valid-limits', fixtures.valid!);
    const shown = 'shown/valid.zip';
    const entry = await solutionError(file, { limits: { maxEntryBytes: 200 }, displayPath: shown });
    expect(entry.message).toMatch(/^shown\/valid\.zip \(solution\.xml\): entry is 406 bytes, above the 200 bytes limit$/);
    const total = await solutionError(file, { limits: { maxTotalBytes: 1000 } });
    expect(total.message).toMatch(/solution is larger than the 1000 bytes total limit/);
    const custom = await solutionError(file, { limits: { maxCustomizationsBytes: 1000 } });
    expect(custom.message).toMatch(/\(customizations\.xml\): entry is 1.\d KiB, above the 1000 bytes limit/);
  });

  it('counts the bytes actually read: a folder has no header to check first', async () => {
    const folder = path.join(tmp, 'limits-folder');
    await extract(await zipFile('valid-for-folder', fixtures.valid!), folder);
    const error = await solutionError(folder, { limits: { maxCustomizationsBytes: 1000 } });
    expect(error.message).toMatch(/\(customizations\.xml\): entry is larger than the 1000 bytes limit$/);
  });

  it('limits the number of entries', async () => {
    const error = await solutionError(await zipFile('valid-entries', fixtures.valid!), { limits: { maxEntries: 3 } });
    expect(error.message).toMatch(/zip has 4 entries, above the 3 limit/);
  });

  it('the default limits are the documented ones', () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      maxCustomizationsBytes: 64 * 1024 * 1024,
      maxEntryBytes: 64 * 1024 * 1024,
      maxTotalBytes: 1024 * 1024 * 1024,
      maxCompressionRatio: 200,
      ratioMinBytes: 1024 * 1024,
      maxFlowBytes: 4 * 1024 * 1024,
      maxDataBytes: 16 * 1024 * 1024,
    });
  });

  it('escapes control characters of entry names in the one-line message', async () => {
    const file = await zipFile('newline-name', writeZip(sampleEntries({}, [{ name: '../x\nFAKE: all good', data: 'x' }])));
    const error = await solutionError(file);
    expect(error.message).toContain('../x\\u000aFAKE: all good');
  });
});

describe('readSolution on hostile folders', () => {
  it.skipIf(process.platform === 'win32')('refuses a symbolic link it would read', async () => {
    const folder = path.join(tmp, 'symlinked-solution');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(tmp, 'outside.xml'), customizationsXml());
    await symlink(path.join(tmp, 'outside.xml'), path.join(folder, 'customizations.xml'));
    const error = await solutionError(folder);
    expect(error.message).toMatch(/\(customizations\.xml\): is a symbolic link/);
  });
});

describe('resolveInputs', () => {
  let project: string;
  const utf16 = (text: string, bom: number[], encode: (s: string) => Buffer) => Buffer.concat([Buffer.from(bom), encode(text)]);

  beforeAll(async () => {
    project = path.join(tmp, 'project');
    await mkdir(path.join(project, 'flows/sub'), { recursive: true });
    await mkdir(path.join(project, 'node_modules/pkg'), { recursive: true });
    await mkdir(path.join(project, 'empty'), { recursive: true });
    await writeFile(path.join(project, 'flows/b.flow'), Buffer.from('\uFEFFSET b TO 1\r\n'));
    await writeFile(path.join(project, 'flows/a.flow'), 'SET a TO 1\n');
    await writeFile(path.join(project, 'flows/sub/le.flow'), utf16('SET le TO 1', [0xff, 0xfe], (s) => Buffer.from(s, 'utf16le')));
    await writeFile(
      path.join(project, 'flows/sub/be.flow'),
      utf16('SET be TO 1', [0xfe, 0xff], (s) => Buffer.from(s, 'utf16le').swap16()),
    );
    await writeFile(path.join(project, 'flows/notes.txt'), 'not searched');
    await writeFile(path.join(project, 'node_modules/pkg/x.flow'), 'ignored');
    await writeFile(path.join(project, 'clipboard.txt'), 'Display.ShowMessageDialog.ShowMessage Message: $\'\'\'hi\'\'\'');
    await writeFile(path.join(project, 'latin1.flow'), Buffer.from([0x53, 0x45, 0x54, 0x20, 0xe9]));
    await copyFile(LOCAL_ZIP, path.join(project, 'local.zip'));
  });

  it('reads files, folders and solutions, sorted, with paths relative to cwd', async () => {
    const result = await resolveInputs(['local.zip', 'flows', 'clipboard.txt'], { cwd: project });
    expect(result.errors).toEqual([]);
    expect(result.solutions.map((s) => s.path)).toEqual(['local.zip']);
    const files = result.documents.filter((d) => d.origin === 'file');
    expect(files.map((d) => [d.path, d.text])).toEqual([
      ['clipboard.txt', "Display.ShowMessageDialog.ShowMessage Message: $'''hi'''"],
      ['flows/a.flow', 'SET a TO 1\n'],
      ['flows/b.flow', 'SET b TO 1\r\n'],
      ['flows/sub/be.flow', 'SET be TO 1'],
      ['flows/sub/le.flow', 'SET le TO 1'],
    ]);
    expect(files[1]!.absolutePath).toBe(path.join(project, 'flows/a.flow'));
    const fromSolution = result.documents.filter((d) => d.origin === 'solution');
    expect(fromSolution).toHaveLength(10);
    expect(fromSolution.map((d) => d.flowName)).toEqual([...fromSolution.map((d) => d.flowName!)].sort());
    for (const doc of fromSolution) {
      expect(doc.path).toBe('local.zip');
      expect(doc.absolutePath).toBe(path.join(project, 'local.zip'));
      expect(doc.text).toBe(doc.solution!.definition);
      expect(doc.solution!.name).toBe(doc.flowName);
    }
  });

  it('gives the same order whatever the argument order, and drops duplicates', async () => {
    const a = await resolveInputs(['flows', 'local.zip'], { cwd: project });
    const b = await resolveInputs(['./local.zip', 'flows/a.flow', 'flows/../flows', path.join(project, 'local.zip')], { cwd: project });
    const key = (r: typeof a) => r.documents.map((d) => `${d.path}#${d.flowName ?? ''}`);
    expect(key(b)).toEqual(key(a));
    expect(b.solutions).toHaveLength(1);
  });

  it('reads an unpacked solution folder, and a customizations.xml given directly', async () => {
    const folder = path.join(project, 'unpacked');
    await extract(LOCAL_ZIP, folder);
    const result = await resolveInputs(['unpacked', 'unpacked/customizations.xml'], { cwd: project });
    expect(result.errors).toEqual([]);
    expect(result.solutions.map((s) => [s.path, s.format])).toEqual([['unpacked', 'folder']]);
    expect(result.documents).toHaveLength(10);
  });

  it('shows paths outside cwd as absolute', async () => {
    const result = await resolveInputs([path.join(project, 'flows/a.flow')], { cwd: path.join(project, 'flows/sub') });
    expect(result.documents.map((d) => d.path)).toEqual([path.join(project, 'flows/a.flow')]);
  });

  it('applies include and exclude to folder searches', async () => {
    const result = await resolveInputs(['.'], { cwd: project, include: ['flows/**/*.flow', '*.zip'], exclude: ['**/sub/**'] });
    expect(result.errors).toEqual([]);
    expect(new Set(result.documents.map((d) => d.path))).toEqual(new Set(['flows/a.flow', 'flows/b.flow', 'local.zip']));
  });

  it('collects errors instead of throwing, and still reads the rest', async () => {
    const result = await resolveInputs(['missing.flow', 'empty', 'latin1.flow', 'flows/a.flow', await zipFile('bomb', hostileFixtures().bomb!)], {
      cwd: project,
    });
    expect(result.documents.map((d) => d.path)).toEqual(['flows/a.flow']);
    expect(result.errors.every((e) => e instanceof InputError)).toBe(true);
    const messages = result.errors.map((e) => e.message);
    expect(messages).toContainEqual(expect.stringMatching(/^empty: no flows found in the folder \(searched for \*\*\/\*\.flow\)$/));
    expect(messages).toContainEqual(expect.stringMatching(/^latin1\.flow: byte 0x[0-9A-F]{2} is not valid UTF-8: the file is not UTF-8 text/));
    expect(result.errors.find((e) => e.path === 'latin1.flow')?.unreadable).toBeDefined();
    expect(messages).toContainEqual('missing.flow: no such file or folder');
    expect(messages).toContainEqual(expect.stringMatching(/bomb\.zip \(Workflows\/bomb\.json\): compression ratio/));
  });

  it('refuses a text file above the size limit', async () => {
    const result = await resolveInputs(['flows/a.flow'], { cwd: project, limits: { maxEntryBytes: 4 } });
    expect(result.errors.map((e) => e.message)).toEqual(['flows/a.flow: file is larger than the 4 bytes limit']);
  });
});
