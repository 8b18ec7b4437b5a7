import { describe, expect, it } from 'vitest';
import { logSoftmaxFrame, maxAbsDeviation, type CtcBatch } from '@seq2seq-losses/spec';
import { referenceHessian, referenceHessianVectorProduct, referenceLoss, referenceLossAndGradient } from '../src/index.js';
import { bruteForceSample } from './support/brute-force.js';
import { randomCase, singleSample } from './support/batches.js';

const zeros = (n: number) => new Float64Array(n);
const allZero = (a: ArrayLike<number>) => Array.prototype.every.call(a, (v: number) => v === 0);

/** log-softmax of a one-sample batch, [T, C] */
function logSoftmax(batch: CtcBatch): Float64Array {
  const { T, C } = batch.dims;
  const z = new Float64Array(T * C);
  for (let t = 0; t < T; t++) logSoftmaxFrame(batch.logits, t * C, C, z, t * C);
  return z;
}

describe('feasibility boundary', () => {
  const logits = [
    [0.2, 0.5, -0.3],
    [0.1, -0.4, 0.9],
    [0.7, 0.3, 0.0],
    [-0.2, 0.6, 0.4],
  ];
  it('classic label [1,1,2] (U+R = 4): T_b = 3 -> +inf and zero derivatives; T_b = 4 -> the single path', () => {
    const infeasible = singleSample(logits, [1, 1, 2], 3);
    const x = referenceHessian(infeasible);
    expect(x.loss[0]).toBe(Infinity);
    expect(allZero(x.gradient) && allZero(x.hessian)).toBe(true);
    expect(allZero(referenceHessianVectorProduct(infeasible, Float64Array.from({ length: 12 }, (_, i) => i)).hvp)).toBe(true);
    expect(referenceLoss(infeasible, { zeroInfinity: true })[0]).toBe(0);

    const tight = singleSample(logits, [1, 1, 2], 4);
    const z = logSoftmax(tight);
    const path = [1, 0, 1, 2];
    expect(referenceLoss(tight)[0]).toBeCloseTo(-path.reduce((s, k, t) => s + z[t * 3 + k], 0), 14);
  });

  it('simplified label [1,1,2]: T_b = 2 -> +inf; T_b = 3 -> the single path', () => {
    expect(referenceLoss(singleSample(logits, [1, 1, 2], 2), { variant: 'simplified' })[0]).toBe(Infinity);
    const tight = singleSample(logits, [1, 1, 2], 3);
    const z = logSoftmax(tight);
    expect(referenceLoss(tight, { variant: 'simplified' })[0]).toBeCloseTo(-(z[1] + z[3 + 1] + z[6 + 2]), 14);
  });

  it('zeroInfinity zeroes only the infeasible sample', () => {
    const { batch } = randomCase(5, { B: 2, T: 4, C: 3, L: 3, labelLength: [2, 2] });
    const labels = Int32Array.from([1, 1, 0, 1, 2, 0]);
    const lengths = { ...batch, labels, labelLength: Int32Array.from([2, 2]), logitLength: Int32Array.from([2, 4]) };
    const plain = referenceLossAndGradient(lengths);
    const zeroed = referenceLossAndGradient(lengths, { zeroInfinity: true });
    expect(plain.loss[0]).toBe(Infinity);
    expect(zeroed.loss[0]).toBe(0);
    expect(zeroed.loss[1]).toBe(plain.loss[1]);
    expect(Number.isFinite(plain.loss[1])).toBe(true);
    expect(maxAbsDeviation(zeroed.gradient, plain.gradient)).toBe(0);
    expect(allZero(plain.gradient.subarray(0, 12))).toBe(true);
  });
});

describe('empty labels and zero lengths', () => {
  it('U = 0: loss = -sum z[t, blank]; logProbs gradient only on the blank column', () => {
    const logits = [[0.3, -1, 2], [1, 0.5, -0.5], [0, 0, 0]];
    for (const blankIndex of [0, 2, -2]) {
      const batch = singleSample(logits, []);
      const k = (blankIndex + 3) % 3;
      const z = logSoftmax(batch);
      const { loss, gradient } = referenceLossAndGradient(batch, { blankIndex });
      expect(loss[0]).toBeCloseTo(-(z[k] + z[3 + k] + z[6 + k]), 14);
      for (let i = 0; i < 9; i++) expect(gradient[i]).toBeCloseTo(Math.exp(z[i]) - (i % 3 === k ? 1 : 0), 15);
      const lp = referenceLossAndGradient(batch, { blankIndex, inputs: 'logProbs' }).gradient;
      for (let i = 0; i < 9; i++) expect(lp[i]).toBe(i % 3 === k ? -1 : 0);
    }
  });

  it('T_b = 0: loss 0 if U_b = 0, else +inf (0 with zeroInfinity); zero derivatives; B = 1, all U = 0', () => {
    const batch: CtcBatch = {
      logits: Float64Array.from({ length: 2 * 2 * 3 }, () => NaN), // never read
      labels: Int32Array.from([1, 2]),
      labelLength: Int32Array.from([0, 1]),
      logitLength: Int32Array.from([0, 0]),
      dims: { B: 2, T: 2, C: 3, L: 1 },
    };
    const r = referenceHessian(batch);
    expect(Array.from(r.loss)).toEqual([0, Infinity]);
    expect(allZero(r.gradient) && allZero(r.hessian)).toBe(true);
    expect(Array.from(referenceLoss(batch, { zeroInfinity: true }))).toEqual([0, 0]);

    const one = singleSample([[0, 1, 2]], []);
    expect(referenceLoss(one)[0]).toBeCloseTo(-logSoftmax(one)[0], 15);
  });

  it('a batch with a zero dim gives empty outputs', () => {
    const empty: CtcBatch = { logits: zeros(0), labels: new Int32Array(0), labelLength: new Int32Array(0), logitLength: new Int32Array(0), dims: { B: 0, T: 3, C: 3, L: 2 } };
    expect(referenceHessian(empty).loss.length).toBe(0);
  });
});

