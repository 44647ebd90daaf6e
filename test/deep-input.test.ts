/**
 * Deep and big input gets a result or one clear diagnostic — never a stack overflow, never an
 * out-of-memory crash: 10 000 nested IF / LOOP / BLOCK levels (the parser's nesting guard,
 * src/syntax/parse.ts MAX_NESTING), long flat lists and operator chains, a 50 MB flow file (the
 * 4 MiB flow limit, src/inputs/limits.ts), and a solution with 5 000 flows.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../src/syntax/nesting.js';
import { solutionXml, writeZipFile } from '../scripts/make-hostile-fixtures.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowc-deep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => runCli(args, { cwd: dir });

type JsonDiagnostic = { rule: string; message: string; line: number };

async function checkJson(file: string): Promise<{ code: number; diagnostics: JsonDiagnostic[]; ms: number; err: string }> {
  const r = await run(['check', file, '--format', 'json']);
  expect(r.err, file).not.toMatch(/internal error|Maximum call stack|\n\s+at /);
  return { code: r.code, diagnostics: r.code <= 1 ? (JSON.parse(r.out) as { diagnostics: JsonDiagnostic[] }).diagnostics : [], ms: r.ms, err: r.err };
}

const N = 10_000;
const NESTED: Record<string, string> = {
  IF: `SET x TO 1\n${'IF x = 1 THEN\n'.repeat(N)}SET y TO x\n${'END\n'.repeat(N)}`,
  LOOP: `${'LOOP i FROM 1 TO 2 STEP 1\n'.repeat(N)}SET y TO i\n${'END\n'.repeat(N)}`,
  BLOCK: `${'BLOCK b\n'.repeat(N)}SET y TO 1\n${'END\n'.repeat(N)}`,
  'IF / LOOP / BLOCK mixed': `SET x TO 1\n${Array.from({ length: N }, (_, i) => ['IF x = 1 THEN\n', 'LOOP WHILE (x) = (1)\n', 'BLOCK b\n', 'LOOP FOREACH e IN x\n'][i % 4]).join('')}${'END\n'.repeat(N)}`,
  'FUNCTION with nested blocks': `FUNCTION Deep GLOBAL\n${'IF 1 = 1 THEN\n'.repeat(N)}${'END\n'.repeat(N)}END FUNCTION\n`,
  parentheses: `SET x TO ${'('.repeat(N)}1${')'.repeat(N)}\n`,
  'list of lists': `SET x TO ${'['.repeat(N)}1${']'.repeat(N)}\n`,
  'objects in objects': `SET x TO ${"{'a': ".repeat(N)}1${'}'.repeat(N)}\n`,
};

describe(`nesting ${N} levels deep`, () => {
  for (const [what, text] of Object.entries(NESTED)) {
    it(`${what}: one clear diagnostic`, async () => {
      const file = `nested-${what.replace(/\W+/g, '-')}.flow`;
      writeFileSync(path.join(dir, file), text);
      const r = await checkJson(file);
      expect(r.code, r.err).toBe(1);
      const deep = r.diagnostics.filter((d) => d.message.startsWith(`nesting deeper than ${MAX_NESTING} levels`));
      expect(deep, JSON.stringify(r.diagnostics.slice(0, 3))).toHaveLength(1);
      expect(deep[0]!.rule).toBe('FC001');
      // build says the same and writes nothing; pretty output renders it.
      const b = await run(['build', file, '--out-dir', `out-${file}`]);
      expect(b.code).toBe(1);
      expect(b.err).toContain(`nesting deeper than ${MAX_NESTING} levels`);
      expect(readdirSync(dir)).not.toContain(`out-${file}`);
    });
  }

  it(`${MAX_NESTING} levels are still analysed`, async () => {
    writeFileSync(path.join(dir, 'nested-ok.flow'), `SET x TO 1\n${'IF x = 1 THEN\n'.repeat(MAX_NESTING - 1)}SET y TO x\n${'END\n'.repeat(MAX_NESTING - 1)}Display.ShowMessageDialog.ShowMessage Message: y\n`);
    const r = await checkJson('nested-ok.flow');
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('long flat input', () => {
  const M = 100_000;
  const cases: Record<string, string> = {
    [`a ${M}-item list literal`]: `SET x TO [${Array.from({ length: M }, (_, i) => i).join(', ')}]\nDisplay.ShowMessageDialog.ShowMessage Message: x\n`,
    [`a ${M}-term sum`]: `SET x TO ${Array.from({ length: M }, (_, i) => i).join(' + ')}\nDisplay.ShowMessageDialog.ShowMessage Message: x\n`,
    [`a ${M}-entry object`]: `SET x TO {${Array.from({ length: M }, (_, i) => `'k${i}': ${i}`).join(', ')}}\nDisplay.ShowMessageDialog.ShowMessage Message: x\n`,
    [`${N} ELSE IF branches (a chain, not nesting)`]: `SET x TO 1\nIF x = 1 THEN\n${'ELSE IF x = 2 THEN\n'.repeat(N)}END\n`,
    [`${M} statements`]: `${Array.from({ length: M }, (_, i) => `SET x${i % 100} TO ${i}`).join('\n')}\n`,
  };
  for (const [what, text] of Object.entries(cases)) {
    it(`${what}: a result`, async () => {
      const file = `flat-${what.replace(/\W+/g, '-')}.flow`;
      writeFileSync(path.join(dir, file), text);
      const r = await checkJson(file);
      expect(r.code, r.err).toBeLessThanOrEqual(1);
      expect(r.diagnostics.filter((d) => d.rule === 'FC001')).toEqual([]);
    });
  }
});

describe('a 50 MB flow file', () => {
  it('is refused as one FC010 diagnostic on that file (the 4 MiB flow limit), quickly and without reading it all into the analysis', async () => {
    const line = "SET Greeting TO $'''Hello'''\r\nDisplay.ShowMessageDialog.ShowMessage Title: 'T' Message: Greeting\r\n";
    writeFileSync(path.join(dir, 'fifty.flow'), line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    const check = await run(['check', 'fifty.flow', '--format', 'json']);
    expect(check.code).toBe(1);
    expect((JSON.parse(check.out) as { diagnostics: JsonDiagnostic[] }).diagnostics).toEqual([
      expect.objectContaining({ rule: 'FC010', line: 1, message: 'file is larger than the 8 MiB limit' }),
    ]);
    // build and report refuse it too (exit 1), with that one diagnostic.
    for (const args of [['build', 'fifty.flow', '--out-dir', 'fifty-out'], ['report', 'fifty.flow']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.out + r.err).toContain('fifty.flow:1:1 error FC010 unreadable-file\n  file is larger than the 4 MiB limit');
    }
  });

  it('a 2 MB flow (every corpus-sized statement repeated) still gets a result', async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `SET Value${i % 500} TO $'''item %Index%'''\r\nIF Value${i % 500} = 'x' THEN\r\n    Display.ShowMessageDialog.ShowMessage Title: 'T' Message: Value${i % 500}\r\nEND\r\n`).join('');
    writeFileSync(path.join(dir, 'two.flow'), `SET Index TO 1\r\n${body}`);
    const r = await checkJson('two.flow');
    expect(r.code, r.err).toBeLessThanOrEqual(1);
  });
});

describe('a solution with 5 000 flows', () => {
  const COUNT = 5000;
  beforeAll(async () => {
    const workflows = Array.from({ length: COUNT }, (_, i) => {
      const id = `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;
      const script = JSON.stringify(`SET Counter TO ${i}\r\nDisplay.ShowMessageDialog.ShowMessage Title: 'Flow ${i}' Message: Counter\r\n`).replace(/&/g, '&amp;').replace(/</g, '&lt;');
      return `<Workflow WorkflowId="{${id}}" Name="Flow ${i}"><Category>6</Category><UIFlowType>2</UIFlowType><SchemaVersion>2022.07</SchemaVersion><Definition>${script}</Definition></Workflow>`;
    });
    const customizations = `<?xml version="1.0" encoding="utf-8"?><ImportExportXml><Workflows>${workflows.join('\n')}</Workflows></ImportExportXml>`;
    await writeZipFile(path.join(dir, 'many.zip'), [
      { name: 'solution.xml', data: solutionXml() },
      { name: 'customizations.xml', data: customizations },
    ]);
  });

  it('check, report and import give a result for every flow', async () => {
    const check = await checkJson('many.zip');
    expect(check.code, check.err).toBe(0);
    const report = await run(['report', 'many.zip', '--format', 'json']);
    expect(report.code, report.err).toBe(0);
    expect((JSON.parse(report.out) as { flows: unknown[] }).flows).toHaveLength(COUNT);
    const imported = await run(['import', 'many.zip', '--out-dir', 'many-flows', '--quiet']);
    expect(imported.code, imported.err).toBe(0);
    expect(readdirSync(path.join(dir, 'many-flows'))).toHaveLength(COUNT);
  }, 120_000);
});
