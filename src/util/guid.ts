/**
 * GUIDs: the one normalisation flowc compares them by, and stable ids for what a `.flow` file
 * leaves out: RFC 4122 name-based UUIDs (version 5, SHA-1), so the same flow name and reference
 * name give the same workflowId and padInternalId on every machine and in every build. Pure;
 * node:crypto only.
 */
import { createHash } from './crypto.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** flowc's namespace: uuidv5(NAMESPACE_URL, "https://github.com/flowc/flowc"). Never change it: ids derived from it are in users' environments. */
export const FLOWC_NAMESPACE = 'c12960c7-0696-5451-8813-5c6c1763e364';

/**
 * The one normalisation of the ids PAD writes as GUIDs (workflow ids, connection references'
 * padInternalId, binary ids), for comparing them: trimmed, without surrounding braces, lower case
 * (`{78AC15AE-…}` → `78ac15ae-…`). Any text is accepted: an id that is not a GUID keeps its
 * characters, so it still compares equal only to itself.
 */
export function normalizeId(s: string): string {
  return s.trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();
}

/** The same, for an id that must be a GUID: undefined when `s` is not one (braces and case are accepted). */
export function normalizeGuid(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const g = normalizeId(s);
  return GUID.test(g) ? g : undefined;
}

/** RFC 4122 §4.3 version-5 UUID of `name` (UTF-8) in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  const ns = normalizeGuid(namespace);
  if (!ns) throw new Error(`uuidV5: namespace is not a GUID: ${namespace}`);
  const bytes = createHash('sha1').update(Buffer.from(ns.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The workflowId of a flow whose header gives none: derived from its name. */
export function derivedWorkflowId(flowName: string): string {
  return uuidV5(flowName, FLOWC_NAMESPACE);
}

/** The padInternalId of a connection reference whose header gives none: derived from the flow's name and the reference's logical name. */
export function derivedPadInternalId(flowName: string, logicalName: string): string {
  return uuidV5(logicalName, uuidV5(flowName, FLOWC_NAMESPACE));
}
