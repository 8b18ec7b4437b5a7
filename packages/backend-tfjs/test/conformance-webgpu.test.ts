import { describeCtcBackend } from '@seq2seq-losses/conformance';
import { createBackend } from '../src/index.js';
import { installTfjsWebGpu } from './helpers/webgpu.js';

// tfjs-backend-webgpu in Node (Dawn on the software Vulkan driver), where the loss runs
// backend-webgpu's WGSL passes on tfjs's own device (the 'kernel' path).
describeCtcBackend(
  'tfjs-webgpu (WGSL passes)',
  async () => {
    await installTfjsWebGpu();
    return createBackend({ tfjsBackend: 'webgpu' });
  },
);
