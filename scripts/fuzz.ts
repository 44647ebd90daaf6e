/**
 * Fuzzing flowc with fast-check: no input may crash it, hang it or give a diagnostic outside the
 * text.
 *
 *   npm run fuzz -- --runs 1000000 [--seed S] [--jobs J] [--time-limit MS] [--only KIND]
 *   npm run fuzz -- --seed S --run N          replay one run, printing its input and result
 *
 * Inputs (kinds): arbitrary strings (`string`) and bytes (`bytes`); token soup from the grammar's
 * own vocabulary (`soup`, src/syntax/tokens.ts `allTokens`); mutations of every real flow of
 * fixtures/corpus plus the examples and rule fixtures (`mutation`: delete, duplicate, swap and
 * truncate lines, insert tokens and bytes, a UTF-8 BOM, NUL bytes, invalid UTF-8, CR-only line
 * ends, a 1 MB line); generated `FLOW … END FLOW` headers with random clauses (`header`); and
 * random flowc.config.json objects (`config`).
 *
 * Properties, for every input:
 * - parse, per-file analysis, the project phase and suppressions never throw, and the whole
 *   in-memory check of one input stays under the time bound (`--time-limit`, default 5 s, plus
 *   twice that per MiB of input: 15 s for a 1 MB line);
 * - every diagnostic (its related locations and fix edits too) has a span with
 *   0 <= start <= end <= text.length;
 * - every `--render-every`th input: rendered in every diagnostic format, with lines and columns
 *   inside the text, JSON and SARIF parse back;
 * - every `--codegen-every`th input: build (v2 and clipboard, when the flow has no error; every
 *   v2 document is JSON), report (md/json/csv/html), graph (dot/mermaid/json) and import of
 *   clipboard text (re-checked) never throw;
 * - every `--disk-every`th input goes through the CLI (`main()` in this process, files in a temp
 *   folder): check, build --out-dir, report and import exit 0, 1 or 2 — never 3, never a stack
 *   trace — and a build that fails writes nothing; each such run also builds a hostile tree
 *   (`hostileTreeArb`: links out of the tree and to /proc, a FIFO, a planted staging journal,
 *   file names with control characters and workflow commands, budget-busting solution zips) and
 *   checks that nothing outside it is read, moved or printed, and no output can act on a log.
 * Most runs stay in memory, which is what makes a million runs possible.
 *
 * Runs are generated in batches of BATCH from `seed + batch`, so `--seed S --run N` replays run N
 * alone. A failing input is written to `--failures DIR` (default: a temp folder) and the run goes
 * on; the exit code is 1 when anything failed. test/fuzz.test.ts runs a fixed seed in CI and
 * replays test/fuzz-regressions/.
 */
import { fork, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { analyzeFile, analyzeProject, sortDiagnostics } from '../src/engine/index.js';
import { buildProjectGraph } from '../src/analysis/project-graph.js';
import type { ProjectModel } from '../src/analysis/project.js';
import type { AnalysisServices } from '../src/analysis/services.js';
import { actionCatalog } from '../src/catalog/actions.js';
import { ConnectorCatalog } from '../src/catalog/connectors.js';
import type { Io } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { renderDiagnosticsWith, type DiagnosticFormat } from '../src/cli/output.js';
import { renderPretty } from '../src/diagnostics/render-pretty.js';
import { renderSarif } from '../src/diagnostics/render-sarif.js';

import { planBuild } from '../src/codegen/build.js';
import { applyFixes } from '../src/codegen/fix.js';
import { flowFileText, flowFromClipboard } from '../src/codegen/import.js';
import type { Diagnostic } from '../src/model/diagnostic.js';
import { applySuppressions } from '../src/diagnostics/suppressions.js';
import { InputError } from '../src/inputs/errors.js';
import { readSolution } from '../src/inputs/solution.js';
import type { SourceDocument } from '../src/model/source.js';
import { decodeText } from '../src/inputs/text.js';
import { parseXml } from '../src/inputs/xml.js';
import type { Span } from '../src/ir/span.js';
import { renderGraph, stableGraph, GRAPH_FORMATS } from '../src/report/graph-render.js';
import { REPORT_FORMATS, buildReport, renderReport } from '../src/report/index.js';
import { allRules } from '../src/rules/index.js';
import { CONNECTION_CLAUSE_WORDS, HEADER_CLAUSE_WORDS, allTokens } from '../src/syntax/tokens.js';

/** The CLI's renderDiagnostics, synchronous (its lazily loaded renderers imported here). */
const renderDiagnostics = renderDiagnosticsWith.bind(undefined, { renderPretty, renderSarif });

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The real solutions kept in the repository (fixtures/corpus/*, with their licence and provenance). */
const corpusDir = path.join(repoRoot, 'fixtures/corpus');

export const KINDS = ['string', 'bytes', 'soup', 'mutation', 'header', 'config'] as const;
export type FuzzKind = (typeof KINDS)[number];

/** One generated input. `text` for text kinds, `bytes` for byte-level ones, `config` for configs. */
export interface FuzzInput {
  kind: FuzzKind;
  text?: string;
  bytes?: Uint8Array;
  /** A flowc.config.json: any JSON value, or (a string in `configText`) text that may not be JSON. */
  config?: unknown;
  configText?: string;
  /** What produced it (the mutated flow, the mutations), for the failure log. */
  note?: string;
}

export interface FuzzFailure {
  run: number;
  kind: FuzzKind;
  problems: string[];
  /** Where the input was written. */
  file?: string;
}

export interface FuzzStats {
  runs: number;
  byKind: Record<string, number>;
  disk: number;
  rendered: number;
  codegen: number;
  failures: FuzzFailure[];
  ms: number;
  slowest: { ms: number; run: number; kind: string; size: number };
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** First run number (runs are numbered from 0 across batches). */
  start?: number;
  /** Only runs whose batch % jobs === job (for --jobs). */
  job?: number;
  jobs?: number;
  timeLimitMs?: number;
  diskEvery?: number;
  renderEvery?: number;
  codegenEvery?: number;
  only?: FuzzKind;
  failuresDir?: string;
  log?: (line: string) => void;
  /** Print progress every this many runs. */
  progressEvery?: number;
  /** Mutate examples/ and fixtures/ flows too (default true); see loadSeeds. */
  fixtures?: boolean;
}

export const BATCH = 500;

// ---- seeds: real flows ------------------------------------------------------------------------

export interface Seeds {
  /** Real flow texts: the corpus (every flow of every solution zip), examples and rule fixtures. */
  flows: { name: string; text: string }[];
  /** Words to make soup with: keywords, punctuation, literals, action and parameter names. */
  vocabulary: string[];
}

const seedsCache = new Map<boolean, Seeds>();

function listFiles(dir: string, test: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, test));
    else if (test(name)) out.push(full);
  }
  return out;
}

/**
 * The seeds. `fixtures: false` leaves out examples/ and fixtures/ (which grow as rules are
 * added): the corpus alone keeps the runs of a seed the same from commit to commit (CI uses it).
 */
export async function loadSeeds(opts: { fixtures?: boolean } = {}): Promise<Seeds> {
  const withFixtures = opts.fixtures ?? true;
  const cached = seedsCache.get(withFixtures);
  if (cached) return cached;
  const flows: Seeds['flows'] = [];
  for (const zip of listFiles(corpusDir, (n) => n.endsWith('.zip'))) {
    const solution = await readSolution(zip);
    for (const f of solution.flows) flows.push({ name: `${path.basename(zip)}#${f.name}`, text: f.definition });
  }
  const corpusCount = flows.length;
  const extra = withFixtures ? [...listFiles(path.join(repoRoot, 'examples'), (n) => n.endsWith('.flow')), ...listFiles(path.join(repoRoot, 'fixtures'), (n) => n.endsWith('.flow'))] : [];
  for (const file of extra) flows.push({ name: path.relative(repoRoot, file), text: readFileSync(file, 'utf8') });
  if (corpusCount === 0) throw new Error(`no corpus flows found in ${corpusDir}`);
  const seeds: Seeds = { flows, vocabulary: vocabulary(flows.slice(0, corpusCount).map((f) => f.text)) };
  seedsCache.set(withFixtures, seeds);
  return seeds;
}

