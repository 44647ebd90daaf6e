/**
 * The governance report as one self-contained HTML page: inline CSS, an inline SVG chart of
 * connector usage, and tables sortable by clicking their headers (a few lines of inline JS). No
 * network access, no external file: it opens from disk or an e-mail attachment.
 *
 * A page URL like `report.html#sort=connectors:4:desc` opens with that table sorted by that
 * column (0-based) — handy for sharing a view, and how the Chromium test checks the sorting.
 */
import type { GovernanceReport, ReportFlow } from '../generated/report.js';
import { dlpSummary, licenceLabel, printable } from './render-text.js';

export function escapeHtml(s: string): string {
  // Line breaks as character references: no line of the page starts with text from a flow.
  return printable(s).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const h = escapeHtml;

interface Column<T> {
  title: string;
  cell: (row: T) => string;
  /** Sort key when it differs from the cell's text (numbers). */
  sort?: (row: T) => string | number;
  numeric?: boolean;
}

function sortableTable<T>(id: string, caption: string, columns: Column<T>[], rows: T[], rowAttrs?: (row: T) => string): string {
  const head = columns.map((c, i) => `<th scope="col" data-col="${i}"${c.numeric ? ' data-type="number"' : ''} aria-sort="none" tabindex="0">${h(c.title)}</th>`).join('');
  const body = rows
    .map((r) => {
      const cells = columns
        .map((c) => {
          const key = c.sort?.(r);
          return `<td${key !== undefined ? ` data-sort="${h(String(key))}"` : ''}${c.numeric ? ' class="num"' : ''}>${c.cell(r)}</td>`;
        })
        .join('');
      return `<tr${rowAttrs ? ` ${rowAttrs(r)}` : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table class="sortable" id="${h(id)}"><caption>${h(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** Horizontal bars: connector actions per connector, labelled with flows and tier. */
function usageChart(report: GovernanceReport): string {
  const totals = new Map(report.totals.connectors.map((c) => [c.id, c]));
  const rows = report.connectors
    .map((c) => ({ c, actions: totals.get(c.id)?.actions ?? 0, flows: c.flows.length }))
    .sort((a, b) => b.actions - a.actions || (a.c.id < b.c.id ? -1 : 1));
  if (rows.length === 0) return '<p class="empty">No flow uses a cloud connector.</p>';
  const labelW = 230;
  const barMax = 420;
  const rowH = 30;
  const top = 8;
  const width = labelW + barMax + 150;
  const height = top + rows.length * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.actions));
  const bars = rows
    .map((r, i) => {
      const y = top + i * rowH;
      const w = Math.max(2, Math.round((r.actions / max) * barMax));
      // A connector whose tier flowc does not know is drawn as unknown, never as Standard.
      const tierClass = r.c.tier === 'Premium' ? 'premium' : r.c.tier === 'Standard' ? 'standard' : 'unknown';
      const title = `${r.c.displayName} (${r.c.id}): ${r.actions} action${r.actions === 1 ? '' : 's'} in ${r.flows} flow${r.flows === 1 ? '' : 's'}, ${r.c.tier ?? 'tier unknown'}`;
      return (
        `<g class="bar" data-connector="${h(r.c.id)}"><title>${h(title)}</title>` +
        `<text x="${labelW - 8}" y="${y + 19}" text-anchor="end" class="label">${h(r.c.displayName)}</text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 10}" rx="3" class="${tierClass}"></rect>` +
        `<text x="${labelW + w + 6}" y="${y + 19}" class="value">${r.actions} action${r.actions === 1 ? '' : 's'} · ${r.flows} flow${r.flows === 1 ? '' : 's'}</text></g>`
      );
    })
    .join('\n');
  return (
    `<svg id="connector-chart" class="chart" role="img" aria-label="Cloud connector actions per connector" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">\n${bars}\n</svg>` +
    '<p class="legend"><span class="swatch standard"></span> Standard <span class="swatch premium"></span> Premium (needs a premium plan) <span class="swatch unknown"></span> tier unknown (add the tenant\'s connector list to <code>connectors</code> in flowc.config.json)</p>'
  );
}

const CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --head: #f6f8fa; --accent: #0969da; --premium: #bf8700; --bad: #cf222e; --good: #1a7f37; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 24px; max-width: 1200px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 20px 0 6px; }
.summary { color: var(--muted); margin: 0 0 8px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; }
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.scroll { overflow-x: auto; }
td code { overflow-wrap: anywhere; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--head); cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " \\25B2"; } th[aria-sort="descending"]::after { content: " \\25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px ui-monospace, SFMono-Regular, Consolas, monospace; background: var(--head); padding: 1px 4px; border-radius: 4px; }
.chart text { font: 12px system-ui, sans-serif; fill: var(--fg); } .chart .value { fill: var(--muted); }
.chart rect.standard, .swatch.standard { fill: var(--accent); background: var(--accent); } .chart rect.premium, .swatch.premium { fill: var(--premium); background: var(--premium); } .chart rect.unknown, .swatch.unknown { fill: var(--muted); background: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; }
.legend { color: var(--muted); margin: 2px 0 0; }
.blocked { color: var(--bad); font-weight: 600; } .allowed { color: var(--good); }
details.flow { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin: 8px 0; }
details.flow > summary { cursor: pointer; font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.empty { color: var(--muted); font-style: italic; }
`;

/** Click a header to sort (again to reverse); `#sort=<table id>:<column>:<asc|desc>` sorts on load. */
const JS = `
(function () {
  function key(td, numeric) {
    var v = td.hasAttribute('data-sort') ? td.getAttribute('data-sort') : td.textContent.trim();
    if (numeric) { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
    return v.toLowerCase();
  }
  function sortTable(table, col, dir) {
    var th = table.tHead.rows[0].cells[col];
    if (!th) return;
    var numeric = th.getAttribute('data-type') === 'number';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r._i = i; });
    rows.sort(function (a, b) {
      var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
      var c = x < y ? -1 : x > y ? 1 : a._i - b._i;
      return dir === 'desc' && (x < y || x > y) ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', dir === 'desc' ? 'descending' : 'ascending');
    document.documentElement.setAttribute('data-sorted', table.id + ':' + col + ':' + dir);
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      function go() { sortTable(table, col, th.getAttribute('aria-sort') === 'ascending' ? 'desc' : 'asc'); }
      th.addEventListener('click', go);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
    });
  });
  var m = /(?:^|[#&])sort=([^:&]+):(\\d+):(asc|desc)/.exec(location.hash);
  if (m) { var t = document.getElementById(decodeURIComponent(m[1])); if (t && t.tHead) sortTable(t, parseInt(m[2], 10), m[3]); }
})();
`;

function codeList(xs: readonly string[]): string {
  return xs.map((x) => `<code>${h(x)}</code>`).join(', ');
}

function verdictCell(f: ReportFlow): string {
  const s = dlpSummary(f);
  if (!s) return '<span class="empty">no policy</span>';
  return `<span class="${s === 'allowed' ? 'allowed' : 'blocked'}">${h(s)}</span>`;
}

function flowDetails(f: ReportFlow, i: number): string {
  const facts: [string, string][] = [
    ['File', `<code>${h(f.file)}</code>`],
    ...(f.workflowId !== undefined ? ([['Workflow id', `<code>${h(f.workflowId)}</code>`]] as [string, string][]) : []),
    ...(f.description !== undefined ? ([['Description', h(f.description)]] as [string, string][]) : []),
    ['Schema', h(f.schema)],
    ['Owner', f.owner === null ? '<span class="empty">unknown</span>' : h(f.owner)],
    ['Co-owners', f.coOwners.map(h).join(', ') || '<span class="empty">none</span>'],
    ['Run-only users', f.users.map(h).join(', ') || '<span class="empty">none</span>'],
    ['Runs', h(f.runs.join(', '))],
    ['Licences', f.licence.map((l) => `<b>${h(licenceLabel(l.licence))}</b>: ${h(l.reason)}`).join('<br>') || '<span class="empty">none</span>'],
  ];
  const usageRows = f.connectors.flatMap((c) =>
    (c.operations.length > 0 ? c.operations : ['']).map(
      (op) => `<tr data-connector="${h(c.id)}" data-operation="${h(op)}"><td><code>${h(c.id)}</code></td><td>${op ? `<code>${h(op)}</code>` : ''}</td><td>${codeList(c.connectionReferences)}</td></tr>`,
    ),
  );
  const usage =
    usageRows.length > 0
      ? `<table class="usage"><thead><tr><th>Connector</th><th>Operation</th><th>Connection references</th></tr></thead><tbody>\n${usageRows.join('\n')}\n</tbody></table>`
      : '<p class="empty">Uses no cloud connector.</p>';
  const refs =
    f.connectionReferences.length > 0
      ? `<table class="refs"><thead><tr><th>Connection reference</th><th>Connector</th><th>Embedded</th><th>Owner</th></tr></thead><tbody>${f.connectionReferences
          .map((r) => `<tr><td><code>${h(r.logicalName)}</code>${r.displayName ? ` ${h(r.displayName)}` : ''}</td><td><code>${h(r.connector)}</code></td><td>${r.embedded ? 'yes' : 'no'}</td><td>${r.owner === null ? '<span class="empty">unknown</span>' : h(r.owner)}</td></tr>`)
          .join('')}</tbody></table>`
      : '';
  const children =
    f.childFlows.length > 0
      ? `<p>Child flows: ${f.childFlows.map((c) => `${c.name !== null ? h(c.name) : '<span class="empty">unknown</span>'}${c.id ? ` <code>${h(c.id)}</code>` : ''}`).join(', ')}</p>`
      : '';
  const dlp =
    f.dlp.length > 0
      ? `<table class="dlp"><thead><tr><th>DLP policy</th><th>Verdict</th><th>Rule</th><th>Why</th></tr></thead><tbody>${f.dlp
          .map((v) => `<tr><td>${h(v.policy)}</td><td class="${v.verdict}">${v.verdict}</td><td>${h(v.rule ?? '')}</td><td>${h(v.message)}</td></tr>`)
          .join('')}</tbody></table>`
      : '';
  return `<details class="flow" id="flow-${i}" data-flow="${h(f.name)}"><summary>${h(f.name)}</summary><dl class="facts">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('')}</dl>\n${usage}\n${refs}${children}${dlp}</details>`;
}

export function renderReportHtml(report: GovernanceReport): string {
  const t = report.totals;
  const connectorTotals = new Map(t.connectors.map((c) => [c.id, c]));
  const cards = [
    ['flows', t.flows],
    ['connector actions', t.connectorActions],
    ['connectors', report.connectors.length],
    ['connection references', t.connectionReferences.length],
    ['blocked by DLP', report.flows.filter((f) => f.dlp.some((v) => v.verdict === 'blocked')).length],
  ]
    .map(([k, v]) => `<div class="card"><b>${v}</b>${h(String(k))}</div>`)
    .join('');
  const connectorsTable = sortableTable(
    'connectors',
    'Cloud connectors, over all flows',
    [
      { title: 'Connector', cell: (c) => `<code>${h(c.id)}</code>`, sort: (c) => c.id },
      { title: 'Name', cell: (c) => h(c.displayName) },
      { title: 'Tier', cell: (c) => h(c.tier ?? 'unknown') },
      { title: 'Flows', cell: (c) => String(c.flows.length), sort: (c) => c.flows.length, numeric: true },
      { title: 'Actions', cell: (c) => String(connectorTotals.get(c.id)?.actions ?? 0), sort: (c) => connectorTotals.get(c.id)?.actions ?? 0, numeric: true },
      { title: 'Operations (actions)', cell: (c) => Object.entries(c.operations).map(([op, n]) => `<code>${h(op)}</code> (${n})`).join(', ') },
    ],
    report.connectors,
    (c) => `data-connector="${h(c.id)}"`,
  );
  const flowIndex = new Map(report.flows.map((f, i) => [f, i]));
  const flowsTable = sortableTable(
    'flows',
    'Flows',
    [
      { title: 'Flow', cell: (f) => `<a href="#flow-${flowIndex.get(f)}">${h(f.name)}</a>`, sort: (f) => f.name },
      { title: 'File', cell: (f) => `<code>${h(f.file)}</code>`, sort: (f) => f.file },
      { title: 'Owner', cell: (f) => (f.owner === null ? '' : h(f.owner)), sort: (f) => f.owner ?? '' },
      { title: 'Schema', cell: (f) => h(f.schema) },
      { title: 'Runs', cell: (f) => h(f.runs.join(', ')) },
      { title: 'Shared with', cell: (f) => String(f.coOwners.length + f.users.length), sort: (f) => f.coOwners.length + f.users.length, numeric: true },
      { title: 'Connectors', cell: (f) => codeList(f.connectors.map((c) => c.id)), sort: (f) => f.connectors.length },
      { title: 'Licences', cell: (f) => h(f.licence.map((l) => licenceLabel(l.licence)).join(', ')) },
      { title: 'DLP', cell: verdictCell, sort: (f) => dlpSummary(f) },
    ],
    report.flows,
    (f) => `data-flow="${h(f.name)}"`,
  );
  const ownersTable = sortableTable(
    'owners',
    'Flow owners',
    [
      { title: 'Owner', cell: (o) => (o.owner === null ? '<span class="empty">unknown</span>' : h(o.owner)), sort: (o) => o.owner ?? '\uffff' },
      { title: 'Flows', cell: (o) => String(o.flows), sort: (o) => o.flows, numeric: true },
      { title: 'Connector actions', cell: (o) => String(o.connectorActions), sort: (o) => o.connectorActions, numeric: true },
      { title: 'Connectors', cell: (o) => codeList(o.connectors), sort: (o) => o.connectors.length },
    ],
    t.owners,
  );
  const refsTable =
    t.connectionReferences.length > 0
      ? sortableTable(
          'connection-references',
          'Connection references',
          [
            { title: 'Logical name', cell: (r) => `<code>${h(r.logicalName)}</code>`, sort: (r) => r.logicalName },
            { title: 'Connector', cell: (r) => `<code>${h(r.connector)}</code>`, sort: (r) => r.connector },
            { title: 'Flows', cell: (r) => String(r.flows), sort: (r) => r.flows, numeric: true },
            { title: 'Embedded in', cell: (r) => String(r.embeddedIn), sort: (r) => r.embeddedIn, numeric: true },
            { title: 'Actions', cell: (r) => String(r.actions), sort: (r) => r.actions, numeric: true },
          ],
          t.connectionReferences,
        )
      : '<p class="empty">No connection references.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="flowc">
<title>flowc governance report</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Governance report</h1>
<p class="summary">Desktop flows, the cloud connectors they use, who owns them${report.environment !== undefined ? `, and DLP verdicts for environment <code>${h(report.environment)}</code>` : ''}.</p>
<div class="cards">${cards}</div>
</header>
<main>
<section id="usage"><h2>Connector usage</h2>
${usageChart(report)}
</section>
<section id="connectors-section"><h2>Connectors</h2>
${report.connectors.length > 0 ? connectorsTable : '<p class="empty">No flow uses a cloud connector.</p>'}
</section>
<section id="flows-section"><h2>Flows</h2>
${flowsTable}
</section>
<section id="owners-section"><h2>Owners</h2>
${ownersTable}
</section>
<section id="references-section"><h2>Connection references</h2>
${refsTable}
</section>
<section id="details"><h2>Flow details</h2>
${report.flows.map(flowDetails).join('\n')}
</section>
</main>
<script>${JS}</script>
</body>
</html>
`;
}
