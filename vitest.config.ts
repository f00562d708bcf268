import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The benchmark's smoke run (~15 min of both cores) is its own command,
    // `npm run bench:smoke`, until its reminder storm is fixed (issue 8).
    exclude: [
      ...(process.env.BENCH_SMOKE === '1' ? [] : ['test/bench-smoke.test.ts']),
      // The production shape under faults: `npm run test:cluster`, its own config.
      'test/cluster/**',
    ],
    // Forks, not threads: the Temporal worker's native core and the embedded
    // servers behave best in their own process.
    pool: 'forks',
    // The machine has 2 cores; the shared Temporal and PostgreSQL servers need some too.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
    // Real servers, bundling and time-skipping JVM start-up are slow-ish.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
