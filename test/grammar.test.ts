/**
 * The grammar: generated docs are current, docs/language.md's snippets parse, and error recovery
 * reports every syntax error at its own line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputs } from '../scripts/gen-diagrams.js';
import { parseFlow } from '../src/syntax/parse.js';
import { LineIndex } from '../src/util/line-index.js';
import { repoRoot } from './helpers/corpus.js';

describe('grammar docs', () => {
  for (const [name, text] of Object.entries(outputs())) {
    it(`grammar/${name} is current (npx tsx scripts/gen-diagrams.ts)`, () => {
      expect(readFileSync(path.join(repoRoot, 'grammar', name), 'utf8')).toBe(text);
    });
  }
  it('diagrams.html is self-contained', () => {
    const html = outputs()['diagrams.html']!;
    expect(html).not.toMatch(/<script src=|<link rel=/);
    expect(html).toContain('drawDiagramsFromSerializedGrammar');
  });
});

describe('docs/language.md snippets', () => {
  const md = readFileSync(path.join(repoRoot, 'docs/language.md'), 'utf8');
  const blocks = [...md.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/^ {2}/gm, ''));
  it('has snippets', () => expect(blocks.length).toBeGreaterThanOrEqual(2));
  blocks.forEach((b, i) => {
    it(`snippet ${i + 1} parses`, () => {
      expect(parseFlow(b).problems).toEqual([]);
    });
  });
  const inline = [
    "IMPORT 'controlRepo.appmask' AS appmask",
    '@SENSITIVE: [a, b]',
    "@INPUT Name : { 'Description': 'x', 'Type': 'String', 'IsOptional': False, 'DefaultValue': '' }",
    "File.ReadTextFromFile.ReadText File: p Encoding: File.TextFileEncoding.UTF8 Content=> Text",
    'IF (File.IfFile.Exists File: p) THEN\nEND',
    "SWITCH x\nCASE = 1\n    SET y TO 2\nDEFAULT\n    SET y TO 3\nEND",
    'LOOP i FROM 1 TO 10 STEP 2\n    NEXT LOOP\nEND',
    'LOOP FOREACH x IN xs\n    EXIT LOOP\nEND',
    'LOOP WHILE (x) < (3)\nEND',
    "LABEL 'Exit'\nLABEL Exit\nGOTO 'Exit'\nGOTO início\nLABEL início",
    'WAIT 5\nWAIT (UIAutomation.WaitForWindow.ToOpenByTitleClass Title: t Class: c FocusWindow: True) FOR 10',
    "File.Copy Files: a Destination: b IfFileExists: File.IfExists.Overwrite CopiedFiles=> c\nON ERROR REPEAT 2 TIMES WAIT 2\nON ERROR\n    SET e TO 1\nEND",
    'BLOCK Retry\nON BLOCK ERROR\n    REPEAT BLOCK\nEND\n    SET x TO 1\nEND',
    "EXIT Code: 0 ErrorMessage: $'''failed: %e%'''",
    "/# many\nlines #/\n# one line\n**REGION Setup\n**ENDREGION",
    "@@copilotGeneratedAction: 'False'\n@@'InputSchema:item': '903008207'\nText.AppendLine Text: a LineToAppend: b Result=> c",
    "External.RunFlow FlowId: '9c2b0d4e-0000-4000-8000-000000000000' WaitToComplete: True @In: x @Out=> y",
    "DISABLE IF x = 1 THEN\nDISABLE     SET y TO 1\nDISABLE ELSE\nDISABLE END",
    "SET v TO $fx'=Index(List, 1)'",
    "SET o TO { 'Name': x, 'ContentBytes': b }\nSET e TO {{ }}\nSET t TO { ^['a', 'b'], [1, 2] }\nSET l TO [1, 2]\nSET i TO o['Name']\nSET n TO l.Count + 1 * 2 - -1\nSET c TO Contains(a, b, True) AND NOT IsEmpty(x) OR y <> 2",
    "SET m TO $'''100%% of %x['k']% and %' '%'''",
    'ERROR => LastError Reset: True',
  ];
  for (const src of inline) {
    it(`parses: ${src.split('\n')[0]}`, () => {
      expect(parseFlow(src).problems).toEqual([]);
      expect(parseFlow(src.replace(/\n/g, '\r\n')).problems).toEqual([]);
    });
  }
});

describe('error recovery', () => {
  it('reports each syntax error at its own line', () => {
    const src = 'SET a TO\nSET ok TO 1\nSET b TO (1 +\nCALL X\nLABEL\nSET c TO [1,\n';
    const { problems } = parseFlow(src);
    const lines = new LineIndex(src);
    expect(problems.map((p) => lines.position(p.span.start).line)).toEqual([1, 3, 5, 6]);
  });
  it('reports one error for a line, however many tokens follow the first bad one', () => {
    const { problems, flow } = parseFlow('SET x TO 1 2 3 4 5 6\nSET y TO x\n');
    expect(problems).toHaveLength(1);
    expect(flow.main.body.map((s) => s.kind)).toEqual(['set', 'set']);
  });
  it('keeps an IF or LOOP whose head has an error: its body and END are still parsed', () => {
    for (const src of ['IF a b c THEN\n    SET x TO 1\nEND\n', 'IF (1 + THEN\n    SET x TO 1\nELSE IF = THEN\n    SET x TO 2\nEND\n', 'LOOP i FROM 1 TO ) 3\n    SET x TO i\nEND\n']) {
      const { problems, flow } = parseFlow(src);
      const lines = new LineIndex(src);
      const errorLines = problems.map((p) => lines.position(p.span.start).line);
      expect(errorLines.every((l) => src.split('\n')[l - 1]!.includes('IF') || src.split('\n')[l - 1]!.includes('LOOP')), src).toBe(true);
      expect(problems.some((p) => p.message.includes('without a matching')), src).toBe(false);
      expect(flow.main.body, src).toHaveLength(1);
      const s = flow.main.body[0]!;
      const bodies = s.kind === 'if' ? s.branches.map((b) => b.body) : s.kind === 'loop' ? [s.body] : [];
      expect(bodies.length, src).toBeGreaterThan(0);
      for (const b of bodies) expect(b.map((x) => x.kind), src).toEqual(['set']);
    }
  });
  it('never throws on hostile input', () => {
    for (const src of ['', '\u0000', "'", "$'''", 'FLOW', 'END FLOW', ')))', '@@', '%'.repeat(50), 'IF '.repeat(500)]) {
      expect(() => parseFlow(src)).not.toThrow();
    }
  });
});

describe('nesting guard', () => {
  it('accepts nesting up to the limit', () => {
    const n = 150;
    const src = 'IF 1 = 1 THEN\n'.repeat(n) + 'SET x TO 1\n' + 'END\n'.repeat(n);
    expect(parseFlow(src).problems).toEqual([]);
  });
  for (const [what, src] of [
    ['blocks', 'LOOP FOREACH i IN l\n'.repeat(10_000) + 'END\n'.repeat(10_000)],
    ['brackets', `SET x TO ${'['.repeat(10_000)}1${']'.repeat(10_000)}\n`],
    ['an interpolation', `SET x TO $'''%${'('.repeat(5_000)}1${')'.repeat(5_000)}%'''\n`],
  ] as const) {
    it(`reports ${what} nested too deep instead of overflowing the stack`, () => {
      const { problems } = parseFlow(src);
      expect(problems.length).toBe(1);
      expect(problems[0]!.message).toMatch(/nested deeper than 200 levels|nesting deeper than 200 levels/);
    });
  }
  it('does not count retry clauses, ELSE IF, EXIT LOOP or END FUNCTION as nesting', () => {
    const line = 'File.Delete Files: f\nON ERROR REPEAT 2 TIMES WAIT 1\nIF a THEN\nELSE IF b THEN\nEND\nLOOP FOREACH i IN l\n    EXIT LOOP\nEND\n';
    expect(parseFlow(line.repeat(300)).problems).toEqual([]);
  });
});

describe('grammar definition', () => {
  it('passes chevrotain\'s own grammar and token validations (skipped at run time for start-up speed)', async () => {
    const { FlowParser } = await import('../src/syntax/parser.js');
    const { createLexer } = await import('../src/syntax/lexer.js');
    expect(() => new FlowParser({ validate: true })).not.toThrow();
    expect(() => createLexer({ validate: true })).not.toThrow();
  });

  it('names no rule or token like a property of Object.prototype', async () => {
    const { parser } = await import('../src/syntax/parser.js');
    const T = await import('../src/syntax/tokens.js');
    const names = [...Object.keys(parser.getGAstProductions()), ...T.allTokens.map((t) => t.name), ...T.parserTokens.map((t) => t.name)];
    expect(names.length).toBeGreaterThan(50);
    expect(names.filter((n) => n in Object.prototype)).toEqual([]);
    parser.low.reset('', new Set());
    expect(parser.parseFile([])).toEqual({ header: undefined, main: [], functions: [] });
  });
});
