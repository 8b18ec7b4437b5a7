import type * as tf from '@tensorflow/tfjs-core';
import { CtcInputError, type CtcVariant } from '@seq2seq-losses/spec';
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
  const { ctx, timeMajor } = prepareCtcCall(fn, args, variant);
  if (timeMajor) throw new CtcInputError('INVALID_OPTION', fn, 'timeMajor', 'the direct Hessian takes batch-major logits [B, T, C]');
  return compute.hessian(ctx, args.logits);
}
