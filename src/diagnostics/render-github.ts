/**
 * `--format github`: GitHub Actions workflow commands, one annotation per diagnostic:
 *   ::error file=…,line=…,col=…,endLine=…,endColumn=…,title=FC302 cloud-run-requires-embedded::message
 * Escaped exactly as @actions/core escapes: data `%`, `\r`, `\n`; property values also `:` and `,`.
 */
import type { LocatedDiagnostic } from './located.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithub(ds: readonly LocatedDiagnostic[], ruleName: (code: string) => string | undefined): string {
  return ds
    .map((d) => {
      const name = ruleName(d.rule);
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.range.start.line}`,
        `col=${d.range.start.column}`,
        `endLine=${d.range.end.line}`,
        `endColumn=${d.range.end.column}`,
        `title=${escapeProperty(`${d.rule}${name ? ` ${name}` : ''}${d.flow !== undefined ? ` (${d.flow})` : ''}`)}`,
      ].join(',');
      const lines = [d.message, ...(d.help ? [`help: ${d.help}`] : []), ...d.suggestions.map((x) => `suggestion: ${x.description} (not applied by --fix)`)];
      const message = lines.join('\n');
      return `::${COMMAND[d.severity]} ${props}::${escapeData(message)}\n`;
    })
    .join('');
}
