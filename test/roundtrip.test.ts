/**
 * Issue 5's ground truth: `flowc import` then `flowc build` of both real solutions gives back,
 * for each of the 23 desktop flows, the record's Definition (up to trailing whitespace) and its
 * connection references (logical name, connector, padInternalId, embedded) — and, beyond the
 * issue, its workflowId, Inputs, Outputs, Metadata (but the designer's clientversion) and
 * Dependencies (child flows as a set: PAD's order is not the script's, see src/codegen/v2.ts).
 * Two builds are byte-identical; building the zip directly gives the same definitions.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSolution } from '../src/inputs/solution.js';
import type { SolutionFlowRecord } from '../src/model/source.js';
import type { DesktopFlowV2Document } from '../src/generated/desktop-flow-v2.js';
import { getValidator } from '../src/inputs/schema-registry.js';
import { safeFileStem } from '../src/codegen/names.js';
import { CORPUS_ZIPS } from './helpers/corpus.js';
import { runCli } from './helpers/cli.js';

const run = (cwd: string, args: string[]) => runCli(args, { cwd });

async function readDir(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) out.set(name, await readFile(path.join(dir, name), 'utf8'));
  return out;
}

function refKey(r: { api: { name: string }; connectionReferenceLogicalName?: string; padInternalId?: string; isEmbedded?: boolean }) {
  return { logicalName: r.connectionReferenceLogicalName, connector: r.api.name, padInternalId: r.padInternalId, embedded: r.isEmbedded ?? false };
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flowc-roundtrip-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('import then build reproduces the real solutions', () => {
  let total = 0;

  for (const zip of CORPUS_ZIPS) {
    const name = path.basename(zip, '.zip');
    it(name, async () => {
      const work = path.join(tmp, name);
      const records: SolutionFlowRecord[] = (await readSolution(zip)).flows;

      const imported = await run(tmp, ['import', zip, '--out-dir', path.join(work, 'flows')]);
      expect(imported.err).toBe('');
      expect(imported.code).toBe(0);
      const flowFiles = await readDir(path.join(work, 'flows'));
      expect([...flowFiles.keys()].sort()).toEqual(records.map((r) => `${safeFileStem(r.name)}.flow`).sort());
      for (const [file, text] of flowFiles) {
        expect(text.startsWith("FLOW '"), file).toBe(true);
        // The script is kept as it was: CRLF everywhere, header included.
        expect(text.replace(/\r\n/g, ''), file).not.toMatch(/[\r\n]/);
      }

      const built = await run(work, ['build', 'flows', '--out-dir', 'out', '--quiet']);
      expect(built.err).toBe('');
      expect(built.code).toBe(0);
      const out = await readDir(path.join(work, 'out'));
      expect(out.size).toBe(records.length);
      const validate = getValidator('desktop-flow-v2');

      for (const record of records) {
        const file = `${safeFileStem(record.name)}.json`;
        const text = out.get(file);
        expect(text, file).toBeDefined();
        const doc = JSON.parse(text!) as DesktopFlowV2Document;
        expect(validate(doc), file).toBe(true);
        expect(doc.name).toBe(record.name);
        expect(doc.workflowId).toBe(record.workflowId);
        expect(doc.definition.trimEnd(), file).toBe(record.definition.trimEnd());
        expect(doc.connectionReferences.map(refKey), file).toEqual(record.connectionReferences.map(refKey));
        expect(doc.inputs, file).toEqual(record.inputs);
        expect(doc.outputs, file).toEqual(record.outputs);
        const { clientversion: _ignored, ...metadata } = record.metadata ?? {};
        expect(doc.metadata, file).toEqual(metadata);
        const deps = record.dependencies as { childFlows: string[]; workQueues: string[]; environmentVariables: string[] };
        expect([...doc.dependencies.childFlows].sort(), file).toEqual([...deps.childFlows].sort());
        expect(doc.dependencies.workQueues, file).toEqual(deps.workQueues);
        expect(doc.dependencies.environmentVariables, file).toEqual(deps.environmentVariables);
        // The manifest lists each connector of the references once.
        const connectors = [...new Set(record.connectionReferences.map((r) => r.api.name))];
        expect(doc.manifest.ConnectorReferences.map((c) => c.ConnectorId), file).toEqual(connectors);
        total++;
      }

      // A second build is byte-identical.
      const again = await run(work, ['build', 'flows', '--out-dir', 'out2', '--quiet']);
      expect(again.code).toBe(0);
      expect(await readDir(path.join(work, 'out2'))).toEqual(out);

      // Building the solution itself gives the same scripts and references (plus the bound
      // connections' names, which a header does not carry).
      const direct = await run(work, ['build', zip, '--out-dir', 'direct', '--quiet']);
      expect(direct.code).toBe(0);
      const fromZip = await readDir(path.join(work, 'direct'));
      for (const record of records) {
        const doc = JSON.parse(fromZip.get(`${safeFileStem(record.name)}.json`)!) as DesktopFlowV2Document;
        expect(doc.definition).toBe(record.definition);
        expect(doc.connectionReferences).toEqual(record.connectionReferences);
      }
    });
  }

  it('covered all 23 desktop flows of both solutions', () => {
    expect(total).toBe(23);
  });
});
