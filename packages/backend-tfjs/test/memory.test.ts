import * as tf from '@tensorflow/tfjs-core';
import { CtcInputError, exampleBatch } from '@seq2seq-losses/spec';
import { describe, expect, it } from 'vitest';
import { classicCtcLoss, createBackend, simplifiedCtcLoss } from '../src/index.js';
import { COMBOS, tensorsOf, useBackend } from './helpers/tfjs.js';

// tf.memory().numTensors is unchanged across loss, gradient, second-order and failing calls.
describe.each(COMBOS)('no tensor leaks on tfjs-$backend ($path path)', ({ backend, path }) => {
  it('loss, gradient, HVP and rejected calls', async () => {
    await useBackend(backend);
    const args = tensorsOf(exampleBatch());
    const v = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 1);
    const dy = tf.tensor1d([1, 2]);
    const loss = (x: tf.Tensor) => simplifiedCtcLoss({ ...args, logits: x }, { path });
    const before = tf.memory().numTensors;
    const count = (f: () => tf.Tensor | tf.Tensor[] | { value: tf.Tensor; grad: tf.Tensor }) => {
      const out = f();
      tf.dispose(out as tf.TensorContainer);
      return tf.memory().numTensors - before;
    };
    expect(count(() => loss(args.logits))).toBe(0);
    expect(count(() => tf.grad(loss)(args.logits, dy))).toBe(0);
    expect(count(() => tf.valueAndGrad(loss)(args.logits, dy))).toBe(0);
    expect(count(() => tf.grad((x: tf.Tensor) => tf.grad(loss)(x, dy))(args.logits, v))).toBe(0);
    expect(() => classicCtcLoss({ ...args, labelLength: [9, 1] }, { path })).toThrow(CtcInputError);
    expect(() => classicCtcLoss({ ...args, blankIndex: 1 }, { path })).toThrow(CtcInputError);
    expect(() => tf.grad((x: tf.Tensor) => classicCtcLoss({ ...args, logits: x, inputs: 'probs' as never }, { path }))(args.logits)).toThrow(CtcInputError);
    expect(tf.memory().numTensors - before).toBe(0);
    tf.dispose([v, dy]);
    args.dispose();
  });
});

it('the CtcBackend adapter leaves no tensor behind, also on rejected calls', async () => {
  const backend = await createBackend({ tfjsBackend: 'cpu' });
  const batch = exampleBatch();
  const before = tf.memory().numTensors;
  await backend.loss(batch);
  await backend.lossAndGradient(batch, { variant: 'simplified' });
  await backend.hessianVectorProduct(batch, new Float64Array(30).fill(0.5));
  await backend.hessian(batch);
  await expect(backend.loss({ ...batch, labelLength: Int32Array.from([5, 1]) })).rejects.toThrow(CtcInputError);
  expect(tf.memory().numTensors).toBe(before);
  await backend.dispose();
});
