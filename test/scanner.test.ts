/**
 * The hand-written scanner (src/syntax/scanner.ts) against Chevrotain's Lexer built from the same
 * token definitions (lexer.ts `createLexer`, what flowc used before): token for token — type,
 * type index, image, offsets, start column, the order of the fields — the same comments, the
 * same lexing errors (message, offset, line, column, length), on every script kept in the
 * repository (rule fixtures, real-world folders, corpus zips, examples) and their broken
 * variants, the fuzz regressions, the fuzzer's generated inputs, the benchmark's estate and
 * random text made of the characters where the patterns differ.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ILexingError, IToken } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { createLexer, lex, lexFragment, FOOTER_MARKER } from '../src/syntax/lexer.js';
import { scan } from '../src/syntax/scanner.js';
import * as T from '../src/syntax/tokens.js';
import { goldenScripts, mutationsOf, repoRoot } from '../scripts/record-golden.js';
import { decodeInput, generate, loadSeeds, regressionInput, type RegressionFixture } from '../scripts/fuzz.js';
import { generateEstate, prng } from '../scripts/estate.js';

const reference = createLexer();

/** The fields a token has (the scanner leaves out startLine, endLine and endColumn, which nothing reads). */
const FIELDS = ['image', 'startOffset', 'endOffset', 'startColumn', 'tokenTypeIdx', 'tokenType'];

function tokenDiff(what: string, a: IToken[], b: IToken[]): string | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) return `${what}: ${a.length} tokens from the scanner, ${b.length} from the Lexer (first missing at ${i}: ${JSON.stringify((x ?? y)!.image)} at ${(x ?? y)!.startOffset})`;
    const keys = Object.keys(x).join();
    if (keys !== FIELDS.join()) return `${what}: token ${i}: fields ${keys}, not ${FIELDS.join()}`;
    for (const f of FIELDS) {
      const u = (x as unknown as Record<string, unknown>)[f];
      const v = (y as unknown as Record<string, unknown>)[f];
      if (u !== v) {
        const show = (t: IToken): string => `${t.tokenType.name} ${JSON.stringify(t.image)} @${t.startOffset}-${t.endOffset} column ${t.startColumn}`;
        return `${what}: token ${i}: ${f} differs: scanner ${show(x)}, Lexer ${show(y)}`;
      }
    }
  }
  return undefined;
}

function errorDiff(what: string, a: ILexingError[], b: ILexingError[]): string | undefined {
  const show = (es: ILexingError[]): string => JSON.stringify(es.map((e) => ({ offset: e.offset, line: e.line, column: e.column, length: e.length, message: e.message })));
  const x = show(a);
  const y = show(b);
  return x === y ? undefined : `${what}: errors differ: scanner ${x.slice(0, 400)}, Lexer ${y.slice(0, 400)}`;
}

/** The first difference between the scanner and the Lexer on `text`, if any. */
function differs(name: string, text: string): string | undefined {
  const r = reference.tokenize(text);
  const s = scan(text);
  return (
    tokenDiff(`${name} (tokens)`, s.tokens, r.tokens) ??
    tokenDiff(`${name} (comments)`, s.comments, (r.groups['comments'] as IToken[] | undefined) ?? []) ??
    errorDiff(name, s.errors, r.errors)
  );
}

function allDiffer(texts: Iterable<[string, string]>): { count: number; diffs: string[] } {
  let count = 0;
  const diffs: string[] = [];
  for (const [name, text] of texts) {
    count++;
    const d = differs(name, text);
    if (d) diffs.push(d);
    if (diffs.length >= 5) break;
  }
  return { count, diffs };
}

function* repositoryScripts(): Generator<[string, string]> {
  for (const file of goldenScripts()) {
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    yield [file, text];
    const variants = mutationsOf(text);
    for (let v = 0; v < variants.length; v++) yield [`${file} (broken variant ${v})`, variants[v]!];
  }
}

/** Pieces where the patterns are subtle: quotes, escapes, line breaks, boundaries, surrogates. */
const PIECES = [
  "'", "''", "'''", "\\", "\\'", '$', "$'''", "$fx'", "fx'", "P'", "P'AQ==", '%', '#', '/#', '#/', '/', '*', '**', '**REGION', '**ENDREGION', 'REGIONS',
  '\r', '\n', '\r\n', ' ', '\t', '\f', '\v', '\u00a0', '\ufeff', '\u2028', '\u0085', 'SET', 'TO', 'IF', 'THEN', 'END', 'ELSE', 'FUNCTION', 'DISABLE', 'True', 'False', 'mod',
  'FOREACH', 'FOR', 'IN', 'ON', 'ERROR', 'FLOW', 'x', '_', 'P', 'Name', 'início', 'Сумма', '合计', 'é', 'ª', '\u00b2', '\u00a9', '€', '·', '𝐀', '😀', '\ud835', '\udc00', '\udc10', '\udfff', '\ud800\ud800',
  '1', '12.5', '.5', '3.', '=', '=>', '<', '<=', '<>', '>', '>=', '+', '-', '(', ')', '[', ']', '{', '}', ',', ':', '.', '^', '@', '@@', '@INPUT', '@OUTPUT', '@SENSITIVE', '@INPUTé', '@INPUTx',
  '"', '!', '&', '|', ';', '?', '`', '~', '\u0000', '\u007f', '\u0080', FOOTER_MARKER,
];

