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
  check: {
    summary: 'parse and analyse flows; print diagnostics; exit 1 on errors',
    usage:
      'flowc check [paths…] [--format pretty|json] [--config FILE] [--quiet] [--max-warnings N] [--output-file FILE] [--report-unused-suppressions off|warning|error]',
    async run(argv, io) {
      const { parseCommandArgs } = await import('../args.js');
      const { check } = await import('./check.js');
      const { flags, positionals } = parseCommandArgs(argv, { 'report-unused-suppressions': { type: 'string' } });
      return check(positionals, flags, io);
    },
  },
};
