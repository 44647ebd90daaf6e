/** `flowc check [paths…]`: parse and analyse; print diagnostics; exit 1 on errors. */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { runPipeline } from '../../engine/index.js';
import { printInputErrors } from '../input-errors.js';
import { renderDiagnostics, parseFormat } from '../output.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { useColor, type Io } from '../io.js';
import type { CommonFlags } from '../args.js';
import { inputsOf, refuseOwnInputs } from '../own-inputs.js';
import { writeFileAtomically } from '../../outputs/atomic-writer.js';
import { createProgress, progressWanted } from '../progress.js';

export async function check(paths: string[], flags: CommonFlags, io: Io): Promise<number> {
  const format = parseFormat(flags.format, io.isTTY);
  if (flags.fix && flags['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together', 'use --fix-dry-run to see the changes, then --fix to make them');
  const unused = flags['report-unused-suppressions'];
  if (unused !== undefined && !['off', 'warning', 'error'].includes(String(unused))) {
    throw new UsageError(`--report-unused-suppressions expects off, warning or error, got '${String(unused)}'`);
  }
  const pipelineOptions = {
    paths,
    cwd: io.cwd,
    configPath: flags.config,
    encoding: flags.encoding as string | undefined,
    reportUnusedSuppressions: unused as 'off' | 'warning' | 'error' | undefined,
    threads: parseThreads(flags.threads),
    cache: flags.cache ? { location: flags['cache-location'] as string | undefined } : undefined,
    keepIr: false,
    ignoreUnknown: !!flags['ignore-unknown'],
  };
  const progress = createProgress(io, progressWanted(io, format, !!flags['output-file']));
  let p: Awaited<ReturnType<typeof runPipeline>>;
  try {
    p = await runPipeline({ ...pipelineOptions, onProgress: (done, total) => progress.update(done, total) });
  } finally {
    progress.end();
  }
  if (p.stats.cacheError) io.stderr(`flowc: warning: ${p.stats.cacheError}\n`);
  if (flags.debug) {
    const s = p.stats;
    io.stderr(
      `flowc: per-file phase: ${s.documents} documents, ${s.analysed} analysed on ${s.threads} thread${s.threads === 1 ? '' : 's'}${s.inWorker ? ' (a worker: this thread waited)' : ''}, ${s.cached} from the cache` +
        `${s.solutionsCached ? `, ${s.solutionsCached} solution zip${s.solutionsCached === 1 ? '' : 's'} read from the cache` : ''}` +
        `${s.cacheFile ? ` (${s.cacheFile}${s.cacheDiscarded ? `, previous file ignored: ${s.cacheDiscarded}` : ''})` : ''}\n`,
    );
  }
  if (flags.fix || flags['fix-dry-run']) {
    const { fixAll } = await import('./fix.js');
    p = await fixAll(p, pipelineOptions, { dryRun: !!flags['fix-dry-run'], io, diffTo: format === 'pretty' && !flags['output-file'] ? 'stdout' : 'stderr' });
  }
  if (printInputErrors(p, io)) return EXIT_USAGE;
  const rendered = await renderDiagnostics(
    p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics, secrets: r.analysis.secrets })),
    p.analyses.map((a) => a.doc),
    { format, color: flags['output-file'] ? false : useColor(io, flags), quiet: !!flags.quiet, cwd: io.cwd },
  );
  if (flags['output-file']) {
    const target = path.resolve(io.cwd, flags['output-file']);
    refuseOwnInputs([target], inputsOf(p), io.cwd);
    await writeFileAtomically(target, rendered.text);
  }
  else io.stdout(rendered.text);
  const { errors, warnings } = rendered.summary;
  if (errors > 0) return EXIT_ERRORS;
  if (flags['max-warnings'] !== undefined && warnings > flags['max-warnings']) {
    io.stderr(`flowc: ${warnings} warnings, more than --max-warnings ${flags['max-warnings']}\n`);
    return EXIT_ERRORS;
  }
  return EXIT_OK;
}

/**
 * `--threads N` (N ≥ 1) or `auto` (the default: the core count when the work pays for workers).
 * N is capped at the core count: more workers than cores only add memory and switching (200
 * workers on a 2-core runner is an easy way to exhaust it).
 */
export function parseThreads(value: unknown, cores = availableParallelism()): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads expects a whole number of at least 1, or auto, got '${String(value)}'`);
  return Math.min(n, Math.max(1, cores));
}