/** The grammar's own words (token labels such as `'SET'`, `'=>'`), then literals and names mined from the corpus. */
export function vocabulary(corpusTexts: readonly string[]): string[] {
  const words = new Set<string>();
  for (const t of allTokens) {
    const m = /^'(.+)'$/.exec(String(t.LABEL ?? ''));
    if (m) words.add(m[1]!);
  }
  for (const w of [...HEADER_CLAUSE_WORDS, ...CONNECTION_CLAUSE_WORDS]) words.add(w);
  for (const w of [
    'END FLOW', 'FLOW', 'V1', 'V2', 'CONSOLE', 'ATTENDED', 'UNATTENDED', 'END FUNCTION', 'ELSE IF', 'EXIT FUNCTION', 'EXIT LOOP', 'NEXT LOOP',
    'ON ERROR', 'ON BLOCK ERROR', 'REPEAT ACTION', 'GLOBAL', 'DISABLE',
    "'text'", "''", "$'''multi\nline'''", "$'''%x%'''", "$'''%%'''", "$'''\\%'''", "$fx'=1+1'", "$fx'text'", "'''triple'''",
    '0', '1', '3.14', '-1', 'True', 'False', 'x', 'Name', 'Input_X', 'Output_Y', 'início', '名前', '%', '%x%', '%x[0]%', '%x.Name%',
    '# comment', '# flowc-disable-next-line FC006', '# flowc-disable-file FC005', '/# block\ncomment #/', '**REGION r', '**ENDREGION',
    '@@flowname: \'child\'', '@SENSITIVE: [Pwd]', '@INPUT Input_X : { \'Type\': \'String\' }', '@OUTPUT Output_Y : { \'Type\': \'Text\' }',
    '# [ControlRepository][PowerAutomateDesktop]', '{"ConnectionReferences":[{"ConnectorId":"shared_office365","LogicalName":"x"}]}',
    'External.InvokeCloudConnector', 'External.RunFlow', 'Connection:', 'OperationId:', 'ConnectorId:', "'shared_sharepointonline'",
    "'shared_office365'", "'SendEmailV2'", "'GetItems'", '@dataset:', "@'item/Title':", '@body:', '=>', 'Result=>', 'FlowId:', 'Password', "'Pwd=secret1234;'",
    '\t', '    ', '\r\n', '\n', '\r', '\u00a0', '\ufeff', '\u2028', '\0',
  ]) {
    words.add(w);
  }
  const mined = new Map<string, number>();
  for (const text of corpusTexts) {
    for (const m of text.matchAll(/\b[A-Z][A-Za-z]+(?:\.[A-Za-z]+){1,2}\b|\b[A-Za-z_][A-Za-z0-9_]*:|\b[A-Za-z_][A-Za-z0-9_]*=>/g)) {
      mined.set(m[0], (mined.get(m[0]) ?? 0) + 1);
    }
  }
  for (const [w] of [...mined].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 150)) words.add(w);
  return [...words];
}

// ---- arbitraries ------------------------------------------------------------------------------

const WEIRD_UNITS = ['\r', '\n', '\r\n', '\0', '\ufeff', '\u2028', '\ud800', '\udfff', "'", '"', '%', '$', "'''", '#', '/#', '#/', '@', ':', '=>', '[', ']', '{', '}', '(', ')', '\\', ' ', '\t', 'é', '𝒳', 'A', '1'];

function textArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
    fc.string({ unit: fc.constantFrom(...WEIRD_UNITS), maxLength: 300 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 }),
  );
}

function bytesArb(): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 2000 }),
    fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]), fc.uint8Array({ maxLength: 1000 })).map(([bom, rest]) => Uint8Array.from([...bom, ...rest])),
  );
}

function soupArb(vocab: readonly string[]): fc.Arbitrary<string> {
  const word = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...vocab) }, { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...WEIRD_UNITS), maxLength: 4 }) });
  const sep = fc.constantFrom(' ', ' ', ' ', '', '\n', '\r\n', '\t', '    ');
  return fc.array(fc.tuple(word, sep), { maxLength: 400 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
}

type Mutation =
  | { op: 'delete' | 'duplicate'; line: number }
  | { op: 'swap'; a: number; b: number }
  | { op: 'truncate'; at: number }
  | { op: 'insertToken'; line: number; col: number; token: string }
  | { op: 'insertBytes'; at: number; bytes: number[] }
  | { op: 'bom' | 'crOnly' | 'lfOnly' }
  | { op: 'nul'; at: number }
  | { op: 'invalidUtf8'; at: number; bytes: number[] }
  | { op: 'longLine'; line: number; how: 'text' | 'comment' | 'spaces' | 'repeat' | 'param' };

function mutationArb(vocab: readonly string[]): fc.Arbitrary<Mutation> {
  const n = fc.nat({ max: 1_000_000 });
  return fc.oneof(
    { weight: 400, arbitrary: fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), line: n }) },
    { weight: 300, arbitrary: fc.record({ op: fc.constant('swap' as const), a: n, b: n }) },
    { weight: 200, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: n }) },
    { weight: 500, arbitrary: fc.record({ op: fc.constant('insertToken' as const), line: n, col: n, token: fc.constantFrom(...vocab) }) },
    { weight: 200, arbitrary: fc.record({ op: fc.constant('insertBytes' as const), at: n, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }) },
    { weight: 100, arbitrary: fc.record({ op: fc.constantFrom('bom' as const, 'crOnly' as const, 'lfOnly' as const) }) },
    { weight: 100, arbitrary: fc.record({ op: fc.constant('nul' as const), at: n }) },
    { weight: 100, arbitrary: fc.record({ op: fc.constant('invalidUtf8' as const), at: n, bytes: fc.constantFrom<number[]>([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80, 0x80]) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('longLine' as const), line: n, how: fc.constantFrom('text' as const, 'comment' as const, 'spaces' as const, 'param' as const, 'text' as const, 'comment' as const, 'spaces' as const, 'param' as const, 'repeat' as const) }) },
  );
}

const MB = 1 << 20;
const splitLines = (text: string): string[] => text.split(/(?<=\r\n|\n|\r(?!\n))/);

/** Applies mutations; byte-level ones turn the result into bytes (decoded later like a file). */
export function mutate(text: string, mutations: readonly Mutation[]): { text?: string; bytes?: Uint8Array } {
  let t = text;
  let bytes: Buffer | undefined;
  const asBytes = (): Buffer => (bytes ??= Buffer.from(t, 'utf8'));
  for (const m of mutations) {
    if (bytes && m.op !== 'insertBytes' && m.op !== 'nul' && m.op !== 'invalidUtf8' && m.op !== 'bom') continue;
    const lines = splitLines(t);
    const at = (i: number, len: number): number => (len === 0 ? 0 : i % len);
    switch (m.op) {
      case 'delete':
        if (lines.length) lines.splice(at(m.line, lines.length), 1);
        t = lines.join('');
        break;
      case 'duplicate':
        if (lines.length) {
          const i = at(m.line, lines.length);
          lines.splice(i, 0, lines[i]!);
        }
        t = lines.join('');
        break;
      case 'swap':
        if (lines.length) {
          const a = at(m.a, lines.length);
          const b = at(m.b, lines.length);
          [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        }
        t = lines.join('');
        break;
      case 'truncate':
        t = t.slice(0, at(m.at, t.length + 1));
        break;
      case 'insertToken': {
        if (lines.length === 0) {
          t = m.token;
          break;
        }
        const i = at(m.line, lines.length);
        const line = lines[i]!;
        const c = at(m.col, line.length + 1);
        lines[i] = `${line.slice(0, c)}${m.token}${line.slice(c)}`;
        t = lines.join('');
        break;
      }
      case 'insertBytes': {
        const b = asBytes();
        const i = at(m.at, b.length + 1);
        bytes = Buffer.concat([b.subarray(0, i), Buffer.from(m.bytes), b.subarray(i)]);
        break;
      }
      case 'invalidUtf8': {
        const b = asBytes();
        const i = at(m.at, b.length + 1);
        bytes = Buffer.concat([b.subarray(0, i), Buffer.from(m.bytes), b.subarray(i)]);
        break;
      }
      case 'nul':
        if (bytes) {
          const i = at(m.at, bytes.length + 1);
          bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([0]), bytes.subarray(i)]);
        } else {
          const i = at(m.at, t.length + 1);
          t = `${t.slice(0, i)}\0${t.slice(i)}`;
        }
        break;
      case 'bom':
        if (bytes) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
        else t = `\ufeff${t}`;
        break;
      case 'crOnly':
        t = t.replace(/\r\n|\n/g, '\r');
        break;
      case 'lfOnly':
        t = t.replace(/\r\n|\r/g, '\n');
        break;
      case 'longLine': {
        if (lines.length === 0) lines.push('');
        const i = at(m.line, lines.length);
        const line = lines[i]!.replace(/[\r\n]+$/, '');
        const eol = lines[i]!.slice(line.length);
        let long: string;
        if (m.how === 'text') long = `SET LongText TO $'''${'x'.repeat(MB)}'''`;
        else if (m.how === 'comment') long = `${line} # ${'c'.repeat(MB)}`;
        else if (m.how === 'spaces') long = `${line}${' '.repeat(MB)}`;
        else if (m.how === 'param') long = `Display.ShowMessageDialog.ShowMessage Title: 'T' Message: '${'m'.repeat(MB)}'`;
        else long = `${line} `.repeat(Math.ceil(MB / (line.length + 1))).slice(0, MB);
        lines[i] = long + eol;
        t = lines.join('');
        break;
      }
    }
  }
  return bytes ? { bytes } : { text: t };
}

