import { connectorSpan, flowDlpFindings, policyRef } from '../analysis/dlp-evaluation.js';
import type { FileRule } from './rule.js';

/**
 * FC401: a connector action uses a connector that a DLP policy of the target environment puts in
 * its Blocked group (or leaves unclassified when the default group is Blocked). The flow would be
 * suspended. One diagnostic per action, at its connector.
 */
export const dlpBlockedConnector: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC401',
    name: 'dlp-blocked-connector',
    severity: 'error',
    description: 'A connector action uses a connector that a DLP policy of the target environment blocks.',
    help: 'remove the actions of the blocked connector, or ask a Power Platform admin to move the connector out of the Blocked group',
  },
  check(ctx) {
    for (const { policy, finding: f } of flowDlpFindings(ctx.services.settings, ctx.facts)) {
      if (f.kind !== 'blockedConnector') continue;
      for (const a of f.actions) {
        ctx.report({
          span: connectorSpan(a),
          message: `DLP policy '${policy.name}' blocks connector ${f.connector}${f.byDefault ? " (it is not classified and the policy's default group is Blocked)" : ''}`,
          help: `remove the ${f.connector} actions, or ask a Power Platform admin to move ${f.connector} to the Business or Non-business group of ${policyRef(policy)}`,
        });
      }
    }
  },
};
