import { defineConfig } from 'vitest/config';

/**
 * Two projects. `slow`: end-to-end tests that start processes (the built CLI, the fuzzer, real
 * clients such as pre-commit and Chromium) or run whole real solutions through every command.
 * `fast`: everything else, the development loop (`npm run test:fast`). `npm test` runs both.
 * A new end-to-end test file goes in SLOW.
 */
export const SLOW = [
  'test/atomic-output.test.ts',
  'test/cli.test.ts',
  'test/corpus.test.ts',
  'test/determinism.test.ts',
  'test/formats.test.ts',
  'test/fuzz.test.ts',
  'test/hostile.test.ts',
  'test/install.test.ts',
  'test/pre-commit.test.ts',
  'test/realworld-actions.test.ts',
  'test/report.test.ts',
  'test/roundtrip.test.ts',
  'test/security.test.ts',
  'test/solution-build.test.ts',
  'test/threads-cache.test.ts',
];

const ALL = ['test/**/*.test.ts', 'src/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'fast', include: ALL, exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
