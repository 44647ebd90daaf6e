/**
 * `flowc access FILE [--as EMAIL] [--connections FILE] [--format pretty|json]`: for each person
 * on the flow(s) in FILE and each run mode, may they run it and why, which connection references
 * need "bring your own connection", whether the BYOC dialog would be shown, and which connection
 * it would select by default. The logic is src/analysis/access.ts; this file reads the inputs
 * and prints.
 */
import path from 'node:path';
import pc from 'picocolors';
import { runPipeline } from '../../engine/index.js';
import { printInputErrors } from '../input-errors.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { useColor, type Io } from '../io.js';
import { reportUnreadFlows } from '../broken.js';
import type { CommonFlags } from '../args.js';
import { accessReport, type AccessOptions } from '../../analysis/access.js';
import { readConnectionsInventory } from '../../inputs/connections.js';
import type { AccessReport } from '../../generated/access.js';
import { jsonText } from '../../util/json-text.js';

export const ACCESS_FORMATS = ['pretty', 'json'] as const;

export async function access(positionals: string[], flags: CommonFlags, io: Io): Promise<number> {
  const format = flags.format ?? 'pretty';
  if (!(ACCESS_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format '${format}'`, `formats: ${ACCESS_FORMATS.join(', ')}`);
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `flowc access takes one FILE, got ${positionals.length}` : 'flowc access needs a FILE: a .flow file, a clipboard text or a solution', 'usage: flowc access FILE [--as EMAIL] [--connections FILE] [--format pretty|json]');
  }
  const as = typeof flags['as'] === 'string' ? flags['as'].trim() : undefined;
  if (as === '') throw new UsageError('--as expects an email');

  const p = await runPipeline({ paths: positionals, cwd: io.cwd, configPath: flags.config, encoding: flags.encoding as string | undefined });
  if (printInputErrors(p, io)) return EXIT_USAGE;
  if (await reportUnreadFlows(p, io, !!flags['ignore-errors'])) return EXIT_ERRORS;

  const opts: AccessOptions = {};
  if (as !== undefined) opts.as = as;
  const given = typeof flags['connections'] === 'string' ? path.resolve(io.cwd, flags['connections']) : p.config.config.connections;
  if (given !== undefined) {
    const shown = (path.relative(io.cwd, given) || given).split(path.sep).join('/');
    opts.inventory = { path: shown, data: readConnectionsInventory(given, shown) };
  }

  const report = accessReport(
    p.results.filter((r) => r.unreadable === undefined).map((r) => ({ facts: r.analysis.facts, file: r.doc.path })),
    opts,
  );
  io.stdout(format === 'json' ? `${jsonText(report)}\n` : renderAccessPretty(report, useColor(io, flags)));
  return EXIT_OK;
}

/** `--format pretty`: one block per flow, one sub-block per person. */
export function renderAccessPretty(report: AccessReport, color: boolean): string {
  const c = pc.createColors(color);
  const out: string[] = [];
  for (const f of report.flows) {
    out.push(`${c.bold(`flow '${f.name}'`)} ${c.dim(`(${f.file})`)}`);
    out.push(`  schema ${f.schema} · runs ${f.runs.join(', ')} · owner ${f.owner ?? 'not declared'}`);
    if (f.notShared) {
      out.push(`  ${c.red(f.notShared.message)}`, '');
      continue;
    }
    if (f.principals.length === 0) {
      out.push('  no owner, co-owner or run-only user is declared: write them in the FLOW header (OWNER, COOWNER, USER); `flowc import` turns a solution into .flow files with headers', '');
      continue;
    }
    for (const p of f.principals) {
      out.push('', `  ${c.bold(p.email)} — ${p.role === 'coOwner' ? 'co-owner' : p.role === 'user' ? 'run-only user' : 'owner'}`);
      for (const m of p.runModes) {
        const verdict = m.verdict === 'allowed' ? c.green('allowed    ') : m.verdict === 'notEnabled' ? c.yellow('not enabled') : c.red('not allowed');
        out.push(`    ${m.mode.padEnd(10)}  ${verdict}  ${m.reason}`);
      }
      out.push(`    bring your own connection: ${p.bringOwnConnection.length ? p.bringOwnConnection.join(', ') : 'none'} — ${p.bringOwnConnectionReason}`);
      const dialog =
        p.byocDialog.shown === null
          ? `${c.yellow('unknown')} — the dialog is suppressed only if all four documented conditions hold, and without a connections inventory flowc cannot tell:`
          : p.byocDialog.shown
            ? `${c.yellow('shown')} — it appears in console runs unless all four documented conditions hold, and these do not:`
            : `${c.green('suppressed')} — all four documented conditions hold:`;
      out.push(`    BYOC dialog: ${dialog}`);
      for (const r of p.byocDialog.reasons) out.push(`      - ${r}`);
      if (p.defaultConnections.length) {
        out.push('    selected by default:');
        for (const d of p.defaultConnections) {
          const what =
            d.connection !== null
              ? `${d.connection}${d.displayName !== undefined ? ` (${d.displayName})` : ''}${d.valid === false ? ` — ${d.status ?? 'not valid'}: not a valid connection; pick or create another in the dialog` : ''}`
              : report.connections === null || report.connections === undefined
                ? 'unknown (no connections inventory)'
                : 'none (no compatible connection is available: create one in the dialog)';
          out.push(`      ${d.connectionReference} (${d.connector}): ${what}`);
        }
      }
    }
    out.push('');
  }
  if (typeof report.connections === 'string') out.push(c.dim(`connections inventory: ${report.connections}`));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
