/**
 * Building the IR: the helpers parser.ts's actions call as each rule of the grammar ends (or
 * fails, with what it had read: error recovery keeps partial statements). Operator precedence
 * is resolved here (the grammar keeps an expression flat), suffixes paired with their
 * operands, texts unescaped and their `%…%` interpolations split out; `@@` annotations and
 * `ON ERROR` clauses are attached to the statements they belong to. The header's clauses are
 * checked by lower-header.ts, on the state and helpers of lower-base.ts.
 *
 * Speed: no list that is not kept, and the common case (one operand, no suffix) on a path of
 * its own; test/golden.test.ts checks that the IR stays the same.
 */
import type { IToken } from 'chevrotain';
import * as T from './tokens.js';
import type { ActionCall, ActionOutput, ActionParam, Annotation, Expr, OnErrorClause, Statement, TextExpr } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import { HeaderLowering } from './lower-header.js';
import { unescapeText, type Item } from './lower-base.js';

export { unescapeText, type FlowLevelDecl, type SyntaxProblem, type Item } from './lower-base.js';

/** What a `[index]`, `[a:b]` and `.Property` suffix list consumed, in order (real tokens only). */
export interface Suffixes {
  starters: IToken[];
  exprs: Expr[];
  /** The side effects before each of `exprs` (to take back those the pairing leaves out). */
  marks: [number, number, number][];
  colons: IToken[];
  rbrackets: IToken[];
  words: IToken[];
}

/** An `@name: expr` / `@name=> Var` argument as parsed: a parameter, or an output when it has its arrow. */
export interface AtArgument {
  output: boolean;
  param?: ActionParam;
  out?: ActionOutput;
}

export class Lowering extends HeaderLowering {
  // ─────────────────────────── lines ───────────────────────────

  /** A line no statement starts with: `first` its first token, `end` its last token's end offset. */
  stray(first: IToken, end: number): void {
    const closer = first.tokenType === T.End || first.tokenType === T.Else || first.tokenType === T.Case || first.tokenType === T.Default;
    const image = first.image.length > 30 ? `${first.image.slice(0, 27)}…` : first.image;
    this.problems.push({
      span: this.span(first.startOffset, end),
      message: closer ? `'${image}' without a matching opening statement` : `unexpected '${image}': a statement cannot start here`,
    });
  }

  /**
   * Attach `@@` annotations to the statement after them and `ON ERROR` clauses to the action
   * (or WAIT, or IF on an action) before them. Returns leftover leading annotations for the
   * caller (the top level turns them into host metadata).
   */
  attach(items: Item[], topLevel = false): { statements: Statement[]; hostAnnotations: Annotation[] } {
    const statements: Statement[] = [];
    const hostAnnotations: Annotation[] = [];
    let pending: Annotation[] = [];
    let seenStatement = false;
    for (const item of items) {
      switch (item.kind) {
        case 'annotation':
          pending.push(item.annotation);
          break;
        case 'decl':
          if (topLevel && !seenStatement) hostAnnotations.push(...pending);
          pending = [];
          this.decls.push(item.decl);
          break;
        case 'statement':
          // A statement comes with an empty list of its own: replaced only when annotations precede it.
          if (pending.length) {
            item.statement.annotations = pending;
            pending = [];
          }
          statements.push(item.statement);
          seenStatement = true;
          break;
        case 'onError': {
          const prev = statements[statements.length - 1];
          if (prev && (prev.kind === 'action' || prev.kind === 'wait')) {
            prev.onError.push(item.clause);
          } else {
            this.problems.push({
              span: item.clause.span,
              message: 'ON ERROR must directly follow the action it handles',
            });
          }
          break;
        }
      }
    }
    if (pending.length) {
      if (topLevel && !seenStatement) hostAnnotations.push(...pending);
      else if (statements.length === 0 && topLevel) hostAnnotations.push(...pending);
      // trailing annotations with no statement after them are dropped: PAD ignores them too
    }
    return { statements, hostAnnotations };
  }

  /** A statement list's items attached: the statements of a body. */
  body(items: Item[] | undefined): Statement[] {
    return items ? this.attach(items).statements : [];
  }

  // ─────────────────────────── actions ───────────────────────────

