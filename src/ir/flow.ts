/**
 * The typed IR of one flow, built by the parser's actions (syntax/parser.ts). Every node carries
 * a Span into the SourceDocument text. Rules read this, never the tokens.
 */
import type { Span } from './span.js';

export type RunMode = 'CONSOLE' | 'ATTENDED' | 'UNATTENDED';

export interface Located<T> {
  value: T;
  span: Span;
}

/** `CONNECTION <Name> CONNECTOR '<connector>' [LOGICALNAME …] [DISPLAYNAME …] [OWNER …] [EMBEDDED] [ID …]` */
export interface HeaderConnection {
  name: Located<string>;
  /** As written: a short name (`shared_sharepointonline`) or a full id. */
  connector: Located<string>;
  logicalName?: Located<string>;
  displayName?: Located<string>;
  owner?: Located<string>;
  embedded?: Span; // the EMBEDDED keyword, when present
  id?: Located<string>;
  /** The whole clause line (without the line break). */
  span: Span;
  /** The whole line including its line break, for fixes that remove the clause. */
  lineSpan: Span;
}

export interface FlowHeader {
  span: Span;
  name: Located<string>;
  id?: Located<string>;
  description?: Located<string>;
  /** `SCHEMA V1|V2`; absent means the default, V2. */
  schema?: Located<'V1' | 'V2'>;
  owner?: Located<string>;
  coOwners: Located<string>[];
  users: Located<string>[];
  /** `RUNS …`; absent means the default, [CONSOLE]. */
  runs?: Located<RunMode[]>;
  connections: HeaderConnection[];
  /**
   * `INPUT Name TYPE …` / `OUTPUT Name TYPE …` clauses: the variables pane's inputs and outputs,
   * lowered like `@INPUT`/`@OUTPUT` declarations (they are also in Flow.inputs / Flow.outputs).
   */
  variables: FlowVariableDecl[];
  /** Names of the header's `SENSITIVE` inputs and outputs (also in Flow.sensitive). */
  sensitive: Located<string>[];
  /** Where a new clause would go (start of the `END FLOW` line), for fixes. */
  endLineStart: number;
  /** Indentation used by the header's clauses (for fixes that add a clause). */
  indent: string;
}

/** One entry of the clipboard footer's `ConnectionReferences`. */
export interface FooterConnectionReference {
  connectorId?: string;
  displayName?: string;
  internalId?: string;
  logicalName?: string;
  isEmbedded?: boolean;
  isDisabled?: boolean;
  /** The bound connection's name (a v2 record's `name`). */
  connectionName?: string;
  /** The bound connection's display name, usually its account (a v2 record's `connectionDisplayName`). */
  connectionDisplayName?: string;
  raw: Record<string, unknown>;
}

export interface ClipboardFooter {
  /** From the `# [ControlRepository][PowerAutomateDesktop]` line to the end of the text. */
  span: Span;
  connectionReferences: FooterConnectionReference[];
  /** The parsed JSON, or undefined if it did not parse (an FC001 is then reported). */
  json?: unknown;
}

/** `@@key: value`, at flow level (host metadata) or right before a statement. */
export interface Annotation {
  key: Located<string>;
  value?: Expr;
  span: Span;
}

export interface ImportDecl {
  path: Located<string>;
  alias: Located<string>;
  span: Span;
}

/** `@INPUT Name : { … }` / `@OUTPUT Name : { … }` */
export interface FlowVariableDecl {
  kind: 'input' | 'output';
  /** Declared by a header `INPUT`/`OUTPUT` clause (its properties are built from the clause). */
  fromHeader?: boolean;
  name: Located<string>;
  /** The properties object; undefined if it was not an object literal. */
  properties?: ObjectExpr;
  span: Span;
}

export interface Comment {
  text: string; // without the comment markers
  span: Span;
  block: boolean; // `/# … #/`
}

export interface Subflow {
  name: Located<string>;
  /** `main` is the top-level body; it has isMain === true and nameSpan === its first statement. */
  isMain: boolean;
  /** `GLOBAL` etc. after the name. */
  modifiers: string[];
  body: Statement[];
  span: Span;
}

export interface Flow {
  header?: FlowHeader;
  footer?: ClipboardFooter;
  hostAnnotations: Annotation[];
  imports: ImportDecl[];
  sensitive: Located<string>[];
  inputs: FlowVariableDecl[];
  outputs: FlowVariableDecl[];
  main: Subflow;
  subflows: Subflow[];
  comments: Comment[];
  /** Offsets of the PAD script proper (after the header, before the footer). */
  scriptSpan: Span;
  /** Offsets of every `DISABLE` keyword (the designer's disabled statements). */
  disabledSpans: Span[];
  /** Whether any `$fx'…'` literal was lowered (false: the flow is not a Power Fx flow; absent: unknown). */
  hasFxText?: boolean;
}

