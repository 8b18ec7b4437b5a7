import { afterAll, beforeAll, describe, it } from 'vitest';
import { referenceHessianVectorProduct, referenceLoss } from '@seq2seq-losses/reference-cpu';
import { normalizeBlankIndex, randomBatch, toleranceFor, type CtcBackend } from '@seq2seq-losses/spec';
import { createBackend } from '../src/index.js';
import { expectClose, withGarbage } from './helpers.js';

// Every model (variant x input mode x dtype) against the float64 reference on random batches with
// mixed lengths (T_b = 0 and U_b = 0 included), garbage padding and several blank positions.
for (const dtype of ['float64', 'float32'] as const) {
  describe(`onnx ${dtype} vs reference-cpu`, () => {
    let backend: CtcBackend;
    beforeAll(async () => {
      backend = await createBackend({ dtype });
    });
    afterAll(() => backend.dispose());
    const tol = toleranceFor(dtype);
    let seed = 100;
    for (const variant of ['classic', 'simplified'] as const) {
      for (const inputs of ['logits', 'logProbs'] as const) {
        for (const blankIndex of [0, -1, 2]) {
          const caseSeed = seed++;
          it(`${variant} ${inputs} blank ${blankIndex}: loss, gradient, HVP`, async () => {
            const spec = { seed: caseSeed, B: 5, T: 9, C: 5, L: 4, labelLength: [0, 4] as const, logitLength: [0, 9] as const, blankIndex, scale: 2, dtype };
            const clean = randomBatch(spec);
            clean.labels[1] = clean.labels[0]; // a repeat in sample 0
            const batch = withGarbage(clean, normalizeBlankIndex(blankIndex, 5));
            const direction = randomBatch({ ...spec, seed: caseSeed + 1000 }).logits;
            const options = { variant, inputs, blankIndex };
            const ref = referenceHessianVectorProduct(clean, direction, options);
            const got = await backend.hessianVectorProduct(batch, direction, options);
            expectClose(got.loss, ref.loss, tol, 'hvp().loss');
            expectClose(got.gradient, ref.gradient, tol, 'hvp().gradient');
            expectClose(got.hvp, ref.hvp, tol, 'hvp().hvp');
            const lg = await backend.lossAndGradient(batch, options);
            expectClose(lg.loss, ref.loss, tol, 'lossAndGradient().loss');
            expectClose(lg.gradient, ref.gradient, tol, 'lossAndGradient().gradient');
            expectClose(await backend.loss(batch, options), referenceLoss(clean, options), tol, 'loss()');
          });
        }
      }
    }
  });
}

// Per-frame normalised alpha/beta keep float32 derivative errors flat in the sequence length
// (unnormalised log-space recursions reached 9e-5 on the gradient and 3e-4 on the HVP here).
describe('onnx float32 precision at T = 600 (loss ~650)', () => {
  it('gradient within 2e-5 and HVP within 1e-4 of the float64 reference', async () => {
    const backend = await createBackend({ dtype: 'float32' });
    try {
      const spec = { B: 1, T: 600, C: 6, L: 150, labelLength: [150, 150] as const, dtype: 'float32' as const };
      const batch = randomBatch({ ...spec, seed: 3 });
      const direction = randomBatch({ ...spec, seed: 4 }).logits;
      const ref = referenceHessianVectorProduct(batch, direction);
      const got = await backend.hessianVectorProduct(batch, direction);
      expectClose(got.loss, ref.loss, { rtol: 2e-6, atol: 0 }, 'loss');
      expectClose(got.gradient, ref.gradient, { rtol: 0, atol: 2e-5 }, 'gradient');
      expectClose(got.hvp, ref.hvp, { rtol: 0, atol: 1e-4 }, 'hvp');
    } finally {
      await backend.dispose();
    }
  });
});
