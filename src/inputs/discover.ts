import { createHash } from 'node:crypto';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { refusal } from './guard.js';
import path from 'node:path';
import { InputError, inputError, unreadableFile, wrapError } from './errors.js';
import { formatBytes, resolveLimits, type InputLimits } from './limits.js';
import { compareStrings, displayPath } from './paths.js';
import { CUSTOMIZATIONS_XML } from './paths.js';
import { readFileCounted } from './solution-files.js';
import type { SolutionContents, SolutionFlowRecord, SourceDocument } from '../model/source.js';
import { decodeText, firstInvalidUtf8, startsWithBom } from './text.js';

export interface ResolveInputsOptions {
  /** Paths are resolved against, and displayed relative to, this folder. */
  cwd: string;
  /**
   * Glob patterns (fast-glob) searched inside each folder given, relative to that folder.
   * Default `['**\/*.flow']`. A match ending in `.zip` is read as a solution zip, and a match
   * named `customizations.xml` makes its folder a solution; any other match is a flow.
   */
  include?: string[];
  /**
   * Glob patterns left out of folder searches, relative to each folder, in addition to
   * `node_modules` and `.git`. Like tsconfig's `exclude`, they do not apply to files named
   * explicitly.
   */
  exclude?: string[];
  limits?: Partial<InputLimits>;
  /**
   * What earlier runs read from solution zips (`--cache`), by the zip's content: a zip whose
   * bytes are unchanged is not inflated and parsed again. Only zips (not unpacked folders), only
   * those read without a problem.
   */
  solutionCache?: SolutionReadCache;
}

/** A store of solutions read, keyed by the solution's absolute path and the hash of its bytes (solutionReadKey). */
export interface SolutionReadCache {
  get(absolutePath: string, key: string): SolutionContents | undefined;
  set(absolutePath: string, key: string, solution: SolutionContents): void;
}

export interface ResolvedInputs {
  /** One per flow: each `.flow`/text file, and each desktop flow of each solution. Sorted by path, then flow name. */
  documents: SourceDocument[];
  /** The solutions read, sorted by path. */
  solutions: SolutionContents[];
  /** Problems with inputs, sorted by path; the inputs without problems are still read. */
  errors: InputError[];
}

const DEFAULT_INCLUDE = ['**/*.flow'];
const ALWAYS_EXCLUDE = ['**/node_modules/**', '**/.git/**'];
/** Files read at once; enough to keep the disk busy without running out of file handles. */
const CONCURRENCY = 16;

/** What one input path turns out to be. */
interface Target {
  kind: 'flow' | 'solution' | 'refused';
  absolutePath: string;
  /** Why flowc will not read it (kind 'refused'): see guard.ts. */
  reason?: string;
}

/**
 * Turns the paths a user gave (files, folders, solution zips or folders) into source documents.
 * Never throws: every problem is an InputError in `errors`.
 */
