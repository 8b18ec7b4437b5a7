import * as tf from '@tensorflow/tfjs-core';
import { CtcUnsupportedError } from '@seq2seq-losses/spec';
import type { CtcCompute } from '../compute.js';
import type { CtcContext } from '../context.js';

/**
 * The CTC loss as three nested custom-gradient ops, so that tf.grad works twice:
 *   lossOp(x) -> loss [B]
 *     gradient: scaledGradientOp(x, dy) = dy_b * g_b            [B, T, C]
 *       gradient w.r.t. x:  hvpOp(x, dy_b * W_b) = dy_b H_b W_b [B, T, C]
 *       gradient w.r.t. dy: <g_b, W_b>                          [B]
 *         gradient of hvpOp: a clear error (no third derivative).
 * Values used in a backward pass come from `save` (kept by the engine until the outermost
 * tf.grad ends); the closed-over x only identifies the input on the tape.
 * H_b is symmetric, so the vector-Jacobian product of g_b is H_b W_b.
 */
export function ctcLossOp(compute: CtcCompute, ctx: CtcContext, x: tf.Tensor): tf.Tensor {
  // Inside a custom-gradient forward the tape reads as off, so ask now.
  const taped = tf.engine().isTapeOn();
  const op = customOp(([xIn], save) => {
    if (!taped) return { value: compute.loss(ctx, xIn), gradFunc: noGradient };
    const { loss, gradient } = compute.lossAndGradient(ctx, xIn);
    save([xIn, gradient]);
    return {
      value: loss,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => scaledGradientOp(compute, ctx, x, dy, saved[0], saved[1]),
    };
  });
  return op(x);
}

/** dy_b * g_b [B, T, C], with g precomputed by the loss op. */
function scaledGradientOp(
  compute: CtcCompute,
  ctx: CtcContext,
  x: tf.Tensor,
  dy: tf.Tensor,
  xValues: tf.Tensor,
  g: tf.Tensor,
): tf.Tensor {
  const op = customOp(([, dyIn], save) => {
    save([xValues, dyIn, g]);
    return {
      value: compute.scaleSamples(g, dyIn),
      gradFunc: (w: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, dys, gs] = saved;
        const scaled = compute.scaleSamples(w, dys);
        return [hvpOp(compute, ctx, x, scaled, xs), dotPerSample(gs, w)];
      },
    };
  });
  return op(x, dy);
}

/** <a_b, b_b> [B] for a, b [B, T, C]; tfjs-webgpu cannot reduce an empty tensor (T = 0), so 0 directly. */
function dotPerSample(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return a.size === 0 ? tf.zeros([a.shape[0]]) : tf.sum(tf.mul(a, b), [1, 2]);
}

/** H_b v_b [B, T, C]; its own gradient (a third derivative) throws. */
function hvpOp(compute: CtcCompute, ctx: CtcContext, x: tf.Tensor, v: tf.Tensor, xValues: tf.Tensor): tf.Tensor {
  const op = customOp(([, vIn]) => ({
    value: compute.hessianVectorProduct(ctx, xValues, vIn).hvp,
    gradFunc: () => {
      releaseTapeSaved();
      throw new CtcUnsupportedError(
        'tfjs',
        'third derivative',
        'backend-tfjs: the CTC loss is differentiable twice (loss -> gradient -> Hessian-vector product); ' +
          'a third derivative (the gradient of the Hessian-vector product) is not implemented',
      );
    },
  }));
  return op(x, v);
}

/**
 * The engine keeps every taped op's saved tensors until the outermost tf.grad finishes, which
 * an exception skips; dispose them before aborting so that a failed third derivative leaks nothing.
 */
function releaseTapeSaved(): void {
  const tape = (tf.engine().state as { activeTape?: Array<{ saved?: tf.Tensor[] }> }).activeTape ?? [];
  for (const node of tape) tf.dispose(node.saved ?? []);
}

function noGradient(): never {
  throw new Error('backend-tfjs: the CTC loss was computed outside tf.grad, so it has no gradient');
}

type CustomResult = { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[] };

/** tf.customGrad with the inputs as an array and the save function apart. */
function customOp(f: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => CustomResult): (...inputs: tf.Tensor[]) => tf.Tensor {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args.pop() as tf.GradSaveFunc;
    return f(args as tf.Tensor[], save);
  });
}
