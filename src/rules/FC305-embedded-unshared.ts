import type { FileRule } from './rule.js';
import { declarationSpan } from '../analysis/sharing.js';

/**
 * FC305 (info): an embedded connection reference in a flow shared with nobody. Embedding gives
 * co-owners the use of a reference; with no co-owner (and no run-only user) it has no effect.
 * Only flows with a header are judged: without one, flowc does not know who the flow is shared
 * with (a solution record does not say).
 */
export const embeddedUnshared: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC305',
    name: 'embedded-unshared',
    severity: 'info',
    description: 'An embedded connection reference in a flow that is shared with nobody has no effect.',
    help: 'remove EMBEDDED, or share the flow with the co-owners who should use the connection (COOWNER)',
  },
  check(ctx) {
    const { facts, doc, flow } = ctx;
    if (!flow.header || facts.shared) return;
    for (const ref of facts.connectionReferences) {
      if (!ref.embedded) continue;
      const firstUse = facts.connectorActions.find((a) => a.reference !== undefined && facts.connectionReferences[a.reference] === ref);
      const span = ref.source === 'header' ? (ref.embeddedSpan ?? ref.span) : declarationSpan(doc.text, flow.footer?.span, { ref, firstUse });
      if (!span) continue;
      ctx.report({
        span,
        message: `connection reference ${ref.name} is embedded, but flow '${facts.name}' is shared with nobody, so embedding it has no effect`,
        help: ref.source === 'header' ? `remove EMBEDDED from CONNECTION ${ref.name}, or add the COOWNER who should use its connection` : `stop embedding ${ref.name}, or add the COOWNER who should use its connection`,
      });
    }
  },
};
