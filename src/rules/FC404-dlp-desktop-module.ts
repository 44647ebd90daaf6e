import { GROUP_LABEL, groupLabel, itemLabel, flowDlpFindings, policyRef } from '../analysis/dlp-evaluation.js';
import type { FileRule } from './rule.js';

/**
 * FC404: desktop flow modules under DLP (`providers/Microsoft.ProcessSimple/operationGroups/
 * DesktopFlow.<Module>`). A module the policy blocks is reported at its first action; a module in
 * one data group while a connector or another module of the flow is in the other is reported once
 * per policy, naming both and their groups. Policies that classify no desktop flow module at all
 * do not govern modules.
 */
export const dlpDesktopModule: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC404',
    name: 'dlp-desktop-module',
    severity: 'error',
    description: 'A desktop flow module is blocked by a DLP policy of the target environment, or mixes Business with Non-business in one flow.',
    help: 'remove the module\'s actions, or ask a Power Platform admin to reclassify the module (DesktopFlow.<Module>) in the policy',
  },
  check(ctx) {
    for (const { policy, finding: f } of flowDlpFindings(ctx.services.settings, ctx.facts)) {
      if (f.kind !== 'blockedModule' && f.kind !== 'mixedModule') continue;
      if (f.kind === 'blockedModule') {
        const m = f.module;
        ctx.report({
          span: m.first,
          message: `DLP policy '${policy.name}' blocks desktop flow module ${m.module}${f.byDefault ? " (it is not classified and the policy's default group is Blocked)" : ''}; the flow uses it in ${m.count} action${m.count === 1 ? '' : 's'}`,
          help: `remove the ${m.scriptModule === 'External' ? 'External.RunFlow' : m.scriptModule} actions, or ask a Power Platform admin to move DesktopFlow.${m.module} out of the Blocked group of ${policyRef(policy)}`,
        });
        continue;
      }
      const { module: m, other } = f;
      ctx.report({
        span: m.span,
        message: `DLP policy '${policy.name}' puts ${itemLabel(m)} in ${groupLabel(m)} and ${itemLabel(other)} in ${groupLabel(other)}; one desktop flow cannot use both`,
        help: `do not use ${m.name} actions together with ${other.name} in this flow, or ask a Power Platform admin to move DesktopFlow.${m.name} to the ${GROUP_LABEL[other.group]} group of ${policyRef(policy)}`,
        related: [{ span: other.span, message: `${itemLabel(other)} (${GROUP_LABEL[other.group]}) is used here` }],
      });
    }
  },
};
