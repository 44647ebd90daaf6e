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
 * File format (5 and earlier held the body as one JSON object): a one-line JSON header (format,
 * version, flowc version, configuration hash, the sha256 of the body), a line break, then the
 * body, one line per entry, keys sorted: `<key as JSON>\t<entry as JSON>\n`, where an entry is
 * `{"hash": …, "result": …}` (a document) or `{"hash": …, "solution": …}` (a solution zip). JSON
 * text holds no raw tab or line break, so the lines are found without parsing them: reading the
 * file checks the checksum over its bytes and indexes the lines, and an entry is parsed and
 * validated only when a run asks for it, one at a time (memory does not hold the whole body
 * parsed at once, nor as one string). Written atomically (temp file + rename), entry by entry
 * (entries read and unchanged are copied as their bytes); same entries, same bytes. A file that
 * is not ours, not this version's or corrupt (checksum, line shape) is ignored and rewritten; an
 * entry that fails validation is analysed again.
 */
import { createHash, randomBytes } from '../util/crypto.js';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { InputError } from '../inputs/errors.js';
import { MAX_CACHE_BYTES, readRegularFileSync } from '../inputs/guard.js';
import { getValidator } from '../inputs/schema-registry.js';
import path from 'node:path';
import type { FileResult } from './file-result.js';
import type { RuleSettings } from './analyze.js';
import type { SolutionContents, SourceDocument } from '../model/source.js';
import type { ServicesData } from './services-data.js';
import { VERSION } from '../model/version.js';

const FORMAT = 'flowc-cache';
/** Bump when the cached shape (FileResult, FlowFacts, Diagnostic) or the key changes. */
export const CACHE_VERSION = 6;

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

/** An entry of the file read: its bytes, parsed (and validated) when first asked for. */
interface StoredEntry {
  bytes: Buffer;
  /** The entry once parsed: null when it failed to parse or validate (it is then as good as absent). */
  value?: Entry | SolutionEntry | null;
}

export class ResultCache {
  /** Entries of the file, by key (their bytes; parsed on demand). */
  private readonly old: Map<string, StoredEntry>;
  /** Entries of this run. */
  private readonly current = new Map<string, Entry | SolutionEntry>();
  /** Why the file was not used, when it was there but not usable. */
  readonly discarded?: string;
  /** Solution zips whose contents came from the cache in this run. */
  solutionHits = 0;

  private constructor(
    readonly file: string,
    private readonly config: string,
    loaded: { index?: Map<string, Buffer>; discarded?: string },
  ) {
    this.discarded = loaded.discarded;
    this.old = new Map([...(loaded.index ?? [])].map(([k, bytes]) => [k, { bytes }]));
  }

  /** Reads the cache file; never throws (an unusable file means an empty cache). */
  static load(file: string, config: string): ResultCache {
    let bytes: Buffer;
    try {
      bytes = readRegularFileSync(file, MAX_CACHE_BYTES);
    } catch (e) {
      // Missing: an empty cache. Not a regular file (a FIFO would hang), or too large: say so.
      if (!existsSync(file)) return new ResultCache(file, config, {});
      return new ResultCache(file, config, { discarded: e instanceof InputError ? e.message.slice(e.message.indexOf(': ') + 2) : 'cannot be read' });
    }
    return new ResultCache(file, config, indexCacheBytes(bytes, config));
  }

  /** The entry of the file at `key`, parsed and validated now if it was not yet; undefined when absent or invalid. */
  private stored(key: string): Entry | SolutionEntry | undefined {
    const s = this.old.get(key);
    if (!s) return undefined;
    if (s.value === undefined) s.value = parseEntry(key, s.bytes);
    return s.value ?? undefined;
  }

  /** The cached result for `doc` when its hash matches. */
  get(doc: SourceDocument, hash: string): FileResult | undefined {
    const key = documentKey(doc);
    const e = this.current.get(key) ?? this.stored(key);
    if (!e || e.hash !== hash || !('result' in e) || !spansInside(e.result, doc.text.length)) return this.stale(key, e);
    this.current.set(key, e);
    return e.result;
  }

  set(doc: SourceDocument, hash: string, result: FileResult): void {
    this.current.set(documentKey(doc), { hash, result });
  }

