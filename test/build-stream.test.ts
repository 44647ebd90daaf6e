/**
 * `flowc build` without every flow's IR in memory (issue 20): the per-file phase drops each IR
 * and code generation parses the flows again one at a time (engine/pipeline.ts flowInputs).
 * The files written are byte for byte those planned from the IRs the analysis kept.
 *
 * And without every record in memory: each record is staged as soon as its flow is generated
 * (codegen/build.ts buildOutputs, outputs/atomic-writer.ts beginAtomicWrite), still all or
 * nothing: a flow failing late leaves no output (a build killed while staging: in
 * test/atomic-output.test.ts).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { flowInputs, runPipeline } from '../src/engine/index.js';
import { buildOutputs, planBuild, type BuildFormat, type BuildPlan } from '../src/codegen/build.js';
import type { FlowInput } from '../src/codegen/v2.js';
import { LOCK, STAGING_PREFIX, beginAtomicWrite, nodeWriterFs, recoverInterruptedWrites } from '../src/outputs/atomic-writer.js';
import { runCli } from './helpers/cli.js';
import { displayPath } from '../src/inputs/paths.js';
import { VERSION } from '../src/model/version.js';
import { generateEstate } from '../scripts/estate.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'flowc-build-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const estate = path.join(tmp, 'estate');
mkdirSync(estate);
// The synthetic estate names each connection after its connector, so it builds (no FC311).
for (const f of generateEstate({ seed: 11, lines: 3_000, errorRate: 0 })) writeFileSync(path.join(estate, `${f.name}.flow`), f.text);

describe('build without the IR kept', () => {
  for (const format of ['v2', 'clipboard'] as BuildFormat[]) {
    it(`writes what the kept IRs plan, byte for byte (${format})`, async () => {
      const outDir = path.join(tmp, `out-${format}`);
      let err = '';
      const io: Io = { cwd: estate, env: {}, isTTY: false, stdout: () => undefined, stderr: (t) => void (err += t) };
      const code = await main(['build', '.', '--out-dir', outDir, '--format', format], io);
      expect(code, err).toBe(0);

      const p = await runPipeline({ paths: ['.'], cwd: estate, keepIr: true });
      const plan = planBuild(
        p.results.map((r) => ({ doc: r.doc, flow: r.analysis.getOrParseFlow(), facts: r.analysis.facts })),
        { format, flowcVersion: VERSION, projectDir: p.config.dir, outDir, connectors: p.services.connectors, environments: [], display: (abs) => displayPath(abs, estate) },
      );
      expect(plan.failures).toEqual([]);
      expect(plan.files.length).toBeGreaterThan(5);
      for (const f of plan.files) expect(readFileSync(path.join(outDir, f.name), 'utf8'), f.name).toBe(f.content);
    }, 120_000);
  }

  it('holds one flow IR at a time', async () => {
    const p = await runPipeline({ paths: ['.'], cwd: estate, keepIr: false });
    const inputs = flowInputs(p);
    expect(inputs.length).toBeGreaterThan(2);
    const first = inputs[0]!.flow;
    expect(inputs[0]!.flow).toBe(first); // read twice in a row (buildV2, then the clipboard text): parsed once
    expect(inputs[1]!.flow).not.toBe(first);
    const again = inputs[0]!.flow;
    expect(again).not.toBe(first); // parsed again: the first IR was let go
    expect(again).toEqual(first);
  }, 60_000);
});

/** The output folder's files (staging folders and the lock aside), by name. */
function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) if (!f.startsWith(STAGING_PREFIX)) out[f] = readFileSync(path.join(dir, f), 'utf8');
  return out;
}

