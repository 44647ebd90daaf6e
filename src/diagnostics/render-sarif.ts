/**
 * `--format sarif`: SARIF 2.1.0, one run, as GitHub code scanning takes it. Locations are
 * relative to `%SRCROOT%` (the working folder); `partialFingerprints` hash the rule, the file,
 * the flow, the text of the line and the message — not the line number — so an alert keeps its
 * identity when code moves between commits.
 */
import { createHash } from '../util/crypto.js';
import { pathToFileURL } from 'node:url';
import type { LocatedDiagnostic } from './located.js';
import type { RuleMeta } from '../rules/rule.js';
import { jsonText } from '../util/json-text.js';

export interface SarifOptions {
  /** Absolute path of the folder that relative URIs are relative to. */
  srcRoot: string;
  version: string;
  rules: readonly RuleMeta[];
  /** Where a rule's documentation lives: `<base><CODE>.md`. */
  helpUriBase: string;
  /** The tool's home page. */
  informationUri: string;
  /** Rule docs' markdown by code (for `help`). */
  ruleDoc(code: string): string | undefined;
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function isAbsolute(file: string): boolean {
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file);
}

function uriFor(file: string): string {
  // Display paths are relative to the working folder (or absolute outside it).
  if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) return pathToFileURL(file).href;
  return file.split('/').map(encodeURIComponent).join('/');
}

export function renderSarif(ds: readonly LocatedDiagnostic[], opts: SarifOptions): string {
  const ruleIndex = new Map(opts.rules.map((r, i) => [r.code, i]));
  const seen = new Map<string, number>();
  // The line's text in a fingerprint, once per line: at most its first 1,000 characters (a 1 MB
  // line would otherwise be hashed again for every diagnostic on it).
  const lineTexts = new Map<LocatedDiagnostic['lines'], Map<number, string>>();
  const lineTextOf = (d: LocatedDiagnostic): string => {
    let byLine = lineTexts.get(d.lines);
    if (!byLine) lineTexts.set(d.lines, (byLine = new Map()));
    let t = byLine.get(d.range.start.line);
    if (t === undefined) byLine.set(d.range.start.line, (t = d.lines.lineText(d.range.start.line).trim().slice(0, 1000)));
    return t;
  };
  // Flows inside a solution: the artifact is the flow's file inside the solution (its
  // JsonFileName, e.g. `Workflows/Invoice-<GUID>.json`, or customizations.xml where its
  // definition lives), nested in the solution zip or folder (`parentIndex`), so a reviewer sees
  // which flow of which solution; the region is in the flow's script.
  const artifacts: { location: { uri: string; uriBaseId?: string }; parentIndex?: number; description?: { text: string } }[] = [];
  const artifactIndex = new Map<string, number>();
  const artifactFor = (file: string, flow: string | undefined, doc: LocatedDiagnostic['doc'] | undefined): { uri: string; index: number } | undefined => {
    if (flow === undefined || doc?.origin !== 'solution') return undefined;
    const parentKey = `\u0000${file}`;
    let parent = artifactIndex.get(parentKey);
    if (parent === undefined) {
      parent = artifacts.length;
      artifacts.push({ location: { uri: uriFor(file), ...(isAbsolute(file) ? {} : { uriBaseId: '%SRCROOT%' }) } });
      artifactIndex.set(parentKey, parent);
    }
    const inner = (doc.solution?.jsonFileName ?? 'customizations.xml').replace(/\\/g, '/').replace(/^\/+/, '');
    const uri = inner.split('/').map(encodeURIComponent).join('/');
    const key = `${file}\u0000${flow}`;
    let index = artifactIndex.get(key);
    if (index === undefined) {
      index = artifacts.length;
      artifacts.push({ location: { uri }, parentIndex: parent, description: { text: `desktop flow '${flow}' (lines are lines of its script)` } });
      artifactIndex.set(key, index);
    }
    return { uri, index };
  };
  const results = ds.map((d) => {
    const lineText = lineTextOf(d);
    const base = createHash('sha256').update([d.rule, d.file, d.flow ?? '', lineText, d.message].join('\u0000')).digest('hex').slice(0, 32);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const location = (file: string, flow: string | undefined, r: LocatedDiagnostic['range'], message?: string, doc?: LocatedDiagnostic['doc']) => ({
      physicalLocation: {
        artifactLocation: artifactFor(file, flow, doc) ?? { uri: uriFor(file), ...(isAbsolute(file) ? {} : { uriBaseId: '%SRCROOT%' }) },
        region: { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column },
      },
      ...(flow !== undefined ? { logicalLocations: [{ name: flow, kind: 'module' }] } : {}),
      ...(message ? { message: { text: message } } : {}),
    });
    return {
      ruleId: d.rule,
      ...(ruleIndex.has(d.rule) ? { ruleIndex: ruleIndex.get(d.rule) } : {}),
      level: LEVEL[d.severity],
      message: { text: d.help ? `${d.message}\nhelp: ${d.help}` : d.message },
      locations: [location(d.file, d.flow, d.range, undefined, d.doc)],
      ...(d.related.length
        ? { relatedLocations: d.related.map((r, i) => ({ id: i + 1, ...location(r.file, r.flow, r.range, r.message, r.flow !== undefined && r.file === d.file ? d.doc : undefined) })) }
        : {}),
      ...(d.suggestions.length
        ? {
            // SARIF fixes are proposals a viewer may offer; flowc's suggestions are exactly that.
            fixes: d.suggestions.map((x) => ({
              description: { text: x.description },
              artifactChanges: [
                {
                  artifactLocation: artifactFor(d.file, d.flow, d.doc) ?? { uri: uriFor(d.file), ...(isAbsolute(d.file) ? {} : { uriBaseId: '%SRCROOT%' }) },
                  replacements: x.edits.map((e) => ({
                    deletedRegion: { startLine: e.range.start.line, startColumn: e.range.start.column, endLine: e.range.end.line, endColumn: e.range.end.column },
                    insertedContent: { text: e.text },
                  })),
                },
              ],
            })),
          }
        : {}),
      partialFingerprints: { 'flowc/v1': `${base}:${n}` },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'flowc',
            version: opts.version,
            semanticVersion: opts.version,
            informationUri: opts.informationUri,
            rules: opts.rules.map((r) => {
              const doc = opts.ruleDoc(r.code);
              return {
                id: r.code,
                name: r.name,
                shortDescription: { text: r.description },
                fullDescription: { text: `${r.description} ${r.help}.` },
                helpUri: `${opts.helpUriBase}${r.code}.md`,
                help: { text: r.help, ...(doc ? { markdown: doc } : {}) },
                defaultConfiguration: { level: LEVEL[r.severity] },
                properties: { tags: ['power-automate-desktop'], ...(r.fixable ? { fixable: true } : {}), ...(r.hasSuggestions ? { suggestions: true } : {}) },
              };
            }),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(opts.srcRoot.endsWith('/') ? opts.srcRoot : `${opts.srcRoot}/`).href } },
        columnKind: 'utf16CodeUnits',
        ...(artifacts.length ? { artifacts } : {}),
        results,
      },
    ],
  };
  return `${jsonText(log)}\n`;
}
