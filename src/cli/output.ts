/**
 * Rendering diagnostics in the format asked for, and the exit code that goes with them.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceDocument } from '../model/source.js';
import { locate, summarize, type LocatedDiagnostic, type Summary } from '../diagnostics/located.js';
import { renderJson } from '../diagnostics/render-json.js';
import { renderPretty } from '../diagnostics/render-pretty.js';
import { readFileSync } from 'node:fs';
import { allRules, rulesByCode } from '../rules/index.js';
import { renderSarif } from '../diagnostics/render-sarif.js';
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

export function renderDiagnostics(
  groups: { doc: SourceDocument; diagnostics: Diagnostic[]; secrets?: DocumentSecrets }[],
  allDocs: readonly SourceDocument[],
  opts: RenderOptions,
): Rendered {
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
      text = renderSarif(located, {
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
    default:
      text = renderPretty(located, summary, { color: opts.color, ruleName, ...(opts.quiet ? { hidden: { warnings: all.warnings, infos: all.infos } } : {}) });
  }
  return { text, summary: all, located };
}
