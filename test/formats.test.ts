/**
 * Output formats against their real consumers: SARIF against the official 2.1.0 schema and
 * Microsoft's SARIF multitool; GitHub workflow-command escaping as @actions/core does it; and the
 * CLI flags around them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { escapeData, escapeProperty } from '../src/diagnostics/render-github.js';
import { repoRoot } from './helpers/corpus.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowc-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'bad.flow'), "GOTO 'Exti'\nLABEL 'Exit'\nSET a TO b\n# flowc-disable-next-line FC006\nSET c TO 1\n");
writeFileSync(path.join(dir, 'warn.flow'), 'SET unused TO 1\n');

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env });

const multitoolDir = path.dirname(createRequire(import.meta.url).resolve('@microsoft/sarif-multitool-linux/package.json'));

describe('sarif', () => {
  it('is valid against the official SARIF 2.1.0 schema', async () => {
    const { code, out } = await run(['check', 'bad.flow', '--format', 'sarif']);
    expect(code).toBe(1);
    const log = JSON.parse(out);
    const schema = JSON.parse(readFileSync(path.join(multitoolDir, 'sarif-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const r = log.runs[0];
    expect(r.tool.driver.rules.map((x: { id: string }) => x.id)).toContain('FC004');
    const fc004 = r.results.find((x: { ruleId: string }) => x.ruleId === 'FC004');
    expect(fc004.level).toBe('error');
    expect(fc004.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'bad.flow', uriBaseId: '%SRCROOT%' });
    expect(fc004.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 6, endLine: 1, endColumn: 12 });
    expect(fc004.partialFingerprints['flowc/v1']).toMatch(/^[0-9a-f]{32}:0$/);
    type Result = { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] };
    expect(r.results.some((x: Result) => x.ruleId === 'FC006' && x.locations[0]!.physicalLocation.region.startLine === 5)).toBe(false);
  });

  it('passes `sarif-multitool validate`, which does catch a broken log', async () => {
    const { out } = await run(['check', 'bad.flow', '--format', 'sarif']);
    const tool = path.join(multitoolDir, 'Sarif.Multitool');
    const validateLog = (text: string): { level?: string }[] => {
      const input = path.join(dir, 'in.sarif');
      const output = path.join(dir, 'out.sarif');
      writeFileSync(input, text);
      rmSync(output, { force: true });
      try {
        execFileSync(tool, ['validate', input, '--output', output], { stdio: 'pipe', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
      } catch {
        /* a non-zero exit still writes the output log */
      }
      return JSON.parse(readFileSync(output, 'utf8')).runs[0].results ?? [];
    };
    expect(validateLog(out).filter((x) => (x.level ?? 'warning') === 'error')).toEqual([]);
    const broken = JSON.parse(out);
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validateLog(JSON.stringify(broken)).filter((x) => (x.level ?? 'warning') === 'error').length).toBeGreaterThan(0);
  });

  it('fingerprints do not depend on line numbers', async () => {
    const a = JSON.parse((await run(['check', 'bad.flow', '--format', 'sarif'])).out);
    writeFileSync(path.join(dir, 'moved.flow'), `\n\n${readFileSync(path.join(dir, 'bad.flow'), 'utf8')}`);
    const b = JSON.parse((await run(['check', 'moved.flow', '--format', 'sarif'])).out);
    const fp = (l: { runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[] }) => l.runs[0]!.results.map((x) => x.ruleId);
    expect(fp(b)).toEqual(fp(a));
  });
});

describe('github', () => {
  it('escapes like @actions/core', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });
  it('prints one workflow command per diagnostic', async () => {
    const { out } = await run(['check', 'bad.flow', '--format', 'github']);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe("::error file=bad.flow,line=1,col=6,endLine=1,endColumn=12,title=FC004 unknown-label::label 'Exti' does not exist in subflow 'main'%0Ahelp: did you mean 'Exit'?");
    expect(lines.every((l) => /^::(error|warning|notice) file=/.test(l))).toBe(true);
  });
});

