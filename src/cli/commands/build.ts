/**
 * `flowc build [paths…] --out-dir DIR [--format v2|clipboard] [--diagnostic-format …]`: check,
 * then write one v2 flow document (or PAD clipboard text) per flow and each configured
 * environment's deployment settings. `--format` is the output's format here, so diagnostics
 * take theirs from `--diagnostic-format` (pretty, json, sarif, github). Any error diagnostic, or any flow that cannot be built, writes nothing (exit 1).
 * All files are written together or not at all (src/outputs/atomic-writer.ts): each record is
 * staged as soon as its flow is generated, and they appear under their names together at the end.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { flowInputs, runPipeline } from '../../engine/index.js';
import { printInputErrors } from '../input-errors.js';
import { parseFormat, renderDiagnostics } from '../output.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { useColor, type Io } from '../io.js';
import type { CommonFlags } from '../args.js';
import { displayPath } from '../../inputs/paths.js';
import { BUILD_FORMATS, buildOutputs, type BuildEnvironment, type BuildFailure, type BuildFormat, type BuildOptions, type BuildPlan } from '../../codegen/build.js';
import { inputsOf, ownInputsGuard, refuseOwnInputs } from '../own-inputs.js';
import { createProgress, progressWanted } from '../progress.js';
import { OutputError, beginAtomicWrite, writeFilesAtomically, type AtomicWrite, type WritableFile } from '../../outputs/atomic-writer.js';
import { VERSION } from '../../model/version.js';

export function formatFailure(f: BuildFailure): string {
  const at = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : '';
  const flow = f.flow !== undefined ? ` (${f.flow})` : '';
  return `${f.file}${at}${flow}: ${f.message}`;
}

export async function build(paths: string[], flags: CommonFlags, io: Io): Promise<number> {
  const outFlag = flags['out-dir'];
  if (typeof outFlag !== 'string' || outFlag === '') throw new UsageError('flowc build needs --out-dir DIR', 'e.g. flowc build --out-dir dist');
  const format = (flags.format ?? 'v2') as BuildFormat;
  if (!BUILD_FORMATS.includes(format)) throw new UsageError(`unknown --format '${String(flags.format)}' for build`, `formats: ${BUILD_FORMATS.join(', ')}`);
  if (format !== 'solution' && (flags.unpacked || flags['solution-version'] !== undefined)) {
    throw new UsageError(`--${flags.unpacked ? 'unpacked' : 'solution-version'} is for --format solution`);
  }
  const outDir = path.resolve(io.cwd, outFlag);
  const diagnosticFormat = parseFormat(flags['diagnostic-format'] as string | undefined, io.isTTY);

  // The output folder is not searched: what a previous build wrote there are flows too. Without
  // every flow's IR in memory: planBuild gets each one parsed again in turn (flowInputs).
  // The progress line (on a terminal, pretty diagnostics only: src/cli/progress.ts) counts the
  // flows checked, then the flows built.
  const progress = createProgress(io, progressWanted(io, diagnosticFormat, false));
  let p: Awaited<ReturnType<typeof runPipeline>>;
  try {
    p = await runPipeline({ paths, cwd: io.cwd, configPath: flags.config, encoding: flags.encoding as string | undefined, excludeFolders: [outDir], keepIr: false, onProgress: (done, total) => progress.update(done, total) });
  } finally {
    progress.end();
  }
  if (printInputErrors(p, io)) return EXIT_USAGE;

  const rendered = await renderDiagnostics(
    p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics, secrets: r.analysis.secrets })),
    p.analyses.map((a) => a.doc),
    { format: diagnosticFormat, color: useColor(io, flags), quiet: !!flags.quiet, cwd: io.cwd },
  );
  const { errors, warnings } = rendered.summary;
  if (rendered.located.length > 0) io.stderr(rendered.text);
  if (errors > 0) {
    io.stderr(`flowc: build failed: ${errors} error${errors === 1 ? '' : 's'}; nothing was written\n`);
    return EXIT_ERRORS;
  }
  if (flags['max-warnings'] !== undefined && warnings > flags['max-warnings']) {
    io.stderr(`flowc: ${warnings} warnings, more than --max-warnings ${flags['max-warnings']}; nothing was written\n`);
    return EXIT_ERRORS;
  }

  const environments: BuildEnvironment[] = [];
  for (const [name, env] of Object.entries(p.config.config.environments ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (env?.deploymentSettings !== undefined) environments.push({ name, deploymentSettings: env.deploymentSettings });
  }
  const buildOpts: BuildOptions = {
    format,
    flowcVersion: VERSION,
    projectDir: p.config.dir,
    outDir,
    connectors: p.services.connectors,
    environments,
    ...(format === 'solution' && {
      solution: {
        ...(p.config.config.solutions ? { configured: p.config.config.solutions } : {}),
        projectName: path.basename(p.config.dir),
        ...(typeof flags['solution-version'] === 'string' ? { version: flags['solution-version'] } : {}),
        unpacked: flags.unpacked === true,
        configFile: p.config.file ? displayPath(p.config.file, io.cwd) : 'flowc.config.json',
      },
    }),
    display: (abs) => displayPath(abs, io.cwd),
    onProgress: (done, total) => progress.update(done, total, 'flows built'),
  };
  // A file that could not be read (FC010, even when configured off) is never built as an empty flow.
  const inputs = flowInputs({ results: p.results.filter((r) => r.unreadable === undefined) });
  const own = inputsOf(p);
  const refuseOwn = ownInputsGuard(own, io.cwd);
  const plan: Pick<BuildPlan, 'flows' | 'failures'> = { flows: [], failures: [] };
  const names: string[] = [];
  // v2 and clipboard records are staged as soon as each is generated (memory flat in the number
  // of flows); a solution's files all come at the end, and an unpacked one is checked for stale
  // files before anything is written, so they are collected first.
  const streamed = format !== 'solution';
  const collected: WritableFile[] = [];
  let write: AtomicWrite | undefined;
  // What stopped the staging (a refused output, a folder in the way, a failed write): reported
  // only if no flow failed, as when every file was planned before writing.
  let stopped: unknown;
  const stage = async (file: WritableFile): Promise<void> => {
    refuseOwn(path.join(outDir, file.name));
    write ??= await beginAtomicWrite(outDir, undefined, { removeCreatedFolder: true });
    await write.add(file);
  };
  try {
    for (const file of buildOutputs(inputs, buildOpts, plan)) {
      names.push(file.name);
      if (!streamed) collected.push(file);
      else if (plan.failures.length === 0 && stopped === undefined) {
        try {
          await stage(file);
        } catch (e) {
          stopped = e;
          await write?.abort();
        }
      }
    }
    progress.end();
    if (plan.failures.length) {
      for (const f of plan.failures) io.stderr(`flowc: ${formatFailure(f)}\n`);
      io.stderr(`flowc: build failed: ${plan.failures.length} problem${plan.failures.length === 1 ? '' : 's'}; nothing was written\n`);
      return EXIT_ERRORS;
    }
    if (stopped !== undefined) throw stopped;
    if (format === 'solution' && flags.unpacked) {
      // An unpacked solution is every file in its folder (pac packs them all): a file an earlier
      // build wrote for a flow that is gone would come back. Refuse rather than delete.
      const stale = await staleFiles(outDir, names);
      if (stale.length) {
        const shown = stale.slice(0, 5).map((n) => displayPath(path.join(outDir, n), io.cwd));
        io.stderr(`flowc: ${shown.join(', ')}${stale.length > 5 ? ` and ${stale.length - 5} more` : ''}: not written by this build, and would end up in the solution; remove the solution's folder first (or choose another --out-dir); nothing was written\n`);
        return EXIT_ERRORS;
      }
    }
    if (streamed) {
      // No file at all (no flow, no environment): the folder is still made, as before.
      write ??= await beginAtomicWrite(outDir);
      await write.commit();
    } else {
      refuseOwnInputs(collected.map((f) => path.join(outDir, f.name)), own, io.cwd);
      await writeFilesAtomically(outDir, collected);
    }
  } catch (e) {
    if (e instanceof OutputError) {
      io.stderr(`flowc: ${e.message}; nothing was written\n`);
      return EXIT_USAGE;
    }
    throw e;
  } finally {
    progress.end();
    await write?.abort();
  }
  if (!flags.quiet) {
    const shown = displayPath(outDir, io.cwd);
    // A flow may go into several solutions: count it once.
    const count = new Set(plan.flows.map((f) => f.source)).size;
    io.stdout(`built ${count} flow${count === 1 ? '' : 's'} into ${shown}\n`);
    for (const n of names) io.stdout(`  ${n}\n`);
  }
  return EXIT_OK;
}

/** Files under the folders the build writes into (`<root>/…`) that the build does not write, as `/`-separated names. */
async function staleFiles(outDir: string, names: readonly string[]): Promise<string[]> {
  const planned = new Set(names.map((n) => n.toLowerCase()));
  const roots = [...new Set(names.filter((n) => n.includes('/')).map((n) => n.slice(0, n.indexOf('/'))))];
  const stale: string[] = [];
  for (const root of roots) {
    const entries = await readdir(path.join(outDir, root), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory()) continue;
      // `parentPath` (Node ≥ 20.12), `path` before it.
      const parent = e.parentPath ?? (e as unknown as { path: string }).path;
      const rel = path.relative(outDir, path.join(parent, e.name)).split(path.sep).join('/');
      if (!planned.has(rel.toLowerCase())) stale.push(rel);
    }
  }
  return stale.sort();
}
