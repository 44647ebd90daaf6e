/**
 * Rendering diagnostics in the format asked for, and the exit code that goes with them.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceDocument } from '../model/source.js';
import { locate, summarize, type LocatedDiagnostic, type Summary } from '../diagnostics/located.js';
import { renderJson } from '../diagnostics/render-json.js';
import { prettySummaryLine } from '../diagnostics/pretty-summary.js';
import { readFileSync } from 'node:fs';
import { allRules, rulesByCode } from '../rules/index.js';
import { renderGithub } from '../diagnostics/render-github.js';
import { HOMEPAGE, RULE_DOCS_WEB, VERSION } from '../model/version.js';
import { UsageError } from './errors.js';
import { redactLocated } from './redact.js';
import type { DocumentSecrets } from '../analysis/document-secrets.js';

export type DiagnosticFormat = 'pretty' | 'json' | 'sarif' | 'github';
export const DIAGNOSTIC_FORMATS: readonly DiagnosticFormat[] = ['pretty', 'json', 'sarif', 'github'];

/** The rule docs shipped with flowc (docs/rules/, two levels above this file in src/ and dist/). */
export const RULE_DOCS_URL = new URL('../../docs/rules/', import.meta.url);

export function readRuleDoc(code: string): string | undefined {
  try {
    return readFileSync(new URL(`${code}.md`, RULE_DOCS_URL), 'utf8');
  } catch {
    return undefined;
  }
}

export interface RenderOptions {
  format: DiagnosticFormat;
  color: boolean;
  quiet: boolean;
  /** Folder SARIF locations are relative to. */
  cwd: string;
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

/** The renderers that are loaded only when needed (see renderDiagnostics). */
export interface LazyRenderers {
  renderPretty: typeof import('../diagnostics/render-pretty.js').renderPretty;
  renderSarif: typeof import('../diagnostics/render-sarif.js').renderSarif;
}

type Groups = { doc: SourceDocument; diagnostics: Diagnostic[]; secrets?: DocumentSecrets }[];

/**
 * The diagnostics in the format asked for. SARIF's renderer, and pretty's with its code-frame
 * library, are loaded only when they have something to render: `flowc check` of flows without
 * diagnostics starts without them.
 */
export async function renderDiagnostics(groups: Groups, allDocs: readonly SourceDocument[], opts: RenderOptions): Promise<Rendered> {
  return renderDiagnosticsWith(
    {
      renderSarif: opts.format === 'sarif' ? (await import('../diagnostics/render-sarif.js')).renderSarif : notLoaded,
      renderPretty: opts.format === 'pretty' && groups.some((g) => g.diagnostics.length > 0) ? (await import('../diagnostics/render-pretty.js')).renderPretty : notLoaded,
    },
    groups,
    allDocs,
    opts,
  );
}

function notLoaded(): never {
  throw new Error('renderer not loaded');
}

/** renderDiagnostics with the renderers given (synchronous: for scripts that import them). */
export function renderDiagnosticsWith(renderers: LazyRenderers, groups: Groups, allDocs: readonly SourceDocument[], opts: RenderOptions): Rendered {
  const filtered = opts.quiet ? groups.map((g) => ({ ...g, diagnostics: g.diagnostics.filter((d) => d.severity === 'error') })) : groups;
  // Secrets are masked before any format sees the diagnostics (src/cli/redact.ts).
  const located = redactLocated(locate(filtered, allDocs), new Map(groups.map((g) => [g.doc, g.secrets])));
  const summary = summarize(located, groups.length);
  // What --quiet hid still counts (for --max-warnings, and in the pretty summary line).
  const all = opts.quiet ? summarize(groups.flatMap((g) => g.diagnostics), groups.length) : summary;
  const ruleName = (code: string): string | undefined => rulesByCode.get(code)?.meta.name;
  let text: string;
  switch (opts.format) {
    case 'json':
      text = renderJson(located, summary);
      break;
    case 'sarif':
      text = renderers.renderSarif(located, {
        srcRoot: opts.cwd,
        version: VERSION,
        rules: allRules.map((r) => r.meta),
        helpUriBase: RULE_DOCS_WEB,
        informationUri: HOMEPAGE,
        ruleDoc: readRuleDoc,
      });
      break;
    case 'github':
      text = renderGithub(located, ruleName);
      break;
    default: {
      const pretty = { color: opts.color, ruleName, ...(opts.quiet ? { hidden: { warnings: all.warnings, infos: all.infos } } : {}) };
      // Nothing to show: the output is the summary line alone, as renderPretty prints it.
      text = located.length === 0 ? `${prettySummaryLine(summary, pretty)}\n` : renderers.renderPretty(located, summary, pretty);
    }
  }
  return { text, summary: all, located };
}
