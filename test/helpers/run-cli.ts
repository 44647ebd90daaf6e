/**
 * Runs several flowc commands in one fresh process (so that TZ, LANG and LC_ALL are what the
 * process started with) and prints their results as JSON:
 *   node --import tsx test/helpers/run-cli.ts '[["report","--format","json"],["build","--out-dir","out"]]'
 * in the working folder the parent chooses. Used by test/determinism.test.ts.
 */
import { runCli } from './cli.js';

const commands = JSON.parse(process.argv[2] ?? '[]') as string[][];
const results: { args: string[]; code: number; out: string; err: string }[] = [];
for (const args of commands) {
  const { code, out, err } = await runCli(args, { cwd: process.cwd(), env: process.env });
  results.push({ args, code, out, err });
}
process.stdout.write(JSON.stringify(results));
