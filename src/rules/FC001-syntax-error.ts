import type { FileRule } from './rule.js';

/** FC001: every syntax error, each with what was expected (the parser recovers and goes on). */
export const syntaxError: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC001',
    name: 'syntax-error',
    severity: 'error',
    description: 'The text is not valid PAD script or flowc header syntax.',
    help: 'fix the syntax as the message says; PAD would refuse to load this flow',
  },
  check(ctx) {
    for (const p of ctx.syntaxProblems) ctx.report({ span: p.span, message: p.message, help: p.help });
  },
};
