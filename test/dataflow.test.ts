/**
 * Data-flow typing (src/analysis/dataflow.ts): what each variable may hold, through SET, action
 * outputs, connector responses, lists, custom objects and subflows; the fixpoint; the bounds.
 */
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../src/syntax/parse.js';
import { buildSymbols } from '../src/analysis/symbols.js';
import { computeFacts } from '../src/analysis/facts.js';
import { buildServices } from '../src/engine/index.js';
import { defaultConfig } from '../src/inputs/config.js';
import {
  Atom,
  BOTTOM,
  MAX_DEPTH,
  MAX_NODES,
  UNKNOWN,
  analyzeDataflow,
  bound,
  deepAtoms,
  flowTypes,
  join,
  listOf,
  objectOf,
  responseType,
  typeKey,
  type DataType,
} from '../src/analysis/dataflow.js';
import type { SourceDocument } from '../src/model/source.js';

const services = buildServices(defaultConfig(process.cwd()));

function analyse(text: string) {
  const { flow } = parseFlow(text);
  const doc: SourceDocument = { path: 'test.flow', absolutePath: '/test.flow', text, origin: 'file' };
  const symbols = buildSymbols(flow, { isKnownModule: (m) => services.actions.isKnownModule(m) });
  const facts = computeFacts(doc, flow);
  const input = { flow, symbols, facts, services };
  const types = analyzeDataflow(input);
  return { flow, types, input, of: (name: string) => typeKey(types.variable(name)) };
}

const HEADER = `FLOW 'T'
    CONNECTION Docs CONNECTOR 'shared_sharepointonline'
    CONNECTION Mail CONNECTOR 'shared_office365'
END FLOW
`;

describe('type lattice', () => {
  it('joins atoms, list elements and object properties', () => {
    const a: DataType = { atoms: Atom.Text, list: { atoms: Atom.File } };
    const b: DataType = { atoms: Atom.BinaryData, list: { atoms: Atom.Folder }, object: { props: new Map([['x', UNKNOWN]]), open: false } };
    expect(typeKey(join(a, b))).toBe('Text | BinaryData | List<File | Folder> | {x: Unknown}');
    expect(typeKey(join(BOTTOM, BOTTOM))).toBe('Nothing');
    expect(typeKey(join(a, BOTTOM))).toBe(typeKey(a));
  });

  it('cuts nesting deeper than MAX_DEPTH to Unknown', () => {
    let t: DataType = { atoms: Atom.File };
    for (let i = 0; i < MAX_DEPTH + 3; i++) t = listOf(t);
    const limited = join(BOTTOM, t);
    let depth = 0;
    let cur: DataType | undefined = limited;
    while (cur?.list) {
      depth++;
      cur = cur.list;
    }
    expect(depth).toBe(MAX_DEPTH);
    expect(cur!.atoms & Atom.Unknown).toBeTruthy();
    expect(cur!.atoms & Atom.File).toBe(0);
  });

  it('bounds the number of nodes of a type', () => {
    const wide = objectOf(Array.from({ length: 60 }, (_, i) => [`p${i}`, objectOf(Array.from({ length: 60 }, (_, j) => [`q${j}`, { atoms: Atom.File }]))]));
    const b = bound(wide);
    let nodes = 0;
    const count = (t: DataType): void => {
      nodes++;
      if (t.list) count(t.list);
      for (const v of t.object?.props.values() ?? []) count(v);
    };
    count(b);
    expect(nodes).toBeLessThanOrEqual(MAX_NODES * 2);
    expect(deepAtoms(b) & Atom.Unknown).toBeTruthy();
  });

  it('types connector responses: binary bodies and binary fields', () => {
    const c = services.connectors;
    expect(typeKey(responseType(c.operation('shared_sharepointonline', 'GetFileContent')!))).toBe('BinaryData');
    expect(typeKey(responseType(c.operation('shared_office365', 'GetAttachment_V2')!))).toBe('{contentBytes: BinaryData, …}');
    expect(typeKey(responseType(c.operation('shared_office365', 'GetEmailsV3')!))).toBe('{value: List<{attachments: List<{contentBytes: BinaryData, …}>, …}>, …}');
    expect(typeKey(responseType(c.operation('shared_office365', 'GetEmails')!))).toBe('List<{Attachments: List<{ContentBytes: BinaryData, …}>, …}>');
    expect(typeKey(responseType(c.operation('shared_sharepointonline', 'GetItems')!))).toBe('{…}');
  });
});