  /** The contents of the solution zip at `absolutePath` when its key (the hash of its bytes) matches. */
  getSolution(absolutePath: string, hash: string): SolutionContents | undefined {
    const key = solutionKey(absolutePath);
    const e = this.current.get(key) ?? this.stored(key);
    // The entry must describe this very zip: its hash, and the path it was read from.
    if (!e || e.hash !== hash || !('solution' in e) || e.solution.absolutePath !== absolutePath) return this.stale(key, e);
    this.current.set(key, e);
    this.solutionHits++;
    return e.solution;
  }

  setSolution(absolutePath: string, hash: string, solution: SolutionContents): void {
    this.current.set(solutionKey(absolutePath), { hash, solution });
  }

  /** An entry of the file that does not answer (its document changed): not held parsed (it is parsed again if ever asked for). */
  private stale(key: string, e: Entry | SolutionEntry | undefined): undefined {
    const s = this.old.get(key);
    if (s !== undefined && e !== undefined && s.value === e) s.value = undefined;
    return undefined;
  }

  /** Whether this run's entry at `key` is the file's own (read and unchanged): its bytes can be copied. */
  private fromFile(key: string, e: Entry | SolutionEntry): boolean {
    const s = this.old.get(key);
    return s !== undefined && s.value === e;
  }

  /** Keys of earlier runs' entries for documents this run did not read, kept while their file exists. */
  private kept(): string[] {
    const out: string[] = [];
    for (const k of this.old.keys()) if (!this.current.has(k) && existsSync(k.slice(0, k.indexOf('\u0000')))) out.push(k);
    return out;
  }

  /** Writing the file would not change it: every entry read is still there, and nothing new. */
  unchanged(): boolean {
    if (this.discarded !== undefined) return false;
    for (const [k, e] of this.current) if (!this.fromFile(k, e)) return false;
    return this.current.size + this.kept().length === this.old.size;
  }

  /**
   * The file's content, piece by piece in order (header last: it holds the body's checksum, and is
   * as long as its placeholder): this run's entries, plus earlier entries of documents this run
   * did not read whose file still exists (a run on some files keeps the others' entries, once
   * they validate). An entry is stringified (or copied) when its turn comes, never the whole body.
   */
  private writeTo(write: (piece: string | Buffer) => void, writeHeader: (header: string) => void): void {
    const keys = [...this.current.keys(), ...this.kept()].sort();
    const hash = createHash('sha256');
    const header = (sha: string): string => JSON.stringify({ format: FORMAT, version: CACHE_VERSION, flowc: VERSION, config: this.config, sha256: sha } satisfies Header);
    write(`${header('0'.repeat(64))}\n`);
    const body = (piece: string | Buffer): void => {
      hash.update(piece);
      write(piece);
    };
    for (const k of keys) {
      const e = this.current.get(k);
      let bytes: Buffer | undefined;
      if (e === undefined || this.fromFile(k, e)) {
        // An entry of the file, copied as it was read; one this run did not ask for is kept only
        // if it validates (parsed for that alone, not held).
        const s = this.old.get(k)!;
        if (s.value === null || (s.value === undefined && parseEntry(k, s.bytes) === null)) continue;
        bytes = s.bytes;
      }
      body(`${JSON.stringify(k)}\t`);
      body(bytes ?? JSON.stringify(e));
      body('\n');
    }
    writeHeader(header(hash.digest('hex')));
  }

  /** The file's new content as one string (tests; `save` writes it piece by piece). */
  serialize(): string {
    const pieces: string[] = [];
    this.writeTo(
      (p) => pieces.push(typeof p === 'string' ? p : p.toString('utf8')),
      (h) => (pieces[0] = `${h}\n`),
    );
    return pieces.join('');
  }

  /** Writes the cache (temp file + rename), entry by entry. Returns an error message instead of throwing. */
  save(): string | undefined {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeStreamAtomicSync(this.file, (write, writeAt0) => this.writeTo(write, (h) => writeAt0(`${h}\n`)));
      return undefined;
    } catch (e) {
      return `cannot write the cache ${this.file}: ${(e as Error).message}`;
    }
  }
}

/**
 * Writes `file` atomically (a temp file beside it, then rename) from pieces given in order, in
 * chunks of about 1 MB; `writeAt0` overwrites the file's start (same length) once the rest is written.
 */
