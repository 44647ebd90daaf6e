/**
 * All or none, even under SIGKILL: the atomic writer, writing what `flowc build` wrote (in a child
 * process, test/helpers/killable-writer.ts, which pauses after each step), is killed at each step. What is left is
 * - killed while staging or before the commit point: exactly the old files;
 * - killed while committing: every file complete (old or new, never partial or missing), and the
 *   journal of the interrupted commit beside them — which the next write into the folder (or
 *   recoverInterruptedWrites) completes, giving exactly the new set.
 * And `report --out` the same for one file, and a streamed `flowc build` (each record staged as
 * its flow is generated) killed while staging. See src/outputs/atomic-writer.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK, STAGING_PREFIX, recoverInterruptedWrites, writeFilesAtomically } from '../src/outputs/atomic-writer.js';
import { repoRoot } from './helpers/corpus.js';
import { generateEstate } from '../scripts/estate.js';
import { runCli } from './helpers/cli.js';

const TSX = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const WRITER = path.join(repoRoot, 'test/helpers/killable-writer.ts');
const root = mkdtempSync(path.join(tmpdir(), 'flowc-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NAMES = ['alpha', 'beta', 'gamma', 'delta'];
const flow = (name: string, version: number): string =>
  `FLOW '${name}'\n    SCHEMA V2\n    OWNER 'alice@contoso.com'\nEND FLOW\nSET Version TO ${version}\nDisplay.ShowMessageDialog.ShowMessage Title: '${name}' Message: Version\n${'# padding\n'.repeat(2000)}`;

const run = (cwd: string, args: string[]) => runCli(args, { cwd });

/** The output files (staging folders aside), by name. */
function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) if (!f.startsWith(STAGING_PREFIX)) out[f] = readFileSync(path.join(dir, f), 'utf8');
  return out;
}

function stagingFolders(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(STAGING_PREFIX) && f !== LOCK) : [];
}

let jobs = 0;
/**
 * Writes `files` into `outDir` in a child process that pauses after each step, and SIGKILLs it
 * as soon as it announces `step` on stderr. Resolves with the steps it announced.
 */
function killAt(outDir: string, files: Record<string, string>, step: string): Promise<string[]> {
  const job = path.join(root, `job-${jobs++}.json`);
  writeFileSync(job, JSON.stringify({ outDir, files: Object.entries(files).map(([name, content]) => ({ name, content })), delayMs: 150 }));
  const args = [outDir];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, WRITER, job], {
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

describe('the set flowc build writes, killed with SIGKILL part-way through its write', () => {
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
      const steps = await killAt(out, newSet, c.step);
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
    await killAt(out, newSet, `commit 2/`);
    expect(stagingFolders(out)).toHaveLength(1);
    // A build of only one flow: the interrupted set is completed, then this one is written.
    expect((await run(project, ['build', 'alpha.flow', '--out-dir', path.basename(out), '--quiet'])).code).toBe(0);
    expect(outputs(out)).toEqual(newSet);
    expect(stagingFolders(out)).toEqual([]);
  }, 60_000);
});

describe('a streamed flowc build killed with SIGKILL', () => {
  it('killed while staging, it leaves no output; the next build writes the whole set', async () => {
    const dir = mkdtempSync(path.join(root, 'kill-'));
    for (const f of generateEstate({ seed: 5, lines: 12_000, errorRate: 0 })) writeFileSync(path.join(dir, `${f.name}.flow`), f.text);
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'Flow00001.json'), 'the old record\n');
        const child = spawn(process.execPath, ['--import', TSX, path.join(repoRoot, 'src/cli/main.ts'), 'build', '.', '--out-dir', 'out', '--quiet'], { cwd: dir, stdio: 'ignore' });
    const closed = new Promise<string | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    // Wait until some records are staged (and not yet all: the commit needs every flow).
    let stagedSeen = 0;
    for (let waited = 0; waited < 90_000 && child.exitCode === null; waited += 5) {
      const staging = readdirSync(out).find((n) => n.startsWith(STAGING_PREFIX) && n !== `${STAGING_PREFIX}lock`);
      let staged = 0;
      try {
        staged = staging ? readdirSync(path.join(out, staging)).filter((n) => n.startsWith('new-')).length : 0;
      } catch {
        /* removed between the two reads: the write committed (the test then fails below) */
      }
      if (staged >= 2) {
        child.kill('SIGKILL');
        stagedSeen = staged;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await closed, 'killed while staging').toBe('SIGKILL');
    expect(stagedSeen).toBeGreaterThanOrEqual(2);
    expect(outputs(out), 'only the old file, untouched').toEqual({ 'Flow00001.json': 'the old record\n' });
    expect(await recoverInterruptedWrites(out)).toBe(1);
    expect(readdirSync(out).filter((n) => n.startsWith(STAGING_PREFIX) && n !== `${STAGING_PREFIX}lock`)).toEqual([]);

    const r = await run(dir, ['build', '.', '--out-dir', 'out', '--quiet']);
    expect(r.code, r.err).toBe(0);
    const written = outputs(out);
    expect(Object.keys(written)).toEqual(readdirSync(dir).filter((f) => f.endsWith('.flow')).map((f) => f.replace(/\.flow$/, '.json')).sort());
    expect(written['Flow00001.json']).not.toBe('the old record\n');
    expect(readdirSync(out).filter((n) => n.startsWith(STAGING_PREFIX))).toEqual([]);
  }, 180_000);
});