  /**
   * `Module.Action[.Variant]` and its arguments. `parts`: the name's words; `firstArg`: the
   * smallest start offset of the arguments (Infinity for none, NaN when one has no token: then
   * the name has no words, as when it was read from the tree).
   */
  actionCall(parts: IToken[], firstArg: number, params: ActionParam[], outputs: ActionOutput[], ats: AtArgument[] | undefined, span: Span): ActionCall {
    const nameParts = firstArg === Infinity ? parts : parts.filter((p) => p.startOffset < firstArg);
    const first = nameParts[0];
    const last = nameParts[nameParts.length - 1];
    const nameSpan = first && last ? this.span(first.startOffset, last.endOffset ?? last.startOffset) : span;
    let full = first ? first.image : '';
    for (let i = 1; i < nameParts.length; i++) full += `.${nameParts[i]!.image}`;
    let atInputs: ActionParam[] = [];
    let atOutputs: ActionOutput[] = [];
    if (ats) {
      atInputs = [];
      atOutputs = [];
      for (const a of ats) {
        if (a.output) atOutputs.push(a.out!);
        else atInputs.push(a.param!);
      }
    }
    return {
      name: { value: full, span: nameSpan },
      module: nameParts[0]?.image ?? '',
      action: nameParts[1]?.image ?? '',
      variant: nameParts.length > 2 ? nameParts.slice(2).map((p) => p.image).join('.') : undefined,
      params,
      outputs,
      atInputs,
      atOutputs,
      span,
    };
  }

  param(k: IToken | undefined, value: Expr | undefined, span: Span): ActionParam {
    return {
      name: k ? this.textValue(k) : { value: '', span },
      value: value ?? this.invalid({ start: this.base, end: this.base }),
      span,
    };
  }

  /** `Name=> Var`, `@name=> Var`, `@'name'=> Var`: `text` the quoted name, `words` the real words in order. */
  output(text: IToken | undefined, words: readonly (IToken | undefined)[], span: Span): ActionOutput {
    let w0: IToken | undefined;
    let w1: IToken | undefined;
    for (const w of words) {
      if (!w) continue;
      if (!w0) w0 = w;
      else if (!w1) w1 = w;
    }
    const nameTok = text ?? w0;
    const varTok = text ? w0 : w1;
    return {
      name: nameTok ? this.textValue(nameTok) : { value: '', span },
      variable: varTok ? this.located(varTok) : { value: '', span },
      span,
    };
  }

  /**
   * `ON ERROR [Kind] [REPEAT …]` and its handler, and the action's next clauses (parsed nested
   * in this one: onErrorNextClause), as clauses of their own: one item for the one clause most
   * actions have, a list otherwise. `nextStart`: the next clause's start (NaN: none consumed).
   */
  onErrorItems(kinds: string[] | undefined, retry: OnErrorClause['retry'] | undefined, body: Statement[] | undefined, span: Span, next: { items: Item | Item[]; start: Span } | undefined): Item | Item[] {
    const clause: OnErrorClause = { span, kind: kinds ? kinds.join(' ') : undefined };
    if (retry) clause.retry = retry;
    else clause.body = body ?? [];
    if (!next) return { kind: 'onError', clause };
    clause.span = { start: span.start, end: next.start.start };
    const rest = next.items;
    return [{ kind: 'onError', clause }, ...(Array.isArray(rest) ? rest : [rest])];
  }

  // ─────────────────────────── expressions ───────────────────────────

  invalid(span: Span): Expr {
    return { kind: 'invalid', span };
  }

