/**
 * Tokenising a flow's text: the one Lexer instance, the clipboard footer split, and the
 * `DISABLE` prefixes the designer writes on disabled statements.
 */
import { Lexer, type IToken, type ILexingError } from 'chevrotain';
import * as T from './tokens.js';

/** The one lexer, built once. */
export function createLexer(opts: { validate?: boolean } = {}): Lexer {
  return new Lexer(T.allTokens, {
    // flowc uses offsets (start and end: 'onlyOffset' would drop the end); lines and columns are
    // computed once, when rendering.
    positionTracking: 'full',
    ensureOptimizations: false,
    skipValidations: !opts.validate,
    lineTerminatorsPattern: /\r\n|\r|\n/g,
    lineTerminatorCharacters: ['\n', '\r'],
  });
}

/** The one lexer (its definition is validated by the tests, not at every start). */
export const lexer = createLexer();

export const FOOTER_MARKER = '# [ControlRepository][PowerAutomateDesktop]';
const FOOTER_LINE = /^[ \t]*# \[ControlRepository\]\[PowerAutomateDesktop\][ \t]*$/m;

export interface LexResult {
  /** Tokens of the script part (before the footer), DISABLE prefixes removed. */
  tokens: IToken[];
  comments: IToken[];
  errors: ILexingError[];
  /** Offsets of removed `DISABLE` tokens. */
  disabled: IToken[];
  /** Offset where the footer marker line starts, or -1. */
  footerStart: number;
}

export function lex(text: string): LexResult {
  const m = FOOTER_LINE.exec(text);
  const footerStart = m ? m.index : -1;
  const script = footerStart >= 0 ? text.slice(0, footerStart) : text;
  const result = lexer.tokenize(script);
  const tokens: IToken[] = [];
  const disabled: IToken[] = [];
  for (const t of result.tokens) {
    if (t.tokenType === T.Disable) disabled.push(t);
    else tokens.push(t);
  }
  return {
    tokens,
    comments: (result.groups['comments'] as IToken[] | undefined) ?? [],
    errors: result.errors,
    disabled,
    footerStart,
  };
}

/** Tokenise an expression's source (an interpolation inside a text literal). */
export function lexFragment(text: string): { tokens: IToken[]; errors: ILexingError[] } {
  const r = lexer.tokenize(text);
  return { tokens: r.tokens, errors: r.errors };
}
