/**
 * Getting the command as users do (README "Install"): the npm tarball (`npm pack`, what the
 * registry would serve) installed globally into a scratch prefix, and as a dev dependency of a
 * scratch project run with `npx flowc`, whose `flowc init` writes a `$schema` that resolves. And
 * the GitHub Action (action.yml): its structure, and its check step's script run locally with the
 * environment the runner gives it. Dependencies come from npm's cache when it has them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, flowcBin, repoRoot } from './helpers/built-cli.js';
import { multitoolErrors, sarifSchemaErrors } from './helpers/sarif.js';

const work = mkdtempSync(path.join(tmpdir(), 'flowc-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_prefer_offline: 'true' };
const goodFlow = "SET Greeting TO $'''Hello'''\nDisplay.ShowMessageDialog.ShowMessage Message: Greeting\n";

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 280_000 });
}

describe('install', () => {
  let tarball = '';
  beforeAll(() => {
    ensureBuilt();
    // --ignore-scripts: dist/ is already built (ensureBuilt); `prepare` would build it again.
    const name = npm(['pack', '--ignore-scripts', '--pack-destination', work], repoRoot).trim().split('\n').pop()!;
    tarball = path.join(work, name);
  }, 300_000);

  it('the tarball holds the CLI, the schemas and the rule docs, and nothing of the tests', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(list).toContain('package/dist/bin/flowc.js');
    expect(list).toContain('package/schemas/flowc.config.schema.json');
    expect(list).toContain('package/docs/rules/FC010.md');
    expect(list.some((f) => f.startsWith('package/test/') || f.startsWith('package/fixtures/'))).toBe(false);
  });

  it('npm i -g from the tarball (a scratch prefix): `flowc` is on the PATH and checks', () => {
    const prefix = path.join(work, 'global');
    npm(['install', '--global', '--prefix', prefix, tarball], work);
    const bin = path.join(prefix, process.platform === 'win32' ? 'flowc.cmd' : 'bin/flowc');
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
    const project = path.join(work, 'global-use');
    mkdirSync(project);
    writeFileSync(path.join(project, 'bad.flow'), 'SET a TO b\n');
    const r = spawnSync(bin, ['check', 'bad.flow'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('bad.flow:1:10 error FC005 undefined-variable');
  }, 300_000);

  it('npm i -D of the tarball in a project, then `npx flowc init` and `npx flowc check`; the $schema resolves', () => {
    const project = path.join(work, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), '{ "name": "my-flows", "private": true }\n');
    npm(['install', '--save-dev', tarball], project);
    expect(npm(['exec', '--no', '--', 'flowc', '--version'], project)).toBe(`${pkg.version}\n`);
    npm(['exec', '--no', '--', 'flowc', 'init'], project);
    const config = JSON.parse(readFileSync(path.join(project, 'flowc.config.json'), 'utf8')) as { $schema: string };
    expect(config.$schema).toBe('./node_modules/flowc/schemas/flowc.config.schema.json');
    expect((JSON.parse(readFileSync(path.resolve(project, config.$schema), 'utf8')) as { title: string }).title).toBeTruthy();
    expect(npm(['exec', '--no', '--', 'flowc', 'check'], project)).toBe('0 errors, 0 warnings, 0 infos in 1 flow\n');
    // --cache in a Node project: node_modules/.cache/flowc, not beside the config.
    npm(['exec', '--no', '--', 'flowc', 'check', '--cache'], project);
    expect(readdirSync(path.join(project, 'node_modules/.cache/flowc'))).toHaveLength(1);
    expect(existsSync(path.join(project, '.flowc-cache'))).toBe(false);
  }, 300_000);
});

describe('GitHub Action (action.yml)', () => {
  type Step = { name?: string; id?: string; uses?: string; run?: string; shell?: string; if?: string; with?: Record<string, string>; env?: Record<string, string> };
  type Action = { name: string; description: string; inputs: Record<string, { default?: string }>; outputs: Record<string, { value: string }>; runs: { using: string; steps: Step[] } };
  let action: Action;
  beforeAll(async () => {
    ensureBuilt();
    const yaml = (await import('js-yaml')) as unknown as { load(text: string): unknown };
    action = yaml.load(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;
  }, 300_000);

  it('is a composite action that runs flowc check --format sarif and uploads the log', () => {
    expect(action.runs.using).toBe('composite');
    for (const s of action.runs.steps) if (s.run) expect(s.shell, s.name).toBe('bash');
    const check = action.runs.steps.find((s) => s.id === 'check')!;
    expect(check.run).toContain('check "${paths[@]}" "${args[@]}" --format sarif --output-file "$FLOWC_SARIF"');
    // Inputs reach the script through the environment only (no `${{ inputs.… }}` inside a script).
    for (const s of action.runs.steps) expect(s.run ?? '').not.toMatch(/\$\{\{\s*inputs\./);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with!['sarif_file']).toBe('${{ steps.check.outputs.sarif-file }}');
    expect(upload.if).toContain('always()');
    expect(action.outputs['exit-code']!.value).toBe('${{ steps.check.outputs.exit-code }}');
  });

  it("its check step's script works as the runner runs it: SARIF written, exit code in GITHUB_OUTPUT, globs left to flowc", () => {
    const check = action.runs.steps.find((s) => s.id === 'check')!;
    const project = path.join(work, 'action-project');
    mkdirSync(path.join(project, 'flows'), { recursive: true });
    writeFileSync(path.join(project, 'flows/bad.flow'), 'SET a TO b\n');
    writeFileSync(path.join(project, 'flows/good.flow'), goodFlow);
    const output = path.join(work, 'github-output');
    writeFileSync(output, '');
    const r = spawnSync('bash', ['-e', '-c', check.run!], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, FLOWC: flowcBin, FLOWC_PATHS: 'flows/*.flow', FLOWC_ARGS: '--max-warnings 0', FLOWC_SARIF: 'out.sarif', GITHUB_OUTPUT: output },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('sarif-file=out.sarif\nexit-code=1\n');
    const text = readFileSync(path.join(project, 'out.sarif'), 'utf8');
    const log = JSON.parse(text);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(multitoolErrors(text)).toEqual([]);
    expect(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain('FC005');
  });
});
