import type { FileRule } from './rule.js';
import { clauseCode, enabledConnectorActions } from '../analysis/sharing.js';

/**
 * FC307 (warning): the flow uses the v1 schema. When it contains cloud connector actions the
 * message says what the documentation says of such flows: they cannot be enabled for attended or
 * unattended (cloud-initiated) runs until they use the v2 schema. (A flow that already allows
 * such runs gets FC301, an error, as well.) No fix: a flow is migrated in Power Automate.
 */
export const schemaV1: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC307',
    name: 'schema-v1',
    severity: 'warning',
    description: 'The flow uses the v1 schema, which is deprecated; with cloud connector actions it cannot be enabled for cloud-initiated runs.',
    help: 'migrate the flow to the Power Automate v2 schema in Power Automate, then change the header clause to SCHEMA V2',
  },
  check(ctx) {
    const { facts } = ctx;
    if (facts.schema !== 'V1') return;
    const span = facts.schemaSpan ? clauseCode(ctx.doc.text, facts.schemaSpan) : facts.headerSpan;
    if (!span) return;
    const first = enabledConnectorActions(facts)[0];
    if (!first) {
      ctx.report({
        span,
        message: `flow '${facts.name}' uses the v1 schema, which is deprecated`,
        help: 'migrate the flow to the Power Automate v2 schema in Power Automate, then change SCHEMA V1 to SCHEMA V2',
      });
      return;
    }
    ctx.report({
      span,
      message: `flow '${facts.name}' uses the v1 schema and contains cloud connector actions: it cannot be enabled for attended or unattended (cloud-initiated) runs until it uses the Power Automate v2 schema`,
      help: 'migrate the flow to the Power Automate v2 schema in Power Automate, then change SCHEMA V1 to SCHEMA V2',
      related: [{ span: first.nameSpan, message: 'a cloud connector action' }],
    });
  },
};
