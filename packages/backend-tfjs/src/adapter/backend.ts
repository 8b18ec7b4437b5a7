import { kernelsReady } from '@seq2seq-losses/backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { withExactHugeSamples } from '@seq2seq-losses/reference-cpu';
import { defineCtcBackend, type CtcBackend, type CtcBackendCore } from '@seq2seq-losses/spec';
import { hasKernelPath, type CtcPath } from '../ops/select-compute.js';
import { backendCpuMethods } from './backend-cpu-core.js';
import { tfjsGradMethods } from './tfjs-grad-core.js';
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
 * A `CtcBackend` on a tfjs backend. Ids 'tfjs-cpu', 'tfjs-wasm', ...
 * - cpu and wasm (whose CTC kernels run backend-cpu's synchronous code): every method calls that
 *   code directly on the accepted call, one computation each (an HVP is one forward-backward plus
 *   one tangent pass), with no tensors in between.
 * - any other backend, or `path: 'generic'`: through the public tfjs API: loss by the loss op, the
 *   gradient by tf.valueAndGrad, the HVP by tf.grad of the gradient (the second-order path), the
 *   full Hessian assembled from HVPs with unit directions.
 * The call contract (validation, once; timeMajor; dispose) is spec's `defineCtcBackend`; float64
 * logits are converted to float32, and on the tf.grad route inputs are copied before the first await.
 */
export async function createBackend(options: TfjsBackendOptions = {}): Promise<CtcBackend> {
  const tfjsBackend = options.tfjsBackend ?? 'cpu';
  await activateTfjsBackend(tfjsBackend, options.wasmPaths);
  // the cpu and wasm kernels run backend-cpu's sync kernels: on a browser's main thread its
  // WebAssembly SIMD module compiles asynchronously, so wait for it (JavaScript loops until then)
  await kernelsReady();
  const name = `tfjs-${tfjsBackend}`;
  const path = options.path;
  // The cpu and wasm kernels run backend-cpu's synchronous code: call it directly.
  const viaBackendCpu = path !== 'generic' && tfjsBackend !== 'webgpu' && hasKernelPath();
  const core: CtcBackendCore = {
    name,
    capabilities: { precision: 'float32', variants: ['classic', 'simplified'], inputModes: ['logits', 'logProbs'], hessianVectorProduct: true, hessian: true },
    info: { tfjsBackend, path: path ?? (hasKernelPath() ? 'kernel' : 'generic'), tfjsVersion: tf.version_core },
    ...(viaBackendCpu ? backendCpuMethods() : tfjsGradMethods(tfjsBackend, path)),
    async dispose() {},
  };
  // backend-cpu already hands samples with huge lattice log-probabilities to reference-cpu; the
  // float32 tfjs-ops and WGSL paths get the same here. backend-cpu consumes the inputs before
  // returning its promise (no copy needed); the tf.grad route awaits first (tf.setBackend): copies.
  if (viaBackendCpu) return defineCtcBackend(core, { float32: true });
  return defineCtcBackend(withExactHugeSamples(core), { snapshot: true, float32: true });
}
