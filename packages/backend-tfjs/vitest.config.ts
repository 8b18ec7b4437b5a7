import { defineProject } from 'vitest/config';
// @ts-expect-error: a plain .mjs helper of backend-webgpu's scripts (no types)
import { useVulkanDriver } from '../backend-webgpu/scripts/vulkan-env.mjs';

// The tfjs-webgpu tests run in Node on Dawn: select the software Vulkan driver (as backend-webgpu
// does) before the test workers start, so that they inherit VK_ICD_FILENAMES and LD_LIBRARY_PATH.
useVulkanDriver();

export default defineProject({
  test: {
    name: 'backend-tfjs',
    include: ['test/**/*.test.ts'],
    // tfjs kernels are synchronous and CPU-bound; the 2-core CI machine runs other packages too.
    testTimeout: 60_000,
  },
});
