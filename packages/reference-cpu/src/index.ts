export { createBackend, type ReferenceBackendOptions } from './backend.js';
export { referenceLoss, referenceLossAndGradient, referenceHessianVectorProduct, referenceHessian } from './api.js';
export { buildLattice, type Lattice } from './lattice.js';
