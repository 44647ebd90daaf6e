/**
 * Connector actions resolved against the connector catalog: for each
 * `External.InvokeCloudConnector` of a flow, its connection reference, its connector (catalog
 * entry), its operation, and whether the connector is a custom one. Shared by the FC1xx rules
 * and the data-flow typing (FC201/FC202), so they all agree on what an action calls.
 */
import type { ConnectorCatalog, ConnectorInfo, OperationInfo } from '../catalog/connectors.js';
import type { ConnectionReferenceFact, ConnectorActionFact, FlowFacts } from './facts.js';

export interface ResolvedConnectorAction {
  fact: ConnectorActionFact;
  /** The connection reference `Connection:` names, when it resolves. */
  reference?: ConnectionReferenceFact;
  /** Short connector id (from `ConnectorId:`, else from the reference), lower case. */
  connectorId?: string;
  /** The connector's catalog entry, when the catalog knows it. */
  connector?: ConnectorInfo;
  /** The operation (exact, case-sensitive operationId), when the catalog has it. */
  operation?: OperationInfo;
  /** Custom connector (catalog `isCustom`, or the flow's own data says so). */
  custom: boolean;
}

/** Is `connectorId` a custom connector, by the catalog or by the flow's own data? */
export function isCustomConnector(facts: FlowFacts, catalog: ConnectorCatalog, connectorId: string): boolean {
  return catalog.get(connectorId)?.isCustom === true || (facts.customConnectors ?? []).includes(connectorId);
}

/** Resolved once per flow's facts and services: nine rules and the data-flow typing ask. */
const resolvedByFacts = new WeakMap<FlowFacts, { services: object; resolved: readonly ResolvedConnectorAction[] }>();
const NONE: readonly ResolvedConnectorAction[] = Object.freeze([]);

/**
 * Every connector action of the flow (disabled ones included: callers decide), in source order.
 * Computed once per facts and services; do not modify the array.
 */
export function resolveConnectorActions(facts: FlowFacts, services: { readonly connectors: ConnectorCatalog }): readonly ResolvedConnectorAction[] {
  // The catalog is loaded on first use (engine/services-data.ts): a flow without connector actions does not ask for it.
  if (facts.connectorActions.length === 0) return NONE;
  const known = resolvedByFacts.get(facts);
  if (known?.services === services) return known.resolved;
  const resolved = resolve(facts, services.connectors);
  resolvedByFacts.set(facts, { services, resolved });
  return resolved;
}

function resolve(facts: FlowFacts, catalog: ConnectorCatalog): ResolvedConnectorAction[] {
  return facts.connectorActions.map((fact) => {
    const reference = fact.reference !== undefined ? facts.connectionReferences[fact.reference] : undefined;
    const connectorId = fact.connector || undefined;
    const connector = connectorId ? catalog.get(connectorId) : undefined;
    const operation = connectorId && fact.operationId !== undefined ? catalog.operation(connectorId, fact.operationId) : undefined;
    return {
      fact,
      ...(reference ? { reference } : {}),
      ...(connectorId ? { connectorId } : {}),
      ...(connector ? { connector } : {}),
      ...(operation ? { operation } : {}),
      custom: connectorId ? isCustomConnector(facts, catalog, connectorId) : false,
    };
  });
}

/** How an input is written in a script: `@dataset`, `@'item/Title'`. */
export function inputLabel(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `@${name}` : `@'${name.replace(/'/g, "\\'")}'`;
}
