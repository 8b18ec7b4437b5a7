import { defineProject } from 'vitest/config';

// The page test starts headless Chromium: seconds on a busy 2-core machine.
export default defineProject({
  test: { name: 'browser-harness', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
