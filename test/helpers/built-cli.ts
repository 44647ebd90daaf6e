/**
 * The built CLI (dist/bin/flowc.js) as a user runs it: a child process with real pipes, files
 * and exit codes. `ensureBuilt()` rebuilds dist/ when a source file is newer than the bundle.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const flowcBin = path.join(repoRoot, 'dist', 'bin', 'flowc.js');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function ensureBuilt(): void {
  const stale = !existsSync(flowcBin) || newest(path.join(repoRoot, 'src')) > statSync(flowcBin).mtimeMs;
  if (stale) execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'ignore' });
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `flowc args…` in `cwd`, stdin closed. */
export function flowc(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [flowcBin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A shell pipeline; `FLOWC` in the script is the built CLI. Returns bash's output and the exit codes of each stage (PIPESTATUS). */
export function shell(script: string, cwd: string): CliResult & { pipeStatus: number[] } {
  const full = `FLOWC="${process.execPath} ${flowcBin}"\n${script}\necho "PIPESTATUS=\${PIPESTATUS[*]}" >&2`;
  const r = spawnSync('bash', ['-c', full], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  const m = /PIPESTATUS=([\d ]+)\n?$/.exec(r.stderr);
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr.replace(/PIPESTATUS=[\d ]+\n?$/, ''),
    pipeStatus: m ? m[1]!.trim().split(' ').map(Number) : [],
  };
}
