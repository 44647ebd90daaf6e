/**
 * Generates PAD's action catalog, src/catalog/actions.generated.json, from three public sources,
 * and records with each entry (and each argument) which source says what:
 *
 * - `docs`: Microsoft's desktop-flow actions reference (data/pad-actions/reference/<module>.md,
 *   from MicrosoftDocs/power-automate-docs, CC BY 4.0, see data/pad-actions/PROVENANCE.md). It gives
 *   each action's anchor (its documentation link), title and summary, the designer names of its
 *   arguments with "Optional: No" for the required ones, and the script names of its outputs
 *   ("Variables produced"). It never gives the script names of arguments.
 * - script names (data/pad-actions/script-names.json): the script names and PAD types of actions,
 *   arguments and outputs as established from the Robin action knowledge base (`kb`), the
 *   padframework solutions (`corpus`) and other public scripts (`public`).
 * - `observed`: the action lines of real scripts in the repository (the solutions under
 *   fixtures/corpus/, the public scripts under fixtures/realworld/), parsed with flowc's parser.
 *
 * How they combine:
 * - An action's name comes from script names or observation; a docs anchor is matched to it by
 *   name (`readtextfromfile` ↔ `File.ReadTextFromFile.*`; `…base`/`…action` suffixes dropped).
 *   A documented action no script shows keeps its anchor as name (`nameFromDocs`), matched
 *   case-insensitively: flowc knows it exists but not its argument names.
 * - A designer argument name is mapped to a script name when their letters agree (`If file exists`
 *   ↔ `IfFileExists`) or, failing that, when exactly one script name no row names by its letters
 *   is contained in it (`File path` ↔ `File`), or by shared words (a guess: never required). The argument is `required` when the docs say "Optional: No", the row's
 *   designer name is not repeated in the table (a repeated row belongs to one mode of the action),
 *   the row gives no default value (`hasDefault`: PAD fills the argument with it), the label was
 *   mapped by letters (a match by shared words is a guess), and no observed script line leaves it out.
 * - Arguments and actions only observed are added with source `observed` and `complete: false`
 *   (flowc is unsure what else they take). An observed action is kept when its module is a PAD
 *   module and it was seen in two scripts, matches a docs anchor, or is not a near-miss of an
 *   action the module already has (one hand-edited `ReadTxt` line does not make an action).
 *
 *   npx tsx scripts/gen-actions.ts          write the catalog
 *   npx tsx scripts/gen-actions.ts --check  exit 1 and say what differs if the committed one is stale
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlow } from '../src/syntax/parse.js';
import { closest } from '../src/util/suggest.js';
import { readSolution } from '../src/inputs/solution.js';
import { decodeText } from '../src/inputs/text.js';
import { InputError } from '../src/inputs/errors.js';
import { forEachFlowStatement, statementActions } from '../src/analysis/walk.js';
import type {
  ActionKind,
  ActionSource,
  GeneratedActionCatalog,
  GeneratedAction,
  GeneratedModule,
  OutputSpec,
  ParamSpec,
  ValueType,
} from '../src/catalog/actions.data.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ACTIONS_CATALOG_PATH = path.join(REPO_ROOT, 'src/catalog/actions.generated.json');
const REFERENCE_DIR = path.join(REPO_ROOT, 'data/pad-actions/reference');
const SCRIPT_NAMES_PATH = path.join(REPO_ROOT, 'data/pad-actions/script-names.json');
const OBSERVED_DIRS = ['fixtures/corpus', 'fixtures/realworld'];
const LEARN = 'https://learn.microsoft.com/en-us/power-automate/desktop-flows/actions-reference/';

/** Page (file name without .md) → script module name, for pages whose title differs. */
const PAGE_MODULE: Readonly<Record<string, string>> = {
  access: 'Access',
  activedirectory: 'ActiveDirectory',
  // The page's group; no source at hand shows this module in a script.
  aibuilder: 'AIBuilder',
  aws: 'AWS',
  azure: 'Azure',
  clipboard: 'Clipboard',
  cmd: 'Cmd',
  compression: 'Compression',
  cryptography: 'Cryptography',
  cyberark: 'CyberArk',
  database: 'Database',
  datetime: 'DateTime',
  display: 'Display',
  email: 'Email',
  excel: 'Excel',
  exchange: 'Exchange',
  file: 'File',
  flowcontrol: 'FlowControl',
  folder: 'Folder',
  ftp: 'FTP',
  googlecognitive: 'GoogleCognitive',
  ibmcognitive: 'IBMCognitive',
  logging: 'Logging',
  loops: 'Loops',
  microsoftcognitive: 'MicrosoftCognitive',
  mouseandkeyboard: 'MouseAndKeyboard',
  ocr: 'OCR',
  outlook: 'Outlook',
  pdf: 'Pdf',
  pgp: 'PGP',
  powerautomateenvironment: 'PowerAutomateEnvironment',
  powerautomatesecretvariables: 'PowerAutomateSecretVariables',
  runflow: 'External',
  sap: 'SAP',
  scripting: 'Scripting',
  services: 'Services',
  system: 'System',
  terminalemulation: 'TerminalEmulation',
  testing: 'Testing',
  text: 'Text',
  triggers: 'Triggers',
  uiautomation: 'UIAutomation',
  variables: 'Variables',
  web: 'Web',
  webautomation: 'WebAutomation',
  word: 'Word',
  workqueues: 'WorkQueues',
  workstation: 'Workstation',
  xml: 'XML',
};

