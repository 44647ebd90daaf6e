import { closest } from '../util/suggest.js';
import { inputsDeclared, likelyTypo } from '../analysis/inputs.js';
import type { FileRule } from './rule.js';

/**
 * FC011 (info): in a flow whose inputs are unknown (clipboard text, a flow folder without a
 * header), a variable is read but nothing assigns it, and no assigned variable has a near name.
 * It is most likely an input of the designer's variables pane; declaring it makes FC005 check
 * the flow's variables strictly. Reported once per variable, at its first read.
 */
export const undeclaredInput: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC011',
    name: 'undeclared-input',
    severity: 'info',
    description: 'A variable that nothing assigns is read in a flow whose inputs are not declared: it is probably a flow input.',
    help: 'declare it as a flow input (an INPUT clause of the FLOW header, or @INPUT), or assign it',
  },
  check(ctx) {
    if (ctx.symbols.powerFx || inputsDeclared(ctx.doc, ctx.flow)) return;
    const vars = ctx.symbols.variables;
    const defined = [...vars.values()].filter((v) => v.assignments.length > 0).map((v) => v.name);
    for (const v of vars.values()) {
      if (v.assignments.length > 0 || v.reads.length === 0) continue;
      if (likelyTypo(v.name, defined)) continue; // a likely typo: FC005 reports it
      const first = v.reads.reduce((a, b) => (b.start < a.start ? b : a));
      ctx.report({
        span: first,
        message: `variable '${v.name}' is read but never assigned; it is probably a flow input`,
        help: `declare it: INPUT ${v.name} TEXT in the FLOW header (or @INPUT ${v.name}), or assign it before it is read`,
      });
    }
  },
};
