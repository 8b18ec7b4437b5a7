import type { CtcBatch, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { writeGradient, writeHessianVectorProduct } from './derivatives.js';
import { fillHessianNaN, writeHessian } from './hessian.js';
import { outcomeLoss, runSample, type SampleOutcome } from './sample.js';

/**
 * The batch loops behind the public functions, on validated input and resolved options.
 * Outputs start at 0, so padded frames, padded Hessian blocks and impossible samples stay 0;
 * a 'nan' sample gets NaN on its valid frames only.
 */
export interface ComputeRequest {
  readonly gradient?: boolean;
  /** [B, T, C] direction of the Hessian-vector product. */
  readonly direction?: ArrayLike<number>;
  readonly hessian?: boolean;
}

export interface ComputeResult {
  loss: Float64Array; // [B]
  gradient?: Float64Array; // [B, T, C]
  hvp?: Float64Array; // [B, T, C]
  hessian?: Float64Array; // [B, T, C, T, C]
}

export function computeBatch(batch: CtcBatch, opts: ResolvedCtcOptions, request: ComputeRequest): ComputeResult {
  const { B, T, C } = batch.dims;
  const derivatives = !!(request.gradient || request.direction || request.hessian);
  const result: ComputeResult = { loss: new Float64Array(B) };
  if (derivatives) result.gradient = new Float64Array(B * T * C);
  if (request.direction) result.hvp = new Float64Array(B * T * C);
  if (request.hessian) result.hessian = new Float64Array(B * T * C * T * C);

  for (let b = 0; b < B; b++) {
    const outcome: SampleOutcome = runSample(batch, b, opts, derivatives);
    result.loss[b] = outcomeLoss(outcome, opts);
    const frames = b * T * C; // offset of sample b in [B, T, C]
    const Tb = batch.logitLength[b];
    if (outcome.kind === 'nan') {
      result.gradient?.fill(NaN, frames, frames + Tb * C);
      result.hvp?.fill(NaN, frames, frames + Tb * C);
      if (result.hessian) fillHessianNaN(Tb, T, C, result.hessian, b * T * C * T * C);
      continue;
    }
    if (outcome.kind !== 'ok' || !outcome.state) continue;
    const state = outcome.state;
    if (result.gradient) writeGradient(state, result.gradient, frames);
    if (result.hvp && request.direction) writeHessianVectorProduct(state, request.direction, frames, result.hvp, frames);
    if (result.hessian) writeHessian(state, T, result.hessian, b * T * C * T * C);
  }
  return result;
}
