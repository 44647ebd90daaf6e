/**
 * The connection references a built flow carries: those its connector actions use, with the
 * padInternalId the script's `Connection:` values will hold and the full connector id.
 */
import type { ConnectionReferenceFact, FlowFacts } from '../analysis/facts.js';
import { CONNECTOR_ID_PREFIX, normalizeConnectorId } from '../catalog/swagger.js';
import { derivedPadInternalId, normalizeGuid } from '../util/guid.js';

export interface BuiltReference {
  /** Index into FlowFacts.connectionReferences. */
  index: number;
  fact: ConnectionReferenceFact;
  padInternalId: string;
  /** `/providers/Microsoft.PowerApps/apis/<connector>`, keeping the case the source wrote. */
  connectorId: string;
}

/** A problem that stops a flow from being built, at an offset of its source text when known. */
export interface CodegenProblem {
  message: string;
  offset?: number;
}

/** The full connector id as written (a full id stays as it is; a short name gets the prefix). */
export function fullConnectorIdAsWritten(written: string, normalized: string): string {
  const w = written.trim();
  if (w.toLowerCase().startsWith(CONNECTOR_ID_PREFIX.toLowerCase())) return CONNECTOR_ID_PREFIX + w.slice(CONNECTOR_ID_PREFIX.length).replace(/\/+$/, '');
  if (w !== '' && !w.includes('/')) return CONNECTOR_ID_PREFIX + w;
  return CONNECTOR_ID_PREFIX + (normalized || normalizeConnectorId(w));
}

/**
 * The references used by the flow's connector actions (disabled ones included: their text is in
 * the definition too), in declaration order. References declared but never used are left out,
 * as PAD leaves them out of the record. Problems: an enabled action whose `Connection:` is
 * missing or names no reference, a reference id that is not a GUID.
 */
export function builtReferences(flowName: string, facts: FlowFacts): { references: BuiltReference[]; problems: CodegenProblem[] } {
  const problems: CodegenProblem[] = [];
  const used = new Set<number>();
  for (const a of facts.connectorActions) {
    if (a.reference !== undefined) used.add(a.reference);
    else if (!a.disabled) {
      problems.push(
        a.connection === undefined
          ? { message: 'External.InvokeCloudConnector has no Connection: naming its connection reference', offset: a.nameSpan.start }
          : { message: `Connection: '${a.connection}' names no connection reference of the flow`, offset: a.connectionSpan?.start ?? a.nameSpan.start },
      );
    }
  }
  const references: BuiltReference[] = [];
  facts.connectionReferences.forEach((fact, index) => {
    if (!used.has(index)) return;
    if (fact.connector === '') {
      problems.push({ message: `connection reference ${fact.source === 'header' ? fact.name : fact.logicalName} has no connector: say which (CONNECTOR 'shared_…')`, offset: fact.span?.start });
      return;
    }
    let padInternalId: string;
    if (fact.padInternalId !== undefined) {
      const id = normalizeGuid(fact.padInternalId);
      if (!id) {
        problems.push({ message: `connection reference ${fact.name}: ID '${fact.padInternalId}' is not a GUID`, offset: fact.span?.start });
        return;
      }
      padInternalId = id;
    } else {
      padInternalId = derivedPadInternalId(flowName, fact.logicalName);
    }
    references.push({ index, fact, padInternalId, connectorId: fullConnectorIdAsWritten(fact.connectorWritten, fact.connector) });
  });
  return { references, problems };
}
