import type { FileRule } from './rule.js';

/**
 * FC108 (warning): a header `CONNECTION` that no enabled connector action uses. Only header
 * references: footer and solution references record what PAD saved, not what the author wrote.
 * Fix: remove the CONNECTION line.
 */
export const unusedConnectionReference: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC108',
    name: 'unused-connection-reference',
    severity: 'warning',
    description: 'A connection reference is declared in the header but no connector action uses it.',
    help: 'remove the CONNECTION line, or use the reference in a connector action (Connection: <name>)',
    fixable: true,
  },
  check(ctx) {
    const used = new Set<number>();
    for (const a of ctx.facts.connectorActions) if (!a.disabled && a.reference !== undefined) used.add(a.reference);
    ctx.facts.connectionReferences.forEach((r, i) => {
      if (r.source !== 'header' || used.has(i) || !r.span) return;
      ctx.report({
        span: r.span,
        message: `connection reference '${r.name}' is declared but no connector action uses it`,
        help: this.meta.help,
        ...(r.lineSpan ? { fix: { description: `remove the CONNECTION ${r.name} line`, edits: [{ span: r.lineSpan, text: '' }] } } : {}),
      });
    });
  },
};
