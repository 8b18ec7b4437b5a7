import { describe, expect, it } from 'vitest';
import { CtcInputError, exampleBatch, type CtcBatch } from '@seq2seq-losses/spec';
import { ctcHessianSync, ctcHessianVectorProductSync, ctcLossAndGradientSync, ctcLossSync } from '../dist/index.js';
import { expectClose } from './support/compare.js';

const F64 = { rtol: 1e-12, atol: 1e-12 };

describe('sync kernels: worked numbers and closed forms (docs/math.md)', () => {
  it('example batch: classic and simplified losses', () => {
    const batch = exampleBatch();
    expectClose(ctcLossSync(batch), [5 * Math.log(3), 4 * Math.log(3) - Math.log(7)], F64, 'classic loss');
    expectClose(
      ctcLossSync(batch, { variant: 'simplified' }),
      [5 * Math.log(3) - Math.log(5), 4 * Math.log(3) - Math.log(4)],
      F64,
      'simplified loss',
    );
  });

  it('example batch: classic gradient rows of sample 1, padded frame 0', () => {
    const { gradient } = ctcLossAndGradientSync(exampleBatch());
    const rows = [
      [4 / 21, -11 / 21, 1 / 3],
      [4 / 21, 1 / 21, -5 / 21],
      [4 / 21, 1 / 21, -5 / 21],
      [4 / 21, -11 / 21, 1 / 3],
      [0, 0, 0],
    ].flat();
    expectClose(gradient.subarray(15, 30), rows, F64, 'sample 1 gradient');
  });

  it('single alignment (sample 0): Hessian is blockdiag(diag p - p p^T), log-prob Hessian 0', () => {
    const batch = exampleBatch();
    const { hessian } = ctcHessianSync(batch);
    const { T, C } = batch.dims;
    const p = 1 / 3;
    for (let t = 0; t < T; t++)
      for (let c = 0; c < C; c++)
        for (let t2 = 0; t2 < T; t2++)
          for (let c2 = 0; c2 < C; c2++) {
            const expected = t === t2 ? (c === c2 ? p : 0) - p * p : 0;
            const got = hessian[((t * C + c) * T + t2) * C + c2];
            expect(Math.abs(got - expected)).toBeLessThan(1e-12);
          }
    const z = ctcHessianSync(batch, { inputs: 'logProbs' }).hessian;
    let maxAbs = 0;
    for (let i = 0; i < T * C * T * C; i++) maxAbs = Math.max(maxAbs, Math.abs(z[i]));
    expect(maxAbs).toBeLessThan(1e-12);
  });

  it('non-uniform logits: the four worked losses', () => {
    const logits = Float64Array.from([0.5, -0.2, 0.1, 0.3, 0.8, -0.5, -0.1, 0.2, 0.4, 0.0, -0.3, 0.6]);
    const one = (label: number[]): CtcBatch => ({
      logits,
      labels: Int32Array.from(label),
      labelLength: Int32Array.from([2]),
      logitLength: Int32Array.from([4]),
      dims: { B: 1, T: 4, C: 3, L: 2 },
    });
    const tol = { rtol: 0, atol: 1e-6 };
    expectClose(ctcLossSync(one([1, 2])), [1.193921], tol, 'classic [1,2]');
    expectClose(ctcLossSync(one([1, 2]), { variant: 'simplified' }), [2.24522], tol, 'simplified [1,2]');
    expectClose(ctcLossSync(one([0, 1]), { blankIndex: 2 }), [1.467758], tol, 'classic blank 2');
    expectClose(ctcLossSync(one([0, 1]), { blankIndex: -1 }), [1.467758], tol, 'classic blank -1');
    expectClose(ctcLossSync(one([1, 1])), [3.347848], tol, 'classic [1,1]');
  });

  it('empty label, batch of one: loss = -sum_t z[t, blank], log-prob gradient only on the blank column', () => {
    const T = 7, C = 4, blank = 2;
    const logits = Float64Array.from({ length: T * C }, (_, i) => Math.sin(i) * 3);
    const batch: CtcBatch = { logits, labels: new Int32Array(0), labelLength: Int32Array.from([0]), logitLength: Int32Array.from([T]), dims: { B: 1, T, C, L: 0 } };
    let expected = 0;
    for (let t = 0; t < T; t++) {
      let lse = 0;
      for (let c = 0; c < C; c++) lse += Math.exp(logits[t * C + c]);
      expected -= logits[t * C + blank] - Math.log(lse);
    }
    const r = ctcLossAndGradientSync(batch, { blankIndex: blank });
    expectClose(r.loss, [expected], F64, 'loss');
    const lp = ctcLossAndGradientSync(batch, { blankIndex: blank, inputs: 'logProbs' });
    const onehot = Array.from({ length: T * C }, (_, i) => (i % C === blank ? -1 : 0));
    expectClose(lp.gradient, onehot, { rtol: 0, atol: 1e-15 }, 'log-prob gradient');
  });

  it('logits 1e10: loss exactly 1e10, gradient [1, -1, 0], log-prob gradient [0, -1, 0]', () => {
    for (const make of [(a: number[]) => Float64Array.from(a), (a: number[]) => Float32Array.from(a)]) {
      const batch: CtcBatch = {
        logits: make([1e10, 0, 0]),
        labels: Int32Array.from([1]),
        labelLength: Int32Array.from([1]),
        logitLength: Int32Array.from([1]),
        dims: { B: 1, T: 1, C: 3, L: 1 },
      };
      const r = ctcLossAndGradientSync(batch);
      expect(r.loss[0]).toBe(1e10);
      expect(Array.from(r.gradient)).toEqual([1, -1, 0]);
      const lp = ctcLossAndGradientSync({ ...batch, logits: make([0, -1e10, -1e10]) }, { inputs: 'logProbs' });
      expect(lp.loss[0]).toBe(1e10);
      expect(Array.from(lp.gradient)).toEqual([0, -1, 0]);
    }
  });

  it('outputs follow the logits float type', () => {
    const b64 = exampleBatch();
    const b32 = { ...b64, logits: new Float32Array(b64.logits) };
    expect(ctcLossSync(b64)).toBeInstanceOf(Float64Array);
    expect(ctcLossSync(b32)).toBeInstanceOf(Float32Array);
    const dir = new Float32Array(b64.logits.length).fill(0.5);
    const r = ctcHessianVectorProductSync(b32, dir);
    expect(r.gradient).toBeInstanceOf(Float32Array);
    expect(r.hvp).toBeInstanceOf(Float32Array);
  });

  it('bad input throws the typed error of spec, naming the sync function', () => {
    const batch = { ...exampleBatch(), labels: Int32Array.from([1, 2, 2, 7, 1, 2, 1, 0]) };
    expect(() => ctcLossSync(batch)).toThrow(CtcInputError);
    expect(() => ctcLossSync(batch)).toThrow(/ctcLossSync: .*LABEL_OUT_OF_RANGE/);
    expect(() => ctcLossAndGradientSync(exampleBatch(), { blankIndex: 3 })).toThrow(/BLANK_OUT_OF_RANGE/);
    expect(() => ctcHessianVectorProductSync(exampleBatch(), new Float64Array(3))).toThrow(/SHAPE_MISMATCH/);
  });
});
