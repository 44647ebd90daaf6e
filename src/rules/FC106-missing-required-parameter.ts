import { findInput, missingRequiredInputs, type OperationInfo } from '../catalog/connectors.js';
import { inputLabel, resolveConnectorActions } from '../analysis/connector-actions.js';
import type { FileRule } from './rule.js';

/**
 * FC106: a connector action leaves out an input its operation requires. Path, query and header
 * parameters are `@name:` inputs; body fields are `@'body/field':` (`@'item/Title'` fills the
 * required body `item`); `connectionId` is filled by Power Automate, and parameters with a
 * default or hidden from users are not asked for. Only for connectors whose operations flowc knows.
 */
export const missingRequiredParameter: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC106',
    name: 'missing-required-parameter',
    severity: 'error',
    description: 'A connector action does not give an input its operation requires.',
    help: 'add the input to the action as @name: value',
  },
  check(ctx) {
    for (const x of resolveConnectorActions(ctx.facts, ctx.services)) {
      const a = x.fact;
      const op = x.operation;
      if (a.disabled || !op || op.trigger || !x.connector?.operationsKnown) continue;
      for (const name of missingRequiredInputs(op, a.inputs.map((i) => i.name))) {
        const label = inputLabel(name);
        const what = describe(op, name);
        ctx.report({
          span: a.operationSpan ?? a.nameSpan,
          message: `'${op.operationId}' requires ${label}${what ? ` (${what})` : ''}, which this action does not give`,
          help: `add ${label}: <value> to the action`,
        });
      }
    }
  },
};

/** The designer's label of an input (`Folder Path`), when the metadata has one. */
function describe(op: OperationInfo, name: string): string | undefined {
  const m = findInput(op, name);
  return m?.field?.summary ?? (m && !m.field ? m.parameter.summary : undefined);
}
