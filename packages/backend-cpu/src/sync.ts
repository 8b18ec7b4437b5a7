import {
  validateCtcCall,
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

function runInline(kind: JobKind, batch: CtcBatch, options: CtcOptions | undefined, fn: string, direction?: FloatArray): SampleOutputs {
  const opts = validateCtcCall(fn, batch, options, direction);
  const out = allocateOutputs(kind, batch.dims, makerFor(batch.logits), direction ?? null);
  runSamples(batch, opts, out, sequential(batch.dims.B));
  return out;
}

/**
 * Per-sample loss [B] on the calling thread. The output has the logits' float type
 * (float64 arithmetic inside either way).
 */
export function ctcLossSync(batch: CtcBatch, options?: CtcOptions): FloatArray {
  return runInline('loss', batch, options, 'ctcLossSync').loss;
}

/** loss [B] and gradient [B, T, C] on the calling thread, in the logits' float type. */
export function ctcLossAndGradientSync(batch: CtcBatch, options?: CtcOptions): CtcLossAndGradient {
  const out = runInline('gradient', batch, options, 'ctcLossAndGradientSync');
  return { loss: out.loss, gradient: out.gradient! };
}

/** loss, gradient and H v [B, T, C] for direction v [B, T, C], on the calling thread; O(B T S). */
export function ctcHessianVectorProductSync(
  batch: CtcBatch,
  direction: FloatArray,
  options?: CtcOptions,
): CtcHessianVectorProduct {
  const out = runInline('hvp', batch, options, 'ctcHessianVectorProductSync', direction);
  return { loss: out.loss, gradient: out.gradient!, hvp: out.hvp! };
}

/** loss, gradient and the full Hessian [B, T, C, T, C] on the calling thread; O(B T^2 C S). */
export function ctcHessianSync(batch: CtcBatch, options?: CtcOptions): CtcHessian {
  const out = runInline('hessian', batch, options, 'ctcHessianSync');
  return { loss: out.loss, gradient: out.gradient!, hessian: out.hessian! };
}
