import { describe, expect, it } from 'vitest';
import { randomBatch, type CtcBatch, type CtcOptions } from '@seq2seq-losses/spec';
import {
  referenceHessian,
  referenceHessianVectorProduct,
  referenceLoss,
} from '@seq2seq-losses/reference-cpu';
import { ctcHessianVectorProductSync, ctcLossSync } from '../dist/index.js';
import { expectClose } from './support/compare.js';
import { runInternal } from './support/run-internal.js';

const F64 = { rtol: 1e-9, atol: 1e-9 };
const F32 = { rtol: 1e-4, atol: 1e-4 };

function direction(seed: number, batch: CtcBatch): Float64Array {
  const { B, T, C } = batch.dims;
  return randomBatch({ seed, B, T, C, L: 0 }).logits as Float64Array;
}

/** Garbage on padded frames and padded label slots: must change nothing. */
function withGarbage(batch: CtcBatch): CtcBatch {
  const { B, T, C, L } = batch.dims;
  const logits = batch.logits.slice();
  const labels = batch.labels.slice();
  for (let b = 0; b < B; b++) {
    for (let i = batch.logitLength[b] * C; i < T * C; i++) logits[b * T * C + i] = i % 3 === 0 ? NaN : 1e30;
    for (let u = batch.labelLength[b]; u < L; u++) labels[b * L + u] = -7 - u;
  }
  return { ...batch, logits, labels };
}

const CASES: Array<{ name: string; options: CtcOptions }> = [
  { name: 'classic', options: {} },
  { name: 'simplified', options: { variant: 'simplified' } },
  { name: 'classic logProbs, blank -1', options: { inputs: 'logProbs', blankIndex: -1 } },
  { name: 'simplified logProbs, blank 2', options: { variant: 'simplified', inputs: 'logProbs', blankIndex: 2 } },
];

