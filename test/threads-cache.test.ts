/**
 * `--threads N` and `--cache` (issue 10): worker threads and cached results give byte for byte
 * the output of a single-threaded cold run; a changed file is analysed again and the cross-flow
 * diagnostics of the flows that depend on it follow; an unusable cache file is ignored and
 * rewritten. Not timed: `npm run bench` measures.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/index.js';
import { autoPlan, autoThreads, batches } from '../src/engine/threads.js';
import { cacheFile, cacheText, parseCacheText } from '../src/engine/cache.js';
import { generateEstate } from '../scripts/estate.js';
import { CORPUS_ZIPS, repoRoot } from './helpers/corpus.js';
import { runCli } from './helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'flowc-threads-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (cwd: string, args: string[]) => runCli(args, { cwd });

describe('--threads', () => {
  const estate = path.join(tmp, 'estate');
  beforeAll(() => {
    mkdirSync(estate);
    // Enough flows for several batches per worker, with syntax errors and child flows.
    for (const f of generateEstate({ seed: 7, lines: 8_000, errorRate: 0.1 })) writeFileSync(path.join(estate, `${f.name}.flow`), f.text);
  });

  // Every fixture (suppressions, clipboard footers, solutions, cross-flow rules), the real
  // corpus (solution zips) and a synthetic estate, in one run.
  const inputs = (): string[] => ['fixtures', ...CORPUS_ZIPS, estate];

  for (const format of ['json', 'sarif'] as const) {
    it(`gives the single-threaded output byte for byte (${format})`, async () => {
      const one = await run(repoRoot, ['check', ...inputs(), '--format', format, '--threads', '1']);
      expect(one.err).toBe('');
      expect(one.code).toBe(1);
      expect(one.out.length).toBeGreaterThan(10_000);
      const three = await run(repoRoot, ['check', ...inputs(), '--format', format, '--threads', '3', '--debug']);
      // --threads is capped at the core count.
      expect(three.err).toMatch(new RegExp(`analysed on ${Math.min(3, availableParallelism())} thread`));
      expect(three.code).toBe(one.code);
      expect(three.out).toBe(one.out);
      // The cache too: results that went through JSON (cold, then warm) give the same bytes.
      const location = path.join(tmp, `all-${format}.cache`);
      const first = await run(repoRoot, ['check', ...inputs(), '--format', format, '--threads', '1', '--cache', '--cache-location', location]);
      expect(first.out).toBe(one.out);
      const warm = await run(repoRoot, ['check', ...inputs(), '--format', format, '--threads', '1', '--cache', '--cache-location', location, '--debug']);
      expect(warm.err).toMatch(/ 0 analysed on 1 thread, \d+ from the cache/);
      expect(warm.code).toBe(one.code);
      expect(warm.out).toBe(one.out);
    }, 240_000);
  }

  it('auto: one thread below the size that pays for workers, then one per core', () => {
    const docs = (n: number, size: number) => Array.from({ length: n }, (_, i) => ({ path: `${i}.flow`, absolutePath: `/${i}.flow`, text: 'x'.repeat(size), origin: 'file' as const }));
    expect(autoThreads(docs(10, 1000), 2)).toBe(1);
    expect(autoThreads(docs(100, 60_000), 8)).toBe(1);
    expect(autoThreads(docs(100, 100_000), 2)).toBe(2);
    expect(autoThreads(docs(100, 160_000), 64)).toBe(4);
    expect(autoThreads(docs(1, 40_000_000), 8)).toBe(1);
    // On 2 cores, a run large enough for a second thread is analysed in one worker, this thread waiting.
    expect(autoPlan(docs(100, 100_000), 2)).toEqual({ threads: 1, workersOnly: true });
    expect(autoPlan(docs(100, 60_000), 2)).toEqual({ threads: 1, workersOnly: false });
    expect(autoPlan(docs(100, 160_000), 4)).toEqual({ threads: 4, workersOnly: false });
  });

  it('auto on 2 cores: the analysis in one worker gives the single-threaded output byte for byte', async () => {
    const { allRules } = await import('../src/rules/index.js');
    const { servicesFrom } = await import('../src/engine/services-data.js');
    const { servicesData } = await import('../src/engine/pipeline.js');
    const { defaultConfig } = await import('../src/inputs/config.js');
    const { analyzeInThreads } = await import('../src/engine/threads.js');
    const { toFileResult } = await import('../src/engine/file-result.js');
    const { analyzeFile } = await import('../src/engine/analyze.js');
    type Doc = import('../src/model/source.js').SourceDocument;
    const docs: Doc[] = [...generateEstate({ seed: 5, lines: 3_000, errorRate: 0.1 })].map((f) => ({ path: `${f.name}.flow`, absolutePath: `/${f.name}.flow`, text: f.text, origin: 'file' as const }));
    const data = servicesData(defaultConfig(tmp));
    const services = servicesFrom(data);
    const local = (doc: Doc) => toFileResult(analyzeFile(doc, services, allRules, {}));
    let localCalls = 0;
    const inWorker = await analyzeInThreads(docs, { services: data, settings: {} }, 1, (d) => (localCalls++, local(d)), undefined, true);
    expect(localCalls).toBe(0);
    expect(JSON.stringify(inWorker)).toBe(JSON.stringify(docs.map(local)));
  }, 120_000);

  it('cuts batches by size in document order, the same every time', () => {
    const docs = Array.from({ length: 50 }, (_, i) => ({ path: `${i}.flow`, absolutePath: `/${i}.flow`, text: 'x'.repeat(10_000 * (1 + (i % 7))), origin: 'file' as const }));
    const b = batches(docs, 2);
    expect(b.flat()).toEqual(docs.map((_, i) => i));
    expect(b.length).toBeGreaterThan(2);
    expect(batches(docs, 2)).toEqual(b);
  });

  it('rejects a bad --threads', async () => {
    const r = await run(repoRoot, ['check', 'examples', '--threads', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--threads expects/);
  });
});

const PARENT = `FLOW 'Month end'
    OWNER 'alice@contoso.com'
    RUNS ATTENDED
END FLOW
@@flowname: 'Upload'
External.RunFlow FlowId: 'a261fa2e-fce6-49c8-909a-a94012906030' WaitToComplete: True
SET unused TO 1
`;
const CHILD_OK = `FLOW 'Upload'
    ID 'a261fa2e-fce6-49c8-909a-a94012906030'
    OWNER 'alice@contoso.com'
    RUNS CONSOLE
END FLOW
SET Site TO $'''https://contoso.sharepoint.com/sites/finance'''
External.InvokeCloudConnector Connection: '9c94fd45-2b5a-417f-8cbf-1ef6a134e654' ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_sharepointonline' OperationId: 'GetItems' @dataset: Site @table: $'''Invoices''' @GetItemsResponse=> Items
# [ControlRepository][PowerAutomateDesktop]
{"ControlRepositorySymbols":[],"ConnectionReferences":[{"ConnectorId":"/providers/Microsoft.PowerApps/apis/shared_sharepointonline","DisplayName":"SharePoint","InternalId":"9c94fd45-2b5a-417f-8cbf-1ef6a134e654","LogicalName":"contoso_SharePoint","IsEmbedded":false}]}
`;
// Shared (a run-only user) with a footer reference that is not embedded: FC306 on the parent,
// with a related location inside the child's clipboard footer.
const CHILD_SHARED = CHILD_OK.replace("    RUNS CONSOLE\n", "    USER 'carol@contoso.com'\n    RUNS CONSOLE\n");
const OTHER = "# flowc-disable-next-line FC006 -- kept for debugging\nSET debug TO 1\nSET other TO debug\n";

describe('--cache', () => {
  let n = 0;
  /** A fresh project folder with the three flows. */
  function project(): string {
    const dir = path.join(tmp, `p${n++}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'parent.flow'), PARENT);
    writeFileSync(path.join(dir, 'child.flow'), CHILD_OK);
    writeFileSync(path.join(dir, 'other.flow'), OTHER);
    return dir;
  }
  const cold = async (dir: string) => (await run(dir, ['check', '.', '--format', 'json'])).out;
  const cached = (dir: string, extra: string[] = []) => run(dir, ['check', '.', '--format', 'json', '--cache', '--debug', ...extra]);
  const counts = (err: string) => {
    const m = /(\d+) documents, (\d+) analysed on \d+ threads?, (\d+) from the cache/.exec(err);
    return m ? { documents: Number(m[1]), analysed: Number(m[2]), cached: Number(m[3]) } : undefined;
  };

  it('keeps its cache in node_modules/.cache/flowc in a Node project (package.json beside the config)', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'package.json'), '{}\n');
    expect(path.relative(dir, cacheFile(undefined, dir, dir))).toMatch(/^node_modules[\\/]\.cache[\\/]flowc[\\/]cache_[0-9a-f]{12}\.json$/);
  });

  it('gives the cold output, and a second run analyses nothing', async () => {
    const dir = project();
    const expected = await cold(dir);
    const first = await cached(dir);
    expect(first.out).toBe(expected);
    expect(counts(first.err)).toEqual({ documents: 3, analysed: 3, cached: 0 });
    const file = cacheFile(undefined, dir, dir);
    // Not a Node project: a .flowc-cache file beside the config (as ESLint's .eslintcache).
    expect(path.relative(dir, file)).toBe('.flowc-cache');
    expect(existsSync(file)).toBe(true);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
    const bytes = readFileSync(file, 'utf8');
    const second = await cached(dir);
    expect(second.out).toBe(expected);
    expect(counts(second.err)).toEqual({ documents: 3, analysed: 0, cached: 3 });
    // Nothing changed: the file is not rewritten (same bytes either way).
    expect(readFileSync(file, 'utf8')).toBe(bytes);
  });

  it('analyses a changed file again, and its dependents’ cross-flow diagnostics follow', async () => {
    const dir = project();
    await cached(dir);
    expect((await cached(dir)).out).not.toMatch(/FC306/);
    writeFileSync(path.join(dir, 'child.flow'), CHILD_SHARED);
    const changed = await cached(dir);
    expect(counts(changed.err)).toEqual({ documents: 3, analysed: 1, cached: 2 });
    expect(changed.out).toMatch(/"rule": "FC306"/);
    expect(changed.out).toBe(await cold(dir));
    // …and back: FC306 goes away although the parent itself came from the cache.
    writeFileSync(path.join(dir, 'child.flow'), CHILD_OK);
    const back = await cached(dir);
    expect(counts(back.err)).toEqual({ documents: 3, analysed: 1, cached: 2 });
    expect(back.out).not.toMatch(/FC306/);
    expect(back.out).toBe(await cold(dir));
  });

  it('counts through the pipeline too (Pipeline.stats)', async () => {
    const dir = project();
    const opts = { paths: [dir], cwd: dir, noConfig: true, cache: {} };
    expect((await runPipeline(opts)).stats).toMatchObject({ documents: 3, analysed: 3, cached: 0 });
    writeFileSync(path.join(dir, 'other.flow'), `${OTHER}SET more TO 2\n`);
    expect((await runPipeline(opts)).stats).toMatchObject({ documents: 3, analysed: 1, cached: 2 });
  });

  const breakages: [string, (text: string) => string][] = [
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2))],
    ['empty', () => ''],
    ['binary garbage', () => '\u0000\u00ff\u0001garbage'],
    ['another tool’s JSON', () => '{"version":"7.0.0","files":{}}\n'],
    ['another flowc version', (t) => t.replace(/"flowc":"[^"]*"/, '"flowc":"0.0.0-other"')],
    ['a changed byte in the body (checksum)', (t) => t.replace('"FC006"', '"FC007"')],
    ['a valid checksum over entries of the wrong shape', (t) => {
      return cacheText(JSON.parse(t.slice(0, t.indexOf('\n'))) as Record<string, unknown>, { '/x\u0000': { hash: 1 }, '/y\u0000': [] });
    }],
    ['a valid checksum over a body in another shape (one JSON object, as format 5 wrote)', (t) => {
      const body = '{"x":{"hash":1},"y":[]}';
      const header = JSON.parse(t.slice(0, t.indexOf('\n')));
      header.sha256 = createHash('sha256').update(body).digest('hex');
      return `${JSON.stringify(header)}\n${body}\n`;
    }],
  ];
  for (const [what, breakIt] of breakages) {
    it(`ignores and rewrites a cache file that is ${what}`, async () => {
      const dir = project();
      const expected = await cold(dir);
      await cached(dir);
      const file = cacheFile(undefined, dir, dir);
      writeFileSync(file, breakIt(readFileSync(file, 'utf8')));
      const r = await cached(dir);
      expect(r.code).toBe(0);
      expect(r.out).toBe(expected);
      expect(counts(r.err)).toEqual({ documents: 3, analysed: 3, cached: 0 });
      const again = await cached(dir);
      expect(counts(again.err)).toEqual({ documents: 3, analysed: 0, cached: 3 });
      expect(again.out).toBe(expected);
    });
  }

  it('is dropped when the configuration changes what per-file results depend on', async () => {
    const dir = project();
    await cached(dir);
    writeFileSync(path.join(dir, 'flowc.config.json'), JSON.stringify({ rules: { FC006: 'off' } }));
    const r = await cached(dir);
    expect(r.err).toMatch(/previous file ignored: the configuration changed/);
    expect(counts(r.err)).toEqual({ documents: 3, analysed: 3, cached: 0 });
    expect(r.out).not.toMatch(/FC006/);
    expect(r.out).toBe(await cold(dir));
  });

  it('writes the same bytes for the same results, wherever --cache-location puts it', async () => {
    const dir = project();
    await cached(dir, ['--cache-location', 'a.cache']);
    await cached(dir, ['--cache-location', 'folder/']);
    const a = readFileSync(path.join(dir, 'a.cache'), 'utf8');
    const b = readFileSync(cacheFile('folder/', dir, dir), 'utf8');
    expect(path.dirname(cacheFile('folder/', dir, dir))).toBe(path.join(dir, 'folder'));
    expect(a).toBe(b);
    expect(parseCacheText(a, JSON.parse(a.slice(0, a.indexOf('\n'))).config).entries).toBeDefined();
  });

  it('works with --threads: cached, analysed in workers, merged in order', async () => {
    const dir = path.join(tmp, 'estate-cache');
    mkdirSync(dir);
    const names: string[] = [];
    for (const f of generateEstate({ seed: 11, lines: 6_000, errorRate: 0.1 })) {
      writeFileSync(path.join(dir, `${f.name}.flow`), f.text);
      names.push(f.name);
    }
    const expected = await cold(dir);
    await cached(dir, ['--threads', '1']);
    // Change every third flow: those go to the workers, the rest come from the cache.
    for (const name of names.filter((_, i) => i % 3 === 0)) writeFileSync(path.join(dir, `${name}.flow`), `${readFileSync(path.join(dir, `${name}.flow`), 'utf8')}SET touched TO 1\n`);
    const expectedAfter = await cold(dir);
    expect(expectedAfter).not.toBe(expected);
    const r = await cached(dir, ['--threads', '2']);
    expect(counts(r.err)).toMatchObject({ analysed: Math.ceil(names.length / 3), cached: names.length - Math.ceil(names.length / 3) });
    expect(r.err).toMatch(/on 2 threads/);
    expect(r.out).toBe(expectedAfter);
  }, 120_000);
});
