/**
 * The grammar of `.flow` files — an optional `FLOW … END FLOW` header, then PAD's script — with
 * the actions that build the IR (ir/flow.ts) as it is parsed: Chevrotain's embedded actions,
 * no concrete syntax tree.
 *
 * One parser instance is created when this module loads and reused for every file
 * (`parser.input = tokens` resets it). Error recovery is on: a statement that does not parse is
 * re-synchronised at the end of its line, and a line that cannot start a statement is skipped,
 * so every syntax error in a file is reported.
 *
 * PAD is line-oriented: every statement ends at a line break. Statement-level constructs that
 * belong to the previous statement (`ON ERROR …` after an action, `@@key: value` before one) are
 * parsed as statements of their own and attached when their list ends (lower.ts: attach).
 *
 * How the actions work with error recovery. A rule that fails keeps what it had read: every rule
 * catches the error on its way out, builds its result from what it consumed so far (its
 * *partial* result, what a tree built by the parser would have held), leaves it in
 * `this.partial` and re-throws; the rule that called it takes that partial result where the
 * failed call's result would have gone, and so on up to the rule that recovers (Chevrotain
 * calls its `recoveryValueFunc`, which returns the partial result). Spans come from the tokens
 * each rule consumed: Chevrotain's tree-building hooks, which an embedded-actions parser leaves
 * empty, keep the first and last offsets of each rule on the stack (`ls`/`le`) instead of a tree
 * node. The code of a rule also runs once when Chevrotain records the grammar
 * (`performSelfAnalysis`): what builds IR there is skipped (`this.rec`).
 *
 * The grammar's shape (its GAST) is what grammar/ documents (scripts/gen-diagrams.ts).
 */
