/**
 * What the building of the IR shares (parser.ts's actions, lower.ts, lower-header.ts): the state
 * of one parse (problems found, flow-level declarations, the source text, the offset base), spans
 * and the side effects a value's lowering may have to take back.
 *
 * Offsets: the parser works on the tokens of either the whole script (base 0) or of an
 * interpolation fragment (base = the fragment's offset in the file); every span is shifted by
 * `this.base`.
 */
import type { IToken } from 'chevrotain';
import * as T from './tokens.js';
import type { Annotation, Located, ObjectExpr, OnErrorClause, Statement } from '../ir/flow.js';
import type { Span } from '../ir/span.js';

export interface SyntaxProblem {
  span: Span;
  message: string;
  help?: string;
}

/** Raw items of a statement list before annotations and ON ERROR clauses are attached. */
export type Item =
  | { kind: 'statement'; statement: Statement }
  | { kind: 'annotation'; annotation: Annotation; line: number }
  | { kind: 'onError'; clause: OnErrorClause }
  | { kind: 'decl'; decl: FlowLevelDecl };

export type FlowLevelDecl =
  | { kind: 'import'; path: Located<string>; alias: Located<string>; span: Span }
  | { kind: 'sensitive'; names: Located<string>[]; span: Span }
  | { kind: 'input' | 'output'; name: Located<string>; properties?: ObjectExpr; span: Span };

/** The token, or undefined for none or one inserted by error recovery (NaN offsets). */
export function real(t: IToken | undefined): IToken | undefined {
  return t !== undefined && !isNaN(t.startOffset) ? t : undefined;
}

/** Resolve `\x` escapes (`\'` → `'`, `\\` → `\`): PAD keeps the character after a backslash. */
export function unescapeText(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\([\s\S])/g, '$1');
}

/** An interpolation `%…%` whose expression is parsed after the parse it was found in (parser.ts). */
export interface PendingFragment {
  parts: (string | import('../ir/flow.js').Expr)[];
  index: number;
  src: string;
  /** Offset of the fragment's first character in the file. */
  offset: number;
}

export abstract class LoweringBase {
  problems: SyntaxProblem[] = [];
  /** Where attach() puts flow-level declarations: the flow's list, or a subflow's while it is parsed. */
  decls: FlowLevelDecl[] = [];
  base = 0;
  protected disabledLines: Set<number> = new Set();
  protected source = '';
  /** Interpolations to parse once the current parse is done (the parser is not re-entrant). */
  fragments: PendingFragment[] = [];

  /** `$fx'…'` literals lowered since reset (Flow.hasFxText). */
  fxTexts = 0;

  reset(text: string, disabledLines: Set<number>): void {
    this.fxTexts = 0;
    this.problems = [];
    this.decls = [];
    this.fragments = [];
    this.base = 0;
    this.source = text;
    this.disabledLines = disabledLines;
  }

  /**
   * The side effects of lowering values so far (problems, interpolations to parse, `$fx` texts):
   * a value that the IR then leaves out (a key without its value, …) takes them back, so that
   * only what is in the IR is reported, as when a tree was lowered after the parse.
   */
  mark(): [number, number, number] {
    return [this.problems.length, this.fragments.length, this.fxTexts];
  }
  rollback(m: readonly [number, number, number]): void {
    this.problems.length = m[0];
    this.fragments.length = m[1];
    this.fxTexts = m[2];
  }

  disabled(start: number): boolean {
    return this.disabledLines.has(start);
  }

  span(start: number, endInclusive: number): Span {
    return { start: this.base + start, end: this.base + endInclusive + 1 };
  }
  tokenSpan(t: IToken): Span {
    return { start: this.base + t.startOffset, end: this.base + (t.endOffset ?? t.startOffset) + 1 };
  }
  /** The span of a rule's tokens (start of the first, end of the last; NaN when it has none). */
  locSpan(start: number, end: number): Span {
    if (isNaN(start)) return { start: this.base, end: this.base };
    return this.span(start, isNaN(end) ? start : end);
  }
  located(t: IToken, value = t.image): Located<string> {
    return { value, span: this.tokenSpan(t) };
  }

  textValue(t: IToken): Located<string> {
    if (t.tokenType === T.Text) return { value: unescapeText(t.image.slice(1, -1)), span: this.tokenSpan(t) };
    return this.located(t);
  }
}
