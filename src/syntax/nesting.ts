/**
 * A guard before parsing: the parser is recursive, so input nested deeper than MAX_NESTING gets
 * one clear diagnostic instead of a stack overflow.
 */
import type { IToken } from 'chevrotain';
import * as T from './tokens.js';

/**
 * Deepest nesting the parser accepts (blocks and brackets counted together). The parser is
 * recursive; deeper input gets one clear diagnostic instead of a stack overflow. Real flows
 * nest a dozen levels at most.
 */
export const MAX_NESTING = 200;

/** The first token at which block/bracket nesting goes deeper than MAX_NESTING, if any. One linear pass. */
export function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  let lineHasRepeat = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const k = t.tokenType;
    const prev = tokens[i - 1]?.tokenType;
    if (k === T.Newline) {
      lineHasRepeat = false;
      continue;
    }
    let opens = false;
    if (k === T.LParen || k === T.LBracket || k === T.LBrace) opens = true;
    else if (k === T.RParen || k === T.RBracket || k === T.RBrace || k === T.End) depth = Math.max(0, depth - 1);
    else if (k === T.If) opens = prev !== T.Else;
    else if (k === T.Loop) opens = prev !== T.Exit && prev !== T.Next;
    else if (k === T.Switch) opens = true;
    else if (k === T.Block) opens = prev !== T.Repeat;
    else if (k === T.Function) opens = prev !== T.End && prev !== T.Exit;
    else if (k === T.Error && prev === T.On) {
      // `ON ERROR … END` has a body; `ON ERROR REPEAT n TIMES …` does not.
      for (let j = i + 1; j < tokens.length && tokens[j]!.tokenType !== T.Newline; j++) if (tokens[j]!.tokenType === T.Repeat) lineHasRepeat = true;
      opens = !lineHasRepeat;
    }
    if (opens && ++depth > MAX_NESTING) return t;
  }
  return undefined;
}