function mutationInputArb(seeds: Seeds): fc.Arbitrary<FuzzInput> {
  const corpus = seeds.flows.filter((f) => f.name.includes('.zip#'));
  // Every corpus flow is a seed; the examples and rule fixtures add headers, footers and rule cases.
  const flow = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...corpus) }, { weight: 2, arbitrary: fc.constantFrom(...seeds.flows) });
  // A window of lines (cheaper, and unbalanced blocks) or the whole flow.
  const window = fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.tuple(fc.nat({ max: 100_000 }), fc.integer({ min: 1, max: 120 })) });
  return fc
    .tuple(flow, window, fc.array(mutationArb(seeds.vocabulary), { minLength: 1, maxLength: 5 }))
    .map(([f, w, ms]) => {
      let text = f.text;
      if (w) {
        const lines = splitLines(text);
        const start = lines.length ? w[0] % lines.length : 0;
        text = lines.slice(start, start + w[1]).join('');
      }
      const out = mutate(text, ms);
      return { kind: 'mutation' as const, ...out, note: `${f.name}${w ? ` lines ${w[0]}+${w[1]}` : ''}: ${JSON.stringify(ms.map((m) => m.op))}` };
    });
}

function headerArb(seeds: Seeds): fc.Arbitrary<FuzzInput> {
  const word = fc.constantFrom('Docs', 'Mail', 'Ref1', 'x', 'CONNECTOR', 'OWNER', 'SCHEMA', 'END', 'FLOW', '');
  const quoted = fc.oneof(
    fc.constantFrom("'alice@contoso.com'", "'bob@contoso.com'", "'shared_sharepointonline'", "'shared_office365'", "'shared_commondataserviceforapps'", "'11111111-2222-3333-4444-555555555555'", "'{ABCDEF00-0000-0000-0000-000000000000}'", "''", "'x'"),
    textArb().map((s) => `'${s.replace(/['\r\n]/g, '')}'`),
  );
  const connection = fc
    .tuple(word, fc.array(fc.oneof(fc.tuple(fc.constantFrom(...CONNECTION_CLAUSE_WORDS), quoted).map(([k, v]) => (k === 'EMBEDDED' ? k : `${k} ${v}`)), quoted, word), { maxLength: 7 }))
    .map(([name, parts]) => `CONNECTION ${name} ${parts.join(' ')}`);
  const clause = fc.oneof(
    fc.constantFrom('SCHEMA V2', 'SCHEMA V1', 'SCHEMA V3', 'SCHEMA', 'RUNS CONSOLE', 'RUNS CONSOLE, ATTENDED', 'RUNS ATTENDED, UNATTENDED', 'RUNS', 'RUNS NOWHERE'),
    quoted.map((q) => `OWNER ${q}`),
    quoted.map((q) => `COOWNER ${q}`),
    quoted.map((q) => `USER ${q}`),
    quoted.map((q) => `ID ${q}`),
    quoted.map((q) => `DESCRIPTION ${q}`),
    connection,
    soupArb(seeds.vocabulary).map((s) => s.slice(0, 80).replace(/[\r\n]/g, ' ')),
  );
  const bodies = fc.oneof(
    soupArb(seeds.vocabulary),
    fc.constantFrom(...seeds.flows).map((f) => f.text),
    fc.constantFrom(
      "External.InvokeCloudConnector Connection: Docs OperationId: 'GetItems' @dataset: 'https://contoso.sharepoint.com' @table: 'list'\n",
      "External.InvokeCloudConnector Connection: Mail ConnectorId: 'shared_office365' OperationId: 'SendEmailV2' @'emailMessage/To': 'a@b.c' @'emailMessage/Subject': 's' @'emailMessage/Body': 'b'\n",
      "External.RunFlow FlowId: '11111111-2222-3333-4444-555555555555' @name: 'x'\n",
      "SET x TO 1\n",
    ),
  );
  return fc
    .tuple(quoted, fc.array(clause, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), bodies, fc.boolean())
    .map(([name, clauses, eol, body, end]) => ({
      kind: 'header' as const,
      text: `FLOW ${name}${eol}${clauses.map((c) => `    ${c}`).join(eol)}${eol}${end ? 'END FLOW' : ''}${eol}${body}`,
    }));
}

const RULE_CODES = allRules.map((r) => r.meta.code);
const RULE_NAMES = allRules.map((r) => r.meta.name);

function configArb(): fc.Arbitrary<FuzzInput> {
  const json = fc.jsonValue({ maxDepth: 3 });
  const file = fc.constantFrom('dlp.json', 'missing.json', 'settings.json', 'connections.json', 'connector.json', '', '.', '..', '/', 'a.flow', 'sub/', '\0x', '../../etc/passwd');
  const severity = fc.oneof(fc.constantFrom('off', 'info', 'warning', 'error', 'warn', 'OFF'), json);
  const envName = fc.constantFrom('dev', 'prod', 'test', 'Dev', '', 'a b', '-x', '__proto__', 'constructor');
  const ews = fc.oneof(fc.record({ enabled: fc.oneof(fc.boolean(), json), allowedUserAgents: fc.oneof(fc.array(fc.constantFrom('PowerAutomateLocal/*', 'PowerAutomateCloud/*', '*', '')), json) }, { requiredKeys: [] }), json);
  const environment = fc.oneof(fc.record({ deploymentSettings: fc.oneof(file, json), dlpPolicies: fc.oneof(fc.array(file, { maxLength: 3 }), json), ewsPolicy: ews }, { requiredKeys: [] }), json);
  const structured = fc.record(
    {
      $schema: fc.oneof(fc.string(), json),
      include: fc.oneof(fc.array(fc.constantFrom('**/*.flow', '*.flow', '**/*.zip', 'flows/**', '', '!', '[', '**/customizations.xml', '/'), { maxLength: 3 }), json),
      exclude: fc.oneof(fc.array(fc.constantFrom('**/x/**', '', '*', '!a.flow'), { maxLength: 3 }), json),
      rules: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...RULE_CODES, ...RULE_NAMES, 'FC999', 'fc005', '__proto__'), fc.string({ maxLength: 8 })), severity, { maxKeys: 5 }), json),
      connectors: fc.oneof(fc.array(file, { maxLength: 2 }), json),
      environments: fc.oneof(fc.dictionary(envName, environment, { maxKeys: 3 }), json),
      environment: fc.oneof(envName, json),
      dlpPolicies: fc.oneof(fc.array(file, { maxLength: 3 }), json),
      ewsPolicy: ews,
      connections: fc.oneof(file, json),
      reportUnusedSuppressions: fc.oneof(fc.constantFrom('off', 'warning', 'error', 'info'), json),
      unknownKey: json,
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 6, arbitrary: structured.map((config) => ({ kind: 'config' as const, config })) },
    { weight: 1, arbitrary: json.map((config) => ({ kind: 'config' as const, config })) },
    { weight: 1, arbitrary: textArb().map((configText) => ({ kind: 'config' as const, configText })) },
  );
}

