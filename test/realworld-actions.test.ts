/**
 * On real PAD scripts — the padframework solutions (fixtures/corpus) and the public scripts under
 * fixtures/realworld — FC008 fires only for names that are really not PAD actions: a name of a
 * module PAD does not have, or a misspelling close to a real action (which FC008 then names).
 * And PAD's own actions there never get a false FC106/FC107 error.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../src/catalog/actions.js';
import { runPipeline } from '../src/engine/pipeline.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function walk(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const full = path.join(dir, n);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

describe('real scripts and the action catalog', () => {
  it('FC008 only for names that are not PAD actions; no false FC106/FC107 errors', async () => {
    const zips = walk(path.join(repoRoot, 'fixtures/corpus')).filter((f) => f.endsWith('.zip'));
    const texts = walk(path.join(repoRoot, 'fixtures/realworld')).filter((f) => /\.(txt|flow|robin)$/i.test(f));
    expect(zips.length).toBeGreaterThan(0);
    const findings: { where: string; rule: string; severity: string; message: string; help?: string }[] = [];
    for (const zip of zips) {
      const p = await runPipeline({ paths: [zip], cwd: repoRoot, noConfig: true });
      for (const r of p.results) for (const d of r.diagnostics) findings.push({ where: `${path.basename(zip)}:${r.doc.flowName ?? ''}`, ...d });
    }
    for (const file of texts) {
      // Each public script on its own, with no config (a script, not a project).
      const p = await runPipeline({ paths: [path.relative(repoRoot, file)], cwd: repoRoot, noConfig: true });
      for (const r of p.results) for (const d of r.diagnostics) findings.push({ where: path.relative(repoRoot, file), ...d });
    }
    const unknown = findings.filter((f) => f.rule === 'FC008');
    // Every FC008 on real scripts is a misspelling flowc can name, or a module PAD does not have.
    const unexplained = unknown.filter((f) => {
      if (/did you mean|has the variants/.test(f.help ?? '')) return false;
      const name = /unknown action '([^']+)'/.exec(f.message)?.[1] ?? '';
      return actionCatalog().isKnownModule(name.split('.')[0] ?? '');
    });
    expect(unexplained.map((f) => `${f.where}: ${f.message}`)).toEqual([]);
    // PAD's own actions (messages about an "argument"; connector actions speak of "@inputs").
    const padParameterErrors = findings.filter((f) => (f.rule === 'FC106' || f.rule === 'FC107') && f.severity === 'error' && / argument /.test(f.message));
    expect(padParameterErrors.map((f) => `${f.where}: ${f.message}`)).toEqual([]);
  }, 120_000);
});
