/**
 * `--format pretty`: rustc/Elm-style diagnostics: `file:line:col`, the rule, a code frame with the
 * span underlined, and a `help:` line.
 */
import { codeFrameColumns } from '@babel/code-frame';
import pc from 'picocolors';
import type { LocatedDiagnostic, Summary } from './located.js';

export interface PrettyOptions {
  color: boolean;
  /** Rule names by code, for the header line. */
  ruleName(code: string): string | undefined;
}

function where(file: string, flow: string | undefined, line: number, column: number): string {
  return flow !== undefined ? `${file} › ${flow}:${line}:${column}` : `${file}:${line}:${column}`;
}

export function renderPretty(ds: readonly LocatedDiagnostic[], summary: Summary, opts: PrettyOptions): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  for (const d of ds) {
    const sev = d.severity === 'error' ? c.red(c.bold('error')) : d.severity === 'warning' ? c.yellow(c.bold('warning')) : c.cyan(c.bold('info'));
    const name = opts.ruleName(d.rule);
    out.push(`${c.bold(where(d.file, d.flow, d.range.start.line, d.range.start.column))} ${sev} ${c.dim(`${d.rule}${name ? ` ${name}` : ''}`)}${d.fixable ? c.green(' [fixable]') : ''}`);
    out.push(`  ${d.message}`);
    out.push(frame(d, opts.color));
    for (const r of d.related) out.push(`  ${c.dim('note:')} ${r.message} (${where(r.file, r.flow, r.range.start.line, r.range.start.column)})`);
    if (d.help) out.push(`  ${c.green('help:')} ${d.help}`);
    out.push('');
  }
  const parts = [
    `${summary.errors} error${summary.errors === 1 ? '' : 's'}`,
    `${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`,
    `${summary.infos} info${summary.infos === 1 ? '' : 's'}`,
  ];
  const line = `${parts.join(', ')} in ${summary.files} flow${summary.files === 1 ? '' : 's'}`;
  out.push(summary.errors ? c.red(line) : summary.warnings ? c.yellow(line) : c.green(line));
  return `${out.join('\n')}\n`;
}

function frame(d: LocatedDiagnostic, color: boolean): string {
  // Only the lines around the span are handed to the code-frame library (cheap on big files);
  // blank lines keep the line numbers right.
  const from = Math.max(1, d.range.start.line - 2);
  const to = Math.min(d.lines.lineCount, d.range.end.line + 2);
  const lines: string[] = [];
  for (let i = 1; i < from; i++) lines.push('');
  for (let i = from; i <= to; i++) lines.push(d.lines.lineText(i).replace(/\t/g, '    '));
  const endLine = Math.min(d.range.end.line, d.range.start.line + 5);
  const end = endLine === d.range.end.line ? d.range.end : { line: endLine, column: lines[endLine - 1]!.length + 1 };
  const text = codeFrameColumns(lines.join('\n'), { start: d.range.start, end }, { highlightCode: color, forceColor: color, linesAbove: 1, linesBelow: 1 });
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
