/**
 * The command line a user meets (issue #18), driven through the BUILT CLI (dist/bin/flowc.js)
 * in child processes: real pipes, /dev/full, files on disk, exit codes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, flowc, repoRoot, shell } from './helpers/built-cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'flowc-cli-'));
beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function folder(files: Record<string, string | Buffer>): string {
  const dir = path.join(work, `p${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const solutionZip = path.join(repoRoot, 'fixtures/corpus/padframework/PADFramework_1_1_12501_241.zip');

describe('broken output streams', () => {
  // `| true` closes the pipe before flowc writes (node starts slower than `true` exits): EPIPE every time.
  it.each([
    ['rules', '$FLOWC rules | true'],
    ['rules | head -1', '$FLOWC rules | head -1'],
    ['build', `$FLOWC build ${path.join(repoRoot, 'examples')} --out-dir out | true`],
    ['import', `$FLOWC import ${solutionZip} --out-dir imported | true`],
    ['check --format sarif', `$FLOWC check ${path.join(repoRoot, 'examples')} --format sarif | true`],
    ['check --format sarif | grep -m2', `$FLOWC check ${path.join(repoRoot, 'fixtures/FC005')} --format sarif | grep -m2 ruleId`],
  ])('%s: a reader that goes away ends flowc quietly', (_name, script) => {
    const r = shell(script, folder({}));
    expect(r.stderr).toBe('');
    expect(r.pipeStatus[0], r.stderr).toBeLessThanOrEqual(1);
  });

  it('a failed write (> /dev/full) is one line on stderr and exit 3', () => {
    const r = shell(`$FLOWC check ${path.join(repoRoot, 'examples')} > /dev/full`, folder({}));
    expect(r.stderr).toBe('flowc: cannot write to standard output: no space left on device (ENOSPC)\n');
    expect(r.pipeStatus).toEqual([3]);
  });

  it('rules > /dev/full: exit 3 too', () => {
    const r = shell('$FLOWC rules > /dev/full', folder({}));
    expect(r.stderr).toBe('flowc: cannot write to standard output: no space left on device (ENOSPC)\n');
    expect(r.pipeStatus).toEqual([3]);
  });
});
