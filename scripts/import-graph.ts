/**
 * The import graph of src/ and the three rules it must keep (test/architecture.test.ts):
 *
 * 1. no import cycles (type-only imports included: a cycle of types is still two modules that
 *    cannot be understood one without the other);
 * 2. no import against the pipeline's direction: each folder of src/ has a layer (LAYERS, lowest
 *    first) and may import only its own folder and folders of lower layers; two folders of the
 *    same layer do not import each other;
 * 3. no file outside src/cli/ imports src/cli/ (a special case of 2, said on its own because it
 *    is the one that matters most: the command line is the top and nothing is built on it);
 * 4. a folder with one public entry (ENTRY_POINTS: the engine) is imported from outside only
 *    through that entry.
 *
 * Imports are read with TypeScript's own pre-processor (static, `export … from`, `import type`
 * and dynamic `import('…')` with a literal), so the check needs no build and no extra package.
 *
 *   npx tsx scripts/import-graph.ts          print every violation; exit 1 when there is any
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The folders of src/, lowest layer first (docs/architecture.md draws them). Folders on one line
 * are one layer and are independent of each other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['generated'], // types generated from schemas/*.json
  ['ir'], // the typed IR of a flow and source spans
  ['util'], // small pure helpers: closest-name suggestions, GUIDs, line/column index, JSON pointers
  ['model'], // shared documents and types: source documents, diagnostics, policies, settings, facts
  ['catalog'], // the connector and action catalogs
  ['inputs', 'outputs'], // reading files (only inputs/ reads), writing them atomically
  ['syntax'], // text → IR
  ['analysis'], // IR → facts, symbols, types, the project graph
  ['rules'], // one rule per file: facts → diagnostics
  ['diagnostics'], // suppressions and renderers (pretty, json, sarif, github)
  ['engine', 'codegen', 'report'], // the run (per-file and project phases), generated documents, reports
  ['diff'], // `flowc diff`: two analysed versions → what changed in meaning
  ['cli'], // arguments, commands, printing, exit codes
];

/** Folders imported from outside only through one file. */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  engine: 'src/engine/index.ts',
};

/** A file's imports, as repository-relative paths of the files they resolve to (relative imports only). */
export type ImportGraph = Map<string, string[]>;

/** Every .ts file below `dir` (repository-relative, `/`-separated), sorted. */
function listTs(dir: string, root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p, root));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path.relative(root, p).split(path.sep).join('/'));
  }
  return out;
}

/** The import graph of every .ts file under `root`/src. */
export function readImportGraph(root: string = REPO_ROOT): ImportGraph {
  const graph: ImportGraph = new Map();
  const files = listTs(path.join(root, 'src'), root);
  const known = new Set(files);
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
      const candidates = [resolved.replace(/\.js$/, '.ts'), resolved, `${resolved}.ts`, `${resolved}/index.ts`];
      const hit = candidates.find((c) => known.has(c));
      if (hit) targets.add(hit);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** The folder of a file directly below src/ (`src/cli/commands/x.ts` → `cli`), or undefined. */
export function folderOf(file: string): string | undefined {
  const m = /^src\/([^/]+)\//.exec(file);
  return m?.[1];
}

function layerIndex(layers: readonly (readonly string[])[]): Map<string, number> {
  const index = new Map<string, number>();
  layers.forEach((folders, i) => folders.forEach((f) => index.set(f, i)));
  return index;
}

/** Import cycles: each strongly connected component of more than one file (or a file importing itself), as a path. */
export function findCycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative (no recursion depth limit on a deep graph).
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.node) ?? [];
      if (top.next < edges.length) {
        const to = edges[top.next++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        if (component.length > 1 || (graph.get(top.node) ?? []).includes(top.node)) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)).map((c) => cyclePath(graph, c));
}

/** One cycle through a component, starting and ending at its first file (what to show a reader). */
function cyclePath(graph: ImportGraph, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0]!;
  // Breadth-first from start's successors back to start, inside the component.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const to of graph.get(n) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const pathBack = [start];
        for (let m: string | undefined = n; m !== undefined && m !== start; m = previous.get(m)) pathBack.push(m);
        return [start, ...pathBack.slice(1).reverse(), start];
      }
      if (!previous.has(to)) {
        previous.set(to, n);
        queue.push(to);
      }
    }
  }
  return [...component, start];
}

export interface LayerViolation {
  from: string;
  to: string;
  reason: string;
}

/** Imports against the pipeline's direction, imports of cli/ from outside it, past a folder's entry point, and files in no known folder. */
export function findLayerViolations(
  graph: ImportGraph,
  layers: readonly (readonly string[])[] = LAYERS,
  entryPoints: Readonly<Record<string, string>> = ENTRY_POINTS,
): LayerViolation[] {
  const rank = layerIndex(layers);
  const out: LayerViolation[] = [];
  for (const [from, targets] of [...graph].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const a = folderOf(from);
    if (a === undefined || !rank.has(a)) {
      out.push({ from, to: from, reason: `src/${a ?? ''} is in no layer of scripts/import-graph.ts (LAYERS): say where it belongs` });
      continue;
    }
    for (const to of targets) {
      const b = folderOf(to);
      if (b === undefined || a === b) continue;
      if (b === 'cli') out.push({ from, to, reason: 'only cli/ may import cli/' });
      else if (!rank.has(b)) continue; // reported for the file itself
      else if (rank.get(b)! > rank.get(a)!) out.push({ from, to, reason: `${a}/ may not import ${b}/ (a later stage of the pipeline)` });
      else if (rank.get(b) === rank.get(a)) out.push({ from, to, reason: `${a}/ and ${b}/ are independent (one layer)` });
      else if (entryPoints[b] !== undefined && to !== entryPoints[b]) out.push({ from, to, reason: `${b}/ is used through ${entryPoints[b]} only` });
    }
  }
  return out;
}

function main(): number {
  const graph = readImportGraph();
  const cycles = findCycles(graph);
  const violations = findLayerViolations(graph);
  for (const c of cycles) console.log(`cycle: ${c.join(' → ')}`);
  for (const v of violations) console.log(`${v.from} → ${v.to}: ${v.reason}`);
  if (cycles.length + violations.length === 0) console.log(`${graph.size} files: no cycle, every import follows the pipeline`);
  return cycles.length + violations.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
