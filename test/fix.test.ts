/**
 * `--fix`: every fixture in fixtures/<CODE>/fix/<case>.flow is fixed in a temporary copy and must
 * equal <case>.fixed.flow byte for byte; a second --fix changes nothing; --fix-dry-run prints a
 * unified diff and leaves the file alone. Every fixable rule has at least one such fixture.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../src/rules/index.js';
import { applyFixes } from '../src/codegen/fix.js';
import { repoRoot } from './helpers/corpus.js';
import { runCli } from './helpers/cli.js';

const fixturesDir = path.join(repoRoot, 'fixtures');
const work = mkdtempSync(path.join(tmpdir(), 'flowc-fix-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (cwd: string, args: string[]) => runCli(args, { cwd, combined: true });

function fixCases(code: string): string[] {
  const dir = path.join(fixturesDir, code, 'fix');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.flow') && !f.endsWith('.fixed.flow')).map((f) => path.join(dir, f));
}

describe('--fix', () => {
  for (const rule of allRules.filter((r) => r.meta.fixable)) {
    describe(rule.meta.code, () => {
      it('has a fix fixture', () => expect(fixCases(rule.meta.code).length).toBeGreaterThan(0));
      for (const c of fixCases(rule.meta.code)) {
        it(path.basename(c), async () => {
          const dir = mkdtempSync(path.join(work, `${rule.meta.code}-`));
          const file = path.join(dir, 'case.flow');
          copyFileSync(c, file);
          const before = readFileSync(file, 'utf8');
          const dry = await run(dir, ['check', 'case.flow', '--fix-dry-run', '--no-color']);
          expect(readFileSync(file, 'utf8')).toBe(before);
          expect(dry.out).toContain('--- a/case.flow');
          await run(dir, ['check', 'case.flow', '--fix']);
          const fixed = readFileSync(file, 'utf8');
          expect(fixed).toBe(readFileSync(c.replace(/\.flow$/, '.fixed.flow'), 'utf8'));
          await run(dir, ['check', 'case.flow', '--fix']);
          expect(readFileSync(file, 'utf8')).toBe(fixed);
          const after = await run(dir, ['check', 'case.flow', '--format', 'json']);
          expect(JSON.parse(after.out.slice(after.out.indexOf('{'))).diagnostics.filter((d: { rule: string }) => d.rule === rule.meta.code)).toEqual([]);
        });
      }
    });
  }

  it('applies non-overlapping edits only, leaving everything else byte for byte', () => {
    const text = 'abc\r\ndef\r\n';
    const d = (start: number, end: number, t: string) => ({ rule: 'X', severity: 'error' as const, message: '', span: { start, end }, fix: { description: '', edits: [{ span: { start, end }, text: t }] } });
    const r = applyFixes(text, [d(0, 1, 'A'), d(0, 2, 'Z'), d(5, 5, '>')]);
    expect(r.text).toBe('Abc\r\n>def\r\n');
    expect(r.applied.length).toBe(2);
  });

  it('leaves a file with nothing to fix untouched', async () => {
    const dir = mkdtempSync(path.join(work, 'noop-'));
    writeFileSync(path.join(dir, 'x.flow'), 'SET a TO 1\n');
    const r = await run(dir, ['check', 'x.flow', '--fix']);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'x.flow'), 'utf8')).toBe('SET a TO 1\n');
  });
});