/**
 * Documented actions a script writes as a statement of the language (grammar/grammar.ebnf), not as
 * a `Module.Action` line: page → anchors. They are not catalog entries (no `FlowControl.goto`).
 * Flow control: `#` or a block comment (comment), `END`, `**ENDREGION`, `EXIT FUNCTION`, `ERROR =>` (get last
 * error), `GOTO`, `LABEL`, `BLOCK … ON BLOCK ERROR` (block), `**REGION`, `CALL` (callfunction),
 * `EXIT` (stop flow), `WAIT`; loops: `EXIT LOOP` (break), `LOOP FOREACH`, `LOOP`, `LOOP WHILE`,
 * `NEXT LOOP` (continue); variables: `SET … TO` (assign).
 */
export const STATEMENT_ANCHORS: Readonly<Record<string, readonly string[]>> = {
  flowcontrol: ['block', 'callfunction', 'comment', 'end', 'endregion', 'exit', 'exitfunction', 'getlasterror', 'goto', 'label', 'region', 'wait'],
  loops: ['break', 'continue', 'foreach', 'loop', 'while'],
  variables: ['assign'],
};

// ---------------------------------------------------------------------------------------------
// Docs

export interface DocsParam {
  label: string;
  /** "No" in the Optional column. */
  required: boolean;
  accepts: string;
  default: string;
  /** The label appears more than once in the table (one row per mode of the action). */
  repeated: boolean;
}

export interface DocsAction {
  anchor: string;
  title: string;
  summary: string;
  params: DocsParam[];
  outputs: { name: string; type: string }[];
}

export interface DocsPage {
  page: string;
  module: string;
  title: string;
  actions: DocsAction[];
}

/** Markdown link text and code spans only: `[Text value](../x.md#y)` → `Text value`, `` `Result` `` → `Result`. */
function unlink(cell: string): string {
  return cell
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .trim();
}

function tableRows(lines: readonly string[], from: number): { rows: string[][]; next: number } {
  const rows: string[][] = [];
  let i = from;
  // Header and separator; a row may be indented (Markdown still reads it as a row).
  const isRow = (line: string | undefined): boolean => line?.trimStart().startsWith('|') ?? false;
  if (!isRow(lines[i]) || !isRow(lines[i + 1])) return { rows, next: from };
  i += 2;
  for (; i < lines.length && isRow(lines[i]); i++) {
    const cells = lines[i]!.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map(unlink);
    rows.push(cells);
  }
  return { rows, next: i };
}

