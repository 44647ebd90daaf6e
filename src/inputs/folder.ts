import path from 'node:path';
import fg from 'fast-glob';
import { inputError, wrapError } from './errors.js';
import { ByteBudget, type InputLimits } from './limits.js';
import { EntryIndex, readFileCounted, type SolutionFiles } from './solution-files.js';

/*
 * An unpacked solution folder (what `pac solution unpack` or an unzip tool leaves). It may have
 * been unzipped from another tenant's solution, so it gets the same limits as a zip, and
 * symbolic links inside it are not followed: an entry that is a link (say customizations.xml
 * pointing at a file elsewhere on the disk) is refused when flowc needs to read it.
 */

interface FolderEntry {
  symlink: boolean;
}

export async function openFolder(absolutePath: string, displayPath: string, limits: InputLimits): Promise<SolutionFiles> {
  const index = new EntryIndex<FolderEntry>(displayPath);
  try {
    // followSymbolicLinks: false — linked folders are not entered; linked files are listed as
    // links (dirent) so that reading them can be refused with a clear message.
    const entries = await fg('**/*', {
      cwd: absolutePath,
      dot: true,
      onlyFiles: false,
      objectMode: true,
      followSymbolicLinks: false,
    });
    for (const entry of entries) {
      const symlink = entry.dirent.isSymbolicLink();
      if (!symlink && !entry.dirent.isFile()) continue;
      if (index.size >= limits.maxEntries) {
        throw inputError(displayPath, undefined, `folder has more than ${limits.maxEntries} files, the limit for a solution`);
      }
      index.add(entry.path, { symlink });
    }
  } catch (error) {
    throw wrapError(error, displayPath, undefined, 'cannot list the solution folder');
  }
  return new FolderSolutionFiles(absolutePath, index, displayPath, new ByteBudget(limits, displayPath));
}

class FolderSolutionFiles implements SolutionFiles {
  readonly format = 'folder';

  constructor(
    private readonly root: string,
    private readonly index: EntryIndex<FolderEntry>,
    private readonly path: string,
    private readonly budget: ByteBudget,
  ) {}

  names(): readonly string[] {
    return this.index.names();
  }

  find(name: string): string | undefined {
    return this.index.get(name)?.name;
  }

  async read(name: string): Promise<Buffer> {
    const found = this.index.get(name);
    if (!found) throw inputError(this.path, name, 'no such file in the solution folder');
    if (found.value.symlink) {
      throw inputError(this.path, found.name, 'is a symbolic link; flowc does not follow links inside a solution');
    }
    const count = this.budget.entry(found.name);
    try {
      return await readFileCounted(path.join(this.root, ...found.name.split('/')), (chunk) => count(chunk.length), true);
    } catch (error) {
      throw wrapError(error, this.path, found.name, 'cannot read');
    }
  }

  async close(): Promise<void> {}
}
