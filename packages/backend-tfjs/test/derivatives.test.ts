import * as tf from '@tensorflow/tfjs-core';
import { referenceHessian, referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { CtcUnsupportedError, randomBatch, type CtcBatch, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';
import { describe, expect, it } from 'vitest';
import { classicCtcLoss, createBackend, simplifiedCtcLoss, type CtcPath } from '../src/index.js';
import { COMBOS, expectClose, nonUniformDy, tensorsOf, useBackend } from './helpers/tfjs.js';

// First and second derivatives through tf.grad, checked against the float64 reference.
interface Case {
  variant: CtcVariant;
  inputs: CtcInputMode;
  blankIndex: number;
  seed: number;
}
const CASES: Case[] = [
  { variant: 'classic', inputs: 'logits', blankIndex: 0, seed: 11 },
  { variant: 'simplified', inputs: 'logits', blankIndex: -1, seed: 12 },
  { variant: 'classic', inputs: 'logProbs', blankIndex: 2, seed: 13 },
  { variant: 'simplified', inputs: 'logProbs', blankIndex: 0, seed: 14 },
];

/** Variable lengths, NaN in padded frames (never read), labels with repeats (C = 4). */
function batchFor(c: Case): { batch: CtcBatch; direction: Float32Array } {
  const batch = randomBatch({ seed: c.seed, B: 4, T: 9, C: 4, L: 4, labelLength: [0, 4], logitLength: [5, 9], blankIndex: c.blankIndex, scale: 2, dtype: 'float32' });
  const { B, T, C } = batch.dims;
  const logits = batch.logits as Float32Array;
  if (c.inputs === 'logProbs') {
    // Log-probabilities need not be normalised; keep them negative like real ones.
    for (let i = 0; i < logits.length; i++) logits[i] = -Math.abs(logits[i]);
  }
  for (let b = 0; b < B; b++) for (let t = batch.logitLength[b]; t < T; t++) logits.fill(NaN, (b * T + t) * C, (b * T + t + 1) * C);
  const direction = randomBatch({ seed: c.seed + 100, B, T, C, L: 1, dtype: 'float32' }).logits as Float32Array;
  return { batch, direction };
}

const lossFor = (c: Case, args: ReturnType<typeof tensorsOf>, path: CtcPath) => (x: tf.Tensor) =>
  (c.variant === 'classic' ? classicCtcLoss : simplifiedCtcLoss)({ ...args, logits: x, blankIndex: c.blankIndex, inputs: c.inputs }, { path });

describe.each(COMBOS)('derivatives on tfjs-$backend ($path path)', ({ backend, path }) => {
  it.each(CASES)('$variant $inputs blank $blankIndex: dy-scaled gradient and HVP equal reference-cpu', async (c) => {
    await useBackend(backend);
    const { batch, direction } = batchFor(c);
    const { B, T, C } = batch.dims;
    const ref = referenceHessianVectorProduct(batch, direction, { variant: c.variant, inputs: c.inputs, blankIndex: c.blankIndex });
    const args = tensorsOf(batch);
    const loss = lossFor(c, args, path);
    const dy = nonUniformDy(B);
    const dyv = await dy.data();
    const v = tf.tensor3d(direction, [B, T, C]);
    const { value, grad } = tf.valueAndGrad(loss)(args.logits, dy);
    const hvp = tf.grad((x: tf.Tensor) => tf.grad(loss)(x, dy))(args.logits, v);
    const scale = (a: Float64Array) => a.map((g, i) => g * dyv[Math.floor(i / (T * C))]);
    expectClose(await value.data(), ref.loss, 'loss');
    expectClose(await grad.data(), scale(ref.gradient), 'dy * gradient');
    expectClose(await hvp.data(), scale(ref.hvp), 'dy * H v');
    tf.dispose([dy, v, value, grad, hvp]);
    args.dispose();
  });

  it('gradient rows sum to 0 and the HVP is symmetric: <Hv, w> = <v, Hw>', async () => {
    await useBackend(backend);
    const c = CASES[0];
    const { batch, direction } = batchFor(c);
    const { B, T, C } = batch.dims;
    const args = tensorsOf(batch);
    const loss = lossFor(c, args, path);
    const v = tf.tensor3d(direction, [B, T, C]);
    const w = tf.randomNormal([B, T, C], 0, 1, 'float32', 5);
    const hvOf = (d: tf.Tensor) => tf.grad((x: tf.Tensor) => tf.grad(loss)(x, tf.ones([B])))(args.logits, d);
    const [hv, hw] = [hvOf(v), hvOf(w)];
    const g = tf.grad(loss)(args.logits, tf.ones([B]));
    expectClose(await tf.sum(g, 2).data(), new Float32Array(B * T), 'row sums of the gradient');
    const dot = async (a: tf.Tensor, b: tf.Tensor) => (await tf.sum(tf.mul(a, b)).data())[0];
    const [hvw, vhw] = [await dot(hv, w), await dot(v, hw)];
    expect(Math.abs(hvw - vhw)).toBeLessThan(1e-4 * (1 + Math.abs(hvw)));
    tf.dispose([v, w, hv, hw, g]);
    args.dispose();
  });

  it('a third derivative raises a clear error and leaks no tensor', async () => {
    await useBackend(backend);
    const c = CASES[0];
    const { batch, direction } = batchFor(c);
    const { B, T, C } = batch.dims;
    const args = tensorsOf(batch);
    const v = tf.tensor3d(direction, [B, T, C]);
    const dy = tf.ones([B]);
    const before = tf.memory().numTensors;
    const loss = lossFor(c, args, path);
    const hvOf = (x: tf.Tensor) => tf.grad((y: tf.Tensor) => tf.grad(loss)(y, dy))(x, v);
    let error: unknown;
    try {
      tf.grad(hvOf)(args.logits, v);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CtcUnsupportedError);
    expect(String(error)).toMatch(/third derivative/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([v, dy]);
    args.dispose();
  });
});

// Kernel path: one call to backend-cpu's ctcHessianSync; generic path: T*C unit-direction HVPs.
describe.each(COMBOS.filter((c) => c.path === 'kernel' || c.backend === 'wasm'))('CtcBackend adapter tfjs-$backend ($path path)', ({ backend: tfjsBackend, path }) => {
  it('full Hessian equals reference-cpu (both variants, both input modes)', async () => {
    const backend = await createBackend({ tfjsBackend, path });
    expect(backend.name).toBe(`tfjs-${tfjsBackend}`);
    const batch = randomBatch({ seed: 3, B: 2, T: 4, C: 3, L: 2, labelLength: [1, 2], logitLength: [3, 4], dtype: 'float32' });
    const runs = [{ variant: 'classic' }, { variant: 'simplified' }, { variant: 'simplified', inputs: 'logProbs' }] as const;
    for (const opts of runs) {
      const what = `${opts.variant} ${'inputs' in opts ? opts.inputs : 'logits'}`;
      const got = await backend.hessian(batch, opts);
      const ref = referenceHessian(batch, opts);
      expectClose(got.loss, ref.loss, `${what} loss`);
      expectClose(got.gradient, ref.gradient, `${what} gradient`);
      expectClose(got.hessian, ref.hessian, `${what} Hessian`);
    }
    await backend.dispose();
  });
});
