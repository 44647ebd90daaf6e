/**
 * A writer process for test/atomic-output.test.ts to kill: reads `{ outDir, files }` (JSON) from
 * the file named by argv[2] and writes the files through the real atomic writer, announcing each
 * step on stderr (`flowc: test: <phase> <i>/<n> <name>`) and pausing after it so the test can
 * SIGKILL it there. The pause lives here, in the test, not in the shipped CLI.
 */
import { readFileSync } from 'node:fs';
import { writeFilesAtomically, type OutputFile } from '../../src/outputs/atomic-writer.js';

const { outDir, files, delayMs } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { outDir: string; files: OutputFile[]; delayMs: number };
await writeFilesAtomically(outDir, files, undefined, {
  onStep: async (s) => {
    process.stderr.write(`flowc: test: ${s.phase} ${s.index + 1}/${s.count} ${s.name}\n`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  },
});
