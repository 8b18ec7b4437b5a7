import type * as tf from '@tensorflow/tfjs-core';
import type { CtcVariant } from '@seq2seq-losses/spec';
import { prepareCtcCall, type CtcLossArgs } from './prepare.js';
import { selectCompute, type CtcPath } from './select-compute.js';

/** loss [B], gradient [B, T, C] and the full per-sample Hessian [B, T, C, T, C] (not differentiable). */
export interface CtcHessianTensors {
  readonly loss: tf.Tensor;
  readonly gradient: tf.Tensor;
  readonly hessian: tf.Tensor;
}

/**
 * The full Hessian in one kernel call where the active path has one (the cpu/wasm kernels run
 * backend-cpu's `ctcHessianSync`, O(B T^2 C S)); `undefined` on the generic path, whose callers
 * assemble it from T*C Hessian-vector products instead. Validates like the loss functions.
 */
export function ctcHessianDirect(fn: string, variant: CtcVariant, args: CtcLossArgs, path?: CtcPath): CtcHessianTensors | undefined {
  const compute = selectCompute(path);
  if (!compute.hessian) return undefined;
  return compute.hessian(prepareCtcCall(fn, args, variant), args.logits);
}
