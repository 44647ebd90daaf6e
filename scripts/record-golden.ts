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
 *
 * Broken text too: the front end's error recovery (one error per line, the block named) is what
 * a rewrite most easily changes, and the inputs above are mostly well-formed. So each script
 * among them (`.flow`, `.txt`, `.robin`) is also parsed in four broken variants made with a
 * fixed seed — a line deleted, a line duplicated, the text cut at a random offset, a block
 * keyword or a stray character put at the start of a line — and the sha256 of parseFlow's
 * result (IR and problems) over the four is recorded under `mutations`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flowInputs, runPipeline } from '../src/engine/index.js';
import { renderDiagnostics } from '../src/cli/output.js';
import { planBuild } from '../src/codegen/build.js';
import { parseFlow } from '../src/syntax/parse.js';
import { prng } from './estate.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GOLDEN_FILE = path.join(repoRoot, 'test', 'golden', 'outputs.json');

export interface GoldenEntry {
  check: string;
  build: string;
  ir: string;
}
export interface Golden {
  /** Per input (see goldenInputs): digests of check, build and IR. */
  inputs: Record<string, GoldenEntry>;
  /** Per script: the digest of parseFlow over its broken variants (see mutationsOf). */
  mutations: Record<string, string>;
}

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
  const rendered = await renderDiagnostics(
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

/** Every script kept under fixtures/ and examples/, by path relative to the repository (sorted). */
export function goldenScripts(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir).sort()) {
      const abs = path.join(dir, n);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (/\.(flow|txt|robin)$/.test(n)) out.push(posix(path.relative(repoRoot, abs)));
    }
  };
  walk(path.join(repoRoot, 'examples'));
  walk(path.join(repoRoot, 'fixtures'));
  return out.sort();
}

/** Statement starts that break a block structure or a line: what the mutations insert. */
const INSERTS = ['END', 'ELSE', 'IF x THEN', 'LOOP FOREACH i IN', 'ON ERROR', 'FUNCTION', "'", '%', '(', ']', '}', '@@', 'SET', 'CASE'];

/** Four broken variants of a script, the same for the same text (the seed is made from the text). */
export function mutationsOf(text: string): string[] {
  let seed = 0;
  for (let i = 0; i < text.length; i++) seed = (Math.imul(seed, 31) + text.charCodeAt(i)) | 0;
  const rand = prng(seed);
  const pick = (n: number): number => Math.floor(rand() * n);
  const lines = text.split('\n');
  const at = pick(lines.length);
  const deleted = [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n');
  const dup = pick(lines.length);
  const duplicated = [...lines.slice(0, dup + 1), ...lines.slice(dup)].join('\n');
  const cut = text.slice(0, pick(text.length + 1));
  const ins = pick(lines.length);
  const inserted = [...lines.slice(0, ins), `${INSERTS[pick(INSERTS.length)]} ${lines[ins] ?? ''}`, ...lines.slice(ins + 1)].join('\n');
  return [deleted, duplicated, cut, inserted];
}

export async function computeGolden(): Promise<Golden> {
  const inputs: Golden['inputs'] = {};
  for (const input of goldenInputs()) inputs[input.id] = await goldenOf(input);
  const mutations: Golden['mutations'] = {};
  for (const file of goldenScripts()) {
    const h = createHash('sha256');
    for (const variant of mutationsOf(readFileSync(path.join(repoRoot, file), 'utf8'))) h.update(`${canonicalJson(parseFlow(variant))}\n`);
    mutations[file] = h.digest('hex');
  }
  return { inputs, mutations };
}

export function serialise(g: Golden): string {
  const sorted = <V>(r: Record<string, V>): Record<string, V> => {
    const out: Record<string, V> = {};
    for (const k of Object.keys(r).sort()) out[k] = r[k]!;
    return out;
  };
  return `${JSON.stringify({ inputs: sorted(g.inputs), mutations: sorted(g.mutations) }, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const g = await computeGolden();
  writeFileSync(GOLDEN_FILE, serialise(g));
  console.log(`recorded ${Object.keys(g.inputs).length} inputs and ${Object.keys(g.mutations).length} scripts' mutations in ${posix(path.relative(repoRoot, GOLDEN_FILE))}`);
}
