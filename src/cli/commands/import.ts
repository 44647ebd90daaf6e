/**
 * `flowc import SOURCE --out-dir DIR [--force]`: a solution zip, an unpacked solution folder or
 * a PAD clipboard text file → one `.flow` file per desktop flow (src/codegen/import.ts). Files
 * are written together or not at all; an existing file with other content is not overwritten
 * unless --force is given.
 */
import path from 'node:path';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { CommonFlags } from '../args.js';
import { displayPath } from '../../inputs/paths.js';
import { conflictingFiles, planImport, readImportSource } from '../../codegen/import.js';
import { solutionConfigFromManifest } from '../../codegen/solution.js';
import { OutputError, writeFilesAtomically } from '../../outputs/atomic-writer.js';

export async function importCommand(positionals: string[], flags: CommonFlags, io: Io): Promise<number> {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'flowc import needs a SOURCE: a solution zip, an unpacked solution folder or a clipboard text file' : 'flowc import takes one SOURCE',
      'e.g. flowc import MySolution.zip --out-dir flows',
    );
  }
  const outFlag = flags['out-dir'];
  if (typeof outFlag !== 'string' || outFlag === '') throw new UsageError('flowc import needs --out-dir DIR', 'e.g. flowc import MySolution.zip --out-dir flows');
  const source = positionals[0]!;
  const outDir = path.resolve(io.cwd, outFlag);

  const input = await readImportSource(source, io.cwd, displayPath(path.resolve(io.cwd, source), io.cwd));
  const files = planImport(input);
  if (files.length === 0) {
    io.stderr(`flowc: ${source}: no desktop flows to import\n`);
    return EXIT_USAGE;
  }
  if (!flags['force']) {
    const conflicts = await conflictingFiles(outDir, files);
    if (conflicts.length) {
      for (const c of conflicts) io.stderr(`flowc: ${displayPath(path.join(outDir, c), io.cwd)} exists with other content\n`);
      io.stderr('help: use --force to overwrite; nothing was written\n');
      return EXIT_USAGE;
    }
  }
  try {
    await writeFilesAtomically(outDir, files);
  } catch (e) {
    if (e instanceof OutputError) {
      io.stderr(`flowc: ${e.message}; nothing was written\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (!flags.quiet) {
    io.stdout(`imported ${files.length} flow${files.length === 1 ? '' : 's'} into ${displayPath(outDir, io.cwd)}\n`);
    for (const f of files) io.stdout(`  ${f.name}\n`);
    if (input.kind === 'solution' && input.solution.solutionXml) {
      const entry = solutionConfigFromManifest(input.solution.solutionXml);
      const json = JSON.stringify({ solutions: [entry] }, null, 2).replace(/\n/g, '\n  ');
      io.stdout(`to build them back into this solution (flowc build --format solution), put in flowc.config.json:\n  ${json}\n`);
    }
  }
  return EXIT_OK;
}
