import { describe, expect, it } from 'vitest';
import { maxAbsDeviation, normalizeBlankIndex, seededRandom, type CtcBatch, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';
import { referenceHessian, referenceHessianVectorProduct, referenceLoss, referenceLossAndGradient } from '../src/index.js';
import { bruteForceSample } from './support/brute-force.js';
import { randomCase, singleSample } from './support/batches.js';

// Numerics at any finite magnitude: the answer must be the exact one for the float64 log-softmax z
// (enumeration with exact BigInt path sums), not what float64 sums of 1e30 and 0.5 would give.

/** The batch of issue 19: logits sin(i) [2, 5, 4], labels [[1, 2], [3]], lengths 5 / 4. */
const sinBatch = (): CtcBatch<Float32Array> => ({
  logits: Float32Array.from({ length: 40 }, (_, i) => Math.sin(i)),
  labels: Int32Array.of(1, 2, 3, 0),
  labelLength: Int32Array.of(2, 1),
  logitLength: Int32Array.of(5, 4),
  dims: { B: 2, T: 5, C: 4, L: 2 },
});

describe('shift invariance at any offset', () => {
  it('adding K up to 1e30 to one frame gives the loss of that (rounded) frame at K = 0', () => {
    for (const K of [1e8, 1e16, 1e30, 3e38]) {
      const shifted = sinBatch();
      for (let c = 0; c < 4; c++) shifted.logits[4 + c] += K; // frame 1 of item 0
      // in float32 sin(i) + K rounds to K for K >= 1e8: the frame is uniform, the same as all zeros
      expect(new Set(shifted.logits.subarray(4, 8)).size).toBe(1);
      const zeroed = sinBatch();
      zeroed.logits.fill(0, 4, 8);
      const got = referenceLossAndGradient(shifted);
      const want = referenceLossAndGradient(zeroed);
      expect(Math.abs(got.loss[0] - want.loss[0])).toBeLessThan(1e-14);
      expect(got.loss[1]).toBe(want.loss[1]);
      expect(maxAbsDeviation(got.gradient, want.gradient)).toBeLessThan(1e-15);
    }
  });
});

/** Replaces a fraction of entries with +-huge (in place; +huge log-probabilities too in logProbs mode). */
function sprinkle(batch: CtcBatch<Float64Array>, seed: number, huge: number, fraction: number, inputs: CtcInputMode): void {
  const uniform = seededRandom(seed);
  for (let i = 0; i < batch.logits.length; i++) {
    if (uniform() >= fraction) continue;
    batch.logits[i] = uniform() < 0.5 ? huge : -huge;
  }
}

const variants: CtcVariant[] = ['classic', 'simplified'];
const modes: CtcInputMode[] = ['logits', 'logProbs'];

describe('huge entries against exact enumeration', () => {
  for (const huge of [2048, 1e10, 1e30, 1e300]) {
    for (const variant of variants) {
      for (const inputs of modes) {
        it(`+-${huge} in 30% of entries, ${variant}, ${inputs}: loss, gradient, HVP, Hessian exact`, () => {
          const B = 8;
          const T = 5;
          const C = 3;
          const { batch, direction } = randomCase(700 + modes.indexOf(inputs), { B, T, C, L: 3, blankIndex: 0, scale: 1.5, labelLength: [1, 3], logitLength: [2, 5] });
          const logits = Float64Array.from(batch.logits);
          const huged = { ...batch, logits };
          sprinkle(huged, 31 + variants.indexOf(variant), huge, 0.3, inputs);
          const options = { variant, inputs };
          const { loss, gradient, hessian } = referenceHessian(huged, options);
          const { hvp } = referenceHessianVectorProduct(huged, direction, options);
          let hugeLosses = 0;
          for (let b = 0; b < B; b++) {
            const Tb = huged.logitLength[b];
            const N = Tb * C;
            const bf = bruteForceSample(huged, b, variant, normalizeBlankIndex(0, C), inputs);
            if (bf.alignments === 0 || !Number.isFinite(bf.loss)) continue;
            if (Math.abs(bf.loss) > huge / 2) hugeLosses++;
            expect(Math.abs(loss[b] - bf.loss)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(bf.loss)));
            const g = gradient.subarray(b * T * C, b * T * C + N);
            expect(maxAbsDeviation(g, bf.gradient)).toBeLessThan(1e-12);
            const h = new Float64Array(N * N);
            for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) h[i * N + j] = hessian[b * (T * C) ** 2 + i * T * C + j];
            expect(maxAbsDeviation(h, bf.hessian)).toBeLessThan(1e-12);
            const expectedHv = new Float64Array(N);
            for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) expectedHv[i] += bf.hessian[i * N + j] * direction[b * T * C + j];
            expect(maxAbsDeviation(hvp.subarray(b * T * C, b * T * C + N), expectedHv)).toBeLessThan(1e-12);
          }
          // the interesting case is there: samples whose every alignment pays (or gains) a huge amount
          expect(hugeLosses).toBeGreaterThanOrEqual(1);
        });
      }
    }
  }

  it("warp-ctc's case: -1e30 on the only label token at every frame; gradient rows in [-1, 1], summing to 0", () => {
    const logits = [
      [0.1, -1e30, 0.3],
      [0.2, -1e30, 0.5],
      [0.7, -1e30, 0.1],
      [-0.4, -1e30, 0.9],
    ];
    const batch = singleSample(logits, [1]);
    const bf = bruteForceSample(batch, 0, 'classic', 0, 'logits');
    const { loss, gradient } = referenceLossAndGradient(batch);
    expect(loss[0]).toBe(bf.loss); // 1e30 + O(1): one rounding
    expect(maxAbsDeviation(gradient, bf.gradient)).toBeLessThan(1e-15);
    for (let t = 0; t < 4; t++) {
      const row = Array.from(gradient.subarray(t * 3, t * 3 + 3));
      expect(Math.abs(row.reduce((s, v) => s + v, 0))).toBeLessThan(1e-15);
      for (const v of row) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    }
    // the token is used exactly once in the surviving alignments: its occupancies sum to 1 over frames
    let used = 0;
    for (let t = 0; t < 4; t++) used -= gradient[t * 3 + 1];
    expect(used).toBeCloseTo(1, 14);
  });

  it('one +-1e30 entry in a frame: the exact limit (softmax one-hot, occupancy from the other frames)', () => {
    const logits = [
      [0.3, 1e30, -0.2],
      [0.1, 0.4, -1e30],
      [-1e30, 0.2, 0.6],
    ];
    for (const label of [[1], [2], [1, 2], [1, 1]]) {
      const batch = singleSample(logits, label);
      const bf = bruteForceSample(batch, 0, 'classic', 0, 'logits');
      const { loss, gradient } = referenceLossAndGradient(batch);
      if (bf.alignments === 0) {
        expect(loss[0]).toBe(Infinity);
        continue;
      }
      expect(Math.abs(loss[0] - bf.loss)).toBeLessThanOrEqual(1e-12 * Math.max(1, bf.loss));
      expect(maxAbsDeviation(gradient, bf.gradient)).toBeLessThan(1e-15);
    }
  });

  it('float64 extremes: 1e300 and -1e300 in one frame stay finite (loss 4e300, one-hot gradient)', () => {
    const batch = singleSample([[1e300, -1e300, 0], [1e300, 0, -1e300]], [1, 2]); // the one path: -1e300, -1e300
    const { loss, gradient } = referenceLossAndGradient(batch);
    expect(loss[0]).toBe(4e300);
    expect(Array.from(gradient)).toEqual([1, -1, 0, 1, 0, -1]);
    expect(referenceLoss(batch)[0]).toBe(4e300);
  });
});
