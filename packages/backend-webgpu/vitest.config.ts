import { defineProject } from 'vitest/config';
// @ts-expect-error: a plain .mjs helper shared with the scripts (no types)
import { useVulkanDriver } from './scripts/vulkan-env.mjs';

// Select the software Vulkan driver (lavapipe from scripts/install-vulkan-driver.sh, else SwiftShader)
// before the test workers start, so they inherit VK_ICD_FILENAMES and LD_LIBRARY_PATH. Without a
// driver the tests fail with the install instructions (test/support/gpu.ts).
useVulkanDriver();

export default defineProject({
  test: {
    name: 'backend-webgpu',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // one GPU device per file; files in sequence keep the 2-core machine usable
    fileParallelism: false,
  },
});
