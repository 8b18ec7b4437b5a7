import { acceptCtcCall, checkHessianSize, toCallerLayout, type CtcBatch, type CtcOptions, type FloatArray } from '@seq2seq-losses/spec';
import { computeBatch } from './compute.js';

// The synchronous entry points. Like the backend, they validate (spec's acceptCtcCall) and take
// `timeMajor` (logits, direction, gradient, HVP [T, B, C]; Hessian [T, B, C, T, C]).

/** Per-sample loss [B] = -log P(w_b | x_b). Inputs Float32Array or Float64Array; always float64 inside. */
export function referenceLoss(batch: CtcBatch, options?: CtcOptions): Float64Array {
  const call = acceptCtcCall('referenceLoss', batch, options, undefined);
  return computeBatch(call.batch, call.options, {}).loss;
}

/** loss [B] and gradient [B, T, C] (p - gamma for logits, -gamma for logProbs; 0 on padded frames). */
export function referenceLossAndGradient(
  batch: CtcBatch,
  options?: CtcOptions,
): { loss: Float64Array; gradient: Float64Array } {
  const call = acceptCtcCall('referenceLossAndGradient', batch, options, undefined);
  const r = computeBatch(call.batch, call.options, { gradient: true });
  return toCallerLayout(call, { loss: r.loss, gradient: r.gradient! });
}

/** loss [B], gradient [B, T, C] and H_b v_b [B, T, C] for direction v [B, T, C]; O(B * T * S). */
export function referenceHessianVectorProduct(
  batch: CtcBatch,
  direction: FloatArray,
  options?: CtcOptions,
): { loss: Float64Array; gradient: Float64Array; hvp: Float64Array } {
  const call = acceptCtcCall('referenceHessianVectorProduct', batch, options, direction, {}, { requireDirection: true });
  const r = computeBatch(call.batch, call.options, { gradient: true, direction: call.direction });
  return toCallerLayout(call, { loss: r.loss, gradient: r.gradient!, hvp: r.hvp! });
}

/** loss [B], gradient [B, T, C] and the per-sample Hessian [B, T, C, T, C]; O(B * T^2 * C * S) time. */
export function referenceHessian(
  batch: CtcBatch,
  options?: CtcOptions,
): { loss: Float64Array; gradient: Float64Array; hessian: Float64Array } {
  const call = acceptCtcCall('referenceHessian', batch, options, undefined);
  checkHessianSize('referenceHessian', call.batch.dims);
  const r = computeBatch(call.batch, call.options, { gradient: true, hessian: true });
  return toCallerLayout(call, { loss: r.loss, gradient: r.gradient!, hessian: r.hessian! });
}
