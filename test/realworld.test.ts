/**
 * The real-world corpus (fixtures/realworld): public PAD scripts laid out as published. For each
 * repository folder, `flowc check <folder>` with no configuration must
 * - find the flows (flow folders and lone clipboard files), skipping READMEs and licences;
 * - report no syntax error (FC001) in text that is exactly what the designer writes;
 * - report no error that is an artefact of the layout: no unknown subflow (FC002) or unassigned
 *   variable (FC005) whose subflow or assignment is in another file of the same folder;
 * - report the counts recorded in fixtures/realworld/README.md (FLOWC_UPDATE_FIXTURES=1 rewrites
 *   them: read the diff before committing).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/pipeline.js';
import { locate } from '../src/diagnostics/located.js';
import { repoRoot } from './helpers/corpus.js';

const root = path.join(repoRoot, 'fixtures', 'realworld');
const readmePath = path.join(root, 'README.md');
const update = process.env['FLOWC_UPDATE_FIXTURES'] === '1';

interface ManifestRepo {
  repository: string;
  folder: string;
  commit: string;
  licence: string;
  designerText: boolean;
  files: string[];
  /** Files of the repository that are not PAD script (notes, links, SQL): flowc must skip them. */
  skipped?: string[];
  /** The code page of files saved in one (t0k6: Shift_JIS), passed as a user passes --encoding. */
  encoding?: string;
}
const manifest = JSON.parse(readFileSync(path.join(root, 'MANIFEST.json'), 'utf8')) as { repositories: ManifestRepo[] };

const COUNTS_START = '<!-- counts:start -->';
const COUNTS_END = '<!-- counts:end -->';

function countsTable(rows: Map<string, string>): string {
  const lines = ['| Folder | Flows | Lines | Errors | Warnings | Infos |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const [, row] of [...rows].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(row);
  return `${COUNTS_START}\n${lines.join('\n')}\n${COUNTS_END}`;
}

const rows = new Map<string, string>();

describe('real-world corpus', () => {
  it('has a licence and every listed file for each repository', () => {
    expect(manifest.repositories.length).toBeGreaterThanOrEqual(7);
    for (const r of manifest.repositories) {
      expect(readFileSync(path.join(root, r.folder, 'LICENSE'), 'utf8').length).toBeGreaterThan(0);
      for (const f of r.files) expect(() => readFileSync(path.join(root, r.folder, f))).not.toThrow();
      expect(readdirSync(root)).toContain(r.folder);
    }
  });

  for (const repo of manifest.repositories) {
    it(`${repo.folder}: no syntax error in designer text, no error caused by the layout`, async () => {
      const folder = path.join('fixtures', 'realworld', repo.folder);
      const p = await runPipeline({ paths: [folder], cwd: repoRoot, noConfig: true, keepIr: false, encoding: repo.encoding });
      expect(p.inputErrors.map((e) => e.message)).toEqual([]);
      const located = locate(
        p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics })),
        p.analyses.map((a) => a.doc),
      );
      // Discovery: every script of the repository is analysed (as a flow, or a file of a flow folder); no README, licence
      // or other note (the manifest's `skipped`) is.
      const shown = new Set(p.results.flatMap((r) => (r.doc.members ? r.doc.members.map((m) => m.path) : [r.doc.path])));
      for (const f of repo.files) {
        const rel = `${folder}/${f}`;
        if (/readme\.md$/i.test(f) || repo.skipped?.includes(f)) expect(shown.has(rel), `${rel} is not a script`).toBe(false);
        else expect(shown.has(rel), `${rel} is a script`).toBe(true);
      }
      // A repository saved in a code page (the manifest's `encoding`) is read whole with it: no file is unreadable.
      if (repo.encoding) expect(located.filter((d) => d.rule === 'FC010').map((d) => `${d.file} ${d.message}`)).toEqual([]);
      if (repo.designerText) expect(located.filter((d) => d.rule === 'FC001').map((d) => `${d.file}:${d.range.start.line} ${d.message}`)).toEqual([]);

      // Layout artefacts: a name the error is about, defined by another file of the same folder.
      for (const d of located.filter((x) => x.rule === 'FC002' || x.rule === 'FC005')) {
        const name = /'([^']+)'/.exec(d.message)?.[1] ?? '';
        const dir = path.join(repoRoot, path.dirname(d.file));
        const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const defines =
          d.rule === 'FC005'
            ? new RegExp(`(^\\s*SET\\s+${escaped}\\s+TO\\b|=>\\s*${escaped}\\b|FOREACH\\s+${escaped}\\s+IN\\b)`, 'im')
            : new RegExp(`^\\s*FUNCTION\\s+'?${escaped}'?\\s`, 'im');
        // A subflow is also defined by a sibling file named after it (`close-edge.txt`, `2-Upload.txt`, `Subflow Upload.txt`).
        const loose = (n: string): string => n.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
        for (const sibling of readdirSync(dir)) {
          if (path.join(dir, sibling) === path.join(repoRoot, d.file)) continue;
          const stem = sibling.replace(/\.[^.]*$/, '');
          expect(d.rule === 'FC002' && name !== '' && loose(stem).endsWith(loose(name)), `${d.file}:${d.range.start.line} ${d.rule} ${d.message}, but ${sibling} is that subflow`).toBe(false);
          let text = '';
          try {
            text = readFileSync(path.join(dir, sibling), 'utf8');
          } catch {
            continue; // a folder
          }
          expect(defines.test(text), `${d.file}:${d.range.start.line} ${d.rule} ${d.message}, but ${sibling} defines it`).toBe(false);
        }
      }

      const lines = p.results.reduce((n, r) => n + (r.doc.members ?? [r.doc]).reduce((k, m) => k + m.text.split('\n').length, 0), 0);
      const count = (s: string): number => located.filter((d) => d.severity === s).length;
      rows.set(repo.folder, `| \`${repo.folder}\` | ${p.results.length} | ${lines} | ${count('error')} | ${count('warning')} | ${count('info')} |`);
    });
  }

  it('records the counts per repository in fixtures/realworld/README.md', () => {
    const readme = readFileSync(readmePath, 'utf8');
    const table = countsTable(rows);
    const start = readme.indexOf(COUNTS_START);
    const end = readme.indexOf(COUNTS_END);
    const current = start >= 0 && end > start ? readme.slice(start, end + COUNTS_END.length) : '';
    if (update && current !== table) {
      writeFileSync(readmePath, start >= 0 ? readme.replace(current, table) : `${readme.trimEnd()}\n\n${table}\n`);
      return;
    }
    expect(current).toBe(table);
  });
});
