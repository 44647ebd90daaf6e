import { resolveConnectorActions } from '../analysis/connector-actions.js';
import type { FileRule } from './rule.js';

export const DATAVERSE = 'shared_commondataserviceforapps';

/** The Microsoft Dataverse operations desktop flows support (seed 000, "Cloud Connectors"). */
export const SUPPORTED_DATAVERSE_OPERATIONS: readonly string[] = [
  'ListRecordsWithOrganization',
  'CreateRecordWithOrganization',
  'GetItemWithOrganization',
  'DeleteRecordWithOrganization',
  'UpdateOnlyRecordWithOrganization',
  'PerformBoundActionWithOrganization',
  'PerformUnboundActionWithOrganization',
  'AssociateEntitiesWithOrganization',
  'DisassociateEntitiesWithOrganization',
  'GetEntityFileImageFieldContentWithOrganization',
  'UpdateEntityFileImageFieldContentWithOrganization',
];

const UPSERT = new Set(['UpdateRecord', 'UpdateRecordWithOrganization']);

/** The supported operation doing the same thing, if there is one (`ListRecords` → `ListRecordsWithOrganization`). */
export function supportedDataverseEquivalent(operationId: string): string | undefined {
  const base = operationId.replace(/WithOrganization$/, '');
  return SUPPORTED_DATAVERSE_OPERATIONS.find((s) => s === `${base}WithOrganization`);
}

/**
 * FC104: a Microsoft Dataverse operation that desktop flows do not support. Only the eleven
 * "… selected environment" operations run in desktop flows (their Environment parameter also
 * takes "Current"). Operations the catalog does not know are FC103's; triggers too.
 */
export const unsupportedDataverseOperation: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC104',
    name: 'unsupported-dataverse-operation',
    severity: 'error',
    description: 'A Microsoft Dataverse operation that desktop flows do not support.',
    help: `use one of the supported "… selected environment" operations: ${SUPPORTED_DATAVERSE_OPERATIONS.join(', ')}`,
  },
  check(ctx) {
    for (const x of resolveConnectorActions(ctx.facts, ctx.services)) {
      const a = x.fact;
      if (a.disabled || x.connectorId !== DATAVERSE || a.operationId === undefined || !a.operationSpan) continue;
      if (SUPPORTED_DATAVERSE_OPERATIONS.includes(a.operationId)) continue;
      // Unknown operations and triggers are reported by FC103 when the catalog knows them all.
      if (x.operation?.trigger || (!x.operation && x.connector?.operationsKnown !== false)) continue;
      const equivalent = supportedDataverseEquivalent(a.operationId);
      const title = x.operation?.summary ? ` ("${x.operation.summary}")` : '';
      ctx.report({
        span: a.operationSpan,
        message: `desktop flows do not support the Dataverse operation '${a.operationId}'${title}`,
        help: equivalent
          ? `use '${equivalent}' instead (the same operation on a selected environment, given in @organization)`
          : UPSERT.has(a.operationId)
            ? "desktop flows have no upsert: find the row (GetItemWithOrganization or ListRecordsWithOrganization), then use 'UpdateOnlyRecordWithOrganization' or 'CreateRecordWithOrganization'"
            : this.meta.help,
      });
    }
  },
};
