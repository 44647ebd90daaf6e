/**
 * `flowc access`: for each person on a flow (owner, co-owners, run-only users, or the one asked
 * about) and each run mode, may they run it and why; which connection references they must bring
 * their own connection for in console runs; whether the "bring your own connection" (BYOC) dialog
 * would be shown; and which existing connection it would select by default. Pure: the facts and a
 * connections inventory in, an AccessReport (schemas/access.schema.json) out.
 *
 * The rules, from seeds 000 and 001:
 * - console runs: owner, co-owners and run-only users may all run the flow from the console;
 * - cloud-initiated runs (ATTENDED, UNATTENDED): never for run-only users; for owners and
 *   co-owners only with the v2 schema and, when the flow is shared, every connection reference
 *   it uses embedded (the same conditions as FC301/FC302);
 * - bring your own connection: co-owners (and the owner) for the references that are not
 *   embedded, unless they own them; run-only users for every reference, embedded ones too;
 * - the BYOC dialog is suppressed only if embedded connections are owned by the person and, for
 *   each connector used, only the person's own connections exist, all available connections use
 *   the same account, and a valid one exists. For owners and co-owners a connector served only
 *   by embedded references uses the embedded connections, so only the condition on their owner
 *   applies to it;
 * - the dialog selects the first compatible connection by default.
 *
 * A reference without OWNER is taken to be the flow owner's. "Available" connections are those
 * the person owns or that are shared with them; "valid" ones have status Connected (the default);
 * the default selection is the first valid available connection of the reference's connector,
 * in inventory order.
 */
import { redactDeep } from './secrets.js';
import type { AccessReport, ByocDialog, DefaultConnection, FlowAccess, PrincipalAccess, RunModeAccess } from '../generated/access.js';
import type { Connection, ConnectionsInventory } from '../generated/connections.js';
import type { RunMode } from '../ir/flow.js';
import { normalizeConnectorId } from '../catalog/swagger.js';
import type { ConnectionReferenceFact, FlowFacts } from './facts.js';
import { cloudRunProblems, emailKey, listWords, principals, roleOf, sameEmail, usedReferences, type Role } from './sharing.js';

export const RUN_MODES: readonly RunMode[] = ['CONSOLE', 'ATTENDED', 'UNATTENDED'];

export interface AccessOptions {
  /** Only this person (`--as`). */
  as?: string;
  /** The connections inventory, and how to name it in the report (`connections`). */
  inventory?: { path: string; data: ConnectionsInventory };
}

export interface AccessInput {
  facts: FlowFacts;
  /** The file the flow was read from, as shown to the user. */
  file: string;
}

export function accessReport(flows: readonly AccessInput[], opts: AccessOptions = {}): AccessReport {
  return redactDeep({
    version: 1 as const,
    connections: opts.inventory?.path ?? null,
    flows: flows.map((f) => flowAccess(f.facts, f.file, opts)),
  });
}

export function flowAccess(facts: FlowFacts, file: string, opts: AccessOptions = {}): FlowAccess {
  const base: FlowAccess = {
    name: facts.name,
    file,
    schema: facts.schema,
    owner: facts.owner ?? null,
    runs: [...facts.runs],
    principals: [],
  };
  let people = principals(facts);
  if (opts.as !== undefined) {
    const role = roleOf(facts, opts.as);
    if (role === undefined) {
      const declared = facts.owner !== undefined || facts.shared;
      return {
        ...base,
        notShared: {
          email: opts.as,
          message: `flow '${facts.name}' is not shared with ${opts.as}${declared ? '' : ' (it declares no OWNER, COOWNER or USER)'}`,
        },
      };
    }
    people = people.filter((p) => emailKey(p.email) === emailKey(opts.as!));
  }
  base.principals = people.map((p) => principalAccess(facts, p.email, p.role, opts.inventory?.data));
  return base;
}

/** Who owns a reference: its OWNER, else the flow's owner. */
function referenceOwner(facts: FlowFacts, ref: ConnectionReferenceFact): string | undefined {
  return ref.owner ?? facts.owner;
}

function ownsReference(facts: FlowFacts, ref: ConnectionReferenceFact, email: string): boolean {
  return sameEmail(referenceOwner(facts, ref), email);
}

/** The references a person must bring their own connection for in a console run. */
export function bringOwnConnection(facts: FlowFacts, email: string, role: Role): ConnectionReferenceFact[] {
  const used = usedReferences(facts).map((u) => u.ref);
  if (role === 'user') return used;
  return used.filter((r) => !r.embedded && !ownsReference(facts, r, email));
}

export function principalAccess(facts: FlowFacts, email: string, role: Role, inventory?: ConnectionsInventory): PrincipalAccess {
  const byoc = bringOwnConnection(facts, email, role);
  return {
    email,
    role,
    runModes: RUN_MODES.map((mode) => runModeAccess(facts, role, mode, byoc)),
    bringOwnConnection: byoc.map((r) => r.logicalName),
    byocDialog: byocDialog(facts, email, role, inventory),
    defaultConnections: byoc.map((r) => defaultConnection(r, email, inventory)),
  };
}

const ROLE_WORDS: Record<Role, string> = { owner: 'the owner', coOwner: 'a co-owner', user: 'a run-only user' };

