import type { FloatArray } from './batch.js';

/**
 * x [A, B, inner] -> [B, A, inner], a new array of x's type. Swaps time-major [T, B, C] and
 * batch-major [B, T, C] (inner = C) and the Hessian's [B, T, C·T·C] and [T, B, C·T·C] (inner = C·T·C).
 */
export function swapLeadingAxes<F extends FloatArray>(x: F, A: number, B: number, inner: number): F {
  const out = new (x.constructor as new (n: number) => F)(x.length);
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < B; b++) {
      const from = (a * B + b) * inner;
      const to = (b * A + a) * inner;
      // short rows (C) element by element: a subarray per row costs more than the copy
      if (inner < 256) for (let k = 0; k < inner; k++) out[to + k] = x[from + k];
      else out.set(x.subarray(from, from + inner), to);
    }
  }
  return out;
}

/** logits or direction [T, B, C] -> [B, T, C]. */
export function timeMajorToBatchMajor<F extends FloatArray>(x: F, T: number, B: number, C: number): F {
  return swapLeadingAxes(x, T, B, C);
}

/** gradient or HVP [B, T, C] -> [T, B, C]. */
export function batchMajorToTimeMajor<F extends FloatArray>(x: F, B: number, T: number, C: number): F {
  return swapLeadingAxes(x, B, T, C);
}

/** Hessian [B, T, C, T, C] -> [T, B, C, T, C]: hessian[t, b, c, t2, c2] = H_b[(t, c), (t2, c2)]. */
export function hessianToTimeMajor<F extends FloatArray>(h: F, B: number, T: number, C: number): F {
  return swapLeadingAxes(h, B, T, C * T * C);
}