import { EmbeddedActionsParser, EOF, LLkLookaheadStrategy, tokenMatcher, type ILookaheadStrategy, type IToken, type ParserMethod, type Rule, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { messageProvider } from './messages.js';
import { lexFragment } from './lexer.js';
import { MAX_NESTING, tooDeep } from './nesting.js';
import { FOLLOWS, LOOKAHEAD } from './parser-tables.generated.js';
import { Lowering, type AtArgument, type Suffixes } from './lower.js';
import { real, type Item } from './lower-base.js';
import type { HeaderClauseData } from './lower-header.js';
import type { ActionCall, ActionOutput, ActionParam, Expr, FlowHeader, IfStatement, OnErrorClause, Statement, Subflow, SwitchStatement } from '../ir/flow.js';
import type { Span } from '../ir/span.js';

/** A decision's look-ahead paths as Chevrotain computes them: by alternative, its paths of token types. */
type Paths = TokenType[][][];
type AltOptions = Parameters<ILookaheadStrategy['buildLookaheadForAlternation']>[0];
type OptOptions = Parameters<ILookaheadStrategy['buildLookaheadForOptional']>[0];

/**
 * Chevrotain's LL(k) look-ahead, built per decision on first use instead of all at once when
 * the parser is constructed: a run that checks one small file pays only for the decisions it
 * makes (start-up time matters for pre-commit). The paths each decision compares the next tokens
 * with, which Chevrotain computes from the grammar (most of the cost), are read from
 * lookahead.generated.ts (scripts/gen-parser-tables.ts records them with Chevrotain's
 * `getLookaheadPaths`), and the function is built from them as Chevrotain's LL(k) strategy
 * builds it (`buildAlternativesLookAheadFunc`, `buildSingleAlternativeLookaheadFunction`).
 */
class LazyLookahead implements ILookaheadStrategy {
  private readonly inner: ILookaheadStrategy;
  /** Every decision the parser asked a function for, in order (for scripts/gen-parser-tables.ts). */
  readonly decisions: { key: string; options: AltOptions | OptOptions; prodType: string }[] = [];
  /** The recorded paths by decision (undefined: not loaded yet; `recorded` false: compute them). */
  private table: Record<string, Paths> | undefined;
  constructor(maxLookahead: number, private readonly recorded: boolean) {
    this.inner = new LLkLookaheadStrategy({ maxLookahead });
  }
  validate(options: Parameters<ILookaheadStrategy['validate']>[0]): ReturnType<ILookaheadStrategy['validate']> {
    return this.inner.validate(options);
  }
  initialize(options: { rules: Rule[] }): void {
    this.inner.initialize?.(options);
  }
  /** The recorded paths of a decision, if any (none when the grammar has a decision the file has not). */
  private paths(key: string, maxLookahead: number, dynamic: boolean): Paths | undefined {
    if (!this.recorded || dynamic || maxLookahead !== 2) return undefined;
    this.table ??= loadLookahead();
    return this.table[key];
  }
  buildLookaheadForAlternation(options: AltOptions): ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> {
    let fn: ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> | undefined;
    const key = decisionKey(options.rule.name, 'Alternation', options.prodOccurrence);
    this.decisions.push({ key, options, prodType: 'Alternation' });
    const self = this;
    return function (this: unknown, orAlts) {
      if (fn === undefined) {
        const paths = self.paths(key, options.maxLookahead, options.dynamicTokensEnabled);
        fn = paths ? alternativesLookahead(paths, options.hasPredicates) : self.inner.buildLookaheadForAlternation(options);
      }
      return fn.call(this, orAlts);
    };
  }
  buildLookaheadForOptional(options: OptOptions): ReturnType<ILookaheadStrategy['buildLookaheadForOptional']> {
    let fn: ReturnType<ILookaheadStrategy['buildLookaheadForOptional']> | undefined;
    const key = decisionKey(options.rule.name, options.prodType, options.prodOccurrence);
    this.decisions.push({ key, options, prodType: options.prodType });
    const self = this;
    return function (this: unknown) {
      if (fn === undefined) {
        const paths = self.paths(key, options.maxLookahead, options.dynamicTokensEnabled);
        fn = paths ? singleAlternativeLookahead(paths[0]!) : self.inner.buildLookaheadForOptional(options);
      }
      return fn.call(this);
    };
  }
}

/** The key of a decision in lookahead.generated.ts: its rule, its kind, its occurrence. */
export function decisionKey(rule: string, prodType: string, occurrence: number): string {
  return `${rule} ${prodType} ${occurrence}`;
}

/** The recorded look-ahead paths, with their token types. */
function loadLookahead(): Record<string, Paths> {
  const byName = new Map<string, TokenType>();
  for (const t of [...T.parserTokens, EOF]) byName.set(t.name, t);
  const names = JSON.parse(LOOKAHEAD) as Record<string, string[][][]>;
  const table: Record<string, Paths> = {};
  for (const [key, alts] of Object.entries(names)) table[key] = alts.map((alt) => alt.map((path) => path.map((n) => byName.get(n)!)));
  return table;
}

/** The look-ahead paths as lookahead.generated.ts records them: token names for token types. */
export function lookaheadJson(table: Record<string, Paths>): string {
  const names: Record<string, string[][][]> = {};
  for (const [key, alts] of Object.entries(table)) names[key] = alts.map((alt) => alt.map((path) => path.map((t) => t.name)));
  return JSON.stringify(names);
}

interface LookaheadParser {
  LA_FAST(i: number): IToken;
}

/** Chevrotain's matchers: by category too (`tokenStructuredMatcher`), or only the type when no path uses a category. */
type Matcher = (token: IToken, type: TokenType) => boolean;
const matchNoCategories: Matcher = (token, type) => token.tokenTypeIdx === type.tokenTypeIdx;
function matcherFor(paths: TokenType[][][]): Matcher {
  return paths.every((alt) => alt.every((path) => path.every((t) => (t.categoryMatches ?? []).length === 0))) ? matchNoCategories : tokenMatcher;
}

/** An alternation's look-ahead function, as Chevrotain's `buildAlternativesLookAheadFunc` builds it (no dynamic tokens). */
function alternativesLookahead(alts: Paths, hasPredicates: boolean): ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> {
  const numOfAlts = alts.length;
  const matcher = matcherFor(alts);
  if (hasPredicates) {
    return function (this: unknown, orAlts) {
      const p = this as LookaheadParser;
      const predicates = (orAlts ?? []).map((a) => a.GATE as ((this: unknown) => boolean) | undefined);
      for (let t = 0; t < numOfAlts; t++) {
        const alt = alts[t]!;
        const gate = predicates[t];
        if (gate !== undefined && gate.call(p) === false) continue;
        nextPath: for (let j = 0; j < alt.length; j++) {
          const path = alt[j]!;
          for (let i = 0; i < path.length; i++) if (matcher(p.LA_FAST(i + 1), path[i]!) === false) continue nextPath;
          return t;
        }
      }
      return undefined;
    };
  }
  if (alts.every((alt) => alt.every((path) => path.length === 1))) {
    const choiceToAlt: Record<number, number> = {};
    alts.forEach((alt, idx) => {
      for (const t of alt.flat()) {
        if (!Object.hasOwn(choiceToAlt, t.tokenTypeIdx!)) choiceToAlt[t.tokenTypeIdx!] = idx;
        for (const c of t.categoryMatches ?? []) if (!Object.hasOwn(choiceToAlt, c)) choiceToAlt[c] = idx;
      }
    });
    return function (this: unknown) {
      return choiceToAlt[(this as LookaheadParser).LA_FAST(1).tokenTypeIdx];
    };
  }
  return function (this: unknown) {
    const p = this as LookaheadParser;
    for (let t = 0; t < numOfAlts; t++) {
      const alt = alts[t]!;
      nextPath: for (let j = 0; j < alt.length; j++) {
        const path = alt[j]!;
        for (let i = 0; i < path.length; i++) if (matcher(p.LA_FAST(i + 1), path[i]!) === false) continue nextPath;
        return t;
      }
    }
    return undefined;
  };
}

/** An OPTION's or a repetition's look-ahead function, as Chevrotain's `buildSingleAlternativeLookaheadFunction` builds it. */
function singleAlternativeLookahead(alt: TokenType[][]): (this: unknown) => boolean {
  if (alt.every((path) => path.length === 1)) {
    const types = alt.flat();
    if (types.length === 1 && (types[0]!.categoryMatches ?? []).length === 0) {
      const idx = types[0]!.tokenTypeIdx;
      return function (this: unknown) {
        return (this as LookaheadParser).LA_FAST(1).tokenTypeIdx === idx;
      };
    }
    const choice: boolean[] = [];
    for (const t of types) {
      choice[t.tokenTypeIdx!] = true;
      for (const c of t.categoryMatches ?? []) choice[c] = true;
    }
    return function (this: unknown) {
      return choice[(this as LookaheadParser).LA_FAST(1).tokenTypeIdx] === true;
    };
  }
  const matcher = matcherFor([alt]);
  return function (this: unknown) {
    const p = this as LookaheadParser;
    nextPath: for (let j = 0; j < alt.length; j++) {
      const path = alt[j]!;
      for (let i = 0; i < path.length; i++) if (matcher(p.LA_FAST(i + 1), path[i]!) === false) continue nextPath;
      return true;
    }
    return false;
  };
}

type Branch = IfStatement['branches'][number];
type Case = SwitchStatement['cases'][number];

/** A block rule's node as unclosed-block messages need it (parse.ts): which rule, its opening token, its last `END`. */
export interface BlockRecord {
  rule: string;
  opener: IToken;
  end?: IToken;
}

/** The header as parse.ts needs it: the IR, and whether and where `END FLOW` closed it. */
export interface HeaderResult {
  header: FlowHeader;
  /** The `FLOW` token that opened it. */
  flow: IToken;
  /** An `END` was consumed (`END FLOW`). */
  hasEnd: boolean;
  /** Offset of the header's last character (NaN: none). */
  endOffset: number;
}

export interface FunctionResult {
  subflow: Subflow;
  /** Its flow-level declarations (`@INPUT` … inside a FUNCTION), after those of the main script. */
  decls: Lowering['decls'];
}

export interface FileResult {
  header?: HeaderResult;
  /** The top-level items, not yet attached (parse.ts attaches them with the flow's host annotations). */
  main: Item[];
  functions: FunctionResult[];
}

/** A statement item, a list of them (ON ERROR clauses), or none. */
type Items = Item | Item[] | undefined;

function pushItems(list: Item[], it: Items): void {
  if (it === undefined) return;
  if (Array.isArray(it)) for (const x of it) list.push(x);
  else list.push(it);
}

export class FlowParser extends EmbeddedActionsParser {
  /** What the actions build with: the IR helpers and the state of the current parse. */
  readonly low = new Lowering();
  /** Start and end offsets of the tokens each rule on the stack consumed (NaN: none yet). */
  private ls: number[] = [];
  private le: number[] = [];
  private top = -1;
  /** The offsets of the rule that returned (or failed) last. */
  private poppedS = NaN;
  private poppedE = NaN;
  /** A failed rule's partial result, on its way to the rule that called it. */
  private partial: unknown = undefined;
  /** The prefixes (`NOT`, `-`, `+`) of the operand unaryExpression returned last. */
  private pre: IToken[] | undefined = undefined;
  /** The `ON ERROR` head read last (onErrorHead): its `ON`, and the error kinds named. */
  private headOn: IToken | undefined = undefined;
  private headKinds: string[] | undefined = undefined;
  /** The block rules (IF, LOOP, …) of the current file, in the order they started. */
  blocks: BlockRecord[] = [];
  private readonly rv = { recoveryValueFunc: (): never => this.take() as never };
  /** By token type index: whether a token of that type can start a binary operator, an operand's prefix, a suffix. */
  private readonly startsOperator: boolean[];
  private readonly startsPrefix: boolean[];
  private readonly startsSuffix: boolean[];

  /**
   * `validate`: run chevrotain's grammar checks (the tests do; production skips them).
   * `fromGrammar`: let Chevrotain compute the re-sync follow sets and every decision's look-ahead
   * paths from the grammar, as it does by default (scripts/gen-parser-tables.ts, which records
   * them); otherwise they are read from parser-tables.generated.ts.
   */
  constructor(opts: { validate?: boolean; fromGrammar?: boolean } = {}) {
    super(T.parserTokens, {
      lookaheadStrategy: new LazyLookahead(2, !opts.fromGrammar),
      skipValidations: !opts.validate,
      recoveryEnabled: true,
      maxLookahead: 2,
      errorMessageProvider: messageProvider,
    });
    // Recovery is on in the configuration (Chevrotain then installs its in-repetition recovery),
    // but off while the grammar is analysed, so that Chevrotain does not walk the grammar for
    // the follow sets of every rule call (≈ 8 ms of start-up): the same sets, recorded from the
    // same Chevrotain, are read from parser-tables.generated.ts (≈ 7 KB of JSON). (Read here, not
    // at the first syntax error: replacing Chevrotain's getFollowSetFromFollowKey on the instance
    // for that made `check` of the 100k estate ≈ 2.5% slower in CPU.)
    const recovery = this as unknown as RecoveryHooks;
    if (!opts.fromGrammar) recovery.recoveryEnabled = false;
    this.performSelfAnalysis();
    if (!opts.fromGrammar) {
      recovery.recoveryEnabled = true;
      recovery.resyncFollows = loadFollows(recovery.tokensMap);
    }
    this.startsOperator = matching([T.Or, T.And, T.Equals, T.NotEq, T.LessEq, T.GreaterEq, T.Less, T.Greater, T.Plus, T.Minus, T.Star, T.Slash, T.Mod]);
    this.startsPrefix = matching([T.Not, T.Minus, T.Plus]);
    this.startsSuffix = matching([T.LBracket, T.Dot]);
    // Chevrotain's recovery hooks are not in its typings: replaced on the instance.
    const recoverable = this as unknown as RecoveryHooks;
    const fallback = recoverable.findReSyncTokenType.bind(this);
    recoverable.findReSyncTokenType = () => this.resyncAtLineEnd(fallback, recoverable.flattenFollowSet());
    // The tree-building hooks (no-ops without a CST) keep each rule's first and last offsets:
    // a rule's span is that of the tokens it consumed, its sub-rules' included, as a CST node's
    // location was (a token inserted by recovery has none).
    const hooks = this as unknown as TreeBuilderHooks;
    const ls = this.ls;
    const le = this.le;
    hooks.cstInvocationStateUpdate = () => {
      const i = ++this.top;
      ls[i] = NaN;
      le[i] = NaN;
    };
    hooks.cstFinallyStateUpdate = () => {
      const i = this.top--;
      const s = ls[i]!;
      const e = le[i]!;
      this.poppedS = s;
      this.poppedE = e;
      if (i > 0 && !isNaN(s)) {
        if (isNaN(ls[i - 1]!)) {
          ls[i - 1] = s;
          le[i - 1] = e;
        } else if (le[i - 1]! < e) le[i - 1] = e;
      }
    };
    hooks.cstPostTerminal = (_key: string, t: IToken) => {
      const s = t.startOffset;
      if (isNaN(s)) return;
      const i = this.top;
      if (isNaN(ls[i]!)) {
        ls[i] = s;
        le[i] = t.endOffset!;
      } else if (le[i]! < t.endOffset!) le[i] = t.endOffset!;
    };
  }

  /** While Chevrotain records the grammar: rules run with stand-in tokens and results, build nothing. */
  private get rec(): boolean {
    return (this as unknown as { RECORDING_PHASE: boolean }).RECORDING_PHASE;
  }

  private take(): unknown {
    const p = this.partial;
    this.partial = undefined;
    return p;
  }

  /** The span of the current rule's tokens so far. */
  private here(): Span {
    return this.low.locSpan(this.ls[this.top]!, this.le[this.top]!);
  }

  private invalidAtBase(): Expr {
    return { kind: 'invalid', span: { start: this.low.base, end: this.low.base } };
  }

  private st(s: Statement): Item {
    return { kind: 'statement', statement: s };
  }

  /** A statement's common fields: its span, whether it is disabled, no annotations yet. */
  private sb(): { span: Span; disabled: boolean; annotations: [] } {
    const span = this.here();
    return { span, disabled: this.low.disabled(span.start), annotations: [] };
  }

  // ─────────────────────────── parsing ───────────────────────────

  /** Parse a file's tokens: the IR's parts (parse.ts assembles the Flow). `low.reset` first. */
  parseFile(tokens: IToken[]): FileResult {
    this.input = tokens;
    this.top = -1;
    this.partial = undefined;
    return this.file();
  }

  /**
   * Parse the `%…%` interpolations found since the last reset: each with the lexer and this
   * parser's expression rule, its result put in its text's parts (those found in them too).
   * After the parse that found them (this parser is not re-entrant): parse.ts reads that
   * parse's errors first.
   */
  parseFragments(): void {
    const low = this.low;
    const savedBase = low.base;
    for (let i = 0; i < low.fragments.length; i++) {
      const f = low.fragments[i]!;
      const span = { start: f.offset, end: f.offset + f.src.length };
      const lx = lexFragment(f.src);
      for (const e of lx.errors) {
        low.problems.push({ span: { start: span.start + e.offset, end: span.start + e.offset + Math.max(1, e.length) }, message: `unexpected character '${f.src.substr(e.offset, 1)}' in %…%` });
      }
      const fragmentTokens = lx.tokens.filter((t) => t.tokenType !== T.Newline);
      if (tooDeep(fragmentTokens)) {
        low.problems.push({ span, message: `expression nested deeper than ${MAX_NESTING} levels` });
        continue;
      }
      this.input = fragmentTokens;
      this.top = -1;
      this.partial = undefined;
      low.base = f.offset;
      let e: Expr;
      try {
        e = this.expression();
      } finally {
        low.base = savedBase;
      }
      for (const err of this.errors) {
        const t = err.token;
        const at = isNaN(t.startOffset) ? f.src.length : t.startOffset;
        low.problems.push({ span: { start: span.start + at, end: span.start + at + Math.max(1, t.image?.length ?? 1) }, message: `${err.message} (in %…%)` });
      }
      f.parts[f.index] = e;
    }
    low.fragments = [];
  }

  // ─────────────────────────── file ───────────────────────────

  /**
   * Columns of the `ON` of the `ON ERROR <Kind>` clauses whose handlers are being parsed: an
   * `ON ERROR` line at that column ends the handler and starts the action's next clause.
   */
  private handlerColumns: number[] = [];

  public file = this.RULE('file', (): FileResult => {
    this.ACTION(() => {
      this.handlerColumns = [];
      this.blocks = [];
    });
    let header: HeaderResult | undefined;
    const main: Item[] = [];
    const functions: FunctionResult[] = [];
    let k = 0;
    try {
      this.MANY(() => this.CONSUME(T.Newline));
      this.OPTION({
        GATE: () => this.LA(1).tokenType === T.Flow && this.LA(2).tokenType !== T.Dot,
        DEF: () => {
          k = 1;
          header = this.SUBRULE(this.header);
          k = 0;
        },
      });
      this.MANY2(() => {
        const r = this.OR(this.topAlts);
        if (r !== undefined && 'subflow' in r) functions.push(r);
        else pushItems(main, r);
      });
    } catch (e) {
      const p = this.take() as HeaderResult | FunctionResult | Items;
      if (k === 1) header = p as HeaderResult;
      else if (p !== undefined && 'subflow' in p) functions.push(p);
      else pushItems(main, p as Items);
      this.partial = { header, main, functions };
      throw e;
    }
    return { header, main, functions };
  }, this.rv);

  private readonly topAlts = [
    { ALT: (): Items => (this.CONSUME2(T.Newline), undefined) },
    { ALT: (): FunctionResult => this.SUBRULE(this.functionDecl) },
    { ALT: (): Items => this.SUBRULE(this.statement) },
    { ALT: (): Items => (this.SUBRULE(this.strayLine), undefined) },
  ];

  // ─────────────────────────── header ───────────────────────────

  /** `FLOW 'name'` clauses… `END FLOW`. Clause words are checked in lowering (with suggestions). */
  public header = this.RULE('header', (): HeaderResult => {
    let flow: IToken | undefined;
    let name: IToken | undefined;
    let end: IToken | undefined;
    const clauses: HeaderClauseData[] = [];
    let k = 0;
    try {
      flow = this.CONSUME(T.Flow);
      name = this.OR([{ ALT: () => this.CONSUME(T.Text) }, { ALT: () => this.CONSUME(T.Identifier) }]);
      this.CONSUME(T.Newline);
      // Clause lines: a word not followed by '.' (that would be an action: the header was left open).
      this.MANY({
        GATE: () => this.LA(1).tokenType === T.Newline || (tokenMatcher(this.LA(1), T.Identifier) && this.LA(2).tokenType !== T.Dot),
        DEF: () =>
          this.OR2([
            { ALT: () => this.CONSUME2(T.Newline) },
            {
              ALT: () => {
                k = 1;
                clauses.push(this.SUBRULE(this.headerClause));
                k = 0;
              },
            },
          ]),
      });
      // Without END FLOW the header ends at the first line that is not a clause; parse.ts reports
      // the one error (naming the header and its line) and the script is parsed as script.
      this.OPTION(() => {
        end = this.CONSUME(T.End);
        this.CONSUME2(T.Flow);
        this.OR3([{ ALT: () => this.CONSUME3(T.Newline) }, { ALT: () => this.CONSUME(EOF) }]);
      });
    } catch (e) {
      const p = this.take();
      if (k === 1 && p) clauses.push(p as HeaderClauseData);
      this.partial = this.headerResult(flow, name, end, clauses);
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.headerResult(flow, name, end, clauses);
  }, this.rv);

  private headerResult(flow: IToken | undefined, name: IToken | undefined, end: IToken | undefined, clauses: HeaderClauseData[]): HeaderResult {
    const s = this.ls[this.top]!;
    const e = this.le[this.top]!;
    return { header: this.low.lowerHeader(real(name), real(end), clauses, s, e), flow: flow!, hasEnd: end !== undefined, endOffset: e };
  }

  /**
   * `WORD arg arg …`: args are texts, names, commas (`RUNS CONSOLE, ATTENDED`), and the numbers
   * and booleans of an `INPUT … DEFAULT` value.
   */
  public headerClause = this.RULE('headerClause', (): HeaderClauseData => {
    const words: IToken[] = [];
    try {
      words.push(this.CONSUME(T.Identifier));
      this.MANY(() =>
        words.push(
          this.OR([
            { ALT: () => this.CONSUME(T.Text) },
            { ALT: () => this.CONSUME2(T.Identifier) },
            { ALT: () => this.CONSUME(T.Comma) },
            { ALT: () => this.CONSUME(T.NumberLiteral) },
            { ALT: () => this.CONSUME(T.True) },
            { ALT: () => this.CONSUME(T.False) },
            { ALT: () => this.CONSUME(T.Default) },
            // Anything else (`OWNER alice@contoso.com`): kept for the one message about the clause.
            { ALT: () => this.CONSUME(T.AnyButNewline), IGNORE_AMBIGUITIES: true },
          ]),
        ),
      );
      this.OR2([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.CONSUME(EOF) }]);
    } catch (e) {
      this.partial = { words: words.filter((w) => !isNaN(w.startOffset)), start: this.ls[this.top]!, end: this.le[this.top]! };
      throw e;
    }
    return { words: words.filter((w) => !isNaN(w.startOffset)), start: this.ls[this.top]!, end: this.le[this.top]! };
  }, this.rv);

  // ─────────────────────────── structure ───────────────────────────

  public functionDecl = this.RULE('functionDecl', (): FunctionResult => {
    let quoted: IToken | undefined;
    const words: IToken[] = [];
    let items: Item[] | undefined;
    let k = 0;
    let rec: BlockRecord | undefined;
    const saved = this.low.decls;
    const decls: Lowering['decls'] = [];
    let result: FunctionResult | undefined;
    try {
      const opener = this.CONSUME(T.Function);
      if (!this.rec) {
        rec = { rule: 'functionDecl', opener };
        this.blocks.push(rec);
        this.low.decls = decls;
      }
      // `FUNCTION Main GLOBAL`, or quoted when the name is not a plain word: `FUNCTION '2_step' GLOBAL`.
      this.OR([{ ALT: () => words.push(this.CONSUME(T.AnyWord)) }, { ALT: () => (quoted = this.CONSUME(T.Text)) }]);
      this.MANY(() => words.push(this.CONSUME2(T.AnyWord))); // GLOBAL, LOCAL, …
      this.CONSUME(T.Newline);
      k = 1;
      items = this.SUBRULE(this.statementList);
      k = 0;
      const end = this.CONSUME(T.End);
      if (rec && !isNaN(end.startOffset)) rec.end = end;
      this.CONSUME2(T.Function);
      if (!this.rec) result = this.functionResult(quoted, words, items, decls);
    } catch (e) {
      const p = this.take();
      if (k === 1) items = p as Item[];
      this.partial = this.functionResult(quoted, words, items, decls);
      throw e;
    } finally {
      this.low.decls = saved;
    }
    return result!;
  }, this.rv);

  private functionResult(quoted: IToken | undefined, allWords: IToken[], items: Item[] | undefined, decls: Lowering['decls']): FunctionResult {
    const low = this.low;
    const words = allWords.filter((w) => !isNaN(w.startOffset));
    const q = real(quoted);
    const span = this.here();
    // `FUNCTION '2_step' GLOBAL`: the quoted name is the name, every word a modifier.
    const name = q ? low.textValue(q) : words[0] ? low.located(words[0]) : undefined;
    const body = low.attach(items ?? []).statements;
    return {
      subflow: { name: name ?? { value: '', span }, isMain: false, modifiers: (q ? words : words.slice(1)).map((w) => w.image), body, span },
      decls,
    };
  }

  /** A statement list's items (parse order), not attached: the rule that owns the list attaches them. */
  public statementList = this.RULE('statementList', (): Item[] => {
    const items: Item[] = [];
    try {
      this.MANY({
        GATE: () => !this.nextClauseFollows(),
        DEF: () => pushItems(items, this.OR(this.listAlts)),
      });
    } catch (e) {
      // A statement that failed (a line break or a stray line cannot): its partial item.
      pushItems(items, this.take() as Items);
      this.partial = items;
      throw e;
    }
    return items;
  }, this.rv);

  private readonly listAlts = [
    { ALT: (): Items => (this.CONSUME(T.Newline), undefined) },
    { ALT: (): Items => this.SUBRULE(this.statement) },
    { ALT: (): Items => (this.SUBRULE(this.nestedStrayLine), undefined) },
  ];

  /** A line that starts with a token no statement starts with. Reported, then skipped. */
  public strayLine = this.RULE('strayLine', (): void => {
    const first = this.OR([{ ALT: () => this.CONSUME(T.StrayStart) }, { ALT: () => this.CONSUME(T.TopLevelStray) }]);
    this.MANY(() => this.CONSUME(T.AnyButNewline));
    if (!this.rec) this.low.stray(first, this.le[this.top]!);
  });

  public nestedStrayLine = this.RULE('nestedStrayLine', (): void => {
    const first = this.CONSUME(T.StrayStart);
    this.MANY(() => this.CONSUME(T.AnyButNewline));
    if (!this.rec) this.low.stray(first, this.le[this.top]!);
  });

  public statement = this.RULE('statement', (): Items => {
    try {
      return this.OR(this.statementAlts);
    } catch (e) {
      // The failed statement's partial item (none when no statement could start here).
      this.partial = this.take();
      throw e;
    }
  }, this.rv);

  /**
   * The alternatives of the most frequent decisions, made once (Chevrotain's OR takes an array:
   * written inline, it would be a new array of new objects and functions at every call). They
   * return their result instead of setting the caller's variables.
   */
  private readonly statementAlts = [
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
    { ALT: () => this.region(this.CONSUME(T.RegionStart)) },
    { ALT: () => this.region(this.CONSUME(T.RegionEnd)) },
    { ALT: () => this.SUBRULE(this.actionStatement) },
  ];

  private region(t: IToken): Items {
    if (this.rec) return undefined;
    const span = this.low.tokenSpan(t);
    const isStart = t.tokenType === T.RegionStart;
    return this.st({
      kind: isStart ? 'region' : 'endRegion',
      name: isStart ? t.image.replace(/^\*\*REGION\s*/, '').trim() : undefined,
      span,
      disabled: this.low.disabled(span.start),
      annotations: [],
    });
  }

  // ─────────────────────────── flow-level declarations ───────────────────────────

  /** `@@key: value` — host metadata at the top, or an annotation of the next statement. */
  public annotation = this.RULE('annotation', (): Items => {
    let key: IToken | undefined;
    let value: Expr | undefined;
    let k = 0;
    try {
      this.CONSUME(T.AtAt);
      key = this.OR([{ ALT: () => this.CONSUME(T.AnyWord) }, { ALT: () => this.CONSUME(T.Text) }]);
      this.CONSUME(T.Colon);
      this.OPTION(() => {
        k = 1;
        value = this.SUBRULE(this.expression);
        k = 0;
      });
    } catch (e) {
      const p = this.take();
      if (k === 1) value = p as Expr;
      this.partial = this.annotationItem(key, value);
      throw e;
    }
    if (this.rec) return undefined;
    return this.annotationItem(key, value);
  }, this.rv);

  private annotationItem(key: IToken | undefined, value: Expr | undefined): Item {
    const span = this.here();
    const k = real(key);
    return { kind: 'annotation', annotation: { key: k ? this.low.textValue(k) : { value: '', span }, value, span }, line: 0 };
  }

  public importDecl = this.RULE('importDecl', (): Items => {
    let path: IToken | undefined;
    let alias: IToken | undefined;
    try {
      this.CONSUME(T.Import);
      path = this.CONSUME(T.Text);
      this.CONSUME(T.As);
      alias = this.CONSUME(T.AnyWord);
    } catch (e) {
      this.partial = undefined;
      throw e;
    }
    if (this.rec) return undefined;
    const p = real(path);
    const a = real(alias);
    if (!p || !a) return undefined;
    return { kind: 'decl', decl: { kind: 'import', path: this.low.textValue(p), alias: this.low.located(a), span: this.here() } };
  }, this.rv);

  public sensitiveDecl = this.RULE('sensitiveDecl', (): Items => {
    const names: IToken[] = [];
    try {
      this.CONSUME(T.AtSensitive);
      this.CONSUME(T.Colon);
      this.CONSUME(T.LBracket);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => names.push(this.CONSUME(T.AnyWord)) });
      this.CONSUME(T.RBracket);
    } catch (e) {
      this.partial = this.sensitiveItem(names);
      throw e;
    }
    if (this.rec) return undefined;
    return this.sensitiveItem(names);
  }, this.rv);

  private sensitiveItem(names: IToken[]): Item {
    const located = [];
    for (const n of names) if (!isNaN(n.startOffset)) located.push(this.low.located(n));
    return { kind: 'decl', decl: { kind: 'sensitive', names: located, span: this.here() } };
  }

  /** `@INPUT Name : { … }` / `@OUTPUT Name : { … }` */
  public variableDecl = this.RULE('variableDecl', (): Items => {
    let input = false;
    let name: IToken | undefined;
    let value: Expr | undefined;
    let mark: [number, number, number] | undefined;
    let k = 0;
    try {
      this.OR([{ ALT: () => ((input = true), this.CONSUME(T.AtInput)) }, { ALT: () => this.CONSUME(T.AtOutput) }]);
      name = this.CONSUME(T.AnyWord);
      this.CONSUME(T.Colon);
      if (!this.rec) mark = this.low.mark();
      k = 1;
      value = this.SUBRULE(this.expression);
      k = 0;
    } catch (e) {
      const p = this.take();
      if (k === 1) value = p as Expr;
      this.partial = this.variableItem(input, name, value, mark);
      throw e;
    }
    if (this.rec) return undefined;
    return this.variableItem(input, name, value, mark);
  }, this.rv);

  private variableItem(input: boolean, name: IToken | undefined, value: Expr | undefined, mark: [number, number, number] | undefined): Items {
    const n = real(name);
    if (!n) {
      // No declaration without its name: its value is not in the IR, nor what it reported.
      if (mark) this.low.rollback(mark);
      return undefined;
    }
    return {
      kind: 'decl',
      decl: { kind: input ? 'input' : 'output', name: this.low.located(n), properties: value?.kind === 'object' ? value : undefined, span: this.here() },
    };
  }

  // ─────────────────────────── statements ───────────────────────────

  public setStatement = this.RULE('setStatement', (): Items => {
    let target: Expr | undefined;
    let value: Expr | undefined;
    let k = 0;
    try {
      this.CONSUME(T.Set);
      k = 1;
      target = this.SUBRULE(this.postfixExpression);
      k = 0;
      this.CONSUME(T.To);
      k = 2;
      value = this.SUBRULE2(this.expression);
      k = 0;
    } catch (e) {
      const p = this.take() as Expr;
      if (k === 1) target = p;
      else if (k === 2) value = p;
      this.partial = this.setItem(target, value);
      throw e;
    }
    if (this.rec) return undefined;
    return this.setItem(target, value);
  }, this.rv);

  private setItem(target: Expr | undefined, value: Expr | undefined): Item {
    const b = this.sb();
    return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'set', target: target ?? this.invalidAtBase(), value: value ?? this.invalidAtBase() });
  }

  public ifStatement = this.RULE('ifStatement', (): Items => {
    const branches: Branch[] = [];
    let cond: { condition: Expr; span: Span } | undefined;
    let hasElse = false;
    let lastElse: IToken | undefined;
    let elseBody: Statement[] | undefined;
    let rec: BlockRecord | undefined;
    let k = 0;
    try {
      const opener = this.CONSUME(T.If);
      if (!this.rec) this.blocks.push((rec = { rule: 'ifStatement', opener }));
      k = 1;
      cond = this.SUBRULE(this.ifCondition);
      k = 0;
      this.CONSUME(T.Newline);
      k = 2;
      const items = this.SUBRULE(this.statementList);
      k = 0;
      if (!this.rec) cond = this.branch(branches, cond, items);
      this.MANY({
        GATE: () => this.LA(2).tokenType === T.If,
        DEF: () => {
          this.CONSUME(T.Else);
          this.CONSUME2(T.If);
          k = 1;
          cond = this.SUBRULE2(this.ifCondition);
          k = 0;
          this.CONSUME2(T.Newline);
          k = 2;
          const more = this.SUBRULE2(this.statementList);
          k = 0;
          if (!this.rec) cond = this.branch(branches, cond, more);
        },
      });
      this.OPTION(() => {
        lastElse = this.CONSUME2(T.Else);
        hasElse = true;
        this.CONSUME3(T.Newline);
        k = 3;
        const list = this.SUBRULE3(this.statementList);
        k = 0;
        if (!this.rec) elseBody = this.low.body(list);
      });
      const end = this.CONSUME(T.End);
      if (rec && !isNaN(end.startOffset)) rec.end = end;
    } catch (e) {
      const p = this.take();
      if (k === 1) cond = p as { condition: Expr; span: Span };
      else if (k === 2) cond = this.branch(branches, cond, p as Item[]);
      else if (k === 3) elseBody = this.low.body(p as Item[]);
      this.partial = this.ifItem(branches, cond, hasElse, elseBody, lastElse);
      throw e;
    }
    if (this.rec) return undefined;
    return this.ifItem(branches, cond, hasElse, elseBody, lastElse);
  }, this.rv);

  /** A branch of an IF: its condition and list; `IF (action) THEN` may be followed by the action's own ON ERROR clauses (real exports). */
  private branch(branches: Branch[], cond: { condition: Expr; span: Span } | undefined, items: Item[]): undefined {
    if (!cond) return undefined;
    const condition = cond.condition;
    const onError: OnErrorClause[] = [];
    let from = 0;
    if (condition.kind === 'action' || (condition.kind === 'unary' && condition.operand.kind === 'action')) {
      while (items[from]?.kind === 'onError') onError.push((items[from++] as { clause: OnErrorClause }).clause);
    }
    const body = this.low.attach(from ? items.slice(from) : items).statements;
    branches.push({ condition, onError, body, span: cond.span });
    return undefined;
  }

  private ifItem(branches: Branch[], cond: { condition: Expr; span: Span } | undefined, hasElse: boolean, elseBody: Statement[] | undefined, lastElse: IToken | undefined): Item {
    // A condition whose list was never reached (the IF failed in between) has an empty body.
    if (cond) this.branch(branches, cond, []);
    const b = this.sb();
    const elseTok = hasElse ? real(lastElse) : undefined;
    return this.st({
      span: b.span,
      disabled: b.disabled,
      annotations: b.annotations,
      kind: 'if',
      branches,
      elseBody: hasElse ? (elseBody ?? []) : undefined,
      elseSpan: elseTok ? this.low.tokenSpan(elseTok) : undefined,
    });
  }

  /**
   * `condition THEN`. A rule of its own so that a syntax error in it is recovered at the end of
   * its line, inside the IF: the IF's body and its END are still parsed (one error, not one for
   * the condition and another for an END without its IF).
   */
  public ifCondition = this.RULE('ifCondition', (): { condition: Expr; span: Span } => {
    let e: Expr | undefined;
    let es = NaN;
    let ee = NaN;
    let k = 0;
    try {
      k = 1;
      e = this.SUBRULE(this.expression);
      k = 0;
      es = this.poppedS;
      ee = this.poppedE;
      this.CONSUME(T.Then);
    } catch (err) {
      const p = this.take();
      if (k === 1) {
        e = p as Expr;
        es = this.poppedS;
        ee = this.poppedE;
      }
      this.partial = this.condition(e, es, ee);
      throw err;
    }
    if (this.rec) return undefined as never;
    return this.condition(e, es, ee);
  }, this.rv);

  private condition(e: Expr | undefined, es: number, ee: number): { condition: Expr; span: Span } {
    if (e === undefined) {
      const span = this.here();
      return { condition: this.low.invalid(span), span };
    }
    return { condition: e, span: this.low.locSpan(es, ee) };
  }

  public switchStatement = this.RULE('switchStatement', (): Items => {
    let subject: Expr | undefined;
    const cases: Case[] = [];
    let hasDefault = false;
    let defaultBody: Statement[] | undefined;
    let rec: BlockRecord | undefined;
    let k = 0;
    try {
      const opener = this.CONSUME(T.Switch);
      if (!this.rec) this.blocks.push((rec = { rule: 'switchStatement', opener }));
      k = 1;
      subject = this.SUBRULE(this.expression);
      k = 0;
      this.CONSUME(T.Newline);
      this.MANY(() => this.CONSUME2(T.Newline));
      this.MANY2(() => {
        k = 2;
        cases.push(this.SUBRULE(this.caseClause));
        k = 0;
      });
      this.OPTION(() => {
        this.CONSUME(T.Default);
        hasDefault = true;
        this.CONSUME3(T.Newline);
        k = 3;
        const list = this.SUBRULE(this.statementList);
        k = 0;
        if (!this.rec) defaultBody = this.low.body(list);
      });
      const end = this.CONSUME(T.End);
      if (rec && !isNaN(end.startOffset)) rec.end = end;
    } catch (e) {
      const p = this.take();
      if (k === 1) subject = p as Expr;
      else if (k === 2) cases.push(p as Case);
      else if (k === 3) defaultBody = this.low.body(p as Item[]);
      this.partial = this.switchItem(subject, cases, hasDefault, defaultBody);
      throw e;
    }
    if (this.rec) return undefined;
    return this.switchItem(subject, cases, hasDefault, defaultBody);
  }, this.rv);

  private switchItem(subject: Expr | undefined, cases: Case[], hasDefault: boolean, defaultBody: Statement[] | undefined): Item {
    const b = this.sb();
    return this.st({
      span: b.span,
      disabled: b.disabled,
      annotations: b.annotations,
      kind: 'switch',
      subject: subject ?? this.invalidAtBase(),
      cases,
      defaultBody: hasDefault ? (defaultBody ?? []) : undefined,
    });
  }

  /** `CASE = v`, `CASE <> v`, `CASE > v`, …, or `CASE v`. */
  public caseClause = this.RULE('caseClause', (): Case => {
    let op: IToken | undefined;
    let value: Expr | undefined;
    let body: Statement[] | undefined;
    let k = 0;
    try {
      this.CONSUME(T.Case);
      this.OPTION(() => (op = this.SUBRULE(this.comparisonOperator)));
      k = 1;
      value = this.SUBRULE(this.expression);
      k = 0;
      this.CONSUME(T.Newline);
      k = 2;
      const list = this.SUBRULE(this.statementList);
      k = 0;
      if (!this.rec) body = this.low.body(list);
    } catch (e) {
      const p = this.take();
      if (k === 1) value = p as Expr;
      else if (k === 2) body = this.low.body(p as Item[]);
      this.partial = this.caseResult(op, value, body);
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.caseResult(op, value, body);
  }, this.rv);

  private caseResult(op: IToken | undefined, value: Expr | undefined, body: Statement[] | undefined): Case {
    return { operator: real(op)?.image ?? '=', value: value ?? this.invalidAtBase(), body: body ?? [], span: this.here() };
  }

  public loopStatement = this.RULE('loopStatement', (): Items => {
    let form = 0; // 1 FOREACH, 2 WHILE, 3 a range
    let variable: IToken | undefined;
    let e0: Expr | undefined;
    let range: { variable?: IToken; bounds: Expr[] } | undefined;
    let body: Statement[] | undefined;
    let rec: BlockRecord | undefined;
    let k = 0;
    try {
      const opener = this.CONSUME(T.Loop);
      if (!this.rec) this.blocks.push((rec = { rule: 'loopStatement', opener }));
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.ForEach);
            form = 1;
            variable = this.CONSUME(T.Identifier);
            this.CONSUME(T.In);
            k = 1;
            e0 = this.SUBRULE(this.expression);
            k = 0;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.While);
            form = 2;
            k = 1;
            e0 = this.SUBRULE2(this.expression);
            k = 0;
          },
        },
        {
          ALT: () => {
            k = 2;
            range = this.SUBRULE(this.loopRange);
            k = 0;
          },
        },
      ]);
      this.CONSUME(T.Newline);
      k = 3;
      const list = this.SUBRULE(this.statementList);
      k = 0;
      if (!this.rec) body = this.low.body(list);
      const end = this.CONSUME(T.End);
      if (rec && !isNaN(end.startOffset)) rec.end = end;
    } catch (e) {
      const p = this.take();
      if (k === 1) e0 = p as Expr;
      else if (k === 2) range = p as { variable?: IToken; bounds: Expr[] };
      else if (k === 3) body = this.low.body(p as Item[]);
      this.partial = this.loopItem(form, variable, e0, range, body);
      throw e;
    }
    if (this.rec) return undefined;
    return this.loopItem(form, variable, e0, range, body);
  }, this.rv);

  private loopItem(form: number, variable: IToken | undefined, e0: Expr | undefined, range: { variable?: IToken; bounds: Expr[] } | undefined, body: Statement[] | undefined): Item {
    const b = this.sb();
    const low = this.low;
    if (form === 1) {
      const v = real(variable);
      return this.st({
        span: b.span,
        disabled: b.disabled,
        annotations: b.annotations,
        kind: 'foreach',
        variable: v ? low.located(v) : { value: '', span: b.span },
        collection: e0 ?? low.invalid(b.span),
        body: body ?? [],
      });
    }
    if (form === 2) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'while', condition: e0 ?? low.invalid(b.span), body: body ?? [] });
    const bounds = range?.bounds ?? [];
    const v = range?.variable;
    return this.st({
      span: b.span,
      disabled: b.disabled,
      annotations: b.annotations,
      kind: 'loop',
      variable: v ? low.located(v) : undefined,
      from: bounds[0] ?? low.invalid(b.span),
      to: bounds[1] ?? low.invalid(b.span),
      step: bounds[2],
      body: body ?? [],
    });
  }

  /**
   * `[i] FROM a TO b [STEP c]` (`LOOP FROM 1 TO 10` with no variable is in real exports). A rule
   * of its own for the same reason as ifCondition: an error in it leaves the LOOP's body parsed.
   */
  public loopRange = this.RULE('loopRange', (): { variable?: IToken; bounds: Expr[] } => {
    let variable: IToken | undefined;
    const bounds: Expr[] = [];
    let k = 0;
    try {
      this.OPTION({ GATE: () => this.LA(2).tokenType === T.From, DEF: () => (variable = this.CONSUME(T.Identifier)) });
      this.CONSUME(T.From);
      k = 1;
      bounds.push(this.SUBRULE(this.expression));
      k = 0;
      this.CONSUME(T.To);
      k = 1;
      bounds.push(this.SUBRULE2(this.expression));
      k = 0;
      this.OPTION2(() => {
        this.CONSUME(T.Step);
        k = 1;
        bounds.push(this.SUBRULE3(this.expression));
        k = 0;
      });
    } catch (e) {
      const p = this.take();
      if (k === 1) bounds.push(p as Expr);
      this.partial = { variable: real(variable), bounds };
      throw e;
    }
    return { variable: real(variable), bounds };
  }, this.rv);

  /** `EXIT LOOP`, `EXIT FUNCTION`, `EXIT Code: 0 [ErrorMessage: …]`. */
  public exitStatement = this.RULE('exitStatement', (): Items => {
    let form = 0; // 1 LOOP, 2 FUNCTION
    const params: ActionParam[] = [];
    let k = 0;
    try {
      this.CONSUME(T.Exit);
      this.OR([
        // `LOOP`/`FUNCTION` win over a parameter named so (first matching alternative is taken).
        { ALT: () => ((form = 1), this.CONSUME(T.Loop)), IGNORE_AMBIGUITIES: true },
        { ALT: () => ((form = 2), this.CONSUME(T.Function)), IGNORE_AMBIGUITIES: true },
        {
          ALT: () =>
            this.MANY(() => {
              k = 1;
              params.push(this.SUBRULE(this.actionParam));
              k = 0;
            }),
        },
      ]);
    } catch (e) {
      const p = this.take();
      if (k === 1) params.push(p as ActionParam);
      this.partial = this.exitItem(form, params);
      throw e;
    }
    if (this.rec) return undefined;
    return this.exitItem(form, params);
  }, this.rv);

  private exitItem(form: number, params: ActionParam[]): Item {
    const b = this.sb();
    if (form === 1) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'exitLoop' });
    if (form === 2) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'exitFunction' });
    return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'exit', params });
  }

  /** `NEXT LOOP`, or `NEXT ACTION` (a line of an `ON BLOCK ERROR` handler; the word is checked here). */
  public nextLoopStatement = this.RULE('nextLoopStatement', (): Items => {
    let loop = false;
    let word: IToken | undefined;
    try {
      this.CONSUME(T.Next);
      this.OR([{ ALT: () => ((loop = true), this.CONSUME(T.Loop)) }, { ALT: () => (word = this.CONSUME(T.Identifier)) }]);
    } catch (e) {
      this.partial = this.nextItem(loop, word);
      throw e;
    }
    if (this.rec) return undefined;
    return this.nextItem(loop, word);
  }, this.rv);

  private nextItem(loop: boolean, word: IToken | undefined): Item {
    const b = this.sb();
    if (loop) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'nextLoop' });
    const w = real(word);
    if (w && w.image === 'ACTION') return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'nextAction' });
    // Another word: NEXT is LOOP or ACTION (no word at all is the parser's error already).
    if (w) this.low.problems.push({ span: this.low.tokenSpan(w), message: 'NEXT must be followed by LOOP or ACTION' });
    return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'invalid' });
  }

  public labelStatement = this.RULE('labelStatement', (): Items => this.labelLine(T.Label, 'label'), this.rv);

  public gotoStatement = this.RULE('gotoStatement', (): Items => this.labelLine(T.Goto, 'goto'), this.rv);

  /** `LABEL name` / `GOTO name`: the keyword, then the label's name (the rule calling this is the statement's). */
  private labelLine(keyword: TokenType, kind: 'label' | 'goto'): Items {
    let t: IToken | undefined;
    let inName = false;
    try {
      this.CONSUME(keyword);
      inName = true;
      t = this.SUBRULE(this.labelName);
      inName = false;
    } catch (e) {
      const p = this.take();
      if (inName) t = p as IToken | undefined;
      this.partial = this.labelItem(kind, t);
      throw e;
    }
    if (this.rec) return undefined;
    return this.labelItem(kind, t);
  }

  private labelItem(kind: 'label' | 'goto', t: IToken | undefined): Item {
    const b = this.sb();
    const r = real(t);
    const name = r ? this.low.textValue(r) : { value: '', span: b.span };
    return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind, name });
  }

  public labelName = this.RULE('labelName', (): IToken | undefined => {
    return this.OR([{ ALT: () => this.CONSUME(T.Text) }, { ALT: () => this.CONSUME(T.AnyWord) }]);
  }, this.rv);

  /** `CALL Name`, and `CALL Name in_x: expr out_y=> Var` for a subflow with inputs and outputs. */
  public callStatement = this.RULE('callStatement', (): Items => {
    let t: IToken | undefined;
    const params: ActionParam[] = [];
    const outputs: ActionOutput[] = [];
    let k = 0;
    try {
      this.CONSUME(T.Call);
      t = this.OR([{ ALT: () => this.CONSUME(T.AnyWord) }, { ALT: () => this.CONSUME(T.Text) }]);
      this.MANY(() =>
        this.OR2([
          {
            ALT: () => {
              k = 1;
              params.push(this.SUBRULE(this.actionParam));
              k = 0;
            },
          },
          {
            ALT: () => {
              k = 2;
              outputs.push(this.SUBRULE(this.actionOutput));
              k = 0;
            },
          },
        ]),
      );
    } catch (e) {
      const p = this.take();
      if (k === 1) params.push(p as ActionParam);
      else if (k === 2) outputs.push(p as ActionOutput);
      this.partial = this.callItem(t, params, outputs);
      throw e;
    }
    if (this.rec) return undefined;
    return this.callItem(t, params, outputs);
  }, this.rv);

  private callItem(t: IToken | undefined, params: ActionParam[], outputs: ActionOutput[]): Item {
    const b = this.sb();
    const r = real(t);
    return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'call', name: r ? this.low.textValue(r) : { value: '', span: b.span }, params, outputs });
  }

  /** `WAIT 5`, `WAIT (action)`, `WAIT (action) FOR 10`. */
  public waitStatement = this.RULE('waitStatement', (): Items => {
    let action: ActionCall | undefined;
    let e: Expr | undefined;
    let k = 0;
    try {
      this.CONSUME(T.Wait);
      this.OR([
        {
          GATE: () => this.isParenthesisedAction(),
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            this.CONSUME(T.LParen);
            k = 1;
            action = this.SUBRULE(this.actionCall);
            k = 0;
            this.CONSUME(T.RParen);
            this.OPTION(() => {
              this.CONSUME(T.For);
              k = 2;
              e = this.SUBRULE(this.expression);
              k = 0;
            });
          },
        },
        {
          ALT: () => {
            k = 2;
            e = this.SUBRULE2(this.expression);
            k = 0;
          },
        },
      ]);
    } catch (err) {
      const p = this.take();
      if (k === 1) action = p as ActionCall;
      else if (k === 2) e = p as Expr;
      this.partial = this.waitItem(action, e);
      throw err;
    }
    if (this.rec) return undefined;
    return this.waitItem(action, e);
  }, this.rv);

  private waitItem(action: ActionCall | undefined, e: Expr | undefined): Item {
    const b = this.sb();
    if (action) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'wait', condition: action, timeout: e, onError: [] });
    return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'wait', duration: e ?? this.invalidAtBase(), onError: [] });
  }

  /** `BLOCK [name]` / `ON BLOCK ERROR [all]` handler `END` / body `END`. */
  public blockStatement = this.RULE('blockStatement', (): Items => {
    let name: IToken | undefined;
    let hasHandler = false;
    const options: IToken[] = [];
    let handler: Statement[] | undefined;
    let body: Statement[] | undefined;
    let rec: BlockRecord | undefined;
    let k = 0;
    try {
      const opener = this.CONSUME(T.Block);
      if (!this.rec) this.blocks.push((rec = { rule: 'blockStatement', opener }));
      this.OPTION(() => (name = this.OR([{ ALT: () => this.CONSUME(T.AnyWord) }, { ALT: () => this.CONSUME(T.Text) }])));
      this.CONSUME(T.Newline);
      this.MANY(() => this.CONSUME2(T.Newline));
      this.OPTION2(() => {
        this.CONSUME(T.On);
        hasHandler = true;
        this.CONSUME2(T.Block);
        this.CONSUME(T.Error);
        this.MANY2(() => options.push(this.CONSUME(T.AnyButNewline)));
        this.CONSUME3(T.Newline);
        k = 1;
        const list = this.SUBRULE(this.statementList);
        k = 0;
        if (!this.rec) handler = this.low.body(list);
        const end = this.CONSUME(T.End);
        if (rec && !isNaN(end.startOffset)) rec.end = end;
      });
      k = 2;
      const list = this.SUBRULE2(this.statementList);
      k = 0;
      if (!this.rec) body = this.low.body(list);
      const end = this.CONSUME2(T.End);
      if (rec && !isNaN(end.startOffset)) rec.end = end;
    } catch (e) {
      const p = this.take();
      if (k === 1) handler = this.low.body(p as Item[]);
      else if (k === 2) body = this.low.body(p as Item[]);
      this.partial = this.blockItem(name, hasHandler, options, handler, body);
      throw e;
    }
    if (this.rec) return undefined;
    return this.blockItem(name, hasHandler, options, handler, body);
  }, this.rv);

  private blockItem(name: IToken | undefined, hasHandler: boolean, options: IToken[], handler: Statement[] | undefined, body: Statement[] | undefined): Item {
    const b = this.sb();
    const n = real(name);
    const handlerOptions: string[] = [];
    for (const o of options) if (!isNaN(o.startOffset)) handlerOptions.push(o.image);
    return this.st({
      span: b.span,
      disabled: b.disabled,
      annotations: b.annotations,
      kind: 'block',
      name: n ? this.low.textValue(n) : undefined,
      handlerOptions,
      handler: hasHandler ? (handler ?? []) : [],
      body: body ?? [],
    });
  }

  public repeatBlockStatement = this.RULE('repeatBlockStatement', (): Items => {
    try {
      this.CONSUME(T.Repeat);
      this.CONSUME(T.Block);
    } catch (e) {
      this.partial = this.repeatItem();
      throw e;
    }
    if (this.rec) return undefined;
    return this.repeatItem();
  }, this.rv);

  private repeatItem(): Item {
    const b = this.sb();
    return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'repeatBlock' });
  }

  /**
   * `ON ERROR [Kind]` body `END`, or a retry policy without a body:
   * `ON ERROR [Kind] REPEAT n TIMES WAIT s`. The clause for one kind of error may be followed,
   * at its own indentation and before the `END`, by the action's next clause (the designer writes
   * `ON ERROR EnvironmentVariableNotFoundError` … `ON ERROR` … `END`: onErrorNextClause), whose
   * clauses become clauses of their own.
   */
  public onErrorStatement = this.RULE('onErrorStatement', (): Items => {
    let kinds: string[] | undefined;
    let retry = false;
    let times: Expr | undefined;
    let wait: Expr | undefined;
    let body: Statement[] | undefined;
    let next: { items: Item | Item[]; start: Span } | undefined;
    let k = 0;
    let rec: BlockRecord | undefined;
    try {
      try {
        this.onErrorHead();
      } finally {
        kinds = this.headKinds;
        if (!this.rec && this.headOn) this.blocks.push((rec = { rule: 'onErrorStatement', opener: this.headOn }));
      }
      const on = this.headOn!;
      const hasKind = kinds !== undefined;
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Repeat);
            retry = true;
            k = 1;
            times = this.SUBRULE(this.expression);
            k = 0;
            this.CONSUME(T.Times);
            this.OPTION(() => {
              this.CONSUME(T.Wait);
              k = 2;
              wait = this.SUBRULE2(this.expression);
              k = 0;
            });
            // A retry with no handler: the designer closes it with an `END` of its own, on the
            // next line and at the same indentation as `ON ERROR` (a less indented END closes an
            // enclosing block).
            this.OPTION2({
              GATE: () => this.retryEndFollows(on),
              DEF: () => {
                this.CONSUME2(T.Newline);
                this.MANY2(() => this.CONSUME3(T.Newline));
                const end = this.CONSUME2(T.End);
                if (rec && !isNaN(end.startOffset)) rec.end = end;
              },
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Newline);
            this.ACTION(() => hasKind && this.handlerColumns.push(on.startColumn ?? -1));
            try {
              k = 3;
              const list = this.SUBRULE(this.statementList);
              k = 0;
              if (!this.rec) body = this.low.body(list);
              this.OPTION3({
                GATE: () => hasKind && this.clauseAt(on.startColumn),
                DEF: () => {
                  k = 4;
                  next = this.SUBRULE(this.onErrorNextClause);
                  k = 0;
                },
              });
            } finally {
              this.ACTION(() => hasKind && this.handlerColumns.pop());
            }
            const end = this.CONSUME(T.End);
            if (rec && !isNaN(end.startOffset)) rec.end = end;
          },
        },
      ]);
    } catch (e) {
      const p = this.take();
      if (k === 1) times = p as Expr;
      else if (k === 2) wait = p as Expr;
      else if (k === 3) body = this.low.body(p as Item[]);
      else if (k === 4) next = p as { items: Item | Item[]; start: Span };
      this.partial = this.onErrorResult(kinds, retry, times, wait, body, next);
      throw e;
    }
    if (this.rec) return undefined;
    return this.onErrorResult(kinds, retry, times, wait, body, next);
  }, this.rv);

  private onErrorResult(kinds: string[] | undefined, retry: boolean, times: Expr | undefined, wait: Expr | undefined, body: Statement[] | undefined, next: { items: Item | Item[]; start: Span } | undefined): Item | Item[] {
    const span = this.here();
    return this.low.onErrorItems(kinds, retry ? { times: times ?? this.low.invalid(span), wait } : undefined, body, span, next);
  }

  /** The action's next clause, `ON ERROR [Kind]` and its handler, before the clauses' one `END`. */
  public onErrorNextClause = this.RULE('onErrorNextClause', (): { items: Item | Item[]; start: Span } => {
    let kinds: string[] | undefined;
    let body: Statement[] | undefined;
    let next: { items: Item | Item[]; start: Span } | undefined;
    let k = 0;
    try {
      try {
        this.onErrorHead();
      } finally {
        kinds = this.headKinds;
      }
      const on = this.headOn!;
      const hasKind = kinds !== undefined;
      this.CONSUME(T.Newline);
      k = 1;
      const list = this.SUBRULE(this.statementList);
      k = 0;
      if (!this.rec) body = this.low.body(list);
      this.OPTION({
        GATE: () => hasKind && this.clauseAt(on.startColumn),
        DEF: () => {
          k = 2;
          next = this.SUBRULE(this.onErrorNextClause);
          k = 0;
        },
      });
    } catch (e) {
      const p = this.take();
      if (k === 1) body = this.low.body(p as Item[]);
      else if (k === 2) next = p as { items: Item | Item[]; start: Span };
      this.partial = this.nextClauseResult(kinds, body, next);
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.nextClauseResult(kinds, body, next);
  }, this.rv);

  private nextClauseResult(kinds: string[] | undefined, body: Statement[] | undefined, next: { items: Item | Item[]; start: Span } | undefined): { items: Item | Item[]; start: Span } {
    const span = this.here();
    return { items: this.low.onErrorItems(kinds, undefined, body, span, next), start: span };
  }

  /**
   * `ON ERROR [Kind]`, the head of onErrorStatement and onErrorNextClause: recorded into the rule
   * that calls it (a helper, not a rule). Leaves its `ON` and the kinds named (undefined: none)
   * in `headOn` / `headKinds`, read by the caller as soon as it returns or fails.
   */
  private onErrorHead(): void {
    this.headOn = undefined;
    this.headKinds = undefined;
    const on = this.CONSUME(T.On);
    this.headOn = on;
    this.CONSUME(T.Error);
    this.MANY(() => {
      const kind = this.CONSUME(T.Identifier);
      if (!this.rec && !isNaN(kind.startOffset)) (this.headKinds ??= []).push(kind.image);
      else if (this.rec) this.headKinds ??= [];
    });
  }

  /** `ERROR => Var [Reset: True]` */
  public errorAssignStatement = this.RULE('errorAssignStatement', (): Items => {
    let v: IToken | undefined;
    const params: ActionParam[] = [];
    let k = 0;
    try {
      this.CONSUME(T.Error);
      this.CONSUME(T.Arrow);
      v = this.CONSUME(T.AnyWord);
      this.MANY(() => {
        k = 1;
        params.push(this.SUBRULE(this.actionParam));
        k = 0;
      });
    } catch (e) {
      const p = this.take();
      if (k === 1) params.push(p as ActionParam);
      this.partial = this.errorAssignItem(v, params);
      throw e;
    }
    if (this.rec) return undefined;
    return this.errorAssignItem(v, params);
  }, this.rv);

  private errorAssignItem(v: IToken | undefined, params: ActionParam[]): Item {
    const b = this.sb();
    const r = real(v);
    return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'errorAssign', variable: r ? this.low.located(r) : { value: '', span: b.span }, params });
  }

  public actionStatement = this.RULE('actionStatement', (): Items => {
    let a: ActionCall | undefined;
    try {
      a = this.SUBRULE(this.actionCall);
    } catch (e) {
      a = this.take() as ActionCall | undefined;
      this.partial = this.actionItem(a);
      throw e;
    }
    if (this.rec) return undefined;
    return this.actionItem(a);
  }, this.rv);

  private actionItem(a: ActionCall | undefined): Item {
    const b = this.sb();
    if (!a) return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'invalid' });
    return this.st({ span: b.span, disabled: b.disabled, annotations: b.annotations, kind: 'action', action: a, onError: [] });
  }

  // ─────────────────────────── actions ───────────────────────────

  /** `Module.Action[.Variant]` then `Param: expr`, `Out=> Var`, `@in: expr`, `@out=> Var` in any order. */
  public actionCall = this.RULE('actionCall', (): ActionCall => {
    const parts: IToken[] = [];
    const params: ActionParam[] = [];
    const outputs: ActionOutput[] = [];
    let ats: AtArgument[] | undefined;
    let firstArg = Infinity;
    try {
      const head = this.CONSUME(T.Identifier);
      if (!isNaN(head.startOffset)) parts.push(head);
      this.MANY(() => {
        this.CONSUME(T.Dot);
        const w = this.CONSUME(T.AnyWord);
        if (!isNaN(w.startOffset)) parts.push(w);
      });
      // `Clipboard.Clear _`: the designer writes `_` as the argument list of an action it calls
      // with no parameters.
      this.OPTION({
        GATE: () => this.LA(1).image === '_' && this.LA(2).tokenType !== T.Colon && this.LA(2).tokenType !== T.Arrow,
        DEF: () => this.CONSUME2(T.Identifier),
      });
      this.MANY2(() => {
        const r = this.OR(this.argumentAlts);
        if ('value' in r) params.push(r);
        else if ('variable' in r) outputs.push(r);
        else (ats ??= []).push(r);
        firstArg = Math.min(firstArg, this.poppedS);
      });
    } catch (e) {
      // An argument that failed: its partial result (the arguments' decision itself cannot fail).
      const p = this.take() as ActionParam | ActionOutput | AtArgument | undefined;
      if (p !== undefined) {
        if ('value' in p) params.push(p);
        else if ('variable' in p) outputs.push(p);
        else (ats ??= []).push(p);
        firstArg = Math.min(firstArg, this.poppedS);
      }
      this.partial = this.low.actionCall(parts, firstArg, params, outputs, ats, this.here());
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.low.actionCall(parts, firstArg, params, outputs, ats, this.here());
  }, this.rv);

  private readonly argumentAlts = [
    { ALT: (): ActionParam => this.SUBRULE(this.actionParam) },
    { ALT: (): ActionOutput => this.SUBRULE(this.actionOutput) },
    { ALT: (): AtArgument => this.SUBRULE(this.atArgument) },
  ];

  public actionParam = this.RULE('actionParam', (): ActionParam => {
    let name: IToken | undefined;
    let value: Expr | undefined;
    let k = 0;
    try {
      name = this.CONSUME(T.AnyWord);
      this.CONSUME(T.Colon);
      k = 1;
      value = this.SUBRULE(this.expression);
      k = 0;
    } catch (e) {
      const p = this.take();
      if (k === 1) value = p as Expr;
      this.partial = this.low.param(real(name), value, this.here());
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.low.param(real(name), value, this.here());
  }, this.rv);

  public actionOutput = this.RULE('actionOutput', (): ActionOutput => {
    let name: IToken | undefined;
    let variable: IToken | undefined;
    try {
      name = this.CONSUME(T.AnyWord);
      this.CONSUME(T.Arrow);
      variable = this.CONSUME2(T.AnyWord);
    } catch (e) {
      this.partial = this.low.output(undefined, [real(name), real(variable)], this.here());
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.low.output(undefined, [real(name), real(variable)], this.here());
  }, this.rv);

  /** `@name: expr` (a connector/child-flow input) or `@name=> Var` (an output). */
  public atArgument = this.RULE('atArgument', (): AtArgument => {
    let word: IToken | undefined;
    let text: IToken | undefined;
    let arrow: IToken | undefined;
    let variable: IToken | undefined;
    let value: Expr | undefined;
    let k = 0;
    try {
      this.CONSUME(T.At);
      this.OR([{ ALT: () => (word = this.CONSUME(T.AnyWord)) }, { ALT: () => (text = this.CONSUME(T.Text)) }]);
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(T.Colon);
            k = 1;
            value = this.SUBRULE(this.expression);
            k = 0;
          },
        },
        {
          ALT: () => {
            arrow = this.CONSUME(T.Arrow);
            variable = this.CONSUME2(T.AnyWord);
          },
        },
      ]);
    } catch (e) {
      const p = this.take();
      if (k === 1) value = p as Expr;
      this.partial = this.atResult(word, text, arrow, variable, value);
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.atResult(word, text, arrow, variable, value);
  }, this.rv);

  private atResult(word: IToken | undefined, text: IToken | undefined, arrow: IToken | undefined, variable: IToken | undefined, value: Expr | undefined): AtArgument {
    const span = this.here();
    if (real(arrow)) return { output: true, out: this.low.output(real(text), [real(word), real(variable)], span) };
    return { output: false, param: this.low.param(real(word) ?? real(text), value, span) };
  }

  // ─────────────────────────── expressions ───────────────────────────

  /**
   * Operands and binary operators in one flat list: precedence (OR < AND < comparisons < + - <
   * * /) and prefix NOT are resolved when it ends (lower.ts: expressionTree).
   */
  public expression = this.RULE('expression', (): Expr => {
    let first: Expr | undefined;
    let firstPre: IToken[] | undefined;
    let operands: Expr[] | undefined;
    let prefixes: (IToken[] | undefined)[] | undefined;
    let ops: (IToken | undefined)[] | undefined;
    let k = 0;
    try {
      k = 1;
      first = this.SUBRULE(this.unaryExpression);
      k = 0;
      firstPre = this.pre;
      // Most expressions are one operand: the repetition is not entered when no operator
      // follows (its look-ahead would say the same; as the top rule of an interpolation, where
      // the repetition also recovers, it always is).
      if (this.rec || this.top === 0 || this.startsOperator[this.LA(1).tokenTypeIdx]) this.MANY(() => {
        const op = this.SUBRULE(this.binaryOperator);
        if (!operands) {
          operands = [first!];
          prefixes = [firstPre];
          ops = [];
        }
        ops!.push(real(op));
        k = 2;
        const operand = this.SUBRULE2(this.unaryExpression);
        k = 0;
        operands.push(operand);
        prefixes!.push(this.pre);
      });
    } catch (e) {
      const p = this.take() as Expr;
      if (k === 1) {
        first = p;
        firstPre = this.pre;
      } else if (k === 2) {
        operands!.push(p);
        prefixes!.push(this.pre);
      }
      this.partial = this.expressionResult(first, firstPre, operands, prefixes, ops);
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.expressionResult(first, firstPre, operands, prefixes, ops);
  }, this.rv);

  private expressionResult(first: Expr | undefined, firstPre: IToken[] | undefined, operands: Expr[] | undefined, prefixes: (IToken[] | undefined)[] | undefined, ops: (IToken | undefined)[] | undefined): Expr {
    if (first === undefined) return this.low.invalid(this.here());
    // Most expressions are one operand with no prefix: no precedence to resolve.
    if (!operands) return firstPre ? this.low.expressionTree([first], [firstPre], []) : first;
    return this.low.expressionTree(operands, prefixes, ops!);
  }

  /** The comparison tokens are repeated here rather than a comparisonOperator subrule: one rule call less per operator. */
  public binaryOperator = this.RULE('binaryOperator', (): IToken => this.OR(this.binaryAlts), this.rv);

  private readonly binaryAlts = [
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
  ];

  public comparisonOperator = this.RULE('comparisonOperator', (): IToken => this.OR(this.comparisonAlts), this.rv);

  private readonly comparisonAlts = [
    { ALT: () => this.CONSUME(T.Equals) },
    { ALT: () => this.CONSUME(T.NotEq) },
    { ALT: () => this.CONSUME(T.LessEq) },
    { ALT: () => this.CONSUME(T.GreaterEq) },
    { ALT: () => this.CONSUME(T.Less) },
    { ALT: () => this.CONSUME(T.Greater) },
  ];

  /**
   * Prefix operators (`NOT`, `-`, `+`) then an operand: a primary and its `[index]`, `[a:b]` and
   * `.Property` suffixes. Returns the operand; its prefixes are left in `this.pre` for the
   * expression (precedence decides what a `NOT` applies to).
   */
  public unaryExpression = this.RULE('unaryExpression', (): Expr => {
    let pre: IToken[] | undefined;
    let prim: Expr | undefined;
    let run: SuffixRun | undefined;
    let inPrimary = false;
    try {
      // Neither repetition of an operand is entered when its first token cannot start it (what
      // their look-ahead would find: they are where a repetition does not recover).
      if (this.rec || this.startsPrefix[this.LA(1).tokenTypeIdx]) this.MANY(() => {
        const t = this.OR({
          ERR_MSG: 'a value',
          DEF: [{ ALT: () => this.CONSUME(T.Not) }, { ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }],
        });
        if (!isNaN(t.startOffset)) (pre ??= []).push(t);
      });
      inPrimary = true;
      prim = this.SUBRULE(this.primary);
      inPrimary = false;
      // Chevrotain numbers each DSL call within a rule: the MANY and OR of the prefixes come
      // first here, so the suffixes' are the second ones.
      if (this.rec || this.startsSuffix[this.LA(1).tokenTypeIdx]) this.suffixes((run = new SuffixRun()), true);
    } catch (e) {
      this.partial = this.failedOperand(inPrimary, prim, run);
      this.pre = pre;
      throw e;
    }
    if (this.rec) return undefined as never;
    const r = this.operand(prim, run?.sx);
    this.pre = pre;
    return r;
  }, this.rv);

  /** A primary followed by `[index]`, `[a:b]` and `.Property` suffixes (a SET target). */
  public postfixExpression = this.RULE('postfixExpression', (): Expr => {
    let prim: Expr | undefined;
    let run: SuffixRun | undefined;
    let inPrimary = false;
    try {
      inPrimary = true;
      prim = this.SUBRULE(this.primary);
      inPrimary = false;
      if (this.rec || this.startsSuffix[this.LA(1).tokenTypeIdx]) this.suffixes((run = new SuffixRun()), false);
    } catch (e) {
      this.partial = this.failedOperand(inPrimary, prim, run);
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.operand(prim, run?.sx);
  }, this.rv);

  /**
   * `[index]`, `[a:b]` and `.Property` after a primary, collected in `run`. Called from two rules,
   * so that an operand is one rule, not a unary rule around a postfix rule; `second`: the rule
   * already has a MANY and an OR of its own.
   */
  private suffixes(run: SuffixRun, second: boolean): void {
    const many = second ? this.MANY2 : this.MANY;
    const or = second ? this.OR2 : this.OR;
    many.call(this, () =>
      or.call(this, [
        {
          ALT: () => {
            const sx = (run.sx ??= newSuffixes());
            sx.starters.push(this.CONSUME(T.LBracket));
            this.suffixExpression(run, sx, false);
            this.OPTION(() => {
              const c = this.CONSUME(T.Colon);
              if (!isNaN(c.startOffset)) sx.colons.push(c);
              this.suffixExpression(run, sx, true);
            });
            const close = this.CONSUME(T.RBracket);
            if (!isNaN(close.startOffset)) sx.rbrackets.push(close);
          },
        },
        {
          ALT: () => {
            const sx = (run.sx ??= newSuffixes());
            sx.starters.push(this.CONSUME(T.Dot));
            const w = this.CONSUME(T.AnyWord);
            if (!isNaN(w.startOffset)) sx.words.push(w);
          },
        },
      ]),
    );
  }

  /** An index or a slice bound inside a suffix's brackets, with the side effects before it. */
  private suffixExpression(run: SuffixRun, sx: Suffixes, second: boolean): void {
    run.mark = this.rec ? undefined : this.low.mark();
    run.inExpression = true;
    sx.exprs.push(second ? this.SUBRULE2(this.expression) : this.SUBRULE(this.expression));
    run.inExpression = false;
    sx.marks.push(run.mark!);
  }

  private operand(prim: Expr | undefined, sx: Suffixes | undefined): Expr {
    const target = prim ?? this.low.invalid(this.here());
    return sx ? this.low.postfix(target, sx) : target;
  }

  /** The partial operand of a failed unaryExpression or postfixExpression. */
  private failedOperand(inPrimary: boolean, prim: Expr | undefined, run: SuffixRun | undefined): Expr {
    const p = this.take() as Expr;
    if (inPrimary) prim = p;
    else if (run?.inExpression) {
      run.sx!.exprs.push(p);
      run.sx!.marks.push(run.mark!);
    }
    return this.operand(prim, run?.sx);
  }

  public primary = this.RULE('primary', (): Expr => {
    try {
      return this.OR(this.primaryOr);
    } catch (e) {
      // The alternatives that call sub-rules leave the primary's partial result; none when no
      // alternative could start here.
      const p = this.take() as Expr | undefined;
      this.partial = p ?? this.low.invalid(this.here());
      throw e;
    }
  }, this.rv);

  private readonly primaryOr: { ERR_MSG: string; DEF: { ALT: () => Expr; GATE?: () => boolean; IGNORE_AMBIGUITIES?: boolean }[] } = {
    ERR_MSG: 'a value (a text, number, variable, list, …)',
    DEF: [
      { ALT: () => this.literal(this.CONSUME(T.NumberLiteral)) },
      { ALT: () => this.literal(this.CONSUME(T.Text)) },
      { ALT: () => this.literal(this.CONSUME(T.TripleText)) },
      { ALT: () => this.literal(this.CONSUME(T.InterpolatedText)) },
      { ALT: () => this.literal(this.CONSUME(T.FxText)) },
      { ALT: () => this.literal(this.CONSUME(T.EncryptedText)) },
      { ALT: () => this.literal(this.CONSUME(T.True)) },
      { ALT: () => this.literal(this.CONSUME(T.False)) },
      {
        // A name, or a function call `Name(args)`.
        ALT: () => {
          const id = this.CONSUME(T.Identifier);
          let args: Expr[] | undefined;
          try {
            args = this.OPTION(this.callArguments);
          } catch (e) {
            this.partial = this.nameOrCall(id, this.take() as Expr[]);
            throw e;
          }
          return this.nameOrCall(id, args);
        },
      },
      { ALT: () => this.SUBRULE(this.listLiteral) },
      { ALT: () => this.SUBRULE(this.braceLiteral) },
      {
        GATE: () => this.isParenthesisedAction(),
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          let a: ActionCall | undefined;
          try {
            a = this.SUBRULE(this.actionCondition);
          } catch (e) {
            a = this.take() as ActionCall | undefined;
            this.partial = this.actionValue(a);
            throw e;
          }
          return this.actionValue(a);
        },
      },
      {
        ALT: () => {
          let e: Expr | undefined;
          try {
            e = this.SUBRULE(this.parenExpression);
          } catch (err) {
            e = this.take() as Expr | undefined;
            this.partial = this.parenValue(e);
            throw err;
          }
          return this.parenValue(e);
        },
      },
    ],
  };

  /** `(args)` after a function's name: the arguments (a failed one's partial result included when they fail). */
  private readonly callArguments = (): Expr[] => {
    const args: Expr[] = [];
    try {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => args.push(this.SUBRULE(this.expression)) });
      this.CONSUME(T.RParen);
    } catch (e) {
      const p = this.take() as Expr | undefined;
      if (p !== undefined) args.push(p);
      this.partial = args;
      throw e;
    }
    return args;
  };

  private literal(t: IToken): Expr {
    if (this.rec) return undefined as never;
    const type = t.tokenType;
    if (type === T.NumberLiteral) return { kind: 'number', value: Number(t.image), raw: t.image, span: this.here() };
    if (type === T.True) return { kind: 'bool', value: true, span: this.here() };
    if (type === T.False) return { kind: 'bool', value: false, span: this.here() };
    return this.low.text(t);
  }

  private nameOrCall(id: IToken, args: Expr[] | undefined): Expr {
    if (this.rec) return undefined as never;
    const low = this.low;
    if (isNaN(id.startOffset)) return low.invalid(this.here());
    if (args) return { kind: 'call', callee: low.located(id), args, span: this.here() };
    const l = low.located(id);
    return { kind: 'name', parts: [id.image], partSpans: [l.span], span: l.span };
  }

  private actionValue(a: ActionCall | undefined): Expr {
    if (this.rec) return undefined as never;
    return a ? { kind: 'action', action: a, span: this.here() } : this.low.invalid(this.here());
  }

  private parenValue(e: Expr | undefined): Expr {
    if (this.rec) return undefined as never;
    return { kind: 'paren', expr: e ?? this.invalidAtBase(), span: this.here() };
  }

  public actionCondition = this.RULE('actionCondition', (): ActionCall | undefined => this.inParens(this.actionCall), this.rv);

  public parenExpression = this.RULE('parenExpression', (): Expr | undefined => this.inParens(this.expression), this.rv);

  /** `(` rule `)`, in the calling rule: the rule's result, or its partial result when it fails. */
  private inParens<R>(rule: ParserMethod<[], R>): R | undefined {
    let r: R | undefined;
    let inside = false;
    try {
      this.CONSUME(T.LParen);
      inside = true;
      r = this.SUBRULE(rule);
      inside = false;
      this.CONSUME(T.RParen);
    } catch (e) {
      const p = this.take();
      if (inside) r = p as R;
      this.partial = r;
      throw e;
    }
    return r;
  }

  public listLiteral = this.RULE('listLiteral', (): Expr => {
    const items: Expr[] = [];
    let k = 0;
    try {
      this.CONSUME(T.LBracket);
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          k = 1;
          items.push(this.SUBRULE(this.expression));
          k = 0;
        },
      });
      this.CONSUME(T.RBracket);
    } catch (e) {
      const p = this.take();
      if (k === 1) items.push(p as Expr);
      this.partial = { kind: 'list', items, span: this.here() };
      throw e;
    }
    if (this.rec) return undefined as never;
    return { kind: 'list', items, span: this.here() };
  }, this.rv);

  /**
   * `{ 'k': v, … }` and `{{ 'k': v }}` custom objects; `{ ^['a', 'b'], [1, 2] }` and
   * `{[1, 2] }` data tables (`^` marks the header row).
   */
  public braceLiteral = this.RULE('braceLiteral', (): Expr => {
    let entries: [Expr, Expr][] | undefined;
    let rows: { caret: boolean; items: Expr[] }[] | undefined;
    let k = 0;
    try {
      this.CONSUME(T.LBrace);
      // Alternatives are tried in order: `{{` is a custom object, `{[`/`{^[` a data table.
      this.OR([
        {
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            this.CONSUME2(T.LBrace);
            k = 1;
            entries = this.SUBRULE(this.objectEntries);
            k = 0;
            this.CONSUME(T.RBrace);
          },
        },
        {
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => {
                k = 2;
                (rows ??= []).push(this.SUBRULE(this.dataTableRow));
                k = 0;
              },
            });
          },
        },
        {
          ALT: () => {
            k = 1;
            entries = this.SUBRULE2(this.objectEntries);
            k = 0;
          },
        },
      ]);
      this.CONSUME2(T.RBrace);
    } catch (e) {
      const p = this.take();
      if (k === 1) entries = p as [Expr, Expr][];
      else if (k === 2) (rows ??= []).push(p as { caret: boolean; items: Expr[] });
      this.partial = this.braceResult(entries, rows);
      throw e;
    }
    if (this.rec) return undefined as never;
    return this.braceResult(entries, rows);
  }, this.rv);

  private braceResult(entries: [Expr, Expr][] | undefined, rows: { caret: boolean; items: Expr[] }[] | undefined): Expr {
    const span = this.here();
    if (rows && rows.length) {
      const out: Expr[][] = [];
      let header: Expr[] | undefined;
      for (const r of rows) {
        if (r.caret && !header && out.length === 0) header = r.items;
        else out.push(r.items);
      }
      return { kind: 'datatable', header, rows: out, span };
    }
    const out: { key: Expr; value: Expr; span: Span }[] = [];
    if (entries) for (const [key, value] of entries) out.push({ key, value, span: { start: key.span.start, end: value.span.end } });
    return { kind: 'object', entries: out, span };
  }

  /** `key: value` pairs; a key without its value (the entries failed there) is left out. */
  public objectEntries = this.RULE('objectEntries', (): [Expr, Expr][] => {
    const exprs: Expr[] = [];
    let mark: [number, number, number] | undefined;
    let k = 0;
    try {
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          if (!this.rec) mark = this.low.mark();
          k = 1;
          exprs.push(this.SUBRULE(this.expression));
          k = 0;
          this.CONSUME(T.Colon);
          k = 1;
          exprs.push(this.SUBRULE2(this.expression));
          k = 0;
        },
      });
    } catch (e) {
      const p = this.take();
      if (k === 1) exprs.push(p as Expr);
      this.partial = this.pairs(exprs, mark);
      throw e;
    }
    return this.pairs(exprs, mark);
  }, this.rv);

  private pairs(exprs: Expr[], mark: [number, number, number] | undefined): [Expr, Expr][] {
    const out: [Expr, Expr][] = [];
    for (let i = 0; i + 1 < exprs.length; i += 2) out.push([exprs[i]!, exprs[i + 1]!]);
    // A key without its value is not in the IR: neither is what its lowering reported.
    if (exprs.length % 2 === 1 && mark) this.low.rollback(mark);
    return out;
  }

  public dataTableRow = this.RULE('dataTableRow', (): { caret: boolean; items: Expr[] } => {
    let caret = false;
    let list: Expr | undefined;
    let k = 0;
    try {
      this.OPTION(() => {
        const c = this.CONSUME(T.Caret);
        caret = !isNaN(c.startOffset);
      });
      k = 1;
      list = this.SUBRULE(this.listLiteral);
      k = 0;
    } catch (e) {
      const p = this.take();
      if (k === 1) list = p as Expr;
      this.partial = { caret, items: list && list.kind === 'list' ? list.items : [] };
      throw e;
    }
    return { caret, items: list && list.kind === 'list' ? list.items : [] };
  }, this.rv);

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


