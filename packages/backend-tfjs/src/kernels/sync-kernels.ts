import * as tf from '@tensorflow/tfjs-core';
import type { CtcBatch, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { CtcContext } from '../context.js';
import { CTC_HESSIAN_KERNEL, CTC_HVP_KERNEL, CTC_LOSS_AND_GRADIENT_KERNEL, CTC_LOSS_KERNEL, CTC_SCALE_SAMPLES_KERNEL } from './names.js';
import type { SyncCtc } from './sync-ctc.js';

/**
 * Kernel attributes: the host side of a `CtcContext` (labels and lengths as Int32Arrays,
 * already validated) and the resolved options.
 */
export type CtcKernelAttrs = CtcContext;

/** Kernels that read float32 inputs with backend.readSync and run the synchronous math. */
export function syncKernelConfigs(backendName: string, sync: SyncCtc): tf.KernelConfig[] {
  /** A kernel reading the logits (and any other float32 inputs) and writing float32 outputs. */
  const ctcKernel = (kernelName: string, outputs: (batch: CtcBatch<Float32Array>, options: ResolvedCtcOptions, read: (name: string) => Float32Array) => Array<[Float32Array, number[]]>): tf.KernelConfig => ({
    kernelName,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const kb = backend as tf.KernelBackend;
      const { batch, options } = readBatch(kb, inputs.logits!, attrs);
      const read = (name: string) => kb.readSync(inputs[name]!.dataId) as Float32Array;
      return outputs(batch, options, read).map(([values, shape]) => write(kb, values, shape));
    },
  });
  return [
    // loss [B]
    ctcKernel(CTC_LOSS_KERNEL, (batch, options) => [[sync.loss(batch, options), [batch.dims.B]]]),
    // loss [B], gradient [B, T, C]
    ctcKernel(CTC_LOSS_AND_GRADIENT_KERNEL, (batch, options) => {
      const { B, T, C } = batch.dims;
      const r = sync.lossAndGradient(batch, options);
      return [[r.loss, [B]], [r.gradient, [B, T, C]]];
    }),
    // loss [B], gradient [B, T, C], H v [B, T, C] for the input `direction` [B, T, C]
    ctcKernel(CTC_HVP_KERNEL, (batch, options, read) => {
      const { B, T, C } = batch.dims;
      const r = sync.hessianVectorProduct(batch, read('direction'), options);
      return [[r.loss, [B]], [r.gradient, [B, T, C]], [r.hvp, [B, T, C]]];
    }),
    // loss [B], gradient [B, T, C], Hessian [B, T, C, T, C]
    ctcKernel(CTC_HESSIAN_KERNEL, (batch, options) => {
      const { B, T, C } = batch.dims;
      const r = sync.hessian(batch, options);
      return [[r.loss, [B]], [r.gradient, [B, T, C]], [r.hessian, [B, T, C, T, C]]];
    }),
    {
      kernelName: CTC_SCALE_SAMPLES_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend }) => {
        const kb = backend as tf.KernelBackend;
        const scale = kb.readSync(inputs.scale!.dataId) as Float32Array; // [B]
        // dy = 1 (a summed loss, the adapter): share x's data, as tfjs's Reshape does, instead of
        // copying B T C floats (~100 MB at C = 5000) out of and back into the backend.
        if (scale.every((s) => s === 1)) return shareData(kb, inputs.x!);
        const x = kb.readSync(inputs.x!.dataId) as Float32Array; // [B, ...]
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

/** The same data under a new tensor (the backend counts the reference; tensors are immutable). */
function shareData(backend: tf.KernelBackend, x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