export function inputArbitrary(seeds: Seeds, only?: FuzzKind): fc.Arbitrary<FuzzInput> {
  const all: Record<FuzzKind, { weight: number; arbitrary: fc.Arbitrary<FuzzInput> }> = {
    string: { weight: 15, arbitrary: textArb().map((text) => ({ kind: 'string' as const, text })) },
    bytes: { weight: 8, arbitrary: bytesArb().map((bytes) => ({ kind: 'bytes' as const, bytes })) },
    soup: { weight: 25, arbitrary: soupArb(seeds.vocabulary).map((text) => ({ kind: 'soup' as const, text })) },
    mutation: { weight: 30, arbitrary: mutationInputArb(seeds) },
    header: { weight: 17, arbitrary: headerArb(seeds) },
    config: { weight: 5, arbitrary: configArb() },
  };
  if (only) return all[only].arbitrary;
  return fc.oneof(...Object.values(all));
}

// ---- the properties -----------------------------------------------------------------------------

const services: AnalysisServices = { connectors: ConnectorCatalog.builtIn(), actions: actionCatalog(), settings: {} };
const DOC_PATH = 'fuzz.flow';
const DIAGNOSTIC_FORMATS: DiagnosticFormat[] = ['pretty', 'json', 'sarif', 'github'];

function spanProblem(what: string, s: Span | undefined, length: number): string | undefined {
  if (!s || !Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.start > s.end || s.end > length) {
    return `${what}: span ${JSON.stringify(s)} is not within [0, ${length}]`;
  }
  return undefined;
}

function diagnosticProblems(ds: readonly Diagnostic[], length: number): string[] {
  const out: string[] = [];
  for (const d of ds) {
    const where = `${d.rule} '${d.message.slice(0, 80)}'`;
    const p = spanProblem(where, d.span, length);
    if (p) out.push(p);
    for (const r of d.related ?? []) {
      if (r.documentIndex !== undefined && r.documentIndex !== 0) continue;
      const q = spanProblem(`${where} related '${r.message.slice(0, 40)}'`, r.span, length);
      if (q) out.push(q);
    }
    for (const e of d.fix?.edits ?? []) {
      const q = spanProblem(`${where} fix edit`, e.span, length);
      if (q) out.push(q);
    }
    if (typeof d.message !== 'string' || d.message === '') out.push(`${d.rule}: empty message`);
  }
  return out;
}

export interface CheckTextOptions {
  render?: boolean;
  codegen?: boolean;
}

/**
 * The in-memory properties for one text: what `flowc check` does per file and per project,
 * suppressions and fixes; optionally rendering, build, report, graph and import.
 * Returns the problems found (empty: all good). Never throws.
 */
