import { defineConfig } from 'vitest/config';

// One vitest run over every workspace package; each package's own vitest.config.ts applies.
// The summary reporter prints `N passed, M failed` last, the line CI reads.
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools/browser-harness', 'bench', 'tests/consumer'],
    reporters: ['default', './tools/summary-reporter.ts'],
  },
});
