import { kernelsReady } from '@seq2seq-losses/backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { withExactHugeSamples } from '@seq2seq-losses/reference-cpu';
import {
  defineCtcBackend,
  type AcceptedCtcCall,
  type AcceptedHvpCall,
  type CtcBackend,
  type CtcBackendCore,
  type CtcBatch,
  type CtcHessian,
  type CtcHessianVectorProduct,
  type CtcLossAndGradient,
  type CtcOptions,
} from '@seq2seq-losses/spec';
import { classicCtcLoss, simplifiedCtcLoss } from '../ops/ctc-loss.js';
import { ctcHessianDirect } from '../ops/hessian.js';
import type { CtcLossArgs } from '../ops/prepare.js';
import { hasKernelPath, type CtcPath } from '../ops/select-compute.js';
import { hessianColumnsBatch } from './hessian.js';
import { readOutputs } from './read-outputs.js';
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
 * the full Hessian by one kernel (cpu, wasm: backend-cpu's ctcHessianSync) or, on the generic
 * path, assembled from HVPs with unit directions. Ids 'tfjs-cpu', 'tfjs-wasm', ...
 * The call contract (validation, timeMajor, dispose) is spec's `defineCtcBackend`; inputs are
 * copied (and float64 logits converted to float32) before the first await.
 */
export async function createBackend(options: TfjsBackendOptions = {}): Promise<CtcBackend> {
  const tfjsBackend = options.tfjsBackend ?? 'cpu';
  await activateTfjsBackend(tfjsBackend, options.wasmPaths);
  // the cpu and wasm kernels run backend-cpu's sync kernels: on a browser's main thread its
  // WebAssembly SIMD module compiles asynchronously, so wait for it (JavaScript loops until then)
  await kernelsReady();
  const name = `tfjs-${tfjsBackend}`;
  const path = options.path;
  const lossFn = (batch: CtcBatch, opts: CtcOptions) => {
    const labels = tf.tensor2d(batch.labels, [batch.dims.B, batch.dims.L], 'int32');
    const labelLength = tf.tensor1d(batch.labelLength, 'int32');
    const logitLength = tf.tensor1d(batch.logitLength, 'int32');
    const f = opts.variant === 'simplified' ? simplifiedCtcLoss : classicCtcLoss;
    const argsOf = (x: tf.Tensor): CtcLossArgs => ({ labels, logits: x, labelLength, logitLength, blankIndex: opts.blankIndex, inputs: opts.inputs, zeroInfinity: opts.zeroInfinity });
    const loss = (x: tf.Tensor): tf.Tensor => f(argsOf(x), { path });
    const hessian = (x: tf.Tensor) => ctcHessianDirect('hessian', opts.variant ?? 'classic', argsOf(x), path);
    return { loss, hessian, dispose: () => tf.dispose([labels, labelLength, logitLength]) };
  };
  type Fns = Pick<ReturnType<typeof lossFn>, 'loss' | 'hessian'>;
  /**
   * Runs body on this adapter's tfjs backend (another adapter may have switched it) with the
   * logits x [B, T, C]; its output tensors come back as host arrays. Only tensors leave the tidy:
   * a tidy walks its result element by element, which for host arrays took minutes at C = 5000
   * and then threw "Set maximum size exceeded" (more than 2^24 distinct values).
   */
  const run = async <K extends string>(
    batch: CtcBatch,
    opts: CtcOptions,
    body: (fns: Fns, x: tf.Tensor) => Record<K, tf.Tensor> | undefined,
  ): Promise<Record<K, Float32Array> | undefined> => {
    if (tf.getBackend() !== tfjsBackend) await tf.setBackend(tfjsBackend);
    const { B, T, C } = batch.dims;
    const { dispose, ...fns } = lossFn(batch, opts);
    const x = tf.tensor3d(batch.logits as Float32Array, [B, T, C]); // a float32 copy: the input policy
    let outputs: Record<K, tf.Tensor> | undefined;
    try {
      outputs = tf.tidy(() => body(fns, x)) as Record<K, tf.Tensor> | undefined;
    } finally {
      x.dispose();
      dispose();
    }
    return outputs && readOutputs(outputs);
  };
  const ones = (B: number) => tf.ones([B]);

  const core: CtcBackendCore = {
    name,
    capabilities: { precision: 'float32', variants: ['classic', 'simplified'], inputModes: ['logits', 'logProbs'], hessianVectorProduct: true, hessian: true },
    info: { tfjsBackend, path: path ?? (hasKernelPath() ? 'kernel' : 'generic'), tfjsVersion: tf.version_core },
    async loss({ batch, options }) {
      return (await run(batch, options, ({ loss }, x) => ({ loss: loss(x) })))!.loss;
    },
    async lossAndGradient({ batch, options }): Promise<CtcLossAndGradient> {
      return (await run(batch, options, ({ loss }, x) => {
        const { value, grad } = tf.valueAndGrad(loss)(x, ones(batch.dims.B));
        return { loss: value, gradient: grad };
      }))!;
    },
    async hessianVectorProduct({ batch, options, direction }: AcceptedHvpCall): Promise<CtcHessianVectorProduct> {
      return (await run(batch, options, ({ loss }, x) => {
        const { B, T, C } = batch.dims;
        const v = tf.tensor3d(direction as Float32Array, [B, T, C]);
        // The second-order path: the HVP is the vector-Jacobian product of the gradient with v.
        const gradientOf = (y: tf.Tensor) => tf.grad(loss)(y, ones(B));
        const { value, grad } = tf.valueAndGrad(gradientOf)(x, v);
        return { loss: loss(x), gradient: value, hvp: grad };
      }))!;
    },
    async hessian(call: AcceptedCtcCall): Promise<CtcHessian> {
      // Kernel path: one call to backend-cpu's ctcHessianSync.
      const direct = await run(call.batch, call.options, ({ hessian }, x) => hessian(x));
      if (direct) return direct;
      // Generic path: T*C unit-direction HVPs through tf.grad, batched.
      const { loss, gradient } = await core.lossAndGradient(call);
      const hessian = await hessianColumnsBatch(call.batch, (batch, direction) => core.hessianVectorProduct({ ...call, batch, direction }));
      return { loss, gradient, hessian };
    },
    async dispose() {},
  };
  // The cpu and wasm kernels run backend-cpu, which already hands samples with huge lattice
  // log-probabilities to reference-cpu; the float32 tfjs-ops and WGSL paths get the same here.
  const viaBackendCpu = path !== 'generic' && tfjsBackend !== 'webgpu' && hasKernelPath();
  return defineCtcBackend(viaBackendCpu ? core : withExactHugeSamples(core), { snapshot: true, float32: true });
}
