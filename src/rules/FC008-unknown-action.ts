import { closest } from '../util/suggest.js';
import { forEachFlowStatement, statementActions } from '../analysis/walk.js';
import type { FileRule } from './rule.js';

/** FC008 (info): an action that is not in flowc's action catalog. */
export const unknownAction: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC008',
    name: 'unknown-action',
    severity: 'info',
    description: "An action is not in flowc's action catalog: flowc cannot check its parameters or types.",
    help: 'check the action name; if it is a real PAD action, flowc treats its outputs as values of unknown type',
  },
  check(ctx) {
    const actions = ctx.services.actions;
    forEachFlowStatement(ctx.flow, (s) => {
      for (const a of statementActions(s)) {
        if (!a.name.value || actions.has(a.name.value)) continue;
        const guess = closest(a.name.value, actions.names());
        ctx.report({
          span: a.name.span,
          message: `unknown action '${a.name.value}'`,
          help: guess ? `did you mean '${guess}'?` : this.meta.help,
        });
      }
    });
  },
};