export async function resolveInputs(paths: string[], opts: ResolveInputsOptions): Promise<ResolvedInputs> {
  const cwd = path.resolve(opts.cwd);
  const limits = resolveLimits(opts.limits);
  const show = (absolutePath: string): string => displayPath(absolutePath, cwd);
  const documents: SourceDocument[] = [];
  const solutions: SolutionContents[] = [];
  const errors: InputError[] = [];
  const record = (error: unknown, absolutePath: string): void => {
    errors.push(wrapError(error, show(absolutePath), undefined, 'cannot read'));
  };

  const found = await Promise.all(
    paths.map((p) => {
      const absolutePath = path.resolve(cwd, p);
      return findTargets(absolutePath, opts, show, p, cwd).catch((error: unknown) => {
        record(error, absolutePath);
        return [];
      });
    }),
  );

  await forEachLimited(await uniqueTargets(found.flat()), CONCURRENCY, async (target) => {
    try {
      if (target.kind === 'refused') {
        documents.push({ path: show(target.absolutePath), absolutePath: target.absolutePath, text: '', origin: 'file', refused: target.reason! });
      } else if (target.kind === 'flow') {
        const display = show(target.absolutePath);
        try {
          documents.push(await readFlowFile(target.absolutePath, display, limits));
        } catch (error) {
          errors.push(unreadableFile(error, display, target.absolutePath));
        }
      } else {
        // Solution reading (zip and XML libraries) is loaded only when a solution is given.
        const cache = opts.solutionCache;
        const key = cache ? await solutionReadKey(target.absolutePath, show(target.absolutePath), limits) : undefined;
        let solution = key !== undefined ? cache!.get(target.absolutePath, key) : undefined;
        if (!solution) {
          const { readSolution } = await import('./solution.js');
          solution = await readSolution(target.absolutePath, { displayPath: show(target.absolutePath), limits });
          if (key !== undefined && solution.flows.length > 0) cache!.set(target.absolutePath, key, solution);
        }
        if (solution.flows.length === 0) {
          throw inputError(solution.path, undefined, 'no desktop flows (<Category>6</Category>) found in the solution');
        }
        solutions.push(solution);
        documents.push(...solution.flows.map((flow) => solutionDocument(solution, flow)));
      }
    } catch (error) {
      record(error, target.absolutePath);
    }
  });

  documents.sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.flowName ?? '', b.flowName ?? ''));
  solutions.sort((a, b) => compareStrings(a.path, b.path));
  return { documents, solutions, errors: uniqueErrors(errors) };
}

/** What one given path holds: itself (a file), the solution it is, or the flows a folder search finds. */
async function findTargets(absolutePath: string, opts: ResolveInputsOptions, show: (p: string) => string, given: string, cwd: string): Promise<Target[]> {
  // A path named inside the working folder must really be there (not a link out of it).
  const refused = await refusal(absolutePath, opts.cwd, { folders: true });
  if (refused) return [{ kind: 'refused', absolutePath, reason: refused }];
  const stats = await stat(absolutePath).catch(() => undefined);
  if (!stats) {
    // A glob the shell did not expand (quoted, or cmd.exe/PowerShell, which never expand): flowc does, as ESLint does.
    const { default: fg } = await import('fast-glob');
    if (!fg.isDynamicPattern(given.replace(/\\/g, '/'))) throw inputError(show(absolutePath), undefined, 'no such file or folder');
    const pattern = path.isAbsolute(given) ? fg.convertPathToPattern(path.dirname(given)) + '/' + path.basename(given) : given.replace(/\\/g, '/');
    const matches = await fg(pattern, { cwd, ignore: ALWAYS_EXCLUDE, onlyFiles: true, absolute: true, dot: false });
    if (matches.length === 0) throw inputError(given, undefined, 'no files match this pattern');
    return matches.sort().map((match) => classifyFile(path.resolve(match)));
  }
  if (!stats.isDirectory()) return [classifyFile(absolutePath)];
  if (await isSolutionFolder(absolutePath)) return [{ kind: 'solution', absolutePath }];

  const include = opts.include?.length ? opts.include : DEFAULT_INCLUDE;
  // fast-glob is loaded only when a folder is searched, not for files named on the command line.
  const { default: fg } = await import('fast-glob');
  // Linked folders are not entered (a link to / would search the disk); a match that is not a
  // regular file (a link, a FIFO, a device) is checked: followed only to a file inside the folder.
  const matches = await fg(include, {
    cwd: absolutePath,
    ignore: [...ALWAYS_EXCLUDE, ...(opts.exclude ?? [])],
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    absolute: true,
  });
  const targets: Target[] = [];
  for (const match of matches) {
    if (match.dirent.isDirectory()) continue;
    const file = path.resolve(match.path);
    const reason = match.dirent.isFile() ? undefined : await refusal(file, absolutePath);
    targets.push(reason ? { kind: 'refused', absolutePath: file, reason } : classifyFile(file));
  }
  if (targets.length === 0) throw inputError(show(absolutePath), undefined, `no flows found in the folder (searched for ${include.join(', ')})`);
  return targets;
}

