import type { CtcBatch, CtcOut, FloatArray, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { SamplePath, solveSample, type SampleOutputs } from './sample.js';
import { Workspace } from './workspace.js';
import { instantiateKernels, kernelsModule, type KernelKind } from './wasm/load.js';
import { KernelMemory } from './wasm/memory.js';

/** What a call computes. */
export type JobKind = 'loss' | 'gradient' | 'hvp' | 'hessian';

/**
 * Output arrays of a call, of the call's float type: the caller's `given` ones (options.out,
 * checked by spec: type, length, no aliasing), else new (zeroed) ones.
 */
export function allocateOutputs(
  kind: JobKind,
  dims: CtcBatch['dims'],
  make: (n: number) => FloatArray,
  direction: ArrayLike<number> | null,
  given: CtcOut = {},
): SampleOutputs {
  const { B, T, C } = dims;
  return {
    loss: given.loss ?? make(B),
    gradient: kind === 'loss' ? null : (given.gradient ?? make(B * T * C)),
    hvp: kind === 'hvp' ? (given.hvp ?? make(B * T * C)) : null,
    direction: kind === 'hvp' ? direction : null,
    hessian: kind === 'hessian' ? (given.hessian ?? make(B * T * C * T * C)) : null,
  };
}

/** 'wasm-simd' where the WebAssembly SIMD kernels compiled on this thread, else 'js'. */
export function availableKernels(): KernelKind {
  return kernelsModule() ? 'wasm-simd' : 'js';
}

const shared: Partial<Record<KernelKind, Workspace>> = {};
/** The workspace of this thread for these kernels, reused by every call. */
export function threadWorkspace(kernels: KernelKind = availableKernels()): Workspace {
  let ws = shared[kernels];
  if (!ws) {
    const exports = kernels === 'wasm-simd' ? instantiateKernels() : null;
    ws = shared[kernels] = new Workspace(exports ? new KernelMemory(exports) : null);
  }
  return ws;
}

/**
 * Solves the samples handed out by `next` (an index, or -1 when none is left) into `out`.
 * Each sample depends only on its own inputs, so any split over threads gives bitwise the same
 * results as one thread. Returns the number of samples that left the probability-space path (log space
 * or reference-cpu's exact path).
 */
export function runSamples(
  batch: CtcBatch,
  opts: ResolvedCtcOptions,
  out: SampleOutputs,
  next: () => number,
  ws: Workspace = threadWorkspace(),
): number {
  let logPath = 0;
  ws.outputType = out.gradient === null ? null : out.gradient instanceof Float32Array ? 'float32' : 'float64';
  for (let b = next(); b >= 0; b = next()) if (solveSample(ws, batch, b, opts, out) >= SamplePath.Log) logPath++;
  return logPath;
}

/** A `next` that hands out 0 .. B - 1 in order. */
export function sequential(B: number): () => number {
  let b = 0;
  return () => (b < B ? b++ : -1);
}
