import { findInput, missingRequiredInputs, type OperationInfo } from '../catalog/connectors.js';
import { inputLabel, resolveConnectorActions } from '../analysis/connector-actions.js';
import { padActionUses, paramLabel, paramOf } from '../analysis/pad-actions.js';
import type { FileContext, FileRule } from './rule.js';

/**
 * FC106: an action leaves out an argument it requires.
 *
 * PAD's own actions: an argument is required when Microsoft's actions reference lists it as
 * "Optional: No" and no real script the catalog was built from leaves it out (see
 * scripts/gen-actions.ts); arguments the designer fills with a default ("Optional: N/A") are
 * never asked for.
 *
 * Connector actions: a connector action leaves out an input its operation requires. Path, query and header
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
    description: 'An action does not give an argument it requires (PAD actions) or an input its operation requires (connector actions).',
    help: 'add the argument to the action (Name: value for PAD actions, @name: value for connector actions)',
  },
  check(ctx) {
    checkPadActions(ctx);
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

function checkPadActions(ctx: FileContext): void {
  for (const { call, info } of padActionUses(ctx.flow, ctx.services.actions)) {
    // The catalog's names of the arguments given, found once per call (when it has a required one).
    let given: string[] | undefined;
    for (const p of info.params) {
      if (!p.required) continue;
      if (!given) {
        given = [];
        for (const g of call.params) {
          const known = paramOf(info, g.name.value);
          if (known) given.push(known.name);
        }
      }
      if (given.includes(p.name)) continue;
      ctx.report({
        span: call.name.span,
        message: `'${info.name}' requires the argument ${paramLabel(p)}, which this action does not give`,
        help: `add ${p.name}: <value> to the action${info.doc ? ` (${info.doc})` : ''}`,
      });
    }
  }
}
