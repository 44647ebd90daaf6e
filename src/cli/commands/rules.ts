/** `flowc rules` (the rule list) and `flowc explain CODE` (a rule's doc page): one source, docs/rules. */
import { allRules, rulesByCode } from '../../rules/index.js';
import { closest } from '../../util/suggest.js';
import { readRuleDoc } from '../output.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';

export function listRules(format: string | undefined, io: Io): number {
  const rows = allRules.map((r) => ({ code: r.meta.code, name: r.meta.name, severity: r.meta.severity, fixable: !!r.meta.fixable, suggestions: !!r.meta.hasSuggestions, description: r.meta.description }));
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ version: 1, rules: rows }, null, 2)}\n`);
    return 0;
  }
  if (format !== undefined && format !== 'pretty') throw new UsageError(`unknown --format '${format}'`, 'formats: pretty, json');
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) io.stdout(`${r.code}  ${r.name.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.fixable ? 'fixable' : r.suggestions ? 'suggest' : '       '}  ${r.description}\n`);
  return 0;
}

export function explainRule(codeOrName: string | undefined, io: Io): number {
  if (!codeOrName) throw new UsageError('flowc explain needs a rule code, e.g. flowc explain FC302');
  const byName = allRules.find((r) => r.meta.name === codeOrName);
  const rule = rulesByCode.get(codeOrName.toUpperCase()) ?? byName;
  if (!rule) {
    const guess = closest(codeOrName, [...rulesByCode.keys(), ...allRules.map((r) => r.meta.name)]);
    throw new UsageError(`unknown rule '${codeOrName}'`, guess ? `did you mean ${guess}? (flowc rules lists them all)` : 'flowc rules lists them all');
  }
  const doc = readRuleDoc(rule.meta.code);
  io.stdout(doc ?? `# ${rule.meta.code} ${rule.meta.name}\n\n${rule.meta.description}\n\nhelp: ${rule.meta.help}\n`);
  return 0;
}
