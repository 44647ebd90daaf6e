/**
 * The commands. Each is loaded only when run, so `flowc check` never loads the code of
 * `report` or `build` (start-up time matters for pre-commit use).
 */
import type { Io } from '../io.js';

export interface Command {
  summary: string;
  usage: string;
  /** It reads flows, so it takes `--encoding` (listed in its help). */
  readsFlows?: boolean;
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
    summary: 'list the rules: code, name, default severity, fixable or suggestions',
    usage: 'flowc rules [-f, --format pretty|json]',
    async run(argv, io) {
      const { parseCommandArgs } = await import('../args.js');
      const { listRules } = await import('./rules.js');
      return listRules(parseCommandArgs(argv).flags.format, io);
    },
  },
  explain: {
    summary: "print a rule's documentation",
    usage: 'flowc explain CODE|NAME',
    async run(argv, io) {
      const { parseCommandArgs } = await import('../args.js');
      const { explainRule } = await import('./rules.js');
      return explainRule(parseCommandArgs(argv).positionals[0], io);
    },
  },
  check: {
    summary: 'parse and analyse flows; print diagnostics; exit 1 on errors',
    usage:
      'flowc check [paths…|\'glob\'] [-f, --format pretty|json|sarif|github] [--config FILE] [--quiet] [--max-warnings N] [--output-file FILE] [--report-unused-suppressions off|warning|error] [--fix | --fix-dry-run] [--threads N|auto] [--cache] [--cache-location PATH] [--ignore-unknown] [--encoding LABEL]',
    readsFlows: true,
    async run(argv, io) {
      const { parseCommandArgs, ENCODING_OPTION } = await import('../args.js');
      const { check } = await import('./check.js');
      const { flags, positionals } = parseCommandArgs(argv, {
        ...ENCODING_OPTION,
        'report-unused-suppressions': { type: 'string' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        threads: { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'ignore-unknown': { type: 'boolean' },
      });
      return check(positionals, flags, io);
    },
  },
  build: {
    summary: 'check, then write a v2 flow document (or PAD clipboard text) per flow, or solutions, and deployment settings',
    usage:
      'flowc build [paths…] --out-dir DIR [-f, --format v2|clipboard|solution] [--unpacked] [--solution-version X.Y.Z.W] [--diagnostic-format pretty|json|sarif|github] [--config FILE] [--quiet] [--max-warnings N] [--encoding LABEL]',
    readsFlows: true,
    async run(argv, io) {
      const { parseCommandArgs, ENCODING_OPTION } = await import('../args.js');
      const { build } = await import('./build.js');
      const { flags, positionals } = parseCommandArgs(argv, {
        ...ENCODING_OPTION,
        'out-dir': { type: 'string' },
        'diagnostic-format': { type: 'string' },
        unpacked: { type: 'boolean' },
        'solution-version': { type: 'string' },
      });
      return build(positionals, flags, io);
    },
  },
  report: {
    summary: 'governance report: connectors, operations, connection references, owners, licences, DLP verdicts',
    usage: 'flowc report [paths…] [-f, --format md|json|csv|html] [--out FILE] [--environment NAME] [--config FILE] [--ignore-errors] [--encoding LABEL]',
    readsFlows: true,
    async run(argv, io) {
      const { parseCommandArgs, ENCODING_OPTION } = await import('../args.js');
      const { report } = await import('./report.js');
      const { flags, positionals } = parseCommandArgs(argv, { ...ENCODING_OPTION, out: { type: 'string' }, environment: { type: 'string' }, 'ignore-errors': { type: 'boolean' } });
      return report(positionals, flags, io);
    },
  },
  graph: {
    summary: 'the dependency graph: flows, subflows, connector actions, connection references, connectors, child flows',
    usage: 'flowc graph [paths…] [-f, --format dot|mermaid|json] [--out FILE] [--config FILE] [--ignore-errors] [--encoding LABEL]',
    readsFlows: true,
    async run(argv, io) {
      const { parseCommandArgs, ENCODING_OPTION } = await import('../args.js');
      const { graph } = await import('./graph.js');
      const { flags, positionals } = parseCommandArgs(argv, { ...ENCODING_OPTION, out: { type: 'string' }, 'ignore-errors': { type: 'boolean' } });
      return graph(positionals, flags, io);
    },
  },
  access: {
    summary: 'who may run a flow, in which run modes, with whose connections (bring your own connection, BYOC dialog)',
    usage: 'flowc access FILE [--as EMAIL] [--connections FILE] [-f, --format pretty|json] [--config FILE] [--no-color] [--ignore-errors] [--encoding LABEL]',
    readsFlows: true,
    async run(argv, io) {
      const { parseCommandArgs, ENCODING_OPTION } = await import('../args.js');
      const { access } = await import('./access.js');
      const { flags, positionals } = parseCommandArgs(argv, { ...ENCODING_OPTION, as: { type: 'string' }, connections: { type: 'string' }, 'ignore-errors': { type: 'boolean' } });
      return access(positionals, flags, io);
    },
  },
  diff: {
    summary: 'what changed in meaning between two versions: actions and parameters, sharing, connectors, licences, DLP, new and fixed problems',
    usage:
      'flowc diff OLD NEW | flowc diff --git [REV[..REV]] [-- paths…] | flowc diff --textconv FILE  [--format pretty|md|json] [--fail-on change|new|none] [--output-file FILE] [--config FILE] [--encoding LABEL] [--no-color]',
    readsFlows: true,
    async run(argv, io) {
      const { parseCommandArgs, ENCODING_OPTION } = await import('../args.js');
      const { diff } = await import('./diff.js');
      // `--git` alone means HEAD against the working tree.
      const args = argv.map((a, i) => (a === '--git' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('-')) ? '--git=HEAD' : a));
      const { flags, positionals } = parseCommandArgs(args, { ...ENCODING_OPTION, git: { type: 'string' }, textconv: { type: 'boolean' }, 'fail-on': { type: 'string' } });
      return diff(positionals, flags, io);
    },
  },
  import: {
    summary: 'solution (zip or folder) or clipboard text → .flow files with headers',
    usage: 'flowc import SOURCE --out-dir DIR [--force]',
    async run(argv, io) {
      const { parseCommandArgs } = await import('../args.js');
      const { importCommand } = await import('./import.js');
      const { flags, positionals } = parseCommandArgs(argv, { 'out-dir': { type: 'string' }, force: { type: 'boolean' } });
      return importCommand(positionals, flags, io);
    },
  },
};
