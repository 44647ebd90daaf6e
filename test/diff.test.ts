/**
 * `flowc diff` (issue 23): every kind of change on small flows, the real solutions (two versions
 * of a real flow: a parameter changed, an action moved, a subflow added, a reference embedded, a
 * co-owner added), the diff of every fixture and every real flow against itself (empty), `import`
 * against the solution (empty), the three formats (json valid against schemas/diff.schema.json),
 * secrets masked, exit codes, `--git` and git's textconv driver in a scratch repository.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import type { FlowDiff, FlowChange, StatementChange } from '../src/generated/diff.js';
import { getValidator } from '../src/inputs/schema-registry.js';
import { longestIncreasing } from '../src/diff/statements.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = path.join(ROOT, 'fixtures/corpus/padframework');
const ZIPS = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.zip'))
  .map((f) => path.join(CORPUS, f));
const FLOWC = path.join(ROOT, 'dist/bin/flowc.js');

const run = async (cwd: string, args: string[]) => {
  const { code, out, err } = await runCli(args, { cwd });
  return { code, out, err };
};

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'flowc-diff-test-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function dir(files: Record<string, string>): string {
  const d = path.join(tmp, `case-${n++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    writeFileSync(path.join(d, name), text);
  }
  return d;
}

async function diffJson(cwd: string, a: string, b: string, extra: string[] = []): Promise<{ code: number; d: FlowDiff }> {
  const r = await run(cwd, ['diff', a, b, '--format', 'json', ...extra]);
  expect(r.err).toBe('');
  const d = JSON.parse(r.out) as FlowDiff;
  const validate = getValidator('diff');
  expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
  return { code: r.code, d };
}

/** Replaces every `a` by `b` literally (String.replace would read `$'` in `b` as a pattern). */
const sub = (s: string, a: string, b: string): string => s.split(a).join(b);

const statements = (f: FlowChange): (StatementChange & { subflow: string })[] => f.subflows.flatMap((s) => s.statements.map((c) => ({ ...c, subflow: s.name })));

const BASE = `FLOW 'Invoices'
    OWNER 'alice@contoso.com'
    RUNS CONSOLE
    CONNECTION Docs CONNECTOR 'shared_sharepointonline' LOGICALNAME 'contoso_Docs' OWNER 'alice@contoso.com'
END FLOW
SET Site TO $'''https://contoso.sharepoint.com/sites/finance'''
Folder.GetFiles Folder: $'''C:\\In''' FileFilter: $'''*.pdf''' IncludeSubfolders: False Files=> Files
LOOP FOREACH F IN Files
    File.ConvertToBinary File: F BinaryData=> Bytes
    External.InvokeCloudConnector Connection: Docs OperationId: 'CreateFile' @dataset: Site @folderPath: $'''/Shared Documents''' @name: F.Name @body: Bytes @CreateFileResponse=> Created
END
Display.ShowMessageDialog.ShowMessage Message: $'''%Files.Count% files''' ButtonClicked=> Clicked
CALL Done
FUNCTION Done GLOBAL
    File.WriteText File: $'''C:\\log.txt''' TextToWrite: $'''done''' AppendNewLine: True IfFileExists: File.IfFileExists.Append Encoding: File.FileEncoding.UTF8
END FUNCTION
`;

