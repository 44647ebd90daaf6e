/**
 * Golden outputs: what flowc produces for every input kept in the repository, recorded as
 * sha256 digests, so that a rewrite of a phase (the front end of issue 20) can show that its
 * output is byte-identical. test/golden.test.ts recomputes them and names every input that
 * differs; `npx tsx scripts/record-golden.ts` rewrites test/golden/outputs.json (only when an
 * output is meant to change: read `git diff` of the file and say why in the commit).
 *
 * An input is each rule fixture case (fixtures/<CODE>/{valid,invalid}/<case>, a file or a
 * project folder with its own flowc.config.json), each solution zip of fixtures/corpus, each
 * repository folder of fixtures/realworld, the two sides of fixtures/diff, and each flow of
 * examples/. For each, in-process through the engine (src/engine/index.ts):
 * - `check`: the JSON diagnostics exactly as `flowc check --format json` renders them;
 * - `build`: the v2 records `flowc build` plans (file names and contents), when the input has
 *   no error diagnostic and builds; otherwise what stopped it;
 * - `ir`: every document's IR (parseFlow's Flow, and its syntax problems) as canonical JSON
 *   (keys sorted), so that a change of the front end that the rules and code generation do not
 *   see yet (a span, a field) still shows.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flowInputs, runPipeline } from '../src/engine/index.js';
import { renderDiagnostics } from '../src/cli/output.js';
import { planBuild } from '../src/codegen/build.js';
import { parseFlow } from '../src/syntax/parse.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GOLDEN_FILE = path.join(repoRoot, 'test', 'golden', 'outputs.json');

export interface GoldenEntry {
  check: string;
  build: string;
  ir: string;
}
export type Golden = Record<string, GoldenEntry>;

/** One input: how `flowc` would be run on it (paths relative to `cwd`). */
interface GoldenInput {
  /** Its name in outputs.json: the path relative to the repository, `/` separators. */
  id: string;
  cwd: string;
  paths: string[];
  configPath?: string;
}

const posix = (p: string): string => p.split(path.sep).join('/');

export function goldenInputs(): GoldenInput[] {
  const inputs: GoldenInput[] = [];
  const fixtures = path.join(repoRoot, 'fixtures');
  const add = (abs: string): void => {
    const isDir = statSync(abs).isDirectory();
    const config = isDir && existsSync(path.join(abs, 'flowc.config.json')) ? path.join(abs, 'flowc.config.json') : undefined;
    inputs.push({ id: posix(path.relative(repoRoot, abs)), cwd: isDir ? abs : path.dirname(abs), paths: [isDir ? '.' : path.basename(abs)], configPath: config });
  };
  const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);
  for (const code of list(fixtures).filter((n) => /^FC\d+$/.test(n))) {
    for (const kind of ['valid', 'invalid']) {
      const dir = path.join(fixtures, code, kind);
      for (const n of list(dir)) if (!n.endsWith('.expected.json') && !n.startsWith('.')) add(path.join(dir, n));
    }
  }
  for (const n of list(path.join(fixtures, 'corpus', 'padframework'))) if (n.endsWith('.zip')) add(path.join(fixtures, 'corpus', 'padframework', n));
  for (const n of list(path.join(fixtures, 'realworld'))) {
    const abs = path.join(fixtures, 'realworld', n);
    if (statSync(abs).isDirectory()) add(abs);
  }
  for (const n of list(path.join(fixtures, 'diff'))) {
    const dir = path.join(fixtures, 'diff', n);
    if (statSync(dir).isDirectory()) for (const f of list(dir)) if (f.endsWith('.flow')) add(path.join(dir, f));
  }
  for (const n of list(path.join(repoRoot, 'examples'))) if (n.endsWith('.flow')) add(path.join(repoRoot, 'examples', n));
  return inputs;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** JSON with every object's keys sorted (undefined members left out, as JSON.stringify does). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

export async function goldenOf(input: GoldenInput): Promise<GoldenEntry> {
  const p = await runPipeline({ paths: input.paths, cwd: input.cwd, configPath: input.configPath, noConfig: !input.configPath, threads: 1, keepIr: false });
  const inputErrors = p.inputErrors.map((e) => e.message);
  const rendered = renderDiagnostics(
    p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics, secrets: r.analysis.secrets })),
    p.analyses.map((a) => a.doc),
    { format: 'json', color: false, quiet: false, cwd: input.cwd },
  );
  const check = sha256(JSON.stringify({ inputErrors }) + '\n' + rendered.text);

  let build: string;
  if (rendered.summary.errors > 0 || inputErrors.length > 0) build = sha256(`not built: ${rendered.summary.errors} errors, ${inputErrors.length} input errors`);
  else {
    const plan = planBuild(flowInputs({ results: p.results.filter((r) => r.unreadable === undefined) }), {
      format: 'v2',
      flowcVersion: '0.0.0-golden',
      projectDir: p.config.dir,
      outDir: path.join(input.cwd, '.golden-out'),
      connectors: p.services.connectors,
      environments: [],
      display: (abs) => posix(path.relative(input.cwd, abs)),
    });
    build = sha256(
      plan.failures.length
        ? canonicalJson({ failures: plan.failures })
        : canonicalJson({ files: plan.files.map((f) => ({ name: f.name, content: typeof f.content === 'string' ? f.content : Buffer.from(f.content).toString('base64') })) }),
    );
  }

  const ir = createHash('sha256');
  for (const a of p.analyses) {
    const parsed = parseFlow(a.doc.text);
    ir.update(`${posix(a.doc.path)}\u0000${a.doc.flowName ?? ''}\u0000${canonicalJson(parsed)}\n`);
  }
  return { check, build, ir: ir.digest('hex') };
}

export async function computeGolden(): Promise<Golden> {
  const out: Golden = {};
  for (const input of goldenInputs()) out[input.id] = await goldenOf(input);
  return out;
}

export function serialise(g: Golden): string {
  const sorted: Golden = {};
  for (const k of Object.keys(g).sort()) sorted[k] = g[k]!;
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const g = await computeGolden();
  writeFileSync(GOLDEN_FILE, serialise(g));
  console.log(`recorded ${Object.keys(g).length} inputs in ${posix(path.relative(repoRoot, GOLDEN_FILE))}`);
}
