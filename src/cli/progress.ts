/**
 * The progress line of long runs: `flowc: 1234/5000 flows, 3.2 s` on stderr, redrawn in place
 * (carriage return) and erased when the run ends, so it leaves nothing behind in the terminal.
 *
 * Shown only where a person watches: stderr and stdout are terminals (not piped, not redirected),
 * the output is the human format (never json, sarif or github output), TERM is not `dumb`, and
 * the run has lasted PROGRESS_DELAY_MS already, so short runs never flash a line. Redrawn at most
 * every PROGRESS_INTERVAL_MS. Time comes from the Io's clock, so tests drive it without waiting.
 */
import type { Io } from './io.js';

/** Runs shorter than this show no progress line. */
export const PROGRESS_DELAY_MS = 1500;
/** The line is redrawn at most this often. */
export const PROGRESS_INTERVAL_MS = 100;

export interface Progress {
  /** `done` of `total` documents have their per-file result (or, with `noun`, are done with another step: `flows built`). */
  update(done: number, total: number, noun?: string): void;
  /** Erases the line (when one was drawn); call before printing the results. */
  end(): void;
}

const NONE: Progress = { update: () => undefined, end: () => undefined };

/** Whether a run writing `format` to this Io may show a progress line. */
export function progressWanted(io: Io, format: string, toFile: boolean): boolean {
  if (!io.stderrIsTTY || !io.now) return false;
  if (!toFile && !io.isTTY) return false;
  if (format !== 'pretty') return false;
  const term = io.env['TERM'];
  return term !== 'dumb';
}

export function createProgress(io: Io, wanted: boolean, defaultNoun = 'flows'): Progress {
  const now = io.now;
  if (!wanted || !now) return NONE;
  const start = now();
  let drawn = false;
  let lastDraw = -Infinity;
  let lastWidth = 0;
  return {
    update(done, total, noun = defaultNoun) {
      const t = now();
      if (t - start < PROGRESS_DELAY_MS || t - lastDraw < PROGRESS_INTERVAL_MS) return;
      lastDraw = t;
      const line = `flowc: ${done}/${total} ${noun}, ${((t - start) / 1000).toFixed(1)} s`;
      // Pad over a longer previous line instead of an escape sequence: works on every terminal.
      io.stderr(`\r${line.padEnd(lastWidth)}`);
      lastWidth = line.length;
      drawn = true;
    },
    end() {
      if (drawn) io.stderr(`\r${' '.repeat(lastWidth)}\r`);
      drawn = false;
    },
  };
}
