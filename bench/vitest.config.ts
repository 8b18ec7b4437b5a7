import { defineProject } from 'vitest/config';

// The CLI and browser tests start child processes and Chromium: one file at a time, generous timeouts.
export default defineProject({
  test: {
    name: 'bench',
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
