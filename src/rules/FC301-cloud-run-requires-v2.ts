import type { FileRule } from './rule.js';
import type { TextEdit } from '../model/diagnostic.js';
import { clauseCode, cloudRunModes, listWords } from '../analysis/sharing.js';

/**
 * FC301: the flow allows cloud-initiated runs (`RUNS ATTENDED` or `RUNS UNATTENDED`) but uses the
 * v1 schema. Cloud-initiated runs need the Power Automate v2 schema.
 */
export const cloudRunRequiresV2: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC301',
    name: 'cloud-run-requires-v2',
    severity: 'error',
    description: 'The flow allows cloud-initiated runs (ATTENDED or UNATTENDED) but uses the v1 schema.',
    help: 'change the header clause SCHEMA V1 to SCHEMA V2, or remove ATTENDED and UNATTENDED from RUNS',
    fixable: true,
  },
  check(ctx) {
    const { facts, flow } = ctx;
    const modes = cloudRunModes(facts);
    if (facts.schema !== 'V1' || modes.length === 0) return;
    const header = flow.header;
    let edit: TextEdit | undefined;
    if (facts.schemaSpan) edit = { span: clauseCode(ctx.doc.text, facts.schemaSpan), text: 'SCHEMA V2' };
    else if (header) {
      // No SCHEMA clause to replace (v1 came from elsewhere): add one before END FLOW.
      const eol = ctx.doc.text.includes('\r\n') ? '\r\n' : '\n';
      edit = { span: { start: header.endLineStart, end: header.endLineStart }, text: `${header.indent}SCHEMA V2${eol}` };
    }
    const span = facts.schemaSpan ? clauseCode(ctx.doc.text, facts.schemaSpan) : (facts.runsSpan ?? facts.headerSpan);
    if (!span) return;
    ctx.report({
      span,
      message: `flow '${facts.name}' allows cloud-initiated runs (${listWords(modes)}) but uses the v1 schema; cloud-initiated runs need the Power Automate v2 schema`,
      help: `change ${facts.schemaSpan ? 'SCHEMA V1' : 'the schema'} to SCHEMA V2, or remove ${listWords(modes)} from RUNS`,
      ...(facts.runsSpan && facts.runsSpan !== span ? { related: [{ span: facts.runsSpan, message: 'cloud-initiated runs are allowed here' }] } : {}),
      ...(edit ? { fix: { description: 'use SCHEMA V2', edits: [edit] } } : {}),
    });
  },
};
