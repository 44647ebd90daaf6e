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
 *   co-owners of a flow with cloud connector actions only with the v2 schema and, when the flow
 *   is shared, every connection reference it uses embedded (the same conditions as FC301/FC302);
 *   a mode RUNS does not list is "not enabled";
 * - bring your own connection: co-owners (and the owner) for the references that are not
 *   embedded, unless they own them; run-only users for every reference, embedded ones too;
 * - the BYOC dialog is generally displayed in console runs, and suppressed only if all four
 *   documented conditions hold for every connector the flow uses (see byocDialog);
 * - the dialog selects the first compatible existing connection by default.
 *
 * A reference without OWNER is taken to be the flow owner's. "Available" connections are those
 * the person owns or that are shared with them; "valid" ones have status Connected (the default);
 * the default selection is the first available connection of the reference's connector, in
 * inventory order (see defaultConnection).
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

/** Why `bringOwnConnection` is what it is, in the documentation's words. */
function bringOwnConnectionReason(facts: FlowFacts, email: string, role: Role, byoc: ConnectionReferenceFact[]): string {
  const used = usedReferences(facts).map((u) => u.ref);
  if (used.length === 0) return 'the flow uses no connection references';
  const names = (rs: ConnectionReferenceFact[]): string => listWords(rs.map((r) => r.logicalName));
  if (role === 'user') return `run-only users bring their own connection for every connection reference, even embedded ones: ${names(byoc)}`;
  if (byoc.length) return `${ROLE_WORDS[role]} brings their own connection in console runs for the connection references that are not embedded and not theirs: ${names(byoc)}`;
  const embedded = used.filter((r) => r.embedded && !ownsReference(facts, r, email));
  const own = used.filter((r) => ownsReference(facts, r, email));
  const parts: string[] = [];
  if (own.length) parts.push(`${names(own)} ${own.length > 1 ? 'are' : 'is'} ${email}'s own`);
  if (embedded.length) parts.push(`${names(embedded)} ${embedded.length > 1 ? 'are' : 'is'} embedded, and embedded references serve co-owners`);
  return parts.join('; ');
}

export function principalAccess(facts: FlowFacts, email: string, role: Role, inventory?: ConnectionsInventory): PrincipalAccess {
  const byoc = bringOwnConnection(facts, email, role);
  return {
    email,
    role,
    runModes: RUN_MODES.map((mode) => runModeAccess(facts, role, mode, byoc)),
    bringOwnConnection: byoc.map((r) => r.logicalName),
    bringOwnConnectionReason: bringOwnConnectionReason(facts, email, role, byoc),
    byocDialog: byocDialog(facts, email, role, inventory),
    defaultConnections: byoc.map((r) => defaultConnection(r, email, inventory)),
  };
}

const ROLE_WORDS: Record<Role, string> = { owner: 'the owner', coOwner: 'a co-owner', user: 'a run-only user' };

/** What stands between an owner or co-owner and a cloud-initiated run, in words (empty: nothing). */
function cloudRunObstacles(facts: FlowFacts): string[] {
  const p = cloudRunProblems(facts);
  const out: string[] = [];
  if (p.v1) out.push('the flow contains cloud connector actions and uses the v1 schema: it must be migrated to the Power Automate v2 schema');
  if (p.notEmbedded.length) {
    const names = p.notEmbedded.map((u) => u.ref.logicalName);
    out.push(`the flow is shared, so every connection reference must be embedded, and ${listWords(names)} ${names.length > 1 ? 'are' : 'is'} not`);
  }
  return out;
}

/**
 * One verdict per run mode, with its reason. A mode the flow's RUNS does not list is "not
 * enabled" (with what else enabling it would take); a mode the person's role excludes is "not
 * allowed" whatever RUNS says.
 */
