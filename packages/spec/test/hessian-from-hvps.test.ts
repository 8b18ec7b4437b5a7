import { describe, expect, it } from 'vitest';
import { hessianFromHvps, type CtcBatch, type FloatArray } from '../src/index.js';

// A fake HVP whose per-sample Hessian is known: sample b (identified by logits[0] = b) has
// H_b[i, j] = (b + 1) (i + j + 1) on its valid block i, j < T_b C, 0 elsewhere (symmetric).
const T = 3;
const C = 2;
const TC = T * C;
const entry = (b: number, i: number, j: number, Tb: number) => (i < Tb * C && j < Tb * C ? (b + 1) * (i + j + 1) : 0);

function fakeHvp(calls: number[]) {
  return async (sub: CtcBatch, direction: FloatArray): Promise<FloatArray> => {
    calls.push(sub.dims.B);
    const out = new Float64Array(sub.dims.B * TC);
    for (let n = 0; n < sub.dims.B; n++) {
      const b = sub.logits[n * TC];
      for (let i = 0; i < TC; i++) {
        let sum = 0;
        for (let j = 0; j < TC; j++) sum += entry(b, i, j, sub.logitLength[n]) * direction[n * TC + j];
        out[n * TC + i] = sum;
      }
    }
    return out;
  };
}

describe('hessianFromHvps', () => {
  const logits = new Float32Array(2 * TC);
  logits[0] = 0;
  logits[TC] = 1;
  const batch: CtcBatch = { logits, labels: new Int32Array([1, 1]), labelLength: new Int32Array([1, 1]), logitLength: new Int32Array([3, 2]), dims: { B: 2, T, C, L: 1 } };

  it('assembles every sample block row by row, rows and columns t >= T_b zero', async () => {
    const calls: number[] = [];
    const h = await hessianFromHvps(batch, 'float64', fakeHvp(calls), 4 * TC); // 4 rows per call
    expect(h).toBeInstanceOf(Float64Array);
    expect(h.length).toBe(2 * TC * TC);
    // rows t < T_b only: 6 + 4 = 10 unit directions in calls of at most 4
    expect(calls).toEqual([4, 4, 2]);
    expect(h[0 * TC + 0]).toBe(1); // b = 0: (0 + 0 + 1)
    expect(h[5 * TC + 4]).toBe(10); // b = 0, row 5, column 4
    const b1 = TC * TC;
    expect(h[b1 + 3 * TC + 2]).toBe(2 * 6); // b = 1, row 3, column 2
    expect(h[b1 + 3 * TC + 4]).toBe(0); // column t = 2 >= T_1
    expect(h[b1 + 4 * TC + 0]).toBe(0); // row t = 2 >= T_1
  });

  it('returns float32 when asked and calls nothing for samples without frames', async () => {
    const calls: number[] = [];
    const empty = { ...batch, logitLength: new Int32Array([0, 0]) };
    const h = await hessianFromHvps(empty, 'float32', fakeHvp(calls));
    expect(h).toBeInstanceOf(Float32Array);
    expect(calls).toEqual([]);
    expect(h.every((v) => v === 0)).toBe(true);
  });
});
