import type { FileRule } from './rule.js';
import { clauseCode } from '../analysis/sharing.js';

/** FC307 (warning): the flow uses the deprecated v1 schema. */
export const schemaV1: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC307',
    name: 'schema-v1',
    severity: 'warning',
    description: 'The flow uses the v1 schema, which is deprecated.',
    help: 'migrate the flow to the Power Automate v2 schema and change the header clause to SCHEMA V2',
  },
  check(ctx) {
    const { facts } = ctx;
    if (facts.schema !== 'V1') return;
    const span = facts.schemaSpan ? clauseCode(ctx.doc.text, facts.schemaSpan) : facts.headerSpan;
    if (!span) return;
    ctx.report({
      span,
      message: `flow '${facts.name}' uses the v1 schema, which is deprecated`,
      help: 'migrate the flow to the Power Automate v2 schema (cloud connector actions and cloud-initiated runs of flows that use them need it), then change SCHEMA V1 to SCHEMA V2',
    });
  },
};
