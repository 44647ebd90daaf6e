import { resolveConnectorActions } from '../analysis/connector-actions.js';
import type { FileRule } from './rule.js';

/**
 * FC105: a connector action calls a custom connector. Desktop flows offer only the non-custom
 * Power Automate connectors. Custom-ness comes from data, never from the name: the catalog
 * (`isCustom`, e.g. metadata added in flowc.config.json with `isCustomApi: true`), the flow's
 * solution ConnectorDefinition (`IsCustomApi`) or manifest (`ConnectorReferences[].IsCustom`),
 * or its clipboard footer.
 */
export const customConnector: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC105',
    name: 'custom-connector',
    severity: 'error',
    description: 'A connector action uses a custom connector; desktop flows cannot run custom connector actions.',
    help: 'call the custom connector from a cloud flow (which can run this desktop flow and pass it the data), or use a non-custom connector',
  },
  check(ctx) {
    for (const x of resolveConnectorActions(ctx.facts, ctx.services)) {
      const a = x.fact;
      if (a.disabled || !x.custom || !x.connectorId) continue;
      const name = x.connector && x.connector.displayName !== x.connectorId ? `${x.connector.displayName} (${x.connectorId})` : `'${x.connectorId}'`;
      const related = x.reference?.connectorSpan ? [{ span: x.reference.connectorSpan, message: `connection reference '${x.reference.name}' is for this custom connector` }] : [];
      ctx.report({
        span: a.connectorIdSpan ?? a.connectionSpan ?? a.nameSpan,
        message: `${name} is a custom connector; desktop flows cannot use custom connector actions`,
        help: this.meta.help,
        related,
      });
    }
  },
};
