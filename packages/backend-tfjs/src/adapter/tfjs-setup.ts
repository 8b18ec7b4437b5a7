import * as tf from '@tensorflow/tfjs-core';
import { CtcBackendUnavailableError, describeError } from '@seq2seq-losses/spec';
import { platform } from '#platform';
import { loadCtcWebGpu } from '../webgpu/provider.js';

/** The optional peer package that registers each tfjs backend this function can load by itself. */
const TFJS_BACKEND_PACKAGES: Readonly<Record<string, string>> = {
  cpu: '@tensorflow/tfjs-backend-cpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
};

/**
 * Loads and activates a tfjs backend by name. In Node, 'cpu', 'wasm' and 'webgpu' are imported on
 * demand (@tensorflow/tfjs-backend-cpu / -wasm / -webgpu); wasm binaries are found next to the
 * package unless `wasmPaths` is given; webgpu without navigator.gpu runs on Dawn (the npm package
 * `webgpu`) and loads @seq2seq-losses/backend-webgpu. In browsers, the page imports the tfjs backend
 * package itself. Other names must already be registered by the caller.
 */
export async function activateTfjsBackend(name: string, wasmPaths?: string): Promise<void> {
  const pkg = TFJS_BACKEND_PACKAGES[name];
  try {
    if (name === 'webgpu') await loadCtcWebGpu();
    if (pkg && tf.findBackendFactory(name) == null) {
      if (name === 'webgpu') await platform.provideNavigatorGpu();
      const mod = (await platform.importOptional(pkg)) as { setWasmPaths?: (paths: string) => void };
      if (name === 'wasm') {
        const paths = wasmPaths ?? platform.defaultWasmPaths();
        if (paths !== undefined) mod.setWasmPaths?.(paths);
      }
    }
  } catch (error) {
    if (error instanceof CtcBackendUnavailableError) throw error;
    throw new CtcBackendUnavailableError(`tfjs-${name}`, `cannot load the tfjs '${name}' backend (${pkg ?? name}): ${describeError(error)}`, { cause: error });
  }
  if (tf.findBackendFactory(name) == null) {
    throw new CtcBackendUnavailableError(`tfjs-${name}`, `no tfjs backend named '${name}' is registered (import its package first)`);
  }
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    const hint = name === 'webgpu' ? ' (no WebGPU adapter: no GPU, or no Vulkan driver in Node; see @seq2seq-losses/backend-webgpu\'s README)' : '';
    throw new CtcBackendUnavailableError(`tfjs-${name}`, `tf.setBackend('${name}') failed to initialise${hint}`);
  }
  if (name === 'cpu') skipNodeBanner(tf.backend());
}

/**
 * tfjs's cpu backend prints a "looks like you are running TensorFlow.js in Node.js" banner on its
 * first tensor write, which the adapter's users (CLI, benchmarks) cannot act on. Marking this one
 * backend instance as already used silences it without touching tfjs's global flags (IS_TEST, PROD).
 */
function skipNodeBanner(backend: tf.KernelBackend): void {
  const b = backend as unknown as { firstUse?: unknown };
  if (typeof b.firstUse === 'boolean') b.firstUse = false;
}
