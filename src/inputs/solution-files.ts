import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
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
 * Reads a file from disk, counting its bytes as they arrive (a file can grow after a `stat`).
 * Symbolic links are not followed where the platform can refuse them (`O_NOFOLLOW`): the caller
 * decides whether a link is acceptable before calling. Throws whatever fs throws.
 */
export async function readFileCounted(absolutePath: string, onChunk: (chunk: Buffer) => void, noFollow = false): Promise<Buffer> {
  // O_NOFOLLOW does not exist on Windows; there the listing's own symlink check is what guards.
  const flags = constants.O_RDONLY | (noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
  const handle = await open(absolutePath, flags);
  try {
    return await collect(handle.createReadStream({ autoClose: false }), onChunk);
  } finally {
    await handle.close();
  }
}
