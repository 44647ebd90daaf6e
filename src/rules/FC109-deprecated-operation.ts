import { resolveConnectorActions } from '../analysis/connector-actions.js';
import type { FileRule } from './rule.js';

/** FC109 (warning): the connector's metadata marks the operation deprecated; help names the newer one. */
export const deprecatedOperation: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC109',
    name: 'deprecated-operation',
    severity: 'warning',
    description: "The connector's metadata marks the operation deprecated.",
    help: 'use the newer operation the connector offers instead',
  },
  check(ctx) {
    for (const x of resolveConnectorActions(ctx.facts, ctx.services)) {
      const a = x.fact;
      const op = x.operation;
      if (a.disabled || !op?.deprecated || op.trigger) continue;
      const r = op.replacement;
      const newer = r ? x.connector?.operations.find((o) => o.operationId === r.operationId) : undefined;
      const title = newer?.summary ? ` ("${newer.summary}")` : '';
      ctx.report({
        span: a.operationSpan ?? a.nameSpan,
        message: `'${op.operationId}'${op.summary ? ` ("${op.summary}")` : ''} is deprecated`,
        help: r
          ? r.api
            ? `use '${r.operationId}' of the ${r.api} connector instead`
            : `use '${r.operationId}'${title} instead; check its inputs, they may differ`
          : this.meta.help,
      });
    }
  },
};
