/**
 * The flow script as PAD stores it in a v2 record's `<Definition>`: the `FLOW … END FLOW` header
 * and any clipboard footer removed, every `Connection:` value replaced by its reference's
 * padInternalId, `ConnectorId:` added right after `Connection:` where it was left out, CRLF line
 * ends. Everything else is kept byte for byte.
 */
import type { Flow } from '../ir/flow.js';
import type { FlowFacts } from '../analysis/facts.js';
import type { BuiltReference } from './references.js';
import { normalizeId } from '../util/guid.js';

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** CRLF for every line break (LF, CR or CRLF). */
export function toCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

export function buildDefinition(text: string, flow: Flow, facts: FlowFacts, references: readonly BuiltReference[]): string {
  const { start, end } = flow.scriptSpan;
  const byIndex = new Map(references.map((r) => [r.index, r]));
  const edits: Edit[] = [];
  for (const a of facts.connectorActions) {
    const ref = a.reference !== undefined ? byIndex.get(a.reference) : undefined;
    const span = a.connectionSpan;
    if (!ref || !span || span.start < start || span.end > end) continue;
    if (a.connection === undefined || normalizeId(a.connection) !== ref.padInternalId) {
      edits.push({ start: span.start, end: span.end, text: `'${ref.padInternalId}'` });
    }
    if (a.connectorIdWritten === undefined && a.connectorIdSpan === undefined) {
      edits.push({ start: span.end, end: span.end, text: ` ConnectorId: '${ref.connectorId}'` });
    }
  }
  edits.sort((x, y) => x.start - y.start || x.end - y.end);
  let out = '';
  let at = start;
  for (const e of edits) {
    if (e.start < at) continue; // overlapping edits cannot happen; be safe
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += text.slice(at, end);
  return toCrlf(out);
}
