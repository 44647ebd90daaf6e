import { closest } from '../util/suggest.js';
import { findInput, inputNames } from '../catalog/connectors.js';
import { inputLabel, resolveConnectorActions } from '../analysis/connector-actions.js';
import { padActionUses, paramLabel, paramOf, siblingVariants } from '../analysis/pad-actions.js';
import type { FileContext, FileRule } from './rule.js';

/**
 * FC107: an action gives an argument it does not have.
 *
 * PAD's own actions: `Name: value` must be one of the action's script arguments, compared
 * ignoring case. When the catalog lists every argument of the action (`complete`), an unknown one
 * is an error, with the closest argument of the same action, or else the variant of the same
 * action that has it, as suggestion. When it lists only the arguments seen in real scripts, a
 * close misspelling is reported as info (flowc is unsure), anything else is left alone; an action
 * only the documentation names is not checked.
 *
 * Connector actions: a connector action gives an input its operation does not have. `@name:` must be a
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
    description: "An action gives an argument that is not one of its arguments (PAD actions) or of its operation's parameters (connector actions).",
    help: "remove the argument, or use one of the action's argument names",
  },
  check(ctx) {
    checkPadActions(ctx);
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

function checkPadActions(ctx: FileContext): void {
  for (const { call, info } of padActionUses(ctx.flow, ctx.services.actions)) {
    if (info.nameFromDocs) continue;
    let names: string[] | undefined;
    for (const param of call.params) {
      const given = param.name.value;
      if (!given || paramOf(info, given)) continue;
      names ??= info.params.map((p) => p.name);
      const guess = closest(given, names);
      if (!info.complete) {
        // Only the arguments seen in real scripts are known: say so, and only for a likely misspelling.
        if (!guess) continue;
        ctx.report({
          span: param.name.span,
          severity: 'info',
          message: `'${given}' is not an argument flowc knows for '${info.name}' (it knows only those seen in real scripts)`,
          help: `did you mean '${guess}'?`,
        });
        continue;
      }
      const sibling = guess ? undefined : siblingVariants(info, ctx.services.actions).find((v) => paramOf(v, given));
      const listed = info.params.slice(0, 8).map(paramLabel).join(', ');
      ctx.report({
        span: param.name.span,
        message: `'${info.name}' has no argument '${given}'`,
        help: guess
          ? `did you mean '${guess}'?`
          : sibling
            ? `'${given}' is an argument of '${sibling.name}'; did you mean that action?`
            : names.length
              ? `its arguments: ${listed}${names.length > 8 ? ', …' : ''}`
              : `'${info.name}' takes no arguments; remove it`,
      });
    }
  }
}
