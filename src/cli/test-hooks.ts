/**
 * Test-only hooks, read from the environment here (only cli/ reads it) and passed down.
 *
 * FLOWC_TEST_WRITE_DELAY_MS=N: before each step of an atomic write (staging a file, the commit
 * point, each commit rename) print `flowc: test: <phase> <i>/<n> <name>` on stderr and wait N ms,
 * so a test can kill flowc part-way through a write (test/atomic-output.test.ts).
 */
import type { WriteOptions } from '../outputs/atomic-writer.js';
import type { Io } from './io.js';

export function writeOptions(io: Io): WriteOptions {
  const ms = Number(io.env['FLOWC_TEST_WRITE_DELAY_MS'] ?? '');
  if (!Number.isFinite(ms) || ms <= 0) return {};
  return {
    onStep: async (s) => {
      io.stderr(`flowc: test: ${s.phase} ${s.index + 1}/${s.count} ${s.name}\n`);
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}
