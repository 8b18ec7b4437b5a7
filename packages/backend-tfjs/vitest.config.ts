import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'backend-tfjs',
    include: ['test/**/*.test.ts'],
    // tfjs kernels are synchronous and CPU-bound; the 2-core CI machine runs other packages too.
    testTimeout: 60_000,
  },
});