export function checkText(text: string, opts: CheckTextOptions = {}): string[] {
  const problems: string[] = [];
  const step = (name: string, fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      problems.push(`${name} threw: ${e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 8).join('\n')}` : String(e)}`);
    }
  };
  const doc: SourceDocument = { path: DOC_PATH, absolutePath: `/fuzz/${DOC_PATH}`, text, origin: 'file' };
  let diagnostics: Diagnostic[] = [];
  let project: ProjectModel | undefined;
  let analysis: ReturnType<typeof analyzeFile> | undefined;
  step('analyze', () => {
    analysis = analyzeFile(doc, services, allRules);
    project = { documents: [{ index: 0, doc, facts: analysis.facts, flow: analysis.getOrParseFlow(), reported: true }] };
    const fromProject = analyzeProject(project, services, allRules).get(0) ?? [];
    const all = [...analysis.diagnostics, ...fromProject];
    problems.push(...diagnosticProblems(all, text.length));
    const s = applySuppressions(text, analysis.getOrParseFlow().comments, all, 'warning');
    diagnostics = sortDiagnostics([...s.kept, ...s.unused]);
    problems.push(...diagnosticProblems(s.unused, text.length));
    applyFixes(text, diagnostics);
    // Facts are what workers and the cache pass around: they must survive JSON.
    JSON.stringify(analysis.facts);
  });
  if (!analysis || !project) return problems;
  const a = analysis;
  const p = project;

  if (opts.render) {
    for (const format of DIAGNOSTIC_FORMATS) {
      step(`render ${format}`, () => {
        const rendered = renderDiagnostics([{ doc, diagnostics }], [doc], { format, color: format === 'pretty', quiet: false, cwd: '/fuzz' });
        if (format === 'json' || format === 'sarif') JSON.parse(rendered.text);
        if (format === 'github' && diagnostics.length && rendered.text.split('\n').filter(Boolean).length !== diagnostics.length) {
          problems.push('render github: not one line per diagnostic');
        }
        for (const d of rendered.located) {
          for (const [name, pos] of [['start', d.range.start], ['end', d.range.end]] as const) {
            const lineText = d.lines.lineText(pos.line);
            const maxColumn = lineText.length + (name === 'end' && d.range.end.line === d.range.start.line && d.range.end.column === d.range.start.column + 1 ? 2 : 1);
            if (pos.line < 1 || pos.line > d.lines.lineCount || pos.column < 1 || pos.column > maxColumn) {
              problems.push(`render: ${d.rule} ${name} ${pos.line}:${pos.column} is outside the text (line length ${lineText.length}, ${d.lines.lineCount} lines)`);
            }
          }
          const { start, end } = d.range;
          if (end.line < start.line || (end.line === start.line && end.column <= start.column)) problems.push(`render: ${d.rule} range ends before it starts: ${JSON.stringify(d.range)}`);
        }
      });
    }
  }

  if (opts.codegen) {
    const hasErrors = diagnostics.some((d) => d.severity === 'error');
    if (!hasErrors) {
      for (const format of ['v2', 'clipboard', 'solution'] as const) {
        step(`build ${format}`, () => {
          const plan = planBuild([{ doc, flow: a.getOrParseFlow(), facts: a.facts }], {
            format,
            flowcVersion: '0.0.0-fuzz',
            projectDir: '/fuzz',
            outDir: '/fuzz/out',
            connectors: services.connectors,
          });
          for (const f of plan.files) if (format === 'v2' && typeof f.content === 'string') JSON.parse(f.content);
          // A solution zip: every entry unzips, every XML document is well-formed (whatever the names and scripts hold).
          for (const f of plan.files) {
            if (format !== 'solution' || typeof f.content === 'string') continue;
            for (const [entry, data] of Object.entries(unzipSync(f.content))) if (entry.endsWith('.xml')) parseXml(strFromU8(data), f.name, entry);
          }
        });
      }
    }
    step('report', () => {
      const report = buildReport({ project: p, services });
      for (const format of REPORT_FORMATS) {
        const out = renderReport(report, format);
        if (format === 'json') JSON.parse(out);
      }
    });
    step('graph', () => {
      const g = stableGraph(buildProjectGraph(p), p);
      for (const format of GRAPH_FORMATS) {
        const out = renderGraph(g, format);
        if (format === 'json') JSON.parse(out);
      }
    });
    step('import', () => {
      let imported: string;
      try {
        imported = flowFileText(flowFromClipboard('fuzz', text, 'fuzz.txt'));
      } catch (e) {
        if (e instanceof InputError) return; // a .flow with a header is not clipboard text: refused, as it should be
        throw e;
      }
      const again = checkText(imported, {});
      if (again.length) problems.push(...again.map((x) => `imported .flow: ${x}`));
    });
  }
  return problems;
}

/** The text of an input as flowc would read it from a file; undefined when it is refused (not UTF-8). */
export function decodeInput(input: FuzzInput): { text?: string; problems: string[] } {
  if (input.text !== undefined) return { text: input.text, problems: [] };
  if (input.bytes === undefined) return { problems: [] };
  try {
    return { text: decodeText(input.bytes, DOC_PATH), problems: [] };
  } catch (e) {
    if (e instanceof InputError && !e.message.includes('\n')) return { problems: [] };
    return { problems: [`decodeText threw something other than a one-line InputError: ${String(e)}`] };
  }
}

// ---- through the CLI, on disk -----------------------------------------------------------------

async function runCli(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string; threw?: unknown }> {
  let out = '';
  let err = '';
  const io: Io = { cwd, env: {}, isTTY: false, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  try {
    return { code: await main(args, io), out, err };
  } catch (threw) {
    return { code: -1, out, err, threw };
  }
}

function cliProblems(what: string, r: Awaited<ReturnType<typeof runCli>>, allowed: readonly number[]): string[] {
  const out: string[] = [];
  if (r.threw !== undefined) out.push(`${what}: main() threw ${String(r.threw)}`);
  else if (!allowed.includes(r.code)) out.push(`${what}: exit ${r.code}: ${r.err.slice(0, 500)}`);
  if (/internal error/.test(r.err)) out.push(`${what}: ${r.err.slice(0, 500)}`);
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(r.err)) out.push(`${what}: a stack trace on stderr`);
  return out;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile());
}

/** check, build, report and import through `main()` in a fresh folder under `work`. */
export async function checkOnDisk(input: FuzzInput, work: string): Promise<string[]> {
  const dir = path.join(work, 'case');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const problems: string[] = [];
  const flowFile = 'in.flow';
  if (input.kind === 'config') {
    writeFileSync(path.join(dir, 'flowc.config.json'), input.configText ?? JSON.stringify(input.config));
    writeFileSync(path.join(dir, 'a.flow'), "FLOW 'A'\n    SCHEMA V2\nEND FLOW\nSET x TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: x\n");
    writeFileSync(path.join(dir, 'dlp.json'), JSON.stringify({ displayName: 'p', connectorGroups: [{ classification: 'Confidential', connectors: [{ id: '/providers/Microsoft.PowerApps/apis/shared_office365' }] }] }));
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ EnvironmentVariables: [], ConnectionReferences: [] }));
    mkdirSync(path.join(dir, 'sub'));
    for (const args of [['check'], ['check', 'a.flow', '--format', 'sarif'], ['report', '--format', 'json'], ['graph'], ['build', '--out-dir', 'out']]) {
      problems.push(...cliProblems(args.join(' '), await runCli(dir, args), [0, 1, 2]));
    }
    return problems;
  }
  const data = input.bytes ?? Buffer.from(input.text ?? '', 'utf8');
  writeFileSync(path.join(dir, flowFile), data);
  writeFileSync(path.join(dir, 'in.txt'), data);

  const check = await runCli(dir, ['check', flowFile, '--format', 'json']);
  problems.push(...cliProblems('check', check, [0, 1, 2]));
  if (check.code === 0 || check.code === 1) {
    try {
      JSON.parse(check.out);
    } catch {
      problems.push('check --format json: stdout is not JSON');
    }
  }
  const pretty = await runCli(dir, ['check', flowFile, '--format', 'pretty', '--color']);
  problems.push(...cliProblems('check --format pretty', pretty, [0, 1, 2]));

  const build = await runCli(dir, ['build', flowFile, '--out-dir', 'out']);
  problems.push(...cliProblems('build', build, [0, 1, 2]));
  const built = filesUnder(path.join(dir, 'out'));
  if (build.code !== 0 && built.length) problems.push(`build failed (exit ${build.code}) but wrote ${built.join(', ')}`);
  if (build.code === 0) {
    if (built.length === 0) problems.push('build succeeded but wrote nothing');
    for (const f of built) {
      if (/^\.flowc-/.test(path.basename(f)) || f.includes('.flowc-staging')) problems.push(`build left ${f} behind`);
      else if (f.endsWith('.json')) {
        try {
          JSON.parse(readFileSync(path.join(dir, 'out', f), 'utf8'));
        } catch {
          problems.push(`build wrote ${f}, which is not JSON`);
        }
      }
    }
  }
  problems.push(...cliProblems('report', await runCli(dir, ['report', flowFile, '--format', 'json']), [0, 1, 2]));
  problems.push(...cliProblems('report --out', await runCli(dir, ['report', flowFile, '--format', 'html', '--out', 'report.html']), [0, 1, 2]));

  const imp = await runCli(dir, ['import', 'in.txt', '--out-dir', 'imported']);
  problems.push(...cliProblems('import', imp, [0, 2]));
  const imported = filesUnder(path.join(dir, 'imported'));
  if (imp.code !== 0 && imported.length) problems.push(`import failed (exit ${imp.code}) but wrote ${imported.join(', ')}`);
  if (imp.code === 0) {
    for (const f of imported) problems.push(...cliProblems(`check of imported ${f}`, await runCli(path.join(dir, 'imported'), ['check', f, '--format', 'json']), [0, 1, 2]));
  }
  return problems;
}

// ---- hostile trees (issue 21) ------------------------------------------------------------------

/**
 * A checked tree as an attacker would write it: links out of it (to the process environment, a
 * file beside the tree, a device, nowhere), a FIFO, a staging journal planted in the output
 * folder, a flow file named with control characters and workflow commands, and a budget-busting
 * solution (JSON data files over the total budget, 10,000-deep metadata). Every `--disk-every`th
 * run also builds one (from the run number, so the input stream of a seed does not change).
 */
export interface HostileTree {
  links: { name: string; target: 'environ' | 'outside' | 'device' | 'nowhere' | 'loop' }[];
  fifo: boolean;
  journal?: { state: 'COMMIT' | 'ABORT'; text: string };
  controlName?: string;
  archive?: 'data-files' | 'deep-json';
}

const SENTINEL = 'flowc-fuzz-sentinel Zq9SENTINEL0001';

/** Every cell of an RFC 4180 text (quotes removed, doubled quotes undone). */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') (cells.push(cell), (cell = ''));
    else if (c !== '\r') cell += c;
  }
  if (cell) cells.push(cell);
  return cells;
}

export function hostileTreeArb(): fc.Arbitrary<HostileTree> {
  const nameArb = fc.constantFrom('env.flow', 'link.flow', 'a\nb.flow', 'x\u001b[31m.flow');
  return fc.record({
    links: fc.array(fc.record({ name: nameArb, target: fc.constantFrom('environ' as const, 'outside' as const, 'device' as const, 'nowhere' as const, 'loop' as const) }), { maxLength: 3 }),
    fifo: fc.boolean(),
    journal: fc.option(
      fc.record({
        state: fc.constantFrom('COMMIT' as const, 'ABORT' as const),
        text: fc.oneof(
          fc.constant(JSON.stringify([{ target: 'stolen.txt', staged: '../../sentinel.txt' }])),
          fc.constant(JSON.stringify([{ target: 'a.json', staged: 'new-0', backup: '../../sentinel.txt' }])),
          fc.constant(JSON.stringify([{ target: 'sentinel.txt', staged: 'new-0' }])),
          fc.constant('[null]'),
          fc.string({ maxLength: 64 }),
        ),
      }),
      { nil: undefined },
    ),
    controlName: fc.option(fc.constantFrom('x\n::add-mask::tok\n::error::pwned.flow', 'e\u001b]0;t\u0007\u202e.flow', '=HYPERLINK(1).flow', 'a\r::warning::b.flow'), { nil: undefined }),
    archive: fc.option(fc.constantFrom('data-files' as const, 'deep-json' as const), { nil: undefined }),
  });
}

/** Builds `tree` under `work`/hostile, runs check/build/report through main(), and says what went wrong. */
export async function checkHostileTree(tree: HostileTree, work: string): Promise<string[]> {
  const base = path.join(work, 'hostile');
  rmSync(base, { recursive: true, force: true });
  const dir = path.join(base, 'tree');
  mkdirSync(dir, { recursive: true });
  const sentinel = path.join(base, 'sentinel.txt');
  writeFileSync(sentinel, SENTINEL);
  writeFileSync(path.join(dir, 'ok.flow'), "SET Greeting TO 'hello'\nDisplay.ShowMessageDialog.ShowMessage Message: Greeting\n");
  const targets = { environ: '/proc/self/environ', outside: sentinel, device: '/dev/zero', nowhere: path.join(dir, 'missing'), loop: '' };
  for (const [i, l] of tree.links.entries()) {
    const name = `${i}-${l.name}`;
    try {
      symlinkSync(l.target === 'loop' ? name : targets[l.target], path.join(dir, name));
    } catch {
      /* a platform without links: nothing to test */
    }
  }
  if (tree.fifo && process.platform !== 'win32') spawnSync('mkfifo', [path.join(dir, 'pipe.flow')]);
  if (tree.controlName) writeFileSync(path.join(dir, tree.controlName), 'GOTO nowhere\n');
  if (tree.journal) {
    const staging = path.join(dir, 'out', '.flowc-staging-999999999-abcdef');
    mkdirSync(staging, { recursive: true });
    writeFileSync(path.join(staging, tree.journal.state), tree.journal.text);
    writeFileSync(path.join(staging, 'new-0'), 'planted');
  }
  if (tree.archive) {
    const { writeZip, sampleEntries, customizationsXml } = await import('./make-hostile-fixtures.js');
    if (tree.archive === 'deep-json') {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const xml = customizationsXml().replace(/<Metadata>[^<]*<\/Metadata>/, `<Metadata>{"x":${deep}}</Metadata>`);
      writeFileSync(path.join(dir, 'deep.zip'), writeZip(sampleEntries({ 'customizations.xml': { data: xml } })));
    } else {
      const json = `{"a":"${'x'.repeat(1024 * 1024 - 10)}"}`;
      const id = (i: number): string => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;
      const add = Array.from({ length: 20 }, (_, i) => [
        { name: `desktopflowbinaries/${id(i)}/desktopflowbinary.xml`, data: `<desktopflowbinary desktopflowbinaryid="${id(i)}"><data>M_${i}.json</data><type>ManifestFile</type></desktopflowbinary>` },
        { name: `desktopflowbinaries/${id(i)}/data/M_${i}.json`, data: json },
      ]).flat();
      writeFileSync(path.join(dir, 'data.zip'), writeZip(sampleEntries({}, add)));
    }
  }
  const problems: string[] = [];
  const leaked = (text: string): boolean => text.includes('Zq9SENTINEL') || /(^|\u0000)PATH=/.test(text) || text.includes('\u0000HOME=');
  const include = ['--config', path.join(base, 'flowc.config.json')];
  writeFileSync(path.join(base, 'flowc.config.json'), JSON.stringify({ include: ['**/*.flow', '**/*.zip'] }));
  for (const args of [
    ['check', '.', '--format', 'pretty', ...include],
    ['check', '.', '--format', 'github', ...include],
    ['check', '.', '--format', 'json', '--cache', '--cache-location', path.join(base, 'cache'), '--threads', '2', ...include],
    ['check', 'ok.flow', '--output-file', path.join('out', 'result.txt'), ...include],
    ['build', 'ok.flow', '--out-dir', 'out', ...include],
    ['report', '.', '--format', 'csv', ...include],
  ]) {
    const what = args.slice(0, 4).join(' ');
    const r = await runCli(dir, args);
    problems.push(...cliProblems(what, r, [0, 1, 2]));
    if (leaked(r.out + r.err)) problems.push(`${what}: printed what a link points to`);
    if (args[3] !== 'github' && (r.out + r.err).split('\n').some((line) => /^::[a-z-]+/.test(line))) problems.push(`${what}: a line of output starts with a workflow command`);
    if (/[\u001b\u0007\u202e]/.test(r.out + r.err)) problems.push(`${what}: a control character or bidi override passed through`);
    if (args[0] === 'report' && csvCells(r.out).some((cell) => /^[=+@\-\t\r]/.test(cell))) problems.push(`${what}: a CSV cell starts like a formula`);
  }
  if (!existsSync(sentinel) || readFileSync(sentinel, 'utf8') !== SENTINEL) problems.push('a file outside the tree was moved or changed');
  if (existsSync(path.join(dir, 'out', 'stolen.txt'))) problems.push('a planted journal moved a file into the output folder');
  return problems;
}

// ---- running --------------------------------------------------------------------------------

/** The seed of one batch: runs BATCH*b … BATCH*(b+1)-1 come from it. */
export function batchSeed(seed: number, batch: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 31) + Math.imul(batch, 0x9e3779b1)) | 0;
}

export function generate(seeds: Seeds, seed: number, batch: number, count = BATCH, only?: FuzzKind): FuzzInput[] {
  return fc.sample(inputArbitrary(seeds, only), { seed: batchSeed(seed, batch), numRuns: count });
}

function inputSize(input: FuzzInput): number {
  return input.text?.length ?? input.bytes?.length ?? (input.configText ?? JSON.stringify(input.config) ?? '').length;
}

/** Writes a failing input where it can be turned into a regression fixture. */
function saveFailure(dir: string, run: number, seed: number, input: FuzzInput, problems: string[]): string {
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `seed${seed}-run${run}-${input.kind}`);
  const data = input.kind === 'config' ? (input.configText ?? JSON.stringify(input.config, null, 2)) : (input.bytes ?? input.text ?? '');
  const file = `${base}.${input.kind === 'config' ? 'json' : 'input'}`;
  writeFileSync(file, data);
  writeFileSync(`${base}.txt`, `seed ${seed} run ${run} kind ${input.kind}${input.note ? `\n${input.note}` : ''}\n\n${problems.join('\n\n')}\n`);
  return file;
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzStats> {
  const seeds = await loadSeeds({ fixtures: opts.fixtures ?? true });
  const log = opts.log ?? (() => undefined);
  const timeLimit = opts.timeLimitMs ?? 5000;
  const diskEvery = opts.diskEvery ?? 100;
  const renderEvery = opts.renderEvery ?? 10;
  const codegenEvery = opts.codegenEvery ?? 10;
  const jobs = opts.jobs ?? 1;
  const job = opts.job ?? 0;
  const start = opts.start ?? 0;
  const end = start + opts.runs;
  const work = mkdtempSync(path.join(os.tmpdir(), 'flowc-fuzz-'));
  const stats: FuzzStats = { runs: 0, byKind: {}, disk: 0, rendered: 0, codegen: 0, failures: [], ms: 0, slowest: { ms: 0, run: -1, kind: '', size: 0 } };
  const t0 = performance.now();
  let lastProgress = t0;
  try {
    for (let batch = Math.floor(start / BATCH); batch * BATCH < end; batch++) {
      if (batch % jobs !== job) continue;
      const from = Math.max(start, batch * BATCH);
      const to = Math.min(end, (batch + 1) * BATCH);
      const inputs = generate(seeds, opts.seed, batch, BATCH, opts.only);
      for (let run = from; run < to; run++) {
        const input = inputs[run - batch * BATCH]!;
        // A --jobs child tells its parent which run it is on (the parent's watchdog catches hangs).
        process.send?.({ run, kind: input.kind });
        const problems = await checkOne(input, run, { timeLimit, diskEvery, renderEvery, codegenEvery, work }, stats);
        stats.runs++;
        stats.byKind[input.kind] = (stats.byKind[input.kind] ?? 0) + 1;
        if (problems.length) {
          const file = opts.failuresDir ? saveFailure(opts.failuresDir, run, opts.seed, input, problems) : undefined;
          stats.failures.push({ run, kind: input.kind, problems, ...(file ? { file } : {}) });
          log(`FAIL run ${run} (${input.kind}${input.note ? `, ${input.note}` : ''}): ${problems[0]!.split('\n')[0]}${file ? ` → ${file}` : ''}`);
        }
        if (opts.progressEvery && stats.runs % opts.progressEvery === 0) {
          const now = performance.now();
          log(`${stats.runs} runs, ${stats.failures.length} failures, ${Math.round((opts.progressEvery * 1000) / (now - lastProgress))} runs/s`);
          lastProgress = now;
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  stats.ms = performance.now() - t0;
  return stats;
}

interface CheckOneOptions {
  timeLimit: number;
  diskEvery: number;
  renderEvery: number;
  codegenEvery: number;
  work: string;
}

async function checkOne(input: FuzzInput, run: number, o: CheckOneOptions, stats: FuzzStats): Promise<string[]> {
  const problems: string[] = [];
  const t = performance.now();
  if (input.kind !== 'config') {
    const decoded = decodeInput(input);
    problems.push(...decoded.problems);
    if (decoded.text !== undefined) {
      const render = run % o.renderEvery === 0;
      const codegen = run % o.codegenEvery === 0;
      if (render) stats.rendered++;
      if (codegen) stats.codegen++;
      problems.push(...checkText(decoded.text, { render, codegen }));
    }
  }
  const ms = performance.now() - t;
  // The bound grows with the input (a 1 MB input rendered in four formats with 20,000 diagnostics
  // is work, not a hang): the limit, plus twice the limit per MiB.
  const limit = o.timeLimit * (1 + (2 * inputSize(input)) / MB);
  if (ms > limit) problems.push(`took ${Math.round(ms)} ms (limit ${Math.round(limit)} ms) for ${inputSize(input)} characters`);
  if (ms > stats.slowest.ms) stats.slowest = { ms, run, kind: input.kind, size: inputSize(input) };
  if (input.kind === 'config' || run % o.diskEvery === 0) {
    stats.disk++;
    const t2 = performance.now();
    problems.push(...(await checkOnDisk(input, o.work)));
    if (run % o.diskEvery === 0) {
      const [tree] = fc.sample(hostileTreeArb(), { seed: run, numRuns: 1 });
      problems.push(...(await checkHostileTree(tree!, o.work)).map((p) => `hostile tree ${JSON.stringify(tree)}: ${p}`));
    }
    const disk = performance.now() - t2;
    // Four to six commands, each parsing the input again: a looser bound.
    if (disk > o.timeLimit * 6) problems.push(`the CLI took ${Math.round(disk)} ms for ${inputSize(input)} characters`);
  }
  return problems;
}

// ---- command line -----------------------------------------------------------------------------

interface CliArgs {
  runs: number;
  seed: number;
  jobs: number;
  timeLimitMs: number;
  diskEvery: number;
  only?: FuzzKind;
  run?: number;
  failuresDir: string;
  /** A child's first run (after a restart). */
  start: number;
  /** A --jobs child silent for this long is killed, its run recorded as a hang, and restarted after it. */
  hangLimitMs: number;
  child?: { job: number };
}

function parseCli(argv: string[]): CliArgs {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, dflt: number): number => {
    const v = get(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${name} expects a number, got ${v}`);
    return n;
  };
  const only = get('only');
  if (only !== undefined && !(KINDS as readonly string[]).includes(only)) throw new Error(`--only expects one of ${KINDS.join(', ')}`);
  const child = get('child');
  return {
    runs: num('runs', 10_000),
    seed: num('seed', Date.now() % 2 ** 31),
    jobs: Math.max(1, num('jobs', 1)),
    timeLimitMs: num('time-limit', 5000),
    diskEvery: num('disk-every', 100),
    ...(only ? { only: only as FuzzKind } : {}),
    ...(get('run') !== undefined ? { run: num('run', 0) } : {}),
    failuresDir: get('failures') ?? path.join(os.tmpdir(), 'flowc-fuzz-failures'),
    start: num('start', 0),
    hangLimitMs: num('hang-limit', 120_000),
    ...(child !== undefined ? { child: { job: Number(child) } } : {}),
  };
}

