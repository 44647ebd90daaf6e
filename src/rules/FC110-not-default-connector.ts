import { resolveConnectorActions } from '../analysis/connector-actions.js';
import type { FileRule } from './rule.js';

/**
 * FC110 (info): the flow uses a connector that is not one of the eleven Power Automate for
 * desktop adds by default; it has to be added from the Assets library. Reported once per
 * connector, on its first use. Custom connectors are FC105's.
 */
export const notDefaultConnector: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC110',
    name: 'not-default-connector',
    severity: 'info',
    description: 'The connector is not one of the eleven that desktop flows show by default.',
    help: 'add the connector to the flow from the Assets library (Connectors tab) before using its actions',
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const x of resolveConnectorActions(ctx.facts, ctx.services)) {
      const a = x.fact;
      if (a.disabled || !x.connectorId || x.custom || seen.has(x.connectorId)) continue;
      seen.add(x.connectorId);
      if (x.connector?.isDefault) continue;
      const name = x.connector && x.connector.displayName !== x.connectorId ? `${x.connector.displayName} (${x.connectorId})` : `'${x.connectorId}'`;
      ctx.report({
        span: a.connectorIdSpan ?? a.connectionSpan ?? a.nameSpan,
        message: `${name} is not one of the connectors desktop flows show by default`,
        help: x.connector?.operationsKnown
          ? this.meta.help
          : `${this.meta.help}; flowc has no operation list for it (add its metadata under "connectors" in flowc.config.json to check its actions)`,
      });
    }
  },
};
