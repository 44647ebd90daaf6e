/**
 * Writing output files all together or not at all: `flowc build`, `import`, `report --out`,
 * `graph --out`, `check --output-file` and `--fix` all write through here.
 *
 * 1. Stage: every file is written in full (and flushed) into a fresh staging folder inside the
 *    output folder (`.flowc-staging-<pid>-XXXXXX`, same file system, so renames are atomic).
 *    Existing targets get a backup there too (a hard link, else a copy). Nothing under a final
 *    name has been touched; a failure here only removes the staging folder.
 * 2. Commit point: a journal listing every rename is written and flushed, then renamed to
 *    `COMMIT` — one atomic rename that decides that the new set wins.
 * 3. Commit: each staged file is renamed onto its target name. A rename replaces the target
 *    atomically: a name always holds either its complete old content or its complete new
 *    content, never a partial file and never nothing.
 * 4. A failure while committing marks the journal `ABORT` and undoes the renames made (backups
 *    back, new files removed), so the folder is as it was; then the error is rethrown. The
 *    staging folder is removed at the end.
 *
 * What "all or none" means when the process is killed (SIGKILL, power loss):
 * - killed before the commit point: the old files, untouched (plus a staging folder);
 * - killed after it: some targets may already hold the new content and others the old one, but
 *   the journal in the staging folder says so. The next write into the same folder (any
 *   `flowc build`, `import`, `report --out`, `--fix` there) first finishes an interrupted commit
 *   (or undoes an interrupted abort) of a process that is no longer running, then removes its
 *   staging folder. So the folder holds the old set or the complete new set as soon as flowc
 *   next writes to it, and a `.flowc-staging-*` folder with a `COMMIT` file in it marks a folder
 *   whose last write was cut short (`recoverInterruptedWrites` finishes it on demand).
 * No single rename can swap several files on every platform (Linux's RENAME_EXCHANGE is not
 * reachable from Node), hence the journal.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';

export interface OutputFile {
  /** A plain file name inside the output folder (see WritableFile). */
  name: string;
  content: string;
}

/** What the writer takes: an OutputFile, or bytes, or a file in a folder below the output folder. */
export interface WritableFile {
  /**
   * A file name inside the output folder, or a `/`-separated path below it (`sol/Other/Solution.xml`):
   * its folders are created as needed; no segment may be empty, `.` or `..`.
   */
  name: string;
  /** Text (written as UTF-8) or bytes. */
  content: string | Uint8Array;
}

