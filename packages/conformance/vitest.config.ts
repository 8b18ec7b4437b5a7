import { defineProject } from 'vitest/config';

// Laws against the reference take a few seconds each on a busy 2-core machine.
export default defineProject({
  test: { name: 'conformance', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