describe('agreement with reference-cpu (float64)', () => {
  for (const { name, options } of CASES) {
    for (const [forceLog, kernels] of [[false, 'wasm-simd'], [false, 'js'], [true, 'wasm-simd'], [true, 'js']] as const) {
      it(`${name}, ${forceLog ? 'log-space path' : 'probability path'}, ${kernels} loops: loss, gradient, HVP, Hessian`, () => {
        const batch = withGarbage(
          randomBatch({ seed: 11, B: 6, T: 9, C: 5, L: 4, logitLength: [0, 9], labelLength: [0, 4], blankIndex: options.blankIndex, scale: 2 }),
        );
        const v = direction(12, batch);
        const ref = referenceHessianVectorProduct(batch, v, options);
        const got = runInternal('hvp', batch, options, forceLog, v, kernels);
        expectClose(got.loss, ref.loss, F64, 'loss');
        expectClose(got.gradient!, ref.gradient, F64, 'gradient');
        expectClose(got.hvp!, ref.hvp, F64, 'hvp');
        const refH = referenceHessian(batch, options);
        const gotH = runInternal('hessian', batch, options, forceLog, null, kernels);
        expectClose(gotH.hessian!, refH.hessian, F64, 'hessian');
        expectClose(runInternal('loss', batch, options, forceLog, null, kernels).loss, ref.loss, F64, 'loss only');
        if (!forceLog) expect(got.logPath).toBe(0);
      });
    }
  }

  it('zeroInfinity: infeasible samples give 0 loss and 0 derivatives; near-feasible ones stay finite', () => {
    // T_b = U + R - 1 (infeasible), T_b = U + R (single alignment), label [1,1,2] has R = 1.
    const batch: CtcBatch = {
      logits: randomBatch({ seed: 3, B: 2, T: 4, C: 3, L: 0 }).logits,
      labels: Int32Array.from([1, 1, 2, 1, 1, 2]),
      labelLength: Int32Array.from([3, 3]),
      logitLength: Int32Array.from([3, 4]),
      dims: { B: 2, T: 4, C: 3, L: 3 },
    };
    const v = direction(4, batch);
    const plain = ctcHessianVectorProductSync(batch, v);
    expect(plain.loss[0]).toBe(Infinity);
    expect(Number.isFinite(plain.loss[1])).toBe(true);
    const zi = ctcHessianVectorProductSync(batch, v, { zeroInfinity: true });
    expect(zi.loss[0]).toBe(0);
    expect(zi.loss[1]).toBe(plain.loss[1]);
    expect(Array.from(zi.gradient.subarray(0, 12)).every((g) => g === 0)).toBe(true);
    expect(Array.from(zi.hvp.subarray(0, 12)).every((g) => g === 0)).toBe(true);
    const ref = referenceHessianVectorProduct(batch, v);
    expectClose(plain.hvp, ref.hvp, F64, 'hvp');
  });

  it('NaN / +inf / all -inf frames poison only their own sample', () => {
    const batch = randomBatch({ seed: 5, B: 4, T: 6, C: 4, L: 3, labelLength: [1, 3] });
    const logits = batch.logits.slice();
    const { T, C } = batch.dims;
    logits[0 * T * C + 2 * C + 1] = NaN;
    logits[1 * T * C + 1 * C + 0] = Infinity;
    logits.fill(-Infinity, 2 * T * C + 3 * C, 2 * T * C + 4 * C);
    const poisoned = { ...batch, logits };
    const got = ctcHessianVectorProductSync(poisoned, direction(6, batch));
    const ref = referenceHessianVectorProduct(poisoned, direction(6, batch));
    expect(Array.from(got.loss.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(got.loss[3])).toBe(true);
    expectClose(got.gradient, ref.gradient, F64, 'gradient (NaN kinds must match)');
    expectClose(got.hvp, ref.hvp, F64, 'hvp (NaN kinds must match)');
  });

  for (const scale of [1e3, 1e10]) {
    it(`logits spread ${scale} with -inf entries: exact like the reference, via the log-space or exact fallback`, () => {
      for (const variant of ['classic', 'simplified'] as const) {
        const batch = randomBatch({ seed: 7, B: 6, T: 10, C: 4, L: 4, logitLength: [1, 10], scale });
        const logits = batch.logits.slice();
        for (let i = 0; i < logits.length; i += 7) logits[i] = -Infinity;
        const extreme = { ...batch, logits };
        const v = direction(8, batch);
        const ref = referenceHessianVectorProduct(extreme, v, { variant });
        const got = runInternal('hvp', extreme, { variant }, false, v);
        expectClose(got.loss, ref.loss, F64, 'loss');
        expectClose(got.gradient!, ref.gradient, F64, 'gradient');
        expectClose(got.hvp!, ref.hvp, F64, 'hvp');
        expect(got.logPath).toBeGreaterThan(0);
      }
    });
  }
});

describe('fallback inside the backward pass', () => {
  it('prefix and suffix favour different states (tiny frame normaliser): log path, exact', () => {
    // Frames 0-9 favour token 1 by 700 nats, frames 10-19 token 2; label [2, 1]: alpha piles up
    // after "2 1", beta before the "1", so sum_s alpha beta ~ e^-700 in the middle frames.
    const T = 20, C = 3;
    const logits = new Float64Array(2 * T * C);
    for (let t = 0; t < T; t++) logits[t * C + (t < 10 ? 1 : 2)] = 700;
    for (let i = T * C; i < 2 * T * C; i++) logits[i] = Math.sin(i);
    const batch: CtcBatch = {
      logits,
      labels: Int32Array.from([2, 1, 2, 1]),
      labelLength: Int32Array.from([2, 2]),
      logitLength: Int32Array.from([T, T]),
      dims: { B: 2, T, C, L: 2 },
    };
    const v = direction(41, batch);
    const got = runInternal('hvp', batch, {}, false, v);
    const ref = referenceHessianVectorProduct(batch, v);
    expect(got.logPath).toBe(1);
    expectClose(got.loss, ref.loss, F64, 'loss');
    expectClose(got.gradient!, ref.gradient, F64, 'gradient');
    expectClose(got.hvp!, ref.hvp, F64, 'hvp');
  });
});

describe('long labels (U >= 256 and U >= 640)', () => {
  it('U = 300 and U = 640 with repeats: loss and gradient agree with the reference (float64)', () => {
    for (const [U, T] of [[300, 700], [640, 1400]]) {
      const batch = randomBatch({ seed: U, B: 1, T, C: 4, L: U, labelLength: [U, U], scale: 2 });
      const got = runInternal('gradient', batch, {}, false);
      const ref = referenceHessianVectorProduct(batch, new Float64Array(batch.logits.length), {});
      expect(Number.isFinite(ref.loss[0])).toBe(true);
      expectClose(got.loss, ref.loss, F64, `loss U=${U}`);
      expectClose(got.gradient!, ref.gradient, F64, `gradient U=${U}`);
    }
  });
});

describe('float32', () => {
  it('T = 600, losses ~2000: loss, gradient and HVP within rtol = atol = 1e-4 of the reference', () => {
    const batch = randomBatch({ seed: 21, B: 3, T: 600, C: 12, L: 150, labelLength: [100, 150], logitLength: [550, 600], scale: 3, dtype: 'float32' });
    const v = Float32Array.from(direction(22, batch));
    const got = ctcHessianVectorProductSync(batch, v);
    const ref = referenceHessianVectorProduct(batch, v);
    expect(Math.min(...ref.loss)).toBeGreaterThan(1000);
    expectClose(got.loss, ref.loss, F32, 'loss');
    expectClose(got.gradient, ref.gradient, F32, 'gradient');
    expectClose(got.hvp, ref.hvp, F32, 'hvp');
  });

  it('one alignment at T = 350 stays finite and exact (no underflow from dead states)', () => {
    // Label of 350 distinct-neighbour tokens in 350 frames: exactly one alignment.
    const T = 350, C = 6, U = 350;
    const labels = Int32Array.from({ length: U }, (_, u) => 1 + (u % 5));
    const logits = randomBatch({ seed: 9, B: 1, T, C, L: 0, scale: 4, dtype: 'float32' }).logits;
    const batch: CtcBatch = { logits, labels, labelLength: Int32Array.from([U]), logitLength: Int32Array.from([T]), dims: { B: 1, T, C, L: U } };
    const ref = referenceLoss(batch);
    const got = ctcLossSync(batch);
    expect(Number.isFinite(got[0])).toBe(true);
    expectClose(got, ref, F32, 'loss');
  });
});

