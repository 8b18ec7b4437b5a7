import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'reference-cpu', include: ['test/**/*.test.ts'] },
});
