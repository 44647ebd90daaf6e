/**
 * The fuzzer in CI (scripts/fuzz.ts): a fixed seed and a few thousand runs over the corpus
 * (examples and rule fixtures left out, so that the runs of the seed stay the same as rules are
 * added), and every failure the fuzzer ever found replayed from test/fuzz-regressions/. The long
 * run is `npm run fuzz -- --runs 1000000` (README, Robustness).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS, checkRegression, runFuzz, type RegressionFixture } from '../scripts/fuzz.js';
import { repoRoot } from './helpers/corpus.js';

const SEED = 20261123;
const RUNS = 2500;

describe('fuzzing (fixed seed)', () => {
  it(`${RUNS} runs of seed ${SEED}: nothing throws, hangs or points outside the text`, async () => {
    const stats = await runFuzz({ runs: RUNS, seed: SEED, fixtures: false, timeLimitMs: 5000, diskEvery: 100, renderEvery: 5, codegenEvery: 5 });
    expect(stats.runs).toBe(RUNS);
    for (const kind of KINDS) expect(stats.byKind[kind] ?? 0, kind).toBeGreaterThan(0);
    expect(stats.disk).toBeGreaterThan(RUNS / 100);
    expect(stats.failures.map((f) => `run ${f.run} (${f.kind}): ${f.problems.join('\n')}`)).toEqual([]);
  }, 180_000);
});

const dir = path.join(repoRoot, 'test/fuzz-regressions');
const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();

describe('fuzz regressions (test/fuzz-regressions)', () => {
  it('has fixtures', () => expect(names.length).toBeGreaterThan(0));
  for (const name of names) {
    const fixture = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as RegressionFixture;
    if (fixture.knownIssue) {
      // Still failing, for the reason given: once fixed, this fails — remove `knownIssue`.
      it.fails(`${name} (known issue: ${fixture.knownIssue})`, async () => {
        expect(await checkRegression(dir, name)).toEqual([]);
      }, 120_000);
    } else {
      it(name, async () => {
        expect(await checkRegression(dir, name)).toEqual([]);
      }, 120_000);
    }
  }
});
