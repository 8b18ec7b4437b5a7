import {
  acceptCtcCall,
  checkHessianSize,
  toCallerLayout,
  type AcceptedCtcCall,
  type CtcBatch,
  type CtcHessian,
  type CtcHessianVectorProduct,
  type CtcLossAndGradient,
  type CtcOptions,
  type FloatArray,
} from '@seq2seq-losses/spec';
import { allocateOutputs, runSamples, sequential, type JobKind } from './run-samples.js';
import type { SampleOutputs } from './sample.js';

/** Arrays of the same float type as the logits. */
function makerFor(logits: FloatArray): (n: number) => FloatArray {
  return logits instanceof Float32Array ? (n) => new Float32Array(n) : (n) => new Float64Array(n);
}

/**
 * Validates (spec's acceptCtcCall: timeMajor calls come in batch-major, a Hessian's size is
 * checked) and runs on the calling thread; outputs batch-major, for `toCallerLayout`.
 */
function runInline(kind: JobKind, batch: CtcBatch, options: CtcOptions | undefined, fn: string, direction?: FloatArray): { call: AcceptedCtcCall; out: SampleOutputs } {
  const call = acceptCtcCall(fn, batch, options, direction, {}, { requireDirection: kind === 'hvp' });
  if (kind === 'hessian') checkHessianSize(fn, call.batch.dims);
  const out = allocateOutputs(kind, call.batch.dims, makerFor(call.batch.logits), call.direction ?? null);
  runSamples(call.batch, call.options, out, sequential(call.batch.dims.B));
  return { call, out };
}

/**
 * Per-sample loss [B] on the calling thread. The output has the logits' float type
 * (float64 arithmetic inside either way).
 */
export function ctcLossSync(batch: CtcBatch, options?: CtcOptions): FloatArray {
  return runInline('loss', batch, options, 'ctcLossSync').out.loss;
}

/** loss [B] and gradient [B, T, C] on the calling thread, in the logits' float type. */
export function ctcLossAndGradientSync(batch: CtcBatch, options?: CtcOptions): CtcLossAndGradient {
  const { call, out } = runInline('gradient', batch, options, 'ctcLossAndGradientSync');
  return toCallerLayout(call, { loss: out.loss, gradient: out.gradient! });
}

/** loss, gradient and H v [B, T, C] for direction v [B, T, C], on the calling thread; O(B T S). */
export function ctcHessianVectorProductSync(
  batch: CtcBatch,
  direction: FloatArray,
  options?: CtcOptions,
): CtcHessianVectorProduct {
  const { call, out } = runInline('hvp', batch, options, 'ctcHessianVectorProductSync', direction);
  return toCallerLayout(call, { loss: out.loss, gradient: out.gradient!, hvp: out.hvp! });
}

/** loss, gradient and the full Hessian [B, T, C, T, C] on the calling thread; O(B T^2 C S). */
export function ctcHessianSync(batch: CtcBatch, options?: CtcOptions): CtcHessian {
  const { call, out } = runInline('hessian', batch, options, 'ctcHessianSync');
  return toCallerLayout(call, { loss: out.loss, gradient: out.gradient!, hessian: out.hessian! });
}
