/**
 * Text → IR for one flow: lex (one lexer), parse (one parser), lower (one visitor), plus the
 * clipboard footer. Pure: no I/O, no globals beyond the reused lexer/parser instances.
 */
import { lex } from './lexer.js';
import { MAX_NESTING, tooDeep } from './nesting.js';
import { parser } from './parser.js';
import { Lowering, type SyntaxProblem } from './lower.js';
import type { ClipboardFooter, Flow, FooterConnectionReference, Subflow } from '../ir/flow.js';
import type { Span } from '../ir/span.js';

export type { SyntaxProblem };

export interface ParseResult {
  flow: Flow;
  /** Syntax errors (FC001): lexing, parsing, header clauses, footer JSON. */
  problems: SyntaxProblem[];
}

const lowering = new Lowering();

export function parseFlow(text: string): ParseResult {
  const lexed = lex(text);
  const problems: SyntaxProblem[] = [];
  for (const e of lexed.errors) {
    const ch = text.substr(e.offset, 1);
    problems.push({
      span: { start: e.offset, end: e.offset + Math.max(1, e.length) },
      message: `unexpected character ${JSON.stringify(ch)}`,
      help: ch === "'" ? "a text in '…' must end on the same line; use $'''…''' for text over several lines" : undefined,
    });
  }

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
  parser.input = lexed.tokens;
  const cst = parser.file();
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
    problems.push({ span: { start, end }, message: e.message });
  }

  lowering.reset(text, disabledStarts);
  const file = lowering.lowerFile(cst);
  const top = lowering.attach(file.main, true);
  const subflows: Subflow[] = [];
  for (const fn of file.functions) {
    const f = lowering.lowerFunction(fn);
    const body = lowering.attach(f.items).statements;
    subflows.push({ name: f.name ?? { value: '', span: f.span }, isMain: false, modifiers: f.modifiers, body, span: f.span });
  }
  problems.push(...lowering.problems);

  const scriptStart = file.header ? file.header.span.end : 0;
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
    header: file.header,
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
        connectionName: str('ConnectionName'),
        raw: o,
      };
      footer.connectionReferences.push(ref);
    }
  }
  return footer;
}
