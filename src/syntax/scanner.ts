/**
 * The hand-written scanner: the tokens of tokens.ts, exactly as Chevrotain's `Lexer` built from
 * `allTokens` (lexer.ts `createLexer`) produces them — same token types, images, offsets and
 * start columns, the same `comments` group, the same lexing errors (message, offset, line,
 * column, length) and the same recovery — but dispatched on the character code, with
 * hand-written loops instead of one regular expression per candidate pattern, and nothing to
 * build at start-up.
 *
 * A token has the fields flowc reads: `image`, `startOffset`, `endOffset`, `startColumn` (the
 * parser lines up `ON ERROR` handlers by column), `tokenTypeIdx` and `tokenType`. Chevrotain's
 * positionTracking 'full' also set `startLine`, `endLine` and `endColumn`, which nothing reads
 * (the parser's node locations are offsets only; lines and columns are computed when rendering):
 * leaving them out makes each token smaller, and parseFlow ≈ 8% cheaper in CPU (README,
 * Performance).
 *
 * How it mirrors the Lexer: at each offset the Lexer tries the token patterns in `allTokens`
 * order and takes the first that matches (a keyword then gives way to a longer Identifier, its
 * `longer_alt`); skipped tokens (WhiteSpace) advance the column; a token that may hold line
 * breaks counts them with /\r\n|\r|\n/ and moves the line; where nothing matches, the characters
 * up to the next offset where *any* pattern matches are one error. Each branch below is that
 * first match for the characters it handles; non-ASCII names use the Identifier's own sticky
 * regular expression (tokens.ts), as the Lexer does. test/scanner.test.ts checks, token for
 * token, that both agree on every input kept in the repository and on generated text.
 */
import type { ILexingError, IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

export interface ScanResult {
  tokens: IToken[];
  /** The `comments` group: LineComment and BlockComment tokens. */
  comments: IToken[];
  errors: ILexingError[];
}

// Same pattern as the Identifier token's (tokens.ts): `u` for Unicode letters and digits.
const IDENT_RE = /[\p{L}_][\p{L}\p{N}_]*/uy;

/** Keywords by spelling (each keyword token matches its word when no word character follows). */
const KEYWORDS = new Map<string, TokenType>();
for (const t of T.allTokens) {
  const label = String(t.LABEL);
  if (t !== T.Identifier && /^'[A-Za-z]+'$/.test(label)) KEYWORDS.set(label.slice(1, -1), t);
}

/** Single-character tokens (no other token starts with these characters), by char code. */
const SINGLE: (TokenType | undefined)[] = new Array<TokenType | undefined>(128);
const SINGLE_IMAGE: string[] = new Array<string>(128);
for (const [ch, t] of [
  ['+', T.Plus], ['-', T.Minus], ['%', T.Percent], [':', T.Colon], [',', T.Comma], ['.', T.Dot], ['(', T.LParen], [')', T.RParen],
  ['[', T.LBracket], [']', T.RBracket], ['{', T.LBrace], ['}', T.RBrace], ['^', T.Caret],
] as const) {
  SINGLE[ch.charCodeAt(0)] = t;
  SINGLE_IMAGE[ch.charCodeAt(0)] = ch;
}

/** `@INPUT`, `@OUTPUT`, `@SENSITIVE`: the word after `@`, the token, its image. */
const AT_FORMS: [string, TokenType, string][] = [
  ['INPUT', T.AtInput, '@INPUT'],
  ['OUTPUT', T.AtOutput, '@OUTPUT'],
  ['SENSITIVE', T.AtSensitive, '@SENSITIVE'],
];

/** ASCII characters that start a token whatever follows them (for error recovery). */
const ALWAYS_STARTS = new Uint8Array(128);
for (const ch of ' \t\f\v\r\n/#*+-%:,.()[]{}^=<>@_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') ALWAYS_STARTS[ch.charCodeAt(0)] = 1;

/** [A-Za-z0-9_] */
function isAsciiWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
/** What may not follow a keyword or an `@INPUT`-like form: [A-Za-z0-9_\u00aa-\uffff]. */
function isKeywordTail(c: number): boolean {
  return c >= 0xaa ? c <= 0xffff : isAsciiWord(c);
}

/** End (exclusive) of `'…'` from its opening quote at `i`, or -1 (unterminated on its line). */
function textEnd(s: string, i: number, n: number): number {
  i++;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 39) return i + 1;
    if (c === 92) {
      // `\` escapes any character but a line break.
      const d = s.charCodeAt(i + 1);
      if (i + 1 >= n || d === 10 || d === 13) return -1;
      i += 2;
    } else if (c === 10 || c === 13) return -1;
    else i++;
  }
  return -1;
}

/** End (exclusive) of `'''…'''` whose body starts at `i` (`\` escapes anything), or -1. */
function tripleEnd(s: string, i: number, n: number): number {
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      if (i + 1 >= n) return -1;
      i += 2;
    } else if (c === 39 && s.charCodeAt(i + 1) === 39 && s.charCodeAt(i + 2) === 39) return i + 3;
    else i++;
  }
  return -1;
}