describe('padding is never read', () => {
  it('NaN / inf in padded frames, garbage label padding, NaN direction padding change nothing', () => {
    const { batch, direction } = randomCase(11, { B: 3, T: 6, C: 4, L: 4, labelLength: [1, 3], logitLength: [3, 5] });
    const { B, T, C, L } = batch.dims;
    const dirty = { ...batch, logits: Float64Array.from(batch.logits), labels: Int32Array.from(batch.labels) };
    const dirtyDirection = Float64Array.from(direction);
    const garbage = [NaN, Infinity, -Infinity, 1e308];
    for (let b = 0; b < B; b++) {
      for (let t = batch.logitLength[b]; t < T; t++) for (let c = 0; c < C; c++) {
        dirty.logits[(b * T + t) * C + c] = garbage[(t + c) % 4];
        dirtyDirection[(b * T + t) * C + c] = NaN;
      }
      for (let u = batch.labelLength[b]; u < L; u++) dirty.labels[b * L + u] = [-7, 99, 0][u % 3];
    }
    const clean = referenceHessianVectorProduct(batch, direction);
    const got = referenceHessianVectorProduct(dirty, dirtyDirection);
    expect(Array.from(got.loss)).toEqual(Array.from(clean.loss));
    expect(Array.from(got.gradient)).toEqual(Array.from(clean.gradient));
    expect(Array.from(got.hvp)).toEqual(Array.from(clean.hvp));
    for (let b = 0; b < B; b++) {
      const padded = [(b * T + batch.logitLength[b]) * C, (b + 1) * T * C];
      expect(allZero(got.gradient.subarray(padded[0], padded[1])) && allZero(got.hvp.subarray(padded[0], padded[1]))).toBe(true);
    }
    expect(Array.from(referenceHessian(dirty).hessian)).toEqual(Array.from(referenceHessian(batch).hessian));
  });
});

describe('non-finite inputs', () => {
  const T = 3;
  const C = 3;
  const base = (): CtcBatch<Float64Array> => ({
    logits: Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8]),
    labels: Int32Array.from([1, 2]),
    labelLength: Int32Array.from([1, 1]),
    logitLength: Int32Array.from([2, 3]),
    dims: { B: 2, T, C, L: 1 },
  });

  for (const [name, poison] of [
    ['NaN', [NaN, 0, 0]],
    ['+inf', [Infinity, 0, 0]],
    ['an all -inf frame', [-Infinity, -Infinity, -Infinity]],
  ] as const) {
    for (const inputs of ['logits', 'logProbs'] as const) {
      it(`${name} in a valid frame (${inputs}): only that sample is NaN, on its valid frames`, () => {
        const batch = base();
        batch.logits.set(poison, 3); // sample 0, frame 1 (valid: T_0 = 2)
        const direction = Float64Array.from({ length: 18 }, (_, i) => Math.sin(i));
        const { loss, gradient, hvp } = referenceHessianVectorProduct(batch, direction, { inputs });
        const { hessian } = referenceHessian(batch, { inputs });
        const clean = referenceHessianVectorProduct(base(), direction, { inputs });
        expect(loss[0]).toBeNaN();
        expect(loss[1]).toBe(clean.loss[1]);
        for (let i = 0; i < 6; i++) expect(gradient[i]).toBeNaN();
        for (let i = 0; i < 6; i++) expect(hvp[i]).toBeNaN();
        expect(Array.from(gradient.subarray(6, 9))).toEqual([0, 0, 0]); // padded frame
        expect(Array.from(gradient.subarray(9))).toEqual(Array.from(clean.gradient.subarray(9)));
        expect(Array.from(hvp.subarray(9))).toEqual(Array.from(clean.hvp.subarray(9)));
        expect(hessian[0]).toBeNaN();
        expect(hessian[2 * C]).toBe(0); // column of the padded frame 2
        expect(hessian[81 + 10]).not.toBeNaN();
      });
    }
  }

  it('-inf logits are legal: no NaN, matches enumeration', () => {
    const batch = singleSample([[0.5, -Infinity, 0.2], [-Infinity, 0.3, 0.1], [0.4, 0.1, -Infinity], [0, -Infinity, 1]], [2, 1]);
    for (const variant of ['classic', 'simplified'] as const) {
      for (const inputs of ['logits', 'logProbs'] as const) {
        const r = referenceHessian(batch, { variant, inputs });
        const bf = bruteForceSample(batch, 0, variant, 0, inputs);
        expect(r.loss[0]).toBeCloseTo(bf.loss, 13);
        expect(r.gradient.every((v) => !Number.isNaN(v)) && r.hessian.every((v) => !Number.isNaN(v))).toBe(true);
        expect(maxAbsDeviation(r.gradient, bf.gradient)).toBeLessThan(1e-14);
        expect(maxAbsDeviation(r.hessian, bf.hessian)).toBeLessThan(1e-14);
      }
    }
  });

  it('every alignment has probability 0 (-inf where the label needs mass): +inf and zero derivatives, like infeasible', () => {
    const batch = singleSample([[0, -Infinity, 0], [0, -Infinity, 0]], [1]);
    const r = referenceHessian(batch);
    expect(r.loss[0]).toBe(Infinity);
    expect(allZero(r.gradient) && allZero(r.hessian)).toBe(true);
    expect(referenceLoss(batch, { zeroInfinity: true })[0]).toBe(0);
  });
});

