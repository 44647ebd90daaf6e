import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import {
  actionCatalog,
  actionsInModule,
  allActionNames,
  fileParams,
  findOutput,
  findParam,
  folderParams,
  isEnumReference,
  isKnownModule,
  isValueType,
  knownEnumTypes,
  knownModules,
  lookupAction,
  VALUE_TYPES,
  type ActionInfo,
} from '../src/catalog/actions.js';
import { corpusDir } from './helpers/corpus.js';


/** Reads one entry of a zip (with yauzl: `unzip` is not guaranteed in CI). */
async function readZipEntry(zipPath: string, wanted: string): Promise<string | undefined> {
  const zip = await yauzl.openPromise(zipPath);
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== wanted) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return undefined;
  } finally {
    zip.close();
  }
}

function decodeXmlText(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every flow script of a solution: `<Definition>` holds it as a JSON string. */
function scriptsOf(customizationsXml: string): string[] {
  const scripts: string[] = [];
  for (const m of customizationsXml.matchAll(/<Definition>([\s\S]*?)<\/Definition>/g)) {
    const value: unknown = JSON.parse(decodeXmlText(m[1] ?? ''));
    if (typeof value === 'string') scripts.push(value);
  }
  return scripts;
}

/**
 * Action names used as statements or conditions: at the start of a line (after indentation, an
 * optional DISABLE and an optional `IF (`/`ELSE IF (`/`WAIT (`/`LOOP WHILE (`), followed by an
 * argument, an output, or the end of the line (so `IF (Browser.Handle) <> (-1)`, a property, is not
 * one). Lines inside multi-line strings are skipped.
 */
const ACTION_LINE =
  /^\s*(?:DISABLE\s+)?(?:(?:ELSE\s+)?IF\s*\(\s*(?:NOT\s+)?|WAIT\s*\(\s*|LOOP\s+WHILE\s*\(\s*)?([A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)?)(?=\s*$|\s+@?'?[A-Za-z][\w/$]*'?\s*(?::|=>))/;

function actionNames(script: string): Set<string> {
  const names = new Set<string>();
  let inString = false;
  for (const line of script.split(/\r?\n/)) {
    const wasInString = inString;
    // A `'''` toggles a multi-line string; an even number on a line leaves the state unchanged.
    if (((line.match(/'''/g) ?? []).length & 1) === 1) inString = !inString;
    if (wasInString) continue;
    const m = ACTION_LINE.exec(line);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

let corpusActions: Set<string>;

beforeAll(async () => {
  corpusActions = new Set();
  const zips = readdirSync(corpusDir).filter((f) => f.endsWith('.zip'));
  expect(zips.length).toBeGreaterThan(0);
  for (const zip of zips) {
    const xml = await readZipEntry(path.join(corpusDir, zip), 'customizations.xml');
    expect(xml, `${zip} has customizations.xml`).toBeDefined();
    const scripts = scriptsOf(xml ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) for (const name of actionNames(script)) corpusActions.add(name);
  }
});

function must(name: string): ActionInfo {
  const info = lookupAction(name);
  if (!info) throw new Error(`${name} is not in the catalog`);
  return info;
}

describe('the action catalog against the real corpus', () => {
  it('finds actions in the corpus scripts', () => {
    // Sanity check of the extraction itself.
    expect(corpusActions.size).toBeGreaterThan(50);
    expect(corpusActions).toContain('File.ConvertToBinary');
    expect(corpusActions).toContain('External.InvokeCloudConnector');
    expect(corpusActions).toContain('WorkQueues.ProcessWorkQueueItem.ProcessWorkQueueItem');
  });

  it('knows every action the corpus uses', () => {
    const missing = [...corpusActions].filter((n) => lookupAction(n) === undefined).sort();
    expect(missing).toEqual([]);
  });

  it('marks the corpus actions as seen in the corpus', () => {
    for (const name of corpusActions) expect(must(name).sources, name).toContain('corpus');
  });
});

describe('file and binary conversions (FC201/FC202)', () => {
  it('File.ConvertToBinary takes a file and returns binary data', () => {
    const a = must('File.ConvertToBinary');
    expect(a.kind).toBe('action');
    expect(fileParams(a).map((p) => p.name)).toEqual(['File']);
    expect(findParam(a, 'File')).toMatchObject({ type: 'File', accepts: 'file' });
    expect(a.outputs).toEqual([{ name: 'BinaryData', type: 'BinaryData' }]);
  });

  it('"Convert binary data to file" is File.ConvertFromBinary: binary data in, file path out', () => {
    const a = must('File.ConvertFromBinary');
    expect(findParam(a, 'BinaryData')?.type).toBe('BinaryData');
    expect(findParam(a, 'BinaryData')?.accepts).toBeUndefined();
    expect(fileParams(a).map((p) => p.name)).toEqual(['File']);
    expect(findParam(a, 'IfFileExists')?.enum).toBe('File.IfExists');
    expect(a.outputs).toEqual([]);
  });

  it('marks the file arguments of the File module', () => {
    expect(fileParams(must('File.ReadTextFromFile.ReadText')).map((p) => p.name)).toEqual(['File']);
    expect(fileParams(must('File.WriteText')).map((p) => p.name)).toEqual(['File']);
    expect(fileParams(must('File.ReadFromCSVFile.ReadCSV')).map((p) => p.name)).toEqual(['CSVFile']);
    expect(fileParams(must('File.WriteToCSVFile.WriteCSV')).map((p) => p.name)).toEqual(['CSVFile']);
    expect(fileParams(must('File.Copy')).map((p) => p.name)).toEqual(['Files']);
    expect(folderParams(must('File.Copy')).map((p) => p.name)).toEqual(['Destination']);
    expect(findParam(must('File.Copy'), 'Files')).toMatchObject({ type: 'List', itemType: 'File' });
  });

  it('types outputs that are files or folders on disk', () => {
    expect(findOutput(must('File.GetTempPath'), 'TempFile')?.type).toBe('File');
    expect(findOutput(must('Folder.GetFiles'), 'Files')).toMatchObject({ type: 'List', itemType: 'File' });
    expect(findOutput(must('File.GetPathPart'), 'Directory')?.type).toBe('Folder');
    expect(findOutput(must('File.ReadTextFromFile.ReadText'), 'Content')?.type).toBe('Text');
  });

  it('knows file arguments outside the File module', () => {
    expect(fileParams(must('Excel.LaunchExcel.LaunchAndOpen')).map((p) => p.name)).toEqual(['Path']);
    expect(fileParams(must('Workstation.TakeScreenshot.TakeScreenshotOfPrimaryScreenAndSaveToFile')).map((p) => p.name)).toEqual(['File']);
    expect(fileParams(must('Outlook.SendEmailThroughOutlook.SendEmail')).map((p) => p.name)).toEqual(['Attachments']);
  });
});

describe('catalog shape', () => {
  it('uses only the allowed value types', () => {
    const allowed = new Set(VALUE_TYPES);
    for (const name of allActionNames()) {
      const a = must(name);
      for (const p of a.params) {
        expect(allowed.has(p.type), `${name} ${p.name}: ${p.type}`).toBe(true);
        if (p.itemType) expect(allowed.has(p.itemType), `${name} ${p.name}`).toBe(true);
        if (p.itemType) expect(p.type).toBe('List');
        if (p.accepts === 'file') expect(['File', 'List', 'Any']).toContain(p.type);
        if (p.accepts === 'folder') expect(['Folder', 'List']).toContain(p.type);
      }
      for (const o of a.outputs) {
        expect(allowed.has(o.type), `${name} ${o.name}: ${o.type}`).toBe(true);
        if (o.itemType) expect(allowed.has(o.itemType)).toBe(true);
      }
    }
    expect(isValueType('Text')).toBe(true);
    expect(isValueType('String')).toBe(false);
  });

  it('has well-formed, unique names and no duplicate arguments', () => {
    const names = allActionNames();
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)?$/);
      const a = must(name);
      expect(a.name).toBe(name);
      expect(knownModules().has(a.module), a.module).toBe(true);
      const params = a.params.map((p) => p.name.toLowerCase());
      expect(new Set(params).size, name).toBe(params.length);
      const outputs = a.outputs.map((o) => o.name.toLowerCase());
      expect(new Set(outputs).size, name).toBe(outputs.length);
    }
  });

  it('covers the core modules', () => {
    expect(actionsInModule('File').length).toBeGreaterThanOrEqual(28);
    expect(actionsInModule('Folder').length).toBeGreaterThanOrEqual(10);
    expect(actionsInModule('Text').length).toBeGreaterThanOrEqual(30);
    expect(actionsInModule('Variables').length).toBeGreaterThanOrEqual(40);
    expect(actionsInModule('DateTime').length).toBeGreaterThanOrEqual(7);
    expect(actionsInModule('System').length).toBeGreaterThanOrEqual(15);
    for (const m of ['File', 'Folder', 'Text', 'Variables', 'DateTime', 'System']) {
      expect(actionsInModule(m).every((a) => a.doc?.startsWith('https://learn.microsoft.com/'))).toBe(true);
    }
  });

  it('has the special External actions with dynamic @ arguments', () => {
    const invoke = must('External.InvokeCloudConnector');
    expect(invoke.dynamic).toBe(true);
    expect(invoke.params.map((p) => p.name)).toEqual(['Connection', 'ConnectorId', 'OperationId']);
    const run = must('External.RunFlow');
    expect(run.dynamic).toBe(true);
    expect(run.params.map((p) => p.name)).toEqual(['FlowId', 'WaitToComplete']);
    expect(must('File.ReadTextFromFile.ReadText').dynamic ?? false).toBe(false);
  });

  it('records kinds for conditions, waits and loops', () => {
    expect(must('File.IfFile.Exists').kind).toBe('condition');
    expect(must('System.WaitForProcess.ProcessToStop').kind).toBe('wait');
    expect(must('WorkQueues.ProcessWorkQueueItem.ProcessWorkQueueItem').kind).toBe('loop');
  });
});

describe('lookups', () => {
  it('matches exactly', () => {
    expect(lookupAction('File.ReadTextFromFile.ReadText')?.variant).toBe('ReadText');
    expect(lookupAction('file.readtextfromfile.readtext')).toBeUndefined();
    expect(lookupAction('File.NoSuchAction')).toBeUndefined();
    expect(lookupAction('')).toBeUndefined();
  });

  it('resolves a name without its variant only when the action has a single variant', () => {
    expect(lookupAction('WorkQueues.ProcessWorkQueueItem')?.name).toBe('WorkQueues.ProcessWorkQueueItem.ProcessWorkQueueItem');
    expect(lookupAction('File.IfFile')).toBeUndefined(); // Exists / DoesNotExist
    // A two-segment name that is itself an entry wins over variants (Text.Replace is the older form).
    expect(lookupAction('Text.Replace')?.name).toBe('Text.Replace');
  });

  it('matches argument and output names case-insensitively', () => {
    const replace = must('Text.Replace');
    expect(findParam(replace, 'IsRegex')?.name).toBe('IsRegEx');
    expect(findOutput(replace, 'result')?.name).toBe('Result');
  });

  it('lists all names sorted for suggestions', () => {
    const names = allActionNames();
    expect(names.length).toBeGreaterThan(200);
    expect([...names].sort()).toEqual(names);
    expect(names).toContain('File.ConvertFromBinary');
  });

  it('exposes the catalog as a service object', () => {
    const catalog = actionCatalog();
    expect(catalog.has('File.ConvertToBinary')).toBe(true);
    expect(catalog.has('File.ConvertToBinaryy')).toBe(false);
    expect(catalog.isKnownModule('WebAutomation')).toBe(true);
    expect(catalog.names()).toEqual(allActionNames());
    expect(actionCatalog()).toBe(catalog);
  });
});

describe('modules and enum values', () => {
  it('knows PAD module names', () => {
    for (const m of ['File', 'Folder', 'Text', 'Variables', 'DateTime', 'System', 'Excel', 'WebAutomation', 'UIAutomation', 'Scripting', 'Workstation', 'WorkQueues', 'External', 'Display', 'Pdf', 'XML']) {
      expect(isKnownModule(m), m).toBe(true);
    }
    expect(isKnownModule('CurrentItem')).toBe(false);
    expect(isKnownModule('file')).toBe(false);
  });

  it('tells enum values from variable properties', () => {
    expect(isEnumReference('File.TextFileEncoding.UTF8')).toBe(true);
    expect(isEnumReference('DateTime.DateTimeFormat.DateAndTime')).toBe(true);
    expect(isEnumReference('System.ProcessWindowStyle.Maximized')).toBe(true);
    expect(isEnumReference('WorkQueues.WorkQueueItemStatus.Processed')).toBe(true);
    expect(isEnumReference('CurrentItem.Name.Length')).toBe(false);
    expect(isEnumReference('Files.Count')).toBe(false);
    expect(isEnumReference('File.IfFile.Exists')).toBe(false); // an action, not a value
    expect(knownEnumTypes()).toContain('File.TextFileEncoding');
    expect(knownEnumTypes()).toContain('File.IfExists');
  });

  it('knows the enum types the corpus uses as values', () => {
    for (const e of ['File.CSVColumnsSeparator', 'File.CSVEncoding', 'File.FileEncoding', 'File.IfFileExists', 'Exchange.ServerVersion', 'System.ImageFormat', 'WorkQueues.WorkQueueItemPriority']) {
      expect(knownEnumTypes().has(e), e).toBe(true);
    }
  });
});

describe('generated catalog', () => {
  it('is what scripts/gen-actions.ts makes from data/pad-actions and the real scripts (run npm run gen)', async () => {
    const { generateActionCatalog, ACTIONS_CATALOG_PATH } = await import('../scripts/gen-actions.js');
    const { readFileSync } = await import('node:fs');
    expect(await generateActionCatalog()).toBe(readFileSync(ACTIONS_CATALOG_PATH, 'utf8'));
  }, 60_000);

  it('takes required arguments from the documentation, mapped to script names', () => {
    const read = must('File.ReadTextFromFile.ReadText');
    expect(read.doc).toBe('https://learn.microsoft.com/en-us/power-automate/desktop-flows/actions-reference/file#readtextfromfile');
    expect(read.title).toBe('Read text from file');
    const file = read.params.find((p) => p.name === 'File');
    expect(file).toMatchObject({ required: true, label: 'File path', source: 'script-names' });
    // "Optional: N/A" (a setting with a default) is not required.
    expect(read.params.find((p) => p.name === 'Encoding')?.required).toBeUndefined();
    expect(read.sources).toEqual(expect.arrayContaining(['docs', 'kb']));
  });

  it('knows documented actions no script shows, by their anchor, without inventing argument names', () => {
    // (Clipboard.GetText was the example until a real script used it: haballa/PushToRemoteRepository.)
    const a = lookupAction('MouseAndKeyboard.GetKeyboardLayout');
    expect(a?.nameFromDocs).toBe(true);
    expect(a?.complete).toBe(false);
    expect(a?.params).toEqual([]);
    expect(a?.outputs.map((o) => o.name)).toEqual(['KeyboardLayoutId']);
    expect(lookupAction('System.PlaySound.PlaySystemSound')?.doc).toMatch(/system#playsoundbase$/);
    expect(lookupAction('MouseAndKeyboard.GetKeyboardLayoutt')).toBeUndefined();
  });
});

describe('gen-actions: reading reference pages', () => {
  const flowControl = [
    '# Flow control actions',
    '',
    '## <a name="ifsafestopaction"></a> If safe stop requested',
    '',
    'Checks whether safe stop is requested for the specific flow.',
    '',
    '### Input parameters',
    '',
    '|Argument|Optional|Accepts|Default Value|',
    '|-----|-----|-----|-----|',
    '|Stop the flow|N/A|[Boolean value](../variable-data-types.md#boolean-value)|False|',
    '',
    '## <a name="goto"></a> Go to',
    '',
    'Transfers the flow of execution to another point, indicated by a label.',
    '',
    '### Input parameters',
    '',
    '|Argument|Optional|Accepts|Default Value|',
    '|-----|-----|-----|-----|',
    '|Go to label|No|[Text value](../variable-data-types.md#text-value)||',
    '',
    '## <a name="analyzeentitiesgoogle"></a> Analyze entities',
    '',
    'Invokes the Google Cloud Natural Language service named \'Analyze Entities\'.',
    '',
    '### Input parameters',
    '',
    '|Argument|Optional|Accepts|Default Value|',
    '|-----|-----|-----|-----|',
    '|API key|No|[Text value](../variable-data-types.md#text-value)||',
    '  |Language|Yes|[Text value](../variable-data-types.md#text-value)||',
    '|Timeout|Yes|[Numeric value](../variable-data-types.md#numeric-value)|30|',
    '',
    '## Throw custom error',
    'Raises a user-defined error by using a specified error name and message.',
    '### Input parameters',
    '|Argument|Optional|Accepts|Default Value|',
    '|-----|-----|-----|-----|',
    '|Error name|No|[Text value](../variable-data-types.md#text-value)|None|',
    '',
    '## <a name="launchaccess"></a> Launch Access',
    '',
    'Launches an Access database.',
    '',
    '### Variables produced',
    '',
    '|Argument|Type|',
    '|-----|-----|',
    '|`AccessInstance`|Access instance|',
    '|Result|Text|',
    '',
    '## Known limitations',
    '',
    '|Argument|Optional|Accepts|Default Value|',
    '|-----|-----|-----|-----|',
    '|Not an argument|No|Text||',
  ].join('\n');

  it('leaves out actions a script writes as a statement (GOTO) and sections that are no action', async () => {
    const { parseDocsPage } = await import('../scripts/gen-actions.js');
    const page = parseDocsPage('flowcontrol', flowControl);
    expect(page.module).toBe('FlowControl');
    // An action heading without anchor gets the anchor Learn makes from its title; "Known
    // limitations" has no parameter or variable section and is no action.
    expect(page.actions.map((a) => a.anchor)).toEqual(['ifsafestopaction', 'analyzeentitiesgoogle', 'throw-custom-error', 'launchaccess']);
    // The rows under the statement and under the section that is no action belong to no action.
    expect(page.actions[0]!.params.map((p) => p.label)).toEqual(['Stop the flow']);
    expect(page.actions[2]!).toMatchObject({ title: 'Throw custom error', summary: 'Raises a user-defined error by using a specified error name and message.' });
    expect(page.actions[2]!.params.map((p) => p.label)).toEqual(['Error name']);
    expect(page.actions[3]!.params).toEqual([]);
    // An indented row is still a row of its table (googlecognitive.md has one).
    expect(page.actions[1]!.params.map((p) => [p.label, p.required])).toEqual([['API key', true], ['Language', false], ['Timeout', false]]);
    // The same anchor on another page is an action.
    expect(parseDocsPage('web', flowControl).actions.map((a) => a.anchor)).toContain('goto');
  });

  it('reads output names written as code and the short type names', async () => {
    const { buildActionCatalog, parseDocsPage } = await import('../scripts/gen-actions.js');
    const page = parseDocsPage('flowcontrol', flowControl);
    expect(page.actions[3]!.outputs).toEqual([
      { name: 'AccessInstance', type: 'Access instance' },
      { name: 'Result', type: 'Text' },
    ]);
    const scriptNames = {
      modules: ['FlowControl'],
      enumTypes: [],
      actions: [{ name: 'FlowControl.IfSafeStop', kind: 'condition' as const, sources: ['kb' as const], complete: true, params: [{ name: 'ShouldStop', type: 'Boolean' as const }], outputs: [] }],
    };
    const catalog = buildActionCatalog(scriptNames, [page], new Map());
    expect(catalog.actions.map((a) => a.name)).toEqual(['FlowControl.IfSafeStop', 'FlowControl.analyzeentitiesgoogle', 'FlowControl.launchaccess', 'FlowControl.throwcustomerror']);
    expect(catalog.actions[0]!.doc).toMatch(/flowcontrol#ifsafestopaction$/);
    expect(catalog.actions[3]!.doc).toMatch(/flowcontrol#throw-custom-error$/);
    expect(catalog.actions[2]!.outputs).toEqual([
      { name: 'AccessInstance', type: 'Any' },
      { name: 'Result', type: 'Text' },
    ]);
  });
});

describe('gen-actions: a page documenting actions of other script modules', () => {
  it('documents the one action of that name in another module instead of inventing one in the page module', async () => {
    const { buildActionCatalog, parseDocsPage } = await import('../scripts/gen-actions.js');
    const row = (a: string, t: string) => [`### <a name="${a}"></a> ${t}`, t, '', '##### Variables Produced', '- none', ''];
    const page = parseDocsPage('system', ['# System', '', ...row('runpowershellscript', 'Run PowerShell script'), ...row('takescreenshot', 'Take screenshot'), ...row('emptyrecyclebin', 'Empty recycle bin')].join('\n'));
    const entry = (name: string) => ({ name, kind: 'action' as const, sources: ['kb' as const], complete: true, params: [], outputs: [] });
    const scriptNames = {
      modules: ['System', 'Scripting', 'Workstation', 'WebAutomation'],
      enumTypes: [],
      actions: [entry('Scripting.RunPowershellScript.RunPowershellScript'), entry('Workstation.TakeScreenshot.TakeScreenshot'), entry('WebAutomation.TakeScreenshot.TakeScreenshot')],
    };
    const catalog = buildActionCatalog(scriptNames, [page], new Map());
    const names = catalog.actions.map((a) => a.name);
    expect(names).not.toContain('System.runpowershellscript');
    expect(catalog.actions.find((a) => a.name === 'Scripting.RunPowershellScript.RunPowershellScript')?.doc).toMatch(/system#runpowershellscript$/);
    // Two modules have a TakeScreenshot: flowc cannot tell which is documented, and neither is System's.
    expect(names).not.toContain('System.takescreenshot');
    expect(catalog.actions.filter((a) => a.name.endsWith('TakeScreenshot')).every((a) => a.doc === undefined)).toBe(true);
    // No other module has it: the page module's, known by its anchor.
    expect(names).toContain('System.emptyrecyclebin');
  });

  it("keeps a page's own action when the other actions of that name are other pages' under other titles (Cmd's Close CMD session)", async () => {
    const { buildActionCatalog, parseDocsPage } = await import('../scripts/gen-actions.js');
    const row = (a: string, t: string) => [`### <a name="${a}"></a> ${t}`, t, '', '##### Variables Produced', '- none', ''];
    const cmd = parseDocsPage('cmd', ['# CMD session', '', ...row('close', 'Close CMD session')].join('\n'));
    const database = parseDocsPage('database', ['# Database', '', ...row('close', 'Close SQL connection')].join('\n'));
    const scripting = parseDocsPage('scripting', ['# Scripting', '', ...row('runpowershellscript', 'Run PowerShell script')].join('\n'));
    const system = parseDocsPage('system', ['# System', '', ...row('runpowershellscript', 'Run PowerShell script')].join('\n'));
    const entry = (name: string) => ({ name, kind: 'action' as const, sources: ['kb' as const], complete: true, params: [], outputs: [] });
    const scriptNames = {
      modules: ['Cmd', 'Database', 'Outlook', 'Scripting', 'System'],
      enumTypes: [],
      actions: [entry('Database.Close'), entry('Outlook.Close'), entry('Scripting.RunPowershellScript')],
    };
    for (const pages of [[cmd, database, scripting, system], [system, scripting, database, cmd]]) {
      const catalog = buildActionCatalog(scriptNames, pages, new Map());
      const names = catalog.actions.map((a) => a.name);
      // Outlook.Close is documented by no page here, so cmd.md's heading could be it: flowc cannot tell.
      expect(names).not.toContain('Cmd.close');
      expect(names).not.toContain('System.runpowershellscript');
    }
    const outlook = parseDocsPage('outlook', ['# Outlook', '', ...row('close', 'Close Outlook')].join('\n'));
    for (const pages of [[cmd, database, outlook, scripting, system], [system, scripting, outlook, database, cmd]]) {
      const catalog = buildActionCatalog(scriptNames, pages, new Map());
      const names = catalog.actions.map((a) => a.name);
      expect(names).toContain('Cmd.close');
      expect(catalog.actions.find((a) => a.name === 'Database.Close')?.doc).toMatch(/database#close$/);
      // The same title on two pages is one action, documented where its module is.
      expect(names).not.toContain('System.runpowershellscript');
      expect(catalog.actions.find((a) => a.name === 'Scripting.RunPowershellScript')?.doc).toMatch(/#runpowershellscript$/);
    }
  });
});

describe('gen-actions: what the designer wrote', () => {
  it('keeps a one-off variant from designer text, not from a hand-written script, and judges near-misses against established actions only', async () => {
    const { buildActionCatalog, observeScript } = await import('../scripts/gen-actions.js');
    const scriptNames = {
      modules: ['Excel'],
      enumTypes: [],
      actions: [{ name: 'Excel.CloseExcel.Close', kind: 'action' as const, sources: ['kb' as const], complete: true, params: [{ name: 'Instance', type: 'Any' as const }], outputs: [] }],
    };
    const observed = new Map();
    // Designer text (a solution, or a public script marked designerText): a real action, even once.
    observeScript('Excel.CloseExcel.CloseAndSave Instance: E\n', 'designer.txt', observed, true);
    // Hand-written, once: kept unless a near-miss of an established action.
    observeScript('Excel.CloseExcel.CloseAndSaveAs Instance: E DocumentPath: P\nExcel.CloseExcel.Clse Instance: E\n', 'hand.robin', observed);
    const names = buildActionCatalog(scriptNames, [], observed).actions.map((a) => a.name);
    expect(names).toContain('Excel.CloseExcel.CloseAndSave');
    // Not a misspelling of the one-off CloseAndSave (which no other source knows).
    expect(names).toContain('Excel.CloseExcel.CloseAndSaveAs');
    // A misspelling of Close, which the knowledge base knows.
    expect(names).not.toContain('Excel.CloseExcel.Clse');
    // The same one-off CloseAndSave, hand-written: a near-miss of Close, so not kept.
    const handOnly = new Map();
    observeScript('Excel.CloseExcel.CloseAndSave Instance: E\n', 'hand.robin', handOnly);
    expect(buildActionCatalog(scriptNames, [], handOnly).actions.map((a) => a.name)).not.toContain('Excel.CloseExcel.CloseAndSave');
  });
});

describe('gen-actions: real scripts as a source', () => {
  it('adds actions and arguments real scripts use, but not a one-off near-miss of a known action', async () => {
    const { buildActionCatalog, observeScript, parseDocsPage } = await import('../scripts/gen-actions.js');
    const scriptNames = {
      modules: ['File'],
      enumTypes: [],
      actions: [
        { name: 'File.ReadTextFromFile.ReadText', kind: 'action' as const, sources: ['kb' as const], complete: true, params: [{ name: 'File', type: 'File' as const }], outputs: [] },
      ],
    };
    const observed = new Map();
    observeScript("File.ReadTextFromFile.ReadTxt File: 'a' Content=> C\nFile.Shred File: 'a' Passes: 3\n", 'one.txt', observed);
    observeScript("File.ReadTextFromFile.ReadText File: 'a' Encoding: File.TextFileEncoding.UTF8 Content=> C\n", 'two.txt', observed);
    const docs = parseDocsPage('file', '# File\n\n### <a name="readtextfromfile"></a> Read text from file\nRead the contents of a text file\n\n##### Input Parameters\n|Argument|Optional|Accepts|Default Value|Description|\n|-----|-----|-----|-----|-----|\n|File path|No|File||The file to read|\n');
    const catalog = buildActionCatalog(scriptNames, [docs], observed);
    const names = catalog.actions.map((a) => a.name);
    expect(names).toContain('File.Shred');
    expect(names).not.toContain('File.ReadTextFromFile.ReadTxt');
    const shred = catalog.actions.find((a) => a.name === 'File.Shred')!;
    expect(shred).toMatchObject({ complete: false, sources: ['observed'] });
    expect(shred.params.map((p) => [p.name, p.source])).toEqual([['File', 'observed'], ['Passes', 'observed']]);
    const read = catalog.actions.find((a) => a.name === 'File.ReadTextFromFile.ReadText')!;
    // An argument only a real script shows is added as observed; the documented one is required.
    expect(read.params.map((p) => [p.name, p.source, p.required ?? false])).toEqual([
      ['File', 'script-names', true],
      ['Encoding', 'observed', false],
    ]);
    expect(read.doc).toMatch(/file#readtextfromfile$/);
  });
  it('keeps an action seen once in exactly designer text, even next to a known name (the designer writes no typo)', async () => {
    const { buildActionCatalog, observeScript } = await import('../scripts/gen-actions.js');
    const scriptNames = {
      modules: ['Excel'],
      enumTypes: [],
      actions: [{ name: 'Excel.CloseExcel.CloseAndSaveAs', kind: 'action' as const, sources: ['kb' as const], complete: false, params: [], outputs: [] }],
    };
    const observed = new Map();
    observeScript('Excel.CloseExcel.CloseAndSave Instance: ExcelInstance\n', 'designer.txt', observed, true);
    observeScript('Excel.CloseExcel.CloseAndSav Instance: ExcelInstance\n', 'hand.txt', observed);
    const names = buildActionCatalog(scriptNames, [], observed).actions.map((a) => a.name);
    expect(names).toContain('Excel.CloseExcel.CloseAndSave');
    expect(names).not.toContain('Excel.CloseExcel.CloseAndSav');
  });

  it('matches a documented `…action` anchor to a script action whose name ends in Action', async () => {
    const { buildActionCatalog, parseDocsPage } = await import('../scripts/gen-actions.js');
    const scriptNames = {
      modules: ['Triggers'],
      enumTypes: [],
      actions: [
        { name: 'Triggers.WaitForTriggerAction.WaitForTriggerAction', kind: 'action' as const, sources: ['kb' as const], complete: true, params: [{ name: 'Policy', type: 'Any' as const }], outputs: [] },
      ],
    };
    const docs = parseDocsPage('triggers', '# Triggers actions\n\n## <a name="waitfortriggeraction"></a> UI element event trigger\n\nSets up an event trigger on the selected UI element.\n');
    const catalog = buildActionCatalog(scriptNames, [docs], new Map());
    expect(catalog.actions.map((a) => a.name)).toEqual(['Triggers.WaitForTriggerAction.WaitForTriggerAction']);
    expect(catalog.actions[0]!.doc).toMatch(/triggers#waitfortriggeraction$/);
    expect(catalog.actions[0]!.title).toBe('UI element event trigger');
  });

  it('does not take "transaction" for an …action suffix', async () => {
    const { buildActionCatalog, parseDocsPage } = await import('../scripts/gen-actions.js');
    const scriptNames = {
      modules: ['SAP'],
      enumTypes: [],
      actions: [{ name: 'SAP.StartTransaction', kind: 'action' as const, sources: ['kb' as const], complete: true, params: [], outputs: [] }],
    };
    const docs = parseDocsPage(
      'sap',
      '# SAP automation actions\n\n## <a name="starttransaction"></a> Start SAP transaction\n\nOpens a specific transaction code in existing session.\n\n## <a name="endtransaction"></a> End SAP transaction\n\nCloses the SAP transaction.\n',
    );
    const catalog = buildActionCatalog(scriptNames, [docs], new Map());
    expect(catalog.actions.map((a) => a.name).sort()).toEqual(['SAP.StartTransaction', 'SAP.endtransaction']);
    expect(catalog.actions.find((a) => a.name === 'SAP.StartTransaction')!.doc).toMatch(/sap#starttransaction$/);
  });
});

describe('gen-actions: what makes an argument required', () => {
  const scriptNames = {
    modules: ['WebAutomation'],
    enumTypes: [],
    actions: [
      {
        name: 'WebAutomation.ExtractData.ExtractHtmlTable',
        kind: 'action' as const,
        sources: ['kb' as const],
        complete: true,
        params: [
          { name: 'BrowserInstance', type: 'Any' as const },
          { name: 'ExtractionParameters', type: 'Any' as const },
          { name: 'PostProcessData', type: 'Any' as const },
        ],
        outputs: [],
      },
      {
        name: 'WebAutomation.LaunchChrome.LaunchChrome',
        kind: 'action' as const,
        sources: ['kb' as const],
        complete: true,
        params: [
          { name: 'Url', type: 'Text' as const },
          { name: 'Timeout', type: 'Numeric' as const },
          { name: 'TabTitle', type: 'Text' as const },
        ],
        outputs: [],
      },
    ],
  };
  const page =
    '# Web automation\n\n### <a name="extractdata"></a> Extract data from web page\nExtract data\n\n##### Input Parameters\n|Argument|Optional|Accepts|Default Value|\n|-----|-----|-----|-----|\n' +
    '|Web browser instance|No|Web browser instance||\n|Extraction parameters|No|Datatable||\n|Max web pages to process|No|Numeric value||\n\n' +
    '### <a name="launchchromebase"></a> Launch new Chrome\nLaunch Chrome\n\n##### Input Parameters\n|Argument|Optional|Accepts|Default Value|\n|-----|-----|-----|-----|\n' +
    '|Initial URL|No|Text value||\n|Tab title|No|Text value||\n|Timeout|No|Numeric value|60|\n';

  it('does not make an argument required when its label was matched only by a shared word', async () => {
    const { buildActionCatalog, parseDocsPage } = await import('../scripts/gen-actions.js');
    const catalog = buildActionCatalog(scriptNames, [parseDocsPage('webautomation', page)], new Map());
    const extract = catalog.actions.find((a) => a.name === 'WebAutomation.ExtractData.ExtractHtmlTable')!;
    // "Extraction parameters" ↔ ExtractionParameters by letters and "Web browser instance" ⊃
    // BrowserInstance: required; "Max web pages to process" ↔ PostProcessData only by the word
    // "process": labelled, not required.
    expect(extract.params.map((p) => [p.name, p.label, p.required ?? false])).toEqual([
      ['BrowserInstance', 'Web browser instance', true],
      ['ExtractionParameters', 'Extraction parameters', true],
      ['PostProcessData', 'Max web pages to process', false],
    ]);
  });

  it('does not make an argument with a default value required, though the row says "Optional: No"', async () => {
    const { buildActionCatalog, parseDocsPage, hasDefault } = await import('../scripts/gen-actions.js');
    const catalog = buildActionCatalog(scriptNames, [parseDocsPage('webautomation', page)], new Map());
    const launch = catalog.actions.find((a) => a.name === 'WebAutomation.LaunchChrome.LaunchChrome')!;
    expect(launch.params.map((p) => [p.name, p.required ?? false])).toEqual([
      ['Url', true],
      ['Timeout', false],
      ['TabTitle', true],
    ]);
    // A default is a value the argument accepts.
    expect(hasDefault({ accepts: 'Numeric value', default: '60' })).toBe(true);
    expect(hasDefault({ accepts: 'Text value', default: '0' })).toBe(true);
    expect(hasDefault({ accepts: 'High, Normal, Low', default: 'Normal' })).toBe(true);
    expect(hasDefault({ accepts: 'Boolean', default: 'False' })).toBe(true);
    expect(hasDefault({ accepts: 'ASMO-708: Arabic (ASMO 708), big5: Chinese Traditional (Big5), …', default: 'utf-8: Unicode (UTF-8)' })).toBe(true);
    expect(hasDefault({ accepts: 'Numeric value', default: '' })).toBe(false);
    expect(hasDefault({ accepts: 'Text value', default: 'None' })).toBe(false);
    expect(hasDefault({ accepts: 'Word instance', default: 'The Word instance to work with' })).toBe(false);
    expect(hasDefault({ accepts: 'Datetime value', default: 'Normal' })).toBe(false);
    expect(hasDefault({ accepts: 'Numeric value', default: 'ten' })).toBe(false);
  });

  it('leaves the real catalog without those false requirements', () => {
    const extract = must('WebAutomation.ExtractData.ExtractHtmlTable');
    expect(extract.params.find((p) => p.name === 'PostProcessData')?.required).toBeUndefined();
    expect(extract.params.find((p) => p.name === 'ExtractionParameters')?.required).toBe(true);
    for (const name of ['WebAutomation.LaunchChrome.LaunchChrome', 'WebAutomation.LaunchEdge.LaunchEdge']) {
      expect(must(name).params.find((p) => p.name === 'Timeout')?.required, name).toBeUndefined();
    }
    expect(must('WebAutomation.LaunchChrome.AttachToChromeByTitle').params.find((p) => p.name === 'TabTitle')?.required).toBe(true);
  });
});

describe('modules known from the knowledge base as well as the docs', () => {
  it('knows the script names of Access actions (Robin action KB), matched to their docs anchors', () => {
    const select = must('Access.RunAccessQuery.RunAccessSelectQuery');
    expect(select.complete).toBe(true);
    expect(select.sources).toEqual(expect.arrayContaining(['docs', 'kb']));
    expect(select.doc).toMatch(/access#runaccessquery$/);
    expect(select.params.map((p) => p.name)).toEqual(['Instance', 'QueryName']);
    expect(select.outputs).toEqual([{ name: 'QueryResult', type: 'Datatable' }]);
    expect(must('Access.LaunchAccess.LaunchExistingDbInUserControlMode').params.find((p) => p.name === 'Path')).toMatchObject({ type: 'File', accepts: 'file', label: 'Database path' });
    // The docs mark no Access argument "Optional: No" without a default: none is required.
    const access = actionCatalog().names().filter((n) => n.startsWith('Access.'));
    expect(access.length).toBeGreaterThanOrEqual(11);
    for (const n of access) expect(must(n).params.filter((p) => p.required), n).toEqual([]);
    // The anchor-only names are gone now that the script names are known.
    expect(lookupAction('Access.launchaccess')).toBeUndefined();
  });

  it('knows the script names of Active Directory actions, required where the docs say "Optional: No" for that mode', () => {
    const names = actionCatalog().names().filter((n) => n.startsWith('ActiveDirectory.'));
    expect(names.length).toBeGreaterThanOrEqual(23);
    for (const n of names) expect(must(n).nameFromDocs, n).toBeUndefined();
    const add = must('ActiveDirectory.ModifyGroup.AddUserToGroup');
    expect(add.doc).toMatch(/activedirectory#modifygroupaction$/);
    expect(add.params.filter((p) => p.required).map((p) => p.name).sort()).toEqual(['DistinguishedName', 'ParentDirectoryEntry', 'UserDistinguishedName']);
    // "Username"/"Password" are rows of the authenticated mode only.
    expect(must('ActiveDirectory.ConnectToServer.ConnectToServer').params.map((p) => [p.name, p.required ?? false])).toEqual([['LdapPath', true]]);
    expect(must('ActiveDirectory.ConnectToServer.ConnectToServerWithAuthentication').params.find((p) => p.name === 'AuthenticationType')).toMatchObject({ enum: 'ActiveDirectory.AuthenticationTypes' });
    expect(knownEnumTypes()).toContain('ActiveDirectory.GroupScope');
  });

  it('knows the script names of AWS actions, each mode\'s arguments required only in that mode', () => {
    const names = actionCatalog().names().filter((n) => n.startsWith('AWS.'));
    expect(names.length).toBeGreaterThanOrEqual(23);
    for (const n of names) expect(must(n).nameFromDocs, n).toBeUndefined();
    expect(must('AWS.CreateEc2Session.CreateEc2SessionWithAccessKeys').params.filter((p) => p.required).map((p) => p.name).sort()).toEqual(['AccessKeyId', 'RegionEndpoint', 'Secret']);
    // The profile mode has none of the access-key rows.
    expect(must('AWS.CreateEc2Session.CreateEc2SessionWithProfile').params.filter((p) => p.required)).toEqual([]);
    expect(must('AWS.StartEC2Instance').params.find((p) => p.name === 'InstanceIds')).toMatchObject({ type: 'List', required: true, label: 'Instance IDs' });
    expect([...knownEnumTypes()]).toEqual(expect.arrayContaining(['AWS.InstanceState', 'AWS.VolumeType']));
  });

  it('knows the script names of Azure actions', () => {
    const names = actionCatalog().names().filter((n) => n.startsWith('Azure.'));
    expect(names.length).toBeGreaterThanOrEqual(32);
    for (const n of names) expect(must(n).nameFromDocs, n).toBeUndefined();
    const session = must('Azure.CreateSession');
    expect(session.doc).toMatch(/azure#createsessionaction$/);
    expect(session.params.filter((p) => p.required).map((p) => p.name).sort()).toEqual(['ClientId', 'ClientSecret', 'TenantId']);
    expect(must('Azure.GetDisks.GetDisksByName').params.filter((p) => p.required).map((p) => p.name).sort()).toEqual(['AzureClient', 'DiskName']);
    expect([...knownEnumTypes()]).toEqual(expect.arrayContaining(['Azure.ResourceGroupCreateOption', 'Azure.StorageAccountType', 'Azure.VMStatus']));
  });
});

describe('gen-actions: mapping designer names to script names', () => {
  it('maps the same letters before containment, so another argument\'s row does not take a name', async () => {
    const { buildActionCatalog, parseDocsPage } = await import('../scripts/gen-actions.js');
    const scriptNames = {
      modules: ['ActiveDirectory'],
      enumTypes: [],
      actions: [
        { name: 'ActiveDirectory.ModifyGroup.DeleteGroup', kind: 'action' as const, sources: ['kb' as const], complete: true, params: [{ name: 'ParentDirectoryEntry', type: 'Any' as const }, { name: 'DistinguishedName', type: 'Text' as const }], outputs: [] },
      ],
    };
    const page = parseDocsPage(
      'activedirectory',
      '# Active Directory\n\n### <a name="modifygroupaction"></a> Modify group\nModifies a group\n\n##### Input Parameters\n|Argument|Optional|Accepts|Default Value|\n|-----|-----|-----|-----|\n' +
        '|Parent directory entry|No|Active Directory entry||\n|Distinguished name|No|Text value||\n|User distinguished name|No|Text value||\n',
    );
    const del = buildActionCatalog(scriptNames, [page], new Map()).actions[0]!;
    // "User distinguished name" (a row of the add/remove-user modes) contains DistinguishedName,
    // but "Distinguished name" names it by its letters: it keeps that label and stays required.
    expect(del.params.map((p) => [p.name, p.label, p.required ?? false])).toEqual([
      ['ParentDirectoryEntry', 'Parent directory entry', true],
      ['DistinguishedName', 'Distinguished name', true],
    ]);
  });
});
