/**
 * `flowc build [paths…] --out-dir DIR [--format v2|clipboard] [--diagnostic-format …]`: check,
 * then write one v2 flow document (or PAD clipboard text) per flow and each configured
 * environment's deployment settings. `--format` is the output's format here, so diagnostics
 * take theirs from `--diagnostic-format` (pretty, json, sarif, github). Any error diagnostic, or any flow that cannot be built, writes nothing (exit 1).
 * All files are written together or not at all (src/outputs/atomic-writer.ts).
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
import { BUILD_FORMATS, planBuild, type BuildEnvironment, type BuildFailure, type BuildFormat } from '../../codegen/build.js';
import { inputsOf, refuseOwnInputs } from '../own-inputs.js';
import { OutputError, writeFilesAtomically } from '../../outputs/atomic-writer.js';
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
  const p = await runPipeline({ paths, cwd: io.cwd, configPath: flags.config, excludeFolders: [outDir], keepIr: false });
  if (printInputErrors(p, io)) return EXIT_USAGE;

  const rendered = renderDiagnostics(
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
  const plan = planBuild(
    // A file that could not be read (FC010, even when configured off) is never built as an empty flow.
    flowInputs({ results: p.results.filter((r) => r.unreadable === undefined) }),
    {
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
    },
  );
  if (plan.failures.length) {
    for (const f of plan.failures) io.stderr(`flowc: ${formatFailure(f)}\n`);
    io.stderr(`flowc: build failed: ${plan.failures.length} problem${plan.failures.length === 1 ? '' : 's'}; nothing was written\n`);
    return EXIT_ERRORS;
  }
  if (format === 'solution' && flags.unpacked) {
    // An unpacked solution is every file in its folder (pac packs them all): a file an earlier
    // build wrote for a flow that is gone would come back. Refuse rather than delete.
    const stale = await staleFiles(outDir, plan.files.map((f) => f.name));
    if (stale.length) {
      const shown = stale.slice(0, 5).map((n) => displayPath(path.join(outDir, n), io.cwd));
      io.stderr(`flowc: ${shown.join(', ')}${stale.length > 5 ? ` and ${stale.length - 5} more` : ''}: not written by this build, and would end up in the solution; remove the solution's folder first (or choose another --out-dir); nothing was written\n`);
      return EXIT_ERRORS;
    }
  }
  refuseOwnInputs(plan.files.map((f) => path.join(outDir, f.name)), inputsOf(p), io.cwd);
  try {
    await writeFilesAtomically(outDir, plan.files);
  } catch (e) {
    if (e instanceof OutputError) {
      io.stderr(`flowc: ${e.message}; nothing was written\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (!flags.quiet) {
    const shown = displayPath(outDir, io.cwd);
    // A flow may go into several solutions: count it once.
    const count = new Set(plan.flows.map((f) => f.source)).size;
    io.stdout(`built ${count} flow${count === 1 ? '' : 's'} into ${shown}\n`);
    for (const f of plan.files) io.stdout(`  ${f.name}\n`);
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
