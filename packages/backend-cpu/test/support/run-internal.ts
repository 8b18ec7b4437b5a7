import { validateCtcCall, type CtcBatch, type CtcOptions, type FloatArray } from '@seq2seq-losses/spec';
import { allocateOutputs, runSamples, sequential, type JobKind } from '../../dist/run-samples.js';
import { Workspace } from '../../dist/workspace.js';
import { instantiateKernels, type KernelKind } from '../../dist/wasm/load.js';
import { KernelMemory } from '../../dist/wasm/memory.js';

/** A fresh workspace on these loops ('wasm-simd' fails the test where the kernels cannot start). */
export function workspaceFor(kernels: KernelKind): Workspace {
  if (kernels === 'js') return new Workspace();
  const exports = instantiateKernels();
  if (!exports) throw new Error('the WebAssembly SIMD kernels did not start here');
  return new Workspace(new KernelMemory(exports));
}

/**
 * Runs the kernels directly (the WebAssembly SIMD loops unless `kernels` is 'js'), optionally
 * forcing the log-space path; reports how many samples took it.
 */
export function runInternal(
  kind: JobKind,
  batch: CtcBatch,
  options: CtcOptions,
  forceLog: boolean,
  direction: FloatArray | null = null,
  kernels: KernelKind = 'wasm-simd',
) {
  const opts = validateCtcCall('runInternal', batch, options, direction ?? undefined);
  const out = allocateOutputs(kind, batch.dims, (n) => new Float64Array(n), direction);
  const ws = workspaceFor(kernels);
  ws.forceLog = forceLog;
  const logPath = runSamples(batch, opts, out, sequential(batch.dims.B), ws);
  return { ...out, logPath };
}
