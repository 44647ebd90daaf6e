import { fullConnectorId, normalizeConnectorId } from '../catalog/connectors.js';
import type { FileRule } from './rule.js';

/**
 * FC102: the action's `ConnectorId:` is not the connector of the connection reference its
 * `Connection:` names (compared as short ids, so `shared_x` and `/providers/…/apis/shared_x` agree).
 * No fix: which of the two is wrong (the action's connector or the reference it names) is the
 * author's call, and either change alters what the action does. Suggestions: write the
 * reference's connector id; or, when the flow has a reference for the written connector, use it.
 */
export const connectorMismatch: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC102',
    name: 'connector-mismatch',
    severity: 'error',
    description: "A connector action's ConnectorId is not the connector of its connection reference.",
    help: "make ConnectorId the reference's connector, or use a connection reference for this connector",
    hasSuggestions: true,
  },
  check(ctx) {
    const refs = ctx.facts.connectionReferences;
    for (const a of ctx.facts.connectorActions) {
      if (a.disabled || a.reference === undefined || !a.connectorIdWritten || !a.connectorIdSpan) continue;
      const ref = refs[a.reference]!;
      const written = normalizeConnectorId(a.connectorIdWritten);
      if (!ref.connector || written === ref.connector) continue;
      const full = fullConnectorId(ref.connector);
      const other = refs.filter((r) => r.connector === written && r.name !== '');
      const related = ref.connectorSpan ? [{ span: ref.connectorSpan, message: `'${ref.name}' is a reference for ${ref.connector}` }] : [];
      ctx.report({
        span: a.connectorIdSpan,
        message: `ConnectorId '${written}' does not match connection reference '${ref.name}', which is for '${ref.connector}'`,
        help: other.length
          ? `change ConnectorId to '${full}', or use the flow's reference for ${written}: Connection: ${other[0]!.name}`
          : `change ConnectorId to '${full}', or use a connection reference for ${written}`,
        related,
        suggestions: [
          { description: `replace ConnectorId with '${full}' (the connector of '${ref.name}')`, edits: [{ span: a.connectorIdSpan, text: `'${full}'` }] },
          ...(other.length && a.connectionSpan ? [{ description: `use the flow's reference for ${written}: Connection: ${other[0]!.name}`, edits: [{ span: a.connectionSpan, text: connectionValue(other[0]!.name) }] }] : []),
        ],
      });
    }
  },
};

/** A `Connection:` value naming `name`: bare when it is a plain identifier, else a quoted text. */
function connectionValue(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
