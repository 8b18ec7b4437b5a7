import { expect } from 'vitest';
import { compareArrays, type Tolerance } from '@seq2seq-losses/spec';

/** Asserts every element within tolerance; the message names the worst index and both values. */
export function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what: string): void {
  const d = compareArrays(got, expected, tol);
  const i = d.worstIndex;
  const detail = i >= 0 ? `worst [${i}]: got ${got[i]}, expected ${expected[i]}` : '';
  expect(d.failures, `${what}: ${d.failures} of ${d.length} outside rtol=${tol.rtol} atol=${tol.atol}; ${detail}`).toBe(0);
}

/** Whether two typed arrays hold bitwise the same bytes. */
export function bitwiseEqual(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
