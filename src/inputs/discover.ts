import { createHash } from '../util/crypto.js';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { refusal } from './guard.js';
import path from 'node:path';
import { InputError, inputError, unreadableFile, unreadableSolution, wrapError } from './errors.js';
import { formatBytes, resolveLimits, type InputLimits } from './limits.js';
import { compareStrings, displayPath } from './paths.js';
import { CUSTOMIZATIONS_XML } from './paths.js';
import { readFileCounted } from './solution-files.js';
import type { SolutionContents, SolutionFlowRecord, SourceDocument } from '../model/source.js';
import { decodeText, firstInvalidUtf8, startsWithBom } from './text.js';
import { decodeWith, encodingName } from './encoding.js';
import { composeFlowFolder, fileStem, HEADER_FILE, isMainFile, subflowOfFlow, type FolderFile } from './flow-folder.js';
import { looksLikePadScript } from './pad-text.js';

export interface ResolveInputsOptions {
  /** Paths are resolved against, and displayed relative to, this folder. */
  cwd: string;
  /**
   * Glob patterns (fast-glob) that pick the flows of a folder search, relative to `base` (or to
   * the folder searched when there is no `base`). A match ending in `.zip` is read as a solution
   * zip, and a match named `customizations.xml` makes its folder a solution; any other match is
   * a flow (text files are grouped into flow folders). Without `include`, a folder is searched
   * by content: see `discoverFolder`.
   */
  include?: string[];
  /**
   * The folder `include`/`exclude` are relative to (the configuration file's folder). A folder
   * given inside it is searched with the patterns, keeping the matches inside that folder.
   */
  base?: string;
  /** Flow folders named explicitly (the configuration's `flows`), absolute paths. */
  flows?: FlowFolderSpec[];
  /**
   * Whether a folder search without `include` looks for solutions (zips holding a
   * customizations.xml, unpacked solution folders). Default true. A configured project passes
   * false: solutions there are build outputs (`flowc build --format solution`) unless `include`
   * lists them.
   */
  searchSolutions?: boolean;
  /** Folders (absolute) a folder search leaves out, e.g. the output folder of a build. */
  excludeFolders?: string[];
  /**
   * Glob patterns left out of folder searches, relative to each folder, in addition to
   * `node_modules` and `.git`. Like tsconfig's `exclude`, they do not apply to files named
   * explicitly.
   */
  exclude?: string[];
  limits?: Partial<InputLimits>;
  /**
   * Files named explicitly are taken by their content, as a folder search takes them: one that is
   * not a flow (a README, a licence, a zip that is no solution, a text file that cannot be read
   * and is no Main file) is passed over instead of being checked as PAD script, and so is one that
   * `exclude` leaves out (`--ignore-unknown`, what a pre-commit hook passes: every staged file its
   * `files:` pattern matches). A `.flow` file is always a flow.
   */
  namedByContent?: boolean;
  /**
   * The code page (a WHATWG label TextDecoder takes, validated by the caller: encoding.ts) of flow
   * text files that are not valid UTF-8 (`encoding`, `--encoding`). A file with a byte-order mark,
   * or valid UTF-8, is read as before; other bytes are decoded strictly with it.
   */
  encoding?: string;
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

/** A flow folder named in the configuration. */
export interface FlowFolderSpec {
  /** The folder, absolute. */
  path: string;
  /** The flow's name (default: the folder's name, or its parent's when the folder is `source`/`src`/`flow`). */
  name?: string;
  /** The Main subflow file, relative to the folder (default: detected). */
  main?: string;
  /** The header file, relative to the folder (default: `header.flow` when there is one). */
  header?: string;
}

const ALWAYS_EXCLUDE = ['**/node_modules/**', '**/.git/**'];
/** Extensions of files discovery reads to decide by content whether they are PAD script. */
const TEXT_EXTENSIONS = new Set(['.txt', '.md', '.robin', '']);
/** Files read at once; enough to keep the disk busy without running out of file handles. */
const CONCURRENCY = 16;

/** What one input path turns out to be. */
type Target =
  | { kind: 'flow' | 'solution'; absolutePath: string; document?: SourceDocument }
  | { kind: 'document'; absolutePath: string; document: SourceDocument }
  | { kind: 'error'; absolutePath: string; error: InputError }
  /** A path flowc will not read (a link out of the checked folder, a FIFO, a device…): see guard.ts. */
  | { kind: 'refused'; absolutePath: string; reason: string };

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
      return findTargets(absolutePath, opts, show, limits, p, cwd).catch((error: unknown) => {
        record(error, absolutePath);
        return [];
      });
    }),
  );

  await forEachLimited(await uniqueTargets(found.flat()), CONCURRENCY, async (target) => {
    try {
      if (target.kind === 'refused') {
        documents.push({ path: show(target.absolutePath), absolutePath: target.absolutePath, text: '', origin: 'file', refused: target.reason });
      } else if (target.kind === 'error') {
        errors.push(target.error);
      } else if (target.kind === 'document') {
        documents.push(target.document);
      } else if (target.kind === 'flow') {
        const display = show(target.absolutePath);
        try {
          documents.push(await readFlowFile(target.absolutePath, display, limits, opts.encoding));
        } catch (error) {
          errors.push(unreadableFile(error, display, target.absolutePath));
        }
      } else {
        // Solution reading (zip and XML libraries) is loaded only when a solution is given.
        const display = show(target.absolutePath);
        const cache = opts.solutionCache;
        let solution: SolutionContents | undefined;
        try {
          const key = cache ? await solutionReadKey(target.absolutePath, display, limits) : undefined;
          solution = key !== undefined ? cache!.get(target.absolutePath, key) : undefined;
          if (!solution) {
            const { readSolution } = await import('./solution.js');
            solution = await readSolution(target.absolutePath, { displayPath: display, limits });
            if (key !== undefined && solution.flows.length > 0) cache!.set(target.absolutePath, key, solution);
          }
        } catch (error) {
          // A corrupt or hostile solution is reported on itself (FC010); the other inputs are still checked.
          errors.push(unreadableSolution(error, display, target.absolutePath));
          return;
        }
        // A solution that reads well but holds no desktop flow is a wrong path, as a folder with no flows is.
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
async function findTargets(absolutePath: string, opts: ResolveInputsOptions, show: (p: string) => string, limits: InputLimits, given: string, cwd: string): Promise<Target[]> {
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
  if (!stats.isDirectory()) {
    // --ignore-unknown: a file the project's `exclude` leaves out of folder searches is left out too.
    if (opts.namedByContent && (await excludedByProject(absolutePath, opts.base ? path.resolve(opts.base) : path.resolve(cwd), opts.exclude ?? []))) return [];
    // --ignore-unknown: a file of an unpacked solution (a staged `Workflows/….json`, `solution.xml`,
    // `Other/Customizations.xml`) is checked as the solution it belongs to.
    if (opts.namedByContent) {
      const solution = await solutionFolderOf(absolutePath, opts.base ? path.resolve(opts.base) : path.resolve(cwd));
      if (solution) return [{ kind: 'solution', absolutePath: solution }];
    }
    // A file of a flow folder (a pre-commit hook passes the staged `close-edge.txt`) is checked as
    // the flow it belongs to: its subflows and variables are in the other files. So is a file of
    // a flow folder the configuration names (`flows`).
    const spec = (opts.flows ?? []).find((f) => path.resolve(f.path) === path.dirname(absolutePath));
    const folder = spec ? await folderFiles(path.dirname(absolutePath)) : await flowFolderOf(absolutePath);
    if (folder) return discoverFolder(folder, { byContent: true, solutions: false, flows: spec ? [spec] : [], show, limits, encoding: opts.encoding });
    // --ignore-unknown: the file is what its content says, as in a folder search (no flow: nothing).
    if (opts.namedByContent) return discoverFolder([absolutePath], { byContent: true, solutions: true, flows: [], show, limits, encoding: opts.encoding });
    return [classifyFile(absolutePath)];
  }
  if (await isSolutionFolder(absolutePath)) return [{ kind: 'solution', absolutePath }];

  // fast-glob is loaded only when a folder is searched, not for files named on the command line.
  const { default: fg } = await import('fast-glob');
  const base = opts.base ? path.resolve(opts.base) : undefined;
  const inBase = base !== undefined && isInside(absolutePath, base);
  const include = opts.include?.length ? opts.include : undefined;
  const ignore = [...ALWAYS_EXCLUDE, ...(opts.exclude ?? [])];
  // Patterns are relative to the configuration's folder; a folder given inside it keeps its matches.
  const root = inBase ? base : absolutePath;
  // Linked folders are not entered (a link to / would search the disk); a match that is not a
  // regular file (a link, a FIFO, a device) is checked: followed only to a file inside the folder.
  const entries = await fg(include ?? ['**/*'], { cwd: root, ignore, onlyFiles: false, objectMode: true, followSymbolicLinks: false, absolute: true });
  let matches: string[] = [];
  const refusedTargets: Target[] = [];
  for (const entry of entries) {
    if (entry.dirent.isDirectory()) continue;
    const file = path.resolve(entry.path);
    if (!isInside(file, absolutePath)) continue;
    // A link to a folder is not entered, and is no flow either: passed over, as a folder is.
    if (entry.dirent.isSymbolicLink() && (await stat(file).catch(() => undefined))?.isDirectory()) continue;
    const reason = entry.dirent.isFile() ? undefined : await refusal(file, absolutePath);
    if (reason) refusedTargets.push({ kind: 'refused', absolutePath: file, reason });
    else matches.push(file);
  }
  const excluded = (opts.excludeFolders ?? []).map((f) => path.resolve(f));
  if (excluded.length) matches = matches.filter((m) => !excluded.some((x) => isInside(m, x)));
  const flows = (opts.flows ?? []).filter((f) => isInside(path.resolve(f.path), absolutePath));
  const targets = [...(await discoverFolder(matches, { byContent: !include, solutions: include !== undefined || opts.searchSolutions !== false, flows, show, limits, encoding: opts.encoding })), ...refusedTargets];
  if (targets.length === 0) {
    const searched = include ? include.join(', ') : '.flow files, PAD script text files, solutions';
    throw inputError(show(absolutePath), undefined, `no flows found in the folder (searched for ${searched})`);
  }
  return targets;
}

/** Whether a folder search from `base` would leave `file` out (`exclude`, node_modules, .git). */
async function excludedByProject(file: string, base: string, exclude: readonly string[]): Promise<boolean> {
  if (!isInside(file, base)) return false;
  const { default: fg } = await import('fast-glob');
  const rel = fg.escapePath(path.relative(base, file).split(path.sep).join('/'));
  const found = await fg([rel], { cwd: base, ignore: [...ALWAYS_EXCLUDE, ...exclude], onlyFiles: false, dot: true, followSymbolicLinks: false });
  return found.length === 0;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The flows among a folder search's files:
 * - `.flow` files are flows, `.zip` files solutions (`byContent`: only zips holding a
 *   customizations.xml), a `customizations.xml` makes its folder a solution (and nothing else
 *   inside that folder is a flow);
 * - other text files (`.txt`, `.md`, `.robin`, no extension) are PAD script when their content
 *   says so (`byContent`, pad-text.ts) or when `include` matched them;
 * - script files of one folder that holds a Main file (`main.txt`, `1-Main.txt`, …: see
 *   flow-folder.ts) are one flow, with that folder's `header.flow` as its header; in a folder
 *   without one, `<Flow>.txt` and its `<Flow>-Subflow-<name>.txt` files are one flow, and each
 *   other script file is a flow of its own. `flows` (the configuration) names flow folders
 *   explicitly.
 */
async function discoverFolder(
  files: string[],
  opts: { byContent: boolean; solutions: boolean; flows: FlowFolderSpec[]; show: (p: string) => string; limits: InputLimits; encoding?: string },
): Promise<Target[]> {
  const targets: Target[] = [];
  const solutionFolders = files.filter((f) => path.basename(f).toLowerCase() === CUSTOMIZATIONS_XML).map((f) => path.dirname(f));
  if (opts.solutions) for (const folder of solutionFolders) targets.push({ kind: 'solution', absolutePath: folder });
  const inSolution = (f: string): boolean => solutionFolders.some((s) => isInside(f, s));

  const scripts: string[] = [];
  for (const f of files.sort(compareStrings)) {
    if (inSolution(f)) continue;
    const name = path.basename(f).toLowerCase();
    const ext = path.extname(name);
    if (ext === '.zip') {
      if (opts.solutions && (!opts.byContent || (await zipHasSolution(f, opts.show(f), opts.limits)))) targets.push({ kind: 'solution', absolutePath: f });
    } else if (ext === '.flow' && name !== HEADER_FILE) {
      targets.push({ kind: 'flow', absolutePath: f });
    } else if (name === HEADER_FILE) {
      scripts.push(f); // a flow folder's header; a flow of its own when the folder has no Main file
    } else if (!opts.byContent || (TEXT_EXTENSIONS.has(ext) && !name.startsWith('.'))) {
      scripts.push(f);
    }
  }

  // Read the candidate text files (the content decides; read once, kept for the analysis).
  const read = new Map<string, { document?: SourceDocument; error?: InputError }>();
  await forEachLimited(scripts, CONCURRENCY, async (f) => {
    try {
      read.set(f, { document: await readFlowFile(f, opts.show(f), opts.limits, opts.encoding) });
    } catch (error) {
      read.set(f, { error: wrapError(error, opts.show(f), undefined, 'cannot read') });
    }
  });
  const isScript = (f: string): boolean => {
    const r = read.get(f);
    if (!r) return false;
    if (path.basename(f).toLowerCase() === HEADER_FILE || path.extname(f).toLowerCase() === '.flow') return true;
    if (r.error) return !opts.byContent || isMainFile(f); // unreadable: reported when it cannot be anything else
    return !opts.byContent || looksLikePadScript(r.document!.text);
  };

  const byFolder = new Map<string, string[]>();
  for (const f of scripts) {
    const dir = path.dirname(f);
    byFolder.set(dir, [...(byFolder.get(dir) ?? []), f]);
  }
  for (const [dir, all] of byFolder) {
    const spec = opts.flows.find((s) => path.resolve(s.path) === dir);
    const headerName = spec?.header ? path.resolve(dir, spec.header) : all.find((f) => path.basename(f).toLowerCase() === HEADER_FILE);
    const mains = spec?.main ? [path.resolve(dir, spec.main)] : all.filter((f) => isMainFile(f) && isScript(f));
    // In a flow folder, a file that cannot be read or decoded is one of its subflows: reported.
    const members = all.filter((f) => f !== headerName && (isScript(f) || (mains.length > 0 && read.get(f)?.error !== undefined)));
    if (mains.length === 0 && !spec) {
      // No Main file: `<Flow>.txt` with its `<Flow>-Subflow-<name>.txt` files is one flow; every
      // other script file is a flow of its own.
      const grouped = new Set<string>();
      for (const [main, subs] of flowsByName(all.filter((f) => f !== headerName), isScript, (f) => read.get(f)?.error !== undefined)) {
        grouped.add(main);
        for (const sub of subs) grouped.add(sub.file);
        const problems = [main, ...subs.map((x) => x.file)].map((f) => read.get(f)!.error).filter((e): e is InputError => e !== undefined);
        for (const error of problems) targets.push({ kind: 'error', absolutePath: error.path, error });
        if (problems.length > 0) continue; // not judged until every file reads (see below)
        const doc = read.get(main)!.document!;
        const subflows = subs.map(({ file, subflow }): FolderFile => ({ path: read.get(file)!.document!.path, absolutePath: file, text: read.get(file)!.document!.text, subflow }));
        const document = composeFlowFolder({ path: doc.path, absolutePath: main, name: fileStem(main) }, { main: { path: doc.path, absolutePath: main, text: doc.text }, subflows });
        targets.push({ kind: 'document', absolutePath: main, document });
      }
      for (const f of members) {
        if (grouped.has(f)) continue;
        const r = read.get(f)!;
        targets.push(r.error ? { kind: 'error', absolutePath: f, error: r.error } : { kind: 'document', absolutePath: f, document: r.document! });
      }
      if (headerName && read.get(headerName)?.document) targets.push({ kind: 'document', absolutePath: headerName, document: read.get(headerName)!.document! });
      continue;
    }
    const folderDisplay = opts.show(dir);
    if (mains.length !== 1) {
      const problem = mains.length === 0 ? `the flow folder has no Main subflow file (${spec?.main ?? 'main.txt'})` : `the flow folder has ${mains.length} Main subflow files (${mains.map((m) => path.basename(m)).join(', ')}); keep one`;
      targets.push({ kind: 'error', absolutePath: dir, error: inputError(folderDisplay, undefined, problem) });
      continue;
    }
    const file = (f: string): FolderFile | InputError => {
      const r = read.get(f);
      if (!r) return inputError(opts.show(f), undefined, 'no such file in the flow folder');
      return r.error ?? { path: r.document!.path, absolutePath: f, text: r.document!.text };
    };
    const main = file(mains[0]!);
    const header = headerName !== undefined ? file(headerName) : undefined;
    const subflows: FolderFile[] = [];
    const problems: InputError[] = [];
    for (const f of members) {
      if (f === mains[0]) continue;
      const m = file(f);
      if (m instanceof InputError) problems.push(m);
      else subflows.push(m);
    }
    if (main instanceof InputError) problems.push(main);
    if (header instanceof InputError) problems.push(header);
    for (const error of problems) targets.push({ kind: 'error', absolutePath: error.path, error });
    // A flow with a file flowc could not read is not judged: its calls, variables and connection
    // references may live in that file (FC002/FC005 would be false). The file's own diagnostic
    // (FC010) says what to fix; the other flows are still checked.
    if (problems.length > 0 || main instanceof InputError || header instanceof InputError) continue;
    const document = composeFlowFolder(
      { path: folderDisplay, absolutePath: dir, name: spec?.name ?? flowFolderName(dir) },
      { header, main, subflows },
    );
    targets.push({ kind: 'document', absolutePath: dir, document });
  }
  return targets;
}

/**
 * The flows of a folder kept as `<Flow>.txt` (Main) plus `<Flow>-Subflow-<name>.txt` (its
 * subflows), by Main file: its subflow files and the subflow each holds. A Main is a PAD script
 * file whose name has no `-Subflow-`; a subflow file is one that is PAD script or cannot be read
 * (then it is reported, as in a flow folder). A Main with no subflow file is no group.
 */
function flowsByName(files: readonly string[], isScript: (f: string) => boolean, unreadable: (f: string) => boolean): Map<string, { file: string; subflow: string }[]> {
  const mains = new Map<string, string>();
  for (const f of files) if (isScript(f) && !unreadable(f) && !/-subflow-/i.test(fileStem(f))) mains.set(fileStem(f), f);
  const groups = new Map<string, { file: string; subflow: string }[]>();
  for (const f of files) {
    if (mains.get(fileStem(f)) === f || !(isScript(f) || unreadable(f))) continue;
    const of = subflowOfFlow(f, [...mains.keys()]);
    if (!of) continue;
    const main = mains.get(of.flow)!;
    groups.set(main, [...(groups.get(main) ?? []), { file: f, subflow: of.subflow }]);
  }
  return groups;
}

/** A flow folder's flow name: the folder's name, or its parent's for a `source`/`src`/`flow` folder. */
function flowFolderName(dir: string): string {
  const name = path.basename(dir);
  return /^(source|src|source[-_ ]code|flow|flows|subflows)$/i.test(name) ? path.basename(path.dirname(dir)) : name;
}

/** Does a zip hold a customizations.xml (is it a solution)? Read from its central directory only. */
async function zipHasSolution(absolutePath: string, display: string, limits: InputLimits): Promise<boolean> {
  let zip;
  try {
    const { openZip } = await import('./zip.js');
    zip = await openZip(absolutePath, display, limits);
    return zip.find(CUSTOMIZATIONS_XML) !== undefined;
  } catch {
    return true; // unreadable or hostile: the solution reader reports why
  } finally {
    await zip?.close();
  }
}

/**
 * The files of the flow folder a text file belongs to: its folder's files when one of them is a
 * Main file (flow-folder.ts); undefined for a `.flow` file, a solution, or a lone text file.
 */
async function flowFolderOf(absolutePath: string): Promise<string[] | undefined> {
  const name = path.basename(absolutePath).toLowerCase();
  const ext = path.extname(name);
  if (!TEXT_EXTENSIONS.has(ext) && name !== HEADER_FILE) return undefined;
  const files = await folderFiles(path.dirname(absolutePath));
  if (files.some((f) => isMainFile(f) && TEXT_EXTENSIONS.has(path.extname(f).toLowerCase()))) return files;
  // `<Flow>.txt` and its `<Flow>-Subflow-<name>.txt` files: the flow the file belongs to.
  const stems = files.filter((f) => !/-subflow-/i.test(fileStem(f))).map((f) => fileStem(f));
  const flow = subflowOfFlow(absolutePath, stems)?.flow ?? fileStem(absolutePath);
  const group = files.filter((f) => fileStem(f) === flow || subflowOfFlow(f, [flow])?.flow === flow);
  return group.length > 1 && group.some((f) => fileStem(f) === flow) ? group : undefined;
}

/** The regular files of a folder that may be part of a flow folder (text files, `header.flow`). */
async function folderFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && (TEXT_EXTENSIONS.has(path.extname(e.name).toLowerCase()) || e.name.toLowerCase() === HEADER_FILE))
    .map((e) => path.join(dir, e.name));
}

function classifyFile(absolutePath: string): Target {
  const name = path.basename(absolutePath).toLowerCase();
  if (name.endsWith('.zip')) return { kind: 'solution', absolutePath };
  if (name === CUSTOMIZATIONS_XML) return { kind: 'solution', absolutePath: path.dirname(absolutePath) };
  return { kind: 'flow', absolutePath };
}

/** A folder with a customizations.xml at its root (or `pac solution unpack`'s Other/Customizations.xml) is an unpacked solution. */
/**
 * The unpacked solution folder (customizations.xml in it, or in its `Other` folder: pac's layout)
 * that holds `file`, searched upwards from the file's folder, no higher than `root`.
 */
async function solutionFolderOf(file: string, root: string): Promise<string | undefined> {
  if (!isInside(file, root)) return undefined;
  for (let dir = path.dirname(file); isInside(dir, root); dir = path.dirname(dir)) {
    if (await isSolutionFolder(dir).catch(() => false)) {
      // pac's `Other` folder holds the customizations.xml of the solution above it.
      const parent = path.dirname(dir);
      const pacOther = path.basename(dir).toLowerCase() === 'other' && dir !== root && (await isSolutionFolder(parent).catch(() => false));
      return pacOther ? parent : dir;
    }
    if (dir === root || path.dirname(dir) === dir) break;
  }
  return undefined;
}

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
async function readFlowFile(absolutePath: string, display: string, limits: InputLimits, encoding?: string): Promise<SourceDocument> {
  let size = 0;
  const limit = Math.min(limits.maxEntryBytes, limits.maxFlowBytes);
  const bytes = await readFileCounted(absolutePath, (chunk) => {
    size += chunk.length;
    if (size > limit) {
      throw inputError(display, undefined, `file is larger than the ${formatBytes(limit)} limit`);
    }
  });
  const invalid = startsWithBom(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (invalid >= 0 && encoding !== undefined && encodingName(encoding) !== 'utf-8') {
    // Not UTF-8: the code page the user named (`encoding`, `--encoding`), strictly.
    let text: string;
    try {
      text = decodeWith(bytes, encoding, true);
    } catch {
      const shown = decodeWith(bytes, encoding, false);
      const start = Math.max(0, shown.indexOf('\uFFFD'));
      const problem = `the file is neither UTF-8 text nor ${encodingName(encoding)} text (the configured \`encoding\`): save it as UTF-8, or name the code page it was saved in`;
      throw new InputError(`${display}: ${problem}`, display, undefined, { absolutePath, problem, text: shown, span: { start, end: start + 1 } });
    }
    if (text.includes('\u0000')) throw inputError(display, undefined, 'the file is binary (it holds NUL bytes), not flow text');
    return { path: display, absolutePath, text, origin: 'file' };
  }
  if (invalid >= 0) {
    // Show where: the text before the first bad byte is valid, the rest is shown with U+FFFD.
    const start = new TextDecoder('utf-8').decode(bytes.subarray(0, invalid)).length;
    const text = new TextDecoder('utf-8').decode(bytes);
    const problem = `byte 0x${bytes[invalid]!.toString(16).toUpperCase().padStart(2, '0')} is not valid UTF-8: the file is not UTF-8 text (saved in a legacy code page such as Windows-1252 or Shift_JIS?); save it as UTF-8, or name its code page with \`encoding\` in flowc.config.json or \`--encoding\``;
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