/** The tree-building hooks of Chevrotain (traits/tree_builder.js) that the parser uses for spans. */
interface TreeBuilderHooks {
  cstInvocationStateUpdate(fullRuleName: string): void;
  cstFinallyStateUpdate(): void;
  cstPostTerminal(key: string, consumedToken: IToken): void;
}

/** The parts of Chevrotain's recovery (traits/recoverable.js) that the parser adapts. */
interface RecoveryHooks {
  findReSyncTokenType(): TokenType;
  flattenFollowSet(): TokenType[];
  recoveryEnabled: boolean;
  /** The re-sync follow sets: by `<rule><occurrence>_~IN~_<calling rule>`, the token types that may follow that call. */
  resyncFollows: Record<string, TokenType[]>;
  /** The parser's vocabulary by token name, EOF included. */
  tokensMap: Record<string, TokenType>;
}

/** The recorded follow sets (parser-tables.generated.ts) with their token types. */
function loadFollows(tokens: Record<string, TokenType>): Record<string, TokenType[]> {
  const names = JSON.parse(FOLLOWS) as Record<string, string[]>;
  const follows: Record<string, TokenType[]> = {};
  for (const [key, list] of Object.entries(names)) follows[key] = list.map((n) => tokens[n]!);
  return follows;
}

/** The re-sync follow sets as parser-tables.generated.ts records them: token names for token types. */
export function followsJson(follows: Record<string, TokenType[]>): string {
  const names: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(follows)) names[key] = list.map((t) => t.name);
  return JSON.stringify(names);
}

