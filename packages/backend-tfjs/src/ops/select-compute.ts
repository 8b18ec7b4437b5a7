import * as tf from '@tensorflow/tfjs-core';
import type { CtcCompute } from '../compute.js';
import { genericCompute } from '../generic/generic-compute.js';
import { hasCtcKernels, kernelCompute } from '../kernels/kernel-compute.js';
import { registerCtcKernels } from '../kernels/register.js';

/** Which implementation serves a call: registered kernels (cpu, wasm) or the generic tfjs-ops path. */
export type CtcPath = 'kernel' | 'generic';

/** The path for the active tfjs backend, unless forced. */
export function selectCompute(path?: CtcPath): CtcCompute {
  registerCtcKernels();
  if (path === 'generic') return genericCompute;
  if (path === 'kernel' || hasCtcKernels(tf.getBackend())) return kernelCompute;
  return genericCompute;
}
