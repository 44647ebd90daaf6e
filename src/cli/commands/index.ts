/**
 * The commands. Each is loaded only when run, so `flowc check` never loads the code of
 * `report` or `build` (start-up time matters for pre-commit use).
 */
import type { Io } from '../io.js';

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[], io: Io): Promise<number>;
}

export const commands: Record<string, Command> = {
  init: {
    summary: 'write a starter flowc.config.json and an example flow',
    usage: 'flowc init',
    async run(argv, io) {
      const { parseCommandArgs } = await import('../args.js');
      const { init } = await import('./init.js');
      parseCommandArgs(argv);
      return init(io);
    },
  },
  rules: {
    summary: 'list the rules: code, name, default severity, fixable',
    usage: 'flowc rules [--format pretty|json]',
    async run(argv, io) {
      const { parseCommandArgs } = await import('../args.js');
      const { listRules } = await import('./rules.js');
      return listRules(parseCommandArgs(argv).flags.format, io);
    },
  },
  explain: {
    summary: "print a rule's documentation",
    usage: 'flowc explain CODE',
    async run(argv, io) {
      const { parseCommandArgs } = await import('../args.js');
      const { explainRule } = await import('./rules.js');
      return explainRule(parseCommandArgs(argv).positionals[0], io);
    },
  },
  check: {
    summary: 'parse and analyse flows; print diagnostics; exit 1 on errors',
    usage:
      'flowc check [paths…] [--format pretty|json] [--config FILE] [--quiet] [--max-warnings N] [--output-file FILE] [--report-unused-suppressions off|warning|error] [--fix | --fix-dry-run]',
    async run(argv, io) {
      const { parseCommandArgs } = await import('../args.js');
      const { check } = await import('./check.js');
      const { flags, positionals } = parseCommandArgs(argv, {
        'report-unused-suppressions': { type: 'string' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
      });
      return check(positionals, flags, io);
    },
  },
};
