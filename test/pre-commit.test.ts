/**
 * The real `pre-commit` tool drives the hook: `pre-commit try-repo` installs flowc from this
 * repository the way users get it (npm install, prepare builds dist/, npm pack, npm install -g)
 * and runs it on a temporary git repository holding a bad and a good flow, and a good and a bad
 * flow folder (a `.txt` file per subflow) with a README beside them and a LICENSE, and an
 * unpacked solution (PADFramework's zip, extracted).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { corpusDir, repoRoot } from './helpers/corpus.js';

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const inCI = !!process.env['CI'];
const work = mkdtempSync(path.join(tmpdir(), 'flowc-pre-commit-'));
const env = { ...process.env, PRE_COMMIT_HOME: path.join(work, 'cache'), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** The hook repository: a clone of this repository's HEAD (what CI and users get). */
const hookRepo = path.join(work, 'flowc');

function tryRepo(...files: string[]) {
  return spawnSync('pre-commit', ['try-repo', hookRepo, 'flowc', '--files', ...files, '--verbose'], { cwd: path.join(work, 'repo'), env, encoding: 'utf8', timeout: 280_000 });
}

describe.skipIf(!hasPreCommit && !inCI)(`pre-commit hook${hasPreCommit || inCI ? '' : ' (skipped: pre-commit is not installed; README, Developing, says how to get it)'}`, () => {
  beforeAll(() => {
    execFileSync('git', ['clone', '-q', repoRoot, hookRepo]);
    const repo = path.join(work, 'repo');
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(path.join(repo, 'good.flow'), "SET Greeting TO $'''Hello'''\nText.AppendLine Text: Greeting LineToAppend: 'x' Result=> Greeting\n");
    writeFileSync(path.join(repo, 'bad.flow'), "CALL Innit\nFUNCTION Init GLOBAL\n    SET Ready TO True\nEND FUNCTION\n");
    // Flow folders as the designer's clipboard makes them: Main sets what the subflow file reads.
    const files: Record<string, string> = {
      'flows/good/source/main.txt': "SET Greeting TO $'''Hello'''\nCALL CloseEdge\n",
      'flows/good/source/close-edge.txt': "Text.AppendLine Text: Greeting LineToAppend: 'x' Result=> Greeting\n",
      'flows/good/README.md': '# Good\n\nThis flow says hello.\nIt is run by hand.\n',
      'flows/bad/source/main.txt': 'CALL CloseEgde\n',
      'flows/bad/source/close-edge.txt': 'SET Ready TO True\n',
      LICENSE: 'MIT License\n\nPermission is hereby granted, free of charge, to any person.\n',
    };
    // An unpacked solution (the zip's own layout: customizations.xml, solution.xml, Workflows/…).
    const zip: Record<string, string | Uint8Array> = unzipSync(readFileSync(path.join(corpusDir, 'PADFramework_1_1_12501_241.zip')));
    const solution = Object.entries(zip).filter(([name]) => !name.endsWith('/')).map(([name, bytes]) => [`solutions/padframework/${name}`, bytes] as const);
    for (const [name, content] of [...Object.entries(files), ...solution]) {
      mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      writeFileSync(path.join(repo, name), content);
    }
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

  it('a staged subflow file checks its whole flow folder: the mistake in main.txt is found', () => {
    const r = tryRepo('flows/bad/source/close-edge.txt');
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('flows/bad/source/main.txt');
    expect(r.stdout).toContain('FC002');
    expect(r.stdout).toContain("did you mean 'close-edge'?");
  }, 300_000);

  it('a staged subflow file of a good flow folder passes: what it reads is set in main.txt', () => {
    const r = tryRepo('flows/good/source/close-edge.txt', 'flows/good/source/main.txt');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain('FC005');
    expect(r.stdout).toContain('in 1 flow');
  }, 300_000);

  it('a README and a LICENSE are passed to the hook and produce no error', () => {
    const r = tryRepo('flows/good/README.md', 'LICENSE');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // The hook ran (its files pattern matched them) and checked no flow.
    expect(r.stdout).toMatch(/flowc check\.+Passed/);
    expect(r.stdout).toContain('0 errors, 0 warnings, 0 infos in 0 flows');
  }, 300_000);

  it("a staged file of an unpacked solution (a Workflows/….json, solution.xml) checks the whole solution folder", () => {
    const workflow = Object.keys(unzipSync(readFileSync(path.join(corpusDir, 'PADFramework_1_1_12501_241.zip')), { filter: (f) => f.name.startsWith('Workflows/') }))[0]!;
    const r = tryRepo(`solutions/padframework/${workflow}`, 'solutions/padframework/solution.xml');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/flowc check\.+Passed/);
    expect(r.stdout).toContain('0 errors, 10 warnings, 0 infos in 13 flows');
  }, 300_000);
});
