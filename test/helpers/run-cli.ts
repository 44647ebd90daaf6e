/**
 * Runs several flowc commands in one fresh process (so that TZ, LANG and LC_ALL are what the
 * process started with) and prints their results as JSON:
 *   node --import tsx test/helpers/run-cli.ts '[["report","--format","json"],["build","--out-dir","out"]]'
 * in the working folder the parent chooses. Used by test/determinism.test.ts.
 */
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

const commands = JSON.parse(process.argv[2] ?? '[]') as string[][];
const results: { args: string[]; code: number; out: string; err: string }[] = [];
for (const args of commands) {
  let out = '';
  let err = '';
  const io: Io = { cwd: process.cwd(), env: process.env, isTTY: false, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(args, io);
  results.push({ args, code, out, err });
}
process.stdout.write(JSON.stringify(results));