/** End (exclusive) of `$fx'…'` whose body starts at `i` (`\` escapes anything), or -1. */
function fxEnd(s: string, i: number, n: number): number {
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 39) return i + 1;
    if (c === 92) {
      if (i + 1 >= n) return -1;
      i += 2;
    } else i++;
  }
  return -1;
}

/** End (exclusive) of `P'…'` (base64 characters) from the `P` at `i`, or -1. */
function encryptedEnd(s: string, i: number, n: number): number {
  i += 2;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 39) return i + 1;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61) i++;
    else return -1;
  }
  return -1;
}

/** `**REGION` / `**ENDREGION` at `i` followed by a word boundary: the end of the line; else -1. */
function regionEnd(s: string, i: number, n: number, word: string): number {
  const after = i + 2 + word.length;
  if (!s.startsWith(word, i + 2) || (after < n && isAsciiWord(s.charCodeAt(after)))) return -1;
  let j = after;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === 10 || c === 13) break;
    j++;
  }
  return j;
}

/** Whether any token matches at `i` (where the Lexer's error recovery resumes). */
function startsToken(s: string, i: number, n: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) {
    if (ALWAYS_STARTS[c] === 1) return true;
    if (c === 36) return (s.startsWith("fx'", i + 1) && fxEnd(s, i + 4, n) >= 0) || (s.startsWith("'''", i + 1) && tripleEnd(s, i + 4, n) >= 0);
    if (c === 39) return (s.startsWith("''", i + 1) && tripleEnd(s, i + 3, n) >= 0) || textEnd(s, i, n) >= 0;
    return false;
  }
  if (c === 0xa0 || c === 0xfeff) return true;
  IDENT_RE.lastIndex = i;
  return IDENT_RE.test(s);
}

/** `unexpected character` errors as the Lexer words them. */
function lexingError(s: string, offset: number, line: number, column: number, length: number): ILexingError {
  return { offset, line, column, length, message: `unexpected character: ->${s.charAt(offset)}<- at offset: ${offset}, skipped ${length} characters.` };
}

/**
 * Tokenise `s` as the Chevrotain Lexer of `allTokens` does. With `disabled`, `DISABLE` tokens go
 * there instead of into `tokens`.
 */
