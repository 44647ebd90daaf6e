/**
 * `--threads N`: the per-file phase on N threads, this one and N - 1 worker threads
 * (node:worker_threads).
 *
 * Documents are cut into batches in document order (by size only, so the same input gives the
 * same batches); each thread takes the next batch when it is ready for one; every result is put
 * back at its document's index. The per-file phase is a pure function of the document, so which
 * thread ran which batch cannot change the output: it is byte-identical to a single-threaded run.
 *
 * The worker entry is src/engine/worker.ts next to this module (see workerEntry): a bundler must
 * emit it as its own entry point (`worker.js`) beside the module that holds this code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileResult } from './file-result.js';
import type { SourceDocument } from '../model/source.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker.js';

/**
 * `--threads auto` gives each thread at least this much source text (UTF-16 code units, about
 * bytes). A worker costs ≈ 0.4 s to start (loading the analysis code, building the parser) and
 * compiles that code again; and one V8 thread already keeps ≈ 1.3 cores busy (concurrent GC and
 * compiler threads), so on 2 cores a second thread only paid from ≈ 6 MB (≈ 150k script lines)
 * of flows: see README "Threads and cache". Below 8 MB a run stays in the main thread.
 */
export const AUTO_CHARS_PER_THREAD = 4_000_000;
/**
 * A worker's young generation (V8 `maxYoungGenerationSizeMb`; Node's default is 48 on 64-bit).
 * The per-file phase allocates many short-lived objects: at 96 MB a worker spends ≈ 30% less CPU
 * on scavenges (measured on the synthetic estate), for ≈ 50 MB more memory per worker.
 */
const WORKER_YOUNG_GENERATION_MB = 96;
/** Batches per thread: enough to even out uneven files, few enough to keep messages cheap. */
const BATCHES_PER_THREAD = 8;
const MIN_BATCH_CHARS = 64 * 1024;
/** Small enough that the last batches end close together (≈ 0.3 s of work each). */
const MAX_BATCH_CHARS = 256 * 1024;

/** `--threads auto`: the core count when the work pays for workers (one per AUTO_CHARS_PER_THREAD), else 1. */
export function autoThreads(docs: readonly SourceDocument[], cores = availableParallelism()): number {
  let chars = 0;
  for (const d of docs) chars += d.text.length;
  const n = Math.min(cores, docs.length, Math.floor(chars / AUTO_CHARS_PER_THREAD));
  return n >= 2 ? n : 1;
}

/**
 * `--threads auto`'s plan: `threads` analysing threads, and whether they are all workers (this
 * thread waits). On 2 cores a run large enough for a second thread is analysed in one worker
 * instead, this thread waiting: one thread already keeps ≈ 1.4 cores busy, and the worker's larger
 * young generation (WORKER_YOUNG_GENERATION_MB) makes its garbage die young, where this thread's
 * default one promotes much of each flow's IR. Measured (README "Performance"): on the 1M-line
 * estate with the CST front end, ≈ 12% less CPU and ≈ 40% less peak memory than this thread and
 * a worker, and no slower; with the front end and analysis that allocate less, on 300k lines, as
 * fast as either, with ≈ 16% less CPU than this thread and a worker.
 */
export function autoPlan(docs: readonly SourceDocument[], cores = availableParallelism()): { threads: number; workersOnly: boolean } {
  const threads = autoThreads(docs, cores);
  return threads === 2 && cores <= 2 ? { threads: 1, workersOnly: true } : { threads, workersOnly: false };
}

/** Contiguous runs of document indexes, cut by size. */
export function batches(docs: readonly SourceDocument[], threads: number): number[][] {
  let total = 0;
  for (const d of docs) total += d.text.length;
  const target = Math.min(MAX_BATCH_CHARS, Math.max(MIN_BATCH_CHARS, Math.ceil(total / (threads * BATCHES_PER_THREAD))));
  const out: number[][] = [];
  let cur: number[] = [];
  let size = 0;
  docs.forEach((d, i) => {
    cur.push(i);
    size += d.text.length;
    if (size >= target) {
      out.push(cur);
      cur = [];
      size = 0;
    }
  });
  if (cur.length) out.push(cur);
  return out;
}

/**
 * How to start a worker. From dist/: `worker.js` beside this file. From source (vitest, tsx):
 * `worker.ts`, through tsx's loader registered inside the worker first (Node 20 does not apply
 * `--import` loaders to a worker's own entry), so an eval'd bootstrap registers it, then imports.
 */
function workerEntry(): { code: string | URL; eval: boolean } | undefined {
  if (!fileURLToPath(import.meta.url).endsWith('.ts')) {
    const url = new URL('./worker.js', import.meta.url);
    return existsSync(url) ? { code: url, eval: false } : undefined;
  }
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  return { code: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, eval: true };
}

/**
 * Runs the per-file phase of `docs` on `threads` threads: this one (`local`) and `threads - 1`
 * workers, all taking batches from one queue; results in document order. This thread has already
 * loaded the analysis code, so it starts at once while the workers start up; it looks at worker
 * replies between documents, and each worker has two batches in hand so that it never waits for
 * this thread. Undefined when there is no worker entry beside this module (a bundle built
 * without it): the caller then runs the phase in its own thread alone.
 */
export async function analyzeInThreads(
  docs: readonly SourceDocument[],
  init: WorkerInit,
  threads: number,
  local: (doc: SourceDocument) => FileResult,
  /** Called with how many more documents have their result (progress line). */
  progress?: (n: number) => void,
  /** `threads` workers and this thread only waits (autoPlan), instead of this thread and `threads - 1` workers. */
  workersOnly = false,
): Promise<FileResult[] | undefined> {
  const entry = workerEntry();
  if (!entry) return undefined;
  const results: FileResult[] = new Array(docs.length);
  const todo = batches(docs, threads);
  let next = 0;
  let done = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const settle = (): void => {
    wake?.();
    wake = undefined;
  };
  const fail = (e: Error): void => {
    failure ??= e;
    settle();
  };
  const workers: Worker[] = [];
  const feed = (w: Worker): void => {
    if (next >= todo.length || failure) return;
    const batch = next++;
    const req: WorkerRequest = { batch, docs: todo[batch]!.map((i) => docs[i]!) };
    w.postMessage(req);
  };
  try {
    const workerCount = workersOnly ? Math.min(threads, todo.length) : Math.min(threads - 1, todo.length - 1);
    for (let k = 0; k < workerCount; k++) {
      const w = new Worker(entry.code, { workerData: init, eval: entry.eval, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      workers.push(w);
      w.on('message', (reply: WorkerReply) => {
        if ('error' in reply) return fail(new Error(`worker thread: ${reply.error}`));
        todo[reply.batch]!.forEach((docIndex, j) => (results[docIndex] = reply.results[j]!));
        done++;
        progress?.(reply.results.length);
        feed(w);
        if (done === todo.length) settle();
      });
      w.on('error', (e) => fail(e));
      w.on('exit', (code) => {
        if (done < todo.length) fail(new Error(`worker thread exited with code ${code} before finishing`));
      });
      feed(w);
      feed(w);
    }
    const yieldToReplies = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    while (!workersOnly && next < todo.length && !failure) {
      const batch = next++;
      for (const docIndex of todo[batch]!) {
        results[docIndex] = local(docs[docIndex]!);
        progress?.(1);
        await yieldToReplies();
      }
      done++;
    }
    while (done < todo.length && !failure) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
