import type { AcceptedCtcCall } from './accept-call.js';
import type { FloatArray } from './batch.js';
import { batchMajorToTimeMajor, hessianToTimeMajor } from './layout.js';

/** Outputs as a backend computes them: gradient and hvp [B, T, C], hessian [B, T, C, T, C]. */
export interface CtcOutputs {
  readonly loss: FloatArray;
  readonly gradient?: FloatArray;
  readonly hvp?: FloatArray;
  readonly hessian?: FloatArray;
}

/**
 * Outputs in the caller's layout: unchanged for batch-major calls; for `timeMajor` calls gradient
 * and hvp [T, B, C] and hessian [T, B, C, T, C] (new arrays of the same type).
 */
export function toCallerLayout<R extends CtcOutputs>(call: AcceptedCtcCall, outputs: R): R {
  if (!call.options.timeMajor) return outputs;
  const { B, T, C } = call.batch.dims;
  const swapped: Record<string, FloatArray> = {};
  if (outputs.gradient) swapped.gradient = batchMajorToTimeMajor(outputs.gradient, B, T, C);
  if (outputs.hvp) swapped.hvp = batchMajorToTimeMajor(outputs.hvp, B, T, C);
  if (outputs.hessian) swapped.hessian = hessianToTimeMajor(outputs.hessian, B, T, C);
  return { ...outputs, ...swapped };
}
