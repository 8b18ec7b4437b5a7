export { classicCtcLoss, simplifiedCtcLoss, type CtcLossExtras } from './ops/ctc-loss.js';
export type { CtcLossArgs, IntInput } from './ops/prepare.js';
export { reduceCtcLoss, type CtcReduction, type CtcReductionOptions } from './ops/reduction.js';
export type { CtcPath } from './ops/select-compute.js';
export { releaseCtcWebGpuBuffers } from './webgpu/webgpu-compute.js';
export { registerCtcKernels } from './kernels/register.js';
export { CTC_HESSIAN_KERNEL, CTC_HVP_KERNEL, CTC_LOSS_AND_GRADIENT_KERNEL, CTC_LOSS_KERNEL } from './kernels/names.js';
export { createBackend, type TfjsBackendOptions } from './adapter/backend.js';
export { ctcGreedyDecode, readGreedyLabels, type CtcGreedyDecodeArgs, type CtcGreedyDecodeResult } from './ops/greedy-decode.js';
// The contract's types, errors and CTC_INPUT_ERROR_CODES: users need only this package.
export * from '@seq2seq-losses/spec/contract';
