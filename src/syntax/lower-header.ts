/**
 * The FLOW header's clauses → FlowHeader (SCHEMA, OWNER, RUNS, CONNECTION, INPUT/OUTPUT, …),
 * each checked with a message (and a suggestion) for what is not a clause PAD's header has.
 * The parser (parser.ts) collects each clause's tokens and span; the checks are made here.
 */
import type { IToken } from 'chevrotain';
import * as T from './tokens.js';
import type { Expr, FlowHeader, HeaderConnection, Located, ObjectExpr, RunMode } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import { closest } from '../util/suggest.js';
import { LoweringBase, unescapeText } from './lower-base.js';

/** One clause line of the header: its tokens (keyword first, no line break) and its offsets (NaN: none). */
export interface HeaderClauseData {
  words: IToken[];
  start: number;
  end: number;
}

export abstract class HeaderLowering extends LoweringBase {
  // ─────────────────────────── header ───────────────────────────

  /** The header from what its rule consumed: the name, the `END` of `END FLOW`, the clauses, its offsets. */
  lowerHeader(nameTok: IToken | undefined, end: IToken | undefined, clauses: readonly HeaderClauseData[], start: number, endOffset: number): FlowHeader {
    const span = this.locSpan(start, endOffset);
    const header: FlowHeader = {
      span,
      name: nameTok ? this.textValue(nameTok) : { value: '', span },
      coOwners: [],
      users: [],
      connections: [],
      variables: [],
      sensitive: [],
      endLineStart: 0,
      indent: '    ',
    };
    if (end) {
      const lineStart = this.source.lastIndexOf('\n', end.startOffset - 1) + 1;
      header.endLineStart = lineStart;
    }
    let indentSeen = false;
    for (const clause of clauses) {
      const [kw, ...args] = clause.words;
      if (!kw) continue;
      if (!indentSeen) {
        const lineStart = this.source.lastIndexOf('\n', kw.startOffset - 1) + 1;
        header.indent = this.source.slice(lineStart, kw.startOffset);
        indentSeen = true;
      }
      this.headerClause(header, kw, args, clause);
    }
    return header;
  }

  protected expectText(kw: IToken, args: IToken[], what: string): Located<string> | undefined {
    const a = args[0];
    if (!a || a.tokenType !== T.Text) {
      // One message for the whole value (`OWNER alice@contoso.com` is one mistake, not three).
      const last = args[args.length - 1];
      const raw = a && last ? this.source.slice(a.startOffset, (last.endOffset ?? last.startOffset) + 1) : '';
      this.problems.push({
        span: a && last ? this.span(a.startOffset, last.endOffset ?? last.startOffset) : this.tokenSpan(kw),
        message: `${kw.image} expects ${what} in quotes, e.g. ${kw.image} '…'`,
        ...(raw && !raw.includes("'") ? { help: `write ${kw.image} '${raw}'` } : {}),
      });
      return undefined;
    }
    if (args.length > 1) this.problems.push({ span: this.tokenSpan(args[1]!), message: `unexpected '${args[1]!.image}' after ${kw.image} '…'` });
    return this.textValue(a);
  }

  protected headerClause(h: FlowHeader, kw: IToken, args: IToken[], clause: HeaderClauseData): void {
    const word = kw.image;
    switch (word) {
      case 'SCHEMA': {
        const a = args[0];
        if (!a || (a.image !== 'V1' && a.image !== 'V2') || args.length > 1) {
          this.problems.push({ span: a ? this.tokenSpan(a) : this.tokenSpan(kw), message: 'SCHEMA expects V1 or V2', help: 'write `SCHEMA V2`' });
          return;
        }
        h.schema = { value: a.image, span: this.nodeSpanNoNewline(clause) };
        return;
      }
      case 'OWNER': {
        const v = this.expectText(kw, args, 'an email');
        if (v) {
          if (h.owner) this.problems.push({ span: this.tokenSpan(kw), message: 'a flow has one OWNER; use COOWNER for the others' });
          else h.owner = v;
        }
        return;
      }
      case 'COOWNER': {
        const v = this.expectText(kw, args, 'an email');
        if (v) h.coOwners.push(v);
        return;
      }
      case 'USER': {
        const v = this.expectText(kw, args, 'an email');
        if (v) h.users.push(v);
        return;
      }
      case 'ID': {
        const v = this.expectText(kw, args, 'the flow id (a GUID)');
        if (v) h.id = v;
        return;
      }
      case 'DESCRIPTION': {
        const v = this.expectText(kw, args, 'a description');
        if (v) h.description = v;
        return;
      }
      case 'RUNS': {
        const modes: RunMode[] = [];
        let expectMode = true;
        for (const a of args) {
          if (a.tokenType === T.Comma) {
            if (expectMode) this.problems.push({ span: this.tokenSpan(a), message: 'expected a run mode before \',\'' });
            expectMode = true;
            continue;
          }
          if (a.image === 'CONSOLE' || a.image === 'ATTENDED' || a.image === 'UNATTENDED') {
            if (!modes.includes(a.image)) modes.push(a.image);
          } else {
            const s = closest(a.image.replace(/^'|'$/g, ''), ['CONSOLE', 'ATTENDED', 'UNATTENDED']);
            this.problems.push({
              span: this.tokenSpan(a),
              message: `unknown run mode '${a.image}'`,
              help: s ? `did you mean ${s}? Run modes are CONSOLE, ATTENDED and UNATTENDED` : 'run modes are CONSOLE, ATTENDED and UNATTENDED',
            });
          }
          expectMode = false;
        }
        if (args.length === 0) this.problems.push({ span: this.tokenSpan(kw), message: 'RUNS expects one or more of CONSOLE, ATTENDED, UNATTENDED' });
        h.runs = { value: modes, span: this.nodeSpanNoNewline(clause) };
        return;
      }
      case 'CONNECTION':
        this.connectionClause(h, kw, args, clause);
        return;
      case 'INPUT':
      case 'OUTPUT':
        this.variableClause(h, kw, args, clause);
        return;
      default: {
        const s = closest(word, T.HEADER_CLAUSE_WORDS);
        this.problems.push({
          span: this.tokenSpan(kw),
          message: `unknown header clause '${word}'`,
          help: s ? `did you mean ${s}?` : `header clauses are ${T.HEADER_CLAUSE_WORDS.join(', ')}`,
        });
      }
    }
  }

