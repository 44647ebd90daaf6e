/**
 * What flowc refuses to read. The checked tree may be a stranger's pull request, so a path in it
 * is read only if it is a regular file that is really inside the tree: a symbolic link out of
 * the checked folder (`env.flow -> /proc/self/environ`), a link that leads nowhere, a file in
 * `/proc`, `/sys` or `/dev`, a FIFO, socket or device is refused — nothing is opened — and the
 * refusal becomes diagnostic FC015 on that path. ESLint and ruff likewise stay inside the project
 * unless asked.
 */
import { lstatSync, readFileSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from './errors.js';
import { formatBytes } from './limits.js';

/** File systems whose "files" are the machine's state (a process's environment, devices), never input. */
const SPECIAL_ROOTS = process.platform === 'win32' ? [] : ['/proc', '/sys', '/dev'];

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

function kindOf(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function special(real: string): string | undefined {
  return SPECIAL_ROOTS.find((r) => isInside(real, r));
}

/**
 * Why `absolutePath` must not be read as a file of the tree rooted at `root`, or undefined when it
 * may be. A path that does not exist is not refused (the reader says "no such file"). `root` is
 * where links may lead: a path given outside it on purpose is the user's choice, but a path inside
 * it whose real location is outside (through a link in the file or in a parent folder) is refused.
 * `folders` accepts a folder.
 */
export async function refusal(absolutePath: string, root: string, opts: { folders?: boolean } = {}): Promise<string | undefined> {
  const l = await lstat(absolutePath).catch(() => undefined);
  if (!l) {
    // A dangling link is still there for lstat; a missing path is the reader's to report.
    return undefined;
  }
  const real = await realpath(absolutePath).catch(() => undefined);
  if (real === undefined) return 'is a symbolic link that leads nowhere (its target is missing, or links loop)';
  const s = l.isSymbolicLink() ? await stat(real).catch(() => undefined) : l;
  if (!s) return 'is a symbolic link that leads nowhere';
  return verdict(absolutePath, real, s, root, await realpath(root).catch(() => path.resolve(root)), opts);
}

/** `refusal`, synchronously (for files named by the configuration, read while it is loaded). */
export function refusalSync(absolutePath: string, root: string, opts: { folders?: boolean } = {}): string | undefined {
  let l: Stats;
  try {
    l = lstatSync(absolutePath);
  } catch {
    return undefined;
  }
  let real: string;
  let s: Stats;
  try {
    real = realpathSync(absolutePath);
    s = l.isSymbolicLink() ? statSync(real) : l;
  } catch {
    return 'is a symbolic link that leads nowhere (its target is missing, or links loop)';
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = path.resolve(root);
  }
  return verdict(absolutePath, real, s, root, realRoot, opts);
}

function verdict(absolutePath: string, real: string, s: Stats, root: string, realRoot: string, opts: { folders?: boolean }): string | undefined {
  const where = special(real);
  if (where) return `is in ${where}, the system's own state, not a file of the project`;
  const kind = kindOf(s);
  if (kind && !(opts.folders && s.isDirectory())) return `is ${kind}; flowc reads only regular files`;
  // Links out of the root: the path was asked for inside the root, but really lies outside it.
  if (isInside(path.resolve(absolutePath), path.resolve(root)) || isInside(path.resolve(absolutePath), realRoot)) {
    if (!isInside(real, realRoot)) {
      // The link as written (the same on every machine), not where it resolves here.
      let target = '';
      try {
        target = ` to ${JSON.stringify(readlinkSync(absolutePath))}`;
      } catch {
        target = ' (a linked folder on its path)';
      }
      return `is a symbolic link out of the checked folder${target}; flowc does not follow links out of it`;
    }
  }
  return undefined;
}

/** Largest JSON file flowc reads besides solutions: the config and the files it names (DLP policies, connections, deployment settings, connector metadata). */
export const MAX_JSON_FILE_BYTES = 32 * 1024 * 1024;
/** Largest `--cache` file flowc reads (bigger is not one it wrote for any real project). */
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;

/**
 * Reads a whole regular file, at most `maxBytes`: `/dev/zero`, `/dev/urandom`, a FIFO or anything
 * else that is not a regular file is refused before it is opened (a FIFO would block, a device
 * never end), and a file that grows past the limit while being read is refused too. Throws an
 * InputError whose message says which limit and why (no content).
 */
export function readRegularFileSync(file: string, maxBytes: number): Buffer {
  let s: Stats;
  try {
    s = statSync(file);
  } catch (e) {
    throw new InputError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`}`, file);
  }
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    /* stat worked; keep the path */
  }
  const where = special(real);
  if (where) throw new InputError(`${file}: is in ${where}, the system's own state; flowc reads only regular files`, file);
  const kind = kindOf(s);
  if (kind) throw new InputError(`${file}: is ${kind}; flowc reads only regular files`, file);
  if (s.size > maxBytes) throw new InputError(`${file}: is larger than the ${formatBytes(maxBytes)} limit`, file);
  // A regular file within the limit (checked above): read whole, and checked again in case it grew.
  const bytes = readFileSync(file);
  if (bytes.length > maxBytes) throw new InputError(`${file}: is larger than the ${formatBytes(maxBytes)} limit`, file);
  return bytes;
}
