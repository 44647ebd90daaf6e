/**
 * Commands that judge flows (report, graph, access) first make sure they could read them: a flow
 * with a syntax error (FC001) or a file that could not be read (FC010) would be judged on what
 * the parser guessed, e.g. "owner not declared" for an OWNER written without quotes. Those
 * errors are printed to stderr as `flowc check` prints them and the command exits 1, unless the
 * user asked to go on with `--ignore-errors` (then they are still printed, and the command runs
 * on what could be read).
 */
import type { Pipeline } from '../engine/index.js';
import { renderDiagnostics } from './output.js';
import type { Io } from './io.js';

/** Rules whose errors mean the flow was not read as written. */
export const UNREADABLE_RULES: ReadonlySet<string> = new Set(['FC001', 'FC010']);


/** Prints the errors of flows that could not be read; true when the command must stop (exit 1). */
export async function reportUnreadFlows(p: Pick<Pipeline, 'results' | 'analyses'>, io: Io, ignoreErrors: boolean): Promise<boolean> {
  const groups = p.results
    .map((r) => ({ doc: r.doc, diagnostics: r.diagnostics.filter((d) => d.severity === 'error' && UNREADABLE_RULES.has(d.rule)), secrets: r.analysis.secrets }))
    .filter((g) => g.diagnostics.length > 0);
  if (groups.length === 0) return false;
  const rendered = await renderDiagnostics(groups, p.analyses.map((a) => a.doc), { format: 'pretty', color: false, quiet: false, cwd: io.cwd });
  const flows = `${groups.length} flow${groups.length === 1 ? '' : 's'}`;
  // The pretty summary line counts files checked; here a line that says what happens instead.
  const body = rendered.text.replace(/\n[^\n]*\d+ errors?, \d+ warnings?[^\n]*\n?$/, '\n');
  io.stderr(body);
  io.stderr(
    ignoreErrors
      ? `flowc: warning: ${flows} could not be read (errors above); going on with --ignore-errors: what could not be read is left out or incomplete\n`
      : `flowc: ${flows} could not be read (errors above); fix them, or pass --ignore-errors to go on with what could be read\n`,
  );
  return !ignoreErrors;
}
