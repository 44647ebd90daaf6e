import type { FileRule } from './rule.js';
import type { RelatedLocation } from '../model/diagnostic.js';
import { removeEmbeddedEdit, roleOf, sameEmail } from '../analysis/sharing.js';

/**
 * FC303: an embedded connection reference whose owner is neither the flow's owner nor a
 * co-owner. Only the owner of a reference can embed it, and only as an owner or co-owner of the
 * flow. A reference without OWNER, or a flow without OWNER whose reference owner is not listed
 * at all, cannot be judged and is not reported.
 */
export const embedNotOwned: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC303',
    name: 'embed-not-owned',
    severity: 'error',
    description: 'An embedded connection reference is owned by someone who is neither the flow\'s owner nor a co-owner, so it cannot be embedded.',
    help: 'remove EMBEDDED, or make the reference\'s owner a COOWNER of the flow so that they can embed it',
    hasSuggestions: true,
  },
  check(ctx) {
    const { facts } = ctx;
    for (const ref of facts.connectionReferences) {
      if (!ref.embedded || ref.owner === undefined) continue;
      const role = roleOf(facts, ref.owner);
      if (role === 'owner' || role === 'coOwner') continue;
      if (role === undefined && facts.owner === undefined) continue; // the reference's owner may be the flow's unknown owner
      const span = ref.embeddedSpan ?? ref.span;
      if (!span) continue;
      const edit = removeEmbeddedEdit(ctx.doc.text, ref);
      const related: RelatedLocation[] = [];
      if (ref.ownerSpan) related.push({ span: ref.ownerSpan, message: `connection reference ${ref.name} is owned by ${ref.owner}` });
      if (facts.ownerSpan) related.push({ span: facts.ownerSpan, message: `the flow is owned by ${facts.owner}` });
      const user = facts.users.find((u) => roleOf(facts, u.email) === 'user' && sameEmail(u.email, ref.owner));
      if (user?.span) related.push({ span: user.span, message: `${ref.owner} is a run-only user of the flow` });
      ctx.report({
        span,
        message:
          role === 'user'
            ? `connection reference ${ref.name} is embedded, but its owner ${ref.owner} is only a run-only user of flow '${facts.name}'; only an owner or co-owner can embed their references`
            : `connection reference ${ref.name} is embedded, but its owner ${ref.owner} is neither the owner nor a co-owner of flow '${facts.name}'; only the owner of a reference can embed it, as an owner or co-owner of the flow`,
        help:
          role === 'user'
            ? `remove EMBEDDED from CONNECTION ${ref.name}, or change USER '${ref.owner}' to COOWNER '${ref.owner}'`
            : `remove EMBEDDED from CONNECTION ${ref.name}, or add COOWNER '${ref.owner}' to the header`,
        related,
        ...(edit ? { suggestions: [{ description: `once ${ref.name} is no longer embedded in Power Automate, remove EMBEDDED`, edits: [edit] }] } : {}),
      });
    }
  },
};