function writeStreamAtomicSync(file: string, produce: (write: (piece: string | Buffer) => void, writeAt0: (text: string) => void) => void): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    const out = fd;
    let chunk: (string | Buffer)[] = [];
    let size = 0;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const buf = Buffer.concat(chunk.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
      for (let off = 0; off < buf.length; ) off += writeSync(out, buf, off, buf.length - off);
      chunk = [];
      size = 0;
    };
    produce(
      (piece) => {
        chunk.push(piece);
        size += piece.length;
        if (size >= 1 << 20) flush();
      },
      (text) => {
        flush();
        const buf = Buffer.from(text, 'utf8');
        for (let off = 0; off < buf.length; ) off += writeSync(out, buf, off, buf.length - off, off);
      },
    );
    flush();
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** An entry's bytes parsed and validated (as the schema and, for a solution, the key say), or null. */
function parseEntry(key: string, bytes: Buffer): Entry | SolutionEntry | null {
  let x: unknown;
  try {
    x = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  return (isSolutionKey(key) ? isSolutionEntry(key, x) : isEntry(key, x)) ? (x as Entry | SolutionEntry) : null;
}

/** The longest header line read (the header is ≈ 200 bytes; a longer first line is not a flowc cache file). */
const MAX_HEADER_BYTES = 4096;

/**
 * A cache file's bytes checked (header, checksum, line shape) and indexed: each entry's bytes by
 * key (views of `bytes`, not copies), or why the file is not usable. No entry is parsed here.
 */
export function indexCacheBytes(bytes: Buffer, config: string): { index?: Map<string, Buffer>; discarded?: string } {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0 || nl > MAX_HEADER_BYTES) return { discarded: 'not a flowc cache file' };
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, nl));
  } catch {
    return { discarded: 'not a flowc cache file' };
  }
  if (!isObject(header) || header['format'] !== FORMAT) return { discarded: 'not a flowc cache file' };
  if (header['version'] !== CACHE_VERSION || header['flowc'] !== VERSION) return { discarded: 'written by another flowc version' };
  if (header['config'] !== config) return { discarded: 'the configuration changed' };
  const body = bytes.subarray(nl + 1);
  if (typeof header['sha256'] !== 'string' || createHash('sha256').update(body).digest('hex') !== header['sha256']) return { discarded: 'corrupt (checksum)' };
  const index = new Map<string, Buffer>();
  let previous: string | undefined;
  for (let at = 0; at < body.length; ) {
    const end = body.indexOf(0x0a, at);
    const tab = body.indexOf(0x09, at);
    // Every line is `<key>\t<entry>\n`, keys strictly increasing (sorted, no two alike).
    if (end < 0 || tab < 0 || tab > end) return { discarded: 'corrupt (shape)' };
    let key: unknown;
    try {
      key = JSON.parse(body.toString('utf8', at, tab));
    } catch {
      return { discarded: 'corrupt (shape)' };
    }
    if (typeof key !== 'string' || !key.includes('\u0000') || (previous !== undefined && !(previous < key))) return { discarded: 'corrupt (shape)' };
    index.set(key, body.subarray(tab + 1, end));
    previous = key;
    at = end + 1;
  }
  return { index };
}

/** The entries of a cache file's text, all parsed (invalid ones left out), or why it is not usable (tests, tools). */
export function parseCacheText(text: string | Buffer, config: string): { entries?: Record<string, unknown>; discarded?: string } {
  const r = indexCacheBytes(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, config);
  if (!r.index) return { discarded: r.discarded };
  const entries: Record<string, unknown> = {};
  for (const [k, bytes] of r.index) {
    const e = parseEntry(k, bytes);
    if (e) entries[k] = e;
  }
  return { entries };
}

/** A cache file's text for these entries under this header (the checksum computed): what flowc writes, for tests that forge one. */
export function cacheText(header: Record<string, unknown>, entries: Record<string, unknown>): string {
  const body = Object.keys(entries)
    .sort()
    .map((k) => `${JSON.stringify(k)}\t${JSON.stringify(entries[k])}\n`)
    .join('');
  return `${JSON.stringify({ ...header, sha256: createHash('sha256').update(body).digest('hex') })}\n${body}`;
}

/** The entries of a cache file's text as written, unvalidated (tests that forge one read it with this). */
export function cacheEntries(text: string): { header: Record<string, unknown>; entries: Record<string, unknown> } {
  const nl = text.indexOf('\n');
  const entries: Record<string, unknown> = {};
  for (const line of text.slice(nl + 1).split('\n')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    entries[JSON.parse(line.slice(0, tab)) as string] = JSON.parse(line.slice(tab + 1));
  }
  return { header: JSON.parse(text.slice(0, nl)) as Record<string, unknown>, entries };
}
