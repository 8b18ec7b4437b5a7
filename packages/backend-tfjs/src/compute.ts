import type * as tf from '@tensorflow/tfjs-core';
import type { CtcContext } from './context.js';

/**
 * How the CTC math runs on the active tfjs backend; float32 tensors in and out.
 * x: logits or log-probs [B, T, C]; v: direction [B, T, C].
 * Called inside custom-gradient forward functions, so nothing here is taped.
 */
export interface CtcCompute {
  /** loss [B] */
  loss(ctx: CtcContext, x: tf.Tensor): tf.Tensor;
  /** loss [B], gradient [B, T, C] */
  lossAndGradient(ctx: CtcContext, x: tf.Tensor): { loss: tf.Tensor; gradient: tf.Tensor };
  /** loss [B], gradient [B, T, C], hvp [B, T, C] = H_b v_b per sample */
  hessianVectorProduct(ctx: CtcContext, x: tf.Tensor, v: tf.Tensor): { loss: tf.Tensor; gradient: tf.Tensor; hvp: tf.Tensor };
  /**
   * loss [B], gradient [B, T, C], Hessian [B, T, C, T, C] in one call, where the path has a direct
   * way (the cpu/wasm kernels); otherwise callers assemble it from HVPs.
   */
  hessian?(ctx: CtcContext, x: tf.Tensor): { loss: tf.Tensor; gradient: tf.Tensor; hessian: tf.Tensor };
  /** scale[b] * x[b, t, c] for x [B, T, C], scale [B] (a broadcast tf.mul is slow on tfjs-cpu). */
  scaleSamples(x: tf.Tensor, scale: tf.Tensor): tf.Tensor;
}

/** loss [B], and gradient / hvp [B, T, C] when asked for. */
export interface CtcOutputs {
  loss: tf.Tensor;
  gradient?: tf.Tensor;
  hvp?: tf.Tensor;
}

/** Computes the loss, with the gradient when `withGradient`, with the HVP along `v` when given. */
export type CtcRun = (ctx: CtcContext, x: tf.Tensor, withGradient: boolean, v?: tf.Tensor) => CtcOutputs;

/** The CtcCompute of a path that computes everything in one `run`. */
export function computeFromRun(run: CtcRun, scaleSamples: CtcCompute['scaleSamples']): CtcCompute {
  return {
    loss: (ctx, x) => run(ctx, x, false).loss,
    lossAndGradient: (ctx, x) => {
      const r = run(ctx, x, true);
      return { loss: r.loss, gradient: r.gradient! };
    },
    hessianVectorProduct: (ctx, x, v) => {
      const r = run(ctx, x, true, v);
      return { loss: r.loss, gradient: r.gradient!, hvp: r.hvp! };
    },
    scaleSamples,
  };
}
