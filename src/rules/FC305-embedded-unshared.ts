import type { FileRule } from './rule.js';
import { cloudRunModes, declarationSpan, emailKey, listWords, removeEmbeddedEdit } from '../analysis/sharing.js';

/**
 * FC305 (warning): an embedded connection reference that no one can use through the embedding.
 * The documentation: embedding gives *other co-owners* access to the reference, and run-only
 * users must bring their own connection even for embedded references. So an embedded reference
 * serves someone only when the flow has an owner or co-owner other than the reference's owner.
 *
 * Not reported when the flow is shared and allows cloud-initiated runs: then every reference must
 * be embedded (FC302), whoever it serves. Only flows with a header are judged: without one, flowc
 * does not know who the flow is shared with (a solution record does not say).
 */
export const embeddedUnshared: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC305',
    name: 'embedded-unshared',
    severity: 'warning',
    description: 'An embedded connection reference serves no one: the flow has no co-owner other than the reference\'s owner (run-only users bring their own connections even for embedded references).',
    help: 'remove EMBEDDED, or make the people who should use the connection co-owners of the flow (COOWNER)',
    hasSuggestions: true,
  },
  check(ctx) {
    const { facts, doc, flow } = ctx;
    if (!flow.header) return;
    if (facts.shared && cloudRunModes(facts).length > 0) return;
    const editors = new Set<string>();
    if (facts.owner !== undefined) editors.add(emailKey(facts.owner));
    for (const c of facts.coOwners) editors.add(emailKey(c.email));
    const runOnly = facts.users.map((u) => u.email).filter((e) => !editors.has(emailKey(e)));
    for (const ref of facts.connectionReferences) {
      if (!ref.embedded) continue;
      const refOwner = ref.owner ?? facts.owner;
      const others = [...editors].filter((e) => refOwner === undefined || e !== emailKey(refOwner));
      if (others.length > 0) continue;
      const firstUse = facts.connectorActions.find((a) => a.reference !== undefined && facts.connectionReferences[a.reference] === ref);
      const span = ref.source === 'header' ? (ref.embeddedSpan ?? ref.span) : declarationSpan(doc.text, { ref, firstUse });
      if (!span) continue;
      const edit = removeEmbeddedEdit(doc.text, ref);
      const besides = refOwner !== undefined ? `none besides ${refOwner}` : 'none';
      const users = runOnly.length
        ? ` (run-only user${runOnly.length > 1 ? 's' : ''} ${listWords(runOnly)} must bring their own connection even for embedded references)`
        : '';
      ctx.report({
        span,
        message: `connection reference ${ref.name} is embedded, but embedding serves only the co-owners of the flow other than the reference's owner, and flow '${facts.name}' has ${besides}${users}: embedding it has no effect`,
        help: ref.source === 'header' ? `remove EMBEDDED from CONNECTION ${ref.name}, or add the COOWNER who should use its connection` : `stop embedding ${ref.name}, or add the COOWNER who should use its connection`,
        ...(edit ? { suggestions: [{ description: `once ${ref.name} is no longer embedded in Power Automate, remove EMBEDDED`, edits: [edit] }] } : {}),
      });
    }
  },
};