function randomText(rand: () => number, pieces: number): string {
  let s = '';
  for (let i = 0; i < pieces; i++) s += PIECES[Math.floor(rand() * PIECES.length)]!;
  return s;
}

describe('the scanner and Chevrotain\'s Lexer agree', () => {
  it('on every script kept in the repository (fixtures, real-world, examples) and its broken variants', () => {
    const { count, diffs } = allDiffer(repositoryScripts());
    expect(diffs).toEqual([]);
    expect(count).toBeGreaterThan(1000);
  }, 180_000);

  it('on every flow of the corpus zips', async () => {
    const seeds = await loadSeeds({ fixtures: false });
    const { count, diffs } = allDiffer(seeds.flows.map((f) => [f.name, f.text] as [string, string]));
    expect(diffs).toEqual([]);
    expect(count).toBeGreaterThan(20);
  });

  it('on the fuzz regressions', () => {
    const dir = path.join(repoRoot, 'test/fuzz-regressions');
    const texts: [string, string][] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const name = f.slice(0, -'.json'.length);
      const fixture = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as RegressionFixture;
      const bytes = regressionInput(dir, name, fixture);
      texts.push([name, Buffer.from(bytes).toString('utf8')]);
      const decoded = decodeInput({ kind: 'bytes', bytes }).text;
      if (decoded !== undefined) texts.push([`${name} (decoded)`, decoded]);
    }
    const { count, diffs } = allDiffer(texts);
    expect(diffs).toEqual([]);
    expect(count).toBeGreaterThan(5);
  });

  it("on the fuzzer's generated inputs (strings, bytes, token soup, mutations; fixed seed)", async () => {
    const seeds = await loadSeeds({ fixtures: false });
    const texts: [string, string][] = [];
    for (let batch = 0; batch < 4; batch++) {
      generate(seeds, 20261123, batch).forEach((input, i) => {
        const text = input.kind === 'config' ? undefined : decodeInput(input).text;
        if (text !== undefined) texts.push([`fuzz batch ${batch} run ${i} (${input.kind})`, text]);
      });
    }
    const { count, diffs } = allDiffer(texts);
    expect(diffs).toEqual([]);
    expect(count).toBeGreaterThan(1000);
  }, 60_000);

  it("on the benchmark's estate", () => {
    const { count, diffs } = allDiffer([...generateEstate({ seed: 20261123, lines: 20_000 })].map((f) => [f.name, f.text] as [string, string]));
    expect(diffs).toEqual([]);
    expect(count).toBeGreaterThan(20);
  });

  it('on random text made of tricky pieces, and on random characters', () => {
    const rand = prng(7);
    const texts: [string, string][] = [];
    for (let i = 0; i < 4000; i++) texts.push([`pieces ${i}`, randomText(rand, 1 + Math.floor(rand() * 40))]);
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const len = Math.floor(rand() * 60);
      for (let j = 0; j < len; j++) {
        const r = rand();
        // Mostly ASCII, some Latin-1, some anywhere in the BMP (surrogates included).
        s += String.fromCharCode(r < 0.7 ? Math.floor(rand() * 128) : r < 0.85 ? 128 + Math.floor(rand() * 128) : Math.floor(rand() * 0x10000));
      }
      texts.push([`chars ${i}`, s]);
    }
    const { count, diffs } = allDiffer(texts);
    expect(diffs).toEqual([]);
    expect(count).toBe(6000);
  });

  it('on every character of the BMP: alone, after a name, a keyword, an error, inside a text', () => {
    const diffs: string[] = [];
    for (let c = 0; c < 0x10000 && diffs.length < 5; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, `a${ch}b`, `!${ch}x`, `SET${ch}x`, `@INPUT${ch}`, `**REGION${ch}`, `'a${ch}'`, `${ch}\ud835\udc00`]) {
        const d = differs(`U+${c.toString(16)} in ${JSON.stringify(text)}`, text);
        if (d) diffs.push(d);
      }
    }
    expect(diffs).toEqual([]);
  }, 120_000);
});

describe('lex and lexFragment', () => {
  it('split the footer, set DISABLE tokens apart, keep comments; lexFragment keeps DISABLE tokens', () => {
    const text = `DISABLE SET x TO 1 # note\n/# block\ncomment #/ DISABLE IF x THEN\nEND\n${FOOTER_MARKER}\n# footer`;
    const r = lex(text);
    expect(r.footerStart).toBe(text.indexOf(FOOTER_MARKER));
    expect(r.disabled.map((t) => t.startOffset)).toEqual([0, text.indexOf('DISABLE IF')]);
    expect(r.tokens.some((t) => t.tokenType === T.Disable)).toBe(false);
    expect(r.comments.map((c) => c.image)).toEqual(['# note', '/# block\ncomment #/']);
    const all = reference.tokenize(text.slice(0, r.footerStart));
    expect(tokenDiff('lex', r.tokens, all.tokens.filter((t) => t.tokenType !== T.Disable))).toBeUndefined();
    expect(tokenDiff('lex (disabled)', r.disabled, all.tokens.filter((t) => t.tokenType === T.Disable))).toBeUndefined();
    const f = lexFragment('DISABLE x + 1');
    expect(f.tokens.map((t) => t.tokenType.name)).toEqual(['Disable', 'Identifier', 'Plus', 'NumberLiteral']);
    expect(f.errors).toEqual([]);
  });
});
