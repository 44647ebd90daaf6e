import { closest } from '../util/suggest.js';
import { findInput, inputNames } from '../catalog/connectors.js';
import { inputLabel, resolveConnectorActions } from '../analysis/connector-actions.js';
import type { FileRule } from './rule.js';

/**
 * FC107: a connector action gives an input its operation does not have. `@name:` must be a
 * parameter of the operation; `@'body/field':` a field of a body parameter, unless that body
 * takes fields the metadata cannot list (a SharePoint item's columns, a Dataverse row's
 * columns). Only for connectors whose operations flowc knows.
 */
export const unknownParameter: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC107',
    name: 'unknown-parameter',
    severity: 'error',
    description: "A connector action gives an input that is not one of its operation's parameters.",
    help: "remove the input, or use one of the operation's input names",
  },
  check(ctx) {
    for (const x of resolveConnectorActions(ctx.facts, ctx.services)) {
      const a = x.fact;
      const op = x.operation;
      if (a.disabled || !op || op.trigger || !x.connector?.operationsKnown) continue;
      let candidates: string[] | undefined;
      for (const input of a.inputs) {
        if (findInput(op, input.name)) continue;
        // Hidden (internal) parameters are accepted but never proposed.
        candidates ??= inputNames(op).filter((n) => findInput(op, n)?.parameter.visibility !== 'internal' || findInput(op, n)?.field);
        const guess = closest(input.name, candidates);
        const listed = candidates.slice(0, 8).map(inputLabel).join(', ');
        ctx.report({
          span: input.span,
          message: `'${op.operationId}' has no input ${inputLabel(input.name)}`,
          help: guess ? `did you mean ${inputLabel(guess)}?` : candidates.length ? `its inputs: ${listed}${candidates.length > 8 ? ', …' : ''}` : `'${op.operationId}' takes no inputs; remove it`,
        });
      }
    }
  },
};
