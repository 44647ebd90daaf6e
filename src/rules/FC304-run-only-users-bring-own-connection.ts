import type { FileRule } from './rule.js';
import { listWords, principals, usedReferences } from '../analysis/sharing.js';

/**
 * FC304 (info): the flow is shared with run-only users (USER) and uses connectors. Run-only
 * users always bring their own connection, for every reference (embedded ones too), and can only
 * run the flow from the console.
 */
export const runOnlyUsersBringOwnConnection: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC304',
    name: 'run-only-users-bring-own-connection',
    severity: 'info',
    description: 'The flow is shared with run-only users and uses connectors: they must bring their own connection for every connection reference and can only run it from the console.',
    help: 'make sure each run-only user has a connection for every connector the flow uses; to let someone use embedded connections, make them a COOWNER instead',
  },
  check(ctx) {
    const { facts } = ctx;
    const users = principals(facts).filter((p) => p.role === 'user');
    if (users.length === 0) return;
    const actions = facts.connectorActions.filter((a) => !a.disabled);
    if (actions.length === 0) return;
    const refs = usedReferences(facts).map((u) => u.ref.name);
    const connectors = [...new Set(actions.map((a) => a.connector).filter((c): c is string => !!c))];
    const first = users.find((u) => u.span);
    if (!first?.span) return;
    const who = users.map((u) => u.email);
    ctx.report({
      span: first.span,
      message: `flow '${facts.name}' uses connectors and is shared with run-only user${who.length > 1 ? 's' : ''} ${listWords(who)}: ${who.length > 1 ? 'they' : 'this user'} must bring their own connection for ${refs.length ? `every connection reference (${listWords(refs)})` : 'every connector'}, embedded ones too, and can only run the flow from the console`,
      help: `make sure ${listWords(who)} ${who.length > 1 ? 'have' : 'has'} a working connection for ${connectors.length ? listWords(connectors) : 'each connector'}; to let someone use embedded connections or run the flow from a cloud flow, make them COOWNER instead of USER`,
      related: users.slice(1).flatMap((u) => (u.span ? [{ span: u.span, message: `also shared with run-only user ${u.email}` }] : [])),
    });
  },
};
