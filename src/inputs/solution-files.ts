import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { inputError, printable } from './errors.js';

/**
 * The files of one solution, whether it is a zip (zip.ts) or an unpacked folder (folder.ts).
 * Entry names are `/`-separated and relative to the solution root; lookups ignore case, as
 * Dataverse and Windows do.
 */
export interface SolutionFiles {
  readonly format: 'zip' | 'folder';
  /** Every file entry, as the solution spells it. */
  names(): readonly string[];
  /** The entry as the solution spells it, looked up case-insensitively. */
  find(name: string): string | undefined;
  /** Reads one entry whole, enforcing the size limits while reading. Throws InputError. */
  read(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Entries of a solution by case-insensitive name. Two entries whose names differ only in case
 * (or are equal) are refused: which one a tool sees would depend on the tool, and a second
 * `customizations.xml` that flowc reads but Dataverse ignores is exactly what an attacker wants.
 */
export class EntryIndex<T> {
  private readonly byKey = new Map<string, { name: string; value: T }>();

  constructor(private readonly path: string) {}

  add(name: string, value: T): void {
    const key = name.toLowerCase();
    const existing = this.byKey.get(key);
    if (existing) {
      const same = existing.name === name ? '' : ` (same name as ${printable(existing.name)} but for case)`;
      throw inputError(this.path, name, `duplicate entry${same}`);
    }
    this.byKey.set(key, { name, value });
  }

  get(name: string): { name: string; value: T } | undefined {
    return this.byKey.get(name.toLowerCase());
  }

  names(): string[] {
    return [...this.byKey.values()].map((e) => e.name);
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** Collects a byte stream into one buffer, passing every chunk to `onChunk` first (limits, CRC). */
export async function collect(stream: AsyncIterable<Buffer>, onChunk: (chunk: Buffer) => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    onChunk(chunk);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a file from disk, counting its bytes as they arrive (a file can grow after a `stat`):
 * `onChunk` sees each chunk before the next is read and may throw to stop. Symbolic links are not
 * followed where the platform can refuse them (`O_NOFOLLOW`): the caller decides whether a link is
 * acceptable before calling. Throws whatever fs throws.
 *
 * Synchronous on purpose: a project is thousands of small files, and a read stream per file (or
 * any promise-based read) costs several trips through the event loop and the thread pool per file
 * — on a warm `--cache` run most of the run's time. The first chunk is sized by the file's
 * `fstat` (plus one byte, to see growth without a second read).
 */
export async function readFileCounted(absolutePath: string, onChunk: (chunk: Buffer) => void, noFollow = false): Promise<Buffer> {
  // O_NOFOLLOW does not exist on Windows; there the listing's own symlink check is what guards.
  const flags = constants.O_RDONLY | (noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
  const fd = openSync(absolutePath, flags);
  try {
    const chunks: Buffer[] = [];
    let want = Math.min(Math.max(fstatSync(fd).size + 1, 1024), MAX_CHUNK);
    for (;;) {
      const buffer = Buffer.allocUnsafe(want);
      const n = readSync(fd, buffer, 0, want, null);
      if (n === 0) break;
      const chunk = n < want ? buffer.subarray(0, n) : buffer;
      onChunk(chunk);
      chunks.push(chunk);
      want = MAX_CHUNK;
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/** The largest read at once (a limit is checked between chunks). */
const MAX_CHUNK = 1 << 20;
