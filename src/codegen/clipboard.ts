/**
 * PAD-pasteable text for one flow: the script as in the v2 `definition`, then the clipboard
 * footer PAD writes when actions are copied from the designer:
 *
 *     <script>
 *
 *     # [ControlRepository][PowerAutomateDesktop]
 *
 *     {
 *       "ControlRepositorySymbols": [],
 *       "ImageRepositorySymbol": { "Name": "imgrepo", "ImportMetadata": {}, "Repository": "…" },
 *       "ConnectionReferences": [ { "ConnectorId", "DisplayName", "InternalId", "IsDisabled",
 *                                   "LogicalName", "IsEmbedded", "ConnectionName"?, "ConnectionDisplayName"? } ]
 *     }
 *
 * A footer the source already had keeps its other keys (UI element and image repositories), and
 * the references it declared are written back entry for entry as they were (`ConnectionName`,
 * `DisplayName`, … unchanged); only references from elsewhere (the header) are generated. CRLF line ends, two-space JSON indentation.
 */
import { FOOTER_MARKER } from '../syntax/lexer.js';
import type { Flow } from '../ir/flow.js';
import type { BuiltFlow } from './v2.js';
import type { BuiltReference } from './references.js';
import { normalizeConnectorId } from '../catalog/swagger.js';
import { normalizeId } from '../util/guid.js';
import { toCrlf } from './definition.js';

/** The empty image repository PAD writes (`Repository` is JSON text inside the JSON). */
const EMPTY_IMAGE_REPOSITORY = '{\r\n  "Folders": [],\r\n  "Images": [],\r\n  "Version": 1\r\n}';

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function clipboardFooter(flow: Flow, built: BuiltFlow): Record<string, unknown> {
  const existing = flow.footer?.json;
  const refs = built.references.map((r) => {
    // A reference the source's footer declared is written back as it was, every field kept.
    if (r.fact.footerEntry && r.fact.footerEntry['InternalId'] !== undefined) {
      return r.fact.source === 'header' ? withHeaderValues(r.fact.footerEntry, r) : r.fact.footerEntry;
    }
    return {
      ConnectorId: r.connectorId,
      DisplayName: r.fact.displayName ?? r.fact.logicalName,
      InternalId: r.padInternalId,
      IsDisabled: r.fact.isDisabled ?? false,
      LogicalName: r.fact.logicalName,
      IsEmbedded: r.fact.embedded,
      ...(r.fact.recordName !== undefined ? { ConnectionName: r.fact.recordName } : {}),
      ...(r.fact.connectionDisplayName !== undefined ? { ConnectionDisplayName: r.fact.connectionDisplayName } : {}),
    };
  });
  if (isPlainObject(existing)) {
    // Keep every key and its order; replace (or add) ConnectionReferences.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(existing)) {
      Object.defineProperty(out, k, { value: k === 'ConnectionReferences' ? refs : v, enumerable: true, writable: true, configurable: true });
    }
    if (!Object.hasOwn(out, 'ConnectionReferences')) out['ConnectionReferences'] = refs;
    return out;
  }
  const imageAlias = flow.imports.find((i) => /\.imgrepo$/i.test(i.path.value))?.alias.value ?? 'imgrepo';
  return {
    ControlRepositorySymbols: [],
    ImageRepositorySymbol: { Name: imageAlias, ImportMetadata: {}, Repository: EMPTY_IMAGE_REPOSITORY },
    ConnectionReferences: refs,
  };
}

/**
 * A footer entry the header also declares (as `flowc import` writes it): every key kept in its
 * place, and a value the header states differently (its connector, display name, ID, logical
 * name or EMBEDDED, edited since the import) replaced by the header's.
 */
function withHeaderValues(entry: Record<string, unknown>, r: BuiltReference): Record<string, unknown> {
  const same = (key: string, value: unknown, norm: (x: string) => string): boolean =>
    typeof entry[key] === 'string' && typeof value === 'string' ? norm(entry[key] as string) === norm(value) : entry[key] === value;
  const header: [string, unknown, (x: string) => string][] = [
    ['ConnectorId', r.connectorId, normalizeConnectorId],
    ['DisplayName', r.fact.displayName ?? r.fact.logicalName, (x) => x],
    ['InternalId', r.padInternalId, normalizeId],
    ['LogicalName', r.fact.logicalName, (x) => x],
    ['IsEmbedded', r.fact.embedded, (x) => x],
  ];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [key, value, norm] of header) if (!same(key, value, norm)) out[key] = value;
  return out;
}

/** The whole pasteable text. */
export function clipboardText(flow: Flow, built: BuiltFlow): string {
  let script = built.document.definition;
  if (script !== '' && !script.endsWith('\r\n')) script += '\r\n';
  script = script.replace(/(?:\r\n)+$/, '\r\n');
  const json = toCrlf(JSON.stringify(clipboardFooter(flow, built), null, 2));
  return `${script}\r\n${FOOTER_MARKER}\r\n\r\n${json}\r\n`;
}