describe('huge logits stay exact', () => {
  it('logits [1e10, 0, 0], label [1], blank 0, T_b = 1: loss 1e10, gradient [1,-1,0] / [0,-1,0]', () => {
    const batch = singleSample([[1e10, 0, 0]], [1]);
    const x = referenceLossAndGradient(batch);
    expect(x.loss[0]).toBe(1e10);
    expect(Array.from(x.gradient)).toEqual([1, -1, 0]);
    expect(Array.from(referenceLossAndGradient(batch, { inputs: 'logProbs' }).gradient)).toEqual([0, -1, 0]);
    const h = referenceHessianVectorProduct(batch, Float64Array.of(1, 2, 3)).hvp;
    expect(h.every(Number.isFinite)).toBe(true);
  });

  it('logits spread 1e3: finite and equal to enumeration', () => {
    const { batch } = randomCase(12, { B: 2, T: 4, C: 3, L: 2, scale: 1e3, labelLength: [1, 2] });
    for (const variant of ['classic', 'simplified'] as const) {
      const r = referenceHessian(batch, { variant });
      for (let b = 0; b < 2; b++) {
        const bf = bruteForceSample(batch, b, variant, 0, 'logits');
        expect(Math.abs(r.loss[b] - bf.loss)).toBeLessThan(1e-12 * bf.loss);
        expect(maxAbsDeviation(r.gradient.subarray(b * 12, b * 12 + 12), bf.gradient)).toBeLessThan(1e-12);
      }
      expect(r.hessian.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('inputs and determinism', () => {
  it('Float32Array input equals the float64 computation on the same values; inputs are not mutated', () => {
    const { batch, direction } = randomCase(13, { B: 2, T: 5, C: 4, L: 2 });
    const f32 = { ...batch, logits: Float32Array.from(batch.logits) };
    const f64 = { ...batch, logits: Float64Array.from(f32.logits) };
    const snapshot = Array.from(f32.logits);
    const a = referenceHessianVectorProduct(f32, Float32Array.from(direction));
    const b = referenceHessianVectorProduct(f64, Float64Array.from(Float32Array.from(direction)));
    expect(a.loss).toBeInstanceOf(Float64Array);
    expect(Array.from(a.hvp)).toEqual(Array.from(b.hvp));
    expect(Array.from(f32.logits)).toEqual(snapshot);
  });

  it('repeated runs are bitwise identical', () => {
    const { batch, direction } = randomCase(14, { B: 3, T: 8, C: 5, L: 3 });
    const a = referenceHessianVectorProduct(batch, direction);
    const b = referenceHessianVectorProduct(batch, direction);
    expect(Array.from(a.hvp)).toEqual(Array.from(b.hvp));
    expect(Array.from(a.gradient)).toEqual(Array.from(b.gradient));
  });

  it('long labels (U = 640, T = 900): finite loss, unit occupancy per frame', () => {
    const { batch } = randomCase(15, { B: 1, T: 900, C: 6, L: 640, labelLength: [640, 640] });
    const { loss, gradient } = referenceLossAndGradient(batch);
    expect(Number.isFinite(loss[0]) && loss[0] > 0).toBe(true);
    for (let t = 0; t < 900; t += 99) {
      let s = 0;
      for (let c = 0; c < 6; c++) s += gradient[t * 6 + c];
      expect(Math.abs(s)).toBeLessThan(1e-12);
    }
  });
});