export function scan(s: string, disabled?: IToken[]): ScanResult {
  const n = s.length;
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const errors: ILexingError[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    let type: TokenType | undefined;
    let end = -1;
    let image: string | undefined;
    let multiline = false;
    switch (c) {
      case 32: case 9: case 11: case 12: {
        // WhiteSpace: skipped.
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === 32 || d === 9 || d === 11 || d === 12 || d === 0xa0 || d === 0xfeff) j++;
          else break;
        }
        i = j;
        continue;
      }
      case 10:
        type = T.Newline;
        end = i + 1;
        image = '\n';
        break;
      case 13:
        type = T.Newline;
        if (s.charCodeAt(i + 1) === 10) {
          end = i + 2;
          image = '\r\n';
        } else {
          end = i + 1;
          image = '\r';
        }
        break;
      case 47: // '/'
        if (s.charCodeAt(i + 1) === 35) {
          const close = s.indexOf('#/', i + 2);
          if (close >= 0) {
            type = T.BlockComment;
            end = close + 2;
            multiline = true;
            break;
          }
        }
        type = T.Slash;
        end = i + 1;
        image = '/';
        break;
      case 35: {
        // '#': a line comment to the end of the line.
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === 10 || d === 13) break;
          j++;
        }
        type = T.LineComment;
        end = j;
        break;
      }
      case 42: // '*'
        if (s.charCodeAt(i + 1) === 42) {
          end = regionEnd(s, i, n, 'REGION');
          if (end >= 0) {
            type = T.RegionStart;
            break;
          }
          end = regionEnd(s, i, n, 'ENDREGION');
          if (end >= 0) {
            type = T.RegionEnd;
            break;
          }
        }
        type = T.Star;
        end = i + 1;
        image = '*';
        break;
      case 36: // '$'
        if (s.startsWith("fx'", i + 1)) {
          end = fxEnd(s, i + 4, n);
          if (end >= 0) {
            type = T.FxText;
            multiline = true;
            break;
          }
        }
        if (s.startsWith("'''", i + 1)) {
          end = tripleEnd(s, i + 4, n);
          if (end >= 0) {
            type = T.InterpolatedText;
            multiline = true;
          }
        }
        break;
      case 39: // "'"
        if (s.charCodeAt(i + 1) === 39 && s.charCodeAt(i + 2) === 39) {
          end = tripleEnd(s, i + 3, n);
          if (end >= 0) {
            type = T.TripleText;
            multiline = true;
            break;
          }
        }
        end = textEnd(s, i, n);
        if (end >= 0) type = T.Text;
        break;
      case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: case 56: case 57: {
        let j = i + 1;
        while (j < n && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
        if (s.charCodeAt(j) === 46) {
          const d = s.charCodeAt(j + 1);
          if (d >= 48 && d <= 57) {
            j += 2;
            while (j < n && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
          }
        }
        type = T.NumberLiteral;
        end = j;
        break;
      }
      case 61: // '='
        if (s.charCodeAt(i + 1) === 62) {
          type = T.Arrow;
          end = i + 2;
          image = '=>';
        } else {
          type = T.Equals;
          end = i + 1;
          image = '=';
        }
        break;
      case 60: {
        // '<'
        const d = s.charCodeAt(i + 1);
        if (d === 61) {
          type = T.LessEq;
          end = i + 2;
          image = '<=';
        } else if (d === 62) {
          type = T.NotEq;
          end = i + 2;
          image = '<>';
        } else {
          type = T.Less;
          end = i + 1;
          image = '<';
        }
        break;
      }
      case 62: // '>'
        if (s.charCodeAt(i + 1) === 61) {
          type = T.GreaterEq;
          end = i + 2;
          image = '>=';
        } else {
          type = T.Greater;
          end = i + 1;
          image = '>';
        }
        break;
      case 64: {
        // '@'
        const d = s.charCodeAt(i + 1);
        if (d === 64) {
          type = T.AtAt;
          end = i + 2;
          image = '@@';
          break;
        }
        for (const [word, t, formImage] of AT_FORMS) {
          if (s.startsWith(word, i + 1) && !(i + 1 + word.length < n && isKeywordTail(s.charCodeAt(i + 1 + word.length)))) {
            type = t;
            end = i + 1 + word.length;
            image = formImage;
            break;
          }
        }
        if (type === undefined) {
          type = T.At;
          end = i + 1;
          image = '@';
        }
        break;
      }
      default:
        if (c < 128) {
          const single = SINGLE[c];
          if (single !== undefined) {
            type = single;
            end = i + 1;
            image = SINGLE_IMAGE[c];
            break;
          }
          if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
            if (c === 80 && s.charCodeAt(i + 1) === 39) {
              // P'…': an encrypted text, tried before names.
              end = encryptedEnd(s, i, n);
              if (end >= 0) {
                type = T.EncryptedText;
                break;
              }
            }
            let j = i + 1;
            let d = 0;
            while (j < n) {
              d = s.charCodeAt(j);
              if (isAsciiWord(d)) j++;
              else break;
            }
            if (j < n && d >= 128) {
              // A non-ASCII character follows: a keyword unless it is a word character there
              // (\u00aa-\uffff), and the name goes on as far as the Identifier pattern does.
              const word = s.substring(i, j);
              const kw = j - i <= 8 && d < 0xaa ? KEYWORDS.get(word) : undefined;
              if (kw !== undefined) {
                type = kw;
                end = j;
                image = word;
              } else {
                IDENT_RE.lastIndex = i;
                const m = IDENT_RE.exec(s)!;
                type = T.Identifier;
                image = m[0];
                end = i + image.length;
              }
              break;
            }
            image = s.substring(i, j);
            end = j;
            type = (j - i <= 8 && j - i >= 2 && KEYWORDS.get(image)) || T.Identifier;
          }
          break;
        }
        if (c === 0xa0 || c === 0xfeff) {
          let j = i + 1;
          while (j < n) {
            const d = s.charCodeAt(j);
            if (d === 32 || d === 9 || d === 11 || d === 12 || d === 0xa0 || d === 0xfeff) j++;
            else break;
          }
          i = j;
          continue;
        }
        {
          IDENT_RE.lastIndex = i;
          const m = IDENT_RE.exec(s);
          if (m !== null) {
            type = T.Identifier;
            image = m[0];
            end = i + image.length;
          }
        }
    }

    if (type === undefined) {
      // Nothing matches here: skip to where a token can start; one error for the characters skipped.
      const start = i;
      i++;
      while (i < n && !startsToken(s, i, n)) i++;
      errors.push(lexingError(s, start, line, start - lineStart + 1, i - start));
      continue;
    }

    const token: IToken = {
      image: image ?? s.substring(i, end),
      startOffset: i,
      endOffset: end - 1,
      startColumn: i - lineStart + 1,
      tokenTypeIdx: type.tokenTypeIdx!,
      tokenType: type,
    };
    if (type === T.Newline) {
      line++;
      lineStart = end;
    } else if (multiline) {
      // Line breaks inside the token (counted as /\r\n|\r|\n/ counts them).
      for (let j = i; j < end; j++) {
        const d = s.charCodeAt(j);
        if (d === 13) {
          if (j + 1 < end && s.charCodeAt(j + 1) === 10) j++;
          line++;
          lineStart = j + 1;
        } else if (d === 10) {
          line++;
          lineStart = j + 1;
        }
      }
    }
    if (type === T.LineComment || type === T.BlockComment) comments.push(token);
    else if (disabled !== undefined && type === T.Disable) disabled.push(token);
    else tokens.push(token);
    i = end;
  }
  return { tokens, comments, errors };
}
