import { expect } from 'vitest';
import { compareArrays, toleranceFor, type Tolerance } from '@seq2seq-losses/spec';

/** Asserts got ~ expected element-wise (float32 tolerance unless given), naming the worst element. */
export function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol: Tolerance = toleranceFor('float32')): void {
  const d = compareArrays(got, expected, tol);
  const worst = d.worstIndex >= 0 ? ` worst [${d.worstIndex}] got ${got[d.worstIndex]} expected ${expected[d.worstIndex]}` : '';
  expect(d.failures, `${what}: ${d.failures}/${d.length} outside tolerance, max |diff| ${d.maxAbs}${worst}`).toBe(0);
}
