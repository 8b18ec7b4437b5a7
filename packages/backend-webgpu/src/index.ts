export { WebGpuCtcBackend } from './backend.js';
export { INSTALL_HINT, type WebGpuBackendOptions } from './device.js';
import type { CtcBackend } from '@seq2seq-losses/spec';
import { WebGpuCtcBackend } from './backend.js';
import type { WebGpuBackendOptions } from './device.js';

/** Starts the WebGPU backend; throws CtcBackendUnavailableError when there is no adapter. */
export function createBackend(options?: WebGpuBackendOptions): Promise<CtcBackend> {
  return WebGpuCtcBackend.create(options);
}
