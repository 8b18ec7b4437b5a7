import { expect } from 'vitest';
import { compareArrays, type CtcBatch, type FloatArray, type Tolerance } from '@seq2seq-losses/spec';

/** Asserts element-wise agreement (non-finite values must match in kind), naming the worst element. */
export function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, label: string): void {
  const d = compareArrays(got, expected, tol);
  const i = d.worstIndex;
  expect(d.failures, `${label}: ${d.failures} of ${d.length} fail; worst [${i}] got ${got[i]}, expected ${expected[i]}`).toBe(0);
}

/**
 * A copy of the batch whose padding holds garbage: NaN / +inf / huge values in padded frames
 * (t >= T_b) and arbitrary integers (the blank included) in padded label slots (u >= U_b).
 */
export function withGarbage(batch: CtcBatch, blank: number): CtcBatch {
  const { B, T, C, L } = batch.dims;
  const logits: FloatArray = batch.logits.slice();
  const labels = batch.labels.slice();
  const junk = [NaN, Infinity, -Infinity, 1e30, -7];
  for (let b = 0; b < B; b++) {
    for (let t = batch.logitLength[b]; t < T; t++) for (let c = 0; c < C; c++) logits[(b * T + t) * C + c] = junk[(t + c) % junk.length];
    for (let u = batch.labelLength[b]; u < L; u++) labels[b * L + u] = u % 2 === 0 ? blank : 1000 + u;
  }
  return { ...batch, logits, labels };
}
