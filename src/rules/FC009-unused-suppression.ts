import type { SuppressionRule } from './rule.js';

/**
 * FC009: a `# flowc-disable-next-line` / `# flowc-disable-file` comment that suppresses nothing,
 * or names no rule code. Checked by the suppression pass (diagnostics/suppressions.ts) after
 * every other rule has run; `--report-unused-suppressions` sets its severity.
 */
export const unusedSuppression: SuppressionRule = {
  kind: 'suppression',
  meta: {
    code: 'FC009',
    name: 'unused-suppression',
    severity: 'warning',
    description: 'A flowc-disable comment suppresses nothing, or does not say which rule it suppresses.',
    help: 'remove the comment, or name the rule codes it is meant to suppress',
    fixable: true,
  },
};