/** The file system operations the writer uses (tests inject failures through it). */
export interface WriterFs {
  mkdir(dir: string): Promise<void>;
  mkdtemp(prefix: string): Promise<string>;
  /** Creates `file` (which must not exist) with `content` (text as UTF-8), flushed to disk. */
  writeFile(file: string, content: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** What is at `file`: a file, a folder, nothing, or something else (a device, a link…). */
  kind(file: string): Promise<'file' | 'missing' | 'other' | 'folder'>;
  rm(dir: string): Promise<void>;
  /** A second name for `file` (hard link; a copy where links are not possible). */
  backup(file: string, to: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  readFile(file: string): Promise<string>;
  /** Flushes a folder's entries (the renames) to disk; best effort. */
  syncFolder(dir: string): Promise<void>;
  /** Whether the process that made a staging folder is still running. */
  processAlive(pid: number): boolean;
}

export const nodeWriterFs: WriterFs = {
  async mkdir(dir) {
    await fsp.mkdir(dir, { recursive: true });
  },
  mkdtemp: (prefix) => fsp.mkdtemp(prefix),
  async writeFile(file, content) {
    const handle = await fsp.open(file, 'wx');
    try {
      await handle.writeFile(content, typeof content === 'string' ? 'utf8' : undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  async kind(file) {
    try {
      const s = await fsp.lstat(file);
      return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other';
    } catch {
      return 'missing';
    }
  },
  async rm(dir) {
    await fsp.rm(dir, { recursive: true, force: true });
  },
  async backup(file, to) {
    try {
      await fsp.link(file, to);
    } catch {
      await fsp.copyFile(file, to);
    }
  },
  readdir: (dir) => fsp.readdir(dir),
  readFile: (file) => fsp.readFile(file, 'utf8'),
  async syncFolder(dir) {
    // Not possible on every platform (Windows cannot open a folder); the renames are made anyway.
    const handle = await fsp.open(dir, 'r').catch(() => undefined);
    if (!handle) return;
    await handle.sync().catch(() => undefined);
    await handle.close().catch(() => undefined);
  },
  processAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};

export const STAGING_PREFIX = '.flowc-staging-';
const JOURNAL = 'journal.json';
const COMMIT = 'COMMIT';
const ABORT = 'ABORT';

/** An output that cannot be written for a reason the user can fix (a bad name, a folder in the way). Exit 2. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/**
 * Writing failed for a reason of the system (a full disk, no permission, an I/O error). The
 * message names the file and the reason; `code` is the system's (ENOSPC, EACCES, …). Nothing was
 * written. Exit 3.
 */
export class WriteError extends Error {
  readonly code: string | undefined;
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'WriteError';
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

/** One step of a write, for the test-only delay hook of the CLI (FLOWC_TEST_WRITE_DELAY_MS). */
export interface WriteStep {
  phase: 'stage' | 'commit-point' | 'commit';
  /** 0-based index of the file, and how many there are. */
  index: number;
  count: number;
  name: string;
}

export interface WriteOptions {
  /** Called before each step (tests use it to kill the process part-way). */
  onStep?: (step: WriteStep) => Promise<void> | void;
}

function checkName(name: string): void {
  const segments = name.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s)) || name.startsWith(STAGING_PREFIX)) {
    throw new OutputError(`invalid output file name: ${JSON.stringify(name)}`);
  }
}

/** The folders between `outDir` and `name`'s file (`a/b/c.xml` → `a`, `a/b`), relative. */
function parentFolders(name: string): string[] {
  const segments = name.split('/').slice(0, -1);
  return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
}

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'it already exists',
};

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  return e instanceof Error ? e.message : String(error);
}

/** One rename of the commit, as the journal records it (names relative to the output and staging folders). */
interface JournalEntry {
  target: string;
  staged: string;
  backup?: string;
}

/** Writes `files` into `outDir` (created if needed): all of them, or — on any error — none. */
export async function writeFilesAtomically(outDir: string, files: readonly WritableFile[], fs: WriterFs = nodeWriterFs, opts: WriteOptions = {}): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) {
    checkName(f.name);
    if (seen.has(f.name.toLowerCase())) throw new OutputError(`two output files are named ${f.name}`);
    seen.add(f.name.toLowerCase());
  }
  // (A link to a folder is fine: mkdir below accepts it, and refuses anything else.)
  if ((await fs.kind(outDir)) === 'file') throw new OutputError(`${outDir} exists and is not a folder`);
  try {
    await fs.mkdir(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR' || (e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new OutputError(`cannot create the folder ${outDir}: ${reason(e)}`);
    }
    throw new WriteError(`cannot create the folder ${outDir}: ${reason(e)}`, e);
  }
  await recoverInterruptedWrites(outDir, fs);
  for (const f of files) {
    // A folder on the way must be a real folder (not a file, not a link that could lead elsewhere).
    for (const folder of parentFolders(f.name)) {
      const kind = await fs.kind(path.join(outDir, folder));
      if (kind === 'file' || kind === 'other') throw new OutputError(`${path.join(outDir, folder)} exists and is not a folder`);
    }
    const kind = await fs.kind(path.join(outDir, f.name));
    if (kind === 'folder' || kind === 'other') throw new OutputError(`${path.join(outDir, f.name)} exists and is not a file`);
  }

  const step = async (phase: WriteStep['phase'], index: number): Promise<void> => {
    if (opts.onStep) await opts.onStep({ phase, index, count: files.length, name: files[index]?.name ?? '' });
  };
  let staging: string;
  try {
    staging = await fs.mkdtemp(path.join(outDir, `${STAGING_PREFIX}${process.pid}-`));
  } catch (e) {
    throw new WriteError(`cannot write into ${outDir}: ${reason(e)}`, e);
  }
  let current = outDir;
  try {
    // 1. Stage, with backups of what will be replaced.
    const journal: JournalEntry[] = [];
    for (const [i, f] of files.entries()) {
      await step('stage', i);
      current = path.join(outDir, f.name);
      await fs.writeFile(path.join(staging, `new-${i}`), f.content);
      const entry: JournalEntry = { target: f.name, staged: `new-${i}` };
      if ((await fs.kind(path.join(outDir, f.name))) === 'file') {
        await fs.backup(path.join(outDir, f.name), path.join(staging, `old-${i}`));
        entry.backup = `old-${i}`;
      }
      journal.push(entry);
    }
    // 2. The commit point.
    await step('commit-point', 0);
    current = outDir;
    await fs.writeFile(path.join(staging, JOURNAL), JSON.stringify(journal));
    await fs.rename(path.join(staging, JOURNAL), path.join(staging, COMMIT));
    // 3. Commit.
    try {
      for (const [i, e] of journal.entries()) {
        await step('commit', i);
        current = path.join(outDir, e.target);
        if (e.target.includes('/')) await fs.mkdir(path.dirname(current));
        await fs.rename(path.join(staging, e.staged), path.join(outDir, e.target));
      }
    } catch (error) {
      // 4. Undo: first say so in the journal, so that a crash while undoing is undone too.
      try {
        await fs.rename(path.join(staging, COMMIT), path.join(staging, ABORT));
        await rollBack(outDir, staging, journal, fs);
      } catch {
        /* best effort: the original error is what the user needs to see */
      }
      throw error;
    }
    await fs.syncFolder(outDir);
  } catch (error) {
    if (error instanceof OutputError || error instanceof WriteError) throw error;
    throw new WriteError(`cannot write ${current}: ${reason(error)}; nothing was written`, error);
  } finally {
    await fs.rm(staging).catch(() => undefined);
  }
}

