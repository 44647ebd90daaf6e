/**
 * The governance report as JSON (schemas/report.schema.json), CSV (one row per flow × connector ×
 * operation, RFC 4180) and Markdown (readable tables). All three render the same model.
 */
import type { GovernanceReport, ReportFlow } from '../generated/report.js';
import { jsonText } from '../util/json-text.js';

export function renderReportJson(report: GovernanceReport): string {
  return `${jsonText(report)}\n`;
}

/**
 * Characters a terminal, editor or browser would act on rather than show (control characters
 * such as ESC and BEL, line and paragraph separators, bidirectional overrides like U+202E that
 * reorder what a reviewer reads): text from a flow shows them as `\u001b`. Tab, CR and LF are
 * left to each format (a CSV field quotes them, Markdown folds them into spaces).
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. A text that
 * a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return: a flow named `=HYPERLINK(…)`, an owner `+cmd|…`) gets a leading `'` and is quoted, as
 * OWASP recommends against CSV injection; numbers are written as they are.
 */
export function csvField(value: string | number | null | undefined): string {
  if (typeof value === 'number') return String(value);
  // Line breaks too: RFC 4180 allows them inside quotes, but a report printed to a CI log would
  // then start a line with text from a flow (`::error::…`, a workflow command).
  let s = value === null || value === undefined ? '' : printable(value).replace(/\r/g, '\\u000d').replace(/\n/g, '\\u000a');
  const formula = /^[=+\-@\t\r]/.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export const CSV_HEADER = [
  'flow',
  'file',
  'workflowId',
  'owner',
  'schema',
  'runs',
  'connector',
  'connectorName',
  'tier',
  'operation',
  'connectionReferences',
  'dlp',
] as const;

/** One verdict summary per flow: `allowed`, or `blocked (FC401 policy; …)`. */
export function dlpSummary(flow: ReportFlow): string {
  if (flow.dlp.length === 0) return '';
  const blocked = flow.dlp.filter((v) => v.verdict === 'blocked');
  if (blocked.length === 0) return 'allowed';
  return `blocked (${blocked.map((v) => `${v.rule ?? ''} ${v.policy}`.trim()).join('; ')})`;
}

/**
 * One row per flow × connector × operation, with a header row and CRLF line ends (RFC 4180). A
 * flow that uses no connector still has one row, with the connector and operation empty.
 */
export function renderReportCsv(report: GovernanceReport): string {
  const connectors = new Map(report.connectors.map((c) => [c.id, c]));
  let out = csvRow(CSV_HEADER);
  for (const f of report.flows) {
    const common = [f.name, f.file, f.workflowId ?? '', f.owner ?? '', f.schema, f.runs.join(' ')];
    const dlp = dlpSummary(f);
    if (f.connectors.length === 0) out += csvRow([...common, '', '', '', '', '', dlp]);
    for (const c of f.connectors) {
      const info = connectors.get(c.id);
      const ops = c.operations.length > 0 ? c.operations : [''];
      for (const op of ops) out += csvRow([...common, c.id, info?.displayName ?? c.id, info?.tier ?? '', op, c.connectionReferences.join(' '), dlp]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Text in a table cell or a heading: Markdown's special characters escaped, one line. */
export function mdText(s: string): string {
  return printable(s).replace(/\r\n|\r|\n/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** A code span that survives any content (backticks inside, pipes in tables). */
export function mdCode(s: string): string {
  if (s === '') return '';
  const one = printable(s).replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...one.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const LICENCE_NAMES: Readonly<Record<string, string>> = {
  'attended-rpa': 'Attended RPA',
  'unattended-rpa': 'Unattended RPA',
  premium: 'Premium',
  'unknown-tier': 'Premium? (tier unknown)',
};

export function licenceLabel(l: string): string {
  return LICENCE_NAMES[l] ?? l;
}

export function renderReportMarkdown(report: GovernanceReport): string {
  const t = report.totals;
  const parts: string[] = ['# flowc governance report', ''];
  if (report.environment !== undefined) parts.push(`Environment: ${mdCode(report.environment)}`, '');
  parts.push(
    `${t.flows} flow${t.flows === 1 ? '' : 's'}, ${t.connectorActions} cloud connector action${t.connectorActions === 1 ? '' : 's'}, ${report.connectors.length} connector${report.connectors.length === 1 ? '' : 's'}, ${t.connectionReferences.length} connection reference${t.connectionReferences.length === 1 ? '' : 's'}.`,
    '',
  );

  parts.push('## Connectors', '');
  if (report.connectors.length === 0) parts.push('No flow uses a cloud connector.', '');
  else {
    const totals = new Map(t.connectors.map((c) => [c.id, c]));
    parts.push(
      table(
        ['Connector', 'Name', 'Tier', 'Flows', 'Actions', 'Operations (actions)'],
        report.connectors.map((c) => [
          mdCode(c.id),
          mdText(c.displayName),
          mdText(c.tier ?? 'unknown'),
          String(c.flows.length),
          String(totals.get(c.id)?.actions ?? 0),
          Object.entries(c.operations)
            .map(([op, n]) => `${mdCode(op)} (${n})`)
            .join(', '),
        ]),
      ),
      '',
    );
  }

  parts.push('## Owners', '');
  parts.push(
    table(
      ['Owner', 'Flows', 'Connector actions', 'Connectors'],
      t.owners.map((o) => [o.owner === null ? '_unknown_' : mdText(o.owner), String(o.flows), String(o.connectorActions), o.connectors.map(mdCode).join(', ')]),
    ),
    '',
  );

  parts.push('## Connection references', '');
  if (t.connectionReferences.length === 0) parts.push('No connection references.', '');
  else {
    parts.push(
      table(
        ['Logical name', 'Connector', 'Flows', 'Embedded in', 'Actions'],
        t.connectionReferences.map((r) => [mdCode(r.logicalName), mdCode(r.connector), String(r.flows), String(r.embeddedIn), String(r.actions)]),
      ),
      '',
    );
  }

  parts.push('## Flows', '');
  for (const f of report.flows) {
    parts.push(`### ${mdText(f.name)}`, '');
    const facts: [string, string][] = [
      ['File', mdCode(f.file)],
      ...(f.workflowId !== undefined ? ([['Workflow id', mdCode(f.workflowId)]] as [string, string][]) : []),
      ...(f.description !== undefined ? ([['Description', mdText(f.description)]] as [string, string][]) : []),
      ['Schema', f.schema],
      ['Owner', f.owner === null ? '_unknown_' : mdText(f.owner)],
      ['Co-owners', f.coOwners.map(mdText).join(', ') || '_none_'],
      ['Run-only users', f.users.map(mdText).join(', ') || '_none_'],
      ['Runs', f.runs.join(', ')],
      ['Licences', f.licence.map((l) => `${licenceLabel(l.licence)}: ${mdText(l.reason)}`).join('; ') || '_none_'],
    ];
    if (f.dlp.length > 0) facts.push(['DLP', mdText(dlpSummary(f))]);
    parts.push(table(['', ''], facts.map(([k, v]) => [`**${k}**`, v])), '');
    if (f.connectors.length === 0) parts.push('Uses no cloud connector.', '');
    else {
      parts.push(
        table(
          ['Connector', 'Operation', 'Connection references'],
          f.connectors.flatMap((c) => (c.operations.length > 0 ? c.operations : ['']).map((op) => [mdCode(c.id), mdCode(op), c.connectionReferences.map(mdCode).join(', ')])),
        ),
        '',
      );
    }
    if (f.connectionReferences.length > 0) {
      parts.push(
        table(
          ['Connection reference', 'Connector', 'Embedded', 'Owner'],
          f.connectionReferences.map((r) => [mdCode(r.logicalName), mdCode(r.connector), r.embedded ? 'yes' : 'no', r.owner === null ? '_unknown_' : mdText(r.owner)]),
        ),
        '',
      );
    }
    if (f.childFlows.length > 0) {
      parts.push('Child flows:', '', ...f.childFlows.map((c) => `- ${c.name !== null ? mdText(c.name) : '_unknown_'}${c.id ? ` (${mdCode(c.id)})` : ''}${c.file ? ` in ${mdCode(c.file)}` : ''}`), '');
    }
    if (f.dlp.length > 0) {
      parts.push(table(['DLP policy', 'Verdict', 'Rule', 'Why'], f.dlp.map((v) => [mdText(v.policy), v.verdict, v.rule ?? '', mdText(v.message)])), '');
    }
  }
  return `${parts.join('\n').replace(/\n+$/, '')}\n`;
}
