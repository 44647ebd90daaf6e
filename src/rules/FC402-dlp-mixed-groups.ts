import { GROUP_LABEL, groupLabel, flowDlpFindings, policyRef } from '../analysis/dlp-evaluation.js';
import type { FileRule } from './rule.js';

/**
 * FC402: one flow uses a connector in a DLP policy's Business group and another in its
 * Non-business group (unclassified connectors count in the default group). Reported once per
 * policy, at the first use of the connector that brings in the second group, naming both
 * connectors and their groups.
 */
export const dlpMixedGroups: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC402',
    name: 'dlp-mixed-groups',
    severity: 'error',
    description: 'A flow combines a Business connector with a Non-business connector, which a DLP policy of the target environment forbids.',
    help: 'use connectors of one data group only, or ask a Power Platform admin to put both connectors in the same group',
  },
  check(ctx) {
    for (const { policy, finding: f } of flowDlpFindings(ctx.services.settings, ctx.facts)) {
      if (f.kind !== 'mixedConnectors') continue;
      ctx.report({
        span: f.second.span,
        message: `DLP policy '${policy.name}' puts ${f.first.name} in ${groupLabel(f.first)} and ${f.second.name} in ${groupLabel(f.second)}; one flow cannot use both`,
        help: `split the flow so that ${f.first.name} and ${f.second.name} are not in the same flow, or ask a Power Platform admin to move ${f.second.name} to the ${GROUP_LABEL[f.first.group]} group of ${policyRef(policy)}`,
        related: [{ span: f.first.span, message: `${f.first.name} (${GROUP_LABEL[f.first.group]}) is used here` }],
      });
    }
  },
};
