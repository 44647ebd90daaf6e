/**
 * Repositories as people keep them: discovery by content, flow folders (a folder per flow, a
 * clipboard file per subflow, a header file), inputs that live in the variables pane, and the
 * bad inputs such a repository can hold.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/pipeline.js';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { locate } from '../src/diagnostics/located.js';
import { looksLikePadScript } from '../src/inputs/pad-text.js';
import { isMainFile, subflowStem } from '../src/inputs/flow-folder.js';
import { repoRoot } from './helpers/corpus.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flowc-folders-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function write(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { cwd, env: {}, isTTY: false, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

const MAIN = [
  'CALL CloseEdge',
  'Text.AppendLine Text: Output_Message LineToAppend: $\'\'\'Closed %Input_Browser%\'\'\' Result=> Output_Message',
  '',
].join('\n');
const CLOSE_EDGE = [
  'SET Output_Message TO $\'\'\'\'\'\'',
  'System.TerminateProcess.TerminateProcessByName ProcessName: $\'\'\'msedge\'\'\'',
  'SET Unused TO Ouptut_Message',
  '',
].join('\n');
const HEADER = [
  "FLOW 'Browser closer'",
  '    INPUT Input_Browser TEXT DEFAULT \'Edge\' DESCRIPTION \'The browser to close\'',
  '    OUTPUT Output_Message TEXT',
  'END FLOW',
  '',
].join('\n');

describe('PAD script by content', () => {
  it('tells scripts from prose', () => {
    expect(looksLikePadScript(MAIN)).toBe(true);
    expect(looksLikePadScript("SET 合计 TO 1\nIF 合计 = 1 THEN\nEND\n")).toBe(true);
    expect(looksLikePadScript('Clipboard.Clear _\n')).toBe(true);
    expect(looksLikePadScript('# Browser closer\n\nCloses the browser given as input.\n\n1. Add the flow to a solution.\n')).toBe(false);
    expect(looksLikePadScript('MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n')).toBe(false);
    expect(looksLikePadScript('')).toBe(false);
    expect(looksLikePadScript("/# a comment\nover lines #/\nSET a TO $'''multi\nline text'''\nSET b TO a\n")).toBe(true);
  });
  it('names subflow files', () => {
    expect(['main.txt', 'Main.txt', '1-Main.txt', 'main', 'MAIN.md'].every(isMainFile)).toBe(true);
    expect(['mainly.txt', 'domain.txt', '2-Test.txt'].some(isMainFile)).toBe(false);
    expect(subflowStem('2-Convert_Excel_To_Html.txt')).toBe('Convert_Excel_To_Html');
    expect(subflowStem('close-edge.txt')).toBe('close-edge');
    // A `Subflow ` word before the name (haballa/PushToRemoteRepository: `source_code/Subflow Main.txt`).
    expect(isMainFile('Subflow Main.txt')).toBe(true);
    expect(subflowStem('Subflow D0_CreateNewVersionNumber.txt')).toBe('D0_CreateNewVersionNumber');
    // Only a word followed by a space: a subflow may be called Subflow_1 or Subflows.
    expect(subflowStem('Subflow_1.txt')).toBe('Subflow_1');
    expect(subflowStem('Subflows.txt')).toBe('Subflows');
    expect(subflowStem('Subflow.txt')).toBe('Subflow');
  });
});

describe('a repository of flow folders', () => {
  let repo: string;
  beforeAll(async () => {
    repo = path.join(tmp, 'repo');
    await write(repo, {
      'README.md': '# My flows\n\nDesktop flows, pasted from the designer.\n',
      LICENSE: 'MIT License\n\nCopyright (c) 2026 Someone\n',
      'flows/browser-closer/source/main.txt': MAIN,
      'flows/browser-closer/source/close-edge.txt': CLOSE_EDGE,
      'flows/browser-closer/source/header.flow': HEADER,
      'flows/browser-closer/README.md': '# Browser closer\n\nSee the source folder.\n',
      'snippets/clear.txt': 'Clipboard.Clear _\nSET Done TO Input_Flag\n',
    });
  });

  it('finds the flow folder and the lone clipboard file, and nothing else', async () => {
    const p = await runPipeline({ paths: ['.'], cwd: repo, noConfig: true });
    expect(p.inputErrors).toEqual([]);
    expect(p.results.map((r) => [r.doc.path, r.doc.origin, r.doc.flowName])).toEqual([
      ['flows/browser-closer/source', 'folder', 'browser-closer'],
      ['snippets/clear.txt', 'file', undefined],
    ]);
    const folder = p.results[0]!.doc;
    expect(folder.members?.map((m) => [path.basename(m.path), m.role, m.subflow])).toEqual([
      ['header.flow', 'header', undefined],
      ['main.txt', 'main', undefined],
      ['close-edge.txt', 'subflow', 'CloseEdge'],
    ]);
  });

  it("reads a folder of 'Subflow <name>.txt' files in UTF-16 with CRLF, named by the folder above source_code", async () => {
    // The layout of haballa/PushToRemoteRepository (fixtures/realworld): the designer's text saved as UTF-16 LE.
    const utf16 = (t: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t.replace(/\n/g, '\r\n'), 'utf16le')]);
    const root = path.join(tmp, 'subflow-prefix');
    await write(root, {
      'PushToRemote/source_code/Subflow Main.txt': utf16("SET Name TO $'''Robot'''\nCALL Z1_ConfigFile\nSET Shown TO Config\n"),
      'PushToRemote/source_code/Subflow Z1_ConfigFile.txt': utf16("SET Config TO Name\n"),
    });
    const p = await runPipeline({ paths: ['PushToRemote'], cwd: root, noConfig: true });
    expect(p.inputErrors).toEqual([]);
    expect(p.results.map((r) => r.doc.flowName)).toEqual(['PushToRemote']);
    expect(p.results[0]!.doc.members?.map((m) => [path.basename(m.path), m.role, m.subflow])).toEqual([
      ['Subflow Main.txt', 'main', undefined],
      ['Subflow Z1_ConfigFile.txt', 'subflow', 'Z1_ConfigFile'],
    ]);
    expect(p.results[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.rule} ${d.message}`)).toEqual([]);
  });

  it('takes a subflow file that is already a FUNCTION … END FUNCTION block as it is (adamzerg/ssm-nat-dp keeps them so)', async () => {
    const root = path.join(tmp, 'wrapped');
    await write(root, {
      'cron-job/Main.md': 'CALL SF0_Scraping\nSET Shown TO Scraped\n',
      'cron-job/SF0_Scraping.md': '\nFUNCTION SF0_Scraping GLOBAL\n    SET Scraped TO 1\nEND FUNCTION\n',
      "cron-job/2-upload.md": "FUNCTION 'Upload_Html' GLOBAL\n    SET Uploaded TO Scraped\nEND FUNCTION\n",
    });
    const p = await runPipeline({ paths: ['cron-job'], cwd: root, noConfig: true });
    expect(p.inputErrors).toEqual([]);
    expect(p.results[0]!.doc.members?.map((m) => [path.basename(m.path), m.role, m.subflow])).toEqual([
      ['Main.md', 'main', undefined],
      ['2-upload.md', 'subflow', 'Upload_Html'],
      ['SF0_Scraping.md', 'subflow', 'SF0_Scraping'],
    ]);
    expect(p.results[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.rule} ${d.message}`)).toEqual([]);
  });

  it('takes a Main file that is a FUNCTION Main … END FUNCTION block as Main itself, not a duplicate subflow', async () => {
    // adamzerg/ssm-nat-dp keeps every subflow pre-wrapped, Main too.
    const root = path.join(tmp, 'wrapped-main');
    await write(root, {
      'cron-job/Main.md': '\nFUNCTION Main GLOBAL\n    CALL SF0_Scraping\n    SET Shown TO Scraped\n    SET Typo TO Scrapd\nEND FUNCTION\n',
      'cron-job/SF0_Scraping.md': 'FUNCTION SF0_Scraping GLOBAL\n    SET Scraped TO 1\nEND FUNCTION\n',
    });
    const p = await runPipeline({ paths: ['cron-job'], cwd: root, noConfig: true });
    expect(p.inputErrors).toEqual([]);
    expect(p.results.map((r) => r.doc.flowName)).toEqual(['cron-job']);
    const located = locate(
      p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics })),
      p.analyses.map((a) => a.doc),
    );
    const errors = located.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.range.start.line}:${d.range.start.column} ${d.rule} ${d.message}`);
    // No FC003 ("a subflow cannot be named 'Main'"), no FC002: Main's statements are the flow's Main,
    // and a diagnostic in them still points at its line of Main.md.
    expect(errors.filter((e) => /FC00[23]/.test(e))).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(/^cron-job\/Main\.md:5:\d+ FC005 variable 'Scrapd' is never assigned/)]);
  });

  it('analyses the files as one flow, and points at the right file and line', async () => {
    const p = await runPipeline({ paths: ['flows'], cwd: repo, noConfig: true });
    const located = locate(
      p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics })),
      p.analyses.map((a) => a.doc),
    );
    const shown = located.map((d) => `${d.file}:${d.range.start.line}:${d.range.start.column} ${d.rule} ${d.message}`);
    // CALL CloseEdge finds close-edge.txt; Output_Message (set there) is assigned; Input_Browser is a declared input.
    expect(shown.filter((s) => /FC002|FC011/.test(s))).toEqual([]);
    expect(shown).toContain("flows/browser-closer/source/close-edge.txt:3:15 FC005 variable 'Ouptut_Message' is never assigned");
    expect(shown).toContain("flows/browser-closer/source/close-edge.txt:3:5 FC006 variable 'Unused' is assigned but never used");
  });

  it('checks a file of a flow folder as the flow it belongs to (what a pre-commit hook passes)', async () => {
    const p = await runPipeline({ paths: ['flows/browser-closer/source/close-edge.txt', 'flows/browser-closer/source/main.txt'], cwd: repo, noConfig: true });
    expect(p.inputErrors).toEqual([]);
    expect(p.results.map((r) => [r.doc.path, r.doc.origin])).toEqual([['flows/browser-closer/source', 'folder']]);
    expect(p.results[0]!.diagnostics.filter((d) => d.rule === 'FC002')).toEqual([]);
  });

  it('--ignore-unknown (the pre-commit hook): named files are taken by their content; prose gives nothing and no usage error', async () => {
    const named = ['README.md', 'LICENSE', 'flows/browser-closer/README.md', 'flows/browser-closer/source/close-edge.txt', 'snippets/clear.txt'];
    const p = await runPipeline({ paths: named, cwd: repo, noConfig: true, ignoreUnknown: true });
    expect(p.inputErrors).toEqual([]);
    expect(p.results.map((r) => r.doc.path)).toEqual(['flows/browser-closer/source', 'snippets/clear.txt']);
    expect(p.results.flatMap((r) => r.diagnostics).filter((d) => d.rule === 'FC001')).toEqual([]);
    // Only prose: nothing to check, not the usage error "no flows found".
    const prose = await runPipeline({ paths: ['README.md', 'LICENSE'], cwd: repo, noConfig: true, ignoreUnknown: true });
    expect(prose.results).toEqual([]);
    expect(prose.inputErrors).toEqual([]);
    await expect(runPipeline({ paths: ['README.md'], cwd: repo, noConfig: true, ignoreUnknown: true })).resolves.toBeDefined();
    // Without it, a file named explicitly is checked as PAD script, whatever it holds.
    const explicit = await runPipeline({ paths: ['README.md'], cwd: repo, noConfig: true });
    expect(explicit.results[0]!.diagnostics.some((d) => d.rule === 'FC001')).toBe(true);
    const r = await run(['check', '--ignore-unknown', 'README.md', 'LICENSE'], repo);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain('in 0 flows');
  });

  it('reports inputs of the variables pane as FC011 where the flow does not declare them', async () => {
    const p = await runPipeline({ paths: ['snippets/clear.txt'], cwd: repo, noConfig: true });
    expect(p.results[0]!.diagnostics.filter((d) => d.rule !== 'FC008').map((d) => [d.rule, d.severity, d.message])).toEqual([
      ['FC006', 'info', "variable 'Done' is assigned but never used; if it is a flow output, declare it"],
      ['FC011', 'info', "variable 'Input_Flag' is read but never assigned; it is probably a flow input"],
    ]);
  });

  it('builds one v2 record with every subflow and the header inputs', async () => {
    const clean = path.join(tmp, 'clean');
    await write(clean, {
      'flows/browser-closer/source/main.txt': MAIN,
      'flows/browser-closer/source/close-edge.txt': CLOSE_EDGE.replace('SET Unused TO Ouptut_Message\n', ''),
      'flows/browser-closer/source/header.flow': HEADER,
    });
    const r = await run(['build', 'flows', '--out-dir', 'out'], clean);
    repo = clean;
    expect(r.code).toBe(0);
    const record = JSON.parse(await readFile(path.join(repo, 'out', 'browser-closer.json'), 'utf8')) as { name: string; definition: string; inputs: { schema: { properties: Record<string, { value: string }> } } };
    expect(record.name).toBe('Browser closer');
    expect(record.definition).toContain('FUNCTION CloseEdge GLOBAL\r\nSET Output_Message TO');
    expect(record.definition).toMatch(/^@INPUT Input_Browser : \{ 'Description': 'The browser to close', 'FriendlyName': 'Input_Browser', 'Type': 'String', 'IsOptional': False, 'DefaultValue': 'Edge' \}\r\n@OUTPUT Output_Message/);
    expect(record.definition).not.toContain('FLOW ');
    expect(record.inputs.schema.properties['Input_Browser']?.value).toBe('Edge');
  });
});

describe('several flows per folder: <Flow>.txt and <Flow>-Subflow-<name>.txt', () => {
  // The layout of bullmoose20/Plex-Stuff (synthetic content in the same shape): each flow's Main in
  // `<Flow>.txt`, its subflows (wrapped or not) in `<Flow>-Subflow-<name>.txt`, flows side by side.
  let root: string;
  beforeAll(async () => {
    root = path.join(tmp, 'flows-by-name');
    await write(root, {
      'README.md': '# Plex helpers\n\nPaste each file into the designer.\n',
      'Convert Error- No ID.txt': '\nFUNCTION Main_copy GLOBAL\n    SET Browser TO 1\n    CALL Refresh_browser\n    CALL close_browsers\n    SET Shown TO Closed\nEND FUNCTION\n',
      'Convert Error- No ID-Subflow-Refresh_browser.txt': 'FUNCTION Refresh_browser GLOBAL\n    SET Refreshed TO Browser\nEND FUNCTION\n',
      'Convert Error- No ID-Subflow-close_browsers.txt': 'SET Closed TO Refreshed\n',
      '2-Convert Warning- No ID.txt': 'SET Browser TO 2\nCALL close_browsers\nSET Shown TO Closed\n',
      '2-Convert Warning- No ID-Subflow-close_browsers.txt': 'FUNCTION close_browsers GLOBAL\n    SET Closed TO Browser\nEND FUNCTION\n',
      'de-oldify.txt': 'SET Alone TO 1\nSET Shown TO Alone\n',
    });
  });

  it('joins each <Flow> with its subflow files into one flow, with no unknown subflow or variable', async () => {
    const p = await runPipeline({ paths: ['.'], cwd: root, noConfig: true });
    expect(p.inputErrors).toEqual([]);
    expect(p.results.map((r) => [r.doc.path, r.doc.origin, r.doc.flowName ?? null])).toEqual([
      ['2-Convert Warning- No ID.txt', 'folder', '2-Convert Warning- No ID'],
      ['Convert Error- No ID.txt', 'folder', 'Convert Error- No ID'],
      ['de-oldify.txt', 'file', null],
    ]);
    expect(p.results[1]!.doc.members?.map((m) => [m.path, m.role, m.subflow ?? null])).toEqual([
      ['Convert Error- No ID.txt', 'main', null],
      ['Convert Error- No ID-Subflow-Refresh_browser.txt', 'subflow', 'Refresh_browser'],
      ['Convert Error- No ID-Subflow-close_browsers.txt', 'subflow', 'close_browsers'],
    ]);
    for (const r of p.results) {
      expect(r.diagnostics.filter((d) => d.severity === 'error' || /FC00[25]/.test(d.rule)).map((d) => `${r.doc.path} ${d.rule} ${d.message}`)).toEqual([]);
    }
  });

  it('checks a named subflow file as the flow it belongs to (what a pre-commit hook passes)', async () => {
    const p = await runPipeline({ paths: ['2-Convert Warning- No ID-Subflow-close_browsers.txt'], cwd: root, noConfig: true });
    expect(p.inputErrors).toEqual([]);
    expect(p.results.map((r) => [r.doc.path, r.doc.flowName])).toEqual([['2-Convert Warning- No ID.txt', '2-Convert Warning- No ID']]);
    expect(p.results[0]!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('solutions in a folder search', () => {
  it('finds solution zips without a configuration, and not a zip that is no solution', async () => {
    const dir = path.join(tmp, 'with-zip');
    await write(dir, {
      'exports/PADFramework.zip': await readFile(path.join(repoRoot, 'fixtures/corpus/padframework/PADFramework_1_1_12501_241.zip')),
      'exports/notes.zip': Buffer.from('PK\u0005\u0006' + '\u0000'.repeat(18), 'binary'),
      'exports/README.md': '# Exports\n\nSolutions exported from the maker portal.\n',
    });
    const p = await runPipeline({ paths: ['.'], cwd: dir, noConfig: true });
    expect(p.inputErrors).toEqual([]);
    expect(new Set(p.results.map((r) => [r.doc.path, r.doc.origin].join(' ')))).toEqual(new Set(['exports/PADFramework.zip solution']));
    expect(p.results.length).toBeGreaterThan(10);
  });
});

describe('configuration', () => {
  it('`flowc init` then `flowc check flows` finds the flows (include is relative to the config)', async () => {
    const dir = path.join(tmp, 'init');
    await mkdir(dir, { recursive: true });
    expect((await run(['init'], dir)).code).toBe(0);
    const r = await run(['check', 'flows', '--format', 'json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).summary.files).toBe(1);
  });

  it('names a flow folder of another layout with `flows`', async () => {
    const dir = path.join(tmp, 'flows-config');
    await write(dir, {
      'flowc.config.json': JSON.stringify({ include: ['robot/**/*.txt'], flows: [{ path: 'robot', name: 'Robot', main: 'start.txt' }] }),
      'robot/start.txt': 'CALL Step\n',
      'robot/Step.txt': 'SET X TO 1\nSET Y TO X\n',
    });
    const p = await runPipeline({ paths: ['robot'], cwd: dir, configPath: path.join(dir, 'flowc.config.json') });
    expect(p.inputErrors).toEqual([]);
    expect(p.results.map((r) => [r.doc.flowName, r.diagnostics.map((d) => d.rule)])).toEqual([['Robot', ['FC006']]]);
    // --ignore-unknown (the pre-commit hook) leaves out a named file `exclude` leaves out.
    await write(dir, { 'out/clip.txt': 'SET A TO B\n' });
    const config = JSON.parse(await readFile(path.join(dir, 'flowc.config.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(dir, 'flowc.config.json'), JSON.stringify({ ...config, exclude: ['out/**'] }));
    const excluded = await runPipeline({ paths: ['out/clip.txt'], cwd: dir, configPath: path.join(dir, 'flowc.config.json'), ignoreUnknown: true });
    expect(excluded.results).toEqual([]);
    const named = await runPipeline({ paths: ['out/clip.txt'], cwd: dir, configPath: path.join(dir, 'flowc.config.json') });
    expect(named.results.map((r) => r.doc.path)).toEqual(['out/clip.txt']);
    // A file of that folder named alone (a pre-commit hook) is checked as the flow: no FC002 for Step.
    for (const ignoreUnknown of [false, true]) {
      const one = await runPipeline({ paths: ['robot/start.txt'], cwd: dir, configPath: path.join(dir, 'flowc.config.json'), ignoreUnknown });
      expect(one.results.map((r) => [r.doc.flowName, r.diagnostics.map((d) => d.rule)])).toEqual([['Robot', ['FC006']]]);
    }
  });
});

describe('bad input', () => {
  it('a flow folder with two Main files is reported; the other flows are still read', async () => {
    const dir = path.join(tmp, 'two-mains');
    await write(dir, { 'a/main.txt': 'SET A TO 1\n', 'a/1-Main.txt': 'SET B TO 1\n', 'b/other.txt': 'SET C TO 1\nSET D TO C\n' });
    const p = await runPipeline({ paths: ['.'], cwd: dir, noConfig: true });
    expect(p.inputErrors.map((e) => e.message)).toEqual(['a: the flow folder has 2 Main subflow files (1-Main.txt, main.txt); keep one']);
    expect(p.results.map((r) => r.doc.path)).toEqual(['b/other.txt']);
  });

  it('a header file that does not parse is a syntax error in that file', async () => {
    const dir = path.join(tmp, 'bad-header');
    await write(dir, { 'f/header.flow': "FLOW 'x'\n    INPUT Name TXET\nEND FLOW\n", 'f/main.txt': 'SET Y TO Name\n' });
    const p = await runPipeline({ paths: ['.'], cwd: dir, noConfig: true });
    const located = locate(p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics })), p.analyses.map((a) => a.doc));
    expect(located.filter((d) => d.rule === 'FC001').map((d) => [d.file, d.range.start.line, d.message, d.help])).toEqual([
      ['f/header.flow', 2, "unknown type 'TXET'", 'did you mean TEXT? Types are TEXT, NUMBER, BOOLEAN, LIST, DATATABLE, CUSTOMOBJECT'],
    ]);
  });

  it('a subflow file that is not UTF-8 is reported for that file; the other flows are still read', async () => {
    const dir = path.join(tmp, 'latin1');
    await write(dir, {
      'f/main.txt': 'CALL Other\n',
      'f/Other.txt': Buffer.from([0x53, 0x45, 0x54, 0x20, 0x78, 0x20, 0x54, 0x4f, 0x20, 0x27, 0xe9, 0x27, 0x0a]),
      'g/clip.txt': 'SET C TO 1\nSET D TO C\n',
    });
    const p = await runPipeline({ paths: ['.'], cwd: dir, noConfig: true });
    // The file is an FC010 diagnostic of its own (not an input error that stops the run).
    expect(p.inputErrors).toEqual([]);
    // The flow that holds it is not judged without it (no false FC002 for its subflow).
    expect(p.results.map((r) => r.doc.path)).toEqual(['f/Other.txt', 'g/clip.txt']);
    expect(p.results[0]!.diagnostics.map((d) => [d.rule, d.message])).toEqual([
      ['FC010', 'byte 0xE9 is not valid UTF-8: the file is not UTF-8 text (saved in a legacy code page such as Windows-1252 or Shift_JIS?); save it as UTF-8, or name its code page with `encoding` in flowc.config.json or `--encoding`'],
    ]);
  });
});

describe('clipboard footer', () => {
  const footer = {
    ControlRepositorySymbols: [{ IgnoreImagesOnSerialization: false, Repository: '{\r\n  "Screens": [],\r\n  "Version": 1\r\n}', ImportMetadata: { DisplayName: 'Local computer', ConnectionString: '', Type: 'Local', DesktopType: 'local' }, Name: 'appmask' }],
    ImageRepositorySymbol: { Repository: '{\r\n  "Folders": [],\r\n  "Images": [],\r\n  "Version": 1\r\n}', ImportMetadata: {}, Name: 'imgrepo' },
    ConnectionReferences: [
      {
        ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_office365',
        DisplayName: 'Office 365 Outlook',
        InternalId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
        LogicalName: 'new_sharedoffice365_abc',
        IsEmbedded: false,
        ConnectionName: 'shared-office365-123',
      },
    ],
  };
  const script = [
    "External.InvokeCloudConnector Connection: '{3FA85F64-5717-4562-B3FC-2C963F66AFA6}' ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_office365' OperationId: 'SendEmailV2' @'emailMessage/To': $'\'\'a@b.c\'\'' @'emailMessage/Subject': $'\'\'x\'\'' @'emailMessage/Body': $'\'\'y\'\'' @SendEmailV2Response=> Response",
    "UIAutomation.Click Element: appmask['Window \\'Notepad\\'']",
    'SET Output_Response TO Response',
  ].join('\n');

  it('binds its symbols, matches a braced GUID to InternalId, and a clipboard build keeps every field', async () => {
    const dir = path.join(tmp, 'footer');
    await write(dir, { 'clip.txt': `${script}\n\n# [ControlRepository][PowerAutomateDesktop]\n\n${JSON.stringify(footer, null, 2)}\n` });
    const p = await runPipeline({ paths: ['clip.txt'], cwd: dir, noConfig: true });
    expect(p.results[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    expect(p.results[0]!.diagnostics.some((d) => d.message.includes('appmask'))).toBe(false);
    const r = await run(['build', 'clip.txt', '--format', 'clipboard', '--out-dir', 'out'], dir);
    expect(r.code).toBe(0);
    const built = await readFile(path.join(dir, 'out', 'clip.txt'), 'utf8');
    const json = JSON.parse(built.slice(built.indexOf('{', built.indexOf('# [ControlRepository]'))));
    expect(json).toEqual(footer);
  });
});
