/**
 * `--cache`: per-flow results of the per-file phase (facts, diagnostics, suppression comments, secrets),
 * kept between runs in one file, as ESLint does (`--cache`, `--cache-location`, default
 * `node_modules/.cache/flowc/` under the project root).
 *
 * An entry is keyed by the document (absolute path, and the flow's name inside a solution) and
 * valid while the sha256 of everything the per-file phase reads of it is unchanged: the text,
 * where it comes from (display path, origin) and, for a flow in a solution, its solution
 * record. The whole file is valid for one flowc version and one configuration hash (rule
 * severities, connector metadata, the environment's settings: everything else per-file results
 * depend on); otherwise it is dropped and rebuilt. Cross-flow rules always run again, from the
 * cached facts.
 *
 * File format: a one-line JSON header (format, version, flowc version, configuration hash, the
 * sha256 of the body), a line break, then the body: `{"<key>": {"hash": …, "result": …}}` with
 * keys sorted. Written atomically (temp file + rename); same entries, same bytes. A file that is
 * not ours, not this version's or corrupt (checksum, JSON, shape) is ignored and rewritten.
 */
import { createHash } from '../util/crypto.js';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { InputError } from '../inputs/errors.js';
import { MAX_CACHE_BYTES, readRegularFileSync } from '../inputs/guard.js';
import { getValidator } from '../inputs/schema-registry.js';
import path from 'node:path';
import type { FileResult } from './file-result.js';
import type { RuleSettings } from './analyze.js';
import type { SolutionContents, SourceDocument } from '../model/source.js';
import { writeFileAtomicSync } from '../outputs/atomic-writer.js';
import type { ServicesData } from './services-data.js';
import { VERSION } from '../model/version.js';

const FORMAT = 'flowc-cache';
/** Bump when the cached shape (FileResult, FlowFacts, Diagnostic) or the key changes. */
export const CACHE_VERSION = 5;

interface Header {
  format: string;
  version: number;
  flowc: string;
  config: string;
  sha256: string;
}

interface Entry {
  hash: string;
  result: FileResult;
}

/** What a solution zip held (inputs/discover.ts SolutionReadCache), valid while its bytes hash to `hash`. */
interface SolutionEntry {
  hash: string;
  solution: SolutionContents;
}

/** A solution entry's key: the zip's absolute path, then two NULs (a flow's key has one, then its name). */
const solutionKey = (absolutePath: string): string => `${absolutePath}\u0000\u0000`;
const isSolutionKey = (k: string): boolean => k.endsWith('\u0000\u0000');

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * Where the cache file is. As in ESLint: `--cache-location` is a file, or a folder when it
 * ends with a path separator or is an existing folder; in a folder the file is named after the
 * project root, so several projects can share one folder. Default: `node_modules/.cache/flowc/`
 * under the project root (the config file's folder, or the working folder).
 */
export function cacheFile(location: string | undefined, cwd: string, projectRoot: string): string {
  const dirName = (dir: string): string => path.join(dir, `cache_${sha256(path.resolve(projectRoot)).slice(0, 12)}.json`);
  if (location === undefined || location === '') {
    // In a Node project, node_modules/.cache/flowc (where tools keep caches); elsewhere a
    // .flowc-cache file beside the config, as ESLint keeps .eslintcache.
    return existsSync(path.join(projectRoot, 'package.json')) ? dirName(path.join(projectRoot, 'node_modules', '.cache', 'flowc')) : path.join(projectRoot, '.flowc-cache');
  }
  const abs = path.resolve(cwd, location);
  if (/[\\/]$/.test(location)) return dirName(abs);
  try {
    if (statSync(abs).isDirectory()) return dirName(abs);
  } catch {
    // Not there yet: a file.
  }
  return abs;
}

/**
 * The hash of what per-file results depend on besides the document: version, settings, services,
 * and the `encoding` flow files that are not UTF-8 are decoded with (a changed option reuses nothing).
 */
export function configHash(settings: RuleSettings, services: ServicesData, ruleCodes: readonly string[], encoding?: string): string {
  return sha256(JSON.stringify({ flowc: VERSION, cache: CACHE_VERSION, rules: ruleCodes, severities: settings.severities ?? {}, services, ...(encoding !== undefined ? { encoding } : {}) }));
}

export function documentKey(d: SourceDocument): string {
  return `${d.absolutePath}\u0000${d.flowName ?? ''}`;
}

/** The sha256 of everything the per-file phase reads of one document. */
export function documentHash(d: SourceDocument): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([d.path, d.absolutePath, d.flowName ?? null, d.origin, d.refused ?? null]));
  h.update('\u0000');
  h.update(d.text);
  if (d.solution) {
    h.update('\u0000');
    h.update(JSON.stringify(d.solution));
  }
  return h.digest('hex');
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A solution entry, checked against schemas/cache.schema.json like every other entry (a planted one must not crash flowc). */
function isSolutionEntry(key: string, x: unknown): x is SolutionEntry {
  return isObject(x) && 'solution' in x && getValidator('cache')({ [key]: x });
}

/**
 * An entry as flowc writes them, checked against schemas/cache.schema.json (ajv, compiled once).
 * The cache file may be planted by whoever wrote the checked tree: its checksum proves nothing,
 * so a shallow shape check is not enough (`diagnostics: [null]` crashed the renderers).
 */
function isEntry(key: string, x: unknown): x is Entry {
  return isObject(x) && 'result' in x && getValidator('cache')({ [key]: x });
}

/** Whether every span of a cached result lies inside its document's text (a forged one is analysed again). */
function spansInside(value: unknown, length: number): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (isObject(v)) {
      const { start, end } = v as { start?: unknown; end?: unknown };
      if (typeof start === 'number' && typeof end === 'number' && !(0 <= start && start <= end && end <= length)) return false;
      for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) stack.push(x);
    }
  }
  return true;
}

