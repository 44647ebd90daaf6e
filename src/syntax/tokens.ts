/**
 * Tokens of the PAD script language and the flowc header.
 *
 * Keywords are upper case and case-sensitive, as PAD writes them. Words that are keywords only in
 * some places (the header's clause words, `all`, `FOR`, …) are "soft": they carry the Identifier
 * category, so wherever the grammar accepts a name it accepts them too.
 *
 * Every token says whether it can hold a line break (`line_breaks`), so that building the lexer
 * does not analyse each pattern to find out (start-up time; flowc itself tokenises with the
 * scanner of scanner.ts, which mirrors these definitions, and builds the Lexer only in tests).
 * flowc reads offsets from tokens, and the start column; lines and columns are computed when
 * rendering.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

const IDENT_START = /[\p{L}_]/u;
// Identifiers: letters (any script, `início` is a real label), digits, underscore.
// chevrotain re-creates regexes with its own flags (dropping `u`), so the Unicode-aware match is a
// custom matcher with its own sticky regex.
const IDENT_RE = /[\p{L}_][\p{L}\p{N}_]*/uy;

/**
 * First characters for chevrotain's first-char optimisation beyond ASCII. chevrotain indexes a
 * character above 255 by its bucket of 255 code units, so one letter per bucket is enough for
 * every letter of that bucket to reach the Identifier matcher (`SET 合计 TO 1`, `SET Сумма TO 0`).
 * Letters outside the BMP start with a high surrogate: those buckets are listed too. Only the
 * Lexer reads them, which flowc builds only in tests: `createLexer` (lexer.ts) sets them on the
 * Identifier token then, so that a start of flowc does not compute them (≈ 1.5 ms).
 */
