/**
 * Reading a revision of a git repository for `flowc diff --git REV[..REV]`: the files of
 * `REV`'s tree are copied (from git's object store, with `git ls-tree` and one
 * `git cat-file --batch`) into a fresh private folder under the system's temporary folder, so
 * that the ordinary input layer reads them — `.flow` files, clipboard text, flow folders and
 * solutions alike — exactly as it reads a working tree. The folder is removed by `dispose()`.
 *
 * git runs with argument arrays, never a shell, and a revision that looks like an option is
 * refused. Only regular files of the tree are copied (no symbolic links, no submodules), each
 * at most `maxEntryBytes`, in all at most `maxTotalBytes`; git paths never hold `..`, and every
 * destination is checked to stay inside the folder anyway.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from './errors.js';
import { formatBytes, resolveLimits, type InputLimits } from './limits.js';

export interface GitSnapshot {
  /** Folder holding the revision's files (the repository's root). */
  dir: string;
  /** The revision as the user wrote it. */
  rev: string;
  dispose(): void;
}

/** The environment git runs in: the caller's (PATH, HOME, GIT_DIR…), never a prompt, no optional locks. */
export type GitEnv = Readonly<Record<string, string | undefined>>;

function git(env: GitEnv, cwd: string, args: string[], input?: Buffer, maxBuffer = 64 * 1024 * 1024): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer, stdio: ['pipe', 'pipe', 'pipe'], env: { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } });
  if (r.error) throw new InputError(`git ${args[0]}: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed' : r.error.message}`, cwd);
  if (r.status !== 0) {
    const msg = r.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    throw new InputError(`git ${args[0]}: ${msg || `exit code ${r.status}`}`, cwd);
  }
  return r.stdout;
}

/** The top folder of the repository that holds `cwd`. */
export function gitRoot(cwd: string, env: GitEnv): string {
  return git(env, cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
}

/** `A..B` → [A, B]; `A` → [A, undefined] (against the working tree). */
export function parseRevRange(spec: string): [string, string | undefined] {
  const m = /^(.*?)\.\.(?!\.)(.*)$/.exec(spec);
  const [a, b] = m ? [m[1] || 'HEAD', m[2] || 'HEAD'] : [spec, undefined];
  for (const r of [a, b]) {
    if (r !== undefined && (r.startsWith('-') || /[\s\u0000-\u001f]/.test(r))) throw new InputError(`not a revision: '${r}'`, r);
  }
  return [a, b];
}

/** Copies the regular files of `rev`'s tree into a new temporary folder. */
export function snapshotRevision(repoRoot: string, rev: string, env: GitEnv, limits?: Partial<InputLimits>): GitSnapshot {
  const lim = resolveLimits(limits);
  const tree = git(env, repoRoot, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{tree}`]).toString('utf8').trim();
  const listing = git(env, repoRoot, ['ls-tree', '-r', '-z', '--full-tree', '-l', tree], undefined, 256 * 1024 * 1024).toString('utf8');
  const files: { oid: string; file: string; size: number }[] = [];
  let total = 0;
  for (const entry of listing.split('\0')) {
    if (!entry) continue;
    // `<mode> <type> <oid> <size>\t<path>`
    const tab = entry.indexOf('\t');
    const [mode, type, oid, size] = entry.slice(0, tab).split(/\s+/);
    const file = entry.slice(tab + 1);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755')) continue; // no symlinks, no submodules
    const bytes = Number(size);
    if (bytes > lim.maxEntryBytes) continue; // the input layer would refuse it anyway
    total += bytes;
    if (total > lim.maxTotalBytes) throw new InputError(`${rev}: the revision's files exceed ${formatBytes(lim.maxTotalBytes)}`, rev);
    files.push({ oid: oid!, file, size: bytes });
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'flowc-diff-'));
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    if (files.length) {
      const out = git(env, repoRoot, ['cat-file', '--batch'], Buffer.from(files.map((f) => `${f.oid}\n`).join('')), total + files.length * 128 + 1024);
      let at = 0;
      for (const f of files) {
        const nl = out.indexOf(10, at);
        const head = out.subarray(at, nl).toString('utf8').split(' ');
        const size = Number(head[2]);
        if (head[0] !== f.oid || !Number.isInteger(size)) throw new InputError(`git cat-file: unexpected output for ${f.file}`, rev);
        const content = out.subarray(nl + 1, nl + 1 + size);
        at = nl + 1 + size + 1;
        const dest = path.resolve(dir, f.file);
        if (!dest.startsWith(dir + path.sep)) continue;
        mkdirSync(path.dirname(dest), { recursive: true });
        writeFileSync(dest, content);
      }
    }
  } catch (e) {
    dispose();
    throw e;
  }
  return { dir, rev, dispose };
}