describe('statements: the tree diff', () => {
  it('re-indenting, re-spacing and reordering parameters is no change', async () => {
    const changed = BASE.replace(
      "Folder.GetFiles Folder: $'''C:\\\\In''' FileFilter: $'''*.pdf''' IncludeSubfolders: False Files=> Files",
      "Folder.GetFiles    IncludeSubfolders: False   FileFilter: $'''*.pdf''' Folder: $'''C:\\\\In'''  Files=> Files",
    ).replace('    File.ConvertToBinary', '        File.ConvertToBinary');
    expect(changed).not.toBe(BASE);
    const d = dir({ 'a.flow': BASE, 'b.flow': changed });
    const { code, d: out } = await diffJson(d, 'a.flow', 'b.flow');
    expect(out.changed).toBe(false);
    expect(out.flows).toEqual([]);
    expect(code).toBe(0);
    // Nor is changing the line ends from LF to CRLF (as the designer exports).
    const crlf = dir({ 'a.flow': BASE, 'b.flow': BASE.replace(/\n/g, '\r\n') });
    expect((await diffJson(crlf, 'a.flow', 'b.flow')).d.changed).toBe(false);
  });

  it('a changed parameter: only that parameter, old → new', async () => {
    const d = dir({ 'a.flow': BASE, 'b.flow': BASE.replace("IncludeSubfolders: False", 'IncludeSubfolders: True') });
    const { code, d: out } = await diffJson(d, 'a.flow', 'b.flow');
    expect(code).toBe(1);
    const s = statements(out.flows[0]!);
    expect(s).toEqual([{ subflow: 'main', change: 'changed', kind: 'action', label: 'Folder.GetFiles', oldLine: 7, newLine: 7, params: [{ name: 'IncludeSubfolders', old: 'False', new: 'True' }] }]);
    expect(out.summary.actionsChanged).toBe(1);
  });

  it('added, removed and moved statements; an added block once with its size', async () => {
    const lines = BASE.split('\n');
    // Move the message dialog before the loop, remove SET Site, add an IF block with two statements.
    const dialog = lines.findIndex((l) => l.startsWith('Display.ShowMessageDialog'));
    const [moved] = lines.splice(dialog, 1);
    const loop = lines.findIndex((l) => l.startsWith('LOOP FOREACH'));
    lines.splice(loop, 0, moved!);
    lines.splice(lines.findIndex((l) => l.startsWith('SET Site')), 1);
    lines.splice(lines.findIndex((l) => l.startsWith('CALL Done')), 0, 'IF Files.Count > 0 THEN', '    SET A TO 1', '    SET B TO 2', 'END');
    const d = dir({ 'a.flow': BASE, 'b.flow': lines.join('\n') });
    const { d: out } = await diffJson(d, 'a.flow', 'b.flow');
    const s = statements(out.flows[0]!).map((c) => [c.change, c.label, c.nested ?? 0]);
    expect(s).toContainEqual(['removed', 'SET Site', 0]);
    expect(s).toContainEqual(['moved', 'Display.ShowMessageDialog.ShowMessage', 0]);
    expect(s).toContainEqual(['added', 'IF', 2]);
    // Only what changed: the loop and its body did not move.
    expect(s.filter((c) => c[0] === 'moved')).toHaveLength(1);
    expect(out.summary).toMatchObject({ actionsAdded: 1, actionsRemoved: 1, actionsMoved: 1, actionsChanged: 0 });
  });

  it('a statement moved into another block is moved (and changed, when it also changed)', async () => {
    const b = BASE.replace("    File.ConvertToBinary File: F BinaryData=> Bytes\n", '').replace('LOOP FOREACH F IN Files\n', "LOOP FOREACH F IN Files\n    File.ConvertToBinary File: F BinaryData=> Bytes\n")
      .replace("Display.ShowMessageDialog.ShowMessage Message: $'''%Files.Count% files''' ButtonClicked=> Clicked\n", '')
    ;
    const b2 = sub(b, '    File.WriteText', "    Display.ShowMessageDialog.ShowMessage Message: $'''%Files.Count% file(s)''' ButtonClicked=> Clicked\n    File.WriteText");
    const d = dir({ 'a.flow': BASE, 'b.flow': b2 });
    const { d: out } = await diffJson(d, 'a.flow', 'b.flow');
    // Across subflows a statement is removed from one and added to the other.
    const s = statements(out.flows[0]!).map((c) => [c.subflow, c.change, c.label]);
    expect(s).toContainEqual(['main', 'removed', 'Display.ShowMessageDialog.ShowMessage']);
    expect(s).toContainEqual(['Done', 'added', 'Display.ShowMessageDialog.ShowMessage']);
    const wrapped = sub(BASE, "Display.ShowMessageDialog.ShowMessage Message: $'''%Files.Count% files''' ButtonClicked=> Clicked\n", "IF Files.Count > 0 THEN\n    Display.ShowMessageDialog.ShowMessage Message: $'''%Files.Count% file(s)''' ButtonClicked=> Clicked\nEND\n");
    const d2 = dir({ 'a.flow': BASE, 'b.flow': wrapped });
    const { d: out2 } = await diffJson(d2, 'a.flow', 'b.flow');
    const m = statements(out2.flows[0]!).find((c) => c.label === 'Display.ShowMessageDialog.ShowMessage')!;
    expect(m.change).toBe('moved');
    expect(m.params).toEqual([{ name: 'Message', old: "$'''%Files.Count% files'''", new: "$'''%Files.Count% file(s)'''" }]);
  });

  it('subflows added, removed and renamed', async () => {
    const b = BASE.replace('CALL Done', 'CALL Finish').replace('FUNCTION Done GLOBAL', 'FUNCTION Finish GLOBAL') + "FUNCTION Audit GLOBAL\n    SET Audited TO True\nEND FUNCTION\n";
    const d = dir({ 'a.flow': BASE, 'b.flow': b });
    const { d: out } = await diffJson(d, 'a.flow', 'b.flow');
    const subs = out.flows[0]!.subflows.map((s) => [s.name, s.change, s.oldName ?? null]);
    expect(subs).toContainEqual(['Finish', 'renamed', 'Done']);
    expect(subs).toContainEqual(['Audit', 'added', null]);
    const back = await diffJson(d, 'b.flow', 'a.flow');
    expect(back.d.flows[0]!.subflows.map((s) => [s.name, s.change])).toContainEqual(['Audit', 'removed']);
  });

  it('disabling a statement is a change (it no longer runs); annotations count too', async () => {
    const b = sub(BASE, 'CALL Done', 'DISABLE CALL Done');
    const d = dir({ 'a.flow': BASE, 'b.flow': b });
    const { d: out } = await diffJson(d, 'a.flow', 'b.flow');
    expect(statements(out.flows[0]!)).toEqual([{ subflow: 'main', change: 'changed', kind: 'call', label: 'CALL Done', oldLine: 13, newLine: 13, params: [{ name: 'DISABLE', new: 'yes' }] }]);
  });

  it('longest increasing subsequence', () => {
    expect([...longestIncreasing([0, 1, 5, 2, 3, 4])].sort()).toEqual([0, 1, 3, 4, 5]);
    expect(longestIncreasing([]).size).toBe(0);
    expect(longestIncreasing([3, 2, 1]).size).toBe(1);
  });
});

