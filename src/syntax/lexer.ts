/**
 * Tokenising a flow's text: the scanner (scanner.ts), the clipboard footer split, and the
 * `DISABLE` prefixes the designer writes on disabled statements.
 */
import { Lexer, type IToken, type ILexingError } from 'chevrotain';
import * as T from './tokens.js';
import { scan } from './scanner.js';

/**
 * Chevrotain's Lexer of the same tokens: the definition the scanner mirrors, built only by the
 * tests (test/scanner.test.ts checks that both produce the same tokens, errors and positions;
 * test/grammar.test.ts validates the definition). flowc itself never builds it (start-up).
 */
export function createLexer(opts: { validate?: boolean } = {}): Lexer {
  // The Identifier's first characters (its pattern is a custom matcher), computed only here.
  T.Identifier.START_CHARS_HINT ??= T.identifierStartHints();
  return new Lexer(T.allTokens, {
    // 'full' for the start column, which the scanner's tokens carry too (with the offsets).
    positionTracking: 'full',
    ensureOptimizations: false,
    skipValidations: !opts.validate,
    lineTerminatorsPattern: /\r\n|\r|\n/g,
    lineTerminatorCharacters: ['\n', '\r'],
  });
}

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
  const disabled: IToken[] = [];
  const result = scan(script, disabled);
  return { tokens: result.tokens, comments: result.comments, errors: result.errors, disabled, footerStart };
}

/** Tokenise an expression's source (an interpolation inside a text literal). */
export function lexFragment(text: string): { tokens: IToken[]; errors: ILexingError[] } {
  const r = scan(text);
  return { tokens: r.tokens, errors: r.errors };
}
