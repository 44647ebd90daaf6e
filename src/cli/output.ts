/**
 * Rendering diagnostics in the format asked for, and the exit code that goes with them.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceDocument } from '../inputs/source.js';
import { locate, summarize, type LocatedDiagnostic, type Summary } from '../diagnostics/located.js';
import { renderJson } from '../diagnostics/render-json.js';
import { renderPretty } from '../diagnostics/render-pretty.js';
import { rulesByCode } from '../rules/index.js';
import { UsageError } from './errors.js';

export type DiagnosticFormat = 'pretty' | 'json';
export const DIAGNOSTIC_FORMATS: readonly DiagnosticFormat[] = ['pretty', 'json'];

export interface RenderOptions {
  format: DiagnosticFormat;
  color: boolean;
  quiet: boolean;
}

export function parseFormat(value: string | undefined, isTTY: boolean): DiagnosticFormat {
  const f = value ?? (isTTY ? 'pretty' : 'pretty');
  if (!(DIAGNOSTIC_FORMATS as readonly string[]).includes(f)) {
    throw new UsageError(`unknown --format '${f}'`, `formats: ${DIAGNOSTIC_FORMATS.join(', ')}`);
  }
  return f as DiagnosticFormat;
}

export interface Rendered {
  text: string;
  summary: Summary;
  located: LocatedDiagnostic[];
}

export function renderDiagnostics(
  groups: { doc: SourceDocument; diagnostics: Diagnostic[] }[],
  allDocs: readonly SourceDocument[],
  opts: RenderOptions,
): Rendered {
  const filtered = opts.quiet ? groups.map((g) => ({ ...g, diagnostics: g.diagnostics.filter((d) => d.severity === 'error') })) : groups;
  const located = locate(filtered, allDocs);
  const summary = summarize(located, groups.length);
  const text =
    opts.format === 'json'
      ? renderJson(located, summary)
      : renderPretty(located, summary, { color: opts.color, ruleName: (code) => rulesByCode.get(code)?.meta.name });
  return { text, summary, located };
}
