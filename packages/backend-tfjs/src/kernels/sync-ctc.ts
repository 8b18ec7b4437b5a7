import {
  ctcHessianSync,
  ctcHessianVectorProductSync,
  ctcLossAndGradientSync,
  ctcLossSync,
} from '@seq2seq-losses/backend-cpu';
import type { CtcBatch, ResolvedCtcOptions } from '@seq2seq-losses/spec';

/**
 * The synchronous CTC math the cpu and wasm kernels run: backend-cpu's single-threaded functions
 * (Float32Array in, Float32Array out, inputs never mutated).
 */
export interface SyncCtc {
  loss(batch: CtcBatch<Float32Array>, options: ResolvedCtcOptions): Float32Array;
  lossAndGradient(batch: CtcBatch<Float32Array>, options: ResolvedCtcOptions): { loss: Float32Array; gradient: Float32Array };
  hessianVectorProduct(
    batch: CtcBatch<Float32Array>,
    direction: Float32Array,
    options: ResolvedCtcOptions,
  ): { loss: Float32Array; gradient: Float32Array; hvp: Float32Array };
  /** hessian [B, T, C, T, C], per sample, zero across samples' frames t, t' >= T_b. */
  hessian(batch: CtcBatch<Float32Array>, options: ResolvedCtcOptions): { loss: Float32Array; gradient: Float32Array; hessian: Float32Array };
}

// backend-cpu returns arrays of the logits' float type: Float32Array here.
export const backendCpuSync: SyncCtc = {
  loss: (batch, options) => ctcLossSync(batch, options) as Float32Array,
  lossAndGradient: (batch, options) => ctcLossAndGradientSync(batch, options) as { loss: Float32Array; gradient: Float32Array },
  hessianVectorProduct: (batch, direction, options) =>
    ctcHessianVectorProductSync(batch, direction, options) as { loss: Float32Array; gradient: Float32Array; hvp: Float32Array },
  hessian: (batch, options) => ctcHessianSync(batch, options) as { loss: Float32Array; gradient: Float32Array; hessian: Float32Array },
};
