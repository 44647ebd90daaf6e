import type { FileRule } from './rule.js';
import type { Span } from '../ir/span.js';
import { emailKey } from '../analysis/sharing.js';

/**
 * FC312 (warning): a `COOWNER` or `USER` clause that shares the flow with nobody new: it names the
 * flow's owner (e-mail addresses compare without regard to case), or someone already listed in
 * that role or a stronger one (a `USER` who is also a `COOWNER`). Such a clause does not make the
 * flow shared (FC302, FC304, FC305 and `flowc access` ignore it).
 *
 * Fix: remove the clause's line, when the line holds only that clause. What the flow claims does
 * not change: the person keeps their role (owner, or the stronger role).
 */
export const redundantSharingClause: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC312',
    name: 'redundant-sharing-clause',
    severity: 'warning',
    description: "A COOWNER or USER clause names the flow's owner, or someone already listed in that role or a stronger one.",
    help: 'remove the clause: it shares the flow with nobody new',
    fixable: true,
  },
  check(ctx) {
    const { facts, doc } = ctx;
    const owner = facts.owner !== undefined ? emailKey(facts.owner) : undefined;
    const coOwners = new Map<string, { email: string; span?: Span }>();
    const users = new Set<string>();
    const clauses = [
      ...facts.coOwners.map((c) => ({ ...c, keyword: 'COOWNER' as const })),
      ...facts.users.map((u) => ({ ...u, keyword: 'USER' as const })),
    ];
    for (const c of clauses) {
      const k = emailKey(c.email);
      let why: string | undefined;
      let related: { span: Span; message: string } | undefined;
      if (k === owner) {
        why = `${c.email} is the flow's owner (${facts.owner}); an owner is not shared with themselves, so this clause shares the flow with nobody`;
        if (facts.ownerSpan) related = { span: facts.ownerSpan, message: `${facts.owner} owns the flow` };
      } else if (c.keyword === 'COOWNER' && coOwners.has(k)) {
        why = `${c.email} is already a co-owner of the flow`;
        const first = coOwners.get(k)!;
        if (first.span) related = { span: first.span, message: `${first.email} is made a co-owner here` };
      } else if (c.keyword === 'USER' && facts.coOwners.some((x) => emailKey(x.email) === k)) {
        const co = facts.coOwners.find((x) => emailKey(x.email) === k)!;
        why = `${c.email} is a co-owner of the flow, which includes running it`;
        if (co.span) related = { span: co.span, message: `${co.email} is made a co-owner here` };
      } else if (c.keyword === 'USER' && users.has(k)) {
        why = `${c.email} is already a run-only user of the flow`;
      }
      if (c.keyword === 'COOWNER' && !coOwners.has(k)) coOwners.set(k, c);
      if (c.keyword === 'USER') users.add(k);
      if (!why || !c.span) continue;
      const line = clauseLine(doc.text, c.span, c.keyword);
      ctx.report({
        span: c.span,
        message: `redundant ${c.keyword} clause: ${why}`,
        help: `remove ${c.keyword} '${c.email}'`,
        ...(related ? { related: [related] } : {}),
        ...(line ? { fix: { description: `remove the ${c.keyword} '${c.email}' line`, edits: [{ span: line, text: '' }] } } : {}),
      });
    }
  },
};

/** The whole line (with its line break) of a header clause `KEYWORD 'email'`, when the line holds nothing else but a comment. */
function clauseLine(text: string, value: Span, keyword: string): Span | undefined {
  const start = text.lastIndexOf('\n', value.start - 1) + 1;
  let end = text.indexOf('\n', value.end);
  end = end < 0 ? text.length : end + 1;
  const line = text.slice(start, end);
  const re = new RegExp(`^[ \\t]*${keyword}[ \\t]+'(?:[^'\\\\]|\\\\.)*'[ \\t]*(?:#[^\\r\\n]*)?\\r?\\n?$`, 'i');
  return re.test(line) ? { start, end } : undefined;
}