describe('header, references, connectors, licence, DLP, problems', () => {
  it('sharing and run modes: co-owners (case-insensitive), users, owner, schema, runs', async () => {
    const b = BASE.replace("    OWNER 'alice@contoso.com'\n", "    SCHEMA V1\n    OWNER 'Bob@Contoso.com'\n    COOWNER 'carol@contoso.com'\n    USER 'dave@contoso.com'\n").replace('RUNS CONSOLE', 'RUNS CONSOLE, UNATTENDED');
    const a = BASE.replace("    OWNER 'alice@contoso.com'\n", "    OWNER 'bob@contoso.com'\n    COOWNER 'Carol@contoso.com'\n");
    const d = dir({ 'a.flow': a, 'b.flow': b });
    const { d: out } = await diffJson(d, 'a.flow', 'b.flow');
    expect(out.flows[0]!.header).toEqual([
      { field: 'schema', old: 'V2', new: 'V1' },
      { field: 'users', added: ['dave@contoso.com'], removed: [] },
      { field: 'runs', added: ['UNATTENDED'], removed: [] },
    ]);
    expect(out.flows[0]!.licence).toEqual({ added: ['unattended-rpa'], removed: [] });
  });

  it('connection references: embedded, added, removed; connectors and operations; licence', async () => {
    const b = BASE.replace("OWNER 'alice@contoso.com'\nEND FLOW", "OWNER 'alice@contoso.com' EMBEDDED\n    CONNECTION Mail CONNECTOR 'shared_office365' LOGICALNAME 'contoso_Mail'\nEND FLOW").replace(
      'CALL Done',
      "External.InvokeCloudConnector Connection: Mail OperationId: 'SendEmailV2' @'emailMessage/To': $'''a@contoso.com''' @'emailMessage/Subject': $'''x''' @'emailMessage/Body': $'''y'''\nCALL Done",
    );
    const d = dir({ 'a.flow': BASE, 'b.flow': b });
    const { d: out } = await diffJson(d, 'a.flow', 'b.flow');
    const f = out.flows[0]!;
    expect(f.connectionReferences).toEqual([
      { logicalName: 'contoso_Docs', change: 'changed', connector: 'shared_sharepointonline', fields: [{ name: 'embedded', old: 'false', new: 'true' }] },
      { logicalName: 'contoso_Mail', change: 'added', connector: 'shared_office365', embedded: false },
    ]);
    expect(f.connectors.added).toEqual(['shared_office365']);
    expect(f.connectors.operationsAdded).toEqual([{ connector: 'shared_office365', operation: 'SendEmailV2' }]);
    // Removing the only connector action: the attended RPA licence is no longer needed.
    const c = BASE.replace(/External\.InvokeCloudConnector[^\n]*\n/, '');
    const d2 = dir({ 'a.flow': BASE, 'c.flow': c });
    const { d: out2 } = await diffJson(d2, 'a.flow', 'c.flow');
    expect(out2.flows[0]!.licence).toEqual({ added: [], removed: ['attended-rpa'] });
    expect(out2.flows[0]!.connectors.removed).toEqual(['shared_sharepointonline']);
  });

  it("each DLP policy's verdict", async () => {
    const src = path.join(ROOT, 'fixtures/FC401/invalid/blocked-and-default');
    const d = path.join(tmp, `dlp-${n++}`);
    cpSync(src, d, { recursive: true });
    const blocked = readFileSync(path.join(d, 'flows/news-digest.flow'), 'utf8');
    const allowed = blocked.replace(/^.*(shared_rss|shared_onedriveforbusiness|Connection: News|Connection: Files).*\n/gm, '');
    writeFileSync(path.join(d, 'old.flow'), allowed);
    const { d: out } = await diffJson(d, 'old.flow', 'flows/news-digest.flow');
    expect(out.flows[0]!.dlp).toEqual([expect.objectContaining({ policy: 'Contoso Production', old: 'allowed', new: 'blocked' })]);
    expect(out.flows[0]!.problems.new.map((p) => p.rule)).toContain('FC401');
  });

  it('new and fixed problems, ESLint-style: a problem that only moved is neither; --fail-on new', async () => {
    const a = BASE.replace('CALL Done', 'CALL Dnoe');
    // Old: an unknown subflow (FC002). New: the same line three lines down, plus a new unknown subflow.
    const b = BASE.replace('CALL Done', "SET X TO 1\nSET Y TO X\nSET Z TO Y\nCALL Dnoe\nCALL Missing");
    const d = dir({ 'a.flow': a, 'b.flow': b, 'c.flow': BASE });
    const { d: out } = await diffJson(d, 'a.flow', 'b.flow');
    const p = out.flows[0]!.problems;
    // The old FC002 (now three lines further down) is not new; the unknown 'Missing' and the unused Z are.
    expect(p.new.map((x) => [x.rule, x.line, x.message])).toEqual([
      ['FC006', 15, "variable 'Z' is assigned but never used"],
      ['FC002', 17, "subflow 'Missing' is not defined"],
    ]);
    expect(p.fixed).toEqual([]);
    const fixed = await diffJson(d, 'a.flow', 'c.flow');
    expect(fixed.d.flows[0]!.problems.fixed.map((x) => x.rule)).toEqual(['FC002']);
    expect(fixed.d.summary.fixedProblems).toBe(1);
    // --fail-on new: fixing a problem is a change but no new problem.
    expect((await run(d, ['diff', 'a.flow', 'c.flow', '--fail-on', 'new'])).code).toBe(0);
    expect((await run(d, ['diff', 'a.flow', 'b.flow', '--fail-on', 'new'])).code).toBe(1);
    expect((await run(d, ['diff', 'a.flow', 'b.flow', '--fail-on', 'none'])).code).toBe(0);
  });

  it('flows pair by id (a rename), by name, by content; added and removed flows', async () => {
    const withId = BASE.replace("FLOW 'Invoices'", "FLOW 'Invoices'\n    ID 'a1b2c3d4-0000-4000-8000-000000000001'");
    const d = dir({
      'old/x.flow': withId,
      'old/gone.flow': "FLOW 'Gone'\nEND FLOW\nSET A TO 1\n",
      'old/plain.flow': "FLOW 'Plain'\nEND FLOW\nSET A TO 1\nSET B TO 2\nSET C TO 3\n",
      'new/y.flow': withId.replace("FLOW 'Invoices'", "FLOW 'Invoices (EU)'"),
      'new/fresh.flow': "FLOW 'Fresh'\nEND FLOW\nSET Q TO 1\n",
      'new/plain2.flow': "FLOW 'Plainer'\nEND FLOW\nSET A TO 1\nSET B TO 2\nSET C TO 3\nSET D TO 4\n",
    });
    const { d: out } = await diffJson(d, 'old', 'new');
    const by = Object.fromEntries(out.flows.map((f) => [f.name, [f.status, f.matchedBy ?? null, f.oldName ?? null]]));
    expect(by).toEqual({
      'Invoices (EU)': ['changed', 'id', 'Invoices'],
      Plainer: ['changed', 'content', 'Plain'],
      Fresh: ['added', null, null],
      Gone: ['removed', null, null],
    });
    expect(out.summary).toMatchObject({ flowsAdded: 1, flowsRemoved: 1, flowsRenamed: 2, flowsChanged: 2 });
  });

  it('two files, one flow each: compared whatever their names; a name from the file name is no rename', async () => {
    const d = dir({ 'before.txt': 'SET A TO 1\nSET B TO 2\n', 'after.txt': "SET A TO 'one'\nSET C TO 3\n" });
    const { d: out } = await diffJson(d, 'before.txt', 'after.txt');
    expect(out.flows.map((f) => [f.name, f.status, f.matchedBy, f.oldName ?? null])).toEqual([['after', 'changed', 'only', null]]);
    expect(statements(out.flows[0]!).map((c) => [c.change, c.label])).toEqual([
      ['changed', 'SET A'],
      ['removed', 'SET B'],
      ['added', 'SET C'],
    ]);
  });
});

