/**
 * `flowc build` without every flow's IR in memory (issue 20): the per-file phase drops each IR
 * and code generation parses the flows again one at a time (engine/pipeline.ts flowInputs).
 * The files written are byte for byte those planned from the IRs the analysis kept.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { flowInputs, runPipeline } from '../src/engine/index.js';
import { planBuild, type BuildFormat } from '../src/codegen/build.js';
import { displayPath } from '../src/inputs/paths.js';
import { VERSION } from '../src/model/version.js';
import { generateEstate } from '../scripts/estate.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'flowc-build-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const estate = path.join(tmp, 'estate');
mkdirSync(estate);
// The synthetic estate reuses connection names across connectors (FC311, which build refuses):
// each reference gets a logical name of its own connector.
for (const f of generateEstate({ seed: 11, lines: 3_000, errorRate: 0 })) {
  const text = f.text.replace(/CONNECTION (\w+) CONNECTOR '(\w+)'/g, "CONNECTION $1 CONNECTOR '$2' LOGICALNAME 'tst_$1_$2'");
  writeFileSync(path.join(estate, `${f.name}.flow`), text);
}

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
