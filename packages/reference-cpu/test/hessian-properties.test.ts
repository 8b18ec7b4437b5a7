import { describe, expect, it } from 'vitest';
import { maxAbsDeviation, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';
import { referenceHessian, referenceHessianVectorProduct } from '../src/index.js';
import { randomCase } from './support/batches.js';

const B = 2;
const T = 6;
const C = 4;
const N = T * C;
const dot = (a: ArrayLike<number>, b: ArrayLike<number>, from: number, to: number) => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i] * b[i];
  return s;
};

describe('Hessian and HVP laws', () => {
  const variants: CtcVariant[] = ['classic', 'simplified'];
  const modes: CtcInputMode[] = ['logits', 'logProbs'];
  for (const variant of variants) {
    for (const inputs of modes) {
      const options = { variant, inputs, blankIndex: -1 };
      const { batch, direction } = randomCase(31, { B, T, C, L: 3, blankIndex: -1, labelLength: [1, 3], logitLength: [4, 6] });

      it(`${variant}, ${inputs}: Hessian symmetric, equal to HVPs, zero on padded frames`, () => {
        const { hessian } = referenceHessian(batch, options);
        for (let b = 0; b < B; b++) {
          const Tb = batch.logitLength[b];
          const H = hessian.subarray(b * N * N, (b + 1) * N * N);
          for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
            expect(Math.abs(H[i * N + j] - H[j * N + i])).toBeLessThan(1e-14);
            if (Math.floor(i / C) >= Tb || Math.floor(j / C) >= Tb) expect(H[i * N + j]).toBe(0);
          }
        }
        // H v from the full Hessian == the O(T S) HVP
        const { hvp } = referenceHessianVectorProduct(batch, direction, options);
        const fromHessian = new Float64Array(B * N);
        for (let b = 0; b < B; b++) for (let i = 0; i < N; i++) {
          fromHessian[b * N + i] = dot(hessian.subarray(b * N * N + i * N), direction.subarray(b * N), 0, N);
        }
        expect(maxAbsDeviation(hvp, fromHessian)).toBeLessThan(1e-13);
      });

      it(`${variant}, ${inputs}: <Hv, w> = <v, Hw>`, () => {
        const w = randomCase(32, { B, T, C, L: 0 }).direction;
        const hv = referenceHessianVectorProduct(batch, direction, options).hvp;
        const hw = referenceHessianVectorProduct(batch, w, options).hvp;
        for (let b = 0; b < B; b++) {
          expect(Math.abs(dot(hv, w, b * N, (b + 1) * N) - dot(direction, hw, b * N, (b + 1) * N))).toBeLessThan(1e-13);
        }
      });
    }

    it(`${variant}, logits: gradient rows sum to 0, H 1_t = 0 (shift invariance per frame)`, () => {
      const options = { variant };
      const { batch } = randomCase(33, { B, T, C, L: 3, labelLength: [1, 3], logitLength: [4, 6] });
      for (let t = 0; t < T; t++) {
        const ones = new Float64Array(B * N);
        for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) ones[b * N + t * C + c] = 1;
        const { gradient, hvp } = referenceHessianVectorProduct(batch, ones, options);
        expect(maxAbsDeviation(hvp, new Float64Array(B * N))).toBeLessThan(1e-15);
        for (let b = 0; b < B; b++) expect(Math.abs(dot(gradient, ones, b * N, (b + 1) * N))).toBeLessThan(1e-15);
      }
    });
  }
});
