/**
 * Every rule's fixtures: fixtures/<CODE>/valid/* must not trigger the rule; each
 * fixtures/<CODE>/invalid/<case> must trigger exactly the diagnostics in <case>.expected.json.
 * A case is a `.flow` file, or a folder (a multi-file project, optionally with its own
 * flowc.config.json). Set FLOWC_UPDATE_FIXTURES=1 to write missing/changed expectations — then
 * read them before committing.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/index.js';
import { locate } from '../src/diagnostics/located.js';
import { rulesByCode } from '../src/rules/index.js';

const root = path.resolve(import.meta.dirname, '..', 'fixtures');
const update = process.env['FLOWC_UPDATE_FIXTURES'] === '1';

interface Expected {
  file?: string;
  flow?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  message: string;
  help?: string;
}

function cases(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => !n.endsWith('.expected.json') && !n.startsWith('.'))
    .sort()
    .map((n) => path.join(dir, n));
}

async function diagnosticsFor(casePath: string, code: string): Promise<Expected[]> {
  const isDir = statSync(casePath).isDirectory();
  const cwd = isDir ? casePath : path.dirname(casePath);
  const configPath = isDir && existsSync(path.join(casePath, 'flowc.config.json')) ? path.join(casePath, 'flowc.config.json') : undefined;
  const p = await runPipeline({ paths: [isDir ? '.' : path.basename(casePath)], cwd, configPath, noConfig: !configPath });
  expect(p.inputErrors.map((e) => e.message)).toEqual([]);
  const located = locate(
    p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics.filter((d) => d.rule === code) })),
    p.analyses.map((a) => a.doc),
  );
  return located.map((d) => ({
    ...(isDir ? { file: d.file } : {}),
    ...(d.flow !== undefined ? { flow: d.flow } : {}),
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    severity: d.severity,
    message: d.message,
    ...(d.help ? { help: d.help } : {}),
  }));
}

const codes = existsSync(root) ? readdirSync(root).filter((c) => /^FC\d{3}$/.test(c)).sort() : [];

describe('rule fixtures', () => {
  it('every rule has valid and invalid fixtures', () => {
    for (const code of rulesByCode.keys()) {
      expect(cases(path.join(root, code, 'valid')).length, `${code} valid fixtures`).toBeGreaterThan(0);
      expect(cases(path.join(root, code, 'invalid')).length, `${code} invalid fixtures`).toBeGreaterThan(0);
    }
  });

  for (const code of codes) {
    describe(code, () => {
      for (const c of cases(path.join(root, code, 'valid'))) {
        it(`valid/${path.basename(c)}`, async () => {
          expect(await diagnosticsFor(c, code)).toEqual([]);
        });
      }
      for (const c of cases(path.join(root, code, 'invalid'))) {
        it(`invalid/${path.basename(c)}`, async () => {
          const actual = await diagnosticsFor(c, code);
          const expectedFile = `${c.replace(/\.[^./]+$/, '')}.expected.json`;
          if (update) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
          expect(existsSync(expectedFile), `${expectedFile} exists`).toBe(true);
          const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected[];
          expect(expected.length, 'an invalid fixture must trigger the rule').toBeGreaterThan(0);
          expect(actual).toEqual(expected);
        });
      }
    });
  }
});