describe('flow typing', () => {
  it('types SET values: paths, text, numbers, lists and objects', () => {
    const { of } = analyse(`SET P TO $'''C:\\\\Invoices\\\\a.pdf'''
SET U TO $'''\\\\\\\\server\\\\share\\\\b.pdf'''
SET T TO $'''hello'''
SET Url TO $'''https://contoso.com/a.pdf'''
SET N TO 3
SET B TO N > 2
SET L TO [P, T]
SET O TO { 'Name': T, 'Path': P }
`);
    expect(of('P')).toBe('PathText');
    expect(of('U')).toBe('PathText');
    expect(of('T')).toBe('Text');
    expect(of('Url')).toBe('Text');
    expect(of('N')).toBe('Numeric');
    expect(of('B')).toBe('Boolean');
    expect(of('L')).toBe('List<Text | PathText>');
    expect(of('O')).toBe('{Name: Text, Path: PathText}');
  });

  it('types action outputs from the action catalog, and File/Folder properties', () => {
    const { of } = analyse(`File.GetTempPath TempFile=> Tmp
Folder.GetSpecialFolder SpecialFolder: Folder.SpecialFolder.MyDocuments SpecialFolderPath=> Docs
SET Full TO Tmp.FullPath
SET Name TO Tmp.Name
SET Dir TO Tmp.Directory
SET Built TO $'''%Docs%\\\\report.pdf'''
SET Whole TO $'''%Tmp%'''
SET Said TO $'''The file is %Tmp%'''
File.ConvertToBinary File: Tmp BinaryData=> Bin
Unknown.Action.Here Out=> Mystery
`);
    expect(of('Tmp')).toBe('File');
    expect(of('Docs')).toBe('Folder');
    expect(of('Full')).toBe('PathText');
    expect(of('Name')).toBe('Text');
    expect(of('Dir')).toBe('Folder');
    expect(of('Built')).toBe('PathText');
    expect(of('Whole')).toBe('PathText');
    expect(of('Said')).toBe('Text');
    expect(of('Bin')).toBe('BinaryData');
    expect(of('Mystery')).toBe('Unknown');
  });

  it('follows list items into LOOP FOREACH and Variables.AddItemToList', () => {
    const { of } = analyse(`SET Paths TO [$'''C:\\\\a.pdf''']
Variables.CreateNewList List=> Objects
LOOP FOREACH P IN Paths
    File.ConvertToBinary File: P BinaryData=> Bytes
    Variables.AddItemToList Item: { 'Name': $'''a''', 'ContentBytes': Bytes } List: Objects
END
LOOP FOREACH O IN Objects
    SET Content TO O['ContentBytes']
    SET Content2 TO O.ContentBytes
END
Variables.MergeLists FirstList: Paths SecondList: Objects OutputList=> Merged
`);
    expect(of('P')).toBe('PathText');
    expect(of('Objects')).toBe('List<{ContentBytes: BinaryData, Name: Text}>');
    expect(of('O')).toBe('{ContentBytes: BinaryData, Name: Text}');
    expect(of('Content')).toBe('BinaryData');
    expect(of('Content2')).toBe('BinaryData');
    expect(of('Merged')).toBe('List<PathText | {ContentBytes: BinaryData, Name: Text}>');
  });

  it('records SET into a list element or an object property on the root variable', () => {
    const { of } = analyse(`SET Obj TO { 'A': 1 }
SET Obj['File'] TO $'''C:\\\\x.pdf'''
SET Lst TO [1]
SET Lst[0] TO $'''C:\\\\y.pdf'''
`);
    expect(of('Obj')).toBe('{A: Numeric, File: PathText}');
    expect(of('Lst')).toBe('List<PathText | Numeric>');
  });

  it('is flow-global: an assignment in any subflow, in any order, reaches every read (fixpoint)', () => {
    const { of, types } = analyse(`SET A TO B
SET B TO C
CALL Init
FUNCTION Init GLOBAL
    SET C TO D
    SET D TO $'''C:\\\\deep.pdf'''
END FUNCTION
`);
    expect(of('A')).toBe('PathText');
    expect(types.converged).toBe(true);
  });

  it('makes the union of every assignment (variables reused for other kinds of values)', () => {
    const { of } = analyse(`SET Doc TO $'''C:\\\\a.pdf'''
File.ConvertToBinary File: Doc BinaryData=> Doc
`);
    expect(of('Doc')).toBe('PathText | BinaryData');
  });

  it('treats text passed as a file argument as a path', () => {
    const { of } = analyse(`@INPUT TemplatePath : { 'Type': 'String', 'IsOptional': False }
@INPUT Body : { 'Type': 'String', 'IsOptional': False }
File.ReadTextFromFile.ReadText File: TemplatePath Encoding: File.TextFileEncoding.UTF8 Content=> Html
`);
    expect(of('TemplatePath')).toBe('PathText');
    expect(of('Body')).toBe('Text');
    expect(of('Html')).toBe('Text');
  });

  it('types @INPUTs from their Type, and loop counters, errors and Power Fx values', () => {
    const { of } = analyse(`@INPUT Files : { 'Type': 'List', 'IsOptional': True }
@INPUT Settings : { 'Type': 'CustomObject', 'IsOptional': True }
@INPUT Flag : { 'Type': 'Bool', 'IsOptional': True }
LOOP I FROM 1 TO 3 STEP 1
END
ERROR => Err
LOOP FOREACH F IN Files
END
SET S TO Settings['Anything']
`);
    expect(of('Files')).toBe('List<Unknown>');
    expect(of('Settings')).toBe('{…}');
    expect(of('Flag')).toBe('Boolean');
    expect(of('I')).toBe('Numeric');
    expect(of('Err')).toBe('Unknown');
    expect(of('F')).toBe('Unknown');
    expect(of('S')).toBe('Unknown');
    const fx = analyse(`SET X TO $fx'=Index(Files, 1)'\n`);
    expect(fx.of('X')).toBe('Unknown');
  });

  it('types connector responses through variables, indexing and loops', () => {
    const { of } = analyse(`${HEADER}External.InvokeCloudConnector Connection: Docs OperationId: 'GetFileContent' @dataset: $'''s''' @id: $'''1''' @GetFileContentResponse=> Content
External.InvokeCloudConnector Connection: Mail OperationId: 'GetEmailV2' @messageId: $'''m''' @GetEmailV2Response=> Email
LOOP FOREACH Att IN Email['attachments']
    SET Bytes TO Att['contentBytes']
    SET AttName TO Att['name']
END
External.InvokeCloudConnector Connection: Docs OperationId: 'NoSuchOperation' @NoSuchOperationResponse=> Odd
`);
    expect(of('Content')).toBe('BinaryData');
    expect(of('Bytes')).toBe('BinaryData');
    expect(of('AttName')).toBe('Unknown');
    expect(of('Odd')).toBe('Unknown');
  });

  it('ignores disabled statements: they assign nothing', () => {
    const { of } = analyse(`SET X TO 1
DISABLE SET X TO $'''C:\\\\a.pdf'''
`);
    expect(of('X')).toBe('Numeric');
  });

  it('matches variable names as the flow does (case-insensitive in classic flows)', () => {
    const { of } = analyse(`SET Path TO $'''C:\\\\a.pdf'''
SET copy TO PATH
`);
    expect(of('COPY')).toBe('PathText');
  });

  it('remembers where a variable first gets each kind of value', () => {
    const text = `SET X TO 1
CALL Sub
FUNCTION Sub GLOBAL
    File.GetTempPath TempFile=> X
END FUNCTION
`;
    const { types } = analyse(text);
    const file = types.origin('X', Atom.File)!;
    expect(text.slice(file.span.start, file.span.end)).toBe('X');
    expect(file.what).toBe('from the output of File.GetTempPath');
    expect(text.slice(0, file.span.start).split('\n').length).toBe(4);
    expect(types.origin('X', Atom.Numeric)!.what).toBe('by SET');
    expect(types.origin('X', Atom.BinaryData)).toBeUndefined();
  });

  it('stays bounded on self-referencing and long chains of assignments', () => {
    const selfRef = analyse(`SET L TO [1]
SET L TO [L]
SET O TO { 'a': O }
`);
    // Terminates, with nesting cut at MAX_DEPTH.
    expect(selfRef.of('L')).toContain('Unknown');
    expect(selfRef.of('O')).toContain('Unknown');

    const n = 2000;
    const lines = [];
    for (let i = 0; i < n; i++) lines.push(`SET V${i} TO V${i + 1}`);
    lines.push(`SET V${n} TO $'''C:\\\\end.pdf'''`);
    const chain = analyse(`${lines.join('\n')}\n`);
    expect(chain.types.converged).toBe(true);
    expect(chain.of('V0')).toBe('PathText');
    // Linear: each assignment runs a small, bounded number of times.
    expect(chain.types.evaluations).toBeLessThanOrEqual(3 * (n + 1));
  });

  it('computes the types once per flow for all rules (flowTypes caches by flow)', () => {
    const { input } = analyse(`SET X TO 1\n`);
    expect(flowTypes(input)).toBe(flowTypes(input));
  });
});
