/**
 * Text → IR for one flow: lex (one lexer), parse (one parser, whose actions build the IR), plus
 * the clipboard footer. Pure: no I/O, no globals beyond the reused lexer/parser instances.
 */
import { lex } from './lexer.js';
import { EOF, createTokenInstance, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { describeToken } from './messages.js';
import { MAX_NESTING, tooDeep } from './nesting.js';
import { parser, type BlockRecord, type HeaderResult } from './parser.js';
import type { SyntaxProblem } from './lower.js';
import type { ClipboardFooter, Flow, FooterConnectionReference, Subflow } from '../ir/flow.js';
import type { Span } from '../ir/span.js';

export type { SyntaxProblem };

export interface ParseResult {
  flow: Flow;
  /** Syntax errors (FC001): lexing, parsing, header clauses, footer JSON. */
  problems: SyntaxProblem[];
}

const lowering = parser.low;

export function parseFlow(text: string): ParseResult {
  const lexed = lex(text);
  const problems: SyntaxProblem[] = [];
  for (const e of lexed.errors) {
    const ch = text.substr(e.offset, 1);
    if (ch === "'") {
      // An unterminated text: the rest of its line is that text (not names the parser would
      // then read as variables), so it is one error.
      const lineEnd = endOfLine(text, e.offset);
      problems.push({
        span: { start: e.offset, end: lineEnd },
        message: "unterminated text: a text in '…' must end on the same line",
        help: "add the closing ' (write \\' for a quote inside the text); use $'''…''' for text over several lines",
      });
      replaceWithText(lexed.tokens, text, e.offset, lineEnd);
      continue;
    }
    problems.push({
      span: { start: e.offset, end: e.offset + Math.max(1, e.length) },
      message: `unexpected character ${JSON.stringify(ch)}`,
    });
  }
  problems.push(...upperCaseKeywords(lexed.tokens, text));

  // Statements whose first token follows a DISABLE keyword are disabled.
  const disabledStarts = new Set<number>();
  {
    let j = 0;
    for (const d of lexed.disabled) {
      while (j < lexed.tokens.length && lexed.tokens[j]!.startOffset < d.startOffset) j++;
      const next = lexed.tokens[j];
      if (next) disabledStarts.add(next.startOffset);
    }
  }

  const deep = tooDeep(lexed.tokens);
  if (deep) {
    problems.push({
      span: { start: deep.startOffset, end: deep.startOffset + deep.image.length },
      message: `nesting deeper than ${MAX_NESTING} levels: flowc does not analyse this flow further`,
      help: 'split the flow into subflows (FUNCTION … END FUNCTION) or child flows',
    });
    lexed.tokens.length = 0;
  }
  lowering.reset(text, disabledStarts);
  const file = parser.parseFile(lexed.tokens);
  const unclosedHeader = headerNotClosed(file.header, lexed.tokens, text, lexed.footerStart);
  if (unclosedHeader) problems.push(unclosedHeader);
  for (const e of parser.errors) {
    const t = e.token;
    let start = t.startOffset;
    let end = isNaN(t.endOffset ?? NaN) ? start + 1 : t.endOffset! + 1;
    if (isNaN(start)) {
      // Error at end of input: point at the last character.
      start = Math.max(0, (lexed.footerStart >= 0 ? lexed.footerStart : text.length) - 1);
      end = start + 1;
    }
    // A line break token: point at the end of the line instead of the next line.
    if (t.image === '\n' || t.image === '\r\n' || t.image === '\r') end = start + 1;
    const unclosed = unclosedBlockMessage(e, parser.blocks, text);
    problems.push(unclosed ? { span: { start, end }, ...unclosed } : { span: { start, end }, message: e.message });
  }
  // The `%…%` interpolations that need the parser, now that the file's parse is done.
  parser.parseFragments();

  const header = file.header?.header;
  const top = lowering.attach(file.main, true);
  const subflows: Subflow[] = [];
  for (const fn of file.functions) {
    subflows.push(fn.subflow);
    // A FUNCTION's declarations come after the main script's, as when the tree was lowered.
    for (const d of fn.decls) lowering.decls.push(d);
  }
  problems.push(...lowering.problems);

  const scriptStart = header ? header.span.end : 0;
  const scriptEnd = lexed.footerStart >= 0 ? lexed.footerStart : text.length;
  const firstMain = top.statements[0];
  const main: Subflow = {
    name: { value: 'main', span: firstMain ? firstMain.span : { start: scriptStart, end: scriptStart } },
    isMain: true,
    modifiers: [],
    body: top.statements,
    span: { start: scriptStart, end: scriptEnd },
  };

  const flow: Flow = {
    header,
    footer: lexed.footerStart >= 0 ? parseFooter(text, lexed.footerStart, problems) : undefined,
    hostAnnotations: top.hostAnnotations,
    imports: [],
    sensitive: [],
    inputs: [],
    outputs: [],
    main,
    subflows,
    comments: lexed.comments.map((c) => {
      const block = c.image.startsWith('/#');
      return {
        text: block ? c.image.slice(2, -2) : c.image.slice(1),
        span: { start: c.startOffset, end: c.startOffset + c.image.length },
        block,
      };
    }),
    scriptSpan: { start: scriptStart, end: scriptEnd },
    disabledSpans: lexed.disabled.map((d) => ({ start: d.startOffset, end: d.startOffset + d.image.length })),
    hasFxText: lowering.fxTexts > 0,
  };
  // The header's INPUT/OUTPUT clauses come first, as the `@INPUT` lines the definition starts with.
  if (flow.header) {
    for (const v of flow.header.variables) (v.kind === 'input' ? flow.inputs : flow.outputs).push(v);
    flow.sensitive.push(...flow.header.sensitive);
  }
  for (const d of lowering.decls) {
    switch (d.kind) {
      case 'import':
        flow.imports.push({ path: d.path, alias: d.alias, span: d.span });
        break;
      case 'sensitive':
        flow.sensitive.push(...d.names);
        break;
      case 'input':
      case 'output':
        (d.kind === 'input' ? flow.inputs : flow.outputs).push({ kind: d.kind, name: d.name, properties: d.properties, span: d.span });
        break;
    }
  }
  problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  // Error recovery can report the same place twice (the failed statement, then the skipped
  // rest of its line): keep the first report at each offset.
  const unique = problems.filter((p, i) => i === 0 || p.span.start !== problems[i - 1]!.span.start);
  return { flow, problems: unique };
}

function parseFooter(text: string, start: number, problems: SyntaxProblem[]): ClipboardFooter {
  const span: Span = { start, end: text.length };
  const nl = text.indexOf('\n', start);
  const jsonStart = nl < 0 ? text.length : nl + 1;
  const body = text.slice(jsonStart);
  const footer: ClipboardFooter = { span, connectionReferences: [] };
  if (body.trim() === '') return footer;
  try {
    footer.json = JSON.parse(body);
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const at = m ? jsonStart + Number(m[1]) : jsonStart;
    problems.push({
      span: { start: Math.min(at, text.length - 1), end: Math.min(at + 1, text.length) },
      message: `the clipboard footer is not valid JSON: ${(e as Error).message}`,
      help: 'the text after "# [ControlRepository][PowerAutomateDesktop]" must be the JSON PAD copied',
    });
    return footer;
  }
  const refs = (footer.json as { ConnectionReferences?: unknown } | null)?.ConnectionReferences;
  if (Array.isArray(refs)) {
    for (const r of refs) {
      if (!r || typeof r !== 'object') continue;
      const o = r as Record<string, unknown>;
      const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      const ref: FooterConnectionReference = {
        connectorId: str('ConnectorId'),
        displayName: str('DisplayName'),
        internalId: str('InternalId'),
        logicalName: str('LogicalName'),
        isEmbedded: typeof o['IsEmbedded'] === 'boolean' ? (o['IsEmbedded'] as boolean) : undefined,
        isDisabled: typeof o['IsDisabled'] === 'boolean' ? (o['IsDisabled'] as boolean) : undefined,
        connectionName: str('ConnectionName'),
        connectionDisplayName: str('ConnectionDisplayName'),
        raw: o,
      };
      footer.connectionReferences.push(ref);
    }
  }
  return footer;
}

// ─────────────────────────── recovery: one mistake, one diagnostic ───────────────────────────

function endOfLine(text: string, from: number): number {
  const m = /\r\n|\r|\n/g;
  m.lastIndex = from;
  const found = m.exec(text);
  return found ? found.index : text.length;
}

/** 1-based line of an offset (computed only for a syntax error's message). */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/** The tokens in [start, end) become one Text token (an unterminated `'…` to the end of its line). */
function replaceWithText(tokens: IToken[], text: string, start: number, end: number): void {
  let i = 0;
  while (i < tokens.length && tokens[i]!.startOffset < start) i++;
  let j = i;
  while (j < tokens.length && tokens[j]!.startOffset < end) j++;
  // The image gets its closing quote (what the lowering strips); the span stays the source's.
  const image = `${text.slice(start, end)}'`;
  const token = createTokenInstance(T.Text, image, start, Math.max(start, end - 1), NaN, NaN, NaN, NaN);
  tokens.splice(i, j - i, token);
}

/** Keywords that start a statement (or the header), by their upper-case spelling. */
const STATEMENT_KEYWORDS: ReadonlyMap<string, TokenType> = new Map(
  [T.Set, T.If, T.Else, T.End, T.Switch, T.Case, T.Default, T.Loop, T.Exit, T.Next, T.Label, T.Goto, T.Call, T.Function, T.Block, T.On, T.Wait, T.Import, T.Repeat, T.Flow].map(
    (t) => [String(t.LABEL).slice(1, -1), t],
  ),
);
/** Keywords inside a statement that a lower-case statement likely spells lower case too. */
const INNER_KEYWORDS: ReadonlyMap<string, TokenType> = new Map(
  [T.To, T.Then, T.In, T.From, T.Step, T.ForEach, T.While, T.Times, T.Error, T.Loop, T.Function, T.If, T.Block, T.Flow].map((t) => [
    String(t.LABEL).slice(1, -1),
    t,
  ]),
);

function retype(t: IToken, type: TokenType): void {
  t.tokenType = type;
  t.tokenTypeIdx = type.tokenTypeIdx!;
}

/**
 * `set x to 1`, `If x = 1 then`: PAD keywords are upper case and a statement cannot start with a
 * plain name, so a line that starts with a keyword in the wrong case is one error that shows the
 * line as PAD wants it. Its keywords are then read as keywords, so the rest of the flow is
 * checked as the user meant it (no "unknown action 'set'", no undefined `x`).
 */
function upperCaseKeywords(tokens: IToken[], text: string): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  let lineStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.tokenType === T.Newline) {
      lineStart = true;
      continue;
    }
    const atStart = lineStart;
    lineStart = false;
    if (!atStart || t.tokenType !== T.Identifier) continue;
    const upper = t.image.toUpperCase();
    const type = STATEMENT_KEYWORDS.get(upper);
    if (!type || upper === t.image || tokens[i + 1]?.tokenType === T.Dot) continue;
    retype(t, type);
    const fixed: { start: number; end: number; word: string }[] = [{ start: t.startOffset, end: t.endOffset! + 1, word: upper }];
    let j = i + 1;
    for (; j < tokens.length && tokens[j]!.tokenType !== T.Newline; j++) {
      const u = tokens[j]!;
      const word = u.image.toUpperCase();
      const inner = INNER_KEYWORDS.get(word);
      if (inner && u.image !== word && u.tokenType === T.Identifier && tokens[j + 1]?.tokenType !== T.Dot) {
        retype(u, inner);
        fixed.push({ start: u.startOffset, end: u.endOffset! + 1, word });
      }
    }
    let line = '';
    let at = t.startOffset;
    for (const f of fixed) {
      line += text.slice(at, f.start) + f.word;
      at = f.end;
    }
    line += text.slice(at, endOfLine(text, t.startOffset));
    problems.push({
      span: { start: t.startOffset, end: t.endOffset! + 1 },
      message: `'${t.image}' is not a keyword: PAD keywords are upper case (${upper})`,
      help: `write \`${line.trim()}\``,
    });
    lineStart = true;
    i = j;
  }
  return problems;
}

