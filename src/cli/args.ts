/**
 * Command-line parsing (node:util parseArgs: nothing to load at start-up). Unknown flags and
 * commands are usage errors (exit 2) with a suggestion.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../util/suggest.js';
import { UsageError } from './errors.js';
import { encodingProblem } from '../inputs/encoding.js';

export interface CommonFlags {
  format?: string;
  config?: string;
  quiet?: boolean;
  'max-warnings'?: number;
  color?: boolean;
  'no-color'?: boolean;
  'output-file'?: string;
  debug?: boolean;
  help?: boolean;
  [key: string]: unknown;
}

/** What a missing option value looks like, for the usage error. */
const VALUE_HINT: Record<string, string> = {
  format: 'json',
  config: 'flowc.config.json',
  'max-warnings': '0',
  'output-file': 'FILE',
  out: 'FILE',
  'out-dir': 'DIR',
  environment: 'NAME',
  as: 'alice@contoso.com',
  connections: 'connections.json',
  threads: 'auto',
  'cache-location': 'PATH',
  encoding: 'shift_jis',
  'diagnostic-format': 'sarif',
  'report-unused-suppressions': 'error',
};

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS: OptionSpec = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'output-file': { type: 'string', short: 'o' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** The options every command takes, for `flowc <command> --help`. */
export const COMMON_OPTIONS_HELP = `options every command takes:
  -f, --format FORMAT      output format (the usage line lists the command's formats)
  -c, --config FILE        the flowc.config.json to use (default: the nearest one in or above the working folder)
  -q, --quiet              show errors only (hidden warnings still count for --max-warnings)
      --max-warnings N     exit 1 when there are more than N warnings
  -o, --output-file FILE   write the output to FILE (atomically) instead of stdout
      --color, --no-color  force or disable colour (NO_COLOR and FORCE_COLOR are honoured)
      --debug              stack traces and timings on stderr
  -h, --help               this help
`;

/** `--encoding`: taken only by the commands that read flows (check, build, report, graph, access, diff). */
export const ENCODING_OPTION: OptionSpec = { encoding: { type: 'string' } };

/** Its help line, shown by those commands' `--help`. */
export const ENCODING_OPTION_HELP = `      --encoding LABEL     the code page of flow text files that are not UTF-8 (shift_jis, windows-1252, …; overrides the config's \`encoding\`)
`;

export function parseCommandArgs(argv: string[], extra: OptionSpec = {}): { flags: CommonFlags; positionals: string[] } {
  const options = { ...COMMON_OPTIONS, ...extra };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const flags = { ...values } as CommonFlags;
    const mw = values['max-warnings'];
    if (mw !== undefined) {
      const n = Number(mw);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-warnings expects a whole number, got '${String(mw)}'`);
      flags['max-warnings'] = n;
    }
    const encoding = values.encoding;
    if (typeof encoding === 'string') {
      const problem = encodingProblem(encoding);
      if (problem) throw new UsageError(`--encoding: ${problem.message}`, problem.suggestion ? `did you mean --encoding ${problem.suggestion}?` : undefined);
    }
    return { flags, positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = (e as Error).message;
    const missing = /Option '(?:-\w, )?(--?[\w-]+) <value>' argument missing/.exec(msg);
    if (missing) throw new UsageError(`${missing[1]} expects a value`, `e.g. ${missing[1]} ${VALUE_HINT[missing[1]!.replace(/^-+/, '')] ?? 'VALUE'}`);
    const m = /Unknown option '(-{1,2}[^']+)'/.exec(msg);
    if (m) {
      const name = m[1]!.replace(/^-+/, '');
      const guess = closest(name, Object.keys(options));
      throw new UsageError(`unknown option '${m[1]}'`, guess ? `did you mean --${guess}?` : undefined);
    }
    throw new UsageError(msg.split('\n')[0]!);
  }
}
