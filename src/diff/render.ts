/**
 * `flowc diff` output: `pretty` (compact, coloured on a terminal), `md` (a pull-request comment:
 * a summary table first, each flow's details folded in `<details>`) and `json` (FlowDiff as is).
 * All three draw from the same FlowDiff, so they say the same thing.
 */
import pc from 'picocolors';
import type { FlowChange, FlowDiff, StatementChange, SubflowChange, ValueChange } from '../generated/diff.js';

export const DIFF_FORMATS = ['pretty', 'md', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function renderDiff(d: FlowDiff, format: DiffFormat, opts: { color?: boolean } = {}): string {
  if (format === 'json') return `${JSON.stringify(d, null, 2)}\n`;
  if (format === 'md') return renderMarkdown(d);
  return renderPretty(d, opts.color ?? false);
}

/** Control characters (a terminal escape sequence in a flow name…) never reach the output. */
const clean = (s: string): string => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
/** Long values are cut: the diff says *that* they changed, the source says the rest. */
const short = (s: string, max = 120): string => {
  // Line breaks shown, CR apart from LF: a value whose line ends changed must not look the same.
  const one = clean(s.replace(/\r/g, '␍').replace(/\n/g, '⏎'));
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

function countsLine(d: FlowDiff): string {
  const s = d.summary;
  const parts = [
    s.flowsAdded && `${s.flowsAdded} flow${plural(s.flowsAdded)} added`,
    s.flowsRemoved && `${s.flowsRemoved} removed`,
    s.flowsChanged && `${s.flowsChanged} changed${s.flowsRenamed ? ` (${s.flowsRenamed} renamed)` : ''}`,
    `${s.flowsUnchanged} unchanged`,
  ].filter(Boolean);
  const acts = [
    s.actionsAdded && `+${s.actionsAdded}`,
    s.actionsRemoved && `-${s.actionsRemoved}`,
    s.actionsChanged && `~${s.actionsChanged}`,
    s.actionsMoved && `↕${s.actionsMoved}`,
  ].filter(Boolean);
  return `${parts.join(', ')}${acts.length ? `; statements ${acts.join(' ')}` : ''}; problems: ${s.newProblems} new, ${s.fixedProblems} fixed`;
}

const plural = (n: number): string => (n === 1 ? '' : 's');

function statementText(c: StatementChange): string {
  const where = c.change === 'added' ? `line ${c.newLine}` : c.change === 'removed' ? `line ${c.oldLine}` : c.oldLine === c.newLine ? `line ${c.newLine}` : `line ${c.oldLine} → ${c.newLine}`;
  return `${c.label}${c.nested ? ` (with ${c.nested} nested statement${plural(c.nested)})` : ''} [${where}]`;
}

function valueText(v: ValueChange): string {
  if (v.old === undefined) return `${v.name}: + ${short(v.new ?? '')}`;
  if (v.new === undefined) return `${v.name}: - ${short(v.old)}`;
  return `${v.name}: ${short(v.old)} → ${short(v.new)}`;
}

/** Each flow's changes as lines of plain text (shared by pretty and md). */
function flowLines(f: FlowChange): { mark: '+' | '-' | '~' | '!' | '✓'; text: string }[] {
  const out: { mark: '+' | '-' | '~' | '!' | '✓'; text: string }[] = [];
  if (f.oldName !== undefined) out.push({ mark: '~', text: `renamed from '${clean(f.oldName)}'` });
  for (const h of f.header) {
    if (h.added || h.removed) {
      for (const a of h.added ?? []) out.push({ mark: '+', text: `${h.field}: ${clean(a)}` });
      for (const r of h.removed ?? []) out.push({ mark: '-', text: `${h.field}: ${clean(r)}` });
    } else out.push({ mark: '~', text: `${h.field}: ${short(h.old ?? '(none)')} → ${short(h.new ?? '(none)')}` });
  }
  for (const r of f.connectionReferences) {
    if (r.change === 'changed') out.push({ mark: '~', text: `connection reference ${clean(r.logicalName)}: ${(r.fields ?? []).map(valueText).join(', ')}` });
    else out.push({ mark: r.change === 'added' ? '+' : '-', text: `connection reference ${clean(r.logicalName)} (${clean(r.connector)}${r.embedded ? ', embedded' : ''})` });
  }
  for (const c of f.connectors.added) out.push({ mark: '+', text: `connector ${clean(c)}` });
  for (const c of f.connectors.removed) out.push({ mark: '-', text: `connector ${clean(c)}` });
  for (const o of f.connectors.operationsAdded) out.push({ mark: '+', text: `operation ${clean(o.connector)} ${clean(o.operation)}` });
  for (const o of f.connectors.operationsRemoved) out.push({ mark: '-', text: `operation ${clean(o.connector)} ${clean(o.operation)}` });
  for (const l of f.licence.added) out.push({ mark: '+', text: `licence needed: ${l}` });
  for (const l of f.licence.removed) out.push({ mark: '-', text: `licence no longer needed: ${l}` });
  for (const v of f.dlp) out.push({ mark: v.new === 'blocked' ? '!' : '~', text: `DLP '${clean(v.policy)}': ${v.old ?? '(none)'} → ${v.new ?? '(none)'}: ${short(v.message, 200)}` });
  for (const s of f.subflows) out.push(...subflowLines(s));
  for (const p of f.problems.new) out.push({ mark: '!', text: `new problem ${p.file}:${p.line}:${p.column} ${p.rule} ${p.severity}: ${short(p.message, 200)}` });
  for (const p of f.problems.fixed) out.push({ mark: '✓', text: `fixed ${p.file}:${p.line}:${p.column} ${p.rule}: ${short(p.message, 200)}` });
  return out;
}

function subflowLines(s: SubflowChange): { mark: '+' | '-' | '~'; text: string }[] {
  const name = clean(s.name);
  if (s.change === 'added') return [{ mark: '+', text: `subflow ${name}` }];
  if (s.change === 'removed') return [{ mark: '-', text: `subflow ${name}` }];
  const out: { mark: '+' | '-' | '~'; text: string }[] = [];
  if (s.change === 'renamed') out.push({ mark: '~', text: `subflow ${clean(s.oldName ?? '')} renamed to ${name}` });
  for (const c of s.statements) {
    const mark = c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~';
    const verb = c.change === 'moved' ? 'moved ' : '';
    out.push({ mark, text: `${name}: ${verb}${clean(statementText(c))}${c.params?.length ? `: ${c.params.map(valueText).join('; ')}` : ''}` });
  }
  return out;
}

function title(f: FlowChange): string {
  return `${clean(f.name)} (${clean(f.newFile ?? f.oldFile ?? '')})`;
}

function renderPretty(d: FlowDiff, color: boolean): string {
  const c = pc.createColors(color);
  if (!d.changed) return `${c.green('no change in meaning')} (${d.summary.flowsUnchanged} flow${plural(d.summary.flowsUnchanged)})\n`;
  const lines: string[] = [];
  const paint = { '+': c.green, '-': c.red, '~': c.yellow, '!': (s: string) => c.bold(c.red(s)), '✓': c.green } as const;
  for (const f of d.flows) {
    const status = f.status === 'added' ? c.green('added') : f.status === 'removed' ? c.red('removed') : c.yellow('changed');
    lines.push(`${c.bold(title(f))} ${status}`);
    for (const l of flowLines(f)) lines.push(`  ${paint[l.mark](l.mark)} ${l.text}`);
    lines.push('');
  }
  lines.push(c.dim(countsLine(d)));
  return `${lines.join('\n')}\n`;
}

/** Text safe in a markdown table cell or list item: no HTML, no pipes, no line breaks. */
const md = (s: string): string => clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/([\\`*_[\]#])/g, (m) => (m === '\\' ? m : `\\${m}`));

function renderMarkdown(d: FlowDiff): string {
  const out: string[] = ['## flowc diff', ''];
  if (!d.changed) {
    out.push(`No change in meaning (${d.summary.flowsUnchanged} flow${plural(d.summary.flowsUnchanged)} compared).`, '');
    return out.join('\n');
  }
  out.push('| flow | change | statements | connectors | sharing & runs | licence | DLP | problems |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const f of d.flows) {
    const st = { added: 0, removed: 0, changed: 0, moved: 0 };
    for (const s of f.subflows) for (const c of s.statements) st[c.change]++;
    const subs = f.subflows.filter((s) => s.change !== 'changed').map((s) => `${s.change === 'added' ? '+' : s.change === 'removed' ? '−' : '~'}subflow ${md(s.name)}`);
    const statements = [st.added && `+${st.added}`, st.removed && `−${st.removed}`, st.changed && `~${st.changed}`, st.moved && `↕${st.moved}`, ...subs].filter(Boolean).join(' ') || '—';
    const connectors = [...f.connectors.added.map((x) => `+${md(x)}`), ...f.connectors.removed.map((x) => `−${md(x)}`), ...(f.connectors.operationsAdded.length + f.connectors.operationsRemoved.length ? [`ops +${f.connectors.operationsAdded.length}/−${f.connectors.operationsRemoved.length}`] : [])].join(' ') || '—';
    const sharing = [...f.header.map((h) => md(h.field)), ...(f.connectionReferences.length ? [`${f.connectionReferences.length} reference${plural(f.connectionReferences.length)}`] : [])].join(', ') || '—';
    const licence = [...f.licence.added.map((x) => `+${x}`), ...f.licence.removed.map((x) => `−${x}`)].join(' ') || '—';
    const dlp = f.dlp.map((v) => `${md(v.policy)}: ${v.new === 'blocked' ? '**blocked**' : (v.new ?? '—')}`).join(', ') || '—';
    const problems = f.problems.new.length + f.problems.fixed.length ? `${f.problems.new.length ? `**${f.problems.new.length} new**` : '0 new'}, ${f.problems.fixed.length} fixed` : '—';
    const change = f.status === 'changed' && f.oldName !== undefined ? `renamed from ${md(f.oldName)}` : f.status;
    out.push(`| ${md(f.name)} | ${change} | ${statements} | ${connectors} | ${sharing} | ${licence} | ${dlp} | ${problems} |`);
  }
  out.push('', md(countsLine(d)), '');
  for (const f of d.flows) {
    out.push('<details>', `<summary>${md(title(f))}: ${f.status}</summary>`, '');
    for (const l of flowLines(f)) out.push(`- ${l.mark === '!' ? '⚠️' : l.mark === '✓' ? '✅' : `\`${l.mark}\``} ${md(l.text)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