function classifyFile(absolutePath: string): Target {
  const name = path.basename(absolutePath).toLowerCase();
  if (name.endsWith('.zip')) return { kind: 'solution', absolutePath };
  if (name === CUSTOMIZATIONS_XML) return { kind: 'solution', absolutePath: path.dirname(absolutePath) };
  return { kind: 'flow', absolutePath };
}

/** A folder with a customizations.xml at its root (or `pac solution unpack`'s Other/Customizations.xml) is an unpacked solution. */
async function isSolutionFolder(absolutePath: string): Promise<boolean> {
  const names = await readdir(absolutePath);
  if (names.some((name) => name.toLowerCase() === CUSTOMIZATIONS_XML)) return true;
  const other = names.find((name) => name.toLowerCase() === 'other');
  if (other === undefined) return false;
  const inOther = await readdir(path.join(absolutePath, other)).catch(() => [] as string[]);
  return inOther.some((name) => name.toLowerCase() === CUSTOMIZATIONS_XML);
}

/** Drops a target given twice (`a.flow` and `./a.flow`, a folder and a file inside it, a link to it). */
async function uniqueTargets(targets: Target[]): Promise<Target[]> {
  const byKey = new Map<string, Target>();
  for (const target of targets) {
    const key = await realpath(target.absolutePath).catch(() => target.absolutePath);
    if (!byKey.has(key)) byKey.set(key, target);
  }
  return [...byKey.values()];
}

/** A `.flow` file or any other text file (e.g. PAD clipboard text saved to a file). */
async function readFlowFile(absolutePath: string, display: string, limits: InputLimits): Promise<SourceDocument> {
  let size = 0;
  const limit = Math.min(limits.maxEntryBytes, limits.maxFlowBytes);
  const bytes = await readFileCounted(absolutePath, (chunk) => {
    size += chunk.length;
    if (size > limit) {
      throw inputError(display, undefined, `file is larger than the ${formatBytes(limit)} limit`);
    }
  });
  const invalid = startsWithBom(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    // Show where: the text before the first bad byte is valid, the rest is shown with U+FFFD.
    const start = new TextDecoder('utf-8').decode(bytes.subarray(0, invalid)).length;
    const text = new TextDecoder('utf-8').decode(bytes);
    const problem = `byte 0x${bytes[invalid]!.toString(16).toUpperCase().padStart(2, '0')} is not valid UTF-8: the file is not UTF-8 text (was it saved in a legacy code page such as Windows-1252?)`;
    throw new InputError(`${display}: ${problem}`, display, undefined, { absolutePath, problem, text, span: { start, end: start + 1 } });
  }
  const text = decodeText(bytes, display);
  // No PAD script holds a NUL character: such a file is binary (an image, an archive, a PAD export).
  if (text.includes('\u0000')) throw inputError(display, undefined, 'the file is binary (it holds NUL bytes), not flow text');
  return { path: display, absolutePath, text, origin: 'file' };
}

/**
 * The sha256 of everything a solution zip's SolutionContents depends on: its bytes, the path it
 * is shown as, and the limits it was read under. Undefined (no caching) for an unpacked folder
 * or a file larger than the limits would let a solution be.
 */
async function solutionReadKey(absolutePath: string, display: string, limits: InputLimits): Promise<string | undefined> {
  const stats = await stat(absolutePath).catch(() => undefined);
  if (!stats?.isFile() || stats.size > limits.maxTotalBytes) return undefined;
  const bytes = await readFile(absolutePath).catch(() => undefined);
  if (!bytes) return undefined;
  return createHash('sha256').update(JSON.stringify([display, absolutePath, limits])).update('\u0000').update(bytes).digest('hex');
}

function solutionDocument(solution: SolutionContents, flow: SolutionFlowRecord): SourceDocument {
  return {
    path: solution.path,
    absolutePath: solution.absolutePath,
    flowName: flow.name,
    text: flow.definition,
    origin: 'solution',
    solution: flow,
  };
}

function uniqueErrors(errors: InputError[]): InputError[] {
  const byMessage = new Map(errors.map((error) => [error.message, error]));
  return [...byMessage.values()].sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.message, b.message));
}

/** Runs `fn` on every item, at most `limit` at a time. */
async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