  /**
   * A flat `expression` (operands and operators in a row) → a tree, by precedence climbing:
   * OR < AND < comparisons < + - < * /. A prefix NOT applies to the comparison that follows it
   * (`NOT a = b` is `NOT (a = b)`); prefix - and + to their operand. `prefixes[i]`: the real
   * prefix tokens of operand i, in order (undefined: none).
   */
  expressionTree(operands: readonly Expr[], prefixes: readonly (IToken[] | undefined)[] | undefined, ops: readonly (IToken | undefined)[]): Expr {
    let cur = 0;
    const unary = (op: IToken, operand: Expr): Expr => {
      const start = this.base + op.startOffset;
      const opEnd = this.base + (op.endOffset ?? op.startOffset) + 1;
      const arg = operand.kind === 'invalid' && operand.span.start < opEnd ? this.invalid({ start: opEnd, end: opEnd }) : operand;
      return { kind: 'unary', operator: op.image as 'NOT' | '-' | '+', operand: arg, span: { start, end: Math.max(opEnd, arg.span.end) } };
    };
    const readOperand = (minPrec: number): Expr => {
      const pre = prefixes?.[cur];
      let e = operands[cur++]!;
      if (!pre || pre.length === 0) return e;
      let lastNot = -1;
      pre.forEach((t, i) => {
        if (t.tokenType === T.Not) lastNot = i;
      });
      for (let j = pre.length - 1; j > lastNot; j--) e = unary(pre[j]!, e);
      if (lastNot < 0) return e;
      e = climb(e, Math.max(minPrec, PRECEDENCE['=']!));
      for (let j = lastNot; j >= 0; j--) e = unary(pre[j]!, e);
      return e;
    };
    const climb = (left: Expr, minPrec: number): Expr => {
      let lhs = left;
      while (cur < operands.length) {
        const op = ops[cur - 1];
        const prec = op ? (PRECEDENCE[op.image] ?? 0) : 0;
        if (!op || prec < minPrec) break;
        const opEnd = this.base + (op.endOffset ?? op.startOffset) + 1;
        let rhs = climb(readOperand(prec + 1), prec + 1);
        // A missing operand (`a +` then the end of the line) sits right after its operator.
        if (rhs.kind === 'invalid' && rhs.span.start < opEnd) rhs = this.invalid({ start: opEnd, end: opEnd });
        lhs = { kind: 'binary', operator: op.image, left: lhs, right: rhs, span: { start: lhs.span.start, end: Math.max(lhs.span.end, rhs.span.end) } };
      }
      return lhs;
    };
    return climb(readOperand(1), 1);
  }

  /** A primary and its suffixes: names extended by `.part`, members, indexes and slices. */
  postfix(primary: Expr, sx: Suffixes): Expr {
    let target = primary;
    const { starters, exprs, colons, rbrackets, words } = sx;
    let ei = 0;
    let wi = 0;
    let ri = 0;
    let ci = 0;
    // The name built here is extended in place (a copy per `.part` would make `a.b.b.b…` quadratic).
    let ownName = false;
    for (const s of starters) {
      if (s.tokenType === T.Dot) {
        const w = words[wi++];
        if (!w) break;
        const name = this.located(w);
        if (target.kind === 'name') {
          if (!ownName) {
            target = { ...target, parts: [...target.parts], partSpans: [...target.partSpans] };
            ownName = true;
          }
          target.parts.push(w.image);
          target.partSpans.push(name.span);
          target.span = { start: target.span.start, end: name.span.end };
        } else {
          target = { kind: 'member', target, name, span: { start: target.span.start, end: name.span.end } };
        }
      } else {
        const close = rbrackets[ri++];
        const closeOffset = close ? close.startOffset : Infinity;
        const idx = ei < exprs.length ? exprs[ei++] : undefined;
        const index = idx ?? this.invalid(this.tokenSpan(s));
        let sliceEnd: Expr | undefined;
        while (ci < colons.length && colons[ci]!.startOffset <= s.startOffset) ci++;
        if (ci < colons.length && colons[ci]!.startOffset < closeOffset) {
          ci++;
          sliceEnd = ei < exprs.length ? exprs[ei++] : undefined;
        }
        const end = close ? this.base + (close.endOffset ?? close.startOffset) + 1 : index.span.end;
        target = { kind: 'index', target, index, sliceEnd, span: { start: target.span.start, end } };
      }
    }
    // Index expressions the pairing left out are not in the IR: neither are their side effects.
    if (ei < exprs.length) this.rollback(sx.marks[ei]!);
    return target;
  }

  // ─────────────────────────── text ───────────────────────────

