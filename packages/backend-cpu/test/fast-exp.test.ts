import { describe, expect, it } from 'vitest';
import { seededRandom } from '@seq2seq-losses/spec';
import { expNonPositive } from '../dist/fast-exp.js';

describe('expNonPositive (softmax numerators)', () => {
  it('matches Math.exp to 1e-15 relative on [-700, 0]', () => {
    const uniform = seededRandom(17);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = -uniform() * (i % 2 ? 40 : 700);
      const rel = Math.abs(expNonPositive(x) - Math.exp(x)) / Math.exp(x);
      if (rel > worst) worst = rel;
    }
    expect(worst).toBeLessThan(1e-15);
  });

  it('exact or limiting values at the ends', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    expect(expNonPositive(-Math.LN2)).toBe(0.5);
    expect(expNonPositive(-Infinity)).toBe(0);
    expect(expNonPositive(-1e10)).toBe(0);
    expect(expNonPositive(-746)).toBe(0);
    expect(expNonPositive(NaN)).toBeNaN();
    expect(expNonPositive(-740)).toBeGreaterThan(0); // subnormal, like Math.exp
  });
});