export function identifierStartHints(): string[] {
  return [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_', ...nonAsciiLetterHints()];
}
function nonAsciiLetterHints(): string[] {
  const hints: string[] = [];
  for (let code = 0xaa; code < 0x100; code++) {
    const ch = String.fromCharCode(code);
    if (IDENT_START.test(ch)) hints.push(ch);
  }
  // Above 255, chevrotain's index is 255 + floor(code / 255): one letter (or high surrogate) per bucket.
  for (let bucket = 1; bucket * 255 <= 0xffff; bucket++) {
    const end = Math.min(bucket * 255 + 255, 0x10000);
    for (let code = Math.max(bucket * 255, 0x100); code < end; code++) {
      const ch = String.fromCharCode(code);
      if ((code >= 0xd800 && code <= 0xdbff) || IDENT_START.test(ch)) {
        hints.push(ch);
        break;
      }
    }
  }
  return hints;
}
export const Identifier = createToken({
  name: 'Identifier',
  pattern: {
    exec(text: string, offset: number) {
      IDENT_RE.lastIndex = offset;
      return IDENT_RE.exec(text);
    },
  },
  line_breaks: false,
  label: 'a name',
});

/** What may not follow a keyword (it would make it a longer name); no `u` flag, see IDENT_RE. */
const NOT_WORD_CHAR = '[A-Za-z0-9_\\u00aa-\\uffff]';

function keyword(name: string, word: string, soft = false): TokenType {
  return createToken({
    name,
    pattern: new RegExp(`${word}(?!${NOT_WORD_CHAR})`),
    start_chars_hint: [word[0]!],
    line_breaks: false,
    longer_alt: Identifier,
    categories: soft ? [Identifier] : [],
    label: `'${word}'`,
  });
}

// ── layout ──
export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true, label: 'end of line' });
export const WhiteSpace = createToken({ line_breaks: false, name: 'WhiteSpace', pattern: /[ \t\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/#[\s\S]*?#\//,
  line_breaks: true,
  group: 'comments',
});
export const LineComment = createToken({ line_breaks: false, name: 'LineComment', pattern: /#[^\r\n]*/, group: 'comments' });
/** `**REGION name` / `**ENDREGION` — to the end of the line. */
export const RegionStart = createToken({ line_breaks: false, name: 'RegionStart', pattern: /\*\*REGION\b[^\r\n]*/, label: "'**REGION'" });
export const RegionEnd = createToken({ line_breaks: false, name: 'RegionEnd', pattern: /\*\*ENDREGION\b[^\r\n]*/, label: "'**ENDREGION'" });

// ── literals ──
/** `$'''…'''` with `%expr%` interpolation; `\` escapes; may span lines. */
export const InterpolatedText = createToken({
  name: 'InterpolatedText',
  pattern: /\$'''(?:\\[\s\S]|(?!''')[^\\])*'''/,
  line_breaks: true,
  label: "a text ($'''…''')",
});
/** `$fx'…'` Power Fx literal or formula. */
export const FxText = createToken({
  name: 'FxText',
  pattern: /\$fx'(?:\\[\s\S]|[^'\\])*'/,
  line_breaks: true,
  label: "a Power Fx text ($fx'…')",
});
/** `'''…'''` (used in @INPUT descriptions); may span lines. */
export const TripleText = createToken({
  name: 'TripleText',
  pattern: /'''(?:\\[\s\S]|(?!''')[^\\])*'''/,
  line_breaks: true,
  label: "a text ('''…''')",
});
/**
 * `P'…'`: an encrypted text, the designer's form of a sensitive value typed into an action
 * (`P'AQAAANCMnd8B…'`, base64 of DPAPI-protected bytes). Before Identifier: `P` starts a name too.
 */
export const EncryptedText = createToken({
  name: 'EncryptedText',
  pattern: /P'[A-Za-z0-9+\/=]*'/,
  start_chars_hint: ['P'],
  line_breaks: false,
  label: "an encrypted text (P'…')",
});
/** `'…'` with `\'` escapes, one line. */
export const Text = createToken({ line_breaks: false, name: 'Text', pattern: /'(?:\\[^\r\n]|[^'\\\r\n])*'/, label: "a text ('…')" });
export const NumberLiteral = createToken({ line_breaks: false, name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?/, label: 'a number' });

// ── punctuation and operators (longest first where prefixes overlap) ──
export const Arrow = createToken({ line_breaks: false, name: 'Arrow', pattern: /=>/, label: "'=>'" });
export const LessEq = createToken({ line_breaks: false, name: 'LessEq', pattern: /<=/, label: "'<='" });
export const GreaterEq = createToken({ line_breaks: false, name: 'GreaterEq', pattern: /\>=/, label: "'>='" });
export const NotEq = createToken({ line_breaks: false, name: 'NotEq', pattern: /<>/, label: "'<>'" });
export const Equals = createToken({ line_breaks: false, name: 'Equals', pattern: /=/, label: "'='" });
export const Less = createToken({ line_breaks: false, name: 'Less', pattern: /</, label: "'<'" });
export const Greater = createToken({ line_breaks: false, name: 'Greater', pattern: />/, label: "'>'" });
export const Plus = createToken({ line_breaks: false, name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ line_breaks: false, name: 'Minus', pattern: /-/, label: "'-'" });
export const Star = createToken({ line_breaks: false, name: 'Star', pattern: /\*/, label: "'*'" });
export const Slash = createToken({ line_breaks: false, name: 'Slash', pattern: /\//, label: "'/'" });
export const Percent = createToken({ line_breaks: false, name: 'Percent', pattern: /%/, label: "'%'" });
export const Colon = createToken({ line_breaks: false, name: 'Colon', pattern: /:/, label: "':'" });
export const Comma = createToken({ line_breaks: false, name: 'Comma', pattern: /,/, label: "','" });
export const Dot = createToken({ line_breaks: false, name: 'Dot', pattern: /\./, label: "'.'" });
export const LParen = createToken({ line_breaks: false, name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ line_breaks: false, name: 'RParen', pattern: /\)/, label: "')'" });
export const LBracket = createToken({ line_breaks: false, name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ line_breaks: false, name: 'RBracket', pattern: /\]/, label: "']'" });
export const LBrace = createToken({ line_breaks: false, name: 'LBrace', pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ line_breaks: false, name: 'RBrace', pattern: /\}/, label: "'}'" });
export const Caret = createToken({ line_breaks: false, name: 'Caret', pattern: /\^/, label: "'^'" });

// ── `@` forms ──
export const AtAt = createToken({ line_breaks: false, name: 'AtAt', pattern: /@@/, label: "'@@'" });
export const AtInput = createToken({ line_breaks: false, name: 'AtInput', pattern: /@INPUT(?![A-Za-z0-9_\u00aa-\uffff])/, start_chars_hint: ['@'], label: "'@INPUT'" });
export const AtOutput = createToken({ line_breaks: false, name: 'AtOutput', pattern: /@OUTPUT(?![A-Za-z0-9_\u00aa-\uffff])/, start_chars_hint: ['@'], label: "'@OUTPUT'" });
export const AtSensitive = createToken({ line_breaks: false, name: 'AtSensitive', pattern: /@SENSITIVE(?![A-Za-z0-9_\u00aa-\uffff])/, start_chars_hint: ['@'], label: "'@SENSITIVE'" });
export const At = createToken({ line_breaks: false, name: 'At', pattern: /@/, label: "'@'" });

// ── hard keywords (statement starters and structure) ──
export const Set = keyword('Set', 'SET');
export const To = keyword('To', 'TO', true);
export const If = keyword('If', 'IF');
export const Then = keyword('Then', 'THEN');
export const Else = keyword('Else', 'ELSE');
export const End = keyword('End', 'END');
export const Switch = keyword('Switch', 'SWITCH');
export const Case = keyword('Case', 'CASE');
export const Default = keyword('Default', 'DEFAULT');
export const Loop = keyword('Loop', 'LOOP');
export const ForEach = keyword('ForEach', 'FOREACH');
export const While = keyword('While', 'WHILE');
export const From = keyword('From', 'FROM', true);
export const Step = keyword('Step', 'STEP', true);
export const In = keyword('In', 'IN', true);
export const Exit = keyword('Exit', 'EXIT');
export const Next = keyword('Next', 'NEXT');
export const Label = keyword('Label', 'LABEL');
export const Goto = keyword('Goto', 'GOTO');
export const Call = keyword('Call', 'CALL');
export const Function = keyword('Function', 'FUNCTION');
export const Block = keyword('Block', 'BLOCK');
export const On = keyword('On', 'ON');
export const Error = keyword('Error', 'ERROR');
export const Repeat = keyword('Repeat', 'REPEAT');
export const Times = keyword('Times', 'TIMES', true);
export const Wait = keyword('Wait', 'WAIT');
export const For = keyword('For', 'FOR', true);
export const Import = keyword('Import', 'IMPORT');
export const As = keyword('As', 'AS', true);
export const Disable = keyword('Disable', 'DISABLE');
export const And = keyword('And', 'AND');
export const Or = keyword('Or', 'OR');
export const Not = keyword('Not', 'NOT');
export const True = keyword('True', 'True');
/** `a mod b`: the remainder, written in lower case as the designer writes it. */
export const Mod = keyword('Mod', 'mod');
export const False = keyword('False', 'False');

// ── header: only `FLOW` is a token; clause words are names checked by lowering (header.ts) ──
export const Flow = keyword('Flow', 'FLOW', true);

/** Every token, in matching order. */
export const allTokens: TokenType[] = [
  Newline,
  WhiteSpace,
  BlockComment,
  LineComment,
  RegionStart,
  RegionEnd,
  FxText,
  InterpolatedText,
  TripleText,
  EncryptedText,
  Text,
  NumberLiteral,
  Arrow,
  LessEq,
  GreaterEq,
  NotEq,
  Equals,
  Less,
  Greater,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Colon,
  Comma,
  Dot,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Caret,
  AtAt,
  AtInput,
  AtOutput,
  AtSensitive,
  At,
  // keywords before Identifier (longer_alt handles `SETTINGS` etc.)
  Set,
  To,
  If,
  Then,
  Else,
  End,
  Switch,
  Case,
  Default,
  Loop,
  ForEach,
  While,
  From,
  Step,
  In,
  Exit,
  Next,
  Label,
  Goto,
  Call,
  Function,
  Block,
  On,
  Error,
  Repeat,
  Times,
  Wait,
  For,
  Import,
  As,
  Disable,
  And,
  Or,
  Not,
  True,
  False,
  Mod,
  Flow,
  Identifier,
];

/** Upper-case words that are never names (statement keywords, operators, True/False). */
// (`Set` here is the SET token: the global Set class is reached through globalThis.)
export const HARD_KEYWORDS: ReadonlySet<string> = new globalThis.Set(
  allTokens.filter((t) => t !== Identifier && !(t.CATEGORIES ?? []).includes(Identifier) && /^'[A-Za-z]+'$/.test(String(t.LABEL))).map((t) => String(t.LABEL).slice(1, -1)),
);

/** Words that are keywords in the header only; used for suggestions on misspelt clauses. */
export const HEADER_CLAUSE_WORDS = ['SCHEMA', 'OWNER', 'COOWNER', 'USER', 'RUNS', 'CONNECTION', 'ID', 'DESCRIPTION', 'INPUT', 'OUTPUT'];
/** Words of an `INPUT`/`OUTPUT` header clause after the name and type. */
export const VARIABLE_CLAUSE_WORDS = ['DEFAULT', 'DESCRIPTION', 'FRIENDLYNAME', 'OPTIONAL', 'SENSITIVE'];
/** The types of an `INPUT`/`OUTPUT` header clause, and the `Type` PAD writes for each in `@INPUT`. */
export const VARIABLE_TYPES: Readonly<Record<string, string>> = {
  TEXT: 'String',
  NUMBER: 'Numeric',
  BOOLEAN: 'Boolean',
  LIST: 'List',
  DATATABLE: 'Datatable',
  CUSTOMOBJECT: 'CustomObject',
};
export const CONNECTION_CLAUSE_WORDS = ['CONNECTOR', 'LOGICALNAME', 'DISPLAYNAME', 'OWNER', 'EMBEDDED', 'ID'];

// ── categories ──
/** Any word: a name or a keyword. Used where PAD allows any word (member names, parameter names). */
export const AnyWord = createToken({ name: 'AnyWord', pattern: Lexer.NA, label: 'a name' });
/** Tokens that cannot start a statement anywhere: a line starting with one is skipped with an FC001. */
export const StrayStart = createToken({ name: 'StrayStart', pattern: Lexer.NA });
/** Block terminators, which are stray only at the top level. */
export const TopLevelStray = createToken({ name: 'TopLevelStray', pattern: Lexer.NA });
/** Every token but a line break: the rest of a stray line. */
export const AnyButNewline = createToken({ name: 'AnyButNewline', pattern: Lexer.NA });

const keywordTokens = allTokens.filter((t) => t !== Identifier && /^'[A-Za-z]+'$/.test(String(t.LABEL)));
for (const t of [Identifier, ...keywordTokens]) t.CATEGORIES!.push(AnyWord);
for (const t of [
  Then, RParen, RBracket, RBrace, Comma, Colon, Arrow, Equals, NotEq, Less, Greater, LessEq, GreaterEq,
  Plus, Minus, Star, Slash, Percent, Dot, NumberLiteral, Text, TripleText, InterpolatedText, FxText, EncryptedText, Caret,
  And, Or, Mod, Not, True, False, ForEach, While, LParen, LBracket, LBrace, At,
]) {
  t.CATEGORIES!.push(StrayStart);
}
for (const t of [End, Else, Case, Default]) t.CATEGORIES!.push(TopLevelStray);
for (const t of allTokens) if (t !== Newline && t !== WhiteSpace) t.CATEGORIES!.push(AnyButNewline);

/** Token types the parser knows (the lexer's plus the categories). */
export const parserTokens: TokenType[] = [...allTokens, AnyWord, StrayStart, TopLevelStray, AnyButNewline];
