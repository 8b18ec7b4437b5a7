import { afterAll, beforeAll, describe, it } from 'vitest';
import { randomBatch, toleranceFor, type CtcBackend, type CtcBatch } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct, referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { expectClose } from './support/compare.js';
import { createTestBackend } from './support/gpu.js';

// Shapes beyond one workgroup: states tiled over threads (U = 640 -> S = 1281 > 128 threads, label
// scatter in chunks of 64), tokens tiled in log-softmax (C = 5000), long time loops (T = 2000, 10000).
let backend: CtcBackend;
beforeAll(async () => {
  backend = await createTestBackend();
});
afterAll(() => backend.dispose());

async function agree(batch: CtcBatch, withHvp: boolean, gradientTol = toleranceFor('float32')): Promise<void> {
  if (withHvp) {
    const v = randomBatch({ seed: 99, ...batch.dims }).logits;
    const got = await backend.hessianVectorProduct(batch, v);
    const want = referenceHessianVectorProduct(batch, v);
    expectClose(got.loss, want.loss, 'loss');
    expectClose(got.gradient, want.gradient, 'gradient');
    expectClose(got.hvp, want.hvp, 'hvp');
  } else {
    const got = await backend.lossAndGradient(batch);
    const want = referenceLossAndGradient(batch);
    expectClose(got.loss, want.loss, 'loss');
    expectClose(got.gradient, want.gradient, 'gradient', gradientTol);
  }
}

describe('webgpu at scale', () => {
  it('U = 640 labels, T = 2000 frames (B = 2), loss, gradient and HVP', async () => {
    const batch = randomBatch({ seed: 1, B: 2, T: 2000, C: 30, L: 640, labelLength: [600, 640], logitLength: [1500, 2000] });
    await agree(batch, true);
  });

  it('C = 5000 tokens (T = 100, U = 40)', async () => {
    await agree(randomBatch({ seed: 2, B: 2, T: 100, C: 5000, L: 40, labelLength: [30, 40] }), false);
  });

  it('T = 10000 frames (U = 300, simplified and classic)', async () => {
    const batch = randomBatch({ seed: 3, B: 1, T: 10000, C: 6, L: 300, labelLength: [300, 300] });
    // float32 rounding of 10^4 recursion steps (GPU exp/log are a few ulp): measured 6e-4 on lavapipe
    await agree(batch, false, { rtol: 1e-4, atol: 1e-3 });
    const got = await backend.loss(batch, { variant: 'simplified' });
    expectClose(got, referenceLossAndGradient(batch, { variant: 'simplified' }).loss, 'simplified loss');
  });
});
