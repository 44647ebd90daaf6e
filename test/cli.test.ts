/**
 * The command line a user meets (issue #18), driven through the BUILT CLI (dist/bin/flowc.js)
 * in child processes: real pipes, /dev/full, files on disk, exit codes.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, flowc, repoRoot, shell } from './helpers/built-cli.js';
import { multitoolErrors, sarifSchemaErrors } from './helpers/sarif.js';

const work = mkdtempSync(path.join(tmpdir(), 'flowc-cli-'));
beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function folder(files: Record<string, string | Buffer>): string {
  const dir = path.join(work, `p${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const solutionZip = path.join(repoRoot, 'fixtures/corpus/padframework/PADFramework_1_1_12501_241.zip');

describe('broken output streams', () => {
  // `| true` closes the pipe before flowc writes (node starts slower than `true` exits): EPIPE every time.
  it.each([
    ['rules', '$FLOWC rules | true'],
    ['rules | head -1', '$FLOWC rules | head -1'],
    ['build', `$FLOWC build ${path.join(repoRoot, 'examples')} --out-dir out | true`],
    ['import', `$FLOWC import ${solutionZip} --out-dir imported | true`],
    ['check --format sarif', `$FLOWC check ${path.join(repoRoot, 'examples')} --format sarif | true`],
    ['check --format sarif | grep -m2', `$FLOWC check ${path.join(repoRoot, 'fixtures/FC005')} --format sarif | grep -m2 ruleId`],
  ])('%s: a reader that goes away ends flowc quietly', (_name, script) => {
    const r = shell(script, folder({}));
    expect(r.stderr).toBe('');
    expect(r.pipeStatus[0], r.stderr).toBeLessThanOrEqual(1);
  });

  it('a failed write (> /dev/full) is one line on stderr and exit 3', () => {
    const r = shell(`$FLOWC check ${path.join(repoRoot, 'examples')} > /dev/full`, folder({}));
    expect(r.stderr).toBe('flowc: cannot write to standard output: no space left on device (ENOSPC)\n');
    expect(r.pipeStatus).toEqual([3]);
  });

  it('rules > /dev/full: exit 3 too', () => {
    const r = shell('$FLOWC rules > /dev/full', folder({}));
    expect(r.stderr).toBe('flowc: cannot write to standard output: no space left on device (ENOSPC)\n');
    expect(r.pipeStatus).toEqual([3]);
  });
});

describe('one bad file stops nothing (FC010)', () => {
  const good = "SET Greeting TO $'''Hello'''\nDisplay.ShowMessageDialog.ShowMessage Message: Greeting\n";
  const bad = 'SET a TO b\n';
  const latin1 = Buffer.from("SET Greeting TO $'''Café'''\nDisplay.ShowMessageDialog.ShowMessage Message: Greeting\n", 'latin1');
  const project = (): string =>
    folder({ 'flows/a-good.flow': good, 'flows/b-latin1.flow': latin1, 'flows/c-bad.flow': bad, 'flows/d-binary.flow': Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]) });

  it('pretty: the latin-1 and binary files are FC010 with a code frame, the others are checked, exit 1', () => {
    const r = flowc(['check', 'flows'], project());
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('flows/b-latin1.flow:1:24 error FC010 unreadable-file\n  byte 0xE9 is not valid UTF-8');
    expect(r.stdout).toContain('flows/d-binary.flow:1:1 error FC010 unreadable-file\n  the file is binary');
    expect(r.stdout).toContain('flows/c-bad.flow:1:10 error FC005');
    expect(r.stdout).toMatch(/3 errors, \d+ warnings?, \d+ infos? in 4 flows/);
  });

  it('json stays valid and lists every file', () => {
    const r = flowc(['check', 'flows', '--format', 'json'], project());
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { diagnostics: { file: string; rule: string }[]; summary: { files: number } };
    expect(out.summary.files).toBe(4);
    expect(out.diagnostics.filter((d) => d.rule === 'FC010').map((d) => d.file)).toEqual(['flows/b-latin1.flow', 'flows/d-binary.flow']);
    expect(out.diagnostics.some((d) => d.file === 'flows/c-bad.flow' && d.rule === 'FC005')).toBe(true);
  });

  it('sarif stays valid (schema and sarif-multitool)', () => {
    const r = flowc(['check', 'flows', '--format', 'sarif'], project());
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(multitoolErrors(r.stdout)).toEqual([]);
    expect(log.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'FC010')).toHaveLength(2);
  });

  it('github: one workflow command per diagnostic', () => {
    const r = flowc(['check', 'flows', '--format', 'github'], project());
    expect(r.stdout).toMatch(/^::error file=flows\/b-latin1\.flow,line=1,col=24,.*title=FC010 unreadable-file::byte 0xE9/m);
  });

  it('a missing path is still a usage error (exit 2)', () => {
    const r = flowc(['check', 'nope.flow'], project());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('flowc: nope.flow: no such file or folder\n');
  });

  it('FC010 can be configured like any rule', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'flowc.config.json'), JSON.stringify({ rules: { FC010: 'warning' } }));
    const r = flowc(['check', 'flows/b-latin1.flow', '--format', 'json'], dir);
    expect((JSON.parse(r.stdout) as { diagnostics: { rule: string; severity: string }[] }).diagnostics).toEqual([
      expect.objectContaining({ rule: 'FC010', severity: 'warning' }),
    ]);
  });
});

describe('a corrupt or hostile solution among other inputs is FC010 on it, the rest is checked', () => {
  // fixtures/FC010: a zip with an entry named ../../evil.sh (zip slip), a truncated zip, and a
  // well-formed solution (all from scripts/make-hostile-fixtures.ts).
  const fc010 = path.join(repoRoot, 'fixtures/FC010');
  const project = (): string => {
    const dir = folder({ 'flows/a-good.flow': "SET Greeting TO $'''Hello'''\nDisplay.ShowMessageDialog.ShowMessage Message: Greeting\n", 'flows/c-bad.flow': 'SET a TO b\n' });
    for (const f of ['zip-slip.zip', 'truncated.zip']) copyFileSync(path.join(fc010, 'invalid/solution-zips', f), path.join(dir, 'flows', f));
    copyFileSync(path.join(fc010, 'valid/solution-zip/sample.zip'), path.join(dir, 'flows', 'sample.zip'));
    return dir;
  };
  const args = ['flows/a-good.flow', 'flows/zip-slip.zip', 'flows/c-bad.flow', 'flows/truncated.zip', 'flows/sample.zip'];
  const slip = "../../evil.sh: entry path contains '..' and could escape the solution folder";
  const truncated = 'not a zip file, or the zip is truncated';

  it('pretty: one FC010 per bad zip with its reason, the other flows and the good solution checked, exit 1', () => {
    for (const given of [args, ['flows']]) {
      const r = flowc(['check', ...given], project());
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(`flows/zip-slip.zip:1:1 error FC010 unreadable-file\n  ${slip}`);
      expect(r.stdout).toContain(`flows/truncated.zip:1:1 error FC010 unreadable-file\n  ${truncated}`);
      expect(r.stdout).toContain('flows/c-bad.flow:1:10 error FC005');
      expect(r.stdout).toContain('export the solution again');
      expect(r.stdout).toMatch(/3 errors, \d+ warnings?, \d+ infos? in 5 flows/);
    }
  });

  it('json stays valid: the bad zips are FC010 with the reason, every other input is there', () => {
    const r = flowc(['check', ...args, '--format', 'json'], project());
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { diagnostics: { file: string; flow?: string; rule: string; message: string }[]; summary: { files: number } };
    expect(out.summary.files).toBe(5);
    expect(out.diagnostics.filter((d) => d.rule === 'FC010').map((d) => [d.file, d.message])).toEqual([
      ['flows/truncated.zip', truncated],
      ['flows/zip-slip.zip', slip],
    ]);
    expect(out.diagnostics.some((d) => d.file === 'flows/c-bad.flow' && d.rule === 'FC005')).toBe(true);
  });

  it('sarif stays valid (schema and sarif-multitool) and locates FC010 on the zip', () => {
    const r = flowc(['check', ...args, '--format', 'sarif'], project());
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(multitoolErrors(r.stdout)).toEqual([]);
    const results = log.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'FC010');
    expect(results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri).sort()).toEqual([
      'flows/truncated.zip',
      'flows/zip-slip.zip',
    ]);
    expect(results.map((x: { message: { text: string } }) => x.message.text.split('\n')[0]).sort()).toEqual([slip, truncated]);
  });

  it('import still refuses such a zip (exit 2, one line): it checks nothing', () => {
    const r = flowc(['import', 'flows/zip-slip.zip', '--out-dir', 'out'], project());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("flowc: flows/zip-slip.zip (../../evil.sh): entry path contains '..' and could escape the solution folder\n");
  });
});

describe('error cascades: one mistake, one diagnostic, naming what is open and where', () => {
  type Json = { diagnostics: { line: number; column: number; rule: string; message: string; help?: string }[] };
  const check = (name: string, text: string): Json['diagnostics'] => {
    const r = flowc(['check', name, '--format', 'json'], folder({ [name]: text }));
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as Json).diagnostics;
  };

  it('a 5-line flow missing END FLOW: one error naming the header and its line', () => {
    const ds = check(
      'a.flow',
      "FLOW 'Invoice upload'\n    SCHEMA V2\n    OWNER 'alice@contoso.com'\nDisplay.ShowMessageDialog.ShowMessage Title: 'Hi' Message: 'Hello' ButtonPressed=> Pressed\nDisplay.ShowMessageDialog.ShowMessage Message: Pressed\n",
    );
    expect(ds).toEqual([
      expect.objectContaining({ line: 4, column: 1, rule: 'FC001', message: "expected END FLOW to close the FLOW header opened at line 1, found 'Display'" }),
    ]);
  });

  it('a missing END names the IF and where it was opened', () => {
    const ds = check('a.flow', "SET x TO 1\nIF x = 1 THEN\n    SET y TO 2\nDisplay.ShowMessageDialog.ShowMessage Message: y\n");
    expect(ds).toEqual([expect.objectContaining({ rule: 'FC001', message: "expected 'END' to close the IF opened at line 2, found end of file" })]);
  });

  it('a missing END inside a LOOP inside a FUNCTION names the LOOP, not the FUNCTION', () => {
    const ds = check('a.flow', "FUNCTION Init GLOBAL\n    LOOP FOREACH i IN [1, 2]\n        Display.ShowMessageDialog.ShowMessage Message: i\nEND FUNCTION\nCALL Init\n");
    expect(ds).toEqual([expect.objectContaining({ line: 4, rule: 'FC001', message: "expected 'END' to close the LOOP opened at line 2, found END FUNCTION" })]);
  });

  it('OWNER without quotes: one error with the line to write', () => {
    const ds = check('a.flow', "FLOW 'A'\n    OWNER alice@contoso.com\nEND FLOW\nSET x TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: x\n");
    expect(ds).toEqual([
      expect.objectContaining({ line: 2, column: 11, rule: 'FC001', message: "OWNER expects an email in quotes, e.g. OWNER '…'", help: "write OWNER 'alice@contoso.com'" }),
    ]);
  });

  it('lower-case `set x to 1`: one error saying keywords are upper case, no unknown action, no undefined variable', () => {
    const ds = check('a.flow', 'set x to 1\nDisplay.ShowMessageDialog.ShowMessage Message: x\n');
    expect(ds).toEqual([
      expect.objectContaining({ line: 1, column: 1, rule: 'FC001', message: "'set' is not a keyword: PAD keywords are upper case (SET)", help: 'write `SET x TO 1`' }),
    ]);
  });

  it("an unterminated 'text is one error, no false FC005", () => {
    const ds = check('a.flow', "SET x TO 'text\nDisplay.ShowMessageDialog.ShowMessage Message: x\n");
    expect(ds).toEqual([expect.objectContaining({ line: 1, column: 10, rule: 'FC001', message: "unterminated text: a text in '…' must end on the same line" })]);
  });
});

describe('report, graph and access refuse a flow they could not read', () => {
  const broken = "FLOW 'A'\n    SCHEMA V2\n    OWNER alice@contoso.com\nEND FLOW\nDisplay.ShowMessageDialog.ShowMessage Message: 'hi'\n";
  const fine = "FLOW 'B'\n    SCHEMA V2\n    OWNER 'bob@contoso.com'\nEND FLOW\nDisplay.ShowMessageDialog.ShowMessage Message: 'hi'\n";

  it.each([
    ['report', ['report', 'a.flow', 'b.flow', '--format', 'json']],
    ['graph', ['graph', 'a.flow', 'b.flow']],
    ['access', ['access', 'a.flow']],
  ])('%s: the syntax error on stderr, nothing on stdout, exit 1', (_name, args) => {
    const r = flowc(args, folder({ 'a.flow': broken, 'b.flow': fine }));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("a.flow:3:11 error FC001 syntax-error\n  OWNER expects an email in quotes");
    expect(r.stderr).toContain('flowc: 1 flow could not be read (errors above); fix them, or pass --ignore-errors to go on with what could be read\n');
    expect(r.stderr).not.toContain('b.flow');
  });

  it('access does not say "owner not declared" about an OWNER written without quotes', () => {
    const r = flowc(['access', 'a.flow'], folder({ 'a.flow': broken }));
    expect(r.stdout + r.stderr).not.toContain('not declared');
  });

  it('an unreadable file (FC010) stops them too', () => {
    const r = flowc(['graph', 'flows'], folder({ 'flows/a.flow': Buffer.from('SET \xe9 TO 1\n', 'latin1'), 'flows/b.flow': fine }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error FC010 unreadable-file');
  });

  it('--ignore-errors goes on with what could be read (errors still shown, exit 0)', () => {
    const r = flowc(['report', 'a.flow', 'b.flow', '--format', 'json', '--ignore-errors'], folder({ 'a.flow': broken, 'b.flow': fine }));
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('error FC001');
    expect(r.stderr).toContain('flowc: warning: 1 flow could not be read');
    expect(JSON.parse(r.stdout)).toBeTypeOf('object');
  });

  it('other errors (not syntax) do not stop a report: judging them is the point', () => {
    const r = flowc(['report', 'c.flow', '--format', 'json'], folder({ 'c.flow': 'CALL Missing\n' }));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('SARIF that code scanning can use', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string; homepage: string; repository: { url: string } };

  it('version.ts agrees with package.json (version, homepage, repository)', async () => {
    const v = await import('../src/model/version.js');
    expect(v.VERSION).toBe(pkg.version);
    expect(v.HOMEPAGE).toBe(pkg.homepage);
    expect(pkg.repository.url).toBe(`git+${pkg.homepage}.git`);
  });

  it('helpUri and informationUri point at the repository, not at file:///', () => {
    const r = flowc(['check', 'a.flow', '--format', 'sarif'], folder({ 'a.flow': 'SET a TO b\n' }));
    const driver = JSON.parse(r.stdout).runs[0].tool.driver;
    expect(driver.informationUri).toBe(pkg.homepage);
    for (const rule of driver.rules) expect(rule.helpUri).toBe(`${pkg.homepage}/blob/main/docs/rules/${rule.id}.md`);
    expect(r.stdout).not.toContain('file:///' + repoRoot.slice(1));
    // Every linked page exists in the repository.
    for (const rule of driver.rules) expect(existsSync(path.join(repoRoot, 'docs/rules', `${rule.id}.md`)), rule.id).toBe(true);
  });

  it('a result inside a solution zip is located at the flow inside the solution, the zip as its parent artifact; valid SARIF', () => {
    const dir = folder({});
    copyFileSync(solutionZip, path.join(dir, 'Framework.zip'));
    const r = flowc(['check', 'Framework.zip', '--format', 'sarif'], dir);
    const log = JSON.parse(r.stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(multitoolErrors(r.stdout)).toEqual([]);
    const run = log.runs[0];
    const result = run.results[0];
    const loc = result.locations[0].physicalLocation.artifactLocation;
    expect(loc.uri).toMatch(/^Workflows\/PADFramework[A-Za-z]+-[0-9A-F-]{36}\.json$/);
    const artifact = run.artifacts[loc.index];
    expect(artifact.location.uri).toBe(loc.uri);
    expect(run.artifacts[artifact.parentIndex].location).toEqual({ uri: 'Framework.zip', uriBaseId: '%SRCROOT%' });
    expect(result.locations[0].logicalLocations[0].name).toMatch(/^PADFramework: /);
  });
});

describe('--fix', () => {
  const fixable = readFileSync(path.join(repoRoot, 'fixtures/FC009/fix/unused.flow'), 'utf8');
  const fixed = readFileSync(path.join(repoRoot, 'fixtures/FC009/fix/unused.fixed.flow'), 'utf8');

  it.each(['json', 'sarif'])('--fix-dry-run --format %s: stdout parses, the diff is on stderr, nothing is written', (format) => {
    const dir = folder({ 'a.flow': fixable });
    const r = flowc(['check', 'a.flow', '--fix-dry-run', '--format', format], dir);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toContain('--- a/a.flow\n+++ b/a.flow\n');
    expect(r.stderr).toContain('flowc: --fix would fix 2 problems in 1 file; the diagnostics shown are those that would remain\n');
    expect(readFileSync(path.join(dir, 'a.flow'), 'utf8')).toBe(fixable);
  });

  it('the dry run lists the diagnostics that remain after fixing (no FC009 left), as --fix would', () => {
    const dir = folder({ 'a.flow': fixable });
    const dry = flowc(['check', 'a.flow', '--fix-dry-run', '--format', 'json'], dir);
    const rules = (s: string) => (JSON.parse(s) as { diagnostics: { rule: string }[] }).diagnostics.map((d) => d.rule);
    expect(rules(dry.stdout)).not.toContain('FC009');
    const real = flowc(['check', 'a.flow', '--fix', '--format', 'json'], dir);
    expect(rules(dry.stdout)).toEqual(rules(real.stdout));
  });

  it('pretty dry run: the diff on stdout, before the diagnostics', () => {
    const r = flowc(['check', 'a.flow', '--fix-dry-run'], folder({ 'a.flow': fixable }));
    expect(r.stdout.startsWith('===================================================================\n--- a/a.flow')).toBe(true);
  });

  it('--fix says what it changed', () => {
    const dir = folder({ 'a.flow': fixable, 'b.flow': fixable });
    const r = flowc(['check', 'a.flow', 'b.flow', '--fix'], dir);
    expect(r.stderr).toBe('flowc: fixed 4 problems in 2 files: a.flow, b.flow\n');
    expect(readFileSync(path.join(dir, 'b.flow'), 'utf8')).toBe(fixed);
    expect(flowc(['check', 'a.flow', '--fix'], dir).stderr).toBe('flowc: nothing to fix\n');
  });

  it('--fix with --fix-dry-run is a usage error', () => {
    const r = flowc(['check', 'a.flow', '--fix', '--fix-dry-run'], folder({ 'a.flow': fixable }));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('flowc: --fix and --fix-dry-run cannot be used together\nhelp: use --fix-dry-run to see the changes, then --fix to make them\n');
  });
});

describe('small things a user notices', () => {
  const warnings = (n: number): string => Array.from({ length: n }, (_, i) => `SET v${i} TO 1\n`).join('');
  // A header says the flow's outputs are known (none): unused variables are then warnings, not infos.
  const HEADER = "FLOW 'w'\nEND FLOW\n";

  it('--quiet never says "0 warnings" when warnings were hidden', () => {
    const r = flowc(['check', 'w.flow', '-q'], folder({ 'w.flow': `${HEADER}${warnings(9)}SET a TO b\nDisplay.ShowMessageDialog.ShowMessage Message: a\n` }));
    expect(r.stdout).toMatch(/\n1 error in 1 flow \(9 warnings hidden by --quiet\)\n$/);
    expect(r.stdout).not.toContain('0 warnings');
  });

  it('-q --max-warnings 16 fails with 17 warnings, as ESLint does; 17 passes', () => {
    const dir = folder({ 'w.flow': `${HEADER}${warnings(17)}` });
    const r = flowc(['check', 'w.flow', '-q', '--max-warnings', '16'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('flowc: 17 warnings, more than --max-warnings 16\n');
    expect(flowc(['check', 'w.flow', '-q', '--max-warnings', '17'], dir).status).toBe(0);
  });

  it('--out with no value is a clean usage error', () => {
    const r = flowc(['report', '--out'], folder({}));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('flowc: --out expects a value\nhelp: e.g. --out FILE\n');
  });

  it("quoted globs ('flows/*.flow', what cmd.exe and PowerShell pass) are expanded by flowc", () => {
    const dir = folder({ 'flows/a.flow': 'SET a TO b\n', 'flows/sub/b.flow': 'SET c TO d\n', 'flows/c.txt': 'x' });
    const one = flowc(['check', 'flows/*.flow', '--format', 'json'], dir);
    expect((JSON.parse(one.stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file)).toEqual(['flows/a.flow', 'flows/a.flow']);
    const deep = flowc(['check', 'flows/**/*.flow', '--format', 'json'], dir);
    expect(new Set((JSON.parse(deep.stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file))).toEqual(new Set(['flows/a.flow', 'flows/sub/b.flow']));
    const none = flowc(['check', 'nothing/*.flow'], dir);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('flowc: nothing/*.flow: no files match this pattern\n');
  });

  it('a misspelt code in a suppression gets a did-you-mean, and --fix never deletes it', () => {
    const text = '# flowc-disable-next-line FC00S\nSET a TO b\nDisplay.ShowMessageDialog.ShowMessage Message: a\n';
    const dir = folder({ 's.flow': text });
    const r = flowc(['check', 's.flow', '--format', 'json'], dir);
    expect((JSON.parse(r.stdout) as { diagnostics: { rule: string; message: string; help: string; column: number }[] }).diagnostics).toContainEqual(
      expect.objectContaining({ rule: 'FC009', column: 27, message: "'FC00S' in flowc-disable-next-line is not a rule code or name", help: expect.stringMatching(/^did you mean FC00\d\?$/) }),
    );
    flowc(['check', 's.flow', '--fix'], dir);
    expect(readFileSync(path.join(dir, 's.flow'), 'utf8')).toBe(text);
  });

  it('rule names are accepted in the config', () => {
    const dir = folder({ 'w.flow': 'SET v TO 1\n', 'flowc.config.json': JSON.stringify({ rules: { 'unused-variable': 'error' } }) });
    const r = flowc(['check', 'w.flow', '--format', 'json'], dir);
    expect((JSON.parse(r.stdout) as { diagnostics: { rule: string; severity: string }[] }).diagnostics).toEqual([expect.objectContaining({ rule: 'FC006', severity: 'error' })]);
  });

  it('rule names are accepted where codes are: suppressions and explain', () => {
    const dir = folder({ 'n.flow': '# flowc-disable-next-line undefined-variable unused-variable\nSET a TO b\n' });
    const r = flowc(['check', 'n.flow'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 flow\n');
    expect(flowc(['explain', 'undefined-variable'], dir).stdout).toMatch(/^# FC005 undefined-variable/);
  });

  it('check --help lists every format and the short flags', () => {
    const r = flowc(['check', '--help'], folder({}));
    expect(r.stdout).toContain('pretty|json|sarif|github');
    expect(r.stdout).toContain('-f, --format');
  });
});

describe('code frames', () => {
  it('a line that fits is shown whole even when a neighbouring line is too long', () => {
    const long = `Display.ShowMessageDialog.ShowMessage Message: $'''${'x'.repeat(300)}'''`;
    const short = 'SET Result_Value TO Some_Input_Value_Of_Today + Another_Missing_Name';
    const r = flowc(['check', 'a.flow'], folder({ 'a.flow': `SET Greeting TO 1\n${short}\n${long}\n` }));
    const section = r.stdout.slice(r.stdout.indexOf("variable 'Another_Missing_Name'"));
    expect(section).toContain(`  > 2 | ${short}\n      | ${' '.repeat(short.indexOf('Another'))}${'^'.repeat('Another_Missing_Name'.length)}\n`);
    // The long line is cut (it does not fit), with an ellipsis.
    expect(section).toMatch(/ {4}3 \| .*x+…\n/);
  });

  it('a long line is cut around the span, and the caret stays under it', () => {
    const r = flowc(['check', 'a.flow'], folder({ 'a.flow': `FLOW 'a'\nEND FLOW\nSET a TO '${'y'.repeat(200)}' + Missing_Value\n` }));
    const section = r.stdout.slice(r.stdout.indexOf('FC005'));
    const frame = section.split('\n').filter((l) => l.includes('| '));
    const codeLine = frame.find((l) => l.includes('> 3 |'))!;
    const caretLine = frame[frame.indexOf(codeLine) + 1]!;
    expect(codeLine).toContain('…');
    expect(codeLine.slice(caretLine.indexOf('^'), caretLine.lastIndexOf('^') + 1)).toBe('Missing_Value');
  });
});

describe('FC010 turned off', () => {
  it('build never writes an empty flow for a file it could not read', () => {
    const dir = folder({
      'flowc.config.json': JSON.stringify({ rules: { FC010: 'off' } }),
      'a.flow': Buffer.from('SET \xe9 TO 1\n', 'latin1'),
      'b.flow': "SET Greeting TO $'''Hello'''\nDisplay.ShowMessageDialog.ShowMessage Message: Greeting\n",
    });
    const r = flowc(['build', 'a.flow', 'b.flow', '--out-dir', 'out'], dir);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['b.json']);
  });
});

describe('--debug stack traces of the minified bundle', () => {
  it('name the TypeScript sources (source maps on with --debug only)', () => {
    const dir = folder({ 'a.flow': 'SET x TO 1\n', 'flowc.config.json': '{bad' });
    const debug = flowc(['check', 'a.flow', '--debug'], dir);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at .*[\\/]src[\\/]inputs[\\/]config\.ts:\d+:\d+\)/);
    const plain = flowc(['check', 'a.flow'], dir);
    expect(plain.status).toBe(2);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
  });
});
