import { randomBatch, type CtcBackend, type CtcBatch, type CtcOptions, type Tolerance } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct, referenceLossAndGradient } from '@seq2seq-losses/reference-cpu';
import { expectClose } from './compare.js';

/** Compares loss, gradient (and with a direction the HVP) of `backend` with the float64 reference. */
export async function agree(
  backend: CtcBackend,
  batch: CtcBatch,
  withHvp: boolean,
  tol: { gradient?: Tolerance; hvp?: Tolerance } = {},
  options: CtcOptions = {},
): Promise<void> {
  if (withHvp) {
    const v = randomBatch({ seed: 99, ...batch.dims }).logits;
    const got = await backend.hessianVectorProduct(batch, v, options);
    const want = referenceHessianVectorProduct(batch, v, options);
    expectClose(got.loss, want.loss, 'loss');
    expectClose(got.gradient, want.gradient, 'gradient', tol.gradient);
    expectClose(got.hvp, want.hvp, 'hvp', tol.hvp);
  } else {
    const got = await backend.lossAndGradient(batch, options);
    const want = referenceLossAndGradient(batch, options);
    expectClose(got.loss, want.loss, 'loss');
    expectClose(got.gradient, want.gradient, 'gradient', tol.gradient);
  }
}
