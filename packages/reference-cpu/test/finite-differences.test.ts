import { describe, expect, it } from 'vitest';
import { maxAbsDeviation, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct, referenceLoss, referenceLossAndGradient } from '../src/index.js';
import { randomCase, withLogits } from './support/batches.js';
import { centralDifference } from './support/finite-differences.js';

// Central differences in float64 on random batches longer than brute force can enumerate.
// Step 1e-5: truncation O(eps^2) ~ 1e-10, round-off O(1e-16 / eps) ~ 1e-11.
const EPS = 1e-5;
const TOL = 1e-7;

describe('finite differences', () => {
  const variants: CtcVariant[] = ['classic', 'simplified'];
  const modes: CtcInputMode[] = ['logits', 'logProbs'];
  const C = 5;
  for (const variant of variants) {
    for (const inputs of modes) {
      for (const blankIndex of [0, C - 1, -3]) {
        it(`${variant}, ${inputs}, blank ${blankIndex}: gradient and HVP`, () => {
          const { batch, direction } = randomCase(7 + blankIndex, {
            B: 3, T: 12, C, L: 5, blankIndex, labelLength: [1, 5], logitLength: [9, 12],
          });
          const options = { variant, inputs, blankIndex };
          const { loss, gradient, hvp } = referenceHessianVectorProduct(batch, direction, options);
          for (const l of loss) expect(Number.isFinite(l)).toBe(true);

          // directional derivative of the summed loss along `direction` = <gradient, direction>
          const lossSum = (x: Float64Array) => Float64Array.of(referenceLoss(withLogits(batch, x), options).reduce((a, b) => a + b, 0));
          const fdLoss = centralDifference(lossSum, batch.logits, direction, EPS)[0];
          const gDotV = gradient.reduce((s, g, i) => s + g * direction[i], 0);
          expect(Math.abs(fdLoss - gDotV)).toBeLessThan(TOL);

          // per-coordinate gradient: unit directions on a few coordinates of valid frames
          for (const i of [0, 7, 13, 31]) {
            const unit = new Float64Array(batch.logits.length);
            unit[i] = 1;
            const fd = centralDifference(lossSum, batch.logits, unit, EPS)[0];
            expect(Math.abs(fd - gradient[i])).toBeLessThan(TOL);
          }

          // HVP = directional derivative of the gradient
          const grad = (x: Float64Array) => referenceLossAndGradient(withLogits(batch, x), options).gradient;
          const fdHv = centralDifference(grad, batch.logits, direction, EPS);
          expect(maxAbsDeviation(hvp, fdHv)).toBeLessThan(TOL);
          expect(maxAbsDeviation(hvp, new Float64Array(hvp.length))).toBeGreaterThan(1e-3); // not trivially 0
        });
      }
    }
  }
});
