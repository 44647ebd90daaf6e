import { closest } from '../util/suggest.js';
import { flowStatements } from '../analysis/walk.js';
import type { FileRule } from './rule.js';

/** FC004: `GOTO L` with no `LABEL L` in the same subflow (labels are local to a subflow). */
export const unknownLabel: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC004',
    name: 'unknown-label',
    severity: 'error',
    description: 'A GOTO names a label that its subflow does not have.',
    help: 'add the LABEL to this subflow (GOTO cannot jump into another subflow), or fix the name',
  },
  check(ctx) {
    const { symbols } = ctx;
    const { statements, subflows } = flowStatements(ctx.flow);
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i]!;
      if (s.kind !== 'goto' || !s.name.value) continue;
      const sub = subflows[i]!;
      const labels = symbols.labels.get(sub);
      if (labels?.has(symbols.key(s.name.value))) continue;
      const names = [...(labels?.values() ?? [])].map((l) => l.value);
      const guess = closest(s.name.value, names);
      const elsewhere = [...symbols.labels.entries()].find(([other, m]) => other !== sub && m.has(symbols.key(s.name.value)))?.[0];
      ctx.report({
        span: s.name.span,
        message: `label '${s.name.value}' does not exist in subflow '${sub.name.value}'`,
        help: guess
          ? `did you mean '${guess}'?`
          : elsewhere
            ? `'${s.name.value}' is a label of subflow '${elsewhere.name.value}'; GOTO cannot leave its subflow`
            : this.meta.help,
      });
    }
  },
};
