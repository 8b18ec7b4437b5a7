import { describe, expect, it } from 'vitest';
import { logAddExp3, softmaxMean3 } from '../src/index.js';

describe('three-term log-space helpers', () => {
  it('logAddExp3 = log(e^a + e^b + e^c), -inf exact', () => {
    expect(logAddExp3(0, 0, 0)).toBeCloseTo(Math.log(3), 15);
    expect(logAddExp3(-Infinity, -Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp3(-Infinity, 1e10, -Infinity)).toBe(1e10);
  });

  it('softmaxMean3 is the softmax-weighted mean; zero weights never touch their values', () => {
    expect(softmaxMean3(0, Math.log(3), -Infinity, 4, 8, Infinity)).toBeCloseTo(7, 15);
    expect(softmaxMean3(-Infinity, -Infinity, -Infinity, NaN, NaN, NaN)).toBe(0);
  });
});
