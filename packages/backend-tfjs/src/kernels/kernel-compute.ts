import * as tf from '@tensorflow/tfjs-core';
import type { CtcCompute } from '../compute.js';
import type { CtcContext } from '../context.js';
import { CTC_HESSIAN_KERNEL, CTC_HVP_KERNEL, CTC_LOSS_AND_GRADIENT_KERNEL, CTC_LOSS_KERNEL, CTC_SCALE_SAMPLES_KERNEL } from './names.js';

/** Runs this package's registered kernels: one kernel call per loss, gradient or HVP. */
export const kernelCompute: CtcCompute = {
  loss: (ctx, x) => (run(CTC_LOSS_KERNEL, ctx, { logits: x }) as tf.Tensor[])[0],
  lossAndGradient: (ctx, x) => {
    const [loss, gradient] = run(CTC_LOSS_AND_GRADIENT_KERNEL, ctx, { logits: x }) as tf.Tensor[];
    return { loss, gradient };
  },
  hessianVectorProduct: (ctx, x, v) => {
    const [loss, gradient, hvp] = run(CTC_HVP_KERNEL, ctx, { logits: x, direction: v }) as tf.Tensor[];
    return { loss, gradient, hvp };
  },
  hessian: (ctx, x) => {
    const [loss, gradient, hessian] = run(CTC_HESSIAN_KERNEL, ctx, { logits: x }) as tf.Tensor[];
    return { loss, gradient, hessian };
  },
  scaleSamples: (x, scale) => tf.engine().runKernel(CTC_SCALE_SAMPLES_KERNEL, { x, scale }) as tf.Tensor,
};

function run(kernelName: string, ctx: CtcContext, inputs: tf.NamedTensorMap): tf.Tensor | tf.Tensor[] {
  return tf.engine().runKernel(kernelName, inputs, ctx as unknown as tf.NamedAttrMap);
}

/** Whether the active tfjs backend has this package's kernels. */
export function hasCtcKernels(backendName: string): boolean {
  return [CTC_LOSS_KERNEL, CTC_LOSS_AND_GRADIENT_KERNEL, CTC_HVP_KERNEL, CTC_HESSIAN_KERNEL, CTC_SCALE_SAMPLES_KERNEL].every((k) => tf.getKernel(k, backendName) !== undefined);
}
