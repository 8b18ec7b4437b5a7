import * as tf from '@tensorflow/tfjs-core';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { CtcInputError, randomBatch } from '@seq2seq-losses/spec';
import { describe, expect, it } from 'vitest';
import { classicCtcLoss, reduceCtcLoss, simplifiedCtcLoss, type CtcLossArgs } from '../src/index.js';
import { expectClose, nonUniformDy, useBackend } from './helpers/tfjs.js';

// The ops' side of the call contract: timeMajor through tf.transpose (twice differentiable),
// unknown argument keys, host int values checked as given, disposed tensors.

/** [A, B, C] -> [B, A, C] on the host (independent of the code under test). */
function swap(x: ArrayLike<number>, A: number, B: number, C: number): Float64Array {
  const out = new Float64Array(A * B * C);
  for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) out[(b * A + a) * C + c] = x[(a * B + b) * C + c];
  return out;
}

function errorOf(f: () => unknown): CtcInputError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(CtcInputError);
    return error as CtcInputError;
  }
  throw new Error('no error thrown');
}

describe('tfjs ops: timeMajor', () => {
  it.each(['cpu', 'wasm'] as const)('on tfjs-%s: loss, dy-scaled gradient [T, B, C] and HVP equal the reference on transposed inputs', async (name) => {
    await useBackend(name);
    const batch = randomBatch({ seed: 31, B: 3, T: 6, C: 4, L: 3, labelLength: [0, 3], logitLength: [3, 6], scale: 2, dtype: 'float32' });
    const { B, T, C, L } = batch.dims;
    const direction = randomBatch({ seed: 32, B, T, C, L: 1, dtype: 'float32' }).logits;
    const ref = referenceHessianVectorProduct(batch, direction, { variant: 'simplified' });
    const before = tf.memory().numTensors;
    const xTm = tf.tensor3d(Float32Array.from(swap(batch.logits, B, T, C)), [T, B, C]);
    const vTm = tf.tensor3d(Float32Array.from(swap(direction, B, T, C)), [T, B, C]);
    const labels = tf.tensor2d(batch.labels, [B, L], 'int32');
    const dy = nonUniformDy(B);
    const loss = (x: tf.Tensor) => simplifiedCtcLoss({ labels, logits: x, labelLength: batch.labelLength, logitLength: batch.logitLength, timeMajor: true });
    const { value, grad } = tf.valueAndGrad(loss)(xTm, dy);
    const hvp = tf.grad((x: tf.Tensor) => tf.grad(loss)(x, dy))(xTm, vTm);
    expect(grad.shape).toEqual([T, B, C]);
    const dyv = await dy.data();
    const scale = (a: Float64Array) => a.map((g, i) => g * dyv[Math.floor(i / (T * C))]);
    expectClose(await value.data(), ref.loss, 'loss');
    expectClose(swap(await grad.data(), T, B, C), scale(ref.gradient), 'dy * gradient');
    expectClose(swap(await hvp.data(), T, B, C), scale(ref.hvp), 'dy * H v');
    tf.dispose([xTm, vTm, labels, dy, value, grad, hvp]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('tfjs ops: argument checks', () => {
  const ok = (): CtcLossArgs => ({ labels: [[1, 2], [3, 0]], logits: tf.zeros([2, 5, 4]), labelLength: [2, 1], logitLength: [5, 4] });
  const check = (patch: Record<string, unknown>) => {
    const args = ok();
    try {
      return errorOf(() => classicCtcLoss({ ...args, ...patch } as CtcLossArgs));
    } finally {
      args.logits.dispose();
    }
  };

  it('unknown keys name the closest known one', async () => {
    await useBackend('cpu');
    expect(check({ blank: 3 }).message).toMatch(/unknown argument `blank` \(did you mean 'blankIndex'\?\).*\[INVALID_OPTION\]/);
    expect(check({ reduction: 'mean' }).message).toMatch(/unknown argument `reduction`; known arguments: labels, logits/);
    expect(check({ timeMajor: 'yes' }).message).toMatch(/`options.timeMajor` to be a boolean, got "yes"/);
    expect(check({ blankIndex: null }).message).toMatch(/`options.blankIndex` to be an integer, got null/);
    const logits = tf.zeros([2, 5, 4]);
    const extra = errorOf(() => classicCtcLoss({ ...ok(), logits }, { paht: 'kernel' } as never));
    expect([extra.argument, extra.message]).toEqual(['extras.paht', expect.stringMatching(/unknown extra `paht` \(did you mean 'path'\?\)/)]);
    const losses = tf.ones([2]);
    expect(errorOf(() => reduceCtcLoss(losses, { reductoin: 'sum' } as never)).message).toMatch(/reduceCtcLoss: unknown option `reductoin` \(did you mean 'reduction'\?\)/);
    tf.dispose([logits, losses]);
  });

  it('host int values are checked before conversion and reported as given', async () => {
    await useBackend('cpu');
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ labels: [[1.5, 2], [3.9, 0]] }, 'LABEL_OUT_OF_RANGE', /`labels\[0\]\[0\]` to be an int32 integer, got 1.5/],
      [{ labels: [[2 ** 32 + 1, 2], [3, 0]] }, 'LABEL_OUT_OF_RANGE', /got 4294967297/],
      [{ labels: [[1, NaN], [3, 0]] }, 'LABEL_OUT_OF_RANGE', /`labels\[0\]\[1\]` to be an int32 integer, got NaN/],
      [{ labels: [[1, 2], [2 ** 31 + 1, 0]] }, 'LABEL_OUT_OF_RANGE', /`labels\[1\]\[0\]` .*got 2147483649/],
      [{ labelLength: [1.5, 1] }, 'LENGTH_OUT_OF_RANGE', /`labelLength\[0\]` to be an int32 integer, got 1.5/],
      [{ logitLength: ['5', 4] }, 'INVALID_OPTION', /`logitLength\[0\]` to be an int32 integer, got "5"/],
      [{ logitLength: Float32Array.of(5, 3.5) }, 'LENGTH_OUT_OF_RANGE', /`logitLength\[1\]` .*got 3.5/],
    ];
    for (const [patch, code, message] of cases) {
      const e = check(patch);
      expect([e.code, e.message]).toEqual([code, expect.stringMatching(message)]);
    }
  });

  it('a disposed tensor is a typed error naming it', async () => {
    await useBackend('cpu');
    const logits = tf.zeros([2, 5, 4]);
    logits.dispose();
    const e = errorOf(() => classicCtcLoss({ ...ok(), logits }));
    expect([e.code, e.argument]).toEqual(['INVALID_OPTION', 'logits']);
    expect(e.message).toMatch(/`logits` to be a live tf.Tensor, got a disposed one/);
    const labels = tf.tensor2d([[1, 2], [3, 0]], [2, 2], 'int32');
    labels.dispose();
    const live = tf.zeros([2, 5, 4]);
    expect(errorOf(() => classicCtcLoss({ ...ok(), logits: live, labels })).argument).toBe('labels');
    live.dispose();
  });
});
