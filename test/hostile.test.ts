/**
 * Hostile solutions through the CLI: every input scripts/make-hostile-fixtures.ts generates
 * (the large ones streamed to a temp folder here, never committed) gets exactly what
 * test/hostile/README.md says, from `check`, `report` and `import`: the exit code, one line on
 * stderr naming the solution (and the entry), no stack trace, nothing written outside
 * `--out-dir`, and nothing at all when the input is refused.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileFixtures, hostileNames, largeHostileFixtures } from '../scripts/make-hostile-fixtures.js';
import { repoRoot } from './helpers/corpus.js';
import { runCli } from './helpers/cli.js';

interface Row {
  name: string;
  /** What `flowc import` does. */
  exit: number;
  /** What `flowc check` and `flowc report` do: an FC010 on the solution, or an exit code. */
  check: 'FC010' | number;
  says: string;
}

/** The README's table: name, exit code and the first `code span` of the last column. */
function readTable(): Row[] {
  const text = readFileSync(path.join(repoRoot, 'test/hostile/README.md'), 'utf8');
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    const m = /^\| `([^`]+)` \|.*\| (\d) \| (FC010|\d) \| (.*) \|$/.exec(line);
    if (!m) continue;
    const says = /`([^`]+)`/.exec(m[4]!)?.[1];
    if (says === undefined) throw new Error(`test/hostile/README.md: no \`…\` in the last column of ${m[1]}`);
    rows.push({ name: m[1]!, exit: Number(m[2]), check: m[3] === 'FC010' ? 'FC010' : Number(m[3]), says });
  }
  return rows;
}

const root = mkdtempSync(path.join(tmpdir(), 'flowc-hostile-'));
const work = path.join(root, 'work');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The input's path relative to `work`, as the user would type it. */
const inputs = new Map<string, string>();

beforeAll(async () => {
  mkdirSync(work, { recursive: true });
  for (const [name, bytes] of Object.entries(hostileFixtures())) {
    writeFileSync(path.join(work, `${name}.zip`), bytes);
    inputs.set(name, `${name}.zip`);
  }
  for (const [name, f] of Object.entries(largeHostileFixtures)) {
    const file = f.kind === 'zip' ? `${name}.zip` : name;
    await f.write(path.join(work, file));
    inputs.set(name, file);
  }
}, 120_000);

const run = (args: string[]) => runCli(args, { cwd: work });

/** Every file and folder under `dir`, with sizes: to see that nothing else was written. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => !/^work[\\/]out(?:[\\/]|$)/.test(f))
    .map((f) => `${f}:${statSync(path.join(dir, f)).isDirectory() ? 'dir' : statSync(path.join(dir, f)).size}`)
    .sort();
}

describe('test/hostile/README.md', () => {
  it('lists every hostile input the generator makes, and nothing else', () => {
    expect(readTable().map((r) => r.name).sort()).toEqual(hostileNames().sort());
  });
});

describe('hostile inputs through the CLI', () => {
  for (const row of readTable()) {
    it(`${row.name}: exit ${row.exit}, check ${row.check}, ${row.says}`, async () => {
      const input = inputs.get(row.name)!;
      expect(input, `${row.name} is generated`).toBeDefined();
      const before = snapshot(root);
      for (const args of [['check', input], ['report', input, '--format', 'json'], ['import', input, '--out-dir', 'out']]) {
        rmSync(path.join(work, 'out'), { recursive: true, force: true });
        const r = await run(args);
        const what = `flowc ${args.join(' ')}`;
        const expected = args[0] === 'import' ? row.exit : row.check;
        expect(r.code, `${what}: ${r.err}`).toBe(expected === 'FC010' ? 1 : expected);
        expect(r.err, what).not.toMatch(/internal error|\n\s+at /);
        // Nothing outside --out-dir: the folder holds what it held (the output folder aside).
        expect(snapshot(root), what).toEqual(before);
        if (expected === 'FC010') {
          // Reported on the solution as an FC010 error, the entry first: `entry: problem`.
          const says = row.says.replace(/^\((.*?)\): /, '$1: ');
          const shown = args[0] === 'check' ? r.out : r.err;
          expect(shown, what).toContain(`${input}:1:1 error FC010 unreadable-file`);
          expect(shown, what).toContain(says);
        } else if (expected === 2) {
          const lines = r.err.trimEnd().split('\n');
          expect(lines, what).toHaveLength(1);
          expect(lines[0]!.startsWith(`flowc: ${input}`), `${what}: ${lines[0]}`).toBe(true);
          expect(lines[0], what).toContain(row.says);
          expect(readdirSync(work).includes('out') ? readdirSync(path.join(work, 'out')) : [], `${what} wrote output`).toEqual([]);
        } else if (args[0] === 'import') {
          expect(readdirSync(path.join(work, 'out')), what).toEqual([row.says]);
        }
      }
    }, 60_000);
  }
});