async function replay(args: CliArgs): Promise<number> {
  const seeds = await loadSeeds();
  const run = args.run!;
  const batch = Math.floor(run / BATCH);
  const input = generate(seeds, args.seed, batch, BATCH, args.only)[run - batch * BATCH]!;
  const stats: FuzzStats = { runs: 0, byKind: {}, disk: 0, rendered: 0, codegen: 0, failures: [], ms: 0, slowest: { ms: 0, run: -1, kind: '', size: 0 } };
  const work = mkdtempSync(path.join(os.tmpdir(), 'flowc-fuzz-'));
  const problems = await checkOne(input, 0, { timeLimit: args.timeLimitMs, diskEvery: 1, renderEvery: 1, codegenEvery: 1, work }, stats);
  rmSync(work, { recursive: true, force: true });
  console.log(`seed ${args.seed} run ${run}: kind ${input.kind}${input.note ? ` (${input.note})` : ''}, ${inputSize(input)} characters, ${Math.round(stats.slowest.ms)} ms`);
  const shown = input.kind === 'config' ? (input.configText ?? JSON.stringify(input.config)) : (input.text ?? Buffer.from(input.bytes ?? []).toString('hex'));
  console.log(JSON.stringify(shown.length > 2000 ? `${shown.slice(0, 2000)}…` : shown));
  if (problems.length) {
    const file = saveFailure(args.failuresDir, run, args.seed, input, problems);
    console.log(`${problems.join('\n')}\n→ ${file}`);
    return 1;
  }
  console.log('ok');
  return 0;
}

