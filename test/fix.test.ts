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

function suggestCases(code: string): string[] {
  const dir = path.join(fixturesDir, code, 'suggest');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.flow') && !f.endsWith('.suggested.flow')).map((f) => path.join(dir, f));
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

  for (const rule of allRules.filter((r) => r.meta.hasSuggestions)) {
    describe(`${rule.meta.code} suggestions (shown, never applied)`, () => {
      it('has a suggest fixture', () => expect(suggestCases(rule.meta.code).length).toBeGreaterThan(0));
      for (const c of suggestCases(rule.meta.code)) {
        it(path.basename(c), async () => {
          const dir = mkdtempSync(path.join(work, `${rule.meta.code}-s-`));
          const file = path.join(dir, 'case.flow');
          copyFileSync(c, file);
          const before = readFileSync(file, 'utf8');
          await run(dir, ['check', 'case.flow', '--fix']);
          expect(readFileSync(file, 'utf8'), '--fix must not apply a suggestion').toBe(before);
          const json = await run(dir, ['check', 'case.flow', '--format', 'json']);
          const ds = (JSON.parse(json.out.slice(json.out.indexOf('{'))) as { diagnostics: { rule: string; suggestions?: { description: string; edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[] }[] }[] }).diagnostics.filter((d) => d.rule === rule.meta.code);
          expect(ds.length).toBeGreaterThan(0);
          const first = ds[0]!.suggestions?.[0];
          expect(first, 'the diagnostic offers a suggestion').toBeDefined();
          // Apply the first suggestion by its 1-based line/column (as an editor would).
          const starts = [0];
          for (let i = 0; i < before.length; i++) if (before[i] === '\n') starts.push(i + 1);
          const at = (line: number, column: number): number => starts[line - 1]! + column - 1;
          const edits = first!.edits.map((e) => ({ span: { start: at(e.line, e.column), end: at(e.endLine, e.endColumn) }, text: e.text }));
          const applied = applyFixes(before, [{ rule: rule.meta.code, severity: 'error', message: '', span: { start: 0, end: 0 }, fix: { description: first!.description, edits } }]).text;
          expect(applied).toBe(readFileSync(c.replace(/\.flow$/, '.suggested.flow'), 'utf8'));
          const pretty = await run(dir, ['check', 'case.flow', '--no-color']);
          expect(pretty.out).toContain(`suggestion: ${first!.description}`);
        });
      }
    });
  }

  it('no rule is both a suggestion-only rule and fixable by the same change', () => {
    for (const r of allRules) if (r.meta.hasSuggestions && r.meta.fixable) expect(existsSync(path.join(fixturesDir, r.meta.code, 'fix')), r.meta.code).toBe(true);
  });

  it('the fixable rules are the reviewed ones: each fix only makes the source say what is true', () => {
    // FC009 removes a suppression that suppresses nothing; FC108 removes a CONNECTION no action
    // uses (a build leaves it out anyway); FC312 removes a COOWNER/USER clause that shares the flow
    // with nobody new. A new fixable rule must be reviewed against the same standard: never change
    // what a flow claims (schema, ownership, sharing, embedding); offer a suggestion instead.
    expect(allRules.filter((r) => r.meta.fixable).map((r) => r.meta.code)).toEqual(['FC009', 'FC108', 'FC312']);
    expect(allRules.filter((r) => r.meta.hasSuggestions).map((r) => r.meta.code)).toEqual(['FC102', 'FC301', 'FC302', 'FC303', 'FC305']);
  });

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
