/**
 * The real `pre-commit` tool drives the hook: `pre-commit try-repo` installs flowc from this
 * repository the way users get it (npm install, prepare builds dist/, npm pack, npm install -g)
 * and runs it on a temporary git repository holding a bad and a good flow.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/corpus.js';

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const inCI = !!process.env['CI'];
const work = mkdtempSync(path.join(tmpdir(), 'flowc-pre-commit-'));
const env = { ...process.env, PRE_COMMIT_HOME: path.join(work, 'cache'), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** The hook repository: a clone of this repository's HEAD (what CI and users get). */
const hookRepo = path.join(work, 'flowc');

function tryRepo(file: string) {
  return spawnSync('pre-commit', ['try-repo', hookRepo, 'flowc', '--files', file, '--verbose'], { cwd: path.join(work, 'repo'), env, encoding: 'utf8', timeout: 280_000 });
}

describe.skipIf(!hasPreCommit && !inCI)(`pre-commit hook${hasPreCommit || inCI ? '' : ' (skipped: pre-commit is not installed; README, Developing, says how to get it)'}`, () => {
  beforeAll(() => {
    execFileSync('git', ['clone', '-q', repoRoot, hookRepo]);
    const repo = path.join(work, 'repo');
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(path.join(repo, 'good.flow'), "SET Greeting TO $'''Hello'''\nText.AppendLine Text: Greeting LineToAppend: 'x' Result=> Greeting\n");
    writeFileSync(path.join(repo, 'bad.flow'), "CALL Innit\nFUNCTION Init GLOBAL\n    SET Ready TO True\nEND FUNCTION\n");
    execFileSync('git', ['add', '.'], { cwd: repo, env });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('fails on a bad flow', () => {
    const r = tryRepo('bad.flow');
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('FC002');
    expect(r.stdout).toContain("did you mean 'Init'?");
  }, 300_000);

  it('passes on a good flow', () => {
    const r = tryRepo('good.flow');
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 300_000);
});
