/**
 * The ground truth: both real solutions (23 desktop flows) parse and check with no syntax error
 * and no false error, read as a zip and as an unpacked folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/index.js';
import { CORPUS_ZIPS, extract, repoRoot } from './helpers/corpus.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flowc-corpus-'));
  for (const z of CORPUS_ZIPS) await extract(z, path.join(tmp, path.basename(z, '.zip')));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function check(input: string) {
  const p = await runPipeline({ paths: [input], cwd: repoRoot, noConfig: true });
  expect(p.inputErrors).toEqual([]);
  return p;
}

describe('real corpus', () => {
  for (const zip of CORPUS_ZIPS) {
    const name = path.basename(zip, '.zip');
    for (const form of ['zip', 'folder'] as const) {
      it(`${name} (${form}): no syntax errors, no errors`, async () => {
        const p = await check(form === 'zip' ? zip : path.join(tmp, name));
        expect(p.results.length).toBe(name.includes('Local') ? 10 : 13);
        const all = p.results.flatMap((r) => r.diagnostics.map((d) => ({ flow: r.doc.flowName, rule: d.rule, severity: d.severity, message: d.message })));
        expect(all.filter((d) => d.rule === 'FC001')).toEqual([]);
        expect(all.filter((d) => d.severity === 'error')).toEqual([]);
        // Every action in the corpus is known to the catalog.
        expect(all.filter((d) => d.rule === 'FC008')).toEqual([]);
      });
    }
  }

  it('zip and folder forms give the same diagnostics', async () => {
    for (const zip of CORPUS_ZIPS) {
      const a = await check(zip);
      const b = await check(path.join(tmp, path.basename(zip, '.zip')));
      const strip = (p: typeof a) => p.results.map((r) => [r.doc.flowName, r.diagnostics.map((d) => [d.rule, d.span, d.message])]);
      expect(strip(b)).toEqual(strip(a));
    }
  });
});
