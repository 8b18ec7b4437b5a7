import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { compareArrays, FLOAT32_TOLERANCE, type CtcBatch, type Tolerance } from '@seq2seq-losses/spec';
import { expect } from 'vitest';
import type { CtcLossArgs, CtcPath } from '../../src/index.js';
import { installTfjsWebGpu } from './webgpu.js';

const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/');

/** The tfjs backends the Node tests run on (webgpu: tfjs-backend-webgpu on Dawn, helpers/webgpu.ts). */
export type NodeTfjsBackend = 'cpu' | 'wasm' | 'webgpu';

/** Every (tfjs backend, implementation path) pair the Node tests cover. */
export const COMBOS: ReadonlyArray<{ backend: NodeTfjsBackend; path: CtcPath }> = [
  { backend: 'cpu', path: 'kernel' },
  { backend: 'wasm', path: 'kernel' },
  { backend: 'webgpu', path: 'kernel' },
  { backend: 'cpu', path: 'generic' },
  { backend: 'wasm', path: 'generic' },
];

export async function useBackend(name: NodeTfjsBackend): Promise<void> {
  if (name === 'webgpu') await installTfjsWebGpu();
  if (tf.getBackend() !== name) expect(await tf.setBackend(name)).toBe(true);
}

/**
 * The tensors of a spec batch (float32 logits), for `classicCtcLoss(...)`. The caller disposes them
 * with `dispose()`, which is not enumerable: spreading the object gives only the loss arguments.
 */
export function tensorsOf(batch: CtcBatch): CtcLossArgs & { logits: tf.Tensor3D; dispose: () => void } {
  const { B, T, C, L } = batch.dims;
  const labels = tf.tensor2d(batch.labels, [B, L], 'int32');
  const logits = tf.tensor3d(Float32Array.from(batch.logits), [B, T, C]);
  const labelLength = tf.tensor1d(batch.labelLength, 'int32');
  const logitLength = tf.tensor1d(batch.logitLength, 'int32');
  const args = { labels, logits, labelLength, logitLength };
  return Object.defineProperty(args, 'dispose', { value: () => tf.dispose([labels, logits, labelLength, logitLength]), enumerable: false }) as typeof args & {
    dispose: () => void;
  };
}

/** Asserts element-wise closeness (default float32 tolerance rtol = atol = 1e-4), naming the worst element. */
export function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol: Tolerance = FLOAT32_TOLERANCE): void {
  const d = compareArrays(got, expected, tol);
  const detail = d.worstIndex >= 0 ? ` worst at ${d.worstIndex}: got ${got[d.worstIndex]}, expected ${expected[d.worstIndex]}` : '';
  expect(d.failures, `${what}: ${d.failures}/${d.length} outside tolerance, max |diff| ${d.maxAbs}.${detail}`).toBe(0);
}

/** A [B] float32 upstream gradient with distinct entries. */
export function nonUniformDy(B: number): tf.Tensor1D {
  return tf.tensor1d(Array.from({ length: B }, (_, b) => 0.5 + 0.75 * b), 'float32');
}
