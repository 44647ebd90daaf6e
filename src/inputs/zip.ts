import zlib from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { InputError, inputError } from './errors.js';
import { ByteBudget, checkRatio, entryLimit, formatBytes, type InputLimits } from './limits.js';
import { EntryIndex, collect, type SolutionFiles } from './solution-files.js';

/*
 * A solution zip, read with yauzl and treated as hostile: it comes from another tenant. When the
 * zip is opened, its whole central directory is checked and the zip refused if any entry
 *   - has a name with a `..` segment, an absolute or drive path (`/x`, `\\server\x`, `C:x`),
 *   - is a symbolic link or another special file (Unix mode in the external attributes),
 *   - is encrypted, or compressed with a method other than stored/deflate,
 *   - duplicates another entry's name (ignoring case),
 *   - declares a size above the limits, or a compression ratio of a zip bomb.
 * Reading an entry then counts the bytes actually inflated against the same limits (headers
 * can lie) and checks the CRC-32.
 */

/** Unix file-type bits of the external attributes' high 16 bits (st_mode). */
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

const STORED = 0;
const DEFLATED = 8;
/** General purpose bit 0: the entry is encrypted (traditional PKWARE or AES). */
const FLAG_ENCRYPTED = 0x1;

/** zlib.crc32 exists from Node 20.15; on older versions the CRC check is skipped. */
const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

export async function openZip(absolutePath: string, displayPath: string, limits: InputLimits): Promise<SolutionFiles> {
  let zip: ZipFile;
  try {
    // decodeStrings: false — yauzl would otherwise reject bad names itself with its own
    // messages; flowc decodes and checks them below to say clearly what is wrong.
    zip = await yauzl.openPromise(absolutePath, { autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    throw zipError(error, displayPath, undefined);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw inputError(displayPath, undefined, `zip has ${zip.entryCount} entries, above the ${limits.maxEntries} limit`);
    }
    const index = new EntryIndex<Entry>(displayPath);
    let declaredTotal = 0;
    for await (const entry of zip.eachEntry()) {
      const name = entryName(entry, displayPath);
      if (checkEntry(entry, name, displayPath, limits) === 'directory') continue;
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxTotalBytes) {
        throw inputError(displayPath, name, `solution is larger than the ${formatBytes(limits.maxTotalBytes)} total limit`);
      }
      index.add(name, entry);
    }
    return new ZipSolutionFiles(zip, index, displayPath, new ByteBudget(limits, displayPath));
  } catch (error) {
    zip.close();
    throw zipError(error, displayPath, undefined);
  }
}

class ZipSolutionFiles implements SolutionFiles {
  readonly format = 'zip';

  constructor(
    private readonly zip: ZipFile,
    private readonly index: EntryIndex<Entry>,
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
    if (!found) throw inputError(this.path, name, 'no such entry in the zip');
    const entry = found.value;
    const count = this.budget.entry(found.name, entry.compressedSize);
    let crc = 0;
    let data: Buffer;
    try {
      const stream = await this.zip.openReadStreamPromise(entry);
      data = await collect(stream, (chunk) => {
        count(chunk.length);
        if (crc32) crc = crc32(chunk, crc);
      });
    } catch (error) {
      throw zipError(error, this.path, found.name);
    }
    if (crc32 && crc !== entry.crc32) throw inputError(this.path, found.name, 'CRC-32 mismatch: the entry is corrupt');
    return data;
  }

  async close(): Promise<void> {
    this.zip.close();
  }
}

/**
 * The entry's name, `/`-separated, or an InputError when it could escape the solution root.
 * Backslashes count as separators (some Windows zip tools write them), so `..\x` and `\x` are
 * caught too.
 */
function entryName(entry: Entry, zipPath: string): string {
  // strictFileNames: true keeps backslashes, so the checks below see the name as stored.
  const raw = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  const name = raw.replace(/\\/g, '/');
  const refuse = (problem: string): never => {
    throw inputError(zipPath, raw, problem);
  };
  if (name.includes('\0')) refuse('entry name contains a NUL character');
  if (name.startsWith('/')) refuse('entry has an absolute path');
  if (/^[a-zA-Z]:/.test(name)) refuse('entry has a drive path');
  const segments = name.split('/');
  if (segments.includes('..')) refuse("entry path contains '..' and could escape the solution folder");
  const clean = segments.filter((s) => s !== '' && s !== '.').join('/');
  if (clean === '') refuse('entry has an empty name');
  // A trailing separator marks a directory entry; keep it so checkEntry can tell.
  return name.endsWith('/') ? `${clean}/` : clean;
}

/** Refuses an entry flowc must not read; returns whether it is a directory (which is skipped). */
function checkEntry(entry: Entry, name: string, zipPath: string, limits: InputLimits): 'file' | 'directory' {
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode === S_IFLNK) throw inputError(zipPath, name, 'entry is a symbolic link');
  if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) {
    throw inputError(zipPath, name, `entry is a special file (mode ${mode.toString(8)}), not a regular file`);
  }
  if (mode === S_IFDIR || name.endsWith('/')) return 'directory';
  if (entry.generalPurposeBitFlag & FLAG_ENCRYPTED) throw inputError(zipPath, name, 'entry is encrypted');
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw inputError(zipPath, name, `entry uses compression method ${entry.compressionMethod}; only stored and deflate are supported`);
  }
  const limit = entryLimit(name, limits);
  if (entry.uncompressedSize > limit) {
    throw inputError(zipPath, name, `entry is ${formatBytes(entry.uncompressedSize)}, above the ${formatBytes(limit)} limit`);
  }
  checkRatio(entry.uncompressedSize, entry.compressedSize, limits, zipPath, name);
  return 'file';
}

/** What yauzl and zlib say, in words a user can act on. */
function zipError(error: unknown, zipPath: string, entry: string | undefined): InputError {
  if (error instanceof InputError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  let problem: string;
  if (code === 'ENOENT') problem = 'no such file';
  else if (/end of central directory record signature not found/i.test(message)) problem = 'not a zip file, or the zip is truncated';
  else if (/unexpected EOF/i.test(message)) problem = 'the zip is truncated';
  else if (/too many bytes|not enough bytes|size mismatch/i.test(message)) problem = `entry size does not match its header (corrupt or malicious zip): ${message}`;
  else if (/encrypt/i.test(message)) problem = `entry is encrypted: ${message}`;
  else if (typeof code === 'string' && code.startsWith('Z_')) problem = `corrupt compressed data: ${message}`;
  else problem = `corrupt zip: ${message}`;
  return inputError(zipPath, entry, problem);
}