/** Parses one actions-reference page (old `### <a name>` and current `## <a name>` layouts). */
export function parseDocsPage(page: string, text: string): DocsPage {
  const lines = text.split(/\r?\n/);
  const module = PAGE_MODULE[page] ?? page;
  const h1 = lines.find((l) => /^# /.test(l));
  const actions: DocsAction[] = [];
  let current: DocsAction | undefined;
  let section: 'params' | 'outputs' | undefined;
  /** Actions from headings without anchor that no parameter or variable section has confirmed yet. */
  const untitled = new Set<DocsAction>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^#{2,3} <a name="([^"]+)"><\/a>\s*(.+)$/.exec(line);
    if (heading && !heading[1]!.endsWith('_onerror')) {
      if (STATEMENT_ANCHORS[page]?.includes(heading[1]!)) {
        current = undefined;
      } else {
        current = { anchor: heading[1]!, title: heading[2]!.trim(), summary: '', params: [], outputs: [] };
        actions.push(current);
      }
      section = undefined;
      continue;
    }
    // A heading without anchor: an action only if an "Input parameters" or "Variables produced"
    // section follows (`## Throw custom error`), else a part of the page (`## Known limitations`).
    // Its anchor is the one Learn makes from the title (`throw-custom-error`).
    if (/^## /.test(line)) {
      const title = line.slice(3).trim();
      current = { anchor: title.toLowerCase().replace(/[^a-z0-9 -]/g, '').trim().replace(/ /g, '-'), title, summary: '', params: [], outputs: [] };
      untitled.add(current);
      actions.push(current);
      section = undefined;
      continue;
    }
    if (!current) continue;
    if (/^#{3,5} .*input parameters/i.test(line)) {
      section = 'params';
      untitled.delete(current);
      continue;
    }
    if (/^#{3,5} .*variables produced/i.test(line)) {
      section = 'outputs';
      untitled.delete(current);
      continue;
    }
    if (/^#{2,5} /.test(line)) {
      section = undefined;
      continue;
    }
    if (!current.summary && section === undefined && line.trim() && !line.startsWith('|') && !line.startsWith(':::') && !line.startsWith('>')) {
      current.summary = line.trim();
      continue;
    }
    if (line.startsWith('|') && section) {
      const { rows, next } = tableRows(lines, i);
      i = next - 1;
      if (section === 'params') {
        const counts = new Map<string, number>();
        for (const r of rows) counts.set(r[0] ?? '', (counts.get(r[0] ?? '') ?? 0) + 1);
        for (const r of rows) {
          const label = r[0] ?? '';
          if (!label) continue;
          current.params.push({
            label,
            required: (r[1] ?? '').toLowerCase() === 'no',
            accepts: r[2] ?? '',
            default: r[3] ?? '',
            repeated: (counts.get(label) ?? 0) > 1,
          });
        }
      } else {
        for (const r of rows) if (r[0]) current.outputs.push({ name: r[0], type: r[1] ?? '' });
      }
      section = undefined;
    }
  }
  return { page, module, title: h1 ? h1.slice(2).trim() : module, actions: actions.filter((a) => !untitled.has(a)) };
}

export function readDocsPages(dir = REFERENCE_DIR): DocsPage[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
  } catch {
    return [];
  }
  return names.map((n) => parseDocsPage(n.slice(0, -3), readFileSync(path.join(dir, n), 'utf8')));
}

// ---------------------------------------------------------------------------------------------
// Script names

interface ScriptNamesFile {
  modules: string[];
  enumTypes: string[];
  actions: {
    name: string;
    kind: ActionKind;
    sources: ActionSource[];
    complete: boolean;
    dynamic?: boolean;
    params: Omit<ParamSpec, 'source'>[];
    outputs: OutputSpec[];
  }[];
}

// ---------------------------------------------------------------------------------------------
// Observed scripts

export interface Observation {
  /** Full action name as written. */
  name: string;
  /** Argument names of each line (one set per line). */
  lines: string[][];
  outputs: Set<string>;
  files: Set<string>;
  /** Seen in text the PAD designer wrote (a solution, or a public script marked `designerText`). */
  designer?: boolean;
}

function walkFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    const full = path.join(dir, n);
    if (statSync(full).isDirectory()) out.push(...walkFiles(full));
    else out.push(full);
  }
  return out;
}

export function observeScript(text: string, file: string, into: Map<string, Observation>, designer = false): void {
  const { flow } = parseFlow(text);
  forEachFlowStatement(flow, (s) => {
    for (const a of statementActions(s)) {
      const name = a.name.value;
      if (!name || !/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*){1,2}$/.test(name)) continue;
      let o = into.get(name);
      if (!o) {
        o = { name, lines: [], outputs: new Set(), files: new Set() };
        into.set(name, o);
      }
      o.lines.push(a.params.map((p) => p.name.value));
      for (const out of a.outputs) o.outputs.add(out.name.value);
      o.files.add(file);
      if (designer) o.designer = true;
    }
  });
}

interface RealworldManifest {
  repositories: { folder: string; designerText: boolean; files?: string[]; skipped?: string[]; encoding?: string }[];
}

