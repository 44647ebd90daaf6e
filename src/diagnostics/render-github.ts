/**
 * `--format github`: GitHub Actions workflow commands, one annotation per diagnostic:
 *   ::error file=…,line=…,col=…,endLine=…,endColumn=…,title=FC302 cloud-run-requires-embedded::message
 * Escaped exactly as @actions/core escapes: data `%`, `\r`, `\n`; property values also `:` and `,`.
 */
import type { LocatedDiagnostic } from './located.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * Characters a log viewer or terminal would act on (ESC sequences, BEL, other control
 * characters, bidirectional overrides such as U+202E that reorder what a reviewer reads): shown
 * as `\u001b`, never passed through. Line breaks are left to the `%0A` escape below.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function printable(s: string): string {
  return s.replace(UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function escapeData(s: string): string {
  return printable(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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
