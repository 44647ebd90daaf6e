/**
 * `flowc check --fix` / `--fix-dry-run`: apply every certain fix to the files (flows inside
 * solutions are never rewritten), re-check, and repeat while fixes keep applying (a fix can make
 * another possible). `--fix` then says on stderr what it changed. `--fix-dry-run` does the same
 * passes in memory: it prints the changes as a unified diff (to stdout in the pretty format, to
 * stderr in the machine formats, so json/sarif/github output still parses) and the diagnostics
 * that would remain after fixing.
 */
import { createTwoFilesPatch } from 'diff';
import path from 'node:path';
import { applyFixes } from '../../codegen/fix.js';
import { writeFilesAtomically, type OutputFile } from '../../outputs/atomic-writer.js';
import { runPipeline, type Pipeline, type PipelineOptions } from '../../engine/index.js';
import type { Io } from '../io.js';
import type { SourceDocument } from '../../model/source.js';

const MAX_PASSES = 10;

export interface FixOptions {
  dryRun: boolean;
  io: Io;
  /** Where the dry run's diff goes: stdout for the pretty format, stderr for machine formats. */
  diffTo: 'stdout' | 'stderr';
}

export async function fixAll(first: Pipeline, options: PipelineOptions, opts: FixOptions): Promise<Pipeline> {
  let p = first;
  /** The text before any fix, and how many fixes were applied, by file. */
  const changed = new Map<string, { doc: SourceDocument; original: string; text: string; fixes: number }>();
  const overrides = new Map<string, string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // The fixed files of one folder are written together (all or none, src/outputs/atomic-writer.ts).
    const byFolder = new Map<string, OutputFile[]>();
    for (const r of p.results) {
      if (r.doc.origin !== 'file') continue;
      const { text, applied } = applyFixes(r.doc.text, r.diagnostics);
      if (applied.length === 0 || text === r.doc.text) continue;
      const entry = changed.get(r.doc.absolutePath) ?? { doc: r.doc, original: r.doc.text, text, fixes: 0 };
      entry.text = text;
      entry.fixes += applied.length;
      changed.set(r.doc.absolutePath, entry);
      overrides.set(r.doc.absolutePath, text);
      const folder = path.dirname(r.doc.absolutePath);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), { name: path.basename(r.doc.absolutePath), content: text }]);
    }
    if (byFolder.size === 0) break;
    if (!opts.dryRun) for (const [folder, files] of byFolder) await writeFilesAtomically(folder, files);
    p = await runPipeline(opts.dryRun ? { ...options, overrides } : options);
  }
  const files = [...changed.values()].sort((a, b) => (a.doc.path < b.doc.path ? -1 : a.doc.path > b.doc.path ? 1 : 0));
  if (opts.dryRun) {
    const out = opts.diffTo === 'stdout' ? opts.io.stdout : opts.io.stderr;
    for (const f of files) out(createTwoFilesPatch(`a/${f.doc.path}`, `b/${f.doc.path}`, f.original, f.text, undefined, undefined, { context: 3 }));
  }
  const fixes = files.reduce((n, f) => n + f.fixes, 0);
  if (fixes > 0) {
    const what = `${fixes} problem${fixes === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`;
    opts.io.stderr(opts.dryRun ? `flowc: --fix would fix ${what}; the diagnostics shown are those that would remain\n` : `flowc: fixed ${what}: ${files.map((f) => f.doc.path).join(', ')}\n`);
  } else if (!opts.dryRun) {
    opts.io.stderr('flowc: nothing to fix\n');
  }
  return p;
}