// ───────────────────────────── statements ─────────────────────────────

interface StatementBase {
  span: Span;
  /** `DISABLE` prefix: parsed, but never runs. */
  disabled: boolean;
  /** `@@name: value` lines right before this statement. */
  annotations: Annotation[];
}

/** `ON ERROR [Kind] [REPEAT n TIMES WAIT s]` … `END`. A retry clause (with REPEAT) has no body. */
export interface OnErrorClause {
  span: Span;
  /** Words after `ON ERROR` (e.g. `TimeoutError`), excluding a retry policy. */
  kind?: string;
  retry?: { times: Expr; wait?: Expr };
  body?: Statement[];
}

export interface ActionParam {
  name: Located<string>;
  value: Expr;
  span: Span;
}

export interface ActionOutput {
  name: Located<string>;
  variable: Located<string>;
  span: Span;
}

/**
 * `Module.Action[.Variant] Param: expr … Out=> Var`, plus connector-style `@name: expr` inputs
 * and `@name=> Var` outputs (External.InvokeCloudConnector, External.RunFlow).
 */
export interface ActionCall {
  /** Full dotted name as written, e.g. `File.ReadTextFromFile.ReadText`. */
  name: Located<string>;
  module: string;
  action: string;
  variant?: string;
  params: ActionParam[];
  outputs: ActionOutput[];
  /** `@name: expr` / `@'quoted/name': expr` */
  atInputs: ActionParam[];
  /** `@name=> Var` */
  atOutputs: ActionOutput[];
  span: Span;
}

export interface SetStatement extends StatementBase {
  kind: 'set';
  target: Expr; // VarRef, IndexExpr or MemberExpr
  value: Expr;
}
export interface ActionStatement extends StatementBase {
  kind: 'action';
  action: ActionCall;
  onError: OnErrorClause[];
}
export interface IfStatement extends StatementBase {
  kind: 'if';
  branches: { condition: Expr; onError: OnErrorClause[]; body: Statement[]; span: Span }[];
  elseBody?: Statement[];
  elseSpan?: Span;
}
export interface SwitchStatement extends StatementBase {
  kind: 'switch';
  subject: Expr;
  cases: { operator: string; value: Expr; body: Statement[]; span: Span }[];
  defaultBody?: Statement[];
}
export interface LoopStatement extends StatementBase {
  kind: 'loop';
  /** Absent in `LOOP FROM 1 TO 10` (real exports have it). */
  variable?: Located<string>;
  from: Expr;
  to: Expr;
  step?: Expr;
  body: Statement[];
}
export interface ForEachStatement extends StatementBase {
  kind: 'foreach';
  variable: Located<string>;
  collection: Expr;
  body: Statement[];
}
export interface WhileStatement extends StatementBase {
  kind: 'while';
  condition: Expr;
  body: Statement[];
}
export interface ExitLoopStatement extends StatementBase {
  kind: 'exitLoop';
}
export interface NextLoopStatement extends StatementBase {
  kind: 'nextLoop';
}
/** `NEXT ACTION`, a line the designer writes in an `ON BLOCK ERROR` handler. */
export interface NextActionStatement extends StatementBase {
  kind: 'nextAction';
}
export interface LabelStatement extends StatementBase {
  kind: 'label';
  name: Located<string>;
}
export interface GotoStatement extends StatementBase {
  kind: 'goto';
  name: Located<string>;
}
export interface CallStatement extends StatementBase {
  kind: 'call';
  name: Located<string>;
  /** `CALL Name in_x: expr`: the subflow's inputs (none for a plain `CALL Name`). */
  params: ActionParam[];
  /** `CALL Name out_y=> Var`: the subflow's outputs, assigned to the caller's variables. */
  outputs: ActionOutput[];
}
export interface ExitFunctionStatement extends StatementBase {
  kind: 'exitFunction';
}
/** `EXIT Code: 0 [ErrorMessage: …]` ends the whole flow. */
export interface ExitStatement extends StatementBase {
  kind: 'exit';
  params: ActionParam[];
}
/** `WAIT expr` (pause) or `WAIT (action) [FOR timeout]` (wait for a condition). */
export interface WaitStatement extends StatementBase {
  kind: 'wait';
  duration?: Expr;
  condition?: ActionCall;
  timeout?: Expr;
  onError: OnErrorClause[];
}
export interface BlockStatement extends StatementBase {
  kind: 'block';
  name?: Located<string>;
  /** `ON BLOCK ERROR [all]` handler body (may contain REPEAT BLOCK). */
  handler: Statement[];
  handlerOptions: string[];
  body: Statement[];
}
export interface RepeatBlockStatement extends StatementBase {
  kind: 'repeatBlock';
}
/** `ERROR => Var [Reset: True]`: reads the last error into Var. */
export interface ErrorAssignStatement extends StatementBase {
  kind: 'errorAssign';
  variable: Located<string>;
  params: ActionParam[];
}
export interface RegionStatement extends StatementBase {
  kind: 'region' | 'endRegion';
  name?: string;
}
/** What the parser could not make sense of (an FC001 was reported for it). */
export interface InvalidStatement extends StatementBase {
  kind: 'invalid';
}

