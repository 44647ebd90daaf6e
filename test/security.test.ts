/**
 * flowc on untrusted input (docs/security.md): each test plays one attack of issue #21 and
 * proves it fails safely — a clear message, exit 1 or 2, and nothing read, moved, leaked or
 * half-written. The atomic writer's journal and lock attacks are in test/atomic-output.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { repoRoot } from './helpers/corpus.js';

const TSX = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const root = mkdtempSync(path.join(tmpdir(), 'flowc-security-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
function project(files: Record<string, string>): string {
  const dir = path.join(root, `p${dirs++}`);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

async function run(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { cwd, env, isTTY: false, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  return { code: await main(args, io), out, err };
}

const GOOD = "SET Greeting TO 'hello'\nDisplay.ShowMessageDialog.ShowMessage Message: Greeting\n";

describe('symbolic links and special files (FC015)', () => {
  it('a link to /proc/self/environ is refused: the environment never reaches the output', () => {
    const dir = project({ 'ok.flow': GOOD });
    symlinkSync('/proc/self/environ', path.join(dir, 'env.flow'));
    // A child process, so that its environment (with the "token") is what /proc/self/environ holds.
    const r = spawnSync(process.execPath, ['--import', TSX, path.join(repoRoot, 'src/cli/main.ts'), 'check', '.', '--format', 'pretty'], {
      cwd: dir,
      env: { ...process.env, CI_TOKEN: 'ghp_SECRETSECRETSECRET' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/env\.flow:1:1 error FC015 input-refused/);
    expect(r.stdout + r.stderr).not.toContain('ghp_SECRET');
    expect(r.stdout + r.stderr).not.toContain('PATH=');
  }, 60_000);

  it('a link out of the checked folder, a dangling link and a FIFO are refused without being opened', async () => {
    const outside = project({ 'secret.flow': "SET Key TO 'outside the project'\n" });
    const dir = project({ 'ok.flow': GOOD });
    symlinkSync(path.join(outside, 'secret.flow'), path.join(dir, 'stolen.flow'));
    symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling.flow'));
    spawnSync('mkfifo', [path.join(dir, 'pipe.flow')]);
    const r = await run(dir, ['check', '.', '--format', 'json']);
    expect(r.code).toBe(1);
    const diags = (JSON.parse(r.out) as { diagnostics: { file: string; rule: string; message: string }[] }).diagnostics.filter((d) => d.rule === 'FC015');
    expect(diags.map((d) => d.file)).toEqual(['dangling.flow', 'pipe.flow', 'stolen.flow']);
    expect(r.out).not.toContain('outside the project');
  });

  it('a linked folder is not entered, and a link to a file inside the folder is followed', async () => {
    const outside = project({ 'deep/secret.flow': "SET Key TO 'outside'\n" });
    const dir = project({ 'ok.flow': GOOD });
    symlinkSync(outside, path.join(dir, 'linked'));
    symlinkSync(path.join(dir, 'ok.flow'), path.join(dir, 'alias.flow'));
    const r = await run(dir, ['check', '.', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('secret');
  });

  it('a folder named on the command line that is a link out of the working folder is refused', async () => {
    const outside = project({ 'a.flow': GOOD });
    const dir = project({});
    symlinkSync(outside, path.join(dir, 'flows'));
    const r = await run(dir, ['check', 'flows', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/symbolic link out of the checked folder/);
  });
});
