/**
 * The flow script as PAD stores it in a v2 record's `<Definition>`: the `FLOW … END FLOW` header
 * and any clipboard footer removed, every `Connection:` value replaced by its reference's
 * padInternalId, `ConnectorId:` added right after `Connection:` where it was left out, CRLF line
 * ends. Everything else is kept byte for byte.
 */
import type { Expr, Flow, FlowVariableDecl } from '../ir/flow.js';
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
  return toCrlf(headerVariableLines(flow) + out);
}

/** PAD's quoted text: `'` and `\` escaped. */
function quote(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

function literal(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.kind === 'text') return quote(e.value);
  if (e.kind === 'bool') return e.value ? 'True' : 'False';
  if (e.kind === 'number') return e.raw;
  return undefined;
}

/**
 * The header's `INPUT`/`OUTPUT` clauses as the `@INPUT`/`@OUTPUT` (and `@SENSITIVE`) lines PAD
 * keeps at the top of a definition, in the designer's property order.
 */
function headerVariableLines(flow: Flow): string {
  const decls: FlowVariableDecl[] = [...flow.inputs, ...flow.outputs].filter((d) => d.fromHeader);
  if (decls.length === 0) return '';
  const lines: string[] = [];
  for (const d of decls) {
    const get = (key: string): Expr | undefined => d.properties?.entries.find((e) => e.key.kind === 'text' && e.key.value === key)?.value;
    const props: string[] = [
      `'Description': ${literal(get('Description')) ?? "''"}`,
      `'FriendlyName': ${literal(get('FriendlyName')) ?? quote(d.name.value)}`,
      `'Type': ${literal(get('Type')) ?? "'String'"}`,
    ];
    if (d.kind === 'input') props.push(`'IsOptional': ${literal(get('IsOptional')) ?? 'False'}`, `'DefaultValue': ${literal(get('DefaultValue')) ?? "''"}`);
    lines.push(`@${d.kind === 'input' ? 'INPUT' : 'OUTPUT'} ${d.name.value} : { ${props.join(', ')} }`);
  }
  const sensitive = flow.header?.sensitive ?? [];
  if (sensitive.length) lines.push(`@SENSITIVE: [${sensitive.map((s) => s.value).join(', ')}]`);
  return lines.map((l) => `${l}\n`).join('');
}
