/**
 * The one way tests drive the command line in-process: `main(args)` with an Io that captures
 * stdout and stderr. For tests where the CLI is what is tested (arguments, output, exit codes,
 * files written); tests of checking itself use the engine (src/engine/index.ts).
 */
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** Wall time of the run, in milliseconds. */
  ms: number;
}

export interface CliOptions {
  cwd: string;
  /** The environment flowc sees (default: empty, so the tests do not depend on the caller's). */
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  /** Capture stderr into `out` too, in order (what a terminal shows). */
  combined?: boolean;
}

export async function runCli(args: string[], opts: CliOptions): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: Io = {
    cwd: opts.cwd,
    env: opts.env ?? {},
    isTTY: opts.isTTY ?? false,
    stdout: (t) => void (out += t),
    stderr: (t) => void (opts.combined ? (out += t) : (err += t)),
  };
  const start = performance.now();
  const code = await main(args, io);
  return { code, out, err, ms: performance.now() - start };
}
