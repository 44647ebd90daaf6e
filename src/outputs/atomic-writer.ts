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
import { randomBytes } from '../util/crypto.js';
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
  /** Sets `file`'s modification time to now (optional: a long streamed write keeps its lock from looking stale). */
  touch?(file: string): Promise<void>;
  /** Removes `dir` only if it is an empty folder (optional: a write that created its folder and wrote nothing removes it). */
  rmdir?(dir: string): Promise<void>;
  /** A second name for `file` (hard link; a copy where links are not possible). */
  backup(file: string, to: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  readFile(file: string): Promise<string>;
  /** Flushes a folder's entries (the renames) to disk; best effort. */
  syncFolder(dir: string): Promise<void>;
  /** Whether the process that made a staging folder is still running. */
  processAlive(pid: number): boolean;
  /** Creates `file` only if nothing is there (`O_EXCL`): false when something already is. */
  createExclusive(file: string, content: string): Promise<boolean>;
  /** The identity of a regular file (device and inode), or undefined when `file` is not one. */
  identity(file: string): Promise<string | undefined>;
  /** How old `file` is, in milliseconds since its last change (undefined when missing). */
  age(file: string): Promise<number | undefined>;
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
  rmdir: (dir) => fsp.rmdir(dir),
  async touch(file) {
    const now = new Date();
    await fsp.utimes(file, now, now);
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
  async createExclusive(file, content) {
    try {
      await fsp.writeFile(file, content, { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  },
  async identity(file) {
    const s = await fsp.lstat(file, { bigint: true }).catch(() => undefined);
    return s?.isFile() ? `${s.dev}:${s.ino}` : undefined;
  },
  async age(file) {
    const s = await fsp.lstat(file).catch(() => undefined);
    return s ? Math.max(0, Date.now() - s.mtimeMs) : undefined;
  },
};

export const STAGING_PREFIX = '.flowc-staging-';
const JOURNAL = 'journal.json';
const COMMIT = 'COMMIT';
const ABORT = 'ABORT';
/** The lock a writer holds on its output folder while it stages and commits (its pid inside). */
export const LOCK = `${STAGING_PREFIX}lock`;
/** A journal larger than this is not one flowc wrote (a few hundred bytes per file). */
const MAX_JOURNAL_BYTES = 4 * 1024 * 1024;
/** A lock older than this is stale whoever holds it: no write takes that long (a streamed write refreshes its lock as it stages: LOCK_REFRESH_MS). */
const LOCK_STALE_MS = 10 * 60_000;
/** A write that stages files over a long time (a streamed build) refreshes its lock's time at least this often. */
const LOCK_REFRESH_MS = 60_000;
/** How long a writer waits for another one to release the folder before giving up. */
const LOCK_WAIT_MS = 30_000;

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

/** One step of a write (tests of the library pause or kill a writer there). */
export interface WriteStep {
  phase: 'stage' | 'commit-point' | 'commit';
  /** 0-based index of the file, and how many there are. */
  index: number;
  count: number;
  name: string;
}

export interface WriteOptions {
  /** Called before each step (tests use it to kill the process part-way). Not reachable from the CLI. */
  onStep?: (step: WriteStep) => Promise<void> | void;
  /** How long to wait for another writer's lock on the folder (default 30 s). */
  lockWaitMs?: number;
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
  /** Device and inode of the staged file: once renamed, the target is provably the file this writer made. */
  id?: string;
}

/** Writes `files` into `outDir` (created if needed): all of them, or — on any error — none. */
export async function writeFilesAtomically(outDir: string, files: readonly WritableFile[], fs: WriterFs = nodeWriterFs, opts: WriteOptions = {}): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) {
    checkName(f.name);
    if (seen.has(f.name.toLowerCase())) throw new OutputError(`two output files are named ${f.name}`);
    seen.add(f.name.toLowerCase());
  }
  // Every target is checked before anything is staged (a stream checks each one as it comes).
  const write = await beginAtomicWrite(outDir, fs, { ...opts, count: files.length, precheck: files });
  try {
    for (const f of files) await write.add(f);
    await write.commit();
  } finally {
    await write.abort();
  }
}

/**
 * A write whose files come one at a time (`flowc build` stages each record as soon as its flow
 * is generated, so it never holds them all): `add` stages a file (written in full and flushed
 * in the staging folder, nothing under a final name touched), `commit` makes every staged file
 * appear under its name together (the journal and renames of writeFilesAtomically), `abort`
 * drops what was staged. Until `commit`, the folder is as it was; a process killed while staging
 * leaves only its staging folder, which the next write into the folder removes. The folder's
 * lock is held from `beginAtomicWrite` to `commit` or `abort`.
 */
export interface AtomicWrite {
  /** Stages one more file. Throws OutputError (a bad name, a folder in the way) or WriteError, after aborting the write. */
  add(file: WritableFile): Promise<void>;
  /** How many files are staged. */
  readonly staged: number;
  /** All staged files under their names, or (on an error, rethrown) none. */
  commit(): Promise<void>;
  /** Drops the staged files and releases the folder. Harmless after `commit`. */
  abort(): Promise<void>;
}

interface BeginOptions extends WriteOptions {
  /** How many files will be added, when known (for WriteStep.count). */
  count?: number;
  /** Files whose targets are checked before anything is staged. */
  precheck?: readonly WritableFile[];
  /**
   * An aborted write removes the output folder again when it created it and it is empty (a build
   * that fails part-way through its flows leaves no trace, as one that failed before writing).
   */
  removeCreatedFolder?: boolean;
}

/** Opens a write into `outDir` (created if needed): takes its lock, finishes interrupted writes, makes the staging folder. */
export async function beginAtomicWrite(outDir: string, fs: WriterFs = nodeWriterFs, opts: BeginOptions = {}): Promise<AtomicWrite> {
  // (A link to a folder is fine: mkdir below accepts it, and refuses anything else.)
  const before = await fs.kind(outDir);
  if (before === 'file') throw new OutputError(`${outDir} exists and is not a folder`);
  try {
    await fs.mkdir(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR' || (e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new OutputError(`cannot create the folder ${outDir}: ${reason(e)}`);
    }
    throw new WriteError(`cannot create the folder ${outDir}: ${reason(e)}`, e);
  }
  const release = await acquireLock(outDir, fs, opts.lockWaitMs ?? LOCK_WAIT_MS);
  let staging: string;
  try {
    await recoverInterruptedWrites(outDir, fs);
    for (const f of opts.precheck ?? []) await checkTarget(outDir, f.name, fs);
    try {
      staging = await fs.mkdtemp(path.join(outDir, `${STAGING_PREFIX}${process.pid}-`));
    } catch (e) {
      throw new WriteError(`cannot write into ${outDir}: ${reason(e)}`, e);
    }
  } catch (e) {
    await release();
    throw e;
  }

  const journal: JournalEntry[] = [];
  const seen = new Set<string>();
  let open = true;
  let lockTouched = Date.now();
  const count = (): number => opts.count ?? journal.length + 1;
  const step = async (phase: WriteStep['phase'], index: number, name: string, of: number): Promise<void> => {
    if (opts.onStep) await opts.onStep({ phase, index, count: of, name });
  };
  const close = async (): Promise<void> => {
    if (!open) return;
    open = false;
    await fs.rm(staging).catch(() => undefined);
    await release();
    // A folder this write created is not left behind empty by a write that wrote nothing.
    if (opts.removeCreatedFolder && before === 'missing' && fs.rmdir) await fs.rmdir(outDir).catch(() => undefined);
  };
  /** Runs `work`; on any error, aborts the write and rethrows it as an OutputError or a WriteError naming `current()`. */
  const guarded = async (current: () => string, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      await close();
      if (error instanceof OutputError || error instanceof WriteError) throw error;
      throw new WriteError(`cannot write ${current()}: ${reason(error)}; nothing was written`, error);
    }
  };

  return {
    get staged() {
      return journal.length;
    },
    async add(f) {
      if (!open) throw new Error('this write is already committed or aborted');
      await guarded(
        () => path.join(outDir, f.name),
        async () => {
          checkName(f.name);
          if (seen.has(f.name.toLowerCase())) throw new OutputError(`two output files are named ${f.name}`);
          seen.add(f.name.toLowerCase());
          await checkTarget(outDir, f.name, fs);
          if (fs.touch && Date.now() - lockTouched > LOCK_REFRESH_MS) {
            // Still this write's: the lock must not look stale to another writer however long the stream.
            await fs.touch(path.join(outDir, LOCK)).catch(() => undefined);
            lockTouched = Date.now();
          }
          const i = journal.length;
          await step('stage', i, f.name, count());
          await fs.writeFile(path.join(staging, `new-${i}`), f.content);
          const entry: JournalEntry = { target: f.name, staged: `new-${i}` };
          const id = await fs.identity(path.join(staging, `new-${i}`));
          if (id !== undefined) entry.id = id;
          if ((await fs.kind(path.join(outDir, f.name))) === 'file') {
            await fs.backup(path.join(outDir, f.name), path.join(staging, `old-${i}`));
            entry.backup = `old-${i}`;
          }
          journal.push(entry);
        },
      );
    },
    async commit() {
      if (!open) throw new Error('this write is already committed or aborted');
      let current = outDir;
      await guarded(
        () => current,
        async () => {
          // The commit point.
          await step('commit-point', 0, journal[0]?.target ?? '', journal.length);
          await fs.writeFile(path.join(staging, JOURNAL), JSON.stringify(journal));
          await fs.rename(path.join(staging, JOURNAL), path.join(staging, COMMIT));
          try {
            for (const [i, e] of journal.entries()) {
              await step('commit', i, e.target, journal.length);
              current = path.join(outDir, e.target);
              if (e.target.includes('/')) await fs.mkdir(path.dirname(current));
              await fs.rename(path.join(staging, e.staged), path.join(outDir, e.target));
            }
          } catch (error) {
            // Undo: first say so in the journal, so that a crash while undoing is undone too.
            try {
              await fs.rename(path.join(staging, COMMIT), path.join(staging, ABORT));
              await rollBack(outDir, staging, journal, fs);
            } catch {
              /* best effort: the original error is what the user needs to see */
            }
            throw error;
          }
          await fs.syncFolder(outDir);
        },
      );
      if (!open) return;
      open = false;
      await fs.rm(staging).catch(() => undefined);
      await release();
    },
    abort: close,
  };
}

/**
 * Takes the folder's lock (`.flowc-staging-lock`, created exclusively, holding the pid), so that
 * two flowc processes writing into one folder take turns instead of mixing their sets. A lock
 * whose process is gone, or that is older than any write takes, is stale and replaced. Waits up
 * to `waitMs` for a live one, then gives up with an OutputError naming the lock (exit 2).
 */
async function acquireLock(outDir: string, fs: WriterFs, waitMs: number): Promise<() => Promise<void>> {
  const lock = path.join(outDir, LOCK);
  const deadline = Date.now() + waitMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    let taken: boolean;
    try {
      taken = await fs.createExclusive(lock, `${process.pid}\n`);
    } catch (e) {
      throw new WriteError(`cannot write into ${outDir}: ${reason(e)}`, e);
    }
    if (taken) return () => fs.rm(lock).catch(() => undefined);
    const holder = (await fs.kind(lock)) === 'file' ? Number((await fs.readFile(lock).catch(() => '')).slice(0, 20).trim()) : NaN;
    const age = await fs.age(lock);
    const alive = Number.isInteger(holder) && holder > 0 && holder !== process.pid && fs.processAlive(holder);
    if (!alive || (age !== undefined && age > LOCK_STALE_MS)) {
      // Stale (or not a file flowc wrote): only a plain file is removed, never what a link points to.
      if ((await fs.kind(lock)) === 'folder') throw new OutputError(`${lock} is a folder; remove it to write into ${outDir}`);
      await fs.rm(lock).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputError(`another flowc (pid ${holder}) is writing into ${outDir}; if none is, remove ${lock}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** A target must be a file or nothing, and every folder on its way a real folder (not a file, not a link that could lead elsewhere). */
async function checkTarget(outDir: string, name: string, fs: WriterFs): Promise<void> {
  for (const folder of parentFolders(name)) {
    const kind = await fs.kind(path.join(outDir, folder));
    if (kind === 'file' || kind === 'other') throw new OutputError(`${path.join(outDir, folder)} exists and is not a folder`);
  }
  const kind = await fs.kind(path.join(outDir, name));
  if (kind === 'folder' || kind === 'other') throw new OutputError(`${path.join(outDir, name)} exists and is not a file`);
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
    } else if (e.id !== undefined && (await fs.identity(target)) === e.id) {
      // Only the very file this writer staged (same device and inode) is removed.
      await fs.rm(target);
    }
  }
}

/**
 * Reads the journal of a staging folder, and returns it only if every entry is one this writer
 * could have made: a plain target name, `new-<i>` staged and `old-<i>` backup names with the
 * entry's own index, each target once. Anything else (a planted or damaged journal) is undefined:
 * nothing is moved on its word.
 */
async function readJournal(file: string, fs: WriterFs): Promise<JournalEntry[] | undefined> {
  let value: unknown;
  try {
    const text = await fs.readFile(file);
    if (text.length > MAX_JOURNAL_BYTES) return undefined;
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const targets = new Set<string>();
  const out: JournalEntry[] = [];
  for (const [i, raw] of value.entries()) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    const e = raw as Record<string, unknown>;
    for (const key of Object.keys(e)) if (!['target', 'staged', 'backup', 'id'].includes(key)) return undefined;
    if (typeof e['target'] !== 'string' || e['staged'] !== `new-${i}`) return undefined;
    if (e['backup'] !== undefined && e['backup'] !== `old-${i}`) return undefined;
    if (e['id'] !== undefined && (typeof e['id'] !== 'string' || !/^\d+:\d+$/.test(e['id']))) return undefined;
    try {
      checkName(e['target']);
    } catch {
      return undefined;
    }
    if (targets.has(e['target'].toLowerCase())) return undefined;
    targets.add(e['target'].toLowerCase());
    out.push({ target: e['target'], staged: `new-${i}`, ...(e['backup'] !== undefined ? { backup: `old-${i}` } : {}), ...(e['id'] !== undefined ? { id: e['id'] as string } : {}) });
  }
  return out;
}

/** A staging folder's name as this writer makes them: the prefix, a pid, `-`, six characters of mkdtemp. */
const STAGING_NAME = new RegExp(`^${STAGING_PREFIX.replace(/[.]/g, '\\.')}(\\d{1,10})-[A-Za-z0-9]{6}$`);

/** Whether every folder between `outDir` and each target is a real folder or not there yet (never a link or a file). */
async function everyParentIsAFolder(outDir: string, journal: readonly JournalEntry[], fs: WriterFs): Promise<boolean> {
  for (const e of journal) {
    for (const folder of parentFolders(e.target)) {
      const kind = await fs.kind(path.join(outDir, folder));
      if (kind !== 'folder' && kind !== 'missing') return false;
    }
  }
  return true;
}

/**
 * Finishes what a killed flowc left in `outDir`: for each staging folder of a process that is
 * no longer running, completes the commit (journal `COMMIT`), undoes it (`ABORT`), or — before
 * the commit point — just removes it. Returns how many interrupted writes it found.
 *
 * The output folder may hold anything a stranger committed, so recovery trusts nothing it did
 * not make: only real folders (not links) named as this writer names them, only journals whose
 * every entry is a name it generates, only regular files inside that folder are renamed, and
 * only into `outDir` under a plain name; an undo removes a target only if it is the very file
 * that was staged (same inode). A folder that fails any of these is left alone — never moved
 * from, never removed, never an error.
 */
export async function recoverInterruptedWrites(outDir: string, fs: WriterFs = nodeWriterFs): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(outDir);
  } catch {
    return 0;
  }
  let found = 0;
  for (const name of names.filter((n) => STAGING_NAME.test(n)).sort()) {
    const pid = Number(STAGING_NAME.exec(name)![1]);
    if (pid === 0 || pid === process.pid || fs.processAlive(pid)) continue;
    const staging = path.join(outDir, name);
    if ((await fs.kind(staging)) !== 'folder') continue;
    const committed = (await fs.kind(path.join(staging, COMMIT))) === 'file';
    const aborted = !committed && (await fs.kind(path.join(staging, ABORT))) === 'file';
    if (committed || aborted) {
      const journal = await readJournal(path.join(staging, committed ? COMMIT : ABORT), fs);
      if (!journal) continue; // not provably ours: leave it be
      // Every folder on the way to a target must be a real folder inside outDir (a planted link
      // `out/sub -> /home` would otherwise lead a rename out of it).
      if (!(await everyParentIsAFolder(outDir, journal, fs))) continue;
      try {
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
      } catch {
        continue; // a rename refused (a folder in the way…): leave the rest for the user, do not fail this write
      }
    } else {
      // Before the commit point: only files named as the writer names them, else it is not ours.
      const entries = await fs.readdir(staging).catch(() => undefined);
      if (!entries || !entries.every((n) => /^(new|old)-\d+$/.test(n) || n === JOURNAL)) continue;
    }
    found++;
    await fs.rm(staging).catch(() => undefined);
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
