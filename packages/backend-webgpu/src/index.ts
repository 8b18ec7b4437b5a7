export { WebGpuCtcBackend } from './backend.js';
export { INSTALL_HINT, type WebGpuBackendOptions } from './device.js';
export { STATUS_INFEASIBLE, STATUS_INVALID, STATUS_OK, type CtcIntegerInputs, type PreparedMeta } from './prepare.js';
export { SharedDeviceCtc, type SharedDeviceOutputs } from './shared-device.js';
import type { CtcBackend } from '@seq2seq-losses/spec';
import { WebGpuCtcBackend } from './backend.js';
import type { WebGpuBackendOptions } from './device.js';

/**
 * Starts the WebGPU backend; throws CtcBackendUnavailableError when there is no adapter. Samples with
 * huge lattice log-probabilities (1e30 next to 0.5, beyond float32) get reference-cpu's exact results.
 */
export async function createBackend(options?: WebGpuBackendOptions): Promise<CtcBackend> {
  return WebGpuCtcBackend.create(options);
}
export { createForcedAligner, WebGpuForcedAligner } from './align/forced-aligner.js';
export type { WebGpuAlignInput, WebGpuAlignOptions, WebGpuAlignResult, WebGpuTokenSpan } from './align/align-types.js';
// The contract's types, errors and CTC_INPUT_ERROR_CODES: users need only this package.
export * from '@seq2seq-losses/spec/contract';
