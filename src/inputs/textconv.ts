/**
 * What `flowc diff --textconv FILE` renders, read through the ordinary input layer: a v2 flow
 * record (`.json`), a solution (zip or unpacked folder: every desktop flow record), or a flow
 * text (`.flow`, clipboard text: the text itself). git hands the driver a temporary copy of a
 * blob whose name keeps the original's extension.
 */
import { stat } from 'node:fs/promises';
import { resolveInputs } from './discover.js';
import { inputError } from './errors.js';
import { readFlowRecord } from './record.js';
import { readSolution } from './solution.js';

/** One desktop flow as the textconv rendering (src/diff/textconv.ts) shows it. */
export interface TextconvFlow {
  name: string;
  workflowId?: string;
  description?: string;
  schema?: string;
  owner?: string;
  coOwners: string[];
  users: string[];
  runs: string[];
  references: { connector: string; logicalName?: string; displayName?: string; padInternalId?: string; embedded: boolean; owner?: string }[];
  script: string;
  /** A flow text (.flow, clipboard text) shown as it is, without a header. */
  raw?: boolean;
}

const V2_SCHEMA = '2022.07';

export async function readTextconvFlows(absolutePath: string, display: string, cwd: string): Promise<TextconvFlow[]> {
  const s = await stat(absolutePath).catch(() => undefined);
  if (!s) throw inputError(display, undefined, 'no such file or folder');
  if (s.isFile() && /\.json$/i.test(absolutePath)) {
    const r = await readFlowRecord(absolutePath, display);
    return [
      {
        name: r.name,
        ...(r.workflowId ? { workflowId: r.workflowId } : {}),
        ...(r.description ? { description: r.description } : {}),
        schema: r.schemaVersion === undefined || r.schemaVersion >= V2_SCHEMA ? 'V2' : 'V1',
        ...(r.owner ? { owner: r.owner } : {}),
        coOwners: r.coOwners,
        users: r.users,
        runs: r.runs,
        references: r.references,
        script: r.definition,
      },
    ];
  }
  if (s.isDirectory() || /\.zip$/i.test(absolutePath)) {
    const solution = await readSolution(absolutePath, { displayPath: display });
    return solution.flows.map((f) => ({
      name: f.name,
      workflowId: f.workflowId,
      ...(f.description ? { description: f.description } : {}),
      schema: f.schemaVersion === undefined || f.schemaVersion >= V2_SCHEMA ? 'V2' : 'V1',
      coOwners: [],
      users: [],
      runs: [],
      references: f.connectionReferences.map((r) => ({
        connector: r.api.name,
        ...(r.connectionReferenceLogicalName ? { logicalName: r.connectionReferenceLogicalName } : {}),
        ...(r.displayName ? { displayName: r.displayName } : {}),
        ...(r.padInternalId ? { padInternalId: r.padInternalId } : {}),
        embedded: r.isEmbedded === true,
      })),
      script: f.definition,
    }));
  }
  const resolved = await resolveInputs([absolutePath], { cwd, include: ['**/*'] });
  if (resolved.errors[0]) throw resolved.errors[0];
  // A flow text is already readable: shown as it is (no header is invented for it).
  return resolved.documents.map((d) => ({ name: '', coOwners: [], users: [], runs: [], references: [], script: d.text, raw: true }));
}
