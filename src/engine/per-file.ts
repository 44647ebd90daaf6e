/**
 * The per-file phase of a run, wherever each document's result comes from: the cache
 * (`--cache`), a pool of worker threads (`--threads N`), or this thread. Results come back in
 * document order whatever their source, so the output does not depend on it.
 *
 * A document analysed here alone keeps its IR (`flow`) unless `keepIr` is false; one from the
 * cache or a multi-threaded run has only its FileResult, and its `FileAnalysis.getOrParseFlow()`
 * parses the text again on first use. Nothing on the `check` path reads it (project rules
 * read facts, suppressions the comments kept in the result): code that only wants the IR when
 * it is at hand reads `PerFileDocument.flow` / `ProjectDocument.flow` instead.
 */
import { analyzeFile, type FileAnalysis, type RuleSettings } from './analyze.js';
import { toFileResult, type FileResult } from './file-result.js';
import type { AnalysisServices } from '../analysis/services.js';
import type { Comment, Flow } from '../ir/flow.js';
import type { SourceDocument } from '../model/source.js';
import type { Rule } from '../rules/rule.js';
import { allRules } from '../rules/index.js';
import { parseFlow } from '../syntax/parse.js';
import { ResultCache, configHash, documentHash } from './cache.js';
import type { ServicesData } from './services-data.js';

export interface PerFileOptions {
  services: AnalysisServices;
  /** What `services` was built from (for workers and the cache key). */
  servicesData: ServicesData;
  rules: readonly Rule[];
  settings: RuleSettings;
  /** Threads: N (this one and N − 1 workers; 1 = this one only) or 'auto' (threads.ts autoThreads). Default 1. */
  threads?: number | 'auto';
  /** The cache file to read and update (cache.ts cacheFile); none when undefined. */
  cacheFile?: string;
  /** The cache already loaded (the pipeline loads it before reading inputs, for solution zips); wins over cacheFile. */
  resultCache?: ResultCache;
  /**
   * Keep the IR of documents analysed in this thread (default true: build, report and access
   * read it). `check` does not: dropping each flow's IR after its rules ran keeps memory flat.
   */
  keepIr?: boolean;
  /**
   * A result already computed for the same document elsewhere (`flowc diff`: a flow unchanged
   * between the two sides), used instead of analysing it again. Only per-file results are
   * reused: project rules and suppressions run as always.
   */
  reuse?: (doc: SourceDocument) => PerFileDocument | undefined;
  /** Called as documents get their result (`done` of `total`, in no particular rhythm): the CLI's progress line. */
  onProgress?: (done: number, total: number) => void;
}

export interface PerFileDocument {
  analysis: FileAnalysis;
  /** What the suppression pass reads. */
  comments: readonly Comment[];
  /** The IR when this thread built it. */
  flow?: Flow;
}

/** How the per-file phase went (`flowc check --debug` prints it; tests read it). */
export interface PerFileStats {
  documents: number;
  /** Documents analysed in this run (in this thread or in workers). */
  analysed: number;
  /** Documents whose result came from the cache. */
  cached: number;
  /** Threads that analysed (1: this thread, or one worker when `inWorker`). */
  threads: number;
  /** The analysis ran in worker threads only, this thread waiting (`--threads auto` on 2 cores, threads.ts autoPlan). */
  inWorker?: boolean;
  cacheFile?: string;
  /** Solution zips whose contents came from the cache (not inflated and parsed again). */
  solutionsCached?: number;
  /** Why an existing cache file was not used. */
  cacheDiscarded?: string;
  /** The cache could not be written (the run still succeeds). */
  cacheError?: string;
}

