/**
 * `flowc import`: desktop flows from a solution (zip or unpacked folder) or from PAD clipboard
 * text → `.flow` files. Each file is a `FLOW … END FLOW` header carrying what the record keeps
 * outside the script (name, workflowId, description, schema, one `CONNECTION` per connection
 * reference with its logical name, display name, connector, padInternalId as `ID` and the
 * embedded flag), then the script exactly as it was (CRLF kept). `flowc build` of such a file
 * gives back the record's Definition and connection references.
 *
 * Reading goes through src/inputs (zip-slip, size and XML-entity protections live there).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveInputs } from '../inputs/discover.js';
import { inputError } from '../inputs/errors.js';
import { readSolution } from '../inputs/solution.js';
import type { SolutionContents, SolutionFlowRecord, SourceDocument } from '../model/source.js';
import { parseFlow } from '../syntax/parse.js';
import { V2_SCHEMA_VERSION } from './v2.js';
import { connectionClause, fileNameKey, headerText, safeFileStem } from './names.js';
import { normalizeGuid } from '../util/guid.js';
import type { OutputFile } from '../outputs/atomic-writer.js';

/** One connection reference as the header will declare it. */
export interface ImportedReference {
  connector: string;
  logicalName?: string;
  displayName?: string;
  padInternalId?: string;
  embedded: boolean;
}

/** One desktop flow to write as a `.flow` file. */
export interface ImportedFlow {
  name: string;
  workflowId?: string;
  description?: string;
  schema: 'V1' | 'V2';
  references: ImportedReference[];
  /** The script, unchanged. */
  script: string;
}

export type ImportSource = { kind: 'solution'; solution: SolutionContents } | { kind: 'clipboard'; doc: SourceDocument };

/** Reads SOURCE: a solution zip, an unpacked solution folder, or a clipboard text file. Problems are InputErrors. */
export async function readImportSource(source: string, cwd: string, display: string = source): Promise<ImportSource> {
  const absolute = path.resolve(cwd, source);
  const stats = await stat(absolute).catch(() => undefined);
  if (!stats) throw inputError(display, undefined, 'no such file or folder');
  if (stats.isDirectory() || /\.zip$/i.test(absolute)) {
    return { kind: 'solution', solution: await readSolution(absolute, { displayPath: display }) };
  }
  const resolved = await resolveInputs([absolute], { cwd });
  if (resolved.errors[0]) throw resolved.errors[0];
  if (resolved.solutions[0]) return { kind: 'solution', solution: resolved.solutions[0] };
  const doc = resolved.documents[0];
  if (!doc) throw inputError(display, undefined, 'nothing to import');
  return { kind: 'clipboard', doc };
}

function schemaOf(schemaVersion: string | undefined): 'V1' | 'V2' {
  return schemaVersion === undefined || schemaVersion >= V2_SCHEMA_VERSION ? 'V2' : 'V1';
}

/** A solution's desktop flow record → what its `.flow` file says. */
export function flowFromRecord(record: SolutionFlowRecord): ImportedFlow {
  return {
    name: record.name,
    workflowId: record.workflowId,
    ...(record.description ? { description: record.description } : {}),
    schema: schemaOf(record.schemaVersion),
    references: record.connectionReferences.map((r) => ({
      connector: r.api.name,
      ...(typeof r.connectionReferenceLogicalName === 'string' && r.connectionReferenceLogicalName !== '' ? { logicalName: r.connectionReferenceLogicalName } : {}),
      ...(typeof r.displayName === 'string' && r.displayName !== '' ? { displayName: r.displayName } : {}),
      ...(typeof r.padInternalId === 'string' && r.padInternalId !== '' ? { padInternalId: r.padInternalId } : {}),
      embedded: r.isEmbedded === true,
    })),
    script: record.definition,
  };
}

/**
 * Clipboard text → what its `.flow` file says: named after the file, references from the
 * footer's `ConnectionReferences`. The text itself (footer included) is kept unchanged.
 */
export function flowFromClipboard(name: string, text: string, display: string): ImportedFlow {
  const { flow } = parseFlow(text);
  if (flow.header) throw inputError(display, undefined, 'already has a FLOW … END FLOW header: it is a .flow file, not clipboard text');
  return {
    name,
    schema: 'V2',
    references: (flow.footer?.connectionReferences ?? [])
      .filter((r) => r.connectorId !== undefined && r.connectorId !== '')
      .map((r) => ({
        connector: r.connectorId!,
        ...(r.logicalName ? { logicalName: r.logicalName } : {}),
        ...(r.displayName ? { displayName: r.displayName } : {}),
        ...(r.internalId ? { padInternalId: r.internalId } : {}),
        embedded: r.isEmbedded === true,
      })),
    script: text,
  };
}

/** The `.flow` text: header (with the script's own line ends), then the script unchanged. */
export function flowFileText(f: ImportedFlow): string {
  const eol = f.script.includes('\r\n') || f.script === '' ? '\r\n' : '\n';
  const lines = [`FLOW ${headerText(f.name)}`];
  const id = normalizeGuid(f.workflowId);
  if (id) lines.push(`    ID ${headerText(id)}`);
  if (f.description) lines.push(`    DESCRIPTION ${headerText(f.description)}`);
  lines.push(`    SCHEMA ${f.schema}`);
  const taken = new Set<string>();
  for (const r of f.references) lines.push(connectionClause(r, taken));
  lines.push('END FLOW');
  return lines.join(eol) + eol + f.script;
}

/** Every flow of the source, with a `.flow` file name unique in the output folder (ignoring case). */
export function planImport(source: ImportSource): OutputFile[] {
  const flows =
    source.kind === 'solution'
      ? source.solution.flows.map(flowFromRecord)
      : [flowFromClipboard(stemOf(source.doc.absolutePath), source.doc.text, source.doc.path)];
  const taken = new Set<string>();
  return flows.map((f) => {
    const stem = safeFileStem(f.name);
    let name = `${stem}.flow`;
    if (taken.has(fileNameKey(name)) && f.workflowId) name = `${stem}-${f.workflowId.slice(0, 8)}.flow`;
    for (let i = 2; taken.has(fileNameKey(name)); i++) name = `${stem}-${i}.flow`;
    taken.add(fileNameKey(name));
    return { name, content: flowFileText(f) };
  });
}

function stemOf(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Output files that already exist with other content (import does not overwrite them unless forced). */
export async function conflictingFiles(outDir: string, files: readonly OutputFile[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    const existing = await readFile(path.join(outDir, f.name), 'utf8').catch(() => undefined);
    if (existing !== undefined && existing !== f.content) out.push(f.name);
  }
  return out;
}
