import type { FileRule } from './rule.js';
import { listWords } from '../analysis/sharing.js';

/** The user agents desktop flows send to Exchange (seed 000): console runs and cloud runs. */
export const POWER_AUTOMATE_USER_AGENTS = ['PowerAutomateLocal/*', 'PowerAutomateCloud/*'] as const;
const OUTLOOK = 'shared_office365';

/** Does an allowed-user-agent pattern (`*` matches anything) cover `agent` (whose `*` is taken literally)? */
export function userAgentAllowed(agent: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => {
    const re = new RegExp(`^${pattern.trim().split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    return re.test(agent);
  });
}

/**
 * FC308 (error): Office 365 Outlook actions are used, the configuration says an EWS application
 * access policy is in force (`ewsPolicy.enabled`), and its allowed user agents do not include
 * `PowerAutomateLocal/*` and `PowerAutomateCloud/*`. One diagnostic per flow, on its first
 * Outlook action.
 *
 * An error, not a warning: the documentation makes allowing these user agents a condition "for
 * successful desktop flow execution", and flowc reports only when the configuration says the
 * policy is in force and lacks them: the Outlook actions will fail, which is what the message says.
 */
export const outlookEwsUserAgents: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC308',
    name: 'outlook-ews-user-agents',
    severity: 'error',
    description: 'Office 365 Outlook actions are used, and the EWS application access policy in force does not allow the PowerAutomateLocal/* and PowerAutomateCloud/* user agents.',
    help: 'allow the user agents PowerAutomateLocal/* and PowerAutomateCloud/* in the EWS application access policy, and list them in ewsPolicy.allowedUserAgents in flowc.config.json',
  },
  check(ctx) {
    const policy = ctx.services.settings.ewsPolicy;
    if (!policy?.enabled) return;
    const missing = POWER_AUTOMATE_USER_AGENTS.filter((a) => !userAgentAllowed(a, policy.allowedUserAgents));
    if (missing.length === 0) return;
    const actions = ctx.facts.connectorActions.filter((a) => !a.disabled && a.connector === OUTLOOK);
    const first = actions[0];
    if (!first) return;
    const env = ctx.services.settings.environment;
    ctx.report({
      span: first.nameSpan,
      message: `flow '${ctx.facts.name}' uses Office 365 Outlook actions (${actions.length}), but the EWS application access policy${env ? ` of environment ${env}` : ''} does not allow the ${listWords(missing)} user agent${missing.length > 1 ? 's' : ''}; desktop flows need them allowed to run Outlook actions, so these actions will fail`,
      help: `allow ${listWords(missing.map((m) => `'${m}'`))} in the EWS application access policy, then add ${missing.length > 1 ? 'them' : 'it'} to ewsPolicy.allowedUserAgents in flowc.config.json`,
    });
  },
};
