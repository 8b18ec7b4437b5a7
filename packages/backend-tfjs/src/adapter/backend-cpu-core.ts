import {
  hessianAccepted,
  hessianVectorProductAccepted,
  lossAccepted,
  lossAndGradientAccepted,
} from '@seq2seq-losses/backend-cpu/internal';
import type { CtcBackendCore } from '@seq2seq-losses/spec';

/**
 * The adapter's methods on the tfjs cpu and wasm backends, whose CTC kernels run backend-cpu's
 * synchronous code: the accepted call goes to that code directly, one computation per method
 * (an HVP is one forward-backward plus one tangent pass), no tensors, no read-backs.
 * Float32Array inputs (the float32 policy) give Float32Array outputs.
 */
export function backendCpuMethods(): Pick<CtcBackendCore, 'loss' | 'lossAndGradient' | 'hessianVectorProduct' | 'hessian'> {
  return {
    loss: async (call) => lossAccepted(call),
    lossAndGradient: async (call) => lossAndGradientAccepted(call),
    hessianVectorProduct: async (call) => hessianVectorProductAccepted(call),
    hessian: async (call) => hessianAccepted(call),
  };
}
