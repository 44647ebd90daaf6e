/**
 * `flowc diff --textconv FILE`: a stable, readable rendering of a solution (zip or folder), a v2
 * flow record or a flow text, for git's `textconv` diff driver: every desktop flow as a
 * `FLOW … END FLOW` header (id, schema, owner, sharing, run modes, each connection reference
 * with its connector, logical name, internal id and embedding) followed by its script with LF
 * line ends, flows ordered by name then id. A solution's zip bytes or a record's one-line JSON
 * string become lines that `git diff` can compare.
 *
 * Pure: the caller reads the files and masks secrets.
 */
import { connectionClause, headerText } from '../codegen/names.js';
import type { TextconvFlow } from '../inputs/textconv.js';

export type { TextconvFlow } from '../inputs/textconv.js';


const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function renderTextconv(flows: readonly TextconvFlow[]): string {
  const sorted = [...flows].sort((a, b) => byString(a.name, b.name) || byString(a.workflowId ?? '', b.workflowId ?? ''));
  const out: string[] = [];
  for (const f of sorted) {
    if (f.raw) {
      const text = f.script.replace(/\r\n?/g, '\n');
      out.push(text.endsWith('\n') || text === '' ? text : `${text}\n`);
      continue;
    }
    const lines = [`FLOW ${headerText(f.name)}`];
    if (f.workflowId) lines.push(`    ID ${headerText(f.workflowId.toLowerCase().replace(/[{}]/g, ''))}`);
    if (f.description) lines.push(`    DESCRIPTION ${headerText(f.description)}`);
    if (f.schema) lines.push(`    SCHEMA ${f.schema}`);
    if (f.owner) lines.push(`    OWNER ${headerText(f.owner)}`);
    for (const c of f.coOwners) lines.push(`    COOWNER ${headerText(c)}`);
    for (const u of f.users) lines.push(`    USER ${headerText(u)}`);
    if (f.runs.length) lines.push(`    RUNS ${f.runs.join(', ')}`);
    const taken = new Set<string>();
    for (const r of f.references) lines.push(connectionClause(r, taken));
    lines.push('END FLOW');
    const script = f.script.replace(/\r\n?/g, '\n');
    out.push(`${lines.join('\n')}\n${script}${script.endsWith('\n') || script === '' ? '' : '\n'}`);
  }
  return out.join('\n');
}
