import type { FileRule } from './rule.js';
import type { Fix } from '../model/diagnostic.js';
import { clauseCode, cloudRunModes, cloudRunProblems, listWords } from '../analysis/sharing.js';

/**
 * FC301: the flow allows cloud-initiated runs (`RUNS ATTENDED` or `RUNS UNATTENDED`), contains
 * cloud connector actions, and uses the v1 schema. The documentation states the v2 requirement
 * for desktop flows that contain cloud connector actions; a v1 flow of standard actions only
 * (`Folder.Create`) is not reported.
 *
 * No fix: a v1 flow becomes v2 by migrating it in Power Automate, not by relabelling it. The
 * diagnostic suggests (shows, never applies) `SCHEMA V2`, and dropping the cloud run modes.
 */
export const cloudRunRequiresV2: FileRule = {
  kind: 'file',
  meta: {
    code: 'FC301',
    name: 'cloud-run-requires-v2',
    severity: 'error',
    description: 'The flow allows cloud-initiated runs (ATTENDED or UNATTENDED) and contains cloud connector actions, but uses the v1 schema.',
    help: 'migrate the flow to the Power Automate v2 schema in Power Automate, then write SCHEMA V2; or remove ATTENDED and UNATTENDED from RUNS',
    hasSuggestions: true,
  },
  check(ctx) {
    const { facts, flow, doc } = ctx;
    const modes = cloudRunModes(facts);
    if (modes.length === 0) return;
    const p = cloudRunProblems(facts);
    if (!p.v1 || !p.firstConnectorAction) return;
    const suggestions: Fix[] = [];
    const header = flow.header;
    if (facts.schemaSpan) suggestions.push({ description: 'once the flow has been migrated to the v2 schema in Power Automate, write SCHEMA V2', edits: [{ span: clauseCode(doc.text, facts.schemaSpan), text: 'SCHEMA V2' }] });
    else if (header) {
      const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
      suggestions.push({
        description: 'once the flow has been migrated to the v2 schema in Power Automate, write SCHEMA V2',
        edits: [{ span: { start: header.endLineStart, end: header.endLineStart }, text: `${header.indent}SCHEMA V2${eol}` }],
      });
    }
    if (facts.runsSpan) {
      const rest = facts.runs.filter((r) => r === 'CONSOLE');
      suggestions.push({ description: `stop allowing cloud-initiated runs: remove ${listWords(modes)} from RUNS`, edits: [{ span: clauseCode(doc.text, facts.runsSpan), text: `RUNS ${rest.length ? rest.join(', ') : 'CONSOLE'}` }] });
    }
    const span = facts.schemaSpan ? clauseCode(doc.text, facts.schemaSpan) : (facts.runsSpan ?? facts.headerSpan);
    if (!span) return;
    const related = [];
    if (facts.runsSpan && facts.runsSpan !== span) related.push({ span: facts.runsSpan, message: 'cloud-initiated runs are allowed here' });
    related.push({ span: p.firstConnectorAction.nameSpan, message: 'the flow contains cloud connector actions, like this one' });
    ctx.report({
      span,
      message: `flow '${facts.name}' allows cloud-initiated runs (${listWords(modes)}) and contains cloud connector actions, but uses the v1 schema; a desktop flow with cloud connector actions needs the Power Automate v2 schema to be invoked by a cloud flow`,
      help: `migrate the flow to the v2 schema in Power Automate, then change ${facts.schemaSpan ? 'SCHEMA V1' : 'the schema'} to SCHEMA V2; or remove ${listWords(modes)} from RUNS`,
      related,
      suggestions,
    });
  },
};