describe('formats, secrets, exit codes', () => {
  const secretOld = BASE.replace('CALL Done', "SET ApiPassword TO 'hunter2-old-secret'\nCALL Done");
  const secretNew = BASE.replace('CALL Done', "SET ApiPassword TO 'hunter2-new-secret'\nCALL Done").replace("OWNER 'alice@contoso.com'\n    RUNS", "OWNER 'alice@contoso.com'\n    COOWNER 'bob@contoso.com'\n    RUNS");

  it.each(['pretty', 'md', 'json'])('%s: secrets are masked', async (format) => {
    const d = dir({ 'a.flow': secretOld, 'b.flow': secretNew });
    const r = await run(d, ['diff', 'a.flow', 'b.flow', '--format', format]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('SET ApiPassword');
    expect(r.out).not.toContain('hunter2-old');
    expect(r.out).not.toContain('hunter2-new');
    expect(r.out).not.toContain('-secret');
  });

  it('md: a summary table first, details folded; pretty: compact; unchanged: one line', async () => {
    const d = dir({ 'a.flow': BASE, 'b.flow': secretNew });
    const md = (await run(d, ['diff', 'a.flow', 'b.flow', '--format', 'md'])).out;
    expect(md.indexOf('| flow |')).toBeLessThan(md.indexOf('<details>'));
    expect(md).toContain('| Invoices | changed |');
    expect(md).toContain('</details>');
    const pretty = (await run(d, ['diff', 'a.flow', 'b.flow'])).out;
    expect(pretty).toContain('+ coOwners: bob@contoso.com');
    expect(pretty).not.toContain('\u001b['); // no colour when not a terminal
    const same = await run(d, ['diff', 'a.flow', 'a.flow']);
    expect(same).toEqual({ code: 0, out: 'no change in meaning (1 flow)\n', err: '' });
  });

  it('markdown cannot be broken by a flow name', async () => {
    const evil = BASE.replace("FLOW 'Invoices'", "FLOW 'x | y </details><script>alert(1)</script>'");
    const d = dir({ 'a.flow': evil, 'b.flow': evil.replace('IncludeSubfolders: False', 'IncludeSubfolders: True') });
    const md = (await run(d, ['diff', 'a.flow', 'b.flow', '--format', 'md'])).out;
    expect(md).not.toContain('<script>');
    expect(md.match(/<\/details>/g)).toHaveLength(1);
    expect(md).toContain('x \\| y');
  });

  it('bad input exits 2', async () => {
    const d = dir({ 'a.flow': BASE });
    expect((await run(d, ['diff', 'a.flow'])).code).toBe(2);
    expect((await run(d, ['diff', 'a.flow', 'missing.flow'])).code).toBe(2);
    expect((await run(d, ['diff', 'a.flow', 'a.flow', '--format', 'sarif'])).code).toBe(2);
    expect((await run(d, ['diff', 'a.flow', 'a.flow', '--fail-on', 'sometimes'])).code).toBe(2);
  });
});

describe("the README's worked example", () => {
  it('is what flowc diff prints for fixtures/diff/invoice-upload, and the README quotes it whole', async () => {
    const d = path.join(ROOT, 'fixtures/diff/invoice-upload');
    const expected = readFileSync(path.join(d, 'expected.md'), 'utf8');
    const r = await run(d, ['diff', 'old.flow', 'new.flow', '--format', 'md']);
    expect(r.code).toBe(1);
    expect(r.out).toBe(expected);
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`\`\`\`\`markdown\n${expected}\`\`\`\``);
  });
});

