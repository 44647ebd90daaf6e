/**
 * JSON text: parsing it and, when it is not JSON, saying where (line and column) and why, in
 * messages that do not depend on the Node version.
 */
import { distance } from 'fastest-levenshtein';
import { LineIndex } from '../util/line-index.js';
import { MAX_JSON_DEPTH, jsonDepth } from './limits.js';

export interface JsonSyntaxProblem {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  message: string;
}

/**
 * Finds the first syntax error in `text` (RFC 8259 JSON), or undefined if there is none. Written
 * for the messages: JSON.parse's differ between Node versions and do not always give a position.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const fail = (offset: number, message: string): never => {
    throw { offset, message } satisfies Omit<JsonSyntaxProblem, 'line' | 'column'>;
  };
  const ws = (): void => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) fail(i, 'comments are not allowed in JSON');
      else return;
    }
  };
  const describeAt = (): string => {
    if (i >= text.length) return 'the end of the file';
    if (text[i] === '"') return 'a string';
    // A bare word is never quoted back: in a DLP policy or deployment settings file it may well
    // be a token someone forgot to put in quotes, and messages go to public CI logs.
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 40));
    if (m) return BARE_WORDS.some((w) => distance(m[0].toLowerCase(), w) <= 2) ? `\`${m[0]}\`` : 'an unquoted word (text must be in double quotes; only true, false and null are bare words)';
    return /[\x21-\x7e]/.test(text[i]!) ? `\`${text[i]}\`` : `the character U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
  };
  const string = (): void => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail(start, 'unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i, 'invalid \\u escape in string');
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else fail(i, `invalid escape \\${n ?? ''} in string`);
      } else if (c < 0x20) {
        fail(i, c === 10 || c === 13 ? 'unterminated string (line break inside a string)' : 'control character in string');
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') {
          if (text[i] === '}') fail(i, 'trailing comma before `}`');
          if (text[i] === "'") fail(i, 'property names must be in double quotes');
          fail(i, `expected a property name in double quotes, found ${describeAt()}`);
        }
        string();
        ws();
        if (text[i] !== ':') fail(i, `expected \`:\` after the property name, found ${describeAt()}`);
        i++;
        value();
        const end = i;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        if (text[i] === '"') fail(end, 'missing `,` after the property value');
        fail(i, `expected \`,\` or \`}\` after a property value, found ${describeAt()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail(i, 'trailing comma before `]`');
        value();
        const end = i;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        if (text[i] !== undefined && /["{[0-9tfn-]/.test(text[i]!)) fail(end, 'missing `,` after the array item');
        fail(i, `expected \`,\` or \`]\` after an array item, found ${describeAt()}`);
      }
    }
    if (c === '"') return string();
    const lit = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(text.slice(i, i + 400));
    if (lit && !/^[A-Za-z0-9_.]/.test(text.slice(i + lit[0].length, i + lit[0].length + 1))) {
      i += lit[0].length;
      return;
    }
    if (c === "'") fail(i, 'strings must use double quotes');
    fail(i, `expected a value, found ${describeAt()}`);
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    ws();
    if (i >= text.length) fail(i, 'the file is empty');
    value();
    ws();
    if (i < text.length) fail(i, `unexpected ${describeAt()} after the JSON value`);
    return undefined;
  } catch (err) {
    if (err && typeof err === 'object' && 'offset' in err && 'message' in err) {
      const { offset, message } = err as { offset: number; message: string };
      return { offset, message, ...new LineIndex(text).position(offset) };
    }
    throw err;
  }
}

/** Bare words worth quoting back in a syntax error (a forgotten pair of quotes, a typo of `true`); any other word is not repeated. */
const BARE_WORDS = ['true', 'false', 'null', 'off', 'info', 'warning', 'error'];

/** Parses JSON text (a leading BOM is ignored); throws the syntax problem with line and column. */
export function parseJsonText(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (jsonDepth(body) > MAX_JSON_DEPTH) throw new JsonSyntaxError({ offset: 0, line: 1, column: 1, message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
  try {
    return JSON.parse(body) as unknown;
  } catch {
    // Never V8's own message: it quotes an excerpt of the text (a secret, in a public log).
    const problem = findJsonSyntaxError(text) ?? { offset: 0, line: 1, column: 1, message: 'not valid JSON' };
    throw new JsonSyntaxError(problem);
  }
}

export class JsonSyntaxError extends Error {
  readonly problem: JsonSyntaxProblem;
  constructor(problem: JsonSyntaxProblem) {
    super(`invalid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}`);
    this.name = 'JsonSyntaxError';
    this.problem = problem;
  }
}