  /**
   * `INPUT Name TYPE [DEFAULT value] [DESCRIPTION '…'] [FRIENDLYNAME '…'] [OPTIONAL] [SENSITIVE]`,
   * `OUTPUT Name TYPE [DESCRIPTION '…'] [FRIENDLYNAME '…'] [SENSITIVE]`: lowered to the
   * declaration `@INPUT Name : { 'Type': …, … }` would give.
   */
  protected variableClause(h: FlowHeader, kw: IToken, args: IToken[], clause: HeaderClauseData): void {
    const kind = kw.image === 'INPUT' ? 'input' : 'output';
    const span = this.nodeSpanNoNewline(clause);
    const [nameTok, typeTok, ...rest] = args;
    const example = `${kw.image} Input_Folder TEXT`;
    if (!nameTok || (nameTok.tokenType !== T.Identifier && !nameTok.tokenType.CATEGORIES?.includes(T.Identifier))) {
      this.problems.push({ span: nameTok ? this.tokenSpan(nameTok) : this.tokenSpan(kw), message: `${kw.image} expects a variable name, e.g. ${example}` });
      return;
    }
    const typeWords = Object.keys(T.VARIABLE_TYPES);
    if (!typeTok || !Object.hasOwn(T.VARIABLE_TYPES, typeTok.image)) {
      const s = typeTok ? closest(typeTok.image.toUpperCase(), typeWords) : undefined;
      this.problems.push({
        span: typeTok ? this.tokenSpan(typeTok) : this.tokenSpan(nameTok),
        message: typeTok ? `unknown type '${typeTok.image}'` : `${kw.image} ${nameTok.image} expects a type, e.g. ${kw.image} ${nameTok.image} TEXT`,
        help: s && s !== typeTok?.image ? `did you mean ${s}? Types are ${typeWords.join(', ')}` : `types are ${typeWords.join(', ')}`,
      });
      return;
    }
    const entries: ObjectExpr['entries'] = [];
    const text = (value: string, at: Span): Expr => ({ kind: 'text', style: 'single', parts: [value], value, span: at });
    const entry = (key: string, value: Expr): void => {
      const i = entries.findIndex((e) => e.key.kind === 'text' && e.key.value === key);
      const e = { key: text(key, value.span), value, span: value.span };
      if (i >= 0) entries[i] = e;
      else entries.push(e);
    };
    const typeSpan = this.tokenSpan(typeTok);
    entry('Type', text(T.VARIABLE_TYPES[typeTok.image]!, typeSpan));
    let sensitive = false;
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i]!;
      const next = rest[i + 1];
      switch (w.image) {
        case 'DEFAULT':
        case 'DESCRIPTION':
        case 'FRIENDLYNAME': {
          if (w.image === 'DEFAULT' && kind === 'output') {
            this.problems.push({ span: this.tokenSpan(w), message: 'an OUTPUT has no DEFAULT value' });
          }
          const isValue = next && (next.tokenType === T.Text || (w.image === 'DEFAULT' && (next.tokenType === T.NumberLiteral || next.tokenType === T.True || next.tokenType === T.False)));
          if (!next || !isValue) {
            this.problems.push({ span: this.tokenSpan(next ?? w), message: w.image === 'DEFAULT' ? "DEFAULT expects a value: a text in quotes, a number, True or False" : `${w.image} expects a text in quotes` });
            break;
          }
          i++;
          const at = this.tokenSpan(next);
          let value: Expr;
          if (next.tokenType === T.NumberLiteral) value = { kind: 'number', value: Number(next.image), raw: next.image, span: at };
          else if (next.tokenType === T.True || next.tokenType === T.False) value = { kind: 'bool', value: next.tokenType === T.True, span: at };
          else value = text(unescapeText(next.image.slice(1, -1)), at);
          entry(w.image === 'DEFAULT' ? 'DefaultValue' : w.image === 'DESCRIPTION' ? 'Description' : 'FriendlyName', value);
          break;
        }
        case 'OPTIONAL':
          if (kind === 'output') this.problems.push({ span: this.tokenSpan(w), message: 'an OUTPUT cannot be OPTIONAL' });
          else entry('IsOptional', { kind: 'bool', value: true, span: this.tokenSpan(w) });
          break;
        case 'SENSITIVE':
          sensitive = true;
          break;
        default: {
          const s = closest(w.image, T.VARIABLE_CLAUSE_WORDS);
          this.problems.push({
            span: this.tokenSpan(w),
            message: `unexpected '${w.image}' in ${kw.image} ${nameTok.image}`,
            help: s ? `did you mean ${s}?` : `after the type come ${T.VARIABLE_CLAUSE_WORDS.join(', ')}`,
          });
        }
      }
    }
    if (kind === 'input' && !entries.some((e) => e.key.kind === 'text' && e.key.value === 'IsOptional')) entry('IsOptional', { kind: 'bool', value: false, span: typeSpan });
    const name = this.located(nameTok);
    const properties: ObjectExpr = { kind: 'object', entries, span };
    if (h.variables.some((v) => v.name.value.toLowerCase() === name.value.toLowerCase())) {
      this.problems.push({ span: name.span, message: `'${name.value}' is declared twice in the header` });
      return;
    }
    h.variables.push({ kind, fromHeader: true, name, properties, span });
    if (sensitive) h.sensitive.push(name);
  }

  protected nodeSpanNoNewline(n: HeaderClauseData): Span {
    const s = this.locSpan(n.start, n.end);
    let end = s.end;
    while (end > s.start && (this.source[end - 1] === '\n' || this.source[end - 1] === '\r')) end--;
    return { start: s.start, end };
  }

  protected connectionClause(h: FlowHeader, kw: IToken, args: IToken[], clause: HeaderClauseData): void {
    const nameTok = args[0];
    const span = this.nodeSpanNoNewline(clause);
    const full = this.locSpan(clause.start, clause.end);
    const lineStart = this.source.lastIndexOf('\n', span.start - 1) + 1;
    if (!nameTok || nameTok.tokenType === T.Comma) {
      this.problems.push({ span: this.tokenSpan(kw), message: "CONNECTION expects a name, e.g. CONNECTION Docs CONNECTOR 'shared_sharepointonline'" });
      return;
    }
    const conn: Partial<HeaderConnection> & { span: Span; lineSpan: Span } = {
      name: this.textValue(nameTok),
      span,
      lineSpan: { start: lineStart, end: full.end },
    };
    for (let i = 1; i < args.length; i++) {
      const a = args[i]!;
      const next = args[i + 1];
      const takeText = (): Located<string> | undefined => {
        if (next && next.tokenType === T.Text) {
          i++;
          return this.textValue(next);
        }
        this.problems.push({ span: this.tokenSpan(a), message: `${a.image} expects a value in quotes, e.g. ${a.image} '…'` });
        return undefined;
      };
      switch (a.image) {
        case 'CONNECTOR':
          conn.connector = takeText();
          break;
        case 'LOGICALNAME':
          conn.logicalName = takeText();
          break;
        case 'DISPLAYNAME':
          conn.displayName = takeText();
          break;
        case 'OWNER':
          conn.owner = takeText();
          break;
        case 'ID':
          conn.id = takeText();
          break;
        case 'EMBEDDED':
          conn.embedded = this.tokenSpan(a);
          break;
        default: {
          const s = a.tokenType === T.Text ? undefined : closest(a.image, T.CONNECTION_CLAUSE_WORDS);
          this.problems.push({
            span: this.tokenSpan(a),
            message: `unexpected '${a.image}' in CONNECTION ${conn.name!.value}`,
            help: s ? `did you mean ${s}?` : `CONNECTION takes CONNECTOR '…' and optionally ${T.CONNECTION_CLAUSE_WORDS.slice(1).join(', ')}`,
          });
        }
      }
    }
    if (!conn.connector) {
      this.problems.push({
        span,
        message: `CONNECTION ${conn.name!.value} has no CONNECTOR`,
        help: `add the connector, e.g. CONNECTION ${conn.name!.value} CONNECTOR 'shared_sharepointonline'`,
      });
      return;
    }
    h.connections.push(conn as HeaderConnection);
  }
}