export type Statement =
  | SetStatement
  | ActionStatement
  | IfStatement
  | SwitchStatement
  | LoopStatement
  | ForEachStatement
  | WhileStatement
  | ExitLoopStatement
  | NextLoopStatement
  | NextActionStatement
  | LabelStatement
  | GotoStatement
  | CallStatement
  | ExitFunctionStatement
  | ExitStatement
  | WaitStatement
  | BlockStatement
  | RepeatBlockStatement
  | ErrorAssignStatement
  | RegionStatement
  | InvalidStatement;

// ───────────────────────────── expressions ─────────────────────────────

interface ExprBase {
  span: Span;
}

/**
 * A text literal. `parts` alternates literal text (escapes resolved) and interpolated
 * expressions (`%expr%`, only in `$'''…'''` literals).
 */
export interface TextExpr extends ExprBase {
  kind: 'text';
  /** `encrypted`: `P'…'`, the designer's DPAPI-encrypted form of a sensitive value (value = the base64 text). */
  style: 'single' | 'triple' | 'interpolated' | 'fx' | 'encrypted';
  parts: (string | Expr)[];
  /** The literal text with interpolations rendered as `%…%`, escapes resolved. */
  value: string;
}
export interface NumberExpr extends ExprBase {
  kind: 'number';
  value: number;
  raw: string;
}
export interface BoolExpr extends ExprBase {
  kind: 'bool';
  value: boolean;
}
/** A bare name: a variable, or (when it is not one) a dotted enum/constant name. */
export interface NameExpr extends ExprBase {
  kind: 'name';
  /** `a` or `File.TextFileEncoding.UTF8`: every dot-separated part. */
  parts: string[];
  partSpans: Span[];
}
export interface ListExpr extends ExprBase {
  kind: 'list';
  items: Expr[];
}
export interface ObjectExpr extends ExprBase {
  kind: 'object';
  entries: { key: Expr; value: Expr; span: Span }[];
}
export interface DataTableExpr extends ExprBase {
  kind: 'datatable';
  header?: Expr[];
  rows: Expr[][];
}
export interface IndexExpr extends ExprBase {
  kind: 'index';
  target: Expr;
  index: Expr;
  /** `x[a:b]` */
  sliceEnd?: Expr;
}
export interface MemberExpr extends ExprBase {
  kind: 'member';
  target: Expr;
  name: Located<string>;
}
export interface UnaryExpr extends ExprBase {
  kind: 'unary';
  operator: 'NOT' | '-' | '+';
  operand: Expr;
}
export interface BinaryExpr extends ExprBase {
  kind: 'binary';
  operator: string; // = <> < > <= >= + - * / mod AND OR
  left: Expr;
  right: Expr;
}
export interface CallExpr extends ExprBase {
  kind: 'call';
  callee: Located<string>;
  args: Expr[];
}
export interface ParenExpr extends ExprBase {
  kind: 'paren';
  expr: Expr;
}
/** An action used as a condition: `IF (File.IfFile.Exists File: p) THEN`. */
export interface ActionExpr extends ExprBase {
  kind: 'action';
  action: ActionCall;
}
export interface InvalidExpr extends ExprBase {
  kind: 'invalid';
}

export type Expr =
  | TextExpr
  | NumberExpr
  | BoolExpr
  | NameExpr
  | ListExpr
  | ObjectExpr
  | DataTableExpr
  | IndexExpr
  | MemberExpr
  | UnaryExpr
  | BinaryExpr
  | CallExpr
  | ParenExpr
  | ActionExpr
  | InvalidExpr;
