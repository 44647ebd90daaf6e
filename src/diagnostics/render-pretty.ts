/**
 * `--format pretty`: rustc/Elm-style diagnostics: `file:line:col`, the rule, a code frame with the
 * span underlined, and a `help:` line.
 */
import { codeFrameColumns } from '@babel/code-frame';
import pc from 'picocolors';
import type { LocatedDiagnostic, Summary } from './located.js';
import { prettySummaryLine, type SummaryLineOptions } from './pretty-summary.js';

export interface PrettyOptions extends SummaryLineOptions {
  /** Rule names by code, for the header line. */
  ruleName(code: string): string | undefined;
}

function where(file: string, flow: string | undefined, line: number, column: number): string {
  return flow !== undefined ? `${printable(file)} › ${printable(flow)}:${line}:${column}` : `${printable(file)}:${line}:${column}`;
}

/**
 * Characters a terminal would act on or that reorder text (control characters, line and
 * paragraph separators, bidirectional overrides): input text is shown, never obeyed.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same, and line breaks and tabs: a one-line field (a message, a file name) stays one line. */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE_INLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the input (names, messages that quote it) with unprintable characters escaped. A
 * line break is escaped too: a message or file name can never start a line of its own (which
 * GitHub Actions would run as a workflow command such as `::add-mask::`).
 */
function printable(text: string): string {
  return text.replace(UNPRINTABLE_INLINE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A source line as the code frame shows it: tabs as four spaces, one U+FFFD per unprintable character. */
function displayLine(raw: string): string {
  return raw.replace(/\t/g, '    ').replace(UNPRINTABLE, '\ufffd');
}

/** A 1-based column of `raw` in displayLine(raw). */
function displayColumn(raw: string, column: number): number {
  let extra = 0;
  for (let i = 0; i < column - 1 && i < raw.length; i++) if (raw.charCodeAt(i) === 9) extra += 3;
  return column + extra;
}

export function renderPretty(ds: readonly LocatedDiagnostic[], summary: Summary, opts: PrettyOptions): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  for (const d of ds) {
    const sev = d.severity === 'error' ? c.red(c.bold('error')) : d.severity === 'warning' ? c.yellow(c.bold('warning')) : c.cyan(c.bold('info'));
    const name = opts.ruleName(d.rule);
    out.push(`${c.bold(where(d.file, d.flow, d.range.start.line, d.range.start.column))} ${sev} ${c.dim(`${d.rule}${name ? ` ${name}` : ''}`)}${d.fixable ? c.green(' [fixable]') : ''}`);
    out.push(`  ${printable(d.message)}`);
    out.push(frame(d, opts.color));
    for (const r of d.related) out.push(`  ${c.dim('note:')} ${printable(r.message)} (${where(r.file, r.flow, r.range.start.line, r.range.start.column)})`);
    if (d.help) out.push(`  ${c.green('help:')} ${printable(d.help)}`);
    for (const x of d.suggestions) out.push(`  ${c.cyan('suggestion:')} ${printable(x.description)} ${c.dim('(not applied by --fix)')}`);
    out.push('');
  }
  out.push(prettySummaryLine(summary, opts));
  return `${out.join('\n')}\n`;
}

/** Longest part of a source line a code frame shows; longer lines are cut around the span, with `…`. */
const MAX_FRAME_WIDTH = 160;

function frame(d: LocatedDiagnostic, color: boolean): string {
  // Only the lines the frame shows are handed to the code-frame library, numbered from `from`
  // (its startLine option): the work is the same for a diagnostic on line 1 or line 100,000, so
  // rendering N diagnostics is linear. A span over many lines (FC007 after EXIT) is underlined on
  // its first six. Long lines are cut to a window around the span's start (the same window on
  // every line of the frame), and columns mapped onto what is shown.
  const endLine = Math.min(d.range.end.line, d.range.start.line + 5);
  const from = Math.max(1, d.range.start.line - 1);
  const to = Math.min(d.lines.lineCount, endLine + 1);
  const raw: string[] = [];
  for (let i = from; i <= to; i++) raw.push(d.lines.lineText(i));
  // A line that fits is shown whole; a longer one is cut to a window around the span's start
  // (clamped to the line, so its end is not cut when the span is near it).
  const windowOf = (line: string): number => (line.length <= MAX_FRAME_WIDTH ? 0 : Math.min(Math.max(0, d.range.start.column - 1 - 40), line.length - MAX_FRAME_WIDTH));
  const cut = (line: string): string => {
    const w = windowOf(line);
    if (line.length <= MAX_FRAME_WIDTH) return line;
    return `${w > 0 ? '…' : ''}${line.slice(w, w + MAX_FRAME_WIDTH)}${line.length > w + MAX_FRAME_WIDTH ? '…' : ''}`;
  };
  const lines = raw.map((l) => displayLine(cut(l)));
  const shownLength = (line: number): number => lines[line - from]?.length ?? 0;
  const at = (p: { line: number; column: number }): { line: number; column: number } => {
    const full = d.lines.lineText(p.line);
    const w = windowOf(full);
    const shown = cut(full);
    const inWindow = Math.min(Math.max(p.column - 1 - w, 0), Math.min(MAX_FRAME_WIDTH, full.length - w)) + 1 + (w > 0 ? 1 : 0);
    return { line: p.line, column: Math.min(displayColumn(shown, inWindow), shownLength(p.line) + 1) };
  };
  const start = at(d.range.start);
  let end = endLine === d.range.end.line ? at(d.range.end) : { line: endLine, column: shownLength(endLine) + 1 };
  if (end.line === start.line && end.column <= start.column) end = { line: end.line, column: start.column + 1 };
  const text = codeFrameColumns(lines.join('\n'), { start, end }, { highlightCode: color, forceColor: color, linesAbove: 1, linesBelow: 1, startLine: from } as Parameters<typeof codeFrameColumns>[2]);
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