/** Every action line of the real scripts in the repository. */
export async function readObservations(): Promise<Map<string, Observation>> {
  const out = new Map<string, Observation>();
  // fixtures/realworld/MANIFEST.json: which repositories hold the designer's own text, which files are notes.
  let manifest: RealworldManifest = { repositories: [] };
  try {
    manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures/realworld/MANIFEST.json'), 'utf8')) as RealworldManifest;
  } catch {
    /* no manifest: every script counts as hand-written */
  }
  const repoOf = (where: string) => manifest.repositories.find((r) => where.startsWith(`fixtures/realworld/${r.folder}/`));
  for (const rel of OBSERVED_DIRS) {
    for (const file of walkFiles(path.join(REPO_ROOT, rel))) {
      const where = path.relative(REPO_ROOT, file).split(path.sep).join('/');
      if (/\.zip$/i.test(file)) {
        const solution = await readSolution(file);
        for (const f of solution.flows) observeScript(f.definition, `${where}:${f.name}`, out, true);
      } else {
        const repo = repoOf(where);
        const inRepo = repo ? where.slice(`fixtures/realworld/${repo.folder}/`.length) : '';
        // A script file: .txt/.flow/.robin, or a file without an extension that the manifest lists as one of the
        // repository's files (bigale/tradestation_power_automate names each subflow's file after the subflow).
        const extensionless = path.extname(file) === '' && repo?.files?.includes(inRepo) === true;
        if (!/\.(txt|flow|robin)$/i.test(file) && !extensionless) continue;
        if (repo?.skipped?.includes(inRepo)) continue;
        // Decoded as flowc reads them: UTF-8, or UTF-16 with a byte-order mark (haballa/PushToRemoteRepository), or
        // the code page the manifest names, as a user passes it with --encoding (t0k6/PAD-capture-webpage: shift_jis).
        // A file flowc cannot read (`flowc check` reports FC010) shows no action.
        let text: string;
        try {
          text = decodeText(readFileSync(file), where, undefined, repo?.encoding);
        } catch (e) {
          if (e instanceof InputError) continue;
          throw e;
        }
        observeScript(text, where, out, repo?.designerText ?? false);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Combining

function norm(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * `getsubtextbase` → `getsubtext`; `convertfiletobinaryaction` → `convertfiletobinary`; a
 * transaction is no suffix (`endtransaction` stays).
 */
function anchorKey(anchor: string): string {
  return norm(anchor).replace(/(base|(?<!trans)action)$/, '');
}

const STOP_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'to', 'of', 'by', 'for', 'in', 'into', 'on', 'with', 'is', 'and', 'or']);

/** Words of a designer label or a script name, singular, without stop words. */
function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP_WORDS.has(w))
    .map((w) => (w.length > 3 ? w.replace(/s$/, '') : w));
}

/**
 * The script argument a designer label names, or undefined when unsure: the same letters
 * (`If file exists` ↔ `IfFileExists`); else the one longest script name contained in the label
 * (`File path` ↔ `File`); else the one script name sharing most words with it
 * (`Service to start` ↔ `ServiceName`).
 */
export function mapLabel(label: string, scriptNames: readonly string[], byWords = true): string | undefined {
  const l = norm(label);
  const exact = scriptNames.filter((n) => norm(n) === l);
  if (exact.length === 1) return exact[0];
  const contained = scriptNames.filter((n) => norm(n).length >= 3 && l.includes(norm(n)));
  if (contained.length > 0) {
    const longest = Math.max(...contained.map((n) => norm(n).length));
    const best = contained.filter((n) => norm(n).length === longest);
    return best.length === 1 ? best[0] : undefined;
  }
  if (!byWords) return undefined;
  const lw = new Set(words(label));
  const scored = scriptNames.map((n) => ({ n, score: words(n).filter((w) => lw.has(w)).length }));
  const top = Math.max(0, ...scored.map((x) => x.score));
  if (top === 0) return undefined;
  const best = scored.filter((x) => x.score === top);
  return best.length === 1 ? best[0]!.n : undefined;
}

/**
 * Whether a docs row gives a default value: the "Default Value" cell holds a value the "Accepts"
 * cell allows (one of the listed choices, a number for a numeric argument, `True`/`False` for a
 * Boolean, any text for a text argument, anything when the list of choices is shortened with
 * `…`). The designer fills such a field with its default, and PAD uses the default when a script
 * leaves the argument out (a script written before the argument existed does), so an argument
 * with a default is never required even when the row says "Optional: No" (`Timeout` of Launch new
 * Chrome, default 60). An empty cell, `N/A` or `None` is no default, and neither is a sentence in
 * the cell of an argument that takes no text (word.md's "Word instance": "The Word instance to
 * work with").
 */
export function hasDefault(row: Pick<DocsParam, 'accepts' | 'default'>): boolean {
  const value = row.default.trim();
  if (!value || /^(n\/a|none|-|—)$/i.test(value)) return false;
  if (/…|\.\.\.\s*$/.test(row.accepts)) return true;
  const choices = row.accepts
    .split(/,|\/|\bor\b/)
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean);
  const v = value.toLowerCase();
  return choices.some(
    (c) =>
      c === v ||
      /^(text|general)( value)?$/.test(c) ||
      (/^(numeric value|number)$/.test(c) && /^-?\d+(\.\d+)?$/.test(value)) ||
      (/^boolean( value)?$/.test(c) && /^(true|false)$/.test(v)),
  );
}