function filesUnder(d: string, re: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(d).sort()) {
    const p = path.join(d, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, re));
    else if (re.test(name)) out.push(p);
  }
  return out;
}

describe('a flow against itself is empty', () => {
  const fixtures = filesUnder(path.join(ROOT, 'fixtures'), /\.(flow|txt)$/).filter((f) => !f.includes(`${path.sep}corpus${path.sep}`));
  it(`every fixture (${fixtures.length} files)`, async () => {
    expect(fixtures.length).toBeGreaterThan(50);
    const bad: string[] = [];
    for (const f of fixtures) {
      const r = await run(path.dirname(f), ['diff', path.basename(f), path.basename(f), '--format', 'json']);
      if (r.code === 2) continue; // an input flowc refuses on both sides (hostile fixtures)
      if (r.code !== 0 || (JSON.parse(r.out) as FlowDiff).changed) bad.push(`${path.relative(ROOT, f)}: ${r.out.slice(0, 300)}`);
    }
    expect(bad).toEqual([]);
  });

  it.each(ZIPS.map((z) => path.basename(z)))('every real flow of %s', async (zip) => {
    const r = await run(CORPUS, ['diff', zip, zip, '--format', 'json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as FlowDiff;
    expect(d.changed).toBe(false);
    expect(d.summary.flowsUnchanged).toBeGreaterThan(5);
  });

  it.each(ZIPS.map((z) => path.basename(z)))('import of %s against the solution is empty', async (zip) => {
    const out = path.join(tmp, `import-${zip}`);
    expect((await run(CORPUS, ['import', zip, '--out-dir', out])).code).toBe(0);
    const r = await run(CORPUS, ['diff', zip, out, '--format', 'json']);
    expect(r.code, r.out).toBe(0);
    expect((JSON.parse(r.out) as FlowDiff).summary.flowsUnchanged).toBe(readdirSync(out).length);
  });
});

describe('import then build against the solution', () => {
  it.each(ZIPS.map((z) => path.basename(z)))('%s: the built v2 records say what the solution says', async (zip) => {
    const imported = path.join(tmp, `ib-import-${zip}`);
    const built = path.join(tmp, `ib-built-${zip}`);
    expect((await run(CORPUS, ['import', zip, '--out-dir', imported])).code).toBe(0);
    expect((await run(CORPUS, ['build', imported, '--out-dir', built])).code).toBe(0);
    const r = await run(CORPUS, ['diff', zip, built, '--format', 'json']);
    expect(r.code, r.out).toBe(0);
    const records = readdirSync(built).filter((f) => f.endsWith('.json') && !f.startsWith('deploymentsettings'));
    expect((JSON.parse(r.out) as FlowDiff).summary.flowsUnchanged).toBe(records.length);
    // The same through a solution zip (`build --format solution`).
    const solutionOut = path.join(tmp, `ib-solution-${zip}`);
    expect((await run(CORPUS, ['build', imported, '--out-dir', solutionOut, '--format', 'solution'])).code).toBe(0);
    const builtZip = readdirSync(solutionOut).find((f) => f.endsWith('.zip'))!;
    const s = await run(CORPUS, ['diff', zip, path.join(solutionOut, builtZip), '--format', 'json']);
    expect(s.code, s.out).toBe(0);
    expect((JSON.parse(s.out) as FlowDiff).summary.flowsUnchanged).toBe(records.length);
    // …and a record changed after the build is seen, paired by its workflowId.
    const file = path.join(built, records[0]!);
    const record = JSON.parse(readFileSync(file, 'utf8')) as { definition: string; connectionReferences: { isEmbedded?: boolean }[] };
    record.definition = `${record.definition}\r\nSET FlowcDiffProbe TO 1\r\n`;
    writeFileSync(file, JSON.stringify(record));
    const changed = JSON.parse((await run(CORPUS, ['diff', zip, built, '--format', 'json'])).out) as FlowDiff;
    expect(changed.flows.map((f) => [f.matchedBy, statements(f).map((c) => [c.change, c.label])])).toEqual([['id', [['added', 'SET FlowcDiffProbe']]]]);
  });
});

describe('two versions of a real flow', () => {
  it('a parameter changed, an action moved, a subflow added, a reference embedded, a co-owner added', async () => {
    const zip = ZIPS.find((z) => path.basename(z) === 'PADFramework_1_1_12501_241.zip')!;
    const out = path.join(tmp, 'real');
    expect((await run(CORPUS, ['import', zip, '--out-dir', out])).code).toBe(0);
    const file = path.join(out, 'PADFramework-LoggerCloudConnectors.flow');
    const v1 = readFileSync(file, 'utf8');
    const lines = v1.split('\r\n');
    const env = lines.findIndex((l) => l.includes('System.GetEnvironmentVariable.GetEnvironmentVariable Name: $\'\'\'COMPUTERNAME\'\'\''));
    const [envLine] = lines.splice(env, 1);
    lines.splice(lines.findIndex((l) => l === 'FUNCTION Init GLOBAL') + 1, 0, envLine!);
    let v2 = lines.join('\r\n');
    v2 = sub(v2, "CustomFormat: $'''yyyy-MM-dd HH:mm:ss'''", "CustomFormat: $'''yyyy-MM-ddTHH:mm:ss'''");
    v2 = v2.replace(/(CONNECTION PADFramework_SharePoint [^\r\n]*)/, '$1 EMBEDDED');
    v2 = v2.replace('END FLOW', "    OWNER 'alice@contoso.com'\r\n    COOWNER 'bob@contoso.com'\r\nEND FLOW");
    v2 += "FUNCTION Audit GLOBAL\r\n    SET Audited TO True\r\nEND FUNCTION\r\n";
    const d = path.join(tmp, 'real-versions');
    mkdirSync(d);
    writeFileSync(path.join(d, 'v1.flow'), v1.replace('END FLOW', "    OWNER 'alice@contoso.com'\r\nEND FLOW"));
    writeFileSync(path.join(d, 'v2.flow'), v2);
    const { d: res } = await diffJson(d, 'v1.flow', 'v2.flow');
    expect(res.flows).toHaveLength(1);
    const f = res.flows[0]!;
    expect(f.matchedBy).toBe('id');
    expect(f.header).toEqual([{ field: 'coOwners', added: ['bob@contoso.com'], removed: [] }]);
    expect(f.connectionReferences).toEqual([
      { logicalName: 'def_PADFramework_SharePoint', change: 'changed', connector: 'shared_sharepointonline', fields: [{ name: 'embedded', old: 'false', new: 'true' }] },
    ]);
    const s = statements(f).map((c) => [c.subflow, c.change, c.label, c.params ?? []]);
    expect(s).toEqual([
      ['Init', 'moved', 'System.GetEnvironmentVariable.GetEnvironmentVariable', []],
      ['LogToSharePoint', 'changed', 'Text.ConvertDateTimeToText.FromCustomDateTime', [{ name: 'CustomFormat', old: "$'''yyyy-MM-dd HH:mm:ss'''", new: "$'''yyyy-MM-ddTHH:mm:ss'''" }]],
    ]);
    expect(f.subflows.map((x) => [x.name, x.change])).toContainEqual(['Audit', 'added']);
    expect(res.summary).toMatchObject({ flowsChanged: 1, actionsMoved: 1, actionsChanged: 1 });
  });
});

describe('git', () => {
  const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });

  it('flowc diff --git: the working tree against HEAD, and REV..REV', async () => {
    const repo = path.join(tmp, 'repo');
    mkdirSync(path.join(repo, 'flows'), { recursive: true });
    git(repo, 'init', '-q');
    writeFileSync(path.join(repo, 'flows/invoices.flow'), BASE);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
    writeFileSync(path.join(repo, 'flows/invoices.flow'), BASE.replace('IncludeSubfolders: False', 'IncludeSubfolders: True'));
    writeFileSync(path.join(repo, 'flows/new.flow'), "FLOW 'New'\nEND FLOW\nSET A TO 1\n");
    const r = await run(path.join(repo, 'flows'), ['diff', '--git', 'HEAD', '--format', 'json']);
    expect(r.err).toBe('');
    const d = JSON.parse(r.out) as FlowDiff;
    expect(d.old).toBe('HEAD');
    expect(d.new).toBe('working tree');
    expect(d.flows.map((f) => [f.name, f.status, f.newFile])).toEqual([
      ['Invoices', 'changed', 'flows/invoices.flow'],
      ['New', 'added', 'flows/new.flow'],
    ]);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'two');
    const range = JSON.parse((await run(repo, ['diff', '--git', 'HEAD~1..HEAD', '--format', 'json'])).out) as FlowDiff;
    expect(range.flows.map((f) => f.name)).toEqual(['Invoices', 'New']);
    const clean = await run(repo, ['diff', '--git']);
    expect(clean.code).toBe(0);
    expect((await run(repo, ['diff', '--git', '--upload-pack=evil'])).code).toBe(2);
    expect((await run(repo, ['diff', '--git', 'no-such-rev'])).code).toBe(2);
  });

  it('git diff through the textconv driver shows a solution zip and a v2 record as readable text', () => {
    const repo = path.join(tmp, 'repo-textconv');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    git(repo, 'config', 'diff.flowc.textconv', `node ${JSON.stringify(FLOWC)} diff --textconv`);
    writeFileSync(path.join(repo, '.gitattributes'), '*.zip diff=flowc\n*.json diff=flowc\n');
    const zip = ZIPS.find((z) => path.basename(z) === 'PADFramework_1_1_12501_241.zip')!;
    cpSync(zip, path.join(repo, 'solution.zip'));
    // A v2 record built by flowc.
    const build = execFileSync('node', [FLOWC, 'build', 'flow.flow', '--out-dir', 'out'], { cwd: dir({ 'flow.flow': BASE }), encoding: 'utf8' });
    expect(build).toBeDefined();
    const built = path.join(tmp, `case-${n - 1}`, 'out', 'flow.json');
    cpSync(built, path.join(repo, 'flow.json'));
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
    const record = JSON.parse(readFileSync(built, 'utf8')) as { definition: string };
    record.definition = record.definition.replace('IncludeSubfolders: False', 'IncludeSubfolders: True');
    writeFileSync(path.join(repo, 'flow.json'), JSON.stringify(record));
    const patch = git(repo, 'diff');
    expect(patch).toContain("-Folder.GetFiles Folder: $'''C:\\In''' FileFilter: $'''*.pdf''' IncludeSubfolders: False Files=> Files");
    expect(patch).toContain("+Folder.GetFiles Folder: $'''C:\\In''' FileFilter: $'''*.pdf''' IncludeSubfolders: True Files=> Files");
    const show = git(repo, 'show', '--textconv', 'HEAD:solution.zip');
    expect(show).toContain("FLOW 'PADFramework: LoggerCloudConnectors'");
    expect(show).toContain('External.InvokeCloudConnector');
    expect(show).not.toContain('\r');
    // Stable: two renderings are the same.
    expect(git(repo, 'show', '--textconv', 'HEAD:solution.zip')).toBe(show);
  });
});
