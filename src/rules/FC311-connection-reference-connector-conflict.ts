import type { ProjectRule } from './rule.js';
import type { RelatedLocation } from '../model/diagnostic.js';
import type { ConnectionReferenceFact } from '../analysis/facts.js';
import type { ProjectDocument } from '../analysis/project.js';
import type { Span } from '../ir/span.js';
import { declarationSpan, listWords } from '../analysis/sharing.js';

/**
 * FC311 (project, error): one connection reference logical name is declared for two different
 * connectors across the flows of the project (`contoso_Shared` for SharePoint in one flow, for
 * Office 365 Outlook in another). In a solution a connection reference is one object with one
 * connector, so the flows cannot both be right; flowc reports the conflict rather than guess
 * (and `build`, which writes nothing while an error stands, writes neither).
 *
 * Logical names compare without regard to case (as Dataverse compares them). Linear: one pass
 * over every declared reference, grouped by logical name.
 */
export const connectionReferenceConnectorConflict: ProjectRule = {
  kind: 'project',
  meta: {
    code: 'FC311',
    name: 'connection-reference-connector-conflict',
    severity: 'error',
    description: 'One connection reference logical name is declared for two different connectors across the flows of the project.',
    help: 'give one of the connection references another logical name (LOGICALNAME), so that each logical name has one connector',
  },
  check(ctx) {
    interface Declaration {
      doc: ProjectDocument;
      ref: ConnectionReferenceFact;
    }
    const byName = new Map<string, Declaration[]>();
    for (const doc of ctx.project.documents) {
      for (const ref of doc.facts.connectionReferences) {
        if (!ref.connector || !ref.logicalName) continue;
        const key = ref.logicalName.toLowerCase();
        let list = byName.get(key);
        if (!list) byName.set(key, (list = []));
        list.push({ doc, ref });
      }
    }
    const where = (d: Declaration): string => (d.doc.doc.flowName !== undefined ? `${d.doc.doc.path} › ${d.doc.doc.flowName}` : d.doc.doc.path);
    // Each declaration's span, found once: it is asked for once per declaration of its name.
    const spans = new Map<Declaration, Span | undefined>();
    const spanOf = (d: Declaration): Span | undefined => {
      if (spans.has(d)) return spans.get(d);
      const span = findSpan(d);
      spans.set(d, span);
      return span;
    };
    const findSpan = (d: Declaration): Span | undefined => {
      const firstUse = d.doc.facts.connectorActions.find((a) => a.reference !== undefined && d.doc.facts.connectionReferences[a.reference] === d.ref);
      return declarationSpan(d.doc.doc.text, { ref: d.ref, ...(firstUse ? { firstUse } : {}) }, { embedding: false }) ?? firstUse?.nameSpan ?? d.doc.facts.headerSpan;
    };
    for (const decls of byName.values()) {
      const connectors = [...new Set(decls.map((d) => d.ref.connector))];
      if (connectors.length < 2) continue;
      for (const d of decls) {
        if (!d.doc.reported) continue;
        const span = spanOf(d);
        if (!span) continue;
        const others = decls.filter((o) => o.ref.connector !== d.ref.connector);
        const related: RelatedLocation[] = [];
        for (const o of others) {
          const s = spanOf(o);
          if (s) related.push({ documentIndex: o.doc.index, span: s, message: `${o.ref.logicalName} is declared for ${o.ref.connector} ${o.doc.index === d.doc.index ? 'here too' : `in flow '${o.doc.facts.name}'`}` });
        }
        const elsewhere = [...new Set(others.map((o) => (o.doc.index === d.doc.index ? `${o.ref.connector} by another declaration of this flow` : `${o.ref.connector} in flow '${o.doc.facts.name}' (${where(o)})`)))];
        ctx.report(d.doc.index, {
          span,
          message: `connection reference ${d.ref.logicalName} is declared for ${d.ref.connector} here, but for ${listWords(elsewhere)}; in a solution a connection reference is one object with one connector`,
          help: `give one of them another logical name (LOGICALNAME '…' on its CONNECTION clause), so that ${d.ref.logicalName} has one connector`,
          related,
        });
      }
    }
  },
};
