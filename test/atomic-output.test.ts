/**
 * All or none, even under SIGKILL: a `flowc build` (a child process, slowed down by the test-only
 * FLOWC_TEST_WRITE_DELAY_MS hook) is killed at each step of its write. What is left is
 * - killed while staging or before the commit point: exactly the old files;
 * - killed while committing: every file complete (old or new, never partial or missing), and the
 *   journal of the interrupted commit beside them — which the next write into the folder (or
 *   recoverInterruptedWrites) completes, giving exactly the new set.
 * And `report --out` the same for one file. See src/outputs/atomic-writer.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { STAGING_PREFIX, recoverInterruptedWrites } from '../src/outputs/atomic-writer.js';
import { repoRoot } from './helpers/corpus.js';

const TSX = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(repoRoot, 'src/cli/main.ts');
const root = mkdtempSync(path.join(tmpdir(), 'flowc-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NAMES = ['alpha', 'beta', 'gamma', 'delta'];
const flow = (name: string, version: number): string =>
  `FLOW '${name}'\n    SCHEMA V2\n    OWNER 'alice@contoso.com'\nEND FLOW\nSET Version TO ${version}\nDisplay.ShowMessageDialog.ShowMessage Title: '${name}' Message: Version\n${'# padding\n'.repeat(2000)}`;

async function run(cwd: string, args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io: Io = { cwd, env: {}, isTTY: false, stdout: () => undefined, stderr: (t) => void (err += t) };
  return { code: await main(args, io), err };
}

/** The output files (staging folders aside), by name. */
function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) if (!f.startsWith(STAGING_PREFIX)) out[f] = readFileSync(path.join(dir, f), 'utf8');
  return out;
}

function stagingFolders(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(STAGING_PREFIX)) : [];
}

/**
 * Runs `flowc <args>` in a child process with the write delay hook, and SIGKILLs it as soon as
 * it announces `step` on stderr. Resolves with the steps it announced.
 */
function killAt(cwd: string, args: string[], step: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd,
      env: { ...process.env, FLOWC_TEST_WRITE_DELAY_MS: '150' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const steps: string[] = [];
    let buffer = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^flowc: test: (.*)$/.exec(line);
        if (!m) continue;
        steps.push(m[1]!);
        if (!killed && m[1]!.startsWith(step)) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (!killed) reject(new Error(`flowc ${args.join(' ')} never reached '${step}' (exit ${code}, steps: ${steps.join('; ')})`));
      else if (signal !== 'SIGKILL') reject(new Error(`expected SIGKILL, got exit ${code} ${signal}`));
      else resolve(steps);
    });
  });
}

let oldSet: Record<string, string>;
let newSet: Record<string, string>;
let project: string;

beforeAll(async () => {
  // The old set is what a first build wrote; the new set is what a build of the changed flows writes.
  project = path.join(root, 'project');
  mkdirSync(project, { recursive: true });
  for (const n of NAMES) writeFileSync(path.join(project, `${n}.flow`), flow(n, 1));
  expect((await run(project, ['build', '--out-dir', 'old'])).code).toBe(0);
  oldSet = outputs(path.join(project, 'old'));
  for (const n of NAMES) writeFileSync(path.join(project, `${n}.flow`), flow(n, 2));
  expect((await run(project, ['build', '--out-dir', 'new'])).code).toBe(0);
  newSet = outputs(path.join(project, 'new'));
  expect(Object.keys(newSet)).toEqual(Object.keys(oldSet));
  for (const f of Object.keys(newSet)) expect(newSet[f]).not.toBe(oldSet[f]);
});

/** A fresh output folder holding the old set. */
function freshOut(name: string): string {
  const out = path.join(project, name);
  mkdirSync(out);
  for (const [f, content] of Object.entries(oldSet)) writeFileSync(path.join(out, f), content);
  return out;
}

describe('flowc build killed with SIGKILL part-way through its write', () => {
  const count = NAMES.length;
  const cases: Array<{ step: string; committed: boolean }> = [
    { step: 'stage 2/', committed: false },
    { step: 'commit-point', committed: false },
    { step: 'commit 1/', committed: true },
    { step: `commit ${count}/`, committed: true },
  ];
  for (const [i, c] of cases.entries()) {
    // Each case has its own folder and process: they run side by side.
    it.concurrent(`at '${c.step}': ${c.committed ? 'complete files, then the new set once recovered' : 'exactly the old files'}`, async () => {
      const out = freshOut(`out-${i}`);
      const steps = await killAt(project, ['build', '--out-dir', path.basename(out), '--quiet'], c.step);
      expect(steps.at(-1)).toMatch(new RegExp(`^${c.step}`));

      const left = outputs(out);
      expect(Object.keys(left), 'no file is missing, none is added').toEqual(Object.keys(oldSet));
      for (const [f, content] of Object.entries(left)) expect([oldSet[f], newSet[f]], `${f} is complete`).toContain(content);
      if (!c.committed) expect(left).toEqual(oldSet);
      expect(stagingFolders(out)).toHaveLength(1);

      // The next write into the folder first finishes (or discards) what the killed one left.
      expect(await recoverInterruptedWrites(out)).toBe(1);
      expect(outputs(out)).toEqual(c.committed ? newSet : oldSet);
      expect(stagingFolders(out)).toEqual([]);
    }, 60_000);
  }

  it('a later flowc build into the folder recovers it first', async () => {
    const out = freshOut('out-rebuild');
    await killAt(project, ['build', '--out-dir', path.basename(out), '--quiet'], `commit 2/`);
    expect(stagingFolders(out)).toHaveLength(1);
    // A build of only one flow: the interrupted set is completed, then this one is written.
    expect((await run(project, ['build', 'alpha.flow', '--out-dir', path.basename(out), '--quiet'])).code).toBe(0);
    expect(outputs(out)).toEqual(newSet);
    expect(stagingFolders(out)).toEqual([]);
  }, 60_000);
});

describe('flowc report --out killed with SIGKILL', () => {
  it('leaves the old report, complete, while staging', async () => {
    const out = path.join(project, 'report.md');
    writeFileSync(out, 'the old report\n');
    await killAt(project, ['report', 'alpha.flow', '--out', 'report.md'], 'stage 1/1');
    expect(readFileSync(out, 'utf8')).toBe('the old report\n');
    await recoverInterruptedWrites(project);
    expect(readFileSync(out, 'utf8')).toBe('the old report\n');
    expect(stagingFolders(project)).toEqual([]);
  }, 60_000);

  it('leaves the new report, complete, once the rename was decided', async () => {
    const out = path.join(project, 'report2.md');
    writeFileSync(out, 'the old report\n');
    await killAt(project, ['report', 'alpha.flow', '--out', 'report2.md'], 'commit 1/1');
    await recoverInterruptedWrites(project);
    expect(readFileSync(out, 'utf8')).toMatch(/alpha/);
    expect(stagingFolders(project)).toEqual([]);
  }, 60_000);
});
