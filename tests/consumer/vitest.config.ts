import { defineProject } from 'vitest/config';

// Packs every package, installs the tarballs into temporary projects outside the repository and
// uses them from Node, TypeScript and bundled pages in headless Chromium (npm run build first).
export default defineProject({
  test: { name: 'consumer', include: ['**/*.test.ts'], exclude: ['fixture/**'], testTimeout: 180_000, hookTimeout: 600_000 },
});
