import { checkHessianSize, type AcceptedCtcCall, type CtcHessian, type CtcHessianVectorProduct, type CtcLossAndGradient, type FloatArray } from '@seq2seq-losses/spec';
import { allocateOutputs, runSamples, sequential, type JobKind } from './run-samples.js';
import type { SampleOutputs } from './sample.js';

/** Arrays of the same float type as the logits. */
function makerFor(logits: FloatArray): (n: number) => FloatArray {
  return logits instanceof Float32Array ? (n) => new Float32Array(n) : (n) => new Float64Array(n);
}

/** Runs an accepted call on the calling thread; outputs batch-major, of the logits' float type. */
function runAccepted(kind: JobKind, call: AcceptedCtcCall): SampleOutputs {
  const out = allocateOutputs(kind, call.batch.dims, makerFor(call.batch.logits), call.direction ?? null);
  runSamples(call.batch, call.options, out, sequential(call.batch.dims.B));
  return out;
}

/*
 * Entry points for an already accepted call (spec's `acceptCtcCall` or a `defineCtcBackend` core:
 * validated, options resolved, batch-major logits [B, T, C]): no validation, no layout change,
 * outputs batch-major (a timeMajor caller's layout is the caller's business: `toCallerLayout`).
 */

/** loss [B] */
export function lossAccepted(call: AcceptedCtcCall): FloatArray {
  return runAccepted('loss', call).loss;
}

/** loss [B], gradient [B, T, C] */
export function lossAndGradientAccepted(call: AcceptedCtcCall): CtcLossAndGradient {
  const out = runAccepted('gradient', call);
  return { loss: out.loss, gradient: out.gradient! };
}

/** loss [B], gradient [B, T, C], H v [B, T, C] for call.direction v [B, T, C]: one forward-backward and one tangent pass per sample. */
export function hessianVectorProductAccepted(call: AcceptedCtcCall & { readonly direction: FloatArray }): CtcHessianVectorProduct {
  const out = runAccepted('hvp', call);
  return { loss: out.loss, gradient: out.gradient!, hvp: out.hvp! };
}

/** loss [B], gradient [B, T, C], Hessian [B, T, C, T, C]; checks the size (SIZE_LIMIT) first. */
export function hessianAccepted(call: AcceptedCtcCall): CtcHessian {
  checkHessianSize(call.fn, call.batch.dims);
  const out = runAccepted('hessian', call);
  return { loss: out.loss, gradient: out.gradient!, hessian: out.hessian! };
}
