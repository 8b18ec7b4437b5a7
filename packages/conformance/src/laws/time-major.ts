import type { CtcBatch } from '@seq2seq-losses/spec';
import type { BatchSpec } from '../arbitraries.js';
import { toBackendArray, toBackendBatch } from '../batch-tools.js';
import { compareQuantity, itemShape, type LawFailure } from '../failures.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw, LawContext } from './types.js';

/**
 * A `timeMajor: true` call on logits and direction [T, B, C] equals the batch-major call on the
 * same values [B, T, C]: same loss, gradient and HVP transposed to [T, B, C], and the Hessian as
 * [T, B, C, T, C] (hessian[t, b, c, t2, c2] = H_b[(t, c), (t2, c2)]), where T*C <= 60.
 */
export const timeMajorLaw: CtcLaw = propertyLaw({
  id: 'time-major',
  title: 'timeMajor calls equal batch-major calls on transposed inputs and outputs',
  limits: { maxB: 4, maxT: 12, maxC: 6 },
  check: checkTimeMajor,
});

async function checkTimeMajor(ctx: LawContext, spec: BatchSpec): Promise<LawFailure[]> {
  const { backend, tolerance } = ctx;
  const caps = backend.capabilities;
  const input = inputOf(ctx, spec);
  const { B, T, C } = input.batch.dims;
  const failures: LawFailure[] = [];
  const compare = (quantity: string, got: ArrayLike<number>, expected: ArrayLike<number>) => {
    const f = compareQuantity(input.name, `${quantity} (timeMajor)`, got, expected, tolerance, itemShape(quantity, T, C));
    if (f) failures.push(f);
  };
  const batchMajor = (): CtcBatch => toBackendBatch(input.batch, caps.precision);
  const timeMajor = (): CtcBatch => ({ ...batchMajor(), logits: toBackendArray(swap(input.batch.logits, B, T, C), caps.precision) });
  const direction = input.direction!;
  const tmOptions = { ...input.options, timeMajor: true };

  const bm = await backend.lossAndGradient(batchMajor(), input.options);
  const tm = await backend.lossAndGradient(timeMajor(), tmOptions);
  compare('loss', tm.loss, bm.loss);
  compare('gradient', swap(tm.gradient, T, B, C), bm.gradient);
  compare('loss (loss())', await backend.loss(timeMajor(), tmOptions), bm.loss);
  if (caps.hessianVectorProduct) {
    const bmH = await backend.hessianVectorProduct(batchMajor(), toBackendArray(direction, caps.precision), input.options);
    const tmH = await backend.hessianVectorProduct(timeMajor(), toBackendArray(swap(direction, B, T, C), caps.precision), tmOptions);
    compare('hvp', swap(tmH.hvp, T, B, C), bmH.hvp);
    compare('gradient (hessianVectorProduct())', swap(tmH.gradient, T, B, C), bmH.gradient);
  }
  if (caps.hessian && T * C <= 60) {
    const bmH = await backend.hessian(batchMajor(), input.options);
    const tmH = await backend.hessian(timeMajor(), tmOptions);
    compare('hessian', swap(tmH.hessian, T, B, C * T * C), bmH.hessian);
  }
  return failures;
}

/** x [A, B', inner] -> [B', A, inner] as float64 (written here, not taken from the code under test). */
function swap(x: ArrayLike<number>, A: number, Bp: number, inner: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let a = 0; a < A; a++) for (let b = 0; b < Bp; b++) for (let k = 0; k < inner; k++) out[(b * A + a) * inner + k] = x[(a * Bp + b) * inner + k];
  return out;
}
