/**
 * What src/syntax/parser-tables.generated.ts records from the grammar (re-sync follow sets,
 * look-ahead paths) is current, and the parser that reads the follow sets from it has the sets
 * Chevrotain computes when it is built. (That the look-ahead functions built
 * from the recorded paths decide as Chevrotain's do is what test/golden.test.ts shows.)
 */
import { readFileSync } from 'node:fs';
import type { TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { tablesFile, tablesText } from '../scripts/gen-parser-tables.js';
import { FlowParser, parser } from '../src/syntax/parser.js';
import { parseFlow } from '../src/syntax/parse.js';

type WithFollows = { resyncFollows: Record<string, TokenType[]> };

describe('parser tables', () => {
  it('src/syntax/parser-tables.generated.ts is current (npx tsx scripts/gen-parser-tables.ts)', () => {
    expect(readFileSync(tablesFile, 'utf8')).toBe(tablesText());
  });

  it('follow sets read from it are the token types Chevrotain computes, in the same order', () => {
    const eager = (new FlowParser({ fromGrammar: true }) as unknown as WithFollows).resyncFollows;
    // The shared parser, after a file with syntax errors.
    expect(parseFlow('IF THEN\nSET x TO 1\nEND\n').problems.length).toBeGreaterThan(0);
    const loaded = (parser as unknown as WithFollows).resyncFollows;
    expect(Object.keys(loaded)).toEqual(Object.keys(eager));
    for (const key of Object.keys(eager)) {
      expect(loaded[key]!.length, key).toBe(eager[key]!.length);
      eager[key]!.forEach((t, i) => expect(loaded[key]![i], `${key} ${i}`).toBe(t));
    }
  });
});
