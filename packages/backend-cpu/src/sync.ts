import {
  acceptCtcCall,
  toCallerLayout,
  type CtcBatch,
  type CtcHessian,
  type CtcHessianVectorProduct,
  type CtcLossAndGradient,
  type CtcOptions,
  type FloatArray,
} from '@seq2seq-losses/spec';
import { hessianAccepted, hessianVectorProductAccepted, lossAccepted, lossAndGradientAccepted } from './accepted.js';

// Each function validates (spec's acceptCtcCall: timeMajor calls come in batch-major) and runs the
// accepted call on the calling thread; outputs go back in the caller's layout.

/**
 * Per-sample loss [B] on the calling thread. The output has the logits' float type
 * (float64 arithmetic inside either way).
 */
export function ctcLossSync(batch: CtcBatch, options?: CtcOptions): FloatArray {
  return lossAccepted(acceptCtcCall('ctcLossSync', batch, options, undefined));
}

/** loss [B] and gradient [B, T, C] on the calling thread, in the logits' float type. */
export function ctcLossAndGradientSync(batch: CtcBatch, options?: CtcOptions): CtcLossAndGradient {
  const call = acceptCtcCall('ctcLossAndGradientSync', batch, options, undefined);
  return toCallerLayout(call, lossAndGradientAccepted(call));
}

/** loss, gradient and H v [B, T, C] for direction v [B, T, C], on the calling thread; O(B T S). */
export function ctcHessianVectorProductSync(
  batch: CtcBatch,
  direction: FloatArray,
  options?: CtcOptions,
): CtcHessianVectorProduct {
  const call = acceptCtcCall('ctcHessianVectorProductSync', batch, options, direction, {}, { requireDirection: true });
  return toCallerLayout(call, hessianVectorProductAccepted({ ...call, direction: call.direction! }));
}

/** loss, gradient and the full Hessian [B, T, C, T, C] on the calling thread; O(B T^2 C S). */
export function ctcHessianSync(batch: CtcBatch, options?: CtcOptions): CtcHessian {
  const call = acceptCtcCall('ctcHessianSync', batch, options, undefined);
  return toCallerLayout(call, hessianAccepted(call));
}
