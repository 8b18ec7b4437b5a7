import { describe, expect, it } from 'vitest';
import { logAddExp, logSoftmaxFrame, logSumExp } from '../src/index.js';

describe('log-space helpers', () => {
  it('logAddExp keeps -inf exact and matches log(e^a + e^b)', () => {
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(-Infinity, 2)).toBe(2);
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 15);
    expect(logAddExp(1e10, 0)).toBe(1e10);
    expect(logAddExp(NaN, 0)).toBeNaN();
  });

  it('logSumExp of an empty or all -inf set is -inf, NaN propagates', () => {
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([0, 0, 0])).toBeCloseTo(Math.log(3), 15);
    expect(logSumExp([1, NaN])).toBeNaN();
    expect(logSumExp([5, 1, 2, 3], 1, 2)).toBeCloseTo(Math.log(Math.E + Math.E ** 2), 14);
  });

  it('logSoftmaxFrame is exact for 1e10 and NaN for an all -inf frame', () => {
    const out = new Float64Array(3);
    logSoftmaxFrame([1e10, 0, 0], 0, 3, out);
    expect(Array.from(out)).toEqual([0, -1e10, -1e10]);
    logSoftmaxFrame([-Infinity, -Infinity], 0, 2, out);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[1])).toBe(true);
  });

  it('logSoftmaxFrame subtracts the max first: a frame shifted by K up to 1e300 keeps its log C', () => {
    const out = new Float64Array(4);
    for (const K of [0, 1e16, 1e30, 1e300, -1e300]) {
      logSoftmaxFrame([K, K, K, K], 0, 4, out);
      expect(Array.from(out)).toEqual([-Math.log(4), -Math.log(4), -Math.log(4), -Math.log(4)]);
    }
    logSoftmaxFrame([1e30, 0, 0], 0, 3, out);
    expect(Array.from(out.subarray(0, 3))).toEqual([0, -1e30, -1e30]);
    const inPlace = [3, 1e30, -1e30];
    logSoftmaxFrame(inPlace, 0, 3, inPlace);
    expect(inPlace).toEqual([-1e30, 0, -2e30]);
  });
});
