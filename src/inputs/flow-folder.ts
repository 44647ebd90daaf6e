/**
 * Flow folders: how people keep desktop flows in git. The designer has no export but the
 * clipboard, so each subflow is pasted into a file of its own — a folder per flow, `main.txt`
 * (or `Main.txt`, `1-Main.txt`, …) for Main and one file per other subflow — optionally with a
 * header file (`header.flow`) holding the flow's `FLOW … END FLOW` header.
 *
 * flowc analyses such a folder as ONE flow, in the form PAD itself stores a flow (a v2 record's
 * definition): the header, Main's statements, then `FUNCTION <name> GLOBAL … END FUNCTION` for
 * every other subflow. The composed text is what the per-file phase parses; `members` maps every
 * offset of it back to the file and offset it came from, so diagnostics point at the files the
 * user has (see `memberSpan`). Each file's clipboard footer is cut off its text; the footers are
 * merged into one at the end of the composed text.
 *
 * Pure: the files are read by discover.ts.
 */
import path from 'node:path';
import type { Span } from '../ir/span.js';
import type { FlowFolderMember, SourceDocument } from '../model/source.js';
import { compareStrings } from './paths.js';

/** The header file of a flow folder. */
export const HEADER_FILE = 'header.flow';

const FOOTER_LINE = /^[ \t]*# \[ControlRepository\]\[PowerAutomateDesktop\][ \t]*$/m;
const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const ORDER_PREFIX = /^\d+[-_. ]*/;
/**
 * A `Subflow ` word before the name (`Subflow D0_CreateNewVersion.txt`, `Subflow Main.txt`): a
 * subflow name has no space, so what comes before one is not part of it.
 */
const SUBFLOW_PREFIX = /^subflow +/i;

export interface FolderFile {
  path: string;
  absolutePath: string;
  text: string;
  /** The subflow a subflow file holds, when the layout names it otherwise than its stem (`<Flow>-Subflow-<name>.txt`). */
  subflow?: string;
}

/** The stem of a file name: no extension; `1-Main` keeps its order prefix (see subflowStem). */
export function fileStem(name: string): string {
  const base = path.basename(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * The subflow a file holds, by its stem without an ordering prefix or a `Subflow ` word
 * (`2-Convert_Data` → `Convert_Data`, `Subflow Z1_Config` → `Z1_Config`).
 */
export function subflowStem(name: string): string {
  const stem = fileStem(name);
  const stripped = stem.replace(ORDER_PREFIX, '').replace(SUBFLOW_PREFIX, '');
  return stripped === '' ? stem : stripped;
}

/** Is this file the Main subflow of a flow folder? `main.txt`, `Main.md`, `1-Main.txt`, `Subflow Main.txt`, `main` … */
export function isMainFile(name: string): boolean {
  return subflowStem(name).toLowerCase() === 'main';
}

/**
 * `<Flow>-Subflow-<name>.txt`: a subflow file of the flow whose Main is `<Flow>.txt` in the same
 * folder (several flows per folder, as bullmoose20/Plex-Stuff keeps them). Given the stems of the
 * folder's other files, the flow's stem (the longest that fits, case ignored) and the subflow's
 * name; undefined when no sibling is the flow's Main.
 */
export function subflowOfFlow(name: string, stems: readonly string[]): { flow: string; subflow: string } | undefined {
  const stem = fileStem(name);
  let best: { flow: string; subflow: string } | undefined;
  for (const flow of stems) {
    const sep = stem.slice(flow.length, flow.length + '-Subflow-'.length);
    const subflow = stem.slice(flow.length + '-Subflow-'.length);
    if (flow === '' || stem.slice(0, flow.length).toLowerCase() !== flow.toLowerCase() || sep.toLowerCase() !== '-subflow-' || subflow.trim() === '') continue;
    if (!best || flow.length > best.flow.length) best = { flow, subflow };
  }
  return best;
}

/** How names compare across files: case, `-`, `_`, spaces and dots ignored (`close-edge` ↔ `CloseEdge`). */
function loose(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function splitFooter(text: string): { script: string; footer?: string } {
  const m = FOOTER_LINE.exec(text);
  return m ? { script: text.slice(0, m.index), footer: text.slice(m.index) } : { script: text };
}

/** Subflow names the files' `CALL`s use, by loose form: a file is named as the flow calls it. */
function calledNames(files: readonly FolderFile[]): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^[ \t]*(?:DISABLE[ \t]+)?CALL[ \t]+('(?:\\.|[^'\\\r\n])*'|[\p{L}_][\p{L}\p{N}_]*)/gmu;
  for (const f of files) {
    for (const m of splitFooter(f.text).script.matchAll(re)) {
      const raw = m[1]!;
      const name = raw.startsWith("'") ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
      if (!out.has(loose(name))) out.set(loose(name), name);
    }
  }
  return out;
}

/**
 * A script that is one `FUNCTION <name> GLOBAL` … `END FUNCTION` block (its first line that is not
 * blank opens it, its last closes it): the subflow's name and the [start, end) offsets of those
 * two lines (without their line breaks); undefined for any other script.
 */
function ownFunction(script: string): { name: string; open: [number, number]; close: [number, number] } | undefined {
  const lines: { text: string; start: number }[] = [];
  for (const m of script.matchAll(/[^\r\n]*(?:\r\n|\r|\n|$)/g)) {
    const text = m[0].replace(/[\r\n]+$/, '');
    if (text.trim() !== '') lines.push({ text, start: m.index });
    if (m[0] === '') break;
  }
  const firstLine = lines[0];
  const lastLine = lines[lines.length - 1];
  if (!firstLine || !lastLine || lines.length < 2) return undefined;
  const first = /^[ \t]*FUNCTION[ \t]+('(?:\\.|[^'\\])*'|[\p{L}_][\p{L}\p{N}_]*)[ \t]+[A-Z]+[ \t]*$/u.exec(firstLine.text);
  if (!first || !/^[ \t]*END[ \t]+FUNCTION[ \t]*$/.test(lastLine.text)) return undefined;
  const raw = first[1]!;
  return {
    name: raw.startsWith("'") ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw,
    open: [firstLine.start, firstLine.start + firstLine.text.length],
    close: [lastLine.start, lastLine.start + lastLine.text.length],
  };
}

