import * as tf from '@tensorflow/tfjs-core';
import { INSTALL_HINT } from '@seq2seq-losses/backend-webgpu';
import { CtcBackendUnavailableError, describeError } from '@seq2seq-losses/spec';

/**
 * Loads and activates a tfjs backend by name. 'cpu', 'wasm' and 'webgpu' are imported on demand
 * (@tensorflow/tfjs-backend-cpu / -wasm / -webgpu); wasm binaries are found next to the package in
 * Node unless `wasmPaths` is given; webgpu in Node without navigator.gpu runs on Dawn (the npm
 * package `webgpu`). Other names must already be registered by the caller.
 */
export async function activateTfjsBackend(name: string, wasmPaths?: string): Promise<void> {
  try {
    if (name === 'cpu' && tf.findBackendFactory('cpu') == null) await import('@tensorflow/tfjs-backend-cpu');
    if (name === 'wasm' && tf.findBackendFactory('wasm') == null) {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmPaths ?? (await defaultWasmPaths()));
    }
    if (name === 'webgpu' && tf.findBackendFactory('webgpu') == null) {
      await provideNavigatorGpu();
      await import('@tensorflow/tfjs-backend-webgpu');
    }
  } catch (error) {
    throw new CtcBackendUnavailableError(`tfjs-${name}`, `cannot load the tfjs '${name}' backend: ${describeError(error)}`, { cause: error });
  }
  if (tf.findBackendFactory(name) == null) {
    throw new CtcBackendUnavailableError(`tfjs-${name}`, `no tfjs backend named '${name}' is registered (import its package first)`);
  }
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    const hint = name === 'webgpu' ? ` (no WebGPU adapter). ${INSTALL_HINT}` : '';
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

/**
 * In Node, where there is no navigator.gpu, installs Dawn's GPU object (and the WebGPU globals
 * GPUBufferUsage, ...) where tfjs-backend-webgpu looks for it. Browsers are left alone.
 */
async function provideNavigatorGpu(): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return;
  const moduleName = 'webgpu';
  const dawn = (await import(/* @vite-ignore */ moduleName)) as { create: (options: string[]) => unknown; globals: object };
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
}

/** The dist folder of @tensorflow/tfjs-backend-wasm (Node only). */
async function defaultWasmPaths(): Promise<string> {
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
}
