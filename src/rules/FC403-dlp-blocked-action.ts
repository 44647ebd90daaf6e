import { flowDlpFindings, policyRef } from '../analysis/dlp-evaluation.js';
import { closest } from '../util/suggest.js';
import type { FileRule } from './rule.js';

/**
 * FC403: connector action control. A DLP policy of the target environment blocks the operation a
 * connector action calls: its `actionRules` say Block, or it is not listed and the connector's
 * default action behaviour is Block.
 */
export const dlpBlockedAction: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC403',
    name: 'dlp-blocked-action',
    severity: 'error',
    description: "A connector action calls an operation that a DLP policy's connector action control blocks.",
    help: "use an operation the policy allows, or ask a Power Platform admin to allow this one in the policy's connector action control",
  },
  check(ctx) {
    for (const { policy, finding: f } of flowDlpFindings(ctx.services.settings, ctx.facts)) {
      if (f.kind !== 'blockedAction') continue;
      const allowed = policy.actionControl[f.connector]?.allowed ?? [];
      const guess = f.byDefault ? closest(f.operationId, allowed) : undefined;
      const alternatives = guess ? `use '${guess}' (allowed)` : allowed.length > 0 && allowed.length <= 8 ? `use one of the allowed actions (${allowed.join(', ')})` : 'use another operation';
      ctx.report({
        span: f.action.operationSpan ?? f.action.nameSpan,
        message: `DLP policy '${policy.name}' blocks the action '${f.operationId}' of connector ${f.connector}${f.byDefault ? ' (only the actions it lists are allowed)' : ''}`,
        help: `${alternatives}, or ask a Power Platform admin to allow '${f.operationId}' for ${f.connector} in the connector action control of ${policyRef(policy)}`,
      });
    }
  },
};
