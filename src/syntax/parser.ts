/**
 * The grammar of `.flow` files: an optional `FLOW … END FLOW` header, then PAD's script.
 *
 * One CstParser instance is created when this module loads and reused for every file
 * (`parser.input = tokens` resets it). Error recovery is on: a statement that does not parse is
 * re-synchronised at the end of its line, and a line that cannot start a statement is skipped,
 * so every syntax error in a file is reported.
 *
 * PAD is line-oriented: every statement ends at a line break. Statement-level constructs that
 * belong to the previous statement (`ON ERROR …` after an action, `@@key: value` before one) are
 * parsed as statements of their own and attached by the lowering (lower.ts).
 */
import { CstParser, EOF, LLkLookaheadStrategy, tokenMatcher, type CstNode, type ILookaheadStrategy, type IToken, type Rule, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { messageProvider } from './messages.js';

/**
 * Chevrotain's LL(k) look-ahead, built per alternation on first use instead of all at once when
 * the parser is constructed: a run that checks one small file pays only for the decisions it
 * makes (start-up time matters for pre-commit).
 */
class LazyLookahead implements ILookaheadStrategy {
  private readonly inner: ILookaheadStrategy;
  constructor(maxLookahead: number) {
    this.inner = new LLkLookaheadStrategy({ maxLookahead });
  }
  validate(options: Parameters<ILookaheadStrategy['validate']>[0]): ReturnType<ILookaheadStrategy['validate']> {
    return this.inner.validate(options);
  }
  initialize(options: { rules: Rule[] }): void {
    this.inner.initialize?.(options);
  }
  buildLookaheadForAlternation(options: Parameters<ILookaheadStrategy['buildLookaheadForAlternation']>[0]): ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> {
    let fn: ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> | undefined;
    const inner = this.inner;
    return function (this: unknown, orAlts) {
      fn ??= inner.buildLookaheadForAlternation(options);
      return fn.call(this, orAlts);
    };
  }
  buildLookaheadForOptional(options: Parameters<ILookaheadStrategy['buildLookaheadForOptional']>[0]): ReturnType<ILookaheadStrategy['buildLookaheadForOptional']> {
    let fn: ReturnType<ILookaheadStrategy['buildLookaheadForOptional']> | undefined;
    const inner = this.inner;
    return function (this: unknown) {
      fn ??= inner.buildLookaheadForOptional(options);
      return fn.call(this);
    };
  }
}

export class FlowParser extends CstParser {
  /** `validate`: run chevrotain's grammar checks (the tests do; production skips them). */
  constructor(opts: { validate?: boolean } = {}) {
    super(T.parserTokens, {
      lookaheadStrategy: new LazyLookahead(2),
      skipValidations: !opts.validate,
      recoveryEnabled: true,
      maxLookahead: 2,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: messageProvider,
    });
    this.performSelfAnalysis();
    // Chevrotain's recovery hooks are not in its typings: replaced on the instance.
    const recoverable = this as unknown as RecoveryHooks;
    const fallback = recoverable.findReSyncTokenType.bind(this);
    recoverable.findReSyncTokenType = () => this.resyncAtLineEnd(fallback, recoverable.flattenFollowSet());
    // Chevrotain makes each CST node's `children` with Object.create(null): V8 keeps such an
    // object as a hash table (dictionary mode), slow to fill, to read key by key and above all to
    // enumerate (the lowering's `for … in`). A `{}` literal is a fast object with a hidden class
    // per shape; its keys are rule and token names, none of them a name of Object.prototype.
    const builder = this as unknown as TreeBuilderHooks;
    if (builder.outputCst) builder.cstInvocationStateUpdate = function (this: TreeBuilderHooks, fullRuleName: string): void {
      const cstNode = { name: fullRuleName, children: {} } as CstNode;
      this.setInitialNodeLocation(cstNode);
      this.CST_STACK.push(cstNode);
    };
  }

  // ─────────────────────────── file ───────────────────────────

  /**
   * Columns of the `ON` of the `ON ERROR <Kind>` clauses whose handlers are being parsed: an
   * `ON ERROR` line at that column ends the handler and starts the action's next clause.
   */
  private handlerColumns: number[] = [];

  public file = this.RULE('file', () => {
    this.ACTION(() => (this.handlerColumns = []));
    this.MANY(() => this.CONSUME(T.Newline));
    this.OPTION({
      GATE: () => this.LA(1).tokenType === T.Flow && this.LA(2).tokenType !== T.Dot,
      DEF: () => this.SUBRULE(this.header),
    });
    this.MANY2(() =>
      this.OR([
        { ALT: () => this.CONSUME2(T.Newline) },
        { ALT: () => this.SUBRULE(this.functionDecl) },
        { ALT: () => this.SUBRULE(this.statement) },
        { ALT: () => this.SUBRULE(this.strayLine) },
      ]),
    );
  });

  // ─────────────────────────── header ───────────────────────────

  /** `FLOW 'name'` clauses… `END FLOW`. Clause words are checked in lowering (with suggestions). */
  public header = this.RULE('header', () => {
    this.CONSUME(T.Flow);
    this.OR([{ ALT: () => this.CONSUME(T.Text) }, { ALT: () => this.CONSUME(T.Identifier) }]);
    this.CONSUME(T.Newline);
    // Clause lines: a word not followed by '.' (that would be an action: the header was left open).
    this.MANY({
      GATE: () => this.LA(1).tokenType === T.Newline || (tokenMatcher(this.LA(1), T.Identifier) && this.LA(2).tokenType !== T.Dot),
      DEF: () =>
        this.OR2([
          { ALT: () => this.CONSUME2(T.Newline) },
          { ALT: () => this.SUBRULE(this.headerClause) },
        ]),
    });
    // Without END FLOW the header ends at the first line that is not a clause; parse.ts reports
    // the one error (naming the header and its line) and the script is parsed as script.
    this.OPTION(() => {
      this.CONSUME(T.End);
      this.CONSUME2(T.Flow);
      this.OR3([{ ALT: () => this.CONSUME3(T.Newline) }, { ALT: () => this.CONSUME(EOF) }]);
    });
  });

  /**
   * `WORD arg arg …`: args are texts, names, commas (`RUNS CONSOLE, ATTENDED`), and the numbers
   * and booleans of an `INPUT … DEFAULT` value.
   */
  public headerClause = this.RULE('headerClause', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Text) },
        { ALT: () => this.CONSUME2(T.Identifier) },
        { ALT: () => this.CONSUME(T.Comma) },
        { ALT: () => this.CONSUME(T.NumberLiteral) },
        { ALT: () => this.CONSUME(T.True) },
        { ALT: () => this.CONSUME(T.False) },
        { ALT: () => this.CONSUME(T.Default) },
        // Anything else (`OWNER alice@contoso.com`): kept for the lowering's one message about the clause.
        { ALT: () => this.CONSUME(T.AnyButNewline), IGNORE_AMBIGUITIES: true },
      ]),
    );
    this.OR2([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.CONSUME(EOF) }]);
  });

  // ─────────────────────────── structure ───────────────────────────

  public functionDecl = this.RULE('functionDecl', () => {
    this.CONSUME(T.Function);
    // `FUNCTION Main GLOBAL`, or quoted when the name is not a plain word: `FUNCTION '2_step' GLOBAL`.
    this.OR([{ ALT: () => this.CONSUME(T.AnyWord) }, { ALT: () => this.CONSUME(T.Text) }]);
    this.MANY(() => this.CONSUME2(T.AnyWord)); // GLOBAL, LOCAL, …
    this.CONSUME(T.Newline);
    this.SUBRULE(this.statementList);
    this.CONSUME(T.End);
    this.CONSUME2(T.Function);
  });

  public statementList = this.RULE('statementList', () => {
    this.MANY({
      GATE: () => !this.nextClauseFollows(),
      DEF: () =>
        this.OR([
          { ALT: () => this.CONSUME(T.Newline) },
          { ALT: () => this.SUBRULE(this.statement) },
          { ALT: () => this.SUBRULE(this.nestedStrayLine) },
        ]),
    });
  });

  /** A line that starts with a token no statement starts with. Reported, then skipped. */
  public strayLine = this.RULE('strayLine', () => {
    this.OR([{ ALT: () => this.CONSUME(T.StrayStart) }, { ALT: () => this.CONSUME(T.TopLevelStray) }]);
    this.MANY(() => this.CONSUME(T.AnyButNewline));
  });

  public nestedStrayLine = this.RULE('nestedStrayLine', () => {
    this.CONSUME(T.StrayStart);
    this.MANY(() => this.CONSUME(T.AnyButNewline));
  });

  public statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.annotation) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.sensitiveDecl) },
      { ALT: () => this.SUBRULE(this.variableDecl) },
      { ALT: () => this.SUBRULE(this.setStatement) },
      { ALT: () => this.SUBRULE(this.ifStatement) },
      { ALT: () => this.SUBRULE(this.switchStatement) },
      { ALT: () => this.SUBRULE(this.loopStatement) },
      { ALT: () => this.SUBRULE(this.exitStatement) },
      { ALT: () => this.SUBRULE(this.nextLoopStatement) },
      { ALT: () => this.SUBRULE(this.labelStatement) },
      { ALT: () => this.SUBRULE(this.gotoStatement) },
      { ALT: () => this.SUBRULE(this.callStatement) },
      { ALT: () => this.SUBRULE(this.waitStatement) },
      { ALT: () => this.SUBRULE(this.blockStatement) },
      { ALT: () => this.SUBRULE(this.repeatBlockStatement) },
      { ALT: () => this.SUBRULE(this.onErrorStatement) },
      { ALT: () => this.SUBRULE(this.errorAssignStatement) },
      { ALT: () => this.CONSUME(T.RegionStart) },
      { ALT: () => this.CONSUME(T.RegionEnd) },
      { ALT: () => this.SUBRULE(this.actionStatement) },
    ]);
  });

  // ─────────────────────────── flow-level declarations ───────────────────────────

  /** `@@key: value` — host metadata at the top, or an annotation of the next statement. */
  public annotation = this.RULE('annotation', () => {
    this.CONSUME(T.AtAt);
    this.OR([{ ALT: () => this.CONSUME(T.AnyWord) }, { ALT: () => this.CONSUME(T.Text) }]);
    this.CONSUME(T.Colon);
    this.OPTION(() => this.SUBRULE(this.expression));
  });

  public importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.Text);
    this.CONSUME(T.As);
    this.CONSUME(T.AnyWord);
  });

  public sensitiveDecl = this.RULE('sensitiveDecl', () => {
    this.CONSUME(T.AtSensitive);
    this.CONSUME(T.Colon);
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.AnyWord) });
    this.CONSUME(T.RBracket);
  });

  /** `@INPUT Name : { … }` / `@OUTPUT Name : { … }` */
  public variableDecl = this.RULE('variableDecl', () => {
    this.OR([{ ALT: () => this.CONSUME(T.AtInput) }, { ALT: () => this.CONSUME(T.AtOutput) }]);
    this.CONSUME(T.AnyWord);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  // ─────────────────────────── statements ───────────────────────────

  public setStatement = this.RULE('setStatement', () => {
    this.CONSUME(T.Set);
    this.SUBRULE(this.postfixExpression);
    this.CONSUME(T.To);
    this.SUBRULE2(this.expression);
  });

  public ifStatement = this.RULE('ifStatement', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.ifCondition);
    this.CONSUME(T.Newline);
    this.SUBRULE(this.statementList);
    this.MANY({
      GATE: () => this.LA(2).tokenType === T.If,
      DEF: () => {
        this.CONSUME(T.Else);
        this.CONSUME2(T.If);
        this.SUBRULE2(this.ifCondition);
        this.CONSUME2(T.Newline);
        this.SUBRULE2(this.statementList);
      },
    });
    this.OPTION(() => {
      this.CONSUME2(T.Else);
      this.CONSUME3(T.Newline);
      this.SUBRULE3(this.statementList);
    });
    this.CONSUME(T.End);
  });

  /**
   * `condition THEN`. A rule of its own so that a syntax error in it is recovered at the end of
   * its line, inside the IF: the IF's body and its END are still parsed (one error, not one for
   * the condition and another for an END without its IF).
   */
  public ifCondition = this.RULE('ifCondition', () => {
    this.SUBRULE(this.expression);
    this.CONSUME(T.Then);
  });

  public switchStatement = this.RULE('switchStatement', () => {
    this.CONSUME(T.Switch);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Newline);
    this.MANY(() => this.CONSUME2(T.Newline));
    this.MANY2(() => this.SUBRULE(this.caseClause));
    this.OPTION(() => {
      this.CONSUME(T.Default);
      this.CONSUME3(T.Newline);
      this.SUBRULE(this.statementList);
    });
    this.CONSUME(T.End);
  });

  /** `CASE = v`, `CASE <> v`, `CASE > v`, …, or `CASE v`. */
  public caseClause = this.RULE('caseClause', () => {
    this.CONSUME(T.Case);
    this.OPTION(() => this.SUBRULE(this.comparisonOperator));
    this.SUBRULE(this.expression);
    this.CONSUME(T.Newline);
    this.SUBRULE(this.statementList);
  });

  public loopStatement = this.RULE('loopStatement', () => {
    this.CONSUME(T.Loop);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.ForEach);
          this.CONSUME(T.Identifier);
          this.CONSUME(T.In);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.While);
          this.SUBRULE2(this.expression);
        },
      },
      { ALT: () => this.SUBRULE(this.loopRange) },
    ]);
    this.CONSUME(T.Newline);
    this.SUBRULE(this.statementList);
    this.CONSUME(T.End);
  });

  /** `EXIT LOOP`, `EXIT FUNCTION`, `EXIT Code: 0 [ErrorMessage: …]`. */
  /**
   * `[i] FROM a TO b [STEP c]` (`LOOP FROM 1 TO 10` with no variable is in real exports). A rule
   * of its own for the same reason as ifCondition: an error in it leaves the LOOP's body parsed.
   */
  public loopRange = this.RULE('loopRange', () => {
    this.OPTION({ GATE: () => this.LA(2).tokenType === T.From, DEF: () => this.CONSUME(T.Identifier) });
    this.CONSUME(T.From);
    this.SUBRULE(this.expression);
    this.CONSUME(T.To);
    this.SUBRULE2(this.expression);
    this.OPTION2(() => {
      this.CONSUME(T.Step);
      this.SUBRULE3(this.expression);
    });
  });

  public exitStatement = this.RULE('exitStatement', () => {
    this.CONSUME(T.Exit);
    this.OR([
      // `LOOP`/`FUNCTION` win over a parameter named so (first matching alternative is taken).
      { ALT: () => this.CONSUME(T.Loop), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.CONSUME(T.Function), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.MANY(() => this.SUBRULE(this.actionParam)) },
    ]);
  });

  /** `NEXT LOOP`, or `NEXT ACTION` (a line of an `ON BLOCK ERROR` handler; lower.ts checks the word). */
  public nextLoopStatement = this.RULE('nextLoopStatement', () => {
    this.CONSUME(T.Next);
    this.OR([{ ALT: () => this.CONSUME(T.Loop) }, { ALT: () => this.CONSUME(T.Identifier) }]);
  });

  public labelStatement = this.RULE('labelStatement', () => {
    this.CONSUME(T.Label);
    this.SUBRULE(this.labelName);
  });

  public gotoStatement = this.RULE('gotoStatement', () => {
    this.CONSUME(T.Goto);
    this.SUBRULE(this.labelName);
  });

  public labelName = this.RULE('labelName', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Text) }, { ALT: () => this.CONSUME(T.AnyWord) }]);
  });

  /** `CALL Name`, and `CALL Name in_x: expr out_y=> Var` for a subflow with inputs and outputs. */
  public callStatement = this.RULE('callStatement', () => {
    this.CONSUME(T.Call);
    this.OR([{ ALT: () => this.CONSUME(T.AnyWord) }, { ALT: () => this.CONSUME(T.Text) }]);
    this.MANY(() =>
      this.OR2([
        { ALT: () => this.SUBRULE(this.actionParam) },
        { ALT: () => this.SUBRULE(this.actionOutput) },
      ]),
    );
  });

  /** `WAIT 5`, `WAIT (action)`, `WAIT (action) FOR 10`. */
  public waitStatement = this.RULE('waitStatement', () => {
    this.CONSUME(T.Wait);
    this.OR([
      {
        GATE: () => this.isParenthesisedAction(),
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.actionCall);
          this.CONSUME(T.RParen);
          this.OPTION(() => {
            this.CONSUME(T.For);
            this.SUBRULE(this.expression);
          });
        },
      },
      { ALT: () => this.SUBRULE2(this.expression) },
    ]);
  });

  /** `BLOCK [name]` / `ON BLOCK ERROR [all]` handler `END` / body `END`. */
  public blockStatement = this.RULE('blockStatement', () => {
    this.CONSUME(T.Block);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.AnyWord) }, { ALT: () => this.CONSUME(T.Text) }]));
    this.CONSUME(T.Newline);
    this.MANY(() => this.CONSUME2(T.Newline));
    this.OPTION2(() => {
      this.CONSUME(T.On);
      this.CONSUME2(T.Block);
      this.CONSUME(T.Error);
      this.MANY2(() => this.CONSUME(T.AnyButNewline));
      this.CONSUME3(T.Newline);
      this.SUBRULE(this.statementList);
      this.CONSUME(T.End);
    });
    this.SUBRULE2(this.statementList);
    this.CONSUME2(T.End);
  });

  public repeatBlockStatement = this.RULE('repeatBlockStatement', () => {
    this.CONSUME(T.Repeat);
    this.CONSUME(T.Block);
  });

  /**
   * `ON ERROR [Kind]` body `END`, or a retry policy without a body:
   * `ON ERROR [Kind] REPEAT n TIMES WAIT s`. The clause for one kind of error may be followed,
   * at its own indentation and before the `END`, by the action's next clause (the designer writes
   * `ON ERROR EnvironmentVariableNotFoundError` … `ON ERROR` … `END`: onErrorNextClause), flattened
   * by the lowering.
   */
  public onErrorStatement = this.RULE('onErrorStatement', () => {
    const { on, hasKind } = this.onErrorHead();
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Repeat);
          this.SUBRULE(this.expression);
          this.CONSUME(T.Times);
          this.OPTION(() => {
            this.CONSUME(T.Wait);
            this.SUBRULE2(this.expression);
          });
          // A retry with no handler: the designer closes it with an `END` of its own, on the
          // next line and at the same indentation as `ON ERROR` (a less indented END closes an
          // enclosing block).
          this.OPTION2({
            GATE: () => this.retryEndFollows(on),
            DEF: () => {
              this.CONSUME2(T.Newline);
              this.MANY2(() => this.CONSUME3(T.Newline));
              this.CONSUME2(T.End);
            },
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Newline);
          this.ACTION(() => hasKind && this.handlerColumns.push(on.startColumn ?? -1));
          try {
            this.SUBRULE(this.statementList);
            this.OPTION3({ GATE: () => hasKind && this.clauseAt(on.startColumn), DEF: () => this.SUBRULE(this.onErrorNextClause) });
          } finally {
            this.ACTION(() => hasKind && this.handlerColumns.pop());
          }
          this.CONSUME(T.End);
        },
      },
    ]);
  });

  /** The action's next clause, `ON ERROR [Kind]` and its handler, before the clauses' one `END`. */
  public onErrorNextClause = this.RULE('onErrorNextClause', () => {
    const { on, hasKind } = this.onErrorHead();
    this.CONSUME(T.Newline);
    this.SUBRULE(this.statementList);
    this.OPTION({ GATE: () => hasKind && this.clauseAt(on.startColumn), DEF: () => this.SUBRULE(this.onErrorNextClause) });
  });

  /**
   * `ON ERROR [Kind]`, the head of onErrorStatement and onErrorNextClause: recorded into the rule
   * that calls it (a helper, not a rule, so the CST keeps its shape). `hasKind`: an error kind is named.
   */
  private onErrorHead(): { on: IToken; hasKind: boolean } {
    const on = this.CONSUME(T.On);
    this.CONSUME(T.Error);
    let hasKind = false;
    this.MANY(() => {
      this.CONSUME(T.Identifier);
      this.ACTION(() => (hasKind = true));
    });
    return { on, hasKind };
  }

  /** `ERROR => Var [Reset: True]` */
  public errorAssignStatement = this.RULE('errorAssignStatement', () => {
    this.CONSUME(T.Error);
    this.CONSUME(T.Arrow);
    this.CONSUME(T.AnyWord);
    this.MANY(() => this.SUBRULE(this.actionParam));
  });

  public actionStatement = this.RULE('actionStatement', () => {
    this.SUBRULE(this.actionCall);
  });

  // ─────────────────────────── actions ───────────────────────────

  /** `Module.Action[.Variant]` then `Param: expr`, `Out=> Var`, `@in: expr`, `@out=> Var` in any order. */
  public actionCall = this.RULE('actionCall', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.AnyWord);
    });
    // `Clipboard.Clear _`: the designer writes `_` as the argument list of an action it calls
    // with no parameters.
    this.OPTION({
      GATE: () => this.LA(1).image === '_' && this.LA(2).tokenType !== T.Colon && this.LA(2).tokenType !== T.Arrow,
      DEF: () => this.CONSUME2(T.Identifier),
    });
    this.MANY2(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.actionParam) },
        { ALT: () => this.SUBRULE(this.actionOutput) },
        { ALT: () => this.SUBRULE(this.atArgument) },
      ]),
    );
  });

  public actionParam = this.RULE('actionParam', () => {
    this.CONSUME(T.AnyWord);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  public actionOutput = this.RULE('actionOutput', () => {
    this.CONSUME(T.AnyWord);
    this.CONSUME(T.Arrow);
    this.CONSUME2(T.AnyWord);
  });

  /** `@name: expr` (a connector/child-flow input) or `@name=> Var` (an output). */
  public atArgument = this.RULE('atArgument', () => {
    this.CONSUME(T.At);
    this.OR([{ ALT: () => this.CONSUME(T.AnyWord) }, { ALT: () => this.CONSUME(T.Text) }]);
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Arrow);
          this.CONSUME2(T.AnyWord);
        },
      },
    ]);
  });

  // ─────────────────────────── expressions ───────────────────────────

  /**
   * Operands and binary operators in one flat list: precedence (OR < AND < comparisons < + - <
   * * /) and prefix NOT are resolved by the lowering (precedence climbing). One CST node per
   * expression instead of one per precedence level keeps parsing fast.
   */
  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.unaryExpression);
    this.MANY(() => {
      this.SUBRULE(this.binaryOperator);
      this.SUBRULE2(this.unaryExpression);
    });
  });

  /** The comparison tokens are repeated here rather than a comparisonOperator subrule: one CST node less per operator. */
  public binaryOperator = this.RULE('binaryOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Or) },
      { ALT: () => this.CONSUME(T.And) },
      { ALT: () => this.CONSUME(T.Equals) },
      { ALT: () => this.CONSUME(T.NotEq) },
      { ALT: () => this.CONSUME(T.LessEq) },
      { ALT: () => this.CONSUME(T.GreaterEq) },
      { ALT: () => this.CONSUME(T.Less) },
      { ALT: () => this.CONSUME(T.Greater) },
      { ALT: () => this.CONSUME(T.Plus) },
      { ALT: () => this.CONSUME(T.Minus) },
      { ALT: () => this.CONSUME(T.Star) },
      { ALT: () => this.CONSUME(T.Slash) },
      { ALT: () => this.CONSUME(T.Mod) },
    ]);
  });

  public comparisonOperator = this.RULE('comparisonOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Equals) },
      { ALT: () => this.CONSUME(T.NotEq) },
      { ALT: () => this.CONSUME(T.LessEq) },
      { ALT: () => this.CONSUME(T.GreaterEq) },
      { ALT: () => this.CONSUME(T.Less) },
      { ALT: () => this.CONSUME(T.Greater) },
    ]);
  });

  /** Prefix operators (`NOT`, `-`, `+`) then an operand: a primary and its suffixes. */
  public unaryExpression = this.RULE('unaryExpression', () => {
    this.MANY(() =>
      this.OR({
        ERR_MSG: 'a value',
        DEF: [{ ALT: () => this.CONSUME(T.Not) }, { ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }],
      }),
    );
    this.SUBRULE(this.primary);
    this.suffixes(true);
  });

  /** A primary followed by `[index]`, `[a:b]` and `.Property` suffixes (a SET target). */
  public postfixExpression = this.RULE('postfixExpression', () => {
    this.SUBRULE(this.primary);
    this.suffixes();
  });

  /**
   * `[index]`, `[a:b]` and `.Property` after a primary. Called from two rules, so that an
   * operand is one CST node, not a unary node around a postfix node. Chevrotain numbers each DSL
   * call within a rule: unaryExpression already has a MANY and an OR (its prefixes), so there
   * these are the second ones.
   */
  private suffixes(second = false): void {
    const many = second ? this.MANY2 : this.MANY;
    const or = second ? this.OR2 : this.OR;
    many.call(this, () =>
      or.call(this, [
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.expression);
            this.OPTION(() => {
              this.CONSUME(T.Colon);
              this.SUBRULE2(this.expression);
            });
            this.CONSUME(T.RBracket);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME(T.AnyWord);
          },
        },
      ]),
    );
  }

  public primary = this.RULE('primary', () => {
    this.OR({
      ERR_MSG: 'a value (a text, number, variable, list, …)',
      DEF: [
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Text) },
      { ALT: () => this.CONSUME(T.TripleText) },
      { ALT: () => this.CONSUME(T.InterpolatedText) },
      { ALT: () => this.CONSUME(T.FxText) },
      { ALT: () => this.CONSUME(T.EncryptedText) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      {
        // A name, or a function call `Name(args)`: inline, not a subrule (most values are names,
        // and every rule level is a CST node to build and to walk).
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
            this.CONSUME(T.RParen);
          });
        },
      },
      { ALT: () => this.SUBRULE(this.listLiteral) },
      { ALT: () => this.SUBRULE(this.braceLiteral) },
      {
        GATE: () => this.isParenthesisedAction(),
        IGNORE_AMBIGUITIES: true,
        ALT: () => this.SUBRULE(this.actionCondition),
      },
      { ALT: () => this.SUBRULE(this.parenExpression) },
      ],
    });
  });

  public actionCondition = this.RULE('actionCondition', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.actionCall);
    this.CONSUME(T.RParen);
  });

  public parenExpression = this.RULE('parenExpression', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  public listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RBracket);
  });

  /**
   * `{ 'k': v, … }` and `{{ 'k': v }}` custom objects; `{ ^['a', 'b'], [1, 2] }` and
   * `{[1, 2] }` data tables (`^` marks the header row).
   */
  public braceLiteral = this.RULE('braceLiteral', () => {
    this.CONSUME(T.LBrace);
    // Alternatives are tried in order: `{{` is a custom object, `{[`/`{^[` a data table.
    this.OR([
      {
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          this.CONSUME2(T.LBrace);
          this.SUBRULE(this.objectEntries);
          this.CONSUME(T.RBrace);
        },
      },
      {
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.dataTableRow) });
        },
      },
      { ALT: () => this.SUBRULE2(this.objectEntries) },
    ]);
    this.CONSUME2(T.RBrace);
  });

  public objectEntries = this.RULE('objectEntries', () => {
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.expression);
        this.CONSUME(T.Colon);
        this.SUBRULE2(this.expression);
      },
    });
  });

  public dataTableRow = this.RULE('dataTableRow', () => {
    this.OPTION(() => this.CONSUME(T.Caret));
    this.SUBRULE(this.listLiteral);
  });

  // ─────────────────────────── recovery ───────────────────────────

  /**
   * Where re-synchronisation after a syntax error stops: the end of the line (or of the file).
   * Chevrotain's default stops at the first token that may follow any rule on the stack, and
   * since a word may start a statement, every word after an error on a line would start a new
   * statement and a new error (8,191 errors for an 8 KB line of `a b c d`, each thrown and caught).
   * PAD is line-oriented: one error per line, and the next statement starts on the next line.
   */
  private resyncAtLineEnd(fallback: () => TokenType, follows: TokenType[]): TokenType {
    if (!follows.includes(T.Newline)) return fallback();
    for (let k = 1; ; k++) {
      const next = this.LA(k).tokenType;
      if (next === EOF || next === T.Newline) return next;
    }
  }

  // ─────────────────────────── lookahead helpers ───────────────────────────

  /** An `ON ERROR` line at this column (the next clause of an action's error handling). */
  private clauseAt(column: number | undefined): boolean {
    return this.LA(1).tokenType === T.On && this.LA(2).tokenType === T.Error && this.LA(1).startColumn === column;
  }

  /** Does the handler being parsed end here, at its action's next `ON ERROR` clause? */
  private nextClauseFollows(): boolean {
    return this.handlerColumns.length > 0 && this.clauseAt(this.handlerColumns[this.handlerColumns.length - 1]);
  }

  /** After `ON ERROR … REPEAT n TIMES [WAIT s]`: the next line is an `END` in the column of `ON`. */
  private retryEndFollows(on: IToken): boolean {
    if (this.LA(1).tokenType !== T.Newline) return false;
    let k = 2;
    while (this.LA(k).tokenType === T.Newline) k++;
    const end = this.LA(k);
    return end.tokenType === T.End && end.startColumn === on.startColumn;
  }

  /**
   * `(` Module.Action… followed by a parameter (`Name:`, `@x:`), an output, or `)`: an action used
   * as a condition. `(x.Count)` is an expression: a one-dot name with nothing after it.
   */
  private isParenthesisedAction(): boolean {
    if (this.LA(1).tokenType !== T.LParen || !isIdentifier(this.LA(2).tokenType)) return false;
    let i = 3;
    let dots = 0;
    while (this.LA(i).tokenType === T.Dot && isWord(this.LA(i + 1).tokenType)) {
      i += 2;
      dots++;
    }
    if (dots === 0) return false;
    const next = this.LA(i).tokenType;
    if (next === T.At) return true;
    if (isWord(next)) {
      const after = this.LA(i + 1).tokenType;
      return after === T.Colon || after === T.Arrow;
    }
    return next === T.RParen && dots >= 2;
  }
}

/** The parts of Chevrotain's CST building (traits/tree_builder.js) that the parser adapts. */
interface TreeBuilderHooks {
  cstInvocationStateUpdate(fullRuleName: string): void;
  setInitialNodeLocation(node: CstNode): void;
  CST_STACK: CstNode[];
  outputCst: boolean;
}

/** The parts of Chevrotain's recovery (traits/recoverable.js) that the parser adapts. */
interface RecoveryHooks {
  findReSyncTokenType(): TokenType;
  flattenFollowSet(): TokenType[];
}

function isIdentifier(t: TokenType): boolean {
  return t === T.Identifier || (t.CATEGORIES?.includes(T.Identifier) ?? false);
}
function isWord(t: TokenType): boolean {
  return t === T.Identifier || (t.CATEGORIES?.includes(T.AnyWord) ?? false);
}

/** The one parser instance (grammar checks are run by the tests, not at every start). */
export const parser = new FlowParser();

export type { CstNode, IToken };
