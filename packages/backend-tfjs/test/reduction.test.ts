// The user-facing style: @tensorflow/tfjs registers every built-in gradient (tf.sum, tf.mul, ...).
import * as tf from '@tensorflow/tfjs';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { exampleBatch, randomBatch } from '@seq2seq-losses/spec';
import { expect, it } from 'vitest';
import { classicCtcLoss, reduceCtcLoss, type CtcReduction } from '../src/index.js';
import { expectClose, tensorsOf } from './helpers/tfjs.js';

const REDUCTIONS: CtcReduction[] = ['none', 'sum', 'mean', 'sumByNonzeroWeights', 'meanOverTargetLengths'];

it.each(REDUCTIONS)("reduction '%s': values, and grad(k * loss) = k * grad(loss)", async (reduction) => {
  await tf.setBackend('cpu');
  const args = tensorsOf(exampleBatch());
  const weights = tf.tensor1d([0.5, 2]);
  const reduce = (x: tf.Tensor) =>
    reduceCtcLoss(classicCtcLoss({ ...args, logits: x }), { reduction, weights, labelLength: args.labelLength });
  const per = classicCtcLoss(args).dataSync();
  const w = [0.5 * per[0], 2 * per[1]];
  const expected = {
    none: w,
    sum: [w[0] + w[1]],
    mean: [(w[0] + w[1]) / 2],
    sumByNonzeroWeights: [(w[0] + w[1]) / 2],
    meanOverTargetLengths: [(w[0] / 4 + w[1] / 3) / 2],
  }[reduction];
  const value = reduce(args.logits);
  expectClose(value.dataSync(), expected, 'reduced loss');
  const scalar = (x: tf.Tensor) => tf.sum(reduce(x));
  const g = tf.grad(scalar)(args.logits);
  const k = 3.5;
  const gk = tf.grad((x: tf.Tensor) => tf.mul(k, scalar(x)))(args.logits);
  expectClose(gk.dataSync(), tf.mul(k, g).dataSync(), 'grad(k * loss)');
  expect(tf.max(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0.01);
  tf.dispose([weights, value, g, gk]);
  args.dispose();
});

it('user-style first and second order through tf.sum and tf.mul equal reference-cpu', async () => {
  await tf.setBackend('cpu');
  const batch = randomBatch({ seed: 9, B: 3, T: 7, C: 4, L: 3, logitLength: [4, 7], dtype: 'float32' });
  const args = tensorsOf(batch);
  const v = tf.randomNormal([3, 7, 4], 0, 1, 'float32', 4);
  const ref = referenceHessianVectorProduct(batch, v.dataSync() as Float32Array);
  const gradOf = tf.grad((x: tf.Tensor) => tf.sum(classicCtcLoss({ ...args, logits: x })));
  const g = gradOf(args.logits);
  const hv = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(gradOf(x), v)))(args.logits);
  expectClose(g.dataSync(), ref.gradient, 'tf.grad(x => sum(loss(x)))');
  expectClose(hv.dataSync(), ref.hvp, 'tf.grad(x => sum(grad(x) * v))');
  tf.dispose([v, g, hv]);
  args.dispose();
});

it('sumByNonzeroWeights ignores zero-weight samples; meanOverTargetLengths needs labelLength', () => {
  const losses = tf.tensor1d([2, 4, 6]);
  const weights = tf.tensor1d([1, 0, 1]);
  const r = reduceCtcLoss(losses, { weights });
  expect(r.dataSync()[0]).toBeCloseTo(4);
  expect(() => reduceCtcLoss(losses, { reduction: 'meanOverTargetLengths' })).toThrow(/needs `labelLength`/);
  tf.dispose([losses, weights, r]);
});