/** The FLOW header without END FLOW: one error where END FLOW was due, naming the header and its line. */
function headerNotClosed(header: HeaderResult | undefined, tokens: IToken[], text: string, footerStart: number): SyntaxProblem | undefined {
  if (!header || header.hasEnd) return undefined;
  const flowToken = header.flow;
  if (!flowToken || isNaN(flowToken.startOffset)) return undefined;
  const headerEnd = header.endOffset;
  const after = isNaN(headerEnd) ? flowToken.startOffset : headerEnd;
  const next = tokens.find((t) => t.startOffset > after && t.tokenType !== T.Newline);
  const at = next ? next.startOffset : Math.max(0, (footerStart >= 0 ? footerStart : text.length) - 1);
  return {
    span: { start: at, end: next ? next.endOffset! + 1 : at + 1 },
    message: `expected END FLOW to close the FLOW header opened at line ${lineOf(text, flowToken.startOffset)}, found ${describeToken(next)}`,
    help: 'end the header with a line `END FLOW` before the script',
  };
}

/** The blocks an END closes, by parser rule. */
const BLOCKS: Readonly<Record<string, { what: string; end: string }>> = {
  ifStatement: { what: 'IF', end: "'END'" },
  loopStatement: { what: 'LOOP', end: "'END'" },
  switchStatement: { what: 'SWITCH', end: "'END'" },
  blockStatement: { what: 'BLOCK', end: "'END'" },
  onErrorStatement: { what: 'ON ERROR', end: "'END'" },
  functionDecl: { what: 'FUNCTION', end: "'END'" },
};

