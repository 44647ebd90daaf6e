import { closest } from '../util/suggest.js';
import { inputsDeclared, likelyTypo } from '../analysis/inputs.js';
import type { FileRule } from './rule.js';

/**
 * FC005: a variable is read but no statement anywhere in the flow assigns it. Variables are
 * global to a flow, so an assignment in any subflow defines it; flow inputs count as assigned.
 *
 * When the flow's inputs are unknown (clipboard text: see analysis/inputs.ts), such a variable
 * may be an input of the variables pane: it is reported here only when a near name is assigned
 * (a likely typo), and otherwise by FC011.
 */
export const undefinedVariable: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC005',
    name: 'undefined-variable',
    severity: 'error',
    description: 'A variable is used but nothing in the flow ever assigns it.',
    help: 'assign it first (SET, an action output, LOOP FOREACH, ERROR =>) or declare it as an @INPUT',
  },
  check(ctx) {
    const vars = ctx.symbols.variables;
    if (ctx.symbols.powerFx) return; // Power Fx formulas are opaque text to flowc
    const defined = [...vars.values()].filter((v) => v.assignments.length > 0).map((v) => v.name);
    const strict = inputsDeclared(ctx.doc, ctx.flow);
    for (const v of vars.values()) {
      if (v.assignments.length > 0) continue;
      const guess = strict ? closest(v.name, defined) : likelyTypo(v.name, defined);
      if (!strict && !guess) continue; // FC011: probably an input of the variables pane
      for (const span of v.reads) {
        ctx.report({
          span,
          message: `variable '${v.name}' is never assigned`,
          help: guess ? `did you mean '${guess}'?` : this.meta.help,
        });
      }
    }
  },
};
