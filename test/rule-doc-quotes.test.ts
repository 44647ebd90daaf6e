/**
 * Every rule's page says which sentence of Power Automate's documentation the rule enforces: a
 * `## Documentation` section with the sentence quoted and a link to its page on
 * learn.microsoft.com; or, for a rule that enforces no documented sentence (syntax, data flow,
 * flowc's own checks), `None:` and why. The rules built on the connector documentation (FC301–
 * FC309, FC311) must quote it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../src/rules/index.js';
import { parseRuleDoc } from './helpers/rule-docs.js';

const docsDir = path.resolve(import.meta.dirname, '..', 'docs', 'rules');
const MUST_QUOTE = ['FC301', 'FC302', 'FC303', 'FC304', 'FC305', 'FC306', 'FC307', 'FC308', 'FC309', 'FC311'];

describe('rule pages quote the documentation they enforce', () => {
  const seen = new Map<string, string>();
  for (const rule of allRules) {
    it(rule.meta.code, () => {
      const doc = parseRuleDoc(readFileSync(path.join(docsDir, `${rule.meta.code}.md`), 'utf8'));
      const source = doc.documentation;
      expect(source, `${rule.meta.code}.md has a "## Documentation" section`).toBeDefined();
      if ('none' in source!) {
        expect(MUST_QUOTE, `${rule.meta.code} enforces documented sentences: quote them`).not.toContain(rule.meta.code);
        expect(source.none.length, 'None: says why').toBeGreaterThan(20);
        return;
      }
      expect(source!.quotes.length, 'a blockquote ending with "> — [Title](https://learn.microsoft.com/…)"').toBeGreaterThan(0);
      for (const q of source!.quotes) {
        expect(q.url).toMatch(/^https:\/\/learn\.microsoft\.com\/en-us\/power-(automate|platform)\//);
        expect(q.quote.length).toBeGreaterThan(20);
        // The same page is named the same way everywhere.
        const title = seen.get(q.url);
        if (title !== undefined) expect(q.title).toBe(title);
        else seen.set(q.url, q.title);
      }
    });
  }

  it('the parser tells a quote, a "None:" and a missing section apart', () => {
    const quoted = parseRuleDoc('# FC999 x\n\n## Documentation\n\n> Some sentence of the docs\n> that goes on.\n>\n> — [Page](https://learn.microsoft.com/en-us/power-automate/x)\n\n## Example\n');
    expect(quoted.documentation).toEqual({ quotes: [{ quote: 'Some sentence of the docs that goes on.', title: 'Page', url: 'https://learn.microsoft.com/en-us/power-automate/x' }] });
    expect(parseRuleDoc('# FC999 x\n\n## Documentation\n\nNone: flowc checks this itself.\n').documentation).toEqual({ none: 'flowc checks this itself.' });
    expect(parseRuleDoc('# FC999 x\n\n## Documentation\n\n> A quote without its source.\n').documentation).toEqual({ quotes: [] });
    expect(parseRuleDoc('# FC999 x\n\nText.\n').documentation).toBeUndefined();
  });
});
