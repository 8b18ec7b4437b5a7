import * as tf from '@tensorflow/tfjs-core';
import type { CtcCompute } from '../compute.js';
import { genericCompute } from '../generic/generic-compute.js';
import { hasCtcKernels, kernelCompute } from '../kernels/kernel-compute.js';
import { registerCtcKernels } from '../kernels/register.js';
import { webgpuCompute } from '../webgpu/webgpu-compute.js';

/**
 * Which implementation serves a call: 'kernel', this package's native code for the active tfjs
 * backend (backend-cpu's kernels on cpu and wasm, backend-webgpu's WGSL passes on webgpu), or
 * 'generic', built from tfjs ops (any backend).
 */
export type CtcPath = 'kernel' | 'generic';

/** The path a call takes on the active tfjs backend, unless forced. */
export function selectCompute(path?: CtcPath): CtcCompute {
  registerCtcKernels();
  if (path === 'generic') return genericCompute;
  if (tf.getBackend() === 'webgpu') return webgpuCompute; // falls back to generic on a tfjs-webgpu it cannot drive
  if (path === 'kernel' || hasCtcKernels(tf.getBackend())) return kernelCompute;
  return genericCompute;
}

/** Whether the active tfjs backend has a native ('kernel') path. */
export function hasKernelPath(): boolean {
  return selectCompute() !== genericCompute;
}
