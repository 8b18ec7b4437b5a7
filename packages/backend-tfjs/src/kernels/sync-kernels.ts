import * as tf from '@tensorflow/tfjs-core';
import type { CtcBatch, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { CtcContext } from '../context.js';
import { CTC_HVP_KERNEL, CTC_LOSS_AND_GRADIENT_KERNEL, CTC_LOSS_KERNEL, CTC_SCALE_SAMPLES_KERNEL } from './names.js';
import type { SyncCtc } from './sync-ctc.js';

/**
 * Kernel attributes: the host side of a `CtcContext` (labels and lengths as Int32Arrays,
 * already validated) and the resolved options.
 */
export type CtcKernelAttrs = CtcContext;

/** Kernels that read float32 inputs with backend.readSync and run the synchronous math. */
export function syncKernelConfigs(backendName: string, sync: SyncCtc): tf.KernelConfig[] {
  return [
    {
      kernelName: CTC_LOSS_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const kb = backend as tf.KernelBackend;
        const { batch, options } = readBatch(kb, inputs.logits!, attrs);
        return write(kb, sync.loss(batch, options), [batch.dims.B]);
      },
    },
    {
      kernelName: CTC_LOSS_AND_GRADIENT_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const kb = backend as tf.KernelBackend;
        const { batch, options } = readBatch(kb, inputs.logits!, attrs);
        const { B, T, C } = batch.dims;
        const r = sync.lossAndGradient(batch, options);
        return [write(kb, r.loss, [B]), write(kb, r.gradient, [B, T, C])];
      },
    },
    {
      kernelName: CTC_HVP_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const kb = backend as tf.KernelBackend;
        const { batch, options } = readBatch(kb, inputs.logits!, attrs);
        const { B, T, C } = batch.dims;
        const direction = kb.readSync(inputs.direction!.dataId) as Float32Array;
        const r = sync.hessianVectorProduct(batch, direction, options);
        return [write(kb, r.loss, [B]), write(kb, r.gradient, [B, T, C]), write(kb, r.hvp, [B, T, C])];
      },
    },
    {
      kernelName: CTC_SCALE_SAMPLES_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend }) => {
        const kb = backend as tf.KernelBackend;
        const x = kb.readSync(inputs.x!.dataId) as Float32Array; // [B, ...]
        const scale = kb.readSync(inputs.scale!.dataId) as Float32Array; // [B]
        const n = x.length / Math.max(scale.length, 1);
        const out = new Float32Array(x.length);
        for (let b = 0; b < scale.length; b++) {
          const s = scale[b];
          for (let i = b * n; i < (b + 1) * n; i++) out[i] = s * x[i];
        }
        return write(kb, out, inputs.x!.shape);
      },
    },
  ];
}

function readBatch(
  backend: tf.KernelBackend,
  logits: tf.TensorInfo,
  attrs: tf.NamedAttrMap | undefined,
): { batch: CtcBatch<Float32Array>; options: ResolvedCtcOptions } {
  const ctx = attrs as unknown as CtcKernelAttrs;
  const batch: CtcBatch<Float32Array> = {
    logits: backend.readSync(logits.dataId) as Float32Array,
    labels: ctx.labels,
    labelLength: ctx.labelLength,
    logitLength: ctx.logitLength,
    dims: ctx.dims,
  };
  return { batch, options: ctx.options };
}

function write(backend: tf.KernelBackend, values: Float32Array, shape: number[]): tf.TensorInfo {
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}
