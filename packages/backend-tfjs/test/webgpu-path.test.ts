import * as tf from '@tensorflow/tfjs-core';
import { SharedDeviceCtc } from '@seq2seq-losses/backend-webgpu';
import { referenceHessianVectorProduct, referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { randomBatch } from '@seq2seq-losses/spec';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { classicCtcLoss, releaseCtcWebGpuBuffers, simplifiedCtcLoss } from '../src/index.js';
import { expectClose, tensorsOf, useBackend } from './helpers/tfjs.js';

// How the 'kernel' path on tfjs-webgpu (backend-webgpu's WGSL passes on tfjs's own GPUDevice) fits
// into tfjs: which calls reach the GPU, the order of its work against tfjs's own lazily submitted
// commands, buffer reuse across shapes, and what it leaves behind.
beforeAll(() => useBackend('webgpu'));
afterEach(() => vi.restoreAllMocks());

describe('tfjs-webgpu kernel path', () => {
  it('a loss call is one submission of the WGSL passes; the generic path submits none', async () => {
    const submit = vi.spyOn(SharedDeviceCtc.prototype, 'submit');
    const args = tensorsOf(randomBatch({ seed: 1, B: 2, T: 6, C: 4, L: 2 }));
    tf.dispose(classicCtcLoss(args));
    expect(submit).toHaveBeenCalledTimes(1);
    tf.dispose(classicCtcLoss(args, { path: 'generic' }));
    expect(submit).toHaveBeenCalledTimes(1);
    args.dispose();
  });

  it('reads inputs that earlier tfjs ops computed on the GPU and feeds later ops (queue order)', async () => {
    const batch = randomBatch({ seed: 2, B: 3, T: 20, C: 6, L: 5, logitLength: [8, 20], dtype: 'float32' });
    const { B, T, C } = batch.dims;
    const args = tensorsOf(batch);
    const want = referenceLossAndGradient(batch);
    // logits = x / 2 + x / 2 (exact): made by a tfjs-webgpu op still in tfjs's unsubmitted encoder
    const half = tf.tensor3d(Float32Array.from(batch.logits, (v) => v / 2), [B, T, C]);
    const logits = tf.add(half, half);
    const ones = tf.ones([B]);
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => classicCtcLoss({ ...args, logits: x }))(logits, ones);
    // results consumed by tfjs ops recorded after our submission
    const total = tf.sum(value);
    const doubled = tf.add(grad, grad);
    expectClose(await value.data(), want.loss, 'loss');
    expectClose(await total.data(), [want.loss.reduce((a, b) => a + b, 0)], 'sum of the losses');
    expectClose(await doubled.data(), want.gradient.map((g) => 2 * g), '2 * gradient');
    tf.dispose([half, logits, ones, value, grad, total, doubled]);
    args.dispose();
  });

  it('alternating shapes and variants in a row reuse buffers and stay correct', async () => {
    for (let i = 0; i < 6; i++) {
      const variant = i % 2 ? 'simplified' : 'classic';
      const batch = randomBatch({ seed: 30 + i, B: 1 + (i % 3), T: 5 + 7 * (i % 2), C: 3 + (i % 4), L: 3, logitLength: [3, 5 + 7 * (i % 2)], dtype: 'float32' });
      const { B, T, C } = batch.dims;
      const direction = randomBatch({ seed: 60 + i, B, T, C, L: 1, dtype: 'float32' }).logits;
      const want = referenceHessianVectorProduct(batch, direction, { variant });
      const args = tensorsOf(batch);
      const v = tf.tensor3d(direction as Float32Array, [B, T, C]);
      const loss = (x: tf.Tensor) => (variant === 'classic' ? classicCtcLoss : simplifiedCtcLoss)({ ...args, logits: x });
      const hvp = tf.grad((x: tf.Tensor) => tf.grad(loss)(x, tf.ones([B])))(args.logits, v);
      expectClose(await hvp.data(), want.hvp, `HVP of call ${i} (${variant}, B=${B} T=${T} C=${C})`);
      tf.dispose([v, hvp]);
      args.dispose();
    }
  });

  it('leaves no tensor behind, and releasing the scratch buffers keeps later calls correct', async () => {
    const batch = randomBatch({ seed: 4, B: 2, T: 9, C: 5, L: 3, dtype: 'float32' });
    const args = tensorsOf(batch);
    const ones = tf.ones([2]);
    const before = tf.memory().numTensors;
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => classicCtcLoss({ ...args, logits: x }))(args.logits, ones);
    tf.dispose([value, grad]);
    expect(tf.memory().numTensors).toBe(before);
    releaseCtcWebGpuBuffers();
    const loss = classicCtcLoss(args);
    expectClose(await loss.data(), referenceLossAndGradient(batch).loss, 'loss after releasing the buffers');
    tf.dispose([loss, ones]);
    args.dispose();
  });
});
