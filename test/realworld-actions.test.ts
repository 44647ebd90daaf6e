/**
 * Issue #16, "Done when": on real PAD scripts — the padframework solutions (fixtures/corpus) and
 * the public scripts under fixtures/realworld — FC008 fires only for names that are really not PAD
 * actions (misspellings, hand edits), and PAD's own actions get no false FC106/FC107.
 *
 * Every FC008 flowc reports there is listed below with the evidence that the name is not a PAD
 * action; an FC008 not listed (a real action the catalog lacks) fails the test, and so does a
 * listed one that no longer fires (the list must stay the truth). The same for FC106/FC107.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { lookupAction } from '../src/catalog/actions.js';
import { locate } from '../src/diagnostics/located.js';
import { runPipeline } from '../src/engine/pipeline.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ONTO_IQ = 'fixtures/realworld/Onto-IQ__power-automate-desktop/modules';

interface NotAnAction {
  /** The file (or `solution.zip:flow`) the name is in. */
  where: string;
  action: string;
  /** The help FC008 gives: the real action. */
  help: string;
  why: string;
}

const NOT_PAD_ACTIONS: readonly NotAnAction[] = [
  {
    where: `${ONTO_IQ}/01b-notepad/scripts/01b_notepad.robin`,
    action: 'UIAutomation.PopulateTextField.SimulatePopulateTextField',
    help: "did you mean 'UIAutomation.PopulateTextField.PopulateTextField'?",
    why:
      'a hand-written lab script (MANIFEST: designerText false); "Populate text field in window" is ' +
      'UIAutomation.PopulateTextField.PopulateTextField in the same repository\'s other labs (01-record-replay, ' +
      '07-contoso-invoice-ops) and in other public PAD scripts; this variant is in no designer-copied script, ' +
      'only in the repository\'s own lint allow-list',
  },
  {
    where: `${ONTO_IQ}/10-capstone-sales-ops/scripts/10-capstone-sales-ops.robin`,
    action: 'Excel.LaunchExcel.LaunchNewDocument',
    help: "did you mean 'Excel.LaunchExcel.Launch'?",
    why:
      'a hand-written lab script (MANIFEST: designerText false); "Launch Excel" with a blank document is ' +
      'Excel.LaunchExcel.Launch (so written in the same repository\'s 07-contoso-invoice-ops and in other ' +
      'public PAD scripts), opening a file is Excel.LaunchExcel.LaunchAndOpen; LaunchNewDocument is in no ' +
      'designer-copied script, only in the repository\'s own lint allow-list',
  },
];

interface ParameterFinding {
  where: string;
  rule: 'FC106' | 'FC107';
  severity: 'error' | 'warning' | 'info';
  message: string;
  why: string;
}

/** FC106/FC107 that are true of the real scripts (none so far). */
const REAL_PARAMETER_FINDINGS: readonly ParameterFinding[] = [];

function walk(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const full = path.join(dir, n);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

interface Finding {
  where: string;
  rule: string;
  severity: string;
  message: string;
  help?: string;
}

let findings: Finding[] = [];
let scripts = 0;

beforeAll(async () => {
  const zips = walk(path.join(repoRoot, 'fixtures/corpus')).filter((f) => f.endsWith('.zip'));
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'fixtures/realworld/MANIFEST.json'), 'utf8')) as { repositories: { folder: string }[] };
  expect(zips.length).toBeGreaterThan(0);
  expect(manifest.repositories.length).toBeGreaterThan(3);
  findings = [];
  // Each solution, and each public repository as a user checks it (`flowc check <folder>`: flowc
  // finds its scripts and flow folders and skips its notes), with no config.
  const inputs = [
    ...zips.map((f) => path.relative(repoRoot, f).split(path.sep).join('/')),
    ...manifest.repositories.map((r) => `fixtures/realworld/${r.folder}`),
  ];
  for (const input of inputs) {
    const p = await runPipeline({ paths: [input], cwd: repoRoot, noConfig: true, keepIr: false });
    scripts += p.results.reduce((n, r) => n + (r.doc.members?.length ?? 1), 0);
    const located = locate(
      p.results.map((r) => ({ doc: r.doc, diagnostics: r.diagnostics })),
      p.analyses.map((a) => a.doc),
    );
    for (const d of located) {
      const where = input.endsWith('.zip') ? `${input}:${d.flow ?? ''}` : d.file;
      findings.push({ where, rule: d.rule, severity: d.severity, message: d.message, ...(d.help ? { help: d.help } : {}) });
    }
  }
}, 180_000);

describe('real scripts and the action catalog (issue #16)', () => {
  it('checks every real script', () => {
    expect(scripts).toBeGreaterThan(40);
  });

  it('reports FC008 only for the names listed here as not PAD actions', () => {
    const seen = [
      ...new Set(
        findings
          .filter((f) => f.rule === 'FC008')
          .map((f) => JSON.stringify([f.where, /unknown action '([^']+)'/.exec(f.message)?.[1] ?? f.message, f.help ?? ''])),
      ),
    ].sort();
    const listed = NOT_PAD_ACTIONS.map((n) => JSON.stringify([n.where, n.action, n.help])).sort();
    expect(seen).toEqual(listed);
  });

  it('lists names the catalog does not have, each with a reason', () => {
    for (const n of NOT_PAD_ACTIONS) {
      expect(lookupAction(n.action), n.action).toBeUndefined();
      expect(n.why.length, n.action).toBeGreaterThan(40);
      // The real action FC008 points to is one the catalog knows.
      const suggested = /'([^']+)'/.exec(n.help)?.[1] ?? '';
      expect(lookupAction(suggested), suggested).toBeDefined();
    }
  });

  it('reports FC106/FC107 only where the script is really wrong (none on these scripts)', () => {
    const seen = findings
      .filter((f) => f.rule === 'FC106' || f.rule === 'FC107')
      .map((f) => `${f.where}: ${f.rule} ${f.severity} ${f.message}`)
      .sort();
    expect(seen).toEqual(REAL_PARAMETER_FINDINGS.map((f) => `${f.where}: ${f.rule} ${f.severity} ${f.message}`).sort());
  });
});
