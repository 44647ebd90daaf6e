/**
 * CST → IR: the script. One Lowering instance, reused, reads the CST the one parser built and
 * builds the typed IR of ir/flow.ts: statements and their lists, actions, expressions (operator
 * precedence resolved here: the grammar keeps an expression flat), texts with their escapes and
 * `%…%` interpolations; it attaches `@@` annotations and `ON ERROR` clauses to the statements
 * they belong to. The header is lowered by lower-header.ts, on the state and helpers of
 * lower-base.ts.
 *
 * Speed: the front end's largest cost after recognition (scripts/bench-frontend.ts). Read a CST
 * node's children by name once, allocate no list that is not kept (no spread-and-sort of
 * children whose order is known), and keep the common case (one operand, no suffix, no stray
 * line) on a path of its own; test/golden.test.ts checks that the IR stays the same.
 */
import type { CstNode, IToken } from 'chevrotain';
import { parser } from './parser.js';
import { lexFragment } from './lexer.js';
import { MAX_NESTING, tooDeep } from './nesting.js';
import * as T from './tokens.js';
import type { ActionCall, ActionOutput, ActionParam, Annotation, Expr, FlowHeader, Located, ObjectExpr, OnErrorClause, Statement, TextExpr } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import { HeaderLowering } from './lower-header.js';
import { byOffset, firstStart, inOrder, isRealToken, node, nodeStart, nodes, tok, tokens, unescapeText, type Children, type Item } from './lower-base.js';

export { unescapeText, type FlowLevelDecl, type SyntaxProblem } from './lower-base.js';

export class Lowering extends HeaderLowering {
  // ─────────────────────────── file ───────────────────────────

  lowerFile(cst: CstNode): { header?: FlowHeader; main: Item[]; functions: readonly CstNode[] } {
    const c = cst.children as Children;
    const headerNode = node(c, 'header');
    const header = headerNode ? this.lowerHeader(headerNode) : undefined;
    // Top-level statements (main) and functions, in source order.
    const strays = c['strayLine'] as CstNode[] | undefined;
    const topItems = strays ? [...nodes(c, 'statement'), ...strays].sort((a, b) => nodeStart(a) - nodeStart(b)) : nodes(c, 'statement');
    const main: Item[] = [];
    for (const n of topItems) {
      if (n.name === 'strayLine') this.stray(n);
      else {
        const item = this.lowerStatementNode(n);
        if (Array.isArray(item)) main.push(...item);
        else if (item) main.push(item);
      }
    }
    return { header, main, functions: nodes(c, 'functionDecl') };
  }

  private stray(n: CstNode): void {
    const c = n.children as Children;
    const all = Object.values(c)
      .flat()
      .filter((x): x is IToken => !!x && 'image' in x && isRealToken(x))
      .sort(byOffset);
    const first = all[0];
    if (!first) return;
    const last = all[all.length - 1]!;
    const closer = first.tokenType === T.End || first.tokenType === T.Else || first.tokenType === T.Case || first.tokenType === T.Default;
    const image = first.image.length > 30 ? `${first.image.slice(0, 27)}…` : first.image;
    this.problems.push({
      span: this.span(first.startOffset, last.endOffset ?? last.startOffset),
      message: closer ? `'${image}' without a matching opening statement` : `unexpected '${image}': a statement cannot start here`,
    });
  }
  // ─────────────────────────── statement lists ───────────────────────────

  lowerFunction(n: CstNode): { name?: Located<string>; modifiers: string[]; items: Item[]; span: Span } {
    const c = n.children as Children;
    const words = tokens(c, 'AnyWord').filter(isRealToken).sort(byOffset);
    const quoted = tok(c, 'Text');
    const list = node(c, 'statementList');
    // `FUNCTION '2_step' GLOBAL`: the quoted name is the name, every word a modifier.
    const name = quoted && isRealToken(quoted) ? this.textValue(quoted) : words[0] ? this.located(words[0]) : undefined;
    return {
      name,
      modifiers: (quoted && isRealToken(quoted) ? words : words.slice(1)).map((w) => w.image),
      items: list ? this.lowerList(list) : [],
      span: this.nodeSpan(n),
    };
  }

