import { describe, expect, it } from 'vitest';
import { maxAbsDeviation, normalizeBlankIndex, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';
import { referenceHessian, referenceHessianVectorProduct } from '../src/index.js';
import { bruteForceSample } from './support/brute-force.js';
import { randomCase } from './support/batches.js';

// The strongest check: every quantity against enumeration of all C^Tb alignments (T <= 5, C <= 3).
const variants: CtcVariant[] = ['classic', 'simplified'];
const modes: CtcInputMode[] = ['logits', 'logProbs'];
const blanks = [0, 2, -2]; // C = 3: first, last, negative (= 1, the middle)

describe('reference vs brute-force enumeration of alignments', () => {
  for (const variant of variants) {
    for (const inputs of modes) {
      for (const blankIndex of blanks) {
        it(`${variant}, ${inputs}, blank ${blankIndex}: loss, gradient, HVP, Hessian`, () => {
          const B = 6;
          const T = 5;
          const C = 3;
          const { batch, direction } = randomCase(100 + blanks.indexOf(blankIndex), {
            B, T, C, L: 3, blankIndex, scale: 1.5, labelLength: [0, 3], logitLength: [1, 5],
          });
          const options = { variant, inputs, blankIndex };
          const { loss, gradient, hessian } = referenceHessian(batch, options);
          const { hvp } = referenceHessianVectorProduct(batch, direction, options);
          const blank = normalizeBlankIndex(blankIndex, C);
          let checkedFinite = 0;
          for (let b = 0; b < B; b++) {
            const Tb = batch.logitLength[b];
            const N = Tb * C;
            const bf = bruteForceSample(batch, b, variant, blank, inputs);
            if (bf.alignments === 0) {
              expect(loss[b]).toBe(Infinity);
              continue;
            }
            checkedFinite++;
            expect(Math.abs(loss[b] - bf.loss)).toBeLessThan(1e-12 * Math.max(1, bf.loss));
            const g = gradient.subarray(b * T * C, b * T * C + N);
            expect(maxAbsDeviation(g, bf.gradient)).toBeLessThan(1e-13);
            // Hessian block [Tb, C, Tb, C] of the padded [T, C, T, C]
            const h = new Float64Array(N * N);
            for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
              h[i * N + j] = hessian[b * (T * C) ** 2 + i * T * C + j];
            }
            expect(maxAbsDeviation(h, bf.hessian)).toBeLessThan(1e-13);
            // HVP = brute-force Hessian times the direction
            const expectedHv = new Float64Array(N);
            for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) expectedHv[i] += bf.hessian[i * N + j] * direction[b * T * C + j];
            expect(maxAbsDeviation(hvp.subarray(b * T * C, b * T * C + N), expectedHv)).toBeLessThan(1e-13);
          }
          expect(checkedFinite).toBeGreaterThanOrEqual(3);
        });
      }
    }
  }
});