export class ResultCache {
  /** Entries read from the file (valid ones only). */
  private readonly old = new Map<string, Entry | SolutionEntry>();
  /** Entries of this run. */
  private readonly current = new Map<string, Entry | SolutionEntry>();
  /** Why the file was not used, when it was there but not usable. */
  readonly discarded?: string;
  /** Solution zips whose contents came from the cache in this run. */
  solutionHits = 0;

  private constructor(
    readonly file: string,
    private readonly config: string,
    loaded: { entries?: Record<string, unknown>; discarded?: string },
  ) {
    this.discarded = loaded.discarded;
    for (const [k, v] of Object.entries(loaded.entries ?? {})) {
      if (isSolutionKey(k) ? isSolutionEntry(k, v) : isEntry(k, v)) this.old.set(k, v as Entry | SolutionEntry);
    }
  }

  /** Reads the cache file; never throws (an unusable file means an empty cache). */
  static load(file: string, config: string): ResultCache {
    let text: string;
    try {
      text = readRegularFileSync(file, MAX_CACHE_BYTES).toString('utf8');
    } catch (e) {
      // Missing: an empty cache. Not a regular file (a FIFO would hang), or too large: say so.
      if (!existsSync(file)) return new ResultCache(file, config, {});
      return new ResultCache(file, config, { discarded: e instanceof InputError ? e.message.slice(e.message.indexOf(': ') + 2) : 'cannot be read' });
    }
    return new ResultCache(file, config, parseCacheText(text, config));
  }

  /** The cached result for `doc` when its hash matches. */
  get(doc: SourceDocument, hash: string): FileResult | undefined {
    const key = documentKey(doc);
    const e = this.current.get(key) ?? this.old.get(key);
    if (!e || e.hash !== hash || !('result' in e)) return undefined;
    if (!spansInside(e.result, doc.text.length)) return undefined;
    this.current.set(key, e);
    return e.result;
  }

  set(doc: SourceDocument, hash: string, result: FileResult): void {
    this.current.set(documentKey(doc), { hash, result });
  }

  /** The contents of the solution zip at `absolutePath` when its key (the hash of its bytes) matches. */
  getSolution(absolutePath: string, hash: string): SolutionContents | undefined {
    const key = solutionKey(absolutePath);
    const e = this.current.get(key) ?? this.old.get(key);
    // The entry must describe this very zip: its hash, and the path it was read from.
    if (!e || e.hash !== hash || !('solution' in e) || e.solution.absolutePath !== absolutePath) return undefined;
    this.current.set(key, e);
    this.solutionHits++;
    return e.solution;
  }

  setSolution(absolutePath: string, hash: string, solution: SolutionContents): void {
    this.current.set(solutionKey(absolutePath), { hash, solution });
  }

  /** Entries of earlier runs for documents this run did not read, kept while their file exists. */
  private kept(): Map<string, Entry | SolutionEntry> {
    const out = new Map<string, Entry | SolutionEntry>();
    for (const [k, e] of this.old) if (!this.current.has(k) && existsSync(k.slice(0, k.indexOf('\u0000')))) out.set(k, e);
    return out;
  }

  /** Writing the file would not change it: every entry read is still there, and nothing new. */
  unchanged(): boolean {
    if (this.discarded !== undefined) return false;
    for (const [k, e] of this.current) if (this.old.get(k) !== e) return false;
    return this.current.size + this.kept().size === this.old.size;
  }

  /**
   * The file's new content: this run's entries, plus earlier entries of documents this run did
   * not read whose file still exists (a run on some files keeps the others' entries).
   */
  serialize(): string {
    const all = new Map(this.current);
    for (const [k, e] of this.kept()) all.set(k, e);
    const body: Record<string, Entry | SolutionEntry> = {};
    for (const k of [...all.keys()].sort()) body[k] = all.get(k)!;
    const bodyText = JSON.stringify(body);
    const header: Header = { format: FORMAT, version: CACHE_VERSION, flowc: VERSION, config: this.config, sha256: sha256(bodyText) };
    return `${JSON.stringify(header)}\n${bodyText}\n`;
  }

  /** Writes the cache (temp file + rename). Returns an error message instead of throwing. */
  save(): string | undefined {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileAtomicSync(this.file, this.serialize());
      return undefined;
    } catch (e) {
      return `cannot write the cache ${this.file}: ${(e as Error).message}`;
    }
  }
}

/** The entries of a cache file's text, or why it is not usable. */
export function parseCacheText(text: string, config: string): { entries?: Record<string, unknown>; discarded?: string } {
  const nl = text.indexOf('\n');
  if (nl < 0) return { discarded: 'not a flowc cache file' };
  let header: unknown;
  try {
    header = JSON.parse(text.slice(0, nl));
  } catch {
    return { discarded: 'not a flowc cache file' };
  }
  if (!isObject(header) || header['format'] !== FORMAT) return { discarded: 'not a flowc cache file' };
  if (header['version'] !== CACHE_VERSION || header['flowc'] !== VERSION) return { discarded: 'written by another flowc version' };
  if (header['config'] !== config) return { discarded: 'the configuration changed' };
  const body = text.endsWith('\n') ? text.slice(nl + 1, -1) : text.slice(nl + 1);
  if (typeof header['sha256'] !== 'string' || sha256(body) !== header['sha256']) return { discarded: 'corrupt (checksum)' };
  try {
    const entries: unknown = JSON.parse(body);
    return isObject(entries) ? { entries } : { discarded: 'corrupt (shape)' };
  } catch {
    return { discarded: 'corrupt (JSON)' };
  }
}
