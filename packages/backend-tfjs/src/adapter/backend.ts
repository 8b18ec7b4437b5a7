import * as tf from '@tensorflow/tfjs-core';
import {
  validateCtcCall,
  type CtcBackend,
  type CtcBatch,
  type CtcHessian,
  type CtcHessianVectorProduct,
  type CtcLossAndGradient,
  type CtcOptions,
  type FloatArray,
} from '@seq2seq-losses/spec';
import { classicCtcLoss, simplifiedCtcLoss } from '../ops/ctc-loss.js';
import type { CtcPath } from '../ops/select-compute.js';
import { hessianColumnsBatch } from './hessian.js';
import { activateTfjsBackend } from './tfjs-setup.js';

export interface TfjsBackendOptions {
  /** The tfjs backend to run on: 'cpu' (default), 'wasm', or any registered name ('webgl', ...). */
  readonly tfjsBackend?: string;
  /** Folder (or URL) of the tfjs wasm binaries; Node default: the package's dist/. */
  readonly wasmPaths?: string;
  /** Force the kernel or the generic tfjs-ops path (default: kernels where registered). */
  readonly path?: CtcPath;
}

/**
 * A `CtcBackend` that runs everything through the public tfjs API: loss by the loss op, the
 * gradient by tf.valueAndGrad, the HVP by tf.grad of the gradient (the second-order path) and
 * the full Hessian assembled from HVPs with unit directions. Ids 'tfjs-cpu', 'tfjs-wasm', ...
 */
export async function createBackend(options: TfjsBackendOptions = {}): Promise<CtcBackend> {
  const tfjsBackend = options.tfjsBackend ?? 'cpu';
  await activateTfjsBackend(tfjsBackend, options.wasmPaths);
  const name = `tfjs-${tfjsBackend}`;
  const path = options.path;
  // Runs f on this adapter's tfjs backend (another adapter may have switched it).
  const onBackend = async <R>(f: () => R): Promise<R> => {
    if (tf.getBackend() !== tfjsBackend) await tf.setBackend(tfjsBackend);
    return f();
  };
  const lossFn = (batch: CtcBatch, opts: CtcOptions) => {
    const labels = tf.tensor2d(batch.labels, [batch.dims.B, batch.dims.L], 'int32');
    const labelLength = tf.tensor1d(batch.labelLength, 'int32');
    const logitLength = tf.tensor1d(batch.logitLength, 'int32');
    const f = opts.variant === 'simplified' ? simplifiedCtcLoss : classicCtcLoss;
    const loss = (x: tf.Tensor) =>
      f({ labels, logits: x, labelLength, logitLength, blankIndex: opts.blankIndex, inputs: opts.inputs, zeroInfinity: opts.zeroInfinity }, { path });
    return { loss, dispose: () => tf.dispose([labels, labelLength, logitLength]) };
  };
  const run = <R>(batch: CtcBatch, opts: CtcOptions, body: (loss: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor) => R): Promise<R> =>
    onBackend(() => {
      const { B, T, C } = batch.dims;
      const { loss, dispose } = lossFn(batch, opts);
      const x = tf.tensor3d(toFloat32(batch.logits), [B, T, C]);
      try {
        return tf.tidy(() => body(loss, x) as tf.TensorContainer) as R;
      } finally {
        x.dispose();
        dispose();
      }
    });
  const ones = (B: number) => tf.ones([B]);

  const backend: CtcBackend = {
    name,
    capabilities: { precision: 'float32', variants: ['classic', 'simplified'], inputModes: ['logits', 'logProbs'], hessianVectorProduct: true, hessian: true },
    info: { tfjsBackend, path: path ?? (tfjsBackend === 'cpu' || tfjsBackend === 'wasm' ? 'kernel' : 'generic'), tfjsVersion: tf.version_core },
    async loss(batch, opts = {}) {
      const resolved = validateCtcCall('loss', batch, opts);
      return run(batch, resolved, (loss, x) => read(loss(x)));
    },
    async lossAndGradient(batch, opts = {}): Promise<CtcLossAndGradient> {
      const resolved = validateCtcCall('lossAndGradient', batch, opts);
      return run(batch, resolved, (loss, x) => {
        const { value, grad } = tf.valueAndGrad(loss)(x, ones(batch.dims.B));
        return { loss: read(value), gradient: read(grad) };
      });
    },
    async hessianVectorProduct(batch, direction, opts = {}): Promise<CtcHessianVectorProduct> {
      const resolved = validateCtcCall('hessianVectorProduct', batch, opts, direction);
      return run(batch, resolved, (loss, x) => {
        const { B, T, C } = batch.dims;
        const v = tf.tensor3d(toFloat32(direction), [B, T, C]);
        // The second-order path: the HVP is the vector-Jacobian product of the gradient with v.
        const gradientOf = (y: tf.Tensor) => tf.grad(loss)(y, ones(B));
        const { value, grad } = tf.valueAndGrad(gradientOf)(x, v);
        return { loss: read(loss(x)), gradient: read(value), hvp: read(grad) };
      });
    },
    async hessian(batch, opts = {}): Promise<CtcHessian> {
      const resolved = validateCtcCall('hessian', batch, opts);
      const { loss, gradient } = await backend.lossAndGradient(batch, resolved);
      const hessian = await hessianColumnsBatch(batch, (b, d) => backend.hessianVectorProduct(b, d, resolved));
      return { loss, gradient, hessian };
    },
    async dispose() {},
  };
  return backend;
}

function toFloat32(a: FloatArray): Float32Array {
  return a instanceof Float32Array ? a : Float32Array.from(a);
}

/** A host copy of a tensor's values (the tensor is disposed by the enclosing tidy). */
function read(t: tf.Tensor): Float32Array {
  return Float32Array.from(t.dataSync() as Float32Array);
}
