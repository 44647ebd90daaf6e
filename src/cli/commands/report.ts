/**
 * `flowc report [paths…] --format md|json|csv|html [--out FILE]`: the governance report over any
 * mix of .flow files, folders and solutions (src/report/). Prints to stdout unless `--out` (or
 * `--output-file`) names a file. `--environment NAME` applies that environment's DLP policies
 * instead of the config's `environment`. A flow that could not be read (syntax errors, FC010)
 * stops the report with its errors (exit 1) unless `--ignore-errors`; other diagnostics do not
 * (the report says what the scripts use; run `flowc check` for them).
 */
import path from 'node:path';
import { loadConfigFor, runPipeline } from '../../engine/index.js';
import { printInputErrors } from '../input-errors.js';
import { closest } from '../../util/suggest.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { reportUnreadFlows } from '../broken.js';
import type { CommonFlags } from '../args.js';
import { REPORT_FORMATS, buildReport, renderReport, type ReportFormat } from '../../report/index.js';
import { inputsOf, refuseOwnInputs } from '../own-inputs.js';
import { writeFileAtomically } from '../../outputs/atomic-writer.js';
import { createProgress, progressWanted } from '../progress.js';

export async function report(paths: string[], flags: CommonFlags, io: Io): Promise<number> {
  const format = (flags.format ?? 'md') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`unknown --format '${String(flags.format)}' for report`, `formats: ${REPORT_FORMATS.join(', ')}`);
  const out = (flags['out'] as string | undefined) ?? flags['output-file'];
  const environment = flags['environment'] as string | undefined;
  if (environment !== undefined) {
    // An unknown environment is a usage error with a suggestion, like the config's own `environment`.
    const names = Object.keys(loadConfigFor(io.cwd, flags.config).config.environments ?? {});
    if (!names.includes(environment)) {
      const guess = closest(environment, names);
      throw new UsageError(`unknown environment '${environment}'`, guess ? `did you mean '${guess}'?` : names.length ? `environments: ${names.join(', ')}` : 'flowc.config.json defines no `environments`');
    }
  }
  // The report reads facts only (description, module uses, DLP): each flow's IR is dropped once
  // its rules ran, so memory stays flat over a large estate.
  // The progress line (src/cli/progress.ts): on a terminal, for the formats a person reads (md,
  // html), never for json or csv.
  const progress = createProgress(io, progressWanted(io, format === 'md' || format === 'html' ? 'pretty' : format, !!out));
  let p: Awaited<ReturnType<typeof runPipeline>>;
  try {
    p = await runPipeline({ paths, cwd: io.cwd, configPath: flags.config, encoding: flags.encoding as string | undefined, environment, keepIr: false, onProgress: (done, total) => progress.update(done, total) });
  } finally {
    progress.end();
  }
  if (printInputErrors(p, io)) return EXIT_USAGE;
  if (await reportUnreadFlows(p, io, !!flags['ignore-errors'])) return EXIT_ERRORS;
  const text = renderReport(buildReport({ project: p.project, services: p.services }), format);
  if (out) {
    const target = path.resolve(io.cwd, out);
    refuseOwnInputs([target], inputsOf(p), io.cwd);
    await writeFileAtomically(target, text);
  }
  else io.stdout(text);
  return EXIT_OK;
}
