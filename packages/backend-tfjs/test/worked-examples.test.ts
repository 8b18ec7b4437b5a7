import * as tf from '@tensorflow/tfjs-core';
import { exampleBatch } from '@seq2seq-losses/spec';
import { describe, expect, it } from 'vitest';
import { classicCtcLoss, simplifiedCtcLoss } from '../src/index.js';
import { COMBOS, expectClose, tensorsOf, useBackend } from './helpers/tfjs.js';

// Closed forms and the worked numbers of docs/math.md, on every tfjs backend and path.
const LN3 = Math.log(3);
const NON_UNIFORM = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.5], [-0.1, 0.2, 0.4], [0.0, -0.3, 0.6]];

describe.each(COMBOS)('worked examples on tfjs-$backend ($path path)', ({ backend, path }) => {
  it('example batch: losses and the classic gradient of sample 1', async () => {
    await useBackend(backend);
    const args = tensorsOf(exampleBatch());
    const classic = classicCtcLoss(args, { path });
    const simplified = simplifiedCtcLoss(args, { path });
    expectClose(await classic.data(), [5 * LN3, 4 * LN3 - Math.log(7)], 'classic loss');
    expectClose(await simplified.data(), [5 * LN3 - Math.log(5), 4 * LN3 - Math.log(4)], 'simplified loss');
    const g = tf.grad((x: tf.Tensor) => classicCtcLoss({ ...args, logits: x }, { path }))(args.logits, tf.ones([2]));
    const rows = [[0.190476, -0.52381, 0.333333], [0.190476, 0.047619, -0.238095], [0.190476, 0.047619, -0.238095], [0.190476, -0.52381, 0.333333], [0, 0, 0]];
    expectClose(((await g.array()) as number[][][])[1].flat(), rows.flat(), 'gradient of sample 1');
    tf.dispose([classic, simplified, g]);
    args.dispose();
  });

  it.each([
    { variant: 'classic', blankIndex: 0, label: [1, 2], loss: 1.193921 },
    { variant: 'simplified', blankIndex: 0, label: [1, 2], loss: 2.24522 },
    { variant: 'classic', blankIndex: 2, label: [0, 1], loss: 1.467758 },
    { variant: 'classic', blankIndex: 0, label: [1, 1], loss: 3.347848 },
  ])('non-uniform logits: $variant blank $blankIndex label $label', async ({ variant, blankIndex, label, loss }) => {
    await useBackend(backend);
    const f = variant === 'classic' ? classicCtcLoss : simplifiedCtcLoss;
    const logits = tf.tensor3d([NON_UNIFORM]);
    const out = f({ labels: [label], logits, labelLength: [2], logitLength: [4], blankIndex }, { path });
    expectClose(await out.data(), [loss], 'loss', { rtol: 1e-5, atol: 1e-5 });
    tf.dispose([logits, out]);
  });

  it('one alignment (classic "aba", T = 3): loss -sum z, gradient softmax - onehot, log-prob Hessian 0', async () => {
    await useBackend(backend);
    const x = tf.tensor3d([NON_UNIFORM.slice(0, 3)]); // [1, 3, 3], blank 0, label a=1 b=2 a=1
    const args = { labels: [[1, 2, 1]], logits: x, labelLength: [3], logitLength: [3] };
    const z = tf.logSoftmax(x);
    const zs = (await z.array()) as number[][][];
    const loss = classicCtcLoss(args, { path });
    expectClose(await loss.data(), [-(zs[0][0][1] + zs[0][1][2] + zs[0][2][1])], 'loss');
    const g = tf.grad((y: tf.Tensor) => classicCtcLoss({ ...args, logits: y }, { path }))(x, tf.ones([1]));
    const expected = tf.sub(tf.exp(z), tf.oneHot(tf.tensor2d([[1, 2, 1]], [1, 3], 'int32'), 3));
    expectClose(await g.data(), await expected.data(), 'gradient');
    // logProbs mode: exactly one alignment means Cov(n) = 0, so every HVP is 0.
    const v = tf.randomNormal([1, 3, 3], 0, 1, 'float32', 7);
    const inner = (y: tf.Tensor) => tf.grad((w: tf.Tensor) => classicCtcLoss({ ...args, logits: w, inputs: 'logProbs' }, { path }))(y, tf.ones([1]));
    const hv = tf.grad(inner)(z, v);
    expectClose(await hv.data(), new Float32Array(9), 'log-prob HVP');
    tf.dispose([x, z, loss, g, expected, v, hv]);
  });
});

it('the classic and simplified losses agree when the label has no repeats and every frame is used', async () => {
  await useBackend('cpu');
  // T = U: the only alignment emits each token once, in both variants.
  const x = tf.tensor3d([NON_UNIFORM.slice(0, 2)]);
  const args = { labels: [[1, 2]], logits: x, labelLength: [2], logitLength: [2] };
  const a = classicCtcLoss(args);
  const b = simplifiedCtcLoss(args);
  expect((await a.data())[0]).toBeCloseTo((await b.data())[0], 6);
  tf.dispose([x, a, b]);
});
