import { describe, expect, it } from 'vitest';
import { compareArrays, randomBatch, seededRandom, type CtcOptions } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct } from '@seq2seq-losses/reference-cpu';
import { ctcHessianVectorProductSync, ctcLossSync } from '../dist/index.js';

/**
 * Seeded random cases against reference-cpu, biased to where probability-space CTC breaks: frames
 * spanning 200-700 nats (emissions near the double range), 1e4 and 1e10 spreads, -inf entries,
 * every blank position, both variants and input modes, zeroInfinity. This found two underflow bugs
 * of the fast path that the conformance suite's random batches (scale ~1) did not reach.
 */
describe('random extreme cases against reference-cpu (float64)', () => {
  it('600 cases: loss, gradient, HVP and loss() alone', () => {
    const rnd = seededRandom(2026);
    const failures: string[] = [];
    for (let i = 0; i < 600; i++) {
      const T = 1 + Math.floor(rnd() * 40);
      const C = 2 + Math.floor(rnd() * 6);
      const L = Math.floor(rnd() * 8);
      const scale = [0.1, 1, 5, 50, 200, 400, 700, 1e4, 1e10][Math.floor(rnd() * 9)];
      const blankIndex = Math.floor(rnd() * C) - (rnd() < 0.3 ? C : 0);
      const batch = randomBatch({ seed: i, B: 3, T, C, L, logitLength: [0, T], blankIndex, scale });
      if (rnd() < 0.3) for (let j = 0; j < batch.logits.length; j += 3 + Math.floor(rnd() * 5)) batch.logits[j] = -Infinity;
      const options: CtcOptions = {
        variant: rnd() < 0.5 ? 'classic' : 'simplified',
        inputs: rnd() < 0.5 ? 'logits' : 'logProbs',
        blankIndex,
        zeroInfinity: rnd() < 0.3,
      };
      const v = randomBatch({ seed: i + 10_000, B: 3, T, C, L: 0 }).logits;
      const got = ctcHessianVectorProductSync(batch, v, options);
      const ref = referenceHessianVectorProduct(batch, v, options);
      const tol = { rtol: 1e-9, atol: 1e-9 * Math.max(1, scale) };
      const loss = ctcLossSync(batch, options);
      for (const [what, a, b] of [
        ['loss', got.loss, ref.loss],
        ['gradient', got.gradient, ref.gradient],
        ['hvp', got.hvp, ref.hvp],
        ['loss()', loss, ref.loss],
      ] as const) {
        const d = compareArrays(a, b, tol);
        if (d.failures > 0) {
          const k = d.worstIndex;
          failures.push(`case ${i} B=3 T=${T} C=${C} L=${L} scale=${scale} ${JSON.stringify(options)} ${what}[${k}]: got ${a[k]}, expected ${b[k]}`);
        }
      }
    }
    expect(failures.slice(0, 5), `${failures.length} failures`).toEqual([]);
  });
});
