/**
 * What every part of the lowering (CST → IR) shares: the reading of Chevrotain's CST nodes
 * (their children by rule or token name), the state of one lowering (problems found, flow-level
 * declarations, the source text, the offset base) and spans. lower-header.ts lowers the FLOW
 * header on top of it, lower.ts the script.
 *
 * Offsets: the lowering works on the CST of either the whole script (base 0) or of an
 * interpolation fragment (base = the fragment's offset in the file); every span is shifted by
 * `this.base`.
 */
import type { CstNode, IToken } from 'chevrotain';
import * as T from './tokens.js';
import type { Annotation, Located, ObjectExpr, OnErrorClause, Statement } from '../ir/flow.js';
import type { Span } from '../ir/span.js';

export type Children = Record<string, (CstNode | IToken)[] | undefined>;

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

/** What tokens()/nodes() give for a key the node does not have: one shared empty list, not one per call. */
const NONE: readonly never[] = Object.freeze([]);
export function tokens(c: Children, name: string): readonly IToken[] {
  return (c[name] as IToken[] | undefined) ?? NONE;
}
export function nodes(c: Children, name: string): readonly CstNode[] {
  return (c[name] as CstNode[] | undefined) ?? NONE;
}
export function tok(c: Children, name: string, i = 0): IToken | undefined {
  const t = tokens(c, name)[i];
  return t && !isNaN(t.startOffset) && t.image !== undefined ? t : undefined;
}
export function node(c: Children, name: string, i = 0): CstNode | undefined {
  return nodes(c, name)[i];
}
export function isRealToken(t: IToken | undefined): t is IToken {
  // Tokens inserted by error recovery have NaN offsets.
  return !!t && !isNaN(t.startOffset);
}
export function byOffset(a: { startOffset: number }, b: { startOffset: number }): number {
  return a.startOffset - b.startOffset;
}
/** Whether tokens are in source order already (they nearly always are: no sort to pay). */
export function inOrder(ts: readonly IToken[]): boolean {
  for (let i = 1; i < ts.length; i++) if (!(ts[i - 1]!.startOffset <= ts[i]!.startOffset)) return false;
  return true;
}
/** The smallest start of some nodes (Infinity for none; NaN when one has no location, as Math.min gives). */
export function firstStart(ns: readonly CstNode[]): number {
  let m = Infinity;
  for (const n of ns) m = Math.min(m, nodeStart(n));
  return m;
}
export function nodeStart(n: CstNode | IToken): number {
  return 'image' in n ? n.startOffset : (n.location?.startOffset ?? NaN);
}

/** Resolve `\x` escapes (`\'` → `'`, `\\` → `\`): PAD keeps the character after a backslash. */
export function unescapeText(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\([\s\S])/g, '$1');
}

export abstract class LoweringBase {
  problems: SyntaxProblem[] = [];
  decls: FlowLevelDecl[] = [];
  protected base = 0;
  protected disabledLines: Set<number> = new Set();
  protected source = '';
  /** Nesting depth guard: deeper input gets a diagnostic instead of a stack overflow. */
  protected depth = 0;
  static readonly MAX_DEPTH = 1000;

  /** `$fx'…'` literals lowered since reset (Flow.hasFxText). */
  fxTexts = 0;

  reset(text: string, disabledLines: Set<number>): void {
    this.fxTexts = 0;
    this.problems = [];
    this.decls = [];
    this.base = 0;
    this.source = text;
    this.disabledLines = disabledLines;
  }

  protected span(start: number, endInclusive: number): Span {
    return { start: this.base + start, end: this.base + endInclusive + 1 };
  }
  protected tokenSpan(t: IToken): Span {
    return { start: this.base + t.startOffset, end: this.base + (t.endOffset ?? t.startOffset) + 1 };
  }
  protected nodeSpan(n: CstNode): Span {
    const loc = n.location;
    if (!loc || isNaN(loc.startOffset)) return { start: this.base, end: this.base };
    const end = isNaN(loc.endOffset ?? NaN) ? loc.startOffset : loc.endOffset!;
    return this.span(loc.startOffset, end);
  }
  protected located(t: IToken, value = t.image): Located<string> {
    return { value, span: this.tokenSpan(t) };
  }

  protected textValue(t: IToken): Located<string> {
    if (t.tokenType === T.Text) return { value: unescapeText(t.image.slice(1, -1)), span: this.tokenSpan(t) };
    return this.located(t);
  }
}