function summary(stats: FuzzStats, args: CliArgs): string {
  const kinds = KINDS.map((k) => `${k} ${stats.byKind[k] ?? 0}`).join(', ');
  return [
    `runs: ${stats.runs} (seed ${args.seed}) in ${(stats.ms / 1000).toFixed(1)} s, ${Math.round((stats.runs * 1000) / Math.max(stats.ms, 1))} runs/s`,
    `inputs by kind: ${kinds}`,
    `rendered in every format: ${stats.rendered}; build/report/graph/import in memory: ${stats.codegen}; through the CLI on disk: ${stats.disk}`,
    `slowest: run ${stats.slowest.run} (${stats.slowest.kind}, ${stats.slowest.size} characters) ${Math.round(stats.slowest.ms)} ms`,
    `failures: ${stats.failures.length}${stats.failures.length ? ` (inputs in ${args.failuresDir})` : ''}`,
  ].join('\n');
}

const EMPTY_STATS = (): FuzzStats => ({ runs: 0, byKind: {}, disk: 0, rendered: 0, codegen: 0, failures: [], ms: 0, slowest: { ms: 0, run: -1, kind: '', size: 0 } });

function addStats(a: FuzzStats, b: FuzzStats): FuzzStats {
  return {
    runs: a.runs + b.runs,
    byKind: Object.fromEntries(KINDS.map((k) => [k, (a.byKind[k] ?? 0) + (b.byKind[k] ?? 0)])),
    disk: a.disk + b.disk,
    rendered: a.rendered + b.rendered,
    codegen: a.codegen + b.codegen,
    failures: [...a.failures, ...b.failures],
    ms: a.ms + b.ms,
    slowest: a.slowest.ms >= b.slowest.ms ? a.slowest : b.slowest,
  };
}

/**
 * One of --jobs: a child process running batch % jobs === job. A child that stops answering
 * (a hang: no new run for --hang-limit) or dies (out of memory) is recorded as a failure at the
 * run it was on — its input saved like any other — and a new child goes on after that run.
 */
