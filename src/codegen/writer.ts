/**
 * Writing a build's (or an import's) files all together or not at all.
 *
 * 1. Stage: every file is written in full (and flushed) into a fresh staging folder inside the
 *    output folder (`.flowc-staging-XXXXXX`, same file system, so renames are atomic). Nothing
 *    under its final name has been touched yet; a failure here only removes the staging folder.
 * 2. Commit: file by file, an existing target is first moved into the staging folder (kept as a
 *    backup), then the new file is renamed onto the target name. Renames are atomic: a target
 *    is at any moment either its old complete content or its new complete content.
 * 3. A failure while committing undoes the renames already made, newest first (new files are
 *    moved away, backups moved back), so the output folder is as it was; then the error is
 *    rethrown. The staging folder is always removed at the end.
 *
 * A process killed in the middle (power loss, SIGKILL) can leave the staging folder behind, and,
 * if killed during step 2, a mix of old and new files — but never a partly written file under a
 * final name.
 */
import * as fsp from 'node:fs/promises';
import path from 'node:path';

export interface OutputFile {
  /** A plain file name inside the output folder (no folders). */
  name: string;
  content: string;
}

/** The file system operations the writer uses (tests inject failures through it). */
export interface WriterFs {
  mkdir(dir: string): Promise<void>;
  mkdtemp(prefix: string): Promise<string>;
  writeFile(file: string, content: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** What is at `file`: a file, nothing, or something else (a folder, a device…). */
  kind(file: string): Promise<'file' | 'missing' | 'other'>;
  rm(dir: string): Promise<void>;
}

export const nodeWriterFs: WriterFs = {
  async mkdir(dir) {
    await fsp.mkdir(dir, { recursive: true });
  },
  mkdtemp: (prefix) => fsp.mkdtemp(prefix),
  async writeFile(file, content) {
    const handle = await fsp.open(file, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  async kind(file) {
    try {
      return (await fsp.lstat(file)).isFile() ? 'file' : 'other';
    } catch {
      return 'missing';
    }
  },
  async rm(dir) {
    await fsp.rm(dir, { recursive: true, force: true });
  },
};

export const STAGING_PREFIX = '.flowc-staging-';

/** An output that cannot be written for a reason the user can fix (a bad name, a folder in the way). */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name) || name.startsWith(STAGING_PREFIX)) {
    throw new OutputError(`invalid output file name: ${JSON.stringify(name)}`);
  }
}

/** Writes `files` into `outDir` (created if needed): all of them, or — on any error — none. */
export async function writeFilesAtomically(outDir: string, files: readonly OutputFile[], fs: WriterFs = nodeWriterFs): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) {
    checkName(f.name);
    if (seen.has(f.name.toLowerCase())) throw new OutputError(`two output files are named ${f.name}`);
    seen.add(f.name.toLowerCase());
  }
  await fs.mkdir(outDir);
  for (const f of files) {
    if ((await fs.kind(path.join(outDir, f.name))) === 'other') throw new OutputError(`${path.join(outDir, f.name)} exists and is not a file`);
  }
  const staging = await fs.mkdtemp(path.join(outDir, STAGING_PREFIX));
  try {
    // 1. Stage.
    for (const [i, f] of files.entries()) await fs.writeFile(path.join(staging, `new-${i}`), f.content);
    // 2. Commit, remembering how to undo.
    const done: { target: string; staged: string; backup?: string }[] = [];
    try {
      for (const [i, f] of files.entries()) {
        const target = path.join(outDir, f.name);
        const staged = path.join(staging, `new-${i}`);
        let backup: string | undefined;
        if ((await fs.kind(target)) === 'file') {
          backup = path.join(staging, `old-${i}`);
          await fs.rename(target, backup);
        }
        const step: { target: string; staged: string; backup?: string } = { target, staged, ...(backup ? { backup } : {}) };
        try {
          await fs.rename(staged, target);
        } catch (e) {
          if (backup) await fs.rename(backup, target).catch(() => undefined);
          throw e;
        }
        done.push(step);
      }
    } catch (error) {
      // 3. Undo, newest first; keep going if one step fails so the rest is still restored.
      for (const step of done.reverse()) {
        try {
          await fs.rename(step.target, step.staged);
          if (step.backup) await fs.rename(step.backup, step.target);
        } catch {
          /* best effort: the original error is what the user needs to see */
        }
      }
      throw error;
    }
  } finally {
    await fs.rm(staging).catch(() => undefined);
  }
}
