export { createBackend, type CpuBackendOptions } from './backend.js';
export { ctcLossSync, ctcLossAndGradientSync, ctcHessianVectorProductSync, ctcHessianSync } from './sync.js';
export { liveWorkerCount } from './pool.js';
export { kernelsReady, type KernelKind } from './wasm/load.js';
// The contract's types, errors and CTC_INPUT_ERROR_CODES: users need only this package.
export * from '@seq2seq-losses/spec/contract';