/**
 * "expected 'END', found end of file" becomes "expected 'END' to close the IF opened at line 2,
 * found end of file": which block is still open, and where it was opened. `blocks`: the block
 * rules the parse started, in order (parser.ts).
 */
function unclosedBlockMessage(e: IRecognitionException, blocks: readonly BlockRecord[], text: string): { message: string; help: string; span?: { start: number; end: number } } | undefined {
  if (e.name !== 'MismatchedTokenException' || !e.message.startsWith("expected 'END',")) return undefined;
  const stack = e.context?.ruleStack ?? [];
  const rule = stack[stack.length - 1];
  const block = rule ? BLOCKS[rule] : undefined;
  if (!rule || !block) return undefined;
  const at = isNaN(e.token.startOffset) ? text.length : e.token.startOffset;
  if (rule === 'functionDecl' && e.token.tokenType === T.Function) {
    // `END FUNCTION` whose END an open IF/LOOP/… took: that block is what is not closed.
    const taker = blockEndingAt(blocks, text, at);
    if (taker) {
      const b = BLOCKS[taker.rule]!;
      const line = lineOf(text, taker.opener.startOffset);
      return {
        // Point at the whole `END FUNCTION`, not at FUNCTION alone.
        span: { start: taker.end!.startOffset, end: e.token.endOffset! + 1 },
        message: `expected 'END' to close the ${b.what} opened at line ${line}, found END FUNCTION`,
        help: `end the ${b.what} of line ${line} with END after its last statement`,
      };
    }
  }
  // The innermost block of that rule that starts before the error and has no END of its own.
  let best: IToken | undefined;
  for (const b of blocks) {
    if (b.rule !== rule || b.end) continue;
    const opener = b.opener;
    if (!isNaN(opener.startOffset) && opener.startOffset < at && (!best || opener.startOffset > best.startOffset)) best = opener;
  }
  if (!best) return undefined;
  const found = e.token.tokenType === EOF || isNaN(e.token.startOffset) ? 'end of file' : describeToken(e.token);
  const line = lineOf(text, best.startOffset);
  return {
    message: `expected ${block.end} to close the ${block.what} opened at line ${line}, found ${found}`,
    help: `end the ${block.what} of line ${line} with ${block.what === 'FUNCTION' ? 'END FUNCTION' : 'END'} after its last statement`,
  };
}

/** The block (IF, LOOP, …) whose END is the one right before `offset` (only blank space between): the last such in parse order. */
function blockEndingAt(blocks: readonly BlockRecord[], text: string, offset: number): BlockRecord | undefined {
  let found: BlockRecord | undefined;
  for (const b of blocks) {
    const last = b.end;
    if (b.rule !== 'functionDecl' && last && last.endOffset! < offset && /^[ \t]*$/.test(text.slice(last.endOffset! + 1, offset))) found = b;
  }
  return found;
}
