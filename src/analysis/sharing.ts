/**
 * Sharing, embedding and run modes, from one flow's facts: who is on the flow and in which role,
 * which connection references the flow uses, and what would stop a cloud-initiated run. Shared
 * by the FC3xx rules (one flow, and child flows across the project) and `flowc access`, so that
 * the rules and the access report can never disagree.
 *
 * From the Power Automate documentation (seeds 000 and 001):
 * - cloud-initiated runs (ATTENDED, UNATTENDED) of a flow containing cloud connector actions
 *   need the v2 schema and, when the flow is shared, every connection reference embedded;
 * - only the owner of a connection reference can embed it, and only as an owner or co-owner of
 *   the flow; embedded references are available to the other co-owners;
 * - run-only users run shared flows from the console only, always with their own connections.
 */
import type { RunMode } from '../ir/flow.js';
import type { Span } from '../ir/span.js';
import type { ConnectionReferenceFact, ConnectorActionFact, FlowFacts } from './facts.js';
import { emailKey, sameEmail } from '../util/email.js';

export type Role = 'owner' | 'coOwner' | 'user';

export { emailKey, sameEmail };

/** A person's role on the flow (the strongest when listed twice), or undefined when not on it. */
export function roleOf(facts: FlowFacts, email: string): Role | undefined {
  if (sameEmail(facts.owner, email)) return 'owner';
  if (facts.coOwners.some((c) => sameEmail(c.email, email))) return 'coOwner';
  if (facts.users.some((u) => sameEmail(u.email, email))) return 'user';
  return undefined;
}

/** Owner, co-owners, then run-only users, each person once, in their strongest role. */
export function principals(facts: FlowFacts): { email: string; role: Role; span?: Span }[] {
  const out: { email: string; role: Role; span?: Span }[] = [];
  const seen = new Set<string>();
  const add = (email: string, role: Role, span?: Span): void => {
    const k = emailKey(email);
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ email, role, ...(span ? { span } : {}) });
  };
  if (facts.owner !== undefined) add(facts.owner, 'owner', facts.ownerSpan);
  for (const c of facts.coOwners) add(c.email, 'coOwner', c.span);
  for (const u of facts.users) add(u.email, 'user', u.span);
  return out;
}

/** A connection reference the flow uses, with the first enabled connector action that uses it. */
export interface UsedReference {
  /** Index into FlowFacts.connectionReferences. */
  index: number;
  ref: ConnectionReferenceFact;
  firstUse: ConnectorActionFact;
}

/**
 * The connection references the flow uses: those of its enabled connector actions, in order of
 * first use. Disabled actions use no connection; a declared reference no action uses is not
 * "used" (FC108 reports it).
 */
export function usedReferences(facts: FlowFacts): UsedReference[] {
  const out: UsedReference[] = [];
  const seen = new Set<number>();
  for (const a of facts.connectorActions) {
    if (a.disabled || a.reference === undefined || seen.has(a.reference)) continue;
    const ref = facts.connectionReferences[a.reference];
    if (!ref) continue;
    seen.add(a.reference);
    out.push({ index: a.reference, ref, firstUse: a });
  }
  return out;
}

/** The cloud-initiated run modes the flow allows, in RUNS order. */
export function cloudRunModes(facts: FlowFacts): RunMode[] {
  return facts.runs.filter((r) => r === 'ATTENDED' || r === 'UNATTENDED');
}

/**
 * The cloud connector actions that run (enabled ones). The documented requirements of
 * cloud-initiated runs (v2 schema, embedded references when shared) are stated for "desktop flows
 * containing cloud connector actions" (seed 001): a flow without any is not subject to them.
 */
export function enabledConnectorActions(facts: FlowFacts): ConnectorActionFact[] {
  return facts.connectorActions.filter((a) => !a.disabled);
}

/** What stops a cloud-initiated run of the flow, whatever its RUNS says. */
export interface CloudRunProblems {
  /** The flow uses the v1 schema and contains (enabled) cloud connector actions (FC301). */
  v1: boolean;
  /** The first enabled connector action, when `v1`. */
  firstConnectorAction?: ConnectorActionFact;
  /** The flow is shared and these references it uses are not embedded (FC302). */
  notEmbedded: UsedReference[];
}

export function cloudRunProblems(facts: FlowFacts): CloudRunProblems {
  const first = facts.schema === 'V1' ? enabledConnectorActions(facts)[0] : undefined;
  return {
    v1: first !== undefined,
    ...(first ? { firstConnectorAction: first } : {}),
    notEmbedded: facts.shared ? usedReferences(facts).filter((u) => !u.ref.embedded) : [],
  };
}

export function hasCloudRunProblems(p: CloudRunProblems): boolean {
  return p.v1 || p.notEmbedded.length > 0;
}

/** `a, b and c` */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}


/**
 * Where a connection reference is declared, for diagnostics that ask to change it: the header
 * CONNECTION clause; for a clipboard footer entry, when the change is its embedding, its
 * `IsEmbedded` value (or the entry's id: both located in the per-file phase, facts.ts);
 * otherwise (a solution record, or a change that is not made in the flow) the first action that
 * uses it.
 */
export function declarationSpan(
  text: string,
  used: { ref: ConnectionReferenceFact; firstUse?: ConnectorActionFact },
  opts: { embedding?: boolean } = { embedding: true },
): Span | undefined {
  const { ref } = used;
  if (ref.source === 'header' && ref.span) return clauseCode(text, ref.span);
  if (ref.source === 'footer' && opts.embedding) {
    const s = ref.footerEmbeddedSpan ?? ref.footerEntrySpan;
    if (s) return s;
  }
  const a = used.firstUse;
  return a ? (a.connectionSpan ?? a.nameSpan) : undefined;
}

/**
 * A header clause's span without a trailing `# comment` (and the blanks before it): what the
 * clause says, so that diagnostics underline it and fixes append to it, not to the comment.
 */
export function clauseCode(text: string, span: Span): Span {
  let quoted = false;
  let end = span.end;
  for (let i = span.start; i < span.end; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === "'") quoted = false;
    } else if (ch === "'") quoted = true;
    else if (ch === '#') {
      end = i;
      break;
    }
  }
  while (end > span.start && /\s/.test(text[end - 1]!)) end--;
  return { start: span.start, end };
}

/**
 * The edit that removes a header clause's `EMBEDDED` keyword (with the blanks before it), for a
 * suggestion: whether a reference is embedded is a fact of Power Automate, never changed by a fix.
 */
export function removeEmbeddedEdit(text: string, ref: ConnectionReferenceFact): { span: Span; text: string } | undefined {
  if (ref.source !== 'header' || !ref.embeddedSpan) return undefined;
  let start = ref.embeddedSpan.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { span: { start, end: ref.embeddedSpan.end }, text: '' };
}
