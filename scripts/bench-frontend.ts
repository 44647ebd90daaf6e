/**
 * The front end's speed, phase by phase, on the built code (dist/, never through tsx: its
 * keepNames wrappers make the Chevrotain grammar ≈ 7× slower): lexing (the scanner, and
 * Chevrotain's Lexer of the same tokens for comparison), and the whole of
 * parseFlow (the parser's actions building the IR, and the rest of parse.ts). With `--against`
 * a build whose parser still made a concrete syntax tree (a CstParser, before the embedded
 * actions), also its lexing, its parse to a CST and its parseFlow, and the floor of any parser of
 * this grammar: lexing and recognising with that build's grammar on Chevrotain's
 * EmbeddedActionsParser without actions (`outputCst: false`: nothing built at all). Same
 * deterministic estate as `npm run bench` (scripts/estate.ts).
 *
 *   npm run build && npx tsx scripts/bench-frontend.ts [--lines 100000] [--rounds 7] [--against OTHER/dist] [--only parseFlow]
 *
 * `--against` loads a second build (another commit's dist/, with a node_modules next to it and,
 * outside a checkout, a package.json saying `"type": "module"`: tsx loads it as CommonJS
 * otherwise and fails to resolve Chevrotain's packages) in the same process and measures it too: the variants run interleaved, round after round, so
 * that the load of a shared machine falls on both alike; the table gives medians of wall time
 * and of this process's CPU time (user + system: less sensitive to other processes on a shared
 * machine, though it includes V8's helper threads). `--only WORD` keeps the variants whose
 * name contains WORD.
 * It asserts nothing.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { EmbeddedActionsParser } from 'chevrotain';
import { generateEstate } from './estate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '7' },
    seed: { type: 'string', default: '20261123' },
    against: { type: 'string' },
    only: { type: 'string' },
  },
});

type ParseModule = typeof import('../src/syntax/parse.js');
type LexerModule = typeof import('../src/syntax/lexer.js');
const load = async <M>(distDir: string, file: string): Promise<M> => (await import(pathToFileURL(path.join(distDir, 'syntax', file)).href)) as M;

const dist = path.join(root, 'dist');
const { parseFlow } = await load<ParseModule>(dist, 'parse.js');
const { lex, createLexer } = await load<LexerModule>(dist, 'lexer.js');
// Chevrotain's Lexer of the same tokens, which the scanner (scanner.ts) replaced in lex().
const chevrotainLexer = createLexer();
const other = values.against ? await load<ParseModule>(path.resolve(values.against), 'parse.js') : undefined;
const otherLex = values.against ? await load<LexerModule>(path.resolve(values.against), 'lexer.js') : undefined;
/** The other build's parser module: typed loosely, its parser may be a CstParser (before the embedded actions). */
const otherParser = values.against ? await load<{ parser: CstLike; FlowParser: new () => CstLike }>(path.resolve(values.against), 'parser.js') : undefined;
interface CstLike {
  input: unknown[];
  file(): unknown;
  outputCst?: boolean;
}
/** Only a CstParser-based grammar can be turned into a bare recogniser (a grammar with actions would run them). */
const otherMakesCst = otherParser?.parser.outputCst === true;
const recogniser = otherParser && otherMakesCst ? recognisingParser(otherParser.FlowParser) : undefined;

/**
 * The same grammar on Chevrotain's EmbeddedActionsParser: recognition without a CST and without
 * actions, what any parser of this grammar costs before it builds anything. CstParser forces
 * `outputCst: true`; `super()` resolves the parent class when it runs, so FlowParser is given
 * EmbeddedActionsParser as its parent for the one construction.
 */
function recognisingParser(Flow: new () => CstLike): CstLike {
  const parent = Object.getPrototypeOf(Flow) as object;
  Object.setPrototypeOf(Flow, EmbeddedActionsParser);
  try {
    return new Flow();
  } finally {
    Object.setPrototypeOf(Flow, parent);
  }
}

const texts: string[] = [];
let lines = 0;
for (const f of generateEstate({ seed: Number(values.seed), lines: Number(values.lines) })) {
  texts.push(f.text);
  lines += f.lines;
}

const variants: [string, () => void][] = [
  ['lex', () => {
    for (const t of texts) lex(t);
  }],
  ["lex with Chevrotain's Lexer", () => {
    for (const t of texts) chevrotainLexer.tokenize(t);
  }],
  ['parseFlow', () => {
    for (const t of texts) parseFlow(t);
  }],
];
if (other && otherLex && otherParser) {
  variants.push([`lex of ${values.against}`, () => {
    for (const t of texts) otherLex.lex(t);
  }]);
  if (recogniser) {
    variants.push([`lex+recognise (no CST, no actions) of ${values.against}`, () => {
      for (const t of texts) {
        recogniser.input = otherLex.lex(t).tokens;
        recogniser.file();
      }
    }]);
    variants.push([`lex+parse to CST of ${values.against}`, () => {
      for (const t of texts) {
        otherParser.parser.input = otherLex.lex(t).tokens;
        otherParser.parser.file();
      }
    }]);
  }
  variants.push([`parseFlow of ${values.against}`, () => {
    for (const t of texts) other.parseFlow(t);
  }]);
}

const chosen = values.only ? variants.filter(([n]) => n.includes(values.only!)) : variants;
const times = new Map<string, number[]>(chosen.map(([n]) => [n, []]));
const cpu = new Map<string, number[]>(chosen.map(([n]) => [n, []]));
const rounds = Number(values.rounds);
// One warm-up round (look-ahead functions, JIT), then the measured rounds, interleaved.
for (let r = -1; r < rounds; r++) {
  // Every other round in reverse order: no variant always runs after the same one (its garbage).
  for (const [name, run] of r % 2 ? [...chosen].reverse() : chosen) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (r >= 0) {
      times.get(name)!.push(ms);
      cpu.get(name)!.push((c.user + c.system) / 1000);
    }
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`${lines.toLocaleString('en-US')} lines, ${texts.length} flows, median of ${rounds} interleaved rounds (node ${process.version})`);
console.log(`${'variant'.padEnd(64)} ${'wall ms'.padStart(8)} ${'lines/s'.padStart(10)} ${'CPU ms'.padStart(8)} ${'lines/s'.padStart(10)}  (wall min–max)`);
const perSec = (ms: number): string => Math.round(lines / (ms / 1000)).toLocaleString('en-US').padStart(10);
for (const [name] of chosen) {
  const xs = times.get(name)!;
  const m = median(xs);
  const c = median(cpu.get(name)!);
  console.log(`${name.padEnd(64)} ${m.toFixed(0).padStart(8)} ${perSec(m)} ${c.toFixed(0).padStart(8)} ${perSec(c)}  (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`);
}