export async function runPerFilePhase(docs: readonly SourceDocument[], opts: PerFileOptions): Promise<{ documents: PerFileDocument[]; stats: PerFileStats }> {
  // Workers and the cache run flowc's own rules; a custom rule list stays in this thread, uncached.
  const standard = opts.rules === allRules;
  const out: PerFileDocument[] = new Array(docs.length);
  const stats: PerFileStats = { documents: docs.length, analysed: 0, cached: 0, threads: 1 };

  let cache: ResultCache | undefined;
  const hashes: string[] = [];
  let todo: number[] = docs.map((_, i) => i);
  if (opts.reuse) {
    todo = todo.filter((i) => {
      const prev = opts.reuse!(docs[i]!);
      if (prev) out[i] = rebased(docs[i]!, prev);
      return !prev;
    });
  }
  if ((opts.resultCache !== undefined || opts.cacheFile !== undefined) && standard) {
    cache = opts.resultCache ?? loadCache(opts.cacheFile!, opts);
    stats.cacheFile = cache.file;
    stats.solutionsCached = cache.solutionHits;
    if (cache.discarded) stats.cacheDiscarded = cache.discarded;
    const candidates = todo;
    todo = [];
    candidates.forEach((i) => {
      const doc = docs[i]!;
      const hash = (hashes[i] = documentHash(doc));
      const hit = cache!.get(doc, hash);
      if (hit) out[i] = fromResult(doc, hit);
      else todo.push(i);
    });
    stats.cached = candidates.length - todo.length;
  }

  let done = docs.length - todo.length;
  const progress = opts.onProgress ? (n: number): void => opts.onProgress!((done += n), docs.length) : undefined;
  progress?.(0);

  // Only the documents the cache did not answer count towards `--threads auto`.
  const missing = todo.map((i) => docs[i]!);
  let threads = 1;
  let results: FileResult[] | undefined;
  if (standard && missing.length > 1 && opts.threads !== undefined && opts.threads !== 1) {
    const pool = await import('./threads.js');
    const plan = opts.threads === 'auto' ? pool.autoPlan(missing) : { threads: Math.min(opts.threads, missing.length), workersOnly: false };
    threads = plan.threads;
    const local = (doc: SourceDocument): FileResult => toFileResult(analyzeFile(doc, opts.services, opts.rules, opts.settings));
    if (threads > 1 || plan.workersOnly) results = await pool.analyzeInThreads(missing, { services: opts.servicesData, settings: opts.settings }, threads, local, progress, plan.workersOnly);
    if (results && plan.workersOnly) stats.inWorker = true;
  }
  if (results) {
    todo.forEach((docIndex, j) => {
      out[docIndex] = fromResult(docs[docIndex]!, results[j]!);
      cache?.set(docs[docIndex]!, hashes[docIndex]!, results[j]!);
    });
  } else {
    threads = 1;
    for (const docIndex of todo) {
      const doc = docs[docIndex]!;
      const analysis = analyzeFile(doc, opts.services, opts.rules, opts.settings);
      if (opts.keepIr === false) {
        const result = toFileResult(analysis);
        out[docIndex] = fromResult(doc, result);
        cache?.set(doc, hashes[docIndex]!, result);
      } else {
        const flow = analysis.getOrParseFlow();
        out[docIndex] = { analysis, comments: flow.comments, flow };
        cache?.set(doc, hashes[docIndex]!, toFileResult(analysis));
      }
      progress?.(1);
    }
  }
  stats.threads = threads;
  stats.analysed = todo.length;

  if (cache && !cache.unchanged()) {
    const error = cache.save();
    if (error) stats.cacheError = error;
  }
  return { documents: out, stats };
}

/** The cache file for a run with these settings and services (entries of other settings are ignored). */
export function loadCache(file: string, opts: Pick<PerFileOptions, 'settings' | 'servicesData'> & { encoding?: string }): ResultCache {
  return ResultCache.load(file, configHash(opts.settings, opts.servicesData, allRules.map((r) => r.meta.code), opts.encoding));
}

function fromResult(doc: SourceDocument, r: FileResult): PerFileDocument {
  let flow: Flow | undefined;
  const analysis: FileAnalysis = {
    doc,
    facts: r.facts,
    diagnostics: r.diagnostics,
    secrets: r.secrets,
    getOrParseFlow(): Flow {
      return (flow ??= parseFlow(doc.text).flow);
    },
  };
  return { analysis, comments: r.comments };
}

/** Another document's result as this document's (same text, so same spans, facts and diagnostics). */
function rebased(doc: SourceDocument, prev: PerFileDocument): PerFileDocument {
  const a = prev.analysis;
  const analysis: FileAnalysis = {
    doc,
    facts: a.facts,
    diagnostics: a.diagnostics,
    secrets: a.secrets,
    getOrParseFlow(): Flow {
      return a.getOrParseFlow();
    },
  };
  return { analysis, comments: prev.comments, ...(prev.flow ? { flow: prev.flow } : {}) };
}
