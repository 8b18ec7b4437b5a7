import * as tf from '@tensorflow/tfjs-core';
import { SYNC_KERNEL_BACKENDS } from './names.js';
import { backendCpuSync } from './sync-ctc.js';
import { syncKernelConfigs } from './sync-kernels.js';

let registered = false;

/**
 * Registers the CTC kernels for tfjs's 'cpu' and 'wasm' backends (idempotent; the backends
 * themselves need not be loaded yet). Other backends use the generic path built from tfjs ops.
 */
export function registerCtcKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of SYNC_KERNEL_BACKENDS) {
    for (const config of syncKernelConfigs(backendName, backendCpuSync)) {
      if (tf.getKernel(config.kernelName, backendName) === undefined) tf.registerKernel(config);
    }
  }
}