/** A table by token type index: whether a token of that type matches one of `types` (as CONSUME would: categories too). */
function matching(types: TokenType[]): boolean[] {
  const table: boolean[] = [];
  for (const t of [...T.parserTokens, EOF]) {
    const token = { tokenType: t, tokenTypeIdx: t.tokenTypeIdx! } as IToken;
    table[t.tokenTypeIdx!] = types.some((x) => tokenMatcher(token, x));
  }
  return table;
}

/** An operand's suffixes being parsed: what its rule needs for a partial result when they fail. */
class SuffixRun {
  sx: Suffixes | undefined = undefined;
  /** The side effects before the index or slice bound being parsed. */
  mark: [number, number, number] | undefined = undefined;
  /** Inside an index or slice bound (its failure is a partial expression of the suffix). */
  inExpression = false;
}

function newSuffixes(): Suffixes {
  return { starters: [], exprs: [], marks: [], colons: [], rbrackets: [], words: [] };
}

function isIdentifier(t: TokenType): boolean {
  return t === T.Identifier || (t.CATEGORIES?.includes(T.Identifier) ?? false);
}
function isWord(t: TokenType): boolean {
  return t === T.Identifier || (t.CATEGORIES?.includes(T.AnyWord) ?? false);
}

/** The one parser instance (grammar checks are run by the tests, not at every start). */
export const parser = new FlowParser();

export type { IToken };
