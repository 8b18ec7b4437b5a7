import {
  hessianAccepted,
  hessianVectorProductAccepted,
  lossAccepted,
  lossAndGradientAccepted,
} from '@seq2seq-losses/backend-cpu/internal';
import type { AcceptedCtcCall, CtcBatch, ResolvedCtcOptions } from '@seq2seq-losses/spec';

/**
 * The synchronous CTC math the cpu and wasm kernels run: backend-cpu's single-threaded entry
 * points for accepted calls (Float32Array in, Float32Array out, inputs never mutated). The
 * kernels' attributes were validated by the op that built them, so nothing is validated again.
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

/** The accepted call of a kernel: batch-major, options resolved (timeMajor false). */
const accepted = (fn: string, batch: CtcBatch<Float32Array>, options: ResolvedCtcOptions): AcceptedCtcCall => ({ fn, batch, options });

// backend-cpu returns arrays of the logits' float type: Float32Array here.
export const backendCpuSync: SyncCtc = {
  loss: (batch, options) => lossAccepted(accepted('loss', batch, options)) as Float32Array,
  lossAndGradient: (batch, options) => lossAndGradientAccepted(accepted('lossAndGradient', batch, options)) as { loss: Float32Array; gradient: Float32Array },
  hessianVectorProduct: (batch, direction, options) =>
    hessianVectorProductAccepted({ ...accepted('hessianVectorProduct', batch, options), direction }) as { loss: Float32Array; gradient: Float32Array; hvp: Float32Array },
  hessian: (batch, options) => hessianAccepted(accepted('hessian', batch, options)) as { loss: Float32Array; gradient: Float32Array; hessian: Float32Array },
};