describe('one file (report --out, check --output-file) killed with SIGKILL', () => {
  it('leaves the old report, complete, while staging', async () => {
    const out = path.join(project, 'report.md');
    writeFileSync(out, 'the old report\n');
    await killAt(project, { 'report.md': '# alpha\n' }, 'stage 1/1');
    expect(readFileSync(out, 'utf8')).toBe('the old report\n');
    await recoverInterruptedWrites(project);
    expect(readFileSync(out, 'utf8')).toBe('the old report\n');
    expect(stagingFolders(project)).toEqual([]);
  }, 60_000);

  it('leaves the new report, complete, once the rename was decided', async () => {
    const out = path.join(project, 'report2.md');
    writeFileSync(out, 'the old report\n');
    await killAt(project, { 'report2.md': '# alpha\n' }, 'commit 1/1');
    await recoverInterruptedWrites(project);
    expect(readFileSync(out, 'utf8')).toMatch(/alpha/);
    expect(stagingFolders(project)).toEqual([]);
  }, 60_000);
});

describe('a journal planted in the output folder (the tree is a stranger\'s)', () => {
  /** A staging folder named as the writer names them, of a process that is not running. */
  function plant(dir: string, journalName: 'COMMIT' | 'ABORT', journal: string, files: Record<string, string> = {}): string {
    const staging = path.join(dir, `${STAGING_PREFIX}999999999-abcdef`);
    mkdirSync(staging, { recursive: true });
    writeFileSync(path.join(staging, journalName), journal);
    for (const [f, c] of Object.entries(files)) writeFileSync(path.join(staging, f), c);
    return staging;
  }

  it('a COMMIT journal pointing out of the folder moves nothing, and the build succeeds', async () => {
    const base = mkdtempSync(path.join(root, 'steal-'));
    const secret = path.join(base, 'home', 'id_rsa');
    mkdirSync(path.dirname(secret), { recursive: true });
    writeFileSync(secret, 'PRIVATE KEY');
    const out = path.join(base, 'out');
    const staging = plant(out, 'COMMIT', JSON.stringify([{ target: 'stolen.txt', staged: '../../home/id_rsa' }]));
    expect((await run(project, ['build', 'alpha.flow', '--out-dir', out, '--quiet'])).code).toBe(0);
    expect(readFileSync(secret, 'utf8')).toBe('PRIVATE KEY');
    expect(existsSync(path.join(out, 'stolen.txt'))).toBe(false);
    expect(existsSync(staging), 'a folder it cannot prove it made is left alone').toBe(true);
    expect(existsSync(path.join(out, LOCK)), 'the lock is released').toBe(false);
  });

  it('an ABORT journal with a backup path out of the folder moves nothing (check --output-file)', async () => {
    const base = mkdtempSync(path.join(root, 'abort-'));
    writeFileSync(path.join(base, 'victim.txt'), 'keep me');
    const out = path.join(base, 'out');
    plant(out, 'ABORT', JSON.stringify([{ target: 'result.txt', staged: 'new-0', backup: '../../victim.txt' }]));
    plant(path.join(out, 'x'), 'ABORT', JSON.stringify([{ target: 'keep.txt', staged: 'new-0' }]));
    writeFileSync(path.join(out, 'x', 'keep.txt'), 'not flowc\'s to remove');
    expect((await run(project, ['check', 'alpha.flow', '--output-file', path.join(out, 'result.txt')])).code).toBe(0);
    expect(readFileSync(path.join(base, 'victim.txt'), 'utf8')).toBe('keep me');
    await recoverInterruptedWrites(path.join(out, 'x'));
    expect(readFileSync(path.join(out, 'x', 'keep.txt'), 'utf8'), 'an undo removes only the file it staged').toBe('not flowc\'s to remove');
  });

  for (const [what, journal] of [
    ['not JSON', '{"target":'],
    ['null entries', '[null]'],
    ['a staged name it never generates', JSON.stringify([{ target: 'a.json', staged: 'new-7' }])],
    ['a target in a sub-folder', JSON.stringify([{ target: '../a.json', staged: 'new-0' }])],
    ['an object', '{"length":1}'],
  ] as const) {
    it(`a malformed journal (${what}) never moves anything and never makes later writes fail`, async () => {
      const out = mkdtempSync(path.join(root, 'malformed-'));
      plant(out, 'COMMIT', journal, { 'new-0': 'planted' });
      for (let i = 0; i < 2; i++) await writeFilesAtomically(out, [{ name: 'a.json', content: `mine ${i}` }]);
      expect(readFileSync(path.join(out, 'a.json'), 'utf8')).toBe('mine 1');
    });
  }

  it('a staging folder that is a link to another folder is never entered', async () => {
    const base = mkdtempSync(path.join(root, 'link-'));
    const elsewhere = path.join(base, 'elsewhere');
    plant(elsewhere, 'COMMIT', JSON.stringify([{ target: 'a.json', staged: 'new-0' }]), {});
    const real = readdirSync(elsewhere)[0]!;
    writeFileSync(path.join(elsewhere, real, 'new-0'), 'from elsewhere');
    const out = path.join(base, 'out');
    mkdirSync(out);
    symlinkSync(path.join(elsewhere, real), path.join(out, real));
    await writeFilesAtomically(out, [{ name: 'b.json', content: 'b' }]);
    expect(existsSync(path.join(out, 'a.json'))).toBe(false);
    expect(readFileSync(path.join(elsewhere, real, 'new-0'), 'utf8')).toBe('from elsewhere');
  });
});

