/**
 * The last line of `--format pretty` (`0 errors, 2 warnings, 0 infos in 3 flows`). On its own
 * module: with no diagnostic to show it is the whole output, and printing it does not load the
 * code-frame library render-pretty.ts needs for diagnostics.
 */
import pc from 'picocolors';
import type { Summary } from './located.js';

export interface SummaryLineOptions {
  color: boolean;
  /** `--quiet`: how many warnings and infos were left out (the summary line says so). */
  hidden?: { warnings: number; infos: number };
}

export function prettySummaryLine(summary: Summary, opts: SummaryLineOptions): string {
  const c = pc.createColors(opts.color);
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const hidden = opts.hidden;
  // With --quiet only errors are shown: the line says how many warnings and infos were hidden, never "0 warnings".
  const parts = hidden
    ? [plural(summary.errors, 'error')]
    : [plural(summary.errors, 'error'), plural(summary.warnings, 'warning'), plural(summary.infos, 'info')];
  const hiddenParts = hidden ? [hidden.warnings ? plural(hidden.warnings, 'warning') : '', hidden.infos ? plural(hidden.infos, 'info') : ''].filter(Boolean) : [];
  const line = `${parts.join(', ')} in ${plural(summary.files, 'flow')}${hiddenParts.length ? ` (${hiddenParts.join(' and ')} hidden by --quiet)` : ''}`;
  return summary.errors ? c.red(line) : summary.warnings ? c.yellow(line) : c.green(line);
}
