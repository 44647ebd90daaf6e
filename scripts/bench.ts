/**
 * `npm run bench`: flowc's speed on a deterministic synthetic estate (scripts/estate.ts) of 10k,
 * 100k and 1M script lines. Measures the built CLI code (dist/), each (size, phase) in a fresh
 * Node process so peak RSS and JIT state belong to that phase alone. Prints one table; `--json`
 * prints the same figures as JSON. It never asserts a time.
 *
 *   npm run bench [-- --sizes 10000,100000 --repeats 3 --json --json-out FILE --seed 7 --scaling 1000,20000]
 *
 * Phases: floor (read every file, walk every token with one regular expression), lex+parse,
 * check (all rules, the whole pipeline, one thread, as `flowc check` runs it), `check --threads 2`
 * (the per-file phase on this thread and a worker thread started afresh each run, as the CLI
 * does, so the worker's start-up and cold JIT count), `check --cache (warm)` (every per-file
 * result from the cache, which the warm-up run fills), build (of the flows without the deliberate
 * syntax error: every record written), report, diff (`flowc diff` of the
 * estate against a second version with a tenth of its flows changed: issue 23 wants it within 2×
 * of `check`); `check zips` and `check zips --cache (warm)` (the same flows as solution zips of 20
 * flows each, cold and warm: issue 20); and start-up: `flowc check`
 * on one small file vs `node -e ''`. The table's `× floor` column is each phase's time over the
 * floor's on the same estate. Then scaling: `report` over 1,000 and 20,000 small flows
 * (`--scaling`), whose times should grow like the number of flows. Last, two figures of
 * docs/security.md: peak memory per byte of script (one ~2 MiB flow against a tiny one), and the
 * time of pretty output over 20,000 diagnostics against json (`--no-security` skips them).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateEstate } from './estate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p: string) => pathToFileURL(path.join(root, 'dist', p)).href;
const PHASES = ['floor', 'lex+parse', 'check', 'check --threads 2', 'check --cache (warm)', 'check zips', 'check zips --cache (warm)', 'build', 'report', 'diff'] as const;
type Phase = (typeof PHASES)[number];

interface PhaseResult {
  phase: Phase;
  lines: number;
  files: number;
  /** Median wall time of the measured runs, ms. */
  ms: number;
  linesPerSec: number;
  filesPerSec: number;
  maxRssMiB: number;
}

// ───────────── child: run one phase on one estate folder ─────────────

