/**
 * Golden outputs (issue 20): for every input kept in the repository — rule fixtures, the
 * corpus zips, the real-world folders, fixtures/diff and examples/ — the sha256 of flowc's
 * `check` JSON, of its `build` v2 records, and of each document's IR (canonical JSON), and for
 * every script among them the IR and syntax errors of four broken variants, must be the ones
 * recorded in test/golden/outputs.json: recorded at b1e4ea3, where the front-end rewrite
 * started, and again after each merge of main with main's own front end (last: 2776a4f), so
 * that what is compared is always the front end before the rewrite. See scripts/record-golden.ts
 * for what each digest covers.
 *
 * When an output is MEANT to change (a rule fix, a new fixture, an IR field), re-record:
 *
 *     npx tsx scripts/record-golden.ts
 *
 * then read `git diff test/golden/outputs.json`: every input named there must be one the change
 * is about, and the commit says why. After merging a branch that changes outputs into a branch
 * that rewrites the front end, record with the other side's front end and check the rewrite
 * against it: `git checkout main -- src/syntax` (keep a copy of yours), record, put yours back,
 * run this test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_FILE, computeGolden, serialise, type Golden } from '../scripts/record-golden.js';

describe('golden outputs', () => {
  it('check, build and IR are byte-identical to the recorded outputs for every input', async () => {
    const recorded = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden;
    const now = await computeGolden();
    const differ: string[] = [];
    for (const id of new Set([...Object.keys(recorded.inputs), ...Object.keys(now.inputs)])) {
      const a = recorded.inputs[id];
      const b = now.inputs[id];
      if (!a) differ.push(`${id}: new input (not recorded)`);
      else if (!b) differ.push(`${id}: recorded, no longer an input`);
      else {
        const what = (['check', 'build', 'ir'] as const).filter((k) => a[k] !== b[k]);
        if (what.length) differ.push(`${id}: ${what.join(', ')} differ`);
      }
    }
    for (const file of new Set([...Object.keys(recorded.mutations), ...Object.keys(now.mutations)])) {
      const a = recorded.mutations[file];
      const b = now.mutations[file];
      if (a === undefined) differ.push(`${file}: new script (its mutations not recorded)`);
      else if (b === undefined) differ.push(`${file}: recorded, no longer a script`);
      else if (a !== b) differ.push(`${file}: the IR or syntax errors of its broken variants differ`);
    }
    expect(differ, 'outputs differ from test/golden/outputs.json (re-record only if meant: npx tsx scripts/record-golden.ts)').toEqual([]);
    // The file is exactly what the recorder writes (sorted, one format).
    expect(readFileSync(GOLDEN_FILE, 'utf8')).toBe(serialise(recorded));
  });
});
