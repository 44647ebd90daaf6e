/**
 * Suppression comments, ESLint-style:
 *
 *   # flowc-disable-next-line FC302 FC108 -- reason
 *   # flowc-disable-file FC006 -- reason
 *
 * `next-line` applies to the next line that is not blank and not a comment; `file` to the whole
 * document. A suppression that suppresses nothing, or names no code, is reported as FC009
 * (unused-suppression) with a fix that removes it.
 */
import type { Comment } from '../ir/flow.js';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { LineIndex } from '../util/line-index.js';

const DIRECTIVE = /^\s*flowc-disable-(next-line|file)\b([^\r\n]*)$/;

/** The rules a suppression may name: codes, and kebab-case names → codes. */
export interface KnownRules {
  codes: ReadonlySet<string>;
  names: ReadonlyMap<string, string>;
  /** The closest code or name to a misspelt one, if any is close. */
  suggest(word: string): string | undefined;
}

export interface Suppression {
  kind: 'next-line' | 'file';
  codes: { code: string; start: number; end: number }[];
  /** Words in the code list that are no rule's code or name (`FC00S`): reported, never removed by a fix. */
  unknown: { word: string; start: number; end: number }[];
  reason?: string;
  comment: Comment;
  /** 1-based line the suppression applies to (next-line only). */
  targetLine?: number;
}

export function parseSuppressions(text: string, comments: readonly Comment[], lines = new LineIndex(text), known?: KnownRules): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    if (c.block) continue;
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const [, kind, rest] = m;
    const dashes = rest!.indexOf('--');
    const codesPart = dashes >= 0 ? rest!.slice(0, dashes) : rest!;
    const restStart = c.span.start + 1 + c.text.length - rest!.length;
    const codes: Suppression['codes'] = [];
    const unknown: Suppression['unknown'] = [];
    if (known) {
      // Words separated by blanks or commas: a code (any case), a rule name, or a misspelling.
      for (const wm of codesPart.matchAll(/[^\s,]+/g)) {
        const word = wm[0];
        const start = restStart + wm.index!;
        const code = known.codes.has(word.toUpperCase()) ? word.toUpperCase() : known.names.get(word.toLowerCase());
        if (code) codes.push({ code, start, end: start + word.length });
        else unknown.push({ word, start, end: start + word.length });
      }
    } else {
      // Each code starts where a letter run starts, and is bounded: a 1 MB run of letters is one
      // failed attempt, not one per letter (which backtracked for minutes).
      for (const cm of codesPart.matchAll(/(?<![A-Za-z])[A-Za-z]{1,32}\d{1,16}/g)) {
        codes.push({ code: cm[0].toUpperCase(), start: restStart + cm.index!, end: restStart + cm.index! + cm[0].length });
      }
    }
    const s: Suppression = { kind: kind as Suppression['kind'], codes, unknown, reason: dashes >= 0 ? rest!.slice(dashes + 2).trim() || undefined : undefined, comment: c };
    if (s.kind === 'next-line') s.targetLine = nextCodeLine(lines, lines.position(c.span.start).line);
    out.push(s);
  }
  return out;
}

/** The next line after `line` that holds something other than blanks or a `#` comment. */
function nextCodeLine(lines: LineIndex, line: number): number {
  for (let l = line + 1; l <= lines.lineCount; l++) {
    const t = lines.lineText(l).trim();
    if (t !== '' && !t.startsWith('#')) return l;
  }
  return line + 1;
}

export interface SuppressionResult {
  kept: Diagnostic[];
  suppressed: Diagnostic[];
  /** FC009 diagnostics (empty when `unusedSeverity` is off). */
  unused: Diagnostic[];
}

/**
 * Drops suppressed diagnostics and reports unused suppressions. `unusedSeverity` comes from
 * `--report-unused-suppressions`, the config's `reportUnusedSuppressions` or `rules.FC009`.
 */