async function runPhase(phase: Phase, dir: string, repeats: number): Promise<{ ms: number; maxRssMiB: number }> {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'flowc-bench-cache-'));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.flow'))
    .map((f) => path.join(dir, f));
  const once = async (): Promise<void> => {
    switch (phase) {
      case 'floor': {
        const re = /[\p{L}_][\p{L}\p{N}_]*|\S/gu;
        let n = 0;
        for (const f of files) {
          const text = readFileSync(f, 'utf8');
          re.lastIndex = 0;
          while (re.exec(text)) n++;
        }
        if (n < 0) throw new Error('unreachable');
        return;
      }
      case 'lex+parse': {
        const { parseFlow } = (await import(dist('syntax/parse.js'))) as typeof import('../src/syntax/parse.js');
        for (const f of files) parseFlow(readFileSync(f, 'utf8'));
        return;
      }
      case 'check':
      case 'check --threads 2':
      case 'check --cache (warm)': {
        // `flowc check` as a user runs it, rendering included (JSON: no colours to vary).
        const { main } = (await import(dist('cli/main.js'))) as typeof import('../src/cli/main.js');
        const args = ['check', '.', '--format', 'json', '--debug'];
        if (phase === 'check') args.push('--threads', '1');
        if (phase === 'check --threads 2') args.push('--threads', '2');
        if (phase === 'check --cache (warm)') args.push('--threads', '1', '--cache', '--cache-location', path.join(cacheDir, 'cache.json'));
        let debug = '';
        const sink = { cwd: dir, env: {}, isTTY: false, stdout: () => {}, stderr: (s: string) => void (debug += s) };
        await main(args, sink);
        const threads = phase === 'check --threads 2' ? 2 : 1;
        if (!debug.includes(`on ${threads} thread`)) throw new Error(`${phase}: did not run on ${threads} thread(s): ${debug}`);
        return;
      }
      case 'check zips':
      case 'check zips --cache (warm)': {
        // The same flows as solution zips (`<dir>-zips`, see makeZips), one thread.
        const { main } = (await import(dist('cli/main.js'))) as typeof import('../src/cli/main.js');
        const zips = `${dir}-zips`;
        const args = ['check', ...readdirSync(zips).filter((f) => f.endsWith('.zip')).sort(), '--format', 'json', '--debug', '--threads', '1'];
        if (phase === 'check zips --cache (warm)') args.push('--cache', '--cache-location', path.join(cacheDir, 'cache.json'));
        let debug = '';
        await main(args, { cwd: zips, env: {}, isTTY: false, stdout: () => {}, stderr: (s: string) => void (debug += s) });
        if (phase === 'check zips --cache (warm)' && runs > 0 && !/ 0 analysed .* solution zips read from the cache/.test(debug)) {
          throw new Error(`${phase}: not answered from the cache: ${debug}`);
        }
        return;
      }
      case 'diff': {
        // `flowc diff` of the estate against its second version (`<dir>-v2`, see makeSecondVersion),
        // one thread like the `check` phase it is compared with (issue 23: within 2× of it).
        const { main } = (await import(dist('cli/main.js'))) as typeof import('../src/cli/main.js');
        const sink = { cwd: path.dirname(dir), env: {}, isTTY: false, stdout: () => {}, stderr: () => {} };
        const code = await main(['diff', path.basename(dir), `${path.basename(dir)}-v2`, '--format', 'json'], sink);
        if (code !== 1) throw new Error(`diff: expected changes (exit 1), got exit ${code}`);
        return;
      }
      case 'build':
      case 'report': {
        const { main } = (await import(dist('cli/main.js'))) as typeof import('../src/cli/main.js');
        const out = mkdtempSync(path.join(tmpdir(), 'flowc-bench-out-'));
        let err = '';
        const sink = { cwd: dir, env: {}, isTTY: false, stdout: () => {}, stderr: (s: string) => void (err = (err + s).slice(-4000)) };
        // The estate has a few flows with syntax errors on purpose, which build refuses (exit 1,
        // nothing written): build is given the others (`<dir>.buildable`, see makeEstate) and must
        // write every record.
        const buildable = phase === 'build' ? readFileSync(`${dir}.buildable`, 'utf8').split('\n').filter(Boolean) : [];
        const args = phase === 'build' ? ['build', ...buildable, '--out-dir', out] : ['report', '.', '--format', 'json', '--out', path.join(out, 'report.json')];
        const code = await main(args, sink);
        if (phase === 'build' && (code !== 0 || readdirSync(out).filter((f) => f.endsWith('.json')).length !== buildable.length)) {
          throw new Error(`build: exit ${code}, expected every record written: ${err}`);
        }
        rmSync(out, { recursive: true, force: true });
        return;
      }
    }
  };
  let runs = 0;
  if (phase.endsWith('(warm)')) {
    // The warm phases' cache is filled by a cold run in another process, so that this process's
    // peak RSS is the warm runs' own (the cold run's peak is `check` / `check zips` with a cache written).
    const zipsDir = `${dir}-zips`;
    const args =
      phase === 'check zips --cache (warm)'
        ? ['check', ...readdirSync(zipsDir).filter((f) => f.endsWith('.zip')).sort(), '--format', 'json', '--threads', '1']
        : ['check', '.', '--format', 'json', '--threads', '1'];
    const r = spawnSync(process.execPath, [path.join(root, 'dist/bin/flowc.js'), ...args, '--cache', '--cache-location', path.join(cacheDir, 'cache.json')], {
      cwd: phase === 'check zips --cache (warm)' ? zipsDir : dir,
      stdio: 'ignore',
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${phase}: the cold run that fills the cache failed (exit ${r.status})`);
  }
  await once(); // warm-up (JIT, parser construction)
  const times: number[] = [];
  for (let i = 0; i < repeats; i++, runs++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  rmSync(cacheDir, { recursive: true, force: true });
  return { ms: times[Math.floor(times.length / 2)]!, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
}

// ───────────── parent ─────────────

/**
 * The estate's flows as solution zips for the `check zips` phases (`<dir>-zips`): 20 flows per
 * zip, each a `<Workflow>` of category 6 in customizations.xml, written with the test-fixture
 * zip writer (deflated entries).
 */
async function makeZips(dir: string): Promise<void> {
  const { writeZip, solutionXml } = await import('./make-hostile-fixtures.js');
  const out = `${dir}-zips`;
  mkdirSync(out, { recursive: true });
  const files = readdirSync(dir).filter((f) => f.endsWith('.flow')).sort();
  const xml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  for (let z = 0; z * 20 < files.length; z++) {
    const workflows = files.slice(z * 20, z * 20 + 20).map((f, i) => {
      const id = `00000000-0000-4000-8000-${String(z * 20 + i).padStart(12, '0')}`;
      return `<Workflow WorkflowId="{${id}}" Name="${xml(f.replace(/\.flow$/, ''))}"><Category>6</Category><UIFlowType>2</UIFlowType><Definition>${xml(JSON.stringify(readFileSync(path.join(dir, f), 'utf8')))}</Definition></Workflow>`;
    });
    const customizations = `<?xml version="1.0" encoding="utf-8"?><ImportExportXml><Workflows>${workflows.join('')}</Workflows></ImportExportXml>`;
    writeFileSync(path.join(out, `solution-${String(z).padStart(4, '0')}.zip`), writeZip([{ name: 'solution.xml', data: solutionXml() }, { name: 'customizations.xml', data: customizations }]));
  }
}

function makeEstate(dir: string, seed: number, lines: number, more: { flows?: number; small?: boolean } = {}): { files: number; lines: number } {
  mkdirSync(dir, { recursive: true });
  let files = 0;
  let total = 0;
  const buildable: string[] = [];
  for (const f of generateEstate({ seed, lines, ...more })) {
    writeFileSync(path.join(dir, `${f.name}.flow`), f.text);
    if (!f.broken) buildable.push(`${f.name}.flow`);
    files++;
    total += f.lines;
  }
  // The flows without the deliberate syntax error: what the `build` phase builds.
  writeFileSync(`${dir}.buildable`, `${buildable.join('\n')}\n`);
  return { files, lines: total };
}

/**
 * The estate's second version for the `diff` phase: every tenth flow with one statement changed
 * (its first `SET`'s value) and every twentieth with two statements swapped; the rest unchanged,
 * as in a typical change to a large estate.
 */
function makeSecondVersion(dir: string): void {
  const v2 = `${dir}-v2`;
  mkdirSync(v2, { recursive: true });
  readdirSync(dir)
    .filter((f) => f.endsWith('.flow'))
    .sort()
    .forEach((f, i) => {
      let text = readFileSync(path.join(dir, f), 'utf8');
      if (i % 10 === 0) text = text.replace(/^(\s*SET \S+ TO ).*$/m, '$1 42');
      if (i % 20 === 5) {
        const lines = text.split('\n');
        const k = lines.findIndex((l, j) => /^SET /.test(l) && /^SET /.test(lines[j + 1] ?? ''));
        if (k >= 0) [lines[k], lines[k + 1]] = [lines[k + 1]!, lines[k]!];
        text = lines.join('\n');
      }
      writeFileSync(path.join(v2, f), text);
    });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeCommand(cmd: string, args: string[], runs: number): number {
  spawnSync(cmd, args, { stdio: 'ignore' });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(cmd, args, { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Size of the shipped catalogs and the time to load and index each (the cost a first rule pays). */
function catalogFigures() {
  const dist = path.join(root, 'dist/bin');
  const actionsFile = path.join(dist, 'actions.generated.json');
  const connectorsFile = path.join(dist, 'connectors.generated.json');
  const time = (f: () => void): number => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  let actionsData: { modules: unknown[]; actions: { params: { required?: boolean }[] }[] } = { modules: [], actions: [] };
  let connectorsData: { connectors: { operations: unknown[] }[] } = { connectors: [] };
  const actionsMs = time(() => {
    actionsData = JSON.parse(readFileSync(actionsFile, 'utf8')) as typeof actionsData;
  });
  const connectorsMs = time(() => {
    connectorsData = JSON.parse(readFileSync(connectorsFile, 'utf8')) as typeof connectorsData;
  });
  return {
    actions: {
      bytes: statSync(actionsFile).size,
      entries: actionsData.actions.length,
      modules: actionsData.modules.length,
      requiredArguments: actionsData.actions.reduce((n, a) => n + a.params.filter((p) => p.required).length, 0),
      loadMs: actionsMs,
    },
    connectors: {
      bytes: statSync(connectorsFile).size,
      entries: connectorsData.connectors.length,
      operations: connectorsData.connectors.reduce((n, c) => n + c.operations.length, 0),
      loadMs: connectorsMs,
    },
  };
}

async function parent(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000,1000000' },
      repeats: { type: 'string', default: '3' },
      seed: { type: 'string', default: '20261123' },
      json: { type: 'boolean', default: false },
      // Also write the JSON figures to this file (the table still goes to stdout).
      'json-out': { type: 'string' },
      phases: { type: 'string', default: PHASES.join(',') },
      // Report over N small flows (≈ 50 lines each) for each N: linear scaling means the time
      // grows like N (issue 10: 20k flows within 20× of 1k flows). Empty to skip.
      scaling: { type: 'string', default: '1000,20000' },
      // Peak memory per byte of script, and pretty vs json over 20,000 diagnostics (--no-security to skip).
      security: { type: 'boolean', default: true },
    },
    allowNegative: true,
  });
  if (!existsSync(path.join(root, 'dist/bin/flowc.js'))) throw new Error('run `npm run build` first (npm run bench does)');
  const sizes = values.sizes!.split(',').map(Number);
  const phases = values.phases!.split(',') as Phase[];
  const work = mkdtempSync(path.join(tmpdir(), 'flowc-bench-'));
  const results: (PhaseResult & { size: number })[] = [];
  try {
    for (const size of sizes) {
      const dir = path.join(work, `estate-${size}`);
      const { files, lines } = makeEstate(dir, Number(values.seed), size);
      if (phases.includes('diff')) makeSecondVersion(dir);
      if (phases.some((p) => p.startsWith('check zips'))) await makeZips(dir);
      for (const phase of phases) {
        const repeats = size >= 1_000_000 ? Math.min(2, Number(values.repeats)) : Number(values.repeats);
        const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', phase, dir, String(repeats)], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        });
        if (r.status !== 0) throw new Error(`${phase} on ${size} lines failed: ${r.stderr}`);
        const { ms, maxRssMiB } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; maxRssMiB: number };
        results.push({ size, phase, lines, files, ms, linesPerSec: lines / (ms / 1000), filesPerSec: files / (ms / 1000), maxRssMiB });
      }
    }
    const scaling: { flows: number; lines: number; ms: number; maxRssMiB: number }[] = [];
    for (const flows of values.scaling ? values.scaling.split(',').map(Number) : []) {
      const dir = path.join(work, `flows-${flows}`);
      const { lines } = makeEstate(dir, Number(values.seed), Infinity, { flows, small: true });
      const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', 'report', dir, '1'], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`report on ${flows} flows failed: ${r.stderr}`);
      const { ms, maxRssMiB } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; maxRssMiB: number };
      scaling.push({ flows, lines, ms, maxRssMiB });
      rmSync(dir, { recursive: true, force: true });
    }
    const small = path.join(work, 'small.flow');
    writeFileSync(small, "SET Greeting TO $'''Hello'''\r\nText.AppendLine Text: Greeting LineToAppend: 'x' Result=> Greeting\r\n");
    const startup = {
      nodeMs: timeCommand(process.execPath, ['-e', ''], 10),
      flowcCheckMs: timeCommand(process.execPath, [path.join(root, 'dist/bin/flowc.js'), 'check', small], 10),
    };
    const security = values.security ? securityFigures(work, Number(values.seed)) : undefined;
    const catalogs = catalogFigures();
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
    const json = `${JSON.stringify({ version: 1, seed: Number(values.seed), machine, results, scaling, startup, catalogs, ...(security ? { security } : {}) }, null, 2)}\n`;
    if (values['json-out']) writeFileSync(values['json-out'], json);
    if (values.json) {
      process.stdout.write(json);
      return;
    }
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    // × floor: the phase's time over the floor's (reading every file and walking every token with
    // one regular expression) on the same estate: how far each phase is from the least any tool
    // that reads the scripts must do.
    const floorMs = new Map(results.filter((r) => r.phase === 'floor').map((r) => [r.size, r.ms]));
    const timesFloor = (r: (typeof results)[number]): string => {
      const f = floorMs.get(r.size);
      if (f === undefined || f <= 0) return '-';
      const x = r.ms / f;
      return `${x < 10 ? x.toFixed(1) : fmt(x)}×`;
    };
    const rows = [['lines', 'files', 'phase', 'median ms', '× floor', 'lines/s', 'files/s', 'peak RSS MiB']];
    for (const r of results) rows.push([fmt(r.lines), fmt(r.files), r.phase, fmt(r.ms), timesFloor(r), fmt(r.linesPerSec), fmt(r.filesPerSec), fmt(r.maxRssMiB)]);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) console.log(row.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    if (scaling.length) {
      const base = scaling[0]!;
      console.log('\nreport scaling (small flows):');
      for (const s of scaling) {
        const ratio = s.ms / base.ms;
        console.log(`  ${fmt(s.flows)} flows, ${fmt(s.lines)} lines: ${fmt(s.ms)} ms (${ratio.toFixed(1)}× for ${(s.flows / base.flows).toFixed(0)}× the flows), peak RSS ${fmt(s.maxRssMiB)} MiB`);
      }
    }
    console.log(`\nstart-up: flowc check on one small file ${fmt(startup.flowcCheckMs)} ms; node -e '' ${fmt(startup.nodeMs)} ms (${(startup.flowcCheckMs / startup.nodeMs).toFixed(1)}×)`);
    console.log(
      `catalogs (shipped in dist/bin, loaded when a rule first needs them): actions ${fmt(catalogs.actions.bytes / 1024)} KiB — ${fmt(catalogs.actions.entries)} actions in ${fmt(catalogs.actions.modules)} modules, ${fmt(catalogs.actions.requiredArguments)} required arguments, JSON.parse ${catalogs.actions.loadMs.toFixed(1)} ms; ` +
        `connectors ${fmt(catalogs.connectors.bytes / 1024)} KiB — ${fmt(catalogs.connectors.entries)} connectors, ${fmt(catalogs.connectors.operations)} operations, JSON.parse ${catalogs.connectors.loadMs.toFixed(1)} ms`,
    );
    if (security) {
      console.log(`\npeak memory per byte of script: ${fmt(security.bytesPerByte)} bytes (one ${fmt(security.scriptBytes / 1024)} KiB flow)`);
      console.log(`20,000 diagnostics: pretty ${fmt(security.prettyMs)} ms, json ${fmt(security.jsonMs)} ms (${(security.prettyMs / security.jsonMs).toFixed(2)}×; the target is at most 2×)`);
    }
    console.log(`machine: ${machine.cpus} × ${machine.cpu}, node ${machine.node}, ${machine.platform}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ───────────── child: one security figure (issue 21) ─────────────

/**
 * `memory FILE`: peak RSS of `flowc check FILE` (one thread, json) in this fresh process.
 * `pretty FILE`: median time of rendering its diagnostics in pretty and in json (the whole check,
 * warm), so the pretty renderer's own cost shows as the difference.
 */
async function runFigure(figure: string, file: string): Promise<Record<string, number>> {
  const { main } = (await import(dist('cli/main.js'))) as typeof import('../src/cli/main.js');
  const sink = { cwd: path.dirname(file), env: {}, isTTY: false, stdout: () => {}, stderr: () => {} };
  if (figure === 'memory') {
    await main(['check', path.basename(file), '--format', 'json', '--threads', '1'], sink);
    return { maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  }
  const time = async (format: string): Promise<number> => {
    await main(['check', path.basename(file), '--format', format, '--threads', '1'], sink);
    const ts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await main(['check', path.basename(file), '--format', format, '--threads', '1'], sink);
      ts.push(performance.now() - t0);
    }
    return median(ts);
  };
  const json = await time('json');
  const pretty = await time('pretty');
  return { jsonMs: json, prettyMs: pretty };
}

function figure(name: string, file: string): Record<string, number> {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--figure', name, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${name} on ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

/**
 * Peak memory per byte of script: one flow of about 2 MiB (the estate's statements, one file),
 * against one tiny flow — (RSS of the big one − RSS of the tiny one) / its size. What bounds the
 * `maxFlowBytes` budget (docs/security.md). And pretty against json over 20,000 one-line errors.
 */
function securityFigures(work: string, seed: number): { bytesPerByte: number; scriptBytes: number; prettyMs: number; jsonMs: number } {
  const tiny = path.join(work, 'tiny.flow');
  writeFileSync(tiny, "SET Greeting TO 'hello'\r\nDisplay.ShowMessageDialog.ShowMessage Message: Greeting\r\n");
  const big = path.join(work, 'big.flow');
  const parts: string[] = [];
  let size = 0;
  for (const f of generateEstate({ seed, lines: 200_000 })) {
    if (size > 2 * 1024 * 1024) break;
    // Each estate file is a whole flow; its body (after its header) joins the one big flow.
    const body = f.text.includes('END FLOW') ? f.text.slice(f.text.indexOf('END FLOW') + 'END FLOW'.length) : f.text;
    parts.push(body);
    size += Buffer.byteLength(body);
  }
  writeFileSync(big, parts.join(''));
  const scriptBytes = Buffer.byteLength(parts.join(''));
  const base = figure('memory', tiny).maxRssMiB!;
  const peak = figure('memory', big).maxRssMiB!;
  const errors = path.join(work, 'errors.flow');
  writeFileSync(errors, Array.from({ length: 20_000 }, (_, i) => `GOTO nowhere${i}`).join('\n'));
  const t = figure('pretty', errors);
  return { bytesPerByte: ((peak - base) * 1024 * 1024) / scriptBytes, scriptBytes, prettyMs: t.prettyMs!, jsonMs: t.jsonMs! };
}

if (process.argv[2] === '--figure') {
  runFigure(process.argv[3]!, process.argv[4]!).then((r) => console.log(JSON.stringify(r)));
} else if (process.argv[2] === '--child') {
  const [, , , phase, dir, repeats] = process.argv;
  runPhase(phase as Phase, dir!, Number(repeats)).then((r) => console.log(JSON.stringify(r)));
} else {
  parent().catch((e: unknown) => {
    console.error(String(e instanceof Error ? e.message : e));
    process.exitCode = 1;
  });
}