/** The script with [start, end) ranges replaced by spaces: every other offset stays where it was. */
function blankOut(script: string, ranges: readonly [number, number][]): string {
  let out = script;
  for (const [start, end] of ranges) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

function functionName(name: string): string {
  return PLAIN_NAME.test(name) ? name : `'${name.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** The merged clipboard footers of the files (entries of the same name kept once), or undefined. */
function mergedFooter(footers: readonly string[]): string | undefined {
  if (footers.length === 0) return undefined;
  if (footers.length === 1) return footers[0];
  const merged: Record<string, unknown> = {};
  const keyed: Record<string, Map<string, unknown>> = {};
  for (const footer of footers) {
    let json: unknown;
    try {
      json = JSON.parse(footer.slice(footer.indexOf('\n') + 1));
    } catch {
      return footers[0]; // a footer that does not parse: keep the first as it is (FC001 reports it)
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) continue;
    for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
      if (Array.isArray(v)) {
        const m = (keyed[k] ??= new Map());
        for (const item of v) {
          const o = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
          const id = String(o['Name'] ?? o['LogicalName'] ?? o['InternalId'] ?? JSON.stringify(item));
          if (!m.has(id)) m.set(id, item);
        }
      } else if (!(k in merged)) {
        merged[k] = v;
      }
    }
  }
  for (const [k, m] of Object.entries(keyed)) merged[k] = [...m.values()];
  return `# [ControlRepository][PowerAutomateDesktop]\n\n${JSON.stringify(merged, null, 2)}\n`;
}

/**
 * One flow from a flow folder's files. `main` is the Main subflow file, `header` the header
 * file; `subflows` the other files (in any order: they are sorted by path).
 */
export function composeFlowFolder(
  folder: { path: string; absolutePath: string; name: string },
  parts: { header?: FolderFile; main: FolderFile; subflows: readonly FolderFile[] },
): SourceDocument {
  const subflows = [...parts.subflows].sort((a, b) => compareStrings(a.path, b.path));
  const called = calledNames([parts.main, ...subflows]);
  const members: FlowFolderMember[] = [];
  const footers: string[] = [];
  let text = '';
  const add = (file: FolderFile, role: FlowFolderMember['role'], subflow?: string): void => {
    const { script: own, footer } = splitFooter(file.text);
    // A Main file that is one `FUNCTION Main GLOBAL` … `END FUNCTION` block (every subflow copied
    // with its wrapper, Main too) is Main's statements: the wrapper lines are blanked out, so the
    // statements are Main's top-level body and every offset still maps to the file.
    const wrapped = role === 'main' ? ownFunction(own) : undefined;
    const script = wrapped ? blankOut(own, [wrapped.open, wrapped.close]) : own;
    if (footer !== undefined) footers.push(footer);
    const start = text.length;
    text += script;
    members.push({ role, path: file.path, absolutePath: file.absolutePath, text: file.text, subflow, start, end: text.length });
    if (script !== '' && !script.endsWith('\n') && !script.endsWith('\r')) text += '\n';
  };
  if (parts.header) add(parts.header, 'header');
  add(parts.main, 'main');
  for (const file of subflows) {
    // A file that is already a `FUNCTION <name> … END FUNCTION` block (a subflow copied with its
    // wrapper) is taken as it is, named by its FUNCTION line.
    const own = ownFunction(splitFooter(file.text).script)?.name;
    if (own !== undefined) {
      add(file, 'subflow', own);
      continue;
    }
    const stem = file.subflow ?? subflowStem(file.path);
    const name = called.get(loose(stem)) ?? stem;
    text += `FUNCTION ${functionName(name)} GLOBAL\n`;
    add(file, 'subflow', name);
    text += 'END FUNCTION\n';
  }
  const footer = mergedFooter(footers);
  if (footer !== undefined) text += footer;
  return { path: folder.path, absolutePath: folder.absolutePath, flowName: folder.name, text, origin: 'folder', members };
}

/**
 * Where an offset of a flow folder's composed text comes from: the member and the offset in its
 * file. Text flowc added (the `FUNCTION … GLOBAL` lines, a merged footer) maps to the start of
 * the next member's file, or the end of the last one's.
 */
export function memberOffset(members: readonly FlowFolderMember[], offset: number): { member: FlowFolderMember; offset: number } {
  let prev: FlowFolderMember | undefined;
  for (const m of members) {
    if (offset < m.start) return { member: m, offset: 0 };
    if (offset <= m.end) return { member: m, offset: offset - m.start };
    prev = m;
  }
  const last = prev ?? members[0]!;
  return { member: last, offset: last.end - last.start };
}

/** A span of the composed text as a span of one member's file (cut at the end of that member's text). */
export function memberSpan(members: readonly FlowFolderMember[], span: Span): { member: FlowFolderMember; span: Span } {
  const { member, offset } = memberOffset(members, span.start);
  const inMember = span.start >= member.start && span.start <= member.end;
  const end = inMember ? Math.min(span.end, member.end) - member.start : offset;
  return { member, span: { start: offset, end: Math.max(offset, end) } };
}
