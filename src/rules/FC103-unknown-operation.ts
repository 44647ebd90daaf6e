import { distance } from 'fastest-levenshtein';
import { closest } from '../util/suggest.js';
import { normalizeConnectorId } from '../catalog/connectors.js';
import { resolveConnectorActions } from '../analysis/connector-actions.js';
import type { FileRule } from './rule.js';

/**
 * FC103: `OperationId` is not an operation of the connector (only for connectors whose complete
 * operation list flowc knows), a trigger, or missing. Also: a connector id that flowc does not
 * know but that is one edit away from one it knows (a misspelling); an unknown connector that
 * resembles none is left alone, since flowc's catalog holds only some of the real connectors.
 */
export const unknownOperation: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC103',
    name: 'unknown-operation',
    severity: 'error',
    description: "A connector action's OperationId (or its connector) does not exist.",
    help: "use an operation of the connector as its metadata names it (OperationId is case-sensitive)",
  },
  check(ctx) {
    if (ctx.facts.connectionReferences.length === 0 && ctx.facts.connectorActions.length === 0) return;
    const catalog = ctx.services.connectors;
    const knownIds = catalog.ids();
    const misspelt = (id: string): string | undefined => (catalog.has(id) ? undefined : likelyMisspelling(id, knownIds));

    // Header references whose CONNECTOR is misspelt: reported once, on the clause.
    for (const r of ctx.facts.connectionReferences) {
      if (r.source !== 'header' || !r.connectorSpan || !r.connector) continue;
      const guess = misspelt(r.connector);
      if (guess) {
        ctx.report({
          span: r.connectorSpan,
          message: `unknown connector '${r.connector}'`,
          help: `did you mean '${guess}'?`,
        });
      }
    }

    for (const x of resolveConnectorActions(ctx.facts, ctx.services)) {
      const a = x.fact;
      if (a.disabled || !x.connectorId) continue;
      if (!x.connector) {
        // Only a ConnectorId written on the action is the action's to fix (a reference's
        // connector was reported above; a mismatch with the reference is FC102).
        if (a.connectorIdWritten && a.connectorIdSpan && !(x.reference && x.reference.connector !== normalizeConnectorId(a.connectorIdWritten))) {
          const guess = misspelt(x.connectorId);
          if (guess) ctx.report({ span: a.connectorIdSpan, message: `unknown connector '${x.connectorId}'`, help: `did you mean '${guess}'?` });
        }
        continue;
      }
      const c = x.connector;
      if (a.operationId === undefined) {
        if (!a.operationSpan) {
          ctx.report({
            span: a.nameSpan,
            message: 'this connector action has no OperationId',
            help: `add OperationId: '<operation>' naming an operation of ${c.displayName}`,
          });
        }
        continue;
      }
      if (!a.operationSpan) continue;
      const op = x.operation;
      if (op?.trigger) {
        ctx.report({
          span: a.operationSpan,
          message: `'${op.operationId}' is a trigger, not an action`,
          help: `triggers start cloud flows and cannot run in a desktop flow; use the trigger in a cloud flow that runs this desktop flow, or call a ${c.displayName} action`,
        });
        continue;
      }
      if (op || !c.operationsKnown) continue;
      const actions = c.operations.filter((o) => !o.trigger);
      const sameButCase = actions.find((o) => o.operationId.toLowerCase() === a.operationId!.toLowerCase());
      const guess = sameButCase?.operationId ?? closest(a.operationId, actions.map((o) => o.operationId));
      ctx.report({
        span: a.operationSpan,
        message: `${c.displayName} (${c.id}) has no operation '${a.operationId}'`,
        help: guess ? `did you mean '${guess}'?` : this.meta.help,
      });
    }
  },
};

/**
 * The known connector `id` is most likely a misspelling of, if any. The catalog holds only some
 * of the real connectors, and real ones can be close to a known one (`shared_sql` is three edits
 * from `shared_rss`), so this is much stricter than `closest`: the names after `shared_` may
 * differ by one edit (two for names of nine characters or more), and the answer must be unique.
 */
export function likelyMisspelling(id: string, known: readonly string[]): string | undefined {
  const strip = (x: string): string => x.replace(/^shared_/, '');
  const name = strip(id);
  const limit = name.length >= 9 ? 2 : 1;
  const hits = known.filter((k) => {
    const other = strip(k);
    return Math.abs(other.length - name.length) <= limit && distance(name, other) <= limit;
  });
  return hits.length === 1 ? hits[0] : undefined;
}
