import type { FileRule } from './rule.js';
import type { RelatedLocation } from '../model/diagnostic.js';
import type { ConnectionReferenceFact, FlowFacts } from '../analysis/facts.js';
import { cloudRunModes, cloudRunProblems, declarationSpan, listWords, roleOf, sameEmail } from '../analysis/sharing.js';

/**
 * FC302: the flow is shared (a COOWNER or a USER) and allows cloud-initiated runs, but a
 * connection reference it uses is not embedded. One diagnostic per reference, on the clause to
 * change. Only flows containing cloud connector actions are concerned (the references come from
 * their actions), and "shared" means with someone other than the owner (facts.shared).
 *
 * No fix: embedding a reference gives the flow's co-owners the use of its owner's connection and
 * the data behind it, a decision only that owner makes (in Power Automate). When the reference's
 * OWNER is the flow's owner, the diagnostic suggests (shows, never applies) writing EMBEDDED.
 */
export const cloudRunRequiresEmbedded: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC302',
    name: 'cloud-run-requires-embedded',
    severity: 'error',
    description: 'The flow is shared and allows cloud-initiated runs, but a connection reference it uses is not embedded.',
    help: 'mark the connection reference as EMBEDDED (only its owner can), or remove ATTENDED and UNATTENDED from RUNS',
    hasSuggestions: true,
  },
  check(ctx) {
    const { facts, doc, flow } = ctx;
    const modes = cloudRunModes(facts);
    if (modes.length === 0 || !facts.shared) return;
    // Whom it is shared with: a COOWNER/USER naming the owner shares nothing (FC312).
    const sharedWith = [...facts.coOwners, ...facts.users].filter((p) => !sameEmail(p.email, facts.owner));
    const related: RelatedLocation[] = [];
    if (facts.runsSpan) related.push({ span: facts.runsSpan, message: `cloud-initiated runs (${listWords(modes)}) are allowed here` });
    const firstShare = sharedWith.find((s) => s.span);
    if (firstShare?.span) related.push({ span: firstShare.span, message: `the flow is shared with ${firstShare.email} here` });
    for (const u of cloudRunProblems(facts).notEmbedded) {
      const { ref } = u;
      const span = declarationSpan(doc.text, u);
      if (!span) continue;
      const how =
        ref.source === 'header'
          ? `mark connection reference ${ref.name} as EMBEDDED (add EMBEDDED to its CONNECTION clause)`
          : ref.source === 'footer'
            ? `embed connection reference ${ref.name} (set "IsEmbedded": true in the clipboard footer; in Power Automate: Details › Connection references › Manage › Embedded in desktop flow: Yes)`
            : `embed connection reference ${ref.name} (in Power Automate: Details › Connection references › Manage › Embedded in desktop flow: Yes)`;
      const suggest = ref.source === 'header' && sameEmail(ref.owner, facts.owner);
      ctx.report({
        span,
        message: `connection reference ${ref.name} is not embedded, but flow '${facts.name}' is shared and allows cloud-initiated runs (${listWords(modes)}); a cloud-initiated run of a shared flow needs every connection reference embedded`,
        help: `${how} — ${whoCanEmbed(facts, ref)}; or remove ${listWords(modes)} from RUNS`,
        related,
        ...(suggest
          ? { suggestions: [{ description: `once ${ref.owner} has embedded ${ref.name} in Power Automate (it gives the co-owners the use of the connection), write EMBEDDED`, edits: [{ span: { start: span.end, end: span.end }, text: ' EMBEDDED' }] }] }
          : {}),
      });
    }
  },
};

/**
 * Who may embed a reference: its owner, and only when that owner is the flow's owner or a
 * co-owner. Returns the words for a help line ("only its owner alice@contoso.com can do so").
 */
export function whoCanEmbed(facts: FlowFacts, ref: ConnectionReferenceFact): string {
  if (ref.owner === undefined) return 'only the reference\'s owner can do so';
  const role = roleOf(facts, ref.owner);
  if (role === 'owner' || role === 'coOwner') return `only its owner ${ref.owner} can do so`;
  return `only its owner ${ref.owner} can do so, and only as an owner or co-owner of the flow: add COOWNER '${ref.owner}' first`;
}