const DOC_TYPES: ReadonlyArray<[RegExp, ValueType]> = [
  [/^text( value)?$/i, 'Text'],
  [/^numeric value$/i, 'Numeric'],
  [/^boolean( value)?$/i, 'Boolean'],
  [/^datatable$/i, 'Datatable'],
  [/^data ?row$/i, 'DataRow'],
  [/^custom object$/i, 'CustomObject'],
  [/^file$/i, 'File'],
  [/^folder$/i, 'Folder'],
  [/^datetime$/i, 'Datetime'],
  [/^binary data$/i, 'BinaryData'],
  [/^list of /i, 'List'],
];

function docType(type: string): ValueType {
  for (const [re, t] of DOC_TYPES) if (re.test(type.trim())) return t;
  return 'Any';
}

function moduleOf(name: string): string {
  return name.split('.')[0] ?? '';
}

function sortedUnique<T extends string>(xs: Iterable<T>): T[] {
  return [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function buildActionCatalog(
  scriptNames: ScriptNamesFile,
  pages: readonly DocsPage[],
  observed: ReadonlyMap<string, Observation>,
): GeneratedActionCatalog {
  const knownModules = new Set([...scriptNames.modules, ...pages.map((p) => p.module)]);
  const byModule = new Map<string, DocsPage>(pages.map((p) => [p.module, p]));
  const actions = new Map<string, GeneratedAction>();

  for (const a of scriptNames.actions) {
    actions.set(a.name, {
      name: a.name,
      kind: a.kind,
      params: a.params.map((p) => ({ ...p, source: 'script-names' })),
      outputs: a.outputs.map((o) => ({ ...o })),
      complete: a.complete,
      ...(a.dynamic ? { dynamic: true } : {}),
      sources: [...a.sources],
    });
  }

  // Observed actions (kept when their module is PAD's and the evidence is enough).
  const docsAnchors = new Map<string, Set<string>>();
  for (const p of pages) docsAnchors.set(p.module, new Set(p.actions.map((x) => anchorKey(x.anchor))));
  for (const o of [...observed.values()].sort((x, y) => (x.name < y.name ? -1 : 1))) {
    const existing = actions.get(o.name) ?? lookupShort(actions, o.name);
    if (existing) {
      if (!existing.sources.includes('observed')) existing.sources.push('observed');
      // Arguments real scripts give that the entry lacks.
      const names = new Set(existing.params.map((p) => p.name.toLowerCase()));
      for (const arg of sortedUnique(o.lines.flat())) {
        if (names.has(arg.toLowerCase())) continue;
        existing.params.push({ name: arg, type: 'Any', source: 'observed' });
        names.add(arg.toLowerCase());
      }
      const outs = new Set(existing.outputs.map((x) => x.name.toLowerCase()));
      for (const out of sortedUnique(o.outputs)) {
        if (!outs.has(out.toLowerCase())) existing.outputs.push({ name: out, type: 'Any' });
      }
      continue;
    }
    const module = moduleOf(o.name);
    if (!knownModules.has(module)) continue;
    const actionKey = anchorKey(o.name.split('.')[1] ?? '');
    // A documented action whose script forms are already known: a new variant is no evidence.
    const prefix = `${module}.${o.name.split('.')[1] ?? ''}`.toLowerCase();
    const formsKnown = [...actions.keys()].some((n) => n.toLowerCase() === prefix || n.toLowerCase().startsWith(`${prefix}.`));
    const documented = !formsKnown && (docsAnchors.get(module)?.has(actionKey) ?? false);
    // One line in one hand-written script could be a hand edit: keep it only when it is not a
    // near-miss of an action the module already has (`ReadTxt` next to `ReadText` is a misspelling,
    // not an action). What the designer wrote (a solution, designer text) names a real action.
    if (!documented && o.files.size < 2 && !o.designer) {
      const rest = o.name.slice(module.length + 1);
      // Siblings another source knows, or seen in two scripts (not one the designer wrote once: a
      // one-off `CloseAndSaveAs` is no misspelling of a one-off `CloseAndSave`).
      const established = (a: GeneratedAction): boolean => a.sources.some((x) => x !== 'observed') || (observed.get(a.name)?.files.size ?? 0) >= 2;
      const siblings = [...actions.values()].filter((a) => moduleOf(a.name) === module && established(a)).map((a) => a.name.slice(module.length + 1));
      if (closest(rest, siblings)) continue;
    }
    actions.set(o.name, {
      name: o.name,
      kind: 'action',
      params: sortedUnique(o.lines.flat()).map((n) => ({ name: n, type: 'Any' as ValueType, source: 'observed' })),
      outputs: sortedUnique(o.outputs).map((n) => ({ name: n, type: 'Any' as ValueType })),
      complete: false,
      sources: ['observed'],
    });
  }

  // Docs: links, titles, required arguments; documented actions no script shows.
  // First, which script actions their own module's page documents, under which title
  // (`Database.Close`: database.md#close, "Close SQL connection"): another page's heading of the
  // same name and another title ("Close CMD session") is not about them.
  const ownDocumented = new Map<string, string>();
  for (const page of pages) {
    for (const d of page.actions) {
      const key = anchorKey(d.anchor);
      for (const a of actions.values()) {
        if (!a.nameFromDocs && moduleOf(a.name) === page.module && anchorKey(a.name.split('.')[1] ?? '') === key) ownDocumented.set(a.name, d.title);
      }
    }
  }
  for (const page of pages) {
    const moduleActions = [...actions.values()].filter((a) => moduleOf(a.name) === page.module);
    for (const d of page.actions) {
      const key = anchorKey(d.anchor);
      // Both sides without a `…Action` suffix: `waitfortriggeraction` ↔ `Triggers.WaitForTriggerAction.*`.
      let matched = moduleActions.filter((a) => anchorKey(a.name.split('.')[1] ?? '') === key);
      const doc = `${LEARN}${page.page}#${d.anchor}`;
      if (matched.length === 0) {
        // A page's group can hold actions of other script modules (system.md's "Run PowerShell
        // script" is Scripting.RunPowershellScript, its "Take screenshot" Workstation.TakeScreenshot):
        // an action of that name in one other module is the one documented; in several, flowc
        // cannot tell which, and it is not this module's either. An action its own module's page
        // documents under another title is another action (cmd.md's "Close CMD session" is not
        // database.md's "Close SQL connection"): when only such actions share the name, the
        // heading is this module's own action, known by its anchor.
        const elsewhere = [...actions.values()].filter((a) => {
          if (a.nameFromDocs || norm(a.name.split('.')[1] ?? '') !== key) return false;
          const ownTitle = ownDocumented.get(a.name);
          return ownTitle === undefined || ownTitle.toLowerCase() === d.title.toLowerCase();
        });
        const modules = new Set(elsewhere.map((a) => moduleOf(a.name)));
        if (modules.size > 1) continue;
        if (modules.size === 1) {
          matched = elsewhere.filter((a) => !a.sources.includes('docs'));
          if (matched.length === 0) continue;
        }
      }
      if (matched.length === 0) {
        const name = `${page.module}.${anchorKey(d.anchor)}`;
        actions.set(name, {
          name,
          kind: 'action',
          nameFromDocs: true,
          title: d.title,
          summary: d.summary,
          doc,
          params: [],
          outputs: d.outputs.map((o) => ({ name: o.name, type: docType(o.type), ...(/^list of /i.test(o.type) ? { itemType: docType(o.type.replace(/^list of /i, '').replace(/s$/, '')) } : {}) })),
          complete: false,
          sources: ['docs'],
        });
        continue;
      }
      for (const a of matched) {
        a.title = d.title;
        a.summary = d.summary;
        a.doc = doc;
        if (!a.sources.includes('docs')) a.sources.push('docs');
        const scriptParams = a.params.map((p) => p.name);
        const obs = observed.get(a.name);
        const labels = new Map<string, DocsParam>();
        const claim = (row: DocsParam, name: string): void => {
          const prev = labels.get(name);
          // Two rows on one argument: required only if both say so.
          labels.set(name, prev ? { ...row, required: prev.required && row.required, repeated: true } : row);
        };
        // Letters first; shared words only for rows and arguments nothing else matched. A match
        // by shared words is a guess ("Max web pages to process" ↔ PostProcessData via
        // "process"): it gives the label, never "required" (a wrong guess would be a false FC106).
        // Same letters before containment, so a row naming another argument ("User distinguished
        // name") does not take one a row already names by its letters ("Distinguished name").
        const unmatchedByLetters: DocsParam[] = [];
        for (const row of d.params) {
          const exact = scriptParams.filter((n) => norm(n) === norm(row.label));
          if (exact.length === 1) claim(row, exact[0]!);
          else unmatchedByLetters.push(row);
        }
        const unmatched: DocsParam[] = [];
        for (const row of unmatchedByLetters) {
          const name = mapLabel(row.label, scriptParams.filter((n) => !labels.has(n) || norm(n) !== norm(labels.get(n)!.label)), false);
          if (name) claim(row, name);
          else unmatched.push(row);
        }
        for (const row of unmatched) {
          const name = mapLabel(row.label, scriptParams.filter((n) => !labels.has(n)));
          if (name) claim({ ...row, required: false }, name);
        }
        a.params = a.params.map((p) => {
          const row = labels.get(p.name);
          if (!row) return p;
          const omitted = obs?.lines.some((line) => !line.some((n) => n.toLowerCase() === p.name.toLowerCase())) ?? false;
          const required = row.required && !row.repeated && !omitted && !hasDefault(row);
          return { ...p, label: row.label, ...(required ? { required: true } : {}) };
        });
      }
    }
  }

  const list = [...actions.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const a of list) a.sources = sortedUnique(a.sources);
  const modules: GeneratedModule[] = sortedUnique([...knownModules]).map((name) => {
    const page = byModule.get(name);
    const pageName = page?.page ?? Object.entries(PAGE_MODULE).find(([, m]) => m === name)?.[0];
    return {
      name,
      ...(pageName ? { doc: `${LEARN}${pageName}` } : {}),
      ...(page ? { title: page.title, documented: true } : {}),
    };
  });
  return {
    $comment:
      'Generated by scripts/gen-actions.ts from data/pad-actions (docs excerpts, script names) and the real scripts under fixtures/corpus and fixtures/realworld. Do not edit; run npm run gen.',
    modules,
    enumTypes: sortedUnique(scriptNames.enumTypes),
    actions: list,
  };
}

/** `Module.Action` written without its variant, when exactly one variant is known. */
function lookupShort(actions: ReadonlyMap<string, GeneratedAction>, name: string): GeneratedAction | undefined {
  if (name.split('.').length !== 2) return undefined;
  const variants = [...actions.values()].filter((a) => a.name.startsWith(`${name}.`));
  return variants.length === 1 ? variants[0] : undefined;
}

export async function generateActionCatalog(): Promise<string> {
  const scriptNames = JSON.parse(readFileSync(SCRIPT_NAMES_PATH, 'utf8')) as ScriptNamesFile;
  const catalog = buildActionCatalog(scriptNames, readDocsPages(), await readObservations());
  return `${JSON.stringify(catalog, null, 1)}\n`;
}

async function main(): Promise<void> {
  const text = await generateActionCatalog();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(ACTIONS_CATALOG_PATH, 'utf8');
    } catch {
      /* missing */
    }
    if (current !== text) {
      process.stderr.write('src/catalog/actions.generated.json is stale: run npm run gen\n');
      process.exit(1);
    }
    return;
  }
  writeFileSync(ACTIONS_CATALOG_PATH, text);
  const data = JSON.parse(text) as GeneratedActionCatalog;
  const required = data.actions.reduce((n, a) => n + a.params.filter((p) => p.required).length, 0);
  process.stdout.write(`${data.actions.length} actions in ${data.modules.length} modules (${required} required arguments) → ${path.relative(REPO_ROOT, ACTIONS_CATALOG_PATH)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
