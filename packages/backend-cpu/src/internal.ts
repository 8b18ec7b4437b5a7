// @seq2seq-losses/backend-cpu/internal: the synchronous kernels for calls another package has
// already accepted (backend-tfjs's ops and adapter). Not part of the stable API.
export { lossAccepted, lossAndGradientAccepted, hessianVectorProductAccepted, hessianAccepted } from './accepted.js';
