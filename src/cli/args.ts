/**
 * Command-line parsing (node:util parseArgs: nothing to load at start-up). Unknown flags and
 * commands are usage errors (exit 2) with a suggestion.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../util/suggest.js';
import { UsageError } from './errors.js';

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
    return { flags, positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = (e as Error).message;
    const m = /Unknown option '(-{1,2}[^']+)'/.exec(msg);
    if (m) {
      const name = m[1]!.replace(/^-+/, '');
      const guess = closest(name, Object.keys(options));
      throw new UsageError(`unknown option '${m[1]}'`, guess ? `did you mean --${guess}?` : undefined);
    }
    throw new UsageError(msg.split('\n')[0]!);
  }
}
