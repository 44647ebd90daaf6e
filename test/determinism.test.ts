/**
 * Deterministic output: every command's output (stdout and the files it writes) is byte for byte
 * the same across runs, time zones (TZ), locales (LANG, LC_ALL) and the order the inputs are
 * given in. Each variant runs in its own fresh process (test/helpers/run-cli.ts), since Node
 * reads the time zone and the ICU default locale from the environment when it starts.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_ZIP, repoRoot } from './helpers/corpus.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowc-determinism-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ZIP = path.basename(MAIN_ZIP);
/** tsx's loader, by URL: the children run in a temp folder where `tsx` would not resolve. */
const TSX = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const FLOWS = ['invoice-upload.flow', 'cleanup.flow'];

interface Variant {
  tag: string;
  env: Record<string, string>;
  reversed: boolean;
}

const VARIANTS: Variant[] = [
  { tag: 'a', env: { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }, reversed: false },
  { tag: 'b', env: { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8', LANGUAGE: 'tr' }, reversed: true },
  { tag: 'c', env: { TZ: 'America/St_Johns', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', LANGUAGE: 'de' }, reversed: false },
];

function commands(v: Variant): string[][] {
  const all = [ZIP, ...FLOWS];
  const paths = v.reversed ? [...all].reverse() : all;
  return [
    ...['json', 'sarif', 'github', 'pretty'].map((f) => ['check', ...paths, '--format', f, '--no-color']),
    ...['md', 'json', 'csv', 'html'].map((f) => ['report', ...paths, '--format', f]),
    ...['dot', 'mermaid', 'json'].map((f) => ['graph', ...paths, '--format', f]),
    ['access', 'invoice-upload.flow', '--format', 'json'],
    ['build', ...paths, '--out-dir', `build-${v.tag}`, '--quiet'],
    ['build', ...paths, '--format', 'clipboard', '--out-dir', `clipboard-${v.tag}`, '--quiet'],
    ['import', ZIP, '--out-dir', `import-${v.tag}`, '--quiet'],
    ['report', ...paths, '--format', 'html', '--out', `report-${v.tag}.html`],
  ];
}

interface Result {
  args: string[];
  code: number;
  out: string;
  err: string;
}

function runVariant(v: Variant): Promise<Result[]> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [k, val] of Object.entries(process.env)) if (val !== undefined && !/^(LANG|LC_|LANGUAGE$|TZ$)/.test(k)) env[k] = val;
    const child = spawn(process.execPath, ['--import', TSX, path.join(repoRoot, 'test/helpers/run-cli.ts'), JSON.stringify(commands(v))], {
      cwd: dir,
      env: { ...env, ...v.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`variant ${v.tag} exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as Result[]);
    });
  });
}

/** A folder's files, by name, as bytes (hex would hide nothing; compare Buffers). */
function files(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(path.join(dir, folder)).sort()) out[f] = readFileSync(path.join(dir, folder, f)).toString('base64');
  return out;
}

let results: Result[][];

beforeAll(async () => {
  copyFileSync(MAIN_ZIP, path.join(dir, ZIP));
  for (const f of FLOWS) copyFileSync(path.join(repoRoot, 'examples', f), path.join(dir, f));
  results = await Promise.all(VARIANTS.map(runVariant));
}, 170_000);

describe('the same output whatever the run, time zone, locale and input order', () => {
  it('every command succeeds in every variant', () => {
    for (const [i, rs] of results.entries()) {
      for (const r of rs) expect(r.code, `${VARIANTS[i]!.tag}: flowc ${r.args.join(' ')}: ${r.err}`).toBeLessThanOrEqual(1);
    }
  });

  it('prints the same bytes', () => {
    const [a, ...rest] = results;
    for (const [i, r] of a!.entries()) {
      for (const other of rest) {
        const o = other[i]!;
        expect(o.out, `flowc ${r.args.join(' ')} vs flowc ${o.args.join(' ')}`).toBe(r.out);
        expect(o.err, `stderr of flowc ${r.args.join(' ')}`).toBe(r.err);
      }
    }
  });

  it('writes the same files', () => {
    for (const kind of ['build', 'clipboard', 'import']) {
      const a = files(`${kind}-a`);
      expect(Object.keys(a).length, kind).toBeGreaterThan(0);
      expect(files(`${kind}-b`), kind).toEqual(a);
      expect(files(`${kind}-c`), kind).toEqual(a);
    }
    const report = readFileSync(path.join(dir, 'report-a.html'));
    expect(readFileSync(path.join(dir, 'report-b.html')).equals(report)).toBe(true);
    expect(readFileSync(path.join(dir, 'report-c.html')).equals(report)).toBe(true);
  });
});
