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

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    now: () => performance.now(),
  };
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
