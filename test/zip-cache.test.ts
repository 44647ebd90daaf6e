/**
 * `--cache` on solution zips (issue 20): a zip whose bytes are unchanged is not read again (its
 * contents come from the cache), each flow inside keeps its own result, and the output is byte
 * for byte that of an uncached run; a zip replaced by other bytes at the same path is read
 * again. Not timed: `npm run bench` measures.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { cacheEntries, cacheText, parseCacheText } from '../src/engine/cache.js';
import { LOCAL_ZIP, MAIN_ZIP } from './helpers/corpus.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'flowc-zip-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { cwd: tmp, env: {}, isTTY: false, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

describe('--cache on solution zips', () => {
  it('reads an unchanged zip from the cache, with the uncached output byte for byte', async () => {
    const a = path.join(tmp, 'a.zip');
    const b = path.join(tmp, 'b.zip');
    copyFileSync(MAIN_ZIP, a);
    copyFileSync(LOCAL_ZIP, b);
    const location = path.join(tmp, 'cache.json');
    for (const format of ['json', 'sarif', 'pretty']) {
      rmSync(location, { force: true });
      const plain = await run(['check', 'a.zip', 'b.zip', '--format', format]);
      expect(plain.out.length).toBeGreaterThan(1000);
      const cold = await run(['check', 'a.zip', 'b.zip', '--format', format, '--cache', '--cache-location', location, '--debug']);
      expect(cold.err).not.toMatch(/solution zips? read from the cache/);
      expect(cold.out).toBe(plain.out);
      const warm = await run(['check', 'a.zip', 'b.zip', '--format', format, '--cache', '--cache-location', location, '--debug']);
      expect(warm.err).toMatch(/ 0 analysed on 1 thread, \d+ from the cache, 2 solution zips read from the cache/);
      expect(warm.code).toBe(plain.code);
      expect(warm.out).toBe(plain.out);
    }
    // The cache file holds one solution entry per zip, beside one entry per flow.
    const body = parseCacheText(readFileSync(location, 'utf8'), JSON.parse(readFileSync(location, 'utf8').split('\n')[0]!).config).entries!;
    expect(Object.keys(body).filter((k) => k.endsWith('\u0000\u0000')).map((k) => path.basename(k.slice(0, -2)))).toEqual(['a.zip', 'b.zip']);
    expect(Object.keys(body).length).toBeGreaterThan(4);
  }, 120_000);

  it('a planted solution entry of the wrong shape is not used: the zip is read again, nothing crashes', async () => {
    const zip = path.join(tmp, 'd.zip');
    const location = path.join(tmp, 'cache-d.json');
    copyFileSync(MAIN_ZIP, zip);
    const plain = await run(['check', 'd.zip', '--format', 'json']);
    await run(['check', 'd.zip', '--format', 'json', '--cache', '--cache-location', location]);
    // Whoever writes the tree can write the cache too, checksum included: forge the zip's entry.
    const { header, entries } = cacheEntries(readFileSync(location, 'utf8'));
    const body = entries as Record<string, { solution?: { flows: Record<string, unknown>[]; connectionReferences: unknown[] } }>;
    const key = Object.keys(body).find((k) => k.endsWith('\u0000\u0000'))!;
    body[key]!.solution!.flows[0]!['binaries'] = [{ id: 7 }];
    body[key]!.solution!.connectionReferences = [null];
    writeFileSync(location, cacheText(header, body));
    const warm = await run(['check', 'd.zip', '--format', 'json', '--cache', '--cache-location', location, '--debug']);
    expect(warm.err).not.toMatch(/solution zips? read from the cache/);
    expect(warm.code).toBe(plain.code);
    expect(warm.out).toBe(plain.out);
  }, 120_000);

  it('reads a zip again when its bytes change at the same path', async () => {
    const zip = path.join(tmp, 'c.zip');
    const location = path.join(tmp, 'cache-c.json');
    copyFileSync(MAIN_ZIP, zip);
    const first = await run(['check', 'c.zip', '--format', 'json', '--cache', '--cache-location', location]);
    writeFileSync(zip, readFileSync(LOCAL_ZIP));
    const plain = await run(['check', 'c.zip', '--format', 'json']);
    expect(plain.out).not.toBe(first.out);
    const changed = await run(['check', 'c.zip', '--format', 'json', '--cache', '--cache-location', location, '--debug']);
    expect(changed.err).not.toMatch(/solution zips? read from the cache/);
    expect(changed.out).toBe(plain.out);
    const warm = await run(['check', 'c.zip', '--format', 'json', '--cache', '--cache-location', location, '--debug']);
    expect(warm.err).toMatch(/1 solution zip read from the cache/);
    expect(warm.out).toBe(plain.out);
  }, 120_000);
});