async function runJob(argv: string[], args: CliArgs, job: number): Promise<FuzzStats> {
  const script = fileURLToPath(import.meta.url);
  const base = argv.filter((_, i) => !['--start', '--child'].includes(argv[i - 1] ?? '') && !['--start', '--child'].includes(argv[i] ?? ''));
  let total = EMPTY_STATS();
  let start = 0;
  for (;;) {
    const outcome = await new Promise<{ stats: FuzzStats; run: number; died?: boolean; why?: string }>((resolve) => {
      const child = fork(script, [...base, '--child', String(job), '--start', String(start)], { execArgv: process.execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
      let current = start - 1;
      let heard = Date.now();
      let stats: FuzzStats | undefined;
      let hung = false;
      // Runs started, by kind: what is counted if the child dies (its own stats die with it).
      const started = EMPTY_STATS();
      let lastKind = '';
      child.on('message', (m: { run?: number; kind?: string }) => {
        if (typeof m.run === 'number') {
          current = m.run;
          heard = Date.now();
          started.runs++;
          lastKind = m.kind ?? '';
          started.byKind[lastKind] = (started.byKind[lastKind] ?? 0) + 1;
        }
      });
      const watchdog = setInterval(() => {
        // Loading (before the first run) gets at least five minutes.
        const limit = current < start ? Math.max(args.hangLimitMs, 300_000) : args.hangLimitMs;
        if (Date.now() - heard > limit) {
          hung = true;
          child.kill('SIGKILL');
        }
      }, 1000);
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.startsWith('STATS ')) stats = JSON.parse(line.slice(6)) as FuzzStats;
          else console.log(line);
        }
      });
      child.on('exit', (code, signal) => {
        clearInterval(watchdog);
        if (stats && !hung) resolve({ stats, run: current });
        else {
          // The run it was on did not finish: counted below as a failure, not here.
          if (started.runs > 0) {
            started.runs--;
            started.byKind[lastKind]!--;
          }
          resolve({ stats: started, run: current, died: true, why: hung ? `no result after ${Math.round(args.hangLimitMs / 1000)} s: a hang` : `the process died (exit ${code}, signal ${signal}): a crash or out of memory` });
        }
      });
    });
    total = addStats(total, outcome.stats);
    if (!outcome.died) return total;
    // The failure is recorded (its input saved), and the job goes on after the run.
    const run = outcome.run;
    if (run < start) {
      console.log(`[job ${job}] the child died before its first run: ${outcome.why}`);
      return addStats(total, { ...EMPTY_STATS(), failures: [{ run, kind: 'string', problems: [`job ${job}: ${outcome.why}`] }] });
    }
    const seeds = await loadSeeds();
    const batch = Math.floor(run / BATCH);
    const input = generate(seeds, args.seed, batch, BATCH, args.only)[run - batch * BATCH]!;
    const file = saveFailure(args.failuresDir, run, args.seed, input, [outcome.why!]);
    console.log(`[job ${job}] FAIL run ${run} (${input.kind}${input.note ? `, ${input.note}` : ''}): ${outcome.why} → ${file}`);
    total = addStats(total, { ...EMPTY_STATS(), runs: 1, byKind: { [input.kind]: 1 }, failures: [{ run, kind: input.kind, problems: [outcome.why!], file }] });
    start = run + 1;
    if (start >= args.runs) return total;
  }
}

const FLAGS = ['runs', 'seed', 'jobs', 'time-limit', 'disk-every', 'only', 'run', 'failures', 'hang-limit', 'start', 'child'];

export const FUZZ_HELP = `flowc fuzz: no input may crash flowc, hang it or give a diagnostic outside the text.

usage: npm run fuzz -- [--runs N] [--seed S] [--jobs J] [--time-limit MS] [--only KIND]
       npm run fuzz -- --seed S --run N          replay one run, printing its input and result

  --runs N         how many inputs (default 10000)
  --seed S         the seed (default: from the clock); runs are batches of seed + batch
  --jobs J         child processes in parallel (default 1)
  --time-limit MS  time bound per input (default 5000, plus twice that per MiB)
  --disk-every N   every Nth input also goes through the CLI on disk (default 100)
  --only KIND      one kind of input: ${KINDS.join(', ')}
  --failures DIR   where failing inputs are written (default: a temp folder)
  --hang-limit MS  a silent --jobs child is killed after this long (default 120000)
  --help           this text
`;

async function cli(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(FUZZ_HELP);
    return 0;
  }
  // An unknown flag is a mistake to say, not a run to start (a typo of --runs would run 10,000).
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--') && FLAGS.includes(a.slice(2))) {
      i++; // its value
      continue;
    }
    {
      console.error(`flowc fuzz: unknown option ${a}\n\n${FUZZ_HELP}`);
      return 2;
    }
  }
  const args = parseCli(argv);
  if (args.run !== undefined) return replay(args);
  if (args.child) {
    // One of --jobs children: runs its share of the batches, prints its stats as JSON last.
    const stats = await runFuzz({ start: args.start, runs: args.runs - args.start, seed: args.seed, job: args.child.job, jobs: args.jobs, timeLimitMs: args.timeLimitMs, diskEvery: args.diskEvery, ...(args.only ? { only: args.only } : {}), failuresDir: args.failuresDir, log: (l) => console.log(`[job ${args.child!.job}] ${l}`), progressEvery: 20_000 });
    console.log(`STATS ${JSON.stringify(stats)}`);
    return 0;
  }
  console.log(`flowc fuzz: ${args.runs} runs, seed ${args.seed}, ${args.jobs} job${args.jobs > 1 ? 's' : ''}, time limit ${args.timeLimitMs} ms per input, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), node ${process.version}`);
  let stats: FuzzStats;
  if (args.jobs === 1) {
    stats = await runFuzz({ runs: args.runs, seed: args.seed, timeLimitMs: args.timeLimitMs, diskEvery: args.diskEvery, ...(args.only ? { only: args.only } : {}), failuresDir: args.failuresDir, log: (l) => console.log(l), progressEvery: 20_000 });
  } else {
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: args.jobs }, (_, job) => runJob(argv, args, job)));
    stats = results.reduce(addStats);
    stats.ms = performance.now() - t0;
  }
  console.log(summary(stats, args));
  return stats.failures.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}

// ---- regression fixtures (test/fuzz-regressions/) ------------------------------------------------

/** `<name>.json` beside `<name>.input` (or with `generate` instead): what one found failure must now do. */
export interface RegressionFixture {
  found: string;
  description: string;
  /** The input, when it is too big to commit: the concatenation of these parts. */
  generate?: ({ text: string } | { repeat: string; length: number })[];
  /** Set while the fix is pending (the test expects the fixture to fail then); says what to change. */
  knownIssue?: string;
  expect: {
    /** The in-memory check (analysis, every render, build/report/graph/import) must take at most this. */
    maxMs: number;
    /** At most this many diagnostics. */
    maxDiagnostics?: number;
    /** No line of the pretty output longer than this. */
    maxFrameLineLength?: number;
    /** Time the per-file analysis alone (for inputs that are slow to parse: one parse, not ten). */
    analysisOnly?: boolean;
  };
}

export function regressionInput(dir: string, name: string, fixture: RegressionFixture): Uint8Array {
  if (!fixture.generate) return readFileSync(path.join(dir, `${name}.input`));
  let text = '';
  for (const part of fixture.generate) text += 'text' in part ? part.text : part.repeat.repeat(Math.ceil(part.length / part.repeat.length)).slice(0, part.length);
  return Buffer.from(text, 'utf8');
}

/** Everything a regression fixture must do; the problems found (none: it passes). */
export async function checkRegression(dir: string, name: string): Promise<string[]> {
  const fixture = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as RegressionFixture;
  const bytes = regressionInput(dir, name, fixture);
  const decoded = decodeInput({ kind: 'bytes', bytes });
  const problems = [...decoded.problems];
  if (decoded.text === undefined) return problems;
  const text = decoded.text;
  const doc: SourceDocument = { path: DOC_PATH, absolutePath: `/fuzz/${DOC_PATH}`, text, origin: 'file' };
  const t = performance.now();
  const { diagnostics } = analyzeFile(doc, services, allRules);
  if (fixture.expect.analysisOnly) {
    problems.push(...diagnosticProblems(diagnostics, text.length));
  } else {
    problems.push(...checkText(text, { render: true, codegen: true }));
  }
  const ms = performance.now() - t;
  if (ms > fixture.expect.maxMs) problems.push(`took ${Math.round(ms)} ms, more than ${fixture.expect.maxMs} ms`);
  if (fixture.expect.maxDiagnostics !== undefined && diagnostics.length > fixture.expect.maxDiagnostics) {
    problems.push(`${diagnostics.length} diagnostics, more than ${fixture.expect.maxDiagnostics}`);
  }
  if (fixture.expect.analysisOnly) return problems;
  if (fixture.expect.maxFrameLineLength !== undefined) {
    const pretty = renderDiagnostics([{ doc, diagnostics }], [doc], { format: 'pretty', color: false, quiet: false, cwd: '/fuzz' }).text;
    const longest = Math.max(...pretty.split('\n').map((l) => l.length));
    if (longest > fixture.expect.maxFrameLineLength) problems.push(`a pretty output line of ${longest} characters, more than ${fixture.expect.maxFrameLineLength}`);
  }
  if (bytes.length <= 100_000) {
    const work = mkdtempSync(path.join(os.tmpdir(), 'flowc-fuzz-regression-'));
    try {
      problems.push(...(await checkOnDisk({ kind: 'bytes', bytes }, work)));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return problems;
}

/** A short stable name for an input (fixtures are named after it). */
export function inputHash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 12);
}