describe('cli flags', () => {
  it('--max-warnings fails on too many warnings', async () => {
    expect((await run(['check', 'warn.flow'])).code).toBe(0);
    expect((await run(['check', 'warn.flow', '--max-warnings', '0'])).code).toBe(1);
    expect((await run(['check', 'warn.flow', '--max-warnings', '1'])).code).toBe(0);
    expect((await run(['check', 'warn.flow', '--max-warnings', 'x'])).code).toBe(2);
  });
  it('--quiet shows errors only', async () => {
    const { out } = await run(['check', 'bad.flow', '--quiet', '--format', 'json']);
    expect(JSON.parse(out).diagnostics.every((d: { severity: string }) => d.severity === 'error')).toBe(true);
  });
  it('NO_COLOR and FORCE_COLOR', async () => {
    expect((await run(['check', 'bad.flow'], { FORCE_COLOR: '1' })).out).toContain('\u001b[');
    expect((await run(['check', 'bad.flow'], { FORCE_COLOR: '1', NO_COLOR: '1' })).out).not.toContain('\u001b[');
    expect((await run(['check', 'bad.flow', '--no-color'], { FORCE_COLOR: '1' })).out).not.toContain('\u001b[');
  });
  it('--output-file writes the report', async () => {
    await run(['check', 'bad.flow', '--format', 'json', '--output-file', 'out.json']);
    expect(JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')).summary.errors).toBe(2);
  });
  it('usage errors exit 2 with a suggestion', async () => {
    const r = await run(['chekc']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("did you mean 'check'");
    const f = await run(['check', 'bad.flow', '--formt', 'json']);
    expect(f.code).toBe(2);
    expect(f.err).toContain('--format');
    expect((await run(['check', 'missing.flow'])).code).toBe(2);
  });
  it('version matches package.json', async () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect((await run(['--version'])).out.trim()).toBe(pkg.version);
  });
});

describe('rules and explain', () => {
  it('lists every rule', async () => {
    const { code, out } = await run(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const rules = JSON.parse(out).rules as { code: string; fixable: boolean; suggestions: boolean }[];
    expect(rules.map((r) => r.code)).toContain('FC001');
    expect(rules.find((r) => r.code === 'FC009')!.fixable).toBe(true);
    expect(rules.find((r) => r.code === 'FC301')).toMatchObject({ fixable: false, suggestions: true });
  });
  it('explains a rule from its doc page', async () => {
    const { code, out } = await run(['explain', 'FC005']);
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(path.join(repoRoot, 'docs/rules/FC005.md'), 'utf8'));
    expect((await run(['explain', 'undefined-variable'])).out).toContain('# FC005');
    const bad = await run(['explain', 'FC00S']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/did you mean FC00\d/);
  });
});

describe('init', () => {
  it('writes a valid starter config and a clean example flow, and never overwrites', async () => {
    const d = mkdtempSync(path.join(dir, 'init-'));
    let out = '';
    const io: Io = { cwd: d, env: {}, isTTY: false, stdout: (t) => void (out += t), stderr: (t) => void (out += t) };
    expect(await main(['init'], io)).toBe(0);
    const config = JSON.parse(readFileSync(path.join(d, 'flowc.config.json'), 'utf8'));
    // A path relative to the project that works after `npm i -D flowc` (test/cli.test.ts installs it for real).
    expect(config.$schema).toBe('./node_modules/flowc/schemas/flowc.config.schema.json');
    expect(await main(['check'], io)).toBe(0);
    expect(out).toContain('0 errors, 0 warnings, 0 infos in 1 flow');
    const before = readFileSync(path.join(d, 'flows/hello.flow'), 'utf8');
    expect(await main(['init'], io)).toBe(2);
    expect(readFileSync(path.join(d, 'flows/hello.flow'), 'utf8')).toBe(before);
  });
});
