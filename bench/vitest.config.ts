import { defineProject } from 'vitest/config';
import { useVulkanDriver } from '../packages/backend-webgpu/scripts/vulkan-env.mjs';

// The soak test starts webgpu and tfjs-webgpu in Node: select the software Vulkan driver before the
// test workers start, so they inherit VK_ICD_FILENAMES and LD_LIBRARY_PATH.
useVulkanDriver();

// The CLI and browser tests start child processes and Chromium: one file at a time, generous timeouts.
export default defineProject({
  test: {
    name: 'bench',
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
