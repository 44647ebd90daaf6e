import type { Pipeline } from '../engine/index.js';

/** Prints each input error (unreadable file, hostile solution…) as one `flowc:` line; true when there was any: the command then exits 2. */
export function printInputErrors(p: Pick<Pipeline, 'inputErrors'>, io: { stderr(text: string): void }): boolean {
  for (const e of p.inputErrors) io.stderr(`flowc: ${e.message}\n`);
  return p.inputErrors.length > 0;
}
