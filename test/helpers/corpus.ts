/** The real corpus kept in the repository (fixtures/corpus, MIT), and a trusted-zip extractor for tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The two real padframework solutions (see fixtures/corpus/padframework/PROVENANCE.md). */
export const corpusDir = path.join(repoRoot, 'fixtures/corpus/padframework');
/** Connector metadata, the input of scripts/gen-catalog.ts (see data/connectors/PROVENANCE.md). */
export const connectorsDir = path.join(repoRoot, 'data/connectors');
export const MAIN_ZIP = path.join(corpusDir, 'PADFramework_1_1_12501_241.zip');
export const LOCAL_ZIP = path.join(corpusDir, 'PADFramework_LocalConnectors_1_1_12501_241.zip');
export const CORPUS_ZIPS = [MAIN_ZIP, LOCAL_ZIP];

/** Unzips with yauzl (no `unzip` in CI); the corpus zips are trusted. */
export async function extract(zipPath: string, outDir: string): Promise<void> {
  const zip = await yauzl.openPromise(zipPath);
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const target = path.join(outDir, entry.fileName);
      await mkdir(path.dirname(target), { recursive: true });
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      await writeFile(target, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
}
