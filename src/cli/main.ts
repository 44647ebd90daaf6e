#!/usr/bin/env node
/**
 * flowc's entry point: dispatch to a command, map failures to exit codes. The only place that
 * calls process.exit (once the command is done and its output flushed).
 */
import { commands } from './commands/index.js';
import { processIo, stdoutFailureMessage, type Io, type StdoutState } from './io.js';
import { EXIT_INTERNAL, EXIT_USAGE, UsageError } from './errors.js';
import { closest } from '../util/suggest.js';
import { VERSION } from '../model/version.js';


function usage(): string {
  const lines = ['usage: flowc <command> [options] [paths…]', '', 'commands:'];
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(width)}  ${c.summary}`);
  lines.push('', 'Run `flowc <command> --help` for a command\'s options.');
  return `${lines.join('\n')}\n`;
}

/** Errors that carry a user-facing message (input, config) and mean exit 2. */
function isUserError(e: unknown): e is Error {
  return e instanceof Error && ['UsageError', 'InputError', 'ConfigError', 'JsonFileError', 'OutputError'].includes(e.name);
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const guess = closest(name, Object.keys(commands));
    io.stderr(`flowc: unknown command '${name}'${guess ? ` — did you mean '${guess}'?` : ''}\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    const { COMMON_OPTIONS_HELP, ENCODING_OPTION_HELP } = await import('./args.js');
    const flowOptions = command.readsFlows ? `\noptions of the commands that read flows:\n${ENCODING_OPTION_HELP}` : '';
    io.stdout(`usage: ${command.usage}\n\n${command.summary}\n\n${COMMON_OPTIONS_HELP}${flowOptions}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (isUserError(e)) {
      io.stderr(`flowc: ${e.message}\n`);
      const help = (e as UsageError).help;
      if (help) io.stderr(`help: ${help}\n`);
      if (debug && e.stack) io.stderr(`${e.stack}\n`);
      return EXIT_USAGE;
    }
    const err = e as NodeJS.ErrnoException;
    // A failure of the system (a full disk, a permission, an I/O error): one line, exit 3.
    if (err instanceof Error && (err.name === 'WriteError' || (typeof err.code === 'string' && /^E[A-Z0-9]+$/.test(err.code)))) {
      io.stderr(`flowc: ${err.message}\n`);
      if (debug && err.stack) io.stderr(`${err.stack}\n`);
      return EXIT_INTERNAL;
    }
    io.stderr(`flowc: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    io.stderr(debug && err instanceof Error && err.stack ? `${err.stack}\n` : 'run again with --debug for details, and please report it\n');
    return EXIT_INTERNAL;
  }
}

// Run when executed directly (not when imported by tests).
const invokedPath = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:main\.(?:js|ts)|flowc(?:\.js)?)$/.test(invokedPath)) {
  const stdout: StdoutState = { closed: false };
  let reported = false;
  const reportFailure = (): boolean => {
    if (!stdout.failure) return false;
    if (!reported) process.stderr.write(`flowc: ${stdoutFailureMessage(stdout.failure)}\n`);
    reported = true;
    process.exitCode = EXIT_INTERNAL;
    return true;
  };
  // Once main() is done and stdout and stderr are flushed, exit at once: left to itself, Node
  // would first wait for V8's background tasks, e.g. the incremental marking its memory reducer
  // starts when the program goes idle (10–15 ms at the end of every short run).
  const exit = (): void => {
    flushed(process.stdout, () =>
      flushed(process.stderr, () =>
        // A failed write is reported by the stream's 'error' event, after its callback.
        setImmediate(() => {
          reportFailure();
          process.exit();
        }),
      ),
    );
  };
  // --debug prints stack traces: with the bundle's source maps they name src/…/*.ts lines. Only
  // modules loaded from here on are mapped, which is every command's code (loaded lazily).
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
  main(process.argv.slice(2), processIo(stdout)).then(
    (code) => {
      if (!reportFailure()) process.exitCode = code;
      exit();
    },
    (e: unknown) => {
      process.stderr.write(`flowc: internal error: ${String(e)}\n`);
      process.exitCode = EXIT_INTERNAL;
      exit();
    },
  );
  // A failed write is reported asynchronously by the stream, possibly after main() returned.
  process.on('beforeExit', () => void reportFailure());
}

/** Calls done once what was written to the stream has been handed to the system (at once if it is closed). */
function flushed(stream: NodeJS.WriteStream, done: () => void): void {
  if (stream.destroyed || stream.writableEnded) {
    done();
    return;
  }
  // Writes complete in order: the callback of an empty write runs after every earlier one.
  stream.write('', () => done());
}

