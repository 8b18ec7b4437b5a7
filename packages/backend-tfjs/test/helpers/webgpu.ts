import * as tf from '@tensorflow/tfjs-core';
import { describeError } from '@seq2seq-losses/spec';
import { activateTfjsBackend } from '../../src/adapter/tfjs-setup.js';

let installed: Promise<void> | undefined;

/**
 * Registers tfjs-backend-webgpu in Node on Dawn (as the adapter does for tfjsBackend 'webgpu') and
 * checks that it starts, then returns to the previous tfjs backend. Without a Vulkan driver this
 * fails (never skips) with what is missing; vitest.config.ts selects the software driver CI installs.
 */
export function installTfjsWebGpu(): Promise<void> {
  installed ??= (async () => {
    const previous = tf.getBackend();
    try {
      await activateTfjsBackend('webgpu');
    } catch (error) {
      throw new Error(
        `the tfjs-webgpu tests need a WebGPU adapter in Node. VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? '(unset)'}. ` +
          'Run packages/backend-webgpu/scripts/install-vulkan-driver.sh (Mesa lavapipe, found automatically by ' +
          `vitest.config.ts) or \`apt-get install libvulkan1 chromium\` (SwiftShader). Cause: ${describeError(error)}`,
        { cause: error },
      );
    }
    if (previous) await tf.setBackend(previous);
  })();
  return installed;
}