function runModeAccess(facts: FlowFacts, role: Role, mode: RunMode, byoc: ConnectionReferenceFact[]): RunModeAccess {
  const declared = facts.runs.includes(mode);
  const result = (verdict: RunModeAccess['verdict'], reason: string): RunModeAccess => ({ mode, verdict, allowed: verdict === 'allowed', declared, reason });
  if (mode === 'CONSOLE') {
    if (!declared) return result('notEnabled', 'RUNS does not list CONSOLE: add CONSOLE to RUNS to enable console runs');
    const who = role === 'owner' ? 'the owner can run the flow from the console' : role === 'coOwner' ? 'co-owners can run a shared flow from the console' : 'run-only users can run a shared flow from the console';
    return result('allowed', byoc.length ? `${who}, bringing their own connection for ${listWords(byoc.map((r) => r.logicalName))}` : who);
  }
  const what = mode === 'ATTENDED' ? 'attended' : 'unattended';
  if (role === 'user') return result('notAllowed', 'run-only users can only perform attended, console initiated runs, never runs started by a cloud flow');
  const obstacles = cloudRunObstacles(facts);
  if (!declared) {
    return result(
      'notEnabled',
      `RUNS does not list ${mode}: to enable ${what} (cloud-initiated) runs, add ${mode} to RUNS${obstacles.length ? `; besides, ${obstacles.join('; and ')}` : ''}`,
    );
  }
  if (obstacles.length) return result('notAllowed', `a cloud flow cannot start it: ${obstacles.join('; and ')}`);
  const refs = usedReferences(facts).length;
  const hasActions = facts.connectorActions.some((a) => !a.disabled);
  return result(
    'allowed',
    !hasActions
      ? `a cloud flow can start it: it contains no cloud connector actions, so neither the v2 schema nor embedded references are required`
      : !refs
        ? `a cloud flow can start it: it uses the v2 schema and no connection references`
        : facts.shared
          ? 'a cloud flow can start it: it uses the v2 schema and every connection reference it uses is embedded'
          : 'a cloud flow can start it: it uses the v2 schema and is not shared, so its connection references need not be embedded',
  );
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

/**
 * The BYOC dialog: shown in console runs unless all four documented conditions hold, for every
 * connector the flow uses (one used only through embedded references included):
 * 1. only the person's own connections exist for each connector;
 * 2. embedded connections are owned by the person;
 * 3. all available connections for each connector use the same e-mail account;
 * 4. a valid connection is available for each connector.
 * Without an inventory only condition 2 can be judged: when it fails the dialog is shown,
 * otherwise it cannot be told (`shown: null`).
 */
export function byocDialog(facts: FlowFacts, email: string, _role: Role, inventory?: ConnectionsInventory): ByocDialog {
  const used = usedReferences(facts).map((u) => u.ref);
  if (used.length === 0) return { shown: false, reasons: ['the flow uses no connection references, so no connection is asked for'] };
  const failed: string[] = [];
  const held: string[] = [];

  // 2. Embedded connections are also owned by the user running the flow.
  const embedded = used.filter((r) => r.embedded);
  const foreign = embedded.filter((r) => !ownsReference(facts, r, email));
  if (foreign.length) {
    for (const r of foreign) {
      const owner = referenceOwner(facts, r);
      failed.push(`embedded connection reference ${r.logicalName} is ${owner ? `owned by ${owner}` : 'owned by someone not declared (no OWNER)'}, not by ${email}`);
    }
  } else if (embedded.length) held.push(`the embedded connection references (${listWords(embedded.map((r) => r.logicalName))}) are owned by ${email}`);

  if (!inventory) {
    if (failed.length) return { shown: true, reasons: failed };
    return { shown: null, reasons: [...held, 'no connections inventory was given (--connections or config `connections`), so which connections exist for each connector is unknown'] };
  }

  for (const k of [...new Set(used.map((r) => r.connector))]) {
    const available = availableConnections(inventory, k, email);
    // 1. Only user-owned connections exist for each connector used in the flow.
    const others = available.filter((c) => !sameEmail(c.owner, email));
    if (others.length) failed.push(`connections of other users are available for ${k}: ${listWords(others.map((c) => `${c.id} (${c.owner})`))}`);
    else held.push(`only ${email}'s own connections exist for ${k}`);
    // 3. All available connections for each connector correspond to the same email account.
    const accounts = [...new Set(available.map(connectionAccount))];
    if (accounts.length > 1) failed.push(`the connections available for ${k} are for different e-mail accounts: ${listWords(accounts)}`);
    else if (accounts.length === 1) held.push(`every connection available for ${k} is for the account ${accounts[0]}`);
    // 4. Valid connections are available for all connectors.
    if (!available.some(isValid)) {
      failed.push(
        available.length
          ? `no valid connection for ${k} is available to ${email} (${listWords(available.map((c) => `${c.id}: ${c.status ?? 'Connected'}`))})`
          : `no connection for ${k} in the inventory is ${email}'s own or shared with them`,
      );
    } else held.push(`a valid connection for ${k} is available`);
  }
  return failed.length ? { shown: true, reasons: failed } : { shown: false, reasons: held };
}

/**
 * The connection the dialog selects by default: "In case there are compatible existing
 * connections available, the first one will be selected by default" (seed 001). The first
 * compatible connection available to the person, in inventory order, whatever its status: the
 * documentation does not say invalid ones are passed over, so flowc does not pass over them
 * either; it says when the selected one is not valid (the person must then pick another).
 */
export function defaultConnection(ref: ConnectionReferenceFact, email: string, inventory?: ConnectionsInventory): DefaultConnection {
  const c = inventory ? availableConnections(inventory, ref.connector, email)[0] : undefined;
  return {
    connectionReference: ref.logicalName,
    connector: ref.connector,
    connection: c?.id ?? null,
    ...(c?.displayName !== undefined ? { displayName: c.displayName } : {}),
    ...(c ? { status: c.status ?? 'Connected', valid: isValid(c) } : {}),
  };
}