export function applySuppressions(
  text: string,
  comments: readonly Comment[],
  diagnostics: readonly Diagnostic[],
  unusedSeverity: Severity | 'off',
  known?: KnownRules,
): SuppressionResult {
  const lines = new LineIndex(text);
  const sups = parseSuppressions(text, comments, lines, known);
  if (sups.length === 0) return { kept: [...diagnostics], suppressed: [], unused: [] };
  const used = new Map<Suppression, Set<string>>(sups.map((s) => [s, new Set()]));
  const fileWide = sups.filter((s) => s.kind === 'file');
  const byLine = new Map<number, Suppression[]>();
  for (const s of sups) if (s.kind === 'next-line') byLine.set(s.targetLine!, [...(byLine.get(s.targetLine!) ?? []), s]);

  const kept: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  for (const d of diagnostics) {
    // Syntax errors cannot be suppressed: the flow would not load in PAD either.
    const candidates = d.rule === 'FC001' ? [] : [...fileWide, ...(byLine.get(lines.position(d.span.start).line) ?? [])];
    const hit = candidates.find((s) => s.codes.some((c) => c.code === d.rule));
    if (hit) {
      used.get(hit)!.add(d.rule);
      suppressed.push(d);
    } else kept.push(d);
  }

  const unused: Diagnostic[] = [];
  if (unusedSeverity !== 'off') {
    for (const s of sups) {
      const u = used.get(s)!;
      const lineStart = s.comment.span.start - (lines.position(s.comment.span.start).column - 1);
      const onlyComment = text.slice(lineStart, s.comment.span.start).trim() === '';
      const lineEnd = lineEndWithBreak(text, s.comment.span.end);
      const removeAll = { span: onlyComment ? { start: lineStart, end: lineEnd } : s.comment.span, text: '' };
      for (const w of s.unknown) {
        const shown = w.word.length > 40 ? `${w.word.slice(0, 37)}…` : w.word;
        const guess = w.word.length <= 40 ? known?.suggest(w.word) : undefined;
        // No fix: removing a misspelt code would silently drop what the author meant to suppress.
        unused.push({
          rule: 'FC009',
          severity: unusedSeverity,
          message: `'${shown}' in flowc-disable-${s.kind} is not a rule code or name`,
          help: guess ? `did you mean ${guess}?` : 'name rules by code (FC006) or by name (unused-variable); `flowc rules` lists them',
          span: { start: w.start, end: w.end },
        });
      }
      if (s.codes.length === 0 && s.unknown.length > 0) continue;
      if (s.codes.length === 0) {
        unused.push({
          rule: 'FC009',
          severity: unusedSeverity,
          message: `flowc-disable-${s.kind} names no rule code`,
          help: `name the rules it suppresses, e.g. # flowc-disable-${s.kind} FC006 -- reason`,
          span: s.comment.span,
        });
        continue;
      }
      const unusedCodes = s.codes.filter((c) => !u.has(c.code));
      if (unusedCodes.length === 0) continue;
      // A comment with a misspelt code is never removed whole: only its unused known codes are.
      const all = unusedCodes.length === s.codes.length && s.unknown.length === 0;
      unused.push({
        rule: 'FC009',
        severity: unusedSeverity,
        message: all
          ? `this flowc-disable-${s.kind} comment suppresses nothing`
          : `${unusedCodes.map((c) => c.code).join(', ')} ${unusedCodes.length === 1 ? 'is' : 'are'} not reported ${s.kind === 'file' ? 'in this file' : 'on the next line'}`,
        help: all ? 'remove the comment' : `remove ${unusedCodes.map((c) => c.code).join(', ')} from the comment`,
        span: all ? s.comment.span : { start: unusedCodes[0]!.start, end: unusedCodes[unusedCodes.length - 1]!.end },
        fix: {
          description: all ? 'remove the unused suppression' : 'remove the unused codes',
          edits: all ? [removeAll] : unusedCodes.map((c) => ({ span: { start: text[c.start - 1] === ' ' ? c.start - 1 : c.start, end: c.end }, text: '' })),
        },
      });
    }
  }
  return { kept, suppressed, unused };
}

function lineEndWithBreak(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  if (i < text.length) return i + 1;
  return i;
}
