export { createBackend, type ReferenceBackendOptions } from './backend.js';
export { referenceLoss, referenceLossAndGradient, referenceHessianVectorProduct, referenceHessian } from './api.js';
export { buildLattice, type Lattice } from './lattice.js';
export { referenceSample } from './one-sample.js';
export type { ComputeRequest, ComputeResult } from './compute.js';
export { HUGE_LOG } from './wide-log.js';
export { hugeLogThreshold, hugeSamples, lossMayHideHugeLogs, withExactHugeSamples } from './exact-samples.js';
// The contract's types, errors and CTC_INPUT_ERROR_CODES: users need only this package.
export * from '@seq2seq-losses/spec/contract';
