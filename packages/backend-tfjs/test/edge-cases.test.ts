import * as tf from '@tensorflow/tfjs-core';
import { referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import type { CtcBatch } from '@seq2seq-losses/spec';
import { describe, expect, it } from 'vitest';
import { classicCtcLoss, type CtcLossArgs } from '../src/index.js';
import { COMBOS, expectClose, tensorsOf, useBackend } from './helpers/tfjs.js';

// The edge-case contract of docs/math.md, on every backend and path.
async function lossAndGradient(args: CtcLossArgs & { logits: tf.Tensor }, path: 'kernel' | 'generic') {
  const B = args.logits.shape[0];
  const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => classicCtcLoss({ ...args, logits: x }, { path }))(args.logits, tf.ones([B]));
  const out = { loss: Array.from(await value.data()), gradient: (await grad.array()) as number[][][] };
  tf.dispose([value, grad]);
  return out;
}

describe.each(COMBOS)('edge cases on tfjs-$backend ($path path)', ({ backend, path }) => {
  it('infeasible samples: +inf (0 with zeroInfinity) and zero gradient; near-feasible stays finite', async () => {
    await useBackend(backend);
    // label [1, 1] needs T >= 3: sample 0 has T_b = 2 (infeasible), sample 1 has T_b = 3 (one path).
    const logits = tf.randomNormal([2, 3, 3], 0, 1, 'float32', 2);
    const args = { labels: [[1, 1], [1, 1]], logits, labelLength: [2, 2], logitLength: [2, 3] };
    const r = await lossAndGradient(args, path);
    expect(r.loss[0]).toBe(Infinity);
    expect(Number.isFinite(r.loss[1])).toBe(true);
    expect(r.gradient[0].flat().every((g) => g === 0)).toBe(true);
    const z = await lossAndGradient({ ...args, zeroInfinity: true }, path);
    expect(z.loss[0]).toBe(0);
    expect(z.loss[1]).toBeCloseTo(r.loss[1], 5);
    expect(z.gradient[0].flat().every((g) => g === 0)).toBe(true);
    logits.dispose();
  });

  it('T_b = 0 (loss 0 if U = 0, else +inf), U = 0 (loss -sum z[t, blank]), B = 1', async () => {
    await useBackend(backend);
    const logits = tf.randomNormal([3, 4, 3], 0, 1, 'float32', 3);
    const r = await lossAndGradient({ labels: [[1], [1], [2]], logits, labelLength: [0, 1, 0], logitLength: [0, 0, 3] }, path);
    const z = (await tf.logSoftmax(logits).array()) as number[][][];
    expect(r.loss[0]).toBe(0);
    expect(r.loss[1]).toBe(Infinity);
    expect(r.loss[2]).toBeCloseTo(-(z[2][0][0] + z[2][1][0] + z[2][2][0]), 5);
    const p = (await tf.softmax(logits).array()) as number[][][];
    expectClose(r.gradient[2].flat(), [...[0, 1, 2].flatMap((t) => [p[2][t][0] - 1, p[2][t][1], p[2][t][2]]), 0, 0, 0], 'U = 0 gradient');
    const single = tf.slice(logits, [2, 0, 0], [1, 4, 3]);
    const one = await lossAndGradient({ labels: [[]], logits: single, labelLength: [0], logitLength: [3] }, path);
    expect(one.loss[0]).toBeCloseTo(r.loss[2], 5);
    tf.dispose([logits, single]);
  });

  it('huge logits stay exact: logits [1e10, 0, 0], label [1] -> loss 1e10, gradient [1, -1, 0]', async () => {
    await useBackend(backend);
    const logits = tf.tensor3d([[[1e10, 0, 0]]]);
    const r = await lossAndGradient({ labels: [[1]], logits, labelLength: [1], logitLength: [1] }, path);
    expect(r.loss[0]).toBe(1e10); // representable in float32
    expect(r.gradient[0][0]).toEqual([1, -1, 0]);
    logits.dispose();
  });

  it('-inf logits are legal, NaN in padded frames changes nothing, NaN in a valid frame spoils only its sample (its valid frames)', async () => {
    await useBackend(backend);
    const B = 3, T = 4, C = 3;
    const logits = new Float32Array(B * T * C).map((_, i) => Math.sin(i));
    logits[0] = -Infinity; // sample 0, frame 0, blank: probability 0
    logits.fill(NaN, (0 * T + 3) * C, (0 * T + 4) * C); // sample 0, frame 3 >= T_b = 3: padding
    logits[(2 * T + 1) * C + 1] = NaN; // sample 2, valid frame 1 (T_b = 3: frame 3 is padding)
    const batch: CtcBatch = { logits, labels: Int32Array.from([1, 2, 1, 2, 2, 1]), labelLength: Int32Array.from([2, 2, 2]), logitLength: Int32Array.from([3, 4, 3]), dims: { B, T, C, L: 2 } };
    const args = tensorsOf(batch);
    const r = await lossAndGradient(args, path);
    const ref = referenceLossAndGradient(batch);
    expectClose(r.loss.slice(0, 2), ref.loss.slice(0, 2), 'loss of the clean samples');
    expectClose(r.gradient.slice(0, 2).flat(2), ref.gradient.slice(0, 2 * T * C), 'gradient of the clean samples');
    expect(r.loss[2]).toBeNaN();
    expect(r.gradient[2].slice(0, 3).flat().every((g) => Number.isNaN(g))).toBe(true); // every valid frame
    expect(r.gradient[2][3]).toEqual([0, 0, 0]); // padding stays 0, as in the reference
    expect(Array.from(ref.gradient.slice((2 * T + 3) * C, (2 * T + 4) * C))).toEqual([0, 0, 0]);
    args.dispose();
  });
});