describe('two writers into one folder take turns', () => {
  it('the result is one whole set, never a mix', async () => {
    const out = mkdtempSync(path.join(root, 'lock-'));
    const a = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.json`, `A${i}`]));
    const b = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.json`, `B${i}`]));
    // A slow writer holds the lock while a second one writes.
    const slow = spawn(process.execPath, ['--import', TSX, WRITER, (() => {
      const job = path.join(root, `job-${jobs++}.json`);
      writeFileSync(job, JSON.stringify({ outDir: out, files: Object.entries(a).map(([name, content]) => ({ name, content })), delayMs: 60 }));
      return job;
    })()], { stdio: ['ignore', 'ignore', 'pipe'] });
    const closed = new Promise((resolve) => slow.on('close', resolve));
    await new Promise<void>((resolve) => slow.stderr.once('data', () => resolve()));
    await writeFilesAtomically(out, Object.entries(b).map(([name, content]) => ({ name, content })));
    expect(await closed).toBe(0);
    expect(outputs(out), 'the second writer waited for the first, then wrote its whole set').toEqual(b);
    expect(readdirSync(out).filter((f) => f.startsWith(STAGING_PREFIX))).toEqual([]);
  }, 60_000);

  it('a stale lock (its process is gone) is taken over; a live one times out with a clear message', async () => {
    const out = mkdtempSync(path.join(root, 'stale-'));
    writeFileSync(path.join(out, LOCK), '999999999\n');
    await writeFilesAtomically(out, [{ name: 'a.json', content: 'a' }]);
    expect(readFileSync(path.join(out, 'a.json'), 'utf8')).toBe('a');
    writeFileSync(path.join(out, LOCK), `${process.ppid}\n`);
    await expect(writeFilesAtomically(out, [{ name: 'a.json', content: 'b' }], undefined, { lockWaitMs: 100 })).rejects.toThrow(/another flowc \(pid \d+\) is writing into .*; if none is, remove/);
    expect(readFileSync(path.join(out, 'a.json'), 'utf8')).toBe('a');
  });
});
