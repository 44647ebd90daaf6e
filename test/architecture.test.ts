/**
 * The house stays easy to see: src/ has no import cycle, no import runs against the pipeline's
 * direction (scripts/import-graph.ts, LAYERS), and nothing outside src/cli/ imports src/cli/.
 * The checker itself is tested on small graphs, so that a broken checker cannot pass silently.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS, REPO_ROOT, findCycles, findLayerViolations, folderOf, readImportGraph, type ImportGraph } from '../scripts/import-graph.js';

const graph = readImportGraph();

describe('import graph of src/', () => {
  it('is read (relative imports resolved to files)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/cli/main.ts')).toContain('src/cli/io.ts');
    // Dynamic imports count too: the per-file phase loads the thread pool lazily.
    expect(graph.get('src/engine/per-file.ts')).toContain('src/engine/threads.ts');
  });

  it('has no import cycle', () => {
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('imports only along the pipeline, and nothing outside cli/ imports cli/', () => {
    expect(findLayerViolations(graph).map((v) => `${v.from} → ${v.to}: ${v.reason}`)).toEqual([]);
  });

  it('every folder of src/ has a layer', () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    const known = new Set(LAYERS.flat());
    expect([...folders].filter((f) => f === undefined || !known.has(f))).toEqual([]);
  });
});

describe('docs/architecture.md', () => {
  it('draws the layers as LAYERS has them (every folder of src/, at its layer)', () => {
    const md = readFileSync(path.join(REPO_ROOT, 'docs/architecture.md'), 'utf8');
    const drawn = [...md.matchAll(/^\| (\d+) \| `src\/([a-z-]+)\/` \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    const actual = LAYERS.flatMap((folders, i) => folders.map((f) => `${i} ${f}`));
    expect(drawn).toEqual(actual);
  });
});

describe('the checker', () => {
  const g = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('finds a cycle, with its path, and a self-import', () => {
    const cycles = findCycles(
      g({
        'src/analysis/a.ts': ['src/analysis/b.ts'],
        'src/analysis/b.ts': ['src/analysis/c.ts'],
        'src/analysis/c.ts': ['src/analysis/a.ts', 'src/ir/x.ts'],
        'src/ir/x.ts': [],
        'src/ir/self.ts': ['src/ir/self.ts'],
      }),
    );
    expect(cycles).toEqual([
      ['src/analysis/a.ts', 'src/analysis/b.ts', 'src/analysis/c.ts', 'src/analysis/a.ts'],
      ['src/ir/self.ts', 'src/ir/self.ts'],
    ]);
  });

  it('finds no cycle in a diamond', () => {
    expect(findCycles(g({ 'src/a/a.ts': ['src/a/b.ts', 'src/a/c.ts'], 'src/a/b.ts': ['src/a/d.ts'], 'src/a/c.ts': ['src/a/d.ts'], 'src/a/d.ts': [] }))).toEqual([]);
  });

  it('finds imports against the pipeline, between folders of one layer, of cli/, and past an entry point', () => {
    const v = findLayerViolations(
      g({
        'src/inputs/x.ts': ['src/analysis/y.ts', 'src/catalog/c.ts', 'src/inputs/z.ts'],
        'src/engine/e.ts': ['src/cli/errors.ts', 'src/codegen/w.ts', 'src/rules/r.ts'],
        'src/cli/main.ts': ['src/engine/e.ts', 'src/engine/index.ts'],
        'src/elsewhere/q.ts': [],
      }),
    );
    expect(v.map((x) => `${x.from} → ${x.to}`)).toEqual([
      'src/cli/main.ts → src/engine/e.ts',
      'src/elsewhere/q.ts → src/elsewhere/q.ts',
      'src/engine/e.ts → src/cli/errors.ts',
      'src/engine/e.ts → src/codegen/w.ts',
      'src/inputs/x.ts → src/analysis/y.ts',
    ]);
  });
});