  text(t: IToken): TextExpr {
    const span = this.tokenSpan(t);
    const img = t.image;
    const type = t.tokenType;
    if (type === T.Text) {
      const v = unescapeText(img.slice(1, -1));
      return { kind: 'text', style: 'single', parts: [v], value: v, span };
    }
    if (type === T.TripleText) {
      const v = unescapeText(img.slice(3, -3));
      return { kind: 'text', style: 'triple', parts: [v], value: v, span };
    }
    if (type === T.EncryptedText) {
      // The designer's encrypted form of a sensitive value: kept as written, never decoded.
      const v = img.slice(2, -1);
      return { kind: 'text', style: 'encrypted', parts: [v], value: v, span };
    }
    if (type === T.FxText) {
      this.fxTexts++;
      const v = unescapeText(img.slice(4, -1));
      return { kind: 'text', style: 'fx', parts: [v], value: v, span };
    }
    // $'''…''': `%%` is a percent sign, `%expr%` an interpolation.
    const content = img.slice(4, -3);
    const contentBase = t.startOffset + 4;
    const parts: (string | Expr)[] = [];
    let buf = '';
    let value = '';
    let i = 0;
    while (i < content.length) {
      const ch = content[i]!;
      if (ch === '\\' && i + 1 < content.length) {
        buf += content[i + 1];
        value += content[i + 1];
        i += 2;
        continue;
      }
      if (ch !== '%') {
        buf += ch;
        value += ch;
        i++;
        continue;
      }
      if (content[i + 1] === '%') {
        buf += '%';
        value += '%';
        i += 2;
        continue;
      }
      const end = findInterpolationEnd(content, i + 1);
      if (end < 0) {
        // A lone `%`: PAD would ask for `%%`; keep it as text.
        this.problems.push({
          span: this.span(contentBase + i, contentBase + i),
          message: "'%' starts a variable but is never closed",
          help: "write '%%' for a percent sign, or close the expression with '%'",
        });
        buf += ch;
        value += ch;
        i++;
        continue;
      }
      if (buf) parts.push(buf);
      buf = '';
      const src = content.slice(i + 1, end);
      this.fragment(parts, src, contentBase + i + 1);
      value += `%${src}%`;
      i = end + 1;
    }
    if (buf || parts.length === 0) parts.push(buf);
    return { kind: 'text', style: 'interpolated', parts, value, span };
  }

  /**
   * `%…%` contents: a plain variable or property (`%Name%`, `%File.Name%`, most of them) is built
   * here; anything else is parsed with the same lexer and parser once the parse that found it
   * is done (parser.ts: parseFragments), into `parts` at the place it takes.
   */
  private fragment(parts: (string | Expr)[], src: string, offset: number): void {
    const span = { start: this.base + offset, end: this.base + offset + src.length };
    const simple = SIMPLE_NAME.exec(src);
    if (simple && !T.HARD_KEYWORDS.has(simple[2]!)) {
      const names = simple[2]!.split('.');
      const partSpans: Span[] = [];
      let at = span.start + simple[1]!.length;
      for (const p of names) {
        partSpans.push({ start: at, end: at + p.length });
        at += p.length + 1;
      }
      parts.push({ kind: 'name', parts: names, partSpans, span: { start: partSpans[0]!.start, end: partSpans[partSpans.length - 1]!.end } });
      return;
    }
    if (src.trim() === '') {
      this.problems.push({ span, message: 'empty %…% expression' });
      parts.push(this.invalid(span));
      return;
    }
    parts.push(this.invalid(span));
    this.fragments.push({ parts, index: parts.length - 1, src, offset: span.start });
  }
}

/** `%Name%` or `%a.b.c%` with optional blanks around: a name built directly. */
const SIMPLE_NAME = /^(\s*)([\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)\s*$/u;

const PRECEDENCE: Record<string, number> = { OR: 1, AND: 2, '=': 3, '<>': 3, '<': 3, '>': 3, '<=': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, mod: 5 };

/** Index of the `%` closing an interpolation that starts at `from`, skipping quoted text; -1 if none. */
function findInterpolationEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '%') return i;
    if (ch === '\r' || ch === '\n') return -1;
    if (ch === "'") {
      i++;
      while (i < s.length && s[i] !== "'") i += s[i] === '\\' ? 2 : 1;
    }
    i++;
  }
  return -1;
}
