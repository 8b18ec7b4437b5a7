import { describeError, type CtcBackend } from '@seq2seq-losses/spec';
import { createBackend, createForcedAligner, type WebGpuBackendOptions, type WebGpuForcedAligner } from '../../src/index.js';

/**
 * The backend under test. Without a WebGPU adapter this fails (never skips) with what is missing:
 * CI installs the driver with scripts/install-vulkan-driver.sh.
 */
export function createTestBackend(options?: WebGpuBackendOptions): Promise<CtcBackend> {
  return withDriverHint(() => createBackend(options));
}

/** The forced aligner under test, failing the same way without an adapter. */
export function createTestAligner(): Promise<WebGpuForcedAligner> {
  return withDriverHint(createForcedAligner);
}

async function withDriverHint<R>(create: () => Promise<R>): Promise<R> {
  try {
    return await create();
  } catch (error) {
    throw new Error(
      `backend-webgpu tests need a WebGPU adapter. VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? '(unset)'}. ` +
        'Run packages/backend-webgpu/scripts/install-vulkan-driver.sh (Mesa lavapipe, found automatically by ' +
        'vitest.config.ts) or `apt-get install libvulkan1 chromium` (SwiftShader). Cause: ' +
        describeError(error),
      { cause: error },
    );
  }
}
