import { closest } from '../util/suggest.js';
import type { FileRule } from './rule.js';

/**
 * FC101: `External.InvokeCloudConnector Connection:` names no connection reference the flow
 * declares (header `CONNECTION` name, `LOGICALNAME` or `ID`; clipboard footer `InternalId` or
 * `LogicalName`; a solution record's `padInternalId`), or has no `Connection:` at all.
 */
export const unknownConnectionReference: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC101',
    name: 'unknown-connection-reference',
    severity: 'error',
    description: 'A connector action names a connection reference that the flow does not declare.',
    help: "declare the reference in the header (CONNECTION <Name> CONNECTOR '<connector>') or name an existing one in Connection:",
  },
  check(ctx) {
    const refs = ctx.facts.connectionReferences;
    const names = [...new Set(refs.flatMap((r) => [r.name, r.logicalName, ...(r.displayName ? [r.displayName] : [])]).filter((n) => n !== ''))];
    const declared = refs.filter((r) => r.name !== '').map((r) => `'${r.name}'`);
    for (const a of ctx.facts.connectorActions) {
      if (a.disabled || a.reference !== undefined) continue;
      const connector = a.connector;
      const same = connector ? refs.filter((r) => r.connector === connector) : [];
      const declareClause = (name: string): string => `CONNECTION ${name} CONNECTOR '${connector ?? 'shared_…'}'`;
      const useOrDeclare = (): string =>
        same.length === 1
          ? `the flow's reference for ${connector} is '${same[0]!.name}': write Connection: ${same[0]!.name}`
          : declared.length
            ? `name a declared reference in Connection: (${declared.slice(0, 6).join(', ')})`
            : `declare one in the header (${declareClause(suggestName(connector))}) and name it in Connection:`;

      if (a.connection === undefined) {
        ctx.report({
          span: a.connectionSpan ?? a.nameSpan,
          message:
            a.connectionSpan !== undefined
              ? 'Connection: must name a connection reference literally (a header CONNECTION name, a logical name or an id), not an expression'
              : 'this connector action has no Connection:, so it uses no connection reference',
          help: useOrDeclare(),
        });
        continue;
      }
      const guess = closest(a.connection, names);
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(a.connection) ? a.connection : suggestName(connector);
      ctx.report({
        span: a.connectionSpan ?? a.nameSpan,
        message: `connection reference '${a.connection}' is not declared in this flow`,
        help: guess
          ? `did you mean '${guess}'?`
          : same.length === 1 || declared.length
            ? useOrDeclare()
            : `declare it in the header: ${declareClause(name)}`,
      });
    }
  },
};

/** A header name to propose for a connector: `shared_sharepointonline` → `Sharepointonline`. */
function suggestName(connector: string | undefined): string {
  const base = (connector ?? '').replace(/^shared_/, '').replace(/[^A-Za-z0-9_]/g, '');
  return base ? base[0]!.toUpperCase() + base.slice(1) : 'Connection';
}
