import { defineProject } from 'vitest/config';

// Tests import the built package (../dist): the worker threads run dist/worker.js.
export default defineProject({
  test: { name: 'backend-cpu', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
