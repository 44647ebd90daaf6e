import type { FileRule } from './rule.js';
import { fullConnectorId, normalizeConnectorId } from '../catalog/connectors.js';
import { declarationSpan, usedReferences } from '../analysis/sharing.js';

/**
 * FC309: the target environment's deployment settings (`deploymentsettings.<env>.json`, pac
 * format, named by the environment's `deploymentSettings` in flowc.config.json) do not bind a
 * connection reference the flow uses: no entry with its logical name, or an empty ConnectionId;
 * or binds it with a ConnectorId that is not the reference's connector (a connection of another
 * connector cannot serve the reference).
 * Silent when no environment with deployment settings is targeted, or the file does not exist yet.
 */
export const unboundConnectionReference: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC309',
    name: 'unbound-connection-reference',
    severity: 'error',
    description: 'The target environment\'s deployment settings do not bind a connection reference the flow uses to a connection, or bind it with another connector\'s ConnectorId.',
    help: 'give the connection reference a ConnectionId in the environment\'s deployment settings file',
  },
  check(ctx) {
    const ds = ctx.services.settings.deploymentSettings;
    if (!ds) return;
    const file = ds.displayPath ?? ds.path;
    const env = ctx.services.settings.environment;
    const byName = new Map<string, (typeof ds.connectionReferences)[number]>();
    for (const e of ds.connectionReferences) {
      const k = e.LogicalName.toLowerCase();
      if (!byName.has(k)) byName.set(k, e);
    }
    for (const u of usedReferences(ctx.facts)) {
      const { ref } = u;
      const entry = byName.get(ref.logicalName.toLowerCase());
      const span = declarationSpan(ctx.doc.text, u, { embedding: false });
      if (!span) continue;
      const forEnv = env ? ` for environment ${env}` : '';
      const bound = !!entry && !!entry.ConnectionId && entry.ConnectionId.trim() !== '';
      const boundTo = entry?.ConnectorId !== undefined && entry.ConnectorId.trim() !== '' ? normalizeConnectorId(entry.ConnectorId) : undefined;
      if (entry && boundTo !== undefined && ref.connector && boundTo !== ref.connector) {
        ctx.report({
          span,
          message: `connection reference ${ref.logicalName} is for ${ref.connector}, but ${file} binds it with ConnectorId ${entry.ConnectorId} (${boundTo})${forEnv}: a connection of another connector cannot serve it`,
          help: `in ${file}, set the ConnectorId of ${ref.logicalName} to "${fullConnectorId(ref.connector)}" and its ConnectionId to the id of a ${ref.connector} connection`,
        });
        continue;
      }
      if (bound) continue;
      ctx.report({
        span,
        message: entry
          ? `connection reference ${ref.logicalName} has an empty ConnectionId in ${file}: it is not bound to a connection${forEnv}`
          : `connection reference ${ref.logicalName} has no entry in ${file}: it is not bound to a connection${forEnv}`,
        help: entry
          ? `fill in the ConnectionId of ${ref.logicalName} in ${file} with the id of a ${ref.connector} connection${forEnv}`
          : `add {"LogicalName": "${ref.logicalName}", "ConnectionId": "<connection id>", "ConnectorId": "${ref.connector ? fullConnectorId(ref.connector) : '<connector id>'}"} to ConnectionReferences in ${file}`,
      });
    }
  },
};
