import { inputsDeclared } from '../analysis/inputs.js';
import type { FileRule } from './rule.js';

/**
 * FC006: a variable is assigned but never read anywhere in the flow. Flow inputs and outputs
 * are the flow's interface and never reported; neither are loop counters.
 *
 * In a flow that does not declare its inputs and outputs (clipboard text: analysis/inputs.ts),
 * such a variable may be an output of the variables pane (`Output_Status`): it is reported as
 * information, with a hint to declare it.
 */
export const unusedVariable: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC006',
    name: 'unused-variable',
    severity: 'warning',
    description: 'A variable is assigned but its value is never used.',
    help: 'remove the assignment, or use the variable',
  },
  check(ctx) {
    if (ctx.symbols.powerFx) return;
    const declared = inputsDeclared(ctx.doc, ctx.flow);
    for (const v of ctx.symbols.variables.values()) {
      if (v.reads.length > 0 || v.assignments.length === 0) continue;
      if (v.assignments.some((a) => a.kind === 'input' || a.kind === 'output' || a.kind === 'loop' || a.kind === 'import')) continue;
      const first = v.assignments[0]!;
      if (declared) ctx.report({ span: first.span, message: `variable '${v.name}' is assigned but never used`, help: this.meta.help });
      else {
        ctx.report({
          span: first.span,
          severity: 'info',
          message: `variable '${v.name}' is assigned but never used; if it is a flow output, declare it`,
          help: `declare it: OUTPUT ${v.name} TEXT in the FLOW header (or @OUTPUT ${v.name}), or remove the assignment`,
        });
      }
    }
  },
};