function runModeAccess(facts: FlowFacts, role: Role, mode: RunMode, byoc: ConnectionReferenceFact[]): RunModeAccess {
  const declared = facts.runs.includes(mode);
  let allowed: boolean;
  let reason: string;
  if (mode === 'CONSOLE') {
    allowed = true;
    reason =
      role === 'owner'
        ? 'the owner can run the flow from the console'
        : role === 'coOwner'
          ? 'co-owners can run a shared flow from the console'
          : 'run-only users can run a shared flow from the console';
    if (byoc.length) reason += `, bringing their own connection for ${listWords(byoc.map((r) => r.logicalName))}`;
  } else if (role === 'user') {
    allowed = false;
    reason = 'run-only users can only run shared flows from the console';
  } else {
    const p = cloudRunProblems(facts);
    if (p.v1) {
      allowed = false;
      reason = 'cloud-initiated runs need the Power Automate v2 schema, and the flow uses v1';
    } else if (p.notEmbedded.length) {
      const names = p.notEmbedded.map((u) => u.ref.logicalName);
      allowed = false;
      reason = `the flow is shared and connection reference${names.length > 1 ? 's' : ''} ${listWords(names)} ${names.length > 1 ? 'are' : 'is'} not embedded; a cloud-initiated run of a shared flow needs every connection reference embedded`;
    } else {
      allowed = true;
      const refs = usedReferences(facts).length;
      reason = !refs
        ? `the flow uses the v2 schema and no connection references, so ${ROLE_WORDS[role]} can start it from a cloud flow`
        : facts.shared
          ? 'the flow uses the v2 schema and every connection reference it uses is embedded'
          : 'the flow uses the v2 schema and is not shared, so its connection references need not be embedded';
    }
  }
  if (!declared) reason += ` (RUNS does not list ${mode})`;
  return { mode, allowed, declared, reason };
}

function connectionAccount(c: Connection): string {
  return emailKey(c.email ?? c.owner);
}

function isValid(c: Connection): boolean {
  return (c.status ?? 'Connected') === 'Connected';
}

/** Connections of `connector` that `email` can use: their own, or shared with them. */
export function availableConnections(inventory: ConnectionsInventory, connector: string, email: string): Connection[] {
  return inventory.connections.filter(
    (c) => normalizeConnectorId(c.connector) === connector && (sameEmail(c.owner, email) || (c.sharedWith ?? []).some((s) => sameEmail(s, email))),
  );
}

export function byocDialog(facts: FlowFacts, email: string, role: Role, inventory?: ConnectionsInventory): ByocDialog {
  const used = usedReferences(facts).map((u) => u.ref);
  if (used.length === 0) return { shown: false, reasons: ['the flow uses no connection references, so no connection is asked for'] };
  const failed: string[] = [];
  const held: string[] = [];

  // Embedded connections are also owned by the person running the flow.
  const embedded = used.filter((r) => r.embedded);
  const foreign = embedded.filter((r) => !ownsReference(facts, r, email));
  if (foreign.length) {
    for (const r of foreign) {
      const owner = referenceOwner(facts, r);
      failed.push(`embedded connection reference ${r.logicalName} is ${owner ? `owned by ${owner}` : 'owned by someone else'}, not by ${email}`);
    }
  } else if (embedded.length) held.push(`the embedded connection references (${listWords(embedded.map((r) => r.logicalName))}) are owned by ${email}`);

  if (!inventory) {
    if (failed.length) return { shown: true, reasons: failed };
    return { shown: null, reasons: [...held, 'no connections inventory was given (--connections or config `connections`), so which connections exist for each connector is unknown'] };
  }

  const connectors = [...new Set(used.map((r) => r.connector))];
  for (const k of connectors) {
    // A connector served only by embedded references (owners and co-owners): the embedded
    // connections are used, and the condition on their owner above decides.
    if (role !== 'user' && used.every((r) => r.connector !== k || r.embedded)) continue;
    const available = availableConnections(inventory, k, email);
    const others = available.filter((c) => !sameEmail(c.owner, email));
    if (others.length) failed.push(`connections of other users exist for ${k}: ${listWords(others.map((c) => `${c.id} (${c.owner})`))}`);
    else held.push(`only ${email}'s own connections exist for ${k}`);
    const accounts = [...new Set(available.map(connectionAccount))];
    if (accounts.length > 1) failed.push(`the connections available for ${k} use different accounts: ${listWords(accounts)}`);
    else if (accounts.length === 1) held.push(`every connection available for ${k} uses the account ${accounts[0]}`);
    if (!available.some(isValid)) {
      failed.push(
        available.length
          ? `no valid connection for ${k} is available to ${email} (${listWords(available.map((c) => `${c.id}: ${c.status ?? 'Connected'}`))})`
          : `no connection for ${k} is available to ${email}`,
      );
    } else held.push(`a valid connection for ${k} is available`);
  }
  return failed.length ? { shown: true, reasons: failed } : { shown: false, reasons: held };
}

export function defaultConnection(ref: ConnectionReferenceFact, email: string, inventory?: ConnectionsInventory): DefaultConnection {
  const c = inventory ? availableConnections(inventory, ref.connector, email).find(isValid) : undefined;
  return {
    connectionReference: ref.logicalName,
    connector: ref.connector,
    connection: c?.id ?? null,
    ...(c?.displayName !== undefined ? { displayName: c.displayName } : {}),
  };
}