/** Writes one file atomically (through a staging folder beside it and a rename). */
export async function writeFileAtomically(file: string, content: string, fs: WriterFs = nodeWriterFs, opts: WriteOptions = {}): Promise<void> {
  await writeFilesAtomically(path.dirname(file), [{ name: path.basename(file), content }], fs, opts);
}

/** Undoes the renames of an aborted commit: a target whose staged file is gone gets its backup back (or is removed). */
async function rollBack(outDir: string, staging: string, journal: readonly JournalEntry[], fs: WriterFs): Promise<void> {
  for (const e of [...journal].reverse()) {
    if ((await fs.kind(path.join(staging, e.staged))) !== 'missing') continue; // never committed
    const target = path.join(outDir, e.target);
    if (e.backup !== undefined) {
      if ((await fs.kind(path.join(staging, e.backup))) === 'file') await fs.rename(path.join(staging, e.backup), target);
    } else if ((await fs.kind(target)) === 'file') {
      await fs.rm(target);
    }
  }
}

/**
 * Finishes what a killed flowc left in `outDir`: for each staging folder of a process that is
 * no longer running, completes the commit (journal `COMMIT`), undoes it (`ABORT`), or — before
 * the commit point — just removes it. Returns how many interrupted writes it found.
 */
export async function recoverInterruptedWrites(outDir: string, fs: WriterFs = nodeWriterFs): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(outDir);
  } catch {
    return 0;
  }
  let found = 0;
  for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX)).sort()) {
    const pid = Number(/^(\d+)-/.exec(name.slice(STAGING_PREFIX.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || fs.processAlive(pid))) continue;
    const staging = path.join(outDir, name);
    if ((await fs.kind(staging)) !== 'folder') continue;
    found++;
    const committed = (await fs.kind(path.join(staging, COMMIT))) === 'file';
    const aborted = (await fs.kind(path.join(staging, ABORT))) === 'file';
    if (committed || aborted) {
      const journal = JSON.parse(await fs.readFile(path.join(staging, committed ? COMMIT : ABORT))) as JournalEntry[];
      for (const e of journal) checkName(e.target);
      if (committed) {
        for (const e of journal) {
          if ((await fs.kind(path.join(staging, e.staged))) !== 'file') continue;
          if (e.target.includes('/')) await fs.mkdir(path.dirname(path.join(outDir, e.target)));
          await fs.rename(path.join(staging, e.staged), path.join(outDir, e.target));
        }
        await fs.syncFolder(outDir);
      } else {
        await rollBack(outDir, staging, journal, fs);
      }
    }
    await fs.rm(staging);
  }
  return found;
}

/**
 * One small file replaced atomically, synchronously (a temporary file beside it, then a rename):
 * for caches and other files flowc keeps for itself, where a staging folder is not worth it.
 * Never a partial file under `file`; on failure the temporary file is removed.
 */
export function writeFileAtomicSync(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
