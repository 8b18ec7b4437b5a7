import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceHessian } from '@seq2seq-losses/reference-cpu';
import { randomBatch, toleranceFor, type CtcBackend } from '@seq2seq-losses/spec';
import { createBackend } from '../src/index.js';
import { expectClose } from './helpers.js';

// The full Hessian is assembled from batched unit-direction HVPs.
for (const dtype of ['float64', 'float32'] as const) {
  describe(`hessian (${dtype})`, () => {
    let backend: CtcBackend;
    beforeAll(async () => {
      backend = await createBackend({ dtype });
    });
    afterAll(() => backend.dispose());

    for (const inputs of ['logits', 'logProbs'] as const) {
      it(`classic ${inputs}: matches reference-cpu and is symmetric`, async () => {
        const batch = randomBatch({ seed: 11, B: 3, T: 5, C: 3, L: 2, labelLength: [0, 2], logitLength: [2, 5], dtype });
        const ref = referenceHessian(batch, { inputs });
        const got = await backend.hessian(batch, { inputs });
        const tol = toleranceFor(dtype);
        expectClose(got.loss, ref.loss, tol, 'loss');
        expectClose(got.gradient, ref.gradient, tol, 'gradient');
        expectClose(got.hessian, ref.hessian, tol, 'hessian');
        const n = 5 * 3;
        for (let b = 0; b < 3; b++) {
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < i; j++) {
              expect(Math.abs(got.hessian[(b * n + i) * n + j] - got.hessian[(b * n + j) * n + i])).toBeLessThan(tol.atol);
            }
          }
        }
      });
    }
  });
}
