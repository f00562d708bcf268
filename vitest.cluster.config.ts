import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the production shape under faults (test/cluster/).
// Its own command, apart from `npm test`: it builds and runs the real Temporal
// services, needs fixed (shifted) ports, and takes minutes of both cores.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    minWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 720_000,
    teardownTimeout: 180_000,
  },
});
