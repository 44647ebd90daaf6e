/**
 * Whether a flow's inputs are known.
 *
 * A solution record declares its inputs, and so does a `.flow` file with a `FLOW … END FLOW`
 * header or `@INPUT`/`@OUTPUT` lines. Clipboard text does not: the designer keeps a flow's
 * inputs and outputs in its variables pane and never writes them to the clipboard, so a script
 * pasted into a file reads variables (`Input_Folder`) that no line of it assigns. Rules treat a
 * variable read but never assigned differently in the two cases (FC005 / FC011).
 */
import { closest } from '../util/suggest.js';
import type { Flow } from '../ir/flow.js';
import type { SourceDocument } from '../model/source.js';

export function inputsDeclared(doc: SourceDocument, flow: Flow): boolean {
  if (doc.origin === 'solution') return true;
  return flow.header !== undefined || flow.inputs.length > 0 || flow.outputs.length > 0;
}

/**
 * Where inputs are unknown, the assigned variable a never-assigned one is a likely typo of: one
 * or two edits away (one for names of up to five characters). Farther names are other
 * variables: `Input_WorkItemId` next to `Output_WorkItemId` is an input, not a typo.
 */
export function likelyTypo(name: string, assigned: Iterable<string>): string | undefined {
  return closest(name, assigned, { maxDistance: name.length <= 5 ? 1 : 2 });
}
