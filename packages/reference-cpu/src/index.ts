export { createBackend, type ReferenceBackendOptions } from './backend.js';
export { referenceLoss, referenceLossAndGradient, referenceHessianVectorProduct, referenceHessian } from './api.js';
export { buildLattice, type Lattice } from './lattice.js';
// The contract's types, errors and CTC_INPUT_ERROR_CODES: users need only this package.
export * from '@seq2seq-losses/spec/contract';