  private lowerList(n: CstNode): Item[] {
    const c = n.children as Children;
    const statements = nodes(c, 'statement');
    const strays = c['nestedStrayLine'] as CstNode[] | undefined;
    // Statements and stray lines in source order (a list without stray lines is in order already).
    const kids = strays ? [...statements, ...strays].sort((a, b) => nodeStart(a) - nodeStart(b)) : statements;
    const out: Item[] = [];
    for (const k of kids) {
      if (k.name === 'nestedStrayLine') this.stray(k);
      else {
        const item = this.lowerStatementNode(k);
        if (Array.isArray(item)) out.push(...item);
        else if (item) out.push(item);
      }
    }
    return out;
  }

  /** Lower a statement list and attach annotations and ON ERROR clauses. */
  body(n: CstNode | undefined): Statement[] {
    if (!n) return [];
    if (++this.depth > Lowering.MAX_DEPTH) {
      this.depth--;
      this.problems.push({ span: this.nodeSpan(n), message: `nesting deeper than ${Lowering.MAX_DEPTH} levels` });
      return [];
    }
    try {
      return this.attach(this.lowerList(n)).statements;
    } finally {
      this.depth--;
    }
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

  private disabled(start: number): boolean {
    return this.disabledLines.has(start);
  }

  private base_(kind: Statement['kind'], n: CstNode): { span: Span; disabled: boolean; annotations: Annotation[] } {
    const span = this.nodeSpan(n);
    return { span, disabled: this.disabled(span.start), annotations: [] };
    void kind;
  }

  private lowerStatementNode(stmt: CstNode): Item | Item[] | undefined {
    const c = stmt.children as Children;
    const region = tok(c, 'RegionStart') ?? tok(c, 'RegionEnd');
    if (region) {
      const span = this.tokenSpan(region);
      const isStart = region.tokenType === T.RegionStart;
      return {
        kind: 'statement',
        statement: {
          kind: isStart ? 'region' : 'endRegion',
          name: isStart ? region.image.replace(/^\*\*REGION\s*/, '').trim() : undefined,
          span,
          disabled: this.disabled(span.start),
          annotations: [],
        },
      };
    }
    let ruleName: string | undefined;
    let n: CstNode | undefined;
    for (const k in c) {
      const v = c[k];
      if (v && v.length > 0) {
        ruleName = k;
        n = v[0] as CstNode;
        break;
      }
    }
    if (!ruleName || !n || !('children' in n)) return undefined;
    const cc = n.children as Children;
    const b = this.base_('invalid', n);
    switch (ruleName) {
      case 'annotation':
        return { kind: 'annotation', annotation: this.annotation(n), line: 0 };
      case 'importDecl': {
        const path = tok(cc, 'Text');
        const alias = tok(cc, 'AnyWord');
        if (!path || !alias) return undefined;
        return { kind: 'decl', decl: { kind: 'import', path: this.textValue(path), alias: this.located(alias), span: b.span } };
      }
      case 'sensitiveDecl':
        return {
          kind: 'decl',
          decl: { kind: 'sensitive', names: tokens(cc, 'AnyWord').filter(isRealToken).map((t) => this.located(t)), span: b.span },
        };
      case 'variableDecl': {
        const name = tok(cc, 'AnyWord');
        if (!name) return undefined;
        const e = node(cc, 'expression');
        const value = e ? this.expr(e) : undefined;
        return {
          kind: 'decl',
          decl: {
            kind: tok(cc, 'AtInput') ? 'input' : 'output',
            name: this.located(name),
            properties: value?.kind === 'object' ? value : undefined,
            span: b.span,
          },
        };
      }
      case 'setStatement':
        return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'set', target: this.exprOf(cc, 'postfixExpression'), value: this.exprOf(cc, 'expression') });
      case 'ifStatement':
        return this.st(this.ifStatement(n, b));
      case 'switchStatement': {
        const cases = nodes(cc, 'caseClause').map((cn) => {
          const k = cn.children as Children;
          const op = node(k, 'comparisonOperator');
          const opTok = op ? this.operatorToken(op) : undefined;
          return { operator: opTok?.image ?? '=', value: this.exprOf(k, 'expression'), body: this.body(node(k, 'statementList')), span: this.nodeSpan(cn) };
        });
        return this.st({
          span: b.span,
          disabled: b.disabled,
          annotations: b.annotations,
          kind: 'switch',
          subject: this.exprOf(cc, 'expression'),
          cases,
          defaultBody: tok(cc, 'Default') ? this.body(node(cc, 'statementList')) : undefined,
        });
      }
      case 'loopStatement': {
        const exprs = nodes(cc, 'expression');
        const list = node(cc, 'statementList');
        if (tok(cc, 'ForEach')) {
          const v = tok(cc, 'Identifier');
          return this.st({
            span: b.span,
            disabled: b.disabled,
            annotations: b.annotations,
            kind: 'foreach',
            variable: v ? this.located(v) : { value: '', span: b.span },
            collection: exprs[0] ? this.expr(exprs[0]) : this.invalid(b.span),
            body: this.body(list),
          });
        }
        if (tok(cc, 'While')) {
          return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'while', condition: exprs[0] ? this.expr(exprs[0]) : this.invalid(b.span), body: this.body(list) });
        }
        const range = node(cc, 'loopRange');
        const rc = (range?.children ?? {}) as Children;
        const bounds = nodes(rc, 'expression');
        const v = tok(rc, 'Identifier');
        return this.st({
          span: b.span,
          disabled: b.disabled,
          annotations: b.annotations,
          kind: 'loop',
          variable: v ? this.located(v) : undefined,
          from: bounds[0] ? this.expr(bounds[0]) : this.invalid(b.span),
          to: bounds[1] ? this.expr(bounds[1]) : this.invalid(b.span),
          step: bounds[2] ? this.expr(bounds[2]) : undefined,
          body: this.body(list),
        });
      }
      case 'exitStatement':
        if (tok(cc, 'Loop')) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'exitLoop' });
        if (tok(cc, 'Function')) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'exitFunction' });
        return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'exit', params: nodes(cc, 'actionParam').map((p) => this.param(p)) });
      case 'nextLoopStatement': {
        if (tok(cc, 'Loop')) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'nextLoop' });
        const word = tok(cc, 'Identifier');
        if (word && isRealToken(word) && word.image === 'ACTION') return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'nextAction' });
        // Another word: NEXT is LOOP or ACTION (no word at all is the parser's error already).
        if (word && isRealToken(word)) this.problems.push({ span: this.tokenSpan(word), message: 'NEXT must be followed by LOOP or ACTION' });
        return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'invalid' });
      }
      case 'labelStatement':
      case 'gotoStatement': {
        const ln = node(cc, 'labelName');
        const t = ln ? (tok(ln.children as Children, 'Text') ?? tok(ln.children as Children, 'AnyWord')) : undefined;
        const name = t ? this.textValue(t) : { value: '', span: b.span };
        return this.st(ruleName === 'labelStatement' ? { span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'label', name } : { span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'goto', name });
      }
      case 'callStatement': {
        const t = tok(cc, 'AnyWord') ?? tok(cc, 'Text');
        return this.st({
          span: b.span,
          disabled: b.disabled,
          annotations: b.annotations,
          kind: 'call',
          name: t ? this.textValue(t) : { value: '', span: b.span },
          params: nodes(cc, 'actionParam').map((p) => this.param(p)),
          outputs: nodes(cc, 'actionOutput').map((p) => this.output(p)),
        });
      }
      case 'waitStatement': {
        const action = node(cc, 'actionCall');
        if (action) {
          const e = node(cc, 'expression');
          return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'wait', condition: this.actionCall(action), timeout: e ? this.expr(e) : undefined, onError: [] });
        }
        return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'wait', duration: this.exprOf(cc, 'expression'), onError: [] });
      }
      case 'blockStatement': {
        const lists = nodes(cc, 'statementList');
        const hasHandler = !!tok(cc, 'On');
        const nameTok = tok(cc, 'AnyWord') ?? tok(cc, 'Text');
        return this.st({
          span: b.span,
          disabled: b.disabled,
          annotations: b.annotations,
          kind: 'block',
          name: nameTok ? this.textValue(nameTok) : undefined,
          handlerOptions: tokens(cc, 'AnyButNewline').filter(isRealToken).map((t) => t.image),
          handler: hasHandler ? this.body(lists[0]) : [],
          body: this.body(hasHandler ? lists[1] : lists[0]),
        });
      }
      case 'repeatBlockStatement':
        return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'repeatBlock' });
      case 'onErrorStatement':
        return this.onErrorItems(n);
      case 'errorAssignStatement': {
        const v = tok(cc, 'AnyWord');
        return this.st({
          span: b.span,
          disabled: b.disabled,
          annotations: b.annotations,
          kind: 'errorAssign',
          variable: v ? this.located(v) : { value: '', span: b.span },
          params: nodes(cc, 'actionParam').map((p) => this.param(p)),
        });
      }
      case 'actionStatement': {
        const a = node(cc, 'actionCall');
        if (!a) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'invalid' });
        return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'action', action: this.actionCall(a), onError: [] });
      }
      default:
        return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'invalid' });
    }
  }

  /**
   * `ON ERROR [Kind] [REPEAT …]` and its handler; the action's next clauses, nested in this one by
   * the parser (`ON ERROR <Kind>` … `ON ERROR` … `END`: onErrorNextClause), become clauses of their own
   * (one item for the one clause most actions have, a list otherwise).
   */
  private onErrorItems(n: CstNode): Item | Item[] {
    const cc = n.children as Children;
    const b = this.base_('invalid', n);
    const kinds = tokens(cc, 'Identifier').filter(isRealToken).map((t) => t.image);
    const exprs = nodes(cc, 'expression');
    const clause: OnErrorClause = { span: b.span, kind: kinds.length ? kinds.join(' ') : undefined };
    if (tok(cc, 'Repeat')) {
      clause.retry = { times: exprs[0] ? this.expr(exprs[0]) : this.invalid(b.span), wait: exprs[1] ? this.expr(exprs[1]) : undefined };
    } else {
      clause.body = this.body(node(cc, 'statementList'));
    }
    const next = node(cc, 'onErrorNextClause');
    if (!next) return { kind: 'onError', clause };
    clause.span = { start: b.span.start, end: this.nodeSpan(next).start };
    const rest = this.onErrorItems(next);
    return [{ kind: 'onError', clause }, ...(Array.isArray(rest) ? rest : [rest])];
  }

  private st(s: Statement): Item {
    return { kind: 'statement', statement: s };
  }

  private ifStatement(n: CstNode, b: { span: Span; disabled: boolean; annotations: Annotation[] }): Statement {
    const cc = n.children as Children;
    const conditions = nodes(cc, 'ifCondition');
    const lists = nodes(cc, 'statementList');
    const ifs = tokens(cc, 'If').filter(isRealToken).length;
    const elses = tokens(cc, 'Else').filter(isRealToken);
    const hasElse = elses.length > Math.max(0, ifs - 1);
    const branches = conditions.map((cn, i) => {
      const e = node(cn.children as Children, 'expression') ?? cn;
      const condition = e === cn ? this.invalid(this.nodeSpan(cn)) : this.expr(e);
      const items = lists[i] ? this.lowerList(lists[i]!) : [];
      // `IF (action) THEN` may be followed by the action's own ON ERROR clauses (real exports).
      const onError: OnErrorClause[] = [];
      if (condition.kind === 'action' || (condition.kind === 'unary' && condition.operand.kind === 'action')) {
        while (items[0]?.kind === 'onError') onError.push((items.shift() as { clause: OnErrorClause }).clause);
      }
      const body = this.withDepth(lists[i], () => this.attach(items).statements);
      return { condition, onError, body, span: this.nodeSpan(e) };
    });
    const elseBody = hasElse ? this.body(lists[conditions.length]) : undefined;
    const lastElse = hasElse ? elses[elses.length - 1] : undefined;
    return { span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'if', branches, elseBody, elseSpan: lastElse ? this.tokenSpan(lastElse) : undefined };
  }

  private withDepth<R>(n: CstNode | undefined, f: () => R[]): R[] {
    if (++this.depth > Lowering.MAX_DEPTH) {
      this.depth--;
      if (n) this.problems.push({ span: this.nodeSpan(n), message: `nesting deeper than ${Lowering.MAX_DEPTH} levels` });
      return [];
    }
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  annotation(n: CstNode): Annotation {
    const c = n.children as Children;
    const k = tok(c, 'AnyWord') ?? tok(c, 'Text');
    const e = node(c, 'expression');
    return {
      key: k ? this.textValue(k) : { value: '', span: this.nodeSpan(n) },
      value: e ? this.expr(e) : undefined,
      span: this.nodeSpan(n),
    };
  }

  // ─────────────────────────── actions ───────────────────────────

  actionCall(n: CstNode): ActionCall {
    const c = n.children as Children;
    const head = tok(c, 'Identifier');
    const parts: IToken[] = head ? [head] : [];
    for (const w of tokens(c, 'AnyWord')) if (isRealToken(w)) parts.push(w);
    if (!inOrder(parts)) parts.sort(byOffset);
    const params = nodes(c, 'actionParam');
    const outputs = nodes(c, 'actionOutput');
    const ats = nodes(c, 'atArgument');
    // The name's words are the Identifier and the AnyWords that come before the first parameter
    // (NaN, so none, when a parameter was only inserted by error recovery).
    const firstParamStart = Math.min(firstStart(params), firstStart(outputs), firstStart(ats));
    const nameParts = firstParamStart === Infinity ? parts : parts.filter((p) => p.startOffset < firstParamStart);
    const full = nameParts.map((p) => p.image).join('.');
    const first = nameParts[0];
    const last = nameParts[nameParts.length - 1];
    const nameSpan = first && last ? this.span(first.startOffset, last.endOffset ?? last.startOffset) : this.nodeSpan(n);
    return {
      name: { value: full, span: nameSpan },
      module: nameParts[0]?.image ?? '',
      action: nameParts[1]?.image ?? '',
      variant: nameParts.length > 2 ? nameParts.slice(2).map((p) => p.image).join('.') : undefined,
      params: params.map((p) => this.param(p)),
      outputs: outputs.map((p) => this.output(p)),
      atInputs: ats.length === 0 ? [] : ats.filter((p) => !tok(p.children as Children, 'Arrow')).map((p) => this.param(p)),
      atOutputs: ats.length === 0 ? [] : ats.filter((p) => !!tok(p.children as Children, 'Arrow')).map((p) => this.output(p)),
      span: this.nodeSpan(n),
    };
  }

  private param(n: CstNode): ActionParam {
    const c = n.children as Children;
    const k = tok(c, 'AnyWord') ?? tok(c, 'Text');
    return {
      name: k ? this.textValue(k) : { value: '', span: this.nodeSpan(n) },
      value: this.exprOf(c, 'expression'),
      span: this.nodeSpan(n),
    };
  }

  private output(n: CstNode): ActionOutput {
    const c = n.children as Children;
    const words = tokens(c, 'AnyWord').filter(isRealToken).sort(byOffset);
    const text = tok(c, 'Text');
    const nameTok = text ?? words[0];
    const varTok = text ? words[0] : words[1];
    return {
      name: nameTok ? this.textValue(nameTok) : { value: '', span: this.nodeSpan(n) },
      variable: varTok ? this.located(varTok) : { value: '', span: this.nodeSpan(n) },
      span: this.nodeSpan(n),
    };
  }

  // ─────────────────────────── expressions ───────────────────────────

  private invalid(span: Span): Expr {
    return { kind: 'invalid', span };
  }

  private exprOf(c: Children, name: string): Expr {
    const n = node(c, name);
    return n ? this.expr(n) : { kind: 'invalid', span: { start: this.base, end: this.base } };
  }

  expr(n: CstNode): Expr {
    if (++this.depth > Lowering.MAX_DEPTH) {
      this.depth--;
      this.problems.push({ span: this.nodeSpan(n), message: `expression nested deeper than ${Lowering.MAX_DEPTH} levels` });
      return this.invalid(this.nodeSpan(n));
    }
    try {
      return this.exprInner(n);
    } finally {
      this.depth--;
    }
  }

  /** The one token of a `binaryOperator` / `comparisonOperator` node. */
  private operatorToken(n: CstNode): IToken | undefined {
    for (const k in n.children) {
      for (const x of (n.children as Children)[k] ?? []) {
        if ('image' in x) return isRealToken(x) ? x : undefined;
        return this.operatorToken(x);
      }
    }
    return undefined;
  }

  /**
   * A flat `expression` (operands and operators in a row) → a tree, by precedence climbing:
   * OR < AND < comparisons < + - < * /. A prefix NOT applies to the comparison that follows it
   * (`NOT a = b` is `NOT (a = b)`); prefix - and + to their operand.
   */
  private expressionTree(n: CstNode): Expr {
    const c = n.children as Children;
    const operands = nodes(c, 'unaryExpression');
    if (operands.length === 0) return this.invalid(this.nodeSpan(n));
    // Most expressions are one operand with no prefix: no precedence to resolve.
    if (operands.length === 1) {
      const only = operands[0]!;
      const u = only.children as Children;
      if (!u['Not'] && !u['Minus'] && !u['Plus']) return u['primary'] ? this.postfix(only) : this.invalid(this.nodeSpan(only));
    }
    const ops = nodes(c, 'binaryOperator').map((o) => this.operatorToken(o));
    let cur = 0;
    const unary = (op: IToken, operand: Expr): Expr => {
      const start = this.base + op.startOffset;
      const opEnd = this.base + (op.endOffset ?? op.startOffset) + 1;
      const arg = operand.kind === 'invalid' && operand.span.start < opEnd ? this.invalid({ start: opEnd, end: opEnd }) : operand;
      return { kind: 'unary', operator: op.image as 'NOT' | '-' | '+', operand: arg, span: { start, end: Math.max(opEnd, arg.span.end) } };
    };
    const readOperand = (minPrec: number): Expr => {
      const u = operands[cur++]!.children as Children;
      const prefixes = [...tokens(u, 'Not'), ...tokens(u, 'Minus'), ...tokens(u, 'Plus')].filter(isRealToken).sort(byOffset);
      // The operand node holds the primary and its suffixes (a postfix expression's children).
      let e: Expr = node(u, 'primary') ? this.postfix(operands[cur - 1]!) : this.invalid(this.nodeSpan(operands[cur - 1]!));
      let lastNot = -1;
      prefixes.forEach((t, i) => {
        if (t.tokenType === T.Not) lastNot = i;
      });
      for (let j = prefixes.length - 1; j > lastNot; j--) e = unary(prefixes[j]!, e);
      if (lastNot < 0) return e;
      e = climb(e, Math.max(minPrec, PRECEDENCE['=']!));
      for (let j = lastNot; j >= 0; j--) e = unary(prefixes[j]!, e);
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

  private exprInner(n: CstNode): Expr {
    switch (n.name) {
      case 'expression':
        return this.expressionTree(n);
      case 'postfixExpression':
        return this.postfix(n);
      default:
        return this.invalid(this.nodeSpan(n));
    }
  }

  private postfix(n: CstNode): Expr {
    const c = n.children as Children;
    const prim = node(c, 'primary');
    let target: Expr = prim ? this.primary(prim) : this.invalid(this.nodeSpan(n));
    if (!c['LBracket'] && !c['Dot']) return target;
    const starters = [...tokens(c, 'LBracket'), ...tokens(c, 'Dot')].filter(isRealToken).sort(byOffset);
    if (starters.length === 0) return target;
    const exprs = nodes(c, 'expression');
    const colons = tokens(c, 'Colon').filter(isRealToken).sort(byOffset);
    const rbrackets = tokens(c, 'RBracket').filter(isRealToken).sort(byOffset);
    const words = tokens(c, 'AnyWord').filter(isRealToken).sort(byOffset);
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
        const idx = exprs[ei++];
        const index = idx ? this.expr(idx) : this.invalid(this.tokenSpan(s));
        let sliceEnd: Expr | undefined;
        while (ci < colons.length && colons[ci]!.startOffset <= s.startOffset) ci++;
        if (ci < colons.length && colons[ci]!.startOffset < closeOffset) {
          ci++;
          const e2 = exprs[ei++];
          sliceEnd = e2 ? this.expr(e2) : undefined;
        }
        const end = close ? this.base + (close.endOffset ?? close.startOffset) + 1 : index.span.end;
        target = { kind: 'index', target, index, sliceEnd, span: { start: target.span.start, end } };
      }
    }
    return target;
  }

  private primary(n: CstNode): Expr {
    const c = n.children as Children;
    const span = this.nodeSpan(n);
    // A primary holds exactly one alternative: find it by its key instead of asking for each.
    let key: string | undefined;
    for (const k in c) {
      if (c[k]?.length) {
        key = k;
        break;
      }
    }
    switch (key) {
      case 'NumberLiteral': {
        const num = tok(c, key)!;
        return { kind: 'number', value: Number(num.image), raw: num.image, span };
      }
      case 'True':
        return { kind: 'bool', value: true, span };
      case 'False':
        return { kind: 'bool', value: false, span };
      case 'Text':
      case 'TripleText':
      case 'InterpolatedText':
      case 'FxText':
      case 'EncryptedText':
        return this.text(tok(c, key)!);
      case 'Identifier': {
        const id = tok(c, key)!;
        if (!isRealToken(id)) return this.invalid(span);
        if (tok(c, 'LParen')) return { kind: 'call', callee: this.located(id), args: nodes(c, 'expression').map((e) => this.expr(e)), span };
        const l = this.located(id);
        return { kind: 'name', parts: [id.image], partSpans: [l.span], span: l.span };
      }
      case 'listLiteral':
        return this.list(node(c, key)!);
      case 'braceLiteral':
        return this.brace(node(c, key)!);
      case 'actionCondition': {
        const a = node(node(c, key)!.children as Children, 'actionCall');
        return a ? { kind: 'action', action: this.actionCall(a), span } : this.invalid(span);
      }
      case 'parenExpression':
        return { kind: 'paren', expr: this.exprOf(node(c, key)!.children as Children, 'expression'), span };
      default:
        return this.invalid(span);
    }
  }


  private list(n: CstNode): Expr {
    return { kind: 'list', items: nodes(n.children as Children, 'expression').map((e) => this.expr(e)), span: this.nodeSpan(n) };
  }

  private brace(n: CstNode): Expr {
    const c = n.children as Children;
    const span = this.nodeSpan(n);
    const rows = nodes(c, 'dataTableRow');
    if (rows.length) {
      const out: Expr[][] = [];
      let header: Expr[] | undefined;
      for (const r of rows) {
        const rc = r.children as Children;
        const l = node(rc, 'listLiteral');
        const items = l ? nodes(l.children as Children, 'expression').map((e) => this.expr(e)) : [];
        if (tok(rc, 'Caret') && !header && out.length === 0) header = items;
        else out.push(items);
      }
      return { kind: 'datatable', header, rows: out, span };
    }
    const entries = node(c, 'objectEntries');
    const exprs = entries ? nodes(entries.children as Children, 'expression') : [];
    const out: ObjectExpr['entries'] = [];
    for (let i = 0; i + 1 < exprs.length; i += 2) {
      const key = this.expr(exprs[i]!);
      const value = this.expr(exprs[i + 1]!);
      out.push({ key, value, span: { start: key.span.start, end: value.span.end } });
    }
    return { kind: 'object', entries: out, span };
  }

  // ─────────────────────────── text ───────────────────────────

  text(t: IToken): TextExpr {
    const span = this.tokenSpan(t);
    const img = t.image;
    if (t.tokenType === T.Text) return { kind: 'text', style: 'single', parts: [unescapeText(img.slice(1, -1))], value: unescapeText(img.slice(1, -1)), span };
    if (t.tokenType === T.TripleText) {
      const v = unescapeText(img.slice(3, -3));
      return { kind: 'text', style: 'triple', parts: [v], value: v, span };
    }
    if (t.tokenType === T.EncryptedText) {
      // The designer's encrypted form of a sensitive value: kept as written, never decoded.
      const v = img.slice(2, -1);
      return { kind: 'text', style: 'encrypted', parts: [v], value: v, span };
    }
    if (t.tokenType === T.FxText) {
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
      parts.push(this.fragment(src, contentBase + i + 1));
      value += `%${src}%`;
      i = end + 1;
    }
    if (buf || parts.length === 0) parts.push(buf);
    return { kind: 'text', style: 'interpolated', parts, value, span };
  }

  /** Parse `%…%` contents with the same lexer and parser; offsets shifted to the file. */
  private fragment(src: string, offset: number): Expr {
    const span = { start: this.base + offset, end: this.base + offset + src.length };
    if (src.trim() === '') {
      this.problems.push({ span, message: 'empty %…% expression' });
      return this.invalid(span);
    }
    // Most interpolations are a plain variable or a property (`%Name%`, `%File.Name%`): build
    // those directly instead of running the lexer and parser on them.
    const simple = SIMPLE_NAME.exec(src);
    if (simple && !T.HARD_KEYWORDS.has(simple[2]!)) {
      const parts = simple[2]!.split('.');
      const partSpans: Span[] = [];
      let at = span.start + simple[1]!.length;
      for (const p of parts) {
        partSpans.push({ start: at, end: at + p.length });
        at += p.length + 1;
      }
      return { kind: 'name', parts, partSpans, span: { start: partSpans[0]!.start, end: partSpans[partSpans.length - 1]!.end } };
    }
    const lx = lexFragment(src);
    const savedBase = this.base;
    for (const e of lx.errors) {
      this.problems.push({ span: { start: span.start + e.offset, end: span.start + e.offset + Math.max(1, e.length) }, message: `unexpected character '${src.substr(e.offset, 1)}' in %…%` });
    }
    const fragmentTokens = lx.tokens.filter((t) => t.tokenType !== T.Newline);
    if (tooDeep(fragmentTokens)) {
      this.problems.push({ span, message: `expression nested deeper than ${MAX_NESTING} levels` });
      return this.invalid(span);
    }
    parser.input = fragmentTokens;
    const cst = parser.expression();
    for (const e of parser.errors) {
      const t = e.token;
      const at = isNaN(t.startOffset) ? src.length : t.startOffset;
      this.problems.push({ span: { start: span.start + at, end: span.start + at + Math.max(1, t.image?.length ?? 1) }, message: `${e.message} (in %…%)` });
    }
    this.base = savedBase + offset;
    try {
      return this.expr(cst);
    } finally {
      this.base = savedBase;
    }
  }
}

/** `%Name%` or `%a.b.c%` with optional blanks around: a name the lowering builds directly. */
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
