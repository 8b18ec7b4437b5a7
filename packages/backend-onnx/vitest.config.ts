import { defineProject } from 'vitest/config';

// Each ONNX model is built and its session created once per test file (tens of ms each).
export default defineProject({
  test: { name: 'backend-onnx', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
