import { closest } from '../util/suggest.js';
import { flowStatements } from '../analysis/walk.js';
import type { FileRule } from './rule.js';

/** FC002: `CALL X` with no `FUNCTION X`. */
export const unknownSubflow: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC002',
    name: 'unknown-subflow',
    severity: 'error',
    description: 'A CALL names a subflow that the flow does not define.',
    help: 'define the subflow with FUNCTION … END FUNCTION, or call an existing one',
  },
  check(ctx) {
    const { symbols } = ctx;
    const names = [...symbols.subflows.values()].filter((s) => !s.isMain).map((s) => s.name.value);
    for (const s of flowStatements(ctx.flow).statements) {
      if (s.kind !== 'call' || !s.name.value || s.disabled) continue;
      if (symbols.subflows.has(symbols.key(s.name.value)) && symbols.key(s.name.value) !== symbols.key('main')) continue;
      const guess = closest(s.name.value, names);
      ctx.report({
        span: s.name.span,
        message: `subflow '${s.name.value}' is not defined`,
        help: guess ? `did you mean '${guess}'?` : names.length ? `defined subflows: ${names.slice(0, 8).join(', ')}` : this.meta.help,
      });
    }
  },
};
