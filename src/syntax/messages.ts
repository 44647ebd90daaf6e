/**
 * Syntax error wording: "expected X, found Y", with token labels a PAD user recognises.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { Newline } from './tokens.js';

export function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType === EOF) return 'end of file';
  if (t.tokenType === Newline) return 'end of line';
  const image = t.image.length > 30 ? `${t.image.slice(0, 27)}…` : t.image;
  return `'${image.replace(/\r?\n/g, '⏎')}'`;
}

export function tokenLabel(t: TokenType): string {
  if (t === EOF) return 'end of file';
  return t.LABEL ?? t.name;
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

function listOf(labels: string[]): string {
  const u = uniq(labels);
  if (u.length <= 1) return u[0] ?? 'something else';
  if (u.length > 6) return `${u.slice(0, 6).join(', ')}, …`;
  return `${u.slice(0, -1).join(', ')} or ${u[u.length - 1]}`;
}

export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${tokenLabel(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, customUserDescription }) {
    if (customUserDescription) return `expected ${customUserDescription}, found ${describeToken(actual[0])}`;
    const firsts = expectedPathsPerAlt.flatMap((alt) => alt.map((path) => (path[0] ? tokenLabel(path[0]) : '')));
    return `expected ${listOf(firsts.filter(Boolean))}, found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, customUserDescription }) {
    if (customUserDescription) return `expected ${customUserDescription}, found ${describeToken(actual[0])}`;
    const firsts = expectedIterationPaths.map((path) => (path[0] ? tokenLabel(path[0]) : ''));
    return `expected ${listOf(firsts.filter(Boolean))}, found ${describeToken(actual[0])}`;
  },
};
