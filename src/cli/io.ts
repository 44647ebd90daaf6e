/**
 * The process boundary: where flowc prints and what it knows of the terminal and environment.
 * Commands get an Io and never touch process.* themselves (tests pass a fake one).
 */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal. */
  isTTY: boolean;
  /** stderr is a terminal (where the progress line of long runs goes; absent: it is not). */
  stderrIsTTY?: boolean;
  /** A monotonic clock in milliseconds (the progress line's elapsed time; tests inject one). */
  now?: () => number;
}

/** What became of standard output: a reader that went away (EPIPE) or a write that failed (ENOSPC, EIO…). */
export interface StdoutState {
  closed: boolean;
  failure?: NodeJS.ErrnoException;
}

/**
 * The real process. A reader that closes the pipe early (`flowc rules | head -1`) ends output
 * quietly, as it does for other Unix tools; any other failed write (`> /dev/full`) is kept in
 * `state.failure` for main() to report as one line and exit 3. Either way nothing more is
 * written to stdout and no stack trace escapes.
 */
export function processIo(state: StdoutState = { closed: false }): Io {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    state.closed = true;
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED' && !state.failure) state.failure = e;
  });
  // A closed stderr has nowhere left to report to.
  process.stderr.on('error', () => undefined);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => {
      if (!state.closed) process.stdout.write(t);
    },
    stderr: (t) => void process.stderr.write(t),
    isTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    now: () => performance.now(),
  };
}

/** One line for a failed write to standard output, e.g. "cannot write to standard output: no space left on device (ENOSPC)". */
export function stdoutFailureMessage(e: NodeJS.ErrnoException): string {
  const reason = e.code === 'ENOSPC' ? 'no space left on device' : e.code === 'EIO' ? 'input/output error' : e.message.replace(/^[A-Z0-9]+: /, '').replace(/, write$/, '');
  return `cannot write to standard output: ${reason}${e.code ? ` (${e.code})` : ''}`;
}

/** NO_COLOR / FORCE_COLOR conventions, then flags, then whether stdout is a terminal. */
export function useColor(io: Io, flags: { color?: boolean; 'no-color'?: boolean }): boolean {
  if (flags['no-color']) return false;
  if (flags.color) return true;
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.isTTY;
}
