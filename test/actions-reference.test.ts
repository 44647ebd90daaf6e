import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocsPage, REPO_ROOT, STATEMENT_ANCHORS } from '../scripts/gen-actions.js';
import { lookupAction } from '../src/catalog/actions.js';

/**
 * The excerpts of Microsoft's actions reference in data/pad-actions/reference/ are copied by hand
 * (see data/pad-actions/PROVENANCE.md): these checks catch a row copied with a cell too many or
 * too few, a Description column left in, or an action heading the generator cannot read.
 */
const DIR = path.join(REPO_ROOT, 'data/pad-actions/reference');
const pages = readdirSync(DIR)
  .filter((n) => n.endsWith('.md'))
  .sort()
  .map((n) => ({ page: n.slice(0, -3), text: readFileSync(path.join(DIR, n), 'utf8') }));

function cells(row: string): string[] {
  // Cells are split on `|` outside markdown links (no excerpt has a `|` inside a cell).
  return row.replace(/^\|/, '').replace(/\|\s*$/, '').split('|');
}

describe('actions reference excerpts', () => {
  it('has the pages', () => {
    expect(pages.map((p) => p.page)).toEqual(expect.arrayContaining(['excel', 'mouseandkeyboard', 'uiautomation', 'web', 'webautomation']));
  });

  for (const { page, text } of pages) {
    it(`${page}.md: tables keep the kept columns only, each row whole`, () => {
      // A table row may be indented by up to three spaces, as in Markdown.
      const lines = text.split(/\r?\n/).map((l) => l.replace(/^ {1,3}\|/, '|'));
      for (let i = 0; i < lines.length; i++) {
        const header = lines[i]!;
        if (!header.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
        expect(header, `${page}.md:${i + 1}`).not.toMatch(/\|\s*Description\s*\|/i);
        const width = cells(header).length;
        expect([2, 4], `${page}.md:${i + 1}: ${header}`).toContain(width);
        expect(header, `${page}.md:${i + 1}`).toMatch(width === 4 ? /^\|Argument\|Optional\|Accepts\|Default Value\|$/ : /^\|Argument\|Type\|$/);
        for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++) {
          expect(cells(lines[j]!).length, `${page}.md:${j + 1}: ${lines[j]}`).toBe(width);
          if (width === 4 && j > i + 1) expect(['No', 'Yes', 'N/A'], `${page}.md:${j + 1}`).toContain(cells(lines[j]!)[1]);
        }
      }
    });

    it(`${page}.md: every action heading with an anchor is read by the generator, once`, () => {
      const parsed = parseDocsPage(page, text);
      const anchored = text
        .split(/\r?\n/)
        .map((l) => /^#{2,3} <a name="([^"]+)"><\/a>/.exec(l)?.[1])
        .filter((a): a is string => !!a && !a.endsWith('_onerror') && !STATEMENT_ANCHORS[page]?.includes(a));
      expect(parsed.actions.map((a) => a.anchor).filter((a) => anchored.includes(a))).toEqual(anchored);
      const anchors = parsed.actions.map((a) => a.anchor);
      expect(new Set(anchors).size).toBe(anchors.length);
      for (const a of parsed.actions) {
        expect(a.title, a.anchor).not.toBe('');
        // A malformed `<a name>` would be read as a heading without anchor.
        expect(`${a.anchor} ${a.title}`, a.anchor).not.toMatch(/[<>"]/);
      }
    });
  }

  it('gives the documented required arguments of UI automation, browser automation, Excel and HTTP actions', () => {
    expect(lookupAction('Excel.WriteToExcel.WriteCell')?.params.filter((p) => p.required).map((p) => p.name).sort()).toEqual(['Column', 'Instance', 'Row', 'Value']);
    expect(lookupAction('WebAutomation.LaunchChrome.AttachToChromeByTitle')?.params.find((p) => p.name === 'TabTitle')?.required).toBe(true);
    expect(lookupAction('UIAutomation.CloseWindow.CloseByInstanceOrHandle')?.params.find((p) => p.name === 'WindowInstance')?.required).toBe(true);
    expect(lookupAction('MouseAndKeyboard.SendKeys.FocusAndSendKeys')?.params.find((p) => p.name === 'TextToSend')?.required).toBe(true);
    expect(lookupAction('Web.InvokeWebService.InvokeWebService')?.doc).toMatch(/web#invokewebservicebase$/);
    // Documented actions no script in the repository shows are known by their anchor.
    expect(lookupAction('UIAutomation.ExtractDataFromTable')?.nameFromDocs).toBe(true);
    expect(lookupAction('Excel.GetEmptyCellFromExcel')?.outputs.map((o) => o.name)).toEqual(['EmptyCellColumnIndex', 'EmptyCellRowIndex', 'EmptyCells']);
  });
});
