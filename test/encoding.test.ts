/**
 * Issue #15: flow text saved in a legacy code page (Notepad's "ANSI": Shift_JIS on a Japanese
 * Windows, Windows-1252 on a western one). `encoding` in flowc.config.json and `--encoding` name
 * it; files with a BOM or valid UTF-8 are read as before; without the option FC010 says what to do.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/pipeline.js';
import { loadConfig } from '../src/inputs/config.js';
import { configHash } from '../src/engine/cache.js';
import { encodingProblem } from '../src/inputs/encoding.js';
import { runCli } from './helpers/cli.js';
import type { FlowDiff } from '../src/generated/diff.js';

const work = mkdtempSync(path.join(tmpdir(), 'flowc-encoding-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function folder(files: Record<string, string | Uint8Array>): string {
  const dir = path.join(work, `p${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
/** `SET Title TO $'''確認'''` in Shift_JIS (確 = 8A 6D, 認 = 94 46), CRLF. */
const SHIFT_JIS = Uint8Array.from([...ascii("SET Title TO $'''"), 0x8a, 0x6d, 0x94, 0x46, ...ascii("'''\r\n")]);
/** `SET Price TO $'''€5 café'''` in Windows-1252 (€ = 80, é = E9). */
const WINDOWS_1252 = Uint8Array.from([...ascii("SET Price TO $'''"), 0x80, ...ascii('5 caf'), 0xe9, ...ascii("'''\n")]);
const UTF8 = "SET Price TO $'''€5 café'''\n";

async function texts(dir: string, encoding?: string) {
  const p = await runPipeline({ paths: [dir], cwd: dir, noConfig: true, encoding });
  return p.results.map((r) => ({ path: r.doc.path, text: r.doc.text, codes: r.diagnostics.map((d) => d.rule), diagnostics: r.diagnostics }));
}

describe('encoding labels', () => {
  it('accepts WHATWG labels and refuses unknown ones with a suggestion, and UTF-16', () => {
    for (const label of ['shift_jis', 'Shift_JIS', 'sjis', 'windows-1252', 'gbk', 'euc-kr', 'utf-8']) expect(encodingProblem(label), label).toBeUndefined();
    expect(encodingProblem('shift_ji')).toMatchObject({ message: expect.stringContaining('unknown encoding "shift_ji"'), suggestion: 'shift_jis' });
    expect(encodingProblem('windos-1252')?.suggestion).toBe('windows-1252');
    expect(encodingProblem('utf-16le')?.message).toContain('byte-order mark');
  });
});

describe('decoding flow text', () => {
  it('decodes a Shift_JIS file with --encoding shift_jis', async () => {
    const [r] = await texts(folder({ 'a.flow': SHIFT_JIS }), 'shift_jis');
    expect(r!.text).toBe("SET Title TO $'''確認'''\r\n");
    expect(r!.codes).not.toContain('FC010');
  });

  it('decodes a Windows-1252 file with --encoding windows-1252', async () => {
    const [r] = await texts(folder({ 'a.flow': WINDOWS_1252 }), 'windows-1252');
    expect(r!.text).toBe("SET Price TO $'''€5 café'''\n");
    expect(r!.codes).not.toContain('FC010');
  });

  it('decodes windows-1252 as WHATWG says at 80–9F (Node 20 decodes it as ISO-8859-1), under any of its labels', async () => {
    const bytes = Uint8Array.from([...ascii("SET A TO $'''"), 0x80, 0x85, 0x8a, 0x93, 0x94, 0x99, 0x9f, ...ascii("'''\n")]);
    for (const label of ['windows-1252', 'latin1', 'cp1252']) {
      const [r] = await texts(folder({ 'a.flow': bytes }), label);
      expect(r!.text, label).toBe("SET A TO $'''€…Š“”™Ÿ'''\n");
    }
  });

  it('leaves a UTF-8 file as it is when an encoding is given', async () => {
    const [r] = await texts(folder({ 'a.flow': UTF8 }), 'windows-1252');
    expect(r!.text).toBe(UTF8);
  });

  it('reports FC010 when the bytes are not valid in the given encoding either', async () => {
    // E9 20 (Latin-1 "é ") is no Shift_JIS: E9 is a lead byte, 20 no trail byte.
    const [r] = await texts(folder({ 'a.flow': Uint8Array.from([...ascii("SET A TO $'''caf"), 0xe9, 0x20, ...ascii("'''\n")]) }), 'shift_jis');
    expect(r!.codes).toEqual(['FC010']);
    expect(r!.diagnostics[0]!.message).toContain('neither UTF-8 text nor shift_jis text');
  });

  it('without the option, FC010 says to convert the file or set `encoding` / --encoding', async () => {
    const [r] = await texts(folder({ 'a.flow': SHIFT_JIS }));
    expect(r!.codes).toEqual(['FC010']);
    const d = r!.diagnostics[0]!;
    expect(d.message).toMatch(/^byte 0x8A is not valid UTF-8: .*save it as UTF-8, or name its code page with `encoding` in flowc\.config\.json or `--encoding`$/);
    expect(d.help).toContain('`--encoding`');
    expect(d.help).toContain('save the file as UTF-8');
  });
});

