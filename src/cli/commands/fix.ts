/**
 * `flowc check --fix` / `--fix-dry-run`: apply every certain fix to the files (flows inside
 * solutions are never rewritten), re-check, and repeat while fixes keep applying (a fix can make
 * another possible); `--fix-dry-run` prints the changes as a unified diff instead.
 */
import { createTwoFilesPatch } from 'diff';
import path from 'node:path';
import { applyFixes } from '../../codegen/fix.js';
import { writeFilesAtomically, type OutputFile } from '../../outputs/atomic-writer.js';
import { writeOptions } from '../test-hooks.js';
import { runPipeline, type Pipeline, type PipelineOptions } from '../../engine/pipeline.js';
import type { Io } from '../io.js';

const MAX_PASSES = 10;

export async function fixAll(first: Pipeline, options: PipelineOptions, opts: { dryRun: boolean; io: Io }): Promise<Pipeline> {
  let p = first;
  if (opts.dryRun) {
    for (const r of p.results) {
      if (r.doc.origin !== 'file') continue;
      const { text, applied } = applyFixes(r.doc.text, r.diagnostics);
      if (applied.length) opts.io.stdout(createTwoFilesPatch(`a/${r.doc.path}`, `b/${r.doc.path}`, r.doc.text, text, undefined, undefined, { context: 3 }));
    }
    return p;
  }
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // The fixed files of one folder are written together (all or none, src/outputs/atomic-writer.ts).
    const byFolder = new Map<string, OutputFile[]>();
    for (const r of p.results) {
      if (r.doc.origin !== 'file') continue;
      const { text, applied } = applyFixes(r.doc.text, r.diagnostics);
      if (applied.length === 0 || text === r.doc.text) continue;
      const folder = path.dirname(r.doc.absolutePath);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), { name: path.basename(r.doc.absolutePath), content: text }]);
    }
    if (byFolder.size === 0) break;
    for (const [folder, files] of byFolder) await writeFilesAtomically(folder, files, undefined, writeOptions(opts.io));
    p = await runPipeline(options);
  }
  return p;
}
