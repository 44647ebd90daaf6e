/**
 * `flowc diff OLD NEW` / `flowc diff --git [REV[..REV]] [-- paths…]` / `flowc diff --textconv FILE`:
 * what changed in meaning between two versions (src/diff/). Each side is read and analysed as
 * `flowc check` would (any mix of .flow files, clipboard text, folders and solutions), each with
 * the configuration in force there: with --git, an old revision's own flowc.config.json.
 *
 * Exit codes: 0 no change in meaning, 1 a change (with `--fail-on new`: a new error or warning;
 * with `--fail-on none`: never), 2 bad input or usage.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfigFor, runPipeline, servicesData, type PerFileDocument, type Pipeline } from '../../engine/index.js';
import { printInputErrors } from '../input-errors.js';
import type { LoadedConfig } from '../../inputs/config.js';
import type { SourceDocument } from '../../model/source.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { useColor, type Io } from '../io.js';
import type { CommonFlags } from '../args.js';
import { locate } from '../../diagnostics/located.js';
import { redactLocated } from '../redact.js';
import { maskSecret } from '../../analysis/secrets.js';
import { buildReport } from '../../report/model.js';
import type { ReportFlow } from '../../generated/report.js';
import { diffFlows, type DiffFlowInput, type FlowDiff, type ProblemInput } from '../../diff/flows.js';
import { DIFF_FORMATS, renderDiff, type DiffFormat } from '../../diff/render.js';
import { gitRoot, parseRevRange, snapshotRevision, type GitSnapshot } from '../../inputs/git.js';
import { InputError } from '../../inputs/errors.js';
import { readRecordInputs } from '../../inputs/record.js';
import { writeFileAtomically } from '../../outputs/atomic-writer.js';
import { refuseOwnInputs } from '../own-inputs.js';
import { documentSecrets } from '../../analysis/document-secrets.js';
import { redactDeep } from '../../analysis/secrets.js';
import { parseFlow } from '../../syntax/parse.js';
import type { Flow } from '../../ir/flow.js';

const FAIL_ON = ['change', 'new', 'none'] as const;

export async function diff(positionals: string[], flags: CommonFlags, io: Io): Promise<number> {
  if (flags['textconv']) return textconv(positionals, io);
  const format = (flags.format ?? 'pretty') as DiffFormat;
  if (!DIFF_FORMATS.includes(format)) throw new UsageError(`unknown --format '${String(flags.format)}' for diff`, `formats: ${DIFF_FORMATS.join(', ')}`);
  const failOn = (flags['fail-on'] ?? 'change') as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on expects ${FAIL_ON.join(', ')}, got '${String(flags['fail-on'])}'`);

  // --encoding applies to both sides (over each side's config `encoding`).
  const encoding = flags.encoding as string | undefined;
  let result: FlowDiff | number;
  if (flags['git'] !== undefined) result = await gitDiff(String(flags['git']), positionals, flags, io);
  else {
    if (positionals.length !== 2) throw new UsageError('flowc diff needs two paths: OLD and NEW', 'or compare git revisions: flowc diff --git [REV[..REV]]');
    const [a, b] = positionals as [string, string];
    const old = await side([a], io.cwd, flags.config, encoding, io);
    if (typeof old === 'number') return old;
    const neu = await side([b], io.cwd, flags.config, encoding, io, false, old.reusable);
    if (typeof neu === 'number') return neu;
    result = diffFlows(old.flows, neu.flows, { old: a, new: b });
  }
  if (typeof result === 'number') return result;

  const text = renderDiff(result, format, { color: flags['output-file'] ? false : useColor(io, flags) });
  if (flags['output-file']) {
    const target = path.resolve(io.cwd, flags['output-file']);
    // Never over one of the two sides (a file, or inside a solution folder compared).
    const sides = flags['git'] === undefined ? positionals.map((p) => path.resolve(io.cwd, p)) : [];
    const folders = sides.filter((p) => statSync(p, { throwIfNoEntry: false })?.isDirectory());
    refuseOwnInputs([target], { files: sides.filter((p) => !folders.includes(p)), folders }, io.cwd);
    await writeFileAtomically(target, text);
  }
  else io.stdout(text);
  if (failOn === 'none') return EXIT_OK;
  if (failOn === 'new') return result.flows.some((f) => f.problems.new.some((p) => p.severity !== 'info')) ? EXIT_ERRORS : EXIT_OK;
  return result.changed ? EXIT_ERRORS : EXIT_OK;
}

/** `--git REV` (against the working tree) or `--git A..B`; `--git ''`/`--git HEAD`: HEAD against the working tree. */
async function gitDiff(spec: string, paths: string[], flags: CommonFlags, io: Io): Promise<FlowDiff | number> {
  let root: string;
  let revs: [string, string | undefined];
  try {
    root = gitRoot(io.cwd, io.env);
    revs = parseRevRange(spec === '' ? 'HEAD' : spec);
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  // Paths are taken relative to the repository's root on both sides, so flows pair by path.
  const rel = paths.length ? paths.map((p) => path.relative(root, path.resolve(io.cwd, p)) || '.') : ['.'];
  if (rel.some((p) => p.startsWith('..') || path.isAbsolute(p))) throw new UsageError('with --git, paths must be inside the repository');
  const snapshots: GitSnapshot[] = [];
  try {
    const snap = (rev: string): GitSnapshot => {
      try {
        const s = snapshotRevision(root, rev, io.env);
        snapshots.push(s);
        return s;
      } catch (e) {
        if (e instanceof InputError) throw new UsageError(e.message);
        throw e;
      }
    };
    const oldDir = snap(revs[0]).dir;
    const newDir = revs[1] === undefined ? root : snap(revs[1]).dir;
    // Each side with its own configuration (an old revision's flowc.config.json), unless --config.
    const config = flags.config ? path.resolve(io.cwd, flags.config) : undefined;
    const encoding = flags.encoding as string | undefined;
    const old = await side(rel, oldDir, config, encoding, io, true);
    if (typeof old === 'number') return old;
    const neu = await side(rel, newDir, config, encoding, io, true, old.reusable);
    if (typeof neu === 'number') return neu;
    return diffFlows(old.flows, neu.flows, { old: revs[0], new: revs[1] ?? 'working tree' });
  } finally {
    for (const s of snapshots) s.dispose();
  }
}

/**
 * One side's per-file results, for the other side to reuse where a flow did not change (most
 * flows of a change): valid only under the same rule severities and services (connectors, DLP
 * policies, environment, encoding), and only for plain files (a solution's flows take facts from its
 * records). A flow's facts depend on its file's name, not its folder: the key is name and text.
 */
interface Reusable {
  settings: string;
  docs: Map<string, PerFileDocument>;
}

function settingsKey(config: LoadedConfig, encoding: string | undefined): string {
  return JSON.stringify({ rules: config.rules, services: servicesData(config), encoding: encoding ?? config.config.encoding });
}

function reuseKey(doc: SourceDocument): string | undefined {
  return doc.origin === 'file' && doc.flowName === undefined ? `${path.basename(doc.absolutePath)}\u0000${doc.text}` : undefined;
}

interface Side {
  flows: DiffFlowInput[];
  reusable: Reusable;
}

/** One side: the pipeline over `paths`, then each reported flow with its report entry and its (masked) problems. */
async function side(paths: string[], cwd: string, configPath: string | undefined, encoding: string | undefined, io: Io, emptyIsFine = false, other?: Reusable): Promise<Side | number> {
  const settings = settingsKey(loadConfigFor(cwd, configPath), encoding);
  const reuse =
    other && other.settings === settings
      ? (doc: SourceDocument): PerFileDocument | undefined => {
          const k = reuseKey(doc);
          return k === undefined ? undefined : other.docs.get(k);
        }
      : undefined;
  let p: Pipeline;
  try {
    // Build outputs (v2 flow records) are read too, so `flowc diff solution.zip out/` compares a build with its source.
    const records = await readRecordInputs(paths, cwd);
    // Without every IR (keepIr: false): a flow's IR is parsed again when the comparison reads it (`flowOf`).
    p = await runPipeline({ paths: records.rest, documents: records.documents, cwd, configPath, encoding, reuse, keepIr: false });
  } catch (e) {
    // A revision without flows is a side without flows (a flow added since), not an error.
    if (emptyIsFine && (e instanceof InputError || e instanceof UsageError) && /^no flows found/.test(e.message)) return { flows: [], reusable: { settings, docs: new Map() } };
    throw e;
  }
  const reusable: Reusable = { settings, docs: new Map() };
  p.perFile.forEach((d) => {
    const k = reuseKey(d.analysis.doc);
    if (k !== undefined) reusable.docs.set(k, { analysis: d.analysis, comments: d.comments });
  });
  if (printInputErrors(p, io)) return EXIT_USAGE;
  // A side that could not be read (FC010) cannot be compared: refused as before, one line each.
  const unreadable = p.results.filter((r) => r.unreadable !== undefined);
  if (unreadable.length > 0) {
    for (const r of unreadable) io.stderr(`flowc: ${r.doc.path}: ${r.unreadable}\n`);
    return EXIT_USAGE;
  }
  const reported = p.project.documents.filter((d) => d.reported);
  const report = buildReport({ project: p.project, services: p.services, documents: reported });
  // buildReport orders flows by path, then name, then index: the same order pairs them with their documents.
  const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const ordered = [...reported].sort((a, b) => byString(a.doc.path, b.doc.path) || byString(a.facts.name, b.facts.name) || a.index - b.index);
  const reportOf = new Map<number, ReportFlow>();
  ordered.forEach((d, i) => reportOf.set(d.index, report.flows[i]!));
  const located = redactLocated(
    locate(
      p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics })),
      p.analyses.map((a) => a.doc),
    ),
    new Map(p.results.map((r) => [r.doc, r.analysis.secrets])),
  );
  const problems = new Map<unknown, ProblemInput[]>();
  for (const d of located) {
    let list = problems.get(d.doc);
    if (!list) problems.set(d.doc, (list = []));
    list.push({
      file: d.file,
      line: d.range.start.line,
      column: d.range.start.column,
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      context: d.lines.lineText(d.range.start.line).trim(),
    });
  }
  // The comparison reads a flow's IR only when its text changed, one pair after the other: each
  // side parses it again then and holds only the last one (memory flat in the number of flows).
  let last: { doc: SourceDocument; flow: Flow } | undefined;
  const flowOf = (doc: SourceDocument): Flow => (last?.doc === doc ? last.flow : (last = { doc, flow: parseFlow(doc.text).flow }).flow);
  const flows = p.results.map((r, i): DiffFlowInput => {
    const analysis = r.analysis;
    return {
      doc: r.doc,
      get flow() {
        return flowOf(r.doc);
      },
      facts: analysis.facts,
      report: reportOf.get(i)!,
      problems: problems.get(r.doc) ?? [],
      secrets: analysis.secrets,
    };
  });
  return { flows, reusable };
}

