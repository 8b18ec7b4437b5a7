export { createBackend, type CpuBackendOptions } from './backend.js';
export { ctcLossSync, ctcLossAndGradientSync, ctcHessianVectorProductSync, ctcHessianSync } from './sync.js';
export { liveWorkerCount } from './pool.js';
export { kernelsReady, type KernelKind } from './wasm/load.js';