describe('build writes each record as its flow is generated', () => {
  it('yields a flow\'s record before the next flow is read', async () => {
    const p = await runPipeline({ paths: ['.'], cwd: estate, keepIr: false });
    const real = flowInputs(p);
    const read: number[] = [];
    const inputs: FlowInput[] = real.map((input, i) => ({
      doc: input.doc,
      facts: input.facts,
      get flow() {
        read.push(i);
        return input.flow;
      },
    }));
    const plan: Pick<BuildPlan, 'flows' | 'failures'> = { flows: [], failures: [] };
    const outDir = path.join(tmp, 'never');
    const readWhenYielded: number[] = [];
    for (const file of buildOutputs(inputs, { format: 'v2', flowcVersion: VERSION, projectDir: p.config.dir, outDir, connectors: p.services.connectors }, plan)) {
      expect(file.name).toMatch(/\.json$/);
      readWhenYielded.push(Math.max(...read));
    }
    expect(plan.failures).toEqual([]);
    // The k-th record comes out once flow k was read, and before flow k+1 is.
    expect(readWhenYielded).toEqual(inputs.map((_, i) => i));
  }, 60_000);

  it('a flow failing after others were staged writes nothing, and leaves no folder', async () => {
    // Two flows whose outputs collide come last: planning reports it only after the others are staged.
    const dir = mkdtempSync(path.join(tmp, 'late-'));
    const names = readdirSync(estate).filter((f) => f.endsWith('.flow')).sort();
    for (const n of names) writeFileSync(path.join(dir, n), readFileSync(path.join(estate, n)));
    mkdirSync(path.join(dir, 'zz'));
    writeFileSync(path.join(dir, 'zz', names[0]!), readFileSync(path.join(estate, names[0]!), 'utf8').replace(/^    ID '[^']*'\r\n/m, ''));
    const r = await runCli(['build', '.', 'zz', '--out-dir', 'out', '--quiet'], { cwd: dir });
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/would also be written by .*; nothing was written/s);
    expect(existsSync(path.join(dir, 'out')), 'no output folder, no staging folder').toBe(false);

    // Into an existing folder: its files are untouched, and no staging folder is left.
    mkdirSync(path.join(dir, 'out'));
    writeFileSync(path.join(dir, 'out', 'Flow00000.json'), 'old');
    expect((await runCli(['build', '.', 'zz', '--out-dir', 'out', '--quiet'], { cwd: dir })).code).toBe(1);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['Flow00000.json']);
    expect(readFileSync(path.join(dir, 'out', 'Flow00000.json'), 'utf8')).toBe('old');
  }, 120_000);
});

describe('a streamed write (beginAtomicWrite)', () => {
  it('refreshes its lock while it stages over a long time, so no other writer takes it as stale', async () => {
    const out = mkdtempSync(path.join(tmp, 'touch-'));
    const touched: string[] = [];
    let now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const write = await beginAtomicWrite(out, { ...nodeWriterFs, touch: async (f) => void touched.push(f) });
      await write.add({ name: 'a.json', content: 'a' });
      expect(touched).toEqual([]);
      now += 61_000;
      await write.add({ name: 'b.json', content: 'b' });
      expect(touched).toEqual([path.join(out, LOCK)]);
      await write.add({ name: 'c.json', content: 'c' });
      expect(touched).toHaveLength(1);
      expect(outputs(out)).toEqual({});
      await write.commit();
    } finally {
      clock.mockRestore();
    }
    expect(outputs(out)).toEqual({ 'a.json': 'a', 'b.json': 'b', 'c.json': 'c' });
    expect(readdirSync(out).filter((n) => n.startsWith(STAGING_PREFIX))).toEqual([]);
  });

  it('a bad name or a second file of the same name aborts the write: nothing staged is left', async () => {
    const out = mkdtempSync(path.join(tmp, 'bad-'));
    const write = await beginAtomicWrite(out);
    await write.add({ name: 'a.json', content: 'a' });
    await expect(write.add({ name: 'A.json', content: 'again' })).rejects.toThrow(/two output files are named A\.json/);
    await expect(write.commit()).rejects.toThrow(/already committed or aborted/);
    expect(readdirSync(out)).toEqual([]);
  });
});

