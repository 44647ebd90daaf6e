import type { FileRule } from './rule.js';

/** FC003: two subflows with the same name. */
export const duplicateSubflow: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC003',
    name: 'duplicate-subflow',
    severity: 'error',
    description: 'Two subflows have the same name; CALL could not tell them apart.',
    help: 'rename or remove one of them',
  },
  check(ctx) {
    for (const { first, duplicate } of ctx.symbols.duplicateSubflows) {
      ctx.report({
        span: duplicate.name.span,
        message: first.isMain
          ? `a subflow cannot be named '${duplicate.name.value}': that is the main flow`
          : `subflow '${duplicate.name.value}' is defined more than once`,
        help: this.meta.help,
        related: first.isMain ? [] : [{ span: first.name.span, message: 'first defined here' }],
      });
    }
  },
};