describe('configuration and command line', () => {
  it('flowc.config.json `encoding` is read, validated with a suggestion', () => {
    const good = folder({ 'flowc.config.json': JSON.stringify({ encoding: 'shift_jis' }) });
    expect(loadConfig(path.join(good, 'flowc.config.json')).config.encoding).toBe('shift_jis');
    const bad = folder({ 'flowc.config.json': JSON.stringify({ encoding: 'shift-jiss' }) });
    expect(() => loadConfig(path.join(bad, 'flowc.config.json'))).toThrow(/encoding.*unknown encoding "shift-jiss"[\s\S]*shift_jis/);
  });

  it('the config decodes files; --encoding overrides it', async () => {
    const dir = folder({ 'flowc.config.json': JSON.stringify({ include: ['*.flow'], encoding: 'shift_jis' }), 'a.flow': WINDOWS_1252 });
    const viaConfig = await runCli(['check', '--format', 'json'], { cwd: dir });
    expect(viaConfig.out).toContain('FC010'); // € (80) is no Shift_JIS lead byte
    const viaCli = await runCli(['check', '--format', 'json', '--encoding', 'windows-1252'], { cwd: dir });
    expect(viaCli.out).not.toContain('FC010');
    const sjis = folder({ 'flowc.config.json': JSON.stringify({ include: ['*.flow'], encoding: 'shift_jis' }), 'a.flow': SHIFT_JIS });
    expect((await runCli(['check', '--format', 'json'], { cwd: sjis })).out).not.toContain('FC010');
  });

  it('an unknown --encoding is a usage error (exit 2) with a did-you-mean; an unknown config value exits 2', async () => {
    const dir = folder({ 'a.flow': SHIFT_JIS });
    const r = await runCli(['check', '--encoding', 'shift_ji', 'a.flow'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--encoding: unknown encoding "shift_ji"');
    expect(r.err).toContain('did you mean --encoding shift_jis?');
    const bad = folder({ 'flowc.config.json': JSON.stringify({ encoding: 'latin-9x' }), 'a.flow': SHIFT_JIS });
    expect((await runCli(['check', 'a.flow'], { cwd: bad })).code).toBe(2);
  });

  it('flowc diff --git --encoding decodes both sides; without it a side is unreadable (FC010), refused as before', async () => {
    const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
    const repo = folder({ 'a.flow': SHIFT_JIS });
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
    // 確認 → 認確: the same bytes, swapped.
    writeFileSync(path.join(repo, 'a.flow'), Uint8Array.from([...ascii("SET Title TO $'''"), 0x94, 0x46, 0x8a, 0x6d, ...ascii("'''\r\n")]));
    git(repo, 'commit', '-qam', 'two');
    for (const range of ['HEAD~1..HEAD', 'HEAD~1']) {
      const r = await runCli(['diff', '--git', range, '--encoding', 'shift_jis', '--format', 'json'], { cwd: repo });
      expect(r.err).toBe('');
      expect(r.code).toBe(1);
      const d = JSON.parse(r.out) as FlowDiff;
      expect(d.flows.map((f) => [f.newFile, f.status])).toEqual([['a.flow', 'changed']]);
      expect(r.out).toContain('確認');
      expect(r.out).toContain('認確');
    }
    const without = await runCli(['diff', '--git', 'HEAD~1..HEAD', '--format', 'json'], { cwd: repo });
    expect(without.code).toBe(2);
    expect(without.out).toBe('');
    expect(without.err).toMatch(/^flowc: a\.flow: byte 0x8A is not valid UTF-8/);
  });

  it('--encoding is an option of the commands that read flows only: elsewhere an unknown option', async () => {
    const dir = folder({ 'a.flow': SHIFT_JIS });
    for (const args of [['rules'], ['explain', 'FC010'], ['init'], ['import', 'a.flow', '--out-dir', 'out']]) {
      const r = await runCli([...args, '--encoding', 'shift_jis'], { cwd: dir });
      expect(r.code, args[0]).toBe(2);
      expect(r.err, args[0]).toContain("unknown option '--encoding'");
      expect((await runCli([args[0]!, '--help'], { cwd: dir })).out, args[0]).not.toContain('--encoding');
    }
    for (const name of ['check', 'build', 'report', 'graph', 'access', 'diff']) {
      const help = (await runCli([name, '--help'], { cwd: dir })).out;
      expect(help, name).toContain('[--encoding LABEL]');
      expect(help, name).toMatch(/\n {6}--encoding LABEL {5}the code page of flow text files/);
    }
  });

  it('the cache key includes the encoding', () => {
    const settings = { severities: {} };
    const services = { extraConnectors: [], settings: {} } as unknown as Parameters<typeof configHash>[1];
    const none = configHash(settings, services, ['FC010']);
    expect(configHash(settings, services, ['FC010'], 'shift_jis')).not.toBe(none);
    expect(configHash(settings, services, ['FC010'], 'shift_jis')).not.toBe(configHash(settings, services, ['FC010'], 'windows-1252'));
  });
});