/** `--textconv FILE`: git's diff driver. */
async function textconv(positionals: string[], io: Io): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('flowc diff --textconv needs one FILE');
  const { renderTextconv } = await import('../../diff/textconv.js');
  const { readTextconvFlows } = await import('../../inputs/textconv.js');
  const file = positionals[0]!;
  let flows;
  try {
    flows = await readTextconvFlows(path.resolve(io.cwd, file), file, io.cwd);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`flowc: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  // Secrets are masked here as in every output (a textconv rendering is shown by `git diff`).
  const masked = flows.map((f) => {
    let flow;
    try {
      flow = parseFlow(f.script).flow;
    } catch {
      flow = undefined;
    }
    const secrets = documentSecrets(f.script, flow);
    // The script's secret ranges; every other text field through the one masking of text fields.
    const { script, ...fields } = f;
    return { ...redactDeep(fields, secrets.values), script: maskRanges(script, secrets.ranges) };
  });
  io.stdout(renderTextconv(masked));
  return EXIT_OK;
}

/** `text` with each secret range replaced by its mask (`hu****`: never its length); line breaks kept. */
function maskRanges(text: string, ranges: readonly { start: number; end: number }[]): string {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, at);
    if (r.end <= start) continue;
    out += text.slice(at, start);
    const secret = text.slice(start, r.end);
    const lineBreaks = secret.match(/\r?\n/g)?.join('') ?? '';
    out += maskSecret(secret.replace(/\r?\n/g, '')) + lineBreaks;
    at = r.end;
  }
  return out + text.slice(at);
}
