import * as tf from '@tensorflow/tfjs-core';
import type { AcceptedCtcCall, AcceptedHvpCall, CtcBackendCore, CtcHessian, CtcHessianVectorProduct, CtcLossAndGradient } from '@seq2seq-losses/spec';
import type { CtcContext } from '../context.js';
import { ctcLossOp } from '../ops/differentiable.js';
import { selectCompute, type CtcPath } from '../ops/select-compute.js';
import { contextOf } from './context-of.js';
import { hessianColumnsBatch } from './hessian.js';
import { readOutputs } from './read-outputs.js';

/** What a method computes inside the tidy: the loss of logits x [B, T, C], and the direct Hessian where the path has one. */
interface Fns {
  loss(x: tf.Tensor): tf.Tensor;
  hessian(x: tf.Tensor): Record<'loss' | 'gradient' | 'hessian', tf.Tensor> | undefined;
}

/**
 * The adapter's methods through the public tfjs API (webgl, webgpu, the generic path): loss by
 * the differentiable loss op, the gradient by tf.valueAndGrad, the HVP by tf.grad of the
 * gradient, the full Hessian by the path's direct kernel or assembled from unit-direction HVPs.
 * The op runs on the accepted call's host arrays (`contextOf`): no label tensors, no dataSync,
 * no second validation.
 */
export function tfjsGradMethods(tfjsBackend: string, path: CtcPath | undefined): Pick<CtcBackendCore, 'loss' | 'lossAndGradient' | 'hessianVectorProduct' | 'hessian'> {
  const fnsOf = (ctx: CtcContext): Fns => {
    const compute = selectCompute(path);
    return { loss: (x) => ctcLossOp(compute, ctx, x), hessian: (x) => compute.hessian?.(ctx, x) };
  };
  /**
   * Runs body on this adapter's tfjs backend (another adapter may have switched it) with the
   * logits x [B, T, C]; its output tensors come back as host arrays. Only tensors leave the tidy:
   * a tidy walks its result element by element, which for host arrays took minutes at C = 5000
   * and then threw "Set maximum size exceeded" (more than 2^24 distinct values).
   */
  const run = async <K extends string>(
    call: AcceptedCtcCall,
    body: (fns: Fns, x: tf.Tensor) => Record<K, tf.Tensor> | undefined,
  ): Promise<Record<K, Float32Array> | undefined> => {
    if (tf.getBackend() !== tfjsBackend) await tf.setBackend(tfjsBackend);
    const { B, T, C } = call.batch.dims;
    const fns = fnsOf(contextOf(call));
    const x = tf.tensor3d(call.batch.logits as Float32Array, [B, T, C]); // a float32 copy: the input policy
    let outputs: Record<K, tf.Tensor> | undefined;
    try {
      outputs = tf.tidy(() => body(fns, x)) as Record<K, tf.Tensor> | undefined;
    } finally {
      x.dispose();
    }
    return outputs && readOutputs(outputs);
  };
  const ones = (B: number) => tf.ones([B]);

  const methods = {
    async loss(call: AcceptedCtcCall) {
      return (await run(call, ({ loss }, x) => ({ loss: loss(x) })))!.loss;
    },
    async lossAndGradient(call: AcceptedCtcCall): Promise<CtcLossAndGradient> {
      return (await run(call, ({ loss }, x) => {
        const { value, grad } = tf.valueAndGrad(loss)(x, ones(call.batch.dims.B));
        return { loss: value, gradient: grad };
      }))!;
    },
    async hessianVectorProduct(call: AcceptedHvpCall): Promise<CtcHessianVectorProduct> {
      return (await run(call, ({ loss }, x) => {
        const { B, T, C } = call.batch.dims;
        const v = tf.tensor3d(call.direction as Float32Array, [B, T, C]);
        // The second-order path: the HVP is the vector-Jacobian product of the gradient with v.
        const gradientOf = (y: tf.Tensor) => tf.grad(loss)(y, ones(B));
        const { value, grad } = tf.valueAndGrad(gradientOf)(x, v);
        return { loss: loss(x), gradient: value, hvp: grad };
      }))!;
    },
    async hessian(call: AcceptedCtcCall): Promise<CtcHessian> {
      // A path with a direct Hessian (a kernel forced by `path: 'kernel'`): one call.
      const direct = await run(call, ({ hessian }, x) => hessian(x));
      if (direct) return direct;
      // Otherwise: T*C unit-direction HVPs through tf.grad, batched.
      const { loss, gradient } = await methods.lossAndGradient(call);
      const hessian = await hessianColumnsBatch(call.batch, (batch, direction) => methods.hessianVectorProduct({ ...call, batch, direction }));
      return { loss, gradient, hessian };
    },
  };
  return methods;
}
