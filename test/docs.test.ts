/**
 * Rule docs (docs/rules/<CODE>.md) are tests too: every rule has a page whose title is
 * `# <CODE> <name>`, and whose examples behave as they say. A fenced block whose info string is
 * `flow invalid [file]` must trigger the rule; `flow valid [file]` must not. Other blocks with a
 * file name in their info string (`json flowc.config.json`, `flow child.flow`) are written
 * beside each example (support files).
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../src/engine/index.js';
import { allRules } from '../src/rules/index.js';
import { parseRuleDoc } from './helpers/rule-docs.js';

const docsDir = path.resolve(import.meta.dirname, '..', 'docs', 'rules');

describe('rule docs', () => {
  for (const rule of allRules) {
    const file = path.join(docsDir, `${rule.meta.code}.md`);
    describe(rule.meta.code, () => {
      it('has a doc page with its title and both kinds of example', () => {
        expect(existsSync(file), file).toBe(true);
        const doc = parseRuleDoc(readFileSync(file, 'utf8'));
        expect(doc.title).toBe(`${rule.meta.code} ${rule.meta.name}`);
        expect(doc.examples.some((e) => e.kind === 'invalid')).toBe(true);
        expect(doc.examples.some((e) => e.kind === 'valid')).toBe(true);
      });
      if (!existsSync(file)) return;
      const doc = parseRuleDoc(readFileSync(file, 'utf8'));
      doc.examples.forEach((ex, i) => {
        it(`example ${i + 1} is ${ex.kind}`, async () => {
          const dir = mkdtempSync(path.join(tmpdir(), 'flowc-doc-'));
          try {
            for (const s of doc.support) writeFileSync(path.join(dir, s.file), s.text);
            const name = ex.file ?? 'example.flow';
            if (ex.symlink) symlinkSync(ex.text, path.join(dir, name));
            else writeFileSync(path.join(dir, name), Buffer.from(ex.text, ex.encoding ?? 'utf8'));
            const hasConfig = doc.support.some((s) => s.file === 'flowc.config.json');
            const p = await runPipeline({ paths: [name], cwd: dir, noConfig: !hasConfig, configPath: hasConfig ? path.join(dir, 'flowc.config.json') : undefined });
            const hits = p.results.flatMap((r) => r.diagnostics).filter((d) => d.rule === rule.meta.code);
            if (ex.kind === 'invalid') expect(hits.length, ex.text).toBeGreaterThan(0);
            else expect(hits.map((h) => h.message), ex.text).toEqual([]);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        });
      });
    });
  }
});
