import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'decode', include: ['test/**/*.test.ts'] },
});
